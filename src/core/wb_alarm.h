/*
 * wb_alarm.h - per-channel alarm levels with hysteresis, and reallocation hints.
 *
 * A wb_alarm_state is embedded by its owner (init only, nothing to free). Each rule's level
 * rises as soon as its value crosses a threshold, and falls only after the value has stayed on
 * the good side of that threshold for hold_ms: a value oscillating around a threshold
 * does not make the level flap. The forecast rule is a prediction, so it asks for more: it
 * rises only after its value has crossed for WB_FORECAST_CONFIRM_S without a break, and holds
 * for WB_FORECAST_HOLD_S (wb_forecast.h) or hold_ms, whichever is longer; a staffing drop
 * waives the confirmation (WB_FORECAST_DROP_FRAC), so the state also keeps the most agents
 * seen over the last WB_FORECAST_DROP_S; an arrival surprise shortens it, down to
 * WB_FORECAST_SURPRISE_CONFIRM_S (wb_surprise_confirm_s()).
 */
#ifndef WB_ALARM_H
#define WB_ALARM_H

#include "wb_config.h"
#include "wb_erlang.h"

typedef struct wb_rule_state {
    wb_level level;
    wb_ms good_since; /* when the value last moved below the current level's threshold; -1 = not */
    wb_ms bad_since;  /* when the value last crossed above the current level; -1 = not */
    double value;     /* last value seen, NAN if undefined */
} wb_rule_state;

/*
 * The agents seen over the last WB_FORECAST_DROP_S, in WB_STAFF_SLOTS slots of equal length:
 * the most seen in each slot and which slot of time (ms / slot length) it holds.
 */
#define WB_STAFF_SLOTS 12
typedef struct wb_staff_window {
    double most[WB_STAFF_SLOTS];
    int64_t slot[WB_STAFF_SLOTS]; /* INT64_MIN = empty */
    wb_ms drop_at;                /* the last staffing drop, -1 = none */
} wb_staff_window;

typedef struct wb_alarm_state {
    wb_rule_state rule[WB_RULE_COUNT];
    wb_staff_window staff; /* for the forecast rule */
    wb_level level;        /* max over rules */
    wb_rule worst;         /* rule that gives level */
    wb_level acked;        /* level acknowledged by the operator: no flashing at or below it */
    wb_ms since;           /* when level last changed */
} wb_alarm_state;

void wb_alarm_init(wb_alarm_state *s);

/* The values the rules read. NAN means "undefined now" and never raises a level. */
typedef struct wb_alarm_input {
    double v[WB_RULE_COUNT];
    /*
     * The agents who can take the channel's contacts now (available, busy or in wrap-up,
     * serving it), for the forecast rule's staffing drop; NAN when unknown (no drop is seen).
     */
    double staff;
    /*
     * The arrival-surprise statistic of the channel's arrivals (wb_surprise_at()), for the
     * forecast rule's shorter confirmation; NAN when unknown (no surprise is seen).
     */
    double surprise;
} wb_alarm_input;

/* Updates s from in at time now; returns the new channel level. */
wb_level wb_alarm_update(wb_alarm_state *s, const wb_channel_cfg *cfg, const wb_alarm_input *in,
                         wb_ms now);

/* Operator acknowledgement: the current level stops flashing until it rises again. */
void wb_alarm_ack(wb_alarm_state *s);

/* True when the alarm should flash: level is alarm and has not been acknowledged. */
bool wb_alarm_flashing(const wb_alarm_state *s);

/*
 * One suggestion "move N agents from DONOR to TARGET". Agents move in two kinds: free now
 * (available), and after their current contact (busy or in wrap-up on work that can wait,
 * such as an email: they finish it, then take the target's contacts).
 */
typedef struct wb_hint {
    int target;        /* channel index that is short */
    int donor;         /* channel index that lends */
    int agents;        /* free_now + after_current */
    int free_now;      /* available agents */
    int after_current; /* agents to move when their current contact of the donor is done */
} wb_hint;

/* What the hint calculation needs to know of one channel. */
typedef struct wb_hint_channel {
    bool realtime;
    int staffed;    /* the forecast's N: available serving it + busy or wrap-up on it */
    int required;   /* agents required by the forecast; -1 when no forecast */
    int min_agents; /* a donor keeps at least this many */
} wb_hint_channel;

/* What it needs to know of one agent. */
typedef struct wb_hint_agent {
    wb_agent_state state;
    uint32_t serves; /* bit i = serves channel i */
    int work_ch;     /* channel of the current contact when busy or in wrap-up, -1 unknown */
} wb_hint_agent;

/*
 * Computes up to max hints for n channels and na agents; returns the number written, the
 * largest shortfall first. A real-time channel with a forecast is short by required -
 * staffed. An agent can move to a short channel when it is available and does not serve that
 * channel already (if it did, it would be in its N), or when it is busy or wrapping up on a
 * channel that is not real-time. Each agent moves at most once, and only while every channel
 * it counts in (all it serves when available; its work channel when busy) keeps what it needs:
 * max(min_agents, required) for a real-time channel with a forecast, min_agents otherwise. A
 * channel that is short itself lends nobody.
 */
size_t wb_hints_compute(const wb_hint_channel *ch, size_t n, const wb_hint_agent *ag, size_t na,
                        wb_hint *out, size_t max);

#endif
