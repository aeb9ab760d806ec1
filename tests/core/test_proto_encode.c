/*
 * test_proto_encode.c - protocol v1 encoding: the text written, buffers too small, invalid
 * events refused, encode/decode round trips of every type, a hub's "silent_ms", snapshot
 * sizes, decoded events that outlive each other and their thread, and the names in wb_types.
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
    /* "next" only on busy or wrapup, and only paused or offline: what the decoder takes. */
    ev.n_channels = 0;
    ev.has_next = true;
    ev.next = WB_AGENT_PAUSED;
    ev.state = WB_AGENT_AVAILABLE;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.state = WB_AGENT_BUSY;
    ev.next = WB_AGENT_WRAPUP;
    assert_int_equal(enc(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.next = WB_AGENT_OFFLINE;
    assert_true(enc(&ev, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\"next\":\"offline\""));
    ev.has_next = false;
    assert_true(enc(&ev, buf, sizeof buf) > 0);
    assert_null(strstr(buf, "next"));
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

    assert_false(out.has_next);
    wb_event_fini(&out);

    /* A pause pending after the contact, with its reason. */
    ev.state = WB_AGENT_BUSY;
    ev.reason = "lunch";
    ev.has_next = true;
    ev.next = WB_AGENT_PAUSED;
    round_trip(&ev, &out);
    assert_int_equal(out.state, WB_AGENT_BUSY);
    assert_true(out.has_next);
    assert_int_equal(out.next, WB_AGENT_PAUSED);
    assert_string_equal(out.reason, "lunch");
    wb_event_fini(&out);

    /* A snapshot's agent carries it too. */
    wb_snap_agent ag[2] = {
        {.agent = "a-1", .state = WB_AGENT_WRAPUP, .has_next = true, .next = WB_AGENT_OFFLINE},
        {.agent = "a-2", .state = WB_AGENT_BUSY, .since = 7}};
    wb_event_init(&ev, WB_EV_SNAPSHOT, 44);
    ev.snap.agents = ag;
    ev.snap.n_agents = 2;
    round_trip(&ev, &out);
    assert_int_equal(out.snap.n_agents, 2);
    assert_true(out.snap.agents[0].has_next);
    assert_int_equal(out.snap.agents[0].next, WB_AGENT_OFFLINE);
    assert_int_equal(out.snap.agents[0].state, WB_AGENT_WRAPUP);
    assert_false(out.snap.agents[1].has_next);
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
 * A hub's snapshot of a source it has not heard for a minute says so: "silent_ms" is read as
 * an integer number of milliseconds >= 0 (refused otherwise, like any integer member), written
 * back only when it is above 0, and absent means 0.
 */
static void test_snapshot_silent_ms(void **state)
{
    static const char *const silent =
        "{\"v\":1,\"type\":\"snapshot\",\"ts\":1700000060000,\"src\":\"acd-1\",\"seq\":9,"
        "\"silent_ms\":60000}";
    static const struct {
        const char *msg;
        int rc;
    } bad[] = {
        {"{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":-1}", WB_ERR_VALUE},
        {"{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":1.5}", WB_ERR_TYPE},
        {"{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":\"60000\"}", WB_ERR_TYPE},
    };
    wb_event ev, out;
    char buf[1024];
    int n;

    (void)state;
    assert_int_equal(dec(&ev, silent), 0);
    assert_int_equal(ev.snap.silent_ms, 60000);
    n = enc(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"silent_ms\":60000"));
    assert_int_equal(wb_event_decode(&out, buf, (size_t)n), 0);
    assert_int_equal(out.snap.silent_ms, 60000);
    wb_event_fini(&out);
    /* Heard just now: nothing to tell, nothing written. */
    ev.snap.silent_ms = 0;
    n = enc(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_null(strstr(buf, "silent_ms"));
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"silent_ms\":null}"), 0);
    assert_int_equal(ev.snap.silent_ms, 0);
    wb_event_fini(&ev);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(dec(&ev, bad[i].msg), bad[i].rc);
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
    assert_int_equal(wb_refusal_index(WB_ERR_LIMIT), 10);
    assert_int_equal(wb_refusal_index(WB_ERR_PAST), WB_REFUSAL_COUNT - 1);
    /* Not a refusal: the answer is WB_NOT_FOUND, which is itself no refusal or error. */
    assert_int_equal(wb_refusal_index(WB_OK), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(WB_ERR_INVAL), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(-13), WB_NOT_FOUND);
    assert_int_equal(wb_refusal_index(WB_NOT_FOUND), WB_NOT_FOUND);
    assert_string_equal(wb_strerror(WB_NOT_FOUND), "not_found");
    assert_string_equal(wb_strerror(WB_ERR_FUTURE), "future_ts");
    assert_string_equal(wb_strerror(WB_ERR_LIMIT), "over_limit");
    assert_string_equal(wb_strerror(WB_ERR_PAST), "past_ts");

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

/*
 * A hub that lost messages of a source says so in its snapshot of it: "resyncing" is a JSON
 * boolean, written only when true, absent or null read as false, any other type refused.
 */
static void test_snapshot_resyncing(void **state)
{
    wb_event ev, out;
    char buf[1024];
    int n;

    (void)state;
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":true}"), 0);
    assert_true(ev.snap.resyncing);
    n = enc(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"resyncing\":true"));
    assert_int_equal(wb_event_decode(&out, buf, (size_t)n), 0);
    assert_true(out.snap.resyncing);
    wb_event_fini(&out);
    ev.snap.resyncing = false;
    n = enc(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_null(strstr(buf, "resyncing"));
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":false}"), 0);
    assert_false(ev.snap.resyncing);
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":null}"), 0);
    assert_false(ev.snap.resyncing);
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":1}"),
                     WB_ERR_TYPE);
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1,\"resyncing\":\"yes\"}"),
                     WB_ERR_TYPE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_text),
        cmocka_unit_test(test_encode_too_small),
        cmocka_unit_test(test_encode_invalid),
        cmocka_unit_test(test_round_trip_contacts),
        cmocka_unit_test(test_round_trip_agent_heartbeat),
        cmocka_unit_test(test_round_trip_snapshot),
        cmocka_unit_test(test_snapshot_silent_ms),
        cmocka_unit_test(test_snapshot_resyncing),
        cmocka_unit_test(test_snapshot_size),
        cmocka_unit_test(test_several_events_alive),
        cmocka_unit_test(test_event_outlives_thread),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_counts_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
