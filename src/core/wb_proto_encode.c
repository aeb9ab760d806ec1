/*
 * wb_proto_encode.c - protocol v1 encode: events and snapshots to one JSON message.
 *
 * The encoder builds a cJSON tree whose keys are constants and whose string values are
 * references to the event's own strings, so nothing is copied before printing; the nodes come
 * from the arena when it is free. Every value is checked as the decoder would check it, so
 * that whatever encodes successfully also decodes.
 */
#include "wb_proto.h"

#include "wb_arena.h"
#include "wb_proto_int.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool str_ok(const char *s, bool nonempty)
{
    size_t n;

    if (!s)
        return false;
    n = strlen(s);
    return n <= WB_MAX_STR_BYTES && (!nonempty || n > 0) && wb_utf8_valid(s, n);
}

static int put(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return WB_ERR_NOMEM;
    if (!cJSON_AddItemToObjectCS(obj, key, item)) {
        cJSON_Delete(item);
        return WB_ERR_NOMEM;
    }
    return WB_OK;
}

static int put_str(cJSON *obj, const char *key, const char *s, bool nonempty)
{
    if (!str_ok(s, nonempty))
        return WB_ERR_INVAL;
    return put(obj, key, cJSON_CreateStringReference(s));
}

/* Optional string: NULL is left out. */
static int put_opt_str(cJSON *obj, const char *key, const char *s, bool nonempty)
{
    return s ? put_str(obj, key, s, nonempty) : WB_OK;
}

static bool int_ok(int64_t x)
{
    return x >= 0 && x <= WB_PROTO_MAX_EXACT_INT;
}

/*
 * cJSON prints a number with 15 significant digits whenever that reads back within a relative
 * DBL_EPSILON, which turns 2^53 into 9.00719925474099e+15. Integers are therefore written as raw
 * JSON text formatted here, exactly.
 */
static cJSON *int_item(int64_t x)
{
    char s[24];

    snprintf(s, sizeof s, "%lld", (long long)x);
    return cJSON_CreateRaw(s);
}

static int put_int(cJSON *obj, const char *key, int64_t x)
{
    if (!int_ok(x))
        return WB_ERR_INVAL;
    return put(obj, key, int_item(x));
}

/* wait_ms / handle_ms: -1 means absent and is left out. */
static int put_opt_ms(cJSON *obj, const char *key, int64_t x)
{
    return x == -1 ? WB_OK : put_int(obj, key, x);
}

static int add_to_array(cJSON *arr, cJSON *item)
{
    if (!item)
        return WB_ERR_NOMEM;
    if (!cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return WB_ERR_NOMEM;
    }
    return WB_OK;
}

static int put_channels(cJSON *obj, const char *const *ch, size_t n)
{
    cJSON *arr;
    int rc;

    if (n > WB_MAX_CHANNELS)
        return WB_ERR_INVAL;
    if ((rc = put(obj, "channels", arr = cJSON_CreateArray())))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!str_ok(ch[i], true))
            return WB_ERR_INVAL;
        if ((rc = add_to_array(arr, cJSON_CreateStringReference(ch[i]))))
            return rc;
    }
    return WB_OK;
}

/* The queue is left out when it equals the channel, which is the decoder's default. */
static int put_queue(cJSON *obj, const char *queue, const char *channel)
{
    if (!queue || strcmp(queue, channel) == 0)
        return WB_OK;
    return put_str(obj, "queue", queue, true);
}

static int put_state(cJSON *obj, wb_agent_state st)
{
    if ((int)st < 0 || st >= WB_AGENT_NSTATES)
        return WB_ERR_INVAL;
    return put(obj, "state", cJSON_CreateStringReference(wb_agent_state_name(st)));
}

/* Appends a new object to arr and returns it in *out. */
static int new_elem(cJSON *arr, cJSON **out)
{
    *out = cJSON_CreateObject();
    return add_to_array(arr, *out);
}

static int put_counts_obj(cJSON *obj, const char *key, const wb_counts *c)
{
    cJSON *o;
    int rc;

    if ((rc = put(obj, key, o = cJSON_CreateObject())) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_ANS], c->answered)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_ABN], c->abandoned)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_SHORT], c->short_abandoned)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_ANS_SL], c->answered_in_sl)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_ABN_SL], c->abandoned_in_sl)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_DONE], c->completed)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_WAIT], c->wait_sum_ms)) ||
        (rc = put_int(o, wb_proto_count_names[WB_CN_HANDLE], c->handle_sum_ms)))
        return rc;
    return WB_OK;
}

