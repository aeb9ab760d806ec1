/*
 * test_forecast.c - the early-warning forecast against cases worked by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wb_forecast.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.10f, expected %.10f (+-%g)", #a, a_, b_, (double)(eps));              \
    } while (0)

/*
 * The issue's example: 10 contacts waiting, 3 agents free, AHT 240 s, N = 12 agents (the 3
 * free and 9 busy). The 3 free agents take the first 3 waiting contacts at once, leaving 7
 * ahead of a contact that arrives now. From then on all 12 agents are busy and one frees up
 * every 240 / 12 = 20 s on average (exponential handle times: completions form a Poisson
 * process of rate 12 / 240 per second). The new contact is answered at the 8th completion:
 * EWT = 8 * 20 s = 160 s. With only the 3 agents (all free now), one frees up every 80 s:
 * 8 * 80 s = 640 s.
 */
static void ewt_issue_example(void **state)
{
    (void)state;
    assert_near(wb_forecast_ewt(10, 3, 12, 240), 160.0, 1e-9);
    assert_near(wb_forecast_ewt(10, 3, 3, 240), 640.0, 1e-9);
}

/*
 * More EWT cases: fewer waiting than free agents leaves one for the new contact (0 s); no
 * queue and no free agent: the first of 5 agents to free up, 100 / 5 = 20 s; nobody to free
 * up: forever; nonsense in: NAN.
 */
static void ewt_edges(void **state)
{
    (void)state;
    assert_near(wb_forecast_ewt(2, 3, 12, 240), 0.0, 0);
    assert_near(wb_forecast_ewt(0, 0, 5, 100), 20.0, 1e-12);
    assert_true(isinf(wb_forecast_ewt(1, 0, 0, 100)));
    assert_near(wb_forecast_ewt(0, 1, 0, 100), 0.0, 0);
    assert_true(isnan(wb_forecast_ewt(-1, 0, 5, 100)));
    assert_true(isnan(wb_forecast_ewt(1, 0, 5, 0)));
    assert_true(isnan(wb_forecast_ewt(NAN, 0, 5, 100)));
}

/*
 * P(answered within T) for the contact arriving now. 4 agents all busy, AHT 200 s, T 20 s:
 * completions by T are Poisson with mean x = 4 * 20 / 200 = 0.4, e^-0.4 = 0.6703200.
 *   nobody ahead: P(at least 1) = 1 - 0.6703200 = 0.3296800
 *   one ahead:    P(at least 2) = 1 - 0.6703200 * (1 + 0.4) = 0.0615520
 *   half a contact ahead (a projected queue) interpolates: (0.3296800 + 0.0615520) / 2
 *     = 0.1956160
 * The issue's example with T 20 s: x = 12 * 20 / 240 = 1, 7 ahead, P(at least 8)
 *   = 1 - e^-1 * (1 + 1 + 1/2 + 1/6 + 1/24 + 1/120 + 1/720 + 1/5040)
 *   = 1 - 0.3678794 * 2.7182540 = 1 - 0.9999898 = 0.0000102
 */
static void p_within_hand(void **state)
{
    (void)state;
    assert_near(wb_forecast_p_within(0, 0, 4, 200, 20), 0.3296800, 1e-7);
    assert_near(wb_forecast_p_within(1, 0, 4, 200, 20), 0.0615520, 1e-7);
    assert_near(wb_forecast_p_within(0.5, 0, 4, 200, 20), 0.1956160, 1e-7);
    /* 3 waiting with 2 free is one ahead, as above. */
    assert_near(wb_forecast_p_within(3, 2, 4, 200, 20), 0.0615520, 1e-7);
    assert_near(wb_forecast_p_within(10, 3, 12, 240, 20), 0.0000102, 1e-7);
    assert_near(wb_forecast_p_within(2, 3, 12, 240, 20), 1.0, 0);
    assert_near(wb_forecast_p_within(1, 0, 0, 240, 20), 0.0, 0);
    assert_true(isnan(wb_forecast_p_within(1, 0, 4, 200, -1)));
}

