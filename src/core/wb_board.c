/*
 * wb_board.c - the core pipeline: decode, apply, count, alarm.
 *
 * Data structure: a wb_board owns the model, one wb_alarm_state per channel slot (indexes
 * match the model's channel indexes, which never change), and the message counters. Alarm
 * levels are re-evaluated on every tick from the same metrics the screen shows, so what
 * flashes is always what the numbers say.
 */
#include "wb_board.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wb_time.h"

struct wb_board {
    wb_model *model;
    wb_alarm_state alarm[WB_MAX_CHANNELS];
    /* One per global queue index (grown as queues appear), evaluated on the queue's settings. */
    wb_alarm_state *qalarm;
    size_t n_qalarm;
    wb_board_counters counters;
    wb_ms last_tick;
};

wb_board *wb_board_new(const wb_config *cfg)
{
    wb_board *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->model = wb_model_new(cfg);
    if (!b->model) {
        free(b);
        return NULL;
    }
    for (size_t i = 0; i < WB_MAX_CHANNELS; i++)
        wb_alarm_init(&b->alarm[i]);
    b->last_tick = -1;
    return b;
}

void wb_board_free(wb_board *b)
{
    if (!b)
        return;
    wb_model_free(b->model);
    free(b->qalarm);
    free(b);
}

int wb_board_set_config(wb_board *b, const wb_config *cfg)
{
    return wb_model_set_config(b->model, cfg);
}

const wb_config *wb_board_config(const wb_board *b)
{
    return wb_model_config(b->model);
}

wb_model *wb_board_model(wb_board *b)
{
    return b->model;
}

const wb_model *wb_board_model_const(const wb_board *b)
{
    return b->model;
}

void wb_board_count_refusal(wb_board *b, int code)
{
    int i = wb_refusal_index(code);
    if (i < 0)
        return;
    b->counters.by_reason[i]++;
    b->counters.refused++;
}

static int count_result(wb_board *b, int rc)
{
    if (rc == WB_APPLIED)
        b->counters.applied++;
    else if (rc == WB_DUPLICATE)
        b->counters.duplicates++;
    else if (rc == WB_IGNORED)
        b->counters.ignored++;
    else if (wb_refusal_index(rc) >= 0)
        wb_board_count_refusal(b, rc);
    else
        b->counters.ignored++; /* a malformed hand-built event, or no memory */
    return rc;
}

int wb_board_apply(wb_board *b, const wb_event *ev, wb_ms rx_now)
{
    b->counters.received++;
    return count_result(b, wb_model_apply(b->model, ev, rx_now));
}

int wb_board_ingest(wb_board *b, const char *buf, size_t len, wb_ms rx_now)
{
    wb_event ev;
    b->counters.received++;
    int rc = wb_event_decode(&ev, buf, len);
    if (rc < 0)
        return count_result(b, rc);
    rc = wb_model_apply(b->model, &ev, rx_now);
    wb_event_fini(&ev);
    return count_result(b, rc);
}

static double pct(double frac)
{
    return isfinite(frac) ? frac * 100.0 : NAN;
}

static void alarm_input(const wb_channel_metrics *cm, wb_alarm_input *in)
{
    in->v[WB_RULE_WAITING] = cm->had_data ? (double)cm->waiting : NAN;
    in->v[WB_RULE_OLDEST_WAIT] = cm->oldest_wait_ms >= 0 ? (double)cm->oldest_wait_ms / 1000.0 : 0;
    if (!cm->had_data)
        in->v[WB_RULE_OLDEST_WAIT] = NAN;
    in->v[WB_RULE_SL_TODAY] = pct(cm->today.sl);
    in->v[WB_RULE_SL_ROLLING] = pct(cm->rolling.sl);
    /* The early warning: the lowest rolling service level projected over the horizon. */
    in->v[WB_RULE_FORECAST_SL] = cm->forecast.valid ? pct(cm->forecast.sl_low) : NAN;
    /*
     * The staffing-drop waiver's count: the agents serving the channel who take another
     * contact; one with a pause or a logout pending has left already (docs/metrics.md 7).
     */
    in->staff = cm->had_data ? (double)cm->agents[WB_AGENT_AVAILABLE] + cm->agents[WB_AGENT_BUSY] +
                                   cm->agents[WB_AGENT_WRAPUP] - cm->pausing
                             : NAN;
    in->surprise = cm->had_data ? cm->surprise : NAN;
}

