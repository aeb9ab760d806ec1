/*
 * test_gesture.c - the wallboard's gesture recogniser, hit test and touch actions
 * (src/apps/wallboard/gesture.c), fed synthetic pointer events with chosen times: tap,
 * long-press (while held and at release), swipes and what is not a swipe, a second finger,
 * the mapping of a rotated and shifted screen back to layout coordinates, and hit-testing a
 * real display list (tile indexes and tags, never pixels).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

#include "gesture.h"
#include "layout_fixture.h"

static wb_gesture_kind ev(wb_gesture *g, const wb_gesture_cfg *c, wb_ptr_kind k, int64_t id, int x,
                          int y, wb_ms t, int *ox, int *oy)
{
    wb_ptr_event e = {.kind = k, .id = id, .x = x, .y = y, .t = t};
    return wb_gesture_feed(g, c, &e, ox, oy);
}

static void thresholds(void **state)
{
    (void)state;
    /* 1920x1080: slop 2 % of 1080 = 21 px, swipe 12 % of 1080 = 129 px. */
    wb_gesture_cfg c = wb_gesture_cfg_for(1920, 1080);
    assert_int_equal(c.slop_px, 21);
    assert_int_equal(c.swipe_px, 129);
    assert_int_equal(c.long_press_ms, 800);
    assert_int_equal(c.swipe_max_ms, 1000);
    /* 800x480: 2 % is 9 and 12 % is 57, both below the floors of 12 and 60. */
    c = wb_gesture_cfg_for(800, 480);
    assert_int_equal(c.slop_px, 12);
    assert_int_equal(c.swipe_px, 60);
    /* Portrait uses the short side too. */
    c = wb_gesture_cfg_for(1080, 1920);
    assert_int_equal(c.swipe_px, 129);
}

static void tap_and_long_press(void **state)
{
    (void)state;
    wb_gesture_cfg c = wb_gesture_cfg_for(1920, 1080);
    wb_gesture g;
    wb_gesture_init(&g);
    int x = -1, y = -1;
    /* Down and up 200 ms later, 5 px away (inside the 21 px slop): a tap where it began. */
    assert_int_equal(ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 1000, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_MOVE, 1, 104, 103, 1100, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 105, 103, 1200, &x, &y), WB_GESTURE_TAP);
    assert_int_equal(x, 100);
    assert_int_equal(y, 100);
    /* Up 799 ms after down: still a tap; 800 ms: a long-press. */
    ev(&g, &c, WB_PTR_DOWN, 1, 10, 10, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 10, 10, 799, &x, &y), WB_GESTURE_TAP);
    ev(&g, &c, WB_PTR_DOWN, 1, 10, 10, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 10, 10, 800, &x, &y), WB_GESTURE_LONG_PRESS);
    /* Held: the poll reports the long-press at 800 ms, once, and the release adds nothing. */
    ev(&g, &c, WB_PTR_DOWN, 1, 300, 200, 5000, &x, &y);
    assert_int_equal(wb_gesture_poll(&g, &c, 5799, &x, &y), WB_GESTURE_NONE);
    x = y = -1;
    assert_int_equal(wb_gesture_poll(&g, &c, 5800, &x, &y), WB_GESTURE_LONG_PRESS);
    assert_int_equal(x, 300);
    assert_int_equal(y, 200);
    assert_int_equal(wb_gesture_poll(&g, &c, 6500, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 300, 200, 7000, &x, &y), WB_GESTURE_NONE);
    /* Nothing down: the poll reports nothing. */
    assert_int_equal(wb_gesture_poll(&g, &c, 9000, &x, &y), WB_GESTURE_NONE);
}

