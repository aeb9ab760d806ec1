/*
 * test_layout_dlist.c - the display list on its own (layout_dlist.c): growth by doubling from
 * 64, items appended with their defaults, strings interned at the offsets worked out by hand,
 * out-of-range text read as "", and clear keeping the memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

static void test_grow_doubles_from_64(void **state)
{
    int *p = NULL;
    size_t cap = 0;
    assert_true(wb_lay_grow((void **)&p, &cap, 1, sizeof *p));
    assert_int_equal(cap, 64);
    /* Enough already: nothing changes. */
    assert_true(wb_lay_grow((void **)&p, &cap, 64, sizeof *p));
    assert_int_equal(cap, 64);
    assert_true(wb_lay_grow((void **)&p, &cap, 65, sizeof *p));
    assert_int_equal(cap, 128);
    /* 128 -> 256 -> 512: the first power-of-two multiple of 64 that holds 300. */
    assert_true(wb_lay_grow((void **)&p, &cap, 300, sizeof *p));
    assert_int_equal(cap, 512);
    p[511] = 7; /* the memory is really there (ASan would say otherwise) */
    free(p);
}

static void test_push_and_intern(void **state)
{
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_rect box = {1, 2, 3, 4};
    wb_dl_item *it = wb_lay_push(&dl, WB_DL_TEXT, WB_TAG_CLOCK, 5, box, 0x11223344u);
    assert_non_null(it);
    assert_int_equal(dl.n, 1);
    assert_int_equal(it->kind, WB_DL_TEXT);
    assert_int_equal(it->tag, WB_TAG_CLOCK);
    assert_int_equal(it->tile, 5);
    assert_int_equal(it->box.x, 1);
    assert_int_equal(it->box.h, 4);
    assert_int_equal(it->color, 0x11223344u);
    assert_int_equal(it->thick, 1);
    assert_int_equal(it->px, 0);

    /* "ab" and its NUL take offsets 0..2, so "cde" starts at 3 and the arena holds 7 bytes. */
    assert_int_equal(wb_lay_intern(&dl, "ab"), 0);
    assert_int_equal(wb_lay_intern(&dl, "cde"), 3);
    assert_int_equal(dl.arena_n, 7);
    it->text = 3;
    assert_string_equal(wb_dl_text(&dl, it), "cde");
    it->text = 7; /* past the end */
    assert_string_equal(wb_dl_text(&dl, it), "");

    /* 100 items: the item array grew from 64 to 128 and kept the first one. */
    for (int i = 1; i < 100; i++)
        assert_non_null(wb_lay_push(&dl, WB_DL_FILL, WB_TAG_NONE, i, box, 0));
    assert_int_equal(dl.n, 100);
    assert_int_equal(dl.cap, 128);
    assert_int_equal(dl.items[0].tag, WB_TAG_CLOCK);
    assert_int_equal(dl.items[99].tile, 99);
    assert_false(dl.oom);

    /* Clear empties the list but keeps the allocations for the next frame. */
    wb_dl_item *items = dl.items;
    wb_dlist_clear(&dl);
    assert_int_equal(dl.n, 0);
    assert_int_equal(dl.arena_n, 0);
    assert_ptr_equal(dl.items, items);
    assert_int_equal(dl.cap, 128);
    wb_dlist_fini(&dl);
    assert_null(dl.items);
    assert_int_equal(dl.cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles_from_64),
        cmocka_unit_test(test_push_and_intern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
