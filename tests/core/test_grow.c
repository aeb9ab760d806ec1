/*
 * test_grow.c - wb_grow (wb_grow.h): capacities double from the first size until the need
 * fits, a need that fits changes nothing, and sizes that would overflow fail cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_grow.h"

static void test_doubling(void **state)
{
    size_t cap = 0;
    int *v = NULL, *n;

    (void)state;
    /* Empty: the first size, 16, holds one element. */
    n = wb_grow(v, &cap, 1, sizeof *v, 16);
    assert_non_null(n);
    assert_int_equal(cap, 16);
    v = n;
    for (int i = 0; i < 16; i++)
        v[i] = i;
    /* 17 needs one doubling (32); 100 needs two more (64, 128). */
    v = wb_grow(v, &cap, 17, sizeof *v, 16);
    assert_non_null(v);
    assert_int_equal(cap, 32);
    v = wb_grow(v, &cap, 100, sizeof *v, 16);
    assert_non_null(v);
    assert_int_equal(cap, 128);
    for (int i = 0; i < 16; i++)
        assert_int_equal(v[i], i); /* the contents move with the array */
    /* A need that fits returns the same array and capacity. */
    n = wb_grow(v, &cap, 128, sizeof *v, 16);
    assert_ptr_equal(n, v);
    assert_int_equal(cap, 128);
    free(v);
}

/* first 0 starts at one element: a need of 5 then takes 1, 2, 4, 8. */
static void test_first_zero(void **state)
{
    size_t cap = 0;
    char *v;

    (void)state;
    v = wb_grow(NULL, &cap, 5, 1, 0);
    assert_non_null(v);
    assert_int_equal(cap, 8);
    free(v);
}

/* Capacities or byte counts beyond SIZE_MAX fail, leaving the array and capacity as they were. */
static void test_overflow(void **state)
{
    size_t cap = 4;
    uint64_t *v = malloc(4 * sizeof *v);

    (void)state;
    assert_non_null(v);
    v[3] = 42;
    /* Doubling from 4 reaches 2^(bits-1) and cannot double again to hold SIZE_MAX elements. */
    assert_null(wb_grow(v, &cap, SIZE_MAX, sizeof *v, 4));
    assert_int_equal(cap, 4);
    /* 2^(bits-3) elements fit in size_t, but not 8 bytes each. */
    assert_null(wb_grow(v, &cap, (SIZE_MAX >> 3) + 1, sizeof *v, 4));
    assert_int_equal(cap, 4);
    assert_int_equal(v[3], 42);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doubling),
        cmocka_unit_test(test_first_zero),
        cmocka_unit_test(test_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
