/*
 * test_model.c - the model and its metrics, with numbers worked out by hand from the
 * definitions in docs/metrics.md.
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
#include "wb_model.h"

/* 2026-11-25T00:00:00Z; the tests run in UTC unless they say otherwise. */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define S(x) ((wb_ms)(x)*1000)

static void base_config(wb_config *cfg)
{
    wb_config_defaults(cfg);
    cfg->tz[0] = '\0';
    cfg->rolling_ms = 30 * 60 * 1000;
    cfg->bucket_ms = 10000;
    cfg->n_channels = 0;
    const char *names[] = {"phone", "chat", "email", "social"};
    const wb_sl_formula f[] = {WB_SL_OFFERED, WB_SL_IGNORE_ABANDONED, WB_SL_POSITIVE,
                               WB_SL_ANSWERED};
    for (size_t i = 0; i < 4; i++) {
        wb_channel_cfg *ch = &cfg->channels[cfg->n_channels++];
        wb_channel_cfg_default(cfg, ch, names[i]);
        ch->sl_t_ms = S(20);
        ch->sl_target = 0.8;
        ch->short_abandon_ms = S(5);
        ch->formula = f[i];
        ch->realtime = i < 2;
    }
}

static wb_event ev_contact(wb_event_type t, const char *id, const char *ch, wb_ms ts)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, t, ts);
    e.id = id;
    e.channel = ch;
    e.queue = ch;
    return e;
}

static int apply(wb_model *m, wb_event e)
{
    return wb_model_apply(m, &e, e.ts);
}

/* A contact that waits `wait` ms and then is answered (or abandons) at `at`. */
static void contact(wb_model *m, const char *ch, int n, wb_ms at, wb_ms wait, bool answered)
{
    char id[64];
    snprintf(id, sizeof id, "%s-%d-%lld-%d", ch, n, (long long)at, answered);
    apply(m, ev_contact(WB_EV_QUEUED, id, ch, at - wait));
    apply(m, ev_contact(answered ? WB_EV_ANSWERED : WB_EV_ABANDONED, id, ch, at));
}

/*
 * Cisco's worked example on every channel: 70 answered within T, 10 abandoned within T (not
 * short), 20 answered over T, 100 in all. Each channel uses a different formula.
 */
static void test_formulas_worked_example(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    const char *chs[] = {"phone", "chat", "email", "social"};
    wb_ms now = DAY0 + H(10);
    for (size_t c = 0; c < 4; c++) {
        int n = 0;
        for (int i = 0; i < 70; i++)
            contact(m, chs[c], n++, now - S(60) + i, S(10), true);
        for (int i = 0; i < 10; i++)
            contact(m, chs[c], n++, now - S(60) + i, S(10), false);
        for (int i = 0; i < 20; i++)
            contact(m, chs[c], n++, now - S(60) + i, S(30), true);
    }
    wb_channel_metrics cm;
    const double want[] = {0.70, 70.0 / 90.0, 0.80, 70.0 / 90.0};
    for (size_t c = 0; c < 4; c++) {
        wb_model_channel_metrics(m, (size_t)wb_model_channel_index(m, chs[c]), now, &cm);
        assert_int_equal(cm.today.c.answered, 90);
        assert_int_equal(cm.today.c.abandoned, 10);
        assert_int_equal(cm.today.c.answered_in_sl, 70);
        assert_int_equal(cm.today.c.abandoned_in_sl, 10);
        assert_float_equal(cm.today.sl, want[c], 1e-12);
        assert_float_equal(cm.rolling.sl, want[c], 1e-12);
        /* ASA = (70 * 10 s + 20 * 30 s) / 90 answered. */
        assert_float_equal(cm.today.asa_s, (70 * 10.0 + 20 * 30.0) / 90.0, 1e-9);
        /* Abandon % = 10 / (90 + 10). */
        assert_float_equal(cm.today.abandon_pct, 10.0, 1e-9);
    }
    /* The rounded figures of docs/metrics.md section 4: 70 %, 77.8 %, 80 %. */
    wb_model_channel_metrics(m, 1, now, &cm);
    assert_float_equal(round(cm.today.sl * 1000) / 10, 77.8, 1e-9);
    wb_model_free(m);
}

static void test_short_abandons_excluded(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(9);
    /* 3 answered in 10 s, 1 answered in 25 s, 1 abandoned after 12 s, 4 short (< 5 s). */
    int n = 0;
    for (int i = 0; i < 3; i++)
        contact(m, "phone", n++, now - 1000, S(10), true);
    contact(m, "phone", n++, now - 1000, S(25), true);
    contact(m, "phone", n++, now - 1000, S(12), false);
    for (int i = 0; i < 4; i++)
        contact(m, "phone", n++, now - 1000, S(2) + i * 999, false); /* 2.0 .. 4.997 s */
    /* A wait of exactly 5 s is not short (short is wait < 5 s). */
    contact(m, "phone", n++, now - 1000, S(5), false);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 4);
    assert_int_equal(cm.today.c.abandoned, 6);
    assert_int_equal(cm.today.c.short_abandoned, 4);
    assert_int_equal(cm.today.c.abandoned_in_sl, 2);
    /* offered: 3 / (4 + 6 - 4) = 0.5; abandon % = 2 / 6. */
    assert_float_equal(cm.today.sl, 3.0 / 6.0, 1e-12);
    assert_float_equal(cm.today.abandon_pct, 200.0 / 6.0, 1e-9);
    wb_model_free(m);
}

