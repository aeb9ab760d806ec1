/*
 * test_proto.c - protocol v1: decoding every type and field, defaults, every refusal reason,
 * forward compatibility and UTF-8 validation (encoding, round trips and the names in wb_types:
 * test_proto_encode.c).
 *
 * The expected values are the ones written in the test messages themselves (or in
 * docs/protocol.md); UTF-8 cases follow Markus Kuhn's UTF-8 decoder stress test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <cmocka.h>

#include "proto_fixture.h"
#include "wb_proto.h"

/* Decodes json expecting refusal code want; checks the event was left with nothing held. */
static void refuse(const char *json, int want)
{
    wb_event ev;
    refuse_decode(&ev, json, want);
    assert_null(ev.snap.waiting);
    assert_null(ev.snap.queues);
    wb_event_fini(&ev); /* harmless on a refused event */
}

/* ---- decode, field by field ---- */

static void test_queued_all_fields(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000123,"
                              "\"src\":\"acd-1\",\"seq\":42,\"id\":\"c-1\",\"channel\":\"phone\","
                              "\"queue\":\"phone-fi\"}"),
                     0);
    assert_int_equal(ev.type, WB_EV_QUEUED);
    assert_true(ev.ts == 1700000000123LL);
    assert_string_equal(ev.src, "acd-1");
    assert_true(ev.has_seq);
    assert_true(ev.seq == 42);
    assert_string_equal(ev.id, "c-1");
    assert_string_equal(ev.channel, "phone");
    assert_string_equal(ev.queue, "phone-fi");
    assert_null(ev.agent);
    assert_true(ev.wait_ms == -1);
    assert_true(ev.handle_ms == -1);
    wb_event_fini(&ev);
    assert_null(ev.priv_);
}

static void test_queued_defaults(void **state)
{
    wb_event ev;

    assert_int_equal(
        dec(&ev,
            "{\"v\":1,\"type\":\"contact.queued\",\"ts\":5,\"id\":\"c\",\"channel\":\"chat\"}"),
        0);
    assert_string_equal(ev.src, "");
    assert_false(ev.has_seq);
    assert_string_equal(ev.queue, "chat");
    assert_true(ev.wait_ms == -1 && ev.handle_ms == -1);
    wb_event_fini(&ev);
}

static void test_answered_all_fields(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.answered\",\"ts\":2000,\"src\":\"s\","
                              "\"seq\":0,\"id\":\"c-9\",\"channel\":\"phone\",\"queue\":\"vip\","
                              "\"agent\":\"a-17\",\"wait_ms\":18000}"),
                     0);
    assert_int_equal(ev.type, WB_EV_ANSWERED);
    assert_true(ev.has_seq && ev.seq == 0);
    assert_string_equal(ev.id, "c-9");
    assert_string_equal(ev.queue, "vip");
    assert_string_equal(ev.agent, "a-17");
    assert_true(ev.wait_ms == 18000);
    assert_true(ev.handle_ms == -1);
    wb_event_fini(&ev);

    /* Optional fields absent: agent NULL, durations -1, queue = channel. */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.answered\",\"ts\":2000,\"id\":\"c\","
                              "\"channel\":\"email\"}"),
                     0);
    assert_null(ev.agent);
    assert_string_equal(ev.queue, "email");
    assert_true(ev.wait_ms == -1 && ev.handle_ms == -1);
    wb_event_fini(&ev);
}

static void test_abandoned_and_completed(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.abandoned\",\"ts\":3000,\"id\":\"c-2\","
                              "\"channel\":\"chat\",\"queue\":\"chat-en\",\"wait_ms\":4000}"),
                     0);
    assert_int_equal(ev.type, WB_EV_ABANDONED);
    assert_string_equal(ev.queue, "chat-en");
    assert_true(ev.wait_ms == 4000);
    assert_null(ev.agent);
    wb_event_fini(&ev);

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.completed\",\"ts\":9000,\"id\":\"c-2\","
                              "\"channel\":\"chat\",\"agent\":\"bob\",\"handle_ms\":180000}"),
                     0);
    assert_int_equal(ev.type, WB_EV_COMPLETED);
    assert_string_equal(ev.agent, "bob");
    assert_true(ev.handle_ms == 180000);
    assert_true(ev.wait_ms == -1);
    assert_string_equal(ev.queue, "chat");
    wb_event_fini(&ev);
}

