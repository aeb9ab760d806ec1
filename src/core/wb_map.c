/*
 * wb_map.c - string-keyed open-addressing hash map and a bounded fingerprint set.
 *
 * Both tables use linear probing in a power-of-two array kept at most half full. Deletion
 * shifts the following cluster back instead of leaving tombstones, so lookups stay short no
 * matter how many contacts have come and gone.
 */
#include "wb_map.h"

#include <stdlib.h>
#include <string.h>

uint64_t wb_hash_str(const char *s, uint64_t seed)
{
    /* FNV-1a, then a final mix so that the low bits used for the index depend on all bytes. */
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

void wb_map_init(wb_map *m)
{
    memset(m, 0, sizeof *m);
}

void wb_map_fini(wb_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void wb_map_clear(wb_map *m)
{
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->len = 0;
}

static size_t find_slot(const wb_map *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->slots[i].key) {
        if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

void *wb_map_get(const wb_map *m, const char *key)
{
    if (m->len == 0)
        return NULL;
    size_t i = find_slot(m, key, wb_hash_str(key, 0));
    return m->slots[i].key ? m->slots[i].val : NULL;
}

static int grow(wb_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 16;
    wb_map_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return WB_ERR_NOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = (size_t)m->slots[i].hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return WB_OK;
}

int wb_map_put(wb_map *m, const char *key, void *val)
{
    if ((m->len + 1) * 2 > m->cap && grow(m) != WB_OK)
        return WB_ERR_NOMEM;
    uint64_t h = wb_hash_str(key, 0);
    size_t i = find_slot(m, key, h);
    if (!m->slots[i].key)
        m->len++;
    m->slots[i].hash = h;
    m->slots[i].key = key;
    m->slots[i].val = val;
    return WB_OK;
}

void *wb_map_del(wb_map *m, const char *key)
{
    if (m->len == 0)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = find_slot(m, key, wb_hash_str(key, 0));
    if (!m->slots[i].key)
        return NULL;
    void *val = m->slots[i].val;
    /*
     * Backward-shift deletion: walk the cluster after the hole and move back every entry
     * whose home slot is not between the hole and its current position.
     */
    size_t hole = i;
    size_t j = (i + 1) & mask;
    while (m->slots[j].key) {
        size_t home = (size_t)m->slots[j].hash & mask;
        bool movable = (hole <= j) ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
        j = (j + 1) & mask;
    }
    m->slots[hole].key = NULL;
    m->len--;
    return val;
}

int wb_seen_init(wb_seen *s, size_t capacity)
{
    memset(s, 0, sizeof *s);
    size_t tcap = 16;
    while (tcap < capacity * 2)
        tcap *= 2;
    s->table = calloc(tcap, sizeof *s->table);
    s->ring = calloc(capacity, sizeof *s->ring);
    if (!s->table || !s->ring) {
        wb_seen_fini(s);
        return WB_ERR_NOMEM;
    }
    s->table_cap = tcap;
    s->ring_cap = capacity;
    return WB_OK;
}

void wb_seen_fini(wb_seen *s)
{
    free(s->table);
    free(s->ring);
    memset(s, 0, sizeof *s);
}

static size_t seen_slot(const wb_seen *s, uint64_t fp)
{
    size_t mask = s->table_cap - 1;
    size_t i = (size_t)fp & mask;
    while (s->table[i] && s->table[i] != fp)
        i = (i + 1) & mask;
    return i;
}

bool wb_seen_has(const wb_seen *s, uint64_t fp)
{
    if (!s->table)
        return false;
    fp |= 1;
    return s->table[seen_slot(s, fp)] == fp;
}

static void seen_remove(wb_seen *s, uint64_t fp)
{
    size_t mask = s->table_cap - 1;
    size_t i = seen_slot(s, fp);
    if (!s->table[i])
        return;
    size_t hole = i;
    size_t j = (i + 1) & mask;
    while (s->table[j]) {
        size_t home = (size_t)s->table[j] & mask;
        bool movable = (hole <= j) ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            s->table[hole] = s->table[j];
            hole = j;
        }
        j = (j + 1) & mask;
    }
    s->table[hole] = 0;
}

void wb_seen_add(wb_seen *s, uint64_t fp)
{
    if (!s->table)
        return;
    fp |= 1;
    size_t i = seen_slot(s, fp);
    if (s->table[i] == fp)
        return;
    if (s->count == s->ring_cap) {
        /* Full: forget the oldest fingerprint to make room. */
        seen_remove(s, s->ring[s->ring_pos]);
        s->count--;
        i = seen_slot(s, fp);
    }
    s->table[i] = fp;
    s->ring[s->ring_pos] = fp;
    s->ring_pos = (s->ring_pos + 1) % s->ring_cap;
    s->count++;
}
