/*
 * test_config.c - the INI loader: the shipped example, defaults and their order, and one
 * exact message (file, line, section, key) for every kind of mistake.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config_fixture.h"
#include "wb_config.h"
#include "wb_config_load.h"

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

static void assert_th(const wb_threshold *th, bool warn_on, double warn, bool alarm_on,
                      double alarm)
{
    assert_int_equal(th->warn_on, warn_on);
    if (warn_on)
        assert_near(th->warn, warn);
    assert_int_equal(th->alarm_on, alarm_on);
    if (alarm_on)
        assert_near(th->alarm, alarm);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(wb_sl_formula_name(WB_SL_ANSWERED), "answered");
    assert_string_equal(wb_sl_formula_name(WB_SL_OFFERED), "offered");
    assert_string_equal(wb_sl_formula_name(WB_SL_IGNORE_ABANDONED), "ignore_abandoned");
    assert_string_equal(wb_sl_formula_name(WB_SL_POSITIVE), "positive");
    for (int f = 0; f < 4; f++)
        assert_int_equal(wb_sl_formula_parse(wb_sl_formula_name((wb_sl_formula)f)), f);
    assert_int_equal(wb_sl_formula_parse("Offered"), WB_NOT_FOUND);
    assert_int_equal(wb_sl_formula_parse(""), WB_NOT_FOUND);
    assert_string_equal(wb_rule_name(WB_RULE_WAITING), "waiting");
    assert_string_equal(wb_rule_name(WB_RULE_OLDEST_WAIT), "oldest_wait");
    assert_string_equal(wb_rule_name(WB_RULE_SL_TODAY), "sl_today");
    assert_string_equal(wb_rule_name(WB_RULE_SL_ROLLING), "sl_rolling");
    assert_string_equal(wb_rule_name(WB_RULE_FORECAST_SL), "forecast_sl");
}

static void builtin_defaults(void **state)
{
    (void)state;
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    assert_string_equal(c->site, "Contact center");
    assert_string_equal(c->tz, "");
    assert_int_equal(c->rolling_ms, 30 * 60000);
    assert_int_equal(c->bucket_ms, 10000);
    assert_int_equal(c->stale_after_ms, 5000);
    assert_int_equal(c->forecast_tau_ms, 15 * 60000);
    assert_int_equal(c->n_channels, 0);
    assert_int_equal(c->n_connect, 0);
    assert_int_equal(c->n_bind, 0);
    const wb_channel_cfg *d = &c->defaults;
    assert_int_equal(d->sl_t_ms, 20000);
    assert_near(d->sl_target, 0.80);
    assert_int_equal(d->formula, WB_SL_OFFERED);
    assert_int_equal(d->short_abandon_ms, 5000);
    assert_false(d->realtime);
    assert_near(d->default_aht_s, 300);
    assert_near(d->patience_s, 0);
    assert_int_equal(d->min_agents, 1);
    assert_int_equal(d->hold_ms, 30000);
    assert_th(&d->th[WB_RULE_WAITING], false, 0, false, 0);
    assert_th(&d->th[WB_RULE_OLDEST_WAIT], false, 0, false, 0);
    assert_th(&d->th[WB_RULE_SL_TODAY], true, 80, true, 70);
    assert_th(&d->th[WB_RULE_SL_ROLLING], true, 80, true, 70);
    assert_th(&d->th[WB_RULE_FORECAST_SL], true, 80, false, 0);
    assert_string_equal(c->display.lang, "en");
    assert_int_equal(c->display.night_mode, WB_NIGHT_OFF);
    assert_true(c->display.night_alarm_lifts);

    wb_channel_cfg ch;
    wb_channel_cfg_default(c, &ch, "phone");
    assert_string_equal(ch.name, "phone");
    assert_string_equal(ch.label_en, "phone");
    assert_string_equal(ch.label_fi, "phone");
    assert_true(ch.realtime);
    wb_channel_cfg_default(c, &ch, "chat");
    assert_true(ch.realtime);
    wb_channel_cfg_default(c, &ch, "fax");
    assert_false(ch.realtime);
    assert_string_equal(ch.icon, "fax");
    assert_int_equal(wb_config_channel_index(c, "phone"), WB_NOT_FOUND);
    free(c);
}

/* The example shipped in the repository loads and says what it says. */
static void example_file(void **state)
{
    (void)state;
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    char err[512];
    int rc = wb_config_load(c, WB_SRCDIR "/wallboard.ini", err, sizeof err);
    if (rc != WB_OK)
        fail_msg("%s", err);
    assert_string_equal(c->site, "Contact center Helsinki");
    /* The example names no zone: the programs use the system's (src/apps/common/systz.h). */
    assert_string_equal(c->tz, "");
    assert_int_equal(c->rolling_ms, 30 * 60000);
    assert_int_equal(c->bucket_ms, 10000);
    assert_int_equal(c->stale_after_ms, 5000);
    assert_int_equal(c->forecast_tau_ms, 15 * 60000);
    assert_string_equal(c->display.lang, "en");
    assert_int_equal(c->display.page_s, 20);
    assert_int_equal(c->display.rotate, 0);
    assert_int_equal(c->display.pixel_shift_s, 60);
    assert_int_equal(c->display.pixel_shift_px, 2);
    assert_int_equal(c->display.night_mode, WB_NIGHT_DIM);
    assert_int_equal(c->display.night_start_min, 22 * 60);
    assert_int_equal(c->display.night_end_min, 6 * 60);
    assert_int_equal(c->display.night_dim_pct, 30);
    assert_string_equal(c->display.font, "");
    assert_int_equal(c->n_connect, 1);
    assert_string_equal(c->connect[0], "tcp://127.0.0.1:5555");
    assert_int_equal(c->n_bind, 0);

    assert_int_equal(c->n_channels, 5);
    const char *ids[] = {"phone", "chat", "email", "social", "webform"};
    const char *fi[] = {"Puhelin", "Chat", "S\xc3\xa4hk\xc3\xb6posti", "Some", "Verkkolomake"};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(c->channels[i].name, ids[i]);
        assert_string_equal(c->channels[i].label_fi, fi[i]);
        assert_int_equal(wb_config_channel_index(c, ids[i]), i);
    }
    assert_int_equal(wb_config_channel_index(c, "fax"), WB_NOT_FOUND);

    const wb_channel_cfg *ph = &c->channels[0];
    assert_string_equal(ph->label_en, "Phone");
    assert_string_equal(ph->icon, "phone");
    assert_true(ph->realtime);
    assert_int_equal(ph->sl_t_ms, 20000);
    assert_near(ph->sl_target, 0.80);
    assert_int_equal(ph->formula, WB_SL_OFFERED);
    assert_int_equal(ph->short_abandon_ms, 5000);
    assert_near(ph->default_aht_s, 240);
    assert_near(ph->patience_s, 180);
    assert_int_equal(ph->min_agents, 2);
    assert_int_equal(ph->hold_ms, 30000);
    assert_th(&ph->th[WB_RULE_WAITING], true, 5, true, 10);
    assert_th(&ph->th[WB_RULE_OLDEST_WAIT], true, 60, true, 120);
    assert_th(&ph->th[WB_RULE_SL_TODAY], true, 80, true, 70);
    assert_th(&ph->th[WB_RULE_SL_ROLLING], true, 80, true, 70);
    assert_th(&ph->th[WB_RULE_FORECAST_SL], true, 80, false, 0);
    /* Two arrival_profile lines, one profile: 07:00 to 20:00 by the hour. */
    assert_int_equal(ph->n_shape, 14);
    assert_int_equal(ph->shape_min[0], 7 * 60);
    assert_near(ph->shape_per_h[0], 55);
    assert_int_equal(ph->shape_min[7], 14 * 60);
    assert_near(ph->shape_per_h[7], 184);
    assert_int_equal(ph->shape_min[13], 20 * 60);
    assert_near(ph->shape_per_h[13], 0);

    const wb_channel_cfg *chat = &c->channels[1];
    assert_true(chat->realtime);
    assert_int_equal(chat->sl_t_ms, 30000);
    assert_int_equal(chat->formula, WB_SL_IGNORE_ABANDONED);
    assert_int_equal(chat->short_abandon_ms, 10000);
    assert_int_equal(chat->min_agents, 1); /* from [defaults] */
    assert_near(chat->patience_s, 300);
    assert_th(&chat->th[WB_RULE_WAITING], true, 4, true, 8);
    assert_int_equal(chat->n_shape, 11);
    assert_int_equal(chat->shape_min[10], 20 * 60);

    /* Email sets its target to 90 and no SL thresholds: they follow its target. */
    const wb_channel_cfg *em = &c->channels[2];
    assert_string_equal(em->label_en, "Email");
    assert_false(em->realtime);
    assert_int_equal(em->sl_t_ms, 14400000);
    assert_near(em->sl_target, 0.90);
    assert_int_equal(em->formula, WB_SL_ANSWERED);
    assert_int_equal(em->hold_ms, 120000);
    assert_th(&em->th[WB_RULE_SL_TODAY], true, 90, true, 80);
    assert_th(&em->th[WB_RULE_SL_ROLLING], true, 90, true, 80);
    assert_th(&em->th[WB_RULE_FORECAST_SL], true, 90, false, 0);
    assert_th(&em->th[WB_RULE_OLDEST_WAIT], true, 10800, true, 14400);

    const wb_channel_cfg *so = &c->channels[3];
    assert_string_equal(so->label_en, "Social media");
    assert_false(so->realtime);
    assert_near(so->sl_target, 0.85);
    assert_th(&so->th[WB_RULE_SL_TODAY], true, 85, true, 75);

    const wb_channel_cfg *wf = &c->channels[4];
    assert_string_equal(wf->label_en, "Web form");
    assert_int_equal(wf->sl_t_ms, 28800000);
    assert_int_equal(wf->hold_ms, 300000);
    assert_th(&wf->th[WB_RULE_WAITING], false, 0, false, 0);
    free(c);
}

