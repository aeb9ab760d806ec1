/*
 * test_model_interval.c - the day by interval: counts per interval worked out by hand from
 * the definitions (an interval is [start, start + width), the day starts at local midnight),
 * daylight-saving days, the day change, the interval_min key and snapshots that carry the
 * intervals to a late screen, whole or in parts.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_board.h"
#include "wb_config_load.h"
#include "wb_model.h"
#include "wb_snapparts.h"

/* 2026-11-25T00:00:00Z. */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define MIN(x) ((wb_ms)(x)*60 * 1000)
#define S(x) ((wb_ms)(x)*1000)
#define NIV 110 /* room for any day's 15-minute intervals */

static void base_config(wb_config *cfg, const char *tz)
{
    wb_config_defaults(cfg);
    snprintf(cfg->tz, sizeof cfg->tz, "%s", tz);
    const char *names[] = {"phone", "chat"};
    for (size_t i = 0; i < 2; i++) {
        wb_channel_cfg *ch = &cfg->channels[cfg->n_channels++];
        wb_channel_cfg_default(cfg, ch, names[i]);
        ch->sl_t_ms = S(20);
        ch->sl_target = 0.8;
        ch->short_abandon_ms = S(5);
        ch->formula = WB_SL_OFFERED;
    }
}

static int apply_ev(wb_model *m, wb_event_type t, const char *id, const char *ch, const char *q,
                    wb_ms ts, wb_ms wait, wb_ms handle)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, t, ts);
    e.id = id;
    e.channel = ch;
    e.queue = q;
    e.wait_ms = wait;
    e.handle_ms = handle;
    return wb_model_apply(m, &e, ts);
}

static void answered(wb_model *m, const char *id, const char *q, wb_ms at, wb_ms wait)
{
    assert_int_equal(apply_ev(m, WB_EV_ANSWERED, id, "phone", q, at, wait, -1), WB_APPLIED);
}

static void abandoned(wb_model *m, const char *id, const char *q, wb_ms at, wb_ms wait)
{
    assert_int_equal(apply_ev(m, WB_EV_ABANDONED, id, "phone", q, at, wait, -1), WB_APPLIED);
}

static int queue_index(const wb_model *m, const char *name)
{
    for (size_t i = 0; i < wb_model_queue_count(m); i++) {
        wb_queue_metrics qm;
        wb_model_queue_metrics(m, i, 0, &qm);
        if (strcmp(qm.name, name) == 0)
            return (int)i;
    }
    return -1;
}

