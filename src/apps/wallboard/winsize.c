/*
 * winsize.c - the window's minimum size (winsize.h).
 */
#include <SDL.h>

#include "winsize.h"

/*
 * SDL knows a minimum width and a minimum height, not "480 one way and 320 the other": the
 * window's shape when it opens chooses which side is the long one. --window accepts either
 * shape, and a kiosk's window is opened in the shape of its screen, so that is the shape the
 * layout must keep room for. Without a minimum the window manager lets a user drag the window
 * down to a few pixels, where tiles lose their figures and captions.
 */
void wb_winsize_set_minimum(SDL_Window *win)
{
    int w = 0, h = 0;
    SDL_GetWindowSize(win, &w, &h);
    if (h > w)
        SDL_SetWindowMinimumSize(win, WB_WINDOW_SHORT_MIN, WB_WINDOW_LONG_MIN);
    else
        SDL_SetWindowMinimumSize(win, WB_WINDOW_LONG_MIN, WB_WINDOW_SHORT_MIN);
}
