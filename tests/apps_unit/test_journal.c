/*
 * test_journal.c - reading a journal line (src/apps/common/journal.h): the writer's own form,
 * the same object spaced or with its members the other way round as another tool may write
 * it, the message handed on byte for byte, and each line that is not a journal line refused
 * with its reason; a file read back names each skipped line by number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"

#define MSG                                                                                        \
    "{\"v\":1,\"type\":\"contact.queued\",\"ts\":5,\"src\":\"a\",\"id\":\"c1\",\"channel\":\"p\"}"
#define SPACED_MSG                                                                                 \
    "{ \"v\": 1, \"type\": \"contact.queued\", \"ts\": 5, \"src\": \"a\", \"id\": \"c}1\", "       \
    "\"channel\": \"p\" }"

/* Parses s whole; on success checks rx and that the message is exactly want_msg. */
static void accepted(const char *s, wb_ms want_rx, const char *want_msg)
{
    wb_ms rx = -1;
    const char *msg = NULL, *why = NULL;
    size_t ml = 0;
    int rc = wb_journal_parse(s, strlen(s), &rx, &msg, &ml, &why);
    if (rc != 0)
        fail_msg("refused (%s): %s", why ? why : "no reason", s);
    assert_true(rx == want_rx);
    assert_int_equal(ml, strlen(want_msg));
    assert_memory_equal(msg, want_msg, ml);
}

static void refused(const char *s, const char *want_why)
{
    wb_ms rx;
    const char *msg, *why = NULL;
    size_t ml;
    assert_int_equal(wb_journal_parse(s, strlen(s), &rx, &msg, &ml, &why), WB_ERR_VALUE);
    assert_non_null(why);
    if (strcmp(why, want_why) != 0)
        fail_msg("%s\n  got:  %s\n  want: %s", s, why, want_why);
}

static void test_accepted(void **state)
{
    (void)state;
    /* The writer's form. */
    accepted("{\"rx\":1700000000123,\"msg\":" MSG "}", 1700000000123, MSG);
    /* Spaces, tabs and a CR between every token; the message's own spaces kept. */
    accepted("{ \"rx\": 1700000000123, \"msg\": " SPACED_MSG " }", 1700000000123, SPACED_MSG);
    accepted("  {\t\"rx\" :\t42 ,\"msg\"\t:" MSG "\t}  \r", 42, MSG);
    /* The members the other way round, as a tool that sorts keys writes them. */
    accepted("{\"msg\": " SPACED_MSG ", \"rx\": 7}", 7, SPACED_MSG);
    /* Braces and quotes inside the message's strings do not end it. */
    accepted("{\"rx\":1,\"msg\":{\"a\":\"}\\\"}\",\"b\":[{}]}}", 1,
             "{\"a\":\"}\\\"}\",\"b\":[{}]}");
    /* A string ending in an escaped backslash ends at the quote after it. */
    accepted("{\"rx\":2,\"msg\":{\"a\":\"x\\\\\",\"b\":\"}\"}}", 2,
             "{\"a\":\"x\\\\\",\"b\":\"}\"}");
    /* 16 digits, the most the reader takes. */
    accepted("{\"rx\":9999999999999999,\"msg\":{}}", 9999999999999999LL, "{}");
}