static void test_threshold_inclusive(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(9);
    contact(m, "phone", 1, now - 10, S(20), true);     /* exactly T: within */
    contact(m, "phone", 2, now - 10, S(20) + 1, true); /* 1 ms over */
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered_in_sl, 1);
    assert_float_equal(cm.today.sl, 0.5, 1e-12);
    wb_model_free(m);
}

static void test_answered_without_queued(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(11);
    /* No queued event and no wait_ms: wait 0. */
    assert_int_equal(apply(m, ev_contact(WB_EV_ANSWERED, "x1", "phone", now - S(1))), WB_APPLIED);
    /* No queued event, wait_ms given: it wins. */
    wb_event e = ev_contact(WB_EV_ANSWERED, "x2", "phone", now - S(1));
    e.wait_ms = S(40);
    assert_int_equal(apply(m, e), WB_APPLIED);
    /* Queued 30 s before, but wait_ms says 15 s: wait_ms wins. */
    apply(m, ev_contact(WB_EV_QUEUED, "x3", "phone", now - S(31)));
    e = ev_contact(WB_EV_ANSWERED, "x3", "phone", now - S(1));
    e.wait_ms = S(15);
    apply(m, e);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 3);
    assert_int_equal(cm.today.c.answered_in_sl, 2);
    assert_int_equal(cm.today.c.wait_sum_ms, 0 + S(40) + S(15));
    assert_int_equal(cm.waiting, 0);
    wb_model_free(m);
}

static void test_duplicates_and_out_of_order(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(12);
    wb_event q = ev_contact(WB_EV_QUEUED, "d1", "chat", now - S(50));
    wb_event a = ev_contact(WB_EV_ANSWERED, "d1", "chat", now - S(40));
    assert_int_equal(apply(m, q), WB_APPLIED);
    assert_int_equal(apply(m, q), WB_DUPLICATE);
    assert_int_equal(apply(m, a), WB_APPLIED);
    assert_int_equal(apply(m, a), WB_DUPLICATE);
    /* Out of order: the answer arrives before its queued event; the late queued is ignored. */
    wb_event a2 = ev_contact(WB_EV_ANSWERED, "d2", "chat", now - S(30));
    wb_event q2 = ev_contact(WB_EV_QUEUED, "d2", "chat", now - S(35));
    assert_int_equal(apply(m, a2), WB_APPLIED);
    assert_int_equal(apply(m, q2), WB_DUPLICATE);
    /* Completed twice counts once; handle time = completed ts - answered ts = 100 s. */
    wb_event c = ev_contact(WB_EV_COMPLETED, "d1", "chat", now - S(40) + S(100));
    assert_int_equal(apply(m, c), WB_APPLIED);
    assert_int_equal(apply(m, c), WB_DUPLICATE);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 1, now + S(100), &cm);
    assert_int_equal(cm.waiting, 0);
    assert_int_equal(cm.today.c.answered, 2);
    assert_int_equal(cm.today.c.wait_sum_ms, S(10)); /* d1 waited 10 s, d2 counts 0 */
    assert_int_equal(cm.today.c.completed, 1);
    assert_float_equal(cm.today.aht_s, 100.0, 1e-9);
    wb_model_free(m);
}

static void test_waiting_and_oldest(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(8);
    apply(m, ev_contact(WB_EV_QUEUED, "w1", "phone", now - S(95)));
    apply(m, ev_contact(WB_EV_QUEUED, "w2", "phone", now - S(20)));
    apply(m, ev_contact(WB_EV_QUEUED, "w3", "email", now - S(5)));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.waiting, 2);
    assert_int_equal(cm.oldest_wait_ms, S(95));
    /* It ticks: a second later the oldest is 96 s. */
    wb_model_channel_metrics(m, 0, now + S(1), &cm);
    assert_int_equal(cm.oldest_wait_ms, S(96));
    apply(m, ev_contact(WB_EV_ABANDONED, "w1", "phone", now + S(2)));
    wb_model_channel_metrics(m, 0, now + S(2), &cm);
    assert_int_equal(cm.waiting, 1);
    assert_int_equal(cm.oldest_wait_ms, S(22));
    /* A channel with nobody waiting has no oldest wait. */
    wb_model_channel_metrics(m, 1, now, &cm);
    assert_int_equal(cm.waiting, 0);
    assert_int_equal(cm.oldest_wait_ms, -1);
    wb_model_free(m);
}

/* Today starts at local midnight: 2026-01-15 00:00 in Helsinki (UTC+2) is 14 Jan 22:00 UTC. */
static void test_today_across_midnight_in_zone(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    strcpy(cfg.tz, "Europe/Helsinki");
    wb_model *m = wb_model_new(&cfg);
    const wb_ms midnight = 1768428000000LL; /* 2026-01-14T22:00:00Z */
    wb_model_tick(m, midnight - S(30));
    contact(m, "phone", 1, midnight - S(20), S(5), true); /* answered 23:59:40 local */
    contact(m, "phone", 2, midnight - S(1), S(5), true);  /* 23:59:59 */
    /* Queued before midnight, answered after: counts by its answer, in the new day. */
    apply(m, ev_contact(WB_EV_QUEUED, "late", "phone", midnight - S(10)));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, midnight - 1, &cm);
    assert_int_equal(cm.today.c.answered, 2);
    wb_model_tick(m, midnight);
    apply(m, ev_contact(WB_EV_ANSWERED, "late", "phone", midnight + S(5)));
    wb_model_channel_metrics(m, 0, midnight + S(6), &cm);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(cm.today.c.wait_sum_ms, S(15));
    /* The rolling window does not care about midnight: all three are in the last 30 min. */
    assert_int_equal(cm.rolling.c.answered, 3);
    wb_model_free(m);
}

