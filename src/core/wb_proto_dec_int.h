/*
 * wb_proto_dec_int.h - the decoder's field accessors: the small layer through which every
 * dec_* function reads the JSON reader's tree (wb_proto.c for events, wb_proto_snapshot.c for
 * snapshots and KPIs, wb_proto_daybefore.c for a snapshot's day before). Internal to the core;
 * owns nothing: the strings they hand out point into the decoded message's copy.
 *
 * They are static inline, not functions of one file called from the others, because they run
 * for every member of every message: as one file's statics the compiler inlined them into the
 * decoders, and each decode file keeps that now that the decoders live in three files. Only
 * the decode files include this header; the cJSON decoder kept for the differential test has
 * accessors of the same names of its own.
 */
#ifndef WB_PROTO_DEC_INT_H
#define WB_PROTO_DEC_INT_H

#include "wb_json_int.h"
#include "wb_proto_int.h"

#include <stdint.h>

/*
 * The accessor layer that every dec_* function reads through. A node is a const wb_jnode *
 * (wb_json_int.h) with cJSON's field names: ->child and ->next walk an array or object, ->string
 * is a member's name, and jtype() gives WB_J_NULL ... WB_J_OBJECT. A dec_* function written
 * against cJSON reads the same here with the node type and the type constants renamed.
 */
static inline int jtype(const wb_jnode *it)
{
    return it->type;
}

/* Absent and JSON null are the same for every field. */
static inline bool absent(const wb_jnode *it)
{
    return !it || jtype(it) == WB_J_NULL;
}

/* strcmp(a, b) == 0 for the short names of the protocol, without a call. */
static inline bool same_name(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* The most names a collect() table may have (a bit of a 64-bit mask each). */
#define COLLECT_MAX 64

/*
 * Collects the members of obj named in names[0..n) (distinct names, n <= COLLECT_MAX) into
 * out[] (NULL when absent). Unknown members are ignored; of duplicate names the first wins (as
 * cJSON_GetObjectItem did). Publishers write the members in the order of the names tables (the
 * encoder does), so the search for each member starts after the name the previous one matched.
 * A mask records which names were found and only the others are set to NULL at the end:
 * clearing out[] first compiles to a string store (rep stos on x86) that cost more than the
 * whole search on a small message.
 */
static inline void collect(const wb_jnode *obj, const char *const *names, size_t n,
                           const wb_jnode **out)
{
    uint64_t found = 0;
    size_t from = 0;

    if (n > COLLECT_MAX)
        n = COLLECT_MAX;
    for (const wb_jnode *it = obj->child; it; it = it->next) {
        const char *k = it->string;
        if (!k)
            continue;
        for (size_t j = 0, i = from; j < n; j++, i = i + 1 < n ? i + 1 : 0) {
            if (names[i][0] == k[0] && same_name(names[i], k)) {
                if (!(found & (UINT64_C(1) << i))) {
                    out[i] = it;
                    found |= UINT64_C(1) << i;
                }
                from = i + 1 < n ? i + 1 : 0;
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!(found & (UINT64_C(1) << i)))
            out[i] = NULL;
}

enum { STR_OPT = 0, STR_REQ = 1, STR_NONEMPTY = 2 };

/* A string field; flags STR_REQ (refuse when absent) and STR_NONEMPTY (refuse ""). */
static inline int get_str(const wb_jnode *it, int flags, const char **out)
{
    *out = NULL;
    if (absent(it))
        return (flags & STR_REQ) ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != WB_J_STRING)
        return WB_ERR_TYPE;
    const char *s = it->valuestring;
    size_t n = it->len;
    if (n > WB_MAX_STR_BYTES)
        return WB_ERR_STR_LONG;
    /*
     * No UTF-8 check here: the whole message passed one, a string's raw bytes lie between two
     * ASCII quotes (so its sequences are whole), and scan_escapes() (wb_proto.c) admits only the \u
     * escapes that decode to valid UTF-8 (no NUL, no lone surrogate). A string that is not UTF-8 is
     * refused as WB_ERR_UTF8 all the same, by the check on the message.
     */
    if ((flags & STR_NONEMPTY) && n == 0)
        return WB_ERR_VALUE;
    *out = s;
    return WB_OK;
}

/*
 * An integer field in [lo, hi] (hi <= 2^53). A number with a fraction is a wrong type (the
 * field's type is integer); an integer outside the range, however written, is a bad value.
 */
static inline int get_int(const wb_jnode *it, bool required, int64_t lo, int64_t hi, bool *present,
                          int64_t *out)
{
    if (present)
        *present = false;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != WB_J_NUMBER)
        return WB_ERR_TYPE;
    double d = it->valuedouble;
    if (!(d >= -(double)WB_PROTO_MAX_EXACT_INT && d <= (double)WB_PROTO_MAX_EXACT_INT))
        return WB_ERR_VALUE;
    int64_t x = (int64_t)d;
    if ((double)x != d)
        return WB_ERR_TYPE;
    if (x < lo || x > hi)
        return WB_ERR_VALUE;
    *out = x;
    if (present)
        *present = true;
    return WB_OK;
}

/* A boolean field: true or false; absent (or null) reads as false. */
static inline int get_bool(const wb_jnode *it, bool *out)
{
    *out = false;
    if (absent(it))
        return WB_OK;
    if (jtype(it) != WB_J_TRUE && jtype(it) != WB_J_FALSE)
        return WB_ERR_TYPE;
    *out = jtype(it) == WB_J_TRUE;
    return WB_OK;
}

/*
 * A number field that may have a fraction: finite and within [lo, hi]. The reader reads "1e999"
 * as infinity (as cJSON did), which is refused here like any value out of range; written as
 * !(d >= lo ...) so that a NaN, were the reader ever to produce one, is refused too.
 */
static inline int get_double(const wb_jnode *it, bool required, double lo, double hi, bool *present,
                             double *out)
{
    if (present)
        *present = false;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != WB_J_NUMBER)
        return WB_ERR_TYPE;
    double d = it->valuedouble;
    if (!(d >= lo && d <= hi))
        return WB_ERR_VALUE;
    *out = d;
    if (present)
        *present = true;
    return WB_OK;
}

