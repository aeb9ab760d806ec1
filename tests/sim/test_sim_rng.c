/*
 * test_sim_rng.c - the simulator's random numbers (wb_sim_rng.h): xoshiro256** steps worked by
 * hand from its definition, splitmix64 seeding against its published first outputs, and the
 * moments of each distribution over many draws.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wb_sim_rng.h"

/*
 * xoshiro256**: result = rotl(s1 * 5, 7) * 9, then t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2;
 * s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45). From {1, 2, 3, 4}:
 *   1st: rotl(10, 7) * 9 = 1280 * 9 = 11520; state becomes {7, 0, 2 ^ (2 << 17), 6 << 45}.
 *   2nd: s1 = 0 gives 0; state becomes {7 ^ (6 << 45), 262149, 262149, 6 << 26}
 *        (6 << 45 rotated left by 45 wraps bits 46..47 round to 27..28).
 *   3rd: rotl(262149 * 5, 7) * 9 = 1310745 * 128 * 9 = 1509978240.
 */
static void test_xoshiro_steps(void **state)
{
    wb_rng r = {{1, 2, 3, 4}};

    (void)state;
    assert_int_equal(wb_rng_next(&r), 11520);
    assert_int_equal(r.s[0], 7);
    assert_int_equal(r.s[1], 0);
    assert_int_equal(r.s[2], 262146);
    assert_int_equal(r.s[3], 6ULL << 45);
    assert_int_equal(wb_rng_next(&r), 0);
    assert_int_equal(r.s[3], 6ULL << 26);
    assert_int_equal(wb_rng_next(&r), 1509978240ULL);
}

/* u01 = (top 53 bits + 0.5) / 2^53: an output of 0 gives 2^-54, never 0. */
static void test_u01_ends(void **state)
{
    wb_rng r = {{1, 2, 3, 4}};

    (void)state;
    /* 11520 >> 11 = 5, so the first draw is 5.5 / 2^53 (exact in a double). */
    assert_true(wb_rng_u01(&r) == 5.5 / 9007199254740992.0);
    assert_true(wb_rng_u01(&r) == ldexp(1.0, -54));
}

/*
 * splitmix64 from state 0 gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f,
 * 0xf88bb8a8724c81ec (its published sequence); seed 0, stream 0 starts from state 0.
 */
static void test_seed(void **state)
{
    wb_rng a, b, c;

    (void)state;
    wb_rng_seed(&a, 0, 0);
    assert_int_equal(a.s[0], 0xe220a8397b1dcdafULL);
    assert_int_equal(a.s[1], 0x6e789e6aa1b965f4ULL);
    assert_int_equal(a.s[2], 0x06c45d188009454fULL);
    assert_int_equal(a.s[3], 0xf88bb8a8724c81ecULL);
    /* The same seed and stream repeat; another stream of the same seed does not. */
    wb_rng_seed(&a, 42, 3);
    wb_rng_seed(&b, 42, 3);
    wb_rng_seed(&c, 42, 4);
    for (int i = 0; i < 100; i++) {
        uint64_t x = wb_rng_next(&a);
        assert_int_equal(x, wb_rng_next(&b));
        assert_int_not_equal(x, wb_rng_next(&c));
    }
}

enum { N = 200000 };

/*
 * Moments over N draws. The tolerances are several standard errors wide (an exponential's sd
 * is its mean, so the mean of N = 200000 draws of mean 5 has sd 5 / 447 = 0.011), so they
 * hold for any good stream and fail for a wrong scale or shape.
 */
static void test_moments(void **state)
{
    wb_rng r;
    double se = 0, sn = 0, sn2 = 0, su = 0, sl = 0, sl2 = 0;
    double umin = 1e9, umax = -1e9;

    (void)state;
    wb_rng_seed(&r, 1, 1);
    for (int i = 0; i < N; i++) {
        double e = wb_rng_exp(&r, 5.0), z = wb_rng_normal(&r), u = wb_rng_uniform(&r, -5, 3);
        double l = wb_rng_lognormal(&r, 240, 0.6);
        assert_true(e > 0 && l > 0);
        se += e;
        sn += z;
        sn2 += z * z;
        su += u;
        umin = fmin(umin, u);
        umax = fmax(umax, u);
        sl += l;
        sl2 += l * l;
    }
    assert_true(fabs(se / N - 5.0) < 0.05);
    assert_true(fabs(sn / N) < 0.01);          /* sd of the mean 1 / 447 */
    assert_true(fabs(sn2 / N - 1.0) < 0.02);   /* variance of N(0, 1) */
    assert_true(fabs(su / N - (-1.0)) < 0.02); /* midpoint of (-5, 3); sd 8 / sqrt(12) */
    assert_true(umin >= -5 && umax <= 3 && umin < -4.99 && umax > 2.99);
    /* Lognormal with mean 240 and cv 0.6: sd 144, so the mean of N has sd 0.32. */
    double lm = sl / N, lsd = sqrt(sl2 / N - lm * lm);
    assert_true(fabs(lm - 240) < 2.4);
    assert_true(fabs(lsd / lm - 0.6) < 0.03);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xoshiro_steps),
        cmocka_unit_test(test_u01_ends),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
