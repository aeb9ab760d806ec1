/*
 * test_layout.c - the pure layout step, with a hand-filled board view and a deterministic
 * text measurer (no SDL): geometry (nothing overlaps, nothing is cut, text fits), labels,
 * undefined numbers, stale / zero / never-had-data, and alarm flashing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "layout_fixture.h"

#define MIDDOT_S "\xC2\xB7"
#define EM_DASH_S "\xE2\x80\x94"

/* 2025-11-25 10:15:30 UTC, worked out by hand: 20417 days * 86400 + 10:15:30. */
#define T_1015_30 ((wb_ms)(20417LL * 86400 + 10 * 3600 + 15 * 60 + 30) * 1000)

static wb_config cfg;
static const char *NAMES[10] = {"phone", "chat",     "email", "social", "webform",
                                "vip",   "callback", "sms",   "fax",    "video"};
static const char *LABELS_EN[10] = {"Phone", "Chat",     "Email", "Social", "Web form",
                                    "VIP",   "Callback", "SMS",   "Fax",    "Video"};

static void make_cfg(void)
{
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.site, sizeof cfg.site, "Helsinki Contact Center");
    cfg.rolling_ms = 30 * 60000;
    cfg.stale_after_ms = 5000;
    for (int i = 0; i < 10; i++) {
        wb_channel_cfg *ch = &cfg.channels[i];
        snprintf(ch->name, sizeof ch->name, "%s", NAMES[i]);
        snprintf(ch->label_en, sizeof ch->label_en, "%s", LABELS_EN[i]);
        snprintf(ch->label_fi, sizeof ch->label_fi, "%s",
                 i == 0   ? "Puhelin"
                 : i == 2 ? "S\xC3\xA4hk\xC3\xB6posti"
                          : LABELS_EN[i]);
        snprintf(ch->icon, sizeof ch->icon, "%s", i < 5 ? NAMES[i] : "generic");
        ch->sl_t_ms = 20000;
        ch->sl_target = 0.80;
        ch->realtime = i < 2;
        ch->th[WB_RULE_SL_TODAY].alarm_on = true;
        ch->th[WB_RULE_SL_TODAY].alarm = 75;
        ch->th[WB_RULE_WAITING].alarm_on = true;
        ch->th[WB_RULE_WAITING].alarm = 10;
    }
    cfg.n_channels = 10;
}

/* A live view of n channels: channel 0 in alarm (flashing), channel 1 warn, others ok. */
static wb_board_view *make_view(size_t n)
{
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->now = T_1015_30;
    v->ever_data = true;
    v->last_rx = T_1015_30 - 400;
    v->n_channels = n;
    for (size_t i = 0; i < n; i++) {
        wb_channel_view *cv = &v->ch[i];
        wb_channel_metrics *m = &cv->m;
        m->name = NAMES[i];
        m->cfg = &cfg.channels[i];
        m->configured = true;
        m->had_data = true;
        m->waiting = (uint32_t)(i * 3 + 1);
        m->oldest_wait_ms = 65000 + (wb_ms)i * 1000;
        m->today.sl = 0.82;
        m->today.c.answered = 1234;
        m->today.c.abandoned = 56;
        m->today.asa_s = 14;
        m->rolling.sl = 0.91;
        m->agents[WB_AGENT_AVAILABLE] = 3;
        m->agents[WB_AGENT_BUSY] = 12;
        m->agents[WB_AGENT_WRAPUP] = 2;
        m->agents[WB_AGENT_PAUSED] = 1;
        m->busy_here = 8;
        m->wrapup_here = 1;
        for (int k = 0; k < WB_SPARK_N; k++)
            m->spark[k] = (uint16_t)(k % 20);
        m->forecast.valid = m->cfg->realtime;
        m->forecast.sl = 0.74;
        m->forecast.required = 12;
        m->forecast.agents = 10;
        cv->level = WB_LEVEL_OK;
    }
    if (n > 0) {
        v->ch[0].level = WB_LEVEL_ALARM;
        v->ch[0].worst = WB_RULE_SL_TODAY;
        v->ch[0].flashing = true;
        v->ch[0].rule_level[WB_RULE_SL_TODAY] = WB_LEVEL_ALARM;
        v->ch[0].m.today.sl = 0.71;
    }
    if (n > 1) {
        v->ch[1].level = WB_LEVEL_WARN;
        v->ch[1].worst = WB_RULE_WAITING;
        v->ch[1].rule_level[WB_RULE_WAITING] = WB_LEVEL_WARN;
    }
    if (n > 2) {
        v->n_hints = 1;
        v->hints[0].target = 0;
        v->hints[0].donor = 2;
        v->hints[0].agents = 2;
        v->hints[0].free_now = 2;
    }
    return v;
}