static bool counts_equal(const wb_counts *a, const wb_counts *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/*
 * A UTC day of 96 quarter hours, T = 20 s, short abandons under 5 s:
 *   07:59:59.999 answered after 30 s       -> interval 31 (07:45), over T
 *   08:00:00.000 answered after 10 s       -> interval 32 (08:00): on the boundary, the later
 *   08:07:00     answered after 20 s       -> interval 32, within T (T is inclusive)
 *   08:14:59.999 abandoned after 3 s       -> interval 32, a short abandon
 *   08:15:00     abandoned after 15 s      -> interval 33, abandoned within T
 *   08:20:00     completed, handled 300 s  -> interval 33 (by its own time)
 * The first two are in queue "sales", the rest in "phone".
 */
static void test_counts_by_hand(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_model_tick(m, DAY0 + H(8) + MIN(30));
    answered(m, "a1", "sales", DAY0 + H(8) - 1, S(30));
    answered(m, "a2", "sales", DAY0 + H(8), S(10));
    answered(m, "a3", "phone", DAY0 + H(8) + MIN(7), S(20));
    abandoned(m, "b1", "phone", DAY0 + H(8) + MIN(15) - 1, S(3));
    abandoned(m, "b2", "phone", DAY0 + H(8) + MIN(15), S(15));
    assert_int_equal(
        apply_ev(m, WB_EV_COMPLETED, "a3", "phone", "phone", DAY0 + H(8) + MIN(20), -1, S(300)),
        WB_APPLIED);

    wb_ms start, width;
    size_t n = wb_model_interval_count(m, &start, &width);
    assert_int_equal(n, 96);
    assert_int_equal(start, DAY0);
    assert_int_equal(width, MIN(15));

    wb_counts iv[NIV];
    wb_model_channel_intervals(m, 0, iv, n);
    wb_counts e31 = {.answered = 1, .wait_sum_ms = S(30)};
    wb_counts e32 = {.answered = 2,
                     .answered_in_sl = 2,
                     .abandoned = 1,
                     .short_abandoned = 1,
                     .wait_sum_ms = S(30)};
    wb_counts e33 = {.abandoned = 1, .abandoned_in_sl = 1, .completed = 1, .handle_sum_ms = S(300)};
    wb_counts zero = {0};
    assert_true(counts_equal(&iv[31], &e31));
    assert_true(counts_equal(&iv[32], &e32));
    assert_true(counts_equal(&iv[33], &e33));
    for (size_t i = 0; i < n; i++)
        if (i < 31 || i > 33)
            assert_true(counts_equal(&iv[i], &zero));

    /* Per queue: "sales" has the two answers, "phone" the rest. */
    int qs = queue_index(m, "sales"), qp = queue_index(m, "phone");
    assert_true(qs >= 0 && qp >= 0);
    wb_model_queue_intervals(m, (size_t)qs, iv, n);
    assert_int_equal(iv[31].answered, 1);
    assert_int_equal(iv[32].answered, 1);
    assert_int_equal(iv[32].answered_in_sl, 1);
    assert_int_equal(iv[32].abandoned, 0);
    wb_model_queue_intervals(m, (size_t)qp, iv, n);
    assert_int_equal(iv[31].answered, 0);
    assert_int_equal(iv[32].answered, 1);
    assert_int_equal(iv[32].abandoned, 1);
    assert_int_equal(iv[33].abandoned_in_sl, 1);

    /* The other channel has nothing; the intervals sum to today. */
    wb_model_channel_intervals(m, 1, iv, n);
    for (size_t i = 0; i < n; i++)
        assert_true(counts_equal(&iv[i], &zero));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, DAY0 + H(9), &cm);
    assert_int_equal(cm.today.c.answered, 3);
    assert_int_equal(cm.today.c.abandoned, 2);
    wb_model_free(m);
}

/* interval_min = 60: the same outcomes fall into hours 7 and 8 of 24. */
static void test_hour_intervals(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    char err[256];
    assert_int_equal(
        wb_config_load_string(&cfg, "t.ini", "[wallboard]\ninterval_min = 60\n", err, sizeof err),
        WB_OK);
    assert_int_equal(cfg.interval_ms, MIN(60));
    wb_model *m = wb_model_new(&cfg);
    answered(m, "a1", "phone", DAY0 + H(8) - 1, S(30));
    answered(m, "a2", "phone", DAY0 + H(8), S(10));
    answered(m, "a3", "phone", DAY0 + H(9) - 1, S(10));
    size_t n = wb_model_interval_count(m, NULL, NULL);
    assert_int_equal(n, 24);
    wb_counts iv[NIV];
    wb_model_channel_intervals(m, 0, iv, n);
    assert_int_equal(iv[7].answered, 1);
    assert_int_equal(iv[8].answered, 2);
    assert_int_equal(iv[8].answered_in_sl, 2);
    wb_model_free(m);
}

static void test_interval_key(void **state)
{
    (void)state;
    wb_config cfg;
    char err[256];
    const char *bad[] = {"0", "7", "45", "61", "15.5", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "[wallboard]\ninterval_min = %s\n", bad[i]);
        wb_config_defaults(&cfg);
        assert_int_not_equal(wb_config_load_string(&cfg, "t.ini", text, err, sizeof err), WB_OK);
        assert_non_null(strstr(err, "t.ini:2"));
        assert_non_null(strstr(err, "interval_min"));
    }
    wb_config_defaults(&cfg);
    assert_int_equal(cfg.interval_ms, MIN(15));
    assert_int_equal(
        wb_config_load_string(&cfg, "t.ini", "[wallboard]\ninterval_min = 5\n", err, sizeof err),
        WB_OK);
    assert_int_equal(cfg.interval_ms, MIN(5));
}

