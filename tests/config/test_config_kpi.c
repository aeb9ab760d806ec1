/*
 * test_config_kpi.c - the [kpi.ID] sections: every key, and each bad one refused with the
 * file, line and key named and the configuration left unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config_fixture.h"
#include "wb_config.h"
#include "wb_config_load.h"

static void all_keys(void **state)
{
    (void)state;
    const char *text = "[kpi.nps]\n"
                       "label_en = Net promoter score\n"
                       "label_fi = Suositteluindeksi\n"
                       "short_en = NPS\n"
                       "short_fi = SI\n"
                       "warn = 30\n"
                       "alarm = 10\n"
                       "target = 35\n"
                       "better = higher\n"
                       "\n"
                       "[kpi.backlog]\n"
                       "better = lower\n"
                       "warn = 5\n"
                       "alarm = 12.5\n"
                       "\n"
                       "[kpi.fcr]\n"
                       "warn = -3\n"
                       "alarm = off\n";
    wb_config *c = cf_load_ok("k.ini", text);
    assert_int_equal(c->n_kpis, 3);
    const wb_kpi_cfg *k = wb_config_kpi(c, "nps");
    assert_non_null(k);
    assert_string_equal(k->label_en, "Net promoter score");
    assert_string_equal(k->label_fi, "Suositteluindeksi");
    assert_string_equal(k->short_en, "NPS");
    assert_string_equal(k->short_fi, "SI");
    assert_true(k->th.warn_on && k->th.warn == 30.0);
    assert_true(k->th.alarm_on && k->th.alarm == 10.0);
    assert_true(k->has_target && k->target == 35.0);
    assert_int_equal(k->better, WB_BETTER_HIGHER);
    k = wb_config_kpi(c, "backlog");
    assert_non_null(k);
    assert_int_equal(k->better, WB_BETTER_LOWER);
    assert_true(k->th.alarm == 12.5);
    assert_false(k->has_target);
    assert_string_equal(k->label_en, "");
    k = wb_config_kpi(c, "fcr");
    assert_non_null(k);
    assert_true(k->th.warn_on && k->th.warn == -3.0);
    assert_false(k->th.alarm_on);
    assert_int_equal(k->better, WB_BETTER_UNSET);
    assert_null(wb_config_kpi(c, "csat"));
    free(c);
}

static void expect_error(const char *text, const char *want)
{
    char err[512];
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    snprintf(c->site, sizeof c->site, "unchanged");
    int rc = wb_config_load_string(c, "k.ini", text, err, sizeof err);
    if (rc != WB_ERR_CONFIG || strcmp(err, want) != 0)
        print_error("config:\n%s\ngot: %s\nwant: %s\n", text, err, want);
    assert_int_equal(rc, WB_ERR_CONFIG);
    assert_string_equal(err, want);
    assert_string_equal(c->site, "unchanged");
    assert_int_equal(c->n_kpis, 0);
    free(c);
}

static void errors(void **state)
{
    (void)state;
    expect_error("[kpi.nps]\nwarn = lots\n", "k.ini:2: [kpi.nps] warn: not a number (got 'lots')");
    expect_error("[kpi.nps]\nbetter = up\n",
                 "k.ini:2: [kpi.nps] better: expected higher or lower (got 'up')");
    expect_error("[kpi.nps]\ncolour = red\n",
                 "k.ini:2: [kpi.nps] colour: unknown key (expected label_en, label_fi, short_en, "
                 "short_fi, warn, alarm, target or better) (got 'red')");
    expect_error("[kpi.nps]\ntarget = 9999999999999999\n",
                 "k.ini:2: [kpi.nps] target: not a number (got '9999999999999999')");
    /* Thresholds against the direction of good, whichever key comes last. */
    expect_error("[kpi.nps]\nbetter = higher\nwarn = 10\nalarm = 30\n",
                 "k.ini:4: [kpi.nps] alarm: with better = higher the alarm threshold must be "
                 "below the warning one (got '30')");
    expect_error("[kpi.backlog]\nwarn = 5\nalarm = 5\nbetter = lower\n",
                 "k.ini:4: [kpi.backlog] better: with better = lower the alarm threshold must "
                 "be above the warning one (got 'lower')");
    expect_error("[kpi.nps]\nwarn = 1\n\n[kpi.nps]\n",
                 "k.ini:4: [kpi.nps]: duplicate KPI (first defined on line 1)");
    expect_error("[kpi.]\n", "k.ini:1: [kpi.]: bad KPI id: 1 to 63 bytes of UTF-8 without "
                             "spaces, ';' or brackets (got '')");
    expect_error("[kpi.a b]\n", "k.ini:1: [kpi.a b]: bad KPI id: 1 to 63 bytes of UTF-8 "
                                "without spaces, ';' or brackets (got 'a b')");
    expect_error("[kpi.nps]\nlabel_fi = \xff\n",
                 "k.ini:2: [kpi.nps] label_fi: not valid UTF-8 (got '\xff')");

    char text[4096], want[256];
    size_t o = 0;
    for (int i = 0; i <= WB_MAX_KPI_CFG; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "[kpi.k%d]\n", i);
    snprintf(want, sizeof want, "k.ini:%d: [kpi.k%d]: too many KPI sections (at most %d)",
             WB_MAX_KPI_CFG + 1, WB_MAX_KPI_CFG, WB_MAX_KPI_CFG);
    expect_error(text, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_keys),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