static void test_agent_state_all_fields(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a-1\","
                              "\"name\":\"Aino Virtanen\",\"team\":\"Team A\",\"state\":\"paused\","
                              "\"reason\":\"lunch\",\"channels\":[\"phone\",\"chat\",\"email\"]}"),
                     0);
    assert_int_equal(ev.type, WB_EV_AGENT_STATE);
    assert_string_equal(ev.agent, "a-1");
    assert_string_equal(ev.name, "Aino Virtanen");
    assert_string_equal(ev.team, "Team A");
    assert_int_equal(ev.state, WB_AGENT_PAUSED);
    assert_string_equal(ev.reason, "lunch");
    assert_int_equal(ev.n_channels, 3);
    assert_string_equal(ev.channels[0], "phone");
    assert_string_equal(ev.channels[1], "chat");
    assert_string_equal(ev.channels[2], "email");
    wb_event_fini(&ev);

    /* Every state name; optional strings absent are NULL; an empty channel list is valid. */
    static const char *const names[] = {"offline", "available", "busy", "wrapup", "paused"};
    for (int i = 0; i < 5; i++) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "{\"v\":1,\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a\",\"state\":\"%s\","
                 "\"channels\":[]}",
                 names[i]);
        assert_int_equal(dec(&ev, msg), 0);
        assert_int_equal(ev.state, i);
        assert_null(ev.name);
        assert_null(ev.team);
        assert_null(ev.reason);
        assert_int_equal(ev.n_channels, 0);
        wb_event_fini(&ev);
    }
}

/*
 * "next": the state a busy or wrapping-up agent goes to after its contact (docs/protocol.md).
 * Only "paused" and "offline", only on busy or wrapup; anything else refuses the message.
 */
static void agent_next_msg(char *buf, size_t n, const char *st, const char *next)
{
    snprintf(buf, n,
             "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"%s\","
             "\"channels\":[\"phone\"],\"reason\":\"break\",\"next\":%s}",
             st, next);
}

static void test_agent_state_next(void **state)
{
    (void)state;
    wb_event ev;
    char msg[300];

    agent_next_msg(msg, sizeof msg, "busy", "\"paused\"");
    assert_int_equal(dec(&ev, msg), 0);
    assert_int_equal(ev.state, WB_AGENT_BUSY);
    assert_true(ev.has_next);
    assert_int_equal(ev.next, WB_AGENT_PAUSED);
    assert_string_equal(ev.reason, "break");
    wb_event_fini(&ev);
    agent_next_msg(msg, sizeof msg, "wrapup", "\"offline\"");
    assert_int_equal(dec(&ev, msg), 0);
    assert_int_equal(ev.state, WB_AGENT_WRAPUP);
    assert_true(ev.has_next);
    assert_int_equal(ev.next, WB_AGENT_OFFLINE);
    wb_event_fini(&ev);
    /* Absent or null: none, on any state. */
    agent_next_msg(msg, sizeof msg, "available", "null");
    assert_int_equal(dec(&ev, msg), 0);
    assert_false(ev.has_next);
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\","
                              "\"state\":\"busy\",\"channels\":[]}"),
                     0);
    assert_false(ev.has_next);
    wb_event_fini(&ev);

    /* Not busy or wrapping up: no contact to finish first. */
    static const char *const idle[] = {"offline", "available", "paused"};
    for (int i = 0; i < 3; i++) {
        agent_next_msg(msg, sizeof msg, idle[i], "\"paused\"");
        refuse(msg, WB_ERR_VALUE);
        agent_next_msg(msg, sizeof msg, idle[i], "\"offline\"");
        refuse(msg, WB_ERR_VALUE);
    }
    /* Any other value, case included. */
    static const char *const bad[] = {"\"available\"", "\"busy\"",  "\"wrapup\"",
                                      "\"Paused\"",    "\"lunch\"", "\"\""};
    for (int i = 0; i < 6; i++) {
        agent_next_msg(msg, sizeof msg, "busy", bad[i]);
        refuse(msg, WB_ERR_VALUE);
    }
    static const char *const types[] = {"1", "true", "[\"paused\"]", "{}"};
    for (int i = 0; i < 4; i++) {
        agent_next_msg(msg, sizeof msg, "busy", types[i]);
        refuse(msg, WB_ERR_TYPE);
    }
    /* A snapshot's agents the same. */
    assert_int_equal(
        dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"waiting\":[],\"in_service\":[],"
                 "\"queues\":[],\"agents\":[{\"agent\":\"a\",\"state\":\"wrapup\",\"since\":1,"
                 "\"channels\":[\"chat\"],\"reason\":\"lunch\",\"next\":\"paused\"},"
                 "{\"agent\":\"b\",\"state\":\"busy\",\"since\":2,\"channels\":[]}]}"),
        0);
    assert_int_equal(ev.snap.n_agents, 2);
    assert_true(ev.snap.agents[0].has_next);
    assert_int_equal(ev.snap.agents[0].next, WB_AGENT_PAUSED);
    assert_string_equal(ev.snap.agents[0].reason, "lunch");
    assert_false(ev.snap.agents[1].has_next);
    wb_event_fini(&ev);
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"waiting\":[],\"in_service\":[],"
           "\"queues\":[],\"agents\":[{\"agent\":\"a\",\"state\":\"available\",\"since\":1,"
           "\"channels\":[],\"next\":\"offline\"}]}",
           WB_ERR_VALUE);
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"waiting\":[],\"in_service\":[],"
           "\"queues\":[],\"agents\":[{\"agent\":\"a\",\"state\":\"busy\",\"since\":1,"
           "\"channels\":[],\"next\":\"gone\"}]}",
           WB_ERR_VALUE);
}

