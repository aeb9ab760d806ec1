/*
 * test_layout_kpi.c - KPI tiles (layout_kpi.c) and the KPI page: the geometry at 1920x1080,
 * 800x480 and 1080x1920 (nothing cut, nothing overlapping, text fits its box), what a tile
 * says worked by hand (value with its unit, target, the direction of good, the level as
 * colour, border, symbol and word, "no target", stale), the Finnish wording, and the
 * sparkline's points placed by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

#include "layout_int.h"

#include "layout_fixture.h"

/* Figure i of v: value, unit, target (NAN for none), direction, level (judged unless -1). */
static void put_kpi(wb_board_view *v, size_t i, const char *id, const char *scope, double value,
                    const char *unit, double target, wb_better better, int level)
{
    wb_kpi_view *kv = &v->kpi[i];
    memset(kv, 0, sizeof *kv);
    kv->k.src = "crm";
    kv->k.kpi = id;
    kv->k.label = id;
    kv->k.scope = scope;
    kv->k.period = "today";
    kv->k.unit = unit;
    kv->k.value = value;
    kv->k.better = better;
    kv->k.ts = FX_T - 60000;
    kv->j.better = better == WB_BETTER_UNSET ? WB_BETTER_HIGHER : better;
    kv->j.has_target = !isnan(target);
    kv->j.target = isnan(target) ? 0 : target;
    kv->j.judged = level >= 0;
    kv->j.level = level >= 0 ? (wb_level)level : WB_LEVEL_OK;
    /* Today's values: one every quarter from 08:00 (quarter 32), around the value. */
    for (size_t p = 0; p < 8; p++) {
        kv->k.points[p] = value + (double)(p % 3) - 1;
        kv->k.point_slot[p] = (uint8_t)(32 + p);
    }
    kv->k.n_points = 8;
    if (i + 1 > v->n_kpis)
        v->n_kpis = i + 1;
}

static const char *TEAMS[4] = {"Voice", "Sales", "Digital", "Universal"};

/* n figures: NPS, FCR and quality per team, in turn ok, warn and alarm. */
static wb_board_view *kpi_view(size_t n)
{
    wb_board_view *v = fx_view(5);
    static const char *ids[3] = {"nps", "fcr", "quality"};
    for (size_t i = 0; i < n; i++)
        put_kpi(v, i, ids[i % 3], TEAMS[(i / 3) % 4], 30 + (double)i * 1.5, i % 3 ? "%" : "",
                i % 3 ? 80 : 30, WB_BETTER_HIGHER, (int)(i % 3));
    return v;
}

/* The KPI page at w x h: every item on screen, text fits, items stay in their tile. */
static void check_page(const wb_dlist *dl, int w, int h, size_t n)
{
    wb_rect scr = {0, 0, w, h}, tiles[WB_MAX_KPIS_VIEW];
    size_t nt = 0, values = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (!fx_inside(it->box, scr))
            fail_msg("%dx%d: item %zu (tag %d) is cut by the screen", w, h, i, it->tag);
        if (it->kind == WB_DL_TEXT) {
            int tw, th;
            fx_measure(NULL, it->font, it->px, wb_dl_text(dl, it), &tw, &th);
            if (tw > it->box.w || th > it->box.h || it->px < WB_LAY_MIN_PX)
                fail_msg("%dx%d: text '%s' (%dx%d at %d px) does not fit its box %dx%d", w, h,
                         wb_dl_text(dl, it), tw, th, it->px, it->box.w, it->box.h);
        }
        /* A tile starts with its background. */
        if (it->tag == WB_TAG_KPI_TILE && it->kind == WB_DL_FILL && it->tile == (int)nt)
            tiles[nt++] = it->box;
        values += it->tag == WB_TAG_KPI_VALUE;
    }
    assert_int_equal(nt, n);
    assert_int_equal(values, n);
    for (size_t a = 0; a < nt; a++)
        for (size_t b = a + 1; b < nt; b++)
            if (fx_overlap(tiles[a], tiles[b]))
                fail_msg("%dx%d: KPI tiles %zu and %zu overlap", w, h, a, b);
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->tile >= 0) {
            assert_true((size_t)it->tile < nt);
            if (!fx_inside(it->box, tiles[it->tile]))
                fail_msg("%dx%d: item %zu (tag %d) leaves KPI tile %d", w, h, i, it->tag, it->tile);
        } else {
            for (size_t t = 0; t < nt; t++)
                if (fx_overlap(it->box, tiles[t]))
                    fail_msg("%dx%d: item %zu (tag %d) overlaps KPI tile %zu", w, h, i, it->tag, t);
        }
    }
}