/*
 * Hundreds of agents and a long T: x = 500 * 600 / 100 = 3000, where e^-3000 underflows.
 * With 10 ahead the contact is answered within T for certain (to double precision); with
 * 3000 ahead (the mean itself) about half the time.
 */
static void p_within_large(void **state)
{
    (void)state;
    assert_near(wb_forecast_p_within(10, 0, 500, 100, 600), 1.0, 1e-12);
    double half = wb_forecast_p_within(2999, 0, 500, 100, 600);
    assert_true(half > 0.45 && half < 0.55);
}

/*
 * Exponentially weighted rate, tau 60 s: the first arrival gives 1/60; another 60 s later
 * gives (1/60) e^-1 + 1/60 = 0.0166667 * 1.3678794 = 0.0227980. The same two arrivals told in
 * the other order give the same rate. 60 s after the last arrival it has decayed by e^-1.
 */
static void ewrate_hand(void **state)
{
    (void)state;
    double r = wb_ewrate_add(0, 0, 1000000, 60);
    assert_near(r, 1.0 / 60, 1e-15);
    r = wb_ewrate_add(r, 1000000, 1060000, 60);
    assert_near(r, 0.0227980, 1e-7);
    double l = wb_ewrate_add(0, 0, 1060000, 60);
    l = wb_ewrate_add(l, 1060000, 1000000, 60);
    assert_near(l, r, 1e-15);
    assert_near(wb_ewrate_at(r, 1060000, 1120000, 60), 0.0227980 * exp(-1), 1e-7);
    assert_near(wb_ewrate_at(r, 1060000, 1000000, 60), r, 0);
}

/*
 * Level and trend. On a ramp lambda(t) = a + b t an exponentially weighted rate lags by its
 * tau: fast = lambda - 300 b, slow = lambda - 900 b. With slow 1.0 and fast 1.5:
 * b = 0.5 / 600 = 0.000833333, lambda = 1.5 + 300 b = 1.75. A falling rate that would
 * extrapolate below zero is held at zero.
 */
static void trend_hand(void **state)
{
    (void)state;
    double level, slope;
    wb_rate_trend(1.0, 1.5, 900, 300, &level, &slope);
    assert_near(slope, 0.5 / 600, 1e-12);
    assert_near(level, 1.75, 1e-12);
    wb_rate_trend(2.0, 0.5, 900, 300, &level, &slope);
    assert_near(slope, -1.5 / 600, 1e-12);
    assert_near(level, 0.0, 0);
    wb_rate_trend(1.0, 1.5, 300, 300, &level, &slope);
    assert_true(isnan(level) && isnan(slope));
}

static wb_forecast_input base_input(void)
{
    return (wb_forecast_input){
        .lambda_slow = 0.1,
        .lambda_fast = 0.1,
        .tau_slow_s = 900,
        .tau_fast_s = 300,
        .aht_s = 100,
        .agents = 0,
        .waiting = 0,
        .free_agents = 0,
        .t_s = 20,
        .target = 0.8,
        .window_s = 1800,
        .roll_sl = 0.9,
        .roll_n = 100,
        .horizon_s = 300,
        .step_s = 15,
        .trend_s = 300,
        .trend_z = 2,
    };
}

/*
 * Nobody to answer (N = 0), 0.1 arrivals per second, the rolling SL at 90 % of 100 contacts
 * in a 30-minute window, target 80 %. After h seconds the window still holds (1 - h/1800) of
 * today's 100 contacts and 0.1 h new ones, none within T:
 *   SL(h) = 90 (1 - h/1800) / (100 (1 - h/1800) + 0.1 h)
 * which falls below 0.8 when 10 < 0.0855556 h, h > 116.9 s. In 15 s steps: at 105 s
 * 84.75 / 104.6667 = 0.8097, at 120 s 84 / 105.3333 = 0.7975: a breach in 2.0 minutes. The SL
 * of the new contacts is 0 and a contact arriving now waits forever.
 */
