/*
 * wb_utf8.c - UTF-8 validation (see wb_utf8.h).
 */
#include "wb_utf8.h"

#include <stdint.h>
#include <string.h>

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
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        /* Lead bytes 0x80-0xC1 are continuations or start overlong two-byte forms. */
        if (c < 0xC2)
            return false;
        if (c < 0xE0) {
            if (e - p < 2 || (p[1] & 0xC0) != 0x80)
                return false;
            p += 2;
            continue;
        }
        if (c < 0xF0) {
            /* E0 needs A0.. (no overlongs); ED stops at 9F (no UTF-16 surrogates). */
            unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (e - p < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
                return false;
            p += 3;
            continue;
        }
        if (c < 0xF5) {
            /* F0 needs 90.. (no overlongs); F4 stops at 8F (nothing above U+10FFFF). */
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (e - p < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
                (p[3] & 0xC0) != 0x80)
                return false;
            p += 4;
            continue;
        }
        return false;
    }
    return true;
}