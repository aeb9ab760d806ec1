/*
 * render_int.h - what the renderer's parts share; private to src/view (and to its tests).
 * render.h is the public interface.
 *
 * render_dirty.c finds what changed between two display lists and turns it into a short list
 * of rectangles to redraw. It makes no SDL call, so it is tested on its own:
 *   - a wb_item_rec is what the renderer remembers of one drawn item: a hash of everything
 *     that decides its pixels (kind, box, colour, thickness, font, size, alignment, text,
 *     points) and the rectangle its pixels can cover;
 *   - a wb_dirty is a bounded set of rectangles in logical screen coordinates, clipped to the
 *     screen, overlapping ones merged. Past WB_DIRTY_MAX rectangles a new one joins the
 *     rectangle that grows least by it; when they would cover most of the screen, the set says
 *     "full" instead.
 *
 * Ownership: a wb_dirty is a plain value (no heap). wb_dirty_diff() takes the scratch arrays
 * it sorts from its caller, which owns them.
 */
#ifndef WB_RENDER_INT_H
#define WB_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

#define WB_DIRTY_MAX 64
/*
 * Above this share of the screen (in percent) a partial redraw is not worth it: drawing the
 * whole list once is cheaper than many clipped passes over it, and a page change or a new
 * language lands here anyway.
 */
#define WB_DIRTY_FULL_PCT 50

typedef struct wb_item_rec {
    uint64_t hash;
    wb_rect ext; /* the pixels the item may touch, logical coordinates */
    int outline; /* an outline's thickness (its four sides are what changes), else 0 */
} wb_item_rec;

typedef struct wb_dirty {
    int w, h; /* the screen the rectangles are clipped to */
    int n;
    bool full;
    wb_rect r[WB_DIRTY_MAX];
} wb_dirty;

/* An empty set on a w x h screen. */
void wb_dirty_reset(wb_dirty *d, int w, int h);
/* Marks the whole screen. */
void wb_dirty_all(wb_dirty *d);
/*
 * Adds r, clipped to the screen (nothing when empty), merged with every rectangle it overlaps
 * or whose union with it covers no more than the two apart would; when the set is full, with
 * the one whose union with it adds the fewest pixels.
 */
void wb_dirty_add(wb_dirty *d, wb_rect r);
/* Adds what a changed item touches: an outline's four sides, anything else its extent. */
void wb_dirty_add_item(wb_dirty *d, const wb_item_rec *it);
/* Pixels covered (overlaps counted twice; merged rectangles rarely overlap). */
long long wb_dirty_area(const wb_dirty *d);

/*
 * Adds to d what differs between the old and the new list of item records. Lists of the same
 * length are compared item by item (a swap of two items counts as a change of both); otherwise
 * items are matched by hash whatever their position, and what has no partner is dirty. The
 * scratch arrays hold nold and nnew entries. Ends with d->full when the result covers more
 * than WB_DIRTY_FULL_PCT of the screen.
 */
typedef struct wb_dirty_key {
    uint64_t hash;
    uint32_t idx;
} wb_dirty_key;
void wb_dirty_diff(wb_dirty *d, const wb_item_rec *old, size_t nold, const wb_item_rec *nw,
                   size_t nnew, wb_dirty_key *scratch_old, wb_dirty_key *scratch_new);

/* The hash of an item as drawn (text is the item's string; its points are in pts). */
uint64_t wb_item_hash(const wb_dl_item *it, const char *text, const wb_point *pts);

static inline bool wb_rect_empty(wb_rect r)
{
    return r.w <= 0 || r.h <= 0;
}

static inline bool wb_rect_overlap(wb_rect a, wb_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

wb_rect wb_rect_union(wb_rect a, wb_rect b);
wb_rect wb_rect_clip(wb_rect r, int w, int h);

#endif
