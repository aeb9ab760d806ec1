/*
 * gesture.c - the gesture recogniser and the hit test (gesture.h). Pure: no SDL, no clock.
 */
#include "gesture.h"

#include <math.h>
#include <stdlib.h>

wb_gesture_cfg wb_gesture_cfg_for(int w, int h)
{
    int unit = w < h ? w : h;
    wb_gesture_cfg c = {
        .slop_px = unit * 2 / 100 > 12 ? unit * 2 / 100 : 12,
        .swipe_px = unit * 12 / 100 > 60 ? unit * 12 / 100 : 60,
        .long_press_ms = 800,
        .swipe_max_ms = 1000,
    };
    return c;
}

void wb_gesture_init(wb_gesture *g)
{
    *g = (wb_gesture){0};
}

static bool beyond(int dx, int dy, int r)
{
    return (long)dx * dx + (long)dy * dy > (long)r * r;
}

wb_gesture_kind wb_gesture_feed(wb_gesture *g, const wb_gesture_cfg *c, const wb_ptr_event *ev,
                                int *x, int *y)
{
    switch (ev->kind) {
    case WB_PTR_DOWN:
        /*
         * A second finger while one is down is ignored: one gesture at a time. But the same
         * pointer pressing again, or a press held far longer than any gesture, means that its
         * release was lost (the window lost the pointer): start afresh rather than ignore
         * every touch from now on.
         */
        if (g->down && ev->id != g->id && ev->t - g->t0 < WB_GESTURE_STALE_MS)
            return WB_GESTURE_NONE;
        *g = (wb_gesture){.down = true,
                          .id = ev->id,
                          .x0 = ev->x,
                          .y0 = ev->y,
                          .x = ev->x,
                          .y = ev->y,
                          .t0 = ev->t};
        return WB_GESTURE_NONE;
    case WB_PTR_MOVE:
        if (!g->down || ev->id != g->id)
            return WB_GESTURE_NONE;
        g->x = ev->x;
        g->y = ev->y;
        if (beyond(ev->x - g->x0, ev->y - g->y0, c->slop_px))
            g->moved = true;
        return WB_GESTURE_NONE;
    case WB_PTR_CANCEL:
        if (ev->id == g->id)
            g->down = false;
        return WB_GESTURE_NONE;
    case WB_PTR_UP:
        break;
    }
    if (!g->down || ev->id != g->id)
        return WB_GESTURE_NONE;
    g->down = false;
    g->x = ev->x;
    g->y = ev->y;
    *x = g->x0;
    *y = g->y0;
    int dx = ev->x - g->x0, dy = ev->y - g->y0;
    wb_ms held = ev->t - g->t0;
    if (beyond(dx, dy, c->slop_px))
        g->moved = true;
    if (!g->moved) {
        if (g->long_fired)
            return WB_GESTURE_NONE;
        return held >= c->long_press_ms ? WB_GESTURE_LONG_PRESS : WB_GESTURE_TAP;
    }
    /* A swipe: quick, far enough, and mostly sideways (twice as far across as up or down). */
    if (held <= c->swipe_max_ms && abs(dx) >= c->swipe_px && abs(dx) >= 2 * abs(dy))
        return dx < 0 ? WB_GESTURE_SWIPE_LEFT : WB_GESTURE_SWIPE_RIGHT;
    return WB_GESTURE_NONE;
}

wb_gesture_kind wb_gesture_poll(wb_gesture *g, const wb_gesture_cfg *c, wb_ms now, int *x, int *y)
{
    if (!g->down || g->moved || g->long_fired || now - g->t0 < c->long_press_ms)
        return WB_GESTURE_NONE;
    g->long_fired = true;
    *x = g->x0;
    *y = g->y0;
    return WB_GESTURE_LONG_PRESS;
}

void wb_gesture_to_layout(int px, int py, int out_w, int out_h, int lw, int lh, int rotate,
                          int shift_x, int shift_y, int *lx, int *ly)
{
    int rot = ((rotate % 360) + 360) % 360;
    if (rot == 0) {
        *lx = px - shift_x;
        *ly = py - shift_y;
        return;
    }
    /*
     * The renderer centres the lw x lh picture on the output (plus the shift) and turns it
     * clockwise by rot about that centre; y points down, so a clockwise turn by 90 takes
     * (x, y) to (-y, x) about the centre. Here the turn is undone.
     */
    double dx = px - (out_w / 2.0 + shift_x), dy = py - (out_h / 2.0 + shift_y);
    double ux = dx, uy = dy;
    if (rot == 90) {
        ux = dy;
        uy = -dx;
    } else if (rot == 180) {
        ux = -dx;
        uy = -dy;
    } else if (rot == 270) {
        ux = -dy;
        uy = dx;
    }
    *lx = (int)floor(lw / 2.0 + ux);
    *ly = (int)floor(lh / 2.0 + uy);
}

static bool inside(wb_rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

wb_hit wb_hit_test(const wb_dlist *dl, int x, int y)
{
    wb_hit h = {.kind = WB_HIT_NONE, .tile = -1};
    if (!dl)
        return h;
    /* Later items are drawn over earlier ones: the last one that contains the point wins. */
    for (size_t i = dl->n; i-- > 0;) {
        const wb_dl_item *it = &dl->items[i];
        if (!inside(it->box, x, y))
            continue;
        if (it->tag == WB_TAG_TILE && it->kind == WB_DL_FILL && it->tile >= 0) {
            h = (wb_hit){.kind = WB_HIT_TILE, .tile = it->tile, .box = it->box};
            return h;
        }
        if (it->tag == WB_TAG_TICKER && it->kind == WB_DL_FILL) {
            /* The separators between ticker items are small fills too: the footer is the
             * first (largest) ticker fill, found by looking on down the list. */
            h = (wb_hit){.kind = WB_HIT_FOOTER, .tile = -1, .box = it->box};
        }
    }
    return h;
}

wb_action wb_gesture_action(wb_gesture_kind g, int x, int y, const wb_dlist *dl, bool detail_open,
                            size_t n_channels)
{
    wb_action a = {.kind = WB_ACT_NONE, .tile = -1};
    switch (g) {
    case WB_GESTURE_NONE:
        return a;
    case WB_GESTURE_LONG_PRESS:
        a.kind = WB_ACT_ACK;
        return a;
    case WB_GESTURE_SWIPE_LEFT:
        a.kind = WB_ACT_NEXT_PAGE;
        return a;
    case WB_GESTURE_SWIPE_RIGHT:
        a.kind = WB_ACT_PREV_PAGE;
        return a;
    case WB_GESTURE_TAP:
        break;
    }
    if (detail_open) {
        a.kind = WB_ACT_CLOSE_DETAIL;
        return a;
    }
    wb_hit h = wb_hit_test(dl, x, y);
    if (h.kind == WB_HIT_FOOTER) {
        a.kind = x < h.box.x + h.box.w / 3 ? WB_ACT_PREV_PAGE : WB_ACT_NEXT_PAGE;
    } else if (h.kind == WB_HIT_TILE && (size_t)h.tile < n_channels) {
        a.kind = WB_ACT_OPEN_DETAIL;
        a.tile = h.tile;
    }
    return a;
}
