/*
 * wb_forecast.c - arrival trend, expected wait, and the projection of the rolling service
 * level.
 *
 * No data structure is kept: the caller owns the two exponentially weighted rates (and their
 * common time stamp) and hands them in. The projection is a fluid model of the queue, walked
 * in fixed steps over the horizon: contacts arrive at the projected rate, agents free up at
 * N / AHT, and each step's arrivals are answered within T with the probability that a contact
 * with that many contacts ahead of it has (wb_forecast_p_within()).
 */
#include "wb_forecast.h"

#include <math.h>

double wb_ewrate_add(double rate, wb_ms last_ts, wb_ms ts, double tau_s)
{
    if (!(tau_s > 0) || !isfinite(rate))
        return rate;
    if (rate <= 0)
        return 1.0 / tau_s;
    if (ts >= last_ts)
        return rate * exp(-(double)(ts - last_ts) / 1000.0 / tau_s) + 1.0 / tau_s;
    return rate + exp(-(double)(last_ts - ts) / 1000.0 / tau_s) / tau_s;
}

double wb_ewrate_at(double rate, wb_ms last_ts, wb_ms now, double tau_s)
{
    if (!(tau_s > 0) || rate == 0)
        return rate;
    double dt = (double)(now - last_ts) / 1000.0;
    return dt > 0 ? rate * exp(-dt / tau_s) : rate;
}

double wb_surprise_at(double s, double rate, wb_ms last_ts, wb_ms now, double tau_s,
                      double r_factor)
{
    if (!isfinite(s) || s < 0 || !isfinite(rate) || rate < 0 || !(tau_s > 0) || !isfinite(tau_s) ||
        !(r_factor > 1) || !isfinite(r_factor))
        return NAN;
    double dt = (double)(now - last_ts) / 1000.0;
    if (!(dt > 0))
        return s;
    double expected = rate * tau_s * -expm1(-dt / tau_s);
    double v = s - (r_factor - 1.0) * expected;
    return v > 0 ? v : 0;
}

double wb_surprise_add(double s, double rate, wb_ms last_ts, wb_ms ts, double tau_s,
                       double r_factor)
{
    double v = wb_surprise_at(s, rate, last_ts, ts, tau_s, r_factor);
    return isnan(v) ? v : v + log(r_factor);
}

double wb_surprise_confirm_s(double s)
{
    if (!(s > WB_FORECAST_SURPRISE_FROM))
        return WB_FORECAST_CONFIRM_S;
    if (s >= WB_FORECAST_SURPRISE_H)
        return WB_FORECAST_SURPRISE_CONFIRM_S;
    double f =
        (s - WB_FORECAST_SURPRISE_FROM) / (WB_FORECAST_SURPRISE_H - WB_FORECAST_SURPRISE_FROM);
    return WB_FORECAST_CONFIRM_S - f * (WB_FORECAST_CONFIRM_S - WB_FORECAST_SURPRISE_CONFIRM_S);
}

void wb_rate_trend(double slow, double fast, double tau_slow_s, double tau_fast_s, double *level,
                   double *slope_per_s)
{
    *level = NAN;
    *slope_per_s = NAN;
    if (!isfinite(slow) || !isfinite(fast) || slow < 0 || fast < 0 || !(tau_fast_s > 0) ||
        !(tau_slow_s > tau_fast_s) || !isfinite(tau_slow_s))
        return;
    double slope = (fast - slow) / (tau_slow_s - tau_fast_s);
    double lv = fast + slope * tau_fast_s;
    *level = lv > 0 ? lv : 0;
    *slope_per_s = slope;
}

double wb_forecast_ewt(double waiting, double free_agents, int n, double aht_s)
{
    if (!(waiting >= 0) || !(free_agents >= 0) || n < 0 || !(aht_s > 0) || !isfinite(aht_s) ||
        !isfinite(waiting) || !isfinite(free_agents))
        return NAN;
    /* An agent is left over for the new contact once the waiting ones have theirs. */
    if (free_agents > waiting)
        return 0;
    if (n == 0)
        return INFINITY;
    return (waiting - free_agents + 1.0) * aht_s / (double)n;
}