static void movement_cancels_tap(void **state)
{
    (void)state;
    wb_gesture_cfg c = wb_gesture_cfg_for(1920, 1080);
    wb_gesture g;
    wb_gesture_init(&g);
    int x, y;
    /* 22 px right (beyond 21) and back: not a tap, not a swipe (too short): nothing. */
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 0, &x, &y);
    ev(&g, &c, WB_PTR_MOVE, 1, 122, 100, 50, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 100, 100, 100, &x, &y), WB_GESTURE_NONE);
    /* Moved and then held still for 2 s: no long-press either. */
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 0, &x, &y);
    ev(&g, &c, WB_PTR_MOVE, 1, 100, 130, 50, &x, &y);
    assert_int_equal(wb_gesture_poll(&g, &c, 2000, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 100, 130, 2000, &x, &y), WB_GESTURE_NONE);
    /* Cancelled (the window lost the touch): the up that follows is nothing. */
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 0, &x, &y);
    ev(&g, &c, WB_PTR_CANCEL, 1, 100, 100, 10, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 100, 100, 20, &x, &y), WB_GESTURE_NONE);
}

static void swipes(void **state)
{
    (void)state;
    wb_gesture_cfg c = wb_gesture_cfg_for(1920, 1080); /* swipe 129 px within 1000 ms */
    wb_gesture g;
    wb_gesture_init(&g);
    int x, y;
    /* 200 px to the left in 300 ms, 10 px down: a swipe left, reported where it began. */
    ev(&g, &c, WB_PTR_DOWN, 7, 1000, 500, 0, &x, &y);
    ev(&g, &c, WB_PTR_MOVE, 7, 900, 505, 150, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 800, 510, 300, &x, &y), WB_GESTURE_SWIPE_LEFT);
    assert_int_equal(x, 1000);
    assert_int_equal(y, 500);
    /* To the right. */
    ev(&g, &c, WB_PTR_DOWN, 7, 800, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 1000, 500, 300, &x, &y), WB_GESTURE_SWIPE_RIGHT);
    /* Exactly 129 px is a swipe, 128 px is not. */
    ev(&g, &c, WB_PTR_DOWN, 7, 500, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 371, 500, 300, &x, &y), WB_GESTURE_SWIPE_LEFT);
    ev(&g, &c, WB_PTR_DOWN, 7, 500, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 372, 500, 300, &x, &y), WB_GESTURE_NONE);
    /* Too slow: 1001 ms is a drag, not a swipe; 1000 ms still is one. */
    ev(&g, &c, WB_PTR_DOWN, 7, 1000, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 700, 500, 1001, &x, &y), WB_GESTURE_NONE);
    ev(&g, &c, WB_PTR_DOWN, 7, 1000, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 700, 500, 1000, &x, &y), WB_GESTURE_SWIPE_LEFT);
    /* Too steep: 200 across and 101 down is less than twice as far across; 100 down is not. */
    ev(&g, &c, WB_PTR_DOWN, 7, 1000, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 800, 601, 300, &x, &y), WB_GESTURE_NONE);
    ev(&g, &c, WB_PTR_DOWN, 7, 1000, 500, 0, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 7, 800, 600, 300, &x, &y), WB_GESTURE_SWIPE_LEFT);
}

static void one_finger_at_a_time(void **state)
{
    (void)state;
    wb_gesture_cfg c = wb_gesture_cfg_for(1920, 1080);
    wb_gesture g;
    wb_gesture_init(&g);
    int x, y;
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 0, &x, &y);
    /* A second finger comes and goes, far away: ignored. */
    assert_int_equal(ev(&g, &c, WB_PTR_DOWN, 2, 900, 900, 50, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_MOVE, 2, 500, 900, 60, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 2, 300, 900, 70, &x, &y), WB_GESTURE_NONE);
    /* The first finger's release is still its tap. */
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 100, 100, 200, &x, &y), WB_GESTURE_TAP);
    /* An up with nothing down is nothing. */
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 100, 100, 300, &x, &y), WB_GESTURE_NONE);
    /* A lost release: the same pointer pressing again starts afresh (a tap where it pressed
     * the second time)... */
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 1000, &x, &y);
    ev(&g, &c, WB_PTR_DOWN, 1, 500, 300, 2000, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 1, 500, 300, 2100, &x, &y), WB_GESTURE_TAP);
    assert_int_equal(x, 500);
    /* ...and so does another finger once the first has been down 10 s (9 999 ms: ignored). */
    ev(&g, &c, WB_PTR_DOWN, 1, 100, 100, 10000, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_DOWN, 2, 700, 400, 19999, &x, &y), WB_GESTURE_NONE);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 2, 700, 400, 20050, &x, &y), WB_GESTURE_NONE);
    ev(&g, &c, WB_PTR_DOWN, 2, 700, 400, 20000, &x, &y);
    assert_int_equal(ev(&g, &c, WB_PTR_UP, 2, 700, 400, 20100, &x, &y), WB_GESTURE_TAP);
    assert_int_equal(x, 700);
}