/*
 * A queue's alarm input: the same rules as a channel's on the queue's own figures; a queue
 * has no forecast of its own (the forecast is the channel's), so that rule stays undefined.
 */
static void queue_alarm_input(const wb_queue_metrics *qm, wb_alarm_input *in)
{
    in->v[WB_RULE_WAITING] = (double)qm->waiting;
    in->v[WB_RULE_OLDEST_WAIT] = qm->oldest_wait_ms >= 0 ? (double)qm->oldest_wait_ms / 1000.0 : 0;
    in->v[WB_RULE_SL_TODAY] = pct(qm->today.sl);
    in->v[WB_RULE_SL_ROLLING] = pct(qm->rolling.sl);
    in->v[WB_RULE_FORECAST_SL] = NAN;
    /* The forecast's staffing-drop waiver is the channel's too: a queue sees no drop. */
    in->staff = NAN;
    in->surprise = NAN;
}

/* Evaluates every queue's alarm at now; a queue seen for the first time gets a fresh state. */
static void tick_queues(wb_board *b, wb_ms now)
{
    size_t nq = wb_model_queue_count(b->model);
    if (nq > b->n_qalarm) {
        wb_alarm_state *n = realloc(b->qalarm, nq * sizeof *n);
        if (!n)
            return; /* the new queues get their states on a later tick */
        for (size_t i = b->n_qalarm; i < nq; i++)
            wb_alarm_init(&n[i]);
        b->qalarm = n;
        b->n_qalarm = nq;
    }
    for (size_t i = 0; i < nq; i++) {
        wb_queue_metrics qm;
        wb_model_queue_metrics(b->model, i, now, &qm);
        wb_alarm_input in;
        queue_alarm_input(&qm, &in);
        wb_alarm_update(&b->qalarm[i], qm.cfg, &in, now);
    }
}

void wb_board_tick(wb_board *b, wb_ms now)
{
    wb_model_tick(b->model, now);
    size_t n = wb_model_channel_count(b->model);
    wb_channel_metrics *cm = malloc(sizeof *cm);
    if (!cm)
        return;
    for (size_t i = 0; i < n; i++) {
        wb_model_channel_metrics(b->model, i, now, cm);
        wb_alarm_input in;
        alarm_input(cm, &in);
        wb_alarm_update(&b->alarm[i], cm->cfg, &in, now);
    }
    free(cm);
    tick_queues(b, now);
    b->last_tick = now;
}

void wb_board_ack(wb_board *b)
{
    for (size_t i = 0; i < WB_MAX_CHANNELS; i++)
        wb_alarm_ack(&b->alarm[i]);
    for (size_t i = 0; i < b->n_qalarm; i++)
        wb_alarm_ack(&b->qalarm[i]);
}

void wb_board_counters_get(const wb_board *b, wb_board_counters *out)
{
    *out = b->counters;
}

/* Reallocation hints from every channel's forecast and every agent's state and work. */
static void fill_hints(const wb_model *m, wb_board_view *v)
{
    size_t n = v->n_channels, na = wb_model_agent_count(m);
    wb_hint_channel ch[WB_MAX_CHANNELS];
    wb_hint_agent *ag = calloc(na + 1, sizeof *ag);
    if (!ag)
        return;
    for (size_t i = 0; i < n; i++) {
        const wb_channel_metrics *cm = &v->ch[i].m;
        ch[i].realtime = cm->cfg->realtime;
        ch[i].staffed = (int)cm->staffed;
        ch[i].required = cm->forecast.valid ? cm->forecast.required : -1;
        ch[i].min_agents = cm->cfg->min_agents;
    }
    for (size_t i = 0; i < na; i++) {
        wb_agent_info ai;
        wb_model_agent_info(m, i, &ai);
        /*
         * An agent with a pause or a logout pending counts in no channel's N and cannot be
         * moved: without a work channel, the hints pass it by.
         */
        ag[i] = (wb_hint_agent){
            .state = ai.state, .serves = ai.channels, .work_ch = ai.has_next ? -1 : ai.work_ch};
    }
    v->n_hints = wb_hints_compute(ch, n, ag, na, v->hints, WB_MAX_HINTS);
    free(ag);
}

