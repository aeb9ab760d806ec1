/*
 * wb_proto_cjson.c - the protocol decoder as it was before the jsmn reader (src/core/wb_proto.c
 * up to issue 15): cJSON builds a tree in the per-thread arena and the same field checks read
 * it. The kpi message, the snapshot's "kpis" and a queue's "intervals" came to main's cJSON
 * decoder while the jsmn one was written; their functions are main's, copied unchanged, so that
 * the peer reads every field the decoder reads. The snapshot's "day_before" came after: its
 * functions are those of src/core/wb_proto_daybefore.c, written against this tree. Kept only as the
 * peer that the differential test (tests/core/test_proto_diff.c) and the decode benchmark
 * (bench/bench_decode.c) hold the new decoder against; never linked into the programs. Its events
 * are freed with wb_event_fini_cjson(), not wb_event_fini().
 */
#include "wb_proto_cjson.h"

#include "wb_arena.h"
#include "wb_proto_int.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The private storage of a decoded event: the tree its strings point into. */
struct tree {
    cJSON *root;
    struct wb_arena *ar; /* NULL when the tree (and this struct) are on the heap */
};

static void tree_free(struct tree *t)
{
    struct wb_arena *a = t->ar;

    wb_arena_delete(a, t->root);
    if (a)
        wb_arena_release(a);
    else
        free(t);
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
 * Checks the escapes of a message: cJSON turns "\u0000" and a \u with bad hex digits into a NUL
 * byte that silently cuts the string short, and refuses escaped lone surrogates as mere syntax
 * errors. Refusing these here keeps every decoded string whole and the reasons precise.
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

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether c can be part of a JSON number after its first character. */
static bool in_number(char c)
{
    return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/*
 * Whether the plain integer (digits, maybe a minus) at p is beyond +-2^53. Such a number reads
 * as a double that may be another integer (2^53 + 1 reads as 2^53), so it is judged from its
 * text, before cJSON rounds it.
 */
static bool plain_int_too_big(const char *p, const char *e)
{
    p += *p == '-';
    uint64_t v = 0;
    for (; p < e && is_digit(*p); p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > (uint64_t)WB_PROTO_MAX_EXACT_INT)
            break;
    }
    if (v <= (uint64_t)WB_PROTO_MAX_EXACT_INT)
        return false;
    /* A fraction or an exponent makes it another spelling: get_int() judges its value. */
    while (p < e && is_digit(*p))
        p++;
    return !(p < e && (*p == '.' || *p == 'e' || *p == 'E'));
}

/*
 * JSON's number rules that cJSON does not keep, checked on the numbers outside strings: a
 * leading zero ("0123", which JSON forbids and cJSON accepts) is WB_ERR_JSON, a plain integer
 * beyond 2^53 WB_ERR_VALUE. Strings are skipped with memchr(), which made this pass the
 * cheapest of those tried (about 15 % of a decode); a prefilter on "0 followed by a digit"
 * does not help, because ids such as "c-0001" contain that pattern.
 */
static int scan_numbers(const char *buf, size_t len)
{
    const char *p = buf, *e = buf + len;
    while (p < e) {
        if (*p == '"') {
            /* Strings are skipped whole: to the next quote after an even run of backslashes. */
            const char *q = p + 1;
            for (;;) {
                q = q < e ? memchr(q, '"', (size_t)(e - q)) : NULL;
                if (!q)
                    return WB_OK; /* unterminated: cJSON refuses it */
                const char *b = q;
                while (b > p + 1 && b[-1] == '\\')
                    b--;
                if ((q - b) % 2 == 0)
                    break;
                q++;
            }
            p = q + 1;
        } else if (is_digit(*p) || *p == '-') {
            const char *d = p + (*p == '-');
            if (e - d >= 2 && d[0] == '0' && is_digit(d[1]))
                return WB_ERR_JSON;
            if (d < e && is_digit(*d) && plain_int_too_big(p, e))
                return WB_ERR_VALUE;
            for (p = d; p < e && in_number(*p); p++)
                ;
        } else {
            p++;
        }
    }
    return WB_OK;
}

/* ---- field access ---- */

static int jtype(const cJSON *it)
{
    return it->type & 0xFF;
}

/* Absent and JSON null are the same for every field. */
static bool absent(const cJSON *it)
{
    return !it || jtype(it) == cJSON_NULL;
}

/*
 * Collects the members of obj named in names[0..n) into out[] (NULL when absent). Unknown
 * members are ignored; of duplicate names the first wins, as with cJSON_GetObjectItem.
 */
static void collect(const cJSON *obj, const char *const *names, size_t n, const cJSON **out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    for (const cJSON *it = obj->child; it; it = it->next) {
        const char *k = it->string;
        if (!k)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (names[i][0] == k[0] && strcmp(names[i], k) == 0) {
                if (!out[i])
                    out[i] = it;
                break;
            }
        }
    }
}