static void build(wb_dlist *dl, int w, int h, wb_page page, wb_lang lang, const wb_board_view *v,
                  const wb_agent_info *agents, size_t n_agents, bool flash_on)
{
    wb_layout_in in = {.w = w,
                       .h = h,
                       .page = page,
                       .lang = lang,
                       .view = v,
                       .cfg = &cfg,
                       .agents = agents,
                       .n_agents = n_agents,
                       .flash_on = flash_on,
                       .measure = fx_measure};
    assert_int_equal(wb_layout_build(dl, &in), 0);
}

/* The geometric invariants that hold for every page at every size. */
static void check_geometry(const wb_dlist *dl, int w, int h, size_t n_tiles)
{
    wb_rect scr = {0, 0, w, h};
    wb_rect tiles[WB_MAX_CHANNELS];
    size_t nt = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (!fx_inside(it->box, scr)) {
            fail_msg("%dx%d: item %zu (tag %d) box %d,%d %dx%d is cut by the screen", w, h, i,
                     it->tag, it->box.x, it->box.y, it->box.w, it->box.h);
        }
        if (it->kind == WB_DL_TEXT) {
            int tw, th;
            fx_measure(NULL, it->font, it->px, wb_dl_text(dl, it), &tw, &th);
            if (tw > it->box.w || th > it->box.h || it->px < 8)
                fail_msg("%dx%d: text '%s' (%dx%d at %d px) does not fit its box %dx%d", w, h,
                         wb_dl_text(dl, it), tw, th, it->px, it->box.w, it->box.h);
        }
        if (it->tag == WB_TAG_TILE) {
            assert_true(nt < WB_MAX_CHANNELS);
            assert_int_equal(it->tile, (int)nt);
            tiles[nt++] = it->box;
        }
    }
    assert_int_equal(nt, n_tiles);
    for (size_t a = 0; a < nt; a++)
        for (size_t b = a + 1; b < nt; b++)
            if (fx_overlap(tiles[a], tiles[b]))
                fail_msg("%dx%d: tiles %zu and %zu overlap", w, h, a, b);
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->tile >= 0 && it->tag != WB_TAG_CARD && it->tag != WB_TAG_CARD_TEXT &&
            it->tag != WB_TAG_CARD_STATE && it->tag != WB_TAG_CARD_OVERRUN) {
            assert_true((size_t)it->tile < nt);
            if (!fx_inside(it->box, tiles[it->tile]))
                fail_msg("%dx%d: item %zu (tag %d) leaves its tile %d", w, h, i, it->tag, it->tile);
        } else if (it->tile < 0) {
            for (size_t t = 0; t < nt; t++)
                if (fx_overlap(it->box, tiles[t]))
                    fail_msg("%dx%d: item %zu (tag %d, '%s') overlaps tile %zu", w, h, i, it->tag,
                             it->kind == WB_DL_TEXT ? wb_dl_text(dl, it) : "", t);
        }
    }
}

static const int SIZES[][2] = {{800, 480}, {1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};

static void test_overview_geometry(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        for (size_t n = 1; n <= 10; n++) {
            wb_board_view *v = make_view(n);
            for (int lang = 0; lang < WB_LANG_COUNT; lang++) {
                build(&dl, SIZES[s][0], SIZES[s][1], WB_PAGE_OVERVIEW, (wb_lang)lang, v, NULL, 0,
                      true);
                check_geometry(&dl, SIZES[s][0], SIZES[s][1], n);
                /*
                 * Every tile has its key numbers; on the wall sizes (1080p, 4K, portrait
                 * 1080x1920) every element of docs/architecture.md, "The screen", is there
                 * too. Small tiles (kiosk, 720p with many channels) drop counts, sparkline
                 * and forecast.
                 */
                static const wb_dl_tag must[] = {
                    WB_TAG_TILE_TITLE, WB_TAG_WAITING, WB_TAG_OLDEST, WB_TAG_SL_TODAY,
                    WB_TAG_SL_ROLLING, WB_TAG_AGENTS,  WB_TAG_COUNTS, WB_TAG_FORECAST};
                bool wall = SIZES[s][0] >= 1080 && SIZES[s][1] >= 1080;
                size_t n_must = wall ? 8 : 6;
                for (size_t t = 0; t < n; t++) {
                    for (size_t k = 0; k < n_must; k++)
                        /* Only real-time channels (the first two) have a forecast line. */
                        if (!(must[k] == WB_TAG_FORECAST && t >= 2) &&
                            !fx_find(&dl, must[k], (int)t, WB_DL_TEXT))
                            fail_msg("%dx%d n=%zu: tile %zu lacks tag %d", SIZES[s][0], SIZES[s][1],
                                     n, t, must[k]);
                    /* A real-time tile gives the sparkline's room to the forecast line. */
                    if (wall && t >= 2)
                        assert_non_null(fx_find(&dl, WB_TAG_SPARK, (int)t, WB_DL_POLYLINE));
                    assert_non_null(fx_find(&dl, WB_TAG_NONE, (int)t, WB_DL_ICON));
                }
                assert_non_null(fx_find(&dl, WB_TAG_CLOCK, -1, WB_DL_TEXT));
                assert_non_null(fx_find(&dl, WB_TAG_CONN, -1, WB_DL_TEXT));
            }
            free(v);
        }
    }
    wb_dlist_fini(&dl);
}

