/*
 * wb_model_apply.c - events and snapshots into the model.
 *
 * Data structure owned here: each source's sequence state and its set of event fingerprints
 * (contact id hash mixed with the event kind) for duplicate detection, and wb_plan, the
 * temporary tally of what one message would add to the shared tables, checked against every
 * limit before anything of the message is applied.
 */
#include "wb_model_int.h"
#include "wb_time.h"

#include <stdlib.h>
#include <string.h>

/* Waits and handle times are clamped to this, so that sums cannot overflow. */
#define WB_MAX_DURATION_MS (30LL * 24 * 3600 * 1000)

/* ---------------------------------------------------------------- apply */

/*
 * Fingerprint of (contact id, event kind) for the duplicate set. The id is hashed once per
 * event (apply looks up to four kinds of the same id) and the kind mixed in afterwards.
 */
static uint64_t fp(uint64_t id_hash, char kind)
{
    return id_hash ^ ((uint64_t)(unsigned char)kind * 0x9e3779b97f4a7c15ULL);
}
/*
 * What sequence tracking changes in a source, kept before a message is applied. A message
 * refused while it is applied was still delivered: its number counts, or the next message
 * would look like a gap. But it is not believed as a restart: a refused snapshot numbered low
 * must not move the sequence back and forget the fingerprints, or the contacts sent again
 * would count twice. Then the source is left as it was.
 */
typedef struct seq_undo {
    bool resyncing, seq_seen;
    uint64_t last_seq, gaps, missed;
    bool restart; /* the message said the publisher restarted */
    bool forgot;  /* and the fingerprints were set aside in `seen` */
    wb_seen seen; /* the fingerprints as they were, while forgot */
} seq_undo;

static void seq_keep(const wb_source *s, seq_undo *u)
{
    memset(u, 0, sizeof *u);
    u->resyncing = s->resyncing;
    u->seq_seen = s->seq_seen;
    u->last_seq = s->last_seq;
    u->gaps = s->gaps;
    u->missed = s->missed;
}

/*
 * The message was applied (ok) or refused: a restart it said is kept and the fingerprints set
 * aside dropped, or the source is put back as it was.
 */
static void seq_settle(wb_source *s, seq_undo *u, bool ok)
{
    if (ok || !u->restart) {
        if (u->forgot && u->seen.table)
            wb_seen_fini(&u->seen);
        return;
    }
    s->resyncing = u->resyncing;
    s->seq_seen = u->seq_seen;
    s->last_seq = u->last_seq;
    s->gaps = u->gaps;
    s->missed = u->missed;
    if (u->forgot) {
        if (s->seen.table)
            wb_seen_fini(&s->seen);
        s->seen = u->seen;
    }
}

/*
 * Sequence tracking. A jump forward is a gap. seq 1 again means the publisher restarted: its
 * old ids may come again, so the duplicate fingerprints are forgotten (set aside in u until
 * the message is known to be applied), and until its snapshot the source is resyncing. Any
 * other number at or below the last one is a message delivered twice or late; it says
 * nothing about gaps and leaves the sequence where it was.
 */
static void track_seq(wb_source *s, const wb_event *ev, seq_undo *u)
{
    if (!ev->has_seq)
        return;
    bool snap = ev->type == WB_EV_SNAPSHOT;
    if (!s->seq_seen) {
        /* We joined late: what came before is unknown until a snapshot tells us. */
        if (ev->seq > 1 && !snap)
            s->resyncing = true;
    } else if (ev->seq > s->last_seq + 1) {
        s->gaps++;
        s->missed += ev->seq - s->last_seq - 1;
        s->resyncing = true;
    } else if ((ev->seq == 1 || (snap && ev->seq < s->last_seq)) && s->last_seq >= 1) {
        /*
         * seq 1 again, or a snapshot numbered below what we hold (seq 1 was lost while the
         * connection came back): a restarted publisher.
         */
        u->restart = true;
        if (!snap)
            s->resyncing = true;
        if (s->seen.table) {
            u->seen = s->seen;
            u->forgot = true;
            memset(&s->seen, 0, sizeof s->seen);
        }
    } else if (ev->seq <= s->last_seq) {
        return;
    }
    s->seq_seen = true;
    s->last_seq = ev->seq;
}

static wb_ms clamp_duration(wb_ms v)
{
    return v > WB_MAX_DURATION_MS ? WB_MAX_DURATION_MS : v;
}

