/*
 * wb_model_kpi.c - KPI figures in the model: "kpi" messages and the "kpis" of snapshots in,
 * the figures and today's values out, and the judgement of a figure against its thresholds.
 *
 * Data structure owned here: the model's array of wb_kpi_ent (m->kpi, m->n_kpi), one per
 * (src, kpi, scope), in the order they first arrived. An entry owns copies of its strings and
 * today's values in fixed slots of WB_KPI_SLOT_MS, each holding the newest value of its
 * quarter of an hour (slot_ts -1 = empty), valid for the day day_start names. Lookups are
 * linear: there are at most WB_MAX_KPIS figures and they arrive a few times a minute.
 *
 * Ownership: the model owns the entries; wb_model_kpi_free_all() frees them with the model.
 */
#include "wb_model_int.h"

#include <stdlib.h>
#include <string.h>

struct wb_kpi_ent {
    char *src, *kpi, *scope; /* the key; scope NULL for the whole site */
    char *label, *unit, *period;
    double value, target;
    bool has_target;
    wb_better better;
    wb_ms ts;
    wb_ms day_start; /* the day the slots are for; 0 = none yet */
    double slot_v[WB_KPI_DAY_SLOTS];
    wb_ms slot_ts[WB_KPI_DAY_SLOTS];
};

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int find(const wb_model *m, const char *src, const char *kpi, const char *scope)
{
    for (size_t i = 0; i < m->n_kpi; i++) {
        const wb_kpi_ent *e = m->kpi[i];
        if (strcmp(e->kpi, kpi) == 0 && strcmp(e->src, src) == 0 && same(e->scope, scope))
            return (int)i;
    }
    return -1;
}

static void ent_free(wb_kpi_ent *e)
{
    if (!e)
        return;
    free(e->src);
    free(e->kpi);
    free(e->scope);
    free(e->label);
    free(e->unit);
    free(e->period);
    free(e);
}

void wb_model_kpi_free_all(wb_model *m)
{
    for (size_t i = 0; i < m->n_kpi; i++)
        ent_free(m->kpi[i]);
    free(m->kpi);
    m->kpi = NULL;
    m->n_kpi = m->cap_kpi = 0;
}

/* A new entry for (src, k->kpi, k->scope), appended; NULL when out of memory. */
static wb_kpi_ent *ent_add(wb_model *m, const char *src, const wb_kpi_msg *k)
{
    if (m->n_kpi == m->cap_kpi) {
        size_t cap = m->cap_kpi ? m->cap_kpi * 2 : 16;
        wb_kpi_ent **p = realloc(m->kpi, cap * sizeof *p);
        if (!p)
            return NULL;
        m->kpi = p;
        m->cap_kpi = cap;
    }
    wb_kpi_ent *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->src = wb_model_dup_str(src);
    e->kpi = wb_model_dup_str(k->kpi);
    e->scope = k->scope ? wb_model_dup_str(k->scope) : NULL;
    if (!e->src || !e->kpi || (k->scope && !e->scope)) {
        ent_free(e);
        return NULL;
    }
    e->ts = -1;
    for (size_t i = 0; i < WB_KPI_DAY_SLOTS; i++)
        e->slot_ts[i] = -1;
    m->kpi[m->n_kpi++] = e;
    return e;
}

/*
 * Today's slot of a value measured at ts, or -1 when ts is not today. A model without a day
 * yet takes the day of ts, as the first outcome does; a value of another day never moves it.
 */
static int today_slot(wb_model *m, wb_ms ts)
{
    if (m->day_end == 0)
        wb_model_set_day(m, ts);
    if (ts < m->day_start || ts >= m->day_end)
        return -1;
    wb_ms k = (ts - m->day_start) / WB_KPI_SLOT_MS;
    return k < WB_KPI_DAY_SLOTS ? (int)k : WB_KPI_DAY_SLOTS - 1;
}