/*
 * Rolling window: 180 buckets of 10 s. At now = 10:00:00 (a bucket boundary) the window holds
 * buckets starting from 10:00:00 - 179 * 10 s = 09:30:10.
 */
static void test_rolling_edge(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_ms lo = now - S(1790);
    contact(m, "phone", 1, lo, S(3), true);     /* first instant of the window */
    contact(m, "phone", 2, lo - 1, S(3), true); /* 1 ms before it */
    contact(m, "phone", 3, now, S(3), true);    /* now */
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.rolling.c.answered, 2);
    assert_int_equal(cm.today.c.answered, 3);
    /* Ten seconds later the bucket of `lo` leaves the window too. */
    wb_model_channel_metrics(m, 0, now + S(10), &cm);
    assert_int_equal(cm.rolling.c.answered, 1);
    /* Half an hour later nothing is left in the window, today keeps all three. */
    wb_model_channel_metrics(m, 0, now + S(1800), &cm);
    assert_int_equal(cm.rolling.c.answered, 0);
    assert_true(isnan(cm.rolling.sl));
    assert_int_equal(cm.today.c.answered, 3);
    wb_model_free(m);
}

static wb_event ev_agent(const char *id, wb_agent_state st, wb_ms ts, const char *c1,
                         const char *c2)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_AGENT_STATE, ts);
    e.agent = id;
    e.state = st;
    if (c1)
        e.channels[e.n_channels++] = c1;
    if (c2)
        e.channels[e.n_channels++] = c2;
    return e;
}

static void test_agents_by_state(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    apply(m, ev_agent("a1", WB_AGENT_BUSY, now - S(100), "phone", "chat"));
    apply(m, ev_agent("a2", WB_AGENT_AVAILABLE, now - S(90), "phone", NULL));
    apply(m, ev_agent("a3", WB_AGENT_WRAPUP, now - S(80), "phone", NULL));
    apply(m, ev_agent("a4", WB_AGENT_PAUSED, now - S(70), "phone", "chat"));
    apply(m, ev_agent("a5", WB_AGENT_AVAILABLE, now - S(60), "chat", NULL));
    /* An older state for a1 arrives late: ignored. */
    assert_int_equal(apply(m, ev_agent("a1", WB_AGENT_OFFLINE, now - S(200), "phone", NULL)),
                     WB_IGNORED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.agents[WB_AGENT_BUSY], 1);
    assert_int_equal(cm.agents[WB_AGENT_AVAILABLE], 1);
    assert_int_equal(cm.agents[WB_AGENT_WRAPUP], 1);
    assert_int_equal(cm.agents[WB_AGENT_PAUSED], 1);
    /* occupancy = (busy + wrapup) / (available + busy + wrapup) = 2 / 3 */
    assert_float_equal(cm.occupancy, 2.0 / 3.0, 1e-12);
    wb_model_channel_metrics(m, 1, now, &cm);
    assert_int_equal(cm.agents[WB_AGENT_BUSY], 1);
    assert_int_equal(cm.agents[WB_AGENT_AVAILABLE], 1);
    assert_int_equal(cm.agents[WB_AGENT_PAUSED], 1);
    assert_float_equal(cm.occupancy, 0.5, 1e-12);
    /* Time in state: a state repeated does not restart the clock. */
    apply(m, ev_agent("a2", WB_AGENT_AVAILABLE, now - S(10), "phone", NULL));
    wb_agent_info ai;
    for (size_t i = 0; i < wb_model_agent_count(m); i++) {
        wb_model_agent_info(m, i, &ai);
        if (strcmp(ai.agent, "a2") == 0)
            assert_int_equal(ai.since, now - S(90));
    }
    /* Site-wide each agent once: a1 busy, a2 a5 available, a3 wrap-up, a4 paused. */
    uint32_t tot[WB_AGENT_NSTATES];
    wb_model_agent_totals(m, tot);
    assert_int_equal(tot[WB_AGENT_BUSY], 1);
    assert_int_equal(tot[WB_AGENT_AVAILABLE], 2);
    assert_int_equal(tot[WB_AGENT_WRAPUP], 1);
    assert_int_equal(tot[WB_AGENT_PAUSED], 1);
    assert_int_equal(tot[WB_AGENT_OFFLINE], 0);
    wb_model_free(m);
}

/*
 * The arrival rate: one arrival adds 1/tau to each of the two rates (tau 900 s and the fast
 * 180 s); they decay by e^-1 over their tau. The forecast's rate is the level of the trend
 * (docs/metrics.md): right after the arrival slow = 1/900 = 0.00111111, fast = 1/180
 * = 0.00555556, their difference 0.00444444 exceeds the noise band
 * 2 sqrt((1/900) (1/360 + 1/1800 - 2/1080)) = 2 sqrt(1/607500) = 0.00256600 by 0.00187844, so
 * fast counts as 0.00298955, the slope is 0.00187844 / 720 and the level
 * 0.00298955 + 0.00187844 * 180 / 720 = 0.00345917. 900 s later slow = e^-1/900 = 0.00040875
 * and fast = e^-5/180 = 0.00003743 differ by 0.00037132, less than the band
 * 2 sqrt(0.00040875 / 675) = 0.00155636: no trend, the level is the slow rate.
 */
