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

    /* The forecast rule warns while the measured SL is still fine. */
    wb_alarm_init(&s);
    wb_alarm_input in = one(WB_RULE_SL_TODAY, 95);
    in.v[WB_RULE_FORECAST_SL] = 75;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0), WB_LEVEL_WARN);
    assert_int_equal(s.worst, WB_RULE_FORECAST_SL);
    assert_int_equal(s.rule[WB_RULE_SL_TODAY].level, WB_LEVEL_OK);

    /* Channel level is the maximum over rules; worst names the rule that gives it. */
    set_th(&c, WB_RULE_WAITING, 5, 10);
    in.v[WB_RULE_WAITING] = 12;
    assert_int_equal(wb_alarm_update(&s, &c, &in, T0 + 1), WB_LEVEL_ALARM);
    assert_int_equal(s.worst, WB_RULE_WAITING);
    assert_int_equal(s.rule[WB_RULE_FORECAST_SL].level, WB_LEVEL_WARN);
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

static void hint_inputs(wb_hint_input *in)
{
    memset(in, 0, NCH * sizeof *in);
    in[PHONE] = (wb_hint_input){.realtime = true, .staffed = 10, .required = 10, .min_agents = 1};
    in[CHAT] = (wb_hint_input){.realtime = true, .staffed = 4, .required = 4, .min_agents = 1};
    in[EMAIL] = (wb_hint_input){.realtime = false, .staffed = 1, .required = -1, .min_agents = 1};
    in[SOCIAL] = (wb_hint_input){.realtime = false, .staffed = 1, .required = -1, .min_agents = 1};
}

/*
 * Phone needs 10 and has 8: short by 2. Email has 5 staffed and keeps 1, so 4 spare, of whom
 * 3 do not serve phone yet: move min(2, 3, 4) = 2 from email to phone.
 */
static void hint_worked_example(void **state)
{
    (void)state;
    wb_hint_input in[NCH];
    hint_inputs(in);
    in[PHONE].staffed = 8;
    in[EMAIL].staffed = 5;
    in[EMAIL].not_on[PHONE] = 3;
    wb_hint out[8];
    assert_int_equal(wb_hints_compute(in, NCH, out, 8), 1);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, EMAIL);
    assert_int_equal(out[0].agents, 2);

    /*
     * Phone short by 3 now. Email may move only 1 (one agent not on phone); social has 3
     * staffed, keeps 1, so 2 spare, all not on phone. The donor that can move more goes first:
     * 2 from social, then the remaining 1 from email.
     */
    in[PHONE].staffed = 7;
    in[EMAIL].not_on[PHONE] = 1;
    in[SOCIAL].staffed = 3;
    in[SOCIAL].not_on[PHONE] = 3;
    assert_int_equal(wb_hints_compute(in, NCH, out, 8), 2);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, SOCIAL);
    assert_int_equal(out[0].agents, 2);
    assert_int_equal(out[1].target, PHONE);
    assert_int_equal(out[1].donor, EMAIL);
    assert_int_equal(out[1].agents, 1);
}

/*
 * Email has 4 spare (5 staffed, keeps 1), and every one of them may go to phone or chat.
 * Phone is short by 3, chat by 2. Largest shortfall first: phone gets 3, and chat gets the
 * 1 left. Email's spare is used up across both hints.
 */
static void hint_shared_donor(void **state)
{
    (void)state;
    wb_hint_input in[NCH];
    hint_inputs(in);
    in[PHONE].staffed = 7;
    in[CHAT].staffed = 2;
    in[EMAIL].staffed = 5;
    in[EMAIL].not_on[PHONE] = 5;
    in[EMAIL].not_on[CHAT] = 5;
    wb_hint out[8];
    assert_int_equal(wb_hints_compute(in, NCH, out, 8), 2);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, EMAIL);
    assert_int_equal(out[0].agents, 3);
    assert_int_equal(out[1].target, CHAT);
    assert_int_equal(out[1].donor, EMAIL);
    assert_int_equal(out[1].agents, 1);

    /* max limits the number of hints written. */
    assert_int_equal(wb_hints_compute(in, NCH, out, 1), 1);
    assert_int_equal(out[0].target, PHONE);
}

/*
 * A real-time donor keeps what its own forecast requires: chat has 6, needs 3, so lends 3.
 * A channel never lends to itself, and a short channel lends nobody.
 */
static void hint_realtime_donor_no_self(void **state)
{
    (void)state;
    wb_hint_input in[NCH];
    hint_inputs(in);
    in[PHONE].staffed = 5;       /* short by 5 */
    in[PHONE].not_on[PHONE] = 9; /* nonsense that must not produce a self hint */
    in[PHONE].not_on[CHAT] = 9;
    in[CHAT].staffed = 6;
    in[CHAT].required = 3;
    in[CHAT].not_on[PHONE] = 6;
    in[CHAT].not_on[CHAT] = 6;
    wb_hint out[8];
    assert_int_equal(wb_hints_compute(in, NCH, out, 8), 1);
    assert_int_equal(out[0].target, PHONE);
    assert_int_equal(out[0].donor, CHAT);
    assert_int_equal(out[0].agents, 3);

    /* Nobody short: no hints. A channel without a forecast is never short. */
    hint_inputs(in);
    in[PHONE].required = -1;
    in[PHONE].staffed = 0;
    in[EMAIL].staffed = 5;
    in[EMAIL].not_on[PHONE] = 5;
    assert_int_equal(wb_hints_compute(in, NCH, out, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rises_immediately),
        cmocka_unit_test(no_flapping),
        cmocka_unit_test(no_flapping_lower_is_worse),
        cmocka_unit_test(alarm_steps_down_to_warn),
        cmocka_unit_test(lower_is_worse),
        cmocka_unit_test(disabled_thresholds),
        cmocka_unit_test(nan_values),
        cmocka_unit_test(ack_and_reflash),
        cmocka_unit_test(hint_worked_example),
        cmocka_unit_test(hint_shared_donor),
        cmocka_unit_test(hint_realtime_donor_no_self),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