static void test_waiting_is_the_largest_number(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(6);
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    for (int t = 0; t < 6; t++) {
        const wb_dl_item *w = fx_find(&dl, WB_TAG_WAITING, t, WB_DL_TEXT);
        assert_non_null(w);
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].tile == t && dl.items[i].kind == WB_DL_TEXT)
                assert_true(dl.items[i].px <= w->px);
    }
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * 10 tiles in the 1920x1080 tile area (1900x896 after margins of 10, a header and a footer of
 * 72, gaps of 10): 5x2 cells are 372x443, whose 1.3:1 tile is 372 wide; 4x3 cells are
 * 467x292, tile min(467, 292 * 1.3 = 379) wide. So three rows of four. Portrait 1080x1920
 * (area 1060x1705): 2x5 cells 525x333, tile 433 wide; 3x4 cells 346x418, tile 346 wide. So
 * five rows of two.
 */
static void test_grid_10_at_1080p(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(10);
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    int ys[10], nys = 0;
    for (size_t i = 0; i < dl.n; i++) {
        if (dl.items[i].tag != WB_TAG_TILE)
            continue;
        int y = dl.items[i].box.y, k;
        for (k = 0; k < nys && ys[k] != y; k++)
            ;
        if (k == nys)
            ys[nys++] = y;
    }
    assert_int_equal(nys, 3);
    /* Portrait 1080x1920 with 10 channels: two columns, five rows. */
    build(&dl, 1080, 1920, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    nys = 0;
    for (size_t i = 0; i < dl.n; i++) {
        if (dl.items[i].tag != WB_TAG_TILE)
            continue;
        int y = dl.items[i].box.y, k;
        for (k = 0; k < nys && ys[k] != y; k++)
            ;
        if (k == nys)
            ys[nys++] = y;
    }
    assert_int_equal(nys, 5);
    free(v);
    wb_dlist_fini(&dl);
}

static void test_finnish_labels(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(3);
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "Jonossa"));
    assert_true(fx_has_text(&dl, "Vanhin"));
    assert_true(fx_has_text(&dl, "Palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n"));
    assert_true(fx_has_text(&dl, "Viimeiset 30 min"));
    assert_true(fx_has_text(&dl, "Vastatut"));
    assert_true(fx_has_text(&dl, "Luopuneet"));
    assert_true(fx_has_text(&dl, "Voi ottaa"));
    assert_true(fx_has_text(&dl, "Varattu"));
    assert_true(fx_has_text(&dl, "J\xC3\xA4lkity\xC3\xB6"));
    assert_true(fx_has_text(&dl, "Palvelutasoennuste 74 %"));
    /* No insider abbreviation: "PT" for palvelutaso is gone from every Finnish text. */
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].kind == WB_DL_TEXT)
            assert_null(strstr(wb_dl_text(&dl, &dl.items[i]), "PT "));
    assert_true(fx_has_text(&dl, "Puhelin"));
    assert_false(fx_has_text(&dl, "Waiting"));
    assert_false(fx_has_text(&dl, "Answered"));
    /* The English set, for contrast. */
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "Waiting"));
    assert_true(fx_has_text(&dl, "Forecast SL 74% \xC2\xB7 need 12"));
    assert_false(fx_has_text(&dl, "Jonossa"));
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * A breach of the rolling SL predicted 4.4 minutes ahead replaces the forecast SL on the tile,
 * in whole minutes rounded down ("~4 min"): 5.5 minutes is "~5 min", not 6 (more time than
 * predicted), and a quarter of a minute "<1 min", not "~1". One already here (0) or none (NAN)
 * leaves the SL.
 */
static void test_breach_shown(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[0].m.forecast.breach_in_min = 4.4;
    v->ch[1].m.forecast.breach_in_min = NAN;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "SL breach in ~4 min, need 12"));
    assert_true(fx_has_text(&dl, "Forecast SL 74% \xC2\xB7 need 12"));
    check_geometry(&dl, 1920, 1080, 2);
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "Palvelutaso alittuu ~4 min"));
    check_geometry(&dl, 800, 480, 2);
    v->ch[0].m.forecast.breach_in_min = 5.5;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "SL breach in ~5 min, need 12"));
    v->ch[0].m.forecast.breach_in_min = 0.25;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "SL breach in <1 min, need 12"));
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "Palvelutaso alittuu <1 min"));
    check_geometry(&dl, 800, 480, 2);
    v->ch[0].m.forecast.breach_in_min = 0;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_false(fx_has_text(&dl, "SL breach"));
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * No agent can take the channel's contacts (N = 0) and contacts are still expected: the
 * forecast is a true 0 % with nobody waiting (docs/metrics.md section 9), and the line says
 * why. Worked by hand from the replayed day at 20:30 after closing: slow rate 0.0011919/s
 * (1.07 contacts in 15 min), AHT 259.406 s, A = 0.30919 Erlangs; Erlang C with T = 20 s gives
 * 70.7 % with 1 agent and 96.4 % with 2, so 2 are needed for 80 %; with none, 0 %.
 */
