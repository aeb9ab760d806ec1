/*
 * wb_model.c - the live state of the contact center.
 *
 * Data structure: the model holds a table of channels (configured first, then discovered), a
 * registry of queues (channel + queue name -> global index) and one wb_source per publisher.
 * A source owns everything that publisher told us, so that its snapshot can replace exactly
 * that: a hash map of waiting contacts and one of contacts in service (id -> contact), its
 * agents (dense array + id map), per global queue a wb_squeue with today's counters and a
 * ring of rolling-window buckets, a bounded set of event fingerprints for duplicate detection,
 * and its sequence-number state. Metrics are not stored: they are summed over sources when
 * asked for, which keeps apply() cheap and a snapshot replacement trivially consistent.
 */
#include "wb_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_forecast.h"
#include "wb_map.h"
#include "wb_model_forecast.h"
#include "wb_time.h"

/* Waits and handle times are clamped to this, so that sums cannot overflow. */
#define WB_MAX_DURATION_MS (30LL * 24 * 3600 * 1000)
/* Contacts in service longer than this are dropped when the day rolls over: their
 * completion was lost, and they would otherwise be kept forever. */
#define WB_MAX_SERVICE_MS (24LL * 3600 * 1000)
/* Outcomes up to this far past the end of the current day roll the day over by themselves. */
#define WB_DAY_SKEW_MS (3600 * 1000)
#define WB_SPARK_MS 10000

typedef struct wb_bucket {
    wb_ms start; /* -1 = unused */
    wb_counts c;
} wb_bucket;

typedef struct wb_squeue {
    wb_ms day_start; /* day that today counts belong to */
    wb_counts today;
    wb_bucket *ring;
    double arr_rate; /* arrivals per second, as of arr_ts (time constant forecast_tau_ms) */
    double arr_fast; /* the same arrivals with time constant WB_FORECAST_TAU_FAST_S */
    wb_ms arr_ts;
} wb_squeue;

typedef struct wb_contact {
    int gq;
    int ch;
    wb_ms ts;    /* queued time while waiting; answer time while in service */
    char *agent; /* may be NULL */
    char id[];   /* the map key points here */
} wb_contact;

typedef struct wb_agent {
    char *id, *name, *team, *reason;
    wb_agent_state state;
    wb_ms since;
    wb_ms last_ts;
    uint32_t chmask;
    /*
     * Channel of the contact the agent is busy with or wrapping up (known from the agent of
     * contact.answered), -1 when none or unknown. It is what makes an agent count "here" on
     * exactly one channel, so that per-channel busy figures can be summed.
     */
    int work_ch;
    wb_ms work_ts; /* when that contact was answered */
} wb_agent;

typedef struct wb_source {
    char *src;
    bool resyncing;
    bool seq_seen;
    uint64_t last_seq, gaps, missed;
    wb_ms last_rx;
    uint32_t chmask; /* channels this source has told us about */
    wb_map waiting;
    wb_map in_service;
    wb_map agent_map;
    wb_agent **agents;
    size_t n_agents, cap_agents;
    wb_squeue **q; /* indexed by global queue index; NULL where unused */
    size_t q_cap;
    wb_seen seen; /* allocated with the first contact event: heartbeat-only sources are cheap */
} wb_source;

typedef struct wb_channel {
    wb_channel_cfg cfg;
    bool configured;
    bool had_data;
    uint16_t spark[WB_SPARK_N];
    int64_t spark_idx[WB_SPARK_N]; /* which 10 s slot each sample belongs to; -1 = none */
    int64_t spark_last;            /* newest slot written, -1 = none */
} wb_channel;

typedef struct wb_gqueue {
    char *name;
    char *key; /* "<length of channel>:<channel><queue>", the registry key (see queue_key) */
    int ch;
} wb_gqueue;

/*
 * Waiting counts and oldest queued times per channel and per queue, computed in one pass over
 * the waiting contacts and kept until the waiting set changes (gen), so that filling the
 * screen's view costs one pass however many channels and queues it asks about.
 */
typedef struct wb_wcache {
    uint64_t gen; /* the model's wgen it was computed for */
    bool valid;
    uint32_t ch_n[WB_MAX_CHANNELS];
    wb_ms ch_old[WB_MAX_CHANNELS];
    uint32_t *q_n;
    wb_ms *q_old;
    size_t q_cap;
} wb_wcache;

struct wb_model {
    wb_config cfg;
    wb_channel ch[WB_MAX_CHANNELS];
    size_t n_ch;
    wb_gqueue *gq;
    size_t n_gq, cap_gq;
    wb_map gq_map;
    wb_source **src;
    size_t n_src, cap_src;
    size_t nb; /* buckets per ring */
    wb_ms bucket_ms;
    wb_ms day_start, day_end; /* day_end 0 = no day yet */
    wb_ms newest_ts;
    wb_ms last_rx;
    wb_ms tick_now;     /* newest time given to wb_model_tick(), 0 before the first */
    wb_ms max_future;   /* see wb_model_set_max_future(); 0 = off */
    bool event_clock;   /* see wb_model_set_event_clock() */
    uint64_t wgen;      /* bumped whenever a waiting set changes */
    wb_wcache *wcache;  /* heap, so that const metrics calls can refresh it */
    wb_hash_key hkey;   /* of every hash table and of the duplicate fingerprints */
    size_t n_sq;        /* (source, queue) pairs allocated, each with a ring of nb buckets */
    uint64_t expired;   /* waiting contacts dropped by the expiry */
    uint64_t untracked; /* answers counted but not kept in service: the limit was reached */
};

static char *dup_str(const char *s)
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
static void set_str(char **dst, const char *s)
{
    if (*dst && s && strcmp(*dst, s) == 0)
        return;
    char *n = dup_str(s);
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
    for (size_t i = 0; i < m->n_ch; i++)
        if (strcmp(m->ch[i].cfg.name, name) == 0)
            return (int)i;
    return -1;
}

/* Finds a channel, adding an unconfigured one with default settings when it is new. */
static int channel_get(wb_model *m, const char *name)
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
#define WB_QKEY_CAP (24 + WB_MAX_NAME + WB_MAX_STR_BYTES + 1)
static size_t queue_key(char key[WB_QKEY_CAP], const char *channel, const char *queue)
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
static int gqueue_find(const wb_model *m, const char *channel, const char *queue)
{
    char key[WB_QKEY_CAP];
    if (!queue_key(key, channel, queue))
        return -1;
    void *v = wb_map_get(&m->gq_map, key);
    return v ? (int)((intptr_t)v - 1) : -1;
}

static int gqueue_get(wb_model *m, int ch, const char *queue)
{
    char key[WB_QKEY_CAP];
    size_t off = queue_key(key, m->ch[ch].cfg.name, queue);
    if (!off)
        return WB_ERR_LIMIT;
    void *v = wb_map_get(&m->gq_map, key);
    if (v)
        return (int)((intptr_t)v - 1);
    if (m->n_gq >= WB_MAX_QUEUES)
        return WB_ERR_LIMIT;
    if (m->n_gq == m->cap_gq) {
        size_t ncap = m->cap_gq ? m->cap_gq * 2 : 16;
        wb_gqueue *n = realloc(m->gq, ncap * sizeof *n);
        if (!n)
            return WB_ERR_NOMEM;
        /* The map's keys point into the entries, so re-point them after the move. */
        m->gq = n;
        m->cap_gq = ncap;
        wb_map_clear(&m->gq_map);
        for (size_t i = 0; i < m->n_gq; i++)
            wb_map_put(&m->gq_map, m->gq[i].key, (void *)(intptr_t)(i + 1));
    }
    wb_gqueue *g = &m->gq[m->n_gq];
    g->key = dup_str(key);
    g->name = g->key ? g->key + off : NULL;
    g->ch = ch;
    if (!g->key || wb_map_put(&m->gq_map, g->key, (void *)(intptr_t)(m->n_gq + 1)) != WB_OK) {
        free(g->key);
        return WB_ERR_NOMEM;
    }
    return (int)m->n_gq++;
}