/* ---------------------------------------------------------------- limits */

/*
 * What one message would add to the shared tables: channels by name, queues by registry key,
 * (source, queue) pairs. A message is checked whole against every limit before any of it is
 * applied, so that a refused one leaves no channel, queue or contact behind.
 */
typedef struct wb_plan {
    const char *ch[WB_MAX_CHANNELS]; /* names of new channels */
    size_t n_ch;
    wb_map q; /* every queue key the message names; the plan owns the key strings */
    size_t n_new_q, n_pairs;
} wb_plan;

static void plan_init(const wb_model *m, wb_plan *p)
{
    memset(p, 0, sizeof *p);
    wb_map_init(&p->q);
    wb_map_set_key(&p->q, &m->hkey);
}

static void plan_fini(wb_plan *p)
{
    for (size_t i = 0; i < p->q.cap; i++)
        free((char *)p->q.slots[i].key);
    wb_map_fini(&p->q);
}

static int plan_channel(const wb_model *m, wb_plan *p, const char *name)
{
    if (!name)
        return WB_ERR_INVAL;
    if (wb_model_channel_index(m, name) >= 0)
        return WB_OK;
    for (size_t i = 0; i < p->n_ch; i++)
        if (strcmp(p->ch[i], name) == 0)
            return WB_OK;
    if (strlen(name) >= WB_MAX_NAME || m->n_ch + p->n_ch >= WB_MAX_CHANNELS)
        return WB_ERR_LIMIT;
    p->ch[p->n_ch++] = name;
    return WB_OK;
}

/* A queue the message names; pair: the message would give source s counters for it. */
static int plan_queue(const wb_model *m, const wb_source *s, wb_plan *p, const char *channel,
                      const char *queue, bool pair)
{
    int rc = plan_channel(m, p, channel);
    if (rc < 0)
        return rc;
    char key[WB_QKEY_CAP];
    if (!wb_model_queue_key(key, channel, queue ? queue : channel))
        return WB_ERR_LIMIT;
    if (wb_map_get(&p->q, key))
        return WB_OK;
    int gq = wb_model_gqueue_find(m, channel, queue ? queue : channel);
    if (gq < 0 && m->n_gq + p->n_new_q >= WB_MAX_QUEUES)
        return WB_ERR_LIMIT;
    bool new_pair = pair && (gq < 0 || (size_t)gq >= s->q_cap || !s->q[gq]);
    if (new_pair && (m->n_sq + p->n_pairs + 1) * m->nb > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
    char *k = wb_model_dup_str(key);
    if (!k || wb_map_put(&p->q, k, k) != WB_OK) {
        free(k);
        return WB_ERR_NOMEM;
    }
    p->n_new_q += gq < 0;
    p->n_pairs += new_pair;
    return WB_OK;
}

/* Contacts (waiting and in service) and agents of every source but `except`. */
static size_t contacts_total(const wb_model *m, const wb_source *except)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_src; i++)
        if (m->src[i] != except)
            n += m->src[i]->waiting.len + m->src[i]->in_service.len;
    return n;
}

static size_t agents_total(const wb_model *m, const wb_source *except)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_src; i++)
        if (m->src[i] != except)
            n += m->src[i]->n_agents;
    return n;
}

/*
 * The channel and queue of a contact event, created if new, after checking that they fit: a
 * new channel, a new queue and the source's counters for it (a ring of buckets) each have a
 * limit.
 */
