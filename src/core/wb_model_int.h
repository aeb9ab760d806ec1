/*
 * wb_model_int.h - the model's internal data structure, shared by the files that implement
 * wb_model.h. Internal to wb_core: nothing outside src/core/wb_model*.c includes it.
 *
 * Data structure: the model holds a table of channels (configured first, then discovered), a
 * registry of queues (channel + queue name -> global index) and one wb_source per publisher.
 * A source owns everything that publisher told us, so that its snapshot can replace exactly
 * that: a hash map of waiting contacts and one of contacts in service (id -> contact), its
 * agents (dense array + id map), per global queue a wb_squeue with today's counters and a
 * ring of rolling-window buckets, a bounded set of event fingerprints for duplicate detection,
 * and its sequence-number state. Metrics are not stored: they are summed over sources when
 * asked for, which keeps apply() cheap and a snapshot replacement trivially consistent.
 *
 * The files, one part of the structure each:
 *   wb_model.c          lifetime and configuration, the channel table, the queue registry,
 *                       sources with their contacts and agents (allocation and freeing);
 *   wb_model_count.c    the day, the day before, the rolling-window rings and what each
 *                       outcome counts;
 *   wb_model_apply.c    events and snapshots in: duplicates, sequence numbers, limits;
 *   wb_model_tick.c     the waiting cache, expiry and the sparkline;
 *   wb_model_snapshot.c a source's state written out as a snapshot;
 *   wb_model_metrics.c  channel, queue and agent figures, with the shared-queue forecast;
 *   wb_model_interval.c today's outcomes per interval, their sums and their snapshot form.
 *   wb_model_kpi.c      KPI figures (src, kpi, scope) with today's values, and their judgement.
 *
 * Ownership: the model owns its sources, a source owns its contacts, agents and wb_squeues;
 * wb_model_source_free() frees a source and everything in it, wb_model_free() all of them.
 */
#ifndef WB_MODEL_INT_H
#define WB_MODEL_INT_H

#include "wb_map.h"
#include "wb_model.h"

/* Width of one sparkline sample (WB_SPARK_N of them). */
#define WB_SPARK_MS 10000

typedef struct wb_bucket {
    wb_ms start; /* -1 = unused */
    wb_counts c;
} wb_bucket;

typedef struct wb_squeue {
    wb_ms day_start; /* day that today counts belong to */
    wb_counts today;
    wb_bucket *ring;
    double arr_rate; /* arrivals per second, as of arr_ts (time constant forecast_tau_ms) */
    double arr_fast; /* the same arrivals with time constant WB_FORECAST_TAU_FAST_S */
    wb_ms arr_ts;
    int gq; /* its global queue index, whose settings count its outcomes */
    /*
     * Today's outcomes per interval (wb_model_interval.c): iv_n counters, interval i covering
     * [iv_day + i * interval, +interval). NULL until the pair's first outcome of a day; the
     * counters are valid only while iv_day is the model's day_start (0 = none).
     */
    wb_counts *iv;
    size_t iv_n;
    wb_ms iv_day;
} wb_squeue;

typedef struct wb_contact {
    int gq;
    int ch;
    wb_ms ts;    /* queued time while waiting; answer time while in service */
    char *agent; /* may be NULL */
    char id[];   /* the map key points here */
} wb_contact;

typedef struct wb_agent {
    char *id, *name, *team, *reason;
    wb_agent_state state;
    /* Busy or wrapping up and going to next (a pause, or offline) when the contact is done. */
    bool has_next;
    wb_agent_state next;
    wb_ms since;
    wb_ms last_ts;
    uint32_t chmask;
    /*
     * Channel of the contact the agent is busy with or wrapping up (known from the agent of
     * contact.answered), -1 when none or unknown. It is what makes an agent count "here" on
     * exactly one channel, so that per-channel busy figures can be summed.
     */
    int work_ch;
    wb_ms work_ts; /* when that contact was answered */
} wb_agent;

/*
 * Whether the agent takes another contact: available, or busy or wrapping up without a pause
 * or a logout pending after the current contact (docs/metrics.md section 5). The one rule for
 * the agents who can take a channel's next contact: the forecast's N, the pool's Np and the
 * staffing-drop waiver's count.
 */
static inline bool wb_model_agent_takes_next(const wb_agent *a)
{
    if (a->state == WB_AGENT_AVAILABLE)
        return true;
    return (a->state == WB_AGENT_BUSY || a->state == WB_AGENT_WRAPUP) && !a->has_next;
}