static void assert_same_channel(const wb_channel_cfg *a, const wb_channel_cfg *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->label_en, b->label_en);
    assert_string_equal(a->label_fi, b->label_fi);
    assert_string_equal(a->icon, b->icon);
    assert_int_equal(a->sl_t_ms, b->sl_t_ms);
    assert_near(a->sl_target, b->sl_target);
    assert_int_equal(a->formula, b->formula);
    assert_int_equal(a->short_abandon_ms, b->short_abandon_ms);
    assert_int_equal(a->realtime, b->realtime);
    assert_near(a->default_aht_s, b->default_aht_s);
    assert_near(a->patience_s, b->patience_s);
    assert_int_equal(a->min_agents, b->min_agents);
    assert_int_equal(a->hold_ms, b->hold_ms);
    for (int r = 0; r < WB_RULE_COUNT; r++)
        assert_th(&a->th[r], b->th[r].warn_on, b->th[r].warn, b->th[r].alarm_on, b->th[r].alarm);
}

/* [defaults] applies to every channel whether it comes before or after the channel sections. */
static void defaults_any_order(void **state)
{
    (void)state;
    const char *defaults = "[defaults]\n"
                           "hold_s = 60\n"
                           "sl_target_pct = 90\n"
                           "short_abandon_s = 3\n"
                           "warn_waiting = 7\n"
                           "warn_sl_rolling_pct = 85\n";
    const char *channels = "[channel.phone]\n"
                           "sl_threshold_s = 15\n"
                           "[channel.chat]\n"
                           "[channel.fax]\n"
                           "sl_target_pct = 60\n"
                           "hold_s = 5\n";
    char before[1024], after[1024];
    snprintf(before, sizeof before, "%s%s", defaults, channels);
    snprintf(after, sizeof after, "%s%s", channels, defaults);
    wb_config *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    cf_load(a, "before.ini", before);
    cf_load(b, "after.ini", after);
    assert_int_equal(a->n_channels, 3);
    assert_int_equal(b->n_channels, 3);
    for (int i = 0; i < 3; i++)
        assert_same_channel(&a->channels[i], &b->channels[i]);
    assert_same_channel(&a->defaults, &b->defaults);

    const wb_channel_cfg *ph = &b->channels[0];
    assert_int_equal(ph->hold_ms, 60000);
    assert_int_equal(ph->sl_t_ms, 15000);
    assert_int_equal(ph->short_abandon_ms, 3000);
    assert_near(ph->sl_target, 0.90);
    assert_true(ph->realtime);
    assert_th(&ph->th[WB_RULE_WAITING], true, 7, false, 0);
    /* Set in [defaults]: 85. Not set anywhere: follows the target (90, alarm 80). */
    assert_th(&ph->th[WB_RULE_SL_ROLLING], true, 85, true, 80);
    assert_th(&ph->th[WB_RULE_SL_TODAY], true, 90, true, 80);

    /* A section without keys still configures its channel, with the defaults. */
    const wb_channel_cfg *chat = &b->channels[1];
    assert_string_equal(chat->name, "chat");
    assert_string_equal(chat->label_en, "chat");
    assert_true(chat->realtime);
    assert_int_equal(chat->hold_ms, 60000);

    const wb_channel_cfg *fax = &b->channels[2];
    assert_false(fax->realtime);
    assert_int_equal(fax->hold_ms, 5000);
    assert_th(&fax->th[WB_RULE_SL_TODAY], true, 60, true, 50);
    assert_th(&fax->th[WB_RULE_SL_ROLLING], true, 85, true, 50);
    assert_th(&fax->th[WB_RULE_FORECAST_SL], true, 60, false, 0);
    free(a);
    free(b);
}

