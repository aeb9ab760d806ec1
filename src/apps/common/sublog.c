/*
 * sublog.c - the receive side's losses, said at most once a minute (see sublog.h).
 */
#include "sublog.h"

#include <stdbool.h>
#include <stdio.h>

/* True when total moved past *seen and the last line is a minute old; then *seen = total. */
static bool due(uint64_t total, uint64_t *seen, wb_ms *at, wb_ms now, uint64_t *n)
{
    if (total <= *seen || (*at != 0 && now - *at < 60000))
        return false;
    *n = total - *seen;
    *seen = total;
    *at = now;
    return true;
}

void wb_sublog_tick(wb_sublog *l, const char *prog, const wb_sub_stats *st, wb_ms now)
{
    uint64_t n;
    if (due(st->dropped_ring_full, &l->drops, &l->drops_at, now, &n))
        fprintf(stderr,
                "%s: dropped %llu message(s): the receive queue was full, the loop fell behind "
                "(logged at most once a minute)\n",
                prog, (unsigned long long)n);
    if (due(st->broken_connections, &l->broken, &l->broken_at, now, &n))
        fprintf(stderr,
                "%s: %llu publisher connection(s) lost: a publisher went away or restarted, or "
                "sent a message over %d MiB, which the receiver answers by closing the "
                "connection (logged at most once a minute)\n",
                prog, (unsigned long long)n, WB_SUB_RCVMAXSIZE / (1024 * 1024));
}
