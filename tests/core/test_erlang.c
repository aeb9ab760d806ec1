/*
 * test_erlang.c - Erlang C (and Erlang A) against the reference row of docs/metrics.md and cases
 * worked by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wb_erlang.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.10f, expected %.10f (+-%g)", #a, a_, b_, (double)(eps));              \
    } while (0)

/*
 * docs/metrics.md section 6: lambda = 100 per 30 min, AHT 180 s, T 20 s, N = 14
 * -> P(wait) 0.1741319, SL 0.8883500, occupancy 0.7142857. A = 100/1800 * 180 = 10 Erlangs.
 */
static void reference_row(void **state)
{
    (void)state;
    assert_near(wb_erlang_c(14, 10.0), 0.1741319, 1e-7);
    assert_near(wb_erlang_sl(14, 10.0, 20, 180), 0.8883500, 1e-7);

    wb_forecast f;
    wb_forecast_compute(&f, 100.0 / 1800.0, 180, 14, 20, 0.80);
    assert_true(f.valid);
    assert_near(f.traffic, 10.0, 1e-12);
    assert_int_equal(f.agents, 14);
    assert_near(f.p_wait, 0.1741319, 1e-7);
    assert_near(f.sl, 0.8883500, 1e-7);
    /* Kept beside the projection that later replaces sl (the stats' erlang_sl_pct). */
    assert_near(f.erlang_sl, 0.8883500, 1e-7);
    assert_near(f.occupancy, 0.7142857, 1e-7);
    /* ASA = C * AHT / (N - A) = 0.1741319 * 180 / 4 = 7.8359 s. */
    assert_near(f.asa_s, 0.1741319 * 180 / 4, 1e-4);
}

/*
 * Required agents for the reference load and an 80 % target. Worked from the formula with
 * the textbook form C = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)):
 *   N = 13: C = 0.285270, SL = 1 - 0.285270 * e^(-3*20/180) = 0.795595 < 0.80
 *   N = 14: C = 0.174132, SL = 0.888350 >= 0.80
 * so 14 agents are required.
 */
static void required_reference(void **state)
{
    (void)state;
    assert_near(wb_erlang_sl(13, 10.0, 20, 180), 0.795595, 1e-6);
    assert_int_equal(wb_erlang_required(10.0, 20, 180, 0.80, 10000), 14);

    wb_forecast f;
    wb_forecast_compute(&f, 100.0 / 1800.0, 180, 9, 20, 0.80);
    assert_true(f.valid);
    assert_int_equal(f.required, 14);

    /* A target of 0.95 needs 16: SL(15) = 1 - 0.102042 * e^(-100/180) = 0.941453 < 0.95. */
    int r = wb_erlang_required(10.0, 20, 180, 0.95, 10000);
    assert_true(wb_erlang_sl(r, 10.0, 20, 180) >= 0.95);
    assert_true(wb_erlang_sl(r - 1, 10.0, 20, 180) < 0.95);
    assert_int_equal(r, 16);
}

/*
 * Small cases by hand through the Erlang B recursion.
 * N = 1: B1 = A/(1+A), C = B1 / (1 - A(1 - B1)) = A.
 * N = 2, A = 1: B1 = 1/2, B2 = 0.5/(2 + 0.5) = 0.2, C = 2*0.2 / (2 - 0.8) = 1/3.
 */
