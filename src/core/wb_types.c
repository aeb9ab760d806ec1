/*
 * wb_types.c - names of the shared vocabulary: error codes, agent states, alarm levels, and the
 * one operation on a counter block (adding two of them).
 *
 * The only data here are constant name tables indexed by the enum values of wb_types.h. The
 * names are part of the stats output and the protocol, so they never change once published.
 */
#include "wb_types.h"

#include <string.h>

/* Indexed by -code - 1 for the refusal range WB_ERR_TOO_BIG .. WB_ERR_PAST. */
static const char *const refusal_names[WB_REFUSAL_COUNT] = {
    "too_big",         "bad_json", "bad_version", "missing_field", "wrong_type", "bad_value",
    "string_too_long", "bad_utf8", "no_memory",   "future_ts",     "over_limit", "past_ts",
};

const char *wb_strerror(int code)
{
    int i = wb_refusal_index(code);

    if (i >= 0)
        return refusal_names[i];
    switch (code) {
    case WB_OK:
        return "ok";
    case WB_ERR_INVAL:
        return "invalid_argument";
    case WB_ERR_FULL:
        return "table_full";
    case WB_ERR_CONFIG:
        return "bad_config";
    case WB_ERR_IO:
        return "io_error";
    case WB_NOT_FOUND:
        return "not_found";
    default:
        return "unknown_error";
    }
}

int wb_refusal_index(int code)
{
    /* The refusal codes are the contiguous range -1 .. -WB_REFUSAL_COUNT. */
    if (code <= -1 && code >= -WB_REFUSAL_COUNT)
        return -code - 1;
    return WB_NOT_FOUND;
}

static const char *const state_names[WB_AGENT_NSTATES] = {
    "offline", "available", "busy", "wrapup", "paused",
};

const char *wb_agent_state_name(wb_agent_state s)
{
    if ((int)s < 0 || s >= WB_AGENT_NSTATES)
        return "unknown";
    return state_names[s];
}

int wb_agent_state_parse(const char *s)
{
    if (!s)
        return WB_NOT_FOUND;
    for (int i = 0; i < WB_AGENT_NSTATES; i++) {
        if (strcmp(s, state_names[i]) == 0)
            return i;
    }
    return WB_NOT_FOUND;
}

bool wb_agent_next_ok(wb_agent_state state, wb_agent_state next)
{
    return (state == WB_AGENT_BUSY || state == WB_AGENT_WRAPUP) &&
           (next == WB_AGENT_PAUSED || next == WB_AGENT_OFFLINE);
}

const char *wb_level_name(wb_level l)
{
    switch (l) {
    case WB_LEVEL_OK:
        return "ok";
    case WB_LEVEL_WARN:
        return "warn";
    case WB_LEVEL_ALARM:
        return "alarm";
    }
    return "unknown";
}

const char *wb_better_name(wb_better b)
{
    switch (b) {
    case WB_BETTER_HIGHER:
        return "higher";
    case WB_BETTER_LOWER:
        return "lower";
    default:
        return "";
    }
}

static uint32_t add_u32(uint32_t a, uint32_t b)
{
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

/* Sums are never negative (durations are clamped at zero before they are added). */
static int64_t add_i64(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/*
 * Saturating: a snapshot may carry counters and sums up to 2^53 each, and adding a thousand of
 * them must stop at the largest value rather than wrap into a negative ASA or a tiny count.
 */
void wb_counts_add(wb_counts *acc, const wb_counts *x)
{
    acc->answered = add_u32(acc->answered, x->answered);
    acc->abandoned = add_u32(acc->abandoned, x->abandoned);
    acc->short_abandoned = add_u32(acc->short_abandoned, x->short_abandoned);
    acc->answered_in_sl = add_u32(acc->answered_in_sl, x->answered_in_sl);
    acc->abandoned_in_sl = add_u32(acc->abandoned_in_sl, x->abandoned_in_sl);
    acc->completed = add_u32(acc->completed, x->completed);
    acc->wait_sum_ms = add_i64(acc->wait_sum_ms, x->wait_sum_ms);
    acc->handle_sum_ms = add_i64(acc->handle_sum_ms, x->handle_sum_ms);
}