static void test_arrival_rate_and_forecast(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    cfg.forecast_tau_ms = S(900);
    cfg.channels[0].default_aht_s = 180;
    wb_model *m = wb_model_new(&cfg);
    wb_ms t0 = DAY0 + H(10);
    apply(m, ev_contact(WB_EV_QUEUED, "r1", "phone", t0));
    for (int i = 0; i < 14; i++) {
        char id[8];
        snprintf(id, sizeof id, "ag%d", i);
        apply(m, ev_agent(id, WB_AGENT_AVAILABLE, t0, "phone", NULL));
    }
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, t0, &cm);
    assert_true(cm.forecast.valid);
    assert_float_equal(cm.forecast.lambda_per_s, 0.00345917, 1e-8);
    wb_model_channel_metrics(m, 0, t0 + S(900), &cm);
    assert_float_equal(cm.forecast.lambda_per_s, exp(-1.0) / 900.0, 1e-12);
    assert_int_equal(cm.forecast.agents, 14);
    assert_float_equal(cm.forecast.aht_s, 180.0, 1e-12);
    /* Non-real-time channels have no forecast. */
    apply(m, ev_contact(WB_EV_QUEUED, "e1", "email", t0));
    wb_model_channel_metrics(m, 2, t0, &cm);
    assert_false(cm.forecast.valid);
    wb_model_free(m);
}

static void test_seq_gap_and_resync(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_event e = ev_contact(WB_EV_QUEUED, "s1", "phone", now);
    e.src = "acd1";
    e.has_seq = true;
    e.seq = 1;
    apply(m, e);
    e.id = "s2";
    e.seq = 2;
    apply(m, e);
    wb_source_info si;
    wb_model_source_info(m, 0, &si);
    assert_false(si.resyncing);
    e.id = "s3";
    e.seq = 6; /* 3, 4, 5 lost */
    apply(m, e);
    wb_model_source_info(m, 0, &si);
    assert_true(si.resyncing);
    assert_int_equal(si.gaps, 1);
    assert_int_equal(si.missed, 3);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_true(cm.resyncing);
    /* A snapshot (here: empty but for one waiting contact) clears resyncing and replaces. */
    wb_event sn;
    memset(&sn, 0, sizeof sn);
    wb_event_init(&sn, WB_EV_SNAPSHOT, now + 1);
    sn.src = "acd1";
    sn.has_seq = true;
    sn.seq = 7;
    wb_snap_contact w = {.id = "s9", .channel = "phone", .queue = "phone", .ts = now - S(7)};
    sn.snap.waiting = &w;
    sn.snap.n_waiting = 1;
    assert_int_equal(wb_model_apply(m, &sn, now + 1), WB_APPLIED);
    wb_model_source_info(m, 0, &si);
    assert_false(si.resyncing);
    wb_model_channel_metrics(m, 0, now + 1, &cm);
    assert_false(cm.resyncing);
    assert_int_equal(cm.waiting, 1);
    assert_int_equal(cm.oldest_wait_ms, S(7) + 1);
    /* A restart (seq back to 1) marks it resyncing until the next snapshot. */
    e.id = "s10";
    e.seq = 1;
    apply(m, e);
    wb_model_source_info(m, 0, &si);
    assert_true(si.resyncing);
    assert_int_equal(si.gaps, 1);
    wb_model_free(m);
}

static void test_staleness(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    cfg.stale_after_ms = S(5);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    assert_true(wb_model_stale(m, now)); /* never had data */
    wb_event hb;
    memset(&hb, 0, sizeof hb);
    wb_event_init(&hb, WB_EV_HEARTBEAT, now);
    assert_int_equal(wb_model_apply(m, &hb, now), WB_IGNORED);
    assert_false(wb_model_stale(m, now + S(5)));
    assert_true(wb_model_stale(m, now + S(5) + 1));
    wb_model_free(m);
}

static void test_sparkline(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_model_tick(m, now);
    apply(m, ev_contact(WB_EV_QUEUED, "p1", "phone", now + S(1)));
    apply(m, ev_contact(WB_EV_QUEUED, "p2", "phone", now + S(2)));
    wb_model_tick(m, now + S(3));
    /* Nothing for 50 s: the level of 2 carries over the slots without ticks. */
    apply(m, ev_contact(WB_EV_ABANDONED, "p1", "phone", now + S(55)));
    wb_model_tick(m, now + S(55));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now + S(55), &cm);
    /* Slots: now (10:00:00) holds max 2, 10:00:10..10:00:40 carry 2, 10:00:50 holds 1. */
    assert_int_equal(cm.spark[WB_SPARK_N - 1], 1);
    assert_int_equal(cm.spark[WB_SPARK_N - 2], 2);
    assert_int_equal(cm.spark[WB_SPARK_N - 6], 2);
    assert_int_equal(cm.spark[WB_SPARK_N - 7], 0);
    /*
     * The first tick was at 10:00:00: the 174 slots before it (09:31:00 to 09:59:50) were
     * never sampled, which is no data, not nobody waiting; the slot of now was.
     */
    assert_int_equal(cm.spark_lead, WB_SPARK_N - 6);
    assert_int_equal(cm.spark_tail, 0);
    /* At 10:01:05, before a tick in its slot: that newest slot is not sampled either. */
    wb_model_channel_metrics(m, 0, now + S(65), &cm);
    assert_int_equal(cm.spark_lead, WB_SPARK_N - 7);
    assert_int_equal(cm.spark_tail, 1);
    assert_int_equal(cm.spark[WB_SPARK_N - 2], 1);
    /* Half an hour and more after the last tick nothing in the window was sampled. */
    wb_model_channel_metrics(m, 0, now + S(55) + 30 * 60000, &cm);
    assert_int_equal(cm.spark_lead, WB_SPARK_N);
    assert_int_equal(cm.spark_tail, 0);
    wb_model_free(m);
}

