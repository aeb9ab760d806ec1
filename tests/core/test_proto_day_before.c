/*
 * test_proto_day_before.c - a snapshot's "day_before" (docs/protocol.md): the text written,
 * encode/decode round trips, what the encoder refuses to write and each refusal of the decoder
 * with its code, the limits at their edges, and the snapshot without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto_fixture.h"
#include "wb_proto.h"

#define HEAD "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"day_before\":"

static wb_snap_day_before one(const char *ch, size_t n)
{
    wb_snap_day_before d = {
        .channel = ch, .year = 2026, .month = 11, .mday = 28, .interval_ms = 21600000};
    d.n_arrivals = n;
    return d;
}

static int encode(wb_snap_day_before *d, size_t n, char *buf, size_t cap)
{
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, 5);
    ev.snap.day_before = d;
    ev.snap.n_day_before = n;
    return wb_event_encode(&ev, buf, cap);
}

/*
 * A day of four 6-hour intervals: 0 arrivals at night, 3 in the morning, 12 in the afternoon,
 * 4294967295 (the largest count) in the evening. The member comes last, its date zero-padded.
 */
static void test_text_and_round_trip(void **state)
{
    (void)state;
    char buf[1024];
    wb_snap_day_before d[2] = {one("phone", 4), one("chat", 0)};
    d[0].arrivals[1] = 3;
    d[0].arrivals[2] = 12;
    d[0].arrivals[3] = UINT32_MAX;
    d[1].year = 987;
    d[1].month = 2;
    d[1].mday = 3;
    d[1].interval_ms = 1;
    int n = encode(d, 2, buf, sizeof buf);
    const char *want = "{\"v\":1,\"type\":\"snapshot\",\"ts\":5,\"waiting\":[],\"in_service\":[],"
                       "\"agents\":[],\"queues\":[],\"day_before\":[{\"channel\":\"phone\","
                       "\"date\":\"2026-11-28\",\"interval_ms\":21600000,"
                       "\"arrivals\":[0,3,12,4294967295]},{\"channel\":\"chat\","
                       "\"date\":\"0987-02-03\",\"interval_ms\":1,\"arrivals\":[]}]}";
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));

    wb_event ev;
    assert_int_equal(dec(&ev, buf), 0);
    assert_int_equal(ev.snap.n_day_before, 2);
    const wb_snap_day_before *p = &ev.snap.day_before[0];
    assert_string_equal(p->channel, "phone");
    assert_int_equal(p->year, 2026);
    assert_int_equal(p->month, 11);
    assert_int_equal(p->mday, 28);
    assert_int_equal(p->interval_ms, 21600000);
    assert_int_equal(p->n_arrivals, 4);
    assert_int_equal(p->arrivals[0], 0);
    assert_int_equal(p->arrivals[1], 3);
    assert_int_equal(p->arrivals[2], 12);
    assert_int_equal(p->arrivals[3], UINT32_MAX);
    p = &ev.snap.day_before[1];
    assert_string_equal(p->channel, "chat");
    assert_int_equal(p->year, 987);
    assert_int_equal(p->month, 2);
    assert_int_equal(p->mday, 3);
    assert_int_equal(p->interval_ms, 1);
    assert_int_equal(p->n_arrivals, 0);
    wb_event_fini(&ev);

    /* The example of docs/protocol.md. */
    assert_int_equal(dec(&ev, "{\"v\":1,\"type\":\"snapshot\",\"ts\":1795687200000,\"src\":"
                              "\"acd-1\",\"seq\":40,\"day_before\":[{\"channel\":\"phone\","
                              "\"date\":\"2026-11-25\",\"interval_ms\":21600000,"
                              "\"arrivals\":[0,31,44,6]}]}"),
                     0);
    assert_int_equal(ev.snap.n_day_before, 1);
    assert_int_equal(ev.snap.day_before[0].mday, 25);
    assert_int_equal(ev.snap.day_before[0].arrivals[2], 44);
    wb_event_fini(&ev);

    /* None: the member is left out, and a snapshot without it decodes to none. */
    assert_true(encode(NULL, 0, buf, sizeof buf) > 0);
    assert_null(strstr(buf, "day_before"));
    assert_int_equal(dec(&ev, buf), 0);
    assert_int_equal(ev.snap.n_day_before, 0);
    assert_null(ev.snap.day_before);
    wb_event_fini(&ev);
    /* null reads as absent; unknown members of an element are ignored (later versions). */
    assert_int_equal(dec(&ev, HEAD "null}"), 0);
    assert_int_equal(ev.snap.n_day_before, 0);
    wb_event_fini(&ev);
    assert_int_equal(dec(&ev, HEAD "[{\"channel\":\"c\",\"date\":\"2024-02-29\",\"interval_ms\":"
                                   "900000,\"arrivals\":[7],\"kind\":\"x\"}]}"),
                     0);
    assert_int_equal(ev.snap.n_day_before, 1);
    assert_int_equal(ev.snap.day_before[0].arrivals[0], 7);
    assert_int_equal(ev.snap.day_before[0].mday, 29);
    wb_event_fini(&ev);
}

