/*
 * test_clock.h - the clocks and the sleep the tests poll with. Header-only (static inline):
 * each test file is its own executable. Tests may read clocks; the core may not.
 *
 * The clocks themselves are the programs' own (src/apps/common/wallclock.h), so that a test
 * stamps times exactly the way the wallboard does; this header adds the sleep.
 */
#ifndef WB_TEST_CLOCK_H
#define WB_TEST_CLOCK_H

#include <stdio.h>
#include <time.h>

#include "wallclock.h"
#include "wb_types.h"

/* Monotonic milliseconds, for timeouts. */
static inline wb_ms test_mono_ms(void)
{
    return wb_mono_ms();
}

/* Wall-clock milliseconds since the epoch, for event times and receive times. */
static inline wb_ms test_real_ms(void)
{
    return wb_wall_ms();
}

/*
 * Writes into tz a POSIX zone ("WBT-7") in which the wall clock now reads between 12:00 and
 * 13:00. A test that stamps events minutes in the past on the real clock and then checks
 * "today" would otherwise fail when it runs just after midnight: its events would belong to
 * yesterday. POSIX offsets are hours west of UTC, so local = UTC - offset.
 */
static inline void test_noon_tz(char *tz, size_t n)
{
    time_t s = (time_t)(test_real_ms() / 1000);
    struct tm utc;
    gmtime_r(&s, &utc);
    snprintf(tz, n, "WBT%d", utc.tm_hour - 12);
}

static inline void test_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

#endif
