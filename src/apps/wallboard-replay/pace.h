/*
 * pace.h - how fast wallboard-replay may send: at most a subscriber's send buffer a second.
 *
 * PUB/SUB never waits for a subscriber. nanomsg hands each message to every connection whose
 * send buffer (NN_SNDBUF, the kernel's SO_SNDBUF) has room and drops it for the others, and
 * neither side is told. A screen that pauses (a busy CPU, a slow card) loses messages once
 * what was sent meanwhile outgrows its connection's buffer, so the faster the replay sends,
 * the shorter the pause a screen survives. Sending at most the buffer's size a second keeps
 * that pause at a second or more at every --speed; the replay is held back when the file asks
 * for more, and says so.
 *
 * The kernel charges a connection more than a message's bytes: measured over a unix socket
 * with 8 MiB of buffer, a 224-byte message takes 1,280 bytes of it, a 1 KiB one 2,304 and a
 * 20,000-byte one 20,713. Linux grants twice the size asked for, for that bookkeeping; each
 * message is counted here as its length plus WB_PACE_MSG_OVERHEAD, which with that doubling
 * covers every size measured.
 *
 * Ownership: an embedded struct holding nothing to free. Nothing here reads a clock: times
 * are monotonic milliseconds passed in.
 */
#ifndef WB_PACE_H
#define WB_PACE_H

#include <stdbool.h>
#include <stdint.h>

#include "wb_types.h"

/* Bytes counted for each message on top of its length (see above). */
#define WB_PACE_MSG_OVERHEAD 512
/*
 * Budget a pause in sending may save up, in ms: enough to make up for a sleep that wakes a
 * little late (sleeps are in whole milliseconds), too little to matter against the buffer.
 */
#define WB_PACE_SLACK_MS 10

typedef struct wb_pace {
    double bytes_per_ms; /* the budget: counted bytes a millisecond */
    double free_at;      /* ms: the budget sent so far is used up until then */
    bool started;        /* free_at is set: something has been sent */
} wb_pace;

/* A pace of bytes_per_s counted bytes a second (> 0). */
void wb_pace_init(wb_pace *p, double bytes_per_s);

/*
 * The time (ms) a message due at `due` may go: due, or later when what was sent before has
 * used up the budget until then.
 */
wb_ms wb_pace_when(const wb_pace *p, wb_ms due);

/* Charges msgs messages of bytes bytes in all, sent at now. */
void wb_pace_sent(wb_pace *p, wb_ms now, uint64_t msgs, uint64_t bytes);

#endif