/* A snapshot produced by one model and applied to an empty one gives identical metrics. */
static void test_snapshot_round_trip(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *a = wb_model_new(&cfg);
    wb_model *b = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(14);
    int n = 0;
    for (int i = 0; i < 40; i++) {
        const char *ch = i % 3 == 0 ? "phone" : i % 3 == 1 ? "chat" : "email";
        /* Spread over 50 minutes so that part is outside the rolling window. */
        contact(a, ch, n++, now - S(3000) + i * S(75), S(3 + i), i % 5 != 0);
    }
    apply(a, ev_contact(WB_EV_QUEUED, "still", "phone", now - S(44)));
    apply(a, ev_contact(WB_EV_QUEUED, "still2", "chat", now - S(4)));
    apply(a, ev_agent("a1", WB_AGENT_BUSY, now - S(100), "phone", "chat"));
    apply(a, ev_agent("a2", WB_AGENT_PAUSED, now - S(100), "email", NULL));
    wb_event c = ev_contact(WB_EV_COMPLETED, "phone-0-1795612200000-0", "phone", now);
    c.handle_ms = S(200);
    apply(a, c);

    wb_snapshot sn;
    assert_int_equal(wb_model_snapshot(a, "", now, &sn), WB_OK);
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_SNAPSHOT, now);
    e.snap = sn;
    static char buf[WB_MAX_MSG_BYTES];
    int len = wb_event_encode(&e, buf, sizeof buf);
    assert_true(len > 0);
    wb_snapshot_fini(&sn);
    wb_event d;
    assert_int_equal(wb_event_decode(&d, buf, (size_t)len), 0);
    assert_int_equal(wb_model_apply(b, &d, now), WB_APPLIED);
    wb_event_fini(&d);

    for (wb_ms t = now; t <= now + S(600); t += S(300)) {
        for (size_t ch = 0; ch < 3; ch++) {
            wb_channel_metrics ma, mb;
            wb_model_channel_metrics(a, ch, t, &ma);
            wb_model_channel_metrics(b, (size_t)wb_model_channel_index(b, ma.name), t, &mb);
            assert_memory_equal(&ma.today.c, &mb.today.c, sizeof ma.today.c);
            assert_memory_equal(&ma.rolling.c, &mb.rolling.c, sizeof ma.rolling.c);
            assert_int_equal(ma.waiting, mb.waiting);
            assert_int_equal(ma.oldest_wait_ms, mb.oldest_wait_ms);
            assert_memory_equal(ma.agents, mb.agents, sizeof ma.agents);
            assert_int_equal(ma.forecast.valid, mb.forecast.valid);
            if (ma.forecast.valid) {
                /* Both rates of the trend travel in the snapshot, so the whole forecast does. */
                assert_float_equal(ma.forecast.lambda_per_s, mb.forecast.lambda_per_s, 1e-9);
                assert_int_equal(isnan(ma.forecast.sl), isnan(mb.forecast.sl));
                if (!isnan(ma.forecast.sl))
                    assert_float_equal(ma.forecast.sl, mb.forecast.sl, 1e-6);
                /* The shared queue's AHT is a mix summed in either model's order. */
                assert_int_equal(isfinite(ma.forecast.ewt_s), isfinite(mb.forecast.ewt_s));
                if (isfinite(ma.forecast.ewt_s))
                    assert_float_equal(ma.forecast.ewt_s, mb.forecast.ewt_s,
                                       1e-9 * (1 + ma.forecast.ewt_s));
            }
        }
    }
    /* The rolling window really was partial: some outcomes are only in today. */
    wb_channel_metrics ma;
    wb_model_channel_metrics(a, 0, now, &ma);
    assert_true(ma.rolling.c.answered < ma.today.c.answered);
    wb_model_free(a);
    wb_model_free(b);
}

/*
 * The queue in the model: 12 agents serve phone, 3 of them available and 9 busy; 10
 * contacts wait; no AHT measured yet, so the configured default 240 s applies. The 3 free
 * agents take 3 contacts, 7 stay ahead of a new one, and the 12 agents free up one every
 * 240 / 12 = 20 s: EWT = (10 - 3 + 1) * 20 = 160 s. N is the 12 agents: 3 available who
 * serve phone and 9 busy on phone.
 */