/* Builds an agent.state message with n channels named c0, c1, ... */
static void agent_with_channels(char *buf, size_t cap, int n)
{
    size_t len = (size_t)snprintf(
        buf, cap,
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s\"c%d\"", i ? "," : "", i);
    snprintf(buf + len, cap - len, "]}");
}

static void test_agent_channel_limit(void **state)
{
    char msg[1024];
    wb_event ev;

    agent_with_channels(msg, sizeof msg, WB_MAX_CHANNELS);
    assert_int_equal(dec(&ev, msg), 0);
    assert_int_equal(ev.n_channels, 32);
    assert_string_equal(ev.channels[31], "c31");
    wb_event_fini(&ev);
    agent_with_channels(msg, sizeof msg, WB_MAX_CHANNELS + 1);
    refuse(msg, WB_ERR_VALUE);
}

static void test_snapshot_decode(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, snapshot_msg), 0);
    assert_int_equal(ev.type, WB_EV_SNAPSHOT);
    assert_true(ev.ts == 1700000060000LL);
    assert_string_equal(ev.src, "acd-1");
    assert_true(ev.seq == 100);
    check_snapshot(&ev.snap);
    wb_event_fini(&ev);
    assert_null(ev.snap.waiting);

    /* All arrays are optional: an empty snapshot says "this source holds nothing". */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1}"), 0);
    assert_int_equal(ev.snap.n_waiting + ev.snap.n_in_service + ev.snap.n_agents + ev.snap.n_queues,
                     0);
    wb_event_fini(&ev);
}

static void test_heartbeat_and_unknown(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"heartbeat\",\"ts\":77,\"src\":\"x\",\"seq\":3}"),
                     0);
    assert_int_equal(ev.type, WB_EV_HEARTBEAT);
    assert_true(ev.ts == 77);
    assert_string_equal(ev.src, "x");
    assert_true(ev.seq == 3);
    wb_event_fini(&ev);

    /* An unknown type is not refused: it decodes with its common fields. */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.transferred\",\"ts\":88,\"src\":\"y\","
                              "\"seq\":4,\"id\":1234,\"whatever\":[1,{}]}"),
                     0);
    assert_int_equal(ev.type, WB_EV_UNKNOWN);
    assert_true(ev.ts == 88);
    assert_string_equal(ev.src, "y");
    assert_true(ev.has_seq && ev.seq == 4);
    wb_event_fini(&ev);
}

static void test_unknown_fields_ignored(void **state)
{
    char msg[1024], big[300];
    wb_event ev;

    memset(big, 'x', 299);
    big[299] = '\0';
    snprintf(msg, sizeof msg,
             "{\"priority\":{\"level\":[1,2,3]},\"v\":1,\"type\":\"contact.queued\",\"ts\":1,"
             "\"id\":\"c\",\"channel\":\"phone\",\"note\":\"%s\",\"skill\":null,\"vip\":true}",
             big);
    assert_int_equal(dec(&ev, msg), 0);
    assert_string_equal(ev.id, "c");
    wb_event_fini(&ev);

    /* A member that v1 ignores for this type is not checked either. */
    accept("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":\"phone\","
           "\"wait_ms\":\"soon\",\"agent\":7}");
    /* Snapshot elements, today and buckets carry extensions too. */
    accept("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[{\"id\":\"w\",\"channel\":\"c\","
           "\"ts\":1,\"skill\":\"fi\"}],\"queues\":[{\"queue\":\"q\",\"channel\":\"c\","
           "\"today\":{\"answered\":1,\"transferred\":9},\"buckets\":[[0,1,2,3,4,5,6,7,8,99]]}]}");
}

