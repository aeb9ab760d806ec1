/*
 * test_alarm.c - alarm levels with hysteresis, acknowledgement, and reallocation hints.
 *
 * Times are plain numbers of milliseconds; every expectation follows from the rules in
 * wb_alarm.h and docs/metrics.md (rise at once, fall after hold_ms on the good side).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wb_alarm.h"

#define HOLD 30000
#define T0 1700000000000LL

/* A channel with every rule off except what a test switches on. */
static wb_channel_cfg channel(void)
{
    wb_channel_cfg c;
    memset(&c, 0, sizeof c);
    strcpy(c.name, "phone");
    c.hold_ms = HOLD;
    return c;
}

static void set_th(wb_channel_cfg *c, wb_rule r, double warn, double alarm)
{
    c->th[r] = (wb_threshold){.warn_on = true, .alarm_on = true, .warn = warn, .alarm = alarm};
}

/* Input with every rule undefined except `r`. */
static wb_alarm_input one(wb_rule r, double v)
{
    wb_alarm_input in;
    for (int i = 0; i < WB_RULE_COUNT; i++)
        in.v[i] = NAN;
    in.v[r] = v;
    in.staff = NAN;
    in.surprise = NAN;
    return in;
}

static wb_level upd(wb_alarm_state *s, const wb_channel_cfg *c, wb_rule r, double v, wb_ms t)
{
    wb_alarm_input in = one(r, v);
    return wb_alarm_update(s, c, &in, t);
}

static void rises_immediately(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_WAITING, 5, 10);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(s.level, WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 4, T0), WB_LEVEL_OK);
    /* Thresholds are inclusive for "higher is worse". */
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 5, T0 + 1), WB_LEVEL_WARN);
    assert_int_equal(s.since, T0 + 1);
    assert_int_equal(s.worst, WB_RULE_WAITING);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 10, T0 + 2), WB_LEVEL_ALARM);
    assert_int_equal(s.since, T0 + 2);
    /* Straight from ok to alarm too. */
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 50, T0), WB_LEVEL_ALARM);
}

/*
 * A value that crosses the alarm threshold every other second for a minute keeps the level
 * at alarm the whole time; once it stays good, the level clears exactly hold_ms later.
 */
static void no_flapping(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_WAITING, 5, 10);
    wb_alarm_state s;
    wb_alarm_init(&s);
    wb_ms t = T0;
    for (int i = 0; i <= 60; i++, t += 1000) {
        double v = (i % 2 == 0) ? 10 : 2; /* alarm, then well below warn */
        assert_int_equal(upd(&s, &c, WB_RULE_WAITING, v, t), WB_LEVEL_ALARM);
    }
    /* The last bad sample was at T0 + 60 s; good from T0 + 61 s on. */
    wb_ms good = T0 + 61000;
    for (t = good; t < good + HOLD; t += 1000)
        assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 2, t), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 2, good + HOLD - 1), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 2, good + HOLD), WB_LEVEL_OK);
    assert_int_equal(s.since, good + HOLD);
}

/* Oscillating around the warn threshold of an SL rule: warn holds. */
static void no_flapping_lower_is_worse(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_SL_ROLLING, 80, 70);
    wb_alarm_state s;
    wb_alarm_init(&s);
    wb_ms t = T0;
    for (int i = 0; i < 60; i++, t += 1000) {
        double v = (i % 2 == 0) ? 79.5 : 80.5;
        assert_int_equal(upd(&s, &c, WB_RULE_SL_ROLLING, v, t), WB_LEVEL_WARN);
    }
    /* i = 59 was good (80.5) at T0 + 59 s, after bad at T0 + 58 s: clears at T0 + 59 s + hold. */
    assert_int_equal(upd(&s, &c, WB_RULE_SL_ROLLING, 85, T0 + 59000 + HOLD - 1), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_ROLLING, 85, T0 + 59000 + HOLD), WB_LEVEL_OK);
}

