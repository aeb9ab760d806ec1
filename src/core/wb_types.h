/*
 * wb_types.h - small shared vocabulary of the wallboard core.
 *
 * Everything here is plain data: error codes, the agent states, the counter block that every
 * window (today, rolling bucket, snapshot row) is made of. No allocation, no I/O.
 */
#ifndef WB_TYPES_H
#define WB_TYPES_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Time in the core is always integer milliseconds since the Unix epoch (UTC), passed in. */
typedef int64_t wb_ms;

/* Limits fixed by protocol v1 (docs/protocol.md). */
#define WB_MAX_MSG_BYTES (64 * 1024)
#define WB_MAX_STR_BYTES 256
#define WB_MAX_CHANNELS 32
#define WB_MAX_NAME 64
#define WB_MAX_SOURCES 64
/* Events stamped further ahead of the receiver's newest tick than this are refused. */
#define WB_MAX_FUTURE_MS (3600 * 1000)
/* An event received more than this after its own time is refused (wb_model_set_max_past()). */
#define WB_MAX_PAST_MS (3600 * 1000)
/* An agent's channels and the per-channel alarm sets are uint32_t bitmasks, bit i = channel i. */
_Static_assert(WB_MAX_CHANNELS <= 32, "channel bitmasks are uint32_t: at most 32 channels");

/*
 * A figure this close to a threshold, relative to the larger of 1 and the threshold, is on it.
 * Percentages come out of divisions and products (57 of 100 is 56.99999999999999 %) and the
 * screen writes figures cut down to the places it shows: judged exactly, a level of 57 % with a
 * warning below 57 would warn beside a figure that reads 57 %. The alarm rules, the KPI
 * judgement and the screen's cut use this one tolerance, so that a figure and its colour agree;
 * it is far finer than any count (a million contacts apart is 1e-6).
 */
#define WB_SNAP_REL 1e-12

/* v, or t when v is within WB_SNAP_REL of t. */
static inline double wb_snap(double v, double t)
{
    return fabs(v - t) <= WB_SNAP_REL * fmax(1.0, fabs(t)) ? t : v;
}

/*
 * Errors are negative codes. The decoder's refusal reasons are a contiguous range so that
 * counters can be kept in an array indexed by -code - 1 (see wb_refusal_index()).
 */
enum {
    WB_OK = 0,
    WB_ERR_TOO_BIG = -1,   /* message larger than WB_MAX_MSG_BYTES */
    WB_ERR_JSON = -2,      /* not parseable JSON, or not a JSON object */
    WB_ERR_VERSION = -3,   /* "v" missing or not 1 */
    WB_ERR_MISSING = -4,   /* a required field is absent */
    WB_ERR_TYPE = -5,      /* a field has the wrong JSON type */
    WB_ERR_VALUE = -6,     /* right type, impossible value (unknown state, negative ts...) */
    WB_ERR_STR_LONG = -7,  /* a string over WB_MAX_STR_BYTES bytes */
    WB_ERR_UTF8 = -8,      /* bytes that are not valid UTF-8 */
    WB_ERR_NOMEM = -9,     /* allocation failed while decoding */
    WB_ERR_FUTURE = -10,   /* event time more than WB_MAX_FUTURE_MS ahead of the clock */
    WB_ERR_LIMIT = -11,    /* a new channel, queue or source would pass its limit */
    WB_ERR_PAST = -12,     /* event time more than WB_MAX_PAST_MS before its receipt */
    WB_REFUSAL_COUNT = 12, /* number of refusal reasons above */
    WB_ERR_INVAL = -20,    /* bad argument to an API call (programming error) */
    WB_ERR_FULL = -21,     /* a fixed-size table is full (e.g. WB_MAX_CHANNELS) */
    WB_ERR_CONFIG = -22,   /* configuration could not be loaded */
    WB_ERR_IO = -23,       /* a file or socket operation failed */
};
/* The refusal reasons are exactly -1 .. -WB_REFUSAL_COUNT (wb_refusal_index() and the refusal
 * counters rely on it), and every other error lies outside that range. */