static const int SIZES[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};

static void page_geometry(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_dlist dl;
    wb_dlist_init(&dl);
    static const size_t counts[] = {1, 3, 12, 20, WB_MAX_KPIS_VIEW};
    for (size_t s = 0; s < 3; s++) {
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            wb_board_view *v = kpi_view(counts[c]);
            for (int lang = 0; lang < WB_LANG_COUNT; lang++) {
                fx_opts o = {.page = WB_PAGE_KPIS, .lang = (wb_lang)lang};
                assert_int_equal(fx_build(&dl, SIZES[s][0], SIZES[s][1], v, &o), 0);
                check_page(&dl, SIZES[s][0], SIZES[s][1], counts[c]);
            }
            free(v);
        }
    }
    wb_dlist_fini(&dl);
}

static const wb_dl_item *find(const wb_dlist *dl, wb_dl_tag tag, int tile, const char *text)
{
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->tag == tag && it->tile == tile &&
            (!text || (it->kind == WB_DL_TEXT && strcmp(wb_dl_text(dl, it), text) == 0)))
            return it;
    }
    return NULL;
}

/* What each tile says, at 1920x1080 (four tiles: full size, every row). */
static void tile_content(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    put_kpi(v, 0, "nps", "Voice", 34.5, "", 30, WB_BETTER_HIGHER, WB_LEVEL_OK);
    put_kpi(v, 1, "fcr", "Sales", 79.5, "%", 80, WB_BETTER_HIGHER, WB_LEVEL_WARN);
    put_kpi(v, 2, "backlog", NULL, 12, "emails", 5, WB_BETTER_LOWER, WB_LEVEL_ALARM);
    put_kpi(v, 3, "csat", "Digital", 4.25, "", NAN, WB_BETTER_UNSET, -1);
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_KPIS};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    check_page(&dl, 1920, 1080, 4);
    assert_true(fx_has_text(&dl, "Helsinki Contact Center " MIDDOT " KPIs"));

    /* ok: the value in white, "Target 30", up and the words, a quiet check mark. */
    const wb_dl_item *it = find(&dl, WB_TAG_KPI_VALUE, 0, "34.5");
    assert_non_null(it);
    assert_int_equal(it->color, WB_COL_TEXT);
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 0, "Target 30"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 0, "\xE2\x86\x91 higher is better"));
    assert_non_null(find(&dl, WB_TAG_LEVEL, 0, WB_SYM_OK " OK"));
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, "Voice " MIDDOT " today"));
    /* Measured a minute before 10:15:30 UTC, the fixture's time in its zone (UTC). */
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, "as of 10:14"));
    it = fx_find(&dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE);
    assert_int_equal(it->color, WB_COL_OK_BORDER);
    int ok_thick = it->thick;

    /* warn: amber value with its unit, an amber border twice as thick, the triangle. */
    it = find(&dl, WB_TAG_KPI_VALUE, 1, "79.5%");
    assert_non_null(it);
    assert_int_equal(it->color, WB_COL_WARN);
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 1, "Target 80%"));
    assert_non_null(find(&dl, WB_TAG_LEVEL, 1, WB_SYM_WARN " WARN"));
    it = fx_find(&dl, WB_TAG_BORDER, 1, WB_DL_OUTLINE);
    assert_int_equal(it->color, WB_COL_WARN);
    assert_int_equal(it->thick, 2 * ok_thick);

    /* alarm, lower is better: red value, "12 emails", down, a red badge, a second line. */
    it = find(&dl, WB_TAG_KPI_VALUE, 2, "12 emails");
    assert_non_null(it);
    assert_int_equal(it->color, WB_COL_ALARM);
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 2, "Target 5 emails"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 2, "\xE2\x86\x93 lower is better"));
    assert_non_null(find(&dl, WB_TAG_LEVEL, 2, WB_SYM_ALARM " ALARM"));
    const wb_dl_item *badge = fx_find(&dl, WB_TAG_LEVEL, 2, WB_DL_FILL);
    assert_non_null(badge);
    assert_int_equal(badge->color, WB_COL_ALARM);
    size_t borders = 0;
    for (size_t i = 0; i < dl.n; i++)
        borders += dl.items[i].tag == WB_TAG_BORDER && dl.items[i].tile == 2;
    assert_int_equal(borders, 2);
    it = fx_find(&dl, WB_TAG_BORDER, 2, WB_DL_OUTLINE);
    assert_int_equal(it->thick, 3 * ok_thick);
    /* No scope: the period alone. */
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 2, "today"));

    /* Nothing to judge against: said in words, a neutral frame, no level anywhere. */
    assert_non_null(find(&dl, WB_TAG_KPI_VALUE, 3, "4.25"));
    assert_non_null(find(&dl, WB_TAG_STATUS, 3, "no target"));
    assert_null(find(&dl, WB_TAG_LEVEL, 3, NULL));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 3, "Target " EM_DASH));
    assert_int_equal(fx_find(&dl, WB_TAG_BORDER, 3, WB_DL_OUTLINE)->color, WB_COL_NODATA);

    /* Finnish: decimal comma, "82,5 %", the words translated. */
    put_kpi(v, 1, "fcr", "Sales", 82.5, "%", 80, WB_BETTER_HIGHER, WB_LEVEL_OK);
    o.lang = WB_LANG_FI;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_VALUE, 1, "82,5 %"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 1, "Tavoite 80 %"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 1, "\xE2\x86\x91 suurempi on parempi"));
    assert_non_null(find(&dl, WB_TAG_STATUS, 3, "ei tavoitetta"));
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, "klo 10.14"));
    assert_true(fx_has_text(&dl, "KPI-luvut"));

    /* Configured labels win, in the screen's language. */
    wb_kpi_cfg kc = {
        .id = "fcr", .label_en = "First contact resolution", .label_fi = "Ensikontaktiratkaisu"};
    v->kpi[1].cfg = &kc;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 1, "Ensikontaktiratkaisu"));
    o.lang = WB_LANG_EN;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 1, "First contact resolution"));

    /* Stale: no level, dimmed values, neutral frames. */
    v->stale = true;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_null(find(&dl, WB_TAG_LEVEL, -1, NULL));
    for (int i = 0; i < 4; i++) {
        assert_null(find(&dl, WB_TAG_LEVEL, i, NULL));
        assert_int_equal(find(&dl, WB_TAG_KPI_VALUE, i, NULL)->color, WB_COL_TEXT_DIM);
        assert_int_equal(fx_find(&dl, WB_TAG_BORDER, i, WB_DL_OUTLINE)->color, WB_COL_NODATA);
        assert_non_null(find(&dl, WB_TAG_STATUS, i, "STALE"));
    }
    wb_dlist_fini(&dl);
    free(v);
}

