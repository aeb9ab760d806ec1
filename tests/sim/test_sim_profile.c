/*
 * test_sim_profile.c - the simulated center's arrival profile (wb_sim_profile.h), worked by
 * hand from its tables: hourly weights interpolated between hour midpoints, the channel's
 * daily volume shared by the weights' sum, closed hours, and the surge scenario's multipliers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wb_sim_profile.h"

#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

/* Per hour rather than per ms, to compare with the hand figures. */
static double per_hour(int ch, int hh, int mm, double volume_x, int scenario)
{
    return wb_sim_slot_rate(ch, (hh * 60 + mm) * MIN_MS, volume_x, scenario) * (double)HOUR_MS;
}

/*
 * Phone: 1800 a day, weights 3, 8, 11, 12, 11, 8, 9, 10, 9, 7, 5, 3, 2 for 07..19 (sum 98).
 * The 09:00 slot's midpoint is 9.125 h, 0.625 of the way from hour 8's midpoint (8.5, weight
 * 8) to hour 9's (9.5, weight 11): 8 + 3 * 0.625 = 9.875, so 1800 * 9.875 / 98 = 181.3776/h.
 */
static void test_phone_rates(void **state)
{
    (void)state;
    assert_near(per_hour(CH_PHONE, 9, 0, 1.0, SC_NORMAL), 1800 * 9.875 / 98, 1e-9);
    /* Any moment inside the slot has the slot's rate. */
    assert_near(per_hour(CH_PHONE, 9, 14, 1.0, SC_NORMAL), 1800 * 9.875 / 98, 1e-9);
    /* 07:00: midpoint 7.125 h, from hour 6 (weight 0) to 7 (3): 1.875. */
    assert_near(per_hour(CH_PHONE, 7, 0, 1.0, SC_NORMAL), 1800 * 1.875 / 98, 1e-9);
    /* 06:45 interpolates towards 07:00's weight, but hour 6 is closed and stays closed. */
    assert_near(per_hour(CH_PHONE, 6, 45, 1.0, SC_NORMAL), 0, 0);
    assert_near(per_hour(CH_PHONE, 3, 0, 1.0, SC_NORMAL), 0, 0);
    /* Twice the agents, twice the contacts. */
    assert_near(per_hour(CH_PHONE, 9, 0, 2.0, SC_NORMAL), 2 * 1800 * 9.875 / 98, 1e-9);
}

/*
 * Surge: phone x3 from 10:00 to 11:00. The 10:00 slot: midpoint 10.125 h, 11 + 1 * 0.625 =
 * 11.625, so 1800 * 11.625 / 98 = 213.52/h normally and three times that in the surge.
 * Chat (700 a day, weights 4, 8, 10, 10, 9, 10, 10, 9, 8, 6, 5, 4 for 08..19, sum 93) is x1.3
 * at 10:15: midpoint 10.375 h, 8 + 2 * 0.875 = 9.75 (hour 9 weight 8, hour 10 weight 10).
 */
static void test_surge(void **state)
{
    double phone = 1800 * 11.625 / 98, chat = 700 * 9.75 / 93;

    (void)state;
    assert_near(per_hour(CH_PHONE, 10, 0, 1.0, SC_NORMAL), phone, 1e-9);
    assert_near(per_hour(CH_PHONE, 10, 0, 1.0, SC_SURGE), 3 * phone, 1e-9);
    assert_near(per_hour(CH_PHONE, 10, 0, 1.0, SC_BREAK), phone, 1e-9);
    /* 11:00 is past the surge: 11:00's own normal rate (12 + (11 - 12) * 0.625 = 11.375). */
    assert_near(per_hour(CH_PHONE, 11, 0, 1.0, SC_SURGE), 1800 * 11.375 / 98, 1e-9);
    assert_near(per_hour(CH_CHAT, 10, 15, 1.0, SC_NORMAL), chat, 1e-9);
    assert_near(per_hour(CH_CHAT, 10, 15, 1.0, SC_SURGE), 1.3 * chat, 1e-9);
    /* Six chat slots from 10:15 are raised; 11:45, the seventh, is not. 11:45: midpoint
     * 11.875 h, 0.375 past hour 11's midpoint: 10 + (9 - 10) * 0.375 = 9.625. */
    assert_near(per_hour(CH_CHAT, 11, 45, 1.0, SC_SURGE), 700 * 9.625 / 93, 1e-9);
    /* Email is never raised. */
    assert_near(per_hour(CH_EMAIL, 10, 0, 1.0, SC_SURGE), per_hour(CH_EMAIL, 10, 0, 1.0, 0), 0);
}

/* The scenario list is NULL-terminated, in SC_* order. */
static void test_scenarios(void **state)
{
    const char *const *names = wb_sim_scenarios();

    (void)state;
    assert_string_equal(names[SC_NORMAL], "normal");
    assert_string_equal(names[SC_SURGE], "surge");
    assert_string_equal(names[SC_BREAK], "break");
    assert_null(names[N_SC]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_rates),
        cmocka_unit_test(test_surge),
        cmocka_unit_test(test_scenarios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
