/*
 * wb_model.c - the live state of the contact center: its lifetime and configuration, and the
 * tables everything else hangs from.
 *
 * Data structure owned here: the channel table (configured channels first, then discovered
 * ones), the queue registry (channel + queue name -> global index, a hash map whose keys
 * point into the dense array of wb_gqueue) and the array of sources, each with its maps of
 * contacts, its agents and its per-queue counters (wb_model_int.h describes them all). This
 * file creates and frees them; the other wb_model*.c files fill and read them.
 */
#include "wb_grow.h"
#include "wb_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *wb_model_dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Replaces *dst with a copy of s (NULL clears); keeps the old value if the copy fails. */
void wb_model_set_str(char **dst, const char *s)
{
    if (*dst && s && strcmp(*dst, s) == 0)
        return;
    char *n = wb_model_dup_str(s);
    if (s && !n)
        return;
    free(*dst);
    *dst = n;
}

/* ---------------------------------------------------------------- channels and queues */

static void channel_reset_spark(wb_channel *c)
{
    memset(c->spark, 0, sizeof c->spark);
    for (size_t i = 0; i < WB_SPARK_N; i++)
        c->spark_idx[i] = -1;
    c->spark_last = -1;
}

int wb_model_channel_index(const wb_model *m, const char *name)
{
    /* Every contact event asks: the first byte tells most channel names apart. */
    for (size_t i = 0; i < m->n_ch; i++)
        if (m->ch[i].cfg.name[0] == name[0] && wb_str_eq(m->ch[i].cfg.name, name))
            return (int)i;
    return WB_NOT_FOUND;
}

/* Finds a channel, adding an unconfigured one with default settings when it is new. */
int wb_model_channel_get(wb_model *m, const char *name)
{
    int i = wb_model_channel_index(m, name);
    if (i >= 0)
        return i;
    if (m->n_ch >= WB_MAX_CHANNELS || strlen(name) >= WB_MAX_NAME)
        return WB_ERR_LIMIT;
    wb_channel *c = &m->ch[m->n_ch];
    memset(c, 0, sizeof *c);
    wb_channel_cfg_default(&m->cfg, &c->cfg, name);
    channel_reset_spark(c);
    return (int)m->n_ch++;
}

/*
 * The registry key of a queue: the channel name's length, a colon, the channel name and the
 * queue name. The length makes the split unambiguous whatever bytes the names hold (a
 * separator byte could also appear inside a name). Returns the offset of the queue name in
 * key, or 0 when a name is too long (a channel name of WB_MAX_NAME bytes or more, a queue
 * name over WB_MAX_STR_BYTES).
 */
size_t wb_model_queue_key(char key[WB_QKEY_CAP], const char *channel, const char *queue)
{
    size_t cl = strlen(channel), ql = strlen(queue);
    if (cl >= WB_MAX_NAME || ql > WB_MAX_STR_BYTES)
        return 0;
    /* cl < 64: at most two digits. */
    size_t n = 0;
    if (cl >= 10)
        key[n++] = (char)('0' + cl / 10);
    key[n++] = (char)('0' + cl % 10);
    key[n++] = ':';
    memcpy(key + n, channel, cl);
    memcpy(key + n + cl, queue, ql + 1);
    return n + cl;
}

/* Global index of a known queue, or -1. */
int wb_model_gqueue_find(const wb_model *m, const char *channel, const char *queue)
{
    char key[WB_QKEY_CAP];
    if (!wb_model_queue_key(key, channel, queue))
        return -1;
    void *v = wb_map_get(&m->gq_map, key);
    return v ? (int)((intptr_t)v - 1) : -1;
}

int wb_model_gqueue_find_ch(wb_model *m, int ch, const char *queue)
{
    wb_channel *c = &m->ch[ch];
    size_t g = c->last_gq;
    /*
     * A queue of channel ch named queue has the registry key the lookup would build: the one
     * entry of that key. The check needs no trust in last_gq (a channel zeroed or reset leaves
     * any value there).
     */
    if (g < m->n_gq && m->gq[g].ch == ch && wb_str_eq(m->gq[g].name, queue))
        return (int)g;
    int gq = wb_model_gqueue_find(m, c->cfg.name, queue);
    if (gq >= 0)
        c->last_gq = (size_t)gq;
    return gq;
}