static void small_cases(void **state)
{
    (void)state;
    assert_near(wb_erlang_c(1, 0.5), 0.5, 1e-12);
    assert_near(wb_erlang_c(1, 0.25), 0.25, 1e-12);
    assert_near(wb_erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
    /* T = 0: SL = 1 - C. */
    assert_near(wb_erlang_sl(2, 1.0, 0, 100), 2.0 / 3.0, 1e-12);
    /* T = AHT = 100: SL = 1 - (1/3) e^(-1). */
    assert_near(wb_erlang_sl(2, 1.0, 100, 100), 1.0 - exp(-1.0) / 3.0, 1e-12);
    /* ASA = C * AHT / (N - A) = (1/3) * 100 / 1. */
    assert_near(wb_erlang_asa(2, 1.0, 100), 100.0 / 3.0, 1e-9);
    /* No traffic: nobody waits. */
    assert_near(wb_erlang_c(3, 0.0), 0.0, 0);
}

/* With N <= A the queue grows without bound. */
static void overloaded(void **state)
{
    (void)state;
    assert_near(wb_erlang_c(10, 10.0), 1.0, 0);
    assert_near(wb_erlang_c(5, 10.0), 1.0, 0);
    assert_near(wb_erlang_sl(10, 10.0, 20, 180), 0.0, 0);
    assert_true(isinf(wb_erlang_asa(10, 10.0, 180)));

    wb_forecast f;
    wb_forecast_compute(&f, 100.0 / 1800.0, 180, 8, 20, 0.80);
    assert_true(f.valid);
    assert_near(f.p_wait, 1.0, 0);
    assert_near(f.sl, 0.0, 0);
    assert_true(isinf(f.asa_s));
    assert_near(f.occupancy, 1.0, 0); /* 10/8 capped at 1 */
    assert_int_equal(f.required, 14);

    /* Nobody logged in but traffic arriving: fully occupied, nothing answered. */
    wb_forecast_compute(&f, 0.1, 60, 0, 20, 0.80);
    assert_true(f.valid);
    assert_near(f.occupancy, 1.0, 0);
    assert_near(f.sl, 0.0, 0);
}

/* Hundreds of agents and Erlangs: finite, a probability, and better with every agent added. */
static void check_large(double a, int n0, int n1)
{
    double prev_c = 2, prev_sl = -1;
    for (int n = n0; n <= n1; n++) {
        double c = wb_erlang_c(n, a), sl = wb_erlang_sl(n, a, 20, 180);
        assert_true(isfinite(c) && isfinite(sl));
        assert_true(c >= 0 && c <= 1);
        assert_true(sl >= 0 && sl <= 1);
        assert_true(c <= prev_c);
        assert_true(sl >= prev_sl);
        prev_c = c;
        prev_sl = sl;
    }
}

static void large_n(void **state)
{
    (void)state;
    check_large(450.0, 451, 520);
    check_large(800.0, 801, 900);
    /*
     * Reference values from the textbook form evaluated in exact rational arithmetic (Python
     * fractions, where A^N/N! cannot overflow): C(500, 450) = 0.0122089,
     * C(850, 800) = 0.0498583, and 811 agents are the first to reach SL 80 % at A = 800.
     */
    assert_near(wb_erlang_c(500, 450.0), 0.0122089, 1e-7);
    assert_near(wb_erlang_c(850, 800.0), 0.0498583, 1e-7);

    int r = wb_erlang_required(800.0, 20, 180, 0.80, 10000);
    assert_int_equal(r, 811);
    assert_true(wb_erlang_sl(r, 800.0, 20, 180) >= 0.80);
    assert_true(wb_erlang_sl(r - 1, 800.0, 20, 180) < 0.80);

    wb_forecast f;
    wb_forecast_compute(&f, 800.0 / 180.0, 180, 850, 20, 0.80);
    assert_true(f.valid);
    assert_near(f.traffic, 800.0, 1e-9);
    assert_near(f.occupancy, 800.0 / 850.0, 1e-12);
    assert_true(isfinite(f.asa_s) && f.asa_s >= 0);
    assert_int_equal(f.required, r);
}

/* The defining property of "required", over a range of loads. */
static void required_property(void **state)
{
    (void)state;
    for (double a = 0.5; a < 60; a += 3.7) {
        int r = wb_erlang_required(a, 15, 240, 0.9, 10000);
        assert_true(r > a);
        assert_true(wb_erlang_sl(r, a, 15, 240) >= 0.9);
        if (r - 1 > a)
            assert_true(wb_erlang_sl(r - 1, a, 15, 240) < 0.9);
    }
    /* A target that cannot be met within the cap. */
    assert_int_equal(wb_erlang_required(10.0, 20, 180, 0.80, 12), 13);
    assert_int_equal(wb_erlang_required(10.0, 20, 180, 1.5, 100), 101);
}

/*
 * Erlang A with the patience equal to the AHT: a waiting contact leaves at the rate an agent
 * finishes one, so every contact in the system leaves at mu whether served or not, and their
 * number is Poisson(A), as in a system with an agent for everyone.
 *  - T = 0: only those who find a free agent count. N = 2, A = 1: P(Poisson(1) < 2) =
 *    e^-1 (1 + 1) = 0.7357589. Overloaded, N = 1, A = 2: P(Poisson(2) = 0) = e^-2 =
 *    0.1353353, where Erlang C has no steady state (0).
 *  - N = 1, A = 1, AHT = patience = 100 s, T = 50 s: a contact finding k = j + 1 in the system
 *    (j waiting ahead of it) needs j + 1 completions at 0.01/s before its patience (0.01/s)
 *    runs out and before 50 s: (0.01 / 0.02)^(j + 1) * P(Poisson(0.02 * 50) >= j + 1). With
 *    P(Poisson(1) >= 1..5) = 1 - e^-1 {1, 2, 2.5, 8/3, 65/24} = 0.6321206, 0.2642411,
 *    0.0803014, 0.0189882, 0.0036599: SL = e^-1 (1 + 1 * 0.5 * 0.6321206 + 1/2 * 0.25 *
 *    0.2642411 + 1/6 * 0.125 * 0.0803014 + 1/24 * 0.0625 * 0.0189882 + 1/120 * 0.03125 *
 *    0.0036599 + ...) = e^-1 * 1.3508138 = 0.4969366.
 */
static void erlang_a_hand(void **state)
{
    (void)state;
    assert_near(wb_erlang_a_sl(2, 1.0, 0, 100, 100), 2 * exp(-1), 1e-12);
    assert_near(wb_erlang_a_sl(1, 2.0, 0, 100, 100), exp(-2), 1e-12);
    assert_near(wb_erlang_sl(1, 2.0, 0, 100), 0, 0);
    assert_near(wb_erlang_a_sl(1, 1.0, 50, 100, 100), 0.4969366, 1e-7);
}

/*
 * Nobody gives up (patience 0 or infinite): Erlang C, the reference row's 0.8883500. A very
 * patient crowd (10^9 s) comes to the same to 6 places; an impatient one (60 s against an AHT
 * of 180 s) keeps the queue short and does better. No agents: 0; no traffic: 1; bad inputs:
 * NAN.
 */
static void erlang_a_limits(void **state)
{
    (void)state;
    assert_near(wb_erlang_a_sl(14, 10.0, 20, 180, 0), 0.8883500, 1e-7);
    assert_near(wb_erlang_a_sl(14, 10.0, 20, 180, INFINITY), 0.8883500, 1e-7);
    assert_near(wb_erlang_a_sl(14, 10.0, 20, 180, 1e9), 0.8883500, 1e-6);
    assert_true(wb_erlang_a_sl(14, 10.0, 20, 180, 60) > 0.8883500 + 0.01);
    assert_near(wb_erlang_a_sl(0, 10.0, 20, 180, 60), 0, 0);
    assert_near(wb_erlang_a_sl(14, 0, 20, 180, 60), 1, 0);
    assert_true(isnan(wb_erlang_a_sl(14, NAN, 20, 180, 60)));
    assert_true(isnan(wb_erlang_a_sl(14, 10.0, -1, 180, 60)));
    assert_true(isnan(wb_erlang_a_sl(14, 10.0, 20, 0, 60)));
    /* No agents and no traffic: 0, as Erlang C says. A patience whose rate is not finite: NAN;
     * one that is not a number: nobody gives up. */
    assert_near(wb_erlang_a_sl(0, 0, 20, 180, 60), wb_erlang_sl(0, 0, 20, 180), 0);
    assert_true(isnan(wb_erlang_a_sl(14, 10.0, 20, 180, 1e-310)));
    assert_near(wb_erlang_a_sl(14, 10.0, 20, 180, NAN), 0.8883500, 1e-7);
    /* A load too large to multiply out (10^300 Erlangs on 100 agents): overflow is rescaled
     * away, and nearly everyone finds the queue too deep: 0, as Erlang C says. */
    double sl = wb_erlang_a_sl(100, 1e300, 20, 180, 60);
    assert_true(sl >= 0 && sl <= 1e-12);
}

/*
 * Overloaded with a long patience: 850 agents, 1,700 Erlangs (twice what they can take), AHT
 * 30 s, patience a day. Half the arrivals must give up, so the queue settles where they do:
 * (lambda - n mu) / theta = (1700 - 850) / 30 * 86400, about 2.4 million contacts deep, and a
 * contact finds that many ahead: its chance of an answer within 20 s is far below 10^-12. The
 * sum stops once that precision is reached instead of running down the whole queue. A single
 * agent at 2 Erlangs with a patience 10^6 times its AHT, T = 0: only an arrival that finds the
 * agent free is answered in time, and the queue grows about 2x a step for a million steps.
 */
static void erlang_a_overloaded(void **state)
{
    (void)state;
    double sl = wb_erlang_a_sl(850, 1700.0, 20, 30, 86400);
    assert_true(sl >= 0 && sl <= 1e-12);
    sl = wb_erlang_a_sl(1, 2.0, 0, 100, 1e8);
    assert_true(sl >= 0 && sl <= 1e-12);
    /* Only 1 % over, the same patience: the queue still settles 8.5 / 30 * 86400 = 24,480
     * deep, 864 s of work for the 850 agents, far more than T = 300 s. */
    sl = wb_erlang_a_sl(850, 858.5, 300, 30, 86400);
    assert_true(sl >= 0 && sl <= 1e-12);
    /* A queue that settles deeper than a million past n while its contacts still have a chance
     * (10,000 agents at 12,000 Erlangs, AHT 1 s, patience a day, T an hour: 2,000 * 86,400
     * deep, served at 10,000 a second) is not summed to its end: NAN, not a result too high. */
    assert_true(isnan(wb_erlang_a_sl(10000, 12000.0, 3600, 1, 86400)));
}

static void invalid_inputs(void **state)
{
    (void)state;
    wb_forecast f;
    wb_forecast_compute(&f, 0, 180, 10, 20, 0.8);
    assert_false(f.valid);
    wb_forecast_compute(&f, NAN, 180, 10, 20, 0.8);
    assert_false(f.valid);
    wb_forecast_compute(&f, 0.1, 0, 10, 20, 0.8);
    assert_false(f.valid);
    wb_forecast_compute(&f, 0.1, INFINITY, 10, 20, 0.8);
    assert_false(f.valid);
    wb_forecast_compute(&f, 0.1, 180, -1, 20, 0.8);
    assert_false(f.valid);
    wb_forecast_compute(&f, -0.1, 180, 10, 20, 0.8);
    assert_false(f.valid);
    assert_true(isnan(wb_erlang_c(5, NAN)));
    assert_true(isnan(wb_erlang_sl(5, 1.0, 20, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_row),
        cmocka_unit_test(required_reference),
        cmocka_unit_test(small_cases),
        cmocka_unit_test(overloaded),
        cmocka_unit_test(large_n),
        cmocka_unit_test(required_property),
        cmocka_unit_test(erlang_a_hand),
        cmocka_unit_test(erlang_a_limits),
        cmocka_unit_test(erlang_a_overloaded),
        cmocka_unit_test(invalid_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
