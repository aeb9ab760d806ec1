/*
 * test_model_day_before.c - the day before carried in snapshots (docs/metrics.md section 6.5,
 * docs/protocol.md "day_before"): what a model's snapshot tells of it, worked by hand; a model
 * started during the day that adopts it forecasts what a model that ran through the day before
 * forecasts; what it does not adopt (another day, another width, a daylight-saving change, a
 * channel that has one, a day of another width); the way through snapshot parts; refusals
 * counted with their reason. And the configured arrival profile that shapes a day without a
 * day before: on today's intervals by hand, by the local clock on daylight-saving days, and
 * forecasting as a day before of the same counts does.
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
#include "wb_snapparts.h"

/* 2026-11-25T00:00:00Z, a Wednesday: day 1. Day 2 is 2026-11-26. */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define MIN(x) ((wb_ms)(x)*60 * 1000)
#define S(x) ((wb_ms)(x)*1000)
#define DAY2 (DAY0 + H(24))

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
        ch->realtime = i == 0;
    }
}

static wb_model *new_model(const wb_config *cfg)
{
    wb_model *m = wb_model_new(cfg);
    assert_non_null(m);
    wb_model_set_max_future(m, 0);
    return m;
}

static void contact(wb_model *m, wb_event_type t, const char *id, wb_ms ts, wb_ms wait,
                    wb_ms handle)
{
    wb_event e;
    wb_event_init(&e, t, ts);
    e.src = "p";
    e.id = id;
    e.channel = "phone";
    e.queue = "phone";
    e.agent = t == WB_EV_QUEUED ? NULL : "a1";
    e.wait_ms = wait;
    e.handle_ms = handle;
    assert_int_equal(wb_model_apply(m, &e, ts), WB_APPLIED);
}

static void agent(wb_model *m, const char *id, wb_ms ts)
{
    wb_event e;
    wb_event_init(&e, WB_EV_AGENT_STATE, ts);
    e.src = "p";
    e.agent = id;
    e.state = WB_AGENT_AVAILABLE;
    e.channels[0] = "phone";
    e.n_channels = 1;
    assert_int_equal(wb_model_apply(m, &e, ts), WB_APPLIED);
}

/*
 * The feed heard from `from` to `to`: a heartbeat of source p every minute (the model's day set
 * first by a tick at `from` when it has none). A day before is watched whole only when the
 * model heard the day (docs/metrics.md section 6.5); a live feed always has heartbeats.
 */
static void listen(wb_model *m, wb_ms from, wb_ms to)
{
    if (wb_model_interval_count(m, NULL, NULL) == 0)
        wb_model_tick(m, from);
    for (wb_ms t = from; t < to; t += MIN(1)) {
        wb_event e;
        wb_event_init(&e, WB_EV_HEARTBEAT, t);
        e.src = "p";
        assert_true(wb_model_apply(m, &e, t) >= 0);
    }
}

/*
 * Phone traffic of one day from `from` to `to` (minutes after midnight): a contact every
 * minute, answered after 40 s (outside T = 20 s) and done 150 s later; every sixth one
 * abandons after 30 s instead. Two agents are available from 08:00.
 */
static void traffic(wb_model *m, wb_ms day, int from, int to)
{
    char id[32];
    if (from <= 8 * 60) {
        agent(m, "a1", day + H(8));
        agent(m, "a2", day + H(8));
    }
    for (int k = from; k < to; k++) {
        wb_ms t = day + MIN(k);
        snprintf(id, sizeof id, "c%lld-%d", (long long)(day / H(24)), k);
        contact(m, WB_EV_QUEUED, id, t, -1, -1);
        if (k % 6 == 5) {
            contact(m, WB_EV_ABANDONED, id, t + S(30), S(30), -1);
            continue;
        }
        contact(m, WB_EV_ANSWERED, id, t + S(40), S(40), -1);
        contact(m, WB_EV_COMPLETED, id, t + S(190), -1, S(150));
    }
}

/* The doubles of two forecasts bit for bit (NAN equals NAN), the integers equal. */
static bool same_forecast(const wb_forecast *a, const wb_forecast *b)
{
    return a->valid == b->valid && a->agents == b->agents && a->required == b->required &&
           memcmp(&a->sl, &b->sl, sizeof a->sl) == 0 &&
           memcmp(&a->breach_in_min, &b->breach_in_min, sizeof(double)) == 0 &&
           memcmp(&a->sl_low, &b->sl_low, sizeof(double)) == 0 &&
           memcmp(&a->ewt_s, &b->ewt_s, sizeof(double)) == 0 &&
           memcmp(&a->lambda_per_s, &b->lambda_per_s, sizeof(double)) == 0;
}

