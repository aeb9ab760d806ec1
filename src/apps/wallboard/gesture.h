/*
 * gesture.h - touch and mouse gestures for the wallboard, pure: a pointer's down, move and up
 * in, tap, long-press or swipe out; then what the gesture means on the screen, found by
 * hit-testing the display list that was drawn (tile indexes and tags, never pixel colours).
 *
 * No SDL and no clock: events carry their time, and wb_gesture_poll() is told the time, so
 * the recogniser is tested with synthetic event sequences (tests/view/test_gesture.c).
 * input.c turns SDL finger and mouse events into wb_ptr_events and applies the actions.
 *
 * A wb_gesture is embedded by its owner: wb_gesture_init(), nothing to free. It follows one
 * pointer at a time (the first finger down); other fingers are ignored until it lifts (or
 * until WB_GESTURE_STALE_MS, after which its release is taken as lost).
 */
#ifndef WB_GESTURE_H
#define WB_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"

/* Thresholds; wb_gesture_cfg_for() scales the distances to the screen. */
typedef struct wb_gesture_cfg {
    int slop_px;         /* a press that moves less than this is still a press */
    int swipe_px;        /* the least horizontal travel of a swipe */
    wb_ms long_press_ms; /* held this long without moving: a long-press */
    wb_ms swipe_max_ms;  /* a swipe is quicker than this (slower is a drag: nothing) */
} wb_gesture_cfg;

/* The thresholds for a w x h screen: slop 2 % and swipe 12 % of the short side (at least
 * 12 px and 60 px), long-press 800 ms, swipe within 1 s. */
wb_gesture_cfg wb_gesture_cfg_for(int w, int h);

/* A press held this long is taken as one whose release was lost: a new press starts afresh. */
#define WB_GESTURE_STALE_MS 10000

typedef enum { WB_PTR_DOWN = 0, WB_PTR_MOVE, WB_PTR_UP, WB_PTR_CANCEL } wb_ptr_kind;

typedef struct wb_ptr_event {
    wb_ptr_kind kind;
    int64_t id; /* which finger (the mouse is one id of its own) */
    int x, y;   /* screen pixels in layout coordinates */
    wb_ms t;    /* event time, any monotonic millisecond clock */
} wb_ptr_event;

typedef enum {
    WB_GESTURE_NONE = 0,
    WB_GESTURE_TAP,
    WB_GESTURE_LONG_PRESS,
    WB_GESTURE_SWIPE_LEFT, /* finger travelled right to left */
    WB_GESTURE_SWIPE_RIGHT,
} wb_gesture_kind;

typedef struct wb_gesture {
    bool down;
    int64_t id;
    int x0, y0; /* where the press started */
    int x, y;   /* last position */
    wb_ms t0;
    bool moved;      /* went beyond the slop: no tap, no long-press */
    bool long_fired; /* the long-press was reported while held: the release adds nothing */
} wb_gesture;

void wb_gesture_init(wb_gesture *g);

/* Feeds one event; returns the gesture it completes (and where it started in *x, *y). */
wb_gesture_kind wb_gesture_feed(wb_gesture *g, const wb_gesture_cfg *c, const wb_ptr_event *ev,
                                int *x, int *y);

/* A long-press fires while the finger is still down: call this at every poll with the time
 * on the events' clock. Returns WB_GESTURE_LONG_PRESS once per press, else NONE. */
wb_gesture_kind wb_gesture_poll(wb_gesture *g, const wb_gesture_cfg *c, wb_ms now, int *x, int *y);

/*
 * Maps a point on the renderer's output (out_w x out_h pixels) to the display list's layout
 * coordinates (lw x lh), undoing what the renderer does: the burn-in shift (shift_x, shift_y)
 * and, for rotate 90, 180 or 270 (clockwise), the turn about the output's centre.
 */
void wb_gesture_to_layout(int px, int py, int out_w, int out_h, int lw, int lh, int rotate,
                          int shift_x, int shift_y, int *lx, int *ly);

/* What a point on the drawn screen is. */
typedef enum { WB_HIT_NONE = 0, WB_HIT_TILE, WB_HIT_FOOTER } wb_hit_kind;

typedef struct wb_hit {
    wb_hit_kind kind;
    int tile;    /* the channel index for WB_HIT_TILE, else -1 */
    wb_rect box; /* the tile or the footer */
} wb_hit;

/* The topmost channel tile (a WB_TAG_TILE item) or footer (a WB_TAG_TICKER fill) at x, y. */
wb_hit wb_hit_test(const wb_dlist *dl, int x, int y);

typedef enum {
    WB_ACT_NONE = 0,
    WB_ACT_OPEN_DETAIL, /* open the detail page of channel `tile` */
    WB_ACT_CLOSE_DETAIL,
    WB_ACT_NEXT_PAGE,
    WB_ACT_PREV_PAGE,
    WB_ACT_ACK, /* acknowledge the alarms */
} wb_action_kind;

typedef struct wb_action {
    wb_action_kind kind;
    int tile;
} wb_action;

/*
 * What gesture g at x, y means on the screen drawn as dl, with or without a detail page open:
 *   long-press anywhere              acknowledge the alarms
 *   swipe left / right               next / previous page (closing a detail page)
 *   tap, detail page open            back to the page
 *   tap on the footer                previous page on its left third, next page elsewhere
 *   tap on a channel tile            that channel's detail page
 *   anything else                    nothing
 * A channel tile is a tile whose index is a channel's, below n_channels (the view's): tiles
 * of other kinds carry indexes of their own range, and agent cards are not tiles.
 */
wb_action wb_gesture_action(wb_gesture_kind g, int x, int y, const wb_dlist *dl, bool detail_open,
                            size_t n_channels);

#endif