/*
 * Europe/Helsinki, 29 March 2026: clocks go from 03:00 EET (UTC+2) to 04:00 EEST (UTC+3).
 * The day runs from 00:00 EET = 28 March 22:00Z to 00:00 EEST = 29 March 21:00Z: 23 hours,
 * 92 quarter hours. 04:00 EEST (01:00Z) is 3 h after the start: interval 12, which starts
 * at 01:00Z, the local clock's 04:00. 23:59 EEST is in the last one, 91.
 */
static void test_dst_23_hour_day(void **state)
{
    (void)state;
    const wb_ms start = 1774735200000LL; /* 2026-03-28T22:00:00Z */
    const wb_ms end = 1774818000000LL;   /* 2026-03-29T21:00:00Z */
    assert_int_equal(end - start, H(23));
    wb_config cfg;
    base_config(&cfg, "Europe/Helsinki");
    wb_model *m = wb_model_new(&cfg);
    answered(m, "a1", "phone", start + H(1), S(5));     /* 01:00 EET: interval 4 */
    answered(m, "a2", "phone", start + H(3), S(5));     /* 04:00 EEST: interval 12 */
    answered(m, "a3", "phone", start + H(3) - 1, S(5)); /* 02:59:59.999 EET: 11 */
    abandoned(m, "b1", "phone", end - MIN(1), S(60));   /* 23:59 EEST: 91 */
    wb_ms s0, w;
    size_t n = wb_model_interval_count(m, &s0, &w);
    assert_int_equal(n, 92);
    assert_int_equal(s0, start);
    wb_counts iv[NIV];
    wb_model_channel_intervals(m, 0, iv, n);
    assert_int_equal(iv[4].answered, 1);
    assert_int_equal(iv[11].answered, 1);
    assert_int_equal(iv[12].answered, 1);
    assert_int_equal(iv[91].abandoned, 1);
    /* The next day is a normal one again: 96 (an outcome just past midnight rolls it over). */
    answered(m, "a4", "phone", end + MIN(30), S(5));
    assert_int_equal(wb_model_interval_count(m, NULL, NULL), 96);
    /*
     * The 23-hour day is no day before for the 24-hour one: its intervals after 03:00 would be
     * an hour off, and it would end at 23:00 (the forecast's shape would expect nobody after).
     */
    const double *p = NULL;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 0);
    assert_null(p);
    wb_model_free(m);
}

/*
 * Europe/Helsinki, 25 October 2026: clocks go back from 04:00 EEST to 03:00 EET. The day runs
 * from 00:00 EEST = 24 October 21:00Z to 00:00 EET = 25 October 22:00Z: 25 hours, 100 quarter
 * hours. Local 03:30 happens twice: at 00:30Z (EEST, 3.5 h in: interval 14) and at 01:30Z
 * (EET, 4.5 h in: interval 18). 23:45 EET is the last interval, 99.
 */
static void test_dst_25_hour_day(void **state)
{
    (void)state;
    const wb_ms start = 1792875600000LL; /* 2026-10-24T21:00:00Z */
    const wb_ms end = 1792965600000LL;   /* 2026-10-25T22:00:00Z */
    assert_int_equal(end - start, H(25));
    wb_config cfg;
    base_config(&cfg, "Europe/Helsinki");
    wb_model *m = wb_model_new(&cfg);
    answered(m, "a1", "phone", start + H(3) + MIN(30), S(5)); /* 03:30 EEST */
    answered(m, "a2", "phone", start + H(4) + MIN(30), S(5)); /* 03:30 EET */
    abandoned(m, "b1", "phone", end - MIN(15), S(60));        /* 23:45 EET */
    abandoned(m, "b2", "phone", end - 1, S(60));              /* 23:59:59.999 EET */
    size_t n = wb_model_interval_count(m, NULL, NULL);
    assert_int_equal(n, 100);
    wb_counts iv[NIV];
    wb_model_channel_intervals(m, 0, iv, n);
    assert_int_equal(iv[14].answered, 1);
    assert_int_equal(iv[18].answered, 1);
    assert_int_equal(iv[99].abandoned, 2);
    assert_int_equal(iv[98].abandoned, 0);
    wb_model_free(m);
}

