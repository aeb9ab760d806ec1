/*
 * test_clock.h - the clocks and the sleep the tests poll with. Header-only (static inline):
 * each test file is its own executable. Tests may read clocks; the core may not.
 *
 * The clocks themselves are the programs' own (src/apps/common/wallclock.h), so that a test
 * stamps times exactly the way the wallboard does; this header adds the sleep.
 */
#ifndef WB_TEST_CLOCK_H
#define WB_TEST_CLOCK_H

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

static inline void test_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

#endif