/* Takes the figure k into e (k is not older than e) and puts its value in today's slot. */
static void ent_set(wb_model *m, wb_kpi_ent *e, const wb_kpi_msg *k)
{
    e->value = k->value;
    e->has_target = k->has_target;
    e->target = k->has_target ? k->target : 0;
    e->better = k->better;
    e->ts = k->ts;
    /* A message carries the whole figure: a member it leaves out is no longer known. */
    wb_model_set_str(&e->label, k->label);
    wb_model_set_str(&e->unit, k->unit);
    wb_model_set_str(&e->period, k->period);
    int slot = today_slot(m, k->ts);
    if (slot < 0)
        return;
    if (e->day_start != m->day_start) {
        for (size_t i = 0; i < WB_KPI_DAY_SLOTS; i++)
            e->slot_ts[i] = -1;
        e->day_start = m->day_start;
    }
    if (k->ts >= e->slot_ts[slot]) {
        e->slot_v[slot] = k->value;
        e->slot_ts[slot] = k->ts;
    }
}

int wb_model_kpi_apply(wb_model *m, wb_source *s, const wb_event *ev)
{
    const wb_kpi_msg *k = &ev->kpi;
    if (!k->kpi)
        return WB_ERR_INVAL;
    int i = find(m, s->src, k->kpi, k->scope);
    wb_kpi_ent *e;
    if (i >= 0) {
        e = m->kpi[i];
        /* Latest wins by the time of the figure, not by arrival: a late message is stale. */
        if (ev->ts < e->ts)
            return WB_IGNORED;
    } else {
        if (m->n_kpi >= WB_MAX_KPIS)
            return WB_ERR_LIMIT;
        if (!(e = ent_add(m, s->src, k)))
            return WB_ERR_NOMEM;
    }
    wb_kpi_msg km = *k;
    km.ts = ev->ts;
    ent_set(m, e, &km);
    return WB_APPLIED;
}

int wb_model_kpi_snapshot_check(const wb_model *m, const wb_source *s, const wb_snapshot *sn,
                                wb_ms ts)
{
    size_t others = 0;
    for (size_t i = 0; i < m->n_kpi; i++)
        others += strcmp(m->kpi[i]->src, s->src) != 0;
    if (others + sn->n_kpis > WB_MAX_KPIS)
        return WB_ERR_LIMIT;
    for (size_t i = 0; i < sn->n_kpis; i++) {
        if (!sn->kpis[i].kpi)
            return WB_ERR_INVAL;
        /* A figure measured after the snapshot was taken contradicts it. */
        if (sn->kpis[i].ts > ts)
            return WB_ERR_VALUE;
    }
    return WB_OK;
}

/*
 * The source's figures become the snapshot's: those it does not name are dropped, those it
 * names are updated in place (unless what we hold is newer) and keep today's values, new ones
 * are appended. The check above has made sure they fit.
 */
int wb_model_kpi_snapshot_apply(wb_model *m, const wb_source *s, const wb_snapshot *sn)
{
    size_t w = 0;
    for (size_t i = 0; i < m->n_kpi; i++) {
        wb_kpi_ent *e = m->kpi[i];
        bool keep = strcmp(e->src, s->src) != 0;
        for (size_t k = 0; !keep && k < sn->n_kpis; k++)
            keep = strcmp(e->kpi, sn->kpis[k].kpi) == 0 && same(e->scope, sn->kpis[k].scope);
        if (keep)
            m->kpi[w++] = e;
        else
            ent_free(e);
    }
    m->n_kpi = w;
    for (size_t k = 0; k < sn->n_kpis; k++) {
        const wb_kpi_msg *km = &sn->kpis[k];
        int i = find(m, s->src, km->kpi, km->scope);
        wb_kpi_ent *e = i >= 0 ? m->kpi[i] : ent_add(m, s->src, km);
        if (!e)
            return WB_ERR_NOMEM;
        if (km->ts >= e->ts)
            ent_set(m, e, km);
    }
    return WB_OK;
}

