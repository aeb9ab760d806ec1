/*
 * test_render_dirty.c - the dirty rectangles of the renderer (render_int.h) on their own: no
 * SDL, every rectangle worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "render_int.h"

static void assert_rect(wb_rect r, int x, int y, int w, int h)
{
    if (r.x != x || r.y != y || r.w != w || r.h != h)
        fail_msg("rect (%d,%d %dx%d), expected (%d,%d %dx%d)", r.x, r.y, r.w, r.h, x, y, w, h);
}

/* True when d holds exactly the rectangle (x, y, w, h) among its rectangles. */
static bool has_rect(const wb_dirty *d, int x, int y, int w, int h)
{
    for (int i = 0; i < d->n; i++)
        if (d->r[i].x == x && d->r[i].y == y && d->r[i].w == w && d->r[i].h == h)
            return true;
    return false;
}

static void test_clip_to_screen(void **state)
{
    (void)state;
    wb_dirty d;
    wb_dirty_reset(&d, 100, 50);
    /* (-10, 40) to (20, 60) on a 100 x 50 screen: (0, 40) to (20, 50). */
    wb_dirty_add(&d, (wb_rect){-10, 40, 30, 20});
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 40, 20, 10);
    /* Wholly off screen, or empty: nothing. */
    wb_dirty_add(&d, (wb_rect){100, 0, 10, 10});
    wb_dirty_add(&d, (wb_rect){5, 5, 0, 10});
    assert_int_equal(d.n, 1);
    assert_false(d.full);
}

static void test_merge_rules(void **state)
{
    (void)state;
    wb_dirty d;
    wb_dirty_reset(&d, 200, 100);
    /* Overlapping: one union, (0,0)-(15,15). */
    wb_dirty_add(&d, (wb_rect){0, 0, 10, 10});
    wb_dirty_add(&d, (wb_rect){5, 5, 10, 10});
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 0, 15, 15);
    /* Apart: the union (300 px) would cover more than the two (200 px); kept apart. */
    wb_dirty_reset(&d, 200, 100);
    wb_dirty_add(&d, (wb_rect){0, 0, 10, 10});
    wb_dirty_add(&d, (wb_rect){20, 0, 10, 10});
    assert_int_equal(d.n, 2);
    assert_int_equal(wb_dirty_area(&d), 200);
    /* Side by side: the union is exactly the two, so one rectangle. */
    wb_dirty_add(&d, (wb_rect){10, 0, 10, 10});
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 0, 30, 10);
    /* A union that then reaches a third: all three become one. */
    wb_dirty_reset(&d, 200, 100);
    wb_dirty_add(&d, (wb_rect){0, 0, 10, 10});
    wb_dirty_add(&d, (wb_rect){30, 0, 10, 10});
    wb_dirty_add(&d, (wb_rect){5, 0, 30, 10}); /* overlaps both */
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 0, 40, 10);
}

/*
 * 65 separate pixels: the 65th, at (300, 5), does not fit, so it joins the pixel whose union
 * with it is smallest, the last one at (126, 3): (126, 3) to (301, 6), 175 x 3.
 */
static void test_overflow_makes_one_box(void **state)
{
    (void)state;
    wb_dirty d;
    wb_dirty_reset(&d, 400, 10);
    for (int i = 0; i < WB_DIRTY_MAX; i++)
        wb_dirty_add(&d, (wb_rect){2 * i, 3, 1, 1});
    assert_int_equal(d.n, WB_DIRTY_MAX);
    assert_int_equal(wb_dirty_area(&d), WB_DIRTY_MAX);
    wb_dirty_add(&d, (wb_rect){300, 5, 1, 1});
    assert_int_equal(d.n, WB_DIRTY_MAX);
    assert_true(has_rect(&d, 126, 3, 175, 3));
    assert_true(has_rect(&d, 124, 3, 1, 1));
    assert_false(has_rect(&d, 126, 3, 1, 1));
    assert_int_equal(wb_dirty_area(&d), (WB_DIRTY_MAX - 1) + 175 * 3);
}

/* An outline of thickness 2 around (10,10) 40 x 20: four sides, 80 + 80 + 32 + 32 pixels. */
static void test_outline_sides(void **state)
{
    (void)state;
    wb_dirty d;
    wb_dirty_reset(&d, 100, 100);
    wb_item_rec it = {.hash = 1, .ext = {10, 10, 40, 20}, .outline = 2};
    wb_dirty_add_item(&d, &it);
    assert_int_equal(d.n, 4);
    assert_true(has_rect(&d, 10, 10, 40, 2));
    assert_true(has_rect(&d, 10, 28, 40, 2));
    assert_true(has_rect(&d, 10, 12, 2, 16));
    assert_true(has_rect(&d, 48, 12, 2, 16));
    assert_int_equal(wb_dirty_area(&d), 224);
    /* So thick that nothing is left inside: the whole box. */
    wb_dirty_reset(&d, 100, 100);
    it.outline = 10;
    wb_dirty_add_item(&d, &it);
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 10, 10, 40, 20);
}

static wb_item_rec rec(uint64_t h, int x, int y, int w, int ht)
{
    wb_item_rec r = {.hash = h, .ext = {x, y, w, ht}, .outline = 0};
    return r;
}

