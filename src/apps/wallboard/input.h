/*
 * input.h - touch and mouse input of the wallboard's screen: SDL finger and mouse events in,
 * the action they ask for out (open a channel's detail page, back, next or previous page,
 * acknowledge the alarms).
 *
 * A wb_input is created and freed by display.c, which owns it and applies the actions. It
 * turns SDL events into pointer events in layout coordinates (undoing the window's pixel
 * density, the rotation and the burn-in shift) and hands them to the pure recogniser and hit
 * test of gesture.h. Mouse events that SDL synthesises from touches are ignored (the finger
 * events already count), so a touch panel and a mouse both work without double taps.
 *
 * For tests and demonstrations, the environment variable WB_INPUT_SCRIPT may name a file of
 * input to play: one event a line, "MS KIND [X Y]", MS milliseconds after the screen opened
 * (non-decreasing), KIND one of down, move, up (a finger; X Y window pixels), mdown, mmove,
 * mup (the left mouse button) or key (X is an SDL key name, e.g. "a" or "space"). Each is
 * pushed into SDL's event queue (SDL_PushEvent) when due, so it takes the same path as real
 * input; while a script plays, every action is logged. A bad script is reported (file, line)
 * and ignored as a whole.
 */
#ifndef WB_INPUT_H
#define WB_INPUT_H

#include <stdbool.h>

#include <SDL.h>

#include "gesture.h"

typedef struct wb_input wb_input;

/* What input needs to know of the screen as last drawn. */
typedef struct wb_input_screen {
    SDL_Window *win;
    int out_w, out_h;     /* renderer output in pixels */
    int rotate;           /* 0, 90, 180, 270 */
    int shift_x, shift_y; /* burn-in shift of the last frame */
    const wb_dlist *dl;   /* the last frame's display list (its w, h: layout size) */
    bool detail_open;
    size_t n_channels; /* channels in the view drawn: tiles below this index are channels' */
} wb_input_screen;

/* NULL only when out of memory. Reads WB_INPUT_SCRIPT (reporting a bad one on stderr). */
wb_input *wb_input_new(void);
void wb_input_free(wb_input *in);

/*
 * One SDL event. Returns true when it was touch or mouse input (handled here, whether or not
 * it completed a gesture), with *out the action to take (WB_ACT_NONE for none).
 */
bool wb_input_event(wb_input *in, const SDL_Event *ev, const wb_input_screen *s, wb_action *out);

/*
 * At every poll of the display: pushes the script's events that are due, and reports a
 * long-press held long enough (it fires before the finger lifts). Returns the action.
 */
wb_action wb_input_poll(wb_input *in, const wb_input_screen *s);

#endif