static int resolve_queue(wb_model *m, wb_source *s, const wb_event *ev, int *ch)
{
    const char *qn = ev->queue ? ev->queue : ev->channel;
    int c = wb_model_channel_index(m, ev->channel);
    int gq = c >= 0 ? wb_model_gqueue_find_ch(m, c, qn) : -1;
    if (c < 0 && (m->n_ch >= WB_MAX_CHANNELS || strlen(ev->channel) >= WB_MAX_NAME))
        return WB_ERR_LIMIT;
    if (gq < 0 && (m->n_gq >= WB_MAX_QUEUES || strlen(qn) > WB_MAX_STR_BYTES))
        return WB_ERR_LIMIT;
    if ((gq < 0 || (size_t)gq >= s->q_cap || !s->q[gq]) && (m->n_sq + 1) * m->nb > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
    *ch = c >= 0 ? c : wb_model_channel_get(m, ev->channel);
    if (*ch < 0)
        return *ch;
    m->ch[*ch].had_data = true;
    return gq >= 0 ? gq : wb_model_gqueue_get(m, *ch, qn);
}

/*
 * Whether a contact event would add a contact past a limit (see WB_MAX_CONTACTS). The ids are
 * looked up only near a limit, where it matters whether the contact is already known.
 */
static bool contact_over_limit(const wb_model *m, const wb_source *s, const wb_event *ev)
{
    if (ev->type != WB_EV_QUEUED)
        return false;
    bool total_full = contacts_total(m, NULL) >= WB_MAX_CONTACTS;
    if (s->waiting.len < WB_MAX_WAITING_PER_SOURCE && !total_full)
        return false;
    return !wb_map_get(&s->waiting, ev->id);
}

/*
 * Whether an answered contact can be kept in service (for its handle time). An answer is
 * never refused for want of room: its outcome counts in every window whatever happens to the
 * contact afterwards. The in-service set is usually full because completions were lost (a
 * subscriber overrun), and then only the handle time of the new contact is not followed.
 */
static bool service_has_room(const wb_model *m, const wb_source *s, bool was_waiting)
{
    if (s->in_service.len >= WB_MAX_IN_SERVICE_PER_SOURCE)
        return false;
    return was_waiting || contacts_total(m, NULL) < WB_MAX_CONTACTS;
}

/*
 * Takes the contact of an answer or abandon (its id hashed to h) out of the waiting set and
 * works out its wait: wait_ms when given, else the time since it was queued, else 0
 * (docs/protocol.md section 4). A contact never seen queued still arrived, so it counts in the
 * arrival rate; whether it was seen is asked only when it is not waiting (the fingerprint
 * lookup is the dearer of the two).
 */
static wb_contact *take_waiting(wb_model *m, wb_source *s, wb_squeue *q, const wb_event *ev,
                                uint64_t h, wb_ms *wait)
{
    wb_contact *c = wb_map_del_h(&s->waiting, ev->id, h);
    m->wgen += c != NULL;
    /* -1: neither a wait nor a queued event to take it from (the caller decides what it is). */
    if (ev->wait_ms < 0 && !c) {
        *wait = -1;
    } else {
        wb_ms w = ev->wait_ms >= 0 ? ev->wait_ms : ev->ts - c->ts;
        *wait = clamp_duration(w < 0 ? 0 : w);
    }
    if (!c && !wb_seen_has(&s->seen, fp(h, 'Q')))
        wb_model_count_arrival(m, q, ev->ts);
    return c;
}

static int apply_contact(wb_model *m, wb_source *s, const wb_event *ev)
{
    char kind = "?QABC"[ev->type];
    if (!s->seen.table && wb_seen_init(&s->seen, WB_SEEN_CAP) != WB_OK)
        return WB_ERR_NOMEM;
    /*
     * The id's hash serves the fingerprints and the source's two contact maps alike: every map
     * of a source hashes under the model's key (wb_model_source_get()), so it is computed once.
     */
    uint64_t h = wb_hash_keyed(&m->hkey, ev->id);
    /* The slots of the add at the end (the evicted entry's is rarely cached) load meanwhile. */
    wb_seen_prefetch(&s->seen, fp(h, kind));
    if (wb_seen_has(&s->seen, fp(h, kind)))
        return WB_DUPLICATE;
    /* A queued event that arrives after the contact's outcome is late, not new. */
    if (ev->type == WB_EV_QUEUED &&
        (wb_seen_has(&s->seen, fp(h, 'A')) || wb_seen_has(&s->seen, fp(h, 'B'))))
        return WB_DUPLICATE;
    if (contact_over_limit(m, s, ev))
        return WB_ERR_LIMIT;
    int ch;
    int gq = resolve_queue(m, s, ev, &ch);
    if (gq < 0)
        return gq;
    wb_squeue *q = wb_model_squeue_get(m, s, gq);
    if (!q)
        return WB_ERR_NOMEM;
    s->chmask |= 1u << ch;
    s->contact_mask |= 1u << ch;

    switch (ev->type) {
    case WB_EV_QUEUED: {
        if (wb_map_get_h(&s->waiting, ev->id, h))
            return WB_DUPLICATE;
        wb_contact *c = wb_model_contact_new(ev->id, gq, ch, ev->ts, NULL);
        if (!c || wb_map_put_h(&s->waiting, c->id, h, c) != WB_OK) {
            wb_model_contact_free(c);
            return WB_ERR_NOMEM;
        }
        m->wgen++;
        wb_model_count_arrival(m, q, ev->ts);
        break;
    }
    case WB_EV_ANSWERED: {
        wb_ms wait;
        wb_contact *c = take_waiting(m, s, q, ev, h, &wait);
        /* Answered with no wait known: wait 0 (the protocol's rule). */
        wb_model_count_outcome(m, q, ch, ev->ts, wb_model_count_answered, wait < 0 ? 0 : wait);
        if (ev->agent) {
            wb_agent *a = wb_map_get(&s->agent_map, ev->agent);
            if (a) {
                a->work_ch = ch;
                a->work_ts = ev->ts;
            }
        }
        /* Keep it in service until completed, for its handle time (unless that came first). */
        wb_contact *old = wb_map_del_h(&s->in_service, ev->id, h);
        wb_model_contact_free(old);
        if (wb_seen_has(&s->seen, fp(h, 'C'))) {
            wb_model_contact_free(c);
            break;
        }
        if (!service_has_room(m, s, c != NULL)) {
            wb_model_contact_free(c);
            m->untracked++;
            break;
        }
        if (!c)
            c = wb_model_contact_new(ev->id, gq, ch, ev->ts, ev->agent);
        if (c) {
            c->gq = gq;
            c->ch = ch;
            c->ts = ev->ts;
            wb_model_set_str(&c->agent, ev->agent);
            if (wb_map_put_h(&s->in_service, c->id, h, c) != WB_OK)
                wb_model_contact_free(c);
        }
        break;
    }
    case WB_EV_ABANDONED: {
        wb_ms wait;
        wb_contact *c = take_waiting(m, s, q, ev, h, &wait);
        wb_model_count_outcome(m, q, ch, ev->ts, wb_model_count_abandoned, wait);
        wb_model_contact_free(c);
        break;
    }
    case WB_EV_COMPLETED: {
        wb_contact *c = wb_map_del_h(&s->in_service, ev->id, h);
        wb_ms handle = ev->handle_ms >= 0 ? ev->handle_ms : (c ? ev->ts - c->ts : -1);
        if (handle > WB_MAX_DURATION_MS)
            handle = WB_MAX_DURATION_MS;
        /* Without a handle time there is nothing to average: count it nowhere. */
        if (handle >= 0)
            wb_model_count_outcome(m, q, ch, ev->ts, wb_model_count_completed, handle);
        wb_model_contact_free(c);
        break;
    }
    default:
        return WB_IGNORED;
    }
    wb_seen_add(&s->seen, fp(h, kind));
    return WB_APPLIED;
}

/*
 * The channel set of an agent. A channel that cannot be added (the table is full) is left out
 * rather than losing the whole agent; the return value says that happened.
 */
static int channels_mask(wb_model *m, const char *const *names, size_t n, uint32_t *mask)
{
    int rc = WB_OK;
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        int c = names[i] ? wb_model_channel_get(m, names[i]) : WB_ERR_INVAL;
        if (c < 0)
            rc = c;
        else
            *mask |= 1u << c;
    }
    return rc;
}

