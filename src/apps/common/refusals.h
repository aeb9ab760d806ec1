/*
 * refusals.h - refused messages said on stderr once per reason per minute, with how many were
 * refused since the last line: a flood of bad input must not flood the journal, and a program
 * that refuses everything (a publisher's clock an hour ahead) must say so. Only the reason is
 * printed, never anything the message contained. Shared by wallboard and wallboard-hub.
 *
 * State: wb_refusal_log is embedded in the caller's struct, zeroed to start; nothing
 * allocated, nothing to free.
 */
#ifndef WB_REFUSALS_H
#define WB_REFUSALS_H

#include <stdint.h>

#include "wb_types.h"

typedef struct wb_refusal_log {
    wb_ms logged_at[WB_REFUSAL_COUNT]; /* 0 = never logged */
    uint64_t since_log[WB_REFUSAL_COUNT];
} wb_refusal_log;

/* Counts a refusal of code rc at now (wall clock); logs it, prefixed by prog, when due. */
void wb_refusal_note(wb_refusal_log *l, const char *prog, int rc, wb_ms now);

#endif
