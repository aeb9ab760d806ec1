/*
 * wb_model.h - the live state of the contact center and the metrics computed from it.
 *
 * The model keeps, per publisher (src): waiting contacts, contacts in service, agents, and per
 * queue the outcome counters for today and a ring of rolling-window buckets. Channels are
 * global: configured ones first, then any channel that appears in events (with default
 * settings). Metrics are computed on demand by summing over sources.
 *
 * Ownership: wb_model_new() copies the configuration it is given; the caller keeps its own.
 * wb_model_free() frees everything. Metrics structs are filled by value; their string
 * pointers (channel and queue names) stay valid until the model is freed.
 */
#ifndef WB_MODEL_H
#define WB_MODEL_H

#include "wb_config.h"
#include "wb_erlang.h"
#include "wb_model_kpi.h"
#include "wb_proto.h"

typedef struct wb_model wb_model;

/*
 * Limits of the model, so that no publisher (misbehaving or hostile) can make it grow without
 * bound. An event or snapshot that would pass one is refused whole (WB_ERR_LIMIT, counted as
 * "over_limit") and changes nothing. Channels (WB_MAX_CHANNELS), publishers (WB_MAX_SOURCES)
 * and name lengths (WB_MAX_NAME) are in wb_types.h.
 */
#define WB_MAX_QUEUES 1024 /* queues (channel + queue name) overall */
/* Rolling-window buckets overall: (source, queue) pairs x buckets per window. With the default
 * 30 min window of 10 s buckets (180 per window) that is 2,912 pairs. */
#define WB_MAX_BUCKETS (512 * 1024)
#define WB_MAX_WAITING_PER_SOURCE 5000    /* waiting contacts of one publisher */
#define WB_MAX_IN_SERVICE_PER_SOURCE 5000 /* contacts in service of one publisher */
#define WB_MAX_CONTACTS 50000             /* waiting + in service, all publishers */
#define WB_MAX_AGENTS_PER_SOURCE 1000
#define WB_MAX_AGENTS 10000 /* all publishers */
/* Contact events per publisher remembered for duplicate detection. */
#define WB_SEEN_CAP 16384

wb_model *wb_model_new(const wb_config *cfg);
void wb_model_free(wb_model *m);

/*
 * Replaces the configuration (after a reload). Counters already kept stay; thresholds and
 * formulas apply from now on. Channels keep their indexes; new configured channels are added.
 */
int wb_model_set_config(wb_model *m, const wb_config *cfg);
const wb_config *wb_model_config(const wb_model *m);

/*
 * Keys the model's hash tables (contact ids, agents, queues come from the network): with a
 * secret random key nobody can send ids that collide. Call it right after wb_model_new(),
 * before the first event; returns WB_ERR_INVAL once the model holds data. Without it the key
 * is zero, which keeps tests deterministic.
 */
int wb_model_set_hash_key(wb_model *m, uint64_t k0, uint64_t k1);

/* Waiting contacts dropped because they waited longer than the configured expiry. */
uint64_t wb_model_expired(const wb_model *m);
/* Answers counted whose contact could not be kept in service (the in-service limits were
 * reached): their handle time is not followed. */
uint64_t wb_model_untracked(const wb_model *m);

/*
 * Snapshots whose "today" was left out because it starts at a time that is not a local
 * midnight in this model's time zone: the publisher counts its day in another zone, so its
 * counts cover other hours than ours and can be neither taken nor merged. The rest of such a
 * snapshot (contacts, agents, rates, rolling buckets: all stamped in absolute time) is
 * applied. theirs and ours are the last such snapshot's day start and this model's then.
 */
typedef struct wb_day_mismatch {
    uint64_t n;
    wb_ms theirs, ours;
} wb_day_mismatch;
void wb_model_day_mismatch(const wb_model *m, wb_day_mismatch *out);

/* Results of wb_model_apply(). */
enum {
    WB_APPLIED = 0,   /* the event changed state */
    WB_DUPLICATE = 1, /* seen before (same id and type): applied once, ignored now */
    WB_IGNORED = 2,   /* valid but nothing to do (unknown type, heartbeat, too old) */
};

/*
 * Applies one decoded event. rx_now is the receiver's clock when the message arrived (used
 * for staleness only: a snapshot with silent_ms counts its source as heard that long before
 * rx_now); event times come from ev->ts. Sequence numbers are checked here: a gap
 * marks ev->src resyncing until its next snapshot. Returns WB_APPLIED, WB_DUPLICATE,
 * WB_IGNORED or a negative code: WB_ERR_FUTURE (ts too far ahead), WB_ERR_PAST (received too
 * long after ts),
 * WB_ERR_LIMIT (a new channel, queue or source past its limit), WB_ERR_INVAL (an event built
 * by hand without what the decoder guarantees), WB_ERR_NOMEM.
 */
