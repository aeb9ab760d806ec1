/*
 * wb_sim.c - the contact-center simulator: a discrete-event simulation, the engine. The
 * center it simulates (channels, teams, shifts, arrival profiles, scenarios) is described in
 * wb_sim_profile.c, its random numbers come from wb_sim_rng.c and its agenda is wb_sim_heap.c.
 *
 * Data structures owned here:
 *   - the agenda, a binary min-heap of timed items (next arrival per channel, patience expiry of a
 * waiting contact, end of talk, end of wrap-up, shift start/end, pause start/end, start of a day,
 *     scenario actions), ordered by (time, insertion number) so that equal times keep the
 *     order in which they were scheduled and the run is deterministic;
 *   - a pool of contact records with a free list: a record lives from arrival until abandon or
 *     completion and is then reused, so memory is bounded by the contacts alive at once; a
 *     generation number per record makes heap items for a reused record stale;
 *   - one FIFO per queue, a doubly linked list threaded through the contact records;
 *   - a fixed array of agents (skills as a channel bit mask, state, time available since,
 *     a pending pause or logout to take after the current contact);
 *   - independent random streams (wb_rng): one per channel for arrivals and everything drawn
 *     about a contact when it arrives, one for agent schedules, one for scenario actions. Routing
 * itself is deterministic (longest idle agent, oldest contact), so scenarios that differ only from
 * 10:00 produce identical events before.
 *   - the engine's own wb_board, which every emitted event is applied to.
 */
#include "wb_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_grow.h"
#include "wb_sim_heap.h"
#include "wb_sim_kpi.h"
#include "wb_sim_profile.h"
#include "wb_sim_rng.h"
#include "wb_time.h"

#define MAX_AGENTS 1000

/* ---------------------------------------------------------------- state */

enum { C_FREE, C_WAITING, C_SERVICE };

typedef struct contact {
    uint64_t num; /* id number */
    uint32_t gen;
    uint8_t state;
    int8_t ch, q;
    int agent;
    int prev, next; /* FIFO links (contact indexes), -1 = none; next is the free list too */
    wb_ms queued, answered;
    wb_ms talk_ms, wrap_ms;
} contact;

typedef struct fifo {
    int head, tail;
    uint32_t n;
} fifo;

typedef struct agent {
    char id[16];
    char name[WB_MAX_NAME];
    int team;
    uint32_t skills;
    double speed_x; /* multiplies the contact's handle time: some agents are quicker */
    wb_agent_state state;
    int reason; /* when paused */
    wb_ms avail_since;
    int contact;     /* while busy or in wrap-up */
    int pend_reason; /* a pause to take after the current contact, -1 none */
    wb_ms pend_ms;
    bool pend_logout;
    uint32_t pause_gen; /* invalidates scheduled pause ends after a logout or a newer pause */
} agent;

enum {
    I_ARRIVAL,     /* a: channel */
    I_SWITCH,      /* a phone caller comes back on chat; x/y/z: talk, wrap, patience ms */
    I_PATIENCE,    /* a: contact, gen */
    I_READY,       /* a: contact, gen: its pick-up delay is over */
    I_TALK_END,    /* a: agent */
    I_WRAP_END,    /* a: agent */
    I_SHIFT_START, /* a: agent */
    I_SHIFT_END,   /* a: agent */
    I_PAUSE_START, /* a: agent, b: reason, x: duration */
    I_PAUSE_END,   /* a: agent, gen: pause_gen */
    I_DAY,         /* schedule the day that starts now */
    I_GROUP_BREAK, /* scenario "break" */
    I_KPI,         /* every team's quality figures (wb_sim_kpi.c) */
};

typedef wb_sim_item item;

struct wb_sim {
    /* options */
    uint64_t seed;
    double speed;
    int scenario;
    char src[WB_MAX_STR_BYTES + 1];
    char run_id[64];
    wb_ms start;
    wb_ms snap_every, hb_every;
    double volume_x; /* n_agents / 60 */

    /* clocks */
    bool started;
    wb_ms wall0;
    wb_ms now; /* simulated time reached */
    double last_emit_wall;
    double next_snap_wall;

    /* the day the arrival profiles refer to */
    wb_ms day_start, day_end;

    wb_rng arr[N_CH];
    wb_rng agents_rng, scen_rng;

