/*
 * test_layout_pages.c - configured pages ([page.NAME]): a team screen of a channel tile, queue
 * tiles, a queue-group tile and the summary; the team's agent page; at 1920x1080, 800x480
 * and portrait 1080x1920. A group tile's figures are the hand-summed figures of its queues,
 * and the queue tiles add up to it as a supervisor reads them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "layout_int.h"
#include "pages_fixture.h"

/* The text of the first text item with tag and tile; there must be one. */
static const char *text_of(const wb_dlist *dl, wb_dl_tag tag, int tile)
{
    const char *s = fx_text_of(dl, tag, tile);
    if (!s)
        fail_msg("no text tagged %d in tile %d", (int)tag, tile);
    return s;
}

/* The background fill of a tile, or NULL. */
static const wb_dl_item *tile_bg(const wb_dlist *dl, int tile)
{
    return fx_find(dl, WB_TAG_TILE, tile, WB_DL_FILL);
}

static void group_sums_by_hand(void **state)
{
    (void)state;
    wb_board_view *v = pages_view();
    const char *names[3] = {"sales-fi", "sales-sv", "sales-fi"};
    wb_lay_qsum s;
    wb_lay_queue_sum(v, names, 3, &s); /* a queue named twice counts once */
    assert_int_equal(s.found, 2);
    assert_int_equal(s.waiting, 5);
    assert_int_equal(s.oldest_wait_ms, 80000);
    assert_int_equal(s.today.c.answered, 50);
    assert_int_equal(s.today.c.answered_in_sl, 40);
    assert_int_equal(s.today.c.abandoned, 12);
    assert_true(fabs(s.today.sl - 40.0 / 61.0) < 1e-12);
    assert_true(fabs(s.rolling.sl - 0.6) < 1e-12);
    assert_true(fabs(s.today.abandon_pct - 1100.0 / 61.0) < 1e-9);
    assert_true(fabs(s.target - 0.80) < 1e-12);
    assert_int_equal(s.level, WB_LEVEL_ALARM);
    assert_int_equal(s.rule_level[WB_RULE_WAITING], WB_LEVEL_WARN);
    assert_int_equal(s.rule_level[WB_RULE_SL_TODAY], WB_LEVEL_ALARM);
    assert_true(s.flashing);

    /* A queue not in the view yet: nothing found, nothing invented. */
    const char *none[1] = {"nosuch"};
    wb_lay_queue_sum(v, none, 1, &s);
    assert_int_equal(s.found, 0);
    assert_int_equal(s.waiting, 0);
    assert_int_equal(s.oldest_wait_ms, -1);
    assert_true(isnan(s.today.sl));
    free(v);
}

/* Boxes of one kind never overlap and stay on the screen. */
static void assert_tiles_apart(const wb_dlist *dl, int w, int h, int n_expected)
{
    const wb_dl_item *t[64];
    int n = 0;
    bool summary = false;
    for (size_t i = 0; i < dl->n && n < 64; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->kind != WB_DL_FILL)
            continue;
        /* The summary tile's first fill is its background; its other fills are inside it. */
        bool tile = it->tag == WB_TAG_TILE || (it->tag == WB_TAG_SUMMARY && !summary);
        if (!tile)
            continue;
        summary |= it->tag == WB_TAG_SUMMARY;
        t[n++] = it;
        assert_true(it->box.x >= 0 && it->box.y >= 0);
        assert_true(it->box.x + it->box.w <= w && it->box.y + it->box.h <= h);
    }
    assert_int_equal(n, n_expected);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            wb_rect a = t[i]->box, b = t[j]->box;
            bool apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert_true(apart);
        }
}

/* Every text fits its box at the size it was given (the fixture's measurer). */
static void assert_texts_fit(const wb_dlist *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->kind != WB_DL_TEXT)
            continue;
        int tw, th;
        fx_measure(NULL, it->font, it->px, wb_dl_text(dl, it), &tw, &th);
        if (tw > it->box.w + 1)
            fail_msg("'%s' (%d px wide) overflows its box of %d", wb_dl_text(dl, it), tw,
                     it->box.w);
        assert_true(it->px >= WB_LAY_MIN_PX);
    }
}

