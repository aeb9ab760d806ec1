/*
 * wb_sim.c - the contact-center simulator: a discrete-event simulation, its engine: options
 * and life cycle, the two clocks (simulated time runs at `speed` times wall time from the
 * first wb_sim_advance()), the agenda, and the messages out (events, heartbeats, snapshots),
 * each applied to the engine's own board as it is emitted. What happens to contacts and
 * agents when an agenda item falls due is in wb_sim_flow.c; the center it simulates
 * (channels, teams, shifts, arrival profiles, scenarios) is described in wb_sim_profile.c, its
 * random numbers come from wb_sim_rng.c and its agenda is wb_sim_heap.c.
 *
 * Data structures (struct wb_sim, wb_sim_int.h), all created by wb_sim_new() and freed by
 * wb_sim_free():
 *   - the agenda, a binary min-heap of timed items (next arrival per channel, patience expiry
 *     of a waiting contact, end of talk, end of wrap-up, shift start/end, pause start/end,
 *     start of a day, scenario actions), ordered by (time, insertion number) so that equal
 *     times keep the order in which they were scheduled and the run is deterministic;
 *   - a pool of contact records with a free list: a record lives from arrival until abandon or
 *     completion and is then reused, so memory is bounded by the contacts alive at once; a
 *     generation number per record makes heap items for a reused record stale;
 *   - one FIFO per queue, a doubly linked list threaded through the contact records;
 *   - a fixed array of agents (skills as a channel bit mask, state, time available since,
 *     a pending pause or logout to take after the current contact);
 *   - independent random streams (wb_rng): one per channel for arrivals and everything drawn
 *     about a contact when it arrives, one for agent schedules, one for scenario actions.
 *     Routing itself is deterministic (longest idle agent, oldest contact), so scenarios that
 *     differ only from 10:00 produce identical events before.
 *   - the engine's own wb_board, which every emitted event is applied to.
 */
#include "wb_sim_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_time.h"

/* ---------------------------------------------------------------- options, config */

void wb_sim_opts_default(wb_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->speed = 1.0;
    o->scenario = "normal";
    o->src = "sim";
    o->run_id = "";
    o->n_agents = 60;
    o->snapshot_every_ms = 3000;
    o->heartbeat_ms = 1000;
}

static void copy_str(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

/* ---------------------------------------------------------------- agenda */

/* Scheduling failures are remembered and reported by wb_sim_advance(). */
void wb_sim_sched(wb_sim *s, wb_ms t, int kind, int a, int b, uint32_t gen, wb_ms x)
{
    item it = {.t = t, .kind = kind, .a = a, .b = b, .gen = gen, .x = x};
    if (wb_sim_heap_push(&s->heap, it) != WB_OK)
        s->err = WB_ERR_NOMEM;
}

/* ---------------------------------------------------------------- emitting */

void wb_sim_emit_event(wb_sim *s, wb_event *ev)
{
    ev->src = s->src;
    ev->has_seq = true;
    ev->seq = ++s->seq;
    double wall = (double)s->wall0 + (double)(ev->ts - s->start) / s->speed;
    int rc = wb_board_apply(s->board, ev, (wb_ms)wall);
    if (rc < 0)
        s->st.board_errors++;
    s->emit(s->ud, ev);
    s->last_emit_wall = wall;
    s->st.messages++;
    s->st.by_type[ev->type]++;
}

static const char *contact_id(wb_sim *s, const contact *c)
{
    snprintf(s->idbuf, sizeof s->idbuf, "%sc%llu", s->run_id, (unsigned long long)c->num);
    return s->idbuf;
}

void wb_sim_emit_contact(wb_sim *s, wb_event_type type, const contact *c, wb_ms wait, wb_ms handle)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, type, s->now);
    ev.id = contact_id(s, c);
    ev.channel = wb_sim_ch[c->ch].name;
    ev.queue = wb_sim_queue_names[c->q];
    if (type == WB_EV_ANSWERED || type == WB_EV_COMPLETED)
        ev.agent = s->ag[c->agent].id;
    ev.wait_ms = wait;
    ev.handle_ms = handle;
    wb_sim_emit_event(s, &ev);
}

void wb_sim_set_agent_state(wb_sim *s, agent *a, wb_agent_state st)
{
    a->state = st;
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_AGENT_STATE, s->now);
    ev.agent = a->id;
    ev.name = a->name;
    ev.team = wb_sim_teams[a->team].name;
    ev.state = st;
    ev.reason = st == WB_AGENT_PAUSED ? wb_sim_reasons[a->reason] : NULL;
    /* A busy agent tells what it goes to after the contact: the ACD knows it already. */
    if ((st == WB_AGENT_BUSY || st == WB_AGENT_WRAPUP) && (a->pend_logout || a->pend_reason >= 0)) {
        ev.has_next = true;
        ev.next = a->pend_logout ? WB_AGENT_OFFLINE : WB_AGENT_PAUSED;
        ev.reason = a->pend_logout ? NULL : wb_sim_reasons[a->pend_reason];
    }
    for (int c = 0; c < N_CH; c++)
        if (a->skills & M(c))
            ev.channels[ev.n_channels++] = wb_sim_ch[c].name;
    wb_sim_emit_event(s, &ev);
}