    wb_sim_heap heap;

    contact *c;
    size_t n_c, cap_c;
    int free_c;
    uint64_t next_num;

    fifo q[N_Q];
    agent *ag;
    int n_ag;

    wb_board *board;
    uint64_t seq;
    wb_sim_emit_fn emit;
    void *ud;
    int err;

    char idbuf[96];
    char *snapbuf; /* WB_MAX_MSG_BYTES + 1 */
    wb_sim_stats st;
};

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
static void sched(wb_sim *s, wb_ms t, int kind, int a, int b, uint32_t gen, wb_ms x)
{
    item it = {.t = t, .kind = kind, .a = a, .b = b, .gen = gen, .x = x};
    if (wb_sim_heap_push(&s->heap, it) != WB_OK)
        s->err = WB_ERR_NOMEM;
}

/* ---------------------------------------------------------------- emitting */

static void emit_event(wb_sim *s, wb_event *ev)
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

static void emit_contact(wb_sim *s, wb_event_type type, const contact *c, wb_ms wait, wb_ms handle)
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
    emit_event(s, &ev);
}

static void set_agent_state(wb_sim *s, agent *a, wb_agent_state st)
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
    emit_event(s, &ev);
}

static void emit_heartbeat(wb_sim *s)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_HEARTBEAT, s->now);
    emit_event(s, &ev);
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

/* ---------------------------------------------------------------- contacts and queues */

static int contact_alloc(wb_sim *s)
{
    if (s->free_c < 0) {
        contact *n = wb_grow(s->c, &s->cap_c, s->n_c + 1, sizeof *n, 256);
        if (!n)
            return -1;
        s->c = n;
        s->c[s->n_c] = (contact){.state = C_FREE, .next = -1};
        s->free_c = (int)s->n_c++;
    }
    int i = s->free_c;
    s->free_c = s->c[i].next;
    s->c[i].gen++;
    s->c[i].prev = s->c[i].next = -1;
    s->c[i].agent = -1;
    s->st.contacts_live++;
    return i;
}

static void contact_release(wb_sim *s, int i)
{
    s->c[i].state = C_FREE;
    s->c[i].gen++;
    s->c[i].next = s->free_c;
    s->free_c = i;
    s->st.contacts_live--;
}

static void fifo_push(wb_sim *s, int qi, int ci)
{
    fifo *f = &s->q[qi];
    s->c[ci].prev = f->tail;
    s->c[ci].next = -1;
    if (f->tail >= 0)
        s->c[f->tail].next = ci;
    else
        f->head = ci;
    f->tail = ci;
    f->n++;
}

static void fifo_remove(wb_sim *s, int qi, int ci)
{
    fifo *f = &s->q[qi];
    contact *c = &s->c[ci];
    if (c->prev >= 0)
        s->c[c->prev].next = c->next;
    else
        f->head = c->next;
    if (c->next >= 0)
        s->c[c->next].prev = c->prev;
    else
        f->tail = c->prev;
    c->prev = c->next = -1;
    f->n--;
}

/* ---------------------------------------------------------------- routing */

/* When a contact of channel ch queued at t can be taken: the next round of its inbox. */
static wb_ms ready_at(int ch, wb_ms t)
{
    wb_ms p = (wb_ms)(wb_sim_ch[ch].pickup_s * 1000.0);
    return p > 0 ? (t / p + 1) * p : t;
}

static void answer(wb_sim *s, int ci, int ai)
{
    contact *c = &s->c[ci];
    agent *a = &s->ag[ai];
    fifo_remove(s, c->q, ci);
    s->st.waiting--;
    c->state = C_SERVICE;
    c->agent = ai;
    c->answered = s->now;
    a->contact = ci;
    s->st.answered++;
    s->st.in_service++;
    emit_contact(s, WB_EV_ANSWERED, c, s->now - c->queued, -1);
    set_agent_state(s, a, WB_AGENT_BUSY);
    wb_ms talk = (wb_ms)((double)c->talk_ms * a->speed_x);
    sched(s, s->now + (talk > 1000 ? talk : 1000), I_TALK_END, ai, 0, 0, 0);
}

