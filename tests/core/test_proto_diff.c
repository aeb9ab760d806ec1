/*
 * test_proto_diff.c - the jsmn decoder (wb_event_decode_max) against the cJSON decoder it
 * replaced (tests/common/wb_proto_cjson.c): on every input both must give the same refusal
 * code, or both decode, to events equal in every field (snapshots with their KPI figures and
 * each queue's intervals and the day before included, a kpi message's members, doubles bit for
 * bit).
 *
 * The inputs are the decoder's fuzz corpus (tests/fuzz/corpus/decode), a set of messages
 * written for the corners of JSON where parsers differ (numbers, escapes, surrogates,
 * whitespace, nesting, duplicates, literals, trailing bytes) and for each member and refusal
 * of kpi messages and of a snapshot's "kpis", "intervals" and "day_before", and variants generated
 * from all of them: every prefix, every byte deleted, every byte replaced by and every position
 * given one of a list of bytes that matter to a JSON reader, and rounds of random edits from a
 * fixed seed. An input where the two differ is printed.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_proto.h"
#include "wb_proto_cjson.h"

#define INPUT_CAP (WB_MAX_MSG_BYTES + 16)

static unsigned long n_compared, n_decoded;

static bool same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool same_counts(const wb_counts *a, const wb_counts *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

static bool same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* One KPI figure: every member, the doubles bit for bit (target only where there is one). */
static bool same_kpi(const wb_kpi_msg *a, const wb_kpi_msg *b)
{
    return same_str(a->kpi, b->kpi) && same_str(a->label, b->label) && same_str(a->unit, b->unit) &&
           same_str(a->period, b->period) && same_str(a->scope, b->scope) &&
           same_double(a->value, b->value) && a->has_target == b->has_target &&
           (!a->has_target || same_double(a->target, b->target)) && a->better == b->better &&
           a->ts == b->ts;
}

static bool same_buckets(const wb_snap_bucket *a, const wb_snap_bucket *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (a[k].start != b[k].start || !same_counts(&a[k].c, &b[k].c))
            return false;
    return true;
}

/* One channel's day before: every member, the counts of every interval. */
static bool same_day_before(const wb_snap_day_before *a, const wb_snap_day_before *b)
{
    return same_str(a->channel, b->channel) && a->year == b->year && a->month == b->month &&
           a->mday == b->mday && a->interval_ms == b->interval_ms &&
           a->n_arrivals == b->n_arrivals &&
           memcmp(a->arrivals, b->arrivals, a->n_arrivals * sizeof a->arrivals[0]) == 0;
}