/* ---------------------------------------------------------------- sources */

static void contact_free(wb_contact *c)
{
    if (c) {
        free(c->agent);
        free(c);
    }
}

static wb_contact *contact_new(const char *id, int gq, int ch, wb_ms ts, const char *agent)
{
    size_t n = strlen(id) + 1;
    wb_contact *c = malloc(sizeof *c + n);
    if (!c)
        return NULL;
    memcpy(c->id, id, n);
    c->gq = gq;
    c->ch = ch;
    c->ts = ts;
    c->agent = dup_str(agent);
    return c;
}

static void map_free_contacts(wb_map *mp)
{
    for (size_t i = 0; i < mp->cap; i++)
        if (mp->slots[i].key)
            contact_free(mp->slots[i].val);
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
}

/* Drops everything a source told us, keeping its identity, sequence state and fingerprints. */
static void source_clear(wb_model *m, wb_source *s)
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
}

static void source_free(wb_model *m, wb_source *s)
{
    if (!s)
        return;
    source_clear(m, s);
    wb_map_fini(&s->waiting);
    wb_map_fini(&s->in_service);
    wb_map_fini(&s->agent_map);
    free(s->agents);
    for (size_t i = 0; i < s->q_cap; i++) {
        if (s->q[i]) {
            free(s->q[i]->ring);
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
        if (strcmp(m->src[i]->src, src) == 0)
            return m->src[i];
    return NULL;
}

static wb_source *source_get(wb_model *m, const char *src)
{
    wb_source *found = source_find(m, src);
    if (found || m->n_src >= WB_MAX_SOURCES)
        return found;
    if (m->n_src == m->cap_src) {
        size_t ncap = m->cap_src ? m->cap_src * 2 : 4;
        wb_source **n = realloc(m->src, ncap * sizeof *n);
        if (!n)
            return NULL;
        m->src = n;
        m->cap_src = ncap;
    }
    wb_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->src = dup_str(src);
    wb_map_init(&s->waiting);
    wb_map_init(&s->in_service);
    wb_map_init(&s->agent_map);
    wb_map_set_key(&s->waiting, &m->hkey);
    wb_map_set_key(&s->in_service, &m->hkey);
    wb_map_set_key(&s->agent_map, &m->hkey);
    s->last_rx = -1;
    if (!s->src) {
        free(s);
        return NULL;
    }
    m->src[m->n_src++] = s;
    return s;
}

static wb_squeue *squeue_get(wb_model *m, wb_source *s, int gq)
{
    if ((size_t)gq >= s->q_cap) {
        size_t ncap = s->q_cap ? s->q_cap : 8;
        while (ncap <= (size_t)gq)
            ncap *= 2;
        wb_squeue **n = realloc(s->q, ncap * sizeof *n);
        if (!n)
            return NULL;
        memset(n + s->q_cap, 0, (ncap - s->q_cap) * sizeof *n);
        s->q = n;
        s->q_cap = ncap;
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
    return s->q[gq];
}

static wb_agent *agent_get(wb_source *s, const char *id, bool *created)
{
    wb_agent *a = wb_map_get(&s->agent_map, id);
    *created = false;
    if (a)
        return a;
    if (s->n_agents == s->cap_agents) {
        size_t ncap = s->cap_agents ? s->cap_agents * 2 : 16;
        wb_agent **n = realloc(s->agents, ncap * sizeof *n);
        if (!n)
            return NULL;
        s->agents = n;
        s->cap_agents = ncap;
    }
    a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->id = dup_str(id);
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

static void set_day(wb_model *m, wb_ms t);

wb_model *wb_model_new(const wb_config *cfg)
{
    wb_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = *cfg;
    set_geometry(m);
    wb_map_init(&m->gq_map);
    m->last_rx = -1;
    m->max_future = WB_MAX_FUTURE_MS;
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
        source_free(m, m->src[i]);
    free(m->src);
    for (size_t i = 0; i < m->n_gq; i++)
        free(m->gq[i].key);
    free(m->gq);
    wb_map_fini(&m->gq_map);
    free(m->wcache->q_n);
    free(m->wcache->q_old);
    free(m->wcache);
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
    if (m->n_sq * ring_shape(&next, NULL) > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
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
    if (old_bucket != m->bucket_ms || old_nb != m->nb) {
        /* The rolling rings change shape: start them afresh rather than misplace counts. */
        for (size_t s = 0; s < m->n_src; s++) {
            wb_source *src = m->src[s];
            for (size_t q = 0; q < src->q_cap; q++) {
                if (!src->q[q])
                    continue;
                wb_bucket *r = calloc(m->nb, sizeof *r);
                if (!r)
                    return WB_ERR_NOMEM;
                free(src->q[q]->ring);
                src->q[q]->ring = r;
                for (size_t b = 0; b < m->nb; b++)
                    r[b].start = -1;
            }
        }
    }
    /*
     * The zone may have changed: recompute the day now, from the newest tick or the day we
     * had, whichever is later (the day only moves forward), so that an outcome stamped
     * yesterday cannot make yesterday "today" before the next tick comes.
     */
    wb_ms ref = m->tick_now;
    if (m->day_end != 0 && m->day_start > ref)
        ref = m->day_start;
    m->day_end = 0;
    if (ref > 0)
        set_day(m, ref);
    return WB_OK;
}

/* ---------------------------------------------------------------- time */

static void set_day(wb_model *m, wb_ms t)
{
    m->day_start = wb_day_start(t, m->cfg.tz);
    m->day_end = wb_day_end(t, m->cfg.tz);
}

/*
 * The day only moves forward: a clock a few seconds behind the publisher's must not move
 * "today" back to yesterday once an event has rolled it over (and erase the new day's counts).
 */
static void ensure_day(wb_model *m, wb_ms t)
{
    if (m->day_end == 0 || t >= m->day_end)
        set_day(m, t);
}

static wb_ms floor_to(wb_ms t, wb_ms w)
{
    return t >= 0 ? t / w * w : -((-t + w - 1) / w) * w;
}

/* Ring slot of the bucket starting at start (a floor modulo: right for negative times too). */
static size_t slot_of(wb_ms start, wb_ms w, size_t nb)
{
    wb_ms k = (start / w) % (wb_ms)nb;
    return (size_t)(k < 0 ? k + (wb_ms)nb : k);
}

/* The oldest bucket start still inside the rolling window at now. */
static wb_ms window_lo(const wb_model *m, wb_ms now)
{
    return floor_to(now, m->bucket_ms) - (wb_ms)(m->nb - 1) * m->bucket_ms;
}

static wb_counts *bucket_for(wb_model *m, wb_squeue *q, wb_ms ts)
{
    wb_ms start = floor_to(ts, m->bucket_ms);
    wb_bucket *b = &q->ring[slot_of(start, m->bucket_ms, m->nb)];
    if (b->start == start)
        return &b->c;
    if (b->start > start)
        return NULL; /* the slot already holds a newer period: this outcome is too old */
    b->start = start;
    memset(&b->c, 0, sizeof b->c);
    return &b->c;
}

/* Counts the outcome in today's counters (if it is today) and in its rolling bucket. */
typedef void (*wb_count_fn)(wb_counts *c, const wb_channel_cfg *cfg, wb_ms v);

static void count_outcome(wb_model *m, wb_squeue *q, int ch, wb_ms ts, wb_count_fn fn, wb_ms v)
{
    /*
     * On the wall clock, only an outcome just past midnight rolls the day over (a publisher a
     * little ahead of us); one far ahead is a wrong clock. On event time the events are the
     * clock: any later day is the new today.
     */
    if (m->day_end == 0 ||
        (ts >= m->day_end && (m->event_clock || ts < m->day_end + WB_DAY_SKEW_MS)))
        set_day(m, ts);
    const wb_channel_cfg *cfg = &m->ch[ch].cfg;
    if (ts >= m->day_start && ts < m->day_end) {
        if (q->day_start < m->day_start) {
            memset(&q->today, 0, sizeof q->today);
            q->day_start = m->day_start;
        }
        fn(&q->today, cfg, v);
    }
    wb_counts *b = bucket_for(m, q, ts);
    if (b)
        fn(b, cfg, v);
}

/* One outcome added through the saturating sum, so that no counter ever wraps. */
static void count_one(wb_counts *c, wb_counts one)
{
    wb_counts_add(c, &one);
}

static void count_answered(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait)
{
    count_one(
        c, (wb_counts){.answered = 1, .wait_sum_ms = wait, .answered_in_sl = wait <= cfg->sl_t_ms});
}

static void count_abandoned(wb_counts *c, const wb_channel_cfg *cfg, wb_ms wait)
{
    bool short_ab = wait < cfg->short_abandon_ms;
    count_one(c, (wb_counts){.abandoned = 1,
                             .short_abandoned = short_ab,
                             .abandoned_in_sl = !short_ab && wait <= cfg->sl_t_ms});
}

static void count_completed(wb_counts *c, const wb_channel_cfg *cfg, wb_ms handle)
{
    (void)cfg;
    count_one(c, (wb_counts){.completed = 1, .handle_sum_ms = handle});
}

static double tau_slow_s(const wb_model *m)
{
    return (double)(m->cfg.forecast_tau_ms > 0 ? m->cfg.forecast_tau_ms : 900000) / 1000.0;
}

/*
 * Two exponentially weighted arrival rates of the same arrivals, a slow one (the configured
 * smoothing) and a fast one, sharing one time stamp; their difference is the trend
 * (wb_rate_trend()). wb_ewrate_add() makes the result independent of the order in which
 * arrivals are told.
 */
static void count_arrival(wb_model *m, wb_squeue *q, wb_ms ts)
{
    q->arr_rate = wb_ewrate_add(q->arr_rate, q->arr_ts, ts, tau_slow_s(m));
    q->arr_fast = wb_ewrate_add(q->arr_fast, q->arr_ts, ts, WB_FORECAST_TAU_FAST_S);
    if (ts > q->arr_ts)
        q->arr_ts = ts;
}

static void rate_at(const wb_model *m, const wb_squeue *q, wb_ms now, double *slow, double *fast)
{
    *slow += wb_ewrate_at(q->arr_rate, q->arr_ts, now, tau_slow_s(m));
    *fast += wb_ewrate_at(q->arr_fast, q->arr_ts, now, WB_FORECAST_TAU_FAST_S);
}

/* ---------------------------------------------------------------- apply */

/*
 * Fingerprint of (contact id, event kind) for the duplicate set. The id is hashed once per
 * event (apply looks up to four kinds of the same id) and the kind mixed in afterwards.
 */
static uint64_t fp(uint64_t id_hash, char kind)
{
    return id_hash ^ ((uint64_t)(unsigned char)kind * 0x9e3779b97f4a7c15ULL);
}
/*
 * Sequence tracking. A jump forward is a gap. seq 1 again means the publisher restarted: its
 * old ids may come again, so the duplicate fingerprints are forgotten, and until its snapshot
 * the source is resyncing. Any other number at or below the last one is a message delivered
 * twice or late; it says nothing about gaps and leaves the sequence where it was.
 */
static void track_seq(wb_source *s, const wb_event *ev)
{
    if (!ev->has_seq)
        return;
    bool snap = ev->type == WB_EV_SNAPSHOT;
    if (!s->seq_seen) {
        /* We joined late: what came before is unknown until a snapshot tells us. */
        if (ev->seq > 1 && !snap)
            s->resyncing = true;
    } else if (ev->seq > s->last_seq + 1) {
        s->gaps++;
        s->missed += ev->seq - s->last_seq - 1;
        s->resyncing = true;
    } else if ((ev->seq == 1 || (snap && ev->seq < s->last_seq)) && s->last_seq >= 1) {
        /*
         * seq 1 again, or a snapshot numbered below what we hold (seq 1 was lost while the
         * connection came back): a restarted publisher.
         */
        if (!snap)
            s->resyncing = true;
        if (s->seen.table)
            wb_seen_fini(&s->seen);
    } else if (ev->seq <= s->last_seq) {
        return;
    }
    s->seq_seen = true;
    s->last_seq = ev->seq;
}

static wb_ms clamp_duration(wb_ms v)
{
    return v > WB_MAX_DURATION_MS ? WB_MAX_DURATION_MS : v;
}

/* ---------------------------------------------------------------- limits */

/*
 * What one message would add to the shared tables: channels by name, queues by registry key,
 * (source, queue) pairs. A message is checked whole against every limit before any of it is
 * applied, so that a refused one leaves no channel, queue or contact behind.
 */
typedef struct wb_plan {
    const char *ch[WB_MAX_CHANNELS]; /* names of new channels */
    size_t n_ch;
    wb_map q; /* every queue key the message names; the plan owns the key strings */
    size_t n_new_q, n_pairs;
} wb_plan;

static void plan_init(const wb_model *m, wb_plan *p)
{
    memset(p, 0, sizeof *p);
    wb_map_init(&p->q);
    wb_map_set_key(&p->q, &m->hkey);
}

static void plan_fini(wb_plan *p)
{
    for (size_t i = 0; i < p->q.cap; i++)
        free((char *)p->q.slots[i].key);
    wb_map_fini(&p->q);
}

static int plan_channel(const wb_model *m, wb_plan *p, const char *name)
{
    if (!name)
        return WB_ERR_INVAL;
    if (wb_model_channel_index(m, name) >= 0)
        return WB_OK;
    for (size_t i = 0; i < p->n_ch; i++)
        if (strcmp(p->ch[i], name) == 0)
            return WB_OK;
    if (strlen(name) >= WB_MAX_NAME || m->n_ch + p->n_ch >= WB_MAX_CHANNELS)
        return WB_ERR_LIMIT;
    p->ch[p->n_ch++] = name;
    return WB_OK;
}

/* A queue the message names; pair: the message would give source s counters for it. */
static int plan_queue(const wb_model *m, const wb_source *s, wb_plan *p, const char *channel,
                      const char *queue, bool pair)
{
    int rc = plan_channel(m, p, channel);
    if (rc < 0)
        return rc;
    char key[WB_QKEY_CAP];
    if (!queue_key(key, channel, queue ? queue : channel))
        return WB_ERR_LIMIT;
    if (wb_map_get(&p->q, key))
        return WB_OK;
    int gq = gqueue_find(m, channel, queue ? queue : channel);
    if (gq < 0 && m->n_gq + p->n_new_q >= WB_MAX_QUEUES)
        return WB_ERR_LIMIT;
    bool new_pair = pair && (gq < 0 || (size_t)gq >= s->q_cap || !s->q[gq]);
    if (new_pair && (m->n_sq + p->n_pairs + 1) * m->nb > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
    char *k = dup_str(key);
    if (!k || wb_map_put(&p->q, k, k) != WB_OK) {
        free(k);
        return WB_ERR_NOMEM;
    }
    p->n_new_q += gq < 0;
    p->n_pairs += new_pair;
    return WB_OK;
}

/* Contacts (waiting and in service) and agents of every source but `except`. */
static size_t contacts_total(const wb_model *m, const wb_source *except)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_src; i++)
        if (m->src[i] != except)
            n += m->src[i]->waiting.len + m->src[i]->in_service.len;
    return n;
}

static size_t agents_total(const wb_model *m, const wb_source *except)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_src; i++)
        if (m->src[i] != except)
            n += m->src[i]->n_agents;
    return n;
}

/*
 * The channel and queue of a contact event, created if new, after checking that they fit: a
 * new channel, a new queue and the source's counters for it (a ring of buckets) each have a
 * limit.
 */
static int resolve_queue(wb_model *m, wb_source *s, const wb_event *ev, int *ch)
{
    const char *qn = ev->queue ? ev->queue : ev->channel;
    int c = wb_model_channel_index(m, ev->channel);
    int gq = c >= 0 ? gqueue_find(m, ev->channel, qn) : -1;
    if (c < 0 && (m->n_ch >= WB_MAX_CHANNELS || strlen(ev->channel) >= WB_MAX_NAME))
        return WB_ERR_LIMIT;
    if (gq < 0 && (m->n_gq >= WB_MAX_QUEUES || strlen(qn) > WB_MAX_STR_BYTES))
        return WB_ERR_LIMIT;
    if ((gq < 0 || (size_t)gq >= s->q_cap || !s->q[gq]) && (m->n_sq + 1) * m->nb > WB_MAX_BUCKETS)
        return WB_ERR_LIMIT;
    *ch = c >= 0 ? c : channel_get(m, ev->channel);
    if (*ch < 0)
        return *ch;
    m->ch[*ch].had_data = true;
    return gq >= 0 ? gq : gqueue_get(m, *ch, qn);
}

/*
 * Whether a contact event would add a contact past a limit (see WB_MAX_CONTACTS). The ids are
 * looked up only near a limit, where it matters whether the contact is already known.
 */
static bool contact_over_limit(const wb_model *m, const wb_source *s, const wb_event *ev)
{
    if (ev->type != WB_EV_QUEUED)
        return false;
    bool total_full = contacts_total(m, NULL) >= WB_MAX_CONTACTS;
    if (s->waiting.len < WB_MAX_WAITING_PER_SOURCE && !total_full)
        return false;
    return !wb_map_get(&s->waiting, ev->id);
}

/*
 * Whether an answered contact can be kept in service (for its handle time). An answer is
 * never refused for want of room: its outcome counts in every window whatever happens to the
 * contact afterwards. The in-service set is usually full because completions were lost (a
 * subscriber overrun), and then only the handle time of the new contact is not followed.
 */
static bool service_has_room(const wb_model *m, const wb_source *s, bool was_waiting)
{
    if (s->in_service.len >= WB_MAX_IN_SERVICE_PER_SOURCE)
        return false;
    return was_waiting || contacts_total(m, NULL) < WB_MAX_CONTACTS;
}

/*
 * Takes the contact of an answer or abandon out of the waiting set and works out its wait:
 * wait_ms when given, else the time since it was queued, else 0 (docs/protocol.md section 4). A
 * contact never seen queued still arrived, so it counts in the arrival rate.
 */
static wb_contact *take_waiting(wb_model *m, wb_source *s, wb_squeue *q, const wb_event *ev,
                                bool was_queued, wb_ms *wait)
{
    wb_contact *c = wb_map_del(&s->waiting, ev->id);
    m->wgen += c != NULL;
    wb_ms w = ev->wait_ms >= 0 ? ev->wait_ms : (c ? ev->ts - c->ts : 0);
    *wait = clamp_duration(w < 0 ? 0 : w);
    if (!c && !was_queued)
        count_arrival(m, q, ev->ts);
    return c;
}

static int apply_contact(wb_model *m, wb_source *s, const wb_event *ev)
{
    char kind = "?QABC"[ev->type];
    if (!s->seen.table && wb_seen_init(&s->seen, WB_SEEN_CAP) != WB_OK)
        return WB_ERR_NOMEM;
    uint64_t h = wb_hash_keyed(&m->hkey, ev->id);
    if (wb_seen_has(&s->seen, fp(h, kind)))
        return WB_DUPLICATE;
    /* A queued event that arrives after the contact's outcome is late, not new. */
    if (ev->type == WB_EV_QUEUED &&
        (wb_seen_has(&s->seen, fp(h, 'A')) || wb_seen_has(&s->seen, fp(h, 'B'))))
        return WB_DUPLICATE;
    if (contact_over_limit(m, s, ev))
        return WB_ERR_LIMIT;
    int ch;
    int gq = resolve_queue(m, s, ev, &ch);
    if (gq < 0)
        return gq;
    wb_squeue *q = squeue_get(m, s, gq);
    if (!q)
        return WB_ERR_NOMEM;
    s->chmask |= 1u << ch;
    bool was_queued = wb_seen_has(&s->seen, fp(h, 'Q'));

    switch (ev->type) {
    case WB_EV_QUEUED: {
        if (wb_map_get(&s->waiting, ev->id))
            return WB_DUPLICATE;
        wb_contact *c = contact_new(ev->id, gq, ch, ev->ts, NULL);
        if (!c || wb_map_put(&s->waiting, c->id, c) != WB_OK) {
            contact_free(c);
            return WB_ERR_NOMEM;
        }
        m->wgen++;
        count_arrival(m, q, ev->ts);
        break;
    }
    case WB_EV_ANSWERED: {
        wb_ms wait;
        wb_contact *c = take_waiting(m, s, q, ev, was_queued, &wait);
        count_outcome(m, q, ch, ev->ts, count_answered, wait);
        if (ev->agent) {
            wb_agent *a = wb_map_get(&s->agent_map, ev->agent);
            if (a) {
                a->work_ch = ch;
                a->work_ts = ev->ts;
            }
        }
        /* Keep it in service until completed, for its handle time (unless that came first). */
        wb_contact *old = wb_map_del(&s->in_service, ev->id);
        contact_free(old);
        if (wb_seen_has(&s->seen, fp(h, 'C'))) {
            contact_free(c);
            break;
        }
        if (!service_has_room(m, s, c != NULL)) {
            contact_free(c);
            m->untracked++;
            break;
        }
        if (!c)
            c = contact_new(ev->id, gq, ch, ev->ts, ev->agent);
        if (c) {
            c->gq = gq;
            c->ch = ch;
            c->ts = ev->ts;
            set_str(&c->agent, ev->agent);
            if (wb_map_put(&s->in_service, c->id, c) != WB_OK)
                contact_free(c);
        }
        break;
    }
    case WB_EV_ABANDONED: {
        wb_ms wait;
        wb_contact *c = take_waiting(m, s, q, ev, was_queued, &wait);
        count_outcome(m, q, ch, ev->ts, count_abandoned, wait);
        contact_free(c);
        break;
    }
    case WB_EV_COMPLETED: {
        wb_contact *c = wb_map_del(&s->in_service, ev->id);
        wb_ms handle = ev->handle_ms >= 0 ? ev->handle_ms : (c ? ev->ts - c->ts : -1);
        if (handle > WB_MAX_DURATION_MS)
            handle = WB_MAX_DURATION_MS;
        /* Without a handle time there is nothing to average: count it nowhere. */
        if (handle >= 0)
            count_outcome(m, q, ch, ev->ts, count_completed, handle);
        contact_free(c);
        break;
    }
    default:
        return WB_IGNORED;
    }
    wb_seen_add(&s->seen, fp(h, kind));
    return WB_APPLIED;
}

/*
 * The channel set of an agent. A channel that cannot be added (the table is full) is left out
 * rather than losing the whole agent; the return value says that happened.
 */
static int channels_mask(wb_model *m, const char *const *names, size_t n, uint32_t *mask)
{
    int rc = WB_OK;
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        int c = names[i] ? channel_get(m, names[i]) : WB_ERR_INVAL;
        if (c < 0)
            rc = c;
        else
            *mask |= 1u << c;
    }
    return rc;
}

static int apply_agent(wb_model *m, wb_source *s, const wb_event *ev)
{
    /* Check every channel and the agent limits first: a refused event changes nothing. */
    wb_plan p;
    plan_init(m, &p);
    int rc = WB_OK;
    for (size_t i = 0; i < ev->n_channels && rc == WB_OK; i++)
        rc = plan_channel(m, &p, ev->channels[i]);
    plan_fini(&p);
    if (rc < 0)
        return rc;
    if (!wb_map_get(&s->agent_map, ev->agent) &&
        (s->n_agents >= WB_MAX_AGENTS_PER_SOURCE || agents_total(m, NULL) >= WB_MAX_AGENTS))
        return WB_ERR_LIMIT;
    uint32_t mask;
    channels_mask(m, ev->channels, ev->n_channels, &mask);
    bool created;
    wb_agent *a = agent_get(s, ev->agent, &created);
    if (!a)
        return WB_ERR_NOMEM;
    /* Agent events carry the whole state, so an older one than we hold is simply stale. */
    if (!created && ev->ts < a->last_ts)
        return WB_IGNORED;
    if (created || a->state != ev->state)
        a->since = ev->ts;
    a->state = ev->state;
    /* Only busy and wrap-up are "with a contact"; any other state ends the work. */
    if (a->state != WB_AGENT_BUSY && a->state != WB_AGENT_WRAPUP)
        a->work_ch = -1;
    a->last_ts = ev->ts;
    a->chmask = mask;
    if (ev->name)
        set_str(&a->name, ev->name);
    if (ev->team)
        set_str(&a->team, ev->team);
    set_str(&a->reason, ev->reason);
    s->chmask |= mask;
    for (size_t c = 0; c < WB_MAX_CHANNELS; c++)
        if (mask & (1u << c))
            m->ch[c].had_data = true;
    return WB_APPLIED;
}

/*
 * A snapshot does not say which channel a busy agent works on, but its contacts in service
 * name their agents (a contact stays in service through wrap-up until completed): the newest
 * contact of each busy or wrapping-up agent gives its work channel.
 */
static void restore_work_channels(wb_source *s)
{
    for (size_t i = 0; i < s->n_agents; i++)
        s->agents[i]->work_ch = -1;
    for (size_t i = 0; i < s->in_service.cap; i++) {
        const wb_contact *c = s->in_service.slots[i].val;
        if (!s->in_service.slots[i].key || !c->agent)
            continue;
        wb_agent *a = wb_map_get(&s->agent_map, c->agent);
        if (!a || (a->state != WB_AGENT_BUSY && a->state != WB_AGENT_WRAPUP))
            continue;
        if (a->work_ch < 0 || c->ts > a->work_ts) {
            a->work_ch = c->ch;
            a->work_ts = c->ts;
        }
    }
}

/*
 * Counters a model could have produced: the in-SL and short counts within their totals, the
 * sums within what the counted durations (each clamped to WB_MAX_DURATION_MS) can add up to.
 */
static bool counts_consistent(const wb_counts *c)
{
    if (c->answered_in_sl > c->answered || c->short_abandoned > c->abandoned ||
        c->abandoned_in_sl > c->abandoned - c->short_abandoned)
        return false;
    if (c->wait_sum_ms < 0 || c->handle_sum_ms < 0)
        return false;
    return (double)c->wait_sum_ms <= (double)c->answered * (double)WB_MAX_DURATION_MS &&
           (double)c->handle_sum_ms <= (double)c->completed * (double)WB_MAX_DURATION_MS;
}

/*
 * Checks a whole snapshot before anything of it is applied: its contents (WB_ERR_VALUE for
 * counters that contradict each other or a bucket after the snapshot's own time) and every
 * limit it could pass (WB_ERR_LIMIT), counting what it would add to the shared tables.
 */
static int snapshot_check(const wb_model *m, const wb_source *s, const wb_event *ev)
{
    const wb_snapshot *sn = &ev->snap;
    for (size_t i = 0; i < sn->n_queues; i++) {
        const wb_snap_queue *sq = &sn->queues[i];
        if (!counts_consistent(&sq->today))
            return WB_ERR_VALUE;
        for (size_t b = 0; b < sq->n_buckets; b++)
            if (sq->buckets[b].start > ev->ts || !counts_consistent(&sq->buckets[b].c))
                return WB_ERR_VALUE;
    }
    if (sn->n_waiting > WB_MAX_WAITING_PER_SOURCE ||
        sn->n_in_service > WB_MAX_IN_SERVICE_PER_SOURCE ||
        contacts_total(m, s) + sn->n_waiting + sn->n_in_service > WB_MAX_CONTACTS ||
        sn->n_agents > WB_MAX_AGENTS_PER_SOURCE ||
        agents_total(m, s) + sn->n_agents > WB_MAX_AGENTS)
        return WB_ERR_LIMIT;
    wb_plan p;
    plan_init(m, &p);
    int rc = WB_OK;
    for (size_t i = 0; i < sn->n_queues && rc == WB_OK; i++)
        rc = plan_queue(m, s, &p, sn->queues[i].channel, sn->queues[i].queue, true);
    for (size_t i = 0; i < sn->n_waiting && rc == WB_OK; i++)
        rc = !sn->waiting[i].id
                 ? WB_ERR_INVAL
                 : plan_queue(m, s, &p, sn->waiting[i].channel, sn->waiting[i].queue, false);
    for (size_t i = 0; i < sn->n_in_service && rc == WB_OK; i++)
        rc = !sn->in_service[i].id
                 ? WB_ERR_INVAL
                 : plan_queue(m, s, &p, sn->in_service[i].channel, sn->in_service[i].queue, false);
    for (size_t i = 0; i < sn->n_agents && rc == WB_OK; i++) {
        const wb_snap_agent *sa = &sn->agents[i];
        if (!sa->agent || sa->n_channels > WB_MAX_CHANNELS)
            rc = WB_ERR_INVAL;
        for (size_t c = 0; c < sa->n_channels && rc == WB_OK; c++)
            rc = plan_channel(m, &p, sa->channels[c]);
    }
    plan_fini(&p);
    return rc;
}

static int apply_snapshot(wb_model *m, wb_source *s, const wb_event *ev)
{
    const wb_snapshot *sn = &ev->snap;
    int crc = snapshot_check(m, s, ev);
    if (crc < 0)
        return crc;
    ensure_day(m, ev->ts);
    /*
     * A publisher whose "today" is another day than ours (it runs in another time zone, or its
     * snapshot was made just before our midnight) cannot tell us about our today: keep the
     * counts we have for its queues rather than lose them.
     */
    size_t nkeep = s->q_cap;
    wb_squeue *keep = calloc(nkeep + 1, sizeof *keep);
    if (!keep)
        return WB_ERR_NOMEM;
    for (size_t i = 0; i < nkeep; i++)
        if (s->q[i])
            keep[i] = *s->q[i];
    source_clear(m, s);
    int rc = WB_APPLIED;

    for (size_t i = 0; i < sn->n_queues; i++) {
        const wb_snap_queue *sq = &sn->queues[i];
        int ch = channel_get(m, sq->channel);
        int gq = gqueue_get(m, ch, sq->queue ? sq->queue : sq->channel);
        wb_squeue *q = gq >= 0 ? squeue_get(m, s, gq) : NULL;
        if (!q) {
            rc = WB_ERR_NOMEM;
            goto done;
        }
        s->chmask |= 1u << ch;
        m->ch[ch].had_data = true;
        if (sq->day_start == m->day_start) {
            q->day_start = m->day_start;
            q->today = sq->today;
        } else if ((size_t)gq < nkeep && keep[gq].day_start == m->day_start) {
            q->day_start = keep[gq].day_start;
            q->today = keep[gq].today;
        }
        q->arr_rate = sq->arrival_rate;
        /* A publisher without the fast rate: start it from the slow one (no trend). */
        q->arr_fast = sq->has_rate_fast ? sq->arrival_rate_fast : sq->arrival_rate;
        q->arr_ts = sq->arrival_ts;
        wb_ms lo = window_lo(m, ev->ts);
        for (size_t b = 0; b < sq->n_buckets; b++) {
            if (sq->buckets[b].start < lo)
                continue;
            wb_counts *c = bucket_for(m, q, sq->buckets[b].start);
            if (c)
                wb_counts_add(c, &sq->buckets[b].c);
        }
    }
    for (size_t i = 0; i < sn->n_waiting; i++) {
        const wb_snap_contact *sc = &sn->waiting[i];
        int ch = channel_get(m, sc->channel);
        int gq = gqueue_get(m, ch, sc->queue ? sc->queue : sc->channel);
        if (gq < 0 || wb_map_get(&s->waiting, sc->id))
            continue;
        wb_contact *c = contact_new(sc->id, gq, ch, sc->ts, NULL);
        if (!c || wb_map_put(&s->waiting, c->id, c) != WB_OK) {
            contact_free(c);
            rc = WB_ERR_NOMEM;
            goto done;
        }
        s->chmask |= 1u << ch;
        m->ch[ch].had_data = true;
    }
    for (size_t i = 0; i < sn->n_in_service; i++) {
        const wb_snap_service *sc = &sn->in_service[i];
        int ch = channel_get(m, sc->channel);
        int gq = gqueue_get(m, ch, sc->queue ? sc->queue : sc->channel);
        if (gq < 0 || wb_map_get(&s->in_service, sc->id))
            continue;
        wb_contact *c = contact_new(sc->id, gq, ch, sc->ts, sc->agent);
        if (!c || wb_map_put(&s->in_service, c->id, c) != WB_OK) {
            contact_free(c);
            rc = WB_ERR_NOMEM;
            goto done;
        }
    }
    for (size_t i = 0; i < sn->n_agents; i++) {
        const wb_snap_agent *sa = &sn->agents[i];
        bool created;
        wb_agent *a = agent_get(s, sa->agent, &created);
        if (!a) {
            rc = WB_ERR_NOMEM;
            goto done;
        }
        channels_mask(m, sa->channels, sa->n_channels, &a->chmask);
        a->state = sa->state;
        a->since = sa->since;
        a->last_ts = ev->ts;
        set_str(&a->name, sa->name);
        set_str(&a->team, sa->team);
        set_str(&a->reason, sa->reason);
        s->chmask |= a->chmask;
        for (size_t c = 0; c < WB_MAX_CHANNELS; c++)
            if (a->chmask & (1u << c))
                m->ch[c].had_data = true;
    }
    restore_work_channels(s);
    s->resyncing = false;
done:
    m->wgen++;
    free(keep);
    return rc;
}

/* Events built by hand (not decoded) may lack what the decoder guarantees. */
static bool well_formed(const wb_event *ev)
{
    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        return ev->id && ev->channel;
    case WB_EV_AGENT_STATE:
        return ev->agent && ev->state < WB_AGENT_NSTATES && ev->n_channels <= WB_MAX_CHANNELS;
    default:
        return true;
    }
}