/* The available agent who has waited longest for work among those with the skill. */
static int longest_idle(const wb_sim *s, int ch)
{
    int best = -1;
    for (int i = 0; i < s->n_ag; i++) {
        const agent *a = &s->ag[i];
        if (a->state == WB_AGENT_AVAILABLE && (a->skills & M(ch)) &&
            (best < 0 || a->avail_since < s->ag[best].avail_since))
            best = i;
    }
    return best;
}

/*
 * Work for an agent who has just become available: real-time queues come first (a caller on
 * hold cannot wait like an email can); within that, the contact that has waited longest.
 */
static void route_agent(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    int best = -1;
    bool best_rt = false;
    for (int qi = 0; qi < N_Q; qi++) {
        int h = s->q[qi].head;
        int ch = wb_sim_queue_ch[qi];
        if (h < 0 || !(a->skills & M(ch)))
            continue;
        bool rt = wb_sim_ch[ch].realtime;
        /* The queue is in arrival order and a later arrival is never ready earlier: a head
         * that is not ready yet means nothing behind it is either. */
        if (s->now < ready_at(ch, s->c[h].queued))
            continue;
        if (best < 0 || (rt && !best_rt) || (rt == best_rt && s->c[h].queued < s->c[best].queued))
            best = h, best_rt = rt;
    }
    if (best >= 0)
        answer(s, best, ai);
}

static void become_available(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    a->avail_since = s->now;
    set_agent_state(s, a, WB_AGENT_AVAILABLE);
    route_agent(s, ai);
}

static void start_pause(wb_sim *s, int ai, int reason, wb_ms dur)
{
    agent *a = &s->ag[ai];
    a->reason = reason;
    a->pause_gen++;
    set_agent_state(s, a, WB_AGENT_PAUSED);
    sched(s, s->now + dur, I_PAUSE_END, ai, 0, a->pause_gen, 0);
}

static void logout(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    a->pend_logout = false;
    a->pend_reason = -1;
    a->pause_gen++;
    set_agent_state(s, a, WB_AGENT_OFFLINE);
}

/* ---------------------------------------------------------------- arrivals */

static void set_day_of(wb_sim *s, wb_ms t)
{
    const char *tz = wb_board_config(s->board)->tz;
    s->day_start = wb_day_start(t, tz);
    s->day_end = wb_day_end(t, tz);
}

/*
 * Next arrival after t of a Poisson process whose rate is constant within each 15-minute
 * slot: draw an exponential gap at the slot's rate; if it ends past the slot, the process is
 * memoryless, so continue from the slot's end with the next slot's rate.
 */
static wb_ms next_arrival(wb_sim *s, int ch, wb_ms t)
{
    for (int guard = 0; guard < 4 * SLOTS_PER_DAY; guard++) {
        const char *tz = wb_board_config(s->board)->tz;
        wb_ms ds = wb_day_start(t, tz);
        wb_ms de = wb_day_end(t, tz);
        wb_ms tod = t - ds;
        wb_ms slot_end = ds + (tod / SLOT_MS + 1) * SLOT_MS;
        if (slot_end > de)
            slot_end = de;
        double rate = wb_sim_slot_rate(ch, tod, s->volume_x, s->scenario);
        if (rate > 0) {
            double gap = wb_rng_exp(&s->arr[ch], 1.0 / rate);
            if ((double)t + gap < (double)slot_end)
                return t + (wb_ms)gap;
        }
        t = slot_end;
    }
    return t;
}

static wb_ms draw_ms(double s)
{
    double ms = s * 1000.0;
    return ms < 1000 ? 1000 : (wb_ms)ms;
}

/* Creates a contact, queues it, and hands it to the longest-idle agent if one is free. */
static void new_contact(wb_sim *s, int ch, int q, wb_ms talk, wb_ms wrap, wb_ms patience)
{
    int ci = contact_alloc(s);
    if (ci < 0) {
        s->err = WB_ERR_NOMEM;
        return;
    }
    contact *c = &s->c[ci];
    c->num = ++s->next_num;
    c->ch = (int8_t)ch;
    c->q = (int8_t)q;
    c->queued = s->now;
    c->talk_ms = talk;
    c->wrap_ms = wrap;
    c->state = C_WAITING;
    fifo_push(s, q, ci);
    s->st.offered++;
    s->st.waiting++;
    emit_contact(s, WB_EV_QUEUED, c, -1, -1);
    if (patience > 0)
        sched(s, s->now + patience, I_PATIENCE, ci, 0, c->gen, 0);
    if (wb_sim_ch[ch].pickup_s > 0) {
        sched(s, ready_at(ch, s->now), I_READY, ci, 0, c->gen, 0);
        return;
    }
    int ai = longest_idle(s, ch);
    if (ai >= 0)
        answer(s, ci, ai);
}

