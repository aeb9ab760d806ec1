/*
 * wb_model_interval.c - the day by interval: today's outcomes per interval of each
 * (source, queue) pair, their sums per channel and per queue, and their way into and out of
 * snapshots.
 *
 * Data structure owned here: a wb_squeue's iv array (iv_n counters of one day, iv_day its
 * start), allocated with the pair's first outcome of a day and reset in place when a later
 * day's first outcome arrives; the model's count of allocated counters (iv_rows), which
 * WB_MAX_INTERVAL_ROWS bounds. Intervals are elapsed time from local midnight: where the
 * zone's offset changes by whole hours (every zone with daylight saving but one) they are
 * also the local clock's quarter hours, on either side of the change.
 */
#include "wb_model_int.h"

#include "wb_time.h"

#include <stdlib.h>
#include <string.h>

wb_ms wb_model_interval_ms(const wb_model *m)
{
    return m->cfg.interval_ms > 0 ? m->cfg.interval_ms : 15 * 60 * 1000;
}

size_t wb_model_interval_count(const wb_model *m, wb_ms *day_start, wb_ms *width)
{
    wb_ms w = wb_model_interval_ms(m);
    if (day_start)
        *day_start = m->day_start;
    if (width)
        *width = w;
    if (m->day_end <= m->day_start)
        return 0;
    return (size_t)((m->day_end - m->day_start + w - 1) / w);
}

uint64_t wb_model_interval_lost(const wb_model *m)
{
    return m->iv_lost;
}

size_t wb_model_channel_day_before(const wb_model *m, size_t ch, const double **rates)
{
    if (rates)
        *rates = NULL;
    if (ch >= m->n_ch || m->ch[ch].prof_n == 0)
        return 0;
    if (rates)
        *rates = m->ch[ch].prof;
    return m->ch[ch].prof_n;
}

bool wb_model_channel_day_before_whole(const wb_model *m, size_t ch)
{
    return ch < m->n_ch && m->ch[ch].prof_n > 0 && m->ch[ch].prof_whole;
}

/* The mean of a profile's steps over local minutes [a, b) of the day, arrivals an hour. */
static double shape_mean(const wb_channel_cfg *c, double a, double b)
{
    double sum = 0;
    for (int j = 0; j < c->n_shape; j++) {
        double from = c->shape_min[j], to = j + 1 < c->n_shape ? c->shape_min[j + 1] : 1e9;
        double lo = from > a ? from : a, hi = to < b ? to : b;
        if (hi > lo)
            sum += c->shape_per_h[j] * (hi - lo);
    }
    return b > a ? sum / (b - a) : 0;
}

size_t wb_model_channel_configured_shape(const wb_model *m, size_t ch, double *out, size_t cap)
{
    wb_ms width;
    size_t n = wb_model_interval_count(m, NULL, &width);
    if (ch >= m->n_ch || m->ch[ch].cfg.n_shape == 0 || n == 0 || n > cap)
        return 0;
    /*
     * A day of 24 hours has no change of the zone's offset, so its local clock runs with the
     * elapsed time from midnight; any other day asks the calendar where each interval starts.
     */
    bool plain = m->day_end - m->day_start == 24LL * 3600 * 1000;
    double w_min = (double)width / 60000.0;
    for (size_t i = 0; i < n; i++) {
        double a = (double)i * w_min;
        if (!plain) {
            struct tm tm;
            wb_localtime(m->day_start + (wb_ms)i * width, m->cfg.tz, &tm);
            a = tm.tm_hour * 60.0 + tm.tm_min + tm.tm_sec / 60.0;
        }
        out[i] = shape_mean(&m->ch[ch].cfg, a, a + w_min) / 3600.0;
    }
    return n;
}

void wb_model_interval_free(wb_model *m, wb_squeue *q)
{
    if (!q->iv)
        return;
    m->iv_rows -= q->iv_n;
    free(q->iv);
    q->iv = NULL;
    q->iv_n = 0;
    q->iv_day = 0;
}

/*
 * Makes q's counters those of today, all zero: reused in place when the new day needs no
 * more of them than the last (every day but a 25-hour one after a shorter one).
 */
