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
#include "render_fixture.h"

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
    rf_video_init();
    wb_board_view *v = pages_view();
    static const int sizes[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    const int qa = WB_TILE_QUEUE0 + 1, qb = WB_TILE_QUEUE0 + 2, g = WB_TILE_QUEUE0 + 3;
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        rf_screen scr;
        rf_open(&scr, w, h);
        wb_render *rd = scr.rd;
        wb_dlist dl;
        wb_dlist_init(&dl);
        wb_layout_in in = rf_layout_in(rd, w, h, v, &fx_cfg);
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        SDL_Surface *s = rf_draw_read(rd, &dl, NULL);
        /* Borders: the middle of each tile's left edge. */
        const int tiles[3] = {qa, qb, g};
        const wb_color want[3] = {WB_COL_WARN, WB_COL_ALARM, WB_COL_ALARM};
        for (int t = 0; t < 3; t++) {
            const wb_dl_item *b = fx_find(&dl, WB_TAG_BORDER, tiles[t], WB_DL_OUTLINE);
            assert_non_null(b);
            wb_color got = rf_pixel(s, b->box.x + b->thick / 2, b->box.y + b->box.h / 2);
            if (got != want[t])
                fail_msg("%dx%d: tile %d border %08x, want %08x", w, h, tiles[t], got, want[t]);
        }
        /* The group's waiting count in amber (its waiting rule at warn), its SL today red. */
        assert_true(rf_count_clipped(s, text_item(&dl, WB_TAG_WAITING, g)->box, WB_COL_WARN) > 10);
        assert_true(rf_count_clipped(s, text_item(&dl, WB_TAG_SL_TODAY, g)->box, WB_COL_ALARM) >
                    10);
        /* sales-fi's SL today is fine: white, no red in its box. */
        wb_rect sl = text_item(&dl, WB_TAG_SL_TODAY, qa)->box;
        assert_true(rf_count_clipped(s, sl, WB_COL_TEXT) > 10);
        assert_int_equal(rf_count_clipped(s, sl, WB_COL_ALARM), 0);
        SDL_FreeSurface(s);
        wb_dlist_fini(&dl);
        rf_close(&scr);
    }
    free(v);
    rf_video_quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_tiles_drawn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