static void test_forecast_no_agents(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    for (int i = 0; i < 2; i++) {
        wb_channel_metrics *m = &v->ch[i].m;
        m->waiting = 0;
        m->oldest_wait_ms = -1;
        m->agents[WB_AGENT_AVAILABLE] = m->agents[WB_AGENT_BUSY] = m->agents[WB_AGENT_WRAPUP] = 0;
        m->busy_here = m->wrapup_here = 0;
        m->forecast.sl = 0.0;
        m->forecast.required = 2;
        m->forecast.breach_in_min = NAN;
    }
    v->ch[0].m.forecast.agents = 0;
    /* The same 0 % with one agent counted is a staffing shortfall, told as before. */
    v->ch[1].m.forecast.agents = 1;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_string_equal(fx_text_of(&dl, WB_TAG_FORECAST, 0), "No agents \xC2\xB7 need 2");
    assert_string_equal(fx_text_of(&dl, WB_TAG_FORECAST, 1), "Forecast SL 0% \xC2\xB7 need 2");
    check_geometry(&dl, 1920, 1080, 2);
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_string_equal(fx_text_of(&dl, WB_TAG_FORECAST, 0), "Ei agentteja \xC2\xB7 tarve 2");
    check_geometry(&dl, 800, 480, 2);
    /* With no agent but a forecast above 0 % (agents of a shared queue), no such words. */
    v->ch[0].m.forecast.sl = 0.46;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_string_equal(fx_text_of(&dl, WB_TAG_FORECAST, 0), "Forecast SL 46% \xC2\xB7 need 2");
    free(v);
    wb_dlist_fini(&dl);
}

static void test_nan_shows_dash(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[1].m.today.sl = NAN;
    v->ch[1].m.rolling.sl = NAN;
    build(&dl, 1280, 720, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    const wb_dl_item *it = fx_find(&dl, WB_TAG_SL_TODAY, 1, WB_DL_TEXT);
    assert_non_null(it);
    assert_string_equal(wb_dl_text(&dl, it), "\xE2\x80\x94");
    it = fx_find(&dl, WB_TAG_SL_ROLLING, 1, WB_DL_TEXT);
    assert_string_equal(wb_dl_text(&dl, it), "\xE2\x80\x94");
    it = fx_find(&dl, WB_TAG_SL_TODAY, 0, WB_DL_TEXT);
    assert_string_equal(wb_dl_text(&dl, it), "71%");
    /* The target follows the value, on the same line, in the quieter label colour. */
    assert_true(fx_has_text(&dl, "/ 80%"));
    /* Counts that are defined stay numbers. */
    assert_true(fx_has_text(&dl, "1234"));
    free(v);
    wb_dlist_fini(&dl);
}

/* Stale, zero and never-had-data must look different from each other. */
static void test_stale_zero_never(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[1].m.waiting = 0;
    v->ch[1].level = WB_LEVEL_OK;
    v->ch[1].rule_level[WB_RULE_WAITING] = WB_LEVEL_OK;

    /* Live: a real 0 in white, no banner. */
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    const wb_dl_item *w = fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT);
    assert_string_equal(wb_dl_text(&dl, w), "0");
    assert_int_equal(w->color, WB_COL_TEXT);
    assert_null(fx_find(&dl, WB_TAG_BANNER, -1, WB_DL_FILL));
    assert_true(fx_has_text(&dl, "LIVE"));

    /* Stale: banner with the time of the last message, numbers dimmed. */
    v->stale = true;
    v->now = T_1015_30 + 60000;
    v->last_rx = T_1015_30;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    const wb_dl_item *b = fx_find(&dl, WB_TAG_BANNER_TEXT, -1, WB_DL_TEXT);
    assert_non_null(b);
    assert_string_equal(wb_dl_text(&dl, b), "NO DATA since 10:15:30");
    assert_int_equal(fx_find(&dl, WB_TAG_BANNER, -1, WB_DL_FILL)->color, WB_COL_STALE);
    w = fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT);
    assert_string_equal(wb_dl_text(&dl, w), "0");
    assert_int_equal(w->color, WB_COL_TEXT_DIM);
    assert_true(fx_has_text(&dl, "STALE"));
    check_geometry(&dl, 1920, 1080, 2);
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "Ei tietoja klo 10.15.30 j\xC3\xA4lkeen"));
    check_geometry(&dl, 800, 480, 2);

    /* Never had data: dashes, "waiting for data", a grey banner. */
    v->stale = true;
    v->ever_data = false;
    v->last_rx = -1;
    for (int i = 0; i < 2; i++)
        v->ch[i].m.had_data = false;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    w = fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT);
    assert_string_equal(wb_dl_text(&dl, w), "\xE2\x80\x94");
    assert_true(fx_has_text(&dl, "waiting for data"));
    assert_false(fx_has_text(&dl, "NO DATA since"));
    assert_int_equal(fx_find(&dl, WB_TAG_BANNER, -1, WB_DL_FILL)->color, WB_COL_NODATA);
    assert_true(fx_has_text(&dl, "NO DATA"));
    check_geometry(&dl, 1920, 1080, 2);
    free(v);
    wb_dlist_fini(&dl);
}

