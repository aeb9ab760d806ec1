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

/* SipHash-1-3 (Aumasson and Bernstein): a keyed hash whose collisions cannot be chosen
 * without the key. One compression round per word and three at the end. */
static uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = rotl(v1, 13);                                                                         \
        v1 ^= v0;                                                                                  \
        v0 = rotl(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = rotl(v3, 16);                                                                         \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = rotl(v3, 21);                                                                         \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = rotl(v1, 17);                                                                         \
        v1 ^= v2;                                                                                  \
        v2 = rotl(v2, 32);                                                                         \
    } while (0)

uint64_t wb_hash_keyed(const wb_hash_key *k, const char *s)
{
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    uint64_t v0 = 0x736f6d6570736575ULL ^ k->k0, v1 = 0x646f72616e646f6dULL ^ k->k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k->k0, v3 = 0x7465646279746573ULL ^ k->k1;
    size_t whole = len & ~(size_t)7;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t w = 0;
        for (int b = 7; b >= 0; b--)
            w = (w << 8) | p[i + (size_t)b]; /* little-endian, whatever the host */
        v3 ^= w;
        SIPROUND;
        v0 ^= w;
    }
    uint64_t last = (uint64_t)len << 56;
    for (size_t i = whole; i < len; i++)
        last |= (uint64_t)p[i] << (8 * (i - whole));
    v3 ^= last;
    SIPROUND;
    v0 ^= last;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

void wb_map_init(wb_map *m)
{
    memset(m, 0, sizeof *m);
}

int wb_map_set_key(wb_map *m, const wb_hash_key *key)
{
    if (m->len != 0)
        return WB_ERR_INVAL;
    m->key = *key;
    return WB_OK;
}

size_t wb_map_max_probe(const wb_map *m)
{
    size_t worst = 0;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t home = (size_t)m->slots[i].hash & (m->cap - 1);
        size_t d = (i - home) & (m->cap - 1);
        if (d > worst)
            worst = d;
    }
    return worst;
}

void wb_map_fini(wb_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* Empties the map, keeping its table and its hash key. */
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
        if (m->slots[i].hash == h && wb_str_eq(m->slots[i].key, key))
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

void *wb_map_get_h(const wb_map *m, const char *key, uint64_t h)
{
    if (m->len == 0)
        return NULL;
    size_t i = find_slot(m, key, h);
    return m->slots[i].key ? m->slots[i].val : NULL;
}

void *wb_map_get(const wb_map *m, const char *key)
{
    /* An empty map is answered without hashing the key. */
    return m->len == 0 ? NULL : wb_map_get_h(m, key, wb_hash_keyed(&m->key, key));
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
    return wb_map_put_h(m, key, wb_hash_keyed(&m->key, key), val);
}

int wb_map_put_h(wb_map *m, const char *key, uint64_t h, void *val)
{
    if ((m->len + 1) * 2 > m->cap && grow(m) != WB_OK)
        return WB_ERR_NOMEM;
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
    return m->len == 0 ? NULL : wb_map_del_h(m, key, wb_hash_keyed(&m->key, key));
}

void *wb_map_del_h(wb_map *m, const char *key, uint64_t h)
{
    if (m->len == 0)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = find_slot(m, key, h);
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

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void wb_seen_prefetch(const wb_seen *s, uint64_t fp)
{
    if (!s->table)
        return;
    size_t mask = s->table_cap - 1;
    PREFETCH(&s->table[(size_t)(fp | 1) & mask]);
    if (s->count == s->ring_cap)
        PREFETCH(&s->table[(size_t)s->ring[s->ring_pos] & mask]);
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
    /* Wrapped by a compare: a division here cost more than the rest of the add. */
    if (++s->ring_pos == s->ring_cap)
        s->ring_pos = 0;
    s->count++;
}
