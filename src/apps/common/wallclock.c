/*
 * wallclock.c - the real-time and monotonic clocks in milliseconds (see wallclock.h).
 */
#include "wallclock.h"

#include <time.h>

wb_ms wb_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wb_wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

wb_ms wb_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