/* Comments, indentation, "off", booleans spelled in every accepted way, repeated URLs. */
static void syntax_variants(void **state)
{
    (void)state;
    const char *text = "\xef\xbb\xbf; a comment\n"
                       "# another\n"
                       "  [wallboard]\n"
                       "    site = Call center ; trailing comment\n"
                       "timezone = UTC\n"
                       "[transport]\n"
                       "connect = tcp://a:1\n"
                       "connect = ipc:///tmp/x\n"
                       "connect = ws://c:3\n"
                       "bind = ipc:///tmp/y\n"
                       "[channel.x]\r\n"
                       "  realtime = YES\r\n"
                       "  warn_sl_today_pct = off\n"
                       "[channel.y]\n"
                       "realtime = 0\n"
                       "[display]\n"
                       "night_start = 00:00\n"
                       "night_end = 23:59\n"
                       "night_alarm_lifts = no\n"
                       "max_wrapup_s = 120\n"
                       "max_pause_s = 900\n"
                       "max_pause_s.lunch = 1800\n"
                       "max_pause_s.Coffee = 600\n"
                       "max_pause_s.LUNCH = 2400\n"
                       "rotate = 270\n";
    wb_config *c = cf_load_ok("v.ini", text);
    assert_string_equal(c->site, "Call center");
    assert_string_equal(c->tz, "UTC");
    assert_int_equal(c->n_connect, 3);
    assert_string_equal(c->connect[1], "ipc:///tmp/x");
    assert_string_equal(c->connect[2], "ws://c:3");
    assert_int_equal(c->n_bind, 1);
    assert_true(c->channels[0].realtime);
    assert_false(c->channels[0].th[WB_RULE_SL_TODAY].warn_on);
    assert_true(c->channels[0].th[WB_RULE_SL_TODAY].alarm_on);
    assert_false(c->channels[1].realtime);
    assert_int_equal(c->display.night_start_min, 0);
    assert_int_equal(c->display.night_end_min, 23 * 60 + 59);
    assert_int_equal(c->display.rotate, 270);
    assert_false(c->display.night_alarm_lifts);
    assert_int_equal(c->display.max_wrapup_s, 120);
    assert_int_equal(c->display.max_pause_s, 900);
    /* Two reasons: "LUNCH" is lunch again (no case) and replaces its limit. */
    assert_int_equal(c->display.n_pause_limits, 2);
    assert_string_equal(c->display.pause_limit[0].reason, "LUNCH");
    assert_int_equal(c->display.pause_limit[0].s, 2400);
    assert_string_equal(c->display.pause_limit[1].reason, "Coffee");
    assert_int_equal(c->display.pause_limit[1].s, 600);
    free(c);
}

