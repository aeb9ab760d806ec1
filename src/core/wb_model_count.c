/*
 * wb_model_count.c - the model's day and counters: which day "today" is, the ring of
 * rolling-window buckets of each (source, queue) pair and what an outcome or an arrival adds
 * to them.
 *
 * Data structure owned here: a wb_squeue's today counters (valid for the day it names), its
 * ring of nb buckets (slot = bucket start / bucket width modulo nb, start -1 = unused) and its
 * two exponentially weighted arrival rates; the model's day_start/day_end; what it heard of
 * the day (heard_last, watch_w, the model's and each source's); each channel's day before (prof,
 * and whether it was watched whole), made at the rollover or adopted from a snapshot's
 * "day_before".
 */
#include "wb_model_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wb_forecast.h"
#include "wb_proto_int.h"
#include "wb_time.h"

/* Outcomes up to this far past the end of the current day roll the day over by themselves. */
#define WB_DAY_SKEW_MS (3600 * 1000)

/* How often (event time) a channel's surprise rate is summed again over its queues. */
#define WB_SUR_RESUM_MS 1000

/* ---------------------------------------------------------------- what was watched */

/*
 * Whether the day was watched is judged by what the model heard, on the clock that decides
 * the day: every message counts (a heartbeat says the feed is alive even when no contact
 * comes), a silence longer than WB_WATCH_GAP_MS is the feed down or the model not running,
 * and the arrivals of such a silence are missing from the day's intervals. Ticks do not count:
 * a model that ticks but hears nothing knows nothing of the arrivals. The gap is minutes, not
 * stale_after's seconds: a short break is followed by the publisher's snapshot, whose
 * intervals bring the day's counts back, and a lost minute changes an interval of 15 by a
 * fifteenth at most.
 */
/*
 * Since when today has been watched as of t, for a listener last heard at heard_last whose
 * latest silence ended at watch_w: the silence from heard_last (or the day's start) to t,
 * within today, counts when longer than WB_WATCH_GAP_MS.
 */
static wb_ms watched_from(const wb_model *m, wb_ms heard_last, wb_ms watch_w, wb_ms t)
{
    if (m->day_end == 0)
        return -1;
    wb_ms lo = heard_last > m->day_start ? heard_last : m->day_start;
    wb_ms hi = t < m->day_end ? t : m->day_end;
    return hi - lo > WB_WATCH_GAP_MS && hi > watch_w ? hi : watch_w;
}

void wb_model_heard(wb_model *m, wb_source *s, wb_ms t, wb_ms src_t)
{
    /*
     * On event time the first event sets the day (the next tick would: it is the newest event
     * time), so that a recorded day played in one burst, faster than the ticks, is heard from
     * its first message. On the wall clock the receiver ticks before anything can arrive; a
     * message before the model has a day is not heard, and the silence of the day that comes
     * is counted from its start: the model's start is never taken for earlier.
     *
     * On event time a message of a later day also rolls the day over before it is heard, as
     * the wall clock's ticks do at midnight: heard in the old day, the silence before it would
     * be cut at that day's end, and the new day, begun by the next outcome, would start
     * watched from its midnight, the night's silence forgotten.
     */
    if (m->event_clock && (m->day_end == 0 || t >= m->day_end))
        wb_model_ensure_day(m, t);
    if (m->day_end == 0)
        return;
    m->watch_w = watched_from(m, m->heard_last, m->watch_w, t);
    if (t > m->heard_last)
        m->heard_last = t;
    if (!s)
        return;
    s->watch_w = watched_from(m, s->heard_last, s->watch_w, src_t);
    if (src_t > s->heard_last)
        s->heard_last = src_t;
}

void wb_model_watch_from(wb_model *m, wb_ms t, bool later_only)
{
    if (!later_only || t > m->watch_w)
        m->watch_w = t;
    for (size_t i = 0; i < m->n_src; i++)
        if (!later_only || t > m->src[i]->watch_w)
            m->src[i]->watch_w = t;
}

wb_ms wb_model_watched_from(const wb_model *m, wb_ms t)
{
    return watched_from(m, m->heard_last, m->watch_w, t);
}