static const int sizes[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};

/*
 * The team screen's first page: chat's tile (channel index 1), the two queue tiles and the
 * group tile (WB_TILE_QUEUE0 + their place: 1, 2, 3), the summary; channel:nosuch has no
 * tile. The figures are those worked by hand above, and the queue tiles add up to the group.
 */
static void team_page_tiles(void **state)
{
    (void)state;
    wb_board_view *v = pages_view();
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        assert_int_equal(fx_build(&dl, w, h, v, NULL), 0);
        assert_tiles_apart(&dl, w, h, 5);
        assert_texts_fit(&dl);
        /* Only chat of the six channels. */
        assert_non_null(tile_bg(&dl, 1));
        for (int ch = 0; ch < 6; ch++)
            if (ch != 1)
                assert_null(tile_bg(&dl, ch));
        const int qa = WB_TILE_QUEUE0 + 1, qb = WB_TILE_QUEUE0 + 2, g = WB_TILE_QUEUE0 + 3;
        assert_string_equal(text_of(&dl, WB_TAG_TILE_TITLE, qa), "Sales FI");
        assert_string_equal(text_of(&dl, WB_TAG_TILE_TITLE, qb), "sales-sv");
        assert_string_equal(text_of(&dl, WB_TAG_TILE_TITLE, g), "sales");
        assert_string_equal(text_of(&dl, WB_TAG_WAITING, qa), "3");
        assert_string_equal(text_of(&dl, WB_TAG_WAITING, qb), "2");
        assert_string_equal(text_of(&dl, WB_TAG_WAITING, g), "5");
        assert_int_equal(atoi(text_of(&dl, WB_TAG_WAITING, qa)) +
                             atoi(text_of(&dl, WB_TAG_WAITING, qb)),
                         atoi(text_of(&dl, WB_TAG_WAITING, g)));
        assert_string_equal(text_of(&dl, WB_TAG_OLDEST, qa), "0:50");
        assert_string_equal(text_of(&dl, WB_TAG_OLDEST, g), "1:20");
        assert_string_equal(text_of(&dl, WB_TAG_SL_TODAY, qa), "61%");
        assert_string_equal(text_of(&dl, WB_TAG_SL_TODAY, qb), "83%");
        /* 65.6 % is cut down to 65 %, not rounded to 66 % (docs/metrics.md). */
        assert_string_equal(text_of(&dl, WB_TAG_SL_TODAY, g), "65%");
        assert_string_equal(text_of(&dl, WB_TAG_SL_ROLLING, g), "60%");
        /* Colours: each number by the worst level of its rule among the queues. */
        assert_int_equal(fx_find(&dl, WB_TAG_WAITING, qa, WB_DL_TEXT)->color, WB_COL_WARN);
        assert_int_equal(fx_find(&dl, WB_TAG_WAITING, g, WB_DL_TEXT)->color, WB_COL_WARN);
        assert_int_equal(fx_find(&dl, WB_TAG_SL_TODAY, qb, WB_DL_TEXT)->color, WB_COL_ALARM);
        assert_int_equal(fx_find(&dl, WB_TAG_SL_TODAY, g, WB_DL_TEXT)->color, WB_COL_ALARM);
        assert_int_equal(fx_find(&dl, WB_TAG_SL_TODAY, qa, WB_DL_TEXT)->color, WB_COL_TEXT);
        /* The group is in alarm (its worse queue's level), and says so in words. */
        assert_int_equal(tile_bg(&dl, g)->color, WB_COL_TILE_ALARM);
        assert_non_null(strstr(text_of(&dl, WB_TAG_LEVEL, g), "ALARM"));
        assert_non_null(strstr(text_of(&dl, WB_TAG_LEVEL, qa), "WARN"));
        if (h >= 1000) {
            /* Full tiles: the counts (answered 40 + 10 = 50) and the group's members. */
            char both[128] = "";
            for (size_t i = 0; i < dl.n; i++)
                if (dl.items[i].tile == g && dl.items[i].tag == WB_TAG_COUNTS)
                    strncat(both, wb_dl_text(&dl, &dl.items[i]), sizeof both - strlen(both) - 1);
            assert_string_equal(both, "5012 " MIDDOT " 18%");
            bool members = false;
            for (size_t i = 0; i < dl.n; i++)
                members |= dl.items[i].tile == g && dl.items[i].kind == WB_DL_TEXT &&
                           strcmp(wb_dl_text(&dl, &dl.items[i]), "Sales FI + sales-sv") == 0;
            assert_true(members);
        }
    }
    wb_dlist_fini(&dl);
    free(v);
}