/* A new day starts the intervals over, on an outcome and on a tick alike. */
static void test_day_change_resets(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_model_set_max_future(m, 0);
    answered(m, "a1", "phone", DAY0 + H(10), S(5));
    answered(m, "a2", "phone", DAY0 + H(23) + MIN(59), S(5));
    wb_counts iv[NIV];
    wb_model_channel_intervals(m, 0, iv, 96);
    assert_int_equal(iv[40].answered, 1);
    assert_int_equal(iv[95].answered, 1);

    /* Midnight passes on the clock with no outcome: today's intervals are empty. */
    wb_model_tick(m, DAY0 + H(24) + S(1));
    wb_ms s0;
    assert_int_equal(wb_model_interval_count(m, &s0, NULL), 96);
    assert_int_equal(s0, DAY0 + H(24));
    wb_model_channel_intervals(m, 0, iv, 96);
    for (size_t i = 0; i < 96; i++)
        assert_int_equal(iv[i].answered, 0);

    /* The first outcome of the new day counts alone, in the same counters reused. */
    answered(m, "a3", "phone", DAY0 + H(24) + H(10), S(5));
    wb_model_channel_intervals(m, 0, iv, 96);
    assert_int_equal(iv[40].answered, 1);
    assert_int_equal(iv[95].answered, 0);
    /* Yesterday's outcome arriving late counts in no interval of today. */
    answered(m, "a4", "phone", DAY0 + H(11), S(5));
    wb_model_channel_intervals(m, 0, iv, 96);
    assert_int_equal(iv[44].answered, 0);
    wb_model_free(m);
}

/*
 * The day before, kept for the forecast's shape. Day 1: phone answers at 09:05 and 09:10
 * (interval 36, [09:00, 09:15)) and an abandon at 10:20 (interval 41); chat nothing. When the
 * clock passes midnight, day 1's arrivals per second become the day before: 2 / 900 s in
 * interval 36, 1 / 900 in 41, 0 elsewhere, 96 intervals; chat has a day before of zeros. Day 2
 * has one answer at 12:00; skipping day 3 entirely (the next tick on day 4) leaves no day
 * before. A model started on day 2 has none either.
 */
static void test_day_before(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_model_set_max_future(m, 0);
    const double *p = NULL;
    answered(m, "d1", "phone", DAY0 + H(9) + MIN(5), S(5));
    answered(m, "d2", "phone", DAY0 + H(9) + MIN(10), S(5));
    abandoned(m, "d3", "phone", DAY0 + H(10) + MIN(20), S(30));
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 0);
    assert_null(p);

    wb_model_tick(m, DAY0 + H(24) + S(1));
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_non_null(p);
    for (size_t i = 0; i < 96; i++) {
        double want = i == 36 ? 2.0 / 900.0 : i == 41 ? 1.0 / 900.0 : 0.0;
        if (fabs(p[i] - want) > 1e-15)
            fail_msg("interval %zu: %g, expected %g", i, p[i], want);
    }
    assert_int_equal(wb_model_channel_day_before(m, 1, &p), 96);
    for (size_t i = 0; i < 96; i++)
        assert_true(p[i] == 0.0);
    assert_int_equal(wb_model_channel_day_before(m, 7, &p), 0);

    /* Day 2's own outcome does not touch the day before. */
    answered(m, "d4", "phone", DAY0 + H(24) + H(12), S(5));
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[48] == 0.0);

    /* Day 3 passes unseen: on day 4 the day before (day 3) is unknown. */
    wb_model_tick(m, DAY0 + H(72) + S(1));
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 0);
    wb_model_free(m);

    wb_model *late = wb_model_new(&cfg);
    wb_model_set_max_future(late, 0);
    answered(late, "e1", "phone", DAY0 + H(24) + H(12), S(5));
    wb_model_tick(late, DAY0 + H(24) + H(13));
    assert_int_equal(wb_model_channel_day_before(late, 0, &p), 0);
    wb_model_free(late);
}