static wb_forecast forecast_at(wb_model *m, wb_ms now)
{
    wb_channel_metrics cm;
    wb_model_tick(m, now);
    wb_model_channel_metrics(m, 0, now, &cm);
    return cm.forecast;
}

/* A snapshot of src from m at now, through the wire: encoded, then decoded into *out. */
static void wire_snapshot(wb_model *m, const char *src, wb_ms now, wb_event *out, char **text)
{
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, now);
    ev.src = src;
    assert_int_equal(wb_model_snapshot(m, src, now, &ev.snap), WB_OK);
    size_t cap = 4 * 1024 * 1024;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int len = wb_event_encode(&ev, buf, cap);
    wb_snapshot_fini(&ev.snap);
    assert_true(len > 0);
    assert_int_equal(wb_event_decode_max(out, buf, (size_t)len, cap), 0);
    if (text)
        *text = buf;
    else
        free(buf);
}

/*
 * Day 1: phone answers at 09:05 and 09:10 (interval 36) and an abandon at 10:20 (41), as in
 * test_model_interval.c. After midnight the snapshot of source p carries phone's day before:
 * dated 2026-11-25, 900000 ms wide, 96 counts, 2 in interval 36, 1 in 41, 0 elsewhere. Chat
 * has a day before too (of zeros) but source p never told of chat, so p's snapshot leaves it
 * out. Before midnight there is no day before and no "day_before" member at all.
 */
static void snapshot_carries_day_before(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = new_model(&cfg);
    listen(m, DAY0, DAY2);
    contact(m, WB_EV_ANSWERED, "d1", DAY0 + H(9) + MIN(5), S(5), -1);
    contact(m, WB_EV_ANSWERED, "d2", DAY0 + H(9) + MIN(10), S(5), -1);
    contact(m, WB_EV_ABANDONED, "d3", DAY0 + H(10) + MIN(20), S(30), -1);

    wb_event ev;
    char *text;
    wire_snapshot(m, "p", DAY0 + H(12), &ev, &text);
    assert_int_equal(ev.snap.n_day_before, 0);
    assert_null(strstr(text, "day_before"));
    wb_event_fini(&ev);
    free(text);

    wb_model_tick(m, DAY2 + S(1));
    wire_snapshot(m, "p", DAY2 + S(1), &ev, &text);
    assert_int_equal(ev.snap.n_day_before, 1);
    const wb_snap_day_before *d = &ev.snap.day_before[0];
    assert_string_equal(d->channel, "phone");
    assert_int_equal(d->year, 2026);
    assert_int_equal(d->month, 11);
    assert_int_equal(d->mday, 25);
    assert_int_equal(d->interval_ms, 900000);
    assert_int_equal(d->n_arrivals, 96);
    for (size_t i = 0; i < 96; i++)
        assert_int_equal(d->arrivals[i], i == 36 ? 2 : i == 41 ? 1 : 0);
    assert_non_null(strstr(text, "\"day_before\":[{\"channel\":\"phone\",\"date\":\"2026-11-25\","
                                 "\"interval_ms\":900000,\"arrivals\":[0,0,0,"));
    wb_event_fini(&ev);
    free(text);
    wb_model_free(m);
}

/*
 * A day the protocol's YYYY-MM-DD cannot name: an event clock gone wrong, in the year 10000
 * (10000-01-01T00:00:00Z = 253402300800000 ms; the protocol allows ts up to 2^53 ms). The
 * model keeps its day before, but its snapshot leaves it out and still encodes: before, the
 * encoder refused the whole snapshot for the date, and the source could not be published.
 */
static void unnamed_day_sends_none(void **state)
{
    (void)state;
    const wb_ms y10k = 253402300800000LL;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = new_model(&cfg);
    listen(m, y10k, y10k + H(24));
    contact(m, WB_EV_ANSWERED, "f1", y10k + H(9), S(5), -1);
    wb_model_tick(m, y10k + H(24) + S(1));
    const double *rates = NULL;
    assert_int_equal(wb_model_channel_day_before(m, 0, &rates), 96);
    wb_event ev;
    wire_snapshot(m, "p", y10k + H(24) + S(1), &ev, NULL);
    assert_int_equal(ev.snap.n_day_before, 0);
    wb_event_fini(&ev);
    wb_model_free(m);
}