/*
 * Loads text that must fail and checks the exact message, and that the configuration is
 * byte for byte what it was before.
 */
static void expect_error(const char *text, const char *want)
{
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    snprintf(c->site, sizeof c->site, "%s", "untouched");
    c->n_channels = 1;
    wb_channel_cfg_default(c, &c->channels[0], "kept");
    char err[512];
    cf_refused(c, "t.ini", text, want, err, sizeof err);
    assert_null(strchr(err, '\n'));
    free(c);
}

static void error_messages(void **state)
{
    (void)state;
    expect_error("[wallboard]\nsite = x\n[bogus]\nkey = 1\n",
                 "t.ini:3: [bogus]: unknown section (expected wallboard, display, transport, "
                 "defaults, channel.NAME, screen, page.NAME, queue.NAME, kpi.ID or sound)");
    expect_error("[display]\nlang = en\ncolour = red\n",
                 "t.ini:3: [display] colour: unknown key (got 'red')");
    expect_error("[wallboard]\n\n; comment\nrolling_window_min = 3O\n",
                 "t.ini:4: [wallboard] rolling_window_min: not a whole number (got '3O')");
    expect_error("[wallboard]\nstale_after_s = 1e3\n",
                 "t.ini:2: [wallboard] stale_after_s: not a number (got '1e3')");
    expect_error("[channel.phone]\nlabel_en = Phone\nsl_target_pct = 101\n",
                 "t.ini:3: [channel.phone] sl_target_pct: must be between 0 and 100 "
                 "(got '101')");
    expect_error("[channel.chat]\npatience_s = -5\n",
                 "t.ini:2: [channel.chat] patience_s: must be between 0 and 86400 (got '-5')");
    expect_error("[channel.chat]\npatience_s = 0.5\n",
                 "t.ini:2: [channel.chat] patience_s: expected 0 (nobody gives up) or 1 to 86400 "
                 "seconds (got '0.5')");
    expect_error("[defaults]\nsl_threshold_s = -1\n",
                 "t.ini:2: [defaults] sl_threshold_s: must be between 0 and 604800 (got '-1')");
    expect_error("[wallboard]\nbucket_s = 15\n",
                 "t.ini:2: [wallboard] bucket_s: must be between 1 and 10 (got '15')");
    expect_error("[wallboard]\nbucket_s = 7\n",
                 "t.ini:2: [wallboard] bucket_s: must divide 60 (1, 2, 3, 4, 5, 6 or 10) "
                 "(got '7')");
    expect_error("[wallboard]\ntimezone = Mars/Olympus_Mons\n",
                 "t.ini:2: [wallboard] timezone: unknown time zone (no "
                 "/usr/share/zoneinfo/Mars/Olympus_Mons) (got 'Mars/Olympus_Mons')");
    expect_error("[wallboard]\ntimezone = ../../etc/passwd\n",
                 "t.ini:2: [wallboard] timezone: unknown time zone (no /usr/share/zoneinfo/...) "
                 "(got '../../etc/passwd')");
    expect_error("[channel.a]\n[channel.b]\nrealtime = true\n[channel.a]\n",
                 "t.ini:4: [channel.a]: duplicate channel (first defined on line 1)");
    expect_error("[channel.a]\nsl_formula = fast\n",
                 "t.ini:2: [channel.a] sl_formula: expected answered, offered, "
                 "ignore_abandoned or positive (got 'fast')");
    expect_error("[channel.a]\nrealtime = maybe\n",
                 "t.ini:2: [channel.a] realtime: expected true, false, yes, no, 1 or 0 "
                 "(got 'maybe')");
    expect_error("[channel.a]\nwarn_waiting = many\n",
                 "t.ini:2: [channel.a] warn_waiting: not a number (got 'many')");
    expect_error("[channel.a]\nalarm_sl_today_pct = 120\n",
                 "t.ini:2: [channel.a] alarm_sl_today_pct: must be between 0 and 100 "
                 "(got '120')");
    expect_error("[channel.a]\nicon = ../../etc/x\n",
                 "t.ini:2: [channel.a] icon: expected letters, digits, '-' or '_' only "
                 "(got '../../etc/x')");
    expect_error("[channel.a]\nlabel_fi = \xff\xfe\n",
                 "t.ini:2: [channel.a] label_fi: not valid UTF-8 (got '\xff\xfe')");
    expect_error("[transport]\nconnect = http://x\n",
                 "t.ini:2: [transport] connect: expected a URL starting with tcp://, ipc:// or "
                 "ws:// (got 'http://x')");
    expect_error(
        "[transport]\nbind = inproc://x\n",
        "t.ini:2: [transport] bind: an inproc:// address reaches only sockets inside this "
        "same process, never another program; use tcp://HOST:PORT, ipc://PATH or ws://HOST:PORT "
        "(got 'inproc://x')");
    expect_error("[display]\nnight_start = 25:00\n",
                 "t.ini:2: [display] night_start: expected a time HH:MM from 00:00 to 23:59 "
                 "(got '25:00')");
    expect_error("[display]\nmax_pause_s. = 60\n",
                 "t.ini:2: [display] max_pause_s.: expected max_pause_s.REASON, REASON of 1 to 31 "
                 "bytes, 16 reasons (got '60')");
    expect_error("[display]\nmax_pause_s.lunch = -5\n",
                 "t.ini:2: [display] max_pause_s.lunch: must be between 0 and 86400 (got '-5')");
    expect_error("[display]\nrotate = 45\n",
                 "t.ini:2: [display] rotate: expected 0, 90, 180 or 270 (got '45')");
    expect_error("[display]\nlang = sv\n", "t.ini:2: [display] lang: expected en or fi (got 'sv')");
    expect_error("[display]\nnight_mode = dark\n",
                 "t.ini:2: [display] night_mode: expected off, dim or blank (got 'dark')");
    expect_error("site = x\n", "t.ini:1: [] site: key outside any section (got 'x')");
    expect_error("[wallboard\nsite = x\n",
                 "t.ini:1: unclosed section header: expected ']' after the section name "
                 "(got '[wallboard')");
    /* A broken header is its own line's mistake: the section before it is not named. */
    expect_error("[channel.voice]\nsl_target_pct = 80\n[channel.chat\nsl_target_pct = 70\n",
                 "t.ini:3: unclosed section header: expected ']' after the section name "
                 "(got '[channel.chat')");
    expect_error("[display]\nlang = fi\n  [channel.chat ; ]\n",
                 "t.ini:3: unclosed section header: expected ']' after the section name "
                 "(got '[channel.chat ; ]')");
    expect_error("[display]\njust some words\n",
                 "t.ini:2: [display]: expected 'key = value', a [section] or a comment "
                 "(got 'just some words')");
    expect_error("[channel.]\n", "t.ini:1: [channel.]: bad channel name: 1 to 63 bytes of UTF-8 "
                                 "without spaces, ';' or brackets (got '')");
    /* The first mistake by line is the one reported, even across sections and passes. */
    expect_error("[channel.a]\nhold_s = x\n[defaults]\nhold_s = y\n",
                 "t.ini:2: [channel.a] hold_s: not a number (got 'x')");
    expect_error("[defaults]\nhold_s = 10\n[channel.a]\nhold_s = 5\n[display]\nrotate = 1\n",
                 "t.ini:6: [display] rotate: expected 0, 90, 180 or 270 (got '1')");
}

