/*
 * wb_forecast.h - the early warning: arrival rate with a trend, the expected wait of a contact
 * arriving now, and the predicted time until the rolling service level breaks.
 *
 * Pure functions of their arguments; nothing is allocated and nothing reads a clock (times
 * are arguments). The steady-state Erlang C part lives in wb_erlang.h; this module adds what
 * Erlang C cannot see: a rate that is rising now, and the queue that is already there.
 *
 * N, the number of agents who can take the channel's next contact, is an input of every
 * function here: the caller decides who counts.
 */
#ifndef WB_FORECAST_H
#define WB_FORECAST_H

#include "wb_erlang.h"

/*
 * Time constant of the fast arrival rate, in seconds. The slow rate uses the configured
 * forecast_smoothing_min; the pair gives the level and the trend (see wb_rate_trend()).
 */
#define WB_FORECAST_TAU_FAST_S 180.0
/* How far ahead the rolling service level is projected, and the step of the projection. */
#define WB_FORECAST_HORIZON_S 900.0
#define WB_FORECAST_STEP_S 15.0
/* The trend is followed this far ahead; beyond, the projected rate stays level. */
#define WB_FORECAST_TREND_S 300.0
/* A difference of the two rates within this many standard deviations of noise is no trend. */
#define WB_FORECAST_TREND_Z 2.0
/* Fewer contacts than this expected over the horizon: no service level to predict. */
#define WB_FORECAST_MIN_CONTACTS 1.0
/*
 * The forecast rule (the early warning) rises only after its value has been below the
 * threshold this long without a break, and falls only after it has been back above it for
 * WB_FORECAST_HOLD_S (or the channel's hold_s when longer). 50 s since the surprise's graded
 * wait took the surges over (45 s before): the longer wait lets more short dips of a normal day
 * pass. See docs/metrics.md section 6.4.
 */
#define WB_FORECAST_CONFIRM_S 50.0
#define WB_FORECAST_HOLD_S WB_FORECAST_HORIZON_S
/*
 * A staffing drop waives that confirmation: when the agents who can take the channel's
 * contacts (available, busy or in wrap-up, serving it) fall by at least this share of the
 * most seen over the last WB_FORECAST_DROP_S (and by one agent at least), the rule rises at
 * once while its value is below the threshold, until WB_FORECAST_DROP_S after the drop was
 * last seen (it stays in sight while the count before it is in that record, so the waiver can
 * last up to about two minutes after the drop). The
 * confirmation is there for arrival noise; a group leaving for a break is a fact that the
 * agents' states report. See docs/metrics.md section 6.4.
 */
#define WB_FORECAST_DROP_FRAC 0.2
#define WB_FORECAST_DROP_S 60.0
/*
 * An arrival surprise shortens it: the statistic of wb_surprise_add() over the channel's own
 * arrivals tests "the rate is now WB_FORECAST_SURPRISE_R times the slow rate" (a Poisson
 * CUSUM); while it is at least WB_FORECAST_SURPRISE_H, a prediction below the threshold for
 * WB_FORECAST_SURPRISE_CONFIRM_S warns, and between WB_FORECAST_SURPRISE_FROM and that level
 * the confirmation shortens in proportion (wb_surprise_confirm_s()). The statistic counts only
 * once the slow rate has run for WB_FORECAST_SURPRISE_SETTLE time constants since it started
 * from nothing (the morning's first arrivals are all a surprise to a rate that slept
 * overnight). The start, 3, was chosen on the simulator's seeds 1 to 5 as the lowest that
 * adds no warning for nothing on either simulated day. The level, 5, was chosen on seeds 6 to
 * 25, which no other constant was chosen on: of nine ramps measured there it met the most
 * cells, and as many as the earlier level 6 or more on every run (docs/metrics.md 6.4).
 */
#define WB_FORECAST_SURPRISE_R 3.0
#define WB_FORECAST_SURPRISE_FROM 3.0
#define WB_FORECAST_SURPRISE_H 5.0
#define WB_FORECAST_SURPRISE_CONFIRM_S 10.0
#define WB_FORECAST_SURPRISE_SETTLE 2.0