static int apply_agent(wb_model *m, wb_source *s, const wb_event *ev)
{
    /* Check every channel and the agent limits first: a refused event changes nothing. */
    wb_plan p;
    plan_init(m, &p);
    int rc = WB_OK;
    for (size_t i = 0; i < ev->n_channels && rc == WB_OK; i++)
        rc = plan_channel(m, &p, ev->channels[i]);
    plan_fini(&p);
    if (rc < 0)
        return rc;
    if (!wb_map_get(&s->agent_map, ev->agent) &&
        (s->n_agents >= WB_MAX_AGENTS_PER_SOURCE || agents_total(m, NULL) >= WB_MAX_AGENTS))
        return WB_ERR_LIMIT;
    uint32_t mask;
    channels_mask(m, ev->channels, ev->n_channels, &mask);
    bool created;
    wb_agent *a = wb_model_agent_get(s, ev->agent, &created);
    if (!a)
        return WB_ERR_NOMEM;
    /* Agent events carry the whole state, so an older one than we hold is simply stale. */
    if (!created && ev->ts < a->last_ts)
        return WB_IGNORED;
    if (created || a->state != ev->state)
        a->since = ev->ts;
    a->state = ev->state;
    /* The event carries the whole state: no "next" is none (the pause was withdrawn). */
    a->has_next = ev->has_next;
    a->next = ev->next;
    /* Only busy and wrap-up are "with a contact"; any other state ends the work. */
    if (a->state != WB_AGENT_BUSY && a->state != WB_AGENT_WRAPUP)
        a->work_ch = -1;
    a->last_ts = ev->ts;
    a->chmask = mask;
    if (ev->name)
        wb_model_set_str(&a->name, ev->name);
    if (ev->team)
        wb_model_set_str(&a->team, ev->team);
    wb_model_set_str(&a->reason, ev->reason);
    s->chmask |= mask;
    for (size_t c = 0; c < WB_MAX_CHANNELS; c++)
        if (mask & (1u << c))
            m->ch[c].had_data = true;
    return WB_APPLIED;
}

