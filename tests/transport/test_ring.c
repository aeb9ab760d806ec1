/*
 * test_ring.c - wb_ring, the queue between the receive thread and the loop: order, both
 * bounds (slots and bytes) refusing without changing the ring, wrap-around, and one producer
 * thread against one consumer thread passing a numbered stream through a small ring, where
 * every number must come out once, in order.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "wb_ring.h"
#include "wb_types.h"

static void *num(uintptr_t i)
{
    return (void *)(i + 1); /* never NULL */
}

static void test_bad_bounds(void **state)
{
    wb_ring r;
    assert_int_equal(wb_ring_init(&r, 0, 100), WB_ERR_INVAL);
    assert_int_equal(wb_ring_init(&r, 4, 0), WB_ERR_INVAL);
}

/* 5 slots asked: 8 made (the next power of two); the 9th push fails and changes nothing. */
static void test_order_and_slots(void **state)
{
    wb_ring r;
    assert_int_equal(wb_ring_init(&r, 5, 1000), 0);
    assert_int_equal(wb_ring_slots(&r), 8);
    for (uintptr_t i = 0; i < 8; i++)
        assert_true(wb_ring_push(&r, num(i), 1));
    assert_false(wb_ring_push(&r, num(99), 1));
    assert_int_equal(wb_ring_count(&r), 8);
    void *m;
    size_t len;
    for (uintptr_t i = 0; i < 8; i++) {
        assert_true(wb_ring_pop(&r, &m, &len));
        assert_ptr_equal(m, num(i));
        assert_int_equal(len, 1);
    }
    assert_false(wb_ring_pop(&r, &m, &len));
    assert_int_equal(wb_ring_count(&r), 0);
    wb_ring_fini(&r);
}

/*
 * A 100-byte bound: 60 + 40 fit exactly, one more byte does not; popping the 60 makes room
 * for 60 again but not 61. A single message over the bound never fits, even in an empty ring.
 */
static void test_bytes_bound(void **state)
{
    wb_ring r;
    assert_int_equal(wb_ring_init(&r, 16, 100), 0);
    assert_false(wb_ring_push(&r, num(0), 101));
    assert_true(wb_ring_push(&r, num(1), 60));
    assert_true(wb_ring_push(&r, num(2), 40));
    assert_false(wb_ring_push(&r, num(3), 1));
    assert_int_equal(wb_ring_count(&r), 2);
    void *m;
    size_t len;
    assert_true(wb_ring_pop(&r, &m, &len));
    assert_ptr_equal(m, num(1));
    assert_int_equal(len, 60);
    assert_false(wb_ring_push(&r, num(4), 61));
    assert_true(wb_ring_push(&r, num(5), 60));
    assert_true(wb_ring_pop(&r, &m, &len));
    assert_ptr_equal(m, num(2));
    assert_true(wb_ring_pop(&r, &m, &len));
    assert_ptr_equal(m, num(5));
    assert_false(wb_ring_pop(&r, &m, &len));
    wb_ring_fini(&r);
}

/* 1,000 messages through 2 slots, one in and one out at a time: indexes wrap 500 times. */
static void test_wrap(void **state)
{
    wb_ring r;
    assert_int_equal(wb_ring_init(&r, 1, 10), 0);
    assert_int_equal(wb_ring_slots(&r), 2);
    void *m;
    size_t len;
    for (uintptr_t i = 0; i < 1000; i++) {
        assert_true(wb_ring_push(&r, num(i), i % 10 + 1));
        assert_true(wb_ring_pop(&r, &m, &len));
        assert_ptr_equal(m, num(i));
        assert_int_equal(len, i % 10 + 1);
    }
    wb_ring_fini(&r);
}

#define STREAM 1000000u

typedef struct producer {
    wb_ring *r;
    uint64_t full; /* pushes refused: the producer retries them */
} producer;

static void *produce(void *arg)
{
    producer *p = arg;
    for (uintptr_t i = 0; i < STREAM;) {
        if (wb_ring_push(p->r, num(i), 1 + i % 7)) {
            i++;
        } else {
            p->full++;
            sched_yield(); /* on a busy machine both threads may share one core */
        }
    }
    return NULL;
}

/*
 * Two threads, 64 slots: the consumer must see 0, 1, 2, ... STREAM-1 with their lengths, none
 * missing, none twice. The consumer starts late, so the producer surely finds the ring full
 * (and retries) at least once.
 */
static void test_two_threads(void **state)
{
    wb_ring r;
    assert_int_equal(wb_ring_init(&r, 64, 64 * 7), 0);
    producer p = {.r = &r};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, produce, &p), 0);
    struct timespec late = {0, 20 * 1000 * 1000};
    nanosleep(&late, NULL);
    uintptr_t next = 0;
    uint64_t bad = 0;
    while (next < STREAM) {
        void *m;
        size_t len;
        if (!wb_ring_pop(&r, &m, &len)) {
            sched_yield();
            continue;
        }
        if (m != num(next) || len != 1 + next % 7)
            bad++;
        next++;
    }
    pthread_join(t, NULL);
    assert_int_equal(bad, 0);
    assert_int_equal(wb_ring_count(&r), 0);
    assert_true(p.full > 0);
    wb_ring_fini(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_bounds),  cmocka_unit_test(test_order_and_slots),
        cmocka_unit_test(test_bytes_bound), cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
