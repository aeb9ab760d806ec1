/*
 * wb_proto.h - protocol v1: decode one message into a wb_event, encode events and snapshots.
 *
 * A decoded wb_event does not copy strings one by one: its const char * fields point into
 * storage that the event owns (one copy of the message, its strings decoded in place). The
 * event is valid until wb_event_fini(), which the
 * caller must call after every successful wb_event_decode(). A failed decode leaves nothing
 * to free. Absent optional strings are NULL, except src which is "" when absent. Several
 * events may be alive at once and may be finished on any thread.
 *
 * The decoder takes that storage from a per-thread arena, which the encoder also gives cJSON
 * through cJSON_InitHooks(), which is process-wide: no other code in the process may call
 * cJSON_InitHooks().
 */
#ifndef WB_PROTO_H
#define WB_PROTO_H

#include "wb_types.h"
#include "wb_utf8.h" /* wb_utf8_valid(), declared here before it had a file of its own */

typedef enum {
    WB_EV_UNKNOWN = 0, /* a type this version does not know: ignored, not refused */
    WB_EV_QUEUED,
    WB_EV_ANSWERED,
    WB_EV_ABANDONED,
    WB_EV_COMPLETED,
    WB_EV_AGENT_STATE,
    WB_EV_SNAPSHOT,
    WB_EV_HEARTBEAT,
    WB_EV_KPI, /* a figure the ACD does not know (NPS, FCR, quality...): wb_event.kpi */
} wb_event_type;
/* The model keeps a contact event's kind as one letter, "?QABC"[type]: the four contact
 * types must stay 1..4 in this order. */
_Static_assert(WB_EV_QUEUED == 1 && WB_EV_ANSWERED == 2 && WB_EV_ABANDONED == 3 &&
                   WB_EV_COMPLETED == 4,
               "contact event types must be 1..4 in the order of \"?QABC\"");

const char *wb_event_type_name(wb_event_type t); /* "contact.queued", ... */

/* One waiting contact inside a snapshot. */
typedef struct wb_snap_contact {
    const char *id, *channel, *queue;
    wb_ms ts; /* when it was queued */
} wb_snap_contact;

/* One contact being handled (answered, not yet completed) inside a snapshot. */
typedef struct wb_snap_service {
    const char *id, *channel, *queue, *agent; /* agent may be NULL */
    wb_ms ts;                                 /* when it was answered */
} wb_snap_service;

typedef struct wb_snap_agent {
    const char *agent, *name, *team, *reason; /* name, team, reason may be NULL */
    wb_agent_state state;
    /*
     * "next": the state a busy or wrapping-up agent goes to when its current contact is done
     * (WB_AGENT_PAUSED or WB_AGENT_OFFLINE), when has_next; the decoder refuses it on any
     * other state (docs/protocol.md).
     */
    bool has_next;
    wb_agent_state next;
    wb_ms since; /* when the agent entered this state */
    const char *channels[WB_MAX_CHANNELS];
    size_t n_channels;
} wb_snap_agent;

/* One rolling-window bucket of a queue: counters of outcomes whose time is in [start, +width). */
typedef struct wb_snap_bucket {
    wb_ms start;
    wb_counts c;
} wb_snap_bucket;

typedef struct wb_snap_queue {
    const char *queue, *channel;
    wb_ms day_start;         /* local midnight that "today" counts from */
    wb_counts today;         /* outcomes since day_start */
    double arrival_rate;     /* exponentially weighted arrivals per second ... */
    wb_ms arrival_ts;        /* ... as of this time */
    wb_ms bucket_ms;         /* width of the buckets below */
    wb_snap_bucket *buckets; /* non-empty buckets of the rolling window, oldest first */
    size_t n_buckets;

    /* Optional (older publishers omit it): the same arrivals with the forecast's fast rate. */
    bool has_rate_fast;
    double arrival_rate_fast;

    /*
     * Optional: today's outcomes per interval of interval_ms, only the intervals with any,
     * oldest first (each [start, +interval_ms)). has_intervals false means "not told" (an
     * older publisher, or one that left them out to fit a message), which is not "none".
     */
    bool has_intervals;
    wb_ms interval_ms;
    wb_snap_bucket *intervals;
    size_t n_intervals;
} wb_snap_queue;

/*
 * One KPI figure: the members of a "kpi" message, or one element of a snapshot's "kpis".
 * label, unit, period and scope are NULL when absent; value and target are finite.
 */
typedef struct wb_kpi_msg {
    const char *kpi; /* the id, non-empty */
    const char *label, *unit, *period, *scope;
    double value;
    bool has_target;
    double target;
    wb_better better;
    wb_ms ts; /* when the figure was measured: the event's ts, or the element's (default the
                 snapshot's) */
} wb_kpi_msg;

/* Intervals of a day before at most: a 25-hour day of 15 minutes. */
#define WB_PROF_MAX 100