/*
 * The key case: a screen started at noon. Model A runs through day 1 (traffic 08:00-14:00)
 * and day 2 until noon (08:00-12:00), rolling over at midnight. Model B starts at noon of day
 * 2 and is told A's snapshot of source p through the wire; then both see the same afternoon
 * (12:00-13:55). From 12:00 on, A and B forecast the same figures, bit for bit, at every
 * minute to 14:30. Model C is B told the same snapshot without its day before (what every
 * screen got before): its forecast differs from A's at some minute, since day 1 went quiet at
 * 14:00 and only a model with the day before foresees it.
 */
static void noon_start_forecasts_as_rolled(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *a = new_model(&cfg), *b = new_model(&cfg), *c = new_model(&cfg);
    listen(a, DAY0, DAY2 + H(12));
    traffic(a, DAY0, 8 * 60, 14 * 60);
    traffic(a, DAY2, 8 * 60, 12 * 60);
    wb_ms noon = DAY2 + H(12);
    wb_model_tick(a, noon);
    assert_int_equal(wb_model_channel_day_before(a, 0, NULL), 96);

    wb_event ev;
    wire_snapshot(a, "p", noon, &ev, NULL);
    assert_int_equal(ev.snap.n_day_before, 1);
    assert_int_equal(wb_model_apply(b, &ev, noon), WB_APPLIED);
    ev.snap.n_day_before = 0;
    assert_int_equal(wb_model_apply(c, &ev, noon), WB_APPLIED);
    wb_event_fini(&ev);
    assert_int_equal(wb_model_channel_day_before(b, 0, NULL), 96);
    assert_int_equal(wb_model_channel_day_before(c, 0, NULL), 0);

    /* B's day before is A's, bit for bit: counts divided by 900 s the same way. */
    const double *pa, *pb;
    assert_int_equal(wb_model_channel_day_before(a, 0, &pa), 96);
    assert_int_equal(wb_model_channel_day_before(b, 0, &pb), 96);
    assert_memory_equal(pa, pb, 96 * sizeof *pa);
    /* Day 1, 09:00-09:15: 15 contacts, 2 abandoned among them; 15 / 900 s. */
    assert_true(pa[36] == 15.0 / 900.0);
    assert_true(pa[56] == 0.0); /* 14:00 */

    traffic(a, DAY2, 12 * 60, 13 * 60 + 55);
    traffic(b, DAY2, 12 * 60, 13 * 60 + 55);
    traffic(c, DAY2, 12 * 60, 13 * 60 + 55);
    int differs = 0, breaches = 0;
    for (int k = 0; k <= 150; k++) {
        wb_ms now = noon + MIN(k);
        wb_forecast fa = forecast_at(a, now), fb = forecast_at(b, now), fc = forecast_at(c, now);
        if (!same_forecast(&fa, &fb))
            fail_msg("minute %d: A sl %.17g breach %.17g, B sl %.17g breach %.17g", k, fa.sl,
                     fa.breach_in_min, fb.sl, fb.breach_in_min);
        differs += !same_forecast(&fa, &fc);
        breaches += !isnan(fa.breach_in_min);
    }
    assert_true(differs > 0);
    assert_true(breaches > 0);
    wb_model_free(a);
    wb_model_free(b);
    wb_model_free(c);
}

/*
 * The same figures when the day before comes alone. Model A as above; model B starts at
 * midnight of day 2 and is told, by a snapshot of another source ("hub", nothing but a day
 * before), phone's day 1 written by hand from the traffic's definition: 08:00-14:00, one
 * contact a minute, is 15 arrivals in each of intervals 32..55 and none elsewhere. Then A and B
 * see the same events of day 2, and forecast the same all day.
 */