/* From alarm, a value in the warn band steps down to warn (not ok) after the hold. */
static void alarm_steps_down_to_warn(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_OLDEST_WAIT, 60, 120);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 150, T0), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 90, T0 + 1000), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 90, T0 + 1000 + HOLD - 1), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 90, T0 + 1000 + HOLD), WB_LEVEL_WARN);
    /* The warn level has its own hold, counted from when the value left the warn band. */
    wb_ms t1 = T0 + 1000 + HOLD + 5000;
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 10, t1), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 10, t1 + HOLD - 1), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 10, t1 + HOLD), WB_LEVEL_OK);

    /* From alarm, a value that goes straight to good falls straight to ok. */
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 121, t1 + HOLD + 1), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 0, t1 + HOLD + 2), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_OLDEST_WAIT, 0, t1 + 2 * HOLD + 2), WB_LEVEL_OK);
}

/* SL rules fire strictly below their thresholds. */
static void lower_is_worse(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_SL_TODAY, 80, 70);
    set_th(&c, WB_RULE_FORECAST_SL, 80, 60);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 80, T0), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 79.9, T0 + 1), WB_LEVEL_WARN);
    assert_int_equal(s.worst, WB_RULE_SL_TODAY);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 70, T0 + 2), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 69.9, T0 + 3), WB_LEVEL_ALARM);

    /* The forecast rule warns while the measured SL is still fine (once confirmed, 50 s). */
    wb_alarm_init(&s);
    wb_alarm_input in = one(WB_RULE_SL_TODAY, 95);
    in.v[WB_RULE_FORECAST_SL] = 75;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0), WB_LEVEL_OK);
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 49999), WB_LEVEL_OK);
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 50000), WB_LEVEL_WARN);
    assert_int_equal(s.worst, WB_RULE_FORECAST_SL);
    assert_int_equal(s.rule[WB_RULE_SL_TODAY].level, WB_LEVEL_OK);

    /* Channel level is the maximum over rules; worst names the rule that gives it. */
    set_th(&c, WB_RULE_WAITING, 5, 10);
    in.v[WB_RULE_WAITING] = 12;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 45001), WB_LEVEL_ALARM);
    assert_int_equal(s.worst, WB_RULE_WAITING);
    assert_int_equal(s.rule[WB_RULE_FORECAST_SL].level, WB_LEVEL_WARN);

    /*
     * Two rules in alarm: the service level is the worse news, whatever the rules' order.
     * 34 waiting (alarm at 10) and SL in the rolling window 2 % (alarm below 60): the level
     * is alarm and the rule named is the rolling service level. With today's SL in alarm too
     * (50 %, alarm below 70) the rolling one still comes first: it is what callers get now.
     */
    set_th(&c, WB_RULE_SL_ROLLING, 80, 60);
    in.v[WB_RULE_WAITING] = 34;
    in.v[WB_RULE_SL_ROLLING] = 2;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 2), WB_LEVEL_ALARM);
    assert_int_equal(s.worst, WB_RULE_SL_ROLLING);
    in.v[WB_RULE_SL_TODAY] = 50;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 3), WB_LEVEL_ALARM);
    assert_int_equal(s.worst, WB_RULE_SL_ROLLING);
    /* A rule at a lower level never outranks the level's own rule. */
    in.v[WB_RULE_SL_ROLLING] = 70;
    in.v[WB_RULE_SL_TODAY] = 95;
    wb_alarm_init(&s);
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 4), WB_LEVEL_ALARM);
    assert_int_equal(s.worst, WB_RULE_WAITING);
    assert_int_equal(s.rule[WB_RULE_SL_ROLLING].level, WB_LEVEL_WARN);
}

/*
 * The forecast rule is a prediction: it rises only after its value has been below the
 * threshold for 50 s without a break (WB_FORECAST_CONFIRM_S), and falls only after 15 min
 * (WB_FORECAST_HOLD_S) back above it, longer than the channel's hold of 30 s.
 */