static void emit_heartbeat(wb_sim *s)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_HEARTBEAT, s->now);
    wb_sim_emit_event(s, &ev);
}

/*
 * A snapshot is the engine's own board's view of this source. It must fit in one message, so
 * it is encoded here first; if it is too big, the oldest half of every queue's rolling buckets
 * is left out until it fits (the receiver then has less rolling history, and so has our own
 * board, which applies the very message sent), and then the day's intervals (not told, so
 * every receiver keeps its own). The encoded message, not the struct, is applied
 * to the board: the struct's strings point into the board's model, which applying replaces.
 */
static void emit_snapshot(wb_sim *s)
{
    wb_board_tick(s->board, s->now);
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, s->now);
    ev.src = s->src;
    ev.has_seq = true;
    ev.seq = s->seq + 1;
    if (wb_model_snapshot(wb_board_model(s->board), s->src, s->now, &ev.snap) != WB_OK) {
        s->err = WB_ERR_NOMEM;
        return;
    }
    wb_snap_bucket *orig[N_Q * 4];
    size_t nq = ev.snap.n_queues < N_Q * 4 ? ev.snap.n_queues : N_Q * 4;
    for (size_t i = 0; i < nq; i++)
        orig[i] = ev.snap.queues[i].buckets;
    bool trimmed = false;
    int len;
    for (;;) {
        len = wb_event_encode(&ev, s->snapbuf, WB_MAX_MSG_BYTES + 1);
        if (len != WB_ERR_FULL)
            break;
        size_t left = 0;
        for (size_t i = 0; i < nq; i++) {
            wb_snap_queue *q = &ev.snap.queues[i];
            size_t drop = (q->n_buckets + 1) / 2;
            q->buckets += drop;
            q->n_buckets -= drop;
            left += q->n_buckets;
        }
        trimmed = true;
        if (left == 0) {
            len = wb_event_encode(&ev, s->snapbuf, WB_MAX_MSG_BYTES + 1);
            /* Then the day's intervals: a snapshot without them leaves a screen's own. */
            for (size_t i = 0; len == WB_ERR_FULL && i < nq; i++)
                ev.snap.queues[i].has_intervals = false;
            if (len == WB_ERR_FULL)
                len = wb_event_encode(&ev, s->snapbuf, WB_MAX_MSG_BYTES + 1);
            break;
        }
    }
    if (len < 0) {
        s->st.snapshots_dropped++;
    } else {
        double wall = (double)s->wall0 + (double)(s->now - s->start) / s->speed;
        s->seq++;
        s->emit(s->ud, &ev);
        if (wb_board_ingest(s->board, s->snapbuf, (size_t)len, (wb_ms)wall) < 0)
            s->st.board_errors++;
        s->last_emit_wall = wall;
        s->st.messages++;
        s->st.by_type[WB_EV_SNAPSHOT]++;
        s->st.snapshots_trimmed += trimmed;
        if ((size_t)len > s->st.snapshot_max_bytes)
            s->st.snapshot_max_bytes = (size_t)len;
    }
    for (size_t i = 0; i < nq; i++)
        ev.snap.queues[i].buckets = orig[i];
    wb_snapshot_fini(&ev.snap);
}

/* ---------------------------------------------------------------- life cycle */

static int scenario_index(const char *name)
{
    for (int i = 0; i < N_SC; i++)
        if (strcmp(wb_sim_scenario_names[i], name) == 0)
            return i;
    return -1;
}