static void test_forecast_queue_ewt(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg);
    cfg.channels[0].default_aht_s = 240;
    wb_model *m = wb_model_new(&cfg);
    wb_ms t0 = DAY0 + H(10);
    for (int i = 0; i < 12; i++) {
        char id[8], cid[8];
        snprintf(id, sizeof id, "ag%d", i);
        apply(m,
              ev_agent(id, i < 3 ? WB_AGENT_AVAILABLE : WB_AGENT_BUSY, t0 - S(120), "phone", NULL));
        if (i < 3)
            continue;
        /* The 9 busy agents are busy on phone: each answered a phone call (N counts them). */
        snprintf(cid, sizeof cid, "c%d", i);
        wb_event e = ev_contact(WB_EV_ANSWERED, cid, "phone", t0 - S(120));
        e.agent = id;
        e.wait_ms = 0;
        apply(m, e);
    }
    for (int i = 0; i < 10; i++) {
        char id[8];
        snprintf(id, sizeof id, "q%d", i);
        apply(m, ev_contact(WB_EV_QUEUED, id, "phone", t0 - S(60) + S(i)));
    }
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, t0, &cm);
    assert_true(cm.forecast.valid);
    assert_int_equal(cm.forecast.agents, 12);
    assert_float_equal(cm.forecast.ewt_s, 160.0, 1e-9);
    /* Nothing answered yet: no rolling SL, so a breach is predicted from the new contacts
     * alone, and 7 ahead with 12 agents and T 20 s leaves them almost no chance. */
    assert_true(cm.forecast.sl < 0.8);
    assert_true(isfinite(cm.forecast.breach_in_min));
    wb_model_free(m);
}

static void test_unconfigured_channel(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    assert_int_equal(apply(m, ev_contact(WB_EV_QUEUED, "v1", "video", now)), WB_APPLIED);
    int i = wb_model_channel_index(m, "video");
    assert_int_equal(i, 4);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, (size_t)i, now + S(3), &cm);
    assert_false(cm.configured);
    assert_int_equal(cm.waiting, 1);
    assert_int_equal(cm.oldest_wait_ms, S(3));
    /* Default settings: T comes from cfg.defaults. */
    assert_int_equal(cm.cfg->sl_t_ms, cfg.defaults.sl_t_ms);
    wb_model_free(m);
}

static void test_board_counts_refusals(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_board *b = wb_board_new(&cfg);
    wb_ms now = DAY0 + H(10);
    const char *good = "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1795600800000,"
                       "\"id\":\"g1\",\"channel\":\"phone\"}";
    const char *bad_v = "{\"v\":2,\"type\":\"contact.queued\",\"ts\":1795600800000,"
                        "\"id\":\"g2\",\"channel\":\"phone\"}";
    const char *junk = "{not json";
    assert_int_equal(wb_board_ingest(b, good, strlen(good), now), WB_APPLIED);
    assert_int_equal(wb_board_ingest(b, bad_v, strlen(bad_v), now), WB_ERR_VERSION);
    assert_int_equal(wb_board_ingest(b, junk, strlen(junk), now), WB_ERR_JSON);
    assert_int_equal(wb_board_ingest(b, good, strlen(good), now), WB_DUPLICATE);
    wb_board_counters c;
    wb_board_counters_get(b, &c);
    assert_int_equal(c.received, 4);
    assert_int_equal(c.applied, 1);
    assert_int_equal(c.duplicates, 1);
    assert_int_equal(c.refused, 2);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_VERSION)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_JSON)], 1);
    wb_board_view *v = malloc(sizeof *v);
    wb_board_tick(b, now);
    wb_board_view_fill(b, now, now, v);
    assert_int_equal(v->ch[0].m.waiting, 1); /* the refused message changed nothing */
    assert_false(v->stale);
    free(v);
    wb_board_free(b);
}

/* A publisher clock a year ahead: refused once the receiver ticks, and nothing changes. */
static void test_future_event_refused(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_model_tick(m, now);
    wb_event e = ev_contact(WB_EV_ABANDONED, "f1", "phone", now + H(24 * 365));
    assert_int_equal(wb_model_apply(m, &e, now), WB_ERR_FUTURE);
    /* Just inside the bound (one hour ahead of the tick) is accepted. */
    e = ev_contact(WB_EV_QUEUED, "f2", "phone", now + H(1));
    assert_int_equal(wb_model_apply(m, &e, now), WB_APPLIED);
    assert_int_equal(wb_model_newest_ts(m), now + H(1));
    contact(m, "phone", 1, now, S(3), true);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(cm.today.c.abandoned, 0);
    assert_int_equal(cm.rolling.c.abandoned, 0);
    /*
     * A receiver on event time has no future: the same event is simply the newest, with the
     * limit still set for the wall clock; and the limit turned off stays off whatever is said
     * of the clock after it (wallboard-asterisk turns it off and then chooses its clock).
     */
    wb_model *n = wb_model_new(&cfg);
    wb_model_set_max_future(n, 0);
    wb_model_set_event_clock(n, false);
    wb_model_tick(n, now);
    wb_model_set_event_clock(m, true);
    for (int i = 0; i < 2; i++) {
        e = ev_contact(WB_EV_QUEUED, "f3", "phone", now + H(24 * 365));
        assert_int_equal(wb_model_apply(i ? n : m, &e, now), WB_APPLIED);
        assert_int_equal(wb_model_newest_ts(i ? n : m), now + H(24 * 365));
    }
    /* Back on the wall clock, m's limit of an hour applies again. */
    wb_model_set_event_clock(m, false);
    wb_model_tick(m, now);
    e = ev_contact(WB_EV_QUEUED, "f4", "phone", now + H(2));
    assert_int_equal(wb_model_apply(m, &e, now), WB_ERR_FUTURE);
    wb_model_free(n);
    wb_model_free(m);
}

/* The receiver's clock 3 s behind the publisher's at midnight: today never goes back. */
static void test_day_only_moves_forward(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    const wb_ms midnight = DAY0 + H(24);
    wb_model_tick(m, midnight - S(10));
    contact(m, "phone", 1, midnight + S(1), S(2), true); /* rolls the day over */
    wb_model_tick(m, midnight - S(2));                   /* receiver still before midnight */
    contact(m, "phone", 2, midnight - S(1), S(2), true); /* late, yesterday's */
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, midnight + S(2), &cm);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(cm.rolling.c.answered, 2);
    wb_model_free(m);
}

