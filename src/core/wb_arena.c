/*
 * wb_arena.c - the per-thread bump arena behind the protocol's cJSON trees (see wb_arena.h).
 *
 * cJSON allocates several small blocks per message (one per node, one per key, one per string
 * value). To stay near the core's budget of a million decoded and applied events per second,
 * those allocations come from a per-thread arena instead of malloc:
 *
 *   - Each thread that decodes owns one arena (struct wb_arena, WB_ARENA_BYTES), created on first
 * use and freed when the thread exits. Allocation is a pointer bump; freeing a single block is a
 * no-op; the whole arena is reset when the event that uses it is finished.
 *   - cJSON's hooks are process-global (cJSON_InitHooks), so they are installed once and must
 *     stay correct for every other cJSON user in the process. They consult a thread-local
 *     pointer, tl_active, that is set only between wb_arena_enter() and wb_arena_leave() (or
 *     inside wb_arena_delete()), while the protocol code parses, builds or deletes a tree.
 *     With tl_active NULL (any other code, any other thread) the hooks are plain malloc and
 *     free. With it set, allocation bumps in that arena (falling
 *     back to malloc when the arena is exhausted, which marks the arena "spilled"), and free
 *     ignores pointers inside that arena and passes the rest to free().
 *   - An arena holds at most one live tree. If the thread's arena is still held by an event
 *     that was not finished yet, the next decode behaves like plain cJSON: it parses on the heap.
 *     So the caller may keep several events alive at once and finish them in any order and on
 *     any thread; only the first unfinished event per thread gets the fast path.
 *   - The arena's busy flag is atomic, because an event decoded on one thread may be finished
 *     on another. A thread that exits while its arena is busy marks it orphaned instead of
 *     freeing it, and the wb_event_fini() that releases it frees it.
 *
 * Under AddressSanitizer the free part of an arena is poisoned, so a string used after
 * wb_event_fini() is reported just as a heap use-after-free would be.
 */
#include "wb_arena.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_BYTES WB_ARENA_BYTES
#define ARENA_ALIGN (alignof(max_align_t))

enum { ARENA_BUSY = 1, ARENA_ORPHAN = 2 };

struct wb_arena {
    atomic_int state; /* ARENA_BUSY while a tree lives in it; ARENA_ORPHAN after thread exit */
    size_t used;
    bool spilled; /* some block of the current tree came from malloc */
    alignas(max_align_t) unsigned char mem[ARENA_BYTES];
};

static _Thread_local struct wb_arena *tl_active; /* routes cJSON allocations, see above */
static _Thread_local struct wb_arena *tl_arena;  /* this thread's arena, once created */
static _Thread_local bool tl_nomem;              /* an allocation failed during this parse */

static once_flag init_once = ONCE_FLAG_INIT;
static tss_t arena_key;
/* Atomic only so that thread checkers that do not model call_once see the ordering. */
static atomic_bool arena_key_ok;

bool wb_arena_owns(const struct wb_arena *a, const void *p)
{
    uintptr_t u = (uintptr_t)p, lo = (uintptr_t)a->mem;
    return u >= lo && u < lo + ARENA_BYTES;
}

void *wb_arena_alloc(size_t n)
{
    struct wb_arena *a = tl_active;
    void *p;

    if (a) {
        size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
        if (need >= n && need <= ARENA_BYTES - a->used) {
            p = a->mem + a->used;
            a->used += need;
            UNPOISON(p, n);
            return p;
        }
        a->spilled = true;
    }
    p = malloc(n);
    if (!p)
        tl_nomem = true;
    return p;
}

static void hook_free(void *p)
{
    struct wb_arena *a = tl_active;

    if (a && wb_arena_owns(a, p))
        return;
    free(p);
}

static void arena_free(struct wb_arena *a)
{
    UNPOISON(a->mem, ARENA_BYTES);
    free(a);
}

/* tss destructor: runs when a thread that owns an arena exits. */
static void arena_thread_exit(void *p)
{
    struct wb_arena *a = p;

    /* If an unfinished event still uses the arena, its wb_event_fini() frees it instead. */
    if (!(atomic_fetch_or(&a->state, ARENA_ORPHAN) & ARENA_BUSY))
        arena_free(a);
}

static void init_once_fn(void)
{
    cJSON_Hooks hooks = {.malloc_fn = wb_arena_alloc, .free_fn = hook_free};

    atomic_store(&arena_key_ok, tss_create(&arena_key, arena_thread_exit) == thrd_success);
    cJSON_InitHooks(&hooks);
}

/* Takes this thread's arena for one tree, or returns NULL when the caller must use the heap. */
static struct wb_arena *arena_acquire(void)
{
    struct wb_arena *a = tl_arena;
    int expected = 0;

    if (!a) {
        if (!atomic_load(&arena_key_ok))
            return NULL;
        a = malloc(sizeof *a);
        if (!a)
            return NULL;
        atomic_init(&a->state, 0);
        a->used = 0;
        a->spilled = false;
        POISON(a->mem, ARENA_BYTES);
        if (tss_set(arena_key, a) != thrd_success) {
            free(a);
            return NULL;
        }
        tl_arena = a;
    }
    if (!atomic_compare_exchange_strong(&a->state, &expected, ARENA_BUSY))
        return NULL;
    a->used = 0;
    a->spilled = false;
    return a;
}

void wb_arena_release(struct wb_arena *a)
{
    POISON(a->mem, ARENA_BYTES);
    if (atomic_fetch_and(&a->state, ~ARENA_BUSY) & ARENA_ORPHAN)
        arena_free(a);
}

void wb_arena_delete(struct wb_arena *a, cJSON *root)
{
    struct wb_arena *prev = tl_active;

    /* A tree wholly inside the arena needs no walk: resetting the arena frees it. */
    if (a && !a->spilled)
        return;
    tl_active = a;
    cJSON_Delete(root);
    tl_active = prev;
}

struct wb_arena *wb_arena_enter(void)
{
    struct wb_arena *a;

    call_once(&init_once, init_once_fn);
    a = arena_acquire();
    tl_active = a;
    tl_nomem = false;
    return a;
}

bool wb_arena_leave(void)
{
    tl_active = NULL;
    return tl_nomem;
}