static void hand_day_before_forecasts_as_rolled(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *a = new_model(&cfg), *b = new_model(&cfg);
    listen(a, DAY0, DAY2);
    traffic(a, DAY0, 8 * 60, 14 * 60);
    wb_model_tick(a, DAY2 + S(1));

    static wb_snap_day_before db;
    db = (wb_snap_day_before){.channel = "phone",
                              .year = 2026,
                              .month = 11,
                              .mday = 25,
                              .interval_ms = 900000,
                              .n_arrivals = 96};
    for (int i = 32; i < 56; i++)
        db.arrivals[i] = 15;
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, DAY2 + S(1));
    ev.src = "hub";
    ev.snap.day_before = &db;
    ev.snap.n_day_before = 1;
    assert_int_equal(wb_model_apply(b, &ev, DAY2 + S(1)), WB_APPLIED);

    const double *pa, *pb;
    assert_int_equal(wb_model_channel_day_before(a, 0, &pa), 96);
    assert_int_equal(wb_model_channel_day_before(b, 0, &pb), 96);
    assert_memory_equal(pa, pb, 96 * sizeof *pa);

    traffic(a, DAY2, 8 * 60, 13 * 60 + 55);
    traffic(b, DAY2, 8 * 60, 13 * 60 + 55);
    for (int k = 8 * 60; k <= 14 * 60 + 30; k += 5) {
        wb_forecast fa = forecast_at(a, DAY2 + MIN(k)), fb = forecast_at(b, DAY2 + MIN(k));
        if (!same_forecast(&fa, &fb))
            fail_msg("%02d:%02d: A sl %.17g breach %.17g, B sl %.17g breach %.17g", k / 60, k % 60,
                     fa.sl, fa.breach_in_min, fb.sl, fb.breach_in_min);
    }
    wb_model_free(a);
    wb_model_free(b);
}

/* Sets channel ch's configured arrival profile from (minute, arrivals an hour) pairs. */
static void set_profile(wb_config *cfg, size_t ch, int n, const int *min, const double *per_h)
{
    wb_channel_cfg *c = &cfg->channels[ch];
    c->n_shape = n;
    for (int i = 0; i < n; i++) {
        c->shape_min[i] = (uint16_t)min[i];
        c->shape_per_h[i] = (float)per_h[i];
    }
}

/*
 * The configured arrival profile on a day's intervals, by hand. Phone: 120 an hour from 08:00,
 * 100 from 09:10, 60 from 12:30, none from 20:00. In 15-minute intervals of a UTC day: 07:45
 * (interval 31) none; 08:00 (32) 120 / 3600 a second; 09:00 (36) 10 minutes at 120 and 5 at
 * 100, (1200 + 500) / 15 = 113.33 an hour; 09:15 (37) 100; 12:15 (49) 100; 12:30 (50) 60;
 * 19:45 (79) 60; 20:00 (80) none. Chat has no profile; before the first event there is no day.
 */
static void configured_shape_by_hand(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    static const int min[] = {8 * 60, 9 * 60 + 10, 12 * 60 + 30, 20 * 60};
    static const double per_h[] = {120, 100, 60, 0};
    set_profile(&cfg, 0, 4, min, per_h);
    wb_model *m = new_model(&cfg);
    double out[WB_PROF_MAX];
    assert_int_equal(wb_model_channel_configured_shape(m, 0, out, WB_PROF_MAX), 0);
    wb_model_tick(m, DAY0 + H(12));
    assert_int_equal(wb_model_channel_configured_shape(m, 0, out, WB_PROF_MAX), 96);
    static const struct {
        int i;
        double per_h;
    } want[] = {{0, 0},   {31, 0},  {32, 120}, {35, 120}, {36, 1700.0 / 15}, {37, 100}, {49, 100},
                {50, 60}, {79, 60}, {80, 0},   {95, 0}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (fabs(out[want[k].i] - want[k].per_h / 3600) > 1e-15)
            fail_msg("interval %d: %.17g a second, want %.17g", want[k].i, out[want[k].i],
                     want[k].per_h / 3600);
    assert_int_equal(wb_model_channel_configured_shape(m, 1, out, WB_PROF_MAX), 0);
    assert_int_equal(wb_model_channel_configured_shape(m, 0, out, 95), 0);
    wb_model_free(m);
}

/*
 * A daylight-saving day keeps the clock: 100 an hour from 10:00 local, in Europe/Helsinki.
 * 2026-03-29 has 23 hours (03:00 EET becomes 04:00 EEST): local 10:00 is 9 hours after
 * midnight, interval 36 of 92. 2026-10-25 has 25 (04:00 EEST becomes 03:00 EET): local 10:00
 * is 11 hours after midnight, interval 44 of 100. The interval before is empty on both.
 */
static void configured_shape_daylight_saving(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "Europe/Helsinki");
    static const int min[] = {10 * 60};
    static const double per_h[] = {100};
    set_profile(&cfg, 0, 1, min, per_h);
    const wb_ms mar29 = 1774735200000LL; /* 2026-03-29 00:00 EET = 03-28T22:00Z */
    const wb_ms oct25 = 1792875600000LL; /* 2026-10-25 00:00 EEST = 10-24T21:00Z */
    static const struct {
        wb_ms day;
        size_t n, at;
    } days[] = {{mar29, 92, 36}, {oct25, 100, 44}};
    for (size_t d = 0; d < 2; d++) {
        wb_model *m = new_model(&cfg);
        wb_model_tick(m, days[d].day + H(12));
        double out[WB_PROF_MAX];
        assert_int_equal(wb_model_channel_configured_shape(m, 0, out, WB_PROF_MAX), days[d].n);
        assert_true(out[days[d].at - 1] == 0);
        assert_true(fabs(out[days[d].at] - 100.0 / 3600) < 1e-15);
        assert_true(fabs(out[days[d].n - 1] - 100.0 / 3600) < 1e-15);
        wb_model_free(m);
    }
}

