/*
 * hubjoin.h - what the screen does with each received message besides applying it: glue
 * snapshot parts back together, ask a hub for the whole day at start (--hub URL), and record
 * what it received (--record FILE, or day files with --record-dir DIR: journal.h).
 *
 * Recording: the receive time written is the screen's clock, the wall clock, or under --clock
 * event the newest event time, so that a recorded replay keeps its day's times and day files.
 * A file that cannot be written never stops the screen: it is said once on stderr
 * (wb_journal_report) and the screen goes on, writing again when it can.
 *
 * Instant join: with a hub URL the screen subscribes to URL (main.c adds it to the connect
 * list) and asks the hub's reply endpoint (wb_hubreply_url) for every snapshot on a REQ
 * socket. Until the answer arrives (or HUBJOIN_HOLD_MS passes) messages from the SUB socket
 * are held back; then the answer's snapshots are applied, and after them the held messages
 * except those each snapshot already contains (same src, seq at or below the snapshot's), so
 * nothing is counted twice and nothing sent meanwhile is lost.
 *
 * Ownership: main.c owns the wb_hubjoin (new/free); it holds a uv_poll and a uv_timer on the
 * loop, closed by wb_hubjoin_free(), so the loop must run once more after it.
 */
#ifndef WB_HUBJOIN_H
#define WB_HUBJOIN_H

#include <uv.h>

#include "wb_board.h"

/* How long messages are held waiting for the hub's answer before they are applied anyway. */
#define HUBJOIN_HOLD_MS 3000

typedef struct wb_hubjoin wb_hubjoin;

/* What to record; the strings are the caller's and are copied (journal.h). */
typedef struct wb_hubjoin_record {
    const char *file; /* --record FILE, or NULL */
    const char *dir;  /* --record-dir DIR, or NULL */
    int keep_days;    /* with dir: day files older than this are removed */
    const char *tz;   /* with dir: the zone whose local date names the day files */
    bool event_clock; /* --clock event: receive times are the newest event time */
} wb_hubjoin_record;

/*
 * hub_url and rec may be NULL. Returns 0, WB_ERR_INVAL (bad URL: usage) or WB_ERR_IO (cannot
 * open the record file, make the record directory or open the socket) with the reason in err.
 */
int wb_hubjoin_new(uv_loop_t *loop, wb_board *board, const char *hub_url,
                   const wb_hubjoin_record *rec, wb_hubjoin **out, char *err, size_t errlen);

/* Applies (or holds) one received message; returns what wb_board_ingest() would. */
int wb_hubjoin_ingest(wb_hubjoin *j, const char *buf, size_t len, wb_ms rx_now);

/*
 * Once a second: gives up snapshot parts that stopped coming (wb_snapparts_expire), writes the
 * record out, says whether writing fails, and with --record-dir removes day files older than
 * keep_days. wall is the wall clock now.
 */
void wb_hubjoin_tick(wb_hubjoin *j, wb_ms wall);

void wb_hubjoin_free(wb_hubjoin *j);

#endif
