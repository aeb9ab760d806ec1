/*
 * wb_utf8.c - UTF-8 validation (see wb_utf8.h).
 */
#include "wb_utf8.h"

#include <stdint.h>
#include <string.h>

/* The length of the well-formed character at p (p < e), or 0. */
static inline size_t char_len(const unsigned char *p, const unsigned char *e)
{
    unsigned c = *p;
    if (c < 0x80)
        return 1;
    /* Lead bytes 0x80-0xC1 are continuations or start overlong two-byte forms. */
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return e - p >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        /* E0 needs A0.. (no overlongs); ED stops at 9F (no UTF-16 surrogates). */
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return e - p >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c < 0xF5) {
        /* F0 needs 90.. (no overlongs); F4 stops at 8F (nothing above U+10FFFF). */
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return e - p >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
                       (p[3] & 0xC0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

bool wb_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e;

    if (!s)
        return len == 0;
    e = p + len;
    while (p < e) {
        /* Most text is ASCII: skip eight bytes at a time while no byte has its top bit set. */
        if (e - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (!(w & 0x8080808080808080ULL)) {
                p += 8;
                continue;
            }
        }
        size_t n = char_len(p, e);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

size_t wb_utf8_char_len(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    return s && len > 0 ? char_len(p, p + len) : 0;
}