/*
 * One channel's day before (a snapshot's "day_before"): its arrivals (answered + abandoned)
 * in each interval of interval_ms from the local midnight that started the day
 * year-month-mday, in the sender's zone. It is the forecast's time-of-day shape
 * (docs/metrics.md section 6.5), carried so that a screen started during the day has it.
 */
typedef struct wb_snap_day_before {
    const char *channel;
    int year, month, mday; /* the day's local date (month 1..12, mday 1..31) */
    wb_ms interval_ms;
    uint32_t arrivals[WB_PROF_MAX];
    size_t n_arrivals;
} wb_snap_day_before;

typedef struct wb_snapshot {
    wb_snap_contact *waiting;
    size_t n_waiting;
    wb_snap_service *in_service;
    size_t n_in_service;
    wb_snap_agent *agents;
    size_t n_agents;
    wb_snap_queue *queues;
    size_t n_queues;
    wb_kpi_msg *kpis; /* the source's KPIs ("kpis"; older publishers omit it) */
    size_t n_kpis;
    /* The day before of the source's channels that have one ("day_before"; may be absent). */
    wb_snap_day_before *day_before;
    size_t n_day_before;
    /*
     * How long the sender had heard nothing from the source when it wrote the snapshot
     * ("silent_ms"; 0 when absent). A hub writes it, so that a screen that joins while a
     * publisher is down takes the source as last heard that long before the snapshot arrived.
     */
    wb_ms silent_ms;
    /*
     * The sender is itself resyncing the source ("resyncing": true; false when absent): a hub
     * that lost some of its messages. The receiver applies the snapshot and keeps the source
     * marked as possibly wrong, as the hub does, until a snapshot without it.
     */
    bool resyncing;
} wb_snapshot;

/*
 * Frees the arrays of a snapshot with free() - waiting, in_service, agents, queues, kpis,
 * day_before and each queues[i].buckets and .intervals - then zeroes it. The strings belong to
 * whoever filled it.
 */
void wb_snapshot_fini(wb_snapshot *s);

/*
 * The latest time a snapshot's contents carry that its own ts may not be before: the starts
 * of its buckets and intervals and the times of its KPI figures (a receiver refuses a
 * snapshot taken before what it holds). INT64_MIN when it carries none.
 */
wb_ms wb_snapshot_latest(const wb_snapshot *s);

typedef struct wb_event {
    wb_event_type type;
    wb_ms ts;
    const char *src; /* "" when absent */
    bool has_seq;
    uint64_t seq;
    /* contact.* */
    const char *id, *channel, *queue, *agent; /* queue defaults to channel */
    wb_ms wait_ms;                            /* -1 when absent */
    wb_ms handle_ms;                          /* -1 when absent */
    /* agent.state (agent above) */
    const char *name, *team, *reason;
    wb_agent_state state;
    bool has_next;       /* "next" told: as in wb_snap_agent */
    wb_agent_state next; /* WB_AGENT_PAUSED or WB_AGENT_OFFLINE when has_next */
    const char *channels[WB_MAX_CHANNELS];
    size_t n_channels;
    /* snapshot */
    wb_snapshot snap;
    /* kpi (kpi.ts is ev->ts) */
    wb_kpi_msg kpi;
    /* private: storage the strings point into */
    void *priv_;
} wb_event;

/*
 * Decodes one message of len bytes (not NUL-terminated). Returns 0 and fills ev, or a negative
 * refusal code (WB_ERR_TOO_BIG ... WB_ERR_NOMEM) and leaves ev with nothing to free.
 * A message of an unknown type decodes to WB_EV_UNKNOWN with the common fields set.
 */
int wb_event_decode(wb_event *ev, const char *buf, size_t len);
/* The same with a size limit other than WB_MAX_MSG_BYTES: a snapshot reassembled from parts
 * (wb_snapparts.h) or read back from a journal. */
int wb_event_decode_max(wb_event *ev, const char *buf, size_t len, size_t max);
/* Frees what decode allocated, and ev->snap with wb_snapshot_fini() (even for an event built
 * by hand: put only heap arrays there, or do not call fini on it). */
void wb_event_fini(wb_event *ev);

/*
 * The closing quote of the JSON string whose opening quote is at open (open < e): the first
 * quote after it not escaped by an odd run of backslashes; NULL when the string does not end
 * before e. For readers that only need to step over strings (the decoder's number pre-scan,
 * the journal's line reader) without decoding them.
 */
const char *wb_json_string_end(const char *open, const char *e);

/* Zeroes ev and sets the defaults (wait_ms/handle_ms -1, src ""), for building by hand. */
void wb_event_init(wb_event *ev, wb_event_type type, wb_ms ts);

/*
 * Encodes ev as one JSON message into buf (cap bytes, NUL-terminated). Returns the length
 * without the NUL, or WB_ERR_FULL if it does not fit, WB_ERR_INVAL for a bad event,
 * WB_ERR_NOMEM.
 * Snapshots are encoded from ev->snap.
 */
int wb_event_encode(const wb_event *ev, char *buf, size_t cap);

#endif