int wb_model_apply(wb_model *m, const wb_event *ev, wb_ms rx_now);

/*
 * Advances time: rolls "today" over at local midnight, ages rolling buckets, samples sparklines,
 * and drops waiting contacts queued longer ago than the configuration's waiting expiry (their
 * answer or abandon was lost).
 */
void wb_model_tick(wb_model *m, wb_ms now);

/*
 * Fills *out with the state of source src (at time now) for a snapshot message, with the
 * day before of src's channels (all sources' together, as the forecast reads it). The strings
 * point into the model and stay valid until the next call that changes it; free the arrays
 * with wb_snapshot_fini().
 */
int wb_model_snapshot(const wb_model *m, const char *src, wb_ms now, wb_snapshot *out);

/*
 * How far ahead of the newest tick an event may be stamped before it is refused
 * (WB_ERR_FUTURE); default WB_MAX_FUTURE_MS, 0 = no limit. A model that has never ticked has
 * no clock and checks nothing: a receiver on the wall clock ticks once before the first
 * event can arrive. On event time (wb_model_set_event_clock()) the limit does not apply:
 * there, "ahead" only means "newer". The two settings are independent of each other.
 */
void wb_model_set_max_future(wb_model *m, wb_ms ms);

/*
 * How long after its own time a contact's or an agent's event may be received (rx_now)
 * before it is refused (WB_ERR_PAST); default WB_MAX_PAST_MS, 0 = no limit. Such events are
 * sent as they happen, so one received hours after its time comes from a publisher whose
 * clock is wrong (behind, in another zone, or counting seconds): taken, its contacts would
 * be dropped at once as expired and its outcomes counted hours back. Not checked on event
 * time, nor for snapshots, heartbeats and KPI figures, which say what holds as of their
 * time. A hub rebuilding from its journal gives each line the time it was received then.
 */
void wb_model_set_max_past(wb_model *m, wb_ms ms);

/*
 * Event time as the clock (--clock event): the first event sets "today" and any later day in
 * the events rolls it over, whatever the receiver's own date; ticks before the first event
 * change nothing; the future limit does not apply (on event time "ahead" only means "newer"),
 * whatever wb_model_set_max_future() set, which stays for the wall clock.
 */
void wb_model_set_event_clock(wb_model *m, bool on);
/* Whether the model runs on event time (wb_model_set_event_clock()). */
bool wb_model_event_clock(const wb_model *m);

/* Newest event ts seen (for --clock event), or 0 before any event. */
wb_ms wb_model_newest_ts(const wb_model *m);

/* ---- sources ---- */
typedef struct wb_source_info {
    const char *src;
    bool resyncing; /* a gap was seen since the last snapshot */
    uint64_t last_seq;
    uint64_t gaps;   /* gaps detected */
    uint64_t missed; /* messages lost in those gaps (sum of seq jumps) */
    wb_ms last_rx;   /* receiver clock of the last message */
} wb_source_info;

size_t wb_model_source_count(const wb_model *m);
void wb_model_source_info(const wb_model *m, size_t i, wb_source_info *out);

/* True if nothing arrived from any source for stale_after_ms before now (or nothing ever). */
bool wb_model_stale(const wb_model *m, wb_ms now);
/* Receiver clock of the last message from any source, or -1 if none. */
wb_ms wb_model_last_rx(const wb_model *m);
/*
 * True if channel chi has sources and every one of them (the publishers of its contacts and
 * queues; of agents who serve it only when no one ever sent it a contact) has been silent for
 * stale_after_ms before now; its last word then in *heard (receiver clock). One publisher of
 * several that dies leaves the board live on the others' messages, but what this channel
 * shows is as old as that.
 */
bool wb_model_channel_silent(const wb_model *m, size_t chi, wb_ms now, wb_ms *heard);

/*
 * The contacts waiting now whose publisher has been silent for stale_after_ms, per channel
 * (out[i] for channel i of wb_model_channel_count()), and when the longest silent of those
 * publishers was last heard (heard[i], -1 where none): of a channel fed by two publishers one
 * of which died, the callers it said were waiting are still counted, their fate unknown.
 * Either array may be NULL.
 */
void wb_model_waiting_silent(const wb_model *m, wb_ms now, uint32_t *out, wb_ms *heard);

/* ---- metrics ---- */

/* Derived numbers of one window; NAN where undefined (no contacts yet). */
typedef struct wb_window {
    wb_counts c;
    double sl;          /* fraction 0..1 by the channel's formula */
    double asa_s;       /* wait_sum / answered */
    double aht_s;       /* handle_sum / completed */
    double abandon_pct; /* (abandoned - short) / (answered + abandoned - short) * 100 */
} wb_window;

