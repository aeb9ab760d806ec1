/*
 * test_utf8.c - wb_utf8_valid against the definition of UTF-8 (RFC 3629, Unicode 3.9 table
 * 3-7): the boundaries of each sequence length, overlong forms, UTF-16 surrogates, code points
 * above U+10FFFF, and sequences cut short. Each byte string is worked from the code point by
 * hand, not taken from the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wb_utf8.h"

static bool valid(const char *s)
{
    return wb_utf8_valid(s, strlen(s));
}

/* The first and last code point of each length, and the code points around the surrogates. */
static void test_boundaries(void **state)
{
    (void)state;
    assert_true(wb_utf8_valid("", 0));
    assert_true(wb_utf8_valid(NULL, 0));
    assert_false(wb_utf8_valid(NULL, 1));
    assert_true(wb_utf8_valid("\x00", 1));  /* U+0000 is a code point like any other */
    assert_true(valid("\x7f"));             /* U+007F, the last one-byte form */
    assert_true(valid("\xc2\x80"));         /* U+0080 = 110 00010, 10 000000 */
    assert_true(valid("\xdf\xbf"));         /* U+07FF = 110 11111, 10 111111 */
    assert_true(valid("\xe0\xa0\x80"));     /* U+0800 = 1110 0000, 10 100000, 10 000000 */
    assert_true(valid("\xed\x9f\xbf"));     /* U+D7FF, just below the surrogates */
    assert_true(valid("\xee\x80\x80"));     /* U+E000, just above them */
    assert_true(valid("\xef\xbf\xbf"));     /* U+FFFF */
    assert_true(valid("\xf0\x90\x80\x80")); /* U+10000 = 11110 000, 10 010000, 10 0.., 10 0.. */
    assert_true(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
    /* "€" U+20AC = 0010 000010 101100 -> E2 82 AC; "ä" U+00E4 = 00011 100100 -> C3 A4. */
    assert_true(valid("Pr\xc3\xa4mie 5 \xe2\x82\xac"));
}

/* A code point written with more bytes than it needs is refused (it could smuggle a '/'). */
static void test_overlong(void **state)
{
    (void)state;
    assert_false(valid("\xc0\x80"));             /* U+0000 in two bytes */
    assert_false(valid("\xc0\xaf"));             /* '/' U+002F in two bytes: 110 00000, 10 101111 */
    assert_false(valid("\xc1\xbf"));             /* U+007F in two bytes */
    assert_false(valid("\xe0\x80\xaf"));         /* '/' in three bytes */
    assert_false(valid("\xe0\x9f\xbf"));         /* U+07FF in three bytes */
    assert_false(valid("\xf0\x80\x80\xaf"));     /* '/' in four bytes */
    assert_false(valid("\xf0\x8f\xbf\xbf"));     /* U+FFFF in four bytes */
    assert_false(valid("\xf8\x80\x80\x80\xaf")); /* five-byte forms do not exist */
    assert_false(valid("\xfc\x80\x80\x80\x80\xaf")); /* nor six-byte ones */
}

/* U+D800..U+DFFF are UTF-16's surrogate halves, never characters; above U+10FFFF is nothing. */
static void test_surrogates_and_range(void **state)
{
    (void)state;
    assert_false(valid("\xed\xa0\x80"));             /* U+D800 = 1101 100000 000000 */
    assert_false(valid("\xed\xaf\xbf"));             /* U+DBFF, last high half */
    assert_false(valid("\xed\xb0\x80"));             /* U+DC00, first low half */
    assert_false(valid("\xed\xbf\xbf"));             /* U+DFFF */
    assert_false(valid("\xed\xa0\xbd\xed\xb8\x80")); /* a CESU-8 pair for U+1F600 */
    assert_true(valid("\xf0\x9f\x98\x80"));          /* U+1F600 as UTF-8 does it */
    assert_false(valid("\xf4\x90\x80\x80"));         /* U+110000 */
    assert_false(valid("\xf5\x80\x80\x80"));         /* F5..F7 lead only above U+10FFFF */
    assert_false(valid("\xf7\xbf\xbf\xbf"));
    assert_false(valid("\xfe"));
    assert_false(valid("\xff"));
}

/* Every proper prefix of a multi-byte sequence is refused, at the end or before ASCII. */
static void test_truncated(void **state)
{
    static const char *const whole[] = {"\xc3\xa4", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};

    (void)state;
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        size_t n = strlen(whole[i]);
        char buf[16];
        assert_true(wb_utf8_valid(whole[i], n));
        for (size_t k = 1; k < n; k++) {
            assert_false(wb_utf8_valid(whole[i], k));
            /* The same prefix followed by 'x', which is no continuation byte. */
            memcpy(buf, whole[i], k);
            buf[k] = 'x';
            assert_false(wb_utf8_valid(buf, k + 1));
        }
    }
    assert_false(valid("\x80")); /* a continuation byte with no lead */
    assert_false(valid("a\xbf"
                       "b"));            /* the same inside text */
    assert_false(valid("\xe2\x28\xa1")); /* second byte '(' is no continuation */
}

/*
 * Long ASCII runs are checked eight bytes at a time: a bad byte must be found at any offset
 * from a word boundary, and only bytes inside len count.
 */
static void test_any_offset(void **state)
{
    char buf[40];

    (void)state;
    for (size_t at = 0; at < 24; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = (char)0xff;
        assert_false(wb_utf8_valid(buf, sizeof buf));
        assert_true(wb_utf8_valid(buf, at)); /* everything before the bad byte */
        /* A valid two-byte sequence at the same offset. */
        buf[at] = (char)0xc3;
        buf[at + 1] = (char)0xa4;
        assert_true(wb_utf8_valid(buf, sizeof buf));
        /* Cut between its two bytes. */
        assert_false(wb_utf8_valid(buf, at + 1));
    }
}

/*
 * wb_utf8_char_len: the length of the character a text begins with, by RFC 3629's table
 * (1 byte up to U+007F, 2 up to U+07FF, 3 up to U+FFFF without surrogates, 4 up to U+10FFFF),
 * 0 for a byte that begins none or a character cut short.
 */
static void test_char_len(void **state)
{
    (void)state;
    assert_int_equal(wb_utf8_char_len("A", 1), 1);
    assert_int_equal(wb_utf8_char_len("\xc3\xa4x", 3), 2);        /* U+00E4 */
    assert_int_equal(wb_utf8_char_len("\xe2\x82\xac", 3), 3);     /* U+20AC */
    assert_int_equal(wb_utf8_char_len("\xf0\x9f\x93\x9e", 4), 4); /* U+1F4DE */
    assert_int_equal(wb_utf8_char_len("\xe4kinen", 6), 0);        /* Latin-1 a-umlaut */
    assert_int_equal(wb_utf8_char_len("\x85", 1), 0);             /* a continuation */
    assert_int_equal(wb_utf8_char_len("\xc0\x80", 2), 0);         /* overlong U+0000 */
    assert_int_equal(wb_utf8_char_len("\xed\xa0\x80", 3), 0);     /* surrogate U+D800 */
    assert_int_equal(wb_utf8_char_len("\xf4\x90\x80\x80", 4), 0); /* U+110000 */
    assert_int_equal(wb_utf8_char_len("\xe2\x82\xac", 2), 0);     /* cut short */
    assert_int_equal(wb_utf8_char_len("", 0), 0);
    assert_int_equal(wb_utf8_char_len(NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundaries),           cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_surrogates_and_range), cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_any_offset),           cmocka_unit_test(test_char_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
