/*
 * wb_board.h - the core pipeline in one object: decode -> model -> metrics -> alarms.
 *
 * A wb_board owns a wb_model, the alarm state of every channel and of every queue (each on
 * its own settings: the channel's, or its [queue.NAME] section's) and the counters of refused
 * messages by reason. Transport feeds it raw messages with wb_board_ingest(); the view and the
 * headless stats read a wb_board_view filled by wb_board_view_fill(). Nothing here reads a
 * clock: every call that needs time takes it.
 *
 * Ownership: wb_board_new() copies cfg. wb_board_view_fill() writes into a caller-owned view
 * (heap-allocate it: it is large); its strings point into the board and are valid until the
 * board changes.
 */
#ifndef WB_BOARD_H
#define WB_BOARD_H

#include "wb_alarm.h"
#include "wb_model.h"

typedef struct wb_board wb_board;

wb_board *wb_board_new(const wb_config *cfg);
void wb_board_free(wb_board *b);

/* Swaps in a new configuration (already validated). */
int wb_board_set_config(wb_board *b, const wb_config *cfg);
const wb_config *wb_board_config(const wb_board *b);

/* The model, to change (wb_model_tick, settings); readers use wb_board_model_const(). */
wb_model *wb_board_model(wb_board *b);
const wb_model *wb_board_model_const(const wb_board *b);

/*
 * Decodes and applies one message. Returns what wb_model_apply() returns, or the negative
 * refusal code (the message changed nothing and was counted under that reason).
 */
int wb_board_ingest(wb_board *b, const char *buf, size_t len, wb_ms rx_now);

/* Applies an already decoded event (the in-process simulator uses this). */
int wb_board_apply(wb_board *b, const wb_event *ev, wb_ms rx_now);

/* Counts a message refused before decoding (e.g. the transport saw it truncated). */
void wb_board_count_refusal(wb_board *b, int code);

/* Ticks the model and re-evaluates alarms at time now. Call at least once a second. */
void wb_board_tick(wb_board *b, wb_ms now);

/* Acknowledges every alarm that is active now. */
void wb_board_ack(wb_board *b);

typedef struct wb_board_counters {
    uint64_t received; /* messages handed to ingest */
    uint64_t applied;
    uint64_t duplicates;
    uint64_t ignored;
    uint64_t refused;                     /* sum of by_reason */
    uint64_t by_reason[WB_REFUSAL_COUNT]; /* index: wb_refusal_index() */
} wb_board_counters;

void wb_board_counters_get(const wb_board *b, wb_board_counters *out);

#define WB_MAX_HINTS 8
#define WB_MAX_QUEUES_VIEW 64

typedef struct wb_channel_view {
    wb_channel_metrics m;
    wb_level level;
    wb_rule worst; /* rule behind level */
    /*
     * The level of each rule, from the same evaluation as level: the screen colours each number
     * by its rule's level, so a number is never redder than its tile says.
     */
    wb_level rule_level[WB_RULE_COUNT];
    bool flashing; /* alarm not acknowledged */
    /*
     * Every source of this channel went quiet while others still talk (the board is not
     * stale): its figures and level are as old as silent_since, and not shown as current.
     */
    bool silent;
    wb_ms silent_since; /* the receiver's clock when the channel was last heard from */
    /*
     * Of a channel not silent as a whole, the contacts waiting whose own publisher went
     * quiet (wb_model_waiting_silent()): counted in waiting, their fate unknown since
     * waiting_silent_since.
     */
    uint32_t waiting_silent;
    wb_ms waiting_silent_since;
} wb_channel_view;

/* A queue's level, as a channel's: per rule and overall, from one evaluation. */
typedef struct wb_queue_alarm {
    wb_level level;
    wb_rule worst;
    wb_level rule_level[WB_RULE_COUNT];
    bool flashing;
} wb_queue_alarm;
/* The screen shows at most this many KPI figures (the first to arrive); stats say how many
 * more there are. */
#define WB_MAX_KPIS_VIEW 64

/* One KPI figure as the screen shows it: the figure, its configuration and its judgement. */
typedef struct wb_kpi_view {
    wb_kpi_info k;
    const wb_kpi_cfg *cfg; /* its [kpi.ID] section, or NULL */
    wb_kpi_judge j;
    /*
     * Measured before today's local midnight (a publisher that stopped yesterday): not
     * today's figure, so its level is not shown or counted, whatever j says.
     */
    bool before_today;
} wb_kpi_view;

typedef struct wb_board_view {
    wb_ms now;
    /*
     * now is event time (--clock event): the newest event's time, which stops with the data,
     * so the last data's time on the view's clock is now itself, whatever the data's age on
     * the receiver's clock.
     */
    bool event_clock;
    bool stale;
    bool ever_data; /* at least one message ever arrived */
    wb_ms last_rx;  /* -1 if never */
    uint64_t gaps;  /* summed over sources */
    uint64_t missed;
    size_t n_resyncing;
    /*
     * Since when today has been heard without a long silence (wb_model_watched_from): what this
     * screen saw of today's KPI values starts there (snapshots carry no KPI values).
     */
    wb_ms watched_from;
    wb_ms day_start; /* local midnight at or before now, in the configuration's zone */
    wb_board_counters counters;
    uint32_t agents[WB_AGENT_NSTATES]; /* site-wide, each agent once */
    /*
     * The site's service level today: the contacts that met their channel's goal over the
     * contacts their channels' formulas count, summed over the channels with data (so the
     * channel tiles' figures, each weighted by what it counts, add up to it). NAN when no
     * channel counts any contact yet.
     */
    double site_sl_today;
    double site_sl_met, site_sl_counted;
    size_t n_channels;
    wb_channel_view ch[WB_MAX_CHANNELS];
    size_t n_queues; /* at most WB_MAX_QUEUES_VIEW */
    wb_queue_metrics q[WB_MAX_QUEUES_VIEW];
    /* The alarm of each queue in q, on the queue's own thresholds (forecast rule excepted). */
    wb_queue_alarm qa[WB_MAX_QUEUES_VIEW];
    size_t n_hints;
    wb_hint hints[WB_MAX_HINTS];
    size_t n_kpis; /* at most WB_MAX_KPIS_VIEW */
    wb_kpi_view kpi[WB_MAX_KPIS_VIEW];
} wb_board_view;

/*
 * Fills *v with everything the screen and the stats show at time now; reads b, changes
 * nothing. Staleness is judged at rx_now, the receiver's clock (the clock given to ingest),
 * which differs from now when the screen runs on event time (--clock event); a caller with
 * one clock passes it twice.
 */
void wb_board_view_fill(const wb_board *b, wb_ms now, wb_ms rx_now, wb_board_view *v);

#endif