/*
 * The day before shapes the forecast (docs/metrics.md section 6.5). Phone (real time) answers
 * one contact a minute from 09:00 to 09:59 on day 1 and again on day 2, and day 2 goes on
 * until 10:04. At 10:05 of day 2 the rates expect about 15 contacts over the next 15 minutes,
 * so the forecast SL is a number; the day before had none after 10:00, so with it the
 * projection expects none (fewer than one contact over the horizon): no forecast SL. A model
 * that saw only day 2 has no day before and keeps the number.
 */
static void test_day_before_shapes_forecast(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    cfg.channels[0].realtime = true;
    wb_model *m = wb_model_new(&cfg), *late = wb_model_new(&cfg);
    wb_model_set_max_future(m, 0);
    wb_model_set_max_future(late, 0);
    /*
     * m hears the feed all along (a heartbeat a minute), so that its day before is watched
     * whole (docs/metrics.md section 6.5).
     */
    wb_model_tick(m, DAY0);
    for (wb_ms t = DAY0; t < DAY0 + H(24) + H(10) + MIN(5); t += MIN(1)) {
        wb_event e;
        wb_event_init(&e, WB_EV_HEARTBEAT, t);
        assert_true(wb_model_apply(m, &e, t) >= 0);
    }
    char id[32];
    for (int d = 0; d < 2; d++)
        for (int k = 0; k < (d ? 65 : 60); k++) {
            wb_ms at = DAY0 + H(24 * d) + H(9) + MIN(k);
            snprintf(id, sizeof id, "f%d-%d", d, k);
            answered(m, id, "phone", at, S(5));
            if (d)
                answered(late, id, "phone", at, S(5));
        }
    wb_ms now = DAY0 + H(24) + H(10) + MIN(5);
    wb_model_tick(m, now);
    wb_model_tick(late, now);
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 96);
    wb_channel_metrics cm;
    wb_model_channel_metrics(late, 0, now, &cm);
    assert_true(cm.forecast.valid);
    assert_true(isfinite(cm.forecast.sl));
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_true(cm.forecast.valid);
    assert_true(isnan(cm.forecast.sl));
    wb_model_free(m);
    wb_model_free(late);
}

/* A day of a queue: outcomes in intervals 32..40, a few per interval. */
static void fill_day(wb_model *m, const char *q, int salt)
{
    char id[64];
    for (int i = 32; i <= 40; i++) {
        for (int k = 0; k < 1 + (i + salt) % 3; k++) {
            snprintf(id, sizeof id, "%s-%d-%d", q, i, k);
            wb_ms at = DAY0 + (wb_ms)i * MIN(15) + S(k * 7);
            if (k == 2)
                abandoned(m, id, q, at, S(k * 11));
            else
                answered(m, id, q, at, S(k * 13 + i));
        }
    }
}

/* The model's snapshot of src at now, encoded as the publisher would send it. */
static char *snapshot_text(const wb_model *m, wb_ms now, size_t *len)
{
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, now);
    assert_int_equal(wb_model_snapshot(m, "", now, &ev.snap), WB_OK);
    size_t cap = 8 * 1024 * 1024;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int n = wb_event_encode(&ev, buf, cap);
    assert_true(n > 0);
    wb_snapshot_fini(&ev.snap);
    *len = (size_t)n;
    return buf;
}

static void assert_same_intervals(const wb_model *a, const wb_model *b)
{
    size_t n = wb_model_interval_count(a, NULL, NULL);
    assert_int_equal(wb_model_interval_count(b, NULL, NULL), n);
    wb_counts x[NIV], y[NIV];
    for (size_t ch = 0; ch < wb_model_channel_count(a); ch++) {
        wb_model_channel_intervals(a, ch, x, n);
        wb_model_channel_intervals(b, ch, y, n);
        assert_memory_equal(x, y, n * sizeof x[0]);
    }
    for (size_t q = 0; q < wb_model_queue_count(a); q++) {
        wb_queue_metrics qm;
        wb_model_queue_metrics(a, q, 0, &qm);
        int qb = queue_index(b, qm.name);
        assert_true(qb >= 0);
        wb_model_queue_intervals(a, q, x, n);
        wb_model_queue_intervals(b, (size_t)qb, y, n);
        assert_memory_equal(x, y, n * sizeof x[0]);
    }
}