typedef struct wb_source {
    char *src;
    bool resyncing;
    bool seq_seen;
    uint64_t last_seq, gaps, missed;
    wb_ms last_rx;
    /*
     * What the model heard of this source today, as heard_last and watch_w of wb_model
     * (below) but for this source's messages alone: a channel's day is watched only as well
     * as every source that counted its arrivals (wb_model_channel_watched_from()). A hub's
     * snapshot of a source it has not heard for a while is heard silent_ms before it came.
     */
    wb_ms heard_last, watch_w;
    uint32_t chmask; /* channels this source has told us about */
    /*
     * Of those, the channels of its contacts and queues (not of its agents): with blended
     * agents, the ACD of phone also names chat, whose contacts another publisher sends.
     */
    uint32_t contact_mask;
    wb_map waiting;
    wb_map in_service;
    wb_map agent_map;
    wb_agent **agents;
    size_t n_agents, cap_agents;
    wb_squeue **q; /* indexed by global queue index; NULL where unused */
    size_t q_cap;
    wb_seen seen; /* allocated with the first contact event: heartbeat-only sources are cheap */
} wb_source;

typedef struct wb_channel {
    wb_channel_cfg cfg;
    bool configured;
    bool had_data;
    uint16_t spark[WB_SPARK_N];
    int64_t spark_idx[WB_SPARK_N]; /* which 10 s slot each sample belongs to; -1 = none */
    int64_t spark_last;            /* newest slot written, -1 = none */
    /*
     * The day before's arrivals (answered and abandoned) per second in each of its intervals,
     * kept when the day rolls over to the next one: the forecast's time-of-day shape
     * (docs/metrics.md section 6.5), or adopted from a snapshot (wb_model_day_before_from_snap()).
     * prof_n = 0: no day before (a screen started today and told none, a day skipped, a day of
     * more than WB_PROF_MAX intervals, wb_proto.h).
     */
    double prof[WB_PROF_MAX];
    size_t prof_n;
    /*
     * Whether the day before was watched whole (wb_model_watched_from(), docs/metrics.md
     * section 6.5): only a whole one shapes the forecast, is sent in snapshots, and keeps a
     * snapshot's day before out. One adopted from a snapshot is whole (senders send no other).
     */
    bool prof_whole;
    /*
     * The arrival-surprise statistic of the channel's arrivals (wb_surprise_add()) as of
     * sur_ts, and the channel's slow rate then (the sum over its queues), for the forecast
     * rule's shorter confirmation; sur_since: when that rate last started from nothing. Not
     * carried in snapshots: a restarted screen starts from 0 and lets its rate settle.
     * sur_sum_at: when sur_rate was last summed over the queues (see wb_model_count_arrival());
     * 0 = never.
     */
    double sur_s, sur_rate;
    wb_ms sur_ts, sur_since, sur_sum_at;
    /*
     * The global index of the queue of this channel that a contact event last named: a
     * channel's events mostly name the same few queues, and this spares building, hashing and
     * comparing a registry key for each (wb_model_gqueue_find_ch() checks it before use, so
     * any value is safe).
     */
    size_t last_gq;
} wb_channel;

typedef struct wb_gqueue {
    char *name;
    /* "<length of channel>:<channel><queue>", the registry key (see wb_model_queue_key()) */
    char *key;
    int ch;
    /* The queue's settings: its channel's, with its [queue.NAME] section on top. */
    wb_channel_cfg cfg;
} wb_gqueue;

/*
 * Waiting counts and oldest queued times per channel and per queue, computed in one pass over
 * the waiting contacts and kept until the waiting set changes (gen), so that filling the
 * screen's view costs one pass however many channels and queues it asks about.
 */
typedef struct wb_wcache {
    uint64_t gen; /* the model's wgen it was computed for */
    bool valid;
    uint32_t ch_n[WB_MAX_CHANNELS];
    wb_ms ch_old[WB_MAX_CHANNELS];
    uint32_t *q_n;
    wb_ms *q_old;
    size_t q_cap;
} wb_wcache;

