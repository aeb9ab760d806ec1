/*
 * test_layout_text.c - text fitting (layout_text.c) with a measurer whose numbers can be
 * worked by hand: a string of n bytes at px pixels is n * px / 2 wide and px high. The size
 * ladder, the largest size that fits, the ellipsis that never splits a UTF-8 character, the
 * emitted items, and the number formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "layout_int.h"

static int measure(void *ud, wb_font_role role, int px, const char *s, int *w, int *h)
{
    *w = (int)strlen(s) * px / 2;
    *h = px;
    return 0;
}

static wb_layout_in in = {.w = 800, .h = 480, .measure = measure};

static wb_lay_ctx make_ctx(wb_dlist *dl, wb_lang lang)
{
    in.lang = lang;
    wb_lay_ctx c = {.dl = dl, .in = &in, .lb = wb_lay_labels(lang), .tz = ""};
    return c;
}

static void test_ladder(void **state)
{
    assert_int_equal(wb_lay_ladder_down(5), 8);   /* never below the minimum */
    assert_int_equal(wb_lay_ladder_down(23), 23); /* every size up to 24 */
    assert_int_equal(wb_lay_ladder_down(25), 24); /* even sizes up to 64 */
    assert_int_equal(wb_lay_ladder_down(63), 62);
    assert_int_equal(wb_lay_ladder_down(67), 64);   /* multiples of 4 up to 160 */
    assert_int_equal(wb_lay_ladder_down(167), 160); /* multiples of 8 above */
    assert_int_equal(wb_lay_ladder_down(175), 168);
}

static void test_fit_px(void **state)
{
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_lay_ctx c = make_ctx(&dl, WB_LANG_EN);
    /* "abcd" is 2 * px wide: in 40 px the largest is 20, in 41 still 20, height permitting. */
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 100, "abcd", 40, 100), 20);
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 100, "abcd", 41, 100), 20);
    /* The height limits too: 30 px high allows 30, a ladder size. */
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 100, "abcd", 1000, 30), 30);
    /* 100 wide, max 48: 48 fits (96 wide). */
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 48, "abcd", 100, 100), 48);
    /* 10 px wide would need px 5, under the minimum of 8. */
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 100, "abcd", 10, 100), -1);
    assert_int_equal(wb_lay_fit_px(&c, WB_FONT_BOLD, 100, "abcd", 0, 100), -1);
}

static void test_shorten(void **state)
{
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_lay_ctx c = make_ctx(&dl, WB_LANG_EN);
    char out[64];
    /* At 8 px a byte is 4 px wide; the ellipsis is 3 bytes: k bytes + it fit when
     * (k + 3) * 4 <= width. 20 px: two bytes. 12 px: not even one. */
    assert_true(wb_lay_shorten(&c, WB_FONT_BOLD, "abcdef", 20, 8, out, sizeof out));
    assert_string_equal(out, "ab\xE2\x80\xA6");
    assert_false(wb_lay_shorten(&c, WB_FONT_BOLD, "abcdef", 12, 8, out, sizeof out));
    /* "ä" is 2 bytes: 28 px allows 4 bytes (two of them), 24 px 3 bytes, which must not
     * split the second one: one "ä" only. */
    assert_true(
        wb_lay_shorten(&c, WB_FONT_BOLD, "\xC3\xA4\xC3\xA4\xC3\xA4", 28, 8, out, sizeof out));
    assert_string_equal(out, "\xC3\xA4\xC3\xA4\xE2\x80\xA6");
    assert_true(
        wb_lay_shorten(&c, WB_FONT_BOLD, "\xC3\xA4\xC3\xA4\xC3\xA4", 24, 8, out, sizeof out));
    assert_string_equal(out, "\xC3\xA4\xE2\x80\xA6");
}

static void test_text_items(void **state)
{
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_lay_ctx c = make_ctx(&dl, WB_LANG_EN);
    wb_rect box = {0, 0, 40, 100};
    const wb_dl_item *it =
        wb_lay_text(&c, WB_TAG_CLOCK, -1, box, WB_FONT_BOLD, 100, WB_ALIGN_RIGHT, 1u, "abcd");
    assert_non_null(it);
    assert_int_equal(it->kind, WB_DL_TEXT);
    assert_int_equal(it->px, 20);
    assert_int_equal(it->align, WB_ALIGN_RIGHT);
    assert_string_equal(wb_dl_text(&dl, it), "abcd");
    /* Too long for 8 px in 20 px: shortened to two bytes and an ellipsis, at 8 px. */
    box.w = 20;
    it = wb_lay_text(&c, WB_TAG_LABEL, -1, box, WB_FONT_BOLD, 100, WB_ALIGN_LEFT, 1u, "abcdef");
    assert_non_null(it);
    assert_int_equal(it->px, 8);
    assert_string_equal(wb_dl_text(&dl, it), "ab\xE2\x80\xA6");
    /* "ab" at 8 px is 8 px wide, "a" and the ellipsis 16: in 4 px nothing fits, no item. */
    box.w = 4;
    assert_null(wb_lay_text(&c, WB_TAG_LABEL, -1, box, WB_FONT_BOLD, 100, WB_ALIGN_LEFT, 1u, "ab"));
    assert_int_equal(dl.n, 2);
    /* text_at keeps the size it is given when the text fits at it. */
    box.w = 400;
    it = wb_lay_text_at(&c, WB_TAG_LABEL, -1, box, WB_FONT_BOLD, 22, WB_ALIGN_LEFT, 1u, "abcd");
    assert_int_equal(it->px, 22);
    wb_dlist_fini(&dl);
}

