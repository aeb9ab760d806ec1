/*
 * test_config_order.c - warn/alarm pairs in the wrong order (wb_config_order.c): refused for
 * every rule in [defaults], [channel.NAME] and [queue.NAME], judged on the pair that is used
 * (inherited from [defaults] or the channel, or following a target), with the message naming
 * the file, the line that made the pair wrong and its key, and the running configuration left
 * as it was. Pairs in the right order, with one side off, or both following the target load.
 *
 * Every expected message is written from the rule: higher is worse for waiting and oldest
 * wait (the alarm must be above the warning), lower is worse for the service levels (below);
 * equal is refused, as in a [kpi.ID] section.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config_fixture.h"
#include "wb_config.h"
#include "wb_config_load.h"

/*
 * The running configuration of a wallboard (the shipped example) before a reload of text,
 * which must be refused with exactly want and leave it byte for byte as it was.
 */
static void reload_refused(const char *text, const char *want)
{
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    char err[512];
    if (wb_config_load(c, WB_SRCDIR "/wallboard.ini", err, sizeof err) != WB_OK)
        fail_msg("%s", err);
    cf_refused(c, "o.ini", text, want, err, sizeof err);
    free(c);
}

/* ---------------------------------------------------------------- [defaults] */

static void defaults_higher_is_worse(void **state)
{
    (void)state;
    reload_refused("[defaults]\nwarn_waiting = 12\nalarm_waiting = 10\n",
                   "o.ini:3: [defaults] alarm_waiting: the alarm threshold must be above the "
                   "warning one (warn_waiting = 12 on line 2) (got '10')");
    /* The later key is blamed, here the warning. */
    reload_refused("[defaults]\nalarm_oldest_wait_s = 30\nwarn_oldest_wait_s = 60\n",
                   "o.ini:3: [defaults] warn_oldest_wait_s: the warning threshold must be below "
                   "the alarm one (alarm_oldest_wait_s = 30 on line 2) (got '60')");
}

static void defaults_lower_is_worse(void **state)
{
    (void)state;
    reload_refused("[defaults]\nalarm_sl_rolling_pct = 75\nwarn_sl_rolling_pct = 70\n",
                   "o.ini:3: [defaults] warn_sl_rolling_pct: the warning threshold must be above "
                   "the alarm one (alarm_sl_rolling_pct = 75 on line 2) (got '70')");
    /* An alarm above the warning that follows the built-in target of 80 %. */
    reload_refused("[defaults]\nalarm_sl_today_pct = 85\n",
                   "o.ini:2: [defaults] alarm_sl_today_pct: the alarm threshold must be below the "
                   "warning one (warn_sl_today_pct = 80, from the built-in sl_target_pct) "
                   "(got '85')");
}

/* ---------------------------------------------------------------- [channel.NAME] */

static void channel_higher_is_worse(void **state)
{
    (void)state;
    /* QA's file: warn 12, alarm 10. */
    reload_refused("[channel.phone]\nwarn_waiting = 12\nalarm_waiting = 10\n",
                   "o.ini:3: [channel.phone] alarm_waiting: the alarm threshold must be above the "
                   "warning one (warn_waiting = 12 on line 2) (got '10')");
    /* Equal is refused: the alarm is reached first, the warning would never show. */
    reload_refused("[channel.phone]\nwarn_oldest_wait_s = 60\nalarm_oldest_wait_s = 60\n",
                   "o.ini:3: [channel.phone] alarm_oldest_wait_s: the alarm threshold must be "
                   "above the warning one (warn_oldest_wait_s = 60 on line 2) (got '60')");
}

static void channel_lower_is_worse(void **state)
{
    (void)state;
    /* QA's file: warn 80, alarm 90. */
    reload_refused("[channel.phone]\nwarn_sl_today_pct = 80\nalarm_sl_today_pct = 90\n",
                   "o.ini:3: [channel.phone] alarm_sl_today_pct: the alarm threshold must be "
                   "below the warning one (warn_sl_today_pct = 80 on line 2) (got '90')");
    reload_refused("[channel.chat]\nwarn_forecast_sl_pct = 70\nalarm_forecast_sl_pct = 75.5\n",
                   "o.ini:3: [channel.chat] alarm_forecast_sl_pct: the alarm threshold must be "
                   "below the warning one (warn_forecast_sl_pct = 70 on line 2) (got '75.5')");
}

/*
 * A channel that sets only the alarm is judged with the warning of [defaults], and blamed
 * (its key made the pair wrong), even where [defaults] comes later in the file.
 */
static void channel_inherits_defaults(void **state)
{
    (void)state;
    reload_refused("[channel.phone]\nalarm_waiting = 4\n[defaults]\nwarn_waiting = 5\n",
                   "o.ini:2: [channel.phone] alarm_waiting: the alarm threshold must be above the "
                   "warning one (warn_waiting = 5 in [defaults] on line 4) (got '4')");
    /*
     * The channel's target gives it a warning of 50 % under the alarm of 60 % that [defaults]
     * sets (a channel's target does not move a threshold [defaults] sets): its target is the
     * line to fix.
     */
    reload_refused("[defaults]\nalarm_sl_today_pct = 60\n[channel.email]\nsl_target_pct = 50\n",
                   "o.ini:4: [channel.email] sl_target_pct: the warning threshold it gives "
                   "(warn_sl_today_pct = 50) must be above the alarm one (alarm_sl_today_pct = 60 "
                   "in [defaults] on line 2) (got '50')");
}

