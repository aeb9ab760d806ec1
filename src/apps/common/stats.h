/*
 * stats.h - the headless stats line: one JSON object describing what the wall would show.
 *
 * The field names are a contract with scripts (docs/stats-json.md). The caller owns the
 * returned string and frees it with free().
 */
#ifndef WB_STATS_H
#define WB_STATS_H

#include "wb_board.h"
#include "wb_sub.h"

/*
 * Builds the stats of board at time now as one line of JSON (no newline). rx_now is the
 * receiver's wall clock (staleness and data age are judged on it; it differs from now under
 * --clock event). view is scratch space the caller provides (it is large: allocate it once on
 * the heap). transport may be NULL (demo mode). Returns a malloc'd string, or NULL when out
 * of memory. frames is the number of frames the display has presented, or -1 without a
 * display (the field is then left out).
 */
char *wb_stats_json(const wb_board *board, wb_board_view *view, wb_ms now, wb_ms rx_now,
                    const wb_sub_stats *transport, int64_t frames);

#endif
