/*
 * options.c - the wallboard's command line (see options.h).
 */
#include "options.h"

#include "cli.h"
#include "winsize.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_CONFIG = 1000,
    OPT_CONNECT,
    OPT_BIND,
    OPT_HEADLESS,
    OPT_STATS,
    OPT_EXIT_AFTER,
    OPT_CLOCK,
    OPT_DEMO,
    OPT_SCENARIO,
    OPT_SPEED,
    OPT_SEED,
    OPT_WINDOW,
    OPT_FULLSCREEN,
    OPT_ROTATE,
    OPT_SCREENSHOT,
    OPT_SCREENSHOT_AFTER,
    OPT_SCREEN_TEXT,
    OPT_LANG,
    OPT_PAGE,
    OPT_HUB,
    OPT_RECORD,
    OPT_RECORD_DIR,
    OPT_KEEP_DAYS,
    OPT_HELP,
    OPT_VERSION,
};

static const struct option long_opts[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"connect", required_argument, NULL, OPT_CONNECT},
    {"bind", required_argument, NULL, OPT_BIND},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"stats-json", required_argument, NULL, OPT_STATS},
    {"exit-after", required_argument, NULL, OPT_EXIT_AFTER},
    {"clock", required_argument, NULL, OPT_CLOCK},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"speed", required_argument, NULL, OPT_SPEED},
    {"seed", required_argument, NULL, OPT_SEED},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"fullscreen", no_argument, NULL, OPT_FULLSCREEN},
    {"rotate", required_argument, NULL, OPT_ROTATE},
    {"screenshot", required_argument, NULL, OPT_SCREENSHOT},
    {"screenshot-after", required_argument, NULL, OPT_SCREENSHOT_AFTER},
    {"screen-text", required_argument, NULL, OPT_SCREEN_TEXT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"page", required_argument, NULL, OPT_PAGE},
    {"hub", required_argument, NULL, OPT_HUB},
    {"record", required_argument, NULL, OPT_RECORD},
    {"record-dir", required_argument, NULL, OPT_RECORD_DIR},
    {"keep-days", required_argument, NULL, OPT_KEEP_DAYS},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

void wb_options_usage(FILE *f)
{
    fprintf(f,
            "Usage: wallboard [OPTIONS]\n"
            "Contact-center wallboard: receives protocol v1 events over nanomsg and shows them.\n"
            "\n"
            "Data:\n"
            "  --config PATH        configuration file (default: $WB_CONFIG, else\n"
            "                       " WB_DEFAULT_CONFIG " if present, else built-in)\n"
            "  --connect URL        subscribe to a publisher (tcp://HOST:PORT, ipc://PATH or\n"
            "                       ws://HOST:PORT); repeatable; replaces the config's list\n"
            "  --bind URL           let publishers connect here; repeatable\n"
            "  --hub URL            subscribe to a wallboard-hub and ask it for the whole day\n"
            "                       at once (the hub's --bind address)\n"
            "  --record FILE        append every message received to FILE (journal format)\n"
            "  --record-dir DIR     the same in day files, DIR/YYYY-MM-DD.jsonl, as the hub's\n"
            "                       --journal: a new one each local midnight\n"
            "  --keep-days N        with --record-dir, remove day files older than N days\n"
            "                       (1 to 3650, default 7)\n"
            "  --clock wall|event   'now' is the wall clock (default) or the newest event time\n"
            "  --demo               run the simulator in-process instead of subscribing\n"
            "  --scenario NAME      demo scenario (default: the simulator's normal day)\n"
            "  --speed X            demo time runs X times faster (default 1)\n"
            "  --seed N             demo random seed (repeatable runs)\n"
            "\n"
            "Headless:\n"
            "  --headless           no display\n"
            "  --stats-json PATH|-  write one JSON object per line, every second and at exit\n"
            "  --exit-after SECONDS end cleanly after this long\n"
            "\n"
            "Display:\n"
            "  --window WxH         window size, 480x320 (or 320x480) up to 16384x16384\n"
            "                       (default: the display's choice)\n"
            "  --fullscreen         full screen (F toggles)\n"
            "  --rotate 0|90|180|270  rotate the picture (default: from the config)\n"
            "  --screenshot PATH    save a PNG and exit\n"
            "  --screenshot-after S take it after S seconds (default: first frame with data)\n"
            "  --screen-text PATH   with --screenshot, also write the frame's texts, one a line:\n"
            "                       tile, tag and text, separated by tabs\n"
            "  --lang en|fi         label language (default: from the config)\n"
            "  --page N             start on page N (0 overview, 1 agents, 2 today by interval,\n"
            "                       3 KPIs; with [page.NAME] sections, the place in the\n"
            "                       rotation from 0)\n"
            "\n"
            "  --help, --version\n"
            "\n"
            "Signals: SIGHUP reloads the configuration (so does saving the file); SIGINT and\n"
            "SIGTERM end cleanly. Exit codes: 0 ok, 1 runtime failure, 2 bad options or config.\n");
}