static int put_bucket(cJSON *arr, const wb_snap_bucket *b)
{
    const int64_t v[1 + WB_CN_N] = {b->start,
                                    b->c.answered,
                                    b->c.abandoned,
                                    b->c.short_abandoned,
                                    b->c.answered_in_sl,
                                    b->c.abandoned_in_sl,
                                    b->c.completed,
                                    b->c.wait_sum_ms,
                                    b->c.handle_sum_ms};
    cJSON *a;
    int rc;

    if ((rc = add_to_array(arr, a = cJSON_CreateArray())))
        return rc;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        if (!int_ok(v[i]))
            return WB_ERR_INVAL;
        if ((rc = add_to_array(a, int_item(v[i]))))
            return rc;
    }
    return WB_OK;
}

/*
 * Today's intervals of a queue: "interval_ms" and "intervals", an array of the non-empty
 * intervals written like buckets ([start, answered, ..., handle_sum_ms]), so that a whole day
 * of 96 intervals takes a few kilobytes. Left out entirely when the snapshot does not tell.
 */
static int put_intervals(cJSON *o, const wb_snap_queue *q)
{
    cJSON *a;
    int rc;

    if (!q->has_intervals)
        return WB_OK;
    if (q->interval_ms <= 0 || (q->n_intervals && !q->intervals))
        return WB_ERR_INVAL;
    if ((rc = put_int(o, "interval_ms", q->interval_ms)) ||
        (rc = put(o, "intervals", a = cJSON_CreateArray())))
        return rc;
    for (size_t i = 0; i < q->n_intervals; i++)
        if ((rc = put_bucket(a, &q->intervals[i])))
            return rc;
    return WB_OK;
}

static int put_snap_queue(cJSON *arr, const wb_snap_queue *q)
{
    cJSON *o, *b;
    int rc;

    if (!(q->arrival_rate >= 0 && q->arrival_rate <= 1e12) || (q->n_buckets && !q->buckets) ||
        (q->has_rate_fast && !(q->arrival_rate_fast >= 0 && q->arrival_rate_fast <= 1e12)))
        return WB_ERR_INVAL;
    if ((rc = new_elem(arr, &o)) || (rc = put_str(o, "queue", q->queue, true)) ||
        (rc = put_str(o, "channel", q->channel, true)) ||
        (rc = put_int(o, "day_start", q->day_start)) ||
        (rc = put_counts_obj(o, "today", &q->today)) ||
        (rc = put(o, "arrival_rate", cJSON_CreateNumber(q->arrival_rate))) ||
        (rc = put_int(o, "arrival_ts", q->arrival_ts)) ||
        (rc = put_int(o, "bucket_ms", q->bucket_ms)) ||
        (rc = put(o, "buckets", b = cJSON_CreateArray())))
        return rc;
    if (q->has_rate_fast &&
        (rc = put(o, "arrival_rate_fast", cJSON_CreateNumber(q->arrival_rate_fast))))
        return rc;
    if ((rc = put_intervals(o, q)))
        return rc;
    for (size_t i = 0; i < q->n_buckets; i++) {
        if ((rc = put_bucket(b, &q->buckets[i])))
            return rc;
    }
    return WB_OK;
}

/*
 * The optional "next" of a busy or wrapping-up agent: written only when told, and only what
 * the decoder takes back (WB_ERR_INVAL otherwise, so that nothing is sent to be refused).
 */
static int put_next(cJSON *o, wb_agent_state state, bool has, wb_agent_state next)
{
    if (!has)
        return WB_OK;
    if (!wb_agent_next_ok(state, next))
        return WB_ERR_INVAL;
    return put_str(o, "next", wb_agent_state_name(next), true);
}

static int put_snap_agent(cJSON *arr, const wb_snap_agent *a)
{
    cJSON *o;
    int rc;

    if ((rc = new_elem(arr, &o)) || (rc = put_str(o, "agent", a->agent, true)) ||
        (rc = put_opt_str(o, "name", a->name, false)) ||
        (rc = put_opt_str(o, "team", a->team, false)) || (rc = put_state(o, a->state)) ||
        (rc = put_opt_str(o, "reason", a->reason, false)) || (rc = put_int(o, "since", a->since)) ||
        (rc = put_channels(o, a->channels, a->n_channels)) ||
        (rc = put_next(o, a->state, a->has_next, a->next)))
        return rc;
    return WB_OK;
}

/* The decoder's bound on KPI values and targets (finite, |x| <= 1e15). */
static bool kpi_num_ok(double x)
{
    return x >= -1e15 && x <= 1e15;
}

/*
 * The members of one KPI into obj. Numbers keep their fraction (cJSON prints the shortest
 * text that reads back as the same double); with_ts writes the figure's own ts (a snapshot's
 * element).
 */