static bool same_snapshot(const wb_snapshot *a, const wb_snapshot *b)
{
    if (a->n_waiting != b->n_waiting || a->n_in_service != b->n_in_service ||
        a->n_agents != b->n_agents || a->n_queues != b->n_queues || a->n_kpis != b->n_kpis ||
        a->n_day_before != b->n_day_before || a->silent_ms != b->silent_ms ||
        a->resyncing != b->resyncing)
        return false;
    for (size_t i = 0; i < a->n_day_before; i++)
        if (!same_day_before(&a->day_before[i], &b->day_before[i]))
            return false;
    for (size_t i = 0; i < a->n_kpis; i++)
        if (!same_kpi(&a->kpis[i], &b->kpis[i]))
            return false;
    for (size_t i = 0; i < a->n_waiting; i++) {
        const wb_snap_contact *p = &a->waiting[i], *q = &b->waiting[i];
        if (!same_str(p->id, q->id) || !same_str(p->channel, q->channel) ||
            !same_str(p->queue, q->queue) || p->ts != q->ts)
            return false;
    }
    for (size_t i = 0; i < a->n_in_service; i++) {
        const wb_snap_service *p = &a->in_service[i], *q = &b->in_service[i];
        if (!same_str(p->id, q->id) || !same_str(p->channel, q->channel) ||
            !same_str(p->queue, q->queue) || !same_str(p->agent, q->agent) || p->ts != q->ts)
            return false;
    }
    for (size_t i = 0; i < a->n_agents; i++) {
        const wb_snap_agent *p = &a->agents[i], *q = &b->agents[i];
        if (!same_str(p->agent, q->agent) || !same_str(p->name, q->name) ||
            !same_str(p->team, q->team) || !same_str(p->reason, q->reason) ||
            p->state != q->state || p->since != q->since || p->n_channels != q->n_channels ||
            p->has_next != q->has_next || (p->has_next && p->next != q->next))
            return false;
        for (size_t k = 0; k < p->n_channels; k++)
            if (!same_str(p->channels[k], q->channels[k]))
                return false;
    }
    for (size_t i = 0; i < a->n_queues; i++) {
        const wb_snap_queue *p = &a->queues[i], *q = &b->queues[i];
        if (!same_str(p->queue, q->queue) || !same_str(p->channel, q->channel) ||
            p->day_start != q->day_start || !same_counts(&p->today, &q->today) ||
            memcmp(&p->arrival_rate, &q->arrival_rate, sizeof(double)) != 0 ||
            p->arrival_ts != q->arrival_ts || p->bucket_ms != q->bucket_ms ||
            p->has_rate_fast != q->has_rate_fast ||
            memcmp(&p->arrival_rate_fast, &q->arrival_rate_fast, sizeof(double)) != 0 ||
            p->n_buckets != q->n_buckets || p->has_intervals != q->has_intervals ||
            p->interval_ms != q->interval_ms || p->n_intervals != q->n_intervals)
            return false;
        if (!same_buckets(p->buckets, q->buckets, p->n_buckets) ||
            !same_buckets(p->intervals, q->intervals, p->n_intervals))
            return false;
    }
    return true;
}

static bool same_event(const wb_event *a, const wb_event *b)
{
    if (a->type != b->type || a->ts != b->ts || !same_str(a->src, b->src) ||
        a->has_seq != b->has_seq || a->seq != b->seq || !same_str(a->id, b->id) ||
        !same_str(a->channel, b->channel) || !same_str(a->queue, b->queue) ||
        !same_str(a->agent, b->agent) || a->wait_ms != b->wait_ms || a->handle_ms != b->handle_ms ||
        !same_str(a->name, b->name) || !same_str(a->team, b->team) ||
        !same_str(a->reason, b->reason) || a->state != b->state || a->n_channels != b->n_channels ||
        a->has_next != b->has_next || (a->has_next && a->next != b->next))
        return false;
    for (size_t i = 0; i < a->n_channels; i++)
        if (!same_str(a->channels[i], b->channels[i]))
            return false;
    return same_kpi(&a->kpi, &b->kpi) && same_snapshot(&a->snap, &b->snap);
}

static void print_input(const char *buf, size_t len)
{
    for (size_t i = 0; i < len && i < 2000; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c >= 32 && c < 127 && c != '\\')
            print_message("%c", c);
        else
            print_message("\\x%02x", c);
    }
    print_message("\n");
}

/* Decodes buf with both decoders (size limit max) and fails the test if they differ. */
static void diff_max(const char *buf, size_t len, size_t max)
{
    wb_event a, b;
    int ra = wb_event_decode_max(&a, buf, len, max);
    int rb = wb_event_decode_cjson(&b, buf, len, max);
    bool same = ra == rb && (ra != 0 || same_event(&a, &b));

    n_compared++;
    if (!same) {
        print_error("decoders differ (jsmn %d %s, cJSON %d %s) on %zu bytes:\n", ra,
                    wb_strerror(ra), rb, wb_strerror(rb), len);
        print_input(buf, len);
    }
    if (ra == 0) {
        n_decoded++;
        wb_event_fini(&a);
    } else {
        assert_null(a.priv_);
    }
    if (rb == 0)
        wb_event_fini_cjson(&b);
    assert_true(same);
}

static void diff(const char *buf, size_t len)
{
    diff_max(buf, len, WB_MAX_MSG_BYTES);
}

static void diff_str(const char *s)
{
    diff(s, strlen(s));
}

/* ---- seeds ---- */

