/*
 * test_winsize.c - the wallboard window's minimum size (src/apps/wallboard/winsize.c) on the
 * offscreen video driver: a window opened in either shape keeps the smallest size the layout
 * is made for (480x320, or 320x480 upright) when it is resized below it, and a resize within
 * the limits, the other way up included, is left alone. Exits 77 (skipped) where no video
 * driver starts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <stdio.h>

#include "winsize.h"

/* A resize asked for (w x h) and the size the window must then have. */
typedef struct resize_case {
    int w, h, want_w, want_h;
} resize_case;

/*
 * Opens a w x h resizable window, as display.c does, sets its minimum, checks that SDL reports
 * min_w x min_h, then resizes it as each case asks and checks the size it then has.
 */
static void check(int w, int h, int min_w, int min_h, const resize_case *rc, size_t n)
{
    SDL_Window *win = SDL_CreateWindow("test", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w,
                                       h, SDL_WINDOW_RESIZABLE);
    assert_non_null(win);
    wb_winsize_set_minimum(win);
    int mw = 0, mh = 0;
    SDL_GetWindowMinimumSize(win, &mw, &mh);
    assert_int_equal(mw, min_w);
    assert_int_equal(mh, min_h);
    for (size_t i = 0; i < n; i++) {
        SDL_SetWindowSize(win, rc[i].w, rc[i].h);
        int gw = 0, gh = 0;
        SDL_GetWindowSize(win, &gw, &gh);
        print_message("%dx%d resized to %dx%d: %dx%d\n", w, h, rc[i].w, rc[i].h, gw, gh);
        assert_int_equal(gw, rc[i].want_w);
        assert_int_equal(gh, rc[i].want_h);
    }
    SDL_DestroyWindow(win);
}

/* Landscape: at least 480 wide and 320 high; an upright 480x600 is allowed. */
static void test_landscape(void **state)
{
    (void)state;
    static const resize_case rc[] = {
        {200, 100, 480, 320}, {320, 480, 480, 480}, {479, 319, 480, 320}, {480, 600, 480, 600}};
    check(1280, 720, 480, 320, rc, sizeof rc / sizeof rc[0]);
}

/* Upright (a portrait kiosk): at least 320 wide and 480 high; 600x480 is allowed. */
static void test_upright(void **state)
{
    (void)state;
    static const resize_case rc[] = {
        {100, 200, 320, 480}, {480, 320, 480, 480}, {600, 480, 600, 480}};
    check(320, 480, 320, 480, rc, sizeof rc / sizeof rc[0]);
}

int main(void)
{
    /* A plain memory framebuffer, as the program uses off screen (no GL behind the window). */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "test_winsize: no video driver (%s): skipped\n", SDL_GetError());
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_landscape),
        cmocka_unit_test(test_upright),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return rc;
}
