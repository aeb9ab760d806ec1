/*
 * hubjoin.h - what the screen does with each received message besides applying it: glue
 * snapshot parts back together, ask a hub for the whole day at start (--hub URL), and record
 * what it received (--record FILE).
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

/*
 * hub_url and record_path may be NULL. Returns 0, WB_ERR_INVAL (bad URL: usage) or WB_ERR_IO
 * (cannot open the record file or the socket) with the reason in err.
 */
int wb_hubjoin_new(uv_loop_t *loop, wb_board *board, const char *hub_url, const char *record_path,
                   wb_hubjoin **out, char *err, size_t errlen);

/* Applies (or holds) one received message; returns what wb_board_ingest() would. */
int wb_hubjoin_ingest(wb_hubjoin *j, const char *buf, size_t len, wb_ms rx_now);

/* Once a second: writes the record file out. */
void wb_hubjoin_tick(wb_hubjoin *j);

void wb_hubjoin_free(wb_hubjoin *j);

#endif
