/*
 * wb_erlang.c - Erlang C through the Erlang B recursion.
 *
 * No data structure is kept: every function is a pure function of its arguments. The
 * probability of waiting is computed from the blocking probability B of the Erlang B formula,
 * built up one agent at a time (B0 = 1, Bk = A*B(k-1) / (k + A*B(k-1))). Every Bk lies in
 * (0, 1], so nothing overflows however many agents or Erlangs there are, unlike the
 * textbook A^N / N! form. Erlang C follows as C = N*B / (N - A*(1 - B)).
 */
#include "wb_erlang.h"

#include <math.h>
#include <string.h>

/* One step of the Erlang B recursion: from B(k-1) to B(k). */
static double erlang_b_step(double b_prev, int k, double a)
{
    return a * b_prev / ((double)k + a * b_prev);
}

/* Erlang C from the Erlang B value of the same n; only meaningful for n > a. */
static double erlang_c_from_b(int n, double a, double b)
{
    return (double)n * b / ((double)n - a * (1.0 - b));
}

/* Predicted service level from C, for n > a. */
static double sl_from_c(double c, int n, double a, double t_s, double aht_s)
{
    double sl = 1.0 - c * exp(-((double)n - a) * t_s / aht_s);
    /* Rounding may leave a hair outside [0, 1]; the result is a probability. */
    if (sl < 0)
        return 0;
    if (sl > 1)
        return 1;
    return sl;
}

double wb_erlang_c(int n, double a)
{
    if (!(a >= 0) || !isfinite(a))
        return NAN;
    if ((double)n <= a)
        return 1.0;
    if (a == 0)
        return 0.0;
    double b = 1.0;
    for (int k = 1; k <= n; k++)
        b = erlang_b_step(b, k, a);
    return erlang_c_from_b(n, a, b);
}

double wb_erlang_sl(int n, double a, double t_s, double aht_s)
{
    if (!(aht_s > 0) || !isfinite(aht_s) || !(t_s >= 0) || !isfinite(t_s))
        return NAN;
    double c = wb_erlang_c(n, a);
    if (isnan(c))
        return NAN;
    if ((double)n <= a)
        return 0.0;
    return sl_from_c(c, n, a, t_s, aht_s);
}

double wb_erlang_asa(int n, double a, double aht_s)
{
    if (!(aht_s > 0) || !isfinite(aht_s))
        return NAN;
    double c = wb_erlang_c(n, a);
    if (isnan(c))
        return NAN;
    if ((double)n <= a)
        return INFINITY;
    return c * aht_s / ((double)n - a);
}

/*
 * The search carries the Erlang B value along as n grows, so finding the answer costs one
 * recursion step per candidate instead of a whole recursion per candidate.
 */
int wb_erlang_required(double a, double t_s, double aht_s, double target, int max_n)
{
    if (max_n < 0)
        max_n = 0;
    if (!(a >= 0) || !isfinite(a) || !(aht_s > 0) || !isfinite(aht_s) || !(t_s >= 0) ||
        !isfinite(t_s) || !(target <= 1.0) || isnan(target))
        return max_n + 1;
    double first = floor(a) + 1.0;
    if (first > (double)max_n)
        return max_n + 1;
    double b = 1.0;
    for (int k = 1; k <= max_n; k++) {
        b = erlang_b_step(b, k, a);
        if ((double)k < first)
            continue;
        double c = erlang_c_from_b(k, a, b);
        if (sl_from_c(c, k, a, t_s, aht_s) >= target)
            return k;
    }
    return max_n + 1;
}

/* Agents searched at most when working out the required staffing. */
#define WB_ERLANG_MAX_N 10000

void wb_forecast_compute(wb_forecast *f, double lambda_per_s, double aht_s, int agents, double t_s,
                         double target)
{
    memset(f, 0, sizeof *f);
    f->lambda_per_s = lambda_per_s;
    f->aht_s = aht_s;
    f->agents = agents;
    f->traffic = NAN;
    f->p_wait = NAN;
    f->sl = NAN;
    f->asa_s = NAN;
    f->occupancy = NAN;
    f->required = -1;
    f->ewt_s = NAN;
    f->breach_in_min = NAN;
    f->sl_low = NAN;
    if (!isfinite(lambda_per_s) || !(lambda_per_s > 0) || !isfinite(aht_s) || !(aht_s > 0) ||
        agents < 0 || !isfinite(t_s) || !(t_s >= 0) || !isfinite(target))
        return;
    double a = lambda_per_s * aht_s;
    if (!isfinite(a))
        return;
    f->valid = true;
    f->traffic = a;
    f->p_wait = wb_erlang_c(agents, a);
    f->sl = wb_erlang_sl(agents, a, t_s, aht_s);
    f->asa_s = wb_erlang_asa(agents, a, aht_s);
    if (agents == 0)
        f->occupancy = 1.0;
    else
        f->occupancy = a / (double)agents < 1.0 ? a / (double)agents : 1.0;
    f->required = wb_erlang_required(a, t_s, aht_s, target, WB_ERLANG_MAX_N);
}