/*
 * The configured profile is a day before written by hand. Model A ran through day 1 (a contact
 * a minute from 08:00 to 14:00: 60 an hour) into day 2; model B starts on day 2 with no day
 * before and phone's profile "08:00 60, 14:00 0": with the same day 2 they forecast the same
 * to the bit. Model C has a different profile but ran through day 1: its day before wins, and
 * it forecasts as A does. Model D has C's profile and no day before: the profile counts, and
 * D's forecast differs from A's somewhere (else the comparisons above prove nothing). Model E
 * has B's profile and an empty day before (day 1 had no contact): an empty day before shapes
 * nothing, so the profile does, and E forecasts as B.
 */
static void configured_shape_as_day_before(void **state)
{
    (void)state;
    wb_config cfg, other;
    base_config(&cfg, "");
    base_config(&other, "");
    static const int min_b[] = {8 * 60, 14 * 60}, min_c[] = {8 * 60, 9 * 60, 14 * 60};
    static const double ph_b[] = {60, 0}, ph_c[] = {200, 10, 0};
    wb_model *a = new_model(&cfg);
    set_profile(&cfg, 0, 2, min_b, ph_b);
    set_profile(&other, 0, 3, min_c, ph_c);
    wb_model *b = new_model(&cfg), *c = new_model(&other), *d = new_model(&other);
    wb_model *e = new_model(&cfg);
    listen(a, DAY0, DAY2);
    listen(c, DAY0, DAY2);
    listen(e, DAY0, DAY2); /* a day with no contact: an empty day before */
    traffic(a, DAY0, 8 * 60, 14 * 60);
    traffic(c, DAY0, 8 * 60, 14 * 60);
    wb_model *all[] = {a, b, c, d, e};
    for (int i = 0; i < 5; i++) {
        wb_model_tick(all[i], DAY2 + S(1));
        traffic(all[i], DAY2, 8 * 60, 13 * 60 + 55);
    }
    assert_int_equal(wb_model_channel_day_before(b, 0, NULL), 0);
    assert_int_equal(wb_model_channel_day_before(c, 0, NULL), 96);
    int differ = 0;
    for (int k = 8 * 60; k <= 14 * 60 + 30; k += 5) {
        wb_forecast fa = forecast_at(a, DAY2 + MIN(k)), fb = forecast_at(b, DAY2 + MIN(k));
        wb_forecast fc = forecast_at(c, DAY2 + MIN(k)), fd = forecast_at(d, DAY2 + MIN(k));
        wb_forecast fe = forecast_at(e, DAY2 + MIN(k));
        if (!same_forecast(&fa, &fb) || !same_forecast(&fa, &fc) || !same_forecast(&fa, &fe))
            fail_msg("%02d:%02d: A sl %.17g low %.17g, B %.17g %.17g, C %.17g %.17g", k / 60,
                     k % 60, fa.sl, fa.sl_low, fb.sl, fb.sl_low, fc.sl, fc.sl_low);
        differ += !same_forecast(&fa, &fd);
    }
    assert_true(differ > 0);
    /* The metrics say where each shape came from; chat is not real time: none. */
    static const wb_shape_from want[5] = {WB_SHAPE_DAY_BEFORE, WB_SHAPE_CONFIGURED,
                                          WB_SHAPE_DAY_BEFORE, WB_SHAPE_CONFIGURED,
                                          WB_SHAPE_CONFIGURED};
    for (int i = 0; i < 5; i++) {
        wb_channel_metrics cm;
        wb_model_channel_metrics(all[i], 0, DAY2 + H(15), &cm);
        assert_int_equal(cm.shape, want[i]);
        wb_model_channel_metrics(all[i], 1, DAY2 + H(15), &cm);
        assert_int_equal(cm.shape, WB_SHAPE_NONE);
    }
    assert_string_equal(wb_shape_from_name(WB_SHAPE_CONFIGURED), "configured");
    assert_int_equal(wb_model_channel_day_before(e, 0, NULL), 96);
    for (int i = 0; i < 5; i++)
        wb_model_free(all[i]);
}