static void on_arrival(wb_sim *s, int ch)
{
    wb_rng *r = &s->arr[ch];
    int q = ch == CH_PHONE ? (wb_rng_u01(r) < PHONE_SALES_SHARE ? Q_PHONE_SALES : Q_PHONE_SUPPORT)
                           : (ch == CH_CHAT     ? Q_CHAT
                              : ch == CH_EMAIL  ? Q_EMAIL
                              : ch == CH_SOCIAL ? Q_SOCIAL
                                                : Q_WEBFORM);
    wb_ms talk = draw_ms(wb_rng_lognormal(r, wb_sim_ch[ch].talk_s, wb_sim_ch[ch].talk_cv));
    wb_ms wrap = draw_ms(wb_rng_lognormal(r, wb_sim_ch[ch].wrap_s, 0.5));
    wb_ms patience =
        wb_sim_ch[ch].patience_s > 0 ? draw_ms(wb_rng_exp(r, wb_sim_ch[ch].patience_s)) : 0;
    sched(s, next_arrival(s, ch, s->now), I_ARRIVAL, ch, 0, 0, 0);
    new_contact(s, ch, q, talk, wrap, patience);
}

/* A contact of work that can wait becomes ready: an idle agent with the skill takes it. */
static void on_ready(wb_sim *s, int ci, uint32_t gen)
{
    contact *c = &s->c[ci];
    if (c->gen != gen || c->state != C_WAITING)
        return; /* gone meanwhile */
    int ai = longest_idle(s, c->ch);
    if (ai >= 0)
        answer(s, ci, ai);
}

static void on_patience(wb_sim *s, int ci, uint32_t gen)
{
    contact *c = &s->c[ci];
    if (c->gen != gen || c->state != C_WAITING)
        return; /* answered meanwhile */
    fifo_remove(s, c->q, ci);
    s->st.waiting--;
    s->st.abandoned++;
    emit_contact(s, WB_EV_ABANDONED, c, s->now - c->queued, -1);
    /*
     * Some callers who give up try chat instead. What they will need is drawn now from the
     * phone stream, so that the chat arrival stream itself is left as it was.
     */
    if (c->ch == CH_PHONE) {
        wb_rng *r = &s->arr[CH_PHONE];
        wb_ms tod = s->now - s->day_start;
        bool surging = s->scenario == SC_SURGE && tod >= SURGE_FROM_MIN * MIN_MS &&
                       tod < SURGE_SWITCH_TO_MIN * MIN_MS;
        double p = surging ? SWITCH_P_SURGE : SWITCH_P_NORMAL;
        double u = wb_rng_u01(r);
        double lag = wb_rng_exp(r, SWITCH_LAG_S);
        wb_ms talk =
            draw_ms(wb_rng_lognormal(r, wb_sim_ch[CH_CHAT].talk_s, wb_sim_ch[CH_CHAT].talk_cv));
        wb_ms wrap = draw_ms(wb_rng_lognormal(r, wb_sim_ch[CH_CHAT].wrap_s, 0.5));
        wb_ms pat = draw_ms(wb_rng_exp(r, wb_sim_ch[CH_CHAT].patience_s));
        wb_ms at = s->now + draw_ms(lag);
        if (u < p && at < s->day_end &&
            wb_sim_slot_rate(CH_CHAT, at - s->day_start, s->volume_x, s->scenario) > 0) {
            item it = {.t = at, .kind = I_SWITCH, .x = talk, .y = wrap, .z = pat};
            if (wb_sim_heap_push(&s->heap, it) != WB_OK)
                s->err = WB_ERR_NOMEM;
        }
    }
    contact_release(s, ci);
}

/* ---------------------------------------------------------------- agents */

static void on_talk_end(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    set_agent_state(s, a, WB_AGENT_WRAPUP);
    contact *c = &s->c[a->contact];
    sched(s, s->now + (wb_ms)((double)c->wrap_ms * a->speed_x), I_WRAP_END, ai, 0, 0, 0);
}