int wb_model_apply(wb_model *m, const wb_event *ev, wb_ms rx_now)
{
    if (!m || !ev || !well_formed(ev))
        return WB_ERR_INVAL;
    /*
     * One event stamped far ahead (a publisher with a wrong clock) would move today, the
     * rolling window and the arrival rate into the future; it is refused before it touches
     * anything. The bound is relative to the newest tick, so replays and fast simulations
     * that tick on event time are not affected.
     */
    if (m->max_future > 0 && m->tick_now > 0 && ev->ts > m->tick_now + m->max_future)
        return WB_ERR_FUTURE;
    const char *src = ev->src ? ev->src : "";
    size_t n_src = m->n_src;
    wb_source *s = source_get(m, src);
    bool fresh = m->n_src > n_src;
    if (!s)
        return m->n_src >= WB_MAX_SOURCES ? WB_ERR_LIMIT : WB_ERR_NOMEM;
    s->last_rx = rx_now;
    m->last_rx = rx_now;
    track_seq(s, ev);

    int rc;
    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        rc = apply_contact(m, s, ev);
        break;
    case WB_EV_AGENT_STATE:
        rc = apply_agent(m, s, ev);
        break;
    case WB_EV_SNAPSHOT:
        rc = apply_snapshot(m, s, ev);
        break;
    default:
        rc = WB_IGNORED;
        break;
    }
    /* A refused message leaves nothing behind: not even the source it would have created. */
    if (rc < 0 && fresh && m->n_src > 0 && m->src[m->n_src - 1] == s) {
        m->n_src--;
        source_free(m, s);
    } else if (rc >= 0 && ev->ts > m->newest_ts) {
        m->newest_ts = ev->ts;
    }
    return rc;
}

