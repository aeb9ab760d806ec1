/*
 * test_model_watch.c - whether the day before was watched whole (docs/metrics.md section 6.5):
 * a silence longer than WB_WATCH_GAP_MS (5 minutes) makes the day watched only from its end,
 * and the day is whole when that is its start or WB_WATCH_LEAD_MS (an hour) or more before the
 * channel's first interval with an arrival. A day before not watched whole shapes nothing, is
 * not sent in snapshots, and gives way to a snapshot's or to the configured profile. A channel
 * fed by several publishers is watched only as well as each one that counted its arrivals was
 * heard. Each case worked by hand from those two constants; no clock is read.
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

#include "wb_model.h"

/* 2026-11-25T00:00:00Z: day 1 (UTC). Day 2 is 2026-11-26. */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define MIN(x) ((wb_ms)(x)*60 * 1000)
#define S(x) ((wb_ms)(x)*1000)
#define DAY2 (DAY0 + H(24))

static wb_model *new_model(const char *tz, int n_steps)
{
    wb_config cfg;
    wb_config_defaults(&cfg);
    snprintf(cfg.tz, sizeof cfg.tz, "%s", tz);
    wb_channel_cfg *ch = &cfg.channels[cfg.n_channels++];
    wb_channel_cfg_default(&cfg, ch, "phone");
    ch->sl_t_ms = S(20);
    ch->sl_target = 0.8;
    ch->realtime = true;
    /* Phone's configured profile, when asked for: 60 an hour from 08:00, none from 14:00. */
    static const uint16_t mins[2] = {8 * 60, 14 * 60};
    static const float per_h[2] = {60, 0};
    ch->n_shape = n_steps;
    for (int i = 0; i < n_steps; i++) {
        ch->shape_min[i] = mins[i];
        ch->shape_per_h[i] = per_h[i];
    }
    wb_model *m = wb_model_new(&cfg);
    assert_non_null(m);
    wb_model_set_max_future(m, 0);
    return m;
}

/* The publisher the helpers below speak as: "p" but where a case says otherwise. */
static const char *g_src = "p";

static void apply(wb_model *m, wb_event *e)
{
    e->src = g_src;
    assert_true(wb_model_apply(m, e, e->ts) >= 0);
}

/* A heartbeat every `step` from `from` to before `to`, after a tick at `from` (the start). */
static void listen_every(wb_model *m, wb_ms from, wb_ms to, wb_ms step)
{
    wb_model_tick(m, from);
    for (wb_ms t = from; t < to; t += step) {
        wb_event e;
        wb_event_init(&e, WB_EV_HEARTBEAT, t);
        apply(m, &e);
    }
}

static void listen(wb_model *m, wb_ms from, wb_ms to)
{
    listen_every(m, from, to, MIN(1));
}

/*
 * Phone traffic from minute `from` to `to` of the day: two agents from the first minute, a
 * contact a minute queued then answered 40 s later and done 150 s after that (15 arrivals in
 * each 15-minute interval).
 */
static void traffic(wb_model *m, wb_ms day, int from, int to)
{
    char id[32];
    wb_event e;
    for (int a = 0; a < 2; a++) {
        wb_event_init(&e, WB_EV_AGENT_STATE, day + MIN(from));
        e.agent = a ? "a2" : "a1";
        e.state = WB_AGENT_AVAILABLE;
        e.channels[0] = "phone";
        e.n_channels = 1;
        apply(m, &e);
    }
    for (int k = from; k < to; k++) {
        snprintf(id, sizeof id, "%s-c%lld-%d", g_src, (long long)(day / H(24)), k);
        static const wb_event_type types[3] = {WB_EV_QUEUED, WB_EV_ANSWERED, WB_EV_COMPLETED};
        static const wb_ms at[3] = {0, S(40), S(190)};
        for (int t = 0; t < 3; t++) {
            wb_event_init(&e, types[t], day + MIN(k) + at[t]);
            e.id = id;
            e.channel = "phone";
            e.queue = "phone";
            e.agent = t ? "a1" : NULL;
            e.wait_ms = t == 1 ? S(40) : -1;
            e.handle_ms = t == 2 ? S(150) : -1;
            apply(m, &e);
        }
    }
}