static void test_null_is_absent(void **state)
{
    wb_event ev;

    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.answered\",\"ts\":1,\"id\":\"c\","
                              "\"channel\":\"p\",\"queue\":null,\"agent\":null,\"wait_ms\":null,"
                              "\"src\":null,\"seq\":null}"),
                     0);
    assert_string_equal(ev.queue, "p");
    assert_null(ev.agent);
    assert_true(ev.wait_ms == -1);
    assert_string_equal(ev.src, "");
    assert_false(ev.has_seq);
    wb_event_fini(&ev);
    refuse("{\"v\":1,\"type\":\"contact.answered\",\"ts\":1,\"id\":null,\"channel\":\"p\"}",
           WB_ERR_MISSING);
}

static void test_integer_forms(void **state)
{
    wb_event ev;

    /* Any JSON spelling of an integer is an integer: 1.0, 1e3, 2^53 itself. */
    assert_int_equal(
        dec(&ev, "{\"v\":1.0,\"type\":\"heartbeat\",\"ts\":1e3,\"seq\":9007199254740992}"), 0);
    assert_true(ev.ts == 1000);
    assert_true(ev.seq == 9007199254740992ULL);
    wb_event_fini(&ev);
    /* One past 2^53 is not exactly representable: a bad value. */
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740994}", WB_ERR_VALUE);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":1e300}", WB_ERR_VALUE);
    /* A fraction makes it a number that is not an integer: the wrong type. */
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":1.5}", WB_ERR_TYPE);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":-1}", WB_ERR_VALUE);
}

static void test_misc_framing(void **state)
{
    const char msg[] = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":5}";
    wb_event ev;

    /* The trailing NUL of a C string sent along with the text is tolerated, once. */
    assert_int_equal(wb_event_decode(&ev, msg, sizeof msg), 0);
    wb_event_fini(&ev);
    static const char two_nuls[] = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":5}\0";
    assert_int_equal(wb_event_decode(&ev, two_nuls, sizeof two_nuls), WB_ERR_JSON);
    /* Whitespace around the object is fine. */
    accept(" \r\n\t{\"v\":1,\"type\":\"heartbeat\",\"ts\":5} \n");
    /* Of duplicate members the first wins. */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"heartbeat\",\"ts\":5,\"ts\":6}"), 0);
    assert_true(ev.ts == 5);
    wb_event_fini(&ev);
    /* Escapes decode; a surrogate pair becomes one 4-byte character (U+1F600). */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,"
                              "\"id\":\"a\\\"b\\\\c\\n\\u00e4\\ud83d\\ude00\",\"channel\":\"p\"}"),
                     0);
    assert_string_equal(ev.id, "a\"b\\c\n\xc3\xa4\xf0\x9f\x98\x80");
    wb_event_fini(&ev);
}

/*
 * A plain message is read in one pass, and a message outside what that pass reads is read by
 * the general one from the start. The pass terminates strings in place as it goes, so each of
 * these gives up after several strings: the general reader must still see the text whole.
 */
static void test_reread_after_fast_pass(void **state)
{
    wb_event ev;

    /* A form feed between tokens (cJSON's whitespace too, not the one-pass reader's). */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":7,\"id\":\"c-1\","
                              "\f\"channel\":\"chat\"}"),
                     0);
    assert_int_equal(ev.type, WB_EV_QUEUED);
    assert_true(ev.ts == 7);
    assert_string_equal(ev.id, "c-1");
    assert_string_equal(ev.channel, "chat");
    assert_string_equal(ev.queue, "chat");
    wb_event_fini(&ev);
    /* Nesting deeper than the one-pass reader goes (33 arrays in an unknown member). */
    char deep[256];
    int n = snprintf(deep, sizeof deep, "{\"v\":1,\"type\":\"heartbeat\",\"src\":\"s1\",\"x\":");
    for (int i = 0; i < 33; i++)
        deep[n++] = '[';
    for (int i = 0; i < 33; i++)
        deep[n++] = ']';
    snprintf(deep + n, sizeof deep - (size_t)n, ",\"ts\":9}");
    assert_int_equal(dec(&ev, deep), 0);
    assert_int_equal(ev.type, WB_EV_HEARTBEAT);
    assert_string_equal(ev.src, "s1");
    assert_true(ev.ts == 9);
    wb_event_fini(&ev);
    /* An escape after plain strings: the whole text is read by the general reader. */
    assert_int_equal(dec(&ev,
                         "{\"v\":1,\"type\":\"agent.state\",\"ts\":3,\"agent\":\"a1\","
                         "\"state\":\"available\",\"channels\":[\"phone\"],\"name\":\"A\\u00e4\"}"),
                     0);
    assert_string_equal(ev.agent, "a1");
    assert_string_equal(ev.channels[0], "phone");
    assert_string_equal(ev.name, "A\xc3\xa4");
    wb_event_fini(&ev);
    /* Something after the object: refused, as always, whichever reader saw it first. */
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":5} x", WB_ERR_JSON);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":5}}", WB_ERR_JSON);
}

