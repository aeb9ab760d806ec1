/*
 * wb_snapparts.h - snapshots larger than one message, sent as "snapshot.part" messages.
 *
 * Protocol v1 caps a message at WB_MAX_MSG_BYTES (64 KiB), about 300 agents in one snapshot.
 * A hub keeps the whole day of many publishers and its snapshots may be larger: it encodes
 * the snapshot as usual, cuts the text into pieces and sends each piece as the "data" string
 * of a part message (docs/protocol.md, "Snapshot parts"):
 *
 *   {"v":1,"type":"snapshot.part","ts":T,"src":"acd","hub":"hub-a","snap":7,"part":0,
 *    "parts":3,"data":"{\"v\":1,\"type\":\"snapshot\", ..."}
 *
 * A receiver that knows parts glues the pieces of one (hub, src, snap) back together in order
 * and decodes the whole text as one snapshot; a receiver that does not know them ignores them
 * (an unknown type is ignored, not refused). A part lost on the way loses that snapshot only:
 * the next one repairs what it would have.
 *
 * Ownership: wb_snapparts_split() hands each part to the callback in a buffer valid during the
 * call. A wb_snapparts reassembler owns its buffers; wb_snapparts_fini() frees them. The
 * text of a completed snapshot (wb_snapparts_ingest) stays valid until the next call.
 */
#ifndef WB_SNAPPARTS_H
#define WB_SNAPPARTS_H

#include "wb_board.h"

/* Bytes of snapshot text per part: escaped, a piece at most doubles, and with the members
 * around it the part stays under WB_MAX_MSG_BYTES. */
#define WB_SNAPPART_DATA 30000
/* A whole reassembled snapshot may be at most this large (and at most this many parts). */
#define WB_SNAPPARTS_MAX_BYTES (16 * 1024 * 1024)
#define WB_SNAPPARTS_MAX_PARTS 1024

typedef int (*wb_snapparts_emit)(void *ud, const char *msg, size_t len);

/*
 * Cuts the snapshot text[0..len) into part messages stamped ts, src and hub (the id of the
 * hub that cut it) and snapshot number snap, and calls emit for each, in order. Stops at the
 * first negative return of emit and returns it; WB_ERR_INVAL for an empty or oversized text,
 * WB_ERR_NOMEM. Returns the number of parts sent.
 */
int wb_snapparts_split(const char *text, size_t len, const char *src, const char *hub, wb_ms ts,
                       uint64_t snap, wb_snapparts_emit emit, void *ud);

/* True when buf looks like a part message (cheap test before any parsing). */
bool wb_snapparts_is_part(const char *buf, size_t len);

typedef struct wb_snapparts_slot wb_snapparts_slot;

typedef struct wb_snapparts {
    wb_snapparts_slot *slot; /* one per (hub, src) being assembled */
    size_t n_slot;
    char *done; /* the text of the last snapshot completed */
    size_t done_len;
    bool was_part;       /* the last message ingested was a part (kept or completing) */
    uint64_t completed;  /* snapshots reassembled and handed on */
    uint64_t incomplete; /* assemblies given up: a part missing or out of order */
} wb_snapparts;

void wb_snapparts_init(wb_snapparts *r);
void wb_snapparts_fini(wb_snapparts *r);

/*
 * Feeds one message to the board. A message that is not a part goes to wb_board_ingest().
 * A part is kept; when it is the last of its snapshot, the whole text is decoded (up to
 * WB_SNAPPARTS_MAX_BYTES) and applied with wb_board_apply(), and *complete is set to true and
 * r->done holds the text. A pending part returns WB_IGNORED; a malformed part is counted as a
 * refusal on the board and its code returned.
 */
int wb_snapparts_ingest(wb_snapparts *r, wb_board *b, const char *buf, size_t len, wb_ms rx_now,
                        bool *complete);

/* Decodes and applies one message of any size up to WB_SNAPPARTS_MAX_BYTES (a journal line). */
int wb_snapparts_apply_text(wb_board *b, const char *buf, size_t len, wb_ms rx_now);

#endif