/*
 * Exponentially weighted rate: adds one arrival at ts to a rate (arrivals per second) last
 * updated at last_ts, with time constant tau_s. The rate decays with exp(-dt / tau) and each
 * arrival adds 1 / tau. An arrival older than last_ts is decayed to last_ts instead, so that
 * the order of arrivals does not change the result; the caller keeps max(last_ts, ts).
 */
double wb_ewrate_add(double rate, wb_ms last_ts, wb_ms ts, double tau_s);

/* The rate as of now (decayed since last_ts; unchanged when now <= last_ts). */
double wb_ewrate_at(double rate, wb_ms last_ts, wb_ms now, double tau_s);

/*
 * The arrival-surprise statistic: a continuous-time Poisson CUSUM that tests a rate r_factor
 * times the slow rate against the slow rate. Each arrival adds ln(r_factor); in between it
 * falls by (r_factor - 1) times the arrivals the slow rate expects, never below 0. `rate` is the
 * slow rate (arrivals per second, time constant tau_s) as of last_ts, when the statistic was
 * `s`; it decays like the rate itself, so from last_ts to t the slow rate expects
 * rate * tau * (1 - e^(-(t - last_ts) / tau)) arrivals. wb_surprise_at() reads it at now
 * (unchanged when now <= last_ts); wb_surprise_add() adds one arrival at ts (one older than
 * last_ts is added without the fall; the caller keeps max(last_ts, ts) and the slow rate then).
 * NAN on bad input.
 */
double wb_surprise_at(double s, double rate, wb_ms last_ts, wb_ms now, double tau_s,
                      double r_factor);
double wb_surprise_add(double s, double rate, wb_ms last_ts, wb_ms ts, double tau_s,
                       double r_factor);

/*
 * The forecast rule's confirmation, in seconds, for an arrival-surprise statistic s:
 * WB_FORECAST_CONFIRM_S up to WB_FORECAST_SURPRISE_FROM (and when s is unknown, NAN),
 * WB_FORECAST_SURPRISE_CONFIRM_S from WB_FORECAST_SURPRISE_H on, and on the straight line
 * between the two in between (50 s at 3, 30 s at 4, 10 s at 5).
 */
double wb_surprise_confirm_s(double s);

/*
 * Level and trend of the arrival rate from a slow and a fast exponentially weighted rate of
 * the same arrivals (tau_fast_s < tau_slow_s). On a rate that grows linearly, an exponentially
 * weighted rate lags the true rate by its time constant, so
 *   slope = (fast - slow) / (tau_slow - tau_fast),  level = fast + slope * tau_fast.
 * The level is never negative. Writes NAN to both when the inputs are not usable.
 */
void wb_rate_trend(double slow, double fast, double tau_slow_s, double tau_fast_s, double *level,
                   double *slope_per_s);

/*
 * Expected wait in seconds of a contact that arrives now behind `waiting` contacts, with
 * `free_agents` of the n agents free now, and exponential handle times of mean aht_s. The
 * free agents take the first free_agents contacts at once; after that all n agents are busy
 * and free up one at a time at rate n / aht_s, so the new contact waits for
 * k = waiting - free_agents + 1 completions: EWT = k * aht_s / n. Zero when an agent is left
 * free for it; INFINITY when n is 0 and it must wait; NAN on bad input.
 */
double wb_forecast_ewt(double waiting, double free_agents, int n, double aht_s);

/*
 * Probability that that contact is answered within t_s seconds. With k contacts ahead of it
 * once the free agents have taken theirs and all n agents busy, completions form a Poisson
 * process of rate n / aht_s, and the contact is answered within t_s when at least k + 1 of
 * them happen by then: P = P(Poisson(n * t_s / aht_s) >= k + 1). A fractional k (a projected
 * queue) interpolates between its two neighbours. 1 when an agent is left free for it.
 */
double wb_forecast_p_within(double waiting, double free_agents, int n, double aht_s, double t_s);