/*
 * P(Poisson(x) >= k + 1) for a whole k >= 0: one minus the first k + 1 terms of the Poisson
 * distribution. The terms are built in logarithms, so a large x (hundreds of agents, a long T)
 * does not underflow e^-x to zero before the sum is taken.
 */
static double poisson_tail(double x, long k)
{
    if (x <= 0)
        return 0;
    /* Past the mean by this many deviations the tail is zero to double precision. */
    if ((double)k > x + 40.0 * sqrt(x) + 40.0)
        return 0;
    double lx = log(x), cdf = 0;
    for (long j = 0; j <= k; j++)
        cdf += exp(-x + (double)j * lx - lgamma((double)j + 1.0));
    double p = 1.0 - cdf;
    return p < 0 ? 0 : (p > 1 ? 1 : p);
}

double wb_forecast_p_within(double waiting, double free_agents, int n, double aht_s, double t_s)
{
    if (!(waiting >= 0) || !(free_agents >= 0) || n < 0 || !(aht_s > 0) || !isfinite(aht_s) ||
        !isfinite(waiting) || !isfinite(free_agents) || !(t_s >= 0) || !isfinite(t_s))
        return NAN;
    if (free_agents > waiting)
        return 1;
    if (n == 0)
        return 0;
    double ahead = waiting - free_agents;
    double x = (double)n * t_s / aht_s;
    double k0 = floor(ahead);
    double p0 = poisson_tail(x, (long)k0);
    double frac = ahead - k0;
    if (frac == 0)
        return p0;
    return p0 + (poisson_tail(x, (long)k0 + 1) - p0) * frac;
}

double wb_profile_at(const double *p, size_t n, double w_s, double t_s)
{
    if (!p || !(w_s > 0) || !isfinite(t_s))
        return NAN;
    if (t_s < 0 || t_s >= w_s * (double)n)
        return 0;
    return p[(size_t)(t_s / w_s)];
}

double wb_profile_ew(const double *p, size_t n, double w_s, double t_s, double tau_s)
{
    if (!p || !(w_s > 0) || !isfinite(t_s) || !(tau_s > 0) || !isfinite(tau_s))
        return NAN;
    if (t_s <= 0 || n == 0)
        return 0;
    /*
     * Interval j covers [a, b) with b cut at t: it adds p_j (e^(-(t - b) / tau) -
     * e^(-(t - a) / tau)), its share of the exponential weights. Every interval is summed (a
     * profile has at most WB_PROF_MAX): hours after the profile's day closed, the far
     * intervals are all the reading has, and a reading cut to 0 there (as a cut-off at 40
     * time constants did) dropped the shape (shape_of() below) and turned the forecast back on
     * at an arbitrary hour of the evening.
     */
    double top = t_s < w_s * (double)n ? t_s : w_s * (double)n;
    size_t j = (size_t)ceil(top / w_s);
    double sum = 0;
    while (j-- > 0) {
        double a = (double)j * w_s, b = a + w_s < t_s ? a + w_s : t_s;
        sum += p[j] * (exp(-(t_s - b) / tau_s) - exp(-(t_s - a) / tau_s));
    }
    return sum;
}

bool wb_profile_counts(const double *p, size_t n, double w_s)
{
    double total = 0;
    for (size_t i = 0; p && i < n; i++)
        total += p[i] > 0 ? p[i] * w_s : 0;
    return total >= 1;
}

/*
 * The shape of one channel's arrivals over the horizon. The profile is used when the day
 * before had one contact at least (a screen with no day before has a profile of zeros: today's
 * method) and its exponentially weighted readings at now are above zero. Then the fast rate is
 * rescaled by what the profile alone would make of the two rates (fast * ew_slow / ew_fast:
 * equal to the slow rate when today follows the profile, so only the surprise is a trend),
 * and *base is the profile's slow reading, by which the profile's rate ahead is divided to
 * give each step's factor. The readings are not asked to be large: in the evening they fade
 * towards zero while the profile ahead is zero, and that foresees the closing. Returns false
 * (and leaves fast) otherwise.
 */
