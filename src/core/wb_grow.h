/*
 * wb_grow.h - the one way the project grows an array: by doubling, checked for overflow.
 *
 * Owns nothing: the array stays the caller's, allocated with malloc/realloc and freed with
 * free(). Header-only, so that any layer may use it without linking more than libc.
 */
#ifndef WB_GROW_H
#define WB_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Makes room for at least need elements of elem bytes in p, whose capacity is *cap elements:
 * the capacity doubles (starting at first, or 1 if first is 0) until need fits. Returns the
 * array, perhaps moved, with *cap updated; or NULL when memory runs out or the size would
 * overflow, with p still valid and *cap unchanged. need <= *cap returns p untouched. Use:
 *
 *     T *n = wb_grow(a->v, &a->cap, a->n + 1, sizeof *n, 16);
 *     if (!n)
 *         return WB_ERR_NOMEM;
 *     a->v = n;
 */
static inline void *wb_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
    size_t ncap = *cap ? *cap : (first ? first : 1);
    void *n;

    if (need <= *cap)
        return p;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    n = realloc(p, ncap * elem);
    if (n)
        *cap = ncap;
    return n;
}

#endif