/* ---------------------------------------------------------------- tick */

/* Brings the waiting cache up to date: one pass over every waiting contact. */
static const wb_wcache *waiting_counts(const wb_model *m)
{
    wb_wcache *w = m->wcache;
    if (w->valid && w->gen == m->wgen && w->q_cap >= m->n_gq)
        return w;
    if (w->q_cap < m->n_gq) {
        size_t ncap = m->cap_gq;
        uint32_t *n = realloc(w->q_n, ncap * sizeof *n);
        if (n)
            w->q_n = n;
        wb_ms *o = n ? realloc(w->q_old, ncap * sizeof *o) : NULL;
        if (o)
            w->q_old = o;
        if (n && o)
            w->q_cap = ncap;
    }
    for (size_t i = 0; i < WB_MAX_CHANNELS; i++) {
        w->ch_n[i] = 0;
        w->ch_old[i] = INT64_MAX;
    }
    for (size_t i = 0; i < w->q_cap; i++) {
        w->q_n[i] = 0;
        w->q_old[i] = INT64_MAX;
    }
    for (size_t s = 0; s < m->n_src; s++) {
        const wb_map *mp = &m->src[s]->waiting;
        for (size_t i = 0; i < mp->cap; i++) {
            if (!mp->slots[i].key)
                continue;
            const wb_contact *c = mp->slots[i].val;
            w->ch_n[c->ch]++;
            if (c->ts < w->ch_old[c->ch])
                w->ch_old[c->ch] = c->ts;
            if ((size_t)c->gq < w->q_cap) {
                w->q_n[c->gq]++;
                if (c->ts < w->q_old[c->gq])
                    w->q_old[c->gq] = c->ts;
            }
        }
    }
    w->gen = m->wgen;
    w->valid = w->q_cap >= m->n_gq;
    return w;
}