/* Parses a finite number >= lo; returns false if s is not one. */
static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static wb_opts_result fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return WB_OPTS_ERROR;
}

#define BAD_VALUE(opt, expect)                                                                     \
    fail(err, errlen, "--%s: expected %s, got '%s' (see --help)", opt, expect, optarg)

wb_opts_result wb_options_parse(wb_options *o, int argc, char **argv, char *err, size_t errlen)
{
    wb_app_opts *a = &o->app;
    bool clock_set = false;
    int c;

    memset(o, 0, sizeof *o);
    a->clock = WB_CLOCK_WALL;
    a->demo_speed = 1.0;
    a->rotate = -1;
    a->keep_days = WB_KEEP_DAYS_DEFAULT;
    bool keep_days_set = false;
    if (errlen)
        err[0] = '\0';
    /* getopt keeps its place in globals: 0 makes glibc start afresh, so parsing repeats. */
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", long_opts, NULL)) != -1) {
        const char *name = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
        double d;
        long l;
        switch (c) {
        case OPT_CONFIG:
            a->config_path = optarg;
            break;
        case OPT_CONNECT:
        case OPT_BIND: {
            const char **list = c == OPT_CONNECT ? o->connect : o->bind;
            size_t *n = c == OPT_CONNECT ? &o->n_connect : &o->n_bind;
            if (*n >= WB_MAX_URLS)
                return fail(err, errlen, "at most %d --%s URLs", WB_MAX_URLS,
                            c == OPT_CONNECT ? "connect" : "bind");
            list[(*n)++] = optarg;
            break;
        }
        case OPT_HEADLESS:
            a->headless = true;
            break;
        case OPT_STATS:
            a->stats_json = optarg;
            break;
        case OPT_EXIT_AFTER:
            /* Bounded, so that the conversion to timer milliseconds cannot overflow. */
            if (!wb_cli_double(optarg, 0.0, 1e9, &d))
                return BAD_VALUE("exit-after", "seconds from 0 to 1e9");
            a->exit_after_s = d;
            break;
        case OPT_CLOCK:
            if (strcmp(optarg, "wall") == 0)
                a->clock = WB_CLOCK_WALL;
            else if (strcmp(optarg, "event") == 0)
                a->clock = WB_CLOCK_EVENT;
            else
                return BAD_VALUE("clock", "wall or event");
            clock_set = true;
            break;
        case OPT_DEMO:
            a->demo = true;
            break;
        case OPT_SCENARIO:
            a->demo_scenario = optarg;
            break;
        case OPT_SPEED:
            if (!wb_cli_double(optarg, 0.0, 100000.0, &d) || d <= 0.0)
                return BAD_VALUE("speed", "a number > 0 and <= 100000");
            a->demo_speed = d;
            break;
        case OPT_SEED: {
            char *end = NULL;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-')
                return BAD_VALUE("seed", "a non-negative integer");
            o->seed = v;
            o->seed_set = true;
            break;
        }
        case OPT_WINDOW: {
            int w = 0, h = 0;
            char x = 0, extra = 0;
            if (sscanf(optarg, "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
                (w < h ? w : h) < WB_WINDOW_SHORT_MIN || (w > h ? w : h) < WB_WINDOW_LONG_MIN ||
                w > WB_WINDOW_MAX || h > WB_WINDOW_MAX)
                return fail(err, errlen,
                            "--window: expected WIDTHxHEIGHT from %dx%d (or %dx%d upright) to "
                            "%dx%d, e.g. 1280x720, got '%s' (see --help)",
                            WB_WINDOW_LONG_MIN, WB_WINDOW_SHORT_MIN, WB_WINDOW_SHORT_MIN,
                            WB_WINDOW_LONG_MIN, WB_WINDOW_MAX, WB_WINDOW_MAX, optarg);
            a->window_w = w;
            a->window_h = h;
            break;
        }
        case OPT_FULLSCREEN:
            a->fullscreen = true;
            a->fullscreen_set = true;
            break;
        case OPT_ROTATE:
            if (!parse_int(optarg, 0, 270, &l) || l % 90 != 0)
                return BAD_VALUE("rotate", "0, 90, 180 or 270");
            a->rotate = (int)l;
            break;
        case OPT_SCREENSHOT:
            a->screenshot = optarg;
            break;
        case OPT_SCREEN_TEXT:
            a->screen_text = optarg;
            break;
        case OPT_SCREENSHOT_AFTER:
            if (!wb_cli_double(optarg, 0.0, 1e9, &d))
                return BAD_VALUE("screenshot-after", "seconds from 0 to 1e9");
            a->screenshot_after_s = d;
            break;
        case OPT_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "fi") != 0)
                return BAD_VALUE("lang", "en or fi");
            a->lang = optarg;
            break;
        case OPT_PAGE:
            /* With [page.NAME] sections a page is its place in the rotation. */
            if (!parse_int(optarg, 0, WB_MAX_PAGES - 1, &l))
                return BAD_VALUE("page", "0 (overview), 1 (agents), 2 (intervals), 3 (KPIs) or, "
                                         "with configured pages, their place in the rotation up "
                                         "to 7");
            a->page = (int)l;
            break;
        case OPT_HUB:
            /* The hub is a publisher like any other, plus the request for the day. */
            if (o->n_connect >= WB_MAX_URLS)
                return fail(err, errlen, "--hub: at most %d --connect URLs with it",
                            WB_MAX_URLS - 1);
            a->hub = o->connect[o->n_connect++] = optarg;
            break;
        case OPT_RECORD:
            a->record = optarg;
            break;
        case OPT_RECORD_DIR:
            a->record_dir = optarg;
            break;
        case OPT_KEEP_DAYS:
            /* The hub's bound: ten years of day files is more than any card holds. */
            if (!parse_int(optarg, 1, 3650, &l))
                return BAD_VALUE("keep-days", "an integer from 1 to 3650");
            a->keep_days = (int)l;
            keep_days_set = true;
            break;
        case OPT_HELP:
            return WB_OPTS_HELP;
        case OPT_VERSION:
            return WB_OPTS_VERSION;
        case ':':
            return fail(err, errlen, "%s needs a value (see --help)", name);
        default:
            return fail(err, errlen, "unknown option '%s' (see --help)", name);
        }
    }
    if (optind < argc)
        return fail(err, errlen, "unexpected argument '%s' (see --help)", argv[optind]);
    if (!a->demo && (a->demo_scenario || o->seed_set || a->demo_speed != 1.0))
        return fail(err, errlen, "--scenario, --speed and --seed need --demo");
    /* The demo's screen shows simulated time unless the user asked otherwise. */
    if (a->demo && !clock_set)
        a->clock = WB_CLOCK_EVENT;
    if (a->record && a->record_dir)
        return fail(err, errlen, "--record FILE and --record-dir DIR: give one of them");
    if (keep_days_set && !a->record_dir)
        return fail(err, errlen, "--keep-days needs --record-dir");
    if (a->record_dir && !a->record_dir[0])
        return fail(err, errlen, "--record-dir: expected a directory, got ''");
    if (a->screen_text && !a->screenshot)
        return fail(err, errlen, "--screen-text needs --screenshot");
    if (a->headless && (a->screenshot || a->fullscreen_set || a->window_w))
        o->note = "display options are ignored with --headless";
    return WB_OPTS_RUN;
}