/* The team page: only agents of "Chat team" who serve chat (channel bit 1). */
static void team_agent_page(void **state)
{
    (void)state;
    wb_board_view *v = pages_view();
    const wb_agent_info agents[] = {
        {.agent = "a1", .name = "Aino", .team = "Chat team", .channels = 2u, .since = FX_T},
        {.agent = "a2", .name = "Eero", .team = "Chat team", .channels = 3u, .since = FX_T},
        {.agent = "a3", .name = "Liisa", .team = "Chat team", .channels = 1u, .since = FX_T},
        {.agent = "a4", .name = "Mikko", .team = "Phone team", .channels = 2u, .since = FX_T},
        {.agent = "a5", .name = "Sanna", .team = NULL, .channels = 2u, .since = FX_T},
    };
    fx_opts o = {.page = 1, .agents = agents, .n_agents = 5};
    assert_true(wb_layout_page_is_agents(&fx_cfg, 1));
    assert_false(wb_layout_page_is_agents(&fx_cfg, 0));
    assert_true(wb_layout_page_is_agents(&fx_cfg, 3)); /* the rotation wraps */
    assert_int_equal(wb_layout_page_count(&fx_cfg), 2);
    /* The header names the agent page by what the page is, not by its number. */
    wb_dlist hd;
    wb_dlist_init(&hd);
    assert_int_equal(fx_build(&hd, 1920, 1080, v, &o), 0);
    assert_string_equal(text_of(&hd, WB_TAG_HEADER, -1),
                        "Helsinki Contact Center " MIDDOT " Agents");
    o.page = 2; /* the rotation wraps to the tile page */
    assert_int_equal(fx_build(&hd, 1920, 1080, v, &o), 0);
    assert_string_equal(text_of(&hd, WB_TAG_HEADER, -1), "Helsinki Contact Center");
    o.page = 3; /* and on to the agent page again, whose number is not WB_PAGE_AGENTS */
    assert_int_equal(fx_build(&hd, 1920, 1080, v, &o), 0);
    assert_string_equal(text_of(&hd, WB_TAG_HEADER, -1),
                        "Helsinki Contact Center " MIDDOT " Agents");
    o.page = 1;
    wb_dlist_fini(&hd);
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(fx_build(&dl, sizes[k][0], sizes[k][1], v, &o), 0);
        assert_texts_fit(&dl);
        int cards = 0, teams = 0, last_card = -1;
        bool aino = false, eero = false, others = false;
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            if (it->tag == WB_TAG_CARD && it->kind == WB_DL_FILL && it->tile != last_card) {
                cards++;
                last_card = it->tile;
            }
            if (it->kind != WB_DL_TEXT)
                continue;
            const char *s = wb_dl_text(&dl, it);
            if (it->tag == WB_TAG_TEAM && strchr(s, '(')) {
                teams++;
                assert_string_equal(s, "Chat team (2)");
            }
            aino |= strstr(s, "Aino") != NULL;
            eero |= strstr(s, "Eero") != NULL;
            others |= strstr(s, "Liisa") || strstr(s, "Mikko") || strstr(s, "Sanna");
        }
        assert_int_equal(cards, 2);
        assert_int_equal(teams, 1);
        assert_true(aino && eero);
        assert_false(others);
    }
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * The ticker of a team screen names the channels it shows: chat (its channel tile, and the
 * channel of its queues) but not social, which is on none of its pages. A screen without
 * pages names every channel, as before.
 */