/* What the projection of the rolling service level needs to know. */
typedef struct wb_forecast_input {
    double lambda_slow; /* arrivals per second, slow exponentially weighted rate */
    double lambda_fast; /* the same arrivals, fast rate */
    double tau_slow_s, tau_fast_s;
    double aht_s;
    int agents;         /* N */
    double waiting;     /* contacts waiting now */
    double free_agents; /* of the N, those free now */
    double t_s;         /* service-level threshold T */
    double target;      /* service-level target, fraction */
    double window_s;    /* length of the rolling window */
    double roll_sl;     /* rolling service level now, fraction; NAN when undefined */
    double roll_n;      /* contacts the rolling service level counts (its denominator) */
    double horizon_s;   /* how far ahead to project */
    double step_s;      /* projection step */
    double trend_s;     /* the trend is followed this far ahead, the rate held level after */
    double trend_z;     /* a trend within this many standard deviations of noise counts as 0 */
    /*
     * Arrivals of the other channels whose contacts the same agents take in arrival order
     * (the shared queue, see docs/metrics.md section 6.3): they join the projected queue but
     * are not this channel's contacts, so the service level does not count them. 0 when the
     * channel's agents serve it alone. waiting, agents and free_agents are then the shared
     * queue's and aht_s the mix of both.
     */
    double other_slow, other_fast;
    /*
     * Each step's service level is at most the steady-state one of the step's arrival rate
     * (this channel's and the others') with the N agents, Erlang A with patience_s (below) or
     * Erlang C without: the fluid queue alone sees no wait at all while the agents keep up on
     * average, however busy they are.
     */
    bool erlang_floor;
    /*
     * Mean patience of a waiting contact, seconds: with it the floor is Erlang A (contacts
     * give up at 1 / patience_s each while they wait, which keeps the queue of a busy floor
     * short); 0 (nobody gives up): Erlang C.
     */
    double patience_s;
    /*
     * The time-of-day shape (docs/metrics.md section 6.5): arrivals per second of this channel
     * (profile) and of the other channels of the shared queue (o_profile, NULL when none) in
     * each of profile_n intervals of profile_w_s seconds from the start of the day, as seen on
     * the day before; tod_s is now's time since the start of the day. NULL profile: no shape
     * (today's method). The arrays are the caller's, read during the call only; the shape may
     * only lower the projected rate (see wb_profile_ew() and docs/metrics.md section 6.5).
     */
    const double *profile, *o_profile;
    size_t profile_n;
    double profile_w_s, tod_s;
} wb_forecast_input;

/*
 * A piecewise-constant rate profile p[0..n) (intervals of w_s seconds from 0, zero outside)
 * as an exponentially weighted rate of time constant tau_s would read it at t_s if the
 * arrivals followed the profile exactly: (1 / tau) * integral over u >= 0 of
 * p(t - u) e^(-u / tau) du. With the profile in force since long, that is p; just after a step
 * from a to b it is b + (a - b) e^(-elapsed / tau). NAN on bad input.
 */
double wb_profile_ew(const double *p, size_t n, double w_s, double t_s, double tau_s);

/*
 * Whether a profile (n intervals of w_s seconds, arrivals per second) holds one arrival at
 * least: the forecast shapes only with one that does (a smaller one is an empty day).
 */
bool wb_profile_counts(const double *p, size_t n, double w_s);

/* The profile's rate at t_s (0 outside its intervals; NAN on bad input). */
double wb_profile_at(const double *p, size_t n, double w_s, double t_s);

/*
 * Fills f:
 *   - lambda_per_s: the level of the trend (fast rate taken within the noise band, see
 *     docs/metrics.md section 6); Erlang C (p_wait, asa_s, occupancy, required) at that level;
 *   - ewt_s: wb_forecast_ewt() of a contact arriving now;
 *   - sl: the service level predicted for the contacts that arrive over the horizon (the
 *     queue projected step by step), the tile's "Forecast SL"; NAN when fewer than
 *     WB_FORECAST_MIN_CONTACTS are expected over the horizon;
 *   - breach_in_min: minutes until the projected rolling service level first falls below the
 *     target, 0 when it is below now, NAN when no breach is predicted within the horizon;
 *   - sl_low: the lowest rolling service level projected over the horizon (now included),
 *     which the alarm rule reads; below the target exactly when breach_in_min is a number.
 * f->valid is false (and the rest NAN) when there is no rate, no AHT or a bad input.
 */
void wb_forecast_predict(wb_forecast *f, const wb_forecast_input *in);

#endif
