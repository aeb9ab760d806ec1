/*
 * winsize.h - the wallboard window's size limits: the smallest window the layout is made and
 * tested for, which --window checks (options.c) and the window itself keeps when the user
 * resizes it (winsize.c, set by display.c when it opens the window).
 *
 * Nothing here allocates or owns anything: wb_winsize_set_minimum() sets a property of a
 * window its caller owns.
 */
#ifndef WB_WINSIZE_H
#define WB_WINSIZE_H

/*
 * The smallest window is the smallest screen the layout is made and tested for, 480x320 either
 * way up: below it a tile has no room for its figures and their captions. The largest is a
 * bound on the pixel buffers, well above 4K.
 */
#define WB_WINDOW_LONG_MIN 480
#define WB_WINDOW_SHORT_MIN 320
#define WB_WINDOW_MAX 16384

struct SDL_Window;

/*
 * Sets win's minimum size, the one a user's resize cannot go below: 480x320 for a window
 * wider than it is high (or square), 320x480 for an upright one, by the window's size now.
 * SDL knows one minimum per side, so a window opened wide cannot be dragged narrower than 480
 * (upright as 320x480, which --window takes), nor one opened upright lower than 480.
 */
void wb_winsize_set_minimum(struct SDL_Window *win);

#endif