_Static_assert(WB_ERR_TOO_BIG == -1 && WB_ERR_PAST == -WB_REFUSAL_COUNT,
               "refusal codes must be the contiguous range -1 .. -WB_REFUSAL_COUNT");
_Static_assert(WB_ERR_INVAL < -WB_REFUSAL_COUNT && WB_ERR_FULL < -WB_REFUSAL_COUNT &&
                   WB_ERR_CONFIG < -WB_REFUSAL_COUNT && WB_ERR_IO < -WB_REFUSAL_COUNT,
               "errors that are not refusals must lie outside the refusal range");

/*
 * What a lookup returns for a name or code it does not know (wb_agent_state_parse(),
 * wb_refusal_index(), wb_config_channel_index(), wb_sl_formula_parse()). It is not an error
 * code and lies outside all of them: -1 would be WB_ERR_TOO_BIG, so a lookup's answer passed
 * on by mistake as a status would have been counted as an oversized message. Test for it with
 * < 0 or == WB_NOT_FOUND.
 */
enum { WB_NOT_FOUND = -100 };
_Static_assert((int)WB_NOT_FOUND < (int)WB_ERR_IO && (int)WB_NOT_FOUND < -(int)WB_REFUSAL_COUNT,
               "WB_NOT_FOUND must not be an error or refusal code");

/* Stable lower-case name of an error or refusal code, for stats and logs ("too_big", ...). */
const char *wb_strerror(int code);

/* Index 0..WB_REFUSAL_COUNT-1 for a refusal code, or WB_NOT_FOUND if code is not a refusal. */
int wb_refusal_index(int code);

typedef enum {
    WB_AGENT_OFFLINE = 0,
    WB_AGENT_AVAILABLE,
    WB_AGENT_BUSY,
    WB_AGENT_WRAPUP,
    WB_AGENT_PAUSED,
    WB_AGENT_NSTATES
} wb_agent_state;

/* "offline", "available", ... ; wb_agent_state_parse returns WB_NOT_FOUND for an unknown name. */
const char *wb_agent_state_name(wb_agent_state s);
int wb_agent_state_parse(const char *s);
/*
 * Whether an agent in `state` may have `next` pending (protocol `next`): only a busy or
 * wrapping-up agent, and only a pause or a logout after the contact. The one rule the decoder,
 * the encoder and the model hold an agent to.
 */
bool wb_agent_next_ok(wb_agent_state state, wb_agent_state next);

typedef enum { WB_LEVEL_OK = 0, WB_LEVEL_WARN = 1, WB_LEVEL_ALARM = 2 } wb_level;
const char *wb_level_name(wb_level l); /* "ok", "warn", "alarm" */

/* Which way a KPI's value is good; WB_BETTER_UNSET where nobody said. */
typedef enum { WB_BETTER_UNSET = 0, WB_BETTER_HIGHER, WB_BETTER_LOWER } wb_better;
const char *wb_better_name(wb_better b); /* "higher", "lower", "" for unset */

/*
 * Outcome counters of one window. "answered"/"abandoned" include short abandons in
 * abandoned; every rate excludes short abandons (docs/metrics.md).
 *   wait_sum_ms    sum of the waits of answered contacts (for ASA)
 *   handle_sum_ms  sum of handle times of completed contacts (for AHT)
 */
typedef struct wb_counts {
    uint32_t answered;
    uint32_t abandoned;
    uint32_t short_abandoned;
    uint32_t answered_in_sl;
    uint32_t abandoned_in_sl; /* abandoned within T, short abandons excluded */
    uint32_t completed;
    int64_t wait_sum_ms;
    int64_t handle_sum_ms;
} wb_counts;

/* acc += x, field by field, saturating at UINT32_MAX / INT64_MAX instead of wrapping. */
void wb_counts_add(wb_counts *acc, const wb_counts *x);

#endif
