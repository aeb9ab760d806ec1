/*
 * wb_utf8.h - UTF-8 validation, shared by the protocol decoder and the configuration parser.
 *
 * Owns nothing and allocates nothing: the function reads the caller's bytes.
 */
#ifndef WB_UTF8_H
#define WB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True if s[0..len) is well-formed UTF-8 (RFC 3629): no overlong forms, no UTF-16 surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no sequence cut short by the end. A NUL byte is
 * U+0000 and valid here; callers that refuse it check for it themselves. s may be NULL only
 * when len is 0.
 */
bool wb_utf8_valid(const char *s, size_t len);

/*
 * The length (1 to 4) of the well-formed character that s[0..len) begins with, by the same
 * rules; 0 when it begins with none (or len is 0).
 */
size_t wb_utf8_char_len(const char *s, size_t len);

#endif
