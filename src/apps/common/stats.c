/*
 * stats.c - turns a wb_board_view into the headless stats JSON object.
 *
 * It owns no state between calls: every line is built from a fresh wb_board_view as a cJSON
 * tree, printed unformatted and freed. Undefined numbers (NAN: no contacts yet; INFINITY: an
 * overloaded forecast) become JSON null, because JSON has no NaN and a script must be able to
 * tell "not defined" from zero.
 */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

/*
 * Rates and seconds are rounded to 1/1000 so that a line reads "83.333" rather than the 17
 * digits of a double; counts are exact integers.
 */
static void add_num(cJSON *o, const char *name, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, name, round(v * 1000.0) / 1000.0);
    else
        cJSON_AddNullToObject(o, name);
}

/*
 * Counts are written as raw integer text: cJSON would print 10^15 as "1e+15" (15 significant
 * digits), which scripts that expect an integer misread.
 */
static void add_count(cJSON *o, const char *name, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    cJSON_AddRawToObject(o, name, buf);
}

static void add_window(cJSON *parent, const char *name, const wb_window *w)
{
    cJSON *o = cJSON_AddObjectToObject(parent, name);
    if (!o)
        return;
    add_count(o, "answered", w->c.answered);
    add_count(o, "abandoned", w->c.abandoned);
    add_count(o, "short_abandoned", w->c.short_abandoned);
    add_count(o, "answered_in_sl", w->c.answered_in_sl);
    add_count(o, "abandoned_in_sl", w->c.abandoned_in_sl);
    add_count(o, "completed", w->c.completed);
    add_num(o, "sl_pct", w->sl * 100.0);
    add_num(o, "asa_s", w->asa_s);
    add_num(o, "aht_s", w->aht_s);
    add_num(o, "abandon_pct", w->abandon_pct);
}

/* Oldest wait in seconds, null when nobody waits. */
static void add_oldest(cJSON *o, wb_ms oldest_ms)
{
    if (oldest_ms < 0)
        cJSON_AddNullToObject(o, "oldest_wait_s");
    else
        add_num(o, "oldest_wait_s", (double)oldest_ms / 1000.0);
}

/*
 * Today's intervals of a channel (queue false) or a queue, the ones with any outcome, oldest
 * first: start (ms), the counts, offered = answered + abandoned (short abandons included, as
 * in abandoned), and the service level and ASA of the interval by the channel's formula
 * (null where undefined).
 */
static void add_intervals(cJSON *o, const wb_model *model, bool queue, size_t idx,
                          const wb_channel_cfg *cfg)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "intervals");
    wb_ms start, width;
    size_t n = wb_model_interval_count(model, &start, &width);
    wb_counts *c = n ? calloc(n, sizeof *c) : NULL;
    if (!arr || !c) {
        free(c);
        return;
    }
    if (queue)
        wb_model_queue_intervals(model, idx, c, n);
    else
        wb_model_channel_intervals(model, idx, c, n);
    for (size_t i = 0; i < n; i++) {
        if (c[i].answered == 0 && c[i].abandoned == 0 && c[i].completed == 0)
            continue;
        cJSON *it = cJSON_CreateObject();
        if (!it)
            break;
        cJSON_AddItemToArray(arr, it);
        wb_window w;
        wb_window_compute(&w, &c[i], cfg ? cfg->formula : WB_SL_OFFERED);
        add_count(it, "start", (uint64_t)(start + (wb_ms)i * width));
        add_count(it, "offered", (uint64_t)c[i].answered + c[i].abandoned);
        add_count(it, "answered", c[i].answered);
        add_count(it, "abandoned", c[i].abandoned);
        add_count(it, "short_abandoned", c[i].short_abandoned);
        add_count(it, "answered_in_sl", c[i].answered_in_sl);
        add_count(it, "abandoned_in_sl", c[i].abandoned_in_sl);
        add_num(it, "sl_pct", w.sl * 100.0);
        add_num(it, "asa_s", w.asa_s);
    }
    free(c);
}