typedef struct seeds {
    char **text;
    size_t *len;
    size_t n, cap;
} seeds;

static void seed_add(seeds *s, const char *buf, size_t len)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->text = realloc(s->text, s->cap * sizeof *s->text);
        s->len = realloc(s->len, s->cap * sizeof *s->len);
        assert_non_null(s->text);
        assert_non_null(s->len);
    }
    s->text[s->n] = malloc(len + 1);
    assert_non_null(s->text[s->n]);
    memcpy(s->text[s->n], buf, len);
    s->text[s->n][len] = '\0';
    s->len[s->n++] = len;
}

static void seeds_free(seeds *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->text[i]);
    free(s->text);
    free(s->len);
}

/* Every file of the decoder's fuzz corpus. */
static void seed_corpus(seeds *s)
{
    const char *dir = WB_SRCDIR "/tests/fuzz/corpus/decode";
    DIR *d = opendir(dir);
    struct dirent *e;
    static char buf[INPUT_CAP];

    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[1024];
        FILE *f;
        size_t n;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_non_null(f = fopen(path, "rb"));
        n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        seed_add(s, buf, n);
    }
    closedir(d);
    assert_true(s->n >= 10);
}

/* Messages that probe where JSON readers differ; each one is also a seed for the variants. */
static const char *const corners[] = {
    /* numbers */
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1.,\"id\":\"c\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":-.5}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":.5}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1.e5}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1E3}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1e+3}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1000e-3}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":-0}",
    "{\"v\":-0,\"type\":\"heartbeat\",\"ts\":0}",
    "{\"v\":1.0,\"type\":\"heartbeat\",\"ts\":0}",
    "{\"v\":1e0,\"type\":\"heartbeat\",\"ts\":0}",
    "{\"v\":01,\"type\":\"heartbeat\",\"ts\":0}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":00}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":-01}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740992}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740993}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740993.0}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740993e0}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":-9007199254740993}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":123456789012345678901234567890}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1e400}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1e-400}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":999999999999999}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1000000000000000}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1.5}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1."
    "0000000000000000000000000000000000000000000000000000000001}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1."
    "00000000000000000000000000000000000000000000000000000000001}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1."
    "000000000000000000000000000000000000000000000000000000000001}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1-2}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1e}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":-}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":+1}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1.2.3}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":0x10}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":Infinity}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":-Infinity}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":NaN}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"arrival_rate\":-0.0,\"arrival_rate_fast\":1e12}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"arrival_rate\":0.1,\"arrival_rate_fast\":1.0000000000001e12}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"arrival_rate\":3.141592653589793238462643383279,\"arrival_rate_fast\":-1e-9}]}",
    /* kpi messages: members, defaults, each refusal, and numbers at the bounds */
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"nps\",\"value\":-12.5}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"fcr\",\"label\":\"F\\u00e9\",\"value\":82.5,"
    "\"unit\":\"%\",\"target\":80,\"better\":\"higher\",\"period\":\"today\",\"scope\":\"Voice\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"better\":\"lower\",\"ts\":2}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"better\":\"Higher\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"better\":\"\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"better\":null,\"target\":null}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"better\":1}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"\",\"value\":1}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"value\":1}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":\"1\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"target\":true}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"scope\":\"\"}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"unit\":5}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1e15,\"target\":-1e15}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1.0000000000000001e15}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1000000000000001}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":1,\"target\":-1e999}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":-0.0,\"target\":1e-400}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":0.1,\"target\":0."
    "30000000000000000000000000000000000000004}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":9007199254740993}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"k\",\"value\":01}",
    "{\"v\":1,\"type\":\"kpi\",\"ts\":1,\"kpi\":\"a\",\"kpi\":\"b\",\"value\":2,\"value\":3}",
    /* snapshots with kpis: an element's ts or the snapshot's, and each refusal */
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[{\"kpi\":\"a\",\"value\":1,\"ts\":3},"
    "{\"kpi\":\"b\",\"value\":2.5,\"target\":2,\"better\":\"lower\",\"scope\":\"s\"}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":null}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":{}}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[1]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[null]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[{\"kpi\":\"a\",\"value\":1},{}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[{\"kpi\":\"a\",\"value\":1,\"ts\":-1}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[{\"kpi\":\"a\",\"value\":1,\"ts\":1.5}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"kpis\":[{\"kpi\":\"a\",\"value\":1e999}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"queues\":[{\"queue\":\"q\"}],"
    "\"kpis\":[{\"kpi\":\"a\",\"value\":1}]}",
    /* snapshots with intervals: together or not at all, each read like a bucket */
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":[[0,1,2,3,4,5,6,7,8],[900000,0,0,0,0,0,0,0,0,99]]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":3600000,\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":null,\"intervals\":null}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":0,\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":86400000,\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":86400001,\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000.5,\"intervals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":{}}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":[[0,1,2,3,4,5,6,7]]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":[[0,1,2,3,4,5,6,7,8],7]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":[[0,1,2,3,4,5,6,7,null]]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"interval_ms\":900000,\"intervals\":[[0,4294967296,0,0,0,0,0,0,0]]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
    "\"buckets\":[[0,1,2,3,4,5,6,7,8]],\"interval_ms\":900000,\"intervals\":[[0,1,2,3,4,5,6,7,8]]},"
    "{\"queue\":\"r\",\"channel\":\"c\",\"interval_ms\":1,\"intervals\":[[-1,0,0,0,0,0,0,0,0]]}]}",
    /* snapshots with a day before: each member, each refusal */
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[0,3,4294967295]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":60000}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":true}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":false}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":null}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":1}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":\"true\"}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":null}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":-1}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":1.5}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":\"5\"}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":{},\"silent_ms\":-1}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":null}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":{}}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[1]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2024-02-29\",\"interval_ms\":1,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-02-29\",\"interval_ms\":900000,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-1-28\",\"interval_ms\":900000,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":20261128,\"interval_ms\":900000,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":0,\"arrivals\":[]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[1,-1]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[1.5]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[null]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":[4294967296]}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000,\"arrivals\":\"0\"}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"day_before\":[{\"channel\":\"c\","
    "\"date\":\"2026-11-28\",\"interval_ms\":900000}]}",
    /* escapes and surrogates */
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\u00e9\\u20ac\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud83d\\ude00\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\uD83D\\uDE00x\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud83d\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud83dx\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ude00\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud83d\\u0041\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"a\\u0000b\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\u12\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\u12g4\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\x41\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\/\\\\\\\"\\b\\f\\n\\r\\t\","
    "\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\\\\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\\\\\\"\",\"channel\":\"p\"}",
    "{\"\\u0076\":1,\"t\\u0079pe\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"tab\there\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"raw\x01\x1f\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"caf\xc3\xa9\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\u0041\\u00\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\"}\\u0000",
    /* duplicates, null, types */
    "{\"v\":1,\"v\":2,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":2,\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"a\",\"id\":\"b\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":null,\"id\":\"b\",\"channel\":\"p\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"src\":null,\"seq\":null}",
    "{\"v\":true,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":\"1\",\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[true,false,null,{},[],\"\",0]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":tru}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":truee}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":nul}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":nulll}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":fals}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":True}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"\":1}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\",\"c\",\"p\"],\"name\":\"N\",\"team\":\"T\",\"reason\":\"r\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busyy\","
    "\"channels\":[]}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"Busy\",\"channels\":[]"
    "}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"\",\"channels\":[]}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[null]}",
    /* "next": a pause or a logout pending after the contact, only on busy or wrapup */
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\"],\"reason\":\"break\",\"next\":\"paused\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"wrapup\","
    "\"channels\":[\"p\"],\"next\":\"offline\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\"],\"next\":null}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\"],\"next\":\"available\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\"],\"next\":\"Paused\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
    "\"channels\":[\"p\"],\"next\":1}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"available\","
    "\"channels\":[\"p\"],\"next\":\"paused\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"paused\","
    "\"channels\":[\"p\"],\"next\":\"offline\"}",
    "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busyy\","
    "\"channels\":[\"p\"],\"next\":\"paused\"}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[],\"in_service\":[],\"queues\":[],"
    "\"agents\":[{\"agent\":\"a\",\"state\":\"busy\",\"since\":1,\"channels\":[],"
    "\"next\":\"paused\",\"reason\":\"lunch\"}]}",
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[],\"in_service\":[],\"queues\":[],"
    "\"agents\":[{\"agent\":\"a\",\"state\":\"offline\",\"since\":1,\"channels\":[],"
    "\"next\":\"paused\"}]}",
    /* structure */
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,}",
    "{,\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":1,,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\" 1,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\"::1,\"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":1 \"type\":\"heartbeat\",\"ts\":1}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[1,]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[,1]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[1 2]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[\"a\":1]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":{\"a\"}}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":{1:2}}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":{\"a\":1]}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[1}}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}]",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}{}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}1",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}9007199254740993",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1} 0123",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[}9007199254740993",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1} \t\r\n",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}\v",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}\f",
    " \t\r\n\v\f\x01\x1f{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "{\x0b\"v\"\x0c:\x01"
    "1\x1f,\x02\"type\"\x03:\"heartbeat\",\"ts\":1\x1e}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":[1\x0b,2\x0c]}",
    "\xef\xbb\xbf{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "\xef\xbb\xbf \x01{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "\xef\xbb\xbf\xef\xbb\xbf{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}",
    "\xef\xbb\xbf{}",
    "\xef\xbb\xbf{",
    "{}",
    "[]",
    "[{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}]",
    "\"x\"",
    "1",
    "null",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\"unterminated}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\"a\\\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":'a'}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\"a\"\"b\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\"a\"1}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1\"a\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":true\"a\"}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1:2}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1{}}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\x7f}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":\xc3\xa9}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":1\xc3\xa9}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\\\":1}",
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1\\}",
};