static void test_formats(void **state)
{
    wb_dlist dl;
    wb_dlist_init(&dl);
    char buf[32];
    wb_lay_ctx en = make_ctx(&dl, WB_LANG_EN);
    wb_lay_fmt_pct(&en, buf, sizeof buf, 0.823);
    assert_string_equal(buf, "82%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, NAN);
    assert_string_equal(buf, EM_DASH);
    wb_lay_ctx fi = make_ctx(&dl, WB_LANG_FI);
    wb_lay_fmt_pct(&fi, buf, sizeof buf, 0.5);
    assert_string_equal(buf, "50 %");
    /*
     * A percentage is cut down to a whole percent, never rounded up to a threshold it missed
     * (docs/metrics.md): 39 / 49 = 79.59 % is 79 %, 249 / 250 = 99.6 % is 99 %, and only a
     * true 100 % is 100 %. Figures exactly on a whole percent stay there, though 0.29 * 100 is
     * 28.999999999999996 in doubles: 29 / 100 is 29 %, 4 / 5 is 80 %.
     */
    wb_lay_fmt_pct(&en, buf, sizeof buf, 39.0 / 49.0);
    assert_string_equal(buf, "79%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 249.0 / 250.0);
    assert_string_equal(buf, "99%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 1.0);
    assert_string_equal(buf, "100%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 29.0 / 100.0);
    assert_string_equal(buf, "29%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 4.0 / 5.0);
    assert_string_equal(buf, "80%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 0.0);
    assert_string_equal(buf, "0%");
    wb_lay_fmt_pct(&fi, buf, sizeof buf, 39.0 / 49.0);
    assert_string_equal(buf, "79 %");
    /*
     * Above zero and under one percent is "<1%", never the "0%" that reads as none at all: 1
     * abandoned of 150 offered is 0.67 %, 1 of 101 is 0.99 %; 1 of 100 is 1 % and reads "1%".
     * A true zero stays "0%".
     */
    wb_lay_fmt_pct(&en, buf, sizeof buf, 1.0 / 150.0);
    assert_string_equal(buf, "<1%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 1.0 / 101.0);
    assert_string_equal(buf, "<1%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 1.0 / 100.0);
    assert_string_equal(buf, "1%");
    wb_lay_fmt_pct(&en, buf, sizeof buf, 0.0);
    assert_string_equal(buf, "0%");
    wb_lay_fmt_pct(&fi, buf, sizeof buf, 1.0 / 150.0);
    assert_string_equal(buf, "<1 %");
    /* One place: 94.96 is 94.9; two: 0.996 is 0.99; a negative figure goes down too. */
    assert_true(fabs(wb_lay_cut(94.96, 1) - 94.9) < 1e-9);
    assert_true(fabs(wb_lay_cut(0.996, 2) - 0.99) < 1e-9);
    assert_true(fabs(wb_lay_cut(-0.5, 0) - -1.0) < 1e-9);
    /* A target keeps the places it was configured with, so that 79.2 % reads below 79.5 %.
     * (The contexts share one input, whose language the last make_ctx() set.) */
    en = make_ctx(&dl, WB_LANG_EN);
    wb_lay_fmt_target(&en, buf, sizeof buf, 0.80);
    assert_string_equal(buf, "80%");
    wb_lay_fmt_target(&en, buf, sizeof buf, 79.5 / 100.0);
    assert_string_equal(buf, "79.5%");
    fi = make_ctx(&dl, WB_LANG_FI);
    wb_lay_fmt_target(&fi, buf, sizeof buf, 79.5 / 100.0);
    assert_string_equal(buf, "79,5 %");
    /*
     * A figure beside a target has the target's places, cut: 79.6 % meets 79.5 % and reads
     * so, 39 / 49 = 79.59 % reads 79.5 % (it meets it too), 79.49 % reads 79.4 %; against
     * 79.25 %, 79.249 % reads 79.24 %. A whole target keeps whole figures, as does no target.
     * With a place, a figure above 0 and under a tenth is "<0.1%".
     */
    wb_lay_fmt_pct_vs(&fi, buf, sizeof buf, 0.796, 0.795);
    assert_string_equal(buf, "79,6 %");
    en = make_ctx(&dl, WB_LANG_EN);
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 0.796, 0.795);
    assert_string_equal(buf, "79.6%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 39.0 / 49.0, 0.795);
    assert_string_equal(buf, "79.5%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 0.7949, 0.795);
    assert_string_equal(buf, "79.4%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 0.79249, 0.7925);
    assert_string_equal(buf, "79.24%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 0.796, 0.80);
    assert_string_equal(buf, "79%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 0.796, NAN);
    assert_string_equal(buf, "79%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 1.0 / 2000.0, 0.795);
    assert_string_equal(buf, "<0.1%");
    wb_lay_fmt_pct_vs(&en, buf, sizeof buf, 1.0, 0.795);
    assert_string_equal(buf, "100.0%");
    wb_lay_fmt_target(&en, buf, sizeof buf, NAN);
    assert_string_equal(buf, EM_DASH);
    wb_lay_fmt_mmss(buf, sizeof buf, 65000);
    assert_string_equal(buf, "1:05");
    wb_lay_fmt_mmss(buf, sizeof buf, 3600000 + 61000);
    /* 1 h 1 min 1 s: past an hour, hours and minutes. */
    assert_string_equal(buf, "1:01 h");
    wb_lay_fmt_mmss(buf, sizeof buf, -5);
    assert_string_equal(buf, "0:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ladder),  cmocka_unit_test(test_fit_px),
        cmocka_unit_test(test_shorten), cmocka_unit_test(test_text_items),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