static inline int get_u32(const wb_jnode *it, uint32_t *out)
{
    int64_t x = 0;
    int rc = get_int(it, false, 0, UINT32_MAX, NULL, &x);

    *out = (uint32_t)x;
    return rc;
}

static inline int get_array(const wb_jnode *it, bool required, size_t *n)
{
    *n = 0;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != WB_J_ARRAY)
        return WB_ERR_TYPE;
    for (const wb_jnode *c = it->child; c; c = c->next)
        (*n)++;
    return WB_OK;
}

/* The agent's channel set: an array of non-empty strings, at most WB_MAX_CHANNELS. */
static inline int get_channels(const wb_jnode *it, const char **out, size_t *n_out)
{
    size_t n;
    int rc = get_array(it, true, &n);

    *n_out = 0;
    if (rc)
        return rc;
    if (n > WB_MAX_CHANNELS)
        return WB_ERR_VALUE;
    for (const wb_jnode *c = it->child; c; c = c->next) {
        if (absent(c))
            return WB_ERR_TYPE;
        if ((rc = get_str(c, STR_REQ | STR_NONEMPTY, &out[*n_out])))
            return rc;
        (*n_out)++;
    }
    return WB_OK;
}

static inline int get_state(const wb_jnode *it, wb_agent_state *out)
{
    const char *s;
    int rc = get_str(it, STR_REQ, &s);

    if (rc)
        return rc;
    /* wb_agent_state_parse() without its strcmp() calls: a snapshot has one state per agent. */
    for (int i = 0; i < WB_AGENT_NSTATES; i++) {
        const char *name = wb_agent_state_name((wb_agent_state)i);
        if (name[0] == s[0] && same_name(name, s)) {
            *out = (wb_agent_state)i;
            return WB_OK;
        }
    }
    return WB_ERR_VALUE;
}

#define REQ_ID (STR_REQ | STR_NONEMPTY)

/*
 * The optional "next" of an agent in state: the state it goes to when its current contact is
 * done. Only a busy or wrapping-up agent has a current contact, and it can only be going to a
 * pause or to log out; anything else is refused (the whole message), like an unknown state.
 */
static inline int get_next(const wb_jnode *it, wb_agent_state state, bool *has, wb_agent_state *out)
{
    const char *s;
    int rc = get_str(it, STR_OPT, &s);

    *has = false;
    if (rc || !s)
        return rc;
    int next = wb_agent_state_parse(s);
    if (next < 0 || !wb_agent_next_ok(state, (wb_agent_state)next))
        return WB_ERR_VALUE;
    *out = (wb_agent_state)next;
    *has = true;
    return WB_OK;
}

#endif