int wb_model_gqueue_get(wb_model *m, int ch, const char *queue)
{
    char key[WB_QKEY_CAP];
    size_t off = wb_model_queue_key(key, m->ch[ch].cfg.name, queue);
    if (!off)
        return WB_ERR_LIMIT;
    void *v = wb_map_get(&m->gq_map, key);
    if (v)
        return (int)((intptr_t)v - 1);
    if (m->n_gq >= WB_MAX_QUEUES)
        return WB_ERR_LIMIT;
    if (m->n_gq == m->cap_gq) {
        wb_gqueue *n = wb_grow(m->gq, &m->cap_gq, m->n_gq + 1, sizeof *n, 16);
        if (!n)
            return WB_ERR_NOMEM;
        /* The map's keys point into the entries, so re-point them after the move. */
        m->gq = n;
        wb_map_clear(&m->gq_map);
        for (size_t i = 0; i < m->n_gq; i++)
            wb_map_put(&m->gq_map, m->gq[i].key, (void *)(intptr_t)(i + 1));
    }
    wb_gqueue *g = &m->gq[m->n_gq];
    g->key = wb_model_dup_str(key);
    g->name = g->key ? g->key + off : NULL;
    g->ch = ch;
    if (g->key)
        wb_config_queue_settings(&m->cfg, &m->ch[ch].cfg, g->name, &g->cfg);
    if (!g->key || wb_map_put(&m->gq_map, g->key, (void *)(intptr_t)(m->n_gq + 1)) != WB_OK) {
        free(g->key);
        return WB_ERR_NOMEM;
    }
    return (int)m->n_gq++;
}

/* ---------------------------------------------------------------- sources */

void wb_model_contact_free(wb_contact *c)
{
    if (c) {
        free(c->agent);
        free(c);
    }
}

wb_contact *wb_model_contact_new(const char *id, int gq, int ch, wb_ms ts, const char *agent)
{
    size_t n = strlen(id) + 1;
    wb_contact *c = malloc(sizeof *c + n);
    if (!c)
        return NULL;
    memcpy(c->id, id, n);
    c->gq = gq;
    c->ch = ch;
    c->ts = ts;
    c->agent = wb_model_dup_str(agent);
    return c;
}

static void map_free_contacts(wb_map *mp)
{
    for (size_t i = 0; i < mp->cap; i++)
        if (mp->slots[i].key)
            wb_model_contact_free(mp->slots[i].val);
    wb_map_clear(mp);
}

static void agent_free(wb_agent *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->name);
    free(a->team);
    free(a->reason);
    free(a);
}

static void squeue_clear(wb_model *m, wb_squeue *q)
{
    q->day_start = 0;
    memset(&q->today, 0, sizeof q->today);
    for (size_t i = 0; i < m->nb; i++) {
        q->ring[i].start = -1;
        memset(&q->ring[i].c, 0, sizeof q->ring[i].c);
    }
    q->arr_rate = 0;
    q->arr_fast = 0;
    q->arr_ts = 0;
    q->iv_day = 0; /* the interval counters stay allocated for the pair's next day */
}

/* Drops everything a source told us, keeping its identity, sequence state and fingerprints. */
void wb_model_source_clear(wb_model *m, wb_source *s)
{
    m->wgen++;
    map_free_contacts(&s->waiting);
    map_free_contacts(&s->in_service);
    wb_map_clear(&s->agent_map);
    for (size_t i = 0; i < s->n_agents; i++)
        agent_free(s->agents[i]);
    s->n_agents = 0;
    for (size_t i = 0; i < s->q_cap; i++)
        if (s->q[i])
            squeue_clear(m, s->q[i]);
    s->chmask = 0;
    s->contact_mask = 0;
}

void wb_model_source_free(wb_model *m, wb_source *s)
{
    if (!s)
        return;
    wb_model_source_clear(m, s);
    wb_map_fini(&s->waiting);
    wb_map_fini(&s->in_service);
    wb_map_fini(&s->agent_map);
    free(s->agents);
    for (size_t i = 0; i < s->q_cap; i++) {
        if (s->q[i]) {
            free(s->q[i]->ring);
            wb_model_interval_free(m, s->q[i]);
            m->n_sq--;
        }
        free(s->q[i]);
    }
    free(s->q);
    wb_seen_fini(&s->seen);
    free(s->src);
    free(s);
}

