/*
 * wb_sim.h - the contact-center simulator engine (pure: no sockets, no clock reads).
 *
 * A wb_sim simulates an omnichannel contact center (phone, chat, email, social, webform) and
 * produces protocol v1 events in time order. It is deterministic: the same options (seed,
 * scenario, start, agents...) and the same sequence of wall times given to wb_sim_advance()
 * give the same events, byte for byte. Contact and agent events do not even depend on how the
 * wall time is sliced into calls: heartbeats and snapshots are due at wall times counted from
 * the first call, not at call boundaries.
 *
 * Two clocks are arguments: the caller's wall clock (wall_now, ms) paces the engine, and
 * simulated time runs `speed` times faster from opts.start, counted from the first
 * wb_sim_advance() call. Event ts are simulated times. Heartbeats (after heartbeat_ms of wall
 * time without any message) and snapshots (every snapshot_every_ms of wall time) are paced by
 * the wall clock, as a real publisher's would be.
 *
 * The engine keeps its own wb_board and applies every event it emits to it, so the numbers a
 * wallboard shows can be compared with what the publisher's own model computes. Snapshots are
 * built from that board with wb_model_snapshot(); the engine checks that each one encodes
 * within WB_MAX_MSG_BYTES (dropping the oldest rolling buckets if needed, and the snapshot if
 * even that does not fit) and applies the encoded message to its board, exactly as a receiver
 * would.
 *
 * Ownership: wb_sim_new() copies everything in opts (strings, config). The wb_event handed to
 * the emit callback and every string in it (ids, names, snapshot contents) are valid only
 * during the callback: encode or apply it there. wb_sim_board() returns the engine's board,
 * owned by the engine and freed by wb_sim_free(); read it (metrics, wb_board_view_fill(), a
 * wb_board_tick() at wb_sim_now() first), but do not feed it events. Its receiver clock is the
 * caller's wall clock as given to wb_sim_advance().
 */
#ifndef WB_SIM_H
#define WB_SIM_H

#include "wb_board.h"

typedef struct wb_sim wb_sim;

typedef struct wb_sim_opts {
    uint64_t seed;           /* default 1 */
    double speed;            /* simulated ms per wall ms, > 0; default 1 */
    const char *scenario;    /* see wb_sim_scenarios(); default "normal" */
    const char *src;         /* publisher id put in every message; default "sim" */
    const char *run_id;      /* prefix of contact ids ("<run_id>c17"); default "". A restarted
                                publisher needs a new one: receivers drop repeated ids. */
    wb_ms start;             /* simulated time at the first advance; required (> 0) */
    int n_agents;            /* 1..1000, default 60; arrival volumes scale with it */
    wb_ms snapshot_every_ms; /* wall ms between snapshots, default 3000; 0 = never */
    wb_ms heartbeat_ms;      /* wall ms of silence before a heartbeat, default 1000 */
    const wb_config *cfg;    /* the board's configuration; NULL = wb_sim_default_config().
                                Its tz is also the zone of the time-of-day profiles. */
} wb_sim_opts;

/* Fills *o with the defaults above (start 0: the caller must set it). */
void wb_sim_opts_default(wb_sim_opts *o);

/* Names of the scenarios, NULL-terminated: "normal", "surge", "break". */
const char *const *wb_sim_scenarios(void);

/*
 * Fills cfg with wb_config_defaults() plus the simulator's five channels (labels in English and
 * Finnish, service-level targets, phone and chat real-time). For apps without a config file.
 */
void wb_sim_default_config(wb_config *cfg);

/* Returns NULL for an unknown scenario, bad options (speed <= 0, start <= 0, n_agents out of
 * range) or no memory. */
wb_sim *wb_sim_new(const wb_sim_opts *opts);
void wb_sim_free(wb_sim *s);

/* Receives each event in order; ev and its strings are valid only during the call. */
typedef void (*wb_sim_emit_fn)(void *ud, const wb_event *ev);

/*
 * Runs the simulation up to the simulated time that matches wall_now and calls emit for every
 * message due by then, in order (seq +1 per message, ts non-decreasing). A wall_now earlier
 * than the previous one does nothing. Returns the number of messages emitted, or a negative
 * error (WB_ERR_NOMEM; the simulation stays consistent and may be advanced again).
 */
int wb_sim_advance(wb_sim *s, wb_ms wall_now, wb_sim_emit_fn emit, void *ud);

/* Simulated time reached so far (opts.start before the first advance). */
wb_ms wb_sim_now(const wb_sim *s);

/* The engine's own board (see above). */
wb_board *wb_sim_board(wb_sim *s);

typedef struct wb_sim_stats {
    uint64_t messages;               /* everything emitted (= last seq) */
    uint64_t by_type[WB_EV_KPI + 1]; /* indexed by wb_event_type */
    uint64_t offered, answered, abandoned, completed, switched; /* switched: phone -> chat */
    uint32_t waiting;                                           /* contacts waiting now */
    uint32_t in_service;        /* contacts answered and not completed now */
    uint32_t contacts_live;     /* contact records held (= waiting + in_service) */
    uint32_t contacts_cap;      /* contact records allocated (high-water mark) */
    uint64_t snapshots_trimmed; /* snapshots sent with fewer rolling buckets to fit */
    uint64_t snapshots_dropped; /* snapshots that did not fit even without buckets */
    size_t snapshot_max_bytes;  /* largest encoded snapshot */
    uint64_t board_errors;      /* events the own board refused (should stay 0) */
} wb_sim_stats;

void wb_sim_stats_get(const wb_sim *s, wb_sim_stats *out);

#endif
