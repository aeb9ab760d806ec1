/*
 * test_sound.c - the sound policy (wb_sound.h), stepped by hand with chosen times: an alarm
 * sounds at once, again after repeat_ms while unacknowledged, never after acknowledgement
 * until a new alarm, not at night unless at_night (and then when the night ends), and a
 * channel that leaves alarm and comes back sounds again. Also which channels of a board view
 * call for sound (wb_sound_alarmed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wb_sound.h"

#define MIN (60 * 1000)
#define T0 ((wb_ms)1764000000000LL) /* any wall time; only differences matter here */

static wb_sound_cfg on_cfg(wb_ms repeat_ms)
{
    wb_sound_cfg c = {.enabled = true, .volume_pct = 80, .repeat_ms = repeat_ms};
    return c;
}

/* One step with channel flags given as a string: "10" = channel 0 alarmed, channel 1 not. */
static wb_sound_action step(wb_sound_policy *p, const wb_sound_cfg *c, const char *flags,
                            bool night, wb_ms now)
{
    bool a[WB_MAX_CHANNELS] = {0};
    size_t n = strlen(flags);
    for (size_t i = 0; i < n; i++)
        a[i] = flags[i] == '1';
    return wb_sound_policy_step(p, c, a, n, night, now);
}

static void enters_alarm_sounds_and_repeats(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(5 * MIN);
    assert_int_equal(step(&p, &c, "00", false, T0), WB_SOUND_NONE);
    /* Channel 1 enters alarm at T0 + 1 s: sound now. */
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000), WB_SOUND_PLAY);
    /* Still unacknowledged, but the 5 minutes are not over: 1 s + 5 min - 1 ms is silent. */
    assert_int_equal(step(&p, &c, "01", false, T0 + 2000), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 5 * MIN - 1), WB_SOUND_NONE);
    /* Exactly 5 minutes after the first chime: again; then 5 minutes after that one. */
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 5 * MIN), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 10 * MIN - 1), WB_SOUND_NONE);
    /* A step that comes late (a busy loop) sounds late, and the period counts from then. */
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 10 * MIN + 700), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 15 * MIN + 699), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "01", false, T0 + 1000 + 15 * MIN + 700), WB_SOUND_PLAY);
    assert_int_equal(p.plays, 4);
}

static void repeat_zero_sounds_once(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(0);
    assert_int_equal(step(&p, &c, "1", false, T0), WB_SOUND_PLAY);
    for (int k = 1; k <= 120; k++)
        assert_int_equal(step(&p, &c, "1", false, T0 + k * MIN), WB_SOUND_NONE);
}

static void acknowledged_is_silent_until_a_new_alarm(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(2 * MIN);
    assert_int_equal(step(&p, &c, "100", false, T0), WB_SOUND_PLAY);
    /* Acknowledged 30 s later: the channel is still in alarm but no longer flashing, so its
     * flag is down. Stop what plays; then nothing, past the repeat time too. */
    assert_int_equal(step(&p, &c, "000", false, T0 + 30000), WB_SOUND_STOP);
    assert_int_equal(step(&p, &c, "000", false, T0 + 31000), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "000", false, T0 + 2 * MIN), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "000", false, T0 + 60 * MIN), WB_SOUND_NONE);
    /* Another channel enters alarm: a new alarm sounds at once. */
    assert_int_equal(step(&p, &c, "010", false, T0 + 61 * MIN), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "010", false, T0 + 63 * MIN), WB_SOUND_PLAY);
}

static void second_alarm_restarts_the_period(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(5 * MIN);
    assert_int_equal(step(&p, &c, "10", false, T0), WB_SOUND_PLAY);
    /* Channel 1 joins 3 minutes later: sound now; the next repeat is 5 minutes from now, so
     * T0 + 5 min (the first alarm's repeat time) is silent. */
    assert_int_equal(step(&p, &c, "11", false, T0 + 3 * MIN), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "11", false, T0 + 5 * MIN), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "11", false, T0 + 8 * MIN), WB_SOUND_PLAY);
    /* Acknowledging one of the two keeps the other's repeat going. */
    assert_int_equal(step(&p, &c, "01", false, T0 + 9 * MIN), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "01", false, T0 + 13 * MIN), WB_SOUND_PLAY);
}

static void leaving_and_reentering_is_a_new_alarm(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(10 * MIN);
    assert_int_equal(step(&p, &c, "1", false, T0), WB_SOUND_PLAY);
    /* The channel falls out of alarm (its level cleared): stop. */
    assert_int_equal(step(&p, &c, "0", false, T0 + 1 * MIN), WB_SOUND_STOP);
    /* It comes back 1 minute later, long before the old repeat time: sound now. */
    assert_int_equal(step(&p, &c, "1", false, T0 + 2 * MIN), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "1", false, T0 + 11 * MIN), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", false, T0 + 12 * MIN), WB_SOUND_PLAY);
}

