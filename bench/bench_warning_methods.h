/*
 * bench_warning_methods.h - the forecast methods bench_warning compares, and what each one
 * computes from what the board shows of a channel at one moment. Header-only (static
 * functions), as bench_warning_know.h: each benchmark is one program built from one source
 * file, and this is the part of bench_warning.c that says what a method is.
 *
 * The data it owns: the table of methods (METHODS, read-only). A view points into the
 * caller's channel metrics and profiles for one call; nothing here allocates or keeps state.
 */
#ifndef WB_BENCH_WARNING_METHODS_H
#define WB_BENCH_WARNING_METHODS_H

#include <math.h>
#include <stdbool.h>

#include "wb_erlang.h"
#include "wb_forecast.h"
#include "wb_model.h"

/*
 * How a method predicts: K_OLD Erlang C only; K_MODEL the board's own forecast; the others
 * the projection (wb_forecast_predict()) with other inputs: K_OWN the channel's own queue and
 * staffed N; K_SHARE staffed N plus the agents busy on the other channel weighted by the
 * queues; K_POOL the shared queue with staffed N plus everyone busy on the other channel;
 * K_ALL the shared queue with every working agent of either channel.
 */
enum { K_OLD, K_MODEL, K_POOL, K_SHARE, K_OWN, K_ALL };
#define K_STEADY 16 /* or-ed into kind: the Erlang floor on each step (A with a patience) */
#define K_PROF 32   /* or-ed into kind: the time-of-day shape of the day before */
/* What it feeds to the forecast rule: the 15-min SL, or the lowest projected rolling SL. */
enum { R_SL15, R_LOW };

typedef struct method {
    const char *name, *desc;
    int kind, rule;
    bool raw;     /* the rule as before issue 17: rises at once, the channel's hold_s (30 s) */
    bool no_drop; /* the rule without its staffing-drop waiver (always the full confirmation) */
    /*
     * The arrival-surprise confirmation (docs/metrics.md section 7) with the statistic kept by
     * the bench from its own arrivals (the model keeps its own for "model").
     */
    bool surprise;
    bool no_confirm; /* the forecast rule never confirmed (rises at once), held 15 min */
} method;

static const method METHODS[] = {
    {"old", "Erlang C at the 15-min rate, rule as before", K_OLD, R_SL15, true, false, false,
     false},
    {"round1", "first round: own queue, N = staffed, SL of the next 15 min, rule as before", K_OWN,
     R_SL15, true, false, false, false},
    {"round1+", "the same with the forecast rule confirmed 50 s and held 15 min", K_OWN, R_SL15,
     false, false, false, false},
    {"own-low", "own queue, N = staffed, lowest projected rolling SL", K_OWN, R_LOW, false, false,
     false, false},
    {"share", "N = staffed + agents busy on the other channel weighted by the queues", K_SHARE,
     R_LOW, false, false, false, false},
    {"busy-o", "shared queue, N = staffed + all busy on the other channel, Erlang floor",
     K_POOL | K_STEADY, R_LOW, false, false, false, false},
    {"no-floor", "shared queue over all working agents, without the Erlang floor", K_ALL, R_LOW,
     false, false, false, false},
    {"model-c", "the model with the rule always confirmed (no waiver, 50 s)", K_MODEL, R_LOW, false,
     true, false, false},
    {"all-fl", "the model's projection without the day before's shape, computed by the bench",
     K_ALL | K_STEADY, R_LOW, false, false, false, false},
    {"profile", "the model's projection with the time-of-day shape of the day before",
     K_ALL | K_STEADY | K_PROF, R_LOW, false, false, false, false},
    {"nocf", "the model's value, never confirmed (a bound for any waiver)", K_MODEL, R_LOW, false,
     false, false, true},
    {"surprise", "the model with the arrival-surprise confirmation, computed by the bench", K_MODEL,
     R_LOW, false, false, true, false},
    /* The model stays last: the figures after the table read it as N_METHODS - 1. */
    {"model", "the model: shared queue, all working agents, Erlang floor, day before's shape",
     K_MODEL, R_LOW, false, false, false, false},
};
#define N_METHODS ((int)(sizeof METHODS / sizeof METHODS[0]))

/* The profile: intervals of the day before, and their width. */
#define N_IV 96
#define IV_S 900.0

/* Arrival rates kept by the bench itself from the QUEUED events of each channel. */
typedef struct rates {
    double slow, fast;
    wb_ms ts;
} rates;

/* What a method sees of one channel at one moment. */
typedef struct view {
    const wb_channel_metrics *cm, *other; /* this channel; the other real-time one */
    rates r, ro;                          /* their arrival rates, decayed to now */
    double tau_slow_s;
    const double *prof, *oprof; /* the day before's arrivals per second per interval */
    double tod_s;               /* now, seconds since the start of the day */
} view;