static void breach_nobody_answers(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.lambda_per_s, 0.1, 1e-12);
    assert_near(f.breach_in_min, 2.0, 1e-12);
    assert_near(f.sl, 0.0, 0);
    assert_true(isinf(f.ewt_s));
}

/*
 * Plenty of agents: 10, all free, A = 0.01 * 100 = 1 Erlang. The projected queue stays at
 * "agents idle", every contact is answered at once: SL 1, no breach, EWT 0. A rolling SL
 * already below target is a breach now (0 minutes).
 */
static void no_breach_and_breach_now(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.lambda_slow = in.lambda_fast = 0.01;
    in.agents = 10;
    in.free_agents = 10;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.sl, 1.0, 0);
    assert_true(isnan(f.breach_in_min));
    assert_near(f.ewt_s, 0.0, 0);
    in.roll_sl = 0.75;
    wb_forecast_predict(&f, &in);
    assert_near(f.breach_in_min, 0.0, 0);
}

/*
 * The issue's queue through the whole forecast: 10 waiting, 3 free, 12 agents, AHT 240 s gives
 * EWT 160 s (worked above) whatever the rate.
 */
static void predict_ewt_issue_example(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.agents = 12;
    in.waiting = 10;
    in.free_agents = 3;
    in.aht_s = 240;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.ewt_s, 160.0, 1e-9);
    assert_int_equal(f.agents, 12);
}

/*
 * The noise band of the trend. slow 0.1/s, taus 300 and 900 s: the difference of the two
 * rates has variance 0.1 (1/600 + 1/1800 - 2/1200) = 0.0000555556, sd 0.0074536, and 2 sd =
 * 0.0149071. fast 0.11 is within it: no trend, level = slow = 0.1. fast 0.13 exceeds it by
 * 0.0150929: fast counts as 0.1150929, level = 0.1150929 + 0.0150929 * 300 / 600 = 0.1226393.
 */
static void trend_noise_band(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.agents = 10;
    in.free_agents = 10;
    wb_forecast f;
    in.lambda_fast = 0.11;
    wb_forecast_predict(&f, &in);
    assert_near(f.lambda_per_s, 0.1, 1e-12);
    in.lambda_fast = 0.13;
    wb_forecast_predict(&f, &in);
    assert_near(f.lambda_per_s, 0.1226393, 1e-7);
    in.trend_z = 0;
    wb_forecast_predict(&f, &in);
    assert_near(f.lambda_per_s, 0.13 + 0.03 * 300 / 600, 1e-12);
}

/*
 * Fewer than one contact expected over the horizon (0.001/s for 300 s = 0.3): no SL and no
 * breach to predict, while the queue figures stay. No rate at all: nothing is valid.
 */
static void too_few_contacts(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.lambda_slow = in.lambda_fast = 0.001;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_true(isnan(f.sl));
    assert_true(isnan(f.breach_in_min));
    in.lambda_slow = in.lambda_fast = 0;
    wb_forecast_predict(&f, &in);
    assert_false(f.valid);
    assert_true(isnan(f.ewt_s));
}

/*
 * Other channels' arrivals join the shared queue but not this channel's service level. T = 0,
 * so a step's contacts are within T exactly when an agent is left free for them (q < 0 at the
 * step's start). 10 agents all free (q = -10), AHT 100 s (each busy agent frees up at 0.01/s),
 * own 0.02/s (0.3 a step of 15 s), others 0.5/s (7.5 a step), no trend, horizon 900 s:
 *   step 1: SL 1; no one busy yet, q = -10 + 7.8 = -2.2;
 *   step 2: SL 1; 7.8 busy free up 7.8 * 0.01 * 15 = 1.17, q = -2.2 + 7.8 - 1.17 = 4.43;
 *   from step 3 on q >= 0 and grows (7.8 in, at most 1.5 out a step): SL 0.
 * Forecast SL = 2 * 0.3 / (60 * 0.3) = 1/30. The rolling SL (90 % of 100) after k >= 2 steps,
 * with u = 1 - 15k / 1800 of the window left: (90u + 0.6) / (100u + 0.3k), at k = 32
 * 66.6 / 82.9333 = 0.80305, at k = 33 65.85 / 82.4 = 0.79915: a breach in 33 * 15 s = 8.25
 * minutes; lowest at k = 60 (u = 0.5): 45.6 / 68 = 0.6705882. Without the other channels'
 * arrivals nobody waits: SL 1, no breach, the lowest rolling SL the one of now, 0.9.
 */
