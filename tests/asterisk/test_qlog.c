/*
 * test_qlog.c - splitting queue_log lines, written by hand from the documented format of
 * Asterisk 1.8, 11, 13+ and 20: pipes in free text, truncated lines, CRLF, empty fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wb_qlog.h"

static wb_qlog_line L;

static wb_qlog_reason parse(const char *s)
{
    return wb_qlog_parse(s, strlen(s), &L);
}

static void test_fixed_fields(void **state)
{
    (void)state;
    assert_int_equal(parse("1700000000|1700000000.42|support|NONE|ENTERQUEUE||5551234|1\n"),
                     WB_QLOG_OK);
    assert_int_equal(L.epoch, 1700000000);
    assert_string_equal(L.callid, "1700000000.42");
    assert_string_equal(L.queue, "support");
    assert_string_equal(L.agent, "NONE");
    assert_int_equal(L.verb, WB_QV_ENTERQUEUE);
    assert_int_equal(L.n_data, 3);
    assert_string_equal(L.data[0], "");
    assert_string_equal(L.data[1], "5551234");
    assert_string_equal(L.data[2], "1");
    /* Absent fields read as empty strings, never NULL. */
    assert_string_equal(L.data[5], "");
}

static void test_crlf_and_numbers(void **state)
{
    (void)state;
    assert_int_equal(parse("1700000100|1700000000.42|support|Alice|CONNECT|12|1700000090.7|3\r\n"),
                     WB_QLOG_OK);
    assert_int_equal(L.verb, WB_QV_CONNECT);
    int64_t v = -1;
    assert_true(wb_qlog_num(&L, 0, &v));
    assert_int_equal(v, 12);
    assert_true(wb_qlog_num(&L, 2, &v));
    assert_int_equal(v, 3);               /* no '\r' left on the last field */
    assert_false(wb_qlog_num(&L, 1, &v)); /* "1700000090.7" is not a whole number */
    assert_false(wb_qlog_num(&L, 3, &v)); /* absent */
    /* Asterisk's clock set back between ENTERQUEUE and CONNECT: a hold of -2 s is none. */
    assert_int_equal(parse("1700000100|c|support|Alice|CONNECT|-2|m|1"), WB_QLOG_OK);
    assert_true(wb_qlog_num(&L, 0, &v));
    assert_int_equal(v, 0);
    assert_int_equal(parse("1700000100|c|support|Alice|CONNECT|-|m|1"), WB_QLOG_OK);
    assert_false(wb_qlog_num(&L, 0, &v)); /* a sign alone is no number */
}

/*
 * Bytes that are not UTF-8 (a caller's name or a pause reason in Latin-1, as an old phone
 * sends it) are read as Latin-1, or as U+FFFD where Latin-1 has a control character: the line
 * is kept, and its well-formed UTF-8 stays as it was.
 */
static void test_latin1_recoded(void **state)
{
    (void)state;
    assert_int_equal(parse("1700000000|c1|support|NONE|ENTERQUEUE||5551234|1|M\xe4kinen Oy"),
                     WB_QLOG_OK);
    assert_true(L.recoded);
    assert_int_equal(L.verb, WB_QV_ENTERQUEUE);
    assert_string_equal(L.data[3], "M\xc3\xa4kinen Oy");
    assert_int_equal(parse("1700000000|NONE|support|Alice|PAUSE|Tauko \xe4 \x85 \xc3\xb6"),
                     WB_QLOG_OK);
    assert_string_equal(L.data[0], "Tauko \xc3\xa4 \xef\xbf\xbd \xc3\xb6");
    /* A character cut short is its bytes read one by one: "\xc3" then "A". */
    assert_int_equal(parse("1700000000|NONE|support|Alice|PAUSE|\xc3"
                           "A"),
                     WB_QLOG_OK);
    assert_string_equal(L.data[0], "\xc3\x83"
                                   "A");
    assert_int_equal(parse("1700000000|NONE|support|Alice|PAUSE|\xc3\xa4"), WB_QLOG_OK);
    assert_false(L.recoded);
    /* The longest line, every byte recoded to three: it fits. */
    static char big[WB_QLOG_MAX_LINE + 1];
    memset(big, 0x85, WB_QLOG_MAX_LINE);
    memcpy(big, "1|c|q|A|INFO|", 13);
    assert_int_equal(parse(big), WB_QLOG_OK);
    assert_int_equal(strlen(L.data[0]), 3 * (WB_QLOG_MAX_LINE - 13));
}