static wb_source *source_find(const wb_model *m, const char *src)
{
    for (size_t i = 0; i < m->n_src; i++)
        if (wb_str_eq(m->src[i]->src, src))
            return m->src[i];
    return NULL;
}

wb_source *wb_model_source_get(wb_model *m, const char *src)
{
    wb_source *found = source_find(m, src);
    if (found || m->n_src >= WB_MAX_SOURCES)
        return found;
    wb_source **grown = wb_grow(m->src, &m->cap_src, m->n_src + 1, sizeof *grown, 4);
    if (!grown)
        return NULL;
    m->src = grown;
    wb_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->src = wb_model_dup_str(src);
    wb_map_init(&s->waiting);
    wb_map_init(&s->in_service);
    wb_map_init(&s->agent_map);
    wb_map_set_key(&s->waiting, &m->hkey);
    wb_map_set_key(&s->in_service, &m->hkey);
    wb_map_set_key(&s->agent_map, &m->hkey);
    s->last_rx = -1;
    s->heard_last = -1;
    s->watch_w = m->day_end != 0 ? m->day_start : 0;
    if (!s->src) {
        free(s);
        return NULL;
    }
    m->src[m->n_src++] = s;
    return s;
}

wb_squeue *wb_model_squeue_get(wb_model *m, wb_source *s, int gq)
{
    if ((size_t)gq >= s->q_cap) {
        size_t old = s->q_cap;
        wb_squeue **n = wb_grow(s->q, &s->q_cap, (size_t)gq + 1, sizeof *n, 8);
        if (!n)
            return NULL;
        memset(n + old, 0, (s->q_cap - old) * sizeof *n);
        s->q = n;
    }
    if (!s->q[gq]) {
        wb_squeue *q = calloc(1, sizeof *q);
        if (!q)
            return NULL;
        q->ring = calloc(m->nb, sizeof *q->ring);
        if (!q->ring) {
            free(q);
            return NULL;
        }
        squeue_clear(m, q);
        s->q[gq] = q;
        m->n_sq++;
    }
    s->q[gq]->gq = gq;
    return s->q[gq];
}

wb_agent *wb_model_agent_get(wb_source *s, const char *id, bool *created)
{
    wb_agent *a = wb_map_get(&s->agent_map, id);
    *created = false;
    if (a)
        return a;
    wb_agent **grown = wb_grow(s->agents, &s->cap_agents, s->n_agents + 1, sizeof *grown, 16);
    if (!grown)
        return NULL;
    s->agents = grown;
    a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->id = wb_model_dup_str(id);
    a->work_ch = -1;
    if (!a->id || wb_map_put(&s->agent_map, a->id, a) != WB_OK) {
        agent_free(a);
        return NULL;
    }
    s->agents[s->n_agents++] = a;
    *created = true;
    return a;
}

/* ---------------------------------------------------------------- model lifetime */

/* Bucket width and buckets per rolling window of a configuration. */
static size_t ring_shape(const wb_config *c, wb_ms *bucket_ms)
{
    wb_ms b = c->bucket_ms > 0 ? c->bucket_ms : 10000;
    wb_ms win = c->rolling_ms > 0 ? c->rolling_ms : 30 * 60 * 1000;
    size_t nb = (size_t)((win + b - 1) / b);
    if (bucket_ms)
        *bucket_ms = b;
    return nb < 1 ? 1 : nb;
}

static void set_geometry(wb_model *m)
{
    m->nb = ring_shape(&m->cfg, &m->bucket_ms);
}

wb_model *wb_model_new(const wb_config *cfg)
{
    wb_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = *cfg;
    set_geometry(m);
    wb_map_init(&m->gq_map);
    m->last_rx = -1;
    m->heard_last = -1;
    m->max_future = WB_MAX_FUTURE_MS;
    m->max_past = WB_MAX_PAST_MS;
    m->wcache = calloc(1, sizeof *m->wcache);
    if (!m->wcache) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < cfg->n_channels; i++) {
        wb_channel *c = &m->ch[m->n_ch++];
        c->cfg = cfg->channels[i];
        c->configured = true;
        channel_reset_spark(c);
    }
    return m;
}

void wb_model_free(wb_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_src; i++)
        wb_model_source_free(m, m->src[i]);
    free(m->src);
    for (size_t i = 0; i < m->n_gq; i++)
        free(m->gq[i].key);
    free(m->gq);
    wb_map_fini(&m->gq_map);
    free(m->wcache->q_n);
    free(m->wcache->q_old);
    free(m->wcache);
    wb_model_kpi_free_all(m);
    free(m);
}