static void add_channel(cJSON *arr, const wb_board_view *v, const wb_model *model, size_t ci,
                        const wb_channel_view *cv)
{
    const wb_channel_metrics *m = &cv->m;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "channel", m->name ? m->name : "");
    /*
     * A level judged on old data, or on none, is not a level: while the board is stale, while
     * every publisher of this channel is silent, or before its first data the status is
     * "unknown", never a reassuring "ok".
     */
    bool unknown = v->stale || cv->silent || !v->ever_data || !m->had_data;
    cJSON_AddStringToObject(o, "status", unknown ? "unknown" : wb_level_name(cv->level));
    if (!unknown && cv->level != WB_LEVEL_OK)
        cJSON_AddStringToObject(o, "status_rule", wb_rule_name(cv->worst));
    else
        cJSON_AddNullToObject(o, "status_rule");
    cJSON_AddBoolToObject(o, "configured", m->configured);
    cJSON_AddBoolToObject(o, "had_data", m->had_data);
    cJSON_AddBoolToObject(o, "resyncing", m->resyncing);
    cJSON_AddBoolToObject(o, "silent", cv->silent);
    cJSON_AddNumberToObject(o, "waiting_silent", cv->waiting_silent);
    if (m->cfg) {
        add_num(o, "sl_target_pct", m->cfg->sl_target * 100.0);
        add_num(o, "sl_threshold_s", (double)m->cfg->sl_t_ms / 1000.0);
        cJSON_AddStringToObject(o, "sl_formula", wb_sl_formula_name(m->cfg->formula));
    }
    add_count(o, "waiting", m->waiting);
    add_oldest(o, m->oldest_wait_ms);
    add_window(o, "today", &m->today);
    add_window(o, "rolling", &m->rolling);

    cJSON *ag = cJSON_AddObjectToObject(o, "agents");
    if (ag) {
        add_count(ag, "available", m->agents[WB_AGENT_AVAILABLE]);
        add_count(ag, "busy", m->agents[WB_AGENT_BUSY]);
        add_count(ag, "wrapup", m->agents[WB_AGENT_WRAPUP]);
        add_count(ag, "paused", m->agents[WB_AGENT_PAUSED]);
        add_count(ag, "offline", m->agents[WB_AGENT_OFFLINE]);
        add_count(ag, "busy_here", m->busy_here);
        add_count(ag, "wrapup_here", m->wrapup_here);
        /* Busy or wrap-up with a pause or a logout pending: counted in busy/wrapup too. */
        add_count(ag, "pausing", m->pausing);
    }
    add_num(o, "occupancy_pct", m->occupancy * 100.0);

    /*
     * The forecast object is always there so scripts can index it; its numbers are null when
     * there is nothing to forecast from (not a real-time channel, no rate or no AHT yet).
     */
    cJSON *fc = cJSON_AddObjectToObject(o, "forecast");
    if (fc) {
        const wb_forecast *f = &m->forecast;
        cJSON_AddBoolToObject(fc, "valid", f->valid);
        add_num(fc, "sl_pct", f->valid ? f->sl * 100.0 : NAN);
        /* The steady-state Erlang C figure of the same N, beside the projection above. */
        add_num(fc, "erlang_sl_pct", f->valid ? f->erlang_sl * 100.0 : NAN);
        add_num(fc, "asa_s", f->valid ? f->asa_s : NAN);
        /* N: the agents who can take this channel's next contact (docs/metrics.md). */
        add_count(fc, "staffed", m->staffed);
        if (f->valid)
            add_count(fc, "required_agents", (uint64_t)(f->required < 0 ? 0 : f->required));
        else
            cJSON_AddNullToObject(fc, "required_agents");
        cJSON_AddBoolToObject(fc, "overloaded", f->valid && !isfinite(f->asa_s));
        /* null: not valid, nobody to answer (no agent), or no breach predicted. */
        add_num(fc, "ewt_s", f->valid ? f->ewt_s : NAN);
        add_num(fc, "breach_in_min", f->valid ? f->breach_in_min : NAN);
        /* Which time-of-day shape bends the projection: an installer's check of the profile. */
        cJSON_AddStringToObject(fc, "shape", wb_shape_from_name(m->shape));
    }
    add_intervals(o, model, false, ci, m->cfg);
}

static void add_queue(cJSON *arr, const wb_board_view *v, const wb_model *model, size_t qi,
                      const wb_queue_metrics *q)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "queue", q->name ? q->name : "");
    const char *ch = "";
    if (q->channel >= 0 && (size_t)q->channel < v->n_channels && v->ch[q->channel].m.name)
        ch = v->ch[q->channel].m.name;
    cJSON_AddStringToObject(o, "channel", ch);
    /* The queue's level on its own thresholds ([queue.NAME], else its channel's). */
    const wb_queue_alarm *qa = &v->qa[q - v->q];
    bool unknown =
        v->stale || !v->ever_data ||
        (q->channel >= 0 && (size_t)q->channel < v->n_channels && v->ch[q->channel].silent);
    cJSON_AddStringToObject(o, "status", unknown ? "unknown" : wb_level_name(qa->level));
    if (!unknown && qa->level != WB_LEVEL_OK)
        cJSON_AddStringToObject(o, "status_rule", wb_rule_name(qa->worst));
    else
        cJSON_AddNullToObject(o, "status_rule");
    if (q->cfg) {
        add_num(o, "sl_target_pct", q->cfg->sl_target * 100.0);
        add_num(o, "sl_threshold_s", (double)q->cfg->sl_t_ms / 1000.0);
        cJSON_AddStringToObject(o, "sl_formula", wb_sl_formula_name(q->cfg->formula));
    }
    add_count(o, "waiting", q->waiting);
    add_oldest(o, q->oldest_wait_ms);
    add_window(o, "today", &q->today);
    add_window(o, "rolling", &q->rolling);
    const wb_channel_cfg *cfg = NULL;
    if (q->channel >= 0 && (size_t)q->channel < v->n_channels)
        cfg = v->ch[q->channel].m.cfg;
    add_intervals(o, model, true, qi, cfg);
}