static bool shape_of(const wb_forecast_input *in, const double *p, double *fast, double *base)
{
    if (!p || in->profile_n == 0 || !(in->profile_w_s > 0) || !isfinite(in->tod_s))
        return false;
    if (!wb_profile_counts(p, in->profile_n, in->profile_w_s))
        return false;
    double es = wb_profile_ew(p, in->profile_n, in->profile_w_s, in->tod_s, in->tau_slow_s);
    double ef = wb_profile_ew(p, in->profile_n, in->profile_w_s, in->tod_s, in->tau_fast_s);
    if (!(es > 0) || !(ef > 0))
        return false;
    *fast *= es / ef;
    *base = es;
    return true;
}

/* The factor of a step ahead by ahead_s: the profile's rate then over its slow reading now. */
static double shape_at(const wb_forecast_input *in, const double *p, bool on, double base,
                       double ahead_s)
{
    if (!on)
        return 1;
    return wb_profile_at(p, in->profile_n, in->profile_w_s, in->tod_s + ahead_s) / base;
}

static bool input_ok(const wb_forecast_input *in)
{
    return isfinite(in->aht_s) && in->aht_s > 0 && in->agents >= 0 && in->waiting >= 0 &&
           isfinite(in->waiting) && in->free_agents >= 0 && isfinite(in->free_agents) &&
           isfinite(in->t_s) && in->t_s >= 0 && isfinite(in->target) && in->window_s > 0 &&
           in->horizon_s > 0 && in->step_s > 0 && in->horizon_s / in->step_s <= 100000;
}

/*
 * Service level of the contacts arriving in one step, given the projected queue q: contacts
 * waiting beyond the agents free, or, when negative, that many agents idle.
 */
static double step_sl(const wb_forecast_input *in, double q)
{
    return q >= 0 ? wb_forecast_p_within(q, 0, in->agents, in->aht_s, in->t_s)
                  : wb_forecast_p_within(0, -q, in->agents, in->aht_s, in->t_s);
}

/*
 * The fast rate with the part of its difference from the slow rate that Poisson noise
 * explains taken away. For Poisson arrivals of rate r, an exponentially weighted rate of time
 * constant tau has variance r / (2 tau), two of them (tf, ts) have covariance r / (tf + ts),
 * so their difference has variance r (1/(2 tf) + 1/(2 ts) - 2/(tf + ts)). A difference within
 * trend_z standard deviations of that counts as no trend, and beyond it only the excess
 * counts: a quiet hour's random bunching does not look like a surge.
 */
static double shrink_fast(const wb_forecast_input *in, double slow, double fast)
{
    double tf = in->tau_fast_s, ts = in->tau_slow_s;
    if (!(in->trend_z > 0) || !(tf > 0) || !(ts > tf) || !(slow >= 0) || !(fast >= 0))
        return fast;
    double var = slow * (1 / (2 * tf) + 1 / (2 * ts) - 2 / (tf + ts));
    double band = in->trend_z * sqrt(var > 0 ? var : 0);
    double d = fast - slow;
    if (fabs(d) <= band)
        return slow;
    return slow + (d > 0 ? d - band : d + band);
}

/* Level and slope of one pair of rates, the fast one taken within the noise band. */
static void trend_of(const wb_forecast_input *in, double slow, double fast, double *level,
                     double *slope)
{
    wb_rate_trend(slow, shrink_fast(in, slow, fast), in->tau_slow_s, in->tau_fast_s, level, slope);
}

