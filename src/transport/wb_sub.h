/*
 * wb_sub.h - nanomsg SUB sockets received on a thread of their own, delivered on a libuv loop.
 *
 * A wb_sub owns one NN_SUB socket per endpoint (wb_sub_connect / wb_sub_bind, repeatable,
 * tcp:// and ipc://), each subscribed to everything, with a receive limit of
 * WB_SUB_RCVMAXSIZE bytes and automatic reconnection. With its first endpoint it starts one
 * receive thread, which does nothing but take messages out of the sockets and queue them in a
 * bounded ring (WB_SUB_RING_SLOTS messages, WB_SUB_RING_BYTES bytes); the loop thread is woken
 * (uv_async) and hands every queued message to the on_message callback, in the order received.
 * The callback, and everything it calls, runs on the loop thread only. A message that arrives
 * while the ring is full is dropped and counted (dropped_ring_full), never lost silently.
 *
 * Ownership: the message buffer passed to the callback belongs to wb_sub and is valid only
 * during the call. wb_sub_free() stops and joins the receive thread, closes every socket and
 * frees the queued messages at once; the structure itself is released from the libuv close
 * callbacks, so the loop must run once more (uv_run) after it. The callback is never called
 * after wb_sub_free(), even from inside a callback that frees the subscriber.
 */
#ifndef WB_SUB_H
#define WB_SUB_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

/*
 * Largest message nanomsg accepts. Protocol v1 refuses messages above 64 KiB
 * (WB_MAX_MSG_BYTES), but that refusal is made by the board, which counts it as "too_big":
 * nanomsg 1.1.5 answers a message over NN_RCVMAXSIZE by dropping the connection, and the SUB
 * socket then breaks every reconnection too, so a single oversized message would silence a
 * publisher for good. The nanomsg limit is therefore a memory bound well above the protocol
 * limit; a message over it is seen as broken connections, and an endpoint whose connections
 * keep breaking with no message received gets a fresh socket (counted in "resets").
 */
#define WB_SUB_RCVMAXSIZE (1024 * 1024)
/* Reconnection: first retry after this many ms, doubling up to the maximum. */
#define WB_SUB_RECONNECT_IVL_MS 100
#define WB_SUB_RECONNECT_IVL_MAX_MS 2000
/* Health check period, and the broken connections with no message between that make a
 * socket "stuck". */
#define WB_SUB_CHECK_MS 1000
#define WB_SUB_STUCK_BREAKS 3
/*
 * Messages handed to the callback per turn of the loop before yielding to its other handles (a
 * frame to draw, a timer), and taken from one socket by the receive thread before it looks at
 * the others; what remains is handled at the next turn, so nothing is lost by yielding.
 */
#define WB_SUB_DRAIN_MAX 4096
/*
 * The receive ring: what the loop may fall behind the sockets by before messages are dropped.
 * 16,384 messages are over a second and a half of a 10,000 events/s stream: a loop stalled
 * by a slow frame or a config reload catches up without losing any; the byte bound keeps a
 * stream of big messages from pinning more than 16 MiB.
 */
#define WB_SUB_RING_SLOTS 16384
#define WB_SUB_RING_BYTES (16u * 1024 * 1024)

typedef struct wb_sub wb_sub;

/* Called once per received message; buf is not NUL-terminated and is valid during the call. */
typedef void (*wb_sub_message_cb)(void *ud, const char *buf, size_t len);

/* Returns a subscriber with no endpoints, or NULL when out of memory. */
wb_sub *wb_sub_new(uv_loop_t *loop, wb_sub_message_cb on_message, void *ud);

/*
 * Adds one endpoint: a new SUB socket that connects to (or binds) url. Returns 0, or a
 * negative code (WB_ERR_INVAL for a bad URL, WB_ERR_IO for a socket error) with the reason in
 * wb_sub_strerror(). A connect to a publisher that is not up yet succeeds and retries in the
 * background. A bind to ipc://PATH where PATH exists and is not a socket is refused
 * (WB_ERR_INVAL): nanomsg would delete the file; so is one where another process listens
 * (WB_ERR_IO), whose socket nanomsg would take over. A socket nobody listens on is replaced.
 */
int wb_sub_connect(wb_sub *s, const char *url);
int wb_sub_bind(wb_sub *s, const char *url);

/*
 * Removes the endpoint that wb_sub_connect(s, url) added: its socket is closed at once, so
 * nothing more is received from url (messages already in the ring are still delivered). For
 * a configuration reload that names other publishers. Returns 0, or WB_NOT_FOUND when no
 * connect endpoint has that URL. The endpoint's memory is kept until wb_sub_free(), because
 * the receive thread may still hold it.
 */
int wb_sub_disconnect(wb_sub *s, const char *url);

/*
 * Sets the ring's bounds (the defaults are WB_SUB_RING_SLOTS and WB_SUB_RING_BYTES); only
 * before the first endpoint, else WB_ERR_INVAL. Tests use a small ring to fill it on purpose.
 */
int wb_sub_set_ring(wb_sub *s, size_t slots, size_t max_bytes);

/* One line describing the last failure of wb_sub_connect/bind ("" if none). */
const char *wb_sub_strerror(const wb_sub *s);

typedef struct wb_sub_stats {
    size_t endpoints;            /* sockets open */
    uint64_t messages;           /* messages received from the sockets */
    uint64_t bytes;              /* their total size */
    uint64_t dropped_ring_full;  /* of them, dropped because the ring was full */
    uint64_t queued;             /* of them, in the ring now, not yet handed to the callback */
    uint64_t recv_errors;        /* nn_recv failures other than EAGAIN/EINTR */
    uint64_t connections;        /* connections up now (nanomsg's NN_STAT_CURRENT_CONNECTIONS) */
    uint64_t broken_connections; /* connections lost: peer gone, or a message over the limit */
    uint64_t resets;             /* stuck sockets replaced by fresh ones */
} wb_sub_stats;

void wb_sub_stats_get(const wb_sub *s, wb_sub_stats *out);

/* Closes every socket and frees the subscriber once the loop has run the close callbacks. */
void wb_sub_free(wb_sub *s);

#endif