static void ticker_of_the_screen(void **state)
{
    (void)state;
    wb_board_view *v = pages_view();
    fx_level(v, 3, WB_LEVEL_ALARM, WB_RULE_WAITING);
    fx_level(v, 1, WB_LEVEL_WARN, WB_RULE_WAITING);
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    assert_true(fx_ticker_says(&dl, "Chat"));
    assert_false(fx_ticker_says(&dl, "Social"));
    memset(&fx_cfg.screen, 0, sizeof fx_cfg.screen);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    assert_true(fx_ticker_says(&dl, "Social"));
    assert_true(fx_ticker_says(&dl, "Chat"));
    wb_dlist_fini(&dl);
    free(v);
}

/* Without [page.NAME] sections nothing changes: two pages, page 1 the whole agent page. */
static void defaults_unchanged(void **state)
{
    (void)state;
    fx_make_cfg();
    assert_int_equal(wb_layout_page_count(&fx_cfg), WB_PAGE_COUNT);
    assert_int_equal(wb_layout_page_count(NULL), WB_PAGE_COUNT);
    assert_true(wb_layout_page_is_agents(&fx_cfg, WB_PAGE_AGENTS));
    assert_false(wb_layout_page_is_agents(&fx_cfg, WB_PAGE_OVERVIEW));
    assert_null(wb_layout_page_cfg(&fx_cfg, 0));
}

/* The tiles of a page of channel and KPI tiles, each the union of its fills: n, and apart. */
static void assert_mixed_tiles_apart(const wb_dlist *dl, int w, int h, int n_expected)
{
    struct {
        wb_dl_tag tag;
        int tile;
        wb_rect r;
    } t[64];
    int n = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->kind != WB_DL_FILL || (it->tag != WB_TAG_TILE && it->tag != WB_TAG_KPI_TILE))
            continue;
        int k = 0;
        while (k < n && !(t[k].tag == it->tag && t[k].tile == it->tile))
            k++;
        if (k == n) {
            assert_true(n < 64);
            t[n].tag = it->tag;
            t[n].tile = it->tile;
            t[n++].r = it->box;
            continue;
        }
        wb_rect a = t[k].r, b = it->box;
        int x0 = imin(a.x, b.x), y0 = imin(a.y, b.y);
        int x1 = imax(a.x + a.w, b.x + b.w), y1 = imax(a.y + a.h, b.y + b.h);
        t[k].r = (wb_rect){x0, y0, x1 - x0, y1 - y0};
    }
    assert_int_equal(n, n_expected);
    for (int i = 0; i < n; i++) {
        wb_rect a = t[i].r;
        assert_true(a.x >= 0 && a.y >= 0 && a.x + a.w <= w && a.y + a.h <= h);
        for (int j = i + 1; j < n; j++) {
            wb_rect b = t[j].r;
            assert_true(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y ||
                        b.y + b.h <= a.y);
        }
    }
}

/*
 * Pages with KPI tiles and the day by interval: [page.quality] shows every KPI figure as a
 * tile beside chat's channel tile; [page.kpi-nps] only the NPS figures (two scopes of three
 * figures); [page.chat-day] today by interval of chat only, with the page's name in the header;
 * [page.queue-day] one queue's day, from the queue rows the display fills in for it.
 */