static void error_limits(void **state)
{
    (void)state;
    /* Too many channels: the 33rd section header is the line named. */
    char text[4096];
    size_t o = 0;
    for (int i = 0; i <= WB_MAX_CHANNELS; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "[channel.c%d]\nmin_agents = 1\n", i);
    char want[256];
    snprintf(want, sizeof want, "t.ini:%d: [channel.c%d]: too many channels (at most %d)",
             2 * WB_MAX_CHANNELS + 1, WB_MAX_CHANNELS, WB_MAX_CHANNELS);
    expect_error(text, want);

    /* Too many URLs: the ninth connect line. */
    o = (size_t)snprintf(text, sizeof text, "[transport]\n");
    for (int i = 0; i <= WB_MAX_URLS; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "connect = tcp://h:%d\n", 1000 + i);
    snprintf(want, sizeof want,
             "t.ini:%d: [transport] connect: more than %d connect URLs (got "
             "'tcp://h:%d')",
             WB_MAX_URLS + 2, WB_MAX_URLS, 1000 + WB_MAX_URLS);
    expect_error(text, want);

    /* A line too long for the parser is refused, not cut into two lines. */
    o = (size_t)snprintf(text, sizeof text, "[wallboard]\n\nsite = ");
    for (int i = 0; i < 300; i++)
        text[o++] = 'x';
    snprintf(text + o, sizeof text - o, "\n");
    expect_error(text, "t.ini:3: [wallboard]: line longer than 197 characters");
}