/* A snapshot whose day is not ours (another time zone) leaves our today for its queues. */
static void test_snapshot_other_day_keeps_today(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    for (int i = 0; i < 5; i++)
        contact(m, "phone", i, now - S(100) + i, S(4), true);
    wb_event sn;
    memset(&sn, 0, sizeof sn);
    wb_event_init(&sn, WB_EV_SNAPSHOT, now);
    wb_snap_queue q = {.queue = "phone", .channel = "phone", .day_start = DAY0 - H(2)};
    q.today.answered = 99;
    sn.snap.queues = &q;
    sn.snap.n_queues = 1;
    assert_int_equal(wb_model_apply(m, &sn, now), WB_APPLIED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 5);
    /* A snapshot of our day replaces it. */
    q.day_start = DAY0;
    assert_int_equal(wb_model_apply(m, &sn, now), WB_APPLIED);
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 99);
    wb_model_free(m);
}

/* A message delivered twice is not a restart, and a real restart forgets the old ids. */
static void test_seq_redelivery_and_restart(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_event e = ev_contact(WB_EV_QUEUED, "c0", "chat", now);
    e.src = "acd";
    e.has_seq = true;
    char ids[12][8];
    for (int i = 1; i <= 10; i++) {
        snprintf(ids[i], sizeof ids[i], "c%d", i);
        e.id = ids[i];
        e.seq = (uint64_t)i;
        apply(m, e);
    }
    e.id = ids[5];
    e.seq = 5; /* delivered again */
    assert_int_equal(apply(m, e), WB_DUPLICATE);
    e.id = "c11";
    e.seq = 11;
    apply(m, e);
    wb_source_info si;
    wb_model_source_info(m, 0, &si);
    assert_false(si.resyncing);
    assert_int_equal(si.gaps, 0);
    assert_int_equal(si.last_seq, 11);
    wb_event a1 = ev_contact(WB_EV_ANSWERED, "c1", "chat", now + S(1));
    a1.src = "acd";
    a1.has_seq = true;
    a1.seq = 12;
    assert_int_equal(apply(m, a1), WB_APPLIED);
    /* The publisher restarts, numbers from 1 again and reuses its ids: they are new again. */
    wb_event q2 = ev_contact(WB_EV_QUEUED, "c1", "chat", now + S(5));
    q2.src = "acd";
    q2.has_seq = true;
    q2.seq = 1;
    assert_int_equal(apply(m, q2), WB_APPLIED);
    wb_event a = ev_contact(WB_EV_ANSWERED, "c1", "chat", now + S(6));
    a.src = "acd";
    a.has_seq = true;
    a.seq = 2;
    assert_int_equal(apply(m, a), WB_APPLIED);
    wb_model_source_info(m, 0, &si);
    assert_true(si.resyncing);
    assert_int_equal(si.last_seq, 2);
    /*
     * The publisher runs to seq 40 and restarts again, but its seq 1..4 are lost while the
     * connection comes back: its snapshot numbered 5, below ours, is recognised as the restart.
     */
    for (uint64_t k = 3; k <= 40; k++) {
        a.seq = k;
        apply(m, a); /* duplicates of c1's answer, but they move the sequence */
    }
    wb_event sn;
    memset(&sn, 0, sizeof sn);
    wb_event_init(&sn, WB_EV_SNAPSHOT, now + S(7));
    sn.src = "acd";
    sn.has_seq = true;
    sn.seq = 5;
    assert_int_equal(wb_model_apply(m, &sn, now), WB_APPLIED);
    wb_model_source_info(m, 0, &si);
    assert_false(si.resyncing);
    assert_int_equal(si.last_seq, 5);
    assert_int_equal(si.gaps, 0);
    /* ... and it forgot the old run's ids: c1 may be queued again. */
    q2.seq = 6;
    assert_int_equal(apply(m, q2), WB_APPLIED);
    wb_model_free(m);
}

/* Hours after the last call the rate is no rate: no forecast, no warning all night. */
static void test_forecast_undefined_overnight(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    cfg.forecast_tau_ms = S(900);
    wb_model *m = wb_model_new(&cfg);
    wb_ms t0 = DAY0 + H(12);
    for (int i = 0; i < 100; i++)
        contact(m, "phone", i, t0 + S(i), S(3), true);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, t0 + S(100), &cm);
    assert_true(cm.forecast.valid);
    /*
     * The rate after the last arrival is about 100/900 per s (a little less: the first
     * arrivals have decayed); lambda * tau < 0.01 needs e^(-t/900) < 1e-4: t > 8289 s.
     */
    wb_model_channel_metrics(m, 0, t0 + S(99) + S(8000), &cm);
    assert_true(cm.forecast.valid);
    wb_model_channel_metrics(m, 0, t0 + S(99) + S(8400), &cm);
    assert_false(cm.forecast.valid);
    wb_model_free(m);
}

/* Times near the epoch (tests, fuzzers) must not index outside the bucket ring. */
static void test_small_times(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    contact(m, "phone", 1, 5000, S(1), true);
    wb_snapshot sn;
    assert_int_equal(wb_model_snapshot(m, "", 6000, &sn), WB_OK);
    assert_int_equal(sn.n_queues, 1);
    assert_int_equal(sn.queues[0].n_buckets, 1);
    wb_snapshot_fini(&sn);
    wb_model_free(m);
}