/* A late screen gets the whole day from one snapshot; one that does not tell keeps its own. */
static void test_snapshot_round_trip(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *a = wb_model_new(&cfg);
    fill_day(a, "phone", 0);
    fill_day(a, "sales", 1);
    wb_ms now = DAY0 + H(12);
    wb_model_tick(a, now);
    size_t len;
    char *text = snapshot_text(a, now, &len);
    assert_non_null(strstr(text, "\"interval_ms\":900000"));
    /* Interval 32 of the day starts at 08:00 (DAY0 + 28,800,000). */
    assert_non_null(strstr(text, "[1795593600000,"));

    wb_model *b = wb_model_new(&cfg);
    wb_event ev;
    assert_int_equal(wb_event_decode(&ev, text, len), WB_OK);
    assert_true(ev.snap.n_queues == 2 && ev.snap.queues[0].has_intervals);
    assert_int_equal(ev.snap.queues[0].n_intervals, 9);
    assert_int_equal(wb_model_apply(b, &ev, now), WB_APPLIED);
    assert_same_intervals(a, b);

    /* The same snapshot without its intervals (not told) leaves b's counters as they are. */
    for (size_t i = 0; i < ev.snap.n_queues; i++)
        ev.snap.queues[i].has_intervals = false;
    ev.ts = now + 1;
    assert_int_equal(wb_model_apply(b, &ev, now + 1), WB_APPLIED);
    assert_same_intervals(a, b);
    /* Told "none" (intervals present and empty) is none. */
    for (size_t i = 0; i < ev.snap.n_queues; i++) {
        ev.snap.queues[i].has_intervals = true;
        ev.snap.queues[i].n_intervals = 0;
    }
    ev.ts = now + 2;
    assert_int_equal(wb_model_apply(b, &ev, now + 2), WB_APPLIED);
    wb_counts y[NIV];
    wb_model_channel_intervals(b, 0, y, 96);
    assert_int_equal(y[32].answered, 0);
    wb_event_fini(&ev);

    /* Counters that contradict each other are refused whole. */
    char *bad = strdup(text);
    char *p = strstr(bad, "[1795593600000,");
    assert_non_null(p);
    /* [start, answered, abandoned, short, answered_in_sl ...]: answered_in_sl 9 > answered. */
    int ans, abn, sh, in_sl;
    assert_int_equal(sscanf(p, "[1795593600000,%d,%d,%d,%d", &ans, &abn, &sh, &in_sl), 4);
    char *q = p + strlen("[1795593600000,");
    for (int k = 0; k < 3; k++)
        q = strchr(q, ',') + 1;
    *q = '9';
    assert_int_equal(wb_event_decode(&ev, bad, strlen(bad)), WB_OK);
    assert_int_equal(wb_model_apply(b, &ev, now + 3), WB_ERR_VALUE);
    wb_event_fini(&ev);
    free(bad);
    free(text);
    wb_model_free(a);
    wb_model_free(b);
}

static int ingest_part(void *ud, const char *msg, size_t len)
{
    bool complete = false;
    void **p = ud;
    return wb_snapparts_ingest(p[0], p[1], msg, len, DAY0 + H(20), &complete) < 0 ? -1 : 0;
}

/*
 * Many queues: 400 queues with a full business day each make a snapshot far over one
 * message; a hub sends it as parts, and the screen that glues them back gets every interval.
 */
static void test_many_queues_in_parts(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *a = wb_model_new(&cfg);
    char q[32];
    for (int i = 0; i < 400; i++) {
        snprintf(q, sizeof q, "q%03d", i);
        fill_day(a, q, i);
    }
    wb_ms now = DAY0 + H(20);
    wb_model_tick(a, now);
    size_t len;
    char *text = snapshot_text(a, now, &len);
    printf("400 queues with 9 intervals each: snapshot of %zu bytes\n", len);
    assert_true(len > WB_MAX_MSG_BYTES);

    wb_board *b = wb_board_new(&cfg);
    wb_snapparts r;
    wb_snapparts_init(&r);
    void *ud[2] = {&r, b};
    int parts = wb_snapparts_split(text, len, "", "hub", now, 1, ingest_part, ud);
    assert_true(parts > 1);
    assert_int_equal(r.completed, 1);
    assert_same_intervals(a, wb_board_model_const(b));
    wb_snapparts_fini(&r);
    wb_board_free(b);
    free(text);
    wb_model_free(a);
}