/*
 * A Finnish screen shows label_fi; a channel given only label_en shows that label there too,
 * not its bare id ("Chat", where the screen read "chat"); a label_fi given wins whether it
 * comes before or after label_en; a channel with no label shows its id in both languages.
 */
static void finnish_label_follows_english(void **state)
{
    (void)state;
    wb_config *c = cf_load_ok("l.ini", "[channel.chat]\nlabel_en = Chat\n"
                                       "[channel.phone]\nlabel_fi = Puhelin\nlabel_en = Phone\n"
                                       "[channel.email]\nlabel_en = Email\nlabel_fi = Sähköposti\n"
                                       "[channel.fax]\n");
    assert_string_equal(c->channels[0].label_en, "Chat");
    assert_string_equal(c->channels[0].label_fi, "Chat");
    assert_string_equal(c->channels[1].label_en, "Phone");
    assert_string_equal(c->channels[1].label_fi, "Puhelin");
    assert_string_equal(c->channels[2].label_fi, "Sähköposti");
    assert_string_equal(c->channels[3].label_en, "fax");
    assert_string_equal(c->channels[3].label_fi, "fax");
    free(c);
}

/*
 * arrival_profile: the steps as written (minutes after midnight, arrivals an hour); a second
 * arrival_profile line in a section continues its profile; a channel section's first one
 * replaces what [defaults] gave, and an empty one leaves none.
 */