static void forecast_confirmed_and_held(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_FORECAST_SL, 80, 60);
    c.th[WB_RULE_FORECAST_SL].alarm_on = false;
    wb_alarm_state s;
    wb_alarm_init(&s);
    /* 49 s below, one good second: the confirmation starts again. */
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0 + 49000), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 85, T0 + 50000), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0 + 51000), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0 + 100999), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0 + 101000), WB_LEVEL_WARN);
    /* Good again from T0 + 110 s: still warning 14 min 59 s later, cleared at 15 min. */
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 110000), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 110000 + 899999), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 110000 + 900000), WB_LEVEL_OK);
    /* A channel hold longer than the horizon wins. */
    c.hold_ms = 1000000;
    wb_alarm_init(&s);
    upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 70, T0 + 50000), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 51000), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 51000 + 999999), WB_LEVEL_WARN);
    assert_int_equal(upd(&s, &c, WB_RULE_FORECAST_SL, 90, T0 + 51000 + 1000000), WB_LEVEL_OK);
    /* The other rules still rise at once. */
    set_th(&c, WB_RULE_SL_ROLLING, 80, 60);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_ROLLING, 70, T0 + 2000000), WB_LEVEL_WARN);
}

/* The forecast rule's value v with `staff` agents able to take the channel's contacts. */
static wb_level upd_staff(wb_alarm_state *s, const wb_channel_cfg *c, double v, double staff,
                          wb_ms t)
{
    wb_alarm_input in = one(WB_RULE_FORECAST_SL, v);
    in.staff = staff;
    return wb_alarm_update(s, c, &in, t);
}

/*
 * A staffing drop waives the confirmation (WB_FORECAST_DROP_FRAC 0.2, WB_FORECAST_DROP_S 60):
 * agents at least a fifth (rounded up to whole agents, one at least) below the most seen in
 * the last minute make a prediction below the threshold rise at once, for a minute after the
 * drop was last seen.
 */
static void forecast_staffing_drop(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_FORECAST_SL, 80, 60);
    c.th[WB_RULE_FORECAST_SL].alarm_on = false;
    wb_alarm_state s;
    /* 25 agents, then 20: 5 = ceil(0.2 * 25) fewer, a drop: the warning rises at once. */
    wb_alarm_init(&s);
    assert_int_equal(upd_staff(&s, &c, 90, 25, T0), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 10000), WB_LEVEL_WARN);
    /* 25 then 21: 4 fewer, less than a fifth: the 50 s confirmation as usual. */
    wb_alarm_init(&s);
    assert_int_equal(upd_staff(&s, &c, 90, 25, T0), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 21, T0 + 10000), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 21, T0 + 59999), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 21, T0 + 60000), WB_LEVEL_WARN);
    /* 12 agents: a fifth is 2.4, so 3 agents: 12 to 10 is no drop, 12 to 9 is one. */
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 12, T0);
    assert_int_equal(upd_staff(&s, &c, 70, 10, T0 + 1000), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 9, T0 + 2000), WB_LEVEL_WARN);
    /* A team of 5: one agent is a fifth. */
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 5, T0);
    assert_int_equal(upd_staff(&s, &c, 70, 4, T0 + 1000), WB_LEVEL_WARN);
    /*
     * The drop seen at T0 + 1 s (25 to 20, prediction still fine); the prediction falls only
     * 60.001 s later, when the 25 has left the last minute: no waiver, 50 s of confirmation.
     * Exactly 60 s after the drop it would still be waived.
     */
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 25, T0);
    upd_staff(&s, &c, 90, 20, T0 + 1000);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 61001), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 111000), WB_LEVEL_OK);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 111001), WB_LEVEL_WARN);
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 25, T0);
    upd_staff(&s, &c, 90, 20, T0 + 1000);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 61000), WB_LEVEL_WARN);
    /* Unknown agents (NAN) see no drop. */
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 25, T0);
    assert_int_equal(upd_staff(&s, &c, 70, NAN, T0 + 1000), WB_LEVEL_OK);
    /* The waiver is for the forecast rule only: the hold after it is the forecast's. */
    wb_alarm_init(&s);
    upd_staff(&s, &c, 90, 25, T0);
    assert_int_equal(upd_staff(&s, &c, 70, 20, T0 + 1000), WB_LEVEL_WARN);
    assert_int_equal(upd_staff(&s, &c, 90, 25, T0 + 2000), WB_LEVEL_WARN);
    assert_int_equal(upd_staff(&s, &c, 90, 25, T0 + 2000 + 899999), WB_LEVEL_WARN);
    assert_int_equal(upd_staff(&s, &c, 90, 25, T0 + 2000 + 900000), WB_LEVEL_OK);
}

