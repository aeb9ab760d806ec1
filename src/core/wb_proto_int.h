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

#endif