/* ---------------------------------------------------------------- [queue.NAME] */

static void queue_higher_is_worse(void **state)
{
    (void)state;
    reload_refused("[channel.chat]\nwarn_waiting = 4\nalarm_waiting = 8\n"
                   "[queue.chat-fi]\nchannel = chat\nalarm_waiting = 3\n",
                   "o.ini:6: [queue.chat-fi] alarm_waiting: the alarm threshold must be above the "
                   "warning one (warn_waiting = 4 in [channel.chat] on line 2) (got '3')");
    /* A queue of a channel without a section has the warning of [defaults]. */
    reload_refused("[defaults]\nwarn_oldest_wait_s = 120\n[queue.x]\nchannel = fax\n"
                   "alarm_oldest_wait_s = 120\n",
                   "o.ini:5: [queue.x] alarm_oldest_wait_s: the alarm threshold must be above the "
                   "warning one (warn_oldest_wait_s = 120 in [defaults] on line 2) (got '120')");
    /* Without channel = the queue is judged on every channel: right on phone, wrong on chat. */
    reload_refused("[channel.phone]\nwarn_waiting = 5\nalarm_waiting = 10\n"
                   "[channel.chat]\nwarn_waiting = 8\nalarm_waiting = 16\n"
                   "[queue.support]\nalarm_waiting = 7\n",
                   "o.ini:8: [queue.support] alarm_waiting: the alarm threshold must be above the "
                   "warning one (warn_waiting = 8 in [channel.chat] on line 5) (got '7')");
}

static void queue_lower_is_worse(void **state)
{
    (void)state;
    reload_refused("[channel.phone]\nalarm_sl_today_pct = 70\n[queue.sales]\n"
                   "warn_sl_today_pct = 65\n",
                   "o.ini:4: [queue.sales] warn_sl_today_pct: the warning threshold must be above "
                   "the alarm one (alarm_sl_today_pct = 70 in [channel.phone] on line 2) "
                   "(got '65')");
    /* The queue's own target gives the warning of 90 % its alarm is above. */
    reload_refused("[queue.vip]\nsl_target_pct = 90\nalarm_sl_rolling_pct = 95\n",
                   "o.ini:3: [queue.vip] alarm_sl_rolling_pct: the alarm threshold must be below "
                   "the warning one (warn_sl_rolling_pct = 90, from sl_target_pct on line 2) "
                   "(got '95')");
}

/* ---------------------------------------------------------------- what loads */

/* One side off has no order; a hair beyond is enough; both following a target of 0 is left. */
static void right_order_loads(void **state)
{
    (void)state;
    const char *text = "[defaults]\n"
                       "warn_waiting = 12\n"
                       "alarm_waiting = off\n"
                       "[channel.phone]\n"
                       "warn_waiting = 10\n"
                       "alarm_waiting = 10.5\n"
                       "warn_sl_today_pct = off\n"
                       "alarm_sl_today_pct = 95\n"
                       "warn_sl_rolling_pct = 80\n"
                       "alarm_sl_rolling_pct = 79.9\n"
                       "alarm_forecast_sl_pct = 79\n"
                       "[channel.zero]\n"
                       "sl_target_pct = 0\n"
                       "[channel.email]\n"
                       "alarm_sl_today_pct = 70\n"
                       "[queue.slow]\n"
                       "channel = email\n"
                       "sl_target_pct = 50\n";
    wb_config *c = cf_load_ok("ok.ini", text);
    assert_int_equal(c->n_channels, 3);
    const wb_threshold *z = &c->channels[1].th[WB_RULE_SL_TODAY];
    assert_true(z->warn_on && z->warn == 0.0 && z->alarm_on && z->alarm == 0.0);
    /*
     * The queue's own target of 50 % moves both of its service-level thresholds (warn 50,
     * alarm 40), the email channel's alarm of 70 % included: its pair is in order.
     */
    wb_channel_cfg q;
    assert_int_equal(wb_config_queue_settings(c, &c->channels[2], "slow", &q), 0);
    assert_true(q.th[WB_RULE_SL_TODAY].warn == 50.0 && q.th[WB_RULE_SL_TODAY].alarm == 40.0);
    free(c);
}

/* The files shipped in the repository are in order. */
static void shipped_files_load(void **state)
{
    (void)state;
    static const char *const files[] = {WB_SRCDIR "/wallboard.ini",
                                        WB_SRCDIR "/docs/team-screen.ini"};
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char err[512];
        if (wb_config_load(c, files[i], err, sizeof err) != WB_OK)
            fail_msg("%s", err);
    }
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_higher_is_worse),  cmocka_unit_test(defaults_lower_is_worse),
        cmocka_unit_test(channel_higher_is_worse),   cmocka_unit_test(channel_lower_is_worse),
        cmocka_unit_test(channel_inherits_defaults), cmocka_unit_test(queue_higher_is_worse),
        cmocka_unit_test(queue_lower_is_worse),      cmocka_unit_test(right_order_loads),
        cmocka_unit_test(shipped_files_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