static void other_arrivals_share_the_queue(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.lambda_slow = in.lambda_fast = 0.02;
    in.agents = 10;
    in.free_agents = 10;
    in.t_s = 0;
    in.horizon_s = 900;
    in.other_slow = in.other_fast = 0.5;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.lambda_per_s, 0.02, 1e-12);
    assert_near(f.sl, 1.0 / 30.0, 1e-12);
    assert_near(f.breach_in_min, 8.25, 1e-12);
    assert_near(f.sl_low, 45.6 / 68.0, 1e-12);
    in.other_slow = in.other_fast = 0;
    wb_forecast_predict(&f, &in);
    assert_near(f.sl, 1.0, 0);
    assert_true(isnan(f.breach_in_min));
    assert_near(f.sl_low, 0.9, 1e-12);
    /* A negative other rate is a bad input. */
    in.other_slow = -1;
    wb_forecast_predict(&f, &in);
    assert_false(f.valid);
    assert_true(isnan(f.sl_low));
}

/*
 * The Erlang C floor. N = 2 agents, both free, 0.01 arrivals/s at AHT 100 s: A = 1 Erlang.
 * The fluid queue never forms (0.15 contacts a step), so without the floor every contact is
 * answered within T. Erlang B: B(1) = 1 / 2, B(2) = 0.5 / (2 + 0.5) = 0.2; Erlang C =
 * 2 * 0.2 / (2 - 1 * 0.8) = 1/3, and with T = 0 the Erlang SL is 1 - 1/3 = 2/3 in every step:
 * forecast SL 2/3. Rolling SL (90 % of 100) at the end of the 300 s horizon (20 steps,
 * u = 5/6 of the window left): (75 + 2/3 * 3) / (83.3333 + 3) = 77 / 86.3333 = 0.8918919,
 * the lowest; no breach.
 */
static void erlang_floor_hand(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.lambda_slow = in.lambda_fast = 0.01;
    in.agents = 2;
    in.free_agents = 2;
    in.t_s = 0;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_near(f.sl, 1.0, 0);
    in.erlang_floor = true;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.sl, 2.0 / 3.0, 1e-12);
    assert_near(f.sl_low, 77.0 / (250.0 / 3.0 + 3.0), 1e-12);
    assert_true(isnan(f.breach_in_min));
    /*
     * Callers who give up after 100 s on average (the AHT): the floor is Erlang A, with the
     * number in the system Poisson(1), and with T = 0 its SL is P(Poisson(1) < 2) = 2 / e =
     * 0.7357589 in every step. Rolling SL at the end: (75 + 3 * 2 / e) / (83.3333 + 3).
     */
    in.patience_s = 100;
    wb_forecast_predict(&f, &in);
    assert_near(f.sl, 2 * exp(-1), 1e-12);
    assert_near(f.sl_low, (75.0 + 6 * exp(-1)) / (250.0 / 3.0 + 3.0), 1e-12);
}

/*
 * The profile's rate at a time: p = {0.1, 0.2, 0.05} in 900 s intervals. 0 s and 899.9 s are
 * in the first interval, 900 s starts the second; before 0 and from 2700 s on there is no
 * profile (0). No profile at all: NAN.
 */
static void profile_at_hand(void **state)
{
    (void)state;
    const double p[] = {0.1, 0.2, 0.05};
    assert_near(wb_profile_at(p, 3, 900, 0), 0.1, 0);
    assert_near(wb_profile_at(p, 3, 900, 899.9), 0.1, 0);
    assert_near(wb_profile_at(p, 3, 900, 900), 0.2, 0);
    assert_near(wb_profile_at(p, 3, 900, 2699), 0.05, 0);
    assert_near(wb_profile_at(p, 3, 900, 2700), 0.0, 0);
    assert_near(wb_profile_at(p, 3, 900, -1), 0.0, 0);
    assert_true(isnan(wb_profile_at(NULL, 3, 900, 10)));
    assert_true(isnan(wb_profile_at(p, 3, 0, 10)));
}

