/*
 * daywarn.h - the one stderr line that tells an installer a publisher counts its day in
 * another time zone than this program (wb_model_day_mismatch()): its snapshots' "today" is
 * left out, so the day would otherwise be undercounted without a word.
 *
 * State: one flag per program, in the caller's struct; nothing allocated, nothing to free.
 */
#ifndef WB_DAYWARN_H
#define WB_DAYWARN_H

#include <stdbool.h>
#include <stddef.h>

#include "wb_board.h"

/*
 * Writes into buf (at most n bytes, always terminated) the sentence naming the last snapshot's
 * day start against ours, how far apart they are and the likely cause. tz is this program's
 * zone ("" = UTC); who names the program in the sentence ("screen", "hub").
 */
void wb_daywarn_text(const wb_day_mismatch *d, const char *tz, const char *who, char *buf,
                     size_t n);

/*
 * Logs the sentence on stderr, prefixed by prog, the first time the board's model counts such
 * a snapshot, and sets *logged; later ones are only counted (the stats' snapshot_day_mismatch):
 * every snapshot of that publisher would repeat the same line.
 */
void wb_daywarn_log(const wb_board *b, const char *prog, const char *who, bool *logged);

#endif