/* Drops contacts in service whose completion never came (see WB_MAX_SERVICE_MS). */
static void sweep_in_service(wb_model *m, wb_ms now)
{
    for (size_t s = 0; s < m->n_src; s++) {
        wb_map *mp = &m->src[s]->in_service;
        /* Deleting shifts entries back into the slot just visited: look at it again. */
        for (size_t i = 0; i < mp->cap;) {
            const wb_contact *c = mp->slots[i].val;
            if (mp->slots[i].key && now - c->ts > WB_MAX_SERVICE_MS)
                contact_free(wb_map_del(mp, mp->slots[i].key));
            else
                i++;
        }
    }
}

/*
 * Drops waiting contacts queued more than the configured expiry before now: their answer or
 * abandon was lost, and they would otherwise stay on the board (and in memory) for ever. The
 * waiting cache says when the oldest one was queued, so a tick with nothing to expire costs
 * no pass over the contacts.
 */
static void expire_waiting(wb_model *m, wb_ms now)
{
    wb_ms after[WB_MAX_CHANNELS];
    bool due = false;
    const wb_wcache *w = waiting_counts(m);
    for (size_t c = 0; c < m->n_ch; c++) {
        wb_ms e = m->ch[c].cfg.expiry_ms;
        after[c] = e >= 0 ? e : m->cfg.waiting_expiry_ms;
        if (after[c] > 0 && w->ch_n[c] && now - w->ch_old[c] > after[c])
            due = true;
    }
    if (!due)
        return;
    for (size_t s = 0; s < m->n_src; s++) {
        wb_map *mp = &m->src[s]->waiting;
        /* Deleting shifts entries back into the slot just visited: look at it again. */
        for (size_t i = 0; i < mp->cap;) {
            const wb_contact *c = mp->slots[i].val;
            if (mp->slots[i].key && after[c->ch] > 0 && now - c->ts > after[c->ch]) {
                contact_free(wb_map_del(mp, mp->slots[i].key));
                m->expired++;
                m->wgen++;
            } else {
                i++;
            }
        }
    }
}