/* Small tiles (twelve at 800x480) keep value, target and direction, in short words. */
static void compact_tiles(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = kpi_view(12);
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_KPIS};
    assert_int_equal(fx_build(&dl, 800, 480, v, &o), 0);
    check_page(&dl, 800, 480, 12);
    assert_null(find(&dl, WB_TAG_KPI_SPARK, 0, NULL));
    assert_non_null(find(&dl, WB_TAG_KPI_VALUE, 0, "30"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 0, "Target 30"));
    assert_non_null(find(&dl, WB_TAG_KPI_TARGET, 0, "\xE2\x86\x91 higher"));
    /*
     * At 480x320 the word "Target" would cut the number off: the target reads "/ 30" (as a
     * channel tile writes one) and, where the short word would be cut too, the direction is
     * the arrow alone. No target or direction ends in an ellipsis, in either language.
     */
    for (int lang = 0; lang < WB_LANG_COUNT; lang++) {
        fx_opts small = {.page = WB_PAGE_KPIS, .lang = (wb_lang)lang};
        assert_int_equal(fx_build(&dl, 480, 320, v, &small), 0);
        check_page(&dl, 480, 320, 12);
        const char *word = lang == WB_LANG_FI ? "Tavoite 30" : "Target 30";
        assert_true(find(&dl, WB_TAG_KPI_TARGET, 0, word) ||
                    find(&dl, WB_TAG_KPI_TARGET, 0, "/ 30"));
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            /* Nor the scope: where "Voice · today" would be cut, "Voice" alone. */
            if ((it->tag == WB_TAG_KPI_TARGET || it->tag == WB_TAG_KPI_TILE) &&
                it->kind == WB_DL_TEXT)
                assert_null(strstr(wb_dl_text(&dl, it), "\xE2\x80\xA6"));
        }
    }
    /*
     * A label too long for a small tile is cut ("First cont…" at 480x320); a configured short
     * label is used there instead, in the screen's language, and the whole label where it fits
     * (1920x1080). Without a Finnish short form a Finnish label is cut, not replaced by the
     * English short form.
     */
    wb_kpi_cfg kc = {.id = "fcr",
                     .label_en = "First contact resolution",
                     .label_fi = "Ensikontaktiratkaisuprosentti",
                     .short_en = "FCR"};
    v->kpi[1].cfg = &kc;
    fx_opts en = {.page = WB_PAGE_KPIS, .lang = WB_LANG_EN};
    assert_int_equal(fx_build(&dl, 480, 320, v, &en), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 1, "FCR"));
    check_page(&dl, 480, 320, 12);
    fx_opts fi = {.page = WB_PAGE_KPIS, .lang = WB_LANG_FI};
    assert_int_equal(fx_build(&dl, 480, 320, v, &fi), 0);
    assert_null(find(&dl, WB_TAG_KPI_TILE, 1, "FCR"));
    assert_null(find(&dl, WB_TAG_KPI_TILE, 1, "Ensikontaktiratkaisuprosentti"));
    snprintf(kc.short_fi, sizeof kc.short_fi, "%s", "Ensiratkaisu");
    assert_int_equal(fx_build(&dl, 480, 320, v, &fi), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 1, "Ensiratkaisu"));
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &en), 0);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 1, "First contact resolution"));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * The sparkline of one tile drawn on its own in a 600 x 400 tile: three values at quarters
 * 36, 38 and 40 (09:00, 09:30, 10:00): 30, 40 and 20 against a target of 30.
 */
