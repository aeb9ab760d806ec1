/*
 * wb_sim_heap.c - the simulator's agenda, a binary min-heap of timed items (see
 * wb_sim_heap.h).
 */
#include "wb_sim_heap.h"

#include "wb_grow.h"

#include <stdbool.h>
#include <stdlib.h>

void wb_sim_heap_init(wb_sim_heap *h)
{
    h->v = NULL;
    h->n = h->cap = 0;
    h->order = 0;
}

void wb_sim_heap_fini(wb_sim_heap *h)
{
    free(h->v);
    wb_sim_heap_init(h);
}

const wb_sim_item *wb_sim_heap_top(const wb_sim_heap *h)
{
    return h->n ? &h->v[0] : NULL;
}

static bool item_before(const wb_sim_item *a, const wb_sim_item *b)
{
    return a->t < b->t || (a->t == b->t && a->order < b->order);
}

int wb_sim_heap_push(wb_sim_heap *h, wb_sim_item it)
{
    wb_sim_item *n = wb_grow(h->v, &h->cap, h->n + 1, sizeof *n, 256);
    if (!n)
        return WB_ERR_NOMEM;
    h->v = n;
    it.order = h->order++;
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!item_before(&it, &h->v[p]))
            break;
        h->v[i] = h->v[p];
        i = p;
    }
    h->v[i] = it;
    return WB_OK;
}

wb_sim_item wb_sim_heap_pop(wb_sim_heap *h)
{
    wb_sim_item top = h->v[0];
    wb_sim_item last = h->v[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const wb_sim_item *best = &last;
        if (l < n && item_before(&h->v[l], best)) {
            m = l;
            best = &h->v[l];
        }
        if (l + 1 < n && item_before(&h->v[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        h->v[i] = h->v[m];
        i = m;
    }
    if (n > 0)
        h->v[i] = last;
    return top;
}
