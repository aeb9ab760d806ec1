/*
 * wb_proto_int.h - what the protocol's decoder (wb_proto.c, with its parts in
 * wb_proto_snapshot.c and wb_proto_daybefore.c) and encoder (wb_proto_encode.c) share: the
 * integer limit, the tables of names and the decoders of the parts. Internal to the core; owns
 * nothing.
 */
#ifndef WB_PROTO_INT_H
#define WB_PROTO_INT_H

#include "wb_proto.h"

/* Integers travel as JSON numbers, so only those a double holds exactly are accepted. */
#define WB_PROTO_MAX_EXACT_INT 9007199254740992LL /* 2^53 */

/* The wire names of the event types, indexed by wb_event_type, wb_proto_n_types of them. */
extern const char *const wb_proto_type_names[];
extern const size_t wb_proto_n_types;

/* Field names of wb_counts, in struct order; also the order of a bucket's array after start. */
enum {
    WB_CN_ANS,
    WB_CN_ABN,
    WB_CN_SHORT,
    WB_CN_ANS_SL,
    WB_CN_ABN_SL,
    WB_CN_DONE,
    WB_CN_WAIT,
    WB_CN_HANDLE,
    WB_CN_N
};
extern const char *const wb_proto_count_names[WB_CN_N];

/*
 * Whether year-month-mday is a date of the proleptic Gregorian calendar with a four-digit
 * year (0..9999): what a day before's "date" may name (wb_proto_daybefore.c).
 */
bool wb_proto_date_ok(int year, int month, int mday);

/*
 * The decoders of the message types that live outside wb_proto.c; each reads the JSON
 * reader's tree (a node is a const struct wb_jnode *, wb_json_int.h) through the accessors of
 * wb_proto_dec_int.h and returns WB_OK or a refusal code. On failure the snapshot may hold the
 * arrays allocated so far, which wb_snapshot_fini() frees (wb_proto_snapshot.c).
 */
struct wb_jnode;

/* A snapshot's "waiting", "in_service", "agents" and "queues" (each may be absent) into *s. */
int wb_proto_dec_snapshot(const struct wb_jnode *waiting, const struct wb_jnode *in_service,
                          const struct wb_jnode *agents, const struct wb_jnode *queues,
                          wb_snapshot *s);

/* A snapshot's optional "kpis" (a member of root); a KPI without its own ts gets ts. */
int wb_proto_dec_snap_kpis(const struct wb_jnode *root, wb_ms ts, wb_snapshot *s);

/* A kpi message: its members are at the top level of root; ts is the message's. */
int wb_proto_dec_kpi(const struct wb_jnode *root, wb_ms ts, wb_kpi_msg *k);

/*
 * Decodes a snapshot's optional "day_before" (a member of root) into s->day_before: refuses
 * bad types, missing members, more than WB_MAX_CHANNELS channels or WB_PROF_MAX intervals,
 * counts outside 0..2^32-1 and dates that are not YYYY-MM-DD. On failure s->day_before may
 * hold a part, which wb_snapshot_fini() frees.
 */
int wb_proto_dec_day_before(const struct wb_jnode *root, wb_snapshot *s);

#endif
