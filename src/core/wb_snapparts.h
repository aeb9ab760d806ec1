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
 * Memory: a reassembler holds a buffer only for an assembly under way, as large as the text
 * received so far (at most WB_SNAPPARTS_MAX_BYTES), and the text of the snapshot it completed
 * last, until its next call. A lost or evicted assembly gives its buffer back at once; one
 * whose sender stopped in the middle gives it back when wb_snapparts_expire() finds it silent
 * for WB_SNAPPARTS_STALE_MS; and all assemblies together stay within WB_SNAPPARTS_BUDGET. So a
 * screen or a hub that once glued a huge snapshot, or an upstream that sends parts and never
 * finishes, does not keep that memory.
 *
 * Ownership: wb_snapparts_split() hands each part to the callback in a buffer valid during the
 * call. A wb_snapparts reassembler owns its buffers; wb_snapparts_fini() frees them. The
 * text of a completed snapshot (wb_snapparts_ingest) stays valid until the next call of
 * wb_snapparts_ingest() or wb_snapparts_expire().
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
/*
 * An assembly that receives no part for longer than this is given up (wb_snapparts_expire).
 * A hub sends the parts of one snapshot one after the other (wb_pub_snapshot), so they arrive
 * milliseconds apart, a quarter of a second apart over a 1 Mbit/s link: half a minute without
 * the next part means that the sender stopped in the middle (it died or was restarted).
 */
#define WB_SNAPPARTS_STALE_MS 30000
/*
 * The buffers of all assemblies under way together stay within this many bytes; the one that
 * has waited longest for its next part is given up to make room. One upstream hub assembles
 * one snapshot at a time (it sends each snapshot's parts in a row), so four of the largest
 * snapshots at once is two failover pairs of hubs each sending one: more is no normal traffic.
 * (A buffer holds its text and a terminator: four texts of exactly WB_SNAPPARTS_MAX_BYTES
 * pass the budget by four bytes, and the one waiting longest is given up.)
 */
#define WB_SNAPPARTS_BUDGET (4u * WB_SNAPPARTS_MAX_BYTES)

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
    char *done;                /* the text of the last snapshot completed, or NULL */
    size_t done_len, done_cap; /* its length, and the bytes allocated for it */
    size_t held;         /* bytes allocated for assemblies and done (wb_snapparts_bytes_held) */
    bool was_part;       /* the last message ingested was a part (kept or completing) */
    uint64_t completed;  /* snapshots reassembled and handed on */
    uint64_t incomplete; /* assemblies given up: a part missing, out of order or too late, or
                            evicted for another (hub, src) or for WB_SNAPPARTS_BUDGET */
} wb_snapparts;

void wb_snapparts_init(wb_snapparts *r);
void wb_snapparts_fini(wb_snapparts *r);

/*
 * Bytes r holds for text: the buffers of the assemblies under way and the last completed
 * text. Besides them r keeps a fixed table of (hub, src) slots, made with the first part it
 * receives. 0 when nothing is under way and the last text was released.
 */
size_t wb_snapparts_bytes_held(const wb_snapparts *r);

/*
 * Called now and then (the programs: once a second) with the receiver's clock, the clock the
 * parts' rx_now came from: gives up every assembly that has received no part for more than
 * WB_SNAPPARTS_STALE_MS either way of now (a clock stepped back by that much also ends it; the
 * sender's next snapshot starts afresh), counted in incomplete, and releases the last completed
 * text (r->done becomes NULL). Returns the number of assemblies given up.
 */
int wb_snapparts_expire(wb_snapparts *r, wb_ms now);

/*
 * Feeds one message received at rx_now to the board. A message that is not a part goes to
 * wb_board_ingest(). A part is kept; when it is the last of its snapshot, the whole text is
 * decoded (up to WB_SNAPPARTS_MAX_BYTES) and applied with wb_board_apply(), and *complete is
 * set to true and r->done holds the text. A pending part returns WB_IGNORED; a malformed part
 * is counted as a refusal on the board and its code returned. The text of the snapshot
 * completed by the call before is released first, whatever the message.
 */
int wb_snapparts_ingest(wb_snapparts *r, wb_board *b, const char *buf, size_t len, wb_ms rx_now,
                        bool *complete);

/* Decodes and applies one message of any size up to WB_SNAPPARTS_MAX_BYTES (a journal line). */
int wb_snapparts_apply_text(wb_board *b, const char *buf, size_t len, wb_ms rx_now);

#endif