/* A snapshot of every shape the decoder reads, encoded by the encoder. */
static void seed_snapshot(seeds *s)
{
    static char buf[WB_MAX_MSG_BYTES];
    static wb_snap_contact w[3];
    static wb_snap_service sv[2];
    static wb_snap_agent ag[4];
    static wb_snap_queue q[2];
    static wb_snap_bucket bk[3];
    static wb_kpi_msg kp[3];
    static wb_snap_day_before db[2];
    static const char *const names[] = {"Aino", "Eero \"E\" Nieminen", "Ääkkönen", "tab\tname"};
    wb_event ev;
    int n;

    wb_event_init(&ev, WB_EV_SNAPSHOT, 1700000060000LL);
    ev.src = "acd-1";
    ev.has_seq = true;
    ev.seq = 42;
    for (int i = 0; i < 3; i++)
        w[i] = (wb_snap_contact){.id = i ? "w2" : "w\\1",
                                 .channel = "phone",
                                 .queue = i == 1 ? "phone-fi" : "phone",
                                 .ts = 1700000050000LL + i};
    for (int i = 0; i < 2; i++)
        sv[i] = (wb_snap_service){.id = "s1",
                                  .channel = "chat",
                                  .queue = "chat",
                                  .agent = i ? NULL : "a-1",
                                  .ts = 1700000040000LL};
    for (int i = 0; i < 4; i++) {
        ag[i] = (wb_snap_agent){.agent = "a-1",
                                .name = names[i],
                                .team = i % 2 ? "T" : NULL,
                                .reason = i == 3 ? "lunch" : NULL,
                                .state = (wb_agent_state)(i % WB_AGENT_NSTATES),
                                /* Agent 2 is busy, logging out after the contact. */
                                .has_next = i == 2,
                                .next = WB_AGENT_OFFLINE,
                                .since = 1700000000000LL + i};
        ag[i].channels[0] = "phone";
        ag[i].channels[1] = "chat";
        ag[i].n_channels = (size_t)(i % 3);
    }
    for (int i = 0; i < 3; i++)
        bk[i] = (wb_snap_bucket){.start = 1700000040000LL + 10000 * i,
                                 .c = {.answered = (uint32_t)i,
                                       .abandoned = 1,
                                       .wait_sum_ms = 12000,
                                       .handle_sum_ms = 540000}};
    for (int i = 0; i < 2; i++) {
        q[i] = (wb_snap_queue){.queue = i ? "chat" : "phone-fi",
                               .channel = i ? "chat" : "phone",
                               .day_start = 1699999200000LL,
                               .today = {.answered = 70,
                                         .abandoned = 30,
                                         .short_abandoned = 5,
                                         .answered_in_sl = 60,
                                         .abandoned_in_sl = 10,
                                         .completed = 65,
                                         .wait_sum_ms = 700000,
                                         .handle_sum_ms = 11700000},
                               .arrival_rate = i ? 0.0555 : 1.0 / 3.0,
                               .arrival_ts = 1700000059000LL,
                               .bucket_ms = 10000,
                               .buckets = bk,
                               .n_buckets = i ? 3 : 0,
                               .has_rate_fast = i == 1,
                               .arrival_rate_fast = 2.0 / 7.0,
                               .has_intervals = true,
                               .interval_ms = i ? 3600000 : 900000,
                               .intervals = bk,
                               .n_intervals = i ? 0 : 3};
    }
    for (int i = 0; i < 3; i++)
        kp[i] = (wb_kpi_msg){.kpi = i ? "nps" : "fcr",
                             .label = i == 2 ? "Net \"promoter\" score" : NULL,
                             .unit = i ? NULL : "%",
                             .period = i == 1 ? "today" : NULL,
                             .scope = i == 1 ? "Voice" : NULL,
                             .value = i ? -12.5 : 1.0 / 3.0,
                             .has_target = i != 1,
                             .target = 80,
                             .better = (wb_better)i,
                             .ts = 1700000000000LL + i};
    for (int i = 0; i < 2; i++) {
        db[i] = (wb_snap_day_before){.channel = i ? "chat" : "phone",
                                     .year = 2023,
                                     .month = 11,
                                     .mday = 13 + i,
                                     .interval_ms = i ? 3600000 : 900000,
                                     .n_arrivals = (size_t)(4 - 3 * i)};
        db[i].arrivals[0] = 7;
        db[i].arrivals[2] = UINT32_MAX;
    }
    ev.snap = (wb_snapshot){.waiting = w,
                            .n_waiting = 3,
                            .in_service = sv,
                            .n_in_service = 2,
                            .agents = ag,
                            .n_agents = 4,
                            .queues = q,
                            .n_queues = 2,
                            .kpis = kp,
                            .n_kpis = 3,
                            .day_before = db,
                            .n_day_before = 2};
    n = wb_event_encode(&ev, buf, sizeof buf);
    assert_true(n > 0);
    seed_add(s, buf, (size_t)n);
}

