/*
 * test_layout_small.c - the screen at its smallest windows, 480x320 and 320x480, as a
 * supervisor reads it: the header's connection state in a word on every page (never by colour
 * alone), and an alarm's level badge readable on the KPI page and on a channel tile. English
 * and Finnish. Measured as the layout fixture measures (0.6 em a character, 1.2 em a line).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "layout_fixture.h"

/*
 * The connection pill says its state in a word at the smallest windows too, 320x480 as well as
 * 480x320, in English and Finnish, live, resyncing, stale and before any data: the word or its
 * shorter form, whole, inside the pill. At 320x480 the pill in the header's second row is
 * 12 px high and its word's box 8 px, lower than any text at the smallest size (10 px with the
 * fixture's 1.2 em): the pill was a green bar with no word.
 */
static void test_conn_word_when_small(void **state)
{
    (void)state;
    static const int sizes[][2] = {{320, 480}, {480, 320}};
    /* By language and state (live, resyncing, stale, no data): the word, then its short form. */
    static const char *const words[2][4][2] = {
        {{"LIVE", "LIVE"}, {"RESYNCING", "RESYNC"}, {"STALE", "STALE"}, {"NO DATA", "NO DATA"}},
        {{"AJAN TASALLA", "AJASSA"},
         {"SYNKRONOIDAAN", "SYNKR."},
         {"VANHENTUNUT", "VANHA"},
         {"EI TIETOJA", "EI DATAA"}}};
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int lang = 0; lang < WB_LANG_COUNT; lang++)
        for (int st = 0; st < 4; st++)
            for (size_t z = 0; z < 2; z++) {
                wb_board_view *v = fx_view(5);
                if (st == 1)
                    v->n_resyncing = 1;
                if (st == 2)
                    v->stale = true;
                if (st == 3) {
                    v->ever_data = false;
                    v->last_rx = -1;
                }
                fx_opts o = {.lang = (wb_lang)lang};
                assert_int_equal(fx_build(&dl, sizes[z][0], sizes[z][1], v, &o), 0);
                const wb_dl_item *pill = fx_find(&dl, WB_TAG_CONN, -1, WB_DL_FILL);
                const wb_dl_item *word = fx_find(&dl, WB_TAG_CONN, -1, WB_DL_TEXT);
                assert_non_null(pill);
                if (!word)
                    fail_msg("%dx%d %s state %d: the pill has no word", sizes[z][0], sizes[z][1],
                             lang ? "fi" : "en", st);
                const char *s = wb_dl_text(&dl, word);
                if (strcmp(s, words[lang][st][0]) != 0 && strcmp(s, words[lang][st][1]) != 0)
                    fail_msg("%dx%d %s state %d: \"%s\"", sizes[z][0], sizes[z][1],
                             lang ? "fi" : "en", st, s);
                assert_true(word->px >= 8);
                assert_true(fx_inside(word->box, pill->box));
                /* The word's measured size fits its box. */
                int w = 0, h = 0;
                fx_measure(NULL, word->font, word->px, s, &w, &h);
                assert_true(w <= word->box.w && h <= word->box.h);
                free(v);
            }
    wb_dlist_fini(&dl);
}

/*
 * Twelve KPI figures of v, in turn ok, warn and alarm (judged against a target of 30 or 80),
 * as on the demo's KPI page.
 */
static void twelve_kpis(wb_board_view *v)
{
    static const char *ids[3] = {"nps", "fcr", "quality"};
    static const char *teams[4] = {"Voice", "Sales", "Digital", "Universal"};
    for (size_t i = 0; i < 12; i++) {
        wb_kpi_view *kv = &v->kpi[i];
        memset(kv, 0, sizeof *kv);
        kv->k.src = "crm";
        kv->k.kpi = kv->k.label = ids[i % 3];
        kv->k.scope = teams[i / 3];
        kv->k.period = "today";
        kv->k.unit = i % 3 ? "%" : "";
        kv->k.value = 30 + (double)i * 1.5;
        kv->k.better = kv->j.better = WB_BETTER_HIGHER;
        kv->k.ts = FX_T - 60000;
        kv->j.has_target = kv->j.judged = true;
        kv->j.target = i % 3 ? 80 : 30;
        kv->j.level = (wb_level)(i % 3);
    }
    v->n_kpis = 12;
}

/*
 * An alarm's level badge is readable at the smallest windows, on the KPI page and on a channel
 * tile, in English and Finnish: the cross and its word (at least its first letter) either in a
 * light colour or in dark ink on the alarm's red fill. At 480x320 a KPI tile's title row leaves
 * the badge 40x11 px, too low for its padding: the text was written there in the badge's dark
 * ink without the fill, near-black on the tile's dark red.
 */
static void test_alarm_badge_readable(void **state)
{
    (void)state;
    static const int sizes[][2] = {{480, 320}, {320, 480}};
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int lang = 0; lang < WB_LANG_COUNT; lang++)
        for (size_t z = 0; z < 2; z++)
            for (int page = 0; page < 2; page++) {
                wb_board_view *v = fx_view(5);
                fx_level(v, 1, WB_LEVEL_ALARM, WB_RULE_SL_TODAY);
                twelve_kpis(v);
                fx_opts o = {.lang = (wb_lang)lang, .page = page ? WB_PAGE_KPIS : WB_PAGE_OVERVIEW};
                assert_int_equal(fx_build(&dl, sizes[z][0], sizes[z][1], v, &o), 0);
                int alarms = 0;
                for (size_t i = 0; i < dl.n; i++) {
                    const wb_dl_item *it = &dl.items[i];
                    const char *s = wb_dl_text(&dl, it);
                    if (it->kind != WB_DL_TEXT || it->tag != WB_TAG_LEVEL ||
                        strncmp(s, "\xE2\x9C\x96", 3) != 0)
                        continue;
                    alarms++;
                    /* "✖ A", "✖ H": the symbol and at least the word's first letter. */
                    if (strncmp(s + 3, " A", 2) != 0 && strncmp(s + 3, " H", 2) != 0)
                        fail_msg("%dx%d page %d: alarm badge \"%s\"", sizes[z][0], sizes[z][1],
                                 page, s);
                    bool filled = false;
                    for (size_t k = 0; k < i; k++)
                        filled |= dl.items[k].kind == WB_DL_FILL && dl.items[k].tile == it->tile &&
                                  dl.items[k].color == WB_COL_ALARM &&
                                  fx_inside(it->box, dl.items[k].box);
                    if (it->color == WB_COL_BG && !filled)
                        fail_msg("%dx%d %s page %d tile %d: \"%s\" in dark ink without its fill",
                                 sizes[z][0], sizes[z][1], lang ? "fi" : "en", page, it->tile, s);
                }
                /* The channel in alarm, or the four KPI figures in alarm. */
                assert_int_equal(alarms, page ? 4 : 1);
                free(v);
            }
    wb_dlist_fini(&dl);
}

int main(void)
{
    fx_make_cfg();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_word_when_small),
        cmocka_unit_test(test_alarm_badge_readable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