void wb_window_compute(wb_window *w, const wb_counts *c, wb_sl_formula f);

/* The contacts a service level counts by formula f: the denominator of wb_window_compute()'s. */
double wb_sl_count(const wb_counts *c, wb_sl_formula f);
/* Those of them that met the goal by formula f: the numerator of wb_window_compute()'s. */
double wb_sl_met(const wb_counts *c, wb_sl_formula f);

#define WB_SPARK_N 180 /* samples of the waiting count: 30 min at 10 s */

typedef enum wb_shape_from {
    WB_SHAPE_NONE,
    WB_SHAPE_DAY_BEFORE,
    WB_SHAPE_CONFIGURED,
    WB_SHAPE_PARTIAL
} wb_shape_from;

/*
 * Whether the day before was watched whole (docs/metrics.md section 6.5): a silence longer
 * than WB_WATCH_GAP_MS (nothing heard, not even a heartbeat: the feed down, or the model not
 * running) hides arrivals, so the day counts as watched from the end of its last such silence;
 * it is whole when that is its start, or WB_WATCH_LEAD_MS or more before the start of the
 * channel's first interval with an arrival (the model was listening while the channel was
 * still closed).
 */
#define WB_WATCH_GAP_MS (5 * 60 * 1000LL)
#define WB_WATCH_LEAD_MS (60 * 60 * 1000LL)

/*
 * Since when today has been watched as of now: the end of its latest silence longer than
 * WB_WATCH_GAP_MS, the one up to now included; today's start when there was none (-1 before
 * the model has a day). now is on the model's clock (the ticks').
 */
wb_ms wb_model_watched_from(const wb_model *m, wb_ms now);

/*
 * The same for channel ch: the latest of the model's and of every source that counted an
 * outcome of ch today (a publisher silent for longer than WB_WATCH_GAP_MS while another was
 * heard took its share of the channel's arrivals with it). -1 before the model has a day.
 */
wb_ms wb_model_channel_watched_from(const wb_model *m, size_t ch, wb_ms now);

/*
 * "none", "day_before", "configured" or "day_before_partial" (as the stats JSON writes it).
 * The last is no shape: the day before was not watched whole and nothing else can shape.
 */
const char *wb_shape_from_name(wb_shape_from s);

typedef struct wb_channel_metrics {
    const char *name;
    const wb_channel_cfg *cfg; /* the model's copy */
    bool configured;
    bool had_data;  /* any event ever touched this channel */
    bool resyncing; /* a source that feeds this channel is resyncing */
    uint32_t waiting;
    wb_ms oldest_wait_ms; /* -1 when nobody waits */
    wb_window today, rolling;
    /* Agents able to serve this channel, by state: an agent counts on every channel it serves. */
    uint32_t agents[WB_AGENT_NSTATES];
    /* Agents busy with, or wrapping up, a contact of this channel: each agent on one channel. */
    uint32_t busy_here, wrapup_here;
    /*
     * Agents serving it who are busy or wrapping up (counted so in agents[]) with a pause or a
     * logout pending after the current contact ("next"): they take no further contact.
     */
    uint32_t pausing;
    /*
     * The forecast's N: available agents serving it + busy_here + wrapup_here, less those of
     * busy_here and wrapup_here with a pause or a logout pending.
     */
    uint32_t staffed;
    double occupancy; /* (busy + wrapup) / (available + busy + wrapup); NAN with no agents */
    /*
     * Valid only for real-time channels with data. Its Erlang C figures (agents = staffed,
     * required, p_wait, asa_s, occupancy) are the channel's own; its projection (sl, ewt_s,
     * breach_in_min, sl_low) runs on the queue the channel shares with the other real-time
     * channels its agents serve (docs/metrics.md section 6.3).
     */
    wb_forecast forecast;
    /*
     * The arrival-surprise statistic of the channel's own arrivals (wb_surprise_at()), for the
     * forecast rule (docs/metrics.md section 7); NAN when not a real-time channel with data.
     */
    double surprise;
    /*
     * Where the forecast's time-of-day shape comes from (docs/metrics.md section 6.5): the day
     * before, the configured arrival_profile, or none (and none for a channel that is not real
     * time); WB_SHAPE_PARTIAL is none because the day before was not watched whole.
     */
    wb_shape_from shape;
    uint16_t spark[WB_SPARK_N]; /* oldest first; the last one is now */
    /*
     * How many of spark's oldest and newest slots were never sampled (before this model's
     * first tick of the channel, as on a screen that joined late, or after its last tick).
     * They hold 0, but they are no data, not zero waiting: the screen draws nothing there.
     * spark_lead is WB_SPARK_N (and spark_tail 0) when no slot was sampled.
     */
    uint16_t spark_lead, spark_tail;
} wb_channel_metrics;