struct wb_model {
    wb_config cfg;
    wb_channel ch[WB_MAX_CHANNELS];
    size_t n_ch;
    wb_gqueue *gq;
    size_t n_gq, cap_gq;
    wb_map gq_map;
    wb_source **src;
    size_t n_src, cap_src;
    size_t nb; /* buckets per ring */
    wb_ms bucket_ms;
    wb_ms day_start, day_end; /* day_end 0 = no day yet */
    wb_ms newest_ts;
    wb_ms last_rx;
    /*
     * What the model heard of the day (docs/metrics.md section 6.5): heard_last, the newest
     * time a message was heard on the model's clock (the receive time, or on event time the
     * message's ts; -1 = never); watch_w, the end of today's latest silence longer than
     * WB_WATCH_GAP_MS (day_start when there was none).
     */
    wb_ms heard_last, watch_w;
    wb_ms tick_now;     /* newest time given to wb_model_tick(), 0 before the first */
    wb_ms swept_day;    /* the day whose contacts in service a tick last swept (0: none) */
    wb_ms max_future;   /* see wb_model_set_max_future(); 0 = off */
    wb_ms max_past;     /* see wb_model_set_max_past(); 0 = off */
    bool event_clock;   /* see wb_model_set_event_clock() */
    uint64_t wgen;      /* bumped whenever a waiting set changes */
    wb_wcache *wcache;  /* heap, so that const metrics calls can refresh it */
    wb_hash_key hkey;   /* of every hash table and of the duplicate fingerprints */
    size_t n_sq;        /* (source, queue) pairs allocated, each with a ring of nb buckets */
    uint64_t expired;   /* waiting contacts dropped by the expiry */
    uint64_t untracked; /* answers counted but not kept in service: the limit was reached */
    size_t iv_rows;     /* interval counters allocated, all pairs (WB_MAX_INTERVAL_ROWS) */
    uint64_t iv_lost;   /* outcomes not counted in an interval: that limit was reached */
    wb_day_mismatch day_mismatch; /* snapshots of another zone's day (wb_model_day_mismatch()) */

    /* KPI figures (wb_model_kpi.c), in the order they first arrived. */
    struct wb_kpi_ent **kpi;
    size_t n_kpi, cap_kpi;
};

/* ---------------------------------------------------------------- wb_model.c */

/* A heap copy of s (NULL for NULL or when out of memory). */
char *wb_model_dup_str(const char *s);
/* Replaces *dst with a copy of s (NULL clears); keeps the old value if the copy fails. */
void wb_model_set_str(char **dst, const char *s);

/* Index of a channel, added unconfigured with default settings when new; WB_ERR_LIMIT. */
int wb_model_channel_get(wb_model *m, const char *name);

/* Room for a queue registry key (see wb_model_queue_key()). */
#define WB_QKEY_CAP (24 + WB_MAX_NAME + WB_MAX_STR_BYTES + 1)
size_t wb_model_queue_key(char key[WB_QKEY_CAP], const char *channel, const char *queue);
/* Global index of a known queue, or -1. */
int wb_model_gqueue_find(const wb_model *m, const char *channel, const char *queue);
/*
 * The same for a queue of the known channel ch, trying the channel's last found queue first
 * (wb_channel.last_gq), which it updates.
 */
int wb_model_gqueue_find_ch(wb_model *m, int ch, const char *queue);
/* Global index of a queue of channel ch, registered when new; WB_ERR_LIMIT, WB_ERR_NOMEM. */
int wb_model_gqueue_get(wb_model *m, int ch, const char *queue);

wb_contact *wb_model_contact_new(const char *id, int gq, int ch, wb_ms ts, const char *agent);
void wb_model_contact_free(wb_contact *c);

/* The source named src, created when new; NULL when out of memory or at WB_MAX_SOURCES. */
wb_source *wb_model_source_get(wb_model *m, const char *src);
/* Drops everything a source told us, keeping its identity, sequence state and fingerprints. */
void wb_model_source_clear(wb_model *m, wb_source *s);
void wb_model_source_free(wb_model *m, wb_source *s);
/* The counters of source s for global queue gq, created when new; NULL when out of memory. */
wb_squeue *wb_model_squeue_get(wb_model *m, wb_source *s, int gq);
/* The agent id of source s, created when new (*created says so); NULL when out of memory. */
wb_agent *wb_model_agent_get(wb_source *s, const char *id, bool *created);

/* ---------------------------------------------------------------- wb_model_count.c */

/*
 * A message of source s (NULL: none) heard at t on the model's clock (wb_model_apply(): rx_now,
 * or ev->ts on event time), telling of the source as of src_t (t, or earlier for a hub's
 * snapshot of a source silent for a while): a silence since the last one longer than
 * WB_WATCH_GAP_MS moves today's watch_w, the model's and the source's.
 */
void wb_model_heard(wb_model *m, wb_source *s, wb_ms t, wb_ms src_t);

/*
 * Today is watched from t: the model's watch_w and every source's set to t (later_only: only
 * those before t), at a new day and when today's intervals start over.
 */
void wb_model_watch_from(wb_model *m, wb_ms t, bool later_only);

/* Sets "today" to the day of t in the configured zone. */
void wb_model_set_day(wb_model *m, wb_ms t);
/* Moves "today" forward to the day of t (never back). */
void wb_model_ensure_day(wb_model *m, wb_ms t);
/* t rounded down to a multiple of w (for negative t too). */
wb_ms wb_model_floor_to(wb_ms t, wb_ms w);
size_t wb_model_slot_of(wb_ms start, wb_ms w, size_t nb);
wb_ms wb_model_window_lo(const wb_model *m, wb_ms now);
/* The bucket of q that ts counts in, recycled if stale; NULL when ts is too old for the ring. */
wb_counts *wb_model_bucket_for(wb_model *m, wb_squeue *q, wb_ms ts);

