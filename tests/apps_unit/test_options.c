/*
 * test_options.c - the wallboard's command line (src/apps/wallboard/options.h): defaults, each
 * option's accepted and refused values, the rules between options, and the messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

/* Parses a NULL-terminated list of arguments after the program name. */
#define PARSE(o, err, ...) parse_list((o), (err), (const char *[]){"wallboard", __VA_ARGS__, NULL})

static wb_opts_result parse_list(wb_options *o, char *err, const char **args)
{
    char *argv[64];
    int argc = 0;

    /* getopt may permute argv, so it gets a copy of the pointers. */
    while (args[argc]) {
        argv[argc] = (char *)args[argc];
        argc++;
    }
    argv[argc] = NULL;
    return wb_options_parse(o, argc, argv, err, 256);
}

static void test_defaults(void **state)
{
    wb_options o;
    char err[256];
    char *argv[] = {"wallboard", NULL};

    (void)state;
    assert_int_equal(wb_options_parse(&o, 1, argv, err, sizeof err), WB_OPTS_RUN);
    assert_int_equal(o.app.clock, WB_CLOCK_WALL);
    assert_true(o.app.demo_speed == 1.0);
    assert_int_equal(o.app.rotate, -1);
    assert_false(o.app.headless);
    assert_false(o.app.demo);
    assert_null(o.app.config_path);
    assert_null(o.app.lang);
    assert_int_equal(o.n_connect, 0);
    assert_int_equal(o.n_bind, 0);
    assert_false(o.seed_set);
    assert_null(o.note);
    assert_string_equal(err, "");
}

static void test_values(void **state)
{
    wb_options o;
    char err[256];

    (void)state;
    assert_int_equal(PARSE(&o, err, "--config", "/tmp/w.ini", "--connect", "tcp://a:1", "--bind",
                           "ipc:///tmp/b", "--connect", "tcp://c:2", "--headless", "--stats-json",
                           "-", "--exit-after", "2.5", "--clock", "event"),
                     WB_OPTS_RUN);
    assert_string_equal(o.app.config_path, "/tmp/w.ini");
    assert_int_equal(o.n_connect, 2);
    assert_string_equal(o.connect[0], "tcp://a:1");
    assert_string_equal(o.connect[1], "tcp://c:2");
    assert_int_equal(o.n_bind, 1);
    assert_string_equal(o.bind[0], "ipc:///tmp/b");
    assert_true(o.app.headless);
    assert_string_equal(o.app.stats_json, "-");
    assert_true(o.app.exit_after_s == 2.5);
    assert_int_equal(o.app.clock, WB_CLOCK_EVENT);

    assert_int_equal(PARSE(&o, err, "--window", "1280x720", "--fullscreen", "--rotate", "270",
                           "--screenshot", "s.png", "--screenshot-after", "3", "--lang", "fi",
                           "--page", "1"),
                     WB_OPTS_RUN);
    assert_int_equal(o.app.window_w, 1280);
    assert_int_equal(o.app.window_h, 720);
    assert_true(o.app.fullscreen && o.app.fullscreen_set);
    assert_int_equal(o.app.rotate, 270);
    assert_string_equal(o.app.screenshot, "s.png");
    assert_true(o.app.screenshot_after_s == 3.0);
    assert_string_equal(o.app.lang, "fi");
    assert_int_equal(o.app.page, 1);
    assert_null(o.note);
}

/* The demo shows simulated time unless --clock says otherwise, in either order. */
static void test_demo(void **state)
{
    wb_options o;
    char err[256];

    (void)state;
    assert_int_equal(PARSE(&o, err, "--demo", "--scenario", "surge", "--speed", "60", "--seed",
                           "18446744073709551615"),
                     WB_OPTS_RUN);
    assert_true(o.app.demo);
    assert_string_equal(o.app.demo_scenario, "surge");
    assert_true(o.app.demo_speed == 60.0);
    assert_true(o.seed_set);
    assert_true(o.seed == UINT64_MAX); /* 2^64 - 1, the largest seed */
    assert_int_equal(o.app.clock, WB_CLOCK_EVENT);
    assert_int_equal(PARSE(&o, err, "--clock", "wall", "--demo"), WB_OPTS_RUN);
    assert_int_equal(o.app.clock, WB_CLOCK_WALL);
    /* The demo's options without --demo are a mistake, not silently ignored. */
    assert_int_equal(PARSE(&o, err, "--seed", "1"), WB_OPTS_ERROR);
    assert_string_equal(err, "--scenario, --speed and --seed need --demo");
    assert_int_equal(PARSE(&o, err, "--speed", "2"), WB_OPTS_ERROR);
    assert_int_equal(PARSE(&o, err, "--scenario", "surge"), WB_OPTS_ERROR);
}