void wb_model_tick(wb_model *m, wb_ms now)
{
    /*
     * On event time there is no "now" before the first event: a tick then carries some other
     * clock (the receiver's wall clock while it waits), which must not fix "today" to a day
     * the events may not belong to (a recorded day of years ago).
     */
    if (m->event_clock && m->newest_ts == 0)
        return;
    wb_ms day = m->day_start;
    ensure_day(m, now);
    if (m->day_start != day)
        sweep_in_service(m, now);
    if (now > m->tick_now)
        m->tick_now = now;
    expire_waiting(m, now);
    const uint32_t *n = waiting_counts(m)->ch_n;
    int64_t idx = floor_to(now, WB_SPARK_MS) / WB_SPARK_MS;
    for (size_t c = 0; c < m->n_ch; c++) {
        wb_channel *ch = &m->ch[c];
        uint16_t v = n[c] > UINT16_MAX ? UINT16_MAX : (uint16_t)n[c];
        if (ch->spark_last >= 0 && idx > ch->spark_last) {
            /* Waiting is a level: slots skipped without a tick held the last value seen. */
            int64_t from = idx - ch->spark_last > WB_SPARK_N ? idx - WB_SPARK_N : ch->spark_last;
            uint16_t carry = ch->spark[ch->spark_last % WB_SPARK_N];
            for (int64_t k = from + 1; k < idx; k++) {
                ch->spark[k % WB_SPARK_N] = carry;
                ch->spark_idx[k % WB_SPARK_N] = k;
            }
        }
        size_t slot = (size_t)(idx % WB_SPARK_N);
        if (ch->spark_idx[slot] != idx) {
            ch->spark_idx[slot] = idx;
            ch->spark[slot] = v;
        } else if (v > ch->spark[slot]) {
            ch->spark[slot] = v;
        }
        if (idx > ch->spark_last)
            ch->spark_last = idx;
    }
}

