/*
 * wb_map.h - the two hash tables the model is built on (internal to the core).
 *
 * wb_map: string key -> pointer, open addressing with linear probing and backward-shift
 * deletion (no tombstones, so a table that sees millions of insert/delete pairs does not
 * degrade). The map does not own keys or values: a key points into the value that the caller
 * owns (e.g. a contact's id), and must stay valid while the entry exists.
 *
 * Every map hashes its keys with SipHash-1-3 under a 128-bit key of its own (wb_map_set_key),
 * so that someone who can choose the keys (contact ids come from the network) cannot make them
 * collide without knowing the key. A map left at its initial key (zero) is deterministic, which
 * is what tests want; the program gives its maps a random key (wb_model_set_hash_key).
 *
 * wb_seen: a bounded set of 64-bit fingerprints with first-in-first-out eviction, for
 * "applied once" duplicate detection that never grows beyond its capacity.
 */
#ifndef WB_MAP_H
#define WB_MAP_H

#include "wb_types.h"

typedef struct wb_map_slot {
    uint64_t hash;
    const char *key; /* NULL = empty slot */
    void *val;
} wb_map_slot;

/* A 128-bit hash key. */
typedef struct wb_hash_key {
    uint64_t k0, k1;
} wb_hash_key;

typedef struct wb_map {
    wb_map_slot *slots;
    size_t cap; /* power of two, or 0 before the first insert */
    size_t len;
    wb_hash_key key;
} wb_map;

void wb_map_init(wb_map *m); /* key zero */
/* Sets the hash key; only while the map is empty (else the entries would be lost). */
int wb_map_set_key(wb_map *m, const wb_hash_key *key);
void wb_map_fini(wb_map *m); /* frees the table, not the keys or values */
void *wb_map_get(const wb_map *m, const char *key);
/* Inserts or replaces. Returns 0 or WB_ERR_NOMEM (the map is unchanged then). */
int wb_map_put(wb_map *m, const char *key, void *val);
/* Removes key; returns its value, or NULL if absent. */
void *wb_map_del(wb_map *m, const char *key);
/*
 * The same three with the key's hash given: h must be wb_hash_keyed() of key under this map's
 * hash key. A caller that looks one key up in several maps of the same hash key (the model's
 * contact sets) hashes it once.
 */
void *wb_map_get_h(const wb_map *m, const char *key, uint64_t h);
int wb_map_put_h(wb_map *m, const char *key, uint64_t h, void *val);
void *wb_map_del_h(wb_map *m, const char *key, uint64_t h);
void wb_map_clear(wb_map *m);

/*
 * strcmp(a, b) == 0 without a call, for the short keys and names of the core (ids, channel,
 * queue and source names): on these the library's vector strcmp() costs more in its call and
 * set-up than this loop does in all.
 */
static inline bool wb_str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

uint64_t wb_hash_str(const char *s, uint64_t seed);
/* SipHash-1-3 of the NUL-terminated string s under key k. */
uint64_t wb_hash_keyed(const wb_hash_key *k, const char *s);
/* Longest distance of an entry from its home slot (for tests of the hash's spread). */
size_t wb_map_max_probe(const wb_map *m);

typedef struct wb_seen {
    uint64_t *table; /* 0 = empty; fingerprints are never 0 */
    size_t table_cap;
    uint64_t *ring; /* insertion order, for eviction */
    size_t ring_cap, ring_pos, count;
} wb_seen;

int wb_seen_init(wb_seen *s, size_t capacity);
void wb_seen_fini(wb_seen *s);
bool wb_seen_has(const wb_seen *s, uint64_t fp);
/* Adds fp (evicting the oldest entry when full). */
void wb_seen_add(wb_seen *s, uint64_t fp);
/*
 * A hint that wb_seen_add() of fp follows soon: starts loading the table slots it will touch
 * (fp's and, when the set is full, the oldest entry's), so that the memory is read while the
 * caller does other work. Changes nothing.
 */
void wb_seen_prefetch(const wb_seen *s, uint64_t fp);

#endif
