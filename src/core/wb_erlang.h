/*
 * wb_erlang.h - Erlang C (and Erlang A, where waiting customers give up) queueing formulas for
 * the forecast.
 *
 * Pure functions of their arguments. Traffic A = lambda * AHT in Erlangs; N agents.
 * Computed through the Erlang B recursion, which stays finite for hundreds of agents and
 * hundreds of Erlangs where the textbook A^N / N! form overflows.
 */
#ifndef WB_ERLANG_H
#define WB_ERLANG_H

#include "wb_types.h"

/* Probability that a contact waits at all; 1.0 when n <= a (the queue grows without bound). */
double wb_erlang_c(int n, double a);

/* Predicted fraction answered within t_s seconds: 1 - C * exp(-(n - a) * t_s / aht_s); 0 when n <=
 * a. */
double wb_erlang_sl(int n, double a, double t_s, double aht_s);

/*
 * Predicted fraction answered within t_s seconds when customers give up (Erlang A, M/M/n+M):
 * waiting contacts abandon at rate 1 / patience_s each. The number of contacts in the system
 * has the stationary distribution of that birth-death process; a contact that finds all n
 * agents busy and j waiting is answered within t_s when j + 1 agents free up before t_s and
 * before it gives up (docs/metrics.md section 6.3); that those ahead of it may give up is left
 * out, so it is a lower bound (close near the target, up to about a third low in overload).
 * patience_s <= 0, infinite or not a number: nobody gives up, wb_erlang_sl(). NAN on bad
 * input and when the queue would settle more than a million contacts deep.
 */
double wb_erlang_a_sl(int n, double a, double t_s, double aht_s, double patience_s);

/* Predicted average speed of answer in seconds: C * aht_s / (n - a); INFINITY when n <= a. */
double wb_erlang_asa(int n, double a, double aht_s);

/* Smallest n with wb_erlang_sl(n, ...) >= target; capped at max_n (returns max_n + 1 if not met).
 */
int wb_erlang_required(double a, double t_s, double aht_s, double target, int max_n);

/* Everything the screen shows for one real-time channel. */
typedef struct wb_forecast {
    bool valid;          /* false when there is no rate or no AHT to forecast from */
    double lambda_per_s; /* arrival rate */
    double aht_s;
    double traffic; /* A in Erlangs */
    int agents;     /* N: logged in, not paused */
    double p_wait;
    double sl; /* fraction 0..1; the projection's once wb_forecast_predict() ran */
    /*
     * The steady-state Erlang C service level at N for the smoothed rate (design's formula:
     * 1 - P(wait) e^-(N-A)T/AHT), kept beside the projection that replaces sl, for the stats.
     */
    double erlang_sl;
    double asa_s;     /* INFINITY when overloaded */
    double occupancy; /* A / N, capped at 1 */
    int required;     /* agents needed for the target */
    /* Filled by wb_forecast_predict() (wb_forecast.h); NAN after wb_forecast_compute(). */
    double ewt_s;         /* expected wait of a contact arriving now */
    double breach_in_min; /* minutes until the rolling SL is predicted below target; NAN = none */
    double sl_low;        /* lowest rolling SL projected over the horizon, fraction; NAN = none */
} wb_forecast;

void wb_forecast_compute(wb_forecast *f, double lambda_per_s, double aht_s, int agents, double t_s,
                         double target);

#endif
