/*
 * app.h - the wallboard program's shared state: what main.c (options, config, transport,
 * headless stats) gives to the parts it wires together, demo.c (the in-process simulator) and
 * display.c (the SDL screen).
 *
 * main.c owns the wb_app: it loads the config, creates the board and the libuv loop, starts
 * the subscriber (or the demo) and then either runs headless or starts the display. The
 * parts read this state but never call into main.c: what they need from the program (the
 * time now, quitting, a poke after events) main.c hands them as callbacks (display.h,
 * demo.h). Everything runs on the one loop thread.
 */
#ifndef WB_APP_H
#define WB_APP_H

#include <stdio.h>

#include <uv.h>

#include "wb_board.h"

typedef enum { WB_CLOCK_WALL = 0, WB_CLOCK_EVENT } wb_clock_mode;

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
    /* display options, read by display.c */
    int window_w, window_h;    /* --window WxH; 0 = default */
    bool fullscreen;           /* --fullscreen */
    bool fullscreen_set;       /* fullscreen was given explicitly */
    int rotate;                /* --rotate 0|90|180|270, -1 = from config */
    const char *screenshot;    /* --screenshot PATH.png */
    double screenshot_after_s; /* --screenshot-after, default 0: after the first frame with data */
    const char *lang;          /* --lang en|fi, NULL = from config */
    int page;                  /* --page N: start on page N (0 overview, 1 agents) */
} wb_app_opts;

/*
 * Event-to-pixel measurement (bench/bench_latency). When the environment variable
 * WB_LATENCY_LOG names a file, main.c notes the event time of every message it ingests, and
 * display.c, right after each present, writes one line per noted message: the present's wall
 * time minus the event time, in microseconds. Publishers for the benchmark stamp ts with their
 * wall clock at send; ts has millisecond resolution, so each figure may be up to 1 ms high.
 */
typedef struct wb_latency {
    FILE *log; /* NULL = off */
    wb_ms *ts; /* event times noted since the last present */
    size_t n, cap;
} wb_latency;

typedef struct wb_app {
    wb_app_opts opts;
    wb_config cfg;
    wb_board *board;
    uv_loop_t *loop;
    wb_ms start_wall; /* wall clock at start, ms */
    int exit_code;
    bool quitting;
    uint64_t frames; /* frames presented (display.c counts, the stats show them) */
    wb_latency latency;
} wb_app;

/* Opens WB_LATENCY_LOG if set; 0 or WB_ERR_IO. Closed by wb_latency_fini. */
int wb_latency_init(wb_app *app);
void wb_latency_fini(wb_app *app);
/* A message with event time ts was applied; a frame was presented. */
void wb_latency_note(wb_app *app, wb_ms ts);
void wb_latency_presented(wb_app *app);

#endif