static void sparkline_points(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(0);
    put_kpi(v, 0, "nps", "Voice", 20, "", 30, WB_BETTER_HIGHER, WB_LEVEL_WARN);
    wb_kpi_info *k = &v->kpi[0].k;
    k->n_points = 3;
    k->points[0] = 30;
    k->points[1] = 40;
    k->points[2] = 20;
    k->point_slot[0] = 36;
    k->point_slot[1] = 38;
    k->point_slot[2] = 40;
    wb_layout_in in = {.w = 1920, .h = 1080, .view = v, .cfg = &fx_cfg, .measure = fx_measure};
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_lay_ctx c = {.dl = &dl, .in = &in, .lb = wb_lay_labels(WB_LANG_EN)};
    wb_lay_kpi_tile(&c, (wb_rect){100, 100, 600, 400}, 0);
    assert_false(dl.oom);
    const wb_dl_item *line = fx_find(&dl, WB_TAG_KPI_SPARK, 0, WB_DL_POLYLINE);
    assert_non_null(line);
    assert_int_equal(line->npts, 3);
    const wb_point *p = &dl.pts[line->pt0];
    wb_rect r = line->box;
    /* x by quarter: 36 at the left edge, 40 at the right, 38 half way. */
    assert_int_equal(p[0].x, r.x);
    assert_int_equal(p[2].x, r.x + r.w - 1);
    assert_int_equal(p[1].x, r.x + (r.w - 1) / 2);
    /* y: 40 is highest, 20 lowest; the scale 20..40 padded by a tenth (18..42), so the
     * middle value 30 is half way down the line's height. */
    assert_true(p[1].y < p[0].y && p[0].y < p[2].y);
    int thick = line->thick, inner = r.h - thick - 1;
    assert_int_equal(p[1].y, r.y + thick / 2 + inner - (int)lround(22.0 / 24 * inner));
    assert_int_equal(p[0].y, r.y + thick / 2 + inner - (int)lround(12.0 / 24 * inner));
    /* The target line (30) runs through the first point. */
    const wb_dl_item *tl = NULL;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].tag == WB_TAG_KPI_SPARK && dl.items[i].kind == WB_DL_FILL &&
            dl.items[i].box.h < r.h)
            tl = &dl.items[i];
    assert_non_null(tl);
    assert_int_equal(tl->box.w, r.w);
    assert_true(tl->box.y <= p[0].y && p[0].y <= tl->box.y + tl->box.h);

    /* One value: a dot, not a line. No values: the empty band only. */
    k->n_points = 1;
    wb_dlist_clear(&dl);
    wb_lay_kpi_tile(&c, (wb_rect){100, 100, 600, 400}, 0);
    assert_null(fx_find(&dl, WB_TAG_KPI_SPARK, 0, WB_DL_POLYLINE));
    size_t fills = 0;
    for (size_t i = 0; i < dl.n; i++)
        fills += dl.items[i].tag == WB_TAG_KPI_SPARK && dl.items[i].kind == WB_DL_FILL;
    assert_int_equal(fills, 3); /* band, target line, dot */
    k->n_points = 0;
    wb_dlist_clear(&dl);
    wb_lay_kpi_tile(&c, (wb_rect){100, 100, 600, 400}, 0);
    fills = 0;
    for (size_t i = 0; i < dl.n; i++)
        fills += dl.items[i].tag == WB_TAG_KPI_SPARK;
    assert_int_equal(fills, 1);
    /* An index past the view's figures draws nothing. */
    wb_dlist_clear(&dl);
    wb_lay_kpi_tile(&c, (wb_rect){100, 100, 600, 400}, 5);
    assert_int_equal(dl.n, 0);
    wb_dlist_fini(&dl);
    free(v);
}

