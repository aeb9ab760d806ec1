/*
 * test_model_waits.c - what an outcome counts when its wait is not known: no wait_ms and no
 * queued event to take it from (the queued event lost in a gap, or a publisher that sends only
 * outcomes). An answer then waited 0 (the protocol's rule); an abandon is neither a short
 * abandon nor one within T, so it stays in every rate. Worked by hand with T = 20 s, short
 * abandons under 5 s and the "offered" formula:
 *   a1 answered, wait_ms 10 s       -> answered, within T
 *   a2 answered, no wait known      -> answered, wait 0, within T
 *   b1 abandoned, no wait known     -> abandoned, not short, not within T
 *   b2 abandoned, wait_ms 2 s       -> abandoned, short
 *   b3 queued at t, abandoned t+8 s -> abandoned, not short, within T (from its queued event)
 * Counted: answered 2 (2 within T), abandoned 3, short 1, abandoned within T 1. SL offered =
 * 2 / (2 + 3 - 1) = 50 %; abandon rate = (3 - 1) / (2 + 3 - 1) = 50 %. Read as a wait of 0, b1
 * was short: SL 2 / 3 = 66.7 %, abandon rate 1 / 3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wb_board.h"

#define T0 1795600800000LL /* 2026-11-25 10:00 UTC */

static void ingest(wb_board *b, const char *type, const char *id, long long ts, long long wait)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg,
                     "{\"v\":1,\"type\":\"%s\",\"ts\":%lld,\"src\":\"p\",\"id\":\"%s\","
                     "\"channel\":\"phone\"",
                     type, ts, id);
    if (wait >= 0)
        n += snprintf(msg + n, sizeof msg - (size_t)n, ",\"wait_ms\":%lld", wait);
    snprintf(msg + n, sizeof msg - (size_t)n, "}");
    assert_int_equal(wb_board_ingest(b, msg, strlen(msg), ts), WB_APPLIED);
}

static void unknown_waits(void **state)
{
    (void)state;
    wb_config cfg;
    wb_config_defaults(&cfg);
    wb_board *b = wb_board_new(&cfg);
    assert_non_null(b);
    ingest(b, "contact.answered", "a1", T0, 10000);
    ingest(b, "contact.answered", "a2", T0 + 1000, -1);
    ingest(b, "contact.abandoned", "b1", T0 + 2000, -1);
    ingest(b, "contact.abandoned", "b2", T0 + 3000, 2000);
    ingest(b, "contact.queued", "b3", T0 + 4000, -1);
    ingest(b, "contact.abandoned", "b3", T0 + 12000, -1);
    const wb_model *m = wb_board_model_const(b);
    wb_channel_metrics cm;
    size_t ch = 0;
    for (; ch < wb_model_channel_count(m); ch++) {
        wb_model_channel_metrics(m, ch, T0 + 13000, &cm);
        if (strcmp(cm.name, "phone") == 0)
            break;
    }
    assert_true(ch < wb_model_channel_count(m));
    /* The built-in phone channel: T = 20 s, short abandons under 5 s, "offered". */
    assert_int_equal(cm.cfg->sl_t_ms, 20000);
    assert_int_equal(cm.cfg->short_abandon_ms, 5000);
    assert_int_equal(cm.cfg->formula, WB_SL_OFFERED);
    assert_int_equal(cm.today.c.answered, 2);
    assert_int_equal(cm.today.c.answered_in_sl, 2);
    assert_int_equal(cm.today.c.abandoned, 3);
    assert_int_equal(cm.today.c.short_abandoned, 1);
    assert_int_equal(cm.today.c.abandoned_in_sl, 1);
    assert_float_equal(cm.today.sl, 0.5, 1e-12);
    assert_float_equal(cm.today.abandon_pct, 50.0, 1e-9);
    /* a2's wait of 0 and a1's 10 s: an average answer of 5 s. */
    assert_float_equal(cm.today.asa_s, 5.0, 1e-9);
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