static wb_channel_metrics metrics_at(wb_model *m, wb_ms now)
{
    wb_channel_metrics cm;
    wb_model_tick(m, now);
    wb_model_channel_metrics(m, 0, now, &cm);
    return cm;
}

/* Two forecasts equal bit for bit (NAN equals NAN). */
static bool same_forecast(const wb_forecast *a, const wb_forecast *b)
{
    return a->valid == b->valid && a->required == b->required &&
           memcmp(&a->sl, &b->sl, sizeof a->sl) == 0 &&
           memcmp(&a->sl_low, &b->sl_low, sizeof(double)) == 0 &&
           memcmp(&a->breach_in_min, &b->breach_in_min, sizeof(double)) == 0;
}

/*
 * Day 2 (08:00-13:55 of traffic) seen by m and by ref, and their forecasts every 5 minutes to
 * 14:30 compared: returns how many differ.
 */
static int day2_differs(wb_model *m, wb_model *ref)
{
    traffic(m, DAY2, 8 * 60, 13 * 60 + 55);
    traffic(ref, DAY2, 8 * 60, 13 * 60 + 55);
    int differ = 0;
    for (int k = 8 * 60; k <= 14 * 60 + 30; k += 5) {
        wb_channel_metrics a = metrics_at(m, DAY2 + MIN(k)), b = metrics_at(ref, DAY2 + MIN(k));
        differ += !same_forecast(&a.forecast, &b.forecast);
    }
    return differ;
}

/* Source p's snapshot of m at now: how many day befores it carries. */
static size_t snapshot_day_befores(wb_model *m, wb_ms now)
{
    wb_snapshot s;
    assert_int_equal(wb_model_snapshot(m, "p", now, &s), WB_OK);
    size_t n = s.n_day_before;
    wb_snapshot_fini(&s);
    return n;
}

/*
 * A screen started at 12:00 of day 1 (its first tick and heartbeat then, traffic 12:00-14:00):
 * the lead silence 00:00-12:00 is 12 hours > 5 minutes, so day 1 is watched from 12:00, and
 * its first arrival is in interval 48 (12:00), which 12:00 + 1 h does not precede: partial.
 * Its day before (60 arrivals, 12:00-14:00) is kept but shapes nothing: day 2's forecast is,
 * bit for bit, that of a model with no day before; the shape reads "day_before_partial" and
 * p's snapshot carries no day before. The old code shaped by it (the morning's zeros).
 */
static void watched_from_noon(void **state)
{
    (void)state;
    wb_model *m = new_model("", 0), *none = new_model("", 0);
    listen(m, DAY0 + H(12), DAY2);
    traffic(m, DAY0, 12 * 60, 14 * 60);
    assert_int_equal(wb_model_watched_from(m, DAY0 + H(20)), DAY0 + H(12));
    wb_model_tick(m, DAY2 + S(1));
    wb_model_tick(none, DAY2 + S(1));
    const double *p;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[48] == 15.0 / 900.0 && p[36] == 0.0);
    assert_false(wb_model_channel_day_before_whole(m, 0));
    assert_int_equal(snapshot_day_befores(m, DAY2 + S(1)), 0);
    assert_int_equal(day2_differs(m, none), 0);
    wb_channel_metrics cm = metrics_at(m, DAY2 + H(15));
    assert_int_equal(cm.shape, WB_SHAPE_PARTIAL);
    assert_string_equal(wb_shape_from_name(cm.shape), "day_before_partial");
    wb_model_free(m);
    wb_model_free(none);
}

/*
 * The same traffic heard all day (a heartbeat a minute from 00:00, the last at 23:59, one
 * minute before the rollover): whole. It shapes (day 2's forecast differs from the model
 * without a day before), reads "day_before" and is sent. A heartbeat every 5 minutes exactly
 * is still whole (a silence of 5 minutes is not longer than the bound).
 */