static void add_str_or_null(cJSON *o, const char *name, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, name, s);
    else
        cJSON_AddNullToObject(o, name);
}

/*
 * One KPI figure. Its label is the configured English one, else the publisher's, else null;
 * its target the configured one, else the publisher's, else null. Its status is a level only
 * on current data and with something to judge it against: "unknown" while the board is
 * stale, "none" without thresholds or a target.
 */
static void add_kpi(cJSON *arr, const wb_board_view *v, const wb_kpi_view *kv)
{
    const wb_kpi_info *k = &kv->k;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "kpi", k->kpi ? k->kpi : "");
    cJSON_AddStringToObject(o, "src", k->src ? k->src : "");
    add_str_or_null(o, "label", kv->cfg && kv->cfg->label_en[0] ? kv->cfg->label_en : k->label);
    /* A KPI value is the publisher's own figure: written as it came, not rounded. */
    cJSON_AddNumberToObject(o, "value", k->value);
    add_str_or_null(o, "unit", k->unit);
    if (kv->j.has_target)
        cJSON_AddNumberToObject(o, "target", kv->j.target);
    else
        cJSON_AddNullToObject(o, "target");
    cJSON_AddStringToObject(o, "better", wb_better_name(kv->j.better));
    const char *status = "none";
    if (v->stale || !v->ever_data || kv->before_today)
        status = "unknown";
    else if (kv->j.judged)
        status = wb_level_name(kv->j.level);
    cJSON_AddStringToObject(o, "status", status);
    add_str_or_null(o, "scope", k->scope);
    add_str_or_null(o, "period", k->period);
    add_count(o, "ts", (uint64_t)(k->ts < 0 ? 0 : k->ts));
    add_count(o, "points_today", k->n_points);
}