void wb_forecast_predict(wb_forecast *f, const wb_forecast_input *in)
{
    double level, slope, o_level = 0, o_slope = 0;
    double fast = in->lambda_fast, o_fast = in->other_fast, base = 1, o_base = 1;
    bool shaped = shape_of(in, in->profile, &fast, &base);
    bool o_shaped = shape_of(in, in->o_profile, &o_fast, &o_base);
    trend_of(in, in->lambda_slow, fast, &level, &slope);
    if (in->other_slow != 0 || in->other_fast != 0)
        trend_of(in, in->other_slow, o_fast, &o_level, &o_slope);
    /* Today's method: the rates alone, the shape aside. */
    double plain, plain_slope, o_plain = 0, o_plain_slope = 0;
    trend_of(in, in->lambda_slow, in->lambda_fast, &plain, &plain_slope);
    if (in->other_slow != 0 || in->other_fast != 0)
        trend_of(in, in->other_slow, in->other_fast, &o_plain, &o_plain_slope);
    /* The steady-state figures stay those of the rates alone. */
    wb_forecast_compute(f, isfinite(level) ? plain : level, in->aht_s, in->agents, in->t_s,
                        in->target);
    f->ewt_s = NAN;
    f->breach_in_min = NAN;
    if (!f->valid || !input_ok(in) || !isfinite(o_level) || !isfinite(o_slope)) {
        /* Everything undefined, as wb_forecast_compute() leaves it without a rate. */
        wb_forecast_compute(f, NAN, in->aht_s, in->agents, in->t_s, in->target);
        return;
    }
    f->ewt_s = wb_forecast_ewt(in->waiting, in->free_agents, in->agents, in->aht_s);

    bool known = isfinite(in->roll_sl) && in->roll_n > 0;
    if (known)
        f->sl_low = in->roll_sl;
    if (known && in->roll_sl < in->target)
        f->breach_in_min = 0;
    double mu = 1.0 / in->aht_s, n = (double)in->agents;
    double q = in->waiting - in->free_agents;
    double sum_a = 0, sum_in = 0;
    for (double h = 0; h < in->horizon_s; h += in->step_s) {
        double dt = in->step_s;
        double ahead = h + dt / 2 < in->trend_s ? h + dt / 2 : in->trend_s;
        /*
         * The shape may only lower a step's rate below today's method (the falls it foresees:
         * lunch, the evening, closing); a rise it expects is left to the trend to see.
         */
        double lambda =
            (level + slope * ahead) * shape_at(in, in->profile, shaped, base, h + dt / 2);
        double o_lambda =
            (o_level + o_slope * ahead) * shape_at(in, in->o_profile, o_shaped, o_base, h + dt / 2);
        double lp = plain + plain_slope * ahead, olp = o_plain + o_plain_slope * ahead;
        if (!(lambda < lp))
            lambda = lp;
        if (!(o_lambda < olp))
            o_lambda = olp;
        double arrivals = (lambda > 0 ? lambda : 0) * dt;
        double o_arrivals = (o_lambda > 0 ? o_lambda : 0) * dt;
        sum_a += arrivals;
        double p = step_sl(in, q);
        if (in->erlang_floor) {
            double es = wb_erlang_a_sl(in->agents, (arrivals + o_arrivals) / dt * in->aht_s,
                                       in->t_s, in->aht_s, in->patience_s);
            if (es < p)
                p = es;
        }
        sum_in += arrivals * p;
        /* Busy agents free up at mu each: all n while there is a queue, n + q while q < 0. */
        double busy = q >= 0 ? n : n + q;
        q += arrivals + o_arrivals - mu * busy * dt;
        if (q < -n)
            q = -n;
        /* The part of today's window that is still inside the window at h + dt. */
        double keep = 1.0 - (h + dt) / in->window_s;
        if (keep < 0 || !known)
            keep = 0;
        double den = in->roll_n * keep + sum_a;
        double num = known ? in->roll_sl * in->roll_n * keep + sum_in : sum_in;
        if (!(den > 0))
            continue;
        if (isnan(f->sl_low) || num / den < f->sl_low)
            f->sl_low = num / den;
        if (isnan(f->breach_in_min) && num / den < in->target)
            f->breach_in_min = (h + dt) / 60.0;
    }
    /*
     * Fewer contacts expected over the whole horizon than one: nothing to predict a service
     * level of (the channel is closing, or asleep), however few agents are left.
     */
    if (sum_a < WB_FORECAST_MIN_CONTACTS) {
        f->sl = NAN;
        f->breach_in_min = NAN;
        f->sl_low = NAN;
        return;
    }
    f->sl = sum_in / sum_a;
}
