/*
 * wb_map.h - the two hash tables the model is built on (internal to the core).
 *
 * wb_map: string key -> pointer, open addressing with linear probing and backward-shift
 * deletion (no tombstones, so a table that sees millions of insert/delete pairs does not
 * degrade). The map does not own keys or values: a key points into the value that the caller
 * owns (e.g. a contact's id), and must stay valid while the entry exists.
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

typedef struct wb_map {
    wb_map_slot *slots;
    size_t cap; /* power of two, or 0 before the first insert */
    size_t len;
} wb_map;

void wb_map_init(wb_map *m);
void wb_map_fini(wb_map *m); /* frees the table, not the keys or values */
void *wb_map_get(const wb_map *m, const char *key);
/* Inserts or replaces. Returns 0 or WB_ERR_NOMEM (the map is unchanged then). */
int wb_map_put(wb_map *m, const char *key, void *val);
/* Removes key; returns its value, or NULL if absent. */
void *wb_map_del(wb_map *m, const char *key);
void wb_map_clear(wb_map *m);

uint64_t wb_hash_str(const char *s, uint64_t seed);

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

#endif