static void night_is_silent_unless_at_night(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(5 * MIN);
    /* An alarm at night: silent, and silent at its repeat time while the night lasts. */
    assert_int_equal(step(&p, &c, "1", true, T0), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", true, T0 + 5 * MIN), WB_SOUND_NONE);
    assert_int_equal(p.plays, 0);
    /* The night ends at T0 + 7 min with the alarm still unacknowledged: it sounds then. */
    assert_int_equal(step(&p, &c, "1", false, T0 + 7 * MIN), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "1", false, T0 + 12 * MIN - 1), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", false, T0 + 12 * MIN), WB_SOUND_PLAY);

    /* Acknowledged during the night: nothing at the night's end. */
    wb_sound_policy_init(&p);
    assert_int_equal(step(&p, &c, "1", true, T0), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "0", true, T0 + MIN), WB_SOUND_STOP);
    assert_int_equal(step(&p, &c, "0", false, T0 + 7 * MIN), WB_SOUND_NONE);

    /* at_night: the night changes nothing. */
    c.at_night = true;
    wb_sound_policy_init(&p);
    assert_int_equal(step(&p, &c, "1", true, T0), WB_SOUND_PLAY);
    assert_int_equal(step(&p, &c, "1", true, T0 + 5 * MIN), WB_SOUND_PLAY);
}

static void disabled_or_muted_is_silent(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(5 * MIN);
    c.enabled = false;
    assert_int_equal(step(&p, &c, "1", false, T0), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", false, T0 + 5 * MIN), WB_SOUND_NONE);
    /* Sound switched on (a reload) with the alarm still unacknowledged: it sounds. */
    c.enabled = true;
    assert_int_equal(step(&p, &c, "1", false, T0 + 6 * MIN), WB_SOUND_PLAY);

    wb_sound_policy_init(&p);
    c.volume_pct = 0;
    assert_int_equal(step(&p, &c, "1", false, T0), WB_SOUND_NONE);
    assert_int_equal(p.plays, 0);
}

static void clock_set_back(void **state)
{
    (void)state;
    wb_sound_policy p;
    wb_sound_policy_init(&p);
    wb_sound_cfg c = on_cfg(5 * MIN);
    assert_int_equal(step(&p, &c, "1", false, T0), WB_SOUND_PLAY);
    /* The wall clock jumps back one hour: the repeat comes 5 minutes after the jump, not
     * 65 minutes later; and once only, not pushed back at every step. */
    wb_ms back = T0 - 60 * MIN;
    assert_int_equal(step(&p, &c, "1", false, back), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", false, back + 4 * MIN), WB_SOUND_NONE);
    assert_int_equal(step(&p, &c, "1", false, back + 5 * MIN), WB_SOUND_PLAY);
}

static void alarmed_from_view(void **state)
{
    (void)state;
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->ever_data = true;
    v->n_channels = 4;
    for (int i = 0; i < 4; i++)
        v->ch[i].m.had_data = true;
    v->ch[0].level = WB_LEVEL_ALARM; /* flashing: unacknowledged */
    v->ch[0].flashing = true;
    v->ch[1].level = WB_LEVEL_ALARM; /* acknowledged */
    v->ch[2].level = WB_LEVEL_WARN;
    v->ch[3].level = WB_LEVEL_ALARM; /* flashing but never had data */
    v->ch[3].flashing = true;
    v->ch[3].m.had_data = false;
    bool out[WB_MAX_CHANNELS];
    memset(out, 0xff, sizeof out);
    assert_int_equal(wb_sound_alarmed(v, out, WB_MAX_CHANNELS), 4);
    assert_true(out[0]);
    assert_false(out[1]);
    assert_false(out[2]);
    assert_false(out[3]);
    /* A stale board: levels on old data call nobody. */
    v->stale = true;
    wb_sound_alarmed(v, out, WB_MAX_CHANNELS);
    assert_false(out[0]);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enters_alarm_sounds_and_repeats),
        cmocka_unit_test(repeat_zero_sounds_once),
        cmocka_unit_test(acknowledged_is_silent_until_a_new_alarm),
        cmocka_unit_test(second_alarm_restarts_the_period),
        cmocka_unit_test(leaving_and_reentering_is_a_new_alarm),
        cmocka_unit_test(night_is_silent_unless_at_night),
        cmocka_unit_test(disabled_or_muted_is_silent),
        cmocka_unit_test(clock_set_back),
        cmocka_unit_test(alarmed_from_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
