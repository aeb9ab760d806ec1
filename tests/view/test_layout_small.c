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

int main(void)
{
    fx_make_cfg();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_word_when_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
