/*
 * options.h - the wallboard's command line: argv in, a wb_options (or a one-line error) out.
 *
 * wb_options_parse() is pure apart from getopt's own state, which it resets: it prints
 * nothing, opens nothing and reads no environment, so it can be tested on its own. main.c
 * prints what it returns. The strings in a wb_options point into argv; nothing is allocated.
 *
 * Adding an option: an OPT_ value, a row in the long option table and a case in options.c,
 * a field here, and a line in wb_options_usage().
 */
#ifndef WB_OPTIONS_H
#define WB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"       /* WB_DEFAULT_CONFIG */
#include "wb_config.h" /* WB_MAX_URLS */

/* Day files --record-dir keeps without --keep-days, as many as the hub's journal. */
#define WB_KEEP_DAYS_DEFAULT 7

typedef enum { WB_CLOCK_WALL = 0, WB_CLOCK_EVENT } wb_clock_mode;

/* The options the program's parts read (app.h: wb_app.opts). */
typedef struct wb_app_opts {
    const char
        *config_path; /* --config, default: $WB_CONFIG, /etc/wallboard/wallboard.ini if present */
    bool headless;    /* --headless */
    bool demo;        /* --demo: in-process simulator */
    const char *demo_scenario; /* --scenario for --demo */
    double demo_speed;         /* --speed for --demo */
    const char *stats_json;    /* --stats-json PATH|- */
    double exit_after_s;       /* --exit-after, 0 = run until signalled */
    wb_clock_mode clock;       /* --clock wall|event */
    const char *hub;           /* --hub URL: subscribe there and ask for the whole day */
    const char *record;        /* --record FILE: write what arrives, in the journal format */
    const char *record_dir;    /* --record-dir DIR: the same in day files, DIR/YYYY-MM-DD.jsonl */
    int keep_days;             /* --keep-days N: day files kept by --record-dir, default 7 */
    /* display options, read by display.c */
    int window_w, window_h;    /* --window WxH; 0 = default */
    bool fullscreen;           /* --fullscreen */
    bool fullscreen_set;       /* fullscreen was given explicitly */
    int rotate;                /* --rotate 0|90|180|270, -1 = from config */
    const char *screenshot;    /* --screenshot PATH.png */
    const char *screen_text;   /* --screen-text PATH: the screenshot frame's texts, by tile */
    double screenshot_after_s; /* --screenshot-after, default 0: after the first frame with data */
    const char *lang;          /* --lang en|fi, NULL = from config */
    int page;                  /* --page N: start on page N (0 overview, 1 agents) */
} wb_app_opts;

/* Everything the command line says; main.c hands each part its share. */
typedef struct wb_options {
    wb_app_opts app;
    const char *connect[WB_MAX_URLS]; /* --connect, in order; replaces the config's list */
    size_t n_connect;
    const char *bind[WB_MAX_URLS]; /* --bind, in order */
    size_t n_bind;
    uint64_t seed; /* --seed, when seed_set */
    bool seed_set;
    const char *note; /* a warning for the user (options that will be ignored), or NULL */
} wb_options;

typedef enum {
    WB_OPTS_RUN,     /* run with *o */
    WB_OPTS_HELP,    /* --help: print wb_options_usage() to stdout, exit 0 */
    WB_OPTS_VERSION, /* --version: print the version, exit 0 */
    WB_OPTS_ERROR,   /* bad command line: err says why (no program name), exit 2 */
} wb_opts_result;

/* Parses argv[1..argc) into *o (fully overwritten); err gets errlen bytes at most. */
wb_opts_result wb_options_parse(wb_options *o, int argc, char **argv, char *err, size_t errlen);

/* The --help text. */
void wb_options_usage(FILE *f);

#endif
