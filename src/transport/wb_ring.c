/*
 * wb_ring.c - the SPSC ring of wb_ring.h.
 *
 * head and tail count pops and pushes since init (they wrap at SIZE_MAX, and the unsigned
 * difference tail - head stays the number of messages held). The producer fills a slot and
 * then publishes it with a release store of tail; the consumer's acquire load of tail makes
 * the slot's content visible before it reads it, and symmetrically for head, so a slot is
 * never read while written or reused while read. The byte count is a third counter: the
 * producer adds a message's length before publishing it and the consumer subtracts it after
 * taking it, so the producer's view is never below the truth and the bound holds.
 */
#include "wb_ring.h"

#include <stdint.h>
#include <stdlib.h>

#include "wb_types.h"

int wb_ring_init(wb_ring *r, size_t slots, size_t max_bytes)
{
    r->items = NULL;
    if (slots == 0 || max_bytes == 0 || slots > SIZE_MAX / 2 / sizeof *r->items)
        return WB_ERR_INVAL;
    size_t n = 2;
    while (n < slots)
        n *= 2;
    r->items = calloc(n, sizeof *r->items);
    if (!r->items)
        return WB_ERR_NOMEM;
    r->mask = n - 1;
    r->max_bytes = max_bytes;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    atomic_init(&r->bytes, 0);
    return 0;
}

void wb_ring_fini(wb_ring *r)
{
    free(r->items);
    r->items = NULL;
}

size_t wb_ring_slots(const wb_ring *r)
{
    return r->mask + 1;
}

bool wb_ring_push(wb_ring *r, void *msg, size_t len)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (tail - head > r->mask)
        return false;
    size_t used = atomic_load_explicit(&r->bytes, memory_order_relaxed);
    if (len > r->max_bytes || used > r->max_bytes - len)
        return false;
    atomic_fetch_add_explicit(&r->bytes, len, memory_order_relaxed);
    r->items[tail & r->mask] = (wb_ring_item){msg, len};
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return true;
}

bool wb_ring_pop(wb_ring *r, void **msg, size_t *len)
{
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head == tail)
        return false;
    wb_ring_item it = r->items[head & r->mask];
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    atomic_fetch_sub_explicit(&r->bytes, it.len, memory_order_relaxed);
    *msg = it.msg;
    *len = it.len;
    return true;
}

size_t wb_ring_count(const wb_ring *r)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    return tail - head;
}
