/*
 * test_render_kpi.c - the KPI page drawn by the SDL renderer on the offscreen video driver
 * (dummy as a fallback) and read back.
 *
 * A board with [kpi.nps] thresholds (warn below 30, alarm below 20) receives three NPS figures
 * as protocol messages: 35 (ok), 25 (warn) and 15 (alarm), each with values earlier in the
 * day for its sparkline. The frame must show each tile's border in its level's colour, the
 * alarmed value in the alarm colour, and the sparkline's line and target line as pixels.
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

#include "layout_int.h"
#include "layout_fixture.h"
#include "render_fixture.h"
#include "wb_board.h"

/* 2025-11-25 10:00:00 UTC: 20417 days after the epoch, plus 10 h. */
#define T0 ((wb_ms)(20417LL * 86400 + 10 * 3600) * 1000)

static void ingest(wb_board *b, const char *scope, double v, wb_ms ts)
{
    char msg[512];
    snprintf(msg, sizeof msg,
             "{\"v\":1,\"type\":\"kpi\",\"ts\":%lld,\"src\":\"crm\",\"kpi\":\"nps\","
             "\"value\":%g,\"target\":30,\"better\":\"higher\",\"period\":\"today\","
             "\"scope\":\"%s\"}",
             (long long)ts, v, scope);
    wb_board_tick(b, ts);
    assert_int_equal(wb_board_ingest(b, msg, strlen(msg), ts), WB_APPLIED);
}

static void kpi_page(void **state)
{
    (void)state;
    rf_video_init();

    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    wb_config_defaults(cfg);
    snprintf(cfg->site, sizeof cfg->site, "Render test");
    cfg->display.pixel_shift_px = 0;
    cfg->n_kpis = 1;
    cfg->kpis[0] = (wb_kpi_cfg){.id = "nps",
                                .label_en = "NPS",
                                .better = WB_BETTER_HIGHER,
                                .th = {.warn_on = true, .warn = 30, .alarm_on = true, .alarm = 20}};
    wb_board *b = wb_board_new(cfg);
    assert_non_null(b);
    static const char *scopes[3] = {"Voice", "Sales", "Digital"};
    static const double now_v[3] = {35, 25, 15};
    for (int q = 0; q < 6; q++)
        for (int i = 0; i < 3; i++)
            ingest(b, scopes[i], now_v[i] + (q % 2 ? 6 : -4), T0 - (6 - q) * 15 * 60000LL);
    for (int i = 0; i < 3; i++)
        ingest(b, scopes[i], now_v[i], T0);
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, T0, T0, v);
    assert_int_equal(v->n_kpis, 3);
    assert_int_equal(v->kpi[0].j.level, WB_LEVEL_OK);
    assert_int_equal(v->kpi[1].j.level, WB_LEVEL_WARN);
    assert_int_equal(v->kpi[2].j.level, WB_LEVEL_ALARM);
    assert_int_equal(v->kpi[0].k.n_points, 7);

    rf_screen scr;
    rf_open(&scr, 1280, 720);
    wb_render *rd = scr.rd;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_layout_in in = rf_layout_in(rd, 1280, 720, v, cfg);
    in.page = WB_PAGE_KPIS;
    assert_int_equal(wb_layout_build(&dl, &in), 0);
    SDL_Surface *s = rf_draw_read(rd, &dl, NULL);

    /* Borders: the middle of each tile's left edge is its level's colour. */
    static const wb_color want[3] = {WB_COL_OK_BORDER, WB_COL_WARN, WB_COL_ALARM};
    for (int i = 0; i < 3; i++) {
        const wb_dl_item *bd = fx_find(&dl, WB_TAG_BORDER, i, WB_DL_OUTLINE);
        assert_non_null(bd);
        assert_int_equal(rf_pixel(s, bd->box.x + bd->thick / 2, bd->box.y + bd->box.h / 2),
                         want[i]);
    }
    /* The alarmed value is drawn in the alarm colour; the ok one has none of it. */
    const wb_dl_item *val = fx_find(&dl, WB_TAG_KPI_VALUE, 2, WB_DL_TEXT);
    assert_non_null(val);
    assert_string_equal(wb_dl_text(&dl, val), "15");
    assert_true(rf_count(s, val->box, WB_COL_ALARM) > 50);
    const wb_dl_item *ok = fx_find(&dl, WB_TAG_KPI_VALUE, 0, WB_DL_TEXT);
    assert_int_equal(rf_count(s, ok->box, WB_COL_ALARM), 0);
    assert_true(rf_count(s, ok->box, WB_COL_TEXT) > 50);
    /* The sparkline: line pixels, and the grey target line across the band. */
    const wb_dl_item *line = fx_find(&dl, WB_TAG_KPI_SPARK, 0, WB_DL_POLYLINE);
    assert_non_null(line);
    assert_int_equal(line->npts, 7);
    assert_true(rf_count(s, line->box, WB_COL_SPARK) > 20);
    wb_color tcol = blend(WB_COL_LABEL, WB_COL_PANEL, 0.7);
    assert_true(rf_count(s, line->box, tcol) > line->box.w / 2);

    SDL_FreeSurface(s);
    wb_dlist_fini(&dl);
    rf_close(&scr);
    free(v);
    wb_board_free(b);
    free(cfg);
    rf_video_quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kpi_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