/* ---- refusals ---- */

static void test_refuse_too_big(void **state)
{
    const char head[] = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1";
    char *buf = malloc(WB_MAX_MSG_BYTES + 1);
    wb_event ev;

    assert_non_null(buf);
    /* Exactly 64 KiB (valid JSON padded with spaces) is accepted; one byte more is not. */
    memset(buf, ' ', WB_MAX_MSG_BYTES + 1);
    memcpy(buf, head, sizeof head - 1);
    buf[WB_MAX_MSG_BYTES - 1] = '}';
    assert_int_equal(wb_event_decode(&ev, buf, WB_MAX_MSG_BYTES), 0);
    wb_event_fini(&ev);
    buf[WB_MAX_MSG_BYTES - 1] = ' ';
    buf[WB_MAX_MSG_BYTES] = '}';
    assert_int_equal(wb_event_decode(&ev, buf, WB_MAX_MSG_BYTES + 1), WB_ERR_TOO_BIG);
    assert_null(ev.priv_);
    free(buf);
}

static void test_refuse_bad_json(void **state)
{
    wb_event ev;

    assert_int_equal(wb_event_decode(&ev, "", 0), WB_ERR_JSON);
    refuse("{", WB_ERR_JSON);
    refuse("not json", WB_ERR_JSON);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,}", WB_ERR_JSON);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":1} {}", WB_ERR_JSON);
    refuse("{\"v\":1,\"type\":\"heartbeat\",\"ts\":1} x", WB_ERR_JSON);
    refuse("{\"v\":1,\"type\":\"heart\\ubeat\",\"ts\":1}", WB_ERR_JSON); /* bad \u digits */
    /* Valid JSON that is not an object. */
    refuse("[{\"v\":1,\"type\":\"heartbeat\",\"ts\":1}]", WB_ERR_JSON);
    refuse("1", WB_ERR_JSON);
    refuse("\"heartbeat\"", WB_ERR_JSON);
    refuse("null", WB_ERR_JSON);
    /* A raw NUL inside the text. */
    static const char inner_nul[] = "{\"v\":1,\"ty\0pe\":\"heartbeat\",\"ts\":1}";
    assert_int_equal(wb_event_decode(&ev, inner_nul, sizeof inner_nul - 1), WB_ERR_JSON);
}

static void test_refuse_version(void **state)
{
    refuse("{\"type\":\"heartbeat\",\"ts\":1}", WB_ERR_VERSION);
    refuse("{\"v\":2,\"type\":\"heartbeat\",\"ts\":1}", WB_ERR_VERSION);
    refuse("{\"v\":\"1\",\"type\":\"heartbeat\",\"ts\":1}", WB_ERR_VERSION);
    refuse("{\"v\":null,\"type\":\"heartbeat\",\"ts\":1}", WB_ERR_VERSION);
    refuse("{\"v\":1.5,\"type\":\"heartbeat\",\"ts\":1}", WB_ERR_VERSION);
    /* The version is checked before anything else. */
    refuse("{\"v\":2}", WB_ERR_VERSION);
}

