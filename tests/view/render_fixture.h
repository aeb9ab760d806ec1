/*
 * render_fixture.h - what the renderer tests (test_render*.c) share: SDL video and SDL_ttf
 * started on the offscreen driver (the dummy one as a fallback), a hidden window with a
 * software renderer and a wb_render on it, and reading pixels back.
 *
 * Header-only: each test executable that includes it gets its own static copies. Ownership:
 * rf_video_init() is undone by rf_video_quit(); rf_open() fills an rf_screen whose window,
 * renderer and wb_render rf_close() frees (and zeroes, so closing twice is harmless). The
 * surfaces the tests read back with wb_render_read() stay theirs to free. It asserts with
 * cmocka, so it comes after <cmocka.h>; finding display-list items is fx_find() of
 * layout_fixture.h.
 */
#ifndef WB_RENDER_FIXTURE_H
#define WB_RENDER_FIXTURE_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

typedef struct rf_screen {
    SDL_Window *win;
    SDL_Renderer *ren;
    wb_render *rd;
} rf_screen;

static inline void rf_video_init(void)
{
    /*
     * A plain memory framebuffer for the window: without this hint the offscreen driver backs
     * it with Mesa's GL, which costs about 100 MB and keeps allocations it never frees.
     */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        /* No offscreen driver in this SDL build: the dummy driver renders in software too. */
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        assert_int_equal(SDL_InitSubSystem(SDL_INIT_VIDEO), 0);
    }
    assert_int_equal(TTF_Init(), 0);
}

static inline void rf_video_quit(void)
{
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* A hidden w x h window, a renderer made with flags on it, and a wb_render on that. */
static inline void rf_open_with(rf_screen *s, int w, int h, Uint32 flags)
{
    s->win = SDL_CreateWindow("test", 0, 0, w, h, SDL_WINDOW_HIDDEN);
    assert_non_null(s->win);
    s->ren = SDL_CreateRenderer(s->win, -1, flags);
    assert_non_null(s->ren);
    char err[512];
    s->rd = wb_render_new(s->ren, NULL, err, sizeof err);
    if (!s->rd)
        fail_msg("%s", err);
}

static inline void rf_open(rf_screen *s, int w, int h)
{
    rf_open_with(s, w, h, SDL_RENDERER_SOFTWARE);
}

static inline void rf_close(rf_screen *s)
{
    wb_render_free(s->rd);
    if (s->ren)
        SDL_DestroyRenderer(s->ren);
    if (s->win)
        SDL_DestroyWindow(s->win);
    memset(s, 0, sizeof *s);
}

/* Draws dl whole or in part as wb_render_draw() does, and reads the frame back; free() the
 * surface with SDL_FreeSurface(). */
static inline SDL_Surface *rf_draw_read(wb_render *rd, const wb_dlist *dl, const wb_render_opts *o)
{
    assert_int_equal(wb_render_draw(rd, dl, o), 0);
    SDL_Surface *s = wb_render_read(rd);
    assert_non_null(s);
    return s;
}

/*
 * The layout input of a w x h screen showing v with cfg, in the flash's lit phase, measured
 * with rd's real fonts; a test sets its page and whatever else on the copy it gets.
 */
static inline wb_layout_in rf_layout_in(wb_render *rd, int w, int h, const wb_board_view *v,
                                        const wb_config *cfg)
{
    wb_layout_in in = {.w = w,
                       .h = h,
                       .view = v,
                       .cfg = cfg,
                       .flash_on = true,
                       .measure = wb_render_measure,
                       .measure_ud = rd};
    return in;
}

/* The colour at (x, y) of a surface read back, as 0xRRGGBBFF; (x, y) must be on it. */
static inline wb_color rf_pixel(SDL_Surface *s, int x, int y)
{
    assert_true(x >= 0 && y >= 0 && x < s->w && y < s->h);
    Uint8 r, g, b, a;
    Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
    return ((wb_color)r << 24) | ((wb_color)g << 16) | ((wb_color)b << 8) | 0xFF;
}

/* Pixels of exactly colour col inside box; every pixel of box must be on the surface. */
static inline int rf_count(SDL_Surface *s, wb_rect box, wb_color col)
{
    int n = 0;
    for (int y = box.y; y < box.y + box.h; y++)
        for (int x = box.x; x < box.x + box.w; x++)
            n += rf_pixel(s, x, y) == col;
    return n;
}

/* Pixels of exactly colour col in the part of box that is on the surface. */
static inline int rf_count_clipped(SDL_Surface *s, wb_rect box, wb_color col)
{
    int n = 0;
    for (int y = box.y; y < box.y + box.h && y < s->h; y++)
        for (int x = box.x; x < box.x + box.w && x < s->w; x++)
            n += rf_pixel(s, x, y) == col;
    return n;
}

#endif