int wb_model_kpi_snapshot_out(const wb_model *m, const char *src, wb_snapshot *out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_kpi; i++)
        n += strcmp(m->kpi[i]->src, src) == 0;
    if (n == 0)
        return WB_OK;
    if (!(out->kpis = calloc(n, sizeof *out->kpis)))
        return WB_ERR_NOMEM;
    for (size_t i = 0; i < m->n_kpi; i++) {
        const wb_kpi_ent *e = m->kpi[i];
        if (strcmp(e->src, src) != 0)
            continue;
        out->kpis[out->n_kpis++] = (wb_kpi_msg){
            .kpi = e->kpi,
            .label = e->label,
            .unit = e->unit,
            .period = e->period,
            .scope = e->scope,
            .value = e->value,
            .has_target = e->has_target,
            .target = e->target,
            .better = e->better,
            .ts = e->ts,
        };
    }
    return WB_OK;
}

size_t wb_model_kpi_count(const wb_model *m)
{
    return m->n_kpi;
}

void wb_model_kpi_info(const wb_model *m, size_t i, wb_kpi_info *out)
{
    memset(out, 0, offsetof(wb_kpi_info, points));
    if (i >= m->n_kpi)
        return;
    const wb_kpi_ent *e = m->kpi[i];
    out->src = e->src;
    out->kpi = e->kpi;
    out->scope = e->scope;
    out->label = e->label;
    out->unit = e->unit;
    out->period = e->period;
    out->value = e->value;
    out->has_target = e->has_target;
    out->target = e->target;
    out->better = e->better;
    out->ts = e->ts;
    /* Values of a day that is over are not today's: after midnight the sparkline starts over. */
    if (e->day_start != m->day_start || m->day_end == 0)
        return;
    for (size_t k = 0; k < WB_KPI_DAY_SLOTS; k++) {
        if (e->slot_ts[k] < 0)
            continue;
        out->points[out->n_points] = e->slot_v[k];
        out->point_slot[out->n_points] = (uint8_t)k;
        out->n_points++;
    }
}

/*
 * Whether v is on the bad side of threshold t (the channel rules' convention, wb_alarm.c; a
 * value a hair off t is on it, WB_SNAP_REL).
 */
static bool crosses(wb_better b, double v, double t)
{
    v = wb_snap(v, t);
    return b == WB_BETTER_LOWER ? v >= t : v < t;
}

void wb_kpi_judge_value(const wb_kpi_cfg *cfg, const wb_kpi_info *k, wb_kpi_judge *out)
{
    memset(out, 0, sizeof *out);
    out->better = cfg && cfg->better != WB_BETTER_UNSET ? cfg->better : k->better;
    if (out->better == WB_BETTER_UNSET)
        out->better = WB_BETTER_HIGHER;
    if (cfg && cfg->has_target) {
        out->has_target = true;
        out->target = cfg->target;
    } else if (k->has_target) {
        out->has_target = true;
        out->target = k->target;
    }
    out->level = WB_LEVEL_OK;
    if (cfg && (cfg->th.warn_on || cfg->th.alarm_on)) {
        out->judged = true;
        if (cfg->th.alarm_on && crosses(out->better, k->value, cfg->th.alarm))
            out->level = WB_LEVEL_ALARM;
        else if (cfg->th.warn_on && crosses(out->better, k->value, cfg->th.warn))
            out->level = WB_LEVEL_WARN;
    } else if (out->has_target) {
        /* Only a target: short of it is worth a look, not an alarm. At the target is met. */
        out->judged = true;
        double v = wb_snap(k->value, out->target);
        bool worse = out->better == WB_BETTER_LOWER ? v > out->target : v < out->target;
        if (worse)
            out->level = WB_LEVEL_WARN;
    }
}