enum { STR_OPT = 0, STR_REQ = 1, STR_NONEMPTY = 2 };

/* A string field; flags STR_REQ (refuse when absent) and STR_NONEMPTY (refuse ""). */
static int get_str(const cJSON *it, int flags, const char **out)
{
    *out = NULL;
    if (absent(it))
        return (flags & STR_REQ) ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != cJSON_String)
        return WB_ERR_TYPE;
    const char *s = it->valuestring;
    size_t n = strlen(s);
    if (n > WB_MAX_STR_BYTES)
        return WB_ERR_STR_LONG;
    if (!wb_utf8_valid(s, n))
        return WB_ERR_UTF8;
    if ((flags & STR_NONEMPTY) && n == 0)
        return WB_ERR_VALUE;
    *out = s;
    return WB_OK;
}

/*
 * An integer field in [lo, hi] (hi <= 2^53). A number with a fraction is a wrong type (the
 * field's type is integer); an integer outside the range, however written, is a bad value.
 */
/* A boolean field: true or false; absent (or null) reads as false. */
static int get_bool(const cJSON *it, bool *out)
{
    *out = false;
    if (!it || cJSON_IsNull(it))
        return WB_OK;
    if (!cJSON_IsBool(it))
        return WB_ERR_TYPE;
    *out = cJSON_IsTrue(it);
    return WB_OK;
}

static int get_int(const cJSON *it, bool required, int64_t lo, int64_t hi, bool *present,
                   int64_t *out)
{
    if (present)
        *present = false;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != cJSON_Number)
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

static int get_u32(const cJSON *it, uint32_t *out)
{
    int64_t x = 0;
    int rc = get_int(it, false, 0, UINT32_MAX, NULL, &x);

    *out = (uint32_t)x;
    return rc;
}

static int get_array(const cJSON *it, bool required, size_t *n)
{
    *n = 0;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != cJSON_Array)
        return WB_ERR_TYPE;
    for (const cJSON *c = it->child; c; c = c->next)
        (*n)++;
    return WB_OK;
}

/* The agent's channel set: an array of non-empty strings, at most WB_MAX_CHANNELS. */
static int get_channels(const cJSON *it, const char **out, size_t *n_out)
{
    size_t n;
    int rc = get_array(it, true, &n);

    *n_out = 0;
    if (rc)
        return rc;
    if (n > WB_MAX_CHANNELS)
        return WB_ERR_VALUE;
    for (const cJSON *c = it->child; c; c = c->next) {
        if (absent(c))
            return WB_ERR_TYPE;
        if ((rc = get_str(c, STR_REQ | STR_NONEMPTY, &out[*n_out])))
            return rc;
        (*n_out)++;
    }
    return WB_OK;
}

static int get_state(const cJSON *it, wb_agent_state *out)
{
    const char *s;
    int rc = get_str(it, STR_REQ, &s), st;

    if (rc)
        return rc;
    if ((st = wb_agent_state_parse(s)) < 0)
        return WB_ERR_VALUE;
    *out = (wb_agent_state)st;
    return WB_OK;
}

#define REQ_ID (STR_REQ | STR_NONEMPTY)

/* "next" (optional): "paused" or "offline", and only on a busy or wrapup agent. */
static int get_next(const cJSON *it, wb_agent_state state, bool *has, wb_agent_state *out)
{
    const char *s;
    int rc = get_str(it, STR_OPT, &s);

    *has = false;
    if (rc || !s)
        return rc;
    if (strcmp(s, "paused") == 0)
        *out = WB_AGENT_PAUSED;
    else if (strcmp(s, "offline") == 0)
        *out = WB_AGENT_OFFLINE;
    else
        return WB_ERR_VALUE;
    if (state != WB_AGENT_BUSY && state != WB_AGENT_WRAPUP)
        return WB_ERR_VALUE;
    *has = true;
    return WB_OK;
}

/* ---- snapshot decode ---- */