/* Whether source s counted an outcome of channel ch today (wb_model_interval.c's counters). */
static bool counted_today(const wb_model *m, const wb_source *s, size_t ch)
{
    for (size_t q = 0; q < s->q_cap && q < m->n_gq; q++)
        if (s->q[q] && m->gq[q].ch == (int)ch && s->q[q]->iv && s->q[q]->iv_day == m->day_start)
            return true;
    return false;
}

/*
 * A channel's day is watched as well as the model listened and as well as each source that
 * counted its outcomes today was heard: with two publishers, one down for hours while the other
 * is heard leaves the channel's intervals without the first one's share. A source that counted
 * nothing of the channel today is not asked (one that no longer publishes, or publishes other
 * channels).
 */
wb_ms wb_model_channel_watched_from(const wb_model *m, size_t ch, wb_ms t)
{
    wb_ms from = wb_model_watched_from(m, t);
    for (size_t i = 0; i < m->n_src && ch < m->n_ch; i++) {
        const wb_source *s = m->src[i];
        if (!counted_today(m, s, ch))
            continue;
        wb_ms f = watched_from(m, s->heard_last, s->watch_w, t);
        if (f > from)
            from = f;
    }
    return from;
}

/*
 * Whether the day that ends now was watched whole for a channel whose first arrival of the
 * day counts in interval `first` (-1: none): watched from its start, or from an hour or more
 * before that interval began. The second form is for the screen started at 05:00 that the
 * phones open to at 07:00: hearing no arrival for an hour while listening says the channel
 * was closed, and a center closed then was closed since midnight too (one that closes for
 * more than an hour around the moment a screen starts, or has under one contact an hour, is
 * what this cannot tell apart). The interval's start, not the arrival's time, is compared, so
 * that the arrivals of that interval are all in.
 */
static bool watched_whole(const wb_model *m, wb_ms from, long first, wb_ms width)
{
    if (from <= m->day_start)
        return true;
    return first >= 0 && from + WB_WATCH_LEAD_MS <= m->day_start + (wb_ms)first * width;
}

/* ---------------------------------------------------------------- the day and the rings */

/*
 * The day moves to the one starting at start: when that is the day after the current one and
 * as long (not across a daylight-saving change, where the profile's intervals would fall an
 * hour off and a 23-hour day would end an hour early), each channel's arrivals per interval of
 * the current day become its day before's profile (docs/metrics.md section 6.5), marked whole
 * or not (watched_whole()); any other move leaves no day before.
 */
static void keep_day_before(wb_model *m, wb_ms start)
{
    wb_ms width = 0;
    size_t n = wb_model_interval_count(m, NULL, &width);
    bool next = m->day_end != 0 && start == m->day_end && n > 0 && n <= WB_PROF_MAX &&
                wb_day_end(start, m->cfg.tz) - start == m->day_end - m->day_start;
    wb_counts iv[WB_PROF_MAX];
    for (size_t c = 0; c < m->n_ch; c++) {
        wb_channel *ch = &m->ch[c];
        ch->prof_n = 0;
        ch->prof_whole = false;
        if (!next)
            continue;
        wb_model_channel_intervals(m, c, iv, n);
        long first = -1;
        for (size_t i = 0; i < n; i++) {
            uint64_t k = (uint64_t)iv[i].answered + iv[i].abandoned;
            ch->prof[i] = (double)k / ((double)width / 1000.0);
            if (k > 0 && first < 0)
                first = (long)i;
        }
        ch->prof_n = n;
        ch->prof_whole =
            watched_whole(m, wb_model_channel_watched_from(m, c, m->day_end), first, width);
    }
}

/* The local date of the day that ended where today started: the day before's. */
static void day_before_date(const wb_model *m, struct tm *out)
{
    wb_localtime(m->day_start - 1, m->cfg.tz, out);
}