void wb_model_set_max_future(wb_model *m, wb_ms ms)
{
    m->max_future = ms > 0 ? ms : 0;
}

void wb_model_set_event_clock(wb_model *m, bool on)
{
    m->event_clock = on;
    m->max_future = on ? 0 : WB_MAX_FUTURE_MS;
}

wb_ms wb_model_newest_ts(const wb_model *m)
{
    return m->newest_ts;
}

/* ---------------------------------------------------------------- snapshot out */

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
        o->since = a->since;
        for (size_t c = 0; c < m->n_ch; c++)
            if (a->chmask & (1u << c))
                o->channels[o->n_channels++] = m->ch[c].cfg.name;
    }
    wb_ms lo = window_lo(m, now);
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
        o->buckets = calloc(m->nb, sizeof *o->buckets);
        if (!o->buckets)
            goto fail;
        /* Oldest first: walk the window's periods in time order and pick their slots. */
        for (size_t k = 0; k < m->nb; k++) {
            wb_ms start = lo + (wb_ms)k * m->bucket_ms;
            const wb_bucket *b = &q->ring[slot_of(start, m->bucket_ms, m->nb)];
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
    return WB_OK;
fail:
    wb_snapshot_fini(out);
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

bool wb_model_stale(const wb_model *m, wb_ms now)
{
    wb_ms after = m->cfg.stale_after_ms > 0 ? m->cfg.stale_after_ms : 5000;
    return m->last_rx < 0 || now - m->last_rx > after;
}

/* ---------------------------------------------------------------- metrics */

void wb_window_compute(wb_window *w, const wb_counts *c, wb_sl_formula f)
{
    w->c = *c;
    double ans = c->answered, ans_sl = c->answered_in_sl, ab_sl = c->abandoned_in_sl;
    /* Short abandons are excluded from every rate. */
    double ab = (double)c->abandoned - (double)c->short_abandoned;
    double offered = ans + ab;
    double num = ans_sl, den;
    switch (f) {
    case WB_SL_ANSWERED:
        den = ans;
        break;
    case WB_SL_IGNORE_ABANDONED:
        den = offered - ab_sl;
        break;
    case WB_SL_POSITIVE:
        num = ans_sl + ab_sl;
        den = offered;
        break;
    case WB_SL_OFFERED:
    default:
        den = offered;
        break;
    }
    w->sl = den > 0 ? num / den : NAN;
    w->asa_s = ans > 0 ? (double)c->wait_sum_ms / 1000.0 / ans : NAN;
    w->aht_s = c->completed > 0 ? (double)c->handle_sum_ms / 1000.0 / c->completed : NAN;
    w->abandon_pct = offered > 0 ? ab / offered * 100.0 : NAN;
}

/* Sums today's and the rolling window's counters of one queue into the accumulators. */
static void sum_queue(const wb_model *m, const wb_squeue *q, wb_ms now, wb_counts *today,
                      wb_counts *rolling)
{
    if (q->day_start == m->day_start && m->day_end != 0)
        wb_counts_add(today, &q->today);
    wb_ms lo = window_lo(m, now);
    for (size_t b = 0; b < m->nb; b++)
        if (q->ring[b].start >= lo)
            wb_counts_add(rolling, &q->ring[b].c);
}

/* The contacts a service level counts: the denominator of its formula (wb_window_compute()). */
static double sl_count(const wb_counts *c, wb_sl_formula f)
{
    double ans = c->answered;
    double offered = ans + (double)c->abandoned - (double)c->short_abandoned;
    if (f == WB_SL_ANSWERED)
        return ans;
    if (f == WB_SL_IGNORE_ABANDONED)
        return offered - (double)c->abandoned_in_sl;
    return offered;
}

/*
 * Arrival rates (as of now, the night cut-off applied), today's AHT (or the default) and
 * waiting contacts of one channel, for the shared-queue projection.
 */
static void pool_channel(const wb_model *m, size_t c, wb_ms now, const wb_wcache *w,
                         wb_pool_channel *out)
{
    wb_counts today = {0}, rolling = {0};
    double slow = 0, fast = 0;
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t q = 0; q < m->src[s]->q_cap && q < m->n_gq; q++)
            if (m->src[s]->q[q] && m->gq[q].ch == (int)c) {
                sum_queue(m, m->src[s]->q[q], now, &today, &rolling);
                rate_at(m, m->src[s]->q[q], now, &slow, &fast);
            }
    if (slow * tau_slow_s(m) < 0.01)
        slow = fast = 0;
    wb_window win;
    wb_window_compute(&win, &today, m->ch[c].cfg.formula);
    out->slow = slow;
    out->fast = fast;
    out->aht_s = isfinite(win.aht_s) ? win.aht_s : m->ch[c].cfg.default_aht_s;
    out->waiting = w->ch_n[c];
}

/*
 * The forecast of real-time channel chi (fi: its own inputs, N = staffed). Its pool is chi
 * and every real-time channel that a working agent serving chi also serves; the projection
 * (forecast SL, EWT, breach, lowest rolling SL) runs on the pool's queue and working agents
 * (wb_model_forecast.h), while the steady-state figures (required agents, P(wait), ASA,
 * occupancy) stay those of chi's own arrivals and staffed N, which the hints compare.
 */