/*
 * The memory limit: one-minute intervals make 1,440 counters per (publisher, queue) pair a
 * day; 524,288 of them hold 364 pairs (364 x 1,440 = 524,160; one more would be 525,600).
 * 400 queues with one answer each: 364 count in an interval, 36 are lost to the intervals
 * and still count today.
 */
static void test_memory_limit(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    cfg.interval_ms = MIN(1);
    wb_model *m = wb_model_new(&cfg);
    char q[32], id[32];
    for (int i = 0; i < 400; i++) {
        snprintf(q, sizeof q, "q%03d", i);
        snprintf(id, sizeof id, "a%03d", i);
        answered(m, id, q, DAY0 + H(9), S(5));
    }
    size_t n = wb_model_interval_count(m, NULL, NULL);
    assert_int_equal(n, 1440);
    wb_counts *iv = calloc(n, sizeof *iv);
    assert_non_null(iv);
    wb_model_channel_intervals(m, 0, iv, n);
    assert_int_equal(iv[540].answered, 364);
    assert_int_equal(wb_model_interval_lost(m), 36);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, DAY0 + H(9), &cm);
    assert_int_equal(cm.today.c.answered, 400);

    /* A reload to 30-minute intervals starts the day's intervals over, and frees room. */
    cfg.interval_ms = MIN(30);
    assert_int_equal(wb_model_set_config(m, &cfg), WB_OK);
    assert_int_equal(wb_model_interval_count(m, NULL, NULL), 48);
    wb_model_channel_intervals(m, 0, iv, 48);
    assert_int_equal(iv[18].answered, 0);
    answered(m, "b1", "q399", DAY0 + H(9) + MIN(29), S(5));
    wb_model_channel_intervals(m, 0, iv, 48);
    assert_int_equal(iv[18].answered, 1);
    free(iv);
    wb_model_free(m);
}

/* The snapshot members on the wire: both or neither, each checked like the rest. */
static void test_decode_refusals(void **state)
{
    (void)state;
    const char *head = "{\"v\":1,\"type\":\"snapshot\",\"ts\":1795600000000,\"queues\":"
                       "[{\"queue\":\"q\",\"channel\":\"phone\"";
    const struct {
        const char *tail;
        int rc;
    } cases[] = {
        {"}]}", WB_OK},
        {",\"interval_ms\":900000,\"intervals\":[]}]}", WB_OK},
        {",\"interval_ms\":900000}]}", WB_ERR_MISSING},
        {",\"intervals\":[]}]}", WB_ERR_MISSING},
        {",\"interval_ms\":0,\"intervals\":[]}]}", WB_ERR_VALUE},
        {",\"interval_ms\":\"x\",\"intervals\":[]}]}", WB_ERR_TYPE},
        {",\"interval_ms\":900000,\"intervals\":{}}]}", WB_ERR_TYPE},
        {",\"interval_ms\":900000,\"intervals\":[[1795593600000,1,0,0,1]]}]}", WB_ERR_MISSING},
        {",\"interval_ms\":900000,\"intervals\":[[1795593600000,1,0,0,1,0,0,5,0],7]}]}",
         WB_ERR_TYPE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s%s", head, cases[i].tail);
        wb_event ev;
        int rc = wb_event_decode(&ev, buf, strlen(buf));
        assert_int_equal(rc, cases[i].rc);
        if (rc == WB_OK) {
            assert_int_equal(ev.snap.queues[0].has_intervals, i == 1);
            wb_event_fini(&ev);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_by_hand),
        cmocka_unit_test(test_hour_intervals),
        cmocka_unit_test(test_interval_key),
        cmocka_unit_test(test_dst_23_hour_day),
        cmocka_unit_test(test_dst_25_hour_day),
        cmocka_unit_test(test_day_change_resets),
        cmocka_unit_test(test_snapshot_round_trip),
        cmocka_unit_test(test_many_queues_in_parts),
        cmocka_unit_test(test_decode_refusals),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_day_before),
        cmocka_unit_test(test_day_before_shapes_forecast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