static void arrival_profile(void **state)
{
    (void)state;
    wb_config *c = cf_load_ok("t.ini", "[defaults]\narrival_profile = 09:00 5\n"
                                       "[channel.phone]\n"
                                       "arrival_profile = 07:00 40, 08:30 120.5,10:00 0\n"
                                       "arrival_profile = 12:00 90\n"
                                       "[channel.chat]\nsl_target_pct = 80\n"
                                       "[channel.email]\narrival_profile =\n");
    const wb_channel_cfg *ph = &c->channels[wb_config_channel_index(c, "phone")];
    const wb_channel_cfg *chat = &c->channels[wb_config_channel_index(c, "chat")];
    const wb_channel_cfg *mail = &c->channels[wb_config_channel_index(c, "email")];
    static const int want_min[] = {7 * 60, 8 * 60 + 30, 10 * 60, 12 * 60};
    static const double want_h[] = {40, 120.5, 0, 90};
    assert_int_equal(ph->n_shape, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(ph->shape_min[i], want_min[i]);
        assert_near(ph->shape_per_h[i], want_h[i]);
    }
    assert_int_equal(chat->n_shape, 1);
    assert_int_equal(chat->shape_min[0], 9 * 60);
    assert_near(chat->shape_per_h[0], 5);
    assert_int_equal(mail->n_shape, 0);
    free(c);

    const char *head = "[channel.phone]\narrival_profile = ";
    static const struct {
        const char *value, *what;
    } bad[] = {
        {"7:00 40", "step 1: expected HH:MM (00:00 to 23:59) and arrivals an hour"},
        {"08:00 40, 24:00 0", "step 2: expected HH:MM (00:00 to 23:59) and arrivals an hour"},
        {"08:00", "step 1: expected HH:MM (00:00 to 23:59) and arrivals an hour"},
        {"08:0040", "step 1: expected HH:MM (00:00 to 23:59) and arrivals an hour"},
        {"08:00 -1", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 nan", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 0x10", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 1e3", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 1000000.5", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 40, 09:00 5x", "step 2: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 40, 07:00 10", "step 2: times must rise (after 08:00)"},
        {"08:00 40,", "a comma with no step after it"},
        {"08:00 40 09:00 10", "step 1: expected ',' or the end after it"},
        {"08:00 4O", "step 1: arrivals an hour must be a number from 0 to 1000000"},
        {"08:00 40 ,09:00 5 x", "step 2: expected ',' or the end after it"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200], want[300];
        snprintf(text, sizeof text, "%s%s\n", head, bad[i].value);
        snprintf(want, sizeof want, "t.ini:2: [channel.phone] arrival_profile: %s (got '%s')",
                 bad[i].what, bad[i].value);
        expect_error(text, want);
    }
    /* A continuing line must go on after the last step of the lines before it. */
    expect_error("[channel.phone]\narrival_profile = 08:00 40\narrival_profile = 08:00 10\n",
                 "t.ini:3: [channel.phone] arrival_profile: step 1: times must rise (after "
                 "08:00) (got '08:00 10')");
    /* 97 steps, a minute apart, over five lines: the fifth line's last step is one too many. */
    char text[4096];
    size_t o = (size_t)snprintf(text, sizeof text, "[channel.phone]\n");
    for (int k = 0; k <= WB_SHAPE_STEPS; k++)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s%02d:%02d 1",
                              k % 20 ? ", " : "\narrival_profile = ", k / 60, k % 60);
    snprintf(text + o, sizeof text - o, "\n");
    char want[300];
    snprintf(want, sizeof want, "t.ini:%d: [channel.phone] arrival_profile: more than %d steps",
             3 + WB_SHAPE_STEPS / 20, WB_SHAPE_STEPS);
    char err[512];
    wb_config *k = malloc(sizeof *k);
    assert_non_null(k);
    wb_config_defaults(k);
    assert_int_equal(wb_config_load_string(k, "t.ini", text, err, sizeof err), WB_ERR_CONFIG);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("got %s\nwant %s", err, want);
    free(k);
}

