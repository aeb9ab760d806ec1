/*
 * wb_sim_flow.c - the simulated center's behaviour, one agenda item at a time
 * (wb_sim_run_item()): contacts arrive by channel as Poisson processes whose rate follows the
 * day's profile, wait in their queue's FIFO and give up when their patience runs out (some
 * callers then try chat); agents take the oldest ready contact of the real-time queues first,
 * talk, wrap up, take their breaks and lunch and follow their shifts; the scenarios' actions
 * (the group break) happen at their hour. The engine (wb_sim.c) owns the clocks and the
 * agenda and emits the events this file decides.
 *
 * Owns nothing of its own: it works on the contact pool, the queues and the agents of struct
 * wb_sim (wb_sim_int.h), growing the contact pool as contacts arrive (wb_sim_free() frees it).
 */
#include "wb_sim_int.h"

#include <math.h>

#include "wb_grow.h"
#include "wb_sim_kpi.h"
#include "wb_time.h"

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
    wb_sim_emit_contact(s, WB_EV_ANSWERED, c, s->now - c->queued, -1);
    wb_sim_set_agent_state(s, a, WB_AGENT_BUSY);
    wb_ms talk = (wb_ms)((double)c->talk_ms * a->speed_x);
    wb_sim_sched(s, s->now + (talk > 1000 ? talk : 1000), I_TALK_END, ai, 0, 0, 0);
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
    wb_sim_set_agent_state(s, a, WB_AGENT_AVAILABLE);
    route_agent(s, ai);
}

static void start_pause(wb_sim *s, int ai, int reason, wb_ms dur)
{
    agent *a = &s->ag[ai];
    a->reason = reason;
    a->pause_gen++;
    wb_sim_set_agent_state(s, a, WB_AGENT_PAUSED);
    wb_sim_sched(s, s->now + dur, I_PAUSE_END, ai, 0, a->pause_gen, 0);
}

static void logout(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    a->pend_logout = false;
    a->pend_reason = -1;
    a->pause_gen++;
    wb_sim_set_agent_state(s, a, WB_AGENT_OFFLINE);
}

/* ---------------------------------------------------------------- arrivals */

void wb_sim_set_day_of(wb_sim *s, wb_ms t)
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
wb_ms wb_sim_next_arrival(wb_sim *s, int ch, wb_ms t)
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
    wb_sim_emit_contact(s, WB_EV_QUEUED, c, -1, -1);
    if (patience > 0)
        wb_sim_sched(s, s->now + patience, I_PATIENCE, ci, 0, c->gen, 0);
    if (wb_sim_ch[ch].pickup_s > 0) {
        wb_sim_sched(s, ready_at(ch, s->now), I_READY, ci, 0, c->gen, 0);
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
    wb_sim_sched(s, wb_sim_next_arrival(s, ch, s->now), I_ARRIVAL, ch, 0, 0, 0);
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
    wb_sim_emit_contact(s, WB_EV_ABANDONED, c, s->now - c->queued, -1);
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
    wb_sim_set_agent_state(s, a, WB_AGENT_WRAPUP);
    contact *c = &s->c[a->contact];
    wb_sim_sched(s, s->now + (wb_ms)((double)c->wrap_ms * a->speed_x), I_WRAP_END, ai, 0, 0, 0);
}

static void on_wrap_end(wb_sim *s, int ai)
{
    agent *a = &s->ag[ai];
    int ci = a->contact;
    contact *c = &s->c[ci];
    a->contact = -1;
    s->st.completed++;
    s->st.in_service--;
    wb_sim_emit_contact(s, WB_EV_COMPLETED, c, -1, s->now - c->answered);
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
        wb_sim_set_agent_state(s, a, a->state);
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
            wb_sim_set_agent_state(s, a, a->state);
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
        wb_sim_sched(s, login > from ? login : from, I_SHIFT_START, i, 0, 0, 0);
        for (int k = 0; k < np; k++)
            if (p[k].at > from && p[k].at < logout_t)
                wb_sim_sched(s, p[k].at, I_PAUSE_START, i, p[k].reason, 0, p[k].dur);
        wb_sim_sched(s, logout_t, I_SHIFT_END, i, 0, 0, 0);
    }
    if (s->scenario == SC_BREAK) {
        wb_ms at = ds + GROUP_BREAK_MIN * MIN_MS;
        if (at >= from)
            wb_sim_sched(s, at, I_GROUP_BREAK, 0, 0, 0, 0);
    }
}

static void on_day(wb_sim *s)
{
    wb_sim_set_day_of(s, s->now);
    schedule_day(s, s->day_start, s->now);
    wb_sim_sched(s, s->day_end, I_DAY, 0, 0, 0, 0);
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
            wb_sim_emit_event(s, &ev);
        }
    }
    wb_sim_sched(s, s->now + WB_SIM_KPI_EVERY_MS, I_KPI, 0, 0, 0, 0);
}

void wb_sim_run_item(wb_sim *s, const item *it)
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