const wb_config *wb_model_config(const wb_model *m)
{
    return &m->cfg;
}

int wb_model_set_hash_key(wb_model *m, uint64_t k0, uint64_t k1)
{
    if (m->n_src > 0 || m->n_gq > 0)
        return WB_ERR_INVAL;
    m->hkey.k0 = k0;
    m->hkey.k1 = k1;
    return wb_map_set_key(&m->gq_map, &m->hkey);
}

uint64_t wb_model_untracked(const wb_model *m)
{
    return m->untracked;
}

void wb_model_day_mismatch(const wb_model *m, wb_day_mismatch *out)
{
    *out = m->day_mismatch;
}

uint64_t wb_model_expired(const wb_model *m)
{
    return m->expired;
}

int wb_model_set_config(wb_model *m, const wb_config *cfg)
{
    wb_ms old_bucket = m->bucket_ms;
    size_t old_nb = m->nb;
    wb_config next = *cfg;
    /* Check room first, so that a config that cannot be applied changes nothing. */
    size_t extra = 0;
    for (size_t i = 0; i < next.n_channels; i++)
        if (wb_model_channel_index(m, next.channels[i].name) < 0)
            extra++;
    if (m->n_ch + extra > WB_MAX_CHANNELS)
        return WB_ERR_LIMIT;
    /* A longer window or narrower buckets must not take the rings past their memory limit. */
    wb_ms new_bucket;
    size_t new_nb = ring_shape(&next, &new_bucket);
    if (m->n_sq * new_nb > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
    /*
     * Rings of a new shape are all allocated before anything changes, so that running out of
     * memory half-way leaves the old configuration and the old rings in place together.
     */
    wb_bucket **rings = NULL;
    size_t n_rings = 0;
    if (new_bucket != old_bucket || new_nb != old_nb) {
        rings = calloc(m->n_sq + 1, sizeof *rings);
        if (!rings)
            return WB_ERR_NOMEM;
        for (size_t s = 0; s < m->n_src; s++)
            for (size_t q = 0; q < m->src[s]->q_cap; q++) {
                if (!m->src[s]->q[q])
                    continue;
                wb_bucket *r = n_rings < m->n_sq ? calloc(new_nb, sizeof *r) : NULL;
                if (!r)
                    goto fail;
                for (size_t b = 0; b < new_nb; b++)
                    r[b].start = -1;
                rings[n_rings++] = r;
            }
    }
    /*
     * Counters of another interval width cannot be re-cut: the day's intervals start over,
     * and the day before (in the old width's intervals) is dropped.
     */
    bool recut =
        wb_model_interval_ms(m) != (next.interval_ms > 0 ? next.interval_ms : 15 * 60 * 1000);
    if (recut) {
        for (size_t s = 0; s < m->n_src; s++)
            for (size_t q = 0; q < m->src[s]->q_cap; q++)
                if (m->src[s]->q[q])
                    wb_model_interval_free(m, m->src[s]->q[q]);
        for (size_t c = 0; c < m->n_ch; c++)
            m->ch[c].prof_n = 0;
    }
    m->cfg = next;
    set_geometry(m);
    for (size_t i = 0; i < m->n_ch; i++) {
        if (wb_config_channel_index(&m->cfg, m->ch[i].cfg.name) < 0) {
            /* Copy the name first: the defaults are written over the struct it lives in. */
            char name[WB_MAX_NAME];
            snprintf(name, sizeof name, "%s", m->ch[i].cfg.name);
            wb_channel_cfg_default(&m->cfg, &m->ch[i].cfg, name);
            m->ch[i].configured = false;
        }
    }
    for (size_t i = 0; i < next.n_channels; i++) {
        int c = wb_model_channel_index(m, next.channels[i].name);
        if (c < 0) {
            c = (int)m->n_ch++;
            memset(&m->ch[c], 0, sizeof m->ch[c]);
            channel_reset_spark(&m->ch[c]);
        }
        m->ch[c].cfg = next.channels[i];
        m->ch[c].configured = true;
    }
    /* Queues follow their channels' new settings and their own new sections. */
    for (size_t i = 0; i < m->n_gq; i++)
        wb_config_queue_settings(&m->cfg, &m->ch[m->gq[i].ch].cfg, m->gq[i].name, &m->gq[i].cfg);
    if (rings) {
        /* The rolling rings change shape: start them afresh rather than misplace counts. */
        size_t k = 0;
        for (size_t s = 0; s < m->n_src; s++) {
            wb_source *src = m->src[s];
            for (size_t q = 0; q < src->q_cap; q++) {
                if (!src->q[q])
                    continue;
                free(src->q[q]->ring);
                src->q[q]->ring = rings[k++];
            }
        }
        free(rings);
    }
    /*
     * The zone may have changed: recompute the day now, from the newest tick or the day we
     * had, whichever is later (the day only moves forward), so that an outcome stamped
     * yesterday cannot make yesterday "today" before the next tick comes.
     */
    wb_ms ref = m->tick_now, day = m->day_start;
    if (m->day_end != 0 && m->day_start > ref)
        ref = m->day_start;
    m->day_end = 0;
    if (ref > 0)
        wb_model_set_day(m, ref);
    /*
     * Today's intervals start over when their width changes, and when the zone moves the day:
     * what was counted before now is lost to them, so today is watched from now on
     * (docs/metrics.md section 6.5).
     */
    if (recut || m->day_start != day)
        wb_model_watch_from(m, ref, true);
    return WB_OK;
fail:
    for (size_t i = 0; i < n_rings; i++)
        free(rings[i]);
    free(rings);
    return WB_ERR_NOMEM;
}

/* ---------------------------------------------------------------- sources and staleness */

size_t wb_model_source_count(const wb_model *m)
{
    return m->n_src;
}

void wb_model_source_info(const wb_model *m, size_t i, wb_source_info *out)
{
    const wb_source *s = m->src[i];
    out->src = s->src;
    out->resyncing = s->resyncing;
    out->last_seq = s->last_seq;
    out->gaps = s->gaps;
    out->missed = s->missed;
    out->last_rx = s->last_rx;
}

wb_ms wb_model_last_rx(const wb_model *m)
{
    return m->last_rx;
}

static wb_ms stale_after(const wb_model *m)
{
    return m->cfg.stale_after_ms > 0 ? m->cfg.stale_after_ms : 5000;
}

bool wb_model_stale(const wb_model *m, wb_ms now)
{
    return m->last_rx < 0 || now - m->last_rx > stale_after(m);
}

/*
 * A channel's publishers are those of its contacts; only a channel that never had a contact
 * from anyone (agents but no queue yet) goes by the publishers of its agents. An ACD that
 * still sends phone's blended agents, who serve chat too, does not keep chat live when the
 * publisher of chat's contacts has died.
 */
void wb_model_waiting_silent(const wb_model *m, wb_ms now, uint32_t *out, wb_ms *heard)
{
    for (size_t c = 0; c < m->n_ch; c++) {
        if (out)
            out[c] = 0;
        if (heard)
            heard[c] = -1;
    }
    /* Only silent publishers' maps are walked: on a live board usually none. */
    for (size_t i = 0; i < m->n_src; i++) {
        const wb_source *s = m->src[i];
        if (s->last_rx < 0 || now - s->last_rx <= stale_after(m) || s->waiting.len == 0)
            continue;
        for (size_t k = 0; k < s->waiting.cap; k++) {
            const wb_contact *c = s->waiting.slots[k].val;
            if (!s->waiting.slots[k].key || c->ch < 0 || (size_t)c->ch >= m->n_ch)
                continue;
            if (out)
                out[c->ch]++;
            if (heard && (heard[c->ch] < 0 || s->last_rx < heard[c->ch]))
                heard[c->ch] = s->last_rx;
        }
    }
}

bool wb_model_channel_silent(const wb_model *m, size_t chi, wb_ms now, wb_ms *heard)
{
    wb_ms last = -1;
    uint32_t bit = chi < WB_MAX_CHANNELS ? 1u << chi : 0;
    bool contacts = false;
    for (size_t i = 0; i < m->n_src; i++)
        contacts |= (m->src[i]->contact_mask & bit) != 0;
    for (size_t i = 0; i < m->n_src; i++) {
        const wb_source *s = m->src[i];
        if (((contacts ? s->contact_mask : s->chmask) & bit) && s->last_rx > last)
            last = s->last_rx;
    }
    if (heard)
        *heard = last;
    return last >= 0 && now - last > stale_after(m);
}