/* The projection with the pooled or shared inputs. */
static void projected(const view *v, int kind, wb_forecast *f)
{
    const wb_channel_metrics *cm = v->cm, *o = v->other;
    wb_forecast_input in = {
        .lambda_slow = v->r.slow,
        .lambda_fast = v->r.fast,
        .tau_slow_s = v->tau_slow_s,
        .tau_fast_s = WB_FORECAST_TAU_FAST_S,
        .aht_s = cm->forecast.aht_s,
        .agents = (int)cm->staffed,
        .waiting = cm->waiting,
        .free_agents = cm->agents[WB_AGENT_AVAILABLE],
        .t_s = (double)cm->cfg->sl_t_ms / 1000.0,
        .target = cm->cfg->sl_target,
        .window_s = 1800,
        .roll_sl = cm->rolling.sl,
        .roll_n = wb_sl_count(&cm->rolling.c, cm->cfg->formula),
        .horizon_s = WB_FORECAST_HORIZON_S,
        .step_s = WB_FORECAST_STEP_S,
        .trend_s = WB_FORECAST_TREND_S,
        .trend_z = WB_FORECAST_TREND_Z,
        .patience_s = cm->cfg->patience_s,
    };
    double aht_o = o->forecast.aht_s;
    /* The pool's patience as the model mixes it: the rates of giving up weighted by arrivals. */
    double pc = cm->cfg->patience_s, po = o->cfg->patience_s;
    double give_up = (pc > 0 ? v->r.slow / pc : 0) + (po > 0 ? v->ro.slow / po : 0);
    double pool_patience = give_up > 0 ? (v->r.slow + v->ro.slow) / give_up : 0;
    if (!(v->r.slow + v->ro.slow > 0))
        pool_patience = pc;
    double busy_o = (double)o->busy_here + o->wrapup_here;
    bool shared = ((kind & 15) == K_POOL || (kind & 15) == K_ALL) && isfinite(aht_o);
    if (shared) {
        /* One FIFO queue: the other channel's arrivals and waiting contacts join it. */
        double sum = v->r.slow + v->ro.slow;
        if (sum > 0)
            in.aht_s = (v->r.slow * in.aht_s + v->ro.slow * aht_o) / sum;
        in.other_slow = v->ro.slow;
        in.other_fast = v->ro.fast;
        in.waiting += o->waiting;
        in.patience_s = pool_patience;
    }
    if (shared && (kind & 15) == K_POOL) {
        /* Staffed N plus everyone busy on the other channel. */
        in.agents += (int)busy_o;
    } else if (shared) {
        /* Every working agent of either channel (a union). */
        uint32_t wc = cm->agents[WB_AGENT_AVAILABLE] + cm->agents[WB_AGENT_BUSY] +
                      cm->agents[WB_AGENT_WRAPUP];
        uint32_t wo =
            o->agents[WB_AGENT_AVAILABLE] + o->agents[WB_AGENT_BUSY] + o->agents[WB_AGENT_WRAPUP];
        in.agents = (int)(wc > wo ? wc : wo);
        in.free_agents = cm->agents[WB_AGENT_AVAILABLE] > o->agents[WB_AGENT_AVAILABLE]
                             ? cm->agents[WB_AGENT_AVAILABLE]
                             : o->agents[WB_AGENT_AVAILABLE];
    } else if ((kind & 15) == K_SHARE) {
        double share = (cm->waiting + 1.0) / (cm->waiting + o->waiting + 1.0);
        in.agents += (int)lround(share * busy_o);
    }
    in.erlang_floor = (kind & K_STEADY) != 0;
    if (kind & K_PROF) {
        in.profile = v->prof;
        in.o_profile = in.other_slow != 0 || in.other_fast != 0 ? v->oprof : NULL;
        in.profile_n = N_IV;
        in.profile_w_s = IV_S;
        in.tod_s = v->tod_s;
    }
    wb_forecast_predict(f, &in);
}

/* The value each method feeds to the forecast rule: a predicted SL in percent, NAN = none. */
static double method_value(const method *m, const view *v)
{
    const wb_channel_metrics *cm = v->cm;
    if (!cm->forecast.valid)
        return NAN;
    wb_forecast f;
    if (m->kind == K_OLD) {
        wb_forecast_compute(&f, v->r.slow, cm->forecast.aht_s, cm->forecast.agents,
                            (double)cm->cfg->sl_t_ms / 1000.0, cm->cfg->sl_target);
        return f.valid ? f.sl * 100 : NAN;
    }
    if (m->kind == K_MODEL)
        f = cm->forecast;
    else
        projected(v, m->kind, &f);
    if (!f.valid)
        return NAN;
    return (m->rule == R_LOW ? f.sl_low : f.sl) * 100;
}

#endif