int wb_model_day_before_to_snap(const wb_model *m, uint32_t chmask, wb_snapshot *out)
{
    size_t n = 0;
    /* A day before not watched whole is not sent: a receiver would take it for the day. */
    for (size_t c = 0; c < m->n_ch; c++)
        n += (chmask & (1u << c)) && m->ch[c].prof_n > 0 && m->ch[c].prof_whole;
    if (n == 0 || m->day_end == 0)
        return WB_OK;
    /*
     * The protocol writes the date as YYYY-MM-DD: a day the format cannot name (an event clock
     * set past the year 9999) sends no day before, rather than a snapshot that cannot be
     * encoded at all.
     */
    struct tm tm;
    day_before_date(m, &tm);
    if (!wb_proto_date_ok(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday))
        return WB_OK;
    out->day_before = calloc(n, sizeof *out->day_before);
    if (!out->day_before)
        return WB_ERR_NOMEM;
    wb_ms width = wb_model_interval_ms(m);
    double width_s = (double)width / 1000.0;
    for (size_t c = 0; c < m->n_ch; c++) {
        const wb_channel *ch = &m->ch[c];
        if (!(chmask & (1u << c)) || ch->prof_n == 0 || !ch->prof_whole)
            continue;
        wb_snap_day_before *d = &out->day_before[out->n_day_before++];
        d->channel = ch->cfg.name;
        d->year = tm.tm_year + 1900;
        d->month = tm.tm_mon + 1;
        d->mday = tm.tm_mday;
        d->interval_ms = width;
        d->n_arrivals = ch->prof_n;
        /* The rates are counts divided by the width: multiplied back, they round to them. */
        for (size_t i = 0; i < ch->prof_n; i++) {
            long long k = llround(ch->prof[i] * width_s);
            d->arrivals[i] = k <= 0 ? 0 : k >= (long long)UINT32_MAX ? UINT32_MAX : (uint32_t)k;
        }
    }
    return WB_OK;
}

void wb_model_day_before_from_snap(wb_model *m, const wb_snapshot *sn)
{
    if (sn->n_day_before == 0 || m->day_end == 0)
        return;
    /*
     * The rule of keep_day_before(): the day before must be exactly as long as today (not
     * across a daylight-saving change) and fit WB_PROF_MAX intervals of our width.
     */
    wb_ms width = wb_model_interval_ms(m);
    wb_ms len = m->day_start - wb_day_start(m->day_start - 1, m->cfg.tz);
    size_t n = (size_t)((len + width - 1) / width);
    if (len != m->day_end - m->day_start || n == 0 || n > WB_PROF_MAX)
        return;
    struct tm tm;
    day_before_date(m, &tm);
    for (size_t i = 0; i < sn->n_day_before; i++) {
        const wb_snap_day_before *d = &sn->day_before[i];
        int c = d->channel ? wb_model_channel_index(m, d->channel) : -1;
        if (c < 0 || d->interval_ms != width || d->n_arrivals != n ||
            d->year != tm.tm_year + 1900 || d->month != tm.tm_mon + 1 || d->mday != tm.tm_mday)
            continue;
        /*
         * Only a channel without a whole day before adopts one. A model that rolled over
         * having watched the day whole made its own from the day it counted (snapshots'
         * intervals included), which is the same day the sender saw or a fuller one: a
         * publisher's snapshot tells only its own share of a channel that several feed. One
         * that did not watch it whole (started late, or deaf for hours) takes the sender's,
         * which senders send only when whole. And once adopted, a later snapshot does not
         * replace it, so that the shape, and the forecast it bends, does not change with each
         * snapshot of the day (whichever source's comes last).
         */
        wb_channel *ch = &m->ch[c];
        if (ch->prof_n > 0 && ch->prof_whole)
            continue;
        for (size_t k = 0; k < n; k++)
            ch->prof[k] = (double)d->arrivals[k] / ((double)width / 1000.0);
        ch->prof_n = n;
        ch->prof_whole = true;
    }
}

void wb_model_set_day(wb_model *m, wb_ms t)
{
    wb_ms start = wb_day_start(t, m->cfg.tz);
    if (start != m->day_start) {
        keep_day_before(m, start);
        wb_model_watch_from(m, start, false);
    }
    m->day_start = start;
    m->day_end = wb_day_end(t, m->cfg.tz);
}

/*
 * The day only moves forward: a clock a few seconds behind the publisher's must not move
 * "today" back to yesterday once an event has rolled it over (and erase the new day's counts).
 */
