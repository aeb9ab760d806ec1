/*
 * test_board.c - the board's read path (wb_board.h): a view is filled from a const board, and
 * staleness is judged on the receiver's clock passed with it, not on the screen's "now".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_board.h"

#define RX0 1795600800000LL /* receiver clock when the one message arrives */
#define S(x) ((wb_ms)(x)*1000)

static wb_board *board_with_one_message(void)
{
    static const char msg[] = "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1795600800000,"
                              "\"id\":\"c1\",\"channel\":\"phone\"}";
    wb_config cfg;
    wb_board *b;

    wb_config_defaults(&cfg);
    cfg.stale_after_ms = S(5);
    b = wb_board_new(&cfg);
    assert_non_null(b);
    assert_int_equal(wb_board_ingest(b, msg, strlen(msg), RX0), WB_APPLIED);
    return b;
}

/*
 * Stale means nothing arrived for more than stale_after (5 s) on the receiver's clock. A
 * screen on event time may be hours ahead of it (a demo at speed), and that alone is not
 * staleness; a receiver clock 6 s on is, whatever the screen's now.
 */
static void test_stale_on_receiver_clock(void **state)
{
    wb_board *b = board_with_one_message();
    const wb_board *cb = b;
    wb_board_view *v = malloc(sizeof *v);

    (void)state;
    assert_non_null(v);
    wb_board_view_fill(cb, RX0 + S(3600), RX0 + S(2), v);
    assert_false(v->stale);
    assert_true(v->ever_data);
    assert_int_equal(v->last_rx, RX0);
    assert_int_equal(v->now, RX0 + S(3600));
    wb_board_view_fill(cb, RX0 + S(3600), RX0 + S(5), v);
    assert_false(v->stale); /* exactly 5 s: not more than stale_after */
    wb_board_view_fill(cb, RX0, RX0 + S(6), v);
    assert_true(v->stale);
    /* One clock for both: 10 s after the message. */
    wb_board_view_fill(cb, RX0 + S(10), RX0 + S(10), v);
    assert_true(v->stale);
    /* The view is computed at now: the contact has waited 30 s by now. */
    wb_board_view_fill(cb, RX0 + S(30), RX0 + S(1), v);
    assert_int_equal(v->n_channels, 1);
    assert_int_equal(v->ch[0].m.waiting, 1);
    assert_int_equal(v->ch[0].m.oldest_wait_ms, S(30));
    free(v);
    wb_board_free(b);
}

/* Filling reads the board only: the model seen through the const accessor is the same one. */
static void test_const_read_path(void **state)
{
    wb_board *b = board_with_one_message();
    const wb_board *cb = b;
    wb_board_counters before, after;
    wb_board_view *v = malloc(sizeof *v);

    (void)state;
    assert_ptr_equal(wb_board_model_const(cb), wb_board_model(b));
    assert_int_equal(wb_model_newest_ts(wb_board_model_const(cb)), RX0);
    wb_board_counters_get(cb, &before);
    wb_board_view_fill(cb, RX0 + S(1), RX0 + S(1), v);
    wb_board_view_fill(cb, RX0 + S(1), RX0 + S(1), v);
    wb_board_counters_get(cb, &after);
    assert_memory_equal(&before, &after, sizeof before);
    assert_int_equal(v->counters.received, 1);
    assert_int_equal(v->counters.applied, 1);
    free(v);
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stale_on_receiver_clock),
        cmocka_unit_test(test_const_read_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