/* A snapshot of source src at ts holding one day before. */
static int tell(wb_model *m, const char *src, wb_ms ts, const wb_snap_day_before *d)
{
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, ts);
    ev.src = src;
    ev.snap.day_before = (wb_snap_day_before *)d;
    ev.snap.n_day_before = 1;
    return wb_model_apply(m, &ev, ts);
}

static wb_snap_day_before day_before(const char *ch, int mday, wb_ms width, size_t n, uint32_t k)
{
    wb_snap_day_before d = {
        .channel = ch, .year = 2026, .month = 11, .mday = mday, .interval_ms = width};
    d.n_arrivals = n;
    for (size_t i = 0; i < n; i++)
        d.arrivals[i] = k;
    return d;
}

/*
 * What a model does not adopt. On day 2 (2026-11-26, UTC, 96 intervals of 15 minutes) only
 * 2026-11-25 with 96 counts 900000 ms wide is the day before: the 24th (two days before), the
 * 26th (today), a width of 30 minutes (48 counts), 95 counts and a channel the model does not
 * know change nothing (and create no channel). Then phone adopts one with 4 arrivals an
 * interval (4 / 900 s); a second snapshot with 8 does not replace it. Chat, in the same
 * snapshot, adopts its own. A model that rolled over keeps its own (zeros after a quiet day 1)
 * against a snapshot's 4s.
 */
static void what_is_not_adopted(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = new_model(&cfg);
    wb_ms now = DAY2 + H(12);
    wb_model_tick(m, now);
    wb_snap_day_before bad[] = {
        day_before("phone", 24, 900000, 96, 4),  day_before("phone", 26, 900000, 96, 4),
        day_before("phone", 25, 1800000, 48, 4), day_before("phone", 25, 900000, 95, 4),
        day_before("fax", 25, 900000, 96, 4),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(tell(m, "hub", now, &bad[i]), WB_APPLIED);
        assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);
    }
    assert_int_equal(wb_model_channel_count(m), 2);

    wb_snap_day_before two[2] = {day_before("phone", 25, 900000, 96, 4),
                                 day_before("chat", 25, 900000, 96, 1)};
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, now);
    ev.src = "hub";
    ev.snap.day_before = two;
    ev.snap.n_day_before = 2;
    assert_int_equal(wb_model_apply(m, &ev, now), WB_APPLIED);
    const double *p;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[0] == 4.0 / 900.0 && p[95] == 4.0 / 900.0);
    assert_int_equal(wb_model_channel_day_before(m, 1, &p), 96);
    assert_true(p[10] == 1.0 / 900.0);
    wb_snap_day_before more = day_before("phone", 25, 900000, 96, 8);
    assert_int_equal(tell(m, "p", now + S(5), &more), WB_APPLIED);
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[0] == 4.0 / 900.0);
    wb_model_free(m);

    /* Its own rollover wins: day 1 heard whole (quiet), a day before of zeros. */
    wb_model *r = new_model(&cfg);
    listen(r, DAY0, DAY2);
    wb_model_tick(r, DAY0 + H(8));
    wb_model_tick(r, now);
    assert_int_equal(wb_model_channel_day_before(r, 0, &p), 96);
    wb_snap_day_before four = day_before("phone", 25, 900000, 96, 4);
    assert_int_equal(tell(r, "hub", now, &four), WB_APPLIED);
    assert_int_equal(wb_model_channel_day_before(r, 0, &p), 96);
    for (size_t i = 0; i < 96; i++)
        assert_true(p[i] == 0.0);
    wb_model_free(r);
}