static void test_resyncing_marked(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(3);
    v->n_resyncing = 1;
    v->ch[2].m.resyncing = true;
    build(&dl, 1280, 720, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    const wb_dl_item *st = fx_find(&dl, WB_TAG_STATUS, 2, WB_DL_TEXT);
    assert_non_null(st);
    assert_string_equal(wb_dl_text(&dl, st), "RESYNCING");
    assert_int_equal(fx_find(&dl, WB_TAG_WAITING, 2, WB_DL_TEXT)->color, WB_COL_TEXT_DIM);
    assert_int_equal(fx_find(&dl, WB_TAG_CONN, -1, WB_DL_TEXT) != NULL, 1);
    assert_true(fx_has_text(&dl, "RESYNCING"));
    free(v);
    wb_dlist_fini(&dl);
}

static void test_flash_only_unacknowledged_alarm(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(3);
    wb_color on[3], off[3];
    build(&dl, 1280, 720, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    for (int t = 0; t < 3; t++)
        on[t] = fx_find(&dl, WB_TAG_BORDER, t, WB_DL_OUTLINE)->color;
    build(&dl, 1280, 720, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, false);
    for (int t = 0; t < 3; t++)
        off[t] = fx_find(&dl, WB_TAG_BORDER, t, WB_DL_OUTLINE)->color;
    assert_int_equal(on[0], WB_COL_ALARM);
    assert_int_equal(off[0], WB_COL_ALARM_OFF);
    assert_int_equal(on[1], WB_COL_WARN);
    assert_int_equal(off[1], WB_COL_WARN);
    assert_int_equal(on[2], off[2]);
    /* Acknowledged: the alarm stays red in both phases. */
    v->ch[0].flashing = false;
    build(&dl, 1280, 720, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, false);
    assert_int_equal(fx_find(&dl, WB_TAG_BORDER, 0, WB_DL_OUTLINE)->color, WB_COL_ALARM);
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * True if needle is on screen at some second of one ticker cycle (20 s): the ticker pages
 * through its items on the clock.
 */
static bool in_cycle(wb_dlist *dl, int w, int h, wb_lang lang, wb_board_view *v, const char *needle)
{
    wb_ms t0 = v->now;
    bool seen = false;
    for (wb_ms t = t0; t < t0 + 20000 && !seen; t += 1000) {
        v->now = t;
        build(dl, w, h, WB_PAGE_OVERVIEW, lang, v, NULL, 0, true);
        seen = fx_has_text(dl, needle);
    }
    v->now = t0;
    return seen;
}

static void test_ticker_plain_words(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(3);
    v->ch[1].level = WB_LEVEL_OK;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 71% below 80% target"));
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Move 2 agents from Email to Phone: 2 free now"));
    /* Both kinds: "3 agents, 1 free now and 2 once their current contact is done". */
    v->hints[0].agents = 3;
    v->hints[0].free_now = 1;
    v->hints[0].after_current = 2;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v,
                         "Move 3 agents from Email to Phone: 1 free now, 2 after their "
                         "current contact"));
    v->hints[0].agents = 2;
    v->hints[0].free_now = 2;
    v->hints[0].after_current = 0;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Puhelin: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n 71 %, tavoite 80 %"));
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Siirr\xC3\xA4 2 agenttia: S\xC3\xA4hk\xC3\xB6posti \xE2\x86\x92 "
                         "Puhelin"));
    /*
     * Back to 83 % while the alarm holds (hysteresis): the words say it was below, never "83%
     * below 80% target".
     */
    double sl = v->ch[0].m.today.sl;
    v->ch[0].m.today.sl = 0.83;
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 83%, was below 80% target"));
    assert_false(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 83% below 80% target"));
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Puhelin: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n 83 %, oli alle "
                         "tavoitteen 80 %"));
    /*
     * A warning limit set above the target (warn below 85 %, the target 80 %, as a file may
     * set it): 83 % is a live warning, and the words name the limit it is below, not the
     * target it meets.
     */
    wb_threshold *th = &cfg.channels[0].th[WB_RULE_SL_TODAY];
    th->warn_on = true;
    th->warn = 85;
    v->ch[0].level = WB_LEVEL_WARN;
    v->ch[0].rule_level[WB_RULE_SL_TODAY] = WB_LEVEL_WARN;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 83%, limit 85%"));
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Puhelin: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n 83 %, raja 85 %"));
    /* Back to 90 % while the warning holds: it was below the 85 % limit, not the target. */
    v->ch[0].m.today.sl = 0.90;
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 90%, was below the 85% limit"));
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                 "Puhelin: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n 90 %, oli alle rajan 85 %"));
    v->ch[0].m.today.sl = 0.83;
    th->warn_on = false;
    v->ch[0].level = WB_LEVEL_ALARM;
    v->ch[0].rule_level[WB_RULE_SL_TODAY] = WB_LEVEL_ALARM;
    /* At the target exactly it is met, not below. */
    v->ch[0].m.today.sl = 0.80;
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Phone: SL today 80%, was below 80% target"));
    v->ch[0].m.today.sl = sl;
    /* Nothing to report: a calm line in green. */
    v->ch[0].level = WB_LEVEL_OK;
    v->n_hints = 0;
    build(&dl, 1920, 1080, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    assert_true(fx_has_text(&dl, "All channels OK"));
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * The forecast rule in the ticker: with a breach of the rolling SL predicted 4.4 minutes ahead
 * it says how soon, as the tile does ("~4 min"), not the lowest SL projected (0 % here, a
 * second figure of the same forecast); with none predicted, the forecast SL.
 */
static void test_ticker_forecast_breach(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[0].level = WB_LEVEL_OK;
    v->ch[1].worst = WB_RULE_FORECAST_SL;
    v->ch[1].rule_level[WB_RULE_WAITING] = WB_LEVEL_OK;
    v->ch[1].rule_level[WB_RULE_FORECAST_SL] = WB_LEVEL_WARN;
    v->ch[1].m.forecast.sl = 0.0;
    v->ch[1].m.forecast.breach_in_min = 4.4;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: SL breach in ~4 min, target 80%"));
    assert_false(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL"));
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_FI, v, "Chat: palvelutaso alittuu ~4 min, tavoite 80 %"));
    /* Rounded down, as on the tile: 1.9 minutes is "~1 min"; under a minute "<1 min". */
    v->ch[1].m.forecast.breach_in_min = 1.9;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: SL breach in ~1 min, target 80%"));
    v->ch[1].m.forecast.breach_in_min = 0.3;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: SL breach in <1 min, target 80%"));
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_FI, v, "Chat: palvelutaso alittuu <1 min, tavoite 80 %"));
    /* None predicted ahead (or one already here): the forecast SL, as before. */
    v->ch[1].m.forecast.sl = 0.62;
    v->ch[1].m.forecast.breach_in_min = NAN;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL 62% below 80% target"));
    v->ch[1].m.forecast.breach_in_min = 0;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL 62% below 80% target"));
    free(v);
    wb_dlist_fini(&dl);
}