void wb_model_ensure_day(wb_model *m, wb_ms t)
{
    if (m->day_end == 0 || t >= m->day_end)
        wb_model_set_day(m, t);
}

wb_ms wb_model_floor_to(wb_ms t, wb_ms w)
{
    return t >= 0 ? t / w * w : -((-t + w - 1) / w) * w;
}

/* Ring slot of the bucket starting at start (a floor modulo: right for negative times too). */
size_t wb_model_slot_of(wb_ms start, wb_ms w, size_t nb)
{
    wb_ms k = (start / w) % (wb_ms)nb;
    return (size_t)(k < 0 ? k + (wb_ms)nb : k);
}

/* The oldest bucket start still inside the rolling window at now. */
wb_ms wb_model_window_lo(const wb_model *m, wb_ms now)
{
    return wb_model_floor_to(now, m->bucket_ms) - (wb_ms)(m->nb - 1) * m->bucket_ms;
}

wb_counts *wb_model_bucket_for(wb_model *m, wb_squeue *q, wb_ms ts)
{
    wb_ms start = wb_model_floor_to(ts, m->bucket_ms);
    wb_bucket *b = &q->ring[wb_model_slot_of(start, m->bucket_ms, m->nb)];
    if (b->start == start)
        return &b->c;
    if (b->start > start)
        return NULL; /* the slot already holds a newer period: this outcome is too old */
    b->start = start;
    memset(&b->c, 0, sizeof b->c);
    return &b->c;
}

/* Counts the outcome in today's counters (if it is today) and in its rolling bucket. */
typedef void (*wb_count_fn)(wb_counts *c, const wb_channel_cfg *cfg, wb_ms v);

void wb_model_count_outcome(wb_model *m, wb_squeue *q, int ch, wb_ms ts, wb_count_fn fn, wb_ms v)
{
    /*
     * On the wall clock, only an outcome just past midnight rolls the day over (a publisher a
     * little ahead of us); one far ahead is a wrong clock. On event time the events are the
     * clock: any later day is the new today.
     */
    if (m->day_end == 0 ||
        (ts >= m->day_end && (m->event_clock || ts < m->day_end + WB_DAY_SKEW_MS)))
        wb_model_set_day(m, ts);
    /* The queue's own settings (its T, its short abandons), which default to its channel's. */
    const wb_channel_cfg *cfg =
        q->gq >= 0 && (size_t)q->gq < m->n_gq ? &m->gq[q->gq].cfg : &m->ch[ch].cfg;
    if (ts >= m->day_start && ts < m->day_end) {
        if (q->day_start < m->day_start) {
            memset(&q->today, 0, sizeof q->today);
            q->day_start = m->day_start;
        }
        fn(&q->today, cfg, v);
        wb_counts *iv = wb_model_interval_for(m, q, ts);
        if (iv)
            fn(iv, cfg, v);
    }
    wb_counts *b = wb_model_bucket_for(m, q, ts);
    if (b)
        fn(b, cfg, v);
}

/* One outcome added through the saturating sum, so that no counter ever wraps. */
static void count_one(wb_counts *c, wb_counts one)
{
    wb_counts_add(c, &one);
}

void wb_model_count_answered(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait)
{
    count_one(
        c, (wb_counts){.answered = 1, .wait_sum_ms = wait, .answered_in_sl = wait <= cfg->sl_t_ms});
}

/*
 * An abandon whose wait is not known (wait < 0: no wait_ms and its queued event never came,
 * lost in a gap or never sent) is neither short nor within T. Read as a wait of 0 it was a
 * short abandon, left out of every rate: a publisher that sends only outcomes showed an
 * abandon rate of 0 %, and abandons whose queued events were lost raised the service level.
 */
void wb_model_count_abandoned(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait)
{
    bool known = wait >= 0;
    bool short_ab = known && wait < cfg->short_abandon_ms;
    count_one(c, (wb_counts){.abandoned = 1,
                             .short_abandoned = short_ab,
                             .abandoned_in_sl = known && !short_ab && wait <= cfg->sl_t_ms});
}