static void test_refuse_missing(void **state)
{
    refuse("{\"v\":1,\"ts\":1}", WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"heartbeat\"}", WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"future.thing\"}", WB_ERR_MISSING); /* ts is common to all */
    static const char *const contact[] = {"contact.queued", "contact.answered", "contact.abandoned",
                                          "contact.completed"};
    for (int i = 0; i < 4; i++) {
        char msg[200];
        snprintf(msg, sizeof msg, "{\"v\":1,\"type\":\"%s\",\"ts\":1,\"channel\":\"p\"}",
                 contact[i]);
        refuse(msg, WB_ERR_MISSING);
        snprintf(msg, sizeof msg, "{\"v\":1,\"type\":\"%s\",\"ts\":1,\"id\":\"c\"}", contact[i]);
        refuse(msg, WB_ERR_MISSING);
    }
    refuse("{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"state\":\"busy\",\"channels\":[]}",
           WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"channels\":[]}",
           WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\"}",
           WB_ERR_MISSING);
    /* Inside a snapshot. */
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[{\"channel\":\"p\",\"ts\":1}]}",
           WB_ERR_MISSING);
    refuse(
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[{\"id\":\"w\",\"channel\":\"p\"}]}",
        WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"in_service\":[{\"id\":\"s\",\"ts\":1}]}",
           WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"agents\":[{\"agent\":\"a\","
           "\"state\":\"busy\",\"channels\":[]}]}",
           WB_ERR_MISSING); /* since */
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"channel\":\"p\"}]}",
           WB_ERR_MISSING);
    refuse("{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\","
           "\"channel\":\"p\",\"buckets\":[[0,1,2,3,4,5,6,7]]}]}",
           WB_ERR_MISSING); /* a bucket of 8 numbers lacks handle_sum_ms */
}

static void test_refuse_wrong_type(void **state)
{
    static const char *const msgs[] = {
        "{\"v\":1,\"type\":1,\"ts\":1}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":\"1\"}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1.5}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"src\":1}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"seq\":\"1\"}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"seq\":true}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":1,\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":true}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"queue\":[]}",
        "{\"v\":1,\"type\":\"contact.answered\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"agent\":{}}",
        "{\"v\":1,\"type\":\"contact.answered\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"wait_ms\":\"5\"}",
        "{\"v\":1,\"type\":\"contact.abandoned\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"wait_ms\":2.5}",
        "{\"v\":1,\"type\":\"contact.completed\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"handle_ms\":\"5\"}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":1,\"channels\":[]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":\"phone\"}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[1]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[null]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[],\"name\":1}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[],\"team\":[]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[],\"reason\":false}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":{}}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"in_service\":1}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"agents\":\"x\"}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":true}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"waiting\":[1]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"agents\":[{\"agent\":\"a\",\"state\":\"busy\","
        "\"since\":\"1\",\"channels\":[]}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"today\":[]}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"today\":{\"answered\":\"3\"}}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"arrival_rate\":\"1\"}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"arrival_rate_fast\":\"1\"}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"buckets\":{}}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"buckets\":[{}]}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"buckets\":[[0,1,2,3,\"4\",5,6,7,8]]}]}",
    };
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        refuse(msgs[i], WB_ERR_TYPE);
}

static void test_refuse_bad_value(void **state)
{
    static const char *const msgs[] = {
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":-1}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"seq\":-1}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\",\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\",\"channel\":\"\"}",
        "{\"v\":1,\"type\":\"contact.answered\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"wait_ms\":-5}",
        "{\"v\":1,\"type\":\"contact.completed\",\"ts\":1,\"id\":\"c\",\"channel\":\"p\","
        "\"handle_ms\":-1}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"sleeping\","
        "\"channels\":[]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"Busy\","
        "\"channels\":[]}",
        "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
        "\"channels\":[\"\"]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"agents\":[{\"agent\":\"a\",\"state\":\"gone\","
        "\"since\":1,\"channels\":[]}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"today\":{\"answered\":4294967296}}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"arrival_rate\":-0.5}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"arrival_rate_fast\":-0.5}]}",
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"queues\":[{\"queue\":\"q\",\"channel\":\"p\","
        "\"buckets\":[[-10000,1,2,3,4,5,6,7,8]]}]}",
        /* "\u0000" would cut the string short, so it is refused wherever it appears. */
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\\u0000d\",\"channel\":\"p\"}",
    };
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        refuse(msgs[i], WB_ERR_VALUE);
    /* The same bytes as an escaped backslash followed by text are fine. */
    accept(
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"c\\\\u0000d\",\"channel\":\"p\"}");
}

