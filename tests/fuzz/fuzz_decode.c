/*
 * fuzz_decode.c - libFuzzer target for the protocol v1 decoder and encoder.
 *
 * Every input must either be refused with one of the refusal codes (leaving nothing to free)
 * or decode; a decoded event of a known type must encode, and that text must decode again to
 * the same event. Any other outcome aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[WB_MAX_MSG_BYTES];

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_decode: %s\n", what);
        abort();
    }
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The fields of the event that the re-decoded copy must reproduce. */
static void compare(const wb_event *a, const wb_event *b)
{
    check(a->type == b->type && a->ts == b->ts, "type/ts changed");
    check(same_str(a->src, b->src), "src changed");
    check(a->has_seq == b->has_seq && a->seq == b->seq, "seq changed");
    check(same_str(a->id, b->id) && same_str(a->channel, b->channel), "id/channel changed");
    check(same_str(a->queue, b->queue) && same_str(a->agent, b->agent), "queue/agent changed");
    check(a->wait_ms == b->wait_ms && a->handle_ms == b->handle_ms, "durations changed");
    check(same_str(a->name, b->name) && same_str(a->team, b->team), "name/team changed");
    check(same_str(a->reason, b->reason) && a->state == b->state, "reason/state changed");
    check(a->has_next == b->has_next && (!a->has_next || a->next == b->next), "next changed");
    check(a->n_channels == b->n_channels, "channels changed");
    for (size_t i = 0; i < a->n_channels; i++)
        check(same_str(a->channels[i], b->channels[i]), "channel name changed");
    check(a->snap.n_waiting == b->snap.n_waiting && a->snap.n_in_service == b->snap.n_in_service,
          "snapshot contacts changed");
    check(a->snap.n_agents == b->snap.n_agents && a->snap.n_queues == b->snap.n_queues,
          "snapshot agents/queues changed");
    /* KPI figures: every member, and a snapshot's (values are doubles printed exactly). */
    check(a->snap.n_kpis == b->snap.n_kpis, "snapshot KPIs changed");
    for (size_t i = 0; i <= a->snap.n_kpis; i++) {
        const wb_kpi_msg *p = i < a->snap.n_kpis ? &a->snap.kpis[i] : &a->kpi;
        const wb_kpi_msg *q = i < a->snap.n_kpis ? &b->snap.kpis[i] : &b->kpi;
        check(same_str(p->kpi, q->kpi) && same_str(p->label, q->label) &&
                  same_str(p->unit, q->unit) && same_str(p->period, q->period) &&
                  same_str(p->scope, q->scope),
              "KPI strings changed");
        check(p->value == q->value && p->has_target == q->has_target &&
                  (!p->has_target || p->target == q->target) && p->better == q->better &&
                  p->ts == q->ts,
              "KPI figure changed");
    }
    for (size_t i = 0; i < a->snap.n_queues; i++) {
        const wb_snap_queue *p = &a->snap.queues[i], *q = &b->snap.queues[i];
        check(p->n_buckets == q->n_buckets, "bucket count changed");
        check(memcmp(&p->today, &q->today, sizeof p->today) == 0, "today changed");
        for (size_t k = 0; k < p->n_buckets; k++)
            check(p->buckets[k].start == q->buckets[k].start &&
                      memcmp(&p->buckets[k].c, &q->buckets[k].c, sizeof p->buckets[k].c) == 0,
                  "bucket changed");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wb_event ev, again;
    int rc = wb_event_decode(&ev, (const char *)data, size);
    int n;

    if (rc != WB_OK) {
        check(wb_refusal_index(rc) >= 0, "decode returned a code that is not a refusal");
        check(ev.priv_ == NULL && ev.snap.waiting == NULL && ev.snap.queues == NULL,
              "a refused event holds storage");
        return 0;
    }
    n = wb_event_encode(&ev, out, sizeof out);
    if (ev.type == WB_EV_UNKNOWN) {
        check(n == WB_ERR_INVAL, "an unknown type encoded");
    } else if (n == WB_ERR_FULL) {
        /*
         * Re-encoding can be longer than the input (defaults written out, 1e15 spelled in full),
         * by well under 16 times; only inputs above 4 KiB may therefore fail to fit.
         */
        check(size > WB_MAX_MSG_BYTES / 16, "a small event did not fit in 64 KiB");
    } else {
        check(n > 0 && (size_t)n == strlen(out), "encode failed");
        rc = wb_event_decode(&again, out, (size_t)n);
        if (rc != WB_OK) {
            fprintf(stderr, "re-decode: %s\n%s\n", wb_strerror(rc), out);
            abort();
        }
        compare(&ev, &again);
        wb_event_fini(&again);
    }
    wb_event_fini(&ev);
    return 0;
}
