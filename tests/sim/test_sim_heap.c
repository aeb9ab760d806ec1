/*
 * test_sim_heap.c - the simulator's agenda (wb_sim_heap.h): items come out by time, items due
 * at the same time in the order they were pushed, across the growth of the array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wb_sim_heap.h"

static void push(wb_sim_heap *h, wb_ms t, int label)
{
    wb_sim_item it = {.t = t, .a = label};
    assert_int_equal(wb_sim_heap_push(h, it), WB_OK);
}

/* Times 5, 1, 3, 1, 5, 0 pushed as labels 0..5 come out as 5 (t 0), 1, 3 (t 1), 2, 0, 4. */
static void test_order_and_ties(void **state)
{
    static const int want[] = {5, 1, 3, 2, 0, 4};
    wb_sim_heap h;

    (void)state;
    wb_sim_heap_init(&h);
    assert_null(wb_sim_heap_top(&h));
    push(&h, 5, 0);
    push(&h, 1, 1);
    push(&h, 3, 2);
    push(&h, 1, 3);
    push(&h, 5, 4);
    push(&h, 0, 5);
    assert_int_equal(h.n, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(wb_sim_heap_top(&h)->a, want[i]);
        wb_sim_item it = wb_sim_heap_pop(&h);
        assert_int_equal(it.a, want[i]);
        assert_int_equal(it.order, (uint64_t)want[i]); /* numbered in push order */
    }
    assert_int_equal(h.n, 0);
    assert_null(wb_sim_heap_top(&h));
    wb_sim_heap_fini(&h);
}

/*
 * Past the first array (256 items): t = i * 7919 mod 1000 visits every t in 0..999 once
 * (7919 is prime to 1000), and each is pushed twice; they come out as 0, 0, 1, 1, ... with the
 * first push of each pair first.
 */
static void test_many(void **state)
{
    wb_sim_heap h;

    (void)state;
    wb_sim_heap_init(&h);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 1000; i++)
            push(&h, (wb_ms)((i * 7919) % 1000), round);
    assert_int_equal(h.n, 2000);
    for (wb_ms t = 0; t < 1000; t++) {
        for (int round = 0; round < 2; round++) {
            wb_sim_item it = wb_sim_heap_pop(&h);
            assert_int_equal(it.t, t);
            assert_int_equal(it.a, round);
        }
    }
    /* Interleaved pushes and pops keep the order. */
    push(&h, 10, 0);
    push(&h, 20, 1);
    assert_int_equal(wb_sim_heap_pop(&h).a, 0);
    push(&h, 15, 2);
    assert_int_equal(wb_sim_heap_pop(&h).a, 2);
    assert_int_equal(wb_sim_heap_pop(&h).a, 1);
    wb_sim_heap_fini(&h);
    assert_null(h.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_ties),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
