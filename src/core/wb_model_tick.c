/*
 * wb_model_tick.c - what the passing of time does to the model: the day rolling over,
 * contacts whose outcome was lost dropped, the sparkline of waiting contacts sampled.
 *
 * Data structure owned here: the waiting cache (wb_wcache: waiting counts and oldest queued
 * times per channel and per queue, valid for one generation of the waiting sets) and each
 * channel's sparkline ring (WB_SPARK_N samples of WB_SPARK_MS, each tagged with its slot).
 */
#include "wb_model_int.h"

#include <stdlib.h>

/* Contacts in service longer than this are dropped when the day rolls over: their
 * completion was lost, and they would otherwise be kept forever. */
#define WB_MAX_SERVICE_MS (24LL * 3600 * 1000)

/* ---------------------------------------------------------------- tick */

/* Brings the waiting cache up to date: one pass over every waiting contact. */
const wb_wcache *wb_model_waiting_counts(const wb_model *m)
{
    wb_wcache *w = m->wcache;
    if (w->valid && w->gen == m->wgen && w->q_cap >= m->n_gq)
        return w;
    if (w->q_cap < m->n_gq) {
        size_t ncap = m->cap_gq;
        uint32_t *n = realloc(w->q_n, ncap * sizeof *n);
        if (n)
            w->q_n = n;
        wb_ms *o = n ? realloc(w->q_old, ncap * sizeof *o) : NULL;
        if (o)
            w->q_old = o;
        if (n && o)
            w->q_cap = ncap;
    }
    for (size_t i = 0; i < WB_MAX_CHANNELS; i++) {
        w->ch_n[i] = 0;
        w->ch_old[i] = INT64_MAX;
    }
    for (size_t i = 0; i < w->q_cap; i++) {
        w->q_n[i] = 0;
        w->q_old[i] = INT64_MAX;
    }
    for (size_t s = 0; s < m->n_src; s++) {
        const wb_map *mp = &m->src[s]->waiting;
        for (size_t i = 0; i < mp->cap; i++) {
            if (!mp->slots[i].key)
                continue;
            const wb_contact *c = mp->slots[i].val;
            w->ch_n[c->ch]++;
            if (c->ts < w->ch_old[c->ch])
                w->ch_old[c->ch] = c->ts;
            if ((size_t)c->gq < w->q_cap) {
                w->q_n[c->gq]++;
                if (c->ts < w->q_old[c->gq])
                    w->q_old[c->gq] = c->ts;
            }
        }
    }
    w->gen = m->wgen;
    w->valid = w->q_cap >= m->n_gq;
    return w;
}

/* Drops contacts in service whose completion never came (see WB_MAX_SERVICE_MS). */
static void sweep_in_service(wb_model *m, wb_ms now)
{
    for (size_t s = 0; s < m->n_src; s++) {
        wb_map *mp = &m->src[s]->in_service;
        /* Deleting shifts entries back into the slot just visited: look at it again. */
        for (size_t i = 0; i < mp->cap;) {
            const wb_contact *c = mp->slots[i].val;
            if (mp->slots[i].key && now - c->ts > WB_MAX_SERVICE_MS)
                wb_model_contact_free(wb_map_del(mp, mp->slots[i].key));
            else
                i++;
        }
    }
}

/*
 * Drops waiting contacts queued more than the configured expiry before now: their answer or
 * abandon was lost, and they would otherwise stay on the board (and in memory) for ever. The
 * waiting cache says when the oldest one was queued, so a tick with nothing to expire costs
 * no pass over the contacts.
 */
static void expire_waiting(wb_model *m, wb_ms now)
{
    wb_ms after[WB_MAX_CHANNELS];
    bool due = false;
    const wb_wcache *w = wb_model_waiting_counts(m);
    for (size_t c = 0; c < m->n_ch; c++) {
        wb_ms e = m->ch[c].cfg.expiry_ms;
        after[c] = e >= 0 ? e : m->cfg.waiting_expiry_ms;
        if (after[c] > 0 && w->ch_n[c] && now - w->ch_old[c] > after[c])
            due = true;
    }
    if (!due)
        return;
    for (size_t s = 0; s < m->n_src; s++) {
        wb_map *mp = &m->src[s]->waiting;
        /* Deleting shifts entries back into the slot just visited: look at it again. */
        for (size_t i = 0; i < mp->cap;) {
            const wb_contact *c = mp->slots[i].val;
            if (mp->slots[i].key && after[c->ch] > 0 && now - c->ts > after[c->ch]) {
                wb_model_contact_free(wb_map_del(mp, mp->slots[i].key));
                m->expired++;
                m->wgen++;
            } else {
                i++;
            }
        }
    }
}

/* The sparkline slot of a 10 s period: a floor modulo, right for times before 1970 too. */
static size_t spark_slot(int64_t k)
{
    return (size_t)(((k % WB_SPARK_N) + WB_SPARK_N) % WB_SPARK_N);
}

void wb_model_tick(wb_model *m, wb_ms now)
{
    /*
     * On event time there is no "now" before the first event: a tick then carries some other
     * clock (the receiver's wall clock while it waits), which must not fix "today" to a day
     * the events may not belong to (a recorded day of years ago).
     */
    if (m->event_clock && m->newest_ts == 0)
        return;
    /*
     * The first tick of each day sweeps. The day is not always rolled over here: an outcome,
     * a snapshot or (on event time) any message of a later day rolls it before the next tick,
     * so the tick compares with the day it last swept, not with the day it found.
     */
    wb_model_ensure_day(m, now);
    if (m->day_start != m->swept_day) {
        sweep_in_service(m, now);
        m->swept_day = m->day_start;
    }
    if (now > m->tick_now)
        m->tick_now = now;
    expire_waiting(m, now);
    const uint32_t *n = wb_model_waiting_counts(m)->ch_n;
    int64_t idx = wb_model_floor_to(now, WB_SPARK_MS) / WB_SPARK_MS;
    for (size_t c = 0; c < m->n_ch; c++) {
        wb_channel *ch = &m->ch[c];
        uint16_t v = n[c] > UINT16_MAX ? UINT16_MAX : (uint16_t)n[c];
        if (ch->spark_last >= 0 && idx > ch->spark_last) {
            /* Waiting is a level: slots skipped without a tick held the last value seen. */
            int64_t from = idx - ch->spark_last > WB_SPARK_N ? idx - WB_SPARK_N : ch->spark_last;
            uint16_t carry = ch->spark[spark_slot(ch->spark_last)];
            for (int64_t k = from + 1; k < idx; k++) {
                ch->spark[spark_slot(k)] = carry;
                ch->spark_idx[spark_slot(k)] = k;
            }
        }
        size_t slot = spark_slot(idx);
        if (ch->spark_idx[slot] != idx) {
            ch->spark_idx[slot] = idx;
            ch->spark[slot] = v;
        } else if (v > ch->spark[slot]) {
            ch->spark[slot] = v;
        }
        if (idx > ch->spark_last)
            ch->spark_last = idx;
    }
}

void wb_model_set_max_future(wb_model *m, wb_ms ms)
{
    m->max_future = ms > 0 ? ms : 0;
}

void wb_model_set_max_past(wb_model *m, wb_ms ms)
{
    m->max_past = ms > 0 ? ms : 0;
}

void wb_model_set_event_clock(wb_model *m, bool on)
{
    m->event_clock = on;
}

bool wb_model_event_clock(const wb_model *m)
{
    return m->event_clock;
}

wb_ms wb_model_newest_ts(const wb_model *m)
{
    return m->newest_ts;
}
