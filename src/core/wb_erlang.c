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

/*
 * P(Poisson(x) >= k + 1) for every k from 0 on, one k per call: the caller keeps the running
 * sum of the terms e^-x x^i / i!. Each term is the last one times x / i; from a large x on
 * (where e^-x would underflow) they are built in logarithms instead.
 */
typedef struct poisson_run {
    double x, term, cdf;
    long i;
} poisson_run;

static double poisson_next_tail(poisson_run *r)
{
    if (!(r->x > 0))
        return 0;
    if (r->x > 500)
        r->term = exp(-r->x + (double)r->i * log(r->x) - lgamma((double)r->i + 1.0));
    else
        r->term = r->i == 0 ? exp(-r->x) : r->term * r->x / (double)r->i;
    r->cdf += r->term;
    r->i++;
    double p = 1.0 - r->cdf;
    return p < 0 ? 0 : p;
}

/* How deep past n the sum may go: a queue that settles deeper is not summed (NAN). */
#define A_MAX_DEPTH 1000000L

/*
 * The stationary distribution is summed term by term (w_k, unnormalized: w_0 = 1, then
 * w_k = w_(k-1) * lambda / d_k with d_k = k mu up to n and n mu + (k - n) theta beyond),
 * rescaled whenever it grows large, until the terms are past their peak and negligible. A
 * contact finding k = n + j has j waiting ahead of it: j + 1 agents must free up (at n mu
 * together, a Gamma(j + 1, n mu) time S) before t_s and before its patience runs out
 * (exponential, theta): P = integral over s < t_s of the Gamma density times e^(-theta s) =
 * (n mu / (n mu + theta))^(j + 1) * P(Poisson((n mu + theta) t_s) >= j + 1). Those waiting
 * ahead of it may give up too, which would only help it: that is left out, so the result is a
 * lower bound. Near the target it is close (10 agents, 8 Erlangs, AHT 300 s, patience 180 s,
 * T 20 s: 0.8015 against 0.8045 in a simulation of the queue); in overload it is further off
 * (100 agents, 150 Erlangs: 0.0058 against 0.0081).
 */
double wb_erlang_a_sl(int n, double a, double t_s, double aht_s, double patience_s)
{
    if (!(patience_s > 0) || !isfinite(patience_s))
        return wb_erlang_sl(n, a, t_s, aht_s);
    if (!(a >= 0) || !isfinite(a) || !(aht_s > 0) || !isfinite(aht_s) || !(t_s >= 0) ||
        !isfinite(t_s))
        return NAN;
    if (n <= 0)
        return 0.0;
    if (a == 0)
        return 1.0;
    double mu = 1.0 / aht_s, theta = 1.0 / patience_s, lambda = a * mu;
    double nm = (double)n * mu, beta = nm / (nm + theta);
    poisson_run pr = {.x = (nm + theta) * t_s};
    /* A patience so short that its rate is not a finite number is not a patience. */
    if (!isfinite(theta) || !isfinite(pr.x))
        return NAN;
    double w = 1, tot = 1, good = 1, reach = 1;
    for (long k = 1;; k++) {
        /*
         * A queue that settles more than A_MAX_DEPTH contacts deep while its contacts still
         * have a chance within t_s (thousands of agents with a short AHT, or a T of hours) is
         * not summed to its end: the part left out would make the result too high, so there
         * is none (the forecast then does without its floor).
         */
        if (k > (long)n + A_MAX_DEPTH)
            return NAN;
        double d = k <= n ? (double)k * mu : nm + (double)(k - n) * theta;
        double r = lambda / d;
        /* Rescaled to w = 1 before the product could overflow: r alone may be as large as a,
         * so a fixed factor would not do. Only the ratios matter. */
        if (w > 1 && w > 1e200 / r) {
            double scale = 1.0 / w;
            w = 1;
            tot *= scale;
            good *= scale;
        }
        w *= r;
        tot += w;
        double f = 1; /* this term's chance of an answer within t_s */
        if (k < n) {
            good += w;
        } else {
            reach *= beta;
            f = reach * poisson_next_tail(&pr);
            good += w * f;
        }
        if (k > n && lambda < d && w < tot * 1e-17)
            break;
        /*
         * f only falls as k grows, so the terms still to come add at most f times their own
         * sum to good, and the SL ends between 0 and the larger of good / tot and f. When both
         * are below 1e-12 it is known to that precision. This is what keeps an overloaded
         * channel with a long patience cheap: its distribution peaks (lambda - n mu) / theta
         * contacts deep, which summed to its end took 66 ms a call at 850 agents, AHT 30 s and
         * a patience of a day.
         */
        if (k >= n && f < 1e-12 && good < tot * 1e-12)
            break;
    }
    double sl = good / tot;
    return sl < 0 ? 0 : (sl > 1 ? 1 : sl);
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
    f->erlang_sl = NAN;
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
    f->sl = f->erlang_sl = wb_erlang_sl(agents, a, t_s, aht_s);
    f->asa_s = wb_erlang_asa(agents, a, aht_s);
    if (agents == 0)
        f->occupancy = 1.0;
    else
        f->occupancy = a / (double)agents < 1.0 ? a / (double)agents : 1.0;
    f->required = wb_erlang_required(a, t_s, aht_s, target, WB_ERLANG_MAX_N);
}