char *wb_stats_json(const wb_board *board, wb_board_view *v, wb_ms now, wb_ms rx_now,
                    const wb_sub_stats *transport, int64_t frames)
{
    wb_board_view_fill(board, now, rx_now, v);
    const wb_model *model = wb_board_model_const(board);
    const wb_config *cfg = wb_board_config(board);

    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    add_count(root, "ts", (uint64_t)(now < 0 ? 0 : now));
    cJSON_AddStringToObject(root, "site", cfg ? cfg->site : "");
    cJSON_AddBoolToObject(root, "stale", v->stale);
    cJSON_AddBoolToObject(root, "ever_data", v->ever_data);
    if (v->last_rx >= 0)
        add_num(root, "data_age_s", (double)(rx_now - v->last_rx) / 1000.0);
    else
        cJSON_AddNullToObject(root, "data_age_s");
    if (frames >= 0)
        add_count(root, "frames", (uint64_t)frames);
    add_count(root, "received", v->counters.received);
    add_count(root, "applied", v->counters.applied);
    add_count(root, "duplicates", v->counters.duplicates);
    add_count(root, "ignored", v->counters.ignored);
    add_count(root, "refused", v->counters.refused);
    cJSON *by = cJSON_AddObjectToObject(root, "refused_by_reason");
    for (int i = 0; by && i < WB_REFUSAL_COUNT; i++)
        add_count(by, wb_strerror(-(i + 1)), v->counters.by_reason[i]);
    add_count(root, "gaps", v->gaps);
    add_count(root, "missed", v->missed);
    add_count(root, "resyncing", v->n_resyncing);
    add_count(root, "expired", wb_model_expired(model));
    add_count(root, "untracked", wb_model_untracked(model));
    add_count(root, "intervals_lost", wb_model_interval_lost(model));
    wb_day_mismatch dm;
    wb_model_day_mismatch(model, &dm);
    add_count(root, "snapshot_day_mismatch", dm.n);

    cJSON *srcs = cJSON_AddArrayToObject(root, "sources");
    size_t ns = wb_model_source_count(model);
    for (size_t i = 0; srcs && i < ns; i++) {
        wb_source_info si;
        wb_model_source_info(model, i, &si);
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddItemToArray(srcs, o);
        cJSON_AddStringToObject(o, "src", si.src ? si.src : "");
        cJSON_AddBoolToObject(o, "resyncing", si.resyncing);
        add_count(o, "gaps", si.gaps);
        add_count(o, "missed", si.missed);
        add_count(o, "last_seq", si.last_seq);
        if (si.last_rx >= 0)
            add_num(o, "age_s", (double)(rx_now - si.last_rx) / 1000.0);
        else
            cJSON_AddNullToObject(o, "age_s");
    }

    if (transport) {
        cJSON *t = cJSON_AddObjectToObject(root, "transport");
        if (t) {
            add_count(t, "endpoints", transport->endpoints);
            add_count(t, "connections", transport->connections);
            add_count(t, "broken_connections", transport->broken_connections);
            add_count(t, "messages", transport->messages);
            add_count(t, "bytes", transport->bytes);
            add_count(t, "recv_errors", transport->recv_errors);
            add_count(t, "resets", transport->resets);
            /* Received but never handed to the board, by reason (one so far). */
            add_count(t, "dropped", transport->dropped_ring_full);
            cJSON *dr = cJSON_AddObjectToObject(t, "dropped_by_reason");
            if (dr)
                add_count(dr, "ring_full", transport->dropped_ring_full);
            add_count(t, "queued", transport->queued);
        }
    }

    /*
     * The site's service level today, as the summary tile shows it: what the channels judged,
     * summed (docs/metrics.md section 4).
     */
    cJSON *st = cJSON_AddObjectToObject(root, "site_today");
    if (st) {
        add_num(st, "sl_pct", v->site_sl_today * 100.0);
        add_count(st, "met", (uint64_t)v->site_sl_met);
        add_count(st, "counted", (uint64_t)v->site_sl_counted);
    }

    /* Site-wide, each agent once: the figures that can be summed (channel ones cannot). */
    cJSON *ag = cJSON_AddObjectToObject(root, "agents");
    if (ag) {
        const uint32_t *a = v->agents;
        add_count(ag, "signed_in",
                  (uint64_t)a[WB_AGENT_AVAILABLE] + a[WB_AGENT_BUSY] + a[WB_AGENT_WRAPUP] +
                      a[WB_AGENT_PAUSED]);
        add_count(ag, "available", a[WB_AGENT_AVAILABLE]);
        add_count(ag, "busy", a[WB_AGENT_BUSY]);
        add_count(ag, "wrapup", a[WB_AGENT_WRAPUP]);
        add_count(ag, "paused", a[WB_AGENT_PAUSED]);
        add_count(ag, "offline", a[WB_AGENT_OFFLINE]);
    }

    cJSON *chs = cJSON_AddArrayToObject(root, "channels");
    for (size_t i = 0; chs && i < v->n_channels; i++)
        add_channel(chs, v, model, i, &v->ch[i]);
    cJSON *qs = cJSON_AddArrayToObject(root, "queues");
    for (size_t i = 0; qs && i < v->n_queues; i++)
        add_queue(qs, v, model, i, &v->q[i]);
    /* The view holds the first WB_MAX_QUEUES_VIEW queues; say how many more there are. */
    size_t nq = wb_model_queue_count(model);
    add_count(root, "queues_omitted", nq > v->n_queues ? nq - v->n_queues : 0);

    cJSON *kpis = cJSON_AddArrayToObject(root, "kpis");
    for (size_t i = 0; kpis && i < v->n_kpis; i++)
        add_kpi(kpis, v, &v->kpi[i]);
    size_t nk = wb_model_kpi_count(model);
    add_count(root, "kpis_omitted", nk > v->n_kpis ? nk - v->n_kpis : 0);

    cJSON *hints = cJSON_AddArrayToObject(root, "hints");
    for (size_t i = 0; hints && i < v->n_hints; i++) {
        const wb_hint *h = &v->hints[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddItemToArray(hints, o);
        bool ok_t = h->target >= 0 && (size_t)h->target < v->n_channels;
        bool ok_d = h->donor >= 0 && (size_t)h->donor < v->n_channels;
        cJSON_AddStringToObject(o, "to",
                                ok_t && v->ch[h->target].m.name ? v->ch[h->target].m.name : "");
        cJSON_AddStringToObject(o, "from",
                                ok_d && v->ch[h->donor].m.name ? v->ch[h->donor].m.name : "");
        add_count(o, "agents", (uint64_t)(h->agents < 0 ? 0 : h->agents));
        add_count(o, "free_now", (uint64_t)(h->free_now < 0 ? 0 : h->free_now));
        add_count(o, "after_current", (uint64_t)(h->after_current < 0 ? 0 : h->after_current));
    }

    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return s;
}
