/*
 * wb_sim_heap.h - the simulator's agenda: a binary min-heap of timed items. Internal to
 * wb_sim.
 *
 * Items are ordered by (time, insertion number), so that items due at the same time come out
 * in the order they were pushed and a run is deterministic. A wb_sim_heap is embedded by its
 * owner: wb_sim_heap_init() before use, wb_sim_heap_fini() frees the item array.
 */
#ifndef WB_SIM_HEAP_H
#define WB_SIM_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "wb_types.h"

/* One timed item; kind and the arguments a, b, gen, x, y, z are the engine's to interpret. */
typedef struct wb_sim_item {
    wb_ms t;
    uint64_t order; /* set by wb_sim_heap_push() */
    int kind, a, b;
    uint32_t gen;
    wb_ms x, y, z;
} wb_sim_item;

typedef struct wb_sim_heap {
    wb_sim_item *v;
    size_t n, cap;
    uint64_t order; /* insertion number of the next push */
} wb_sim_heap;

void wb_sim_heap_init(wb_sim_heap *h);
void wb_sim_heap_fini(wb_sim_heap *h);
/* Adds it (numbering it); WB_OK, or WB_ERR_NOMEM with the heap unchanged. */
int wb_sim_heap_push(wb_sim_heap *h, wb_sim_item it);
/* The earliest item, or NULL when the heap is empty. */
const wb_sim_item *wb_sim_heap_top(const wb_sim_heap *h);
/* Removes and returns the earliest item; the heap must not be empty. */
wb_sim_item wb_sim_heap_pop(wb_sim_heap *h);

#endif
