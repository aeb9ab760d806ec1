/*
 * wb_ring.h - a bounded single-producer, single-consumer queue of messages, for handing what a
 * receive thread took from a socket to the loop thread that decodes it.
 *
 * Exactly one thread pushes and exactly one other thread pops; neither ever waits for the
 * other: a push into a full ring fails at once (the caller counts it as a drop), a pop from an
 * empty one fails at once. The ring is bounded twice, by slots and by the total length of the
 * messages it holds, so a few huge messages cannot pin unbounded memory either. Order is
 * preserved: messages are popped in the order they were pushed.
 *
 * Ownership: a wb_ring is an embedded struct (wb_ring_init / wb_ring_fini); it owns its slot
 * array but not the messages. A pushed message belongs to the ring until popped; whatever is
 * still inside at fini must be popped and freed by the caller first.
 */
#ifndef WB_RING_H
#define WB_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct wb_ring_item {
    void *msg;
    size_t len;
} wb_ring_item;

typedef struct wb_ring {
    wb_ring_item *items;
    size_t mask;      /* slots - 1; slots is a power of two */
    size_t max_bytes; /* total message length the ring may hold */
    /* Written by the consumer only: the next slot to pop. */
    _Alignas(64) atomic_size_t head;
    /* Written by the producer only: the next slot to fill. */
    _Alignas(64) atomic_size_t tail;
    /* Added to by the producer, taken from by the consumer. */
    _Alignas(64) atomic_size_t bytes;
} wb_ring;

/*
 * Makes an empty ring of at least `slots` slots (rounded up to a power of two, at least 2)
 * holding at most max_bytes of messages. Returns 0, WB_ERR_INVAL (slots or max_bytes 0) or
 * WB_ERR_NOMEM.
 */
int wb_ring_init(wb_ring *r, size_t slots, size_t max_bytes);
void wb_ring_fini(wb_ring *r);

/* Slots of the ring (after rounding). */
size_t wb_ring_slots(const wb_ring *r);

/*
 * Producer side. Appends one message; false when the ring has no free slot or the message
 * would take it over max_bytes (a message longer than max_bytes never fits). The ring is
 * unchanged on false.
 */
bool wb_ring_push(wb_ring *r, void *msg, size_t len);

/* Consumer side. Takes the oldest message; false when the ring is empty. */
bool wb_ring_pop(wb_ring *r, void **msg, size_t *len);

/* Messages in the ring now: exact for either side's own view, a snapshot for anyone else. */
size_t wb_ring_count(const wb_ring *r);

#endif