static void rotated_and_shifted(void **state)
{
    (void)state;
    int lx, ly;
    /* No rotation: only the burn-in shift (2, 3) comes off. */
    wb_gesture_to_layout(105, 53, 1920, 1080, 1920, 1080, 0, 2, 3, &lx, &ly);
    assert_int_equal(lx, 103);
    assert_int_equal(ly, 50);
    /*
     * 90 degrees: a 1920x1080 layout on a 1080x1920 panel. Turned clockwise, the layout's
     * top-left corner is at the panel's top-right and its bottom-left at the panel's
     * top-left: panel (1080, 0) -> layout (0, 0); panel (0, 0) -> layout (0, 1080).
     */
    wb_gesture_to_layout(1080, 0, 1080, 1920, 1920, 1080, 90, 0, 0, &lx, &ly);
    assert_int_equal(lx, 0);
    assert_int_equal(ly, 0);
    wb_gesture_to_layout(0, 0, 1080, 1920, 1920, 1080, 90, 0, 0, &lx, &ly);
    assert_int_equal(lx, 0);
    assert_int_equal(ly, 1080);
    /* The panel's centre is the layout's centre, shifted by the burn-in shift. */
    wb_gesture_to_layout(542, 963, 1080, 1920, 1920, 1080, 90, 2, 3, &lx, &ly);
    assert_int_equal(lx, 960);
    assert_int_equal(ly, 540);
    /* 180: panel (10, 20) is layout (1910, 1060). */
    wb_gesture_to_layout(10, 20, 1920, 1080, 1920, 1080, 180, 0, 0, &lx, &ly);
    assert_int_equal(lx, 1910);
    assert_int_equal(ly, 1060);
    /* 270: the layout's top-right corner is at the panel's top-left. */
    wb_gesture_to_layout(0, 0, 1080, 1920, 1920, 1080, 270, 0, 0, &lx, &ly);
    assert_int_equal(lx, 1920);
    assert_int_equal(ly, 0);
}

static wb_point centre(wb_rect r)
{
    wb_point p = {r.x + r.w / 2, r.y + r.h / 2};
    return p;
}

