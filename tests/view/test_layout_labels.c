/*
 * test_layout_labels.c - the label tables (layout_labels.c): every label present in every
 * language, the format strings of each language taking the same arguments in the same order
 * (a mismatch would be undefined behaviour in snprintf), and language parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "layout_int.h"

/* The labels are const char * fields and arrays up to pct_space. */
#define N_STRINGS (offsetof(wb_labels, pct_space) / sizeof(const char *))

static const char *field(const wb_labels *lb, size_t k)
{
    const char *const *p = (const char *const *)(const void *)lb;
    return p[k];
}

static void test_every_label_present(void **state)
{
    for (int l = 0; l < WB_LANG_COUNT; l++) {
        const wb_labels *lb = wb_lay_labels((wb_lang)l);
        for (size_t k = 0; k < N_STRINGS; k++) {
            if (!field(lb, k) || !field(lb, k)[0])
                fail_msg("language %d: label %zu is missing", l, k);
        }
    }
    /* Spot checks against the tables as written. */
    assert_string_equal(wb_lay_labels(WB_LANG_EN)->state[WB_AGENT_WRAPUP], "Wrap-up");
    assert_string_equal(wb_lay_labels(WB_LANG_FI)->days[0], "su");
    assert_string_equal(wb_lay_labels(WB_LANG_EN)->months[11], "Dec");
    assert_false(wb_lay_labels(WB_LANG_EN)->pct_space);
    assert_true(wb_lay_labels(WB_LANG_FI)->pct_space);
}

/* The conversion letters of a format, in order ("%s: %u x %s" -> "sus"), "%%" skipped. */
static void conversions(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = fmt; *p && n + 1 < cap; p++) {
        if (*p != '%')
            continue;
        p++;
        while (*p && strchr("0123456789.-", *p))
            p++;
        if (*p && *p != '%')
            out[n++] = *p;
        if (!*p)
            break;
    }
    out[n] = '\0';
}

static void test_formats_agree(void **state)
{
    /* What each format label takes, written out by hand from how layout calls it. */
    const struct {
        size_t off;
        const char *conv;
    } fmts[] = {
        {offsetof(wb_labels, last_fmt), "d"},
        {offsetof(wb_labels, forecast_fmt), "sd"},
        {offsetof(wb_labels, data_age), "s"},
        {offsetof(wb_labels, nodata_since), "s"},
        {offsetof(wb_labels, breach_fmt), "sd"},
        {offsetof(wb_labels, time_fmt), "ddd"},
        {offsetof(wb_labels, t_waiting), "sus"},
        {offsetof(wb_labels, t_oldest), "sss"},
        {offsetof(wb_labels, t_sl_today), "sss"},
        {offsetof(wb_labels, t_sl_rolling), "sdss"},
        {offsetof(wb_labels, t_forecast), "sss"},
        {offsetof(wb_labels, move_one), "ss"},
        {offsetof(wb_labels, move_many), "dss"},
        {offsetof(wb_labels, more), "d"},
        {offsetof(wb_labels, t_breach), "sss"},
        {offsetof(wb_labels, data_age_short), "s"},
        {offsetof(wb_labels, last_fmt_short), "d"},
        {offsetof(wb_labels, noagents_fmt), "d"},
        {offsetof(wb_labels, t_breach_noagents), "sss"},
        {offsetof(wb_labels, forecast_low_fmt), "sd"},
        {offsetof(wb_labels, forecast_held_fmt), "s"},
        {offsetof(wb_labels, t_forecast_low), "sss"},
        {offsetof(wb_labels, t_forecast_held), "ss"},
        {offsetof(wb_labels, t_sl_today_held), "sss"},
        {offsetof(wb_labels, t_sl_rolling_held), "sdss"},
        {offsetof(wb_labels, t_silent), "ss"},
        {offsetof(wb_labels, t_sl_today_lim), "sss"},
        {offsetof(wb_labels, t_sl_rolling_lim), "sdss"},
        {offsetof(wb_labels, t_sl_today_held_lim), "sss"},
        {offsetof(wb_labels, t_sl_rolling_held_lim), "sdss"},
    };
    for (int l = 0; l < WB_LANG_COUNT; l++) {
        const wb_labels *lb = wb_lay_labels((wb_lang)l);
        for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
            const char *f = *(const char *const *)(const void *)((const char *)lb + fmts[k].off);
            char got[16];
            conversions(f, got, sizeof got);
            if (strcmp(got, fmts[k].conv) != 0)
                fail_msg("language %d: format \"%s\" takes %%%s, expected %%%s", l, f, got,
                         fmts[k].conv);
        }
    }
}

static void test_lang_parse(void **state)
{
    assert_int_equal(wb_lang_parse("fi"), WB_LANG_FI);
    assert_int_equal(wb_lang_parse("en"), WB_LANG_EN);
    assert_int_equal(wb_lang_parse("sv"), WB_LANG_EN);
    assert_int_equal(wb_lang_parse(NULL), WB_LANG_EN);
    /* An out-of-range language gets the English table, not memory past the array. */
    assert_ptr_equal(wb_lay_labels((wb_lang)99), wb_lay_labels(WB_LANG_EN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_label_present),
        cmocka_unit_test(test_formats_agree),
        cmocka_unit_test(test_lang_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
