/*
 * test_render_pages.c - a team screen's queue and group tiles as drawn, read back from the
 * offscreen renderer at 1920x1080, 800x480 and portrait 1080x1920: each tile's border is in
 * its level's colour (the group in alarm from its worse queue, sales-fi at warn), and the
 * numbers coloured by their rules are drawn in those colours inside their boxes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "pages_fixture.h"
#include "render.h"

static wb_color pixel(SDL_Surface *s, int x, int y)
{
    assert_true(x >= 0 && y >= 0 && x < s->w && y < s->h);
    Uint8 r, g, b, a;
    Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
    return ((wb_color)r << 24) | ((wb_color)g << 16) | ((wb_color)b << 8) | 0xFF;
}

/* Pixels of exactly colour col inside box: a glyph's inside is drawn in its full colour. */
static int count_colour(SDL_Surface *s, wb_rect box, wb_color col)
{
    int n = 0;
    for (int y = box.y; y < box.y + box.h && y < s->h; y++)
        for (int x = box.x; x < box.x + box.w && x < s->w; x++)
            n += pixel(s, x, y) == col;
    return n;
}

static const wb_dl_item *text_item(const wb_dlist *dl, wb_dl_tag tag, int tile)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].tag == tag && dl->items[i].tile == tile && dl->items[i].kind == WB_DL_TEXT)
            return &dl->items[i];
    fail_msg("no text tagged %d in tile %d", (int)tag, tile);
    return NULL;
}

static void queue_tiles_drawn(void **state)
{
    (void)state;
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        assert_int_equal(SDL_InitSubSystem(SDL_INIT_VIDEO), 0);
    }
    assert_int_equal(TTF_Init(), 0);
    wb_board_view *v = pages_view();
    static const int sizes[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    const int qa = WB_TILE_QUEUE0 + 1, qb = WB_TILE_QUEUE0 + 2, g = WB_TILE_QUEUE0 + 3;
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        SDL_Window *win = SDL_CreateWindow("t", 0, 0, w, h, SDL_WINDOW_HIDDEN);
        assert_non_null(win);
        SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
        assert_non_null(ren);
        char err[256];
        wb_render *rd = wb_render_new(ren, NULL, err, sizeof err);
        if (!rd)
            fail_msg("%s", err);
        wb_dlist dl;
        wb_dlist_init(&dl);
        wb_layout_in in = {.w = w,
                           .h = h,
                           .view = v,
                           .cfg = &fx_cfg,
                           .flash_on = true,
                           .measure = wb_render_measure,
                           .measure_ud = rd};
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        assert_int_equal(wb_render_draw(rd, &dl, NULL), 0);
        SDL_Surface *s = wb_render_read(rd);
        assert_non_null(s);
        /* Borders: the middle of each tile's left edge. */
        const int tiles[3] = {qa, qb, g};
        const wb_color want[3] = {WB_COL_WARN, WB_COL_ALARM, WB_COL_ALARM};
        for (int t = 0; t < 3; t++) {
            const wb_dl_item *b = fx_find(&dl, WB_TAG_BORDER, tiles[t], WB_DL_OUTLINE);
            assert_non_null(b);
            wb_color got = pixel(s, b->box.x + b->thick / 2, b->box.y + b->box.h / 2);
            if (got != want[t])
                fail_msg("%dx%d: tile %d border %08x, want %08x", w, h, tiles[t], got, want[t]);
        }
        /* The group's waiting count in amber (its waiting rule at warn), its SL today red. */
        assert_true(count_colour(s, text_item(&dl, WB_TAG_WAITING, g)->box, WB_COL_WARN) > 10);
        assert_true(count_colour(s, text_item(&dl, WB_TAG_SL_TODAY, g)->box, WB_COL_ALARM) > 10);
        /* sales-fi's SL today is fine: white, no red in its box. */
        wb_rect sl = text_item(&dl, WB_TAG_SL_TODAY, qa)->box;
        assert_true(count_colour(s, sl, WB_COL_TEXT) > 10);
        assert_int_equal(count_colour(s, sl, WB_COL_ALARM), 0);
        SDL_FreeSurface(s);
        wb_dlist_fini(&dl);
        wb_render_free(rd);
        SDL_DestroyRenderer(ren);
        SDL_DestroyWindow(win);
    }
    free(v);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_tiles_drawn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
