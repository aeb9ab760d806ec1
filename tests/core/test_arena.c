/*
 * test_arena.c - the per-thread arena behind the protocol's cJSON trees (wb_arena.h): blocks
 * are bumped in max_align_t steps, a full or busy arena sends allocations to the heap, one
 * arena per thread, and an arena whose thread exited while it was busy is freed by its release.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

#include <cmocka.h>

#include "wb_arena.h"

/* Two one-byte blocks lie one alignment step apart, inside the arena, and are aligned. */
static void test_bump(void **state)
{
    struct wb_arena *a;
    unsigned char *p, *q;

    (void)state;
    a = wb_arena_enter();
    assert_non_null(a);
    p = wb_arena_alloc(1);
    q = wb_arena_alloc(1);
    assert_true(wb_arena_owns(a, p));
    assert_true(wb_arena_owns(a, q));
    assert_int_equal(q - p, alignof(max_align_t));
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
    assert_false(wb_arena_leave());
    wb_arena_release(a);
    /* The thread keeps its arena: the next tree starts again at the same first block. */
    assert_ptr_equal(wb_arena_enter(), a);
    assert_ptr_equal(wb_arena_alloc(1), p);
    wb_arena_leave();
    wb_arena_release(a);
}

/* 64 KiB hold exactly 64 blocks of 1 KiB (a multiple of any alignment); the 65th spills. */
static void test_full_spills_to_heap(void **state)
{
    struct wb_arena *a;
    void *p;

    (void)state;
    assert_int_equal(WB_ARENA_BYTES % 1024, 0);
    a = wb_arena_enter();
    assert_non_null(a);
    for (int i = 0; i < WB_ARENA_BYTES / 1024; i++)
        assert_true(wb_arena_owns(a, wb_arena_alloc(1024)));
    p = wb_arena_alloc(1024);
    assert_non_null(p);
    assert_false(wb_arena_owns(a, p));
    free(p);
    /* A block larger than the whole arena goes to the heap at once. */
    wb_arena_leave();
    wb_arena_release(a);
    a = wb_arena_enter();
    p = wb_arena_alloc(WB_ARENA_BYTES + 1);
    assert_non_null(p);
    assert_false(wb_arena_owns(a, p));
    free(p);
    wb_arena_leave();
    wb_arena_release(a);
}

/* While a tree lives in the arena, the next one on this thread is built on the heap. */
static void test_busy_uses_heap(void **state)
{
    struct wb_arena *a, *b;
    cJSON *first, *second;

    (void)state;
    a = wb_arena_enter();
    assert_non_null(a);
    first = cJSON_Parse("{\"k\":[1,2,3]}");
    assert_non_null(first);
    assert_true(wb_arena_owns(a, first));
    wb_arena_leave();

    b = wb_arena_enter();
    assert_null(b);
    second = cJSON_Parse("{\"k\":\"v\"}");
    assert_non_null(second);
    assert_false(wb_arena_owns(a, second));
    wb_arena_leave();
    wb_arena_delete(b, second); /* a heap tree is walked and freed */

    wb_arena_delete(a, first); /* a tree wholly in the arena needs no walk */
    wb_arena_release(a);
    /* Released, the arena takes the next tree again. */
    assert_ptr_equal(wb_arena_enter(), a);
    wb_arena_leave();
    wb_arena_release(a);
}

/* Outside enter/leave, cJSON allocates on the heap even on a thread that has an arena. */
static void test_outside_is_heap(void **state)
{
    struct wb_arena *a;
    cJSON *t;

    (void)state;
    a = wb_arena_enter();
    wb_arena_leave();
    t = cJSON_Parse("[1]");
    assert_non_null(t);
    assert_false(wb_arena_owns(a, t));
    cJSON_Delete(t);
    wb_arena_release(a);
}

/* A thread takes its own arena, keeps it busy and exits; the release on this thread frees it. */
static int hold_arena(void *arg)
{
    struct wb_arena **out = arg;

    *out = wb_arena_enter();
    (void)wb_arena_alloc(100);
    wb_arena_leave();
    return 0;
}

static void test_other_thread(void **state)
{
    struct wb_arena *mine, *theirs = NULL;
    thrd_t t;
    int res = -1;

    (void)state;
    mine = wb_arena_enter();
    wb_arena_leave();
    assert_int_equal(thrd_create(&t, hold_arena, &theirs), thrd_success);
    assert_int_equal(thrd_join(t, &res), thrd_success);
    assert_int_equal(res, 0);
    assert_non_null(theirs);
    assert_ptr_not_equal(theirs, mine);
    /* Its thread is gone; this release frees it (a sanitizer build reports a leak if not). */
    wb_arena_release(theirs);
    wb_arena_release(mine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bump),           cmocka_unit_test(test_full_spills_to_heap),
        cmocka_unit_test(test_busy_uses_heap), cmocka_unit_test(test_outside_is_heap),
        cmocka_unit_test(test_other_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