/*
 * A snapshot does not say which channel a busy agent works on, but its contacts in service
 * name their agents (a contact stays in service through wrap-up until completed): the newest
 * contact of each busy or wrapping-up agent gives its work channel.
 */
static void restore_work_channels(wb_source *s)
{
    for (size_t i = 0; i < s->n_agents; i++)
        s->agents[i]->work_ch = -1;
    for (size_t i = 0; i < s->in_service.cap; i++) {
        const wb_contact *c = s->in_service.slots[i].val;
        if (!s->in_service.slots[i].key || !c->agent)
            continue;
        wb_agent *a = wb_map_get(&s->agent_map, c->agent);
        if (!a || (a->state != WB_AGENT_BUSY && a->state != WB_AGENT_WRAPUP))
            continue;
        if (a->work_ch < 0 || c->ts > a->work_ts) {
            a->work_ch = c->ch;
            a->work_ts = c->ts;
        }
    }
}

/*
 * Counters a model could have produced: the in-SL and short counts within their totals, the
 * sums within what the counted durations (each clamped to WB_MAX_DURATION_MS) can add up to.
 */
static bool counts_consistent(const wb_counts *c)
{
    if (c->answered_in_sl > c->answered || c->short_abandoned > c->abandoned ||
        c->abandoned_in_sl > c->abandoned - c->short_abandoned)
        return false;
    if (c->wait_sum_ms < 0 || c->handle_sum_ms < 0)
        return false;
    return (double)c->wait_sum_ms <= (double)c->answered * (double)WB_MAX_DURATION_MS &&
           (double)c->handle_sum_ms <= (double)c->completed * (double)WB_MAX_DURATION_MS;
}

/*
 * Checks a whole snapshot before anything of it is applied: its contents (WB_ERR_VALUE for
 * counters that contradict each other or a bucket after the snapshot's own time) and every
 * limit it could pass (WB_ERR_LIMIT), counting what it would add to the shared tables.
 */
static int snapshot_check(const wb_model *m, const wb_source *s, const wb_event *ev)
{
    const wb_snapshot *sn = &ev->snap;
    for (size_t i = 0; i < sn->n_queues; i++) {
        const wb_snap_queue *sq = &sn->queues[i];
        if (!counts_consistent(&sq->today))
            return WB_ERR_VALUE;
        for (size_t b = 0; b < sq->n_buckets; b++)
            if (sq->buckets[b].start > ev->ts || !counts_consistent(&sq->buckets[b].c))
                return WB_ERR_VALUE;
        for (size_t b = 0; b < sq->n_intervals; b++)
            if (sq->intervals[b].start > ev->ts || !counts_consistent(&sq->intervals[b].c))
                return WB_ERR_VALUE;
    }
    /* The day before's array must be there when counted (wb_model_day_before_from_snap()). */
    if (sn->n_day_before > 0 && !sn->day_before)
        return WB_ERR_INVAL;
    if (sn->n_waiting > WB_MAX_WAITING_PER_SOURCE ||
        sn->n_in_service > WB_MAX_IN_SERVICE_PER_SOURCE ||
        contacts_total(m, s) + sn->n_waiting + sn->n_in_service > WB_MAX_CONTACTS ||
        sn->n_agents > WB_MAX_AGENTS_PER_SOURCE ||
        agents_total(m, s) + sn->n_agents > WB_MAX_AGENTS)
        return WB_ERR_LIMIT;
    wb_plan p;
    plan_init(m, &p);
    int rc = WB_OK;
    for (size_t i = 0; i < sn->n_queues && rc == WB_OK; i++)
        rc = plan_queue(m, s, &p, sn->queues[i].channel, sn->queues[i].queue, true);
    for (size_t i = 0; i < sn->n_waiting && rc == WB_OK; i++)
        rc = !sn->waiting[i].id
                 ? WB_ERR_INVAL
                 : plan_queue(m, s, &p, sn->waiting[i].channel, sn->waiting[i].queue, false);
    for (size_t i = 0; i < sn->n_in_service && rc == WB_OK; i++)
        rc = !sn->in_service[i].id
                 ? WB_ERR_INVAL
                 : plan_queue(m, s, &p, sn->in_service[i].channel, sn->in_service[i].queue, false);
    for (size_t i = 0; i < sn->n_agents && rc == WB_OK; i++) {
        const wb_snap_agent *sa = &sn->agents[i];
        /*
         * A snapshot built by hand is held to what the decoder guarantees, "next" included:
         * one on an agent that is not busy or wrapping up would count it as pausing, and the
         * model's own snapshot of the source could then never be encoded again.
         */
        if (!sa->agent || sa->n_channels > WB_MAX_CHANNELS || (int)sa->state < 0 ||
            sa->state >= WB_AGENT_NSTATES ||
            (sa->has_next && !wb_agent_next_ok(sa->state, sa->next)))
            rc = WB_ERR_INVAL;
        for (size_t c = 0; c < sa->n_channels && rc == WB_OK; c++)
            rc = plan_channel(m, &p, sa->channels[c]);
    }
    plan_fini(&p);
    return rc < 0 ? rc : wb_model_kpi_snapshot_check(m, s, sn, ev->ts);
}