static void watched_whole(void **state)
{
    (void)state;
    wb_model *m = new_model("", 0), *none = new_model("", 0), *five = new_model("", 0);
    listen(m, DAY0, DAY2);
    listen_every(five, DAY0, DAY2, MIN(5));
    traffic(m, DAY0, 8 * 60, 14 * 60);
    assert_int_equal(wb_model_watched_from(m, DAY2 - 1), DAY0);
    wb_model_tick(m, DAY2 + S(1));
    wb_model_tick(five, DAY2 + S(1));
    wb_model_tick(none, DAY2 + S(1));
    assert_true(wb_model_channel_day_before_whole(m, 0));
    assert_true(wb_model_channel_day_before_whole(five, 0));
    assert_int_equal(snapshot_day_befores(m, DAY2 + S(1)), 1);
    assert_true(day2_differs(m, none) > 0);
    assert_int_equal(metrics_at(m, DAY2 + H(15)).shape, WB_SHAPE_DAY_BEFORE);
    wb_model_free(m);
    wb_model_free(none);
    wb_model_free(five);
}

/*
 * A 3-hour gap: heard 00:00-10:00 and 13:00-24:00, traffic 08:00-10:00 and 13:00-14:00. The
 * silence from the last event before it (10:02:10, the last completion) to the 13:00 heartbeat
 * moves the watch to 13:00, and
 * the first arrival (interval 32, 08:00) is before it: partial, no shape, nothing sent. A
 * silence of 5 minutes and 1 ms (heartbeats at 10:00 and 10:05:00.001) is enough: watched from
 * 10:05:00.001, which is after 08:00 - 1 h.
 */
static void three_hour_gap(void **state)
{
    (void)state;
    wb_model *m = new_model("", 0), *none = new_model("", 0), *edge = new_model("", 0);
    listen(m, DAY0, DAY0 + H(10));
    traffic(m, DAY0, 8 * 60, 10 * 60);
    listen(m, DAY0 + H(13), DAY2);
    traffic(m, DAY0, 13 * 60, 14 * 60);
    assert_int_equal(wb_model_watched_from(m, DAY2 - 1), DAY0 + H(13));
    listen(edge, DAY0, DAY0 + H(10) + S(1));
    listen(edge, DAY0 + H(10) + MIN(5) + 1, DAY2);
    traffic(edge, DAY0, 8 * 60, 9 * 60);
    assert_int_equal(wb_model_watched_from(edge, DAY2 - 1), DAY0 + H(10) + MIN(5) + 1);
    wb_model *all[] = {m, none, edge};
    for (int i = 0; i < 3; i++)
        wb_model_tick(all[i], DAY2 + S(1));
    assert_false(wb_model_channel_day_before_whole(m, 0));
    assert_false(wb_model_channel_day_before_whole(edge, 0));
    assert_int_equal(snapshot_day_befores(m, DAY2 + S(1)), 0);
    assert_int_equal(day2_differs(m, none), 0);
    for (int i = 0; i < 3; i++)
        wb_model_free(all[i]);
}

/*
 * The lead: a screen started at 07:00 sharp, the phones open at 08:00 (interval 32): 07:00 +
 * 1 h is not after 08:00, whole. Started at 07:00:00.001: partial. And the feed gone at 12:00
 * until the rollover (stopped early): the silence to midnight moves the watch to the day's
 * end, partial.
 */
static void lead_and_tail(void **state)
{
    (void)state;
    wb_model *at7 = new_model("", 0), *late = new_model("", 0), *gone = new_model("", 0);
    listen(at7, DAY0 + H(7), DAY2);
    listen(late, DAY0 + H(7) + 1, DAY2);
    listen(gone, DAY0, DAY0 + H(12));
    wb_model *all[] = {at7, late, gone};
    for (int i = 0; i < 3; i++) {
        traffic(all[i], DAY0, 8 * 60, 12 * 60);
        wb_model_tick(all[i], DAY2 + S(1));
    }
    assert_true(wb_model_channel_day_before_whole(at7, 0));
    assert_false(wb_model_channel_day_before_whole(late, 0));
    assert_false(wb_model_channel_day_before_whole(gone, 0));
    assert_int_equal(snapshot_day_befores(gone, DAY2 + S(1)), 0);
    for (int i = 0; i < 3; i++)
        wb_model_free(all[i]);
}