enum { SC_ID, SC_CHANNEL, SC_QUEUE, SC_AGENT, SC_TS, SC_N };
static const char *const sc_names[SC_N] = {"id", "channel", "queue", "agent", "ts"};

/* One element of "waiting" (with_agent false) or "in_service" (true). */
static int dec_contact(const cJSON *o, bool with_agent, const char **id, const char **channel,
                       const char **queue, const char **agent, wb_ms *ts)
{
    const cJSON *f[SC_N];
    int64_t t = 0;
    int rc;

    if (jtype(o) != cJSON_Object)
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

static int dec_agent(const cJSON *o, wb_snap_agent *a)
{
    const cJSON *f[SA_N];
    int rc;

    if (jtype(o) != cJSON_Object)
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

static int dec_counts_fields(const cJSON **f, wb_counts *c)
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
static int dec_bucket(const cJSON *a, wb_snap_bucket *b)
{
    const cJSON *f[WB_CN_N];
    const cJSON *c;
    size_t n;
    int rc;

    if (jtype(a) != cJSON_Array)
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
static int dec_intervals(const cJSON *o, wb_snap_queue *q)
{
    const cJSON *f[SI_N];
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
    for (const cJSON *c = f[SI_LIST]->child; c; c = c->next) {
        if ((rc = dec_bucket(c, &q->intervals[q->n_intervals])))
            return rc;
        q->n_intervals++;
    }
    return WB_OK;
}

static int dec_queue(const cJSON *o, wb_snap_queue *q)
{
    const cJSON *f[SQ_N];
    size_t n;
    int rc;

    if (jtype(o) != cJSON_Object)
        return WB_ERR_TYPE;
    collect(o, sq_names, SQ_N, f);
    if ((rc = get_str(f[SQ_QUEUE], REQ_ID, &q->queue)) ||
        (rc = get_str(f[SQ_CHANNEL], REQ_ID, &q->channel)) ||
        (rc = get_int(f[SQ_DAY], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->day_start)))
        return rc;
    if (!absent(f[SQ_TODAY])) {
        const cJSON *cf[WB_CN_N];
        if (jtype(f[SQ_TODAY]) != cJSON_Object)
            return WB_ERR_TYPE;
        collect(f[SQ_TODAY], wb_proto_count_names, WB_CN_N, cf);
        if ((rc = dec_counts_fields(cf, &q->today)))
            return rc;
    }
    if (!absent(f[SQ_RATE])) {
        double r = f[SQ_RATE]->valuedouble;
        if (jtype(f[SQ_RATE]) != cJSON_Number)
            return WB_ERR_TYPE;
        /* Written as !(r >= 0 ...) so that a NaN, were cJSON ever to produce one, is refused. */
        if (!(r >= 0 && r <= 1e12))
            return WB_ERR_VALUE;
        q->arrival_rate = r;
    }
    const cJSON *fast;
    collect(o, sq_fast_name, 1, &fast);
    if (!absent(fast)) {
        double r = fast->valuedouble;
        if (jtype(fast) != cJSON_Number)
            return WB_ERR_TYPE;
        if (!(r >= 0 && r <= 1e12))
            return WB_ERR_VALUE;
        q->arrival_rate_fast = r;
        q->has_rate_fast = true;
    }
    if ((rc = get_int(f[SQ_RATE_TS], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->arrival_ts)) ||
        (rc = get_int(f[SQ_BMS], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &q->bucket_ms)) ||
        (rc = get_array(f[SQ_BUCKETS], false, &n)))
        return rc;
    if (n) {
        size_t i = 0;
        if (!(q->buckets = calloc(n, sizeof *q->buckets)))
            return WB_ERR_NOMEM;
        q->n_buckets = n;
        for (const cJSON *c = f[SQ_BUCKETS]->child; c; c = c->next, i++) {
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
static int dec_snapshot(const cJSON *waiting, const cJSON *in_service, const cJSON *agents,
                        const cJSON *queues, wb_snapshot *s)
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
    for (const cJSON *c = nw ? waiting->child : NULL; c; c = c->next, i++) {
        wb_snap_contact *w = &s->waiting[i];
        if ((rc = dec_contact(c, false, &w->id, &w->channel, &w->queue, NULL, &w->ts)))
            return rc;
    }
    s->n_waiting = nw;
    i = 0;
    for (const cJSON *c = ns ? in_service->child : NULL; c; c = c->next, i++) {
        wb_snap_service *v = &s->in_service[i];
        if ((rc = dec_contact(c, true, &v->id, &v->channel, &v->queue, &v->agent, &v->ts)))
            return rc;
    }
    s->n_in_service = ns;
    i = 0;
    for (const cJSON *c = na ? agents->child : NULL; c; c = c->next, i++) {
        if ((rc = dec_agent(c, &s->agents[i])))
            return rc;
    }
    s->n_agents = na;
    /* n_queues is set first: a queue that fails part-way may own a bucket array to free. */
    s->n_queues = nq;
    i = 0;
    for (const cJSON *c = nq ? queues->child : NULL; c; c = c->next, i++) {
        if ((rc = dec_queue(c, &s->queues[i])))
            return rc;
    }
    return WB_OK;
}

/* ---- kpi decode ---- */

/*
 * A number field that may have a fraction: finite and within [lo, hi]. cJSON reads "1e999" as
 * infinity, which is refused here like any value out of range.
 */
static int get_double(const cJSON *it, bool required, double lo, double hi, bool *present,
                      double *out)
{
    if (present)
        *present = false;
    if (absent(it))
        return required ? WB_ERR_MISSING : WB_OK;
    if (jtype(it) != cJSON_Number)
        return WB_ERR_TYPE;
    double d = it->valuedouble;
    if (!(d >= lo && d <= hi))
        return WB_ERR_VALUE;
    *out = d;
    if (present)
        *present = true;
    return WB_OK;
}

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
static int dec_kpi_fields(const cJSON **f, wb_kpi_msg *k)
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
static int dec_kpi(const cJSON *root, wb_ms ts, wb_kpi_msg *k)
{
    const cJSON *f[KP_N];

    collect(root, kp_names, KP_N, f);
    k->ts = ts; /* a member "ts" here is the message's own */
    return dec_kpi_fields(f, k);
}

/* A snapshot's "kpis": an array of objects, each with an optional ts (default the snapshot's). */
static int dec_snap_kpis(const cJSON *root, wb_ms ts, wb_snapshot *s)
{
    static const char *const kpis_name[1] = {"kpis"};
    const cJSON *arr, *f[KP_N];
    size_t n, i = 0;
    int rc;

    collect(root, kpis_name, 1, &arr);
    if ((rc = get_array(arr, false, &n)) || n == 0)
        return rc;
    if (!(s->kpis = calloc(n, sizeof *s->kpis)))
        return WB_ERR_NOMEM;
    s->n_kpis = n;
    for (const cJSON *c = arr->child; c; c = c->next, i++) {
        if (jtype(c) != cJSON_Object)
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

/* ---- day before decode (src/core/wb_proto_daybefore.c, written against this tree) ---- */

static bool date_ok(int year, int month, int mday)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 0 || year > 9999 || month < 1 || month > 12 || mday < 1)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return mday <= days[month - 1] + (month == 2 && leap);
}

static int parse_date(const char *s, int *year, int *month, int *mday)
{
    int v[3] = {0, 0, 0};
    static const int widths[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int i = 0; i < widths[f]; i++, s++) {
            if (*s < '0' || *s > '9')
                return WB_ERR_VALUE;
            v[f] = v[f] * 10 + (*s - '0');
        }
        if (*s != (f < 2 ? '-' : '\0'))
            return WB_ERR_VALUE;
        s++;
    }
    if (!date_ok(v[0], v[1], v[2]))
        return WB_ERR_VALUE;
    *year = v[0];
    *month = v[1];
    *mday = v[2];
    return WB_OK;
}

enum { DB_CHANNEL, DB_DATE, DB_WIDTH, DB_ARRIVALS, DB_N };
static const char *const db_names[DB_N] = {"channel", "date", "interval_ms", "arrivals"};

static int dec_day_before_one(const cJSON *o, wb_snap_day_before *d)
{
    const cJSON *f[DB_N];
    const char *date;
    size_t n;
    int rc;

    if (jtype(o) != cJSON_Object)
        return WB_ERR_TYPE;
    collect(o, db_names, DB_N, f);
    if ((rc = get_str(f[DB_CHANNEL], REQ_ID, &d->channel)) ||
        (rc = get_str(f[DB_DATE], STR_REQ, &date)) ||
        (rc = parse_date(date, &d->year, &d->month, &d->mday)) ||
        (rc = get_int(f[DB_WIDTH], true, 1, 24 * 3600 * 1000, NULL, &d->interval_ms)) ||
        (rc = get_array(f[DB_ARRIVALS], true, &n)))
        return rc;
    if (n > WB_PROF_MAX)
        return WB_ERR_VALUE;
    for (const cJSON *c = f[DB_ARRIVALS]->child; c; c = c->next) {
        int64_t x = 0;
        if ((rc = get_int(c, true, 0, UINT32_MAX, NULL, &x)))
            return rc;
        d->arrivals[d->n_arrivals++] = (uint32_t)x;
    }
    return WB_OK;
}

static int dec_day_before(const cJSON *root, wb_snapshot *s)
{
    static const char *const name[1] = {"day_before"};
    const cJSON *arr;
    size_t n, i = 0;
    int rc;

    collect(root, name, 1, &arr);
    if ((rc = get_array(arr, false, &n)) || n == 0)
        return rc;
    if (n > WB_MAX_CHANNELS)
        return WB_ERR_VALUE;
    if (!(s->day_before = calloc(n, sizeof *s->day_before)))
        return WB_ERR_NOMEM;
    s->n_day_before = n;
    for (const cJSON *c = arr->child; c; c = c->next, i++)
        if ((rc = dec_day_before_one(c, &s->day_before[i])))
            return rc;
    return WB_OK;
}

static wb_event_type parse_type(const char *s)
{
    for (size_t i = 1; i < wb_proto_n_types; i++) {
        if (strcmp(s, wb_proto_type_names[i]) == 0)
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
    K_RESYNCING,
    K_N
};
static const char *const k_names[K_N] = {
    "v",       "type",       "ts",        "src",    "seq",  "id",        "channel",  "queue",
    "agent",   "wait_ms",    "handle_ms", "name",   "team", "reason",    "state",    "channels",
    "waiting", "in_service", "agents",    "queues", "next", "silent_ms", "resyncing"};

static int dec_fields(wb_event *ev, const cJSON *root)
{
    const cJSON *f[K_N];
    const char *type;
    bool has;
    int64_t seq = 0;
    int rc;

    collect(root, k_names, K_N, f);
    /* The version comes first: a message of another version may have any other shape. */
    if (absent(f[K_V]) || jtype(f[K_V]) != cJSON_Number || f[K_V]->valuedouble != 1.0)
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
        if ((rc = dec_day_before(root, &ev->snap)))
            return rc;
        if ((rc = get_bool(f[K_RESYNCING], &ev->snap.resyncing)))
            return rc;
        return get_int(f[K_SILENT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->snap.silent_ms);
    case WB_EV_KPI:
        return dec_kpi(root, ev->ts, &ev->kpi);
    default: /* heartbeat, unknown, and types added after the peer was last brought up to date */
        return WB_OK;
    }
}

static bool only_space(const char *p, const char *e)
{
    for (; p < e; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    }
    return true;
}

int wb_event_decode_cjson(wb_event *ev, const char *buf, size_t len, size_t max)
{
    struct wb_arena *a = NULL;
    struct tree *t = NULL;
    const char *end = NULL;
    cJSON *root = NULL;
    bool nomem;
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
    /* JSON never contains a raw NUL byte, and cJSON would stop a string at one. */
    if (len == 0 || memchr(buf, '\0', len))
        return WB_ERR_JSON;
    if ((rc = scan_escapes(buf, len)) || (rc = scan_numbers(buf, len)))
        return rc;

    a = wb_arena_enter();
    t = wb_arena_alloc(sizeof *t);
    if (t) {
        t->ar = a;
        root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    }
    nomem = wb_arena_leave();
    if (!t) {
        rc = WB_ERR_NOMEM;
        goto fail;
    }
    t->root = root;
    if (!root) {
        rc = nomem ? WB_ERR_NOMEM : WB_ERR_JSON;
        goto fail;
    }
    /* cJSON stops after the first value; anything but whitespace after it is not one object. */
    if (jtype(root) != cJSON_Object || !only_space(end, buf + len)) {
        rc = WB_ERR_JSON;
        goto fail;
    }
    ev->priv_ = t;
    if ((rc = dec_fields(ev, root)))
        goto fail;
    return WB_OK;

fail:
    wb_snapshot_fini(&ev->snap);
    if (t)
        tree_free(t);
    else if (a)
        wb_arena_release(a);
    wb_event_init(ev, WB_EV_UNKNOWN, 0);
    return rc;
}

void wb_event_fini_cjson(wb_event *ev)
{
    if (!ev)
        return;
    wb_snapshot_fini(&ev->snap);
    if (ev->priv_)
        tree_free(ev->priv_);
    ev->priv_ = NULL;
}
