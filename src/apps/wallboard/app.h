/*
 * app.h - the wallboard program's shared state, between main.c (options, config, transport,
 * headless stats, demo simulator) and display.c (the SDL screen).
 *
 * main.c owns the wb_app: it loads the config, creates the board and the libuv loop, starts
 * the subscriber (or the in-process simulator for --demo) and then either the headless stats
 * timer or the display (wb_display_start). Everything runs on the one loop thread.
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

typedef struct wb_display wb_display;

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
    wb_display *display; /* NULL when headless */
    uint64_t frames;     /* frames presented (display.c counts, the stats show them) */
    wb_latency latency;
} wb_app;

/* Now, by the --clock mode: the wall clock, or the newest event time seen. */
wb_ms wb_app_now(wb_app *app);

/* Wall clock in ms (uv_now is monotonic; this is the real time for stamps and clocks). */
wb_ms wb_app_wall_ms(void);

/* Opens WB_LATENCY_LOG if set; 0 or WB_ERR_IO. Closed by wb_latency_fini. */
int wb_latency_init(wb_app *app);
void wb_latency_fini(wb_app *app);
/* A message with event time ts was applied; a frame was presented. */
void wb_latency_note(wb_app *app, wb_ms ts);
void wb_latency_presented(wb_app *app);

/* Asks the program to end cleanly (stats written once more, display closed). */
void wb_app_quit(wb_app *app, int exit_code);

/* Config reloaded successfully: the display re-reads what it uses (labels, night schedule). */
void wb_display_config_changed(wb_app *app);

/*
 * display.c: opens the window/screen and draws from the board on the loop. Returns 0, or a
 * negative code after printing one clear message (no display, no font...). On success the
 * display runs until wb_display_stop(); a screenshot request ends the program when done.
 */
int wb_display_start(wb_app *app);
void wb_display_stop(wb_app *app);
/* Marks the screen dirty (called by main.c after messages were applied). */
void wb_display_poke(wb_app *app);

#endif
