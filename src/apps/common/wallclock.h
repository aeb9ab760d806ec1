/*
 * wallclock.h - the real-time clock, read in one place for both programs, the tests and the
 * benchmarks.
 *
 * The core never reads a clock (time is an argument there); everything that needs "the time
 * now" as the machine's wall clock, to stamp a receive time, to compare with a publisher's
 * event stamps, or to drive the demo, calls these. No state, nothing to free.
 */
#ifndef WB_WALLCLOCK_H
#define WB_WALLCLOCK_H

#include <stdint.h>

#include "wb_types.h"

/* Real time (CLOCK_REALTIME) in milliseconds since the Unix epoch. */
wb_ms wb_wall_ms(void);

/* Real time in microseconds since the Unix epoch, for figures finer than a millisecond. */
int64_t wb_wall_us(void);

/* Monotonic time (CLOCK_MONOTONIC) in milliseconds, for timeouts and intervals. */
wb_ms wb_mono_ms(void);

#endif