/* The tile's forecast line of channel ch at 1920x1080 in lang (a real-time tile has one). */
static const char *tile_forecast(wb_dlist *dl, wb_lang lang, const wb_board_view *v, int ch)
{
    build(dl, 1920, 1080, WB_PAGE_OVERVIEW, lang, v, NULL, 0, true);
    const char *s = fx_text_of(dl, WB_TAG_FORECAST, ch);
    assert_non_null(s);
    return s;
}

/*
 * N = 0 with a breach predicted: the replayed day at 20:30 with no contact left in the rolling
 * window (docs/metrics.md section 9), where the new contacts' 0 % is the projected rolling SL
 * and the breach comes in under a minute ("<1 min"). The tile's breach line and the
 * ticker give the cause, as the forecast line does when no breach is predicted; with an agent
 * counted the same breach is told as before. Finnish too, and at the smallest windows the
 * ticker still says it.
 */
static void test_breach_no_agents(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[0].level = WB_LEVEL_OK;
    for (int i = 0; i < 2; i++) {
        wb_channel_metrics *m = &v->ch[i].m;
        m->waiting = 0;
        m->oldest_wait_ms = -1;
        m->forecast.sl = 0.0;
        m->forecast.required = 2;
        m->forecast.breach_in_min = 0.8;
        m->forecast.agents = 0;
    }
    v->ch[1].worst = WB_RULE_FORECAST_SL;
    v->ch[1].rule_level[WB_RULE_WAITING] = WB_LEVEL_OK;
    v->ch[1].rule_level[WB_RULE_FORECAST_SL] = WB_LEVEL_WARN;
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1), "No agents \xC2\xB7 need 2");
    check_geometry(&dl, 1920, 1080, 2);
    assert_string_equal(tile_forecast(&dl, WB_LANG_FI, v, 1), "Ei agentteja \xC2\xB7 tarve 2");
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v,
                         "Chat: no agents, SL breach in <1 min, target 80%"));
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Chat: ei agentteja, palvelutaso alittuu <1 min, tavoite 80 %"));
    /* (There an item may be split over two lines; the cause comes first, on the first.) */
    assert_true(in_cycle(&dl, 480, 320, WB_LANG_EN, v, "Chat: no agents,"));
    assert_true(in_cycle(&dl, 320, 480, WB_LANG_FI, v, "Chat: ei agentteja,"));
    /* The narrower tile of an 800x480 screen still has the whole line. */
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_FI, v, NULL, 0, true);
    assert_string_equal(fx_text_of(&dl, WB_TAG_FORECAST, 1), "Ei agentteja \xC2\xB7 tarve 2");
    check_geometry(&dl, 800, 480, 2);
    /* One agent counted: a staffing shortfall, no such words. */
    v->ch[1].m.forecast.agents = 1;
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1), "SL breach in <1 min, need 2");
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: SL breach in <1 min, target 80%"));
    /* No agent of its own, but its queue answered by others' agents (forecast SL 46 %). */
    v->ch[1].m.forecast.agents = 0;
    v->ch[1].m.forecast.sl = 0.46;
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1), "SL breach in <1 min, need 2");
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * The forecast warning held: the rule holds for a quarter of an hour after its value went
 * back or became undefined. Chat (target 80 %) warns on the forecast, no breach is predicted
 * ahead, and nothing of the forecast is below 80 % now: the forecast SL is undefined (fewer
 * than one contact expected over the horizon) and the lowest projected rolling SL is 85 %. The
 * ticker and the tile say that it was below the target, never "forecast SL — below 80%
 * target". The same with the forecast SL back at exactly 80 % (not below 80 %), and with no
 * forecast at all. With the lowest projected SL at 62 % (below 80 %, the rule's value) and the
 * forecast SL at 90 %, both name the 62 %; with the forecast SL at 62 %, that one, as before.
 * A forecast rule at ok leaves the tile's line as it always was.
 */
static void test_forecast_held(void **state)
{
    (void)state;
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(2);
    v->ch[0].level = WB_LEVEL_OK;
    v->ch[1].worst = WB_RULE_FORECAST_SL;
    v->ch[1].rule_level[WB_RULE_WAITING] = WB_LEVEL_OK;
    v->ch[1].rule_level[WB_RULE_FORECAST_SL] = WB_LEVEL_WARN;
    wb_channel_metrics *m = &v->ch[1].m;
    m->forecast.sl = NAN;
    m->forecast.sl_low = 0.85;
    m->forecast.breach_in_min = NAN;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL was below 80% target"));
    assert_false(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL " EM_DASH_S));
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1), "Forecast SL was below 80% target");
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Chat: ennustettu palvelutaso oli alle tavoitteen 80 %"));
    assert_string_equal(tile_forecast(&dl, WB_LANG_FI, v, 1), "Ennuste oli alle tavoitteen 80 %");
    /* Back at the target exactly: 80 % is not below 80 %. */
    m->forecast.sl = 0.80;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL was below 80% target"));
    assert_false(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL 80% below"));
    /* No forecast at all (no rate or no AHT): the same words, nothing from an invalid forecast. */
    m->forecast.valid = false;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL was below 80% target"));
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1), "Forecast SL was below 80% target");
    m->forecast.valid = true;
    /* The lowest projected rolling SL below the target now (breach 0: below now). */
    m->forecast.sl = 0.90;
    m->forecast.sl_low = 0.62;
    m->forecast.breach_in_min = 0;
    assert_true(
        in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: lowest projected SL 62% below 80% target"));
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1),
                        "Lowest projected SL 62% " MIDDOT_S " need 12");
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_FI, v,
                         "Chat: alin ennustettu palvelutaso 62 %, tavoite 80 %"));
    assert_string_equal(tile_forecast(&dl, WB_LANG_FI, v, 1),
                        "Alin ennuste 62 % " MIDDOT_S " tarve 12");
    /* The forecast SL below the target: that figure, in both. */
    m->forecast.sl = 0.62;
    m->forecast.sl_low = 0.55;
    assert_true(in_cycle(&dl, 1920, 1080, WB_LANG_EN, v, "Chat: forecast SL 62% below 80% target"));
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1),
                        "Forecast SL 62% " MIDDOT_S " need 12");
    /* The rule at ok: the tile's plain line, with its dash for an undefined forecast SL. */
    v->ch[1].level = WB_LEVEL_OK;
    v->ch[1].rule_level[WB_RULE_FORECAST_SL] = WB_LEVEL_OK;
    m->forecast.sl = NAN;
    m->forecast.sl_low = 0.85;
    assert_string_equal(tile_forecast(&dl, WB_LANG_EN, v, 1),
                        "Forecast SL " EM_DASH_S " " MIDDOT_S " need 12");
    free(v);
    wb_dlist_fini(&dl);
}