static int put_kpi(cJSON *obj, const wb_kpi_msg *k, bool with_ts)
{
    int rc;

    if (!kpi_num_ok(k->value) || (k->has_target && !kpi_num_ok(k->target)) ||
        (int)k->better < WB_BETTER_UNSET || k->better > WB_BETTER_LOWER)
        return WB_ERR_INVAL;
    if ((rc = put_str(obj, "kpi", k->kpi, true)) ||
        (rc = put_opt_str(obj, "label", k->label, false)) ||
        (rc = put(obj, "value", cJSON_CreateNumber(k->value))) ||
        (rc = put_opt_str(obj, "unit", k->unit, false)) ||
        (k->has_target && (rc = put(obj, "target", cJSON_CreateNumber(k->target)))) ||
        (k->better != WB_BETTER_UNSET &&
         (rc = put(obj, "better", cJSON_CreateStringReference(wb_better_name(k->better))))) ||
        (rc = put_opt_str(obj, "period", k->period, false)) ||
        (rc = put_opt_str(obj, "scope", k->scope, true)) ||
        (with_ts && (rc = put_int(obj, "ts", k->ts))))
        return rc;
    return WB_OK;
}

/*
 * A snapshot's "day_before": per channel its name, the day's local date, the interval width
 * and the arrivals of each interval as integers (counts travel exactly where rates would not).
 * Left out when empty, so that a snapshot without it reads as before.
 */
static int put_day_before(cJSON *root, const wb_snapshot *s)
{
    cJSON *arr, *o, *a;
    char date[16];
    int rc;

    if (s->n_day_before == 0)
        return WB_OK;
    if (!s->day_before || s->n_day_before > WB_MAX_CHANNELS)
        return WB_ERR_INVAL;
    if ((rc = put(root, "day_before", arr = cJSON_CreateArray())))
        return rc;
    for (size_t i = 0; i < s->n_day_before; i++) {
        const wb_snap_day_before *d = &s->day_before[i];
        if (!wb_proto_date_ok(d->year, d->month, d->mday) || d->interval_ms < 1 ||
            d->interval_ms > 24 * 3600 * 1000 || d->n_arrivals > WB_PROF_MAX)
            return WB_ERR_INVAL;
        snprintf(date, sizeof date, "%04d-%02d-%02d", d->year, d->month, d->mday);
        if ((rc = new_elem(arr, &o)) || (rc = put_str(o, "channel", d->channel, true)) ||
            (rc = put(o, "date", cJSON_CreateString(date))) ||
            (rc = put_int(o, "interval_ms", d->interval_ms)) ||
            (rc = put(o, "arrivals", a = cJSON_CreateArray())))
            return rc;
        for (size_t k = 0; k < d->n_arrivals; k++)
            if ((rc = add_to_array(a, int_item(d->arrivals[k]))))
                return rc;
    }
    return WB_OK;
}

static int put_snapshot(cJSON *root, const wb_snapshot *s)
{
    cJSON *w, *sv, *ag, *qs, *o;
    int rc;

    if ((s->n_waiting && !s->waiting) || (s->n_in_service && !s->in_service) ||
        (s->n_agents && !s->agents) || (s->n_queues && !s->queues))
        return WB_ERR_INVAL;
    if ((rc = put(root, "waiting", w = cJSON_CreateArray())) ||
        (rc = put(root, "in_service", sv = cJSON_CreateArray())) ||
        (rc = put(root, "agents", ag = cJSON_CreateArray())) ||
        (rc = put(root, "queues", qs = cJSON_CreateArray())))
        return rc;
    for (size_t i = 0; i < s->n_waiting; i++) {
        const wb_snap_contact *c = &s->waiting[i];
        if ((rc = new_elem(w, &o)) || (rc = put_str(o, "id", c->id, true)) ||
            (rc = put_str(o, "channel", c->channel, true)) ||
            (rc = put_queue(o, c->queue, c->channel)) || (rc = put_int(o, "ts", c->ts)))
            return rc;
    }
    for (size_t i = 0; i < s->n_in_service; i++) {
        const wb_snap_service *c = &s->in_service[i];
        if ((rc = new_elem(sv, &o)) || (rc = put_str(o, "id", c->id, true)) ||
            (rc = put_str(o, "channel", c->channel, true)) ||
            (rc = put_queue(o, c->queue, c->channel)) ||
            (rc = put_opt_str(o, "agent", c->agent, true)) || (rc = put_int(o, "ts", c->ts)))
            return rc;
    }
    for (size_t i = 0; i < s->n_agents; i++) {
        if ((rc = put_snap_agent(ag, &s->agents[i])))
            return rc;
    }
    for (size_t i = 0; i < s->n_queues; i++) {
        if ((rc = put_snap_queue(qs, &s->queues[i])))
            return rc;
    }
    /* Left out when empty, as older publishers do: their receivers need not know it. */
    if (s->n_kpis) {
        cJSON *ks;
        if (!s->kpis)
            return WB_ERR_INVAL;
        if ((rc = put(root, "kpis", ks = cJSON_CreateArray())))
            return rc;
        for (size_t i = 0; i < s->n_kpis; i++) {
            if ((rc = new_elem(ks, &o)) || (rc = put_kpi(o, &s->kpis[i], true)))
                return rc;
        }
    }
    if ((rc = put_day_before(root, s)))
        return rc;
    /* Only a hub's own snapshots tell these; a publisher's leave them out. */
    if (s->resyncing && (rc = put(root, "resyncing", cJSON_CreateTrue())))
        return rc;
    return s->silent_ms > 0 ? put_int(root, "silent_ms", s->silent_ms) : WB_OK;
}