/* A contact.queued message whose field (id, channel, queue or src) is n bytes of 'x'. */
static void long_field_msg(char *buf, size_t cap, const char *field, size_t n)
{
    char s[WB_MAX_STR_BYTES + 2];
    int len;

    assert_true(n < sizeof s);
    memset(s, 'x', n);
    s[n] = '\0';
    len = snprintf(buf, cap,
                   "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"%s\","
                   "\"channel\":\"%s\",\"queue\":\"%s\",\"src\":\"%s\"}",
                   strcmp(field, "id") ? "c" : s, strcmp(field, "channel") ? "p" : s,
                   strcmp(field, "queue") ? "q" : s, strcmp(field, "src") ? "s" : s);
    assert_true(len > 0 && (size_t)len < cap);
}

static void test_refuse_long_strings(void **state)
{
    static const char *const fields[] = {"id", "channel", "queue", "src"};
    char msg[1024];
    wb_event ev;

    for (int i = 0; i < 4; i++) {
        long_field_msg(msg, sizeof msg, fields[i], WB_MAX_STR_BYTES);
        assert_int_equal(dec(&ev, msg), 0);
        wb_event_fini(&ev);
        long_field_msg(msg, sizeof msg, fields[i], WB_MAX_STR_BYTES + 1);
        refuse(msg, WB_ERR_STR_LONG);
    }
    /* 256 bytes of two-byte characters (128 x U+00E4) pass; one more character does not. */
    char s[300];
    for (int i = 0; i < 128; i++)
        memcpy(s + 2 * i, "\xc3\xa4", 2);
    s[256] = '\0';
    snprintf(msg, sizeof msg,
             "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
             "\"channels\":[],\"name\":\"%s\"}",
             s);
    accept(msg);
    snprintf(msg, sizeof msg,
             "{\"v\":1,\"type\":\"agent.state\",\"ts\":1,\"agent\":\"a\",\"state\":\"busy\","
             "\"channels\":[],\"name\":\"%s\xc3\xa4\"}",
             s);
    refuse(msg, WB_ERR_STR_LONG);
    /* Escapes count by the decoded bytes: 256 x "\n" written as 512 characters is fine. */
    size_t len = (size_t)snprintf(msg, sizeof msg,
                                  "{\"v\":1,\"type\":\"contact.queued\","
                                  "\"ts\":1,\"channel\":\"p\",\"id\":\"");
    for (int i = 0; i < 256; i++)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "\\n");
    snprintf(msg + len, sizeof msg - len, "\"}");
    accept(msg);
}