/* ---- variants ---- */

/* Bytes that change how a JSON reader reads what follows them. */
static const char interesting[] = {
    '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\t', '\n', '\v',   '\f',   '\x01', '0',    '1',
    '9', '-',  '+', '.', 'e', 'E', 'u', 'n', 't', 'f',  'a',  '\x7f', '\x80', '\xc3', '\xef', '\0'};

static char work[INPUT_CAP + 8];

static void variants_of(const char *t, size_t n)
{
    diff(t, n);
    /* Every prefix (a truncated message), and the message with its NUL. */
    for (size_t k = 0; k < n; k++)
        diff(t, k);
    memcpy(work, t, n);
    work[n] = '\0';
    diff(work, n + 1);
    /* Every byte deleted. */
    for (size_t k = 0; k < n; k++) {
        memcpy(work, t, k);
        memcpy(work + k, t + k + 1, n - k - 1);
        diff(work, n - 1);
    }
    /* Every byte replaced by, and every position given, each interesting byte. */
    for (size_t k = 0; k <= n; k++) {
        for (size_t b = 0; b < sizeof interesting; b++) {
            if (k < n) {
                memcpy(work, t, n);
                work[k] = interesting[b];
                diff(work, n);
            }
            memcpy(work, t, k);
            work[k] = interesting[b];
            memcpy(work + k + 1, t + k, n - k);
            diff(work, n + 1);
        }
    }
}