/* The forecast rule's value v with the arrival-surprise statistic `sur`. */
static wb_level upd_sur(wb_alarm_state *s, const wb_channel_cfg *c, double v, double sur, wb_ms t)
{
    wb_alarm_input in = one(WB_RULE_FORECAST_SL, v);
    in.surprise = sur;
    return wb_alarm_update(s, c, &in, t);
}

/*
 * An arrival surprise shortens the confirmation (WB_FORECAST_SURPRISE_H 5,
 * WB_FORECAST_SURPRISE_CONFIRM_S 10): while the statistic is at least 5, a prediction below
 * the threshold for 10 s without a break warns; at 3 or below (or unknown) it takes 50 s as
 * usual, and in between the wait is on the line from 50 s at 3 to 10 s at 5 (worked: 4 is
 * half-way, 50 - 40 / 2 = 30 s; 4.5 three quarters, 50 - 30 = 20 s). The wait counts from
 * when the prediction fell, whenever the surprise came.
 */
static void forecast_arrival_surprise(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_FORECAST_SL, 80, 60);
    c.th[WB_RULE_FORECAST_SL].alarm_on = false;
    wb_alarm_state s;
    /* Statistic 5 (at the level): 9.999 s below is not enough, 10 s is. */
    wb_alarm_init(&s);
    assert_int_equal(upd_sur(&s, &c, 70, 5, T0), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 5, T0 + 9999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 5, T0 + 10000), WB_LEVEL_WARN);
    /* 3 (the ramp's start): no surprise, 50 s. */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 3, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 10000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 49999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 50000), WB_LEVEL_WARN);
    /* 4: 30 s; 4.5: 20 s. */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 4, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 4, T0 + 29999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 4, T0 + 30000), WB_LEVEL_WARN);
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 4.5, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 4.5, T0 + 19999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 4.5, T0 + 20000), WB_LEVEL_WARN);
    /*
     * The wait is read from the statistic at each update: down since T0 at 4 (30 s), the
     * statistic back at 3 at T0 + 30 s asks for 50 s again.
     */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 4, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 30000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 49999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 50000), WB_LEVEL_WARN);
    /*
     * Below from T0 with no surprise; the statistic reaches 7 at T0 + 20 s: the prediction
     * has been down 20 s, more than 10, so it warns then. A statistic of 7 at T0 that is 3
     * from T0 + 10 s is gone before the 10 s are up: back to 50 s.
     */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 2, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 2, T0 + 19000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 7, T0 + 20000), WB_LEVEL_WARN);
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 7, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 10000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 49999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 3, T0 + 50000), WB_LEVEL_WARN);
    /* A dip of 9 s during a surprise passes; the next one starts its own 10 s. */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 8, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 8, T0 + 9000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 85, 8, T0 + 9500), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 8, T0 + 10000), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 8, T0 + 19999), WB_LEVEL_OK);
    assert_int_equal(upd_sur(&s, &c, 70, 8, T0 + 20000), WB_LEVEL_WARN);
    /* Unknown (NAN): no surprise. The hold after a rise is the forecast's 15 min. */
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, NAN, T0);
    assert_int_equal(upd_sur(&s, &c, 70, NAN, T0 + 10000), WB_LEVEL_OK);
    wb_alarm_init(&s);
    upd_sur(&s, &c, 70, 8, T0);
    assert_int_equal(upd_sur(&s, &c, 70, 8, T0 + 10000), WB_LEVEL_WARN);
    assert_int_equal(upd_sur(&s, &c, 90, 0, T0 + 11000), WB_LEVEL_WARN);
    assert_int_equal(upd_sur(&s, &c, 90, 0, T0 + 11000 + 899999), WB_LEVEL_WARN);
    assert_int_equal(upd_sur(&s, &c, 90, 0, T0 + 11000 + 900000), WB_LEVEL_OK);
}

