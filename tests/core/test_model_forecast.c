/*
 * test_model_forecast.c - the shared-queue inputs of a channel's projection, worked by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wb_model_forecast.h"

/*
 * Channels 0 phone, 1 chat, 2 email. Chat's pool is chat and phone (bit 0); email is not in
 * it. The waiting contacts add up (3 + 2), the other arrivals are phone's (0.06 and 0.07 per
 * second), and the AHT is the mix weighted by the slow rates:
 * (0.06 * 270 + 0.02 * 440) / 0.08 = (16.2 + 8.8) / 0.08 = 312.5 s.
 */
static void pool_hand(void **state)
{
    (void)state;
    const wb_pool_channel ch[3] = {
        {.slow = 0.06, .fast = 0.07, .aht_s = 270, .waiting = 3},
        {.slow = 0.02, .fast = 0.02, .aht_s = 440, .waiting = 2},
        {.slow = 0.5, .fast = 0.5, .aht_s = 500, .waiting = 100},
    };
    wb_forecast_input in;
    memset(&in, 0, sizeof in);
    in.lambda_slow = 0.02;
    in.t_s = 30;
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0, 30, 4), WB_OK);
    assert_float_equal(in.other_slow, 0.06, 1e-15);
    assert_float_equal(in.other_fast, 0.07, 1e-15);
    assert_float_equal(in.waiting, 5, 0);
    assert_float_equal(in.aht_s, 312.5, 1e-9);
    assert_int_equal(in.agents, 30);
    assert_float_equal(in.free_agents, 4, 0);
    assert_true(in.erlang_floor);
    /* Untouched: the channel's own inputs. */
    assert_float_equal(in.lambda_slow, 0.02, 0);
    assert_float_equal(in.t_s, 30, 0);

    /* A pool of chat alone: its own queue and AHT, no other arrivals. */
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 0, 12, 1), WB_OK);
    assert_float_equal(in.other_slow, 0, 0);
    assert_float_equal(in.waiting, 2, 0);
    assert_float_equal(in.aht_s, 440, 0);
    assert_int_equal(in.agents, 12);
}

/*
 * The patience of the pool: phone's callers give up after 180 s on average, chat's after 300 s,
 * email's never (0). The rates of giving up are mixed by the slow arrival rates: (0.06 / 180 +
 * 0.02 / 300) / 0.08 = (1/3000 + 1/15000) / 0.08 = 0.005 per second, a patience of 200 s. With
 * email in the pool too (0.5 per second that never give up): 0.0004 / 0.58, a patience of
 * 1450 s. With nobody giving up anywhere: 0 (Erlang C). With no arrivals: chat's own.
 */
static void pool_patience(void **state)
{
    (void)state;
    wb_pool_channel ch[3] = {
        {.slow = 0.06, .fast = 0.07, .aht_s = 270, .waiting = 3, .patience_s = 180},
        {.slow = 0.02, .fast = 0.02, .aht_s = 440, .waiting = 2, .patience_s = 300},
        {.slow = 0.5, .fast = 0.5, .aht_s = 500, .waiting = 100},
    };
    wb_forecast_input in;
    memset(&in, 0, sizeof in);
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0, 30, 4), WB_OK);
    assert_float_equal(in.patience_s, 200, 1e-9);
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0 | 1u << 2, 30, 4), WB_OK);
    assert_float_equal(in.patience_s, 1450, 1e-9);
    ch[0].patience_s = ch[1].patience_s = 0;
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0, 30, 4), WB_OK);
    assert_float_equal(in.patience_s, 0, 0);
    ch[0].slow = ch[1].slow = 0;
    ch[1].patience_s = 300;
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0, 30, 4), WB_OK);
    assert_float_equal(in.patience_s, 300, 0);
    /* A negative patience is a bad input. */
    ch[0].patience_s = -1;
    assert_int_equal(wb_pool_input(&in, ch, 3, 1, 1u << 0, 30, 4), WB_ERR_INVAL);
}

/* No arrivals anywhere: the AHT is the channel's own. */
static void pool_no_rate(void **state)
{
    (void)state;
    const wb_pool_channel ch[2] = {
        {.slow = 0, .fast = 0, .aht_s = 270, .waiting = 0},
        {.slow = 0, .fast = 0, .aht_s = 440, .waiting = 1},
    };
    wb_forecast_input in;
    memset(&in, 0, sizeof in);
    assert_int_equal(wb_pool_input(&in, ch, 2, 0, 3, 5, 0), WB_OK);
    assert_float_equal(in.aht_s, 270, 0);
    assert_float_equal(in.waiting, 1, 0);
}

/* A bad channel in the pool, or chi out of range: an error and nothing changed. */
static void pool_bad_input(void **state)
{
    (void)state;
    wb_pool_channel ch[2] = {
        {.slow = 0.01, .fast = 0.01, .aht_s = 270, .waiting = 0},
        {.slow = 0.01, .fast = 0.01, .aht_s = 440, .waiting = -1},
    };
    wb_forecast_input in, before;
    memset(&in, 0, sizeof in);
    in.waiting = 7;
    in.aht_s = 100;
    before = in;
    assert_int_equal(wb_pool_input(&in, ch, 2, 0, 3, 5, 0), WB_ERR_INVAL);
    assert_memory_equal(&in, &before, sizeof in);
    ch[1].waiting = 0;
    ch[1].aht_s = NAN;
    assert_int_equal(wb_pool_input(&in, ch, 2, 0, 3, 5, 0), WB_ERR_INVAL);
    assert_int_equal(wb_pool_input(&in, ch, 2, 2, 0, 5, 0), WB_ERR_INVAL);
    assert_int_equal(wb_pool_input(NULL, ch, 2, 0, 0, 5, 0), WB_ERR_INVAL);
    assert_memory_equal(&in, &before, sizeof in);
    /* The bad channel outside the pool does not matter. */
    assert_int_equal(wb_pool_input(&in, ch, 2, 0, 0, 5, 0), WB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pool_hand),
        cmocka_unit_test(pool_patience),
        cmocka_unit_test(pool_no_rate),
        cmocka_unit_test(pool_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