static void hits_and_actions(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(4);
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    /* Every channel tile: its centre and a point 3 px inside its corner hit that tile. */
    int tiles = 0;
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        if (it->tag != WB_TAG_TILE || it->kind != WB_DL_FILL)
            continue;
        tiles++;
        wb_point p = centre(it->box);
        wb_hit h = wb_hit_test(&dl, p.x, p.y);
        assert_int_equal(h.kind, WB_HIT_TILE);
        assert_int_equal(h.tile, it->tile);
        h = wb_hit_test(&dl, it->box.x + 3, it->box.y + 3);
        assert_int_equal(h.tile, it->tile);
        wb_action a = wb_gesture_action(WB_GESTURE_TAP, p.x, p.y, &dl, false, 4);
        assert_int_equal(a.kind, WB_ACT_OPEN_DETAIL);
        assert_int_equal(a.tile, it->tile);
        /* With the detail page open, a tap anywhere goes back. */
        a = wb_gesture_action(WB_GESTURE_TAP, p.x, p.y, &dl, true, 4);
        assert_int_equal(a.kind, WB_ACT_CLOSE_DETAIL);
        /* A tile whose index is no channel's (a queue tile's range) opens nothing. */
        a = wb_gesture_action(WB_GESTURE_TAP, p.x, p.y, &dl, false, (size_t)it->tile);
        assert_int_equal(a.kind, WB_ACT_NONE);
    }
    assert_int_equal(tiles, 4);
    /* The footer: the first ticker fill, across the bottom. */
    const wb_dl_item *foot = fx_find(&dl, WB_TAG_TICKER, -1, WB_DL_FILL);
    assert_non_null(foot);
    wb_rect fb = foot->box;
    wb_hit h = wb_hit_test(&dl, fb.x + fb.w - 5, fb.y + fb.h / 2);
    assert_int_equal(h.kind, WB_HIT_FOOTER);
    assert_memory_equal(&h.box, &fb, sizeof fb);
    /* Its left third turns back, the rest forward: x = w/3 - 1 and w/3 from its left. */
    wb_action a = wb_gesture_action(WB_GESTURE_TAP, fb.x + fb.w / 3 - 1, fb.y + 2, &dl, false, 4);
    assert_int_equal(a.kind, WB_ACT_PREV_PAGE);
    a = wb_gesture_action(WB_GESTURE_TAP, fb.x + fb.w / 3, fb.y + 2, &dl, false, 4);
    assert_int_equal(a.kind, WB_ACT_NEXT_PAGE);
    /* The header is nothing to tap; a point off the screen neither. */
    const wb_dl_item *head = fx_find(&dl, WB_TAG_HEADER, -1, WB_DL_FILL);
    assert_non_null(head);
    wb_point hp = centre(head->box);
    assert_int_equal(wb_hit_test(&dl, hp.x, hp.y).kind, WB_HIT_NONE);
    assert_int_equal(wb_gesture_action(WB_GESTURE_TAP, hp.x, hp.y, &dl, false, 4).kind,
                     WB_ACT_NONE);
    assert_int_equal(wb_hit_test(&dl, -5, 5000).kind, WB_HIT_NONE);
    /* Long-press anywhere acknowledges; swipes turn the page, detail page open or not. */
    assert_int_equal(wb_gesture_action(WB_GESTURE_LONG_PRESS, hp.x, hp.y, &dl, false, 4).kind,
                     WB_ACT_ACK);
    assert_int_equal(wb_gesture_action(WB_GESTURE_LONG_PRESS, 5, 5, &dl, true, 4).kind, WB_ACT_ACK);
    assert_int_equal(wb_gesture_action(WB_GESTURE_SWIPE_LEFT, 5, 5, &dl, true, 4).kind,
                     WB_ACT_NEXT_PAGE);
    assert_int_equal(wb_gesture_action(WB_GESTURE_SWIPE_RIGHT, 5, 5, &dl, false, 4).kind,
                     WB_ACT_PREV_PAGE);
    assert_int_equal(wb_gesture_action(WB_GESTURE_NONE, 5, 5, &dl, false, 4).kind, WB_ACT_NONE);
    wb_dlist_fini(&dl);
    free(v);
}

static void agent_cards_are_not_tiles(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(2);
    wb_agent_info ag[3] = {
        {.agent = "a1",
         .name = "Aino Virtanen",
         .team = "Blue",
         .state = WB_AGENT_BUSY,
         .since = FX_T - 60000,
         .channels = 1,
         .work_ch = 0},
        {.agent = "a2",
         .name = "Ben Li",
         .team = "Blue",
         .state = WB_AGENT_AVAILABLE,
         .since = FX_T - 1000,
         .channels = 3,
         .work_ch = -1},
        {.agent = "a3",
         .name = "Cai Ek",
         .team = "Red",
         .state = WB_AGENT_PAUSED,
         .since = FX_T - 5000,
         .channels = 2,
         .work_ch = -1},
    };
    fx_opts o = {.page = WB_PAGE_AGENTS, .agents = ag, .n_agents = 3};
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
    const wb_dl_item *card = fx_find(&dl, WB_TAG_CARD, 0, WB_DL_FILL);
    assert_non_null(card);
    wb_point p = centre(card->box);
    /* A card carries an agent index in `tile`, not a channel: no tile is hit. */
    assert_int_equal(wb_hit_test(&dl, p.x, p.y).kind, WB_HIT_NONE);
    assert_int_equal(wb_gesture_action(WB_GESTURE_TAP, p.x, p.y, &dl, false, 2).kind, WB_ACT_NONE);
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thresholds),           cmocka_unit_test(tap_and_long_press),
        cmocka_unit_test(movement_cancels_tap), cmocka_unit_test(swipes),
        cmocka_unit_test(one_finger_at_a_time), cmocka_unit_test(rotated_and_shifted),
        cmocka_unit_test(hits_and_actions),     cmocka_unit_test(agent_cards_are_not_tiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