wb_sim *wb_sim_new(const wb_sim_opts *o)
{
    wb_sim_opts d;
    wb_sim_opts_default(&d);
    if (!o)
        return NULL;
    const char *scen = o->scenario ? o->scenario : d.scenario;
    const char *src = o->src ? o->src : d.src;
    const char *run = o->run_id ? o->run_id : d.run_id;
    int sc = scenario_index(scen);
    if (sc < 0 || !(o->speed > 0) || !isfinite(o->speed) || o->start <= 0 || o->n_agents < 1 ||
        o->n_agents > MAX_AGENTS || o->snapshot_every_ms < 0 || o->heartbeat_ms <= 0 ||
        strlen(src) > WB_MAX_STR_BYTES || !wb_utf8_valid(src, strlen(src)) || strlen(run) > 40 ||
        !wb_utf8_valid(run, strlen(run)))
        return NULL;

    wb_sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    wb_sim_heap_init(&s->heap);
    s->seed = o->seed;
    s->speed = o->speed;
    s->scenario = sc;
    copy_str(s->src, sizeof s->src, src);
    copy_str(s->run_id, sizeof s->run_id, run);
    s->start = s->now = o->start;
    s->snap_every = o->snapshot_every_ms;
    s->hb_every = o->heartbeat_ms;
    s->volume_x = o->n_agents / 60.0;
    s->free_c = -1;
    for (int i = 0; i < N_Q; i++)
        s->q[i] = (fifo){-1, -1, 0};

    wb_config *cfg = malloc(sizeof *cfg);
    if (!cfg)
        goto fail;
    if (o->cfg)
        *cfg = *o->cfg;
    else
        wb_sim_default_config(cfg);
    s->board = wb_board_new(cfg);
    free(cfg);
    s->snapbuf = malloc(WB_MAX_MSG_BYTES + 1);
    s->n_ag = o->n_agents;
    s->ag = calloc((size_t)s->n_ag, sizeof *s->ag);
    if (!s->board || !s->snapbuf || !s->ag)
        goto fail;
    /*
     * The simulator's board hears its own events at the wall time they are sent, whatever
     * day they simulate (--start of a recorded morning): their times are its own to choose.
     */
    wb_model_set_max_past(wb_board_model(s->board), 0);

    for (int c = 0; c < N_CH; c++)
        wb_rng_seed(&s->arr[c], o->seed, 1 + (uint64_t)c);
    wb_rng_seed(&s->agents_rng, o->seed, 100);
    wb_rng_seed(&s->scen_rng, o->seed, 200);

    /* Agents: team by position in every 20, a name, and a personal pace. */
    for (int i = 0; i < s->n_ag; i++) {
        agent *a = &s->ag[i];
        int k = i % 20, t = 0;
        for (int acc = wb_sim_teams[0].per_20; k >= acc; acc += wb_sim_teams[++t].per_20)
            ;
        snprintf(a->id, sizeof a->id, "a%03d", i + 1);
        snprintf(a->name, sizeof a->name, "%s %s", wb_sim_first_names[i % N_FIRST],
                 wb_sim_last_names[(i / N_FIRST * 7 + i * 3) % N_LAST]);
        a->team = t;
        a->skills = wb_sim_teams[t].skills;
        a->speed_x = wb_rng_lognormal(&s->agents_rng, 1.0, 0.12);
        a->state = WB_AGENT_OFFLINE;
        a->contact = -1;
        a->pend_reason = -1;
    }

    wb_sim_set_day_of(s, s->start);
    wb_sim_sched(s, s->start, I_DAY, 0, 0, 0, 0);
    wb_sim_sched(s, s->start, I_KPI, 0, 0, 0, 0);
    for (int c = 0; c < N_CH; c++)
        wb_sim_sched(s, wb_sim_next_arrival(s, c, s->start), I_ARRIVAL, c, 0, 0, 0);
    if (s->err)
        goto fail;
    return s;
fail:
    wb_sim_free(s);
    return NULL;
}

void wb_sim_free(wb_sim *s)
{
    if (!s)
        return;
    wb_board_free(s->board);
    free(s->snapbuf);
    free(s->ag);
    free(s->c);
    wb_sim_heap_fini(&s->heap);
    free(s);
}

/* Simulated time at wall time w (w in ms, fractional). */
static wb_ms sim_at(const wb_sim *s, double w)
{
    double t = (double)s->start + (w - (double)s->wall0) * s->speed;
    return t >= 9.0e15 ? (wb_ms)9.0e15 : (wb_ms)ceil(t);
}

int wb_sim_advance(wb_sim *s, wb_ms wall_now, wb_sim_emit_fn emit, void *ud)
{
    if (!s || !emit)
        return WB_ERR_INVAL;
    if (!s->started) {
        s->started = true;
        s->wall0 = wall_now;
        s->last_emit_wall = (double)wall_now;
        s->next_snap_wall = (double)wall_now + (double)s->snap_every;
    }
    wb_ms target = sim_at(s, (double)wall_now);
    if ((double)wall_now < (double)s->wall0)
        return 0;
    s->emit = emit;
    s->ud = ud;
    s->err = 0;
    uint64_t before = s->st.messages;
    for (;;) {
        wb_ms t_ev = s->heap.n ? wb_sim_heap_top(&s->heap)->t : INT64_MAX;
        wb_ms t_snap = s->snap_every > 0 ? sim_at(s, s->next_snap_wall) : INT64_MAX;
        wb_ms t_hb = sim_at(s, s->last_emit_wall + (double)s->hb_every);
        wb_ms t = t_ev;
        if (t_snap < t)
            t = t_snap;
        if (t_hb < t)
            t = t_hb;
        if (t > target)
            break;
        if (t > s->now)
            s->now = t;
        if (t == t_ev) {
            item it = wb_sim_heap_pop(&s->heap);
            wb_sim_run_item(s, &it);
        } else if (t == t_snap) {
            emit_snapshot(s);
            s->next_snap_wall += (double)s->snap_every;
        } else {
            emit_heartbeat(s);
        }
        if (s->err)
            break;
    }
    if (!s->err && target > s->now)
        s->now = target;
    s->emit = NULL;
    s->ud = NULL;
    if (s->err)
        return s->err;
    return (int)(s->st.messages - before);
}

wb_ms wb_sim_now(const wb_sim *s)
{
    return s->now;
}

wb_board *wb_sim_board(wb_sim *s)
{
    return s->board;
}

void wb_sim_stats_get(const wb_sim *s, wb_sim_stats *out)
{
    *out = s->st;
    out->contacts_cap = (uint32_t)s->n_c;
}