static void on_wrap_end(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    int ci = a->contact;
    contact *c = &s->c[ci];
    a->contact = -1;
    s->st.completed++;
    s->st.in_service--;
    emit_contact(s, WB_EV_COMPLETED, c, -1, s->now - c->answered);
    contact_release(s, ci);
    if (a->pend_logout) {
        logout(s, ai);
    } else if (a->pend_reason >= 0) {
        int r = a->pend_reason;
        a->pend_reason = -1;
        start_pause(s, ai, r, a->pend_ms);
    } else {
        become_available(s, ai);
    }
}

static void on_shift_start(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    if (a->state != WB_AGENT_OFFLINE)
        return;
    a->pend_logout = false;
    a->pend_reason = -1;
    become_available(s, ai);
}

static void on_shift_end(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    if (a->state == WB_AGENT_BUSY || a->state == WB_AGENT_WRAPUP) {
        a->pend_logout = true;
        set_agent_state(s, a, a->state);
    } else if (a->state != WB_AGENT_OFFLINE)
        logout(s, ai);
}

static void on_pause_start(wb_sim *s, int ai, int reason, wb_ms dur)
{
    agent *a = &s->ag[ai];
    if (a->state == WB_AGENT_AVAILABLE) {
        start_pause(s, ai, reason, dur);
    } else if (a->state == WB_AGENT_BUSY || a->state == WB_AGENT_WRAPUP) {
        /* The pause starts when the current contact is done, as agents' phones do. */
        if (!a->pend_logout) {
            a->pend_reason = reason;
            a->pend_ms = dur;
            set_agent_state(s, a, a->state);
        }
    }
    /* Offline or already paused: this pause is skipped. */
}

static void on_pause_end(wb_sim *s, int ai, uint32_t gen)
{
    agent *a = &s->ag[ai];
    if (a->state != WB_AGENT_PAUSED || a->pause_gen != gen)
        return;
    become_available(s, ai);
}

typedef struct pause_plan {
    wb_ms at, dur;
    int reason;
} pause_plan;

/*
 * Schedules one local day for every agent: shift with a few minutes' jitter, two 15-minute
 * breaks (about 2 h and 6.5 h into the shift, spread over an hour so that a shift does not
 * leave the floor at once), a 30-minute lunch spread over 90 minutes in the middle of the
 * shift, and now and then a training or a meeting. Parts of the day already past at `from` are
 * skipped; a shift under way is joined at `from`.
 */
static void schedule_day(wb_sim *s, wb_ms ds, wb_ms from)
{
    wb_rng *r = &s->agents_rng;
    for (int i = 0; i < s->n_ag; i++) {
        wb_ms login =
            ds + wb_sim_shift_start_min[i % 20] * MIN_MS + (wb_ms)wb_rng_uniform(r, -5, 3) * MIN_MS;
        wb_ms logout_t = login + SHIFT_LEN_MS + (wb_ms)wb_rng_uniform(r, 0, 5) * MIN_MS;
        pause_plan p[5];
        int np = 0;
        p[np++] = (pause_plan){login + 2 * HOUR_MS + (wb_ms)wb_rng_uniform(r, -30, 30) * MIN_MS,
                               15 * MIN_MS, R_BREAK};
        p[np++] = (pause_plan){login + 4 * HOUR_MS + (wb_ms)wb_rng_uniform(r, -45, 45) * MIN_MS,
                               30 * MIN_MS, R_LUNCH};
        p[np++] = (pause_plan){login + 390 * MIN_MS + (wb_ms)wb_rng_uniform(r, -30, 30) * MIN_MS,
                               15 * MIN_MS, R_BREAK};
        double u_train = wb_rng_u01(r), u_meet = wb_rng_u01(r);
        wb_ms t_train = login + (wb_ms)wb_rng_uniform(r, 60, 360) * MIN_MS;
        wb_ms t_meet = login + (wb_ms)wb_rng_uniform(r, 30, 420) * MIN_MS;
        if (u_train < 0.08)
            p[np++] = (pause_plan){t_train, 60 * MIN_MS, R_TRAINING};
        if (u_meet < 0.15)
            p[np++] = (pause_plan){t_meet, 30 * MIN_MS, R_MEETING};
        if (logout_t <= from)
            continue;
        sched(s, login > from ? login : from, I_SHIFT_START, i, 0, 0, 0);
        for (int k = 0; k < np; k++)
            if (p[k].at > from && p[k].at < logout_t)
                sched(s, p[k].at, I_PAUSE_START, i, p[k].reason, 0, p[k].dur);
        sched(s, logout_t, I_SHIFT_END, i, 0, 0, 0);
    }
    if (s->scenario == SC_BREAK) {
        wb_ms at = ds + GROUP_BREAK_MIN * MIN_MS;
        if (at >= from)
            sched(s, at, I_GROUP_BREAK, 0, 0, 0, 0);
    }
}