/* A KPI in alarm by its threshold is a ticker item on every page; a warning is not. */
static void ticker_item(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    wb_kpi_cfg kc = {.id = "nps", .th = {.alarm_on = true, .alarm = 20}};
    put_kpi(v, 0, "NPS", "Sales", 19.5, "", 30, WB_BETTER_HIGHER, WB_LEVEL_ALARM);
    v->kpi[0].cfg = &kc;
    put_kpi(v, 1, "fcr", "Sales", 78, "%", 80, WB_BETTER_HIGHER, WB_LEVEL_WARN);
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_OVERVIEW};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    const char *want = "NPS " MIDDOT " Sales: 19.5 (alarm limit 20)";
    const wb_dl_item *it = find(&dl, WB_TAG_TICKER, -1, want);
    assert_non_null(it);
    assert_int_equal(it->color, WB_COL_ALARM);
    assert_false(fx_has_text(&dl, "fcr"));
    o.lang = WB_LANG_FI;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_TICKER, -1, "NPS " MIDDOT " Sales: 19,5 (hälytysraja 20)"));
    /* Stale: levels are unknown, no alarm is news. */
    v->stale = true;
    o.lang = WB_LANG_EN;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_null(find(&dl, WB_TAG_TICKER, -1, want));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * QA, session 9: a figure just under its alarm limit is not drawn as the limit. NPS 19.96 with
 * an alarm below 20 is in alarm; rounded to one place it read "20 (alarm limit 20)". Cut down
 * to the place shown it is 19.9, on the tile and on the ticker; the limit, a configured number,
 * stays 20.
 */
