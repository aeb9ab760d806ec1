/*
 * render_dirty.c - what changed between two frames, as a few rectangles (render_int.h).
 *
 * A frame is redrawn in part by clearing each dirty rectangle and drawing, clipped to it,
 * every item that reaches into it, in list order. That gives the same pixels as a full
 * redraw inside the rectangle, so the only thing this file must get right is to cover every
 * pixel that an old item drew and a new one does not, or the reverse: the old and the new
 * extent of each changed item.
 */
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

wb_rect wb_rect_union(wb_rect a, wb_rect b)
{
    if (wb_rect_empty(a))
        return b;
    if (wb_rect_empty(b))
        return a;
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    wb_rect u = {x0, y0, x1 - x0, y1 - y0};
    return u;
}

wb_rect wb_rect_clip(wb_rect r, int w, int h)
{
    int x0 = r.x < 0 ? 0 : r.x, y0 = r.y < 0 ? 0 : r.y;
    int x1 = r.x + r.w > w ? w : r.x + r.w, y1 = r.y + r.h > h ? h : r.y + r.h;
    wb_rect c = {x0, y0, x1 - x0, y1 - y0};
    if (c.w <= 0 || c.h <= 0)
        c.w = c.h = 0;
    return c;
}

static long long area(wb_rect r)
{
    return wb_rect_empty(r) ? 0 : (long long)r.w * r.h;
}

void wb_dirty_reset(wb_dirty *d, int w, int h)
{
    d->w = w;
    d->h = h;
    d->n = 0;
    d->full = false;
}

void wb_dirty_all(wb_dirty *d)
{
    d->full = true;
    d->n = 1;
    d->r[0] = (wb_rect){0, 0, d->w, d->h};
}

void wb_dirty_add(wb_dirty *d, wb_rect r)
{
    if (d->full)
        return;
    r = wb_rect_clip(r, d->w, d->h);
    if (wb_rect_empty(r))
        return;
    /*
     * Merge until nothing more merges: a union can reach a rectangle that the smaller r did
     * not, so the scan restarts after each merge. Merging rectangles that merely lie near each
     * other would redraw the space between them, hence the area rule.
     */
    bool merged = true;
    while (merged) {
        merged = false;
        for (int i = 0; i < d->n; i++) {
            wb_rect u = wb_rect_union(r, d->r[i]);
            if (wb_rect_overlap(r, d->r[i]) || area(u) <= area(r) + area(d->r[i])) {
                r = u;
                d->r[i] = d->r[--d->n];
                merged = true;
                break;
            }
        }
        if (!merged && d->n == WB_DIRTY_MAX) {
            /*
             * No room: r joins the rectangle that grows least by taking it in, and the result
             * is merged again. Many small changes (every agent card's time on the agent page)
             * then stay rows of the screen rather than all of it.
             */
            int best = 0;
            long long best_cost = -1;
            for (int i = 0; i < d->n; i++) {
                long long cost = area(wb_rect_union(r, d->r[i])) - area(d->r[i]);
                if (best_cost < 0 || cost < best_cost) {
                    best_cost = cost;
                    best = i;
                }
            }
            r = wb_rect_union(r, d->r[best]);
            d->r[best] = d->r[--d->n];
            merged = true;
        }
    }
    d->r[d->n++] = r;
}

void wb_dirty_add_item(wb_dirty *d, const wb_item_rec *it)
{
    wb_rect b = it->ext;
    int t = it->outline;
    if (t <= 0 || t * 2 >= b.w || t * 2 >= b.h) {
        wb_dirty_add(d, b);
        return;
    }
    /* A border that changes colour leaves the inside of its tile alone. */
    wb_dirty_add(d, (wb_rect){b.x, b.y, b.w, t});
    wb_dirty_add(d, (wb_rect){b.x, b.y + b.h - t, b.w, t});
    wb_dirty_add(d, (wb_rect){b.x, b.y + t, t, b.h - 2 * t});
    wb_dirty_add(d, (wb_rect){b.x + b.w - t, b.y + t, t, b.h - 2 * t});
}

long long wb_dirty_area(const wb_dirty *d)
{
    long long a = 0;
    for (int i = 0; i < d->n; i++)
        a += area(d->r[i]);
    return a;
}

static int cmp_key(const void *a, const void *b)
{
    const wb_dirty_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void wb_dirty_diff(wb_dirty *d, const wb_item_rec *old, size_t nold, const wb_item_rec *nw,
                   size_t nnew, wb_dirty_key *so, wb_dirty_key *sn)
{
    if (nold == nnew) {
        for (size_t i = 0; i < nnew && !d->full; i++) {
            if (old[i].hash == nw[i].hash)
                continue;
            wb_dirty_add_item(d, &old[i]);
            wb_dirty_add_item(d, &nw[i]);
        }
    } else {
        /*
         * Items came or went, so positions shifted: match equal hashes, whatever their
         * position, by walking both lists sorted by hash. Layout emits a screen's parts in a
         * fixed order, so an item that kept its hash kept its place among its neighbours.
         */
        for (size_t i = 0; i < nold; i++)
            so[i] = (wb_dirty_key){old[i].hash, (uint32_t)i};
        for (size_t i = 0; i < nnew; i++)
            sn[i] = (wb_dirty_key){nw[i].hash, (uint32_t)i};
        if (nold > 1)
            qsort(so, nold, sizeof *so, cmp_key);
        if (nnew > 1)
            qsort(sn, nnew, sizeof *sn, cmp_key);
        size_t i = 0, j = 0;
        while ((i < nold || j < nnew) && !d->full) {
            if (j == nnew || (i < nold && so[i].hash < sn[j].hash)) {
                wb_dirty_add_item(d, &old[so[i++].idx]);
            } else if (i == nold || sn[j].hash < so[i].hash) {
                wb_dirty_add_item(d, &nw[sn[j++].idx]);
            } else {
                i++;
                j++;
            }
        }
    }
    long long screen = (long long)d->w * d->h;
    if (!d->full && wb_dirty_area(d) * 100 > screen * WB_DIRTY_FULL_PCT)
        wb_dirty_all(d);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    /* FNV-1a over the eight bytes of v. */
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (i * 8)) & 0xFF;
        h *= 1099511628211ull;
    }
    return h;
}

uint64_t wb_item_hash(const wb_dl_item *it, const char *text, const wb_point *pts)
{
    uint64_t h = 14695981039346656037ull;
    h = mix(h, (uint64_t)it->kind);
    h = mix(h, ((uint64_t)(uint32_t)it->box.x << 32) | (uint32_t)it->box.y);
    h = mix(h, ((uint64_t)(uint32_t)it->box.w << 32) | (uint32_t)it->box.h);
    h = mix(h, it->color);
    h = mix(h, (uint64_t)(uint32_t)it->thick);
    h = mix(h, ((uint64_t)it->font << 40) | ((uint64_t)it->align << 32) | (uint32_t)it->px);
    if (text) {
        for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
            h ^= *s;
            h *= 1099511628211ull;
        }
        h = mix(h, 0xFF); /* the end of the string: "ab"+"c" differs from "a"+"bc" */
    }
    for (uint32_t i = 0; pts && i < it->npts; i++)
        h = mix(h, ((uint64_t)(uint32_t)pts[i].x << 32) | (uint32_t)pts[i].y);
    return h;
}
