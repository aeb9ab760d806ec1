/*
 * test_clock.h - the clocks and the sleep the transport tests poll with. Header-only (static
 * inline): each test file is its own executable. Tests may read clocks; the core may not.
 */
#ifndef WB_TEST_CLOCK_H
#define WB_TEST_CLOCK_H

#include <time.h>

#include "wb_types.h"

/* Monotonic milliseconds, for timeouts. */
static inline wb_ms test_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wall-clock milliseconds since the epoch, for event times and receive times. */
static inline wb_ms test_real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void test_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

#endif