static void kpi_and_interval_pages(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_config *tmp = malloc(sizeof *tmp);
    assert_non_null(tmp);
    char err[256];
    if (wb_config_load_string(tmp, "k.ini",
                              "[page.quality]\nitems = kpis, channel:chat\n"
                              "[page.kpi-nps]\nitems = kpi:nps\n"
                              "[page.chat-day]\nitems = intervals:chat\n"
                              "[page.queue-day]\nitems = intervals:sales-fi\n",
                              err, sizeof err) != WB_OK)
        fail_msg("%s", err);
    fx_cfg.screen = tmp->screen;
    free(tmp);
    assert_int_equal(wb_layout_page_kind(&fx_cfg, 0), WB_PAGE_OVERVIEW);
    assert_int_equal(wb_layout_page_kind(&fx_cfg, 2), WB_PAGE_INTERVALS);

    wb_board_view *v = fx_view(6);
    const char *ids[3] = {"nps", "fcr", "nps"}, *scopes[3] = {"Sales", "Sales", "Support"};
    for (size_t i = 0; i < 3; i++) {
        wb_kpi_view *kv = &v->kpi[i];
        memset(kv, 0, sizeof *kv);
        kv->k.src = "crm";
        kv->k.kpi = kv->k.label = ids[i];
        kv->k.scope = scopes[i];
        kv->k.period = "today";
        kv->k.unit = "";
        kv->k.value = 30 + (double)i;
        kv->k.ts = FX_T - 60000;
        kv->j.better = WB_BETTER_HIGHER;
    }
    v->n_kpis = 3;

    /* A day of 96 quarters for six channels; chat (row 1) answered 7 at 09:00. */
    enum { NQ = 96 };
    static wb_counts rows[6 * NQ];
    memset(rows, 0, sizeof rows);
    rows[NQ + 36] = (wb_counts){.answered = 7, .answered_in_sl = 7};
    rows[36] = (wb_counts){.answered = 3, .answered_in_sl = 1};
    wb_lay_intervals iv = {.day_start = FX_T - (wb_ms)(10 * 3600 + 15 * 60 + 30) * 1000,
                           .width = 15 * 60000,
                           .n = NQ,
                           .n_rows = 6,
                           .c = rows};

    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        wb_layout_in in = {.w = w,
                           .h = h,
                           .view = v,
                           .cfg = &fx_cfg,
                           .intervals = &iv,
                           .flash_on = true,
                           .measure = fx_measure};
        in.page = 0;
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        assert_mixed_tiles_apart(&dl, w, h, 4);
        assert_texts_fit(&dl);
        for (int i = 0; i < 3; i++)
            assert_non_null(fx_find(&dl, WB_TAG_KPI_VALUE, i, WB_DL_TEXT));
        assert_non_null(tile_bg(&dl, 1));
        assert_null(tile_bg(&dl, 0));

        in.page = 1;
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        assert_non_null(fx_find(&dl, WB_TAG_KPI_VALUE, 0, WB_DL_TEXT));
        assert_null(fx_find(&dl, WB_TAG_KPI_VALUE, 1, WB_DL_TEXT)); /* fcr is not on it */
        assert_non_null(fx_find(&dl, WB_TAG_KPI_VALUE, 2, WB_DL_TEXT));
        assert_null(tile_bg(&dl, 1));

        in.page = 2;
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        assert_non_null(fx_find(&dl, WB_TAG_IV_PANEL, 1, WB_DL_FILL));
        for (int ch = 0; ch < 6; ch++)
            if (ch != 1)
                assert_null(fx_find(&dl, WB_TAG_IV_PANEL, ch, WB_DL_FILL));
        assert_non_null(fx_find(&dl, WB_TAG_IV_ANSWERED, 1, WB_DL_FILL));
        assert_non_null(strstr(text_of(&dl, WB_TAG_HEADER, -1), "by interval"));

        /* A queue's day: the rows the display put in for it are drawn instead of channels. */
        static wb_counts qrow[NQ];
        memset(qrow, 0, sizeof qrow);
        qrow[36] = (wb_counts){.answered = 4, .answered_in_sl = 4};
        size_t which[1] = {0};
        wb_lay_intervals qiv = iv;
        qiv.n_queues = 1;
        qiv.queue = which;
        qiv.qc = qrow;
        v->n_queues = 1;
        v->q[0] = (wb_queue_metrics){.name = "sales-fi", .channel = 1};
        v->q[0].today.sl = 1.0;
        in.intervals = &qiv;
        in.page = 3;
        assert_int_equal(wb_layout_build(&dl, &in), 0);
        assert_non_null(fx_find(&dl, WB_TAG_IV_PANEL, WB_MAX_CHANNELS, WB_DL_FILL));
        for (int ch = 0; ch < 6; ch++)
            assert_null(fx_find(&dl, WB_TAG_IV_PANEL, ch, WB_DL_FILL));
        assert_non_null(fx_find(&dl, WB_TAG_IV_ANSWERED, WB_MAX_CHANNELS, WB_DL_FILL));
        v->n_queues = 0;
        in.intervals = &iv;
    }
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(group_sums_by_hand), cmocka_unit_test(team_page_tiles),
        cmocka_unit_test(team_agent_page),    cmocka_unit_test(ticker_of_the_screen),
        cmocka_unit_test(defaults_unchanged), cmocka_unit_test(kpi_and_interval_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
