/*
 * wb_alarm.h - per-channel alarm levels with hysteresis, and reallocation hints.
 *
 * A wb_alarm_state is embedded by its owner (init only, nothing to free). Each rule's level
 * rises as soon as its value crosses a threshold, and falls only after the value has stayed on
 * the good side of that threshold for hold_ms: a value oscillating around a threshold
 * does not make the level flap.
 */
#ifndef WB_ALARM_H
#define WB_ALARM_H

#include "wb_config.h"
#include "wb_erlang.h"

typedef struct wb_rule_state {
    wb_level level;
    wb_ms good_since; /* when the value last moved below the current level's threshold; -1 = not */
    double value;     /* last value seen, NAN if undefined */
} wb_rule_state;

typedef struct wb_alarm_state {
    wb_rule_state rule[WB_RULE_COUNT];
    wb_level level; /* max over rules */
    wb_rule worst;  /* rule that gives level */
    wb_level acked; /* level acknowledged by the operator: no flashing at or below it */
    wb_ms since;    /* when level last changed */
} wb_alarm_state;

void wb_alarm_init(wb_alarm_state *s);

/* The values the rules read. NAN means "undefined now" and never raises a level. */
typedef struct wb_alarm_input {
    double v[WB_RULE_COUNT];
} wb_alarm_input;

/* Updates s from in at time now; returns the new channel level. */
wb_level wb_alarm_update(wb_alarm_state *s, const wb_channel_cfg *cfg, const wb_alarm_input *in,
                         wb_ms now);

/* Operator acknowledgement: the current level stops flashing until it rises again. */
void wb_alarm_ack(wb_alarm_state *s);

/* True when the alarm should flash: level is alarm and has not been acknowledged. */
bool wb_alarm_flashing(const wb_alarm_state *s);

/* One suggestion "move N agents from DONOR to TARGET". */
typedef struct wb_hint {
    int target; /* channel index that is short */
    int donor;  /* channel index that can lend */
    int agents; /* how many to move */
} wb_hint;

/* What the hint calculation needs to know of one channel. */
typedef struct wb_hint_input {
    bool realtime;
    int staffed;    /* N: logged in, not paused */
    int required;   /* agents required by the forecast; -1 when no forecast */
    int min_agents; /* a donor keeps at least this many */
    /* agents logged in (not paused) who serve this channel but not channel j, per j */
    int not_on[WB_MAX_CHANNELS];
} wb_hint_input;

/*
 * Computes up to max hints for n channels. A channel is short when required > staffed. A donor
 * has spare agents: staffed - required for a real-time donor with a forecast, staffed -
 * min_agents otherwise; only agents who do not already serve the target can move. Returns the
 * number of hints written, largest shortfall first.
 */
size_t wb_hints_compute(const wb_hint_input *in, size_t n, wb_hint *out, size_t max);

#endif