/*
 * What an exponentially weighted rate would read of a profile. Zero before the day starts:
 * at 0 s it reads 0. A profile of 0.1 from 0 s read at 3600 s with tau 300 s: the weights of
 * [0, 3600) sum to 1 - e^-12, so 0.1 (1 - e^-12). A step from 0.1 to 0.3 at 900 s read at
 * 1200 s: the second interval weighs 1 - e^-1 (its 300 s), the first e^-1 - e^-4, so
 * 0.3 (1 - e^-1) + 0.1 (e^-1 - e^-4) = 0.3 - 0.2 e^-1 - 0.1 e^-4 = 0.2245926 (to 7 places):
 * the step's b + (a - b) e^(-elapsed / tau), less what the night before 0 s takes away.
 */
static void profile_ew_hand(void **state)
{
    (void)state;
    const double flat[] = {0.1, 0.1, 0.1, 0.1};
    assert_near(wb_profile_ew(flat, 4, 900, 0, 300), 0.0, 0);
    assert_near(wb_profile_ew(flat, 4, 900, 3600, 300), 0.1 * (1 - exp(-12.0)), 1e-15);
    const double step[] = {0.1, 0.3};
    assert_near(wb_profile_ew(step, 2, 900, 1200, 300), 0.3 - 0.2 * exp(-1.0) - 0.1 * exp(-4.0),
                1e-15);
    assert_near(wb_profile_ew(step, 2, 900, 1200, 300), 0.2245926, 1e-7);
    assert_true(isnan(wb_profile_ew(step, 2, 900, 1200, 0)));
    assert_true(isnan(wb_profile_ew(NULL, 2, 900, 1200, 300)));
}

/*
 * The shape foresees a fall. Yesterday: 0.1 arrivals/s for 10 hours (40 intervals of 900 s),
 * then nothing. Now is 60 s before the fall; 10 hours of the profile make both its slow and
 * fast readings 0.1 to 1e-17, and today's rates are 0.1 as well: no surprise, no trend. Each
 * step's rate is 0.1 * profile ahead / 0.1: 0.1 for the four 15 s steps whose middles fall
 * within the 60 s, 0 after. Nobody answers (N = 0), so the 6 contacts expected are all late
 * (SL 0), but the rolling SL (90 % of 100 in 30 min) falls only to its lowest at the end of
 * the 300 s horizon: 90 (5/6) / (100 (5/6) + 6) = 75 / 89.3333 = 225 / 268 = 0.8395522,
 * above the 80 % target: no breach. Without the profile, 0.1 /s for the whole horizon
 * breaks it in 2 minutes (see breach_nobody_answers).
 */
static void profile_foresees_fall(void **state)
{
    (void)state;
    double p[48] = {0};
    for (int i = 0; i < 40; i++)
        p[i] = 0.1;
    wb_forecast_input in = base_input();
    in.profile = p;
    in.profile_n = 48;
    in.profile_w_s = 900;
    in.tod_s = 36000 - 60;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.sl, 0.0, 0);
    assert_near(f.sl_low, 225.0 / 268.0, 1e-12);
    assert_true(isnan(f.breach_in_min));
    /* The steady-state figures are those of the rates alone. */
    assert_near(f.lambda_per_s, 0.1, 1e-12);
    in.profile = NULL;
    wb_forecast_predict(&f, &in);
    assert_near(f.breach_in_min, 2.0, 1e-12);
}

