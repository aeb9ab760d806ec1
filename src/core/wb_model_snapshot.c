/*
 * wb_model_snapshot.c - one source's state written out as a snapshot (the inverse of applying
 * one): its waiting contacts, contacts in service, agents and per-queue counters with the
 * rolling window's non-empty buckets, oldest first, and the day before of its channels (the
 * model's, all sources together, as the forecast uses it).
 *
 * Owns no data structure of its own: the wb_snapshot it fills points into the model's strings
 * and owns only its arrays (wb_snapshot_fini() frees them).
 */
#include "wb_model_int.h"

#include <stdlib.h>
#include <string.h>

int wb_model_snapshot(const wb_model *m, const char *src, wb_ms now, wb_snapshot *out)
{
    memset(out, 0, sizeof *out);
    const wb_source *s = NULL;
    for (size_t i = 0; i < m->n_src; i++)
        if (strcmp(m->src[i]->src, src ? src : "") == 0)
            s = m->src[i];
    if (!s)
        return WB_OK;
    size_t nq = 0;
    for (size_t i = 0; i < s->q_cap; i++)
        nq += s->q[i] != NULL;
    out->waiting = calloc(s->waiting.len + 1, sizeof *out->waiting);
    out->in_service = calloc(s->in_service.len + 1, sizeof *out->in_service);
    out->agents = calloc(s->n_agents + 1, sizeof *out->agents);
    out->queues = calloc(nq + 1, sizeof *out->queues);
    if (!out->waiting || !out->in_service || !out->agents || !out->queues)
        goto fail;
    for (size_t i = 0; i < s->waiting.cap; i++) {
        const wb_contact *c = s->waiting.slots[i].val;
        if (!s->waiting.slots[i].key)
            continue;
        wb_snap_contact *o = &out->waiting[out->n_waiting++];
        o->id = c->id;
        o->channel = m->ch[c->ch].cfg.name;
        o->queue = m->gq[c->gq].name;
        o->ts = c->ts;
    }
    for (size_t i = 0; i < s->in_service.cap; i++) {
        const wb_contact *c = s->in_service.slots[i].val;
        if (!s->in_service.slots[i].key)
            continue;
        wb_snap_service *o = &out->in_service[out->n_in_service++];
        o->id = c->id;
        o->channel = m->ch[c->ch].cfg.name;
        o->queue = m->gq[c->gq].name;
        o->agent = c->agent;
        o->ts = c->ts;
    }
    for (size_t i = 0; i < s->n_agents; i++) {
        const wb_agent *a = s->agents[i];
        wb_snap_agent *o = &out->agents[out->n_agents++];
        o->agent = a->id;
        o->name = a->name;
        o->team = a->team;
        o->reason = a->reason;
        o->state = a->state;
        o->has_next = a->has_next;
        o->next = a->next;
        o->since = a->since;
        for (size_t c = 0; c < m->n_ch; c++)
            if (a->chmask & (1u << c))
                o->channels[o->n_channels++] = m->ch[c].cfg.name;
    }
    wb_ms lo = wb_model_window_lo(m, now);
    for (size_t i = 0; i < s->q_cap; i++) {
        const wb_squeue *q = s->q[i];
        if (!q)
            continue;
        wb_snap_queue *o = &out->queues[out->n_queues++];
        o->queue = m->gq[i].name;
        o->channel = m->ch[m->gq[i].ch].cfg.name;
        o->day_start = m->day_start;
        if (q->day_start == m->day_start)
            o->today = q->today;
        o->arrival_rate = q->arr_rate;
        o->has_rate_fast = true;
        o->arrival_rate_fast = q->arr_fast;
        o->arrival_ts = q->arr_ts;
        o->bucket_ms = m->bucket_ms;
        if (wb_model_interval_to_snap(m, q, o) != WB_OK)
            goto fail;
        o->buckets = calloc(m->nb, sizeof *o->buckets);
        if (!o->buckets)
            goto fail;
        /* Oldest first: walk the window's periods in time order and pick their slots. */
        for (size_t k = 0; k < m->nb; k++) {
            wb_ms start = lo + (wb_ms)k * m->bucket_ms;
            const wb_bucket *b = &q->ring[wb_model_slot_of(start, m->bucket_ms, m->nb)];
            if (b->start != start)
                continue;
            wb_counts zero = {0};
            if (memcmp(&b->c, &zero, sizeof zero) == 0)
                continue;
            o->buckets[o->n_buckets].start = start;
            o->buckets[o->n_buckets].c = b->c;
            o->n_buckets++;
        }
    }
    if (wb_model_kpi_snapshot_out(m, s->src, out) < 0 ||
        wb_model_day_before_to_snap(m, s->chmask, out) < 0)
        goto fail;
    return WB_OK;
fail:
    wb_snapshot_fini(out);
    return WB_ERR_NOMEM;
}