/*
 * Daylight saving, Europe/Helsinki. 29 March 2026 has 23 hours (92 intervals): on that day the
 * 28th (24 hours) is no day before, and on the 30th the 29th is none either (the rollover's
 * own rule: intervals an hour off). On the 31st the 30th (24 hours, 96) is, and its date is
 * the local one: the 30th, though the day started at 2026-03-29T21:00Z.
 */
static void daylight_saving_days(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "Europe/Helsinki");
    const wb_ms d29 = 1774735200000LL; /* 2026-03-29 00:00 EET = 03-28T22:00Z */
    const wb_ms d30 = d29 + H(23);     /* 2026-03-30 00:00 EEST */
    const wb_ms d31 = d30 + H(24);
    wb_snap_day_before d;

    wb_model *m = new_model(&cfg);
    wb_model_tick(m, d29 + H(12));
    for (size_t n = 92; n <= 96; n += 4) {
        d = day_before("phone", 28, 900000, n, 3);
        d.month = 3;
        assert_int_equal(tell(m, "hub", d29 + H(12), &d), WB_APPLIED);
        assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);
    }
    wb_model_free(m);

    m = new_model(&cfg);
    wb_model_tick(m, d30 + H(12));
    for (size_t n = 92; n <= 96; n += 4) {
        d = day_before("phone", 29, 900000, n, 3);
        d.month = 3;
        assert_int_equal(tell(m, "hub", d30 + H(12), &d), WB_APPLIED);
        assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);
    }
    wb_model_free(m);

    m = new_model(&cfg);
    wb_model_tick(m, d31 + H(12));
    d = day_before("phone", 29, 900000, 96, 3);
    d.month = 3;
    assert_int_equal(tell(m, "hub", d31 + H(12), &d), WB_APPLIED);
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);
    d.mday = 30;
    assert_int_equal(tell(m, "hub", d31 + H(12), &d), WB_APPLIED);
    const double *p;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[40] == 3.0 / 900.0);
    wb_model_free(m);
}

/*
 * A new interval width drops the day before (its intervals are of the old width): a model
 * that rolled over with 15-minute intervals has none after interval_min = 30, and then adopts
 * one of 48 half hours (2 arrivals each, 2 / 1800 s).
 */
static void width_change_drops_day_before(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *m = new_model(&cfg);
    wb_model_tick(m, DAY0 + H(8));
    wb_model_tick(m, DAY2 + H(8));
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 96);
    cfg.interval_ms = MIN(30);
    assert_int_equal(wb_model_set_config(m, &cfg), WB_OK);
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);
    wb_snap_day_before d = day_before("phone", 25, 1800000, 48, 2);
    assert_int_equal(tell(m, "hub", DAY2 + H(9), &d), WB_APPLIED);
    const double *p;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 48);
    assert_true(p[47] == 2.0 / 1800.0);
    wb_model_free(m);
}

static int collect_part(void *ud, const char *msg, size_t len)
{
    wb_snapparts *r = ((void **)ud)[0];
    wb_board *b = ((void **)ud)[1];
    bool complete = false;
    int rc = wb_snapparts_ingest(r, b, msg, len, DAY2 + H(12), &complete);
    return rc < 0 ? rc : 0;
}

/*
 * A snapshot too big for one message (900 agents with long names) goes in parts; the board
 * that glues them adopts the day before it carries, like a whole one.
 */
static void day_before_through_parts(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_model *a = new_model(&cfg);
    listen(a, DAY0, DAY2 + H(12));
    char id[64];
    for (int i = 0; i < 900; i++) {
        snprintf(id, sizeof id, "agent-with-a-rather-long-identifier-%04d", i);
        agent(a, id, DAY0 + H(8));
    }
    contact(a, WB_EV_ANSWERED, "d1", DAY0 + H(9) + MIN(5), S(5), -1);
    wb_ms noon = DAY2 + H(12);
    wb_model_tick(a, noon);

    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, noon);
    ev.src = "p";
    assert_int_equal(wb_model_snapshot(a, "p", noon, &ev.snap), WB_OK);
    size_t cap = WB_SNAPPARTS_MAX_BYTES;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int len = wb_event_encode(&ev, buf, cap);
    wb_snapshot_fini(&ev.snap);
    assert_true(len > WB_MAX_MSG_BYTES);

    wb_board *b = wb_board_new(&cfg);
    wb_model_set_max_future(wb_board_model(b), 0);
    wb_snapparts r;
    wb_snapparts_init(&r);
    void *ud[2] = {&r, b};
    int parts = wb_snapparts_split(buf, (size_t)len, "p", "hub-1", noon, 1, collect_part, ud);
    assert_true(parts > 1);
    const double *p;
    assert_int_equal(wb_model_channel_day_before(wb_board_model(b), 0, &p), 96);
    assert_true(p[36] == 1.0 / 900.0);
    assert_true(p[37] == 0.0);
    wb_snapparts_fini(&r);
    wb_board_free(b);
    free(buf);
    wb_model_free(a);
}

