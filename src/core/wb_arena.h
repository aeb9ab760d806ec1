/*
 * wb_arena.h - the per-thread bump arena that cJSON allocates from while the encoder
 * (wb_proto_encode.c) builds or deletes a tree, and that the decoder (wb_proto.c) takes each
 * event's copy of its message from (one block, with wb_arena_alloc()). Internal to the core.
 *
 * Each thread owns at most one arena, created on first use and freed when the thread exits
 * (or, if a tree still lives in it then, by the wb_arena_release() that ends that tree). An
 * arena holds at most one live tree: wb_arena_enter() returns NULL while this thread's arena is
 * busy, and the caller then builds its tree on the heap. A tree built in arena a is deleted with
 * wb_arena_delete(a, root), and the arena given back with wb_arena_release(a), possibly on
 * another thread.
 *
 * cJSON's hooks are process-wide and installed by the first wb_arena_enter(): outside an
 * enter/leave pair they are plain malloc and free, so other cJSON users are unaffected.
 */
#ifndef WB_ARENA_H
#define WB_ARENA_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* 64 KiB holds the tree of any ordinary event many times over (a typical event needs about one
 * KiB); only large snapshots spill to malloc. */
#define WB_ARENA_BYTES (64 * 1024)

struct wb_arena;

/*
 * Takes this thread's arena for one tree (NULL: it is busy, or could not be created, and
 * allocations go to the heap) and routes this thread's cJSON allocations into it until
 * wb_arena_leave().
 */
struct wb_arena *wb_arena_enter(void);
/* Stops routing; returns true if an allocation failed since wb_arena_enter(). */
bool wb_arena_leave(void);
/* cJSON's allocation hook, callable directly between enter and leave for the tree's own
 * bookkeeping; a block from the heap (arena full or NULL) is freed with free(). */
void *wb_arena_alloc(size_t n);
/* Whether p points into a's memory. */
bool wb_arena_owns(const struct wb_arena *a, const void *p);
/* Deletes a tree built in a (or on the heap when a is NULL); a tree wholly in the arena needs
 * no walk. */
void wb_arena_delete(struct wb_arena *a, cJSON *root);
/* Gives a back: its memory is reset for the next tree (and freed if its thread has exited). */
void wb_arena_release(struct wb_arena *a);

#endif