/*
 * A figure a hair off a threshold by the arithmetic is on it (WB_SNAP_REL), as the screen
 * writes it: 57 of 100 is 57.0 / 100 * 100 = 56.99999999999999 in doubles, which the screen
 * shows as 57 %; with a warning below 57 it must not warn, and 56.9 does. Waiting (higher is
 * worse) a hair under its alarm at 10 is at 10: an alarm.
 */
static void threshold_hair_off(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_SL_TODAY, 57, 40);
    double v = 57.0 / 100.0 * 100.0;
    assert_true(v < 57.0);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, v, T0), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 56.9, T0 + 1), WB_LEVEL_WARN);
    c.th[WB_RULE_WAITING] =
        (wb_threshold){.warn_on = false, .alarm_on = true, .warn = 1, .alarm = 10};
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 10 - 1e-12, T0), WB_LEVEL_ALARM);
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 9.999, T0), WB_LEVEL_OK);
}

static void disabled_thresholds(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    c.th[WB_RULE_WAITING] =
        (wb_threshold){.warn_on = false, .alarm_on = true, .warn = 1, .alarm = 10};
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 9, T0), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 10, T0 + 1), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 0, T0 + 2), WB_LEVEL_ALARM);
}

/* NAN never raises; on a raised level it counts as the good side only after the hold. */
static void nan_values(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_SL_TODAY, 80, 70);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, NAN, T0), WB_LEVEL_OK);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, 50, T0 + 1000), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, NAN, T0 + 2000), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, NAN, T0 + 2000 + HOLD - 1), WB_LEVEL_ALARM);
    assert_int_equal(upd(&s, &c, WB_RULE_SL_TODAY, NAN, T0 + 2000 + HOLD), WB_LEVEL_OK);
}

static void ack_and_reflash(void **state)
{
    (void)state;
    wb_channel_cfg c = channel();
    set_th(&c, WB_RULE_WAITING, 5, 10);
    wb_alarm_state s;
    wb_alarm_init(&s);
    assert_false(wb_alarm_flashing(&s));
    upd(&s, &c, WB_RULE_WAITING, 6, T0);
    assert_false(wb_alarm_flashing(&s)); /* warn never flashes */
    upd(&s, &c, WB_RULE_WAITING, 12, T0 + 1000);
    assert_true(wb_alarm_flashing(&s));
    wb_alarm_ack(&s);
    assert_false(wb_alarm_flashing(&s));
    upd(&s, &c, WB_RULE_WAITING, 15, T0 + 2000);
    assert_false(wb_alarm_flashing(&s)); /* still the acknowledged alarm */

    /* Falls to warn, then rises again: a new alarm flashes again. */
    upd(&s, &c, WB_RULE_WAITING, 7, T0 + 3000);
    assert_int_equal(upd(&s, &c, WB_RULE_WAITING, 7, T0 + 3000 + HOLD), WB_LEVEL_WARN);
    assert_false(wb_alarm_flashing(&s));
    upd(&s, &c, WB_RULE_WAITING, 11, T0 + 4000 + HOLD);
    assert_int_equal(s.level, WB_LEVEL_ALARM);
    assert_true(wb_alarm_flashing(&s));

    /* Acknowledging a warn does not silence a later alarm. */
    wb_alarm_init(&s);
    upd(&s, &c, WB_RULE_WAITING, 6, T0);
    wb_alarm_ack(&s);
    upd(&s, &c, WB_RULE_WAITING, 10, T0 + 1);
    assert_true(wb_alarm_flashing(&s));
}

