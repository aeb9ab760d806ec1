/*
 * test_proto.c - protocol v1: decoding every type and field, defaults, every refusal reason,
 * forward compatibility, encode/decode round trips, and the names in wb_types.
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

#include "wb_proto.h"

static int dec(wb_event *ev, const char *json)
{
    return wb_event_decode(ev, json, strlen(json));
}

/* Decodes json expecting refusal code want; checks the event was left with nothing held. */
static void refuse(const char *json, int want)
{
    wb_event ev;
    int rc = dec(&ev, json);

    if (rc != want)
        print_error("message %s: got %d (%s), want %d (%s)\n", json, rc, wb_strerror(rc), want,
                    wb_strerror(want));
    assert_int_equal(rc, want);
    assert_null(ev.priv_);
    assert_null(ev.snap.waiting);
    assert_null(ev.snap.queues);
    wb_event_fini(&ev); /* harmless on a refused event */
}

static void accept(const char *json)
{
    wb_event ev;
    int rc = dec(&ev, json);

    if (rc != 0)
        print_error("message %s: refused with %s\n", json, wb_strerror(rc));
    assert_int_equal(rc, 0);
    wb_event_fini(&ev);
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

static const char snapshot_msg[] =
    "{\"v\":1,\"type\":\"snapshot\",\"ts\":1700000060000,\"src\":\"acd-1\",\"seq\":100,"
    "\"waiting\":[{\"id\":\"w1\",\"channel\":\"phone\",\"queue\":\"phone-fi\","
    "\"ts\":1700000050000},{\"id\":\"w2\",\"channel\":\"chat\",\"ts\":1700000055000}],"
    "\"in_service\":[{\"id\":\"s1\",\"channel\":\"phone\",\"agent\":\"a-1\","
    "\"ts\":1700000040000},{\"id\":\"s2\",\"channel\":\"email\",\"queue\":\"email-b2b\","
    "\"ts\":1700000030000}],"
    "\"agents\":[{\"agent\":\"a-1\",\"name\":\"Aino\",\"team\":\"A\",\"state\":\"busy\","
    "\"since\":1700000040000,\"channels\":[\"phone\",\"chat\"]},"
    "{\"agent\":\"a-2\",\"state\":\"paused\",\"reason\":\"training\",\"since\":1700000000000,"
    "\"channels\":[]}],"
    "\"queues\":[{\"queue\":\"phone-fi\",\"channel\":\"phone\",\"day_start\":1699999200000,"
    "\"today\":{\"answered\":70,\"abandoned\":30,\"short_abandoned\":5,\"answered_in_sl\":60,"
    "\"abandoned_in_sl\":10,\"completed\":65,\"wait_sum_ms\":700000,\"handle_sum_ms\":11700000},"
    "\"arrival_rate\":0.0555,\"arrival_ts\":1700000059000,\"arrival_rate_fast\":0.07,"
    "\"bucket_ms\":10000,"
    "\"buckets\":[[1700000040000,2,1,0,2,1,3,12000,540000],[1700000050000,1,0,0,0,0,0,25000,0]]},"
    "{\"queue\":\"chat\",\"channel\":\"chat\"}]}";

static void check_snapshot(const wb_snapshot *s)
{
    assert_int_equal(s->n_waiting, 2);
    assert_string_equal(s->waiting[0].id, "w1");
    assert_string_equal(s->waiting[0].channel, "phone");
    assert_string_equal(s->waiting[0].queue, "phone-fi");
    assert_true(s->waiting[0].ts == 1700000050000LL);
    assert_string_equal(s->waiting[1].queue, "chat"); /* default: the channel */
    assert_true(s->waiting[1].ts == 1700000055000LL);

    assert_int_equal(s->n_in_service, 2);
    assert_string_equal(s->in_service[0].id, "s1");
    assert_string_equal(s->in_service[0].agent, "a-1");
    assert_string_equal(s->in_service[0].queue, "phone");
    assert_true(s->in_service[0].ts == 1700000040000LL);
    assert_null(s->in_service[1].agent);
    assert_string_equal(s->in_service[1].queue, "email-b2b");

    assert_int_equal(s->n_agents, 2);
    assert_string_equal(s->agents[0].agent, "a-1");
    assert_string_equal(s->agents[0].name, "Aino");
    assert_string_equal(s->agents[0].team, "A");
    assert_null(s->agents[0].reason);
    assert_int_equal(s->agents[0].state, WB_AGENT_BUSY);
    assert_true(s->agents[0].since == 1700000040000LL);
    assert_int_equal(s->agents[0].n_channels, 2);
    assert_string_equal(s->agents[0].channels[1], "chat");
    assert_null(s->agents[1].name);
    assert_string_equal(s->agents[1].reason, "training");
    assert_int_equal(s->agents[1].state, WB_AGENT_PAUSED);
    assert_int_equal(s->agents[1].n_channels, 0);

    assert_int_equal(s->n_queues, 2);
    const wb_snap_queue *q = &s->queues[0];
    assert_string_equal(q->queue, "phone-fi");
    assert_string_equal(q->channel, "phone");
    assert_true(q->day_start == 1699999200000LL);
    assert_int_equal(q->today.answered, 70);
    assert_int_equal(q->today.abandoned, 30);
    assert_int_equal(q->today.short_abandoned, 5);
    assert_int_equal(q->today.answered_in_sl, 60);
    assert_int_equal(q->today.abandoned_in_sl, 10);
    assert_int_equal(q->today.completed, 65);
    assert_true(q->today.wait_sum_ms == 700000);
    assert_true(q->today.handle_sum_ms == 11700000);
    assert_true(q->arrival_rate == 0.0555);
    assert_true(q->has_rate_fast && q->arrival_rate_fast == 0.07);
    assert_true(q->arrival_ts == 1700000059000LL);
    assert_true(q->bucket_ms == 10000);
    assert_int_equal(q->n_buckets, 2);
    assert_true(q->buckets[0].start == 1700000040000LL);
    assert_int_equal(q->buckets[0].c.answered, 2);
    assert_int_equal(q->buckets[0].c.abandoned, 1);
    assert_int_equal(q->buckets[0].c.short_abandoned, 0);
    assert_int_equal(q->buckets[0].c.answered_in_sl, 2);
    assert_int_equal(q->buckets[0].c.abandoned_in_sl, 1);
    assert_int_equal(q->buckets[0].c.completed, 3);
    assert_true(q->buckets[0].c.wait_sum_ms == 12000);
    assert_true(q->buckets[0].c.handle_sum_ms == 540000);
    assert_true(q->buckets[1].start == 1700000050000LL);
    assert_true(q->buckets[1].c.wait_sum_ms == 25000);

    /* Everything optional in a queue defaults to zero / empty. */
    q = &s->queues[1];
    assert_string_equal(q->queue, "chat");
    assert_true(q->day_start == 0 && q->arrival_ts == 0 && q->bucket_ms == 0);
    assert_true(q->arrival_rate == 0.0);
    assert_false(q->has_rate_fast); /* an older publisher's snapshot: no fast rate */
    assert_int_equal(q->today.answered, 0);
    assert_int_equal(q->n_buckets, 0);
    assert_null(q->buckets);
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

/* ---- encode ---- */

static int enc(const wb_event *ev, char *buf, size_t cap)
{
    return wb_event_encode(ev, buf, cap);
}

static void test_encode_text(void **state)
{
    wb_event ev;
    char buf[512];

    /* The exact text of a minimal event: queue equal to the channel and src "" are left out. */
    wb_event_init(&ev, WB_EV_QUEUED, 1000);
    ev.id = "c1";
    ev.channel = "phone";
    ev.queue = "phone";
    assert_int_equal(enc(&ev, buf, sizeof buf),
                     (int)strlen("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1000,\"id\":\"c1\","
                                 "\"channel\":\"phone\"}"));
    assert_string_equal(buf, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1000,\"id\":\"c1\","
                             "\"channel\":\"phone\"}");

    /* Integers stay integers however large (2^53 is the largest accepted). */
    wb_event_init(&ev, WB_EV_HEARTBEAT, 1700000000123LL);
    ev.src = "sim";
    ev.has_seq = true;
    ev.seq = 9007199254740992ULL;
    assert_true(enc(&ev, buf, sizeof buf) > 0);
    assert_string_equal(buf, "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1700000000123,\"src\":\"sim\","
                             "\"seq\":9007199254740992}");

    /* Strings are escaped. */
    wb_event_init(&ev, WB_EV_QUEUED, 1);
    ev.id = "a\"b\\c\n\x01";
    ev.channel = "p";
    assert_true(enc(&ev, buf, sizeof buf) > 0);
    assert_string_equal(buf, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,"
                             "\"id\":\"a\\\"b\\\\c\\n\\u0001\",\"channel\":\"p\"}");
}

static void test_encode_too_small(void **state)
{
    wb_event ev;
    char buf[512];
    int n;

    wb_event_init(&ev, WB_EV_ANSWERED, 123456);
    ev.id = "contact-1";
    ev.channel = "chat";
    ev.agent = "a-1";
    ev.wait_ms = 1500;
    n = enc(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(n, (int)strlen(buf));
    /* The text plus its NUL fits exactly in n + 1 bytes, not in n. */
    assert_int_equal(enc(&ev, buf, (size_t)n + 1), n);
    assert_int_equal(enc(&ev, buf, (size_t)n), WB_ERR_FULL);
    assert_int_equal(enc(&ev, buf, 10), WB_ERR_FULL);
    assert_int_equal(enc(&ev, buf, 1), WB_ERR_FULL);
    assert_int_equal(enc(&ev, buf, 0), WB_ERR_INVAL);
}

static void test_encode_invalid(void **state)
{
    char buf[1024], big[300];
    wb_event ev;

    wb_event_init(&ev, WB_EV_UNKNOWN, 1);
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    wb_event_init(&ev, WB_EV_QUEUED, 1);
    ev.channel = "p";
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL); /* no id */
    ev.id = "";
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    memset(big, 'x', 257);
    big[257] = '\0';
    ev.id = big;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.id = "\xc0\xaf";
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.id = "c";
    ev.ts = -1;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    wb_event_init(&ev, WB_EV_AGENT_STATE, 1);
    ev.agent = "a";
    ev.state = WB_AGENT_NSTATES;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.state = WB_AGENT_BUSY;
    ev.n_channels = WB_MAX_CHANNELS + 1;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
}

/* Encodes ev, decodes the text into out (which the caller finishes). */
static void round_trip(const wb_event *ev, wb_event *out)
{
    char buf[WB_MAX_MSG_BYTES];
    int n = enc(ev, buf, sizeof buf);

    assert_true(n > 0);
    assert_int_equal(wb_event_decode(out, buf, (size_t)n), 0);
    assert_int_equal(out->type, ev->type);
    assert_true(out->ts == ev->ts);
    assert_string_equal(out->src, ev->src);
    assert_int_equal(out->has_seq, ev->has_seq);
    assert_true(out->seq == ev->seq);
}

static void test_round_trip_contacts(void **state)
{
    static const wb_event_type types[] = {WB_EV_QUEUED, WB_EV_ANSWERED, WB_EV_ABANDONED,
                                          WB_EV_COMPLETED};
    wb_event ev, out;

    for (int i = 0; i < 4; i++) {
        wb_event_init(&ev, types[i], 1700000000000LL + i);
        ev.src = "acd-\xc3\xa4";
        ev.has_seq = true;
        ev.seq = 1000 + (uint64_t)i;
        ev.id = "id \"quoted\"";
        ev.channel = "phone";
        ev.queue = "phone-fi";
        if (types[i] != WB_EV_QUEUED) {
            ev.agent = "agent\\7";
            ev.wait_ms = 20000;
            ev.handle_ms = 0;
        }
        round_trip(&ev, &out);
        assert_string_equal(out.id, ev.id);
        assert_string_equal(out.channel, "phone");
        assert_string_equal(out.queue, "phone-fi");
        if (types[i] == WB_EV_QUEUED) {
            assert_null(out.agent);
            assert_true(out.wait_ms == -1 && out.handle_ms == -1);
        } else {
            assert_string_equal(out.agent, "agent\\7");
            assert_true(out.wait_ms == 20000);
            assert_true(out.handle_ms == 0);
        }
        wb_event_fini(&out);
    }
}

static void test_round_trip_agent_heartbeat(void **state)
{
    wb_event ev, out;

    wb_event_init(&ev, WB_EV_AGENT_STATE, 42);
    ev.agent = "a-9";
    ev.name = "J\xc3\xa4rvinen";
    ev.team = "";
    ev.reason = "after-call work";
    ev.state = WB_AGENT_WRAPUP;
    ev.channels[0] = "phone";
    ev.channels[1] = "email";
    ev.n_channels = 2;
    round_trip(&ev, &out);
    assert_string_equal(out.agent, "a-9");
    assert_string_equal(out.name, "J\xc3\xa4rvinen");
    assert_string_equal(out.team, "");
    assert_string_equal(out.reason, "after-call work");
    assert_int_equal(out.state, WB_AGENT_WRAPUP);
    assert_int_equal(out.n_channels, 2);
    assert_string_equal(out.channels[1], "email");
    wb_event_fini(&out);

    wb_event_init(&ev, WB_EV_HEARTBEAT, 43);
    round_trip(&ev, &out);
    wb_event_fini(&out);
}

static void test_round_trip_snapshot(void **state)
{
    wb_event in, out;
    char buf[WB_MAX_MSG_BYTES];
    int n;

    /* Decode the hand-written snapshot, encode it, decode the result: the same content. */
    assert_int_equal(dec(&in, snapshot_msg), 0);
    n = enc(&in, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(wb_event_decode(&out, buf, (size_t)n), 0);
    wb_event_fini(&in); /* out must not depend on in */
    assert_int_equal(out.type, WB_EV_SNAPSHOT);
    assert_string_equal(out.src, "acd-1");
    check_snapshot(&out.snap);
    wb_event_fini(&out);
}

/*
 * A snapshot of 40 agents and 6 queues with a full rolling window each (30 min of 10 s buckets)
 * fits in one message.
 */
static void test_snapshot_size(void **state)
{
    static wb_snap_agent agents[40];
    static wb_snap_queue queues[6];
    static wb_snap_bucket buckets[180];
    static char names[40][24];
    static char *buf;
    wb_event ev, out;
    int n;

    for (int i = 0; i < 180; i++) {
        buckets[i].start = 1700000000000LL + 10000 * i;
        buckets[i].c.answered = 3;
        buckets[i].c.wait_sum_ms = 45000;
    }
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "agent-%d", i);
        agents[i].agent = names[i];
        agents[i].state = WB_AGENT_AVAILABLE;
        agents[i].channels[0] = "phone";
        agents[i].n_channels = 1;
    }
    for (int i = 0; i < 6; i++) {
        queues[i].queue = names[i];
        queues[i].channel = "phone";
        queues[i].buckets = buckets;
        queues[i].n_buckets = 180;
    }
    wb_event_init(&ev, WB_EV_SNAPSHOT, 1700001800000LL);
    ev.snap.agents = agents;
    ev.snap.n_agents = 40;
    ev.snap.queues = queues;
    ev.snap.n_queues = 6;
    buf = malloc(WB_MAX_MSG_BYTES);
    assert_non_null(buf);
    /* A bucket of this kind is [1700000000000,3,0,0,0,0,0,45000,0]: 35 bytes and a comma. */
    n = enc(&ev, buf, WB_MAX_MSG_BYTES);
    assert_true(n > 6 * 180 * 36);
    assert_true(n < WB_MAX_MSG_BYTES);
    assert_int_equal(wb_event_decode(&out, buf, (size_t)n), 0);
    assert_int_equal(out.snap.n_queues, 6);
    assert_int_equal(out.snap.n_agents, 40);
    assert_string_equal(out.snap.agents[39].agent, "agent-39");
    assert_int_equal(out.snap.queues[5].n_buckets, 180);
    assert_true(out.snap.queues[5].buckets[179].start == 1700000000000LL + 10000 * 179);
    assert_int_equal(out.snap.queues[5].buckets[179].c.answered, 3);
    assert_true(out.snap.queues[5].buckets[179].c.wait_sum_ms == 45000);
    wb_event_fini(&out);
    free(buf);
}

/* ---- event lifetime ---- */

static void test_several_events_alive(void **state)
{
    wb_event a, b, c;

    /* The first event holds the thread's arena; the others use the heap. Any order of fini. */
    assert_int_equal(dec(&a, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"A\","
                             "\"channel\":\"p\"}"),
                     0);
    assert_int_equal(dec(&b, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":2,\"id\":\"B\","
                             "\"channel\":\"p\"}"),
                     0);
    assert_int_equal(dec(&c, snapshot_msg), 0);
    assert_string_equal(a.id, "A");
    assert_string_equal(b.id, "B");
    wb_event_fini(&a);
    assert_string_equal(b.id, "B");
    check_snapshot(&c.snap);
    /* The arena is free again: this one reuses it while b and c are still alive. */
    assert_int_equal(dec(&a, "{\"v\":1,\"type\":\"contact.queued\",\"ts\":3,\"id\":\"A2\","
                             "\"channel\":\"p\"}"),
                     0);
    assert_string_equal(b.id, "B");
    wb_event_fini(&c);
    wb_event_fini(&b);
    assert_string_equal(a.id, "A2");
    wb_event_fini(&a);
    wb_event_fini(&a); /* a second fini is harmless */
}

static int decode_in_thread(void *arg)
{
    return dec(arg, snapshot_msg);
}

static void test_event_outlives_thread(void **state)
{
    wb_event ev;
    thrd_t t;
    int rc = -1;

    /* Decoded on a thread that then exits: the event stays valid and fini frees its arena. */
    assert_int_equal(thrd_create(&t, decode_in_thread, &ev), thrd_success);
    assert_int_equal(thrd_join(t, &rc), thrd_success);
    assert_int_equal(rc, 0);
    check_snapshot(&ev.snap);
    wb_event_fini(&ev);
}

/* ---- wb_types ---- */

static void test_type_names(void **state)
{
    assert_string_equal(wb_strerror(WB_ERR_TOO_BIG), "too_big");
    assert_string_equal(wb_strerror(WB_ERR_JSON), "bad_json");
    assert_string_equal(wb_strerror(WB_ERR_VERSION), "bad_version");
    assert_string_equal(wb_strerror(WB_ERR_MISSING), "missing_field");
    assert_string_equal(wb_strerror(WB_ERR_TYPE), "wrong_type");
    assert_string_equal(wb_strerror(WB_ERR_VALUE), "bad_value");
    assert_string_equal(wb_strerror(WB_ERR_STR_LONG), "string_too_long");
    assert_string_equal(wb_strerror(WB_ERR_UTF8), "bad_utf8");
    assert_string_equal(wb_strerror(WB_ERR_NOMEM), "no_memory");
    assert_string_equal(wb_strerror(WB_OK), "ok");
    assert_string_equal(wb_strerror(WB_ERR_INVAL), "invalid_argument");
    assert_string_equal(wb_strerror(-999), "unknown_error");

    assert_int_equal(wb_refusal_index(WB_ERR_TOO_BIG), 0);
    assert_int_equal(wb_refusal_index(WB_ERR_NOMEM), 8);
    assert_int_equal(wb_refusal_index(WB_ERR_LIMIT), WB_REFUSAL_COUNT - 1);
    /* Not a refusal: the answer is WB_NOT_FOUND, which is itself no refusal or error. */
    assert_int_equal(wb_refusal_index(WB_OK), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(WB_ERR_INVAL), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(-12), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(WB_NOT_FOUND), WB_NOT_FOUND);
    assert_string_equal(wb_strerror(WB_NOT_FOUND), "not_found");
    assert_string_equal(wb_strerror(WB_ERR_FUTURE), "future_ts");
    assert_string_equal(wb_strerror(WB_ERR_LIMIT), "over_limit");

    assert_string_equal(wb_agent_state_name(WB_AGENT_WRAPUP), "wrapup");
    for (int s = 0; s < WB_AGENT_NSTATES; s++)
        assert_int_equal(wb_agent_state_parse(wb_agent_state_name((wb_agent_state)s)), s);
    assert_int_equal(wb_agent_state_parse("lunch"), WB_NOT_FOUND);
    assert_int_equal(wb_agent_state_parse(NULL), WB_NOT_FOUND);
    assert_string_equal(wb_level_name(WB_LEVEL_OK), "ok");
    assert_string_equal(wb_level_name(WB_LEVEL_WARN), "warn");
    assert_string_equal(wb_level_name(WB_LEVEL_ALARM), "alarm");

    assert_string_equal(wb_event_type_name(WB_EV_QUEUED), "contact.queued");
    assert_string_equal(wb_event_type_name(WB_EV_AGENT_STATE), "agent.state");
    assert_string_equal(wb_event_type_name(WB_EV_HEARTBEAT), "heartbeat");
}

static void test_counts_add(void **state)
{
    wb_counts a = {1, 2, 3, 4, 5, 6, 7000000000LL, 8};
    const wb_counts b = {10, 20, 30, 40, 50, 60, 70, 80};

    wb_counts_add(&a, &b);
    assert_int_equal(a.answered, 11);
    assert_int_equal(a.abandoned, 22);
    assert_int_equal(a.short_abandoned, 33);
    assert_int_equal(a.answered_in_sl, 44);
    assert_int_equal(a.abandoned_in_sl, 55);
    assert_int_equal(a.completed, 66);
    assert_true(a.wait_sum_ms == 7000000070LL);
    assert_true(a.handle_sum_ms == 88);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_all_fields),
        cmocka_unit_test(test_queued_defaults),
        cmocka_unit_test(test_answered_all_fields),
        cmocka_unit_test(test_abandoned_and_completed),
        cmocka_unit_test(test_agent_state_all_fields),
        cmocka_unit_test(test_agent_channel_limit),
        cmocka_unit_test(test_snapshot_decode),
        cmocka_unit_test(test_heartbeat_and_unknown),
        cmocka_unit_test(test_unknown_fields_ignored),
        cmocka_unit_test(test_null_is_absent),
        cmocka_unit_test(test_integer_forms),
        cmocka_unit_test(test_misc_framing),
        cmocka_unit_test(test_refuse_too_big),
        cmocka_unit_test(test_refuse_bad_json),
        cmocka_unit_test(test_refuse_version),
        cmocka_unit_test(test_refuse_missing),
        cmocka_unit_test(test_refuse_wrong_type),
        cmocka_unit_test(test_refuse_bad_value),
        cmocka_unit_test(test_refuse_long_strings),
        cmocka_unit_test(test_refuse_utf8),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_encode_text),
        cmocka_unit_test(test_encode_too_small),
        cmocka_unit_test(test_encode_invalid),
        cmocka_unit_test(test_round_trip_contacts),
        cmocka_unit_test(test_round_trip_agent_heartbeat),
        cmocka_unit_test(test_round_trip_snapshot),
        cmocka_unit_test(test_snapshot_size),
        cmocka_unit_test(test_several_events_alive),
        cmocka_unit_test(test_event_outlives_thread),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_counts_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
