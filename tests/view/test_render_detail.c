/*
 * test_render_detail.c - a channel's detail page as drawn with the bundled fonts on SDL's
 * offscreen renderer, at 1920x1080, 800x480 and portrait 1080x1920: with the real font
 * metrics every text fits its box, and read back, the panel wears the alarm's background and
 * border colours, the waiting count is drawn in the alarm colour, and each queue row has ink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>

#include "layout_fixture.h"
#include "render_fixture.h"

/* Pixels of box (clipped to s) within 24 per channel of col. */
static int count_near(SDL_Surface *s, wb_rect box, wb_color col)
{
    int n = 0;
    for (int y = box.y; y < box.y + box.h && y < s->h; y++)
        for (int x = box.x; x < box.x + box.w && x < s->w; x++) {
            wb_color p = rf_pixel(s, x, y);
            int d = 0;
            for (int sh = 8; sh <= 24; sh += 8) {
                int e = abs((int)((p >> sh) & 0xFF) - (int)((col >> sh) & 0xFF));
                d = e > d ? e : d;
            }
            n += d <= 24;
        }
    return n;
}

static char QN[3][16] = {"chat-fi", "chat-sv", "chat-vip"};

static void draws_the_detail_page(void **state)
{
    (void)state;
    rf_video_init();
    fx_make_cfg();
    wb_board_view *v = fx_view(3);
    /* Channel 1 (Chat) in alarm on its waiting count, acknowledged (a steady border). */
    fx_level(v, 1, WB_LEVEL_ALARM, WB_RULE_WAITING);
    v->ch[1].flashing = false;
    v->n_queues = 3;
    for (int i = 0; i < 3; i++) {
        v->q[i].name = QN[i];
        v->q[i].channel = 1;
        v->q[i].waiting = (uint32_t)(4 + i);
        v->q[i].oldest_wait_ms = 75000;
        v->q[i].today.sl = 0.7;
        v->q[i].today.c.answered = 40;
        v->q[i].today.c.abandoned = 3;
    }
    static const int SIZES[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    for (int k = 0; k < 3; k++) {
        int w = SIZES[k][0], h = SIZES[k][1];
        rf_screen scr;
        rf_open(&scr, w, h);
        wb_render *rd = scr.rd;
        wb_dlist dl;
        wb_dlist_init(&dl);
        wb_layout_in in = rf_layout_in(rd, w, h, v, &fx_cfg);
        in.detail = true;
        in.detail_ch = 1;
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        /* With the real fonts every text fits its box. */
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            if (it->kind != WB_DL_TEXT)
                continue;
            int tw = 0, th = 0;
            assert_int_equal(wb_render_measure(rd, it->font, it->px, wb_dl_text(&dl, it), &tw, &th),
                             0);
            if (tw > it->box.w)
                fail_msg("%dx%d: '%s' is %d px wide in a %d px box", w, h, wb_dl_text(&dl, it), tw,
                         it->box.w);
        }
        SDL_Surface *s = rf_draw_read(rd, &dl, NULL);
        const wb_dl_item *panel = fx_find(&dl, WB_TAG_DETAIL, 1, WB_DL_FILL);
        const wb_dl_item *border = fx_find(&dl, WB_TAG_BORDER, 1, WB_DL_OUTLINE);
        assert_non_null(panel);
        assert_non_null(border);
        wb_rect p = panel->box;
        /* The border's middle, on the left edge; just inside it, the alarm background. */
        assert_int_equal(rf_pixel(s, p.x + border->thick / 2, p.y + p.h / 2), WB_COL_ALARM);
        assert_int_equal(rf_pixel(s, p.x + border->thick + 2, p.y + p.h / 2), WB_COL_TILE_ALARM);
        /* The waiting count (2) is drawn in the alarm colour: its digit has that ink. */
        const wb_dl_item *wait = fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT);
        assert_non_null(wait);
        assert_string_equal(wb_dl_text(&dl, wait), "2");
        int ink = count_near(s, wait->box, WB_COL_ALARM);
        if (ink < wait->px)
            fail_msg("%dx%d: only %d alarm-coloured pixels in the waiting count", w, h, ink);
        /* Each queue row: its name is drawn (white ink on the row). */
        for (int q = 0; q < 3; q++) {
            const wb_dl_item *name = fx_find(&dl, WB_TAG_DETAIL_QUEUE, q, WB_DL_TEXT);
            assert_non_null(name);
            assert_string_equal(wb_dl_text(&dl, name), QN[q]);
            assert_true(count_near(s, name->box, WB_COL_TEXT) > 0);
        }
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
        cmocka_unit_test(draws_the_detail_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
