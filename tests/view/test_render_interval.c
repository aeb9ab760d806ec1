/*
 * test_render_interval.c - the interval page drawn by the SDL renderer (offscreen driver, the
 * dummy one as a fallback) from a real board, and read back: the bars, the SL point under
 * the target, the target line and the current interval's shade are where layout put them,
 * in their colours.
 *
 * The board (UTC, T0 = 10:00, 15-minute intervals), worked by hand:
 *   interval 32 (08:00): 8 answered after 10 s           SL 100 %
 *   interval 36 (09:00): 4 answered after 60 s, 4 abandoned after 30 s: SL 0 %
 * and now is 10:20, in interval 41.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_fixture.h"
#include "wb_board.h"

/* 2025-11-25 10:00:00 UTC: 20417 days after the epoch, plus 10 h. */
#define T0 ((wb_ms)(20417LL * 86400 + 10 * 3600) * 1000)
#define MIN(x) ((wb_ms)(x)*60000)

static void outcome(wb_board *b, wb_event_type t, int n, wb_ms at, wb_ms wait)
{
    char id[32];
    snprintf(id, sizeof id, "c%d-%lld", n, (long long)at);
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, t, at);
    ev.id = id;
    ev.channel = "phone";
    ev.queue = "phone";
    ev.wait_ms = wait;
    assert_true(wb_board_apply(b, &ev, at) >= 0);
}

static const wb_dl_item *find(const wb_dlist *dl, wb_dl_tag tag, wb_dl_kind kind, wb_color col)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].tag == tag && dl->items[i].kind == kind &&
            (col == 0 || dl->items[i].color == col))
            return &dl->items[i];
    return NULL;
}

static void test_interval_page_pixels(void **state)
{
    (void)state;
    rf_video_init();

    wb_config cfg;
    wb_config_defaults(&cfg);
    wb_channel_cfg *ch = &cfg.channels[cfg.n_channels++];
    wb_channel_cfg_default(&cfg, ch, "phone");
    snprintf(ch->label_en, sizeof ch->label_en, "Phone");
    cfg.display.pixel_shift_px = 0;
    wb_board *b = wb_board_new(&cfg);
    assert_non_null(b);
    wb_ms now = T0 + MIN(20);
    wb_board_tick(b, now);
    for (int i = 0; i < 8; i++)
        outcome(b, WB_EV_ANSWERED, i, T0 - MIN(120) + i * 1000, 10000);
    for (int i = 0; i < 4; i++) {
        outcome(b, WB_EV_ANSWERED, 10 + i, T0 - MIN(60) + i * 1000, 60000);
        outcome(b, WB_EV_ABANDONED, 20 + i, T0 - MIN(60) + i * 1000, 30000);
    }
    /* A heartbeat just now keeps the board fresh: stale data would draw no red. */
    wb_event hb;
    memset(&hb, 0, sizeof hb);
    wb_event_init(&hb, WB_EV_HEARTBEAT, now - 1000);
    assert_true(wb_board_apply(b, &hb, now - 1000) >= 0);
    wb_board_tick(b, now);

    const wb_model *m = wb_board_model_const(b);
    static wb_counts rows[200];
    wb_lay_intervals iv = {0};
    iv.n = wb_model_interval_count(m, &iv.day_start, &iv.width);
    assert_int_equal(iv.n, 96);
    iv.n_rows = wb_model_channel_count(m);
    assert_int_equal(iv.n_rows, 1);
    wb_model_channel_intervals(m, 0, rows, iv.n);
    assert_int_equal(rows[32].answered, 8);
    assert_int_equal(rows[36].abandoned, 4);
    iv.c = rows;

    rf_screen scr;
    rf_open(&scr, 1280, 720);
    wb_render *rd = scr.rd;
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, now, now, v);
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_layout_in in = rf_layout_in(rd, 1280, 720, v, &cfg);
    in.page = WB_PAGE_INTERVALS;
    in.lang = WB_LANG_EN;
    in.intervals = &iv;
    assert_int_equal(wb_layout_build(&dl, &in), 0);
    wb_render_opts o = {.dim_pct = 100};
    SDL_Surface *s = rf_draw_read(rd, &dl, &o);

    /* The middle of each bar and of the red SL point is in its colour. */
    const wb_dl_item *ans = find(&dl, WB_TAG_IV_ANSWERED, WB_DL_FILL, 0);
    const wb_dl_item *abn = find(&dl, WB_TAG_IV_ABANDONED, WB_DL_FILL, 0);
    const wb_dl_item *low = find(&dl, WB_TAG_IV_SL, WB_DL_FILL, WB_COL_ALARM);
    const wb_dl_item *now_it = find(&dl, WB_TAG_IV_NOW, WB_DL_FILL, 0);
    const wb_dl_item *tgt = find(&dl, WB_TAG_IV_TARGET, WB_DL_POLYLINE, 0);
    assert_non_null(ans);
    assert_non_null(abn);
    assert_non_null(low);
    assert_non_null(now_it);
    assert_non_null(tgt);
    assert_int_equal(rf_pixel(s, ans->box.x + ans->box.w / 2, ans->box.y + ans->box.h / 2),
                     WB_COL_IV_ANSWERED);
    assert_int_equal(rf_pixel(s, abn->box.x + abn->box.w / 2, abn->box.y + abn->box.h / 2),
                     WB_COL_IV_ABANDONED);
    assert_int_equal(rf_pixel(s, low->box.x + low->box.w / 2, low->box.y + low->box.h / 2),
                     WB_COL_ALARM);
    /* SL 0 % sits at the bottom of the band, under the target line. */
    assert_true(low->box.y > dl.pts[tgt->pt0].y);
    /* The target line: a pixel on it, left of every point. */
    int tx = dl.pts[tgt->pt0].x + 2, ty = dl.pts[tgt->pt0].y;
    assert_int_equal(rf_pixel(s, tx, ty), WB_COL_IV_TARGET);
    /* The current interval's shade, above the bars' baseline where no bar stands. */
    assert_int_equal(rf_pixel(s, now_it->box.x + now_it->box.w / 2, now_it->box.y + 3),
                     WB_COL_IV_NOW);
    /* The bars of 08:00 and 09:00 are the same height (8 offered each): same top. */
    assert_int_equal(abn->box.y, ans->box.y);

    SDL_FreeSurface(s);
    wb_dlist_fini(&dl);
    free(v);
    rf_close(&scr);
    wb_board_free(b);
    rf_video_quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interval_page_pixels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