static void test_refused(void **state)
{
    (void)state;
    refused("", "not a JSON object: expected {\"rx\":MS,\"msg\":{...}}");
    refused("not a journal", "not a JSON object: expected {\"rx\":MS,\"msg\":{...}}");
    refused("{rx:1,\"msg\":{}}", "expected a member name in double quotes");
    refused("{\"rx\":1,\"msg\":{},\"src\":\"x\"}",
            "unknown member: a journal line holds only \"rx\" and \"msg\"");
    refused("{\"rx\":1,\"rx\":2,\"msg\":{}}", "\"rx\" given twice");
    refused("{\"rx\" 1,\"msg\":{}}", "expected ':' after a member name");
    refused("{\"rx\":-1,\"msg\":{}}",
            "\"rx\": expected the receive time in whole milliseconds since the epoch");
    refused("{\"rx\":1.5,\"msg\":{}}",
            "\"rx\": expected the receive time in whole milliseconds since the epoch");
    refused("{\"rx\":1e3,\"msg\":{}}",
            "\"rx\": expected the receive time in whole milliseconds since the epoch");
    refused("{\"rx\":12345678901234567,\"msg\":{}}",
            "\"rx\": expected the receive time in whole milliseconds since the epoch");
    refused("{\"rx\":1,\"msg\":\"text\"}", "\"msg\": expected a JSON object");
    refused("{\"rx\":1,\"msg\":{\"v\":1}", "expected ',' or '}' after a member");
    refused("{\"rx\":1,\"msg\":{\"v\":\"}", "\"msg\": the object is not closed on its line");
    refused("{\"rx\":1,\"msg\":{\"v\":[1}}", "\"msg\": a bracket closed by the wrong kind");
    refused("{\"rx\":1,\"msg\":{\"v\":[1]", "\"msg\": the object is not closed on its line");
    /* 1,024 levels are followed (the object and 1,023 arrays), 1,025 are not. */
    char deep[2100];
    for (int levels = 1024; levels <= 1025; levels++) {
        int o = snprintf(deep, sizeof deep, "{\"rx\":1,\"msg\":{\"a\":");
        for (int i = 1; i < levels; i++)
            deep[o++] = '[';
        for (int i = 1; i < levels; i++)
            deep[o++] = ']';
        snprintf(deep + o, sizeof deep - (size_t)o, "}}");
        if (levels == 1024) {
            wb_ms rx;
            const char *msg, *why = NULL;
            size_t ml;
            assert_int_equal(wb_journal_parse(deep, strlen(deep), &rx, &msg, &ml, &why), 0);
            assert_int_equal(ml, strlen(deep) - strlen("{\"rx\":1,\"msg\":}"));
        } else {
            refused(deep, "\"msg\": nested deeper than 1024 levels");
        }
    }
    refused("{\"rx\":1,\"msg\":{}} x", "text after the line's closing '}'");
    refused("{\"rx\":1}", "\"msg\" missing");
    refused("{\"msg\":{}}", "\"rx\" missing");
}

typedef struct seen {
    int lines, bad;
    wb_ms rx[4];
    uint64_t bad_line[4];
    const char *why[4];
} seen;

static void on_line(void *ud, wb_ms rx, const char *msg, size_t len)
{
    seen *s = ud;
    (void)msg;
    (void)len;
    if (s->lines < 4)
        s->rx[s->lines] = rx;
    s->lines++;
}

static void on_bad(void *ud, uint64_t line_no, const char *why)
{
    seen *s = ud;
    if (s->bad < 4) {
        s->bad_line[s->bad] = line_no;
        s->why[s->bad] = why;
    }
    s->bad++;
}

/* A file of five lines: two journal lines (one spaced), two bad ones and a torn last one. */
static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/wb_test_journal.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("{\"rx\":10,\"msg\":" MSG "}\n"
          "{ \"rx\": 20, \"msg\": " SPACED_MSG " }\n"
          "garbage\n"
          "{\"rx\":30}\n"
          "{\"rx\":40,\"msg\":{",
          f);
    fclose(f);
    seen s = {0};
    wb_journal_read_stats st;
    assert_int_equal(wb_journal_read(path, on_line, on_bad, &s, &st), 0);
    unlink(path);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.bad, 2);
    assert_int_equal(st.torn, 1);
    assert_int_equal(s.lines, 2);
    assert_true(s.rx[0] == 10 && s.rx[1] == 20);
    assert_int_equal(s.bad, 3);
    assert_int_equal(s.bad_line[0], 3);
    assert_string_equal(s.why[0], "not a JSON object: expected {\"rx\":MS,\"msg\":{...}}");
    assert_int_equal(s.bad_line[1], 4);
    assert_string_equal(s.why[1], "\"msg\" missing");
    assert_int_equal(s.bad_line[2], 5);
    assert_string_equal(s.why[2], "the last line has no newline (cut short while written)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