/* Completion before answer: nothing stays in service; huge waits are clamped, not overflowed. */
static void test_in_service_and_clamps(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    wb_event c = ev_contact(WB_EV_COMPLETED, "x", "phone", now);
    c.handle_ms = S(60);
    apply(m, c);
    apply(m, ev_contact(WB_EV_ANSWERED, "x", "phone", now - S(60)));
    wb_snapshot sn;
    wb_model_snapshot(m, "", now, &sn);
    assert_int_equal(sn.n_in_service, 0);
    wb_snapshot_fini(&sn);
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "big%d", i);
        wb_event e = ev_contact(WB_EV_ANSWERED, id, "chat", now);
        e.wait_ms = (wb_ms)1 << 53;
        apply(m, e);
    }
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 1, now, &cm);
    assert_int_equal(cm.today.c.wait_sum_ms, 3 * 30LL * 24 * 3600 * 1000);
    wb_model_free(m);
}

/*
 * Two calls answered at 10:00 whose completions never come are dropped by the first tick of a
 * day on which they have been in service over 24 hours: kept at the next midnight (14 h), gone
 * at the one after (38 h). On the wall clock the tick rolls the day over; on event time a
 * heartbeat of the new day does, before the tick that follows it (as a receiver ticks at the
 * newest event time), and the sweep must not depend on which of the two rolled it.
 */
static void test_in_service_swept(void **state)
{
    (void)state;
    for (int event = 0; event < 2; event++) {
        wb_config cfg;
        base_config(&cfg);
        wb_model *m = wb_model_new(&cfg);
        wb_model_set_event_clock(m, event);
        wb_ms t0 = DAY0 + H(10);
        wb_model_tick(m, t0);
        apply(m, ev_contact(WB_EV_ANSWERED, "a", "phone", t0));
        apply(m, ev_contact(WB_EV_ANSWERED, "b", "chat", t0));
        wb_ms marks[] = {DAY0 + H(47), DAY0 + H(48) + S(600)};
        size_t want[] = {2, 0};
        wb_ms t = t0;
        for (int k = 0; k < 2; k++) {
            for (; t <= marks[k]; t += S(600)) {
                if (event) {
                    wb_event hb;
                    memset(&hb, 0, sizeof hb);
                    wb_event_init(&hb, WB_EV_HEARTBEAT, t);
                    apply(m, hb);
                }
                wb_model_tick(m, t);
            }
            wb_snapshot sn;
            assert_int_equal(wb_model_snapshot(m, "", t, &sn), WB_OK);
            assert_int_equal(sn.n_in_service, want[k]);
            wb_snapshot_fini(&sn);
        }
        wb_model_free(m);
    }
}

/*
 * Channel names from events fill the table up to 32; then events are refused (and counted),
 * and so is an agent that names a channel that does not fit (whole: nothing of it applied).
 */
static void test_channel_limit(void **state)
{
    wb_config cfg;
    base_config(&cfg);
    wb_model *m = wb_model_new(&cfg);
    wb_ms now = DAY0 + H(10);
    char name[WB_MAX_CHANNELS][16];
    for (int i = 4; i < WB_MAX_CHANNELS; i++) {
        snprintf(name[i], sizeof name[i], "junk%d", i);
        assert_int_equal(apply(m, ev_contact(WB_EV_QUEUED, name[i], name[i], now)), WB_APPLIED);
    }
    assert_int_equal(apply(m, ev_contact(WB_EV_QUEUED, "one-more", "video", now)), WB_ERR_LIMIT);
    assert_int_equal(apply(m, ev_agent("ag", WB_AGENT_AVAILABLE, now, "video", "phone")),
                     WB_ERR_LIMIT);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, now, &cm);
    assert_int_equal(cm.agents[WB_AGENT_AVAILABLE], 0);
    assert_int_equal(wb_model_agent_count(m), 0);
    assert_int_equal(wb_model_channel_count(m), WB_MAX_CHANNELS);
    wb_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formulas_worked_example),
        cmocka_unit_test(test_short_abandons_excluded),
        cmocka_unit_test(test_threshold_inclusive),
        cmocka_unit_test(test_answered_without_queued),
        cmocka_unit_test(test_duplicates_and_out_of_order),
        cmocka_unit_test(test_waiting_and_oldest),
        cmocka_unit_test(test_today_across_midnight_in_zone),
        cmocka_unit_test(test_rolling_edge),
        cmocka_unit_test(test_agents_by_state),
        cmocka_unit_test(test_arrival_rate_and_forecast),
        cmocka_unit_test(test_forecast_queue_ewt),
        cmocka_unit_test(test_seq_gap_and_resync),
        cmocka_unit_test(test_staleness),
        cmocka_unit_test(test_sparkline),
        cmocka_unit_test(test_snapshot_round_trip),
        cmocka_unit_test(test_unconfigured_channel),
        cmocka_unit_test(test_board_counts_refusals),
        cmocka_unit_test(test_future_event_refused),
        cmocka_unit_test(test_day_only_moves_forward),
        cmocka_unit_test(test_snapshot_other_day_keeps_today),
        cmocka_unit_test(test_seq_redelivery_and_restart),
        cmocka_unit_test(test_forecast_undefined_overnight),
        cmocka_unit_test(test_small_times),
        cmocka_unit_test(test_in_service_and_clamps),
        cmocka_unit_test(test_in_service_swept),
        cmocka_unit_test(test_channel_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