static void forecast_pooled(const wb_model *m, size_t chi, wb_ms now, const wb_wcache *w,
                            wb_forecast_input *fi, wb_forecast *out)
{
    uint32_t rt = 0, pool = 1u << chi, working = 0, available = 0;
    for (size_t c = 0; c < m->n_ch; c++)
        if (m->ch[c].cfg.realtime)
            rt |= 1u << c;
    /*
     * Working: available, busy or in wrap-up. An agent busy on work that can wait counts too:
     * it comes back to the real-time queues first.
     */
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++) {
            const wb_agent *a = m->src[s]->agents[i];
            if (a->state != WB_AGENT_PAUSED && a->state != WB_AGENT_OFFLINE &&
                (a->chmask & (1u << chi)))
                pool |= a->chmask & rt;
        }
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++) {
            const wb_agent *a = m->src[s]->agents[i];
            if (a->state == WB_AGENT_PAUSED || a->state == WB_AGENT_OFFLINE || !(a->chmask & pool))
                continue;
            working++;
            available += a->state == WB_AGENT_AVAILABLE;
        }
    wb_forecast_predict(out, fi);
    wb_pool_channel pc[WB_MAX_CHANNELS];
    for (size_t c = 0; c < m->n_ch && c < WB_MAX_CHANNELS; c++)
        if (pool & (1u << c))
            pool_channel(m, c, now, w, &pc[c]);
    /* chi's own rates keep their meaning (the night cut-off already applied to fi). */
    pc[chi].slow = fi->lambda_slow;
    pc[chi].fast = fi->lambda_fast;
    pc[chi].aht_s = fi->aht_s;
    wb_forecast_input pin = *fi;
    wb_forecast pf;
    if (!out->valid || wb_pool_input(&pin, pc, m->n_ch, chi, pool, working, available) != WB_OK)
        return;
    wb_forecast_predict(&pf, &pin);
    out->ewt_s = pf.ewt_s;
    out->sl = pf.valid ? pf.sl : NAN;
    out->breach_in_min = pf.breach_in_min;
    out->sl_low = pf.sl_low;
}

size_t wb_model_channel_count(const wb_model *m)
{
    return m->n_ch;
}

void wb_model_channel_metrics(const wb_model *m, size_t chi, wb_ms now, wb_channel_metrics *out)
{
    memset(out, 0, sizeof *out);
    const wb_channel *ch = &m->ch[chi];
    out->name = ch->cfg.name;
    out->cfg = &ch->cfg;
    out->configured = ch->configured;
    out->had_data = ch->had_data;

    const wb_wcache *w = waiting_counts(m);
    out->waiting = w->ch_n[chi];
    wb_ms oldest = w->ch_old[chi];
    out->oldest_wait_ms = out->waiting ? (now > oldest ? now - oldest : 0) : -1;

    wb_counts today = {0}, rolling = {0};
    double lambda = 0, lambda_fast = 0;
    for (size_t s = 0; s < m->n_src; s++) {
        const wb_source *src = m->src[s];
        if (src->resyncing && (src->chmask & (1u << chi)))
            out->resyncing = true;
        for (size_t q = 0; q < src->q_cap && q < m->n_gq; q++) {
            if (!src->q[q] || m->gq[q].ch != (int)chi)
                continue;
            sum_queue(m, src->q[q], now, &today, &rolling);
            rate_at(m, src->q[q], now, &lambda, &lambda_fast);
        }
        for (size_t i = 0; i < src->n_agents; i++) {
            const wb_agent *a = src->agents[i];
            if (a->chmask & (1u << chi))
                out->agents[a->state]++;
            if (a->work_ch == (int)chi && a->state == WB_AGENT_BUSY)
                out->busy_here++;
            else if (a->work_ch == (int)chi && a->state == WB_AGENT_WRAPUP)
                out->wrapup_here++;
        }
    }
    wb_window_compute(&out->today, &today, ch->cfg.formula);
    wb_window_compute(&out->rolling, &rolling, ch->cfg.formula);

    uint32_t logged =
        out->agents[WB_AGENT_AVAILABLE] + out->agents[WB_AGENT_BUSY] + out->agents[WB_AGENT_WRAPUP];
    uint32_t working = out->agents[WB_AGENT_BUSY] + out->agents[WB_AGENT_WRAPUP];
    out->occupancy = logged ? (double)working / logged : NAN;

    /*
     * A rate that has decayed to less than 1 % of one arrival per smoothing period is no
     * rate: at night the forecast is undefined, not "0 % with 0 agents".
     */
    double tau_s = tau_slow_s(m);
    if (lambda * tau_s < 0.01)
        lambda = lambda_fast = 0;
    /*
     * The agents who can take this channel's next contact: those free now who serve it, and
     * those already working on it (they come back to it). An agent busy on another channel is
     * not coming here soon, however many channels it serves.
     */
    out->staffed = out->agents[WB_AGENT_AVAILABLE] + out->busy_here + out->wrapup_here;
    if (ch->cfg.realtime && ch->had_data) {
        wb_forecast_input fi = {
            .lambda_slow = lambda,
            .lambda_fast = lambda_fast,
            .tau_slow_s = tau_s,
            .tau_fast_s = WB_FORECAST_TAU_FAST_S,
            .aht_s = isfinite(out->today.aht_s) ? out->today.aht_s : ch->cfg.default_aht_s,
            .agents = (int)out->staffed,
            .waiting = out->waiting,
            .free_agents = out->agents[WB_AGENT_AVAILABLE],
            .t_s = (double)ch->cfg.sl_t_ms / 1000.0,
            .target = ch->cfg.sl_target,
            .window_s = (double)m->cfg.rolling_ms / 1000.0,
            .roll_sl = out->rolling.sl,
            .roll_n = sl_count(&out->rolling.c, ch->cfg.formula),
            .horizon_s = WB_FORECAST_HORIZON_S,
            .step_s = WB_FORECAST_STEP_S,
            .trend_s = WB_FORECAST_TREND_S,
            .trend_z = WB_FORECAST_TREND_Z,
        };
        forecast_pooled(m, chi, now, w, &fi, &out->forecast);
    }

    /* Sparkline, oldest first, ending with the slot of now. */
    int64_t idx = floor_to(now, WB_SPARK_MS) / WB_SPARK_MS;
    for (size_t k = 0; k < WB_SPARK_N; k++) {
        int64_t want = idx - (int64_t)(WB_SPARK_N - 1 - k);
        size_t slot = (size_t)(((want % WB_SPARK_N) + WB_SPARK_N) % WB_SPARK_N);
        out->spark[k] = ch->spark_idx[slot] == want ? ch->spark[slot] : 0;
    }
}

size_t wb_model_queue_count(const wb_model *m)
{
    return m->n_gq;
}

void wb_model_queue_metrics(const wb_model *m, size_t qi, wb_ms now, wb_queue_metrics *out)
{
    memset(out, 0, sizeof *out);
    out->name = m->gq[qi].name;
    out->channel = m->gq[qi].ch;
    const wb_wcache *w = waiting_counts(m);
    out->waiting = qi < w->q_cap ? w->q_n[qi] : 0;
    wb_ms oldest = qi < w->q_cap ? w->q_old[qi] : INT64_MAX;
    out->oldest_wait_ms = out->waiting ? (now > oldest ? now - oldest : 0) : -1;
    wb_counts today = {0}, rolling = {0};
    for (size_t s = 0; s < m->n_src; s++)
        if (qi < m->src[s]->q_cap && m->src[s]->q[qi])
            sum_queue(m, m->src[s]->q[qi], now, &today, &rolling);
    wb_sl_formula f = m->ch[out->channel].cfg.formula;
    wb_window_compute(&out->today, &today, f);
    wb_window_compute(&out->rolling, &rolling, f);
}

size_t wb_model_agent_count(const wb_model *m)
{
    size_t n = 0;
    for (size_t s = 0; s < m->n_src; s++)
        n += m->src[s]->n_agents;
    return n;
}

void wb_model_agent_info(const wb_model *m, size_t i, wb_agent_info *out)
{
    memset(out, 0, sizeof *out);
    for (size_t s = 0; s < m->n_src; s++) {
        if (i < m->src[s]->n_agents) {
            const wb_agent *a = m->src[s]->agents[i];
            out->agent = a->id;
            out->name = a->name ? a->name : a->id;
            out->team = a->team;
            out->reason = a->reason;
            out->src = m->src[s]->src;
            out->state = a->state;
            out->since = a->since;
            out->channels = a->chmask;
            out->work_ch = a->work_ch;
            return;
        }
        i -= m->src[s]->n_agents;
    }
}

void wb_model_agent_totals(const wb_model *m, uint32_t out[WB_AGENT_NSTATES])
{
    memset(out, 0, WB_AGENT_NSTATES * sizeof *out);
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++)
            out[m->src[s]->agents[i]->state]++;
}