static bool start_day(wb_model *m, wb_squeue *q)
{
    size_t n = wb_model_interval_count(m, NULL, NULL);
    if (n == 0)
        return false;
    if (!q->iv || q->iv_n < n) {
        size_t have = q->iv ? q->iv_n : 0;
        if (m->iv_rows - have + n > WB_MAX_INTERVAL_ROWS)
            return false;
        wb_counts *c = realloc(q->iv, n * sizeof *c);
        if (!c)
            return false;
        m->iv_rows = m->iv_rows - have + n;
        q->iv = c;
        q->iv_n = n;
    }
    memset(q->iv, 0, q->iv_n * sizeof *q->iv);
    q->iv_day = m->day_start;
    return true;
}

wb_counts *wb_model_interval_for(wb_model *m, wb_squeue *q, wb_ms ts)
{
    if (ts < m->day_start || ts >= m->day_end)
        return NULL;
    if (q->iv_day != m->day_start && !start_day(m, q)) {
        m->iv_lost++;
        return NULL;
    }
    size_t i = (size_t)((ts - m->day_start) / wb_model_interval_ms(m));
    return i < q->iv_n ? &q->iv[i] : NULL;
}

/* Adds q's counters of today to out[0..n). */
static void add_today(const wb_model *m, const wb_squeue *q, wb_counts *out, size_t n)
{
    if (!q || !q->iv || q->iv_day != m->day_start)
        return;
    for (size_t i = 0; i < n && i < q->iv_n; i++)
        wb_counts_add(&out[i], &q->iv[i]);
}

void wb_model_channel_intervals(const wb_model *m, size_t ch, wb_counts *out, size_t n)
{
    memset(out, 0, n * sizeof *out);
    for (size_t s = 0; s < m->n_src; s++) {
        const wb_source *src = m->src[s];
        for (size_t g = 0; g < src->q_cap && g < m->n_gq; g++)
            if (m->gq[g].ch == (int)ch)
                add_today(m, src->q[g], out, n);
    }
}

void wb_model_queue_intervals(const wb_model *m, size_t q, wb_counts *out, size_t n)
{
    memset(out, 0, n * sizeof *out);
    for (size_t s = 0; s < m->n_src; s++)
        if (q < m->src[s]->q_cap)
            add_today(m, m->src[s]->q[q], out, n);
}

void wb_model_interval_from_snap(wb_model *m, wb_squeue *q, const wb_snap_queue *sq, wb_ms kept_day)
{
    /*
     * Told nothing about our day: the counters the clear left in place are still ours. Told:
     * the publisher's intervals are the whole truth about this pair for today, re-binned by
     * their start into ours (exact when our width is a multiple of the publisher's).
     */
    if (!sq->has_intervals || sq->day_start != m->day_start || sq->interval_ms <= 0) {
        q->iv_day = kept_day;
        return;
    }
    q->iv_day = 0;
    if (sq->n_intervals == 0)
        return;
    if (!start_day(m, q)) {
        m->iv_lost += sq->n_intervals;
        return;
    }
    for (size_t i = 0; i < sq->n_intervals; i++) {
        wb_counts *c = wb_model_interval_for(m, q, sq->intervals[i].start);
        if (c)
            wb_counts_add(c, &sq->intervals[i].c);
    }
}

int wb_model_interval_to_snap(const wb_model *m, const wb_squeue *q, wb_snap_queue *sq)
{
    sq->has_intervals = true;
    sq->interval_ms = wb_model_interval_ms(m);
    sq->intervals = NULL;
    sq->n_intervals = 0;
    if (!q->iv || q->iv_day != m->day_start)
        return WB_OK;
    size_t used = 0;
    const wb_counts zero = {0};
    for (size_t i = 0; i < q->iv_n; i++)
        used += memcmp(&q->iv[i], &zero, sizeof zero) != 0;
    if (used == 0)
        return WB_OK;
    sq->intervals = calloc(used, sizeof *sq->intervals);
    if (!sq->intervals)
        return WB_ERR_NOMEM;
    for (size_t i = 0; i < q->iv_n; i++) {
        if (memcmp(&q->iv[i], &zero, sizeof zero) == 0)
            continue;
        sq->intervals[sq->n_intervals].start = m->day_start + (wb_ms)i * sq->interval_ms;
        sq->intervals[sq->n_intervals].c = q->iv[i];
        sq->n_intervals++;
    }
    return WB_OK;
}