static int apply_snapshot(wb_model *m, wb_source *s, const wb_event *ev)
{
    const wb_snapshot *sn = &ev->snap;
    int crc = snapshot_check(m, s, ev);
    if (crc < 0)
        return crc;
    wb_model_ensure_day(m, ev->ts);
    /*
     * A publisher whose "today" is another day than ours (it runs in another time zone, or its
     * snapshot was made just before our midnight) cannot tell us about our today: keep the
     * counts we have for its queues rather than lose them. Its contacts, agents, rates and
     * buckets are stamped in absolute time and are the same in every zone: they are applied.
     */
    size_t nkeep = s->q_cap;
    wb_squeue *keep = calloc(nkeep + 1, sizeof *keep);
    if (!keep)
        return WB_ERR_NOMEM;
    for (size_t i = 0; i < nkeep; i++)
        if (s->q[i])
            keep[i] = *s->q[i];
    wb_model_source_clear(m, s);
    int rc = WB_APPLIED;
    wb_ms other_zone = 0; /* the day start of a queue counted in another zone; 0 = none */

    for (size_t i = 0; i < sn->n_queues; i++) {
        const wb_snap_queue *sq = &sn->queues[i];
        int ch = wb_model_channel_get(m, sq->channel);
        int gq = wb_model_gqueue_get(m, ch, sq->queue ? sq->queue : sq->channel);
        wb_squeue *q = gq >= 0 ? wb_model_squeue_get(m, s, gq) : NULL;
        if (!q) {
            rc = WB_ERR_NOMEM;
            goto done;
        }
        s->chmask |= 1u << ch;
        s->contact_mask |= 1u << ch;
        m->ch[ch].had_data = true;
        if (sq->day_start == m->day_start) {
            q->day_start = m->day_start;
            q->today = sq->today;
        } else {
            if ((size_t)gq < nkeep && keep[gq].day_start == m->day_start) {
                q->day_start = keep[gq].day_start;
                q->today = keep[gq].today;
            }
            /*
             * Another day of our zone is harmless (a snapshot made just before our midnight,
             * or a publisher whose day has not rolled over yet), and 0 is a publisher that did
             * not say. A day start that is no midnight of ours at all means the publisher
             * counts its day in another time zone: its today covers other hours than ours and
             * will never be taken, which the installer must be told (wb_model_day_mismatch()).
             */
            if (sq->day_start != 0 && wb_day_start(sq->day_start, m->cfg.tz) != sq->day_start)
                other_zone = sq->day_start;
        }
        wb_model_interval_from_snap(m, q, sq, (size_t)gq < nkeep ? keep[gq].iv_day : 0);
        q->arr_rate = sq->arrival_rate;
        /* A publisher without the fast rate: start it from the slow one (no trend). */
        q->arr_fast = sq->has_rate_fast ? sq->arrival_rate_fast : sq->arrival_rate;
        q->arr_ts = sq->arrival_ts;
        wb_ms lo = wb_model_window_lo(m, ev->ts);
        for (size_t b = 0; b < sq->n_buckets; b++) {
            if (sq->buckets[b].start < lo)
                continue;
            wb_counts *c = wb_model_bucket_for(m, q, sq->buckets[b].start);
            if (c)
                wb_counts_add(c, &sq->buckets[b].c);
        }
    }
    for (size_t i = 0; i < sn->n_waiting; i++) {
        const wb_snap_contact *sc = &sn->waiting[i];
        int ch = wb_model_channel_get(m, sc->channel);
        int gq = wb_model_gqueue_get(m, ch, sc->queue ? sc->queue : sc->channel);
        if (gq < 0 || wb_map_get(&s->waiting, sc->id))
            continue;
        wb_contact *c = wb_model_contact_new(sc->id, gq, ch, sc->ts, NULL);
        if (!c || wb_map_put(&s->waiting, c->id, c) != WB_OK) {
            wb_model_contact_free(c);
            rc = WB_ERR_NOMEM;
            goto done;
        }
        s->chmask |= 1u << ch;
        s->contact_mask |= 1u << ch;
        m->ch[ch].had_data = true;
    }
    for (size_t i = 0; i < sn->n_in_service; i++) {
        const wb_snap_service *sc = &sn->in_service[i];
        int ch = wb_model_channel_get(m, sc->channel);
        int gq = wb_model_gqueue_get(m, ch, sc->queue ? sc->queue : sc->channel);
        if (gq < 0 || wb_map_get(&s->in_service, sc->id))
            continue;
        wb_contact *c = wb_model_contact_new(sc->id, gq, ch, sc->ts, sc->agent);
        if (!c || wb_map_put(&s->in_service, c->id, c) != WB_OK) {
            wb_model_contact_free(c);
            rc = WB_ERR_NOMEM;
            goto done;
        }
    }
    for (size_t i = 0; i < sn->n_agents; i++) {
        const wb_snap_agent *sa = &sn->agents[i];
        bool created;
        wb_agent *a = wb_model_agent_get(s, sa->agent, &created);
        if (!a) {
            rc = WB_ERR_NOMEM;
            goto done;
        }
        channels_mask(m, sa->channels, sa->n_channels, &a->chmask);
        a->state = sa->state;
        a->has_next = sa->has_next;
        a->next = sa->next;
        a->since = sa->since;
        a->last_ts = ev->ts;
        wb_model_set_str(&a->name, sa->name);
        wb_model_set_str(&a->team, sa->team);
        wb_model_set_str(&a->reason, sa->reason);
        s->chmask |= a->chmask;
        for (size_t c = 0; c < WB_MAX_CHANNELS; c++)
            if (a->chmask & (1u << c))
                m->ch[c].had_data = true;
    }
    if (wb_model_kpi_snapshot_apply(m, s, sn) < 0) {
        rc = WB_ERR_NOMEM;
        goto done;
    }
    wb_model_day_before_from_snap(m, sn);
    restore_work_channels(s);
    /* A hub still resyncing the source says so: its snapshot may be as wrong as its state. */
    s->resyncing = sn->resyncing;
    if (other_zone != 0) {
        m->day_mismatch.n++;
        m->day_mismatch.theirs = other_zone;
        m->day_mismatch.ours = m->day_start;
    }
done:
    m->wgen++;
    free(keep);
    return rc;
}