static void figure_under_limit(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    wb_kpi_cfg kc = {.id = "nps", .th = {.alarm_on = true, .alarm = 20}};
    put_kpi(v, 0, "NPS", "Sales", 19.96, "", 30, WB_BETTER_HIGHER, WB_LEVEL_ALARM);
    v->kpi[0].cfg = &kc;
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_OVERVIEW};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_TICKER, -1, "NPS " MIDDOT " Sales: 19.9 (alarm limit 20)"));
    assert_false(fx_has_text(&dl, "Sales: 20 "));
    o.page = WB_PAGE_KPIS;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    /* The tile's value is a text of its own: "19.9", and no text is just "20". */
    int cut = 0, on_limit = 0;
    for (size_t i = 0; i < dl.n; i++) {
        if (dl.items[i].kind != WB_DL_TEXT)
            continue;
        cut += strcmp(wb_dl_text(&dl, &dl.items[i]), "19.9") == 0;
        on_limit += strcmp(wb_dl_text(&dl, &dl.items[i]), "20") == 0;
    }
    assert_int_equal(cut, 1);
    assert_int_equal(on_limit, 0);
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * A figure measured yesterday (the publisher stopped then) is not today's: the tile shows it
 * dimmed with no level (STALE, a neutral frame), says the day it is from, and its alarm is no
 * news for the ticker. FX_T is Tue 25 Nov 2025 10:15:30 UTC, the figure from the day before,
 * Mon 24 Nov at 10:14:30.
 */
static void figure_from_yesterday(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    wb_kpi_cfg kc = {.id = "nps", .th = {.alarm_on = true, .alarm = 20}};
    put_kpi(v, 0, "NPS", "Sales", 19.5, "", 30, WB_BETTER_HIGHER, WB_LEVEL_ALARM);
    v->kpi[0].cfg = &kc;
    v->kpi[0].k.ts = FX_T - 60000 - 86400000LL;
    v->kpi[0].before_today = true;
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_KPIS};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_non_null(find(&dl, WB_TAG_STATUS, 0, "STALE"));
    assert_null(find(&dl, WB_TAG_LEVEL, 0, NULL));
    assert_int_equal(find(&dl, WB_TAG_KPI_VALUE, 0, "19.5")->color, WB_COL_TEXT_DIM);
    assert_int_equal(fx_find(&dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE)->color, WB_COL_NODATA);
    assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, "as of Mon 24 Nov 10:14"));
    o.lang = WB_LANG_FI;
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_true(fx_has_text(&dl, " 24.11. klo 10.14"));
    o = (fx_opts){.page = WB_PAGE_OVERVIEW};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_false(fx_has_text(&dl, "NPS " MIDDOT " Sales: 19.5 (alarm limit 20)"));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * The caption over the line says what it covers. put_kpi's values are from 08:00 (slot 32)
 * on; FX_T's day starts at 00:00 UTC. A screen listening since before today: "Today". One
 * that began to listen at 08:00 may have missed earlier values: "Since 08:00". So may one up
 * since 06:00, two hours before the first value (a publisher may send only on a change):
 * "Since 06:00".
 */
static void caption_since_join(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    put_kpi(v, 0, "nps", "Sales", 31, "", 30, WB_BETTER_HIGHER, WB_LEVEL_OK);
    wb_ms day0 = FX_T - (FX_T % 86400000LL);
    v->day_start = day0;
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_KPIS};
    static const struct {
        wb_ms from;
        const char *en, *fi;
    } cases[] = {
        {0, "Today", "T\xC3\xA4n\xC3\xA4\xC3\xA4n"},
        {8 * 3600000LL, "Since 08:00", "Klo 08.00 alkaen"},
        {6 * 3600000LL, "Since 06:00", "Klo 06.00 alkaen"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        v->watched_from = cases[k].from ? day0 + cases[k].from : 0;
        o.lang = WB_LANG_EN;
        assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
        assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, cases[k].en));
        o.lang = WB_LANG_FI;
        assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
        assert_non_null(find(&dl, WB_TAG_KPI_TILE, 0, cases[k].fi));
    }
    wb_dlist_fini(&dl);
    free(v);
}

static void empty_page(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(5);
    wb_dlist dl;
    wb_dlist_init(&dl);
    fx_opts o = {.page = WB_PAGE_KPIS};
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    assert_true(fx_has_text(&dl, "No KPI figures yet"));
    assert_null(find(&dl, WB_TAG_KPI_TILE, 0, NULL));
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_geometry),      cmocka_unit_test(tile_content),
        cmocka_unit_test(compact_tiles),      cmocka_unit_test(sparkline_points),
        cmocka_unit_test(empty_page),         cmocka_unit_test(ticker_item),
        cmocka_unit_test(figure_under_limit), cmocka_unit_test(figure_from_yesterday),
        cmocka_unit_test(caption_since_join),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
