/*
 * test_time.c - local calendar arithmetic on the days that are not 24 hours long. Helsinki is
 * UTC+2 in winter (EET) and UTC+3 in summer (EEST); in 2026 its clocks go from 03:00 to 04:00
 * on 29 March (01:00 UTC) and from 04:00 back to 03:00 on 25 October (01:00 UTC). The
 * expected instants are those dates written in UTC and converted to milliseconds since the
 * epoch, each worked from the offsets above.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wb_time.h"

#define HEL "Europe/Helsinki"
#define MIN(h, m) ((h)*60 + (m))

/* 2026-03-29 10:00 UTC, the spring-forward day: 23 hours, from 22:00 UTC the day before. */
static void spring_forward(void **state)
{
    (void)state;
    wb_ms noon = 1774778400000LL;
    assert_int_equal(wb_day_start(noon, HEL), 1774735200000LL); /* 03-28 22:00 UTC */
    assert_int_equal(wb_day_end(noon, HEL), 1774818000000LL);   /* 03-29 21:00 UTC */
    /* 05:00 EEST is 02:00 UTC, not midnight plus five hours (03:00 UTC, 06:00 EEST). */
    assert_int_equal(wb_day_at(noon, MIN(5, 0), HEL), 1774749600000LL);
    /* 03:30 does not exist: the first instant after the skipped hour, 04:00 EEST. */
    assert_int_equal(wb_day_at(noon, MIN(3, 30), HEL), 1774746000000LL);
    assert_int_equal(wb_day_at(noon, 0, HEL), 1774735200000LL);
    /* 24:00 is the end of the day. */
    assert_int_equal(wb_day_at(noon, MIN(24, 0), HEL), 1774818000000LL);
}

/* 2026-10-25 12:00 UTC, the fall-back day: 25 hours, from 21:00 UTC the day before. */
static void fall_back(void **state)
{
    (void)state;
    wb_ms noon = 1792929600000LL;
    assert_int_equal(wb_day_start(noon, HEL), 1792875600000LL); /* 10-24 21:00 UTC */
    assert_int_equal(wb_day_end(noon, HEL), 1792965600000LL);   /* 10-25 22:00 UTC */
    /* 05:00 EET is 03:00 UTC, not midnight plus five hours (02:00 UTC, 04:00 EET). */
    assert_int_equal(wb_day_at(noon, MIN(5, 0), HEL), 1792897200000LL);
    /* 03:30 comes twice: the first time, 03:30 EEST = 00:30 UTC. */
    assert_int_equal(wb_day_at(noon, MIN(3, 30), HEL), 1792888200000LL);
}

/* An ordinary day, and UTC (the empty zone). */
static void ordinary_day(void **state)
{
    (void)state;
    wb_ms t = 1796130000000LL; /* 2026-12-01 13:00 UTC */
    assert_int_equal(wb_day_start(t, ""), 1796083200000LL);
    assert_int_equal(wb_day_end(t, ""), 1796169600000LL);
    assert_int_equal(wb_day_at(t, MIN(5, 0), ""), 1796101200000LL);
    /* Helsinki in winter: 05:00 EET is 03:00 UTC. */
    assert_int_equal(wb_day_at(t, MIN(5, 0), HEL), 1796101200000LL - 2 * 3600000LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spring_forward),
        cmocka_unit_test(fall_back),
        cmocka_unit_test(ordinary_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