/*
 * Daylight saving in Europe/Helsinki: 2026-03-29 has 23 hours, 2026-10-25 25. A model that
 * heard each day from its midnight to its last minute watched it whole, whatever its length;
 * one that heard the 25-hour day only for 24 hours (to 23:00 EET, the clock's second 03:00
 * counted once) has a silence of an hour at the end, and watched it from its end only.
 */
static void daylight_saving_days(void **state)
{
    (void)state;
    static const wb_ms start[2] = {1774735200000LL, 1792875600000LL}; /* 03-29, 10-25 00:00 */
    static const wb_ms len[2] = {H(23), H(25)};
    for (int i = 0; i < 2; i++) {
        wb_model *m = new_model("Europe/Helsinki", 0);
        listen(m, start[i], start[i] + len[i]);
        wb_ms day_start = 0;
        assert_int_equal(wb_model_interval_count(m, &day_start, NULL), len[i] / MIN(15));
        assert_int_equal(day_start, start[i]);
        assert_int_equal(wb_model_watched_from(m, start[i] + len[i] - 1), start[i]);
        wb_model_free(m);
    }
    wb_model *m = new_model("Europe/Helsinki", 0);
    listen(m, start[1], start[1] + H(24));
    assert_int_equal(wb_model_watched_from(m, start[1] + H(25) - 1), start[1] + H(25) - 1);
    wb_model_free(m);
}

/*
 * A screen restarted at 12:00 of day 1 (partial, as above) is told at 00:00:01 of day 2 the
 * snapshot of a hub that ran all day 1 with the same traffic from 08:00: it adopts the hub's
 * day before over its own, and forecasts day 2 as the hub does, bit for bit. The old code kept
 * its own (with no morning) and forecast otherwise.
 */
static void restarted_screen_adopts_hub(void **state)
{
    (void)state;
    wb_model *hub = new_model("", 0), *screen = new_model("", 0);
    listen(hub, DAY0, DAY2);
    traffic(hub, DAY0, 8 * 60, 14 * 60);
    listen(screen, DAY0 + H(12), DAY2);
    traffic(screen, DAY0, 12 * 60, 14 * 60);
    wb_model_tick(hub, DAY2 + S(1));
    wb_model_tick(screen, DAY2 + S(1));
    assert_false(wb_model_channel_day_before_whole(screen, 0));

    /* The hub's day before alone (its agents and counts are the screen's own already). */
    wb_snapshot hs;
    assert_int_equal(wb_model_snapshot(hub, "p", DAY2 + S(1), &hs), WB_OK);
    assert_int_equal(hs.n_day_before, 1);
    assert_int_equal(hs.day_before[0].arrivals[32], 15); /* 08:00 */
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, DAY2 + S(1));
    ev.src = "hub";
    ev.snap.day_before = hs.day_before;
    ev.snap.n_day_before = hs.n_day_before;
    assert_int_equal(wb_model_apply(screen, &ev, DAY2 + S(1)), WB_APPLIED);
    wb_snapshot_fini(&hs);
    const double *ph, *ps;
    assert_int_equal(wb_model_channel_day_before(hub, 0, &ph), 96);
    assert_int_equal(wb_model_channel_day_before(screen, 0, &ps), 96);
    assert_memory_equal(ph, ps, 96 * sizeof *ph);
    assert_true(wb_model_channel_day_before_whole(screen, 0));
    assert_int_equal(day2_differs(screen, hub), 0);
    wb_model_free(hub);
    wb_model_free(screen);
}

/*
 * A configured profile ("08:00 60, 14:00 0") wins over a partial day before: the screen
 * started at 12:00 of day 1 forecasts day 2 as a model with the profile and no day before,
 * and its shape reads "configured". The old code shaped by the partial day.
 */
