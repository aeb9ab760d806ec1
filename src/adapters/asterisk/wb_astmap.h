/*
 * wb_astmap.h - turns queue_log lines (and AMI member updates) into protocol v1 events.
 *
 * The mapper keeps what the log itself does not repeat: the calls in the queues now (one visit
 * per ENTERQUEUE: the same uniqueid re-enters queues, so a contact id is
 * "callid/queue/epoch of ENTERQUEUE"), and per agent its queues (paused or not in each),
 * calls in progress and wrap-up. It has no clock: time comes from the lines, and from
 * wb_astmap_tick() for wrap-ups that end while the log is quiet. It does no I/O: events go to
 * the callbacks in wb_astmap_out, without src or seq (the publisher numbers them).
 *
 * Ownership: wb_astmap_new() keeps a pointer to the configuration, which must outlive the
 * mapper. The strings of an event passed to a callback are valid during the call only.
 */
#ifndef WB_ASTMAP_H
#define WB_ASTMAP_H

#include "wb_astcfg.h"
#include "wb_proto.h"
#include "wb_qlog.h"

typedef struct wb_astmap wb_astmap;

typedef struct wb_astmap_out {
    /* contact.queued/answered/abandoned/completed and agent.state. */
    void (*event)(void *ud, const wb_event *ev);
    /* A contact left its queue with no outcome the wallboard counts (EXITWITHKEY as "left"). */
    void (*left)(void *ud, const char *id, wb_ms ts);
    /* Asterisk restarted (QUEUESTART): every call in progress is gone. */
    void (*restart)(void *ud, wb_ms ts);
    void *ud;
} wb_astmap_out;

typedef struct wb_astmap_stats {
    uint64_t lines;                     /* lines given to wb_astmap_feed */
    uint64_t by_verb[WB_QV_COUNT];      /* accepted lines per verb */
    uint64_t refused[WB_QLOG_NREASONS]; /* refused lines per reason: wb_qlog_reason_index() */
    uint64_t events;                    /* events produced */
    uint64_t restarts;                  /* QUEUESTART lines */
    uint64_t recoded;                   /* lines with bytes that are not UTF-8, read as Latin-1 */
    uint64_t pruned; /* calls dropped after waiting 6 h or in service 24 h (a lost line) */
} wb_astmap_stats;

wb_astmap *wb_astmap_new(const wb_astcfg *cfg);
void wb_astmap_free(wb_astmap *m);

/*
 * Parses and maps one raw line (with or without its newline). Returns WB_QLOG_OK, or the
 * reason it was refused, a negative code (counted in the stats; nothing changed then).
 */
wb_qlog_reason wb_astmap_feed(wb_astmap *m, const char *line, size_t len, const wb_astmap_out *out);

/* Maps one parsed line. Same results as wb_astmap_feed. */
wb_qlog_reason wb_astmap_line(wb_astmap *m, const wb_qlog_line *l, const wb_astmap_out *out);

/*
 * A contact.queued again, at its own time, for each call still waiting that entered before
 * `before`: a day rebuilt from the log leaves out the contacts of the days before it, but a
 * caller who has waited since before midnight waits today.
 */
void wb_astmap_waiting_before(wb_astmap *m, wb_ms before, const wb_astmap_out *out);

/* Ends the wrap-ups due at or before now, each stamped with its own end time. */
void wb_astmap_tick(wb_astmap *m, wb_ms now, const wb_astmap_out *out);

/*
 * A member's state as AMI reports it (QueueMemberStatus, QueueMember, ...). Fields that the
 * message did not carry are NULL or -1.
 */
typedef struct wb_ast_member {
    const char *queue;     /* NULL: not about one queue */
    const char *member;    /* MemberName */
    const char *interface; /* Interface (Location in Asterisk 11 and older) */
    int status;            /* device state 0-8, -1 unknown */
    int paused;            /* 0/1, -1 unknown */
    const char *reason;    /* PausedReason */
    int removed;           /* 1: no longer a member of queue */
    int64_t last_call;     /* epoch s of the end of the last call, -1 unknown */
    int64_t wrapup_s;      /* Wrapuptime, -1 unknown */
    int ringing;           /* 1: a queue call rings the member (AgentCalled), 0: it stopped */
} wb_ast_member;

void wb_ast_member_init(wb_ast_member *mb);
void wb_astmap_member(wb_astmap *m, wb_ms ts, const wb_ast_member *mb, const wb_astmap_out *out);

void wb_astmap_stats_get(const wb_astmap *m, wb_astmap_stats *out);
/* Calls in the queues now (waiting or answered) and agents known, for logs and tests. */
size_t wb_astmap_calls(const wb_astmap *m);
size_t wb_astmap_agents(const wb_astmap *m);

#endif