static void on_day(wb_sim *s)
{
    set_day_of(s, s->now);
    schedule_day(s, s->day_start, s->now);
    sched(s, s->day_end, I_DAY, 0, 0, 0, 0);
}

/* Scenario "break": a share of the logged-in, unpaused agents go on a break together. */
static void on_group_break(wb_sim *s)
{
    int idx[MAX_AGENTS], n = 0;
    for (int i = 0; i < s->n_ag; i++)
        if (s->ag[i].state != WB_AGENT_OFFLINE && s->ag[i].state != WB_AGENT_PAUSED)
            idx[n++] = i;
    int want = (int)ceil(GROUP_BREAK_SHARE * n);
    /* Partial Fisher-Yates: the first `want` of a random permutation. */
    for (int k = 0; k < want; k++) {
        int j = k + (int)(wb_rng_u01(&s->scen_rng) * (n - k));
        if (j >= n)
            j = n - 1;
        int t = idx[k];
        idx[k] = idx[j];
        idx[j] = t;
    }
    /* In agent order, so the events do not depend on the shuffle's order. */
    bool pick[MAX_AGENTS] = {false};
    for (int k = 0; k < want; k++)
        pick[idx[k]] = true;
    for (int i = 0; i < s->n_ag; i++)
        if (pick[i])
            on_pause_start(s, i, R_BREAK, GROUP_BREAK_MS);
}

/* Every team's quality figures, and the next publication. */
static void emit_kpis(wb_sim *s)
{
    for (int t = 0; t < N_TEAMS; t++) {
        for (int k = 0; k < WB_SIM_N_KPI; k++) {
            wb_event ev;
            wb_event_init(&ev, WB_EV_KPI, s->now);
            wb_sim_kpi_fill(s->seed, t, k, s->now, s->day_start, &ev.kpi);
            emit_event(s, &ev);
        }
    }
    sched(s, s->now + WB_SIM_KPI_EVERY_MS, I_KPI, 0, 0, 0, 0);
}

static void run_item(wb_sim *s, const item *it)
{
    switch (it->kind) {
    case I_ARRIVAL:
        on_arrival(s, it->a);
        break;
    case I_SWITCH:
        s->st.switched++;
        new_contact(s, CH_CHAT, Q_CHAT, it->x, it->y, it->z);
        break;
    case I_PATIENCE:
        on_patience(s, it->a, it->gen);
        break;
    case I_READY:
        on_ready(s, it->a, it->gen);
        break;
    case I_TALK_END:
        on_talk_end(s, it->a);
        break;
    case I_WRAP_END:
        on_wrap_end(s, it->a);
        break;
    case I_SHIFT_START:
        on_shift_start(s, it->a);
        break;
    case I_SHIFT_END:
        on_shift_end(s, it->a);
        break;
    case I_PAUSE_START:
        on_pause_start(s, it->a, it->b, it->x);
        break;
    case I_PAUSE_END:
        on_pause_end(s, it->a, it->gen);
        break;
    case I_DAY:
        on_day(s);
        break;
    case I_GROUP_BREAK:
        on_group_break(s);
        break;
    case I_KPI:
        emit_kpis(s);
        break;
    default:
        break;
    }
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

    set_day_of(s, s->start);
    sched(s, s->start, I_DAY, 0, 0, 0, 0);
    sched(s, s->start, I_KPI, 0, 0, 0, 0);
    for (int c = 0; c < N_CH; c++)
        sched(s, next_arrival(s, c, s->start), I_ARRIVAL, c, 0, 0, 0);
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
            run_item(s, &it);
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