static void configured_wins_over_partial(void **state)
{
    (void)state;
    wb_model *m = new_model("", 2), *plan = new_model("", 2);
    listen(m, DAY0 + H(12), DAY2);
    traffic(m, DAY0, 12 * 60, 14 * 60);
    wb_model_tick(m, DAY2 + S(1));
    wb_model_tick(plan, DAY2 + S(1));
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 96);
    assert_int_equal(day2_differs(m, plan), 0);
    assert_int_equal(metrics_at(m, DAY2 + H(15)).shape, WB_SHAPE_CONFIGURED);
    wb_model_free(m);
    wb_model_free(plan);
}

/*
 * A night's silence on event time (a recorded day replayed, a screen on --clock event) as on
 * the wall clock. Heard every minute of day 1 to 20:00 with traffic 08:00-10:00, nothing until
 * day 2's 07:10, when the agents sign in (agent states, not outcomes) and traffic runs to
 * 09:00. Day 2 is watched from 07:10 (the silence 00:00-07:10 is 7 h 10 min > 5 minutes) on
 * both clocks: on the wall clock the receiver ticks through the night (every minute here); on
 * event time nothing ticks in between and the 07:10 agent states are the first of day 2. The
 * old code heard them in day 1, where the silence is cut at midnight, and day 2, begun at
 * the first answer, was watched from its midnight. Day 1 is partial on both (the silence
 * from 20:00 to its end).
 */
static void event_clock_night(void **state)
{
    (void)state;
    wb_model *ev = new_model("", 0), *wall = new_model("", 0);
    wb_model_set_event_clock(ev, true);
    wb_model *both[] = {ev, wall};
    for (int i = 0; i < 2; i++) {
        listen(both[i], DAY0, DAY0 + H(20));
        traffic(both[i], DAY0, 8 * 60, 10 * 60);
    }
    for (wb_ms t = DAY0 + H(20); t <= DAY2 + MIN(7 * 60 + 10); t += MIN(1))
        wb_model_tick(wall, t);
    for (int i = 0; i < 2; i++) {
        traffic(both[i], DAY2, 7 * 60 + 10, 9 * 60);
        assert_int_equal(wb_model_watched_from(both[i], DAY2 + H(9)), DAY2 + MIN(7 * 60 + 10));
        assert_false(wb_model_channel_day_before_whole(both[i], 0));
        wb_model_free(both[i]);
    }
}

/*
 * Two publishers of phone, p and p2, each with the traffic above from 08:00 to 14:00 (p2's
 * contacts queued on the same queue). p is heard all day (a heartbeat a minute). p2 is heard
 * to 10:00 (its last heartbeat 09:59, its last completion 10:02:10) and again from 13:00:
 * its silence of 2 h 57 min 50 s hides its share of 10:00-13:00, so phone's day is watched
 * from 13:00, after 08:00 - 1 h: partial, though the model as a whole heard p every minute
 * (watched from 00:00). The old code took it whole. Beside it: p2 heard by a heartbeat every
 * 5 minutes exactly (no silence longer than the bound) leaves phone whole, and so does a third
 * publisher first heard at 12:00 that counted nothing of phone (its own silence 00:00-12:00
 * hides none of phone's arrivals).
 */