static int build(cJSON *root, const wb_event *ev)
{
    int rc;

    if (ev->type <= WB_EV_UNKNOWN || (unsigned)ev->type >= wb_proto_n_types)
        return WB_ERR_INVAL;
    if ((rc = put_int(root, "v", 1)) ||
        (rc = put(root, "type", cJSON_CreateStringReference(wb_proto_type_names[ev->type]))) ||
        (rc = put_int(root, "ts", ev->ts)))
        return rc;
    if (ev->src && ev->src[0] && (rc = put_str(root, "src", ev->src, false)))
        return rc;
    if (ev->has_seq) {
        if (ev->seq > (uint64_t)WB_PROTO_MAX_EXACT_INT)
            return WB_ERR_INVAL;
        if ((rc = put_int(root, "seq", (int64_t)ev->seq)))
            return rc;
    }
    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        if ((rc = put_str(root, "id", ev->id, true)) ||
            (rc = put_str(root, "channel", ev->channel, true)) ||
            (rc = put_queue(root, ev->queue, ev->channel)))
            return rc;
        if (ev->type == WB_EV_QUEUED)
            return WB_OK;
        if ((rc = put_opt_str(root, "agent", ev->agent, true)) ||
            (rc = put_opt_ms(root, "wait_ms", ev->wait_ms)) ||
            (rc = put_opt_ms(root, "handle_ms", ev->handle_ms)))
            return rc;
        return WB_OK;
    case WB_EV_AGENT_STATE:
        if ((rc = put_str(root, "agent", ev->agent, true)) ||
            (rc = put_opt_str(root, "name", ev->name, false)) ||
            (rc = put_opt_str(root, "team", ev->team, false)) ||
            (rc = put_state(root, ev->state)) ||
            (rc = put_opt_str(root, "reason", ev->reason, false)) ||
            (rc = put_channels(root, ev->channels, ev->n_channels)) ||
            (rc = put_next(root, ev->state, ev->has_next, ev->next)))
            return rc;
        return WB_OK;
    case WB_EV_SNAPSHOT:
        return put_snapshot(root, &ev->snap);
    case WB_EV_KPI:
        return put_kpi(root, &ev->kpi, false);
    case WB_EV_HEARTBEAT:
    case WB_EV_UNKNOWN:
        return WB_OK;
    }
    return WB_OK;
}

/*
 * Prints root into buf. cJSON's preallocated printing reserves a byte or two more than the text
 * and its NUL need, so a failure is retried in a slightly larger scratch buffer: the result is
 * WB_ERR_FULL exactly when the text and its NUL do not fit in cap bytes.
 */
static int print_to(cJSON *root, char *buf, size_t cap)
{
    enum { SLACK = 16 };
    char *tmp;
    size_t n;

    /* cJSON takes an int; a hub's snapshot of a large source runs to megabytes, not to this. */
    if (cap > (size_t)INT_MAX - SLACK)
        cap = (size_t)INT_MAX - SLACK;
    if (cJSON_PrintPreallocated(root, buf, (int)cap, false))
        return (int)strlen(buf);
    if (!(tmp = malloc(cap + SLACK)))
        return WB_ERR_NOMEM;
    if (!cJSON_PrintPreallocated(root, tmp, (int)(cap + SLACK), false) ||
        (n = strlen(tmp)) >= cap) {
        free(tmp);
        return WB_ERR_FULL;
    }
    memcpy(buf, tmp, n + 1);
    free(tmp);
    return (int)n;
}

int wb_event_encode(const wb_event *ev, char *buf, size_t cap)
{
    struct wb_arena *a;
    cJSON *root;
    int rc;

    if (!ev || !buf || cap == 0)
        return WB_ERR_INVAL;
    a = wb_arena_enter();
    root = cJSON_CreateObject();
    rc = root ? build(root, ev) : WB_ERR_NOMEM;
    if (rc == WB_OK)
        rc = print_to(root, buf, cap);
    (void)wb_arena_leave(); /* a failed allocation is already an error from build() */
    if (root)
        wb_arena_delete(a, root);
    if (a)
        wb_arena_release(a);
    if (rc < 0)
        buf[0] = '\0';
    return rc;
}
