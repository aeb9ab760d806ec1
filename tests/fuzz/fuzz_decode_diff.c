/*
 * fuzz_decode_diff.c - libFuzzer target: the decoder (wb_event_decode, jsmn) against the cJSON
 * decoder it replaced (tests/common/wb_proto_cjson.c). Both must refuse an input with the same
 * code, or both decode it to the same event; anything else aborts, which libFuzzer reports as
 * a crash. The seed corpus and dictionary are the decoder's own (symbolic links to
 * corpus/decode and decode.dict).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_proto.h"
#include "wb_proto_cjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_decode_diff: %s\n", what);
        abort();
    }
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* One KPI figure: every member, the doubles bit for bit (target only where there is one). */
static void compare_kpis(const wb_kpi_msg *p, const wb_kpi_msg *q)
{
    check(same_str(p->kpi, q->kpi) && same_str(p->label, q->label) && same_str(p->unit, q->unit) &&
              same_str(p->period, q->period) && same_str(p->scope, q->scope),
          "KPI strings differ");
    check(same_double(p->value, q->value) && p->has_target == q->has_target &&
              (!p->has_target || same_double(p->target, q->target)) && p->better == q->better &&
              p->ts == q->ts,
          "KPI figure differs");
}

static void compare_buckets(const wb_snap_bucket *a, const wb_snap_bucket *b, size_t n,
                            const char *what)
{
    for (size_t k = 0; k < n; k++)
        check(a[k].start == b[k].start && memcmp(&a[k].c, &b[k].c, sizeof a[k].c) == 0, what);
}

static void compare_snapshots(const wb_snapshot *a, const wb_snapshot *b)
{
    check(a->n_waiting == b->n_waiting && a->n_in_service == b->n_in_service &&
              a->n_agents == b->n_agents && a->n_queues == b->n_queues && a->n_kpis == b->n_kpis &&
              a->n_day_before == b->n_day_before,
          "snapshot sizes differ");
    for (size_t i = 0; i < a->n_day_before; i++) {
        const wb_snap_day_before *p = &a->day_before[i], *q = &b->day_before[i];
        check(same_str(p->channel, q->channel) && p->year == q->year && p->month == q->month &&
                  p->mday == q->mday && p->interval_ms == q->interval_ms &&
                  p->n_arrivals == q->n_arrivals &&
                  memcmp(p->arrivals, q->arrivals, p->n_arrivals * sizeof p->arrivals[0]) == 0,
              "day before differs");
    }
    for (size_t i = 0; i < a->n_kpis; i++)
        compare_kpis(&a->kpis[i], &b->kpis[i]);
    for (size_t i = 0; i < a->n_waiting; i++) {
        const wb_snap_contact *p = &a->waiting[i], *q = &b->waiting[i];
        check(same_str(p->id, q->id) && same_str(p->channel, q->channel) &&
                  same_str(p->queue, q->queue) && p->ts == q->ts,
              "waiting contact differs");
    }
    for (size_t i = 0; i < a->n_in_service; i++) {
        const wb_snap_service *p = &a->in_service[i], *q = &b->in_service[i];
        check(same_str(p->id, q->id) && same_str(p->channel, q->channel) &&
                  same_str(p->queue, q->queue) && same_str(p->agent, q->agent) && p->ts == q->ts,
              "contact in service differs");
    }
    for (size_t i = 0; i < a->n_agents; i++) {
        const wb_snap_agent *p = &a->agents[i], *q = &b->agents[i];
        check(same_str(p->agent, q->agent) && same_str(p->name, q->name) &&
                  same_str(p->team, q->team) && same_str(p->reason, q->reason) &&
                  p->state == q->state && p->since == q->since && p->n_channels == q->n_channels &&
                  p->has_next == q->has_next && (!p->has_next || p->next == q->next),
              "agent differs");
        for (size_t k = 0; k < p->n_channels; k++)
            check(same_str(p->channels[k], q->channels[k]), "agent channel differs");
    }
    for (size_t i = 0; i < a->n_queues; i++) {
        const wb_snap_queue *p = &a->queues[i], *q = &b->queues[i];
        check(same_str(p->queue, q->queue) && same_str(p->channel, q->channel) &&
                  p->day_start == q->day_start &&
                  memcmp(&p->today, &q->today, sizeof p->today) == 0 &&
                  memcmp(&p->arrival_rate, &q->arrival_rate, sizeof(double)) == 0 &&
                  p->arrival_ts == q->arrival_ts && p->bucket_ms == q->bucket_ms &&
                  p->has_rate_fast == q->has_rate_fast &&
                  memcmp(&p->arrival_rate_fast, &q->arrival_rate_fast, sizeof(double)) == 0 &&
                  p->n_buckets == q->n_buckets,
              "queue differs");
        check(p->has_intervals == q->has_intervals && p->interval_ms == q->interval_ms &&
                  p->n_intervals == q->n_intervals,
              "queue intervals differ");
        compare_buckets(p->buckets, q->buckets, p->n_buckets, "bucket differs");
        compare_buckets(p->intervals, q->intervals, p->n_intervals, "interval differs");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wb_event a, b;
    int ra = wb_event_decode(&a, (const char *)data, size);
    int rb = wb_event_decode_cjson(&b, (const char *)data, size, WB_MAX_MSG_BYTES);

    if (ra != rb)
        fprintf(stderr, "fuzz_decode_diff: jsmn %d, cJSON %d\n", ra, rb);
    check(ra == rb, "refusal codes differ");
    if (ra == 0) {
        check(a.type == b.type && a.ts == b.ts && same_str(a.src, b.src), "type/ts/src differ");
        check(a.has_seq == b.has_seq && a.seq == b.seq, "seq differs");
        check(same_str(a.id, b.id) && same_str(a.channel, b.channel) &&
                  same_str(a.queue, b.queue) && same_str(a.agent, b.agent),
              "id/channel/queue/agent differ");
        check(a.wait_ms == b.wait_ms && a.handle_ms == b.handle_ms, "durations differ");
        check(same_str(a.name, b.name) && same_str(a.team, b.team) &&
                  same_str(a.reason, b.reason) && a.state == b.state,
              "name/team/reason/state differ");
        check(a.has_next == b.has_next && (!a.has_next || a.next == b.next), "next differs");
        check(a.n_channels == b.n_channels, "channel counts differ");
        for (size_t i = 0; i < a.n_channels; i++)
            check(same_str(a.channels[i], b.channels[i]), "channel differs");
        compare_kpis(&a.kpi, &b.kpi);
        compare_snapshots(&a.snap, &b.snap);
        wb_event_fini(&a);
        wb_event_fini_cjson(&b);
    }
    return 0;
}