/* Each refused value names the option, what it expects and what it got. */
static void test_bad_values(void **state)
{
    static const struct {
        const char *opt, *val, *msg;
    } cases[] = {
        {"--exit-after", "1e10", "--exit-after: expected seconds from 0 to 1e9, got '1e10'"},
        {"--exit-after", "-1", "--exit-after: expected seconds from 0 to 1e9, got '-1'"},
        {"--exit-after", "nan", "--exit-after: expected seconds from 0 to 1e9, got 'nan'"},
        {"--clock", "local", "--clock: expected wall or event, got 'local'"},
        {"--speed", "0", "--speed: expected a number > 0 and <= 100000, got '0'"},
        {"--speed", "100001", "--speed: expected a number > 0 and <= 100000, got '100001'"},
        {"--seed", "-1", "--seed: expected a non-negative integer, got '-1'"},
        {"--seed", "18446744073709551616",
         "--seed: expected a non-negative integer, got '18446744073709551616'"},
        {"--seed", "12x", "--seed: expected a non-negative integer, got '12x'"},
        {"--window", "100x100",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '100x100'"},
        {"--window", "479x320",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '479x320'"},
        {"--window", "480x319",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '480x319'"},
        {"--window", "320x479",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '320x479'"},
        {"--window", "400x400",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '400x400'"},
        {"--window", "1280x720x",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '1280x720x'"},
        {"--window", "16385x720",
         "--window: expected WIDTHxHEIGHT from 480x320 (or 320x480 upright) to 16384x16384, e.g. "
         "1280x720, got '16385x720'"},
        {"--rotate", "45", "--rotate: expected 0, 90, 180 or 270, got '45'"},
        {"--rotate", "360", "--rotate: expected 0, 90, 180 or 270, got '360'"},
        {"--lang", "de", "--lang: expected en or fi, got 'de'"},
        {"--page", "8",
         "--page: expected 0 (overview), 1 (agents), 2 (intervals), 3 (KPIs) or, with configured "
         "pages, their place in the rotation up to 7, got '8'"},
        {"--keep-days", "0", "--keep-days: expected an integer from 1 to 3650, got '0'"},
        {"--keep-days", "3651", "--keep-days: expected an integer from 1 to 3650, got '3651'"},
        {"--keep-days", "7d", "--keep-days: expected an integer from 1 to 3650, got '7d'"},
    };
    wb_options o;
    char err[256];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(PARSE(&o, err, "--demo", cases[i].opt, cases[i].val), WB_OPTS_ERROR);
        size_t n = strlen(cases[i].msg);
        assert_memory_equal(err, cases[i].msg, n);
        assert_string_equal(err + n, " (see --help)");
    }
    /* The edges of the accepted ranges. */
    /* The smallest window is the smallest screen the layout is made for, either way up. */
    assert_int_equal(PARSE(&o, err, "--window", "480x320"), WB_OPTS_RUN);
    assert_int_equal(o.app.window_w, 480);
    assert_int_equal(o.app.window_h, 320);
    assert_int_equal(PARSE(&o, err, "--window", "320x480"), WB_OPTS_RUN);
    assert_int_equal(PARSE(&o, err, "--window", "16384x16384"), WB_OPTS_RUN);
    assert_int_equal(PARSE(&o, err, "--rotate", "0"), WB_OPTS_RUN);
    assert_int_equal(o.app.rotate, 0);
    assert_int_equal(PARSE(&o, err, "--exit-after", "1e9"), WB_OPTS_RUN);
    assert_int_equal(PARSE(&o, err, "--demo", "--speed", "100000"), WB_OPTS_RUN);
}

static void test_url_limit(void **state)
{
    const char *args[2 + 2 * (WB_MAX_URLS + 1) + 1] = {"wallboard"};
    wb_options o;
    char err[256], want[64];
    int n = 1;

    (void)state;
    for (int i = 0; i < WB_MAX_URLS; i++) {
        args[n++] = "--bind";
        args[n++] = "tcp://*:1";
    }
    args[n] = NULL;
    assert_int_equal(parse_list(&o, err, args), WB_OPTS_RUN);
    assert_int_equal(o.n_bind, WB_MAX_URLS);
    args[n++] = "--bind";
    args[n++] = "tcp://*:2";
    args[n] = NULL;
    assert_int_equal(parse_list(&o, err, args), WB_OPTS_ERROR);
    snprintf(want, sizeof want, "at most %d --bind URLs", WB_MAX_URLS);
    assert_string_equal(err, want);
}

static void test_usage_errors(void **state)
{
    wb_options o;
    char err[256];

    (void)state;
    assert_int_equal(PARSE(&o, err, "--nope"), WB_OPTS_ERROR);
    assert_string_equal(err, "unknown option '--nope' (see --help)");
    assert_int_equal(PARSE(&o, err, "--headless", "--config"), WB_OPTS_ERROR);
    assert_string_equal(err, "--config needs a value (see --help)");
    assert_int_equal(PARSE(&o, err, "--headless", "extra"), WB_OPTS_ERROR);
    assert_string_equal(err, "unexpected argument 'extra' (see --help)");
    assert_int_equal(PARSE(&o, err, "--help"), WB_OPTS_HELP);
    assert_int_equal(PARSE(&o, err, "--headless", "--version"), WB_OPTS_VERSION);
    /* A refusal leaves nothing behind: the next parse starts from the defaults again. */
    assert_int_equal(PARSE(&o, err, "--headless"), WB_OPTS_RUN);
    assert_true(o.app.headless);
    assert_int_equal(o.n_bind, 0);
}

/* --record FILE or --record-dir DIR, and --keep-days only with the day files it prunes. */
static void test_record(void **state)
{
    wb_options o;
    char err[256];

    (void)state;
    assert_int_equal(PARSE(&o, err, "--headless"), WB_OPTS_RUN);
    assert_null(o.app.record);
    assert_null(o.app.record_dir);
    assert_int_equal(o.app.keep_days, 7);
    assert_int_equal(PARSE(&o, err, "--record", "day.jsonl"), WB_OPTS_RUN);
    assert_string_equal(o.app.record, "day.jsonl");
    assert_null(o.app.record_dir);
    assert_int_equal(PARSE(&o, err, "--record-dir", "/var/lib/wb", "--keep-days", "3650"),
                     WB_OPTS_RUN);
    assert_string_equal(o.app.record_dir, "/var/lib/wb");
    assert_null(o.app.record);
    assert_int_equal(o.app.keep_days, 3650);
    assert_int_equal(PARSE(&o, err, "--keep-days", "1", "--record-dir", "d"), WB_OPTS_RUN);
    assert_int_equal(o.app.keep_days, 1);
    /* A file and a directory at once: which one the user meant is not for the program to
     * guess. */
    assert_int_equal(PARSE(&o, err, "--record", "f", "--record-dir", "d"), WB_OPTS_ERROR);
    assert_string_equal(err, "--record FILE and --record-dir DIR: give one of them");
    /* --keep-days prunes day files: with one file, or none, it would do nothing. */
    assert_int_equal(PARSE(&o, err, "--record", "f", "--keep-days", "3"), WB_OPTS_ERROR);
    assert_string_equal(err, "--keep-days needs --record-dir");
    assert_int_equal(PARSE(&o, err, "--keep-days", "3"), WB_OPTS_ERROR);
    assert_string_equal(err, "--keep-days needs --record-dir");
    assert_int_equal(PARSE(&o, err, "--record-dir", ""), WB_OPTS_ERROR);
    assert_string_equal(err, "--record-dir: expected a directory, got ''");
    assert_int_equal(PARSE(&o, err, "--record-dir"), WB_OPTS_ERROR);
    assert_string_equal(err, "--record-dir needs a value (see --help)");
}

/* Display options with --headless are accepted with a note, since they change nothing. */
static void test_headless_note(void **state)
{
    wb_options o;
    char err[256];

    (void)state;
    assert_int_equal(PARSE(&o, err, "--headless", "--window", "800x600"), WB_OPTS_RUN);
    assert_string_equal(o.note, "display options are ignored with --headless");
    assert_int_equal(PARSE(&o, err, "--headless", "--screenshot", "x.png"), WB_OPTS_RUN);
    assert_non_null(o.note);
    assert_int_equal(PARSE(&o, err, "--window", "800x600"), WB_OPTS_RUN);
    assert_null(o.note);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),      cmocka_unit_test(test_values),
        cmocka_unit_test(test_demo),          cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_url_limit),     cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_headless_note), cmocka_unit_test(test_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