/*
 * A bad day before refuses the whole snapshot, counted by its reason, and changes nothing:
 * no source, no day before. Each message would be adopted but for its one fault.
 */
static void refusals_counted(void **state)
{
    (void)state;
    wb_config cfg;
    base_config(&cfg, "");
    wb_board *b = wb_board_new(&cfg);
    /* The snapshots are stamped at midnight and received at noon: no clock is checked. */
    wb_model_set_max_future(wb_board_model(b), 0);
    wb_model_set_max_past(wb_board_model(b), 0);
#define SNAP_HEAD "{\"v\":1,\"type\":\"snapshot\",\"ts\":1795651200000,\"src\":\"hub\","
    static const struct {
        const char *json;
        int want;
    } bad[] = {
        {SNAP_HEAD "\"day_before\":[{\"channel\":\"phone\",\"date\":\"2026-11-25\","
                   "\"interval_ms\":900000,\"arrivals\":[1,-1]}]}",
         WB_ERR_VALUE},
        {SNAP_HEAD "\"day_before\":[{\"channel\":\"phone\",\"date\":\"2026-11-25\","
                   "\"interval_ms\":900000,\"arrivals\":[1,\"2\"]}]}",
         WB_ERR_TYPE},
        {SNAP_HEAD "\"day_before\":{\"channel\":\"phone\"}}", WB_ERR_TYPE},
        {SNAP_HEAD "\"day_before\":[{\"channel\":\"phone\",\"date\":\"2026-11-25\","
                   "\"arrivals\":[1]}]}",
         WB_ERR_MISSING},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(wb_board_ingest(b, bad[i].json, strlen(bad[i].json), DAY2 + H(12)),
                         bad[i].want);
    wb_board_counters bc;
    wb_board_counters_get(b, &bc);
    assert_int_equal(bc.refused, 4);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_VALUE)], 1);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_TYPE)], 2);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_MISSING)], 1);
    const wb_model *m = wb_board_model_const(b);
    assert_int_equal(wb_model_source_count(m), 0);
    assert_int_equal(wb_model_channel_day_before(m, 0, NULL), 0);

    /* The same message without the fault: adopted (one arrival at 00:00, 1 / 900 s). */
    char ok[512];
    int n = snprintf(ok, sizeof ok,
                     SNAP_HEAD "\"day_before\":[{\"channel\":\"phone\",\"date\":\"2026-11-25\","
                               "\"interval_ms\":900000,\"arrivals\":[1");
    for (int i = 1; i < 96; i++)
        n += snprintf(ok + n, sizeof ok - (size_t)n, ",0");
    snprintf(ok + n, sizeof ok - (size_t)n, "]}]}");
    assert_int_equal(wb_board_ingest(b, ok, strlen(ok), DAY2 + H(12)), WB_APPLIED);
    const double *p;
    assert_int_equal(wb_model_channel_day_before(m, 0, &p), 96);
    assert_true(p[0] == 1.0 / 900.0 && p[1] == 0.0);
#undef SNAP_HEAD
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_carries_day_before),
        cmocka_unit_test(noon_start_forecasts_as_rolled),
        cmocka_unit_test(unnamed_day_sends_none),
        cmocka_unit_test(hand_day_before_forecasts_as_rolled),
        cmocka_unit_test(what_is_not_adopted),
        cmocka_unit_test(daylight_saving_days),
        cmocka_unit_test(width_change_drops_day_before),
        cmocka_unit_test(day_before_through_parts),
        cmocka_unit_test(refusals_counted),
        cmocka_unit_test(configured_shape_by_hand),
        cmocka_unit_test(configured_shape_daylight_saving),
        cmocka_unit_test(configured_shape_as_day_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