/* Events built by hand (not decoded) may lack what the decoder guarantees. */
static bool well_formed(const wb_event *ev)
{
    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        return ev->id && ev->channel;
    case WB_EV_AGENT_STATE:
        return ev->agent && ev->state < WB_AGENT_NSTATES && ev->n_channels <= WB_MAX_CHANNELS &&
               (!ev->has_next || wb_agent_next_ok(ev->state, ev->next));
    case WB_EV_KPI:
        return ev->kpi.kpi != NULL;
    default:
        return true;
    }
}

/* The message applied by its kind: a negative code when refused. */
static int apply_kind(wb_model *m, wb_source *s, const wb_event *ev)
{
    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        return apply_contact(m, s, ev);
    case WB_EV_AGENT_STATE:
        return apply_agent(m, s, ev);
    case WB_EV_SNAPSHOT:
        return apply_snapshot(m, s, ev);
    case WB_EV_KPI:
        return wb_model_kpi_apply(m, s, ev);
    default:
        return WB_IGNORED;
    }
}

int wb_model_apply(wb_model *m, const wb_event *ev, wb_ms rx_now)
{
    if (!m || !ev || !well_formed(ev))
        return WB_ERR_INVAL;
    /*
     * One event stamped far ahead (a publisher with a wrong clock) would move today, the
     * rolling window and the arrival rate into the future; it is refused before it touches
     * anything. The bound is relative to the newest tick, so replays and fast simulations
     * that tick on event time are not affected. On event time there is no "ahead", only
     * "newer": the limit does not apply. Its sequence number still counts (below), as any
     * refused message's does, or the next one would look like a gap.
     */
    bool future = !m->event_clock && m->max_future > 0 && m->tick_now > 0 &&
                  ev->ts > m->tick_now + m->max_future;
    /*
     * The same for a contact's or an agent's event received long after its time (a clock
     * behind, or seconds sent for milliseconds): such events are sent as they happen. The
     * bound is from the receipt, so a hub rebuilding from its journal, which gives each line
     * the time it was received, takes its morning's lines in the afternoon. A snapshot, a
     * heartbeat or a KPI figure says what holds as of its time, which may be long ago: an
     * Asterisk adapter stamps its snapshots with the time of the log's last line, hours old
     * after a quiet night.
     */
    bool past = !m->event_clock && m->max_past > 0 && ev->type >= WB_EV_QUEUED &&
                ev->type <= WB_EV_AGENT_STATE && ev->ts < rx_now - m->max_past;
    bool wrong_time = future || past;
    const char *src = ev->src ? ev->src : "";
    size_t n_src = m->n_src;
    wb_source *s = wb_model_source_get(m, src);
    bool fresh = m->n_src > n_src;
    if (!s)
        return m->n_src >= WB_MAX_SOURCES ? WB_ERR_LIMIT : WB_ERR_NOMEM;
    /*
     * When the source was last heard. A hub's snapshot of a publisher it has not heard for a
     * while says how long (silent_ms): a screen that joins during the publisher's outage then
     * shows the day marked stale since the publisher went quiet, on its own clock, rather than
     * as fresh. Such a snapshot never makes a source or the board look older than what was
     * heard here already; anything else is heard now, but for a message refused for its time:
     * a publisher whose clock runs hours ahead says nothing the board can use, and the board
     * must go stale over its frozen figures rather than look live.
     */
    if (wrong_time) {
        /* Not heard: only its sequence number counts (below). */
    } else if (ev->type == WB_EV_SNAPSHOT && ev->snap.silent_ms > 0) {
        wb_ms heard = ev->snap.silent_ms < rx_now ? rx_now - ev->snap.silent_ms : 0;
        if (heard > s->last_rx)
            s->last_rx = heard;
        if (heard > m->last_rx)
            m->last_rx = heard;
    } else {
        s->last_rx = rx_now;
        m->last_rx = rx_now;
    }
    seq_undo undo;
    seq_keep(s, &undo);
    track_seq(s, ev, &undo);

    int rc = future ? WB_ERR_FUTURE : past ? WB_ERR_PAST : apply_kind(m, s, ev);
    /* A refused message leaves nothing behind: not even the source it would have created. */
    seq_settle(s, &undo, rc >= 0);
    if (rc < 0 && fresh && m->n_src > 0 && m->src[m->n_src - 1] == s) {
        m->n_src--;
        wb_model_source_free(m, s);
    } else if (rc >= 0 && ev->ts > m->newest_ts) {
        m->newest_ts = ev->ts;
    }
    /*
     * Heard on the model's clock, the one that decides the day: the receiver's clock, or on
     * event time the events' (where rx_now is some other clock, the machine's while a
     * recorded day plays). A refused message is not heard: its time may be the wrong one.
     * A hub's snapshot of a source it has not heard for silent_ms says the model is
     * listening, but that the source was last heard that long ago.
     */
    if (rc >= 0) {
        wb_ms t = m->event_clock ? ev->ts : rx_now, src_t = t;
        if (ev->type == WB_EV_SNAPSHOT && ev->snap.silent_ms > 0)
            src_t = ev->snap.silent_ms < t ? t - ev->snap.silent_ms : 0;
        wb_model_heard(m, s, t, src_t);
    }
    return rc;
}
