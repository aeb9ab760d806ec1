/*
 * wb_proto.c - protocol v1 decode; the event's init and fini.
 *
 * Decoding copies the message into the event's private storage (ev->priv_ -> struct store,
 * from this thread's arena when it is free, wb_arena.h), reads the copy with the JSON reader of
 * wb_json.c (jsmn and a checking pass, which decode the strings in place) and points the
 * wb_event's strings into it until wb_event_fini(). The per-type dec_* functions read the tree
 * through a small accessor layer (collect, get_str, get_int, get_u32, get_double, get_array and
 * the child/next links of wb_jnode). The encoder is in wb_proto_encode.c, UTF-8 validation in
 * wb_utf8.c.
 */
#include "wb_proto.h"

#include "wb_arena.h"
#include "wb_json_int.h"
#include "wb_proto_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The private storage of a decoded event: the copy of the message its strings point into. */
struct store {
    struct wb_arena *ar; /* NULL when this block is on the heap */
    char text[];
};

static void store_free(struct store *st)
{
    if (st->ar)
        wb_arena_release(st->ar);
    else
        free(st);
}

/* ---- raw message checks ---- */

static int hex4(const char *p, const char *e)
{
    int v = 0;

    if (e - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/*
 * Checks the escapes of a message: a "\u0000" would cut a NUL-terminated string short, a \u
 * with bad hex digits is a syntax error, and an escaped lone surrogate is not UTF-8. Refusing
 * these here, before the parse, keeps every decoded string whole and the reasons precise (the
 * string decoder of wb_json.c relies on it).
 */
static int scan_escapes(const char *buf, size_t len)
{
    const char *e = buf + len, *p = memchr(buf, '\\', len);

    while (p) {
        if (e - p < 2)
            return WB_ERR_JSON;
        if (p[1] == 'u') {
            int v = hex4(p + 2, e);
            if (v < 0)
                return WB_ERR_JSON;
            if (v == 0)
                return WB_ERR_VALUE;
            if (v >= 0xDC00 && v <= 0xDFFF)
                return WB_ERR_UTF8;
            if (v >= 0xD800 && v <= 0xDBFF) {
                int lo = (e - p >= 12 && p[6] == '\\' && p[7] == 'u') ? hex4(p + 8, e) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return WB_ERR_UTF8;
                p += 6; /* the low half is checked here, skip it */
            }
            p += 6;
        } else {
            p += 2; /* includes "\\", so an escaped backslash never starts an escape */
        }
        p = p < e ? memchr(p, '\\', (size_t)(e - p)) : NULL;
    }
    return WB_OK;
}

/* Whether c can be part of a JSON number after its first character. */
static bool in_number(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/*
 * JSON's number rules that cJSON does not keep, checked on the numbers outside strings: a
 * leading zero ("0123", which JSON forbids and cJSON accepts) is WB_ERR_JSON, a plain integer
 * beyond 2^53 WB_ERR_VALUE (wb_json_number_check()). The JSON reader makes the same checks on
 * the numbers it reads, so this pass runs only for a message the reader refused: it finds the
 * reason the decoder has always given, which for a message with several faults depends on this
 * pass coming before the parse. Strings are skipped with memchr().
 */
static int scan_numbers(const char *buf, size_t len)
{
    const char *p = buf, *e = buf + len;
    while (p < e) {
        if (*p == '"') {
            /* Strings are skipped whole. */
            const char *q = wb_json_string_end(p, e);
            if (!q)
                return WB_OK; /* unterminated: the parse refuses it */
            p = q + 1;
        } else if ((*p >= '0' && *p <= '9') || *p == '-') {
            int rc = wb_json_number_check(p, e);
            if (rc)
                return rc;
            for (p += *p == '-'; p < e && in_number(*p); p++)
                ;
        } else {
            p++;
        }
    }
    return WB_OK;
}

/* ---- field access ---- */

/*
 * The accessor layer that every dec_* function reads through. A node is a const wb_jnode *
 * (wb_json_int.h) with cJSON's field names: ->child and ->next walk an array or object, ->string
 * is a member's name, and jtype() gives WB_J_NULL ... WB_J_OBJECT. A dec_* function written
 * against cJSON reads the same here with the node type and the type constants renamed.
 */
static int jtype(const wb_jnode *it)
{
    return it->type;
}

/* Absent and JSON null are the same for every field. */
static bool absent(const wb_jnode *it)
{
    return !it || jtype(it) == WB_J_NULL;
}

/* strcmp(a, b) == 0 for the short names of the protocol, without a call. */
static bool same_name(const char *a, const char *b)
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
static void collect(const wb_jnode *obj, const char *const *names, size_t n, const wb_jnode **out)
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
static int get_str(const wb_jnode *it, int flags, const char **out)
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
     * ASCII quotes (so its sequences are whole), and scan_escapes() admits only the \u escapes
     * that decode to valid UTF-8 (no NUL, no lone surrogate). A string that is not UTF-8 is
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
static int get_int(const wb_jnode *it, bool required, int64_t lo, int64_t hi, bool *present,
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

/*
 * A number field that may have a fraction: finite and within [lo, hi]. The reader reads "1e999"
 * as infinity (as cJSON did), which is refused here like any value out of range; written as
 * !(d >= lo ...) so that a NaN, were the reader ever to produce one, is refused too.
 */
static int get_double(const wb_jnode *it, bool required, double lo, double hi, bool *present,
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

static int get_u32(const wb_jnode *it, uint32_t *out)
{
    int64_t x = 0;
    int rc = get_int(it, false, 0, UINT32_MAX, NULL, &x);

    *out = (uint32_t)x;
    return rc;
}

static int get_array(const wb_jnode *it, bool required, size_t *n)
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
static int get_channels(const wb_jnode *it, const char **out, size_t *n_out)
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

static int get_state(const wb_jnode *it, wb_agent_state *out)
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
static int get_next(const wb_jnode *it, wb_agent_state state, bool *has, wb_agent_state *out)
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

/* The accessors for the decode code in other files (wb_proto_int.h). */
_Static_assert((int)WB_PROTO_STR_REQ == (int)STR_REQ &&
                   (int)WB_PROTO_STR_NONEMPTY == (int)STR_NONEMPTY,
               "the string flags of wb_proto_int.h are this file's");
void wb_proto_collect(const wb_jnode *obj, const char *const *names, size_t n, const wb_jnode **out)
{
    collect(obj, names, n, out);
}
int wb_proto_get_str(const wb_jnode *it, int flags, const char **out)
{
    return get_str(it, flags, out);
}
int wb_proto_get_int(const wb_jnode *it, bool required, int64_t lo, int64_t hi, bool *present,
                     int64_t *out)
{
    return get_int(it, required, lo, hi, present, out);
}
int wb_proto_get_array(const wb_jnode *it, bool required, size_t *n)
{
    return get_array(it, required, n);
}

/* ---- snapshot decode ---- */

enum { SC_ID, SC_CHANNEL, SC_QUEUE, SC_AGENT, SC_TS, SC_N };
static const char *const sc_names[SC_N] = {"id", "channel", "queue", "agent", "ts"};

/* One element of "waiting" (with_agent false) or "in_service" (true). */
static int dec_contact(const wb_jnode *o, bool with_agent, const char **id, const char **channel,
                       const char **queue, const char **agent, wb_ms *ts)
{
    const wb_jnode *f[SC_N];
    int64_t t = 0;
    int rc;

    if (jtype(o) != WB_J_OBJECT)
        return WB_ERR_TYPE;
    collect(o, sc_names, SC_N, f);
    if ((rc = get_str(f[SC_ID], REQ_ID, id)) || (rc = get_str(f[SC_CHANNEL], REQ_ID, channel)) ||
        (rc = get_str(f[SC_QUEUE], STR_NONEMPTY, queue)) ||
        (with_agent && (rc = get_str(f[SC_AGENT], STR_NONEMPTY, agent))) ||
        (rc = get_int(f[SC_TS], true, 0, WB_PROTO_MAX_EXACT_INT, NULL, &t)))
        return rc;
    if (!*queue)
        *queue = *channel;
    *ts = t;
    return WB_OK;
}

enum { SA_AGENT, SA_NAME, SA_TEAM, SA_STATE, SA_REASON, SA_SINCE, SA_CHANNELS, SA_NEXT, SA_N };
static const char *const sa_names[SA_N] = {"agent",  "name",  "team",     "state",
                                           "reason", "since", "channels", "next"};

static int dec_agent(const wb_jnode *o, wb_snap_agent *a)
{
    const wb_jnode *f[SA_N];
    int rc;

    if (jtype(o) != WB_J_OBJECT)
        return WB_ERR_TYPE;
    collect(o, sa_names, SA_N, f);
    if ((rc = get_str(f[SA_AGENT], REQ_ID, &a->agent)) ||
        (rc = get_str(f[SA_NAME], STR_OPT, &a->name)) ||
        (rc = get_str(f[SA_TEAM], STR_OPT, &a->team)) || (rc = get_state(f[SA_STATE], &a->state)) ||
        (rc = get_str(f[SA_REASON], STR_OPT, &a->reason)) ||
        (rc = get_int(f[SA_SINCE], true, 0, WB_PROTO_MAX_EXACT_INT, NULL, &a->since)) ||
        (rc = get_channels(f[SA_CHANNELS], a->channels, &a->n_channels)) ||
        (rc = get_next(f[SA_NEXT], a->state, &a->has_next, &a->next)))
        return rc;
    return WB_OK;
}

const char *const wb_proto_count_names[WB_CN_N] = {
    "answered",        "abandoned", "short_abandoned", "answered_in_sl",
    "abandoned_in_sl", "completed", "wait_sum_ms",     "handle_sum_ms"};

static int dec_counts_fields(const wb_jnode **f, wb_counts *c)
{
    int rc;

    if ((rc = get_u32(f[WB_CN_ANS], &c->answered)) || (rc = get_u32(f[WB_CN_ABN], &c->abandoned)) ||
        (rc = get_u32(f[WB_CN_SHORT], &c->short_abandoned)) ||
        (rc = get_u32(f[WB_CN_ANS_SL], &c->answered_in_sl)) ||
        (rc = get_u32(f[WB_CN_ABN_SL], &c->abandoned_in_sl)) ||
        (rc = get_u32(f[WB_CN_DONE], &c->completed)) ||
        (rc = get_int(f[WB_CN_WAIT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &c->wait_sum_ms)) ||
        (rc = get_int(f[WB_CN_HANDLE], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &c->handle_sum_ms)))
        return rc;
    return WB_OK;
}

/* A bucket is [start, answered, ..., handle_sum_ms]; later elements are for future versions. */
static int dec_bucket(const wb_jnode *a, wb_snap_bucket *b)
{
    const wb_jnode *f[WB_CN_N];
    const wb_jnode *c;
    size_t n;
    int rc;

    if (jtype(a) != WB_J_ARRAY)
        return WB_ERR_TYPE;
    if ((rc = get_array(a, true, &n)))
        return rc;
    if (n < 1 + WB_CN_N)
        return WB_ERR_MISSING;
    c = a->child;
    if (absent(c))
        return WB_ERR_MISSING;
    if ((rc = get_int(c, true, 0, WB_PROTO_MAX_EXACT_INT, NULL, &b->start)))
        return rc;
    for (int i = 0; i < WB_CN_N; i++) {
        c = c->next;
        if (absent(c))
            return WB_ERR_MISSING;
        f[i] = c;
    }
    return dec_counts_fields(f, &b->c);
}

enum { SQ_QUEUE, SQ_CHANNEL, SQ_DAY, SQ_TODAY, SQ_RATE, SQ_RATE_TS, SQ_BMS, SQ_BUCKETS, SQ_N };
static const char *const sq_names[SQ_N] = {"queue",        "channel",    "day_start", "today",
                                           "arrival_rate", "arrival_ts", "bucket_ms", "buckets"};
/* An optional member of a queue that older publishers omit: the forecast's fast rate. */
static const char *const sq_fast_name[1] = {"arrival_rate_fast"};

/* Optional members of a queue: today's intervals (wb_proto.h), absent from older publishers. */
enum { SI_MS, SI_LIST, SI_N };
static const char *const si_names[SI_N] = {"interval_ms", "intervals"};

/*
 * "interval_ms" and "intervals" together or not at all: without them the snapshot does not
 * tell (has_intervals stays false). Each interval is read like a bucket; the array is
 * allocated before it is filled and counted as it fills, so that a failure part-way leaves
 * it to wb_snapshot_fini().
 */
static int dec_intervals(const wb_jnode *o, wb_snap_queue *q)
{
    const wb_jnode *f[SI_N];
    size_t n;
    int rc;

    collect(o, si_names, SI_N, f);
    if (absent(f[SI_MS]) && absent(f[SI_LIST]))
        return WB_OK;
    if ((rc = get_int(f[SI_MS], true, 1, 24 * 3600 * 1000, NULL, &q->interval_ms)) ||
        (rc = get_array(f[SI_LIST], true, &n)))
        return rc;
    q->has_intervals = true;
    if (n == 0)
        return WB_OK;
    if (!(q->intervals = calloc(n, sizeof *q->intervals)))
        return WB_ERR_NOMEM;
    for (const wb_jnode *c = f[SI_LIST]->child; c; c = c->next) {
        if ((rc = dec_bucket(c, &q->intervals[q->n_intervals])))
            return rc;
        q->n_intervals++;
    }
    return WB_OK;
}

static int dec_queue(const wb_jnode *o, wb_snap_queue *q)
{
    const wb_jnode *f[SQ_N];
    size_t n;
    int rc;

    if (jtype(o) != WB_J_OBJECT)
        return WB_ERR_TYPE;
    collect(o, sq_names, SQ_N, f);
    if ((rc = get_str(f[SQ_QUEUE], REQ_ID, &q->queue)) ||
        (rc = get_str(f[SQ_CHANNEL], REQ_ID, &q->channel)) ||
        (rc = get_int(f[SQ_DAY], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->day_start)))
        return rc;
    if (!absent(f[SQ_TODAY])) {
        const wb_jnode *cf[WB_CN_N];
        if (jtype(f[SQ_TODAY]) != WB_J_OBJECT)
            return WB_ERR_TYPE;
        collect(f[SQ_TODAY], wb_proto_count_names, WB_CN_N, cf);
        if ((rc = dec_counts_fields(cf, &q->today)))
            return rc;
    }
    if ((rc = get_double(f[SQ_RATE], false, 0, 1e12, NULL, &q->arrival_rate)))
        return rc;
    const wb_jnode *fast;
    collect(o, sq_fast_name, 1, &fast);
    if ((rc = get_double(fast, false, 0, 1e12, &q->has_rate_fast, &q->arrival_rate_fast)))
        return rc;
    if ((rc = get_int(f[SQ_RATE_TS], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->arrival_ts)) ||
        (rc = get_int(f[SQ_BMS], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->bucket_ms)) ||
        (rc = get_array(f[SQ_BUCKETS], false, &n)))
        return rc;
    if (n) {
        size_t i = 0;
        if (!(q->buckets = calloc(n, sizeof *q->buckets)))
            return WB_ERR_NOMEM;
        q->n_buckets = n;
        for (const wb_jnode *c = f[SQ_BUCKETS]->child; c; c = c->next, i++) {
            if ((rc = dec_bucket(c, &q->buckets[i])))
                return rc;
        }
    }
    return dec_intervals(o, q);
}

/*
 * Allocates the four arrays first (so that a failure part-way leaves everything reachable
 * from ev->snap for wb_snapshot_fini) and then fills them element by element.
 */
static int dec_snapshot(const wb_jnode *waiting, const wb_jnode *in_service, const wb_jnode *agents,
                        const wb_jnode *queues, wb_snapshot *s)
{
    size_t nw, ns, na, nq, i;
    int rc;

    if ((rc = get_array(waiting, false, &nw)) || (rc = get_array(in_service, false, &ns)) ||
        (rc = get_array(agents, false, &na)) || (rc = get_array(queues, false, &nq)))
        return rc;
    if ((nw && !(s->waiting = calloc(nw, sizeof *s->waiting))) ||
        (ns && !(s->in_service = calloc(ns, sizeof *s->in_service))) ||
        (na && !(s->agents = calloc(na, sizeof *s->agents))) ||
        (nq && !(s->queues = calloc(nq, sizeof *s->queues))))
        return WB_ERR_NOMEM;
    i = 0;
    for (const wb_jnode *c = nw ? waiting->child : NULL; c; c = c->next, i++) {
        wb_snap_contact *w = &s->waiting[i];
        if ((rc = dec_contact(c, false, &w->id, &w->channel, &w->queue, NULL, &w->ts)))
            return rc;
    }
    s->n_waiting = nw;
    i = 0;
    for (const wb_jnode *c = ns ? in_service->child : NULL; c; c = c->next, i++) {
        wb_snap_service *v = &s->in_service[i];
        if ((rc = dec_contact(c, true, &v->id, &v->channel, &v->queue, &v->agent, &v->ts)))
            return rc;
    }
    s->n_in_service = ns;
    i = 0;
    for (const wb_jnode *c = na ? agents->child : NULL; c; c = c->next, i++) {
        if ((rc = dec_agent(c, &s->agents[i])))
            return rc;
    }
    s->n_agents = na;
    /* n_queues is set first: a queue that fails part-way may own a bucket array to free. */
    s->n_queues = nq;
    i = 0;
    for (const wb_jnode *c = nq ? queues->child : NULL; c; c = c->next, i++) {
        if ((rc = dec_queue(c, &s->queues[i])))
            return rc;
    }
    return WB_OK;
}

/* ---- kpi decode ---- */

/* KPI values and targets: any finite number a screen can print (NPS -100..100, counts...). */
#define KPI_MAX_ABS 1e15

enum {
    KP_KPI,
    KP_LABEL,
    KP_VALUE,
    KP_UNIT,
    KP_TARGET,
    KP_BETTER,
    KP_PERIOD,
    KP_SCOPE,
    KP_TS,
    KP_N
};
static const char *const kp_names[KP_N] = {"kpi",    "label",  "value", "unit", "target",
                                           "better", "period", "scope", "ts"};

/* The members of one KPI (a kpi message or an element of a snapshot's "kpis"), but its ts. */
static int dec_kpi_fields(const wb_jnode **f, wb_kpi_msg *k)
{
    const char *better;
    int rc;

    if ((rc = get_str(f[KP_KPI], REQ_ID, &k->kpi)) ||
        (rc = get_double(f[KP_VALUE], true, -KPI_MAX_ABS, KPI_MAX_ABS, NULL, &k->value)) ||
        (rc = get_str(f[KP_LABEL], STR_OPT, &k->label)) ||
        (rc = get_str(f[KP_UNIT], STR_OPT, &k->unit)) ||
        (rc = get_double(f[KP_TARGET], false, -KPI_MAX_ABS, KPI_MAX_ABS, &k->has_target,
                         &k->target)) ||
        (rc = get_str(f[KP_BETTER], STR_OPT, &better)) ||
        (rc = get_str(f[KP_PERIOD], STR_OPT, &k->period)) ||
        (rc = get_str(f[KP_SCOPE], STR_NONEMPTY, &k->scope)))
        return rc;
    if (!better)
        k->better = WB_BETTER_UNSET;
    else if (strcmp(better, "higher") == 0)
        k->better = WB_BETTER_HIGHER;
    else if (strcmp(better, "lower") == 0)
        k->better = WB_BETTER_LOWER;
    else
        return WB_ERR_VALUE;
    return WB_OK;
}

/* A kpi message: its members are at the top level, next to the common ones. */
static int dec_kpi(const wb_jnode *root, wb_ms ts, wb_kpi_msg *k)
{
    const wb_jnode *f[KP_N];

    collect(root, kp_names, KP_N, f);
    k->ts = ts; /* a member "ts" here is the message's own */
    return dec_kpi_fields(f, k);
}

/* A snapshot's "kpis": an array of objects, each with an optional ts (default the snapshot's). */
static int dec_snap_kpis(const wb_jnode *root, wb_ms ts, wb_snapshot *s)
{
    static const char *const kpis_name[1] = {"kpis"};
    const wb_jnode *arr, *f[KP_N];
    size_t n, i = 0;
    int rc;

    collect(root, kpis_name, 1, &arr);
    if ((rc = get_array(arr, false, &n)) || n == 0)
        return rc;
    if (!(s->kpis = calloc(n, sizeof *s->kpis)))
        return WB_ERR_NOMEM;
    s->n_kpis = n;
    for (const wb_jnode *c = arr->child; c; c = c->next, i++) {
        if (jtype(c) != WB_J_OBJECT)
            return WB_ERR_TYPE;
        collect(c, kp_names, KP_N, f);
        s->kpis[i].ts = ts;
        if ((rc = dec_kpi_fields(f, &s->kpis[i])) ||
            (rc = get_int(f[KP_TS], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &s->kpis[i].ts)))
            return rc;
    }
    return WB_OK;
}

/* ---- event decode ---- */

const char *const wb_proto_type_names[] = {
    [WB_EV_UNKNOWN] = "unknown",
    [WB_EV_QUEUED] = "contact.queued",
    [WB_EV_ANSWERED] = "contact.answered",
    [WB_EV_ABANDONED] = "contact.abandoned",
    [WB_EV_COMPLETED] = "contact.completed",
    [WB_EV_AGENT_STATE] = "agent.state",
    [WB_EV_SNAPSHOT] = "snapshot",
    [WB_EV_HEARTBEAT] = "heartbeat",
    [WB_EV_KPI] = "kpi",
};
const size_t wb_proto_n_types = sizeof wb_proto_type_names / sizeof wb_proto_type_names[0];

const char *wb_event_type_name(wb_event_type t)
{
    if ((unsigned)t >= wb_proto_n_types)
        return "unknown";
    return wb_proto_type_names[t];
}

static wb_event_type parse_type(const char *s)
{
    /* Every message has a type: compared inline, as the member names are (same_name()). */
    for (size_t i = 1; i < wb_proto_n_types; i++) {
        if (wb_proto_type_names[i][0] == s[0] && same_name(s, wb_proto_type_names[i]))
            return (wb_event_type)i;
    }
    return WB_EV_UNKNOWN;
}

enum {
    K_V,
    K_TYPE,
    K_TS,
    K_SRC,
    K_SEQ,
    K_ID,
    K_CHANNEL,
    K_QUEUE,
    K_AGENT,
    K_WAIT,
    K_HANDLE,
    K_NAME,
    K_TEAM,
    K_REASON,
    K_STATE,
    K_CHANNELS,
    K_WAITING,
    K_IN_SERVICE,
    K_AGENTS,
    K_QUEUES,
    K_NEXT,
    K_SILENT,
    K_N
};
static const char *const k_names[K_N] = {
    "v",       "type",       "ts",        "src",    "seq",  "id",       "channel", "queue",
    "agent",   "wait_ms",    "handle_ms", "name",   "team", "reason",   "state",   "channels",
    "waiting", "in_service", "agents",    "queues", "next", "silent_ms"};

static int dec_fields(wb_event *ev, const wb_jnode *root)
{
    const wb_jnode *f[K_N];
    const char *type;
    bool has;
    int64_t seq = 0;
    int rc;

    collect(root, k_names, K_N, f);
    /* The version comes first: a message of another version may have any other shape. */
    if (absent(f[K_V]) || jtype(f[K_V]) != WB_J_NUMBER || f[K_V]->valuedouble != 1.0)
        return WB_ERR_VERSION;
    if ((rc = get_str(f[K_TYPE], STR_REQ, &type)) ||
        (rc = get_int(f[K_TS], true, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->ts)) ||
        (rc = get_str(f[K_SRC], STR_OPT, &ev->src)) ||
        (rc = get_int(f[K_SEQ], false, 0, WB_PROTO_MAX_EXACT_INT, &has, &seq)))
        return rc;
    ev->type = parse_type(type);
    if (!ev->src)
        ev->src = "";
    ev->has_seq = has;
    ev->seq = (uint64_t)seq;

    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        if ((rc = get_str(f[K_ID], REQ_ID, &ev->id)) ||
            (rc = get_str(f[K_CHANNEL], REQ_ID, &ev->channel)) ||
            (rc = get_str(f[K_QUEUE], STR_NONEMPTY, &ev->queue)))
            return rc;
        if (!ev->queue)
            ev->queue = ev->channel;
        /* A queued contact has no agent or durations yet; such members are ignored. */
        if (ev->type == WB_EV_QUEUED)
            return WB_OK;
        if ((rc = get_str(f[K_AGENT], STR_NONEMPTY, &ev->agent)) ||
            (rc = get_int(f[K_WAIT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->wait_ms)) ||
            (rc = get_int(f[K_HANDLE], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->handle_ms)))
            return rc;
        return WB_OK;
    case WB_EV_AGENT_STATE:
        if ((rc = get_str(f[K_AGENT], REQ_ID, &ev->agent)) ||
            (rc = get_state(f[K_STATE], &ev->state)) ||
            (rc = get_channels(f[K_CHANNELS], ev->channels, &ev->n_channels)) ||
            (rc = get_str(f[K_NAME], STR_OPT, &ev->name)) ||
            (rc = get_str(f[K_TEAM], STR_OPT, &ev->team)) ||
            (rc = get_str(f[K_REASON], STR_OPT, &ev->reason)) ||
            (rc = get_next(f[K_NEXT], ev->state, &ev->has_next, &ev->next)))
            return rc;
        return WB_OK;
    case WB_EV_SNAPSHOT:
        if ((rc = dec_snapshot(f[K_WAITING], f[K_IN_SERVICE], f[K_AGENTS], f[K_QUEUES], &ev->snap)))
            return rc;
        if ((rc = dec_snap_kpis(root, ev->ts, &ev->snap)))
            return rc;
        if ((rc = wb_proto_dec_day_before(root, &ev->snap)))
            return rc;
        return get_int(f[K_SILENT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->snap.silent_ms);
    case WB_EV_KPI:
        return dec_kpi(root, ev->ts, &ev->kpi);
    case WB_EV_HEARTBEAT:
    case WB_EV_UNKNOWN:
        return WB_OK;
    }
    return WB_OK;
}

static bool only_space(const char *p, const char *e)
{
    for (; p < e; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    }
    return true;
}

int wb_event_decode(wb_event *ev, const char *buf, size_t len)
{
    return wb_event_decode_max(ev, buf, len, WB_MAX_MSG_BYTES);
}

int wb_event_decode_max(wb_event *ev, const char *buf, size_t len, size_t max)
{
    struct wb_arena *a = NULL;
    struct store *st = NULL;
    const wb_jnode *root;
    size_t end;
    bool has_escape;
    int rc;

    if (!ev)
        return WB_ERR_INVAL;
    wb_event_init(ev, WB_EV_UNKNOWN, 0);
    if (!buf && len)
        return WB_ERR_INVAL;
    if (len > max)
        return WB_ERR_TOO_BIG;
    /* C publishers often send the terminating NUL with the text; one is tolerated. */
    if (len > 0 && buf[len - 1] == '\0')
        len--;
    if (!wb_utf8_valid(buf, len))
        return WB_ERR_UTF8;
    /* JSON never contains a raw NUL byte, and the strings are NUL-terminated. */
    if (len == 0 || memchr(buf, '\0', len))
        return WB_ERR_JSON;
    has_escape = memchr(buf, '\\', len) != NULL;
    if (has_escape && (rc = scan_escapes(buf, len)))
        return rc;

    a = wb_arena_enter();
    st = wb_arena_alloc(sizeof *st + len + 1);
    (void)wb_arena_leave();
    if (!st) {
        rc = WB_ERR_NOMEM;
        goto fail;
    }
    /* A block too big for the arena came from the heap: the arena is not needed then. */
    if (a && !wb_arena_owns(a, st)) {
        wb_arena_release(a);
        a = NULL;
    }
    st->ar = a;
    memcpy(st->text, buf, len);
    st->text[len] = '\0';
    ev->priv_ = st;
    rc = wb_json_parse(st->text, len, has_escape, &root, &end);
    /* Only the first value is read; anything but whitespace after it is not one object. */
    if (rc == WB_ERR_JSON || (!rc && !only_space(buf + end, buf + len))) {
        /*
         * The reason the number scan gives comes first, as it always has: it also judges the
         * numbers the reader did not reach (after a syntax error, or after the object).
         */
        rc = scan_numbers(buf, len);
        if (!rc)
            rc = WB_ERR_JSON;
        goto fail;
    }
    if (rc)
        goto fail;
    rc = dec_fields(ev, root);
    wb_json_release();
    if (rc)
        goto fail;
    return WB_OK;

fail:
    wb_json_release();
    wb_snapshot_fini(&ev->snap);
    if (st)
        store_free(st);
    else if (a)
        wb_arena_release(a);
    wb_event_init(ev, WB_EV_UNKNOWN, 0);
    return rc;
}

void wb_event_fini(wb_event *ev)
{
    if (!ev)
        return;
    wb_snapshot_fini(&ev->snap);
    if (ev->priv_)
        store_free(ev->priv_);
    ev->priv_ = NULL;
}

void wb_event_init(wb_event *ev, wb_event_type type, wb_ms ts)
{
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->ts = ts;
    ev->src = "";
    ev->wait_ms = -1;
    ev->handle_ms = -1;
}

/* wb_snapshot_fini() zeroes the snapshot field by field: a field added here must be added there. */
_Static_assert(sizeof(wb_snapshot) == 6 * (sizeof(void *) + sizeof(size_t)) + sizeof(wb_ms),
               "wb_snapshot_fini() zeroes each field of wb_snapshot");

void wb_snapshot_fini(wb_snapshot *s)
{
    if (!s)
        return;
    /* Every decoded message comes here, and only a snapshot has arrays to free. */
    if (s->waiting || s->in_service || s->agents || s->queues || s->kpis || s->day_before) {
        for (size_t i = 0; s->queues && i < s->n_queues; i++) {
            free(s->queues[i].buckets);
            free(s->queues[i].intervals);
        }
        free(s->waiting);
        free(s->in_service);
        free(s->agents);
        free(s->queues);
        free(s->kpis);
        free(s->day_before);
    }
    /* Field by field: a memset() of the struct compiles to a string store that starts slowly. */
    s->waiting = NULL;
    s->n_waiting = 0;
    s->in_service = NULL;
    s->n_in_service = 0;
    s->agents = NULL;
    s->n_agents = 0;
    s->queues = NULL;
    s->n_queues = 0;
    s->kpis = NULL;
    s->n_kpis = 0;
    s->day_before = NULL;
    s->n_day_before = 0;
    s->silent_ms = 0;
}