static void test_pause_reason_with_pipes(void **state)
{
    (void)state;
    /* Asterisk 20: the pause reason is free text and may hold '|'. */
    assert_int_equal(parse("1700000200|NONE|support|Alice|PAUSE|lunch|back at 13|ok"), WB_QLOG_OK);
    assert_int_equal(L.verb, WB_QV_PAUSE);
    assert_int_equal(L.n_data, 1);
    assert_string_equal(L.data[0], "lunch|back at 13|ok");
    /* Asterisk 11 PAUSEALL: queue NONE, the interface as agent, empty reason. */
    assert_int_equal(parse("1700000200|NONE|NONE|SIP/2001|PAUSEALL|"), WB_QLOG_OK);
    assert_int_equal(L.verb, WB_QV_PAUSEALL);
    assert_string_equal(L.data[0], "");
    assert_string_equal(L.agent, "SIP/2001");
}

static void test_withdraw_info_with_pipes(void **state)
{
    (void)state;
    assert_int_equal(parse("1700000300|1700000000.9|sales|NONE|WITHDRAW|2|3|45|moved|to|sales"),
                     WB_QLOG_OK);
    assert_int_equal(L.verb, WB_QV_WITHDRAW);
    assert_int_equal(L.n_data, 4);
    assert_string_equal(L.data[2], "45");
    assert_string_equal(L.data[3], "moved|to|sales");
}

static void test_attended_transfer_layouts(void **state)
{
    (void)state;
    assert_int_equal(parse("1|c|q|A|ATTENDEDTRANSFER|LINK|PJSIP/a-1|PJSIP/b-2|5|60|1"), WB_QLOG_OK);
    assert_int_equal(L.n_data, 6);
    assert_string_equal(L.data[4], "60");
    assert_int_equal(parse("1|c|q|A|ATTENDEDTRANSFER|BRIDGE|3f1a|5|61|1"), WB_QLOG_OK);
    assert_string_equal(L.data[3], "61");
}

static void test_refusals(void **state)
{
    (void)state;
    assert_int_equal(parse(""), WB_QLOG_EMPTY);
    assert_int_equal(parse("\r\n"), WB_QLOG_EMPTY);
    /* A line cut while Asterisk was writing it: fewer than five fields. */
    assert_int_equal(parse("1700000400|1700000000.5|supp"), WB_QLOG_FIELDS);
    assert_int_equal(parse("17000x0400|c|q|A|CONNECT|1|u|1"), WB_QLOG_TIME);
    assert_int_equal(parse("-5|c|q|A|CONNECT|1|u|1"), WB_QLOG_TIME);
    /* Not UTF-8: read as Latin-1, so a verb of such bytes is an unknown one. */
    assert_int_equal(parse("1700000400|c|q|A|\xff\xfe|1"), WB_QLOG_UNKNOWN);
    assert_string_equal(L.verb_text, "\xc3\xbf\xc3\xbe");
    assert_int_equal(wb_qlog_parse("1|c|q\0|A|CONNECT", 16, &L), WB_QLOG_NUL);
    char big[WB_QLOG_MAX_LINE + 20];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "1|c|q|A|INFO|", 13);
    assert_int_equal(parse(big), WB_QLOG_TOO_LONG);
    /* A verb nobody defined: well formed, refused as unknown, with the text kept. */
    assert_int_equal(parse("1700000400|c|q|A|CALLSTATUS|1"), WB_QLOG_UNKNOWN);
    assert_string_equal(L.verb_text, "CALLSTATUS");
    assert_string_equal(wb_qlog_reason_name(WB_QLOG_UNKNOWN), "unknown_verb");
}

