/*
 * wb_proto_snapshot.c - protocol v1 decode of the large members: a snapshot's contacts,
 * agents and queues (with their buckets and intervals), and the KPI members of a kpi message
 * and of a snapshot's "kpis"; and wb_snapshot_fini(), which frees what they allocate.
 * wb_proto.c reads the message and its common members and calls these by type; the day before
 * is in wb_proto_daybefore.c.
 *
 * Ownership: the strings point into the decoded event's copy of the message (wb_proto.c); the
 * arrays are allocated here, hung on the wb_snapshot as soon as they exist (so that a failure
 * part-way leaves them reachable) and freed by wb_snapshot_fini().
 */
#include "wb_proto_dec_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
    const wb_jnode *fast = NULL; /* collect() sets it; the compiler cannot see that */
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
int wb_proto_dec_snapshot(const wb_jnode *waiting, const wb_jnode *in_service,
                          const wb_jnode *agents, const wb_jnode *queues, wb_snapshot *s)
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
int wb_proto_dec_kpi(const wb_jnode *root, wb_ms ts, wb_kpi_msg *k)
{
    const wb_jnode *f[KP_N];

    collect(root, kp_names, KP_N, f);
    k->ts = ts; /* a member "ts" here is the message's own */
    return dec_kpi_fields(f, k);
}

/* A snapshot's "kpis": an array of objects, each with an optional ts (default the snapshot's). */
int wb_proto_dec_snap_kpis(const wb_jnode *root, wb_ms ts, wb_snapshot *s)
{
    static const char *const kpis_name[1] = {"kpis"};
    const wb_jnode *arr = NULL, *f[KP_N]; /* collect() sets arr; the compiler cannot see that */
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

/* wb_snapshot_fini() zeroes the snapshot field by field: a field added here must be added there. */
_Static_assert(offsetof(wb_snapshot, resyncing) ==
                       6 * (sizeof(void *) + sizeof(size_t)) + sizeof(wb_ms) &&
                   sizeof(wb_snapshot) <= offsetof(wb_snapshot, resyncing) + sizeof(wb_ms),
               "wb_snapshot_fini() zeroes each field of wb_snapshot");

wb_ms wb_snapshot_latest(const wb_snapshot *s)
{
    wb_ms t = INT64_MIN;
    for (size_t i = 0; i < s->n_queues; i++) {
        const wb_snap_queue *q = &s->queues[i];
        for (size_t b = 0; b < q->n_buckets; b++)
            if (q->buckets[b].start > t)
                t = q->buckets[b].start;
        for (size_t b = 0; b < q->n_intervals; b++)
            if (q->intervals[b].start > t)
                t = q->intervals[b].start;
    }
    for (size_t i = 0; i < s->n_kpis; i++)
        if (s->kpis[i].ts > t)
            t = s->kpis[i].ts;
    return t;
}

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
    s->resyncing = false;
}