/* ---------------------------------------------------------------- hints */

enum { PHONE, CHAT, EMAIL, SOCIAL, NCH };
#define P (1u << PHONE)
#define C (1u << CHAT)
#define E (1u << EMAIL)
#define S (1u << SOCIAL)
#define AV WB_AGENT_AVAILABLE
#define BUSY WB_AGENT_BUSY
#define WRAP WB_AGENT_WRAPUP

/*
 * A blended floor of 14 agents over four channels (P phone, C chat, E email, S social):
 *
 *   a0  P      available        a7  E,S    available
 *   a1  P      busy on phone    a8  E      busy on email
 *   a2  P,C    busy on phone    a9  E,S    busy on email
 *   a3  P,E    busy on phone    a10 S      wrap-up on social
 *   a4  C      busy on chat     a11 E,S    paused
 *   a5  C,E    available        a12 P,C,E  available
 *   a6  E,S    available        a13 E      busy on email
 *
 * N per channel (available agents serving it + busy or wrap-up on it):
 *   phone  a0 a12 + a1 a2 a3 = 5     email  a5 a6 a7 a12 + a8 a9 a13 = 7
 *   chat   a5 a12 + a4       = 3     social a6 a7 + a10              = 3
 */
static const wb_hint_agent ROSTER[14] = {
    {AV, P, -1},         {BUSY, P, PHONE},     {BUSY, P | C, PHONE}, {BUSY, P | E, PHONE},
    {BUSY, C, CHAT},     {AV, C | E, -1},      {AV, E | S, -1},      {AV, E | S, -1},
    {BUSY, E, EMAIL},    {BUSY, E | S, EMAIL}, {WRAP, S, SOCIAL},    {WB_AGENT_PAUSED, E | S, -1},
    {AV, P | C | E, -1}, {BUSY, E, EMAIL},
};

static void roster_channels(wb_hint_channel *ch, int phone_req, int chat_req)
{
    ch[PHONE] = (wb_hint_channel){.realtime = true, .staffed = 5, .required = phone_req};
    ch[CHAT] = (wb_hint_channel){.realtime = true, .staffed = 3, .required = chat_req};
    ch[EMAIL] = (wb_hint_channel){.staffed = 7, .required = -1, .min_agents = 2};
    ch[SOCIAL] = (wb_hint_channel){.staffed = 3, .required = -1, .min_agents = 1};
}

/*
 * Phone needs 9, has 5: short by 4. Chat needs 3, has 3: nothing to spare. Email keeps 2 of
 * 7 (5 to spare), social keeps 1 of 3 (2 to spare).
 * Free now, not serving phone: a5 counts in chat too, which cannot spare him; a6 and a7 count
 * in email (5) and social (2) and leave "from email", the one with more to spare: email 3,
 * social 0 left. Still short by 2: after their current contact, agents busy on work that can
 * wait: a8 and a9 on email (email 1 left). Busy phone and chat agents never move.
 * One hint: 4 from email to phone, 2 free now and 2 after their current email.
 */
static void hint_blended_roster(void **state)
{
    (void)state;
    wb_hint_channel ch[NCH];
    wb_hint out[8];
    roster_channels(ch, 9, 3);
    assert_int_equal(wb_hints_compute(ch, NCH, ROSTER, 14, out, 8), 1);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, EMAIL);
    assert_int_equal(out[0].agents, 4);
    assert_int_equal(out[0].free_now, 2);
    assert_int_equal(out[0].after_current, 2);
}

/*
 * Phone needs 11: short by 6. As above a6, a7, a8, a9 move; then a13 (busy on email): email
 * had 5 to spare, so it keeps exactly its 2. a10 (wrap-up on social) cannot go: a6 and a7 have
 * taken social's 2 to spare. One short stays uncovered rather than invented.
 */