void wb_model_count_completed(wb_counts *c, const wb_channel_cfg *cfg, wb_ms handle)
{
    (void)cfg;
    count_one(c, (wb_counts){.completed = 1, .handle_sum_ms = handle});
}

double wb_model_tau_slow_s(const wb_model *m)
{
    return (double)(m->cfg.forecast_tau_ms > 0 ? m->cfg.forecast_tau_ms : 900000) / 1000.0;
}

/*
 * Two exponentially weighted arrival rates of the same arrivals, a slow one (the configured
 * smoothing) and a fast one, sharing one time stamp; their difference is the trend
 * (wb_rate_trend()). wb_ewrate_add() makes the result independent of the order in which
 * arrivals are told.
 */
void wb_model_count_arrival(wb_model *m, wb_squeue *q, wb_ms ts)
{
    double tau = wb_model_tau_slow_s(m);
    q->arr_rate = wb_ewrate_add(q->arr_rate, q->arr_ts, ts, tau);
    q->arr_fast = wb_ewrate_add(q->arr_fast, q->arr_ts, ts, WB_FORECAST_TAU_FAST_S);
    if (ts > q->arr_ts)
        q->arr_ts = ts;
    if (q->gq < 0 || (size_t)q->gq >= m->n_gq)
        return;
    /*
     * The channel's surprise statistic: the arrival against the slow rate kept since the last
     * one, then the channel's slow rate now (this arrival included, every queue of every
     * publisher of the channel) for the next.
     */
    size_t ch = (size_t)m->gq[q->gq].ch;
    wb_channel *c = &m->ch[ch];
    /* A rate below the model's "no rate" (the night) starts again from nothing. */
    if (wb_ewrate_at(c->sur_rate, c->sur_ts, ts, tau) * tau < 0.01)
        c->sur_since = ts;
    double v = wb_surprise_add(c->sur_s, c->sur_rate, c->sur_ts, ts, tau, WB_FORECAST_SURPRISE_R);
    c->sur_s = isfinite(v) ? v : 0;
    /*
     * The sum of exponentially weighted rates of one time constant is the rate of all their
     * arrivals, so each arrival is added to the channel's rate as it is to its queue's. Only a
     * snapshot changes a queue's rate otherwise (or a source or queue going away), so once a
     * second (of event time) the rate is summed again over every queue of every source of the
     * channel: summing at each arrival would cost sources x queues exponentials an arrival
     * (65,000 at the model's limits), and the sum between is the same.
     */
    wb_ms prev_ts = c->sur_ts;
    if (ts > c->sur_ts)
        c->sur_ts = ts;
    if (c->sur_sum_at != 0 && c->sur_ts - c->sur_sum_at < WB_SUR_RESUM_MS) {
        c->sur_rate = wb_ewrate_add(c->sur_rate, prev_ts, ts, tau);
        return;
    }
    double rate = 0;
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t k = 0; k < m->src[s]->q_cap && k < m->n_gq; k++)
            if (m->src[s]->q[k] && (size_t)m->gq[k].ch == ch)
                rate += wb_ewrate_at(m->src[s]->q[k]->arr_rate, m->src[s]->q[k]->arr_ts, c->sur_ts,
                                     tau);
    c->sur_rate = rate;
    c->sur_sum_at = c->sur_ts;
}

double wb_model_surprise_at(const wb_model *m, size_t ch, wb_ms now)
{
    const wb_channel *c = &m->ch[ch];
    double tau = wb_model_tau_slow_s(m);
    if ((double)(now - c->sur_since) < WB_FORECAST_SURPRISE_SETTLE * tau * 1000.0)
        return 0;
    double v = wb_surprise_at(c->sur_s, c->sur_rate, c->sur_ts, now, tau, WB_FORECAST_SURPRISE_R);
    return isfinite(v) ? v : 0;
}

void wb_model_rate_at(const wb_model *m, const wb_squeue *q, wb_ms now, double *slow, double *fast)
{
    *slow += wb_ewrate_at(q->arr_rate, q->arr_ts, now, wb_model_tau_slow_s(m));
    *fast += wb_ewrate_at(q->arr_fast, q->arr_ts, now, WB_FORECAST_TAU_FAST_S);
}