/* The KPI figures with their configuration and judgement (wb_model_kpi.h). */
static void fill_kpis(const wb_model *m, wb_board_view *v)
{
    size_t n = wb_model_kpi_count(m);
    v->n_kpis = n < WB_MAX_KPIS_VIEW ? n : WB_MAX_KPIS_VIEW;
    for (size_t i = 0; i < v->n_kpis; i++) {
        wb_kpi_view *kv = &v->kpi[i];
        wb_model_kpi_info(m, i, &kv->k);
        kv->cfg = wb_config_kpi(wb_model_config(m), kv->k.kpi);
        wb_kpi_judge_value(kv->cfg, &kv->k, &kv->j);
        kv->before_today = kv->k.ts < v->day_start;
    }
}

/*
 * The site's service level today. Each channel judges its contacts by its own T and formula,
 * so the site figure sums what the channels judged: met over counted. Weighting the channels'
 * percentages by anything else (their answered and abandoned contacts, say) would count short
 * abandons and the abandons a formula ignores, and the figure would not be the one the tiles
 * add up to.
 */
static void fill_site_sl(wb_board_view *v)
{
    double met = 0, counted = 0;
    for (size_t i = 0; i < v->n_channels; i++) {
        const wb_channel_metrics *cm = &v->ch[i].m;
        if (!cm->had_data)
            continue;
        met += wb_sl_met(&cm->today.c, cm->cfg->formula);
        counted += wb_sl_count(&cm->today.c, cm->cfg->formula);
    }
    v->site_sl_met = met;
    v->site_sl_counted = counted;
    v->site_sl_today = counted > 0 ? met / counted : NAN;
}

void wb_board_view_fill(const wb_board *b, wb_ms now, wb_ms rx_now, wb_board_view *v)
{
    const wb_model *m = b->model;
    memset(v, 0, offsetof(wb_board_view, ch));
    v->now = now;
    v->event_clock = wb_model_event_clock(m);
    v->stale = wb_model_stale(m, rx_now);
    v->last_rx = wb_model_last_rx(m);
    v->ever_data = v->last_rx >= 0;
    v->watched_from = wb_model_watched_from(m, now);
    v->day_start = wb_day_start(now, wb_model_config(m)->tz);
    v->counters = b->counters;
    for (size_t i = 0; i < wb_model_source_count(m); i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        v->gaps += si.gaps;
        v->missed += si.missed;
        v->n_resyncing += si.resyncing;
    }
    v->n_channels = wb_model_channel_count(m);
    uint32_t wsil[WB_MAX_CHANNELS];
    wb_ms wsil_since[WB_MAX_CHANNELS];
    wb_model_waiting_silent(m, rx_now, wsil, wsil_since);
    for (size_t i = 0; i < v->n_channels; i++) {
        wb_channel_view *cv = &v->ch[i];
        wb_model_channel_metrics(m, i, now, &cv->m);
        cv->level = b->alarm[i].level;
        cv->worst = b->alarm[i].worst;
        cv->flashing = wb_alarm_flashing(&b->alarm[i]);
        for (int r = 0; r < WB_RULE_COUNT; r++)
            cv->rule_level[r] = b->alarm[i].rule[r].level;
        cv->silent = !v->stale && wb_model_channel_silent(m, i, rx_now, &cv->silent_since);
        cv->waiting_silent = v->stale || cv->silent ? 0 : wsil[i];
        cv->waiting_silent_since = wsil_since[i];
    }
    wb_model_agent_totals(m, v->agents);
    fill_site_sl(v);
    size_t nq = wb_model_queue_count(m);
    v->n_queues = nq < WB_MAX_QUEUES_VIEW ? nq : WB_MAX_QUEUES_VIEW;
    for (size_t i = 0; i < v->n_queues; i++) {
        wb_model_queue_metrics(m, i, now, &v->q[i]);
        wb_queue_alarm *qa = &v->qa[i];
        memset(qa, 0, sizeof *qa);
        if (i < b->n_qalarm) {
            qa->level = b->qalarm[i].level;
            qa->worst = b->qalarm[i].worst;
            qa->flashing = wb_alarm_flashing(&b->qalarm[i]);
            for (int r = 0; r < WB_RULE_COUNT; r++)
                qa->rule_level[r] = b->qalarm[i].rule[r].level;
        }
    }

    fill_hints(m, v);
    fill_kpis(m, v);
}