typedef struct wb_queue_metrics {
    const char *name;
    int channel; /* channel index */
    /* The queue's settings (T, target, formula, thresholds): its channel's with its own
     * [queue.NAME] on top; valid until the model changes. */
    const wb_channel_cfg *cfg;
    uint32_t waiting;
    wb_ms oldest_wait_ms;
    wb_window today, rolling;
} wb_queue_metrics;

size_t wb_model_channel_count(const wb_model *m);
/* The index of a channel, or WB_NOT_FOUND. */
int wb_model_channel_index(const wb_model *m, const char *name);
void wb_model_channel_metrics(const wb_model *m, size_t ch, wb_ms now, wb_channel_metrics *out);

size_t wb_model_queue_count(const wb_model *m);
void wb_model_queue_metrics(const wb_model *m, size_t q, wb_ms now, wb_queue_metrics *out);

/*
 * ---- the day by interval ----
 * Today's outcomes per interval of the configured width (interval_min, default 15): interval i
 * of the day covers [day_start + i * width, +width), the day starting at local midnight, so a
 * 23-hour day has 92 intervals of 15 minutes and a 25-hour day 100. An outcome counts in the
 * interval that contains its time (one exactly on a boundary in the one starting there),
 * completions by their own time (handle sums). Counters are kept per publisher and queue,
 * allocated with the first outcome of the day and reset when the day changes; at most
 * WB_MAX_INTERVAL_ROWS counters overall, past which outcomes still count everywhere else and
 * are counted as lost for the intervals (wb_model_interval_lost()).
 */
#define WB_MAX_INTERVAL_ROWS (512 * 1024)

/* Intervals in today (0 before the model has a day); *day_start and *width when not NULL. */
size_t wb_model_interval_count(const wb_model *m, wb_ms *day_start, wb_ms *width);
/* Channel ch's (or queue q's) counters per interval, summed over publishers, into out[0..n):
 * zeroed first; n at most wb_model_interval_count(). */
void wb_model_channel_intervals(const wb_model *m, size_t ch, wb_counts *out, size_t n);
void wb_model_queue_intervals(const wb_model *m, size_t q, wb_counts *out, size_t n);
/* Outcomes left out of the intervals because the interval memory limit was reached. */
uint64_t wb_model_interval_lost(const wb_model *m);
/*
 * Channel ch's day before, as the forecast's time-of-day shape reads it: its arrivals
 * (answered and abandoned) per second in each interval of the day before today, kept when the
 * day rolled over from it, or adopted from a snapshot's day_before when the model had none.
 * Returns the number of intervals and points *rates at them (owned by the model, valid until
 * it changes); 0 when there is no day before (the model started today and was told none, a day
 * was skipped, or ch is out of range). docs/metrics.md section 6.5.
 */
size_t wb_model_channel_day_before(const wb_model *m, size_t ch, const double **rates);
/* Whether channel ch's day before (when it has one) was watched whole: only then it shapes. */
bool wb_model_channel_day_before_whole(const wb_model *m, size_t ch);

/*
 * Channel ch's configured arrival profile (its arrival_profile) on today's intervals: out[i]
 * the arrivals per second it expects over interval i, the steps averaged over the local
 * clock's minutes the interval covers (on a daylight-saving day too, so that a step at 10:00
 * falls at 10:00 on the clock). The forecast uses it on a day without a day before. Returns
 * the intervals written, 0 when the channel has no profile, there is no day yet or today has
 * more than cap intervals.
 */
size_t wb_model_channel_configured_shape(const wb_model *m, size_t ch, double *out, size_t cap);

/* Agents, for the agent page. Pointers valid until the model changes. */
typedef struct wb_agent_info {
    const char *agent, *name, *team, *reason, *src;
    wb_agent_state state;
    bool has_next;       /* busy or wrap-up with next (a pause or offline) after the contact */
    wb_agent_state next; /* WB_AGENT_PAUSED or WB_AGENT_OFFLINE when has_next */
    wb_ms since;
    wb_ms heard;       /* receiver clock of its publisher's last message, 0 or less: not known */
    wb_ms heard_t;     /* the same on the model's clock (event time under --clock event) */
    uint32_t channels; /* bit i = channel index i */
    int work_ch;       /* channel of the contact it is busy with or wrapping up; -1 none */
} wb_agent_info;

size_t wb_model_agent_count(const wb_model *m);
void wb_model_agent_info(const wb_model *m, size_t i, wb_agent_info *out);

/* Agents by state counting each agent once (per source), whatever channels it serves. */
void wb_model_agent_totals(const wb_model *m, uint32_t out[WB_AGENT_NSTATES]);

#endif