/* A deterministic generator (splitmix64) for the random edits. */
static uint64_t rng_state = 0x5eed15a;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Up to eight random edits (replace, insert, delete, duplicate a span) of t. */
static void random_variant(const char *t, size_t n)
{
    size_t len = n;
    int edits = 1 + (int)(rnd() % 8);

    memcpy(work, t, n);
    for (int e = 0; e < edits; e++) {
        size_t k = len ? (size_t)(rnd() % len) : 0;
        char c = rnd() % 2 ? interesting[rnd() % sizeof interesting] : (char)(rnd() & 0xFF);
        switch (rnd() % 4) {
        case 0:
            if (len)
                work[k] = c;
            break;
        case 1:
            if (len < INPUT_CAP) {
                memmove(work + k + 1, work + k, len - k);
                work[k] = c;
                len++;
            }
            break;
        case 2:
            if (len) {
                memmove(work + k, work + k + 1, len - k - 1);
                len--;
            }
            break;
        default: {
            size_t span = 1 + (size_t)(rnd() % 16);
            if (k + span <= len && len + span <= INPUT_CAP) {
                memmove(work + k + span, work + k, len - k);
                len += span;
            }
            break;
        }
        }
    }
    diff(work, len);
}

/* ---- tests ---- */

static void test_corpus_and_variants(void **state)
{
    seeds s = {0};

    (void)state;
    seed_corpus(&s);
    for (size_t i = 0; i < sizeof corners / sizeof corners[0]; i++)
        seed_add(&s, corners[i], strlen(corners[i]));
    seed_snapshot(&s);
    n_compared = n_decoded = 0;
    for (size_t i = 0; i < s.n; i++)
        variants_of(s.text[i], s.len[i]);
    for (int r = 0; r < 200000; r++) {
        size_t i = (size_t)(rnd() % s.n);
        random_variant(s.text[i], s.len[i]);
    }
    print_message("compared %lu inputs, %lu decoded by both\n", n_compared, n_decoded);
    /* The variants must exercise both outcomes: many decode, many are refused. */
    assert_true(n_decoded > 10000);
    assert_true(n_compared - n_decoded > 10000);
    seeds_free(&s);
}

