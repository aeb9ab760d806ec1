/*
 * pace.c - the replay's send budget: a leaky bucket of counted bytes (pace.h).
 */
#include "pace.h"

#include <math.h>

void wb_pace_init(wb_pace *p, double bytes_per_s)
{
    *p = (wb_pace){.bytes_per_ms = bytes_per_s / 1000.0};
}

wb_ms wb_pace_when(const wb_pace *p, wb_ms due)
{
    if (!p->started)
        return due;
    /* A message may go within the millisecond in which the budget frees up: sleeps are in
     * whole milliseconds, and waiting for the next one would send one message a millisecond
     * at most, whatever the budget. */
    wb_ms free_ms = (wb_ms)floor(p->free_at);
    return free_ms > due ? free_ms : due;
}

void wb_pace_sent(wb_pace *p, wb_ms now, uint64_t msgs, uint64_t bytes)
{
    double cost = (double)bytes + (double)msgs * WB_PACE_MSG_OVERHEAD;
    /* Time spent not sending saves up at most WB_PACE_SLACK_MS of budget: a screen gets no
     * burst larger than that after a quiet spell. */
    double floor_at = (double)(now - WB_PACE_SLACK_MS);
    if (!p->started || p->free_at < floor_at)
        p->free_at = floor_at;
    p->started = true;
    p->free_at += cost / p->bytes_per_ms;
}