/* Same length: item 1 changed and moved, so its old and its new place are both dirty. */
static void test_diff_same_length(void **state)
{
    (void)state;
    wb_item_rec old[3] = {rec(1, 0, 0, 10, 10), rec(2, 100, 0, 10, 10), rec(3, 0, 50, 10, 10)};
    wb_item_rec nw[3] = {rec(1, 0, 0, 10, 10), rec(9, 150, 0, 10, 10), rec(3, 0, 50, 10, 10)};
    wb_dirty_key ko[3], kn[3];
    wb_dirty d;
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, old, 3, nw, 3, ko, kn);
    assert_false(d.full);
    assert_int_equal(d.n, 2);
    assert_true(has_rect(&d, 100, 0, 10, 10));
    assert_true(has_rect(&d, 150, 0, 10, 10));
    /* Nothing changed: nothing dirty. */
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, old, 3, old, 3, ko, kn);
    assert_int_equal(d.n, 0);
    /* Two items swapped: both places (their order decides what is on top). */
    wb_item_rec sw[3] = {old[0], old[2], old[1]};
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, old, 3, sw, 3, ko, kn);
    assert_int_equal(d.n, 2);
    assert_true(has_rect(&d, 100, 0, 10, 10));
    assert_true(has_rect(&d, 0, 50, 10, 10));
}

/* An item inserted shifts the others: only the new one is dirty; one removed, only it. */
static void test_diff_insert_remove(void **state)
{
    (void)state;
    wb_item_rec old[3] = {rec(1, 0, 0, 10, 10), rec(2, 100, 0, 10, 10), rec(3, 0, 50, 10, 10)};
    wb_item_rec nw[4] = {old[0], rec(7, 200, 200, 5, 5), old[1], old[2]};
    wb_dirty_key ko[4], kn[4];
    wb_dirty d;
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, old, 3, nw, 4, ko, kn);
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 200, 200, 5, 5);
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, nw, 4, old, 3, ko, kn);
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 200, 200, 5, 5);
    /* Two equal items and one of them gone: one of their places is dirty. */
    wb_item_rec twin[3] = {rec(5, 0, 0, 10, 10), rec(5, 0, 0, 10, 10), rec(6, 50, 50, 1, 1)};
    wb_item_rec one[2] = {twin[0], twin[2]};
    wb_dirty_reset(&d, 1000, 1000);
    wb_dirty_diff(&d, twin, 3, one, 2, ko, kn);
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 0, 10, 10);
}

/* A change over more than half the screen is drawn whole: 60 x 100 of 100 x 100. */
static void test_diff_large_is_full(void **state)
{
    (void)state;
    wb_item_rec old[1] = {rec(1, 0, 0, 60, 100)};
    wb_item_rec nw[1] = {rec(2, 0, 0, 60, 100)};
    wb_dirty_key ko[1], kn[1];
    wb_dirty d;
    wb_dirty_reset(&d, 100, 100);
    wb_dirty_diff(&d, old, 1, nw, 1, ko, kn);
    assert_true(d.full);
    assert_int_equal(d.n, 1);
    assert_rect(d.r[0], 0, 0, 100, 100);
    /* 40 x 100 is less than half: kept as it is. */
    old[0] = rec(1, 0, 0, 40, 100);
    nw[0] = rec(2, 0, 0, 40, 100);
    wb_dirty_reset(&d, 100, 100);
    wb_dirty_diff(&d, old, 1, nw, 1, ko, kn);
    assert_false(d.full);
    assert_int_equal(wb_dirty_area(&d), 4000);
}

/* The hash follows what decides the pixels, and only that. */
static void test_item_hash(void **state)
{
    (void)state;
    wb_dl_item a;
    memset(&a, 0, sizeof a);
    a.kind = WB_DL_TEXT;
    a.tag = WB_TAG_WAITING;
    a.tile = 2;
    a.box = (wb_rect){10, 20, 300, 80};
    a.color = WB_COL_TEXT;
    a.font = WB_FONT_CONDENSED;
    a.px = 64;
    uint64_t h = wb_item_hash(&a, "12", NULL);
    assert_true(h == wb_item_hash(&a, "12", NULL));
    assert_true(h != wb_item_hash(&a, "13", NULL));
    wb_dl_item b = a;
    b.tag = WB_TAG_OLDEST;
    b.tile = 5;
    assert_true(h == wb_item_hash(&b, "12", NULL)); /* what it is does not change its pixels */
    b = a;
    b.color = WB_COL_TEXT_DIM;
    assert_true(h != wb_item_hash(&b, "12", NULL));
    b = a;
    b.box.x++;
    assert_true(h != wb_item_hash(&b, "12", NULL));
    b = a;
    b.px = 56;
    assert_true(h != wb_item_hash(&b, "12", NULL));
    b = a;
    b.align = WB_ALIGN_RIGHT;
    assert_true(h != wb_item_hash(&b, "12", NULL));
    /* Points: one point moved by a pixel. */
    wb_point p[3] = {{0, 5}, {10, 6}, {20, 7}};
    wb_dl_item l;
    memset(&l, 0, sizeof l);
    l.kind = WB_DL_POLYLINE;
    l.npts = 3;
    uint64_t hl = wb_item_hash(&l, NULL, p);
    p[1].y = 7;
    assert_true(hl != wb_item_hash(&l, NULL, p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clip_to_screen),         cmocka_unit_test(test_merge_rules),
        cmocka_unit_test(test_overflow_makes_one_box), cmocka_unit_test(test_outline_sides),
        cmocka_unit_test(test_diff_same_length),       cmocka_unit_test(test_diff_insert_remove),
        cmocka_unit_test(test_diff_large_is_full),     cmocka_unit_test(test_item_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