/* Nesting around cJSON's limit of 1000 levels (the root object is the first). */
static void test_nesting(void **state)
{
    static const char head[] = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"x\":";
    static char buf[8192];

    (void)state;
    for (int depth = 995; depth <= 1002; depth++) {
        for (int kind = 0; kind < 2; kind++) {
            size_t n = 0;
            /* depth - 1 containers inside the root: [[[...]]] or {"a":{"a":...}} */
            memcpy(buf, head, sizeof head - 1);
            n = sizeof head - 1;
            for (int i = 0; i < depth - 1; i++) {
                const char *open = kind ? "{\"a\":" : "[";
                memcpy(buf + n, open, strlen(open));
                n += strlen(open);
            }
            buf[n++] = '1';
            for (int i = 0; i < depth - 1; i++)
                buf[n++] = kind ? '}' : ']';
            buf[n++] = '}';
            diff(buf, n);
        }
    }
}

/* Sizes around the limit, and the limit of wb_event_decode_max(). */
static void test_sizes(void **state)
{
    static char buf[WB_MAX_MSG_BYTES + 8];
    static const char head[] = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"pad\":\"";

    (void)state;
    for (size_t total = WB_MAX_MSG_BYTES - 2; total <= WB_MAX_MSG_BYTES + 2; total++) {
        memcpy(buf, head, sizeof head - 1);
        memset(buf + sizeof head - 1, 'x', total - (sizeof head - 1) - 2);
        memcpy(buf + total - 2, "\"}", 2);
        diff(buf, total);
        diff_max(buf, total, total - 1);
        diff_max(buf, total, 2 * WB_MAX_MSG_BYTES);
    }
    diff(NULL, 0);
    diff("", 0);
    diff_str(" ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_and_variants),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
