/*
 * sublog.h - what the receive side lost, said on stderr at most once a minute with the count
 * since the last line: messages the receive thread dropped because the loop fell behind, and
 * publisher connections lost (a publisher gone or restarted, or one that sent a message over
 * WB_SUB_RCVMAXSIZE, which nanomsg answers by closing the connection: without a word the
 * installer would see only a gap). Shared by wallboard and wallboard-hub.
 *
 * State: wb_sublog is embedded in the caller's struct, zeroed to start; nothing allocated.
 */
#ifndef WB_SUBLOG_H
#define WB_SUBLOG_H

#include <stdint.h>

#include "wb_sub.h"
#include "wb_types.h"

typedef struct wb_sublog {
    wb_ms drops_at, broken_at; /* 0 = never logged */
    uint64_t drops, broken;    /* the totals counted in the last lines */
} wb_sublog;

/* Compares st (the subscriber's totals) with the last lines and logs, prefixed by prog. */
void wb_sublog_tick(wb_sublog *l, const char *prog, const wb_sub_stats *st, wb_ms now);

#endif