/*
 * Long after the profile's day has closed its readings are tiny but still the profile's, and
 * so is the projection: the shape stays on and foresees nothing ahead. Yesterday: 0.1 /s for
 * 10 hours (to 36000 s), then nothing; now is 13000 s after (43.3 time constants of the fast
 * rate, 300 s). The fast reading is 0.1 (e^(-13000/300) - e^(-49000/300)) = 0.1 e^(-43.33),
 * not 0 (a cut-off at 40 time constants made it 0 and dropped the shape: the forecast then
 * jumped from undefined to today's rate with nobody expected by the profile). With the shape
 * on, nothing is expected over the horizon: no service level to predict (no forecast SL,
 * no lowest projected rolling SL, no breach), as an hour after the close.
 */
static void profile_long_after_close(void **state)
{
    (void)state;
    double p[48] = {0};
    for (int i = 0; i < 40; i++)
        p[i] = 0.1;
    double want = 0.1 * (exp(-13000.0 / 300) - exp(-49000.0 / 300));
    assert_near(wb_profile_ew(p, 48, 900, 49000, 300) / want, 1.0, 1e-12);
    wb_forecast_input in = base_input();
    in.profile = p;
    in.profile_n = 48;
    in.profile_w_s = 900;
    wb_forecast f;
    in.tod_s = 36000 + 3600;
    wb_forecast_predict(&f, &in);
    assert_true(isnan(f.sl) && isnan(f.sl_low) && isnan(f.breach_in_min));
    in.tod_s = 49000;
    wb_forecast_predict(&f, &in);
    assert_true(isnan(f.sl) && isnan(f.sl_low) && isnan(f.breach_in_min));
    /* Without the profile the same rates are today's: a breach in 2 minutes. */
    in.profile = NULL;
    wb_forecast_predict(&f, &in);
    assert_true(f.valid);
    assert_near(f.breach_in_min, 2.0, 1e-12);
}

/*
 * The shape may only lower the rate. Yesterday doubled 60 s from now (0.2 /s after 10 hours
 * of 0.1): the projection keeps today's 0.1 /s and breaks, as without a profile, in 2
 * minutes. A screen with no day before (a profile of zeros) has nothing to scale: today's
 * method, the same 2 minutes.
 */
static void profile_only_lowers(void **state)
{
    (void)state;
    double p[48] = {0};
    for (int i = 0; i < 48; i++)
        p[i] = i < 40 ? 0.1 : 0.2;
    wb_forecast_input in = base_input();
    in.profile = p;
    in.profile_n = 48;
    in.profile_w_s = 900;
    in.tod_s = 36000 - 60;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_near(f.breach_in_min, 2.0, 1e-12);
    double none[48] = {0};
    in.profile = none;
    wb_forecast_predict(&f, &in);
    assert_near(f.breach_in_min, 2.0, 1e-12);
}

/*
 * The arrival-surprise statistic (Poisson CUSUM, R = 3): each arrival adds ln 3 = 1.0986123;
 * in between it falls by (R - 1) = 2 times the arrivals the slow rate expects. With a slow
 * rate of 0.05 per second (tau 900 s) as of the last arrival, 10 s later the rate expects
 * 0.05 * 900 * (1 - e^(-10/900)) = 45 * 0.0110496 = 0.4972325 arrivals, so a statistic of 4
 * reads 4 - 2 * 0.4972325 = 3.0055350, and an arrival then makes it 4.1041473. 60 s later
 * the rate expects 45 * (1 - e^(-60/900)) = 45 * 0.0644930 = 2.9021857: 4 - 5.8043714 is
 * below 0, so 0. Five arrivals at the same moment make 5 * 1.0986123 = 5.4930614 (the rule's
 * level, 5, reached), four 4.3944492 (not); six make 6.5916737.
 */