static void hint_donor_keeps_minimum(void **state)
{
    (void)state;
    wb_hint_channel ch[NCH];
    wb_hint out[8];
    roster_channels(ch, 11, 3);
    assert_int_equal(wb_hints_compute(ch, NCH, ROSTER, 14, out, 8), 1);
    assert_int_equal(out[0].donor, EMAIL);
    assert_int_equal(out[0].agents, 5);
    assert_int_equal(out[0].free_now, 2);
    assert_int_equal(out[0].after_current, 3);
}

/*
 * Phone short by 4 (needs 9), chat short by 2 (needs 5). A short channel lends nobody, so a5
 * and a12 (who count in chat) stay; phone is served first (larger shortfall) exactly as in
 * hint_blended_roster. Chat then: a0 counts in phone, which is short; a6..a9 have moved; a13
 * on email can go (email has 1 left); a10 cannot (social has none left). Each agent is in at
 * most one hint: 4 + 1 = 5 distinct agents.
 */
static void hint_two_targets_each_agent_once(void **state)
{
    (void)state;
    wb_hint_channel ch[NCH];
    wb_hint out[8];
    roster_channels(ch, 9, 5);
    assert_int_equal(wb_hints_compute(ch, NCH, ROSTER, 14, out, 8), 2);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, EMAIL);
    assert_int_equal(out[0].agents, 4);
    assert_int_equal(out[1].target, CHAT);
    assert_int_equal(out[1].donor, EMAIL);
    assert_int_equal(out[1].agents, 1);
    assert_int_equal(out[1].free_now, 0);
    assert_int_equal(out[1].after_current, 1);

    /* max limits the number of hints written. */
    assert_int_equal(wb_hints_compute(ch, NCH, ROSTER, 14, out, 1), 1);
    assert_int_equal(out[0].target, PHONE);
}

/*
 * A real-time donor keeps what its own forecast requires and lends only free agents: chat has
 * 6 (4 available, 2 busy on chat), needs 3, so 3 to spare, but only its 4 available agents may
 * go, and the 2 busy chatting never. Phone short by 5 gets 3, all free now.
 * Nobody short, or a channel without a forecast: no hints.
 */
static void hint_realtime_donor(void **state)
{
    (void)state;
    const wb_hint_agent ag[6] = {
        {AV, C, -1}, {AV, C, -1}, {AV, C, -1}, {AV, C, -1}, {BUSY, C, CHAT}, {BUSY, C, CHAT},
    };
    wb_hint_channel ch[NCH] = {
        [PHONE] = {.realtime = true, .staffed = 0, .required = 5},
        [CHAT] = {.realtime = true, .staffed = 6, .required = 3, .min_agents = 1},
        [EMAIL] = {.required = -1},
        [SOCIAL] = {.required = -1},
    };
    wb_hint out[8];
    assert_int_equal(wb_hints_compute(ch, NCH, ag, 6, out, 8), 1);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, CHAT);
    assert_int_equal(out[0].agents, 3);
    assert_int_equal(out[0].free_now, 3);

    ch[PHONE].required = -1;
    assert_int_equal(wb_hints_compute(ch, NCH, ag, 6, out, 8), 0);
    ch[PHONE].required = 0;
    assert_int_equal(wb_hints_compute(ch, NCH, ag, 6, out, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rises_immediately),
        cmocka_unit_test(no_flapping),
        cmocka_unit_test(no_flapping_lower_is_worse),
        cmocka_unit_test(alarm_steps_down_to_warn),
        cmocka_unit_test(lower_is_worse),
        cmocka_unit_test(forecast_confirmed_and_held),
        cmocka_unit_test(forecast_staffing_drop),
        cmocka_unit_test(forecast_arrival_surprise),
        cmocka_unit_test(threshold_hair_off),
        cmocka_unit_test(disabled_thresholds),
        cmocka_unit_test(nan_values),
        cmocka_unit_test(ack_and_reflash),
        cmocka_unit_test(hint_blended_roster),
        cmocka_unit_test(hint_donor_keeps_minimum),
        cmocka_unit_test(hint_two_targets_each_agent_once),
        cmocka_unit_test(hint_realtime_donor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