static void test_agent_page(void **state)
{
    (void)state;
    enum { N = 300 };
    static wb_agent_info ag[N];
    static char names[N][32];
    static const char *teams[6] = {"Team Aurora", "Team Borealis", "Team Cumulus",
                                   "Team Delta",  "Team Echo",     NULL};
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Agent %03d Virtanen", i);
        ag[i].agent = names[i];
        ag[i].name = names[i];
        ag[i].team = teams[i % 6];
        ag[i].state = (wb_agent_state)(1 + i % 4);
        ag[i].since = T_1015_30 - (wb_ms)i * 37000;
    }
    wb_board_view *v = make_view(4);
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        build(&dl, w, h, WB_PAGE_AGENTS, WB_LANG_EN, v, ag, N, true);
        check_geometry(&dl, w, h, 0);
        /* Cards are pairwise disjoint and each card's text stays on its card. */
        wb_rect cards[N];
        int nc = 0;
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].tag == WB_TAG_CARD && dl.items[i].tile == nc)
                cards[nc++] = dl.items[i].box;
        for (int a = 0; a < nc; a++)
            for (int b = a + 1; b < nc; b++)
                assert_false(fx_overlap(cards[a], cards[b]));
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].tag == WB_TAG_CARD_TEXT)
                assert_true(fx_inside(dl.items[i].box, cards[dl.items[i].tile]));
        /* At 1080p and above all 300 agents fit. */
        if (w >= 1920 && h >= 1080)
            assert_int_equal(nc, N);
        else if (nc < N)
            assert_true(fx_has_text(&dl, "more"));
        assert_true(fx_has_text(&dl, "Team Aurora"));
    }
    /* Time in state: agent 1 is 37 s into its state, agent 299 is 3:04:23 in -> "3:04h". */
    build(&dl, 1920, 1080, WB_PAGE_AGENTS, WB_LANG_EN, v, ag, N, true);
    assert_true(fx_has_text(&dl, "0:37"));
    assert_true(fx_has_text(&dl, "3:04h"));
    assert_true(fx_has_text(&dl, "No team"));
    free(v);
    wb_dlist_fini(&dl);
}