/*
 * The day before of the channels in chmask that have one, into out->day_before (heap, freed
 * by wb_snapshot_fini()); WB_ERR_NOMEM.
 */
int wb_model_day_before_to_snap(const wb_model *m, uint32_t chmask, wb_snapshot *out);
/*
 * Adopts a snapshot's day before for each known channel that has none, when it is the day
 * before today in our zone, as long as today, and of our interval width (docs/metrics.md
 * section 6.5). Anything else in it is ignored.
 */
void wb_model_day_before_from_snap(wb_model *m, const wb_snapshot *sn);

/* What one outcome adds to a set of counters (wb_model_count_answered() and the others). */
typedef void (*wb_count_fn)(wb_counts *c, const wb_channel_cfg *cfg, wb_ms v);
void wb_model_count_outcome(wb_model *m, wb_squeue *q, int ch, wb_ms ts, wb_count_fn fn, wb_ms v);
void wb_model_count_answered(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait);
void wb_model_count_abandoned(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait);
void wb_model_count_completed(wb_counts *c, const wb_channel_cfg *cfg, wb_ms handle);

/* The slow arrival rate's time constant in seconds (the configured smoothing). */
double wb_model_tau_slow_s(const wb_model *m);
void wb_model_count_arrival(wb_model *m, wb_squeue *q, wb_ms ts);
/*
 * Channel ch's arrival-surprise statistic read at now: 0 before its first arrival and until its
 * slow rate has run WB_FORECAST_SURPRISE_SETTLE time constants since it started from nothing.
 */
double wb_model_surprise_at(const wb_model *m, size_t ch, wb_ms now);
/* Adds q's slow and fast arrival rates as of now to *slow and *fast. */
void wb_model_rate_at(const wb_model *m, const wb_squeue *q, wb_ms now, double *slow, double *fast);

/* ---------------------------------------------------------------- wb_model_interval.c */

/* The configured interval width (15 min when unset). */
wb_ms wb_model_interval_ms(const wb_model *m);
/* The interval counters of q that an outcome at ts counts in, or NULL when ts is not today or
 * the interval memory limit is reached (then counted in m->iv_lost). */
wb_counts *wb_model_interval_for(wb_model *m, wb_squeue *q, wb_ms ts);
/* Frees q's interval counters (before q itself is freed, or when the width changes). */
void wb_model_interval_free(wb_model *m, wb_squeue *q);
/*
 * A snapshot queue's intervals into q, after the source was cleared; kept_day is q's iv_day
 * before the clear. A snapshot that carries intervals for our day replaces q's; one that does
 * not (an older or trimmed publisher, or another day) leaves q's own counters in place.
 */
void wb_model_interval_from_snap(wb_model *m, wb_squeue *q, const wb_snap_queue *sq,
                                 wb_ms kept_day);
/* The non-empty intervals of q for a snapshot: sq->intervals (heap) and its counts. */
int wb_model_interval_to_snap(const wb_model *m, const wb_squeue *q, wb_snap_queue *sq);

/* ---------------------------------------------------------------- wb_model_tick.c */

/* The waiting cache, brought up to date when the waiting sets changed. */
const wb_wcache *wb_model_waiting_counts(const wb_model *m);

/* ---------------------------------------------------------------- wb_model_kpi.c */

typedef struct wb_kpi_ent wb_kpi_ent;
/* A kpi event of source s: WB_APPLIED, WB_IGNORED (older than the figure held), WB_ERR_LIMIT. */
int wb_model_kpi_apply(wb_model *m, wb_source *s, const wb_event *ev);
/* Whether a snapshot's KPIs fit (WB_ERR_LIMIT) and are not newer than it (WB_ERR_VALUE). */
int wb_model_kpi_snapshot_check(const wb_model *m, const wb_source *s, const wb_snapshot *sn,
                                wb_ms ts);
/* Replaces the KPIs of s with the snapshot's (checked first); WB_ERR_NOMEM. */
int wb_model_kpi_snapshot_apply(wb_model *m, const wb_source *s, const wb_snapshot *sn);
/* The KPIs of src into out->kpis (strings point into the model); WB_ERR_NOMEM. */
int wb_model_kpi_snapshot_out(const wb_model *m, const char *src, wb_snapshot *out);
void wb_model_kpi_free_all(wb_model *m);

#endif
