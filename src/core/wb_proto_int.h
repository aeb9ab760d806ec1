/*
 * wb_proto_int.h - what the protocol's decoder (wb_proto.c) and encoder (wb_proto_encode.c)
 * share: the integer limit and the tables of names. Internal to the core; owns nothing.
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
 * The decoder's field accessors (wb_proto.c), for the decode code that lives in other files
 * (wb_proto_daybefore.c). A node is a const struct wb_jnode * (wb_json_int.h); each behaves
 * as its static namesake in wb_proto.c: the same refusal codes for the same faults.
 */
struct wb_jnode;
enum { WB_PROTO_STR_OPT = 0, WB_PROTO_STR_REQ = 1, WB_PROTO_STR_NONEMPTY = 2 };
void wb_proto_collect(const struct wb_jnode *obj, const char *const *names, size_t n,
                      const struct wb_jnode **out);
int wb_proto_get_str(const struct wb_jnode *it, int flags, const char **out);
int wb_proto_get_int(const struct wb_jnode *it, bool required, int64_t lo, int64_t hi,
                     bool *present, int64_t *out);
int wb_proto_get_array(const struct wb_jnode *it, bool required, size_t *n);

/*
 * Decodes a snapshot's optional "day_before" (a member of root) into s->day_before: refuses
 * bad types, missing members, more than WB_MAX_CHANNELS channels or WB_PROF_MAX intervals,
 * counts outside 0..2^32-1 and dates that are not YYYY-MM-DD. On failure s->day_before may
 * hold a part, which wb_snapshot_fini() frees.
 */
int wb_proto_dec_day_before(const struct wb_jnode *root, wb_snapshot *s);

#endif