/*
 * A label too long for its tile even at the smallest size is shortened with an ellipsis, never
 * dropped: every tile keeps a title, and check_geometry() still holds.
 */
static void test_long_label_shortened(void **state)
{
    (void)state;
    wb_channel_cfg saved[10];
    memcpy(saved, cfg.channels, sizeof saved);
    for (int i = 0; i < 10; i++)
        snprintf(cfg.channels[i].label_en, sizeof cfg.channels[i].label_en,
                 "Asiakaspalvelu, puhelin, yritysasiakkaat %d ja muut", i);
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_board_view *v = make_view(10);
    build(&dl, 800, 480, WB_PAGE_OVERVIEW, WB_LANG_EN, v, NULL, 0, true);
    check_geometry(&dl, 800, 480, 10);
    bool titled[10] = {false};
    size_t shortened = 0;
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        if (it->kind != WB_DL_TEXT || it->tag != WB_TAG_TILE_TITLE || it->tile < 0 ||
            it->tile >= 10)
            continue;
        const char *t = wb_dl_text(&dl, it);
        size_t len = strlen(t);
        titled[it->tile] = true;
        if (len >= 3 && strcmp(t + len - 3, "\xE2\x80\xA6") == 0) {
            shortened++;
            /* What is left is the label's own beginning. */
            assert_memory_equal(t, "Asiakaspalvelu", len - 3 < 14 ? len - 3 : 14);
        }
    }
    for (int i = 0; i < 10; i++)
        assert_true(titled[i]);
    assert_true(shortened > 0);
    free(v);
    wb_dlist_fini(&dl);
    memcpy(cfg.channels, saved, sizeof saved);
}

int main(void)
{
    make_cfg();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overview_geometry),
        cmocka_unit_test(test_long_label_shortened),
        cmocka_unit_test(test_waiting_is_the_largest_number),
        cmocka_unit_test(test_grid_10_at_1080p),
        cmocka_unit_test(test_finnish_labels),
        cmocka_unit_test(test_nan_shows_dash),
        cmocka_unit_test(test_breach_shown),
        cmocka_unit_test(test_forecast_held),
        cmocka_unit_test(test_forecast_no_agents),
        cmocka_unit_test(test_breach_no_agents),
        cmocka_unit_test(test_stale_zero_never),
        cmocka_unit_test(test_resyncing_marked),
        cmocka_unit_test(test_flash_only_unacknowledged_alarm),
        cmocka_unit_test(test_ticker_plain_words),
        cmocka_unit_test(test_ticker_forecast_breach),
        cmocka_unit_test(test_agent_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
