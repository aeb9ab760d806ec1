/*
 * wb_pub.h - one nanomsg PUB socket that publishes protocol v1 messages.
 *
 * A wb_pub is an embedded struct: wb_pub_init() makes the socket, wb_pub_bind() and
 * wb_pub_connect() add endpoints (repeatable), wb_pub_send() sends one message without
 * blocking (a subscriber too slow to keep up loses messages, as PUB/SUB always does), and
 * wb_pub_snapshot() publishes the state of one source of a model as a snapshot, cut into
 * "snapshot.part" messages (wb_snapparts.h) when it is larger than one message.
 *
 * Ownership: the pub owns its socket and its encode buffer; wb_pub_fini() closes and frees
 * them. Sends are non-blocking and counted; nothing here reads a clock (times are arguments).
 */
#ifndef WB_PUB_H
#define WB_PUB_H

#include <stddef.h>
#include <stdint.h>

#include "wb_model.h"
#include "wb_snapparts.h"

/*
 * Largest snapshot text a pub encodes (before cutting it into parts): as large as a receiver
 * glues parts back into. The buffer starts at WB_PUB_BUF_FIRST and doubles as snapshots need.
 */
#define WB_PUB_SNAPSHOT_MAX WB_SNAPPARTS_MAX_BYTES
#define WB_PUB_BUF_FIRST (1024 * 1024)

typedef struct wb_pub {
    int sock;       /* -1 when closed */
    char *buf;      /* buf_cap + 1 bytes, made on first use */
    size_t buf_cap; /* WB_PUB_BUF_FIRST up to WB_PUB_SNAPSHOT_MAX */
    uint64_t sent, send_failed, encode_failed, parts_sent;
    uint64_t sent_bytes; /* the bytes of the messages counted in sent */
    uint64_t snap_id;    /* number of the last snapshot cut into parts */
    char err[512];       /* why the last bind/connect failed */
} wb_pub;

/* Opens the socket; 0 or WB_ERR_IO (reason in p->err). */
int wb_pub_init(wb_pub *p);
void wb_pub_fini(wb_pub *p);

/*
 * Asks for bytes of send buffer per subscriber connection (nanomsg's NN_SNDBUF, which is the
 * kernel's SO_SNDBUF of each tcp, ipc or ws connection; default 128 KiB). A subscriber that
 * falls further behind than its connection's buffer loses messages; the kernel caps the size
 * at net.core.wmem_max without saying so. An endpoint takes the value when it is added, so
 * call it before wb_pub_bind()/wb_pub_connect(). 0 or WB_ERR_INVAL (reason in p->err).
 */
int wb_pub_set_sndbuf(wb_pub *p, int bytes);

/* Subscriber connections up now (nanomsg's NN_STAT_CURRENT_CONNECTIONS). */
uint64_t wb_pub_subscribers(const wb_pub *p);

/* Adds one endpoint; 0, or WB_ERR_INVAL / WB_ERR_IO with the reason in p->err. */
int wb_pub_bind(wb_pub *p, const char *url);
int wb_pub_connect(wb_pub *p, const char *url);

/* Binds every binds[i], then connects every connects[i]; stops at the first failure. */
int wb_pub_endpoints(wb_pub *p, const char *const *binds, size_t n_bind,
                     const char *const *connects, size_t n_connect);

/* Sends one message as is; 0 or WB_ERR_IO (counted in send_failed). */
int wb_pub_send(wb_pub *p, const char *msg, size_t len);

/* Encodes ev into p's buffer and sends it; returns the length sent or a negative code. */
int wb_pub_event(wb_pub *p, const wb_event *ev);

/*
 * Publishes source src of model m at time now as a snapshot numbered seq (has_seq false: no
 * seq member; stamped now, or later when its contents are: wb_snapshot_latest()), in one message
 * when it fits in WB_MAX_MSG_BYTES, otherwise as parts stamped with hub. silent_ms is how long the
 * sender has heard nothing from src (its "silent_ms" member, left out when 0); resyncing, that
 * the sender lost messages of src since its last snapshot ("resyncing"). If out/out_len are
 * given they receive the snapshot text (valid until the next call). Returns the number of messages
 * sent or a negative code.
 */
int wb_pub_snapshot(wb_pub *p, const wb_model *m, const char *src, bool has_seq, uint64_t seq,
                    wb_ms now, wb_ms silent_ms, bool resyncing, const char *hub, const char **out,
                    size_t *out_len);

/* Encodes the snapshot of src into p's buffer without sending it; length or negative code. */
int wb_pub_snapshot_text(wb_pub *p, const wb_model *m, const char *src, bool has_seq, uint64_t seq,
                         wb_ms now, wb_ms silent_ms, bool resyncing);

#endif