static void one_publisher_deaf(void **state)
{
    (void)state;
    wb_model *m = new_model("", 0), *five = new_model("", 0);
    wb_model *all[] = {m, five};
    for (int i = 0; i < 2; i++) {
        listen(all[i], DAY0, DAY2);
        traffic(all[i], DAY0, 8 * 60, 14 * 60);
        g_src = "p2";
        if (i == 0) {
            listen(m, DAY0, DAY0 + H(10));
            traffic(m, DAY0, 8 * 60, 10 * 60);
            listen(m, DAY0 + H(13), DAY2);
            traffic(m, DAY0, 13 * 60, 14 * 60);
        } else {
            listen_every(five, DAY0, DAY2, MIN(5));
            traffic(five, DAY0, 8 * 60, 14 * 60);
            g_src = "p3";
            listen(five, DAY0 + H(12), DAY0 + H(12) + 1);
        }
        g_src = "p";
    }
    assert_int_equal(wb_model_watched_from(m, DAY2 - 1), DAY0);
    assert_int_equal(wb_model_channel_watched_from(m, 0, DAY2 - 1), DAY0 + H(13));
    assert_int_equal(wb_model_channel_watched_from(five, 0, DAY2 - 1), DAY0);
    for (int i = 0; i < 2; i++)
        wb_model_tick(all[i], DAY2 + S(1));
    assert_false(wb_model_channel_day_before_whole(m, 0));
    assert_int_equal(snapshot_day_befores(m, DAY2 + S(1)), 0);
    assert_int_equal(metrics_at(m, DAY2 + H(15)).shape, WB_SHAPE_PARTIAL);
    assert_true(wb_model_channel_day_before_whole(five, 0));
    assert_int_equal(metrics_at(five, DAY2 + H(15)).shape, WB_SHAPE_DAY_BEFORE);
    for (int i = 0; i < 2; i++)
        wb_model_free(all[i]);
}

/*
 * The same outage seen through a hub. The hub and a screen both hear p all day and p2 to
 * 10:00 as above; from 10:05 to 12:55 the screen hears instead, every 5 minutes, the hub's
 * snapshot of p2 with silent_ms = the time since the hub last heard p2 (10:02:10). Those say
 * the screen is listening but not that p2 was heard: phone's day is watched from 13:00 on the
 * screen as on the hub, partial. Taken as p2's voice (heard when they came), they would leave
 * no silence longer than 5 minutes and the day whole.
 */
static void hub_snapshots_of_a_silent_publisher(void **state)
{
    (void)state;
    wb_model *hub = new_model("", 0), *screen = new_model("", 0);
    wb_model *all[] = {hub, screen};
    const wb_ms last = DAY0 + H(10) + S(130); /* p2's last completion, 09:59 + 190 s */
    for (int i = 0; i < 2; i++) {
        listen(all[i], DAY0, DAY2);
        traffic(all[i], DAY0, 8 * 60, 14 * 60);
        g_src = "p2";
        listen(all[i], DAY0, DAY0 + H(10));
        traffic(all[i], DAY0, 8 * 60, 10 * 60);
        g_src = "p";
    }
    for (wb_ms t = DAY0 + H(10) + MIN(5); t < DAY0 + H(13); t += MIN(5)) {
        wb_snapshot snap;
        assert_int_equal(wb_model_snapshot(hub, "p2", t, &snap), WB_OK);
        wb_event ev;
        wb_event_init(&ev, WB_EV_SNAPSHOT, t);
        ev.src = "p2";
        ev.snap = snap;
        ev.snap.silent_ms = t - last;
        assert_true(wb_model_apply(screen, &ev, t) >= 0);
        wb_snapshot_fini(&snap);
    }
    g_src = "p2";
    for (int i = 0; i < 2; i++) {
        listen(all[i], DAY0 + H(13), DAY2);
        traffic(all[i], DAY0, 13 * 60, 14 * 60);
    }
    g_src = "p";
    assert_int_equal(wb_model_channel_watched_from(hub, 0, DAY2 - 1), DAY0 + H(13));
    assert_int_equal(wb_model_channel_watched_from(screen, 0, DAY2 - 1), DAY0 + H(13));
    for (int i = 0; i < 2; i++) {
        wb_model_tick(all[i], DAY2 + S(1));
        assert_false(wb_model_channel_day_before_whole(all[i], 0));
    }
    for (int i = 0; i < 2; i++)
        wb_model_free(all[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(watched_from_noon),
        cmocka_unit_test(watched_whole),
        cmocka_unit_test(three_hour_gap),
        cmocka_unit_test(lead_and_tail),
        cmocka_unit_test(daylight_saving_days),
        cmocka_unit_test(restarted_screen_adopts_hub),
        cmocka_unit_test(configured_wins_over_partial),
        cmocka_unit_test(event_clock_night),
        cmocka_unit_test(one_publisher_deaf),
        cmocka_unit_test(hub_snapshots_of_a_silent_publisher),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