/* A real file: the message names its path; a missing file says so with strerror. */
static void files(void **state)
{
    (void)state;
    char path[512], want[1024], err[1024];
    snprintf(path, sizeof path, "%s/test_config_%ld.ini", WB_BINDIR, (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[wallboard]\nsite = ok\n\n[channel.phone]\nmin_agents = -3\n", f);
    fclose(f);
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    assert_int_equal(wb_config_load(c, path, err, sizeof err), WB_ERR_CONFIG);
    snprintf(want, sizeof want,
             "%s:5: [channel.phone] min_agents: must be between 0 and 10000 (got '-3')", path);
    assert_string_equal(err, want);
    assert_string_equal(c->site, "Contact center");
    unlink(path);

    const char *missing = WB_BINDIR "/no/such/dir/wallboard.ini";
    assert_int_equal(wb_config_load(c, missing, err, sizeof err), WB_ERR_CONFIG);
    snprintf(want, sizeof want, "%s: cannot open: %s", missing, strerror(ENOENT));
    assert_string_equal(err, want);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),           cmocka_unit_test(builtin_defaults),
        cmocka_unit_test(example_file),    cmocka_unit_test(defaults_any_order),
        cmocka_unit_test(syntax_variants), cmocka_unit_test(error_messages),
        cmocka_unit_test(error_limits),    cmocka_unit_test(files),
        cmocka_unit_test(arrival_profile), cmocka_unit_test(finnish_label_follows_english),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
