/*
 * display.h - the wallboard program's screen: an SDL window drawn from the board on the loop.
 *
 * A wb_display is created by main.c (wb_display_start) and owned by it until
 * wb_display_stop(), which releases SDL at once and frees the structure from its timer's close
 * callback (so the loop must run once more). The display reads the app's options,
 * configuration, board and loop, and reaches back to the program only through the
 * wb_display_host that main.c gives it: it never calls into main.c by name. Everything runs on
 * the loop thread.
 *
 * A build without the view (-DWB_BUILD_VIEW=OFF) links display_none.c instead of display.c:
 * wb_display_start() then says that this build is headless only and fails.
 */
#ifndef WB_DISPLAY_H
#define WB_DISPLAY_H

#include <stdbool.h>

#include "app.h"

/*
 * What the display needs from the program that hosts it. All three are called on the loop
 * thread with ud; main.c fills this in and it must outlive the display.
 */
typedef struct wb_display_host {
    void *ud;
    /* "Now" for the screen: the wall clock or the newest event time (--clock). */
    wb_ms (*now)(void *ud);
    /* The real wall clock in ms (pixel shift, night mode, staleness). */
    wb_ms (*wall_ms)(void *ud);
    /* Ends the program cleanly (window closed, Q or Escape, screenshot written). */
    void (*quit)(void *ud, int exit_code);
} wb_display_host;

typedef struct wb_display wb_display;

/* True when this build has a display (WB_BUILD_VIEW=ON). */
bool wb_display_available(void);

/*
 * Opens the window or screen and starts drawing. Returns 0 and sets *out, or a negative code
 * after printing one clear message (no display, no font, a headless-only build...). On
 * success the display runs until wb_display_stop(); a screenshot request calls host->quit
 * when the picture is written.
 */
int wb_display_start(wb_app *app, const wb_display_host *host, wb_display **out);

/* Takes a screenshot still due, releases SDL and closes the timer. NULL is allowed. */
void wb_display_stop(wb_display *d);

/* Marks the screen dirty (new messages were applied, the 1 s tick). NULL is allowed. */
void wb_display_poke(wb_display *d);

/* The configuration was reloaded: re-read what the display uses (labels, night schedule). */
void wb_display_config_changed(wb_display *d);

#endif