static void test_many_fields_kept_in_last(void **state)
{
    (void)state;
    assert_int_equal(parse("1|c|q|A|OUTCALL|1|2|3|4|5|6|7|8|9|10"), WB_QLOG_OK);
    assert_int_equal(L.n_data, WB_QLOG_MAX_DATA);
    assert_string_equal(L.data[WB_QLOG_MAX_DATA - 1], "8|9|10");
}

static void test_verb_names(void **state)
{
    (void)state;
    for (int v = 1; v < WB_QV_COUNT; v++)
        assert_int_equal(wb_qlog_verb_parse(wb_qlog_verb_name((wb_qlog_verb)v)), v);
    assert_int_equal(wb_qlog_verb_parse("connect"), WB_QV_UNKNOWN); /* exact case only */
}

/*
 * The house rule: a refusal is a negative code and 0 is success, so a caller may test any
 * result with < 0. The names are those the adapter prints in its summary and its "line
 * refused (...)" log, which must not change.
 */
static void test_refusals_are_negative(void **state)
{
    (void)state;
    static char big[WB_QLOG_MAX_LINE + 20];
    memset(big, 'a', sizeof big - 1);
    memcpy(big, "1|c|q|A|INFO|", 13);
    const struct {
        const char *line;
        size_t len; /* 0: strlen(line) */
        const char *name;
    } cases[] = {
        {"", 0, "empty"},
        {big, 0, "too_long"},
        {"1700000400|1700000000.5|supp", 0, "fields"},
        {"17000x0400|c|q|A|CONNECT|1|u|1", 0, "time"},
        {"1|c|q\0|A|CONNECT", 16, "nul"},
        {"1700000400|c|q|A|CALLSTATUS|1", 0, "unknown_verb"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].line);
        wb_qlog_reason r = wb_qlog_parse(cases[i].line, len, &L);
        assert_true(r < 0);
        assert_string_equal(wb_qlog_reason_name(r), cases[i].name);
    }
    assert_int_equal(parse("1|c|q|A|CONNECT|1|u|1"), 0);
    assert_string_equal(wb_qlog_reason_name(WB_QLOG_OK), "ok");
}

/*
 * The counters are indexed by -code - 1: ten reasons, "empty" (-1) at 0 to "no_agent" (-10)
 * at 9. Success and codes outside the range have no counter, and no name but "unknown".
 */
static void test_reason_index(void **state)
{
    (void)state;
    static const char *const names[10] = {
        "empty", "too_long",     "fields", "time",    "utf8",
        "nul",   "unknown_verb", "number", "no_call", "no_agent",
    };
    assert_int_equal(WB_QLOG_NREASONS, 10);
    for (int i = 0; i < 10; i++) {
        wb_qlog_reason r = (wb_qlog_reason)(-i - 1);
        assert_int_equal(wb_qlog_reason_index(r), i);
        assert_string_equal(wb_qlog_reason_name(r), names[i]);
    }
    assert_int_equal(wb_qlog_reason_index(WB_QLOG_EMPTY), 0);
    assert_int_equal(wb_qlog_reason_index(WB_QLOG_NO_AGENT), 9);
    assert_int_equal(wb_qlog_reason_index(WB_QLOG_OK), WB_NOT_FOUND);
    assert_int_equal(wb_qlog_reason_index((wb_qlog_reason)-11), WB_NOT_FOUND);
    assert_int_equal(wb_qlog_reason_index((wb_qlog_reason)1), WB_NOT_FOUND);
    assert_string_equal(wb_qlog_reason_name((wb_qlog_reason)-11), "unknown");
    assert_string_equal(wb_qlog_reason_name((wb_qlog_reason)1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_fields),
        cmocka_unit_test(test_crlf_and_numbers),
        cmocka_unit_test(test_latin1_recoded),
        cmocka_unit_test(test_pause_reason_with_pipes),
        cmocka_unit_test(test_withdraw_info_with_pipes),
        cmocka_unit_test(test_attended_transfer_layouts),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_many_fields_kept_in_last),
        cmocka_unit_test(test_verb_names),
        cmocka_unit_test(test_refusals_are_negative),
        cmocka_unit_test(test_reason_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