/* The limits at their edges: WB_PROF_MAX intervals, WB_MAX_CHANNELS channels. */
static void test_limits(void **state)
{
    (void)state;
    static char buf[16384];
    static wb_snap_day_before d[WB_MAX_CHANNELS + 1];
    for (size_t i = 0; i <= WB_MAX_CHANNELS; i++) {
        d[i] = one("phone", i == 0 ? WB_PROF_MAX : 1);
        d[i].arrivals[0] = (uint32_t)i;
    }
    d[0].arrivals[WB_PROF_MAX - 1] = 99;
    int n = encode(d, WB_MAX_CHANNELS, buf, sizeof buf);
    assert_true(n > 0);
    wb_event ev;
    assert_int_equal(wb_event_decode(&ev, buf, (size_t)n), 0);
    assert_int_equal(ev.snap.n_day_before, WB_MAX_CHANNELS);
    assert_int_equal(ev.snap.day_before[0].n_arrivals, WB_PROF_MAX);
    assert_int_equal(ev.snap.day_before[0].arrivals[WB_PROF_MAX - 1], 99);
    assert_int_equal(ev.snap.day_before[WB_MAX_CHANNELS - 1].arrivals[0], WB_MAX_CHANNELS - 1);
    wb_event_fini(&ev);

    /* One channel more: the encoder will not write it, the decoder refuses it. */
    assert_int_equal(encode(d, WB_MAX_CHANNELS + 1, buf, sizeof buf), WB_ERR_INVAL);
    size_t k = (size_t)snprintf(buf, sizeof buf, HEAD "[");
    for (size_t i = 0; i <= WB_MAX_CHANNELS; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k,
                              "%s{\"channel\":\"c\",\"date\":\"2026-11-28\",\"interval_ms\":1,"
                              "\"arrivals\":[]}",
                              i ? "," : "");
    snprintf(buf + k, sizeof buf - k, "]}");
    refuse_decode(&ev, buf, WB_ERR_VALUE);
    wb_event_fini(&ev);

    /* One interval more: the same. */
    d[0].n_arrivals = WB_PROF_MAX + 1;
    assert_int_equal(encode(d, 1, buf, sizeof buf), WB_ERR_INVAL);
    k = (size_t)snprintf(buf, sizeof buf,
                         HEAD "[{\"channel\":\"c\",\"date\":\"2026-11-28\",\"interval_ms\":1,"
                              "\"arrivals\":[0");
    for (size_t i = 1; i <= WB_PROF_MAX; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, ",0");
    snprintf(buf + k, sizeof buf - k, "]}]}");
    refuse_decode(&ev, buf, WB_ERR_VALUE);
    wb_event_fini(&ev);
}

/* What the encoder will not write: what the decoder would refuse. */
static void test_encode_refusals(void **state)
{
    (void)state;
    char buf[1024];
    wb_snap_day_before d = one("phone", 1);
    d.mday = 31; /* 2026-11-31 */
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d = one("phone", 1);
    d.month = 2;
    d.mday = 29; /* 2026 is no leap year */
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d.year = 2000; /* 2000 is one */
    assert_true(encode(&d, 1, buf, sizeof buf) > 0);
    d.year = 10000;
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d = one("phone", 1);
    d.interval_ms = 0;
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d.interval_ms = 24 * 3600 * 1000 + 1;
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d = one("", 1);
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    d = one(NULL, 1);
    assert_int_equal(encode(&d, 1, buf, sizeof buf), WB_ERR_INVAL);
    assert_int_equal(encode(NULL, 1, buf, sizeof buf), WB_ERR_INVAL);
}

#define EL(ch, date, w, arr)                                                                       \
    "[{\"channel\":" ch ",\"date\":" date ",\"interval_ms\":" w ",\"arrivals\":" arr "}]}"

/* Each refusal of the decoder, with its code: the whole snapshot is refused. */
static void test_decode_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int want;
    } bad[] = {
        /* the member: an array of objects */
        {HEAD "{}}", WB_ERR_TYPE},
        {HEAD "\"x\"}", WB_ERR_TYPE},
        {HEAD "[1]}", WB_ERR_TYPE},
        {HEAD "[null]}", WB_ERR_TYPE},
        {HEAD "[[]]}", WB_ERR_TYPE},
        /* channel: a non-empty string, required */
        {HEAD EL("5", "\"2026-11-28\"", "900000", "[]"), WB_ERR_TYPE},
        {HEAD EL("\"\"", "\"2026-11-28\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("null", "\"2026-11-28\"", "900000", "[]"), WB_ERR_MISSING},
        /* date: a string YYYY-MM-DD naming a real day, required */
        {HEAD EL("\"c\"", "20261128", "900000", "[]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "null", "900000", "[]"), WB_ERR_MISSING},
        {HEAD EL("\"c\"", "\"2026-11-28T00:00\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-1-28\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026/11/28\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-13-01\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-00-01\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-04-31\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"1900-02-29\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-11-00\"", "900000", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"\"", "900000", "[]"), WB_ERR_VALUE},
        /* interval_ms: an integer of 1 ms .. 24 h, required */
        {HEAD EL("\"c\"", "\"2026-11-28\"", "0", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "86400001", "[]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000.5", "[]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "\"900000\"", "[]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "null", "[]"), WB_ERR_MISSING},
        /* arrivals: an array of integer counts 0 .. 2^32 - 1, required */
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "null"), WB_ERR_MISSING},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "{}"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[1,-1]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[4294967296]"), WB_ERR_VALUE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[0.5]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[\"1\"]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[true]"), WB_ERR_TYPE},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[null]"), WB_ERR_MISSING},
        {HEAD EL("\"c\"", "\"2026-11-28\"", "900000", "[[1]]"), WB_ERR_TYPE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wb_event ev;
        refuse_decode(&ev, bad[i].json, bad[i].want);
        assert_int_equal(ev.snap.n_day_before, 0);
        wb_event_fini(&ev);
    }
    /* A good element before a bad one: still the whole snapshot refused. */
    wb_event ev;
    refuse_decode(&ev,
                  HEAD "[{\"channel\":\"c\",\"date\":\"2026-11-28\",\"interval_ms\":1,"
                       "\"arrivals\":[1]},{\"channel\":\"d\"}]}",
                  WB_ERR_MISSING);
    wb_event_fini(&ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_round_trip),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_encode_refusals),
        cmocka_unit_test(test_decode_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