static void test_refuse_utf8(void **state)
{
    /* Raw bytes: a stray 0xFF, '/' overlong in two and in three bytes, a UTF-16 surrogate
     * (U+D800) encoded directly, a code point above U+10FFFF, a truncated sequence. */
    static const char *const raw[] = {
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xff\",\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xc0\xaf\",\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xe0\x80\xaf\",\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xed\xa0\x80\",\"channel\":\"p\"}",
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"src\":\"\xf4\x90\x80\x80\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xc3\",\"channel\":\"p\"}",
        /* Invalid bytes anywhere, even in a member that would be ignored. */
        "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"note\":\"\x80\"}",
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        refuse(raw[i], WB_ERR_UTF8);
    /* Escaped lone surrogates: a high half alone, a low half alone, a high half before text. */
    refuse("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud800\",\"channel\":\"p\"}",
           WB_ERR_UTF8);
    refuse("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\uDC00\",\"channel\":\"p\"}",
           WB_ERR_UTF8);
    refuse("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\\ud800x\",\"channel\":\"p\"}",
           WB_ERR_UTF8);
    /* Valid multibyte text passes: "κόσμε" and U+10FFFF. */
    accept("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"\xce\xba\xe1\xbd\xb9\xcf\x83"
           "\xce\xbc\xce\xb5\",\"channel\":\"\xf4\x8f\xbf\xbf\"}");
}

static void test_utf8_valid(void **state)
{
    assert_true(wb_utf8_valid("", 0));
    assert_true(wb_utf8_valid(NULL, 0));
    assert_true(wb_utf8_valid("plain ascii text, longer than eight", 35));
    assert_true(wb_utf8_valid("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 11)); /* κόσμε */
    assert_true(wb_utf8_valid("\xc2\x80", 2));                                      /* U+0080 */
    assert_true(wb_utf8_valid("\xdf\xbf", 2));                                      /* U+07FF */
    assert_true(wb_utf8_valid("\xe0\xa0\x80", 3));                                  /* U+0800 */
    assert_true(wb_utf8_valid("\xed\x9f\xbf", 3));                                  /* U+D7FF */
    assert_true(wb_utf8_valid("\xee\x80\x80", 3));                                  /* U+E000 */
    assert_true(wb_utf8_valid("\xef\xbf\xbf", 3));                                  /* U+FFFF */
    assert_true(wb_utf8_valid("\xf0\x90\x80\x80", 4));                              /* U+10000 */
    assert_true(wb_utf8_valid("\xf4\x8f\xbf\xbf", 4));                              /* U+10FFFF */

    assert_false(wb_utf8_valid("\x80", 1));             /* lone continuation */
    assert_false(wb_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(wb_utf8_valid("\xc1\xbf", 2));         /* overlong U+007F */
    assert_false(wb_utf8_valid("\xe0\x80\xaf", 3));     /* overlong '/' */
    assert_false(wb_utf8_valid("\xe0\x9f\xbf", 3));     /* overlong U+07FF */
    assert_false(wb_utf8_valid("\xf0\x80\x80\xaf", 4)); /* overlong '/' */
    assert_false(wb_utf8_valid("\xf0\x8f\xbf\xbf", 4)); /* overlong U+FFFF */
    assert_false(wb_utf8_valid("\xed\xa0\x80", 3));     /* U+D800 */
    assert_false(wb_utf8_valid("\xed\xbf\xbf", 3));     /* U+DFFF */
    assert_false(wb_utf8_valid("\xf4\x90\x80\x80", 4)); /* U+110000 */
    assert_false(wb_utf8_valid("\xf5\x80\x80\x80", 4));
    assert_false(wb_utf8_valid("\xfe", 1));
    assert_false(wb_utf8_valid("\xff", 1));
    assert_false(wb_utf8_valid("\xc3", 1));         /* truncated */
    assert_false(wb_utf8_valid("\xe2\x82", 2));     /* truncated euro sign */
    assert_false(wb_utf8_valid("\xe2\x28\xa1", 3)); /* bad continuation */
    /* The length bounds the check: the valid prefix of an invalid string passes. */
    assert_true(wb_utf8_valid("abcdefgh\xff", 8));
    assert_false(wb_utf8_valid("abcdefghijklmnop\xff", 17));
}

/*
 * Stepping over a string: the closing quote is the first one not escaped by an odd run of
 * backslashes. In "a\\"b" (a, two backslashes, quote) the run is even: the string ends there;
 * in "a\\\"b" (three) it is odd: the quote is part of the string, which then ends at the
 * next one. No closing quote before the end: NULL, also when the end cuts a run.
 */
static void test_json_string_end(void **state)
{
    (void)state;
    const char *t1 = "\"a\\\\\"b\"";
    assert_ptr_equal(wb_json_string_end(t1, t1 + strlen(t1)), t1 + 4);
    const char *t2 = "\"a\\\\\\\"b\"";
    assert_ptr_equal(wb_json_string_end(t2, t2 + strlen(t2)), t2 + 7);
    const char *t3 = "\"\"";
    assert_ptr_equal(wb_json_string_end(t3, t3 + 2), t3 + 1);
    const char *t4 = "\"abc";
    assert_null(wb_json_string_end(t4, t4 + 4));
    const char *t5 = "\"a\\\"";
    assert_null(wb_json_string_end(t5, t5 + strlen(t5)));
    /* The end is where the caller says: a quote past it is not seen. */
    assert_null(wb_json_string_end(t1, t1 + 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_all_fields),
        cmocka_unit_test(test_queued_defaults),
        cmocka_unit_test(test_answered_all_fields),
        cmocka_unit_test(test_abandoned_and_completed),
        cmocka_unit_test(test_agent_state_all_fields),
        cmocka_unit_test(test_agent_state_next),
        cmocka_unit_test(test_agent_channel_limit),
        cmocka_unit_test(test_snapshot_decode),
        cmocka_unit_test(test_heartbeat_and_unknown),
        cmocka_unit_test(test_unknown_fields_ignored),
        cmocka_unit_test(test_null_is_absent),
        cmocka_unit_test(test_integer_forms),
        cmocka_unit_test(test_misc_framing),
        cmocka_unit_test(test_reread_after_fast_pass),
        cmocka_unit_test(test_refuse_too_big),
        cmocka_unit_test(test_refuse_bad_json),
        cmocka_unit_test(test_refuse_version),
        cmocka_unit_test(test_refuse_missing),
        cmocka_unit_test(test_refuse_wrong_type),
        cmocka_unit_test(test_refuse_bad_value),
        cmocka_unit_test(test_refuse_long_strings),
        cmocka_unit_test(test_refuse_utf8),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_json_string_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