static void surprise_hand(void **state)
{
    (void)state;
    const wb_ms t = 1000000;
    assert_near(wb_surprise_at(4, 0.05, t, t + 10000, 900, 3), 3.0055350, 1e-6);
    assert_near(wb_surprise_add(4, 0.05, t, t + 10000, 900, 3), 4.1041473, 1e-6);
    assert_near(wb_surprise_at(4, 0.05, t, t + 60000, 900, 3), 0.0, 0);
    /* Read before the last arrival: unchanged; an older arrival adds without the fall. */
    assert_near(wb_surprise_at(4, 0.05, t, t - 5000, 900, 3), 4.0, 0);
    assert_near(wb_surprise_add(4, 0.05, t, t - 5000, 900, 3), 5.0986123, 1e-6);
    double s = 0;
    for (int i = 0; i < 6; i++) {
        s = wb_surprise_add(s, 0.05, t, t, 900, 3);
        assert_true(i < 4 ? s < WB_FORECAST_SURPRISE_H : s >= WB_FORECAST_SURPRISE_H);
        if (i == 3)
            assert_near(s, 4.3944492, 1e-6);
    }
    assert_near(s, 6.5916737, 1e-6);
    /* No factor above 1, a negative statistic or rate, no time constant: NAN. */
    assert_true(isnan(wb_surprise_at(4, 0.05, t, t + 1000, 900, 1)));
    assert_true(isnan(wb_surprise_at(-1, 0.05, t, t + 1000, 900, 3)));
    assert_true(isnan(wb_surprise_add(4, NAN, t, t + 1000, 900, 3)));
    assert_true(isnan(wb_surprise_at(4, 0.05, t, t + 1000, 0, 3)));
}

/*
 * The forecast rule's confirmation by statistic: 50 s up to 3, 10 s from 5, the straight line
 * between: 4 is half-way, 50 - 40 / 2 = 30 s; 4.5 three quarters, 20 s; 4.99 is 99.5 % of
 * the way, 50 - 39.8 = 10.2 s. Unknown (NAN) or negative: 50 s.
 */
static void surprise_confirm_ramp(void **state)
{
    (void)state;
    assert_near(wb_surprise_confirm_s(NAN), 50.0, 0);
    assert_near(wb_surprise_confirm_s(-1), 50.0, 0);
    assert_near(wb_surprise_confirm_s(0), 50.0, 0);
    assert_near(wb_surprise_confirm_s(3), 50.0, 0);
    assert_near(wb_surprise_confirm_s(4), 30.0, 1e-12);
    assert_near(wb_surprise_confirm_s(4.5), 20.0, 1e-12);
    assert_near(wb_surprise_confirm_s(4.99), 10.2, 1e-9);
    assert_near(wb_surprise_confirm_s(5), 10.0, 0);
    assert_near(wb_surprise_confirm_s(6), 10.0, 0);
    assert_near(wb_surprise_confirm_s(40), 10.0, 0);
    assert_near(wb_surprise_confirm_s(INFINITY), 10.0, 0);
}

/* A bad input (no horizon, a negative queue) makes nothing valid rather than half a forecast. */
static void bad_input(void **state)
{
    (void)state;
    wb_forecast_input in = base_input();
    in.horizon_s = 0;
    wb_forecast f;
    wb_forecast_predict(&f, &in);
    assert_false(f.valid);
    assert_true(isnan(f.sl) && isnan(f.p_wait) && isnan(f.ewt_s) && isnan(f.breach_in_min));
    assert_int_equal(f.required, -1);
    in = base_input();
    in.waiting = -1;
    wb_forecast_predict(&f, &in);
    assert_false(f.valid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ewt_issue_example),
        cmocka_unit_test(ewt_edges),
        cmocka_unit_test(p_within_hand),
        cmocka_unit_test(p_within_large),
        cmocka_unit_test(ewrate_hand),
        cmocka_unit_test(trend_hand),
        cmocka_unit_test(breach_nobody_answers),
        cmocka_unit_test(no_breach_and_breach_now),
        cmocka_unit_test(predict_ewt_issue_example),
        cmocka_unit_test(trend_noise_band),
        cmocka_unit_test(too_few_contacts),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(other_arrivals_share_the_queue),
        cmocka_unit_test(erlang_floor_hand),
        cmocka_unit_test(profile_at_hand),
        cmocka_unit_test(profile_ew_hand),
        cmocka_unit_test(profile_foresees_fall),
        cmocka_unit_test(profile_only_lowers),
        cmocka_unit_test(profile_long_after_close),
        cmocka_unit_test(surprise_hand),
        cmocka_unit_test(surprise_confirm_ramp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
