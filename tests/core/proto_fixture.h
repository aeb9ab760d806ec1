/*
 * proto_fixture.h - what the protocol tests share (test_proto.c, test_proto_encode.c,
 * test_proto_kpi.c): a decode shorthand, the checks of a refused and of an accepted message,
 * and a snapshot message with the checks of every field it carries. Header-only: each test
 * executable gets its own static copies. Nothing here allocates that it does not free: a
 * refused event holds nothing, and the caller of refuse_decode() still calls wb_event_fini().
 * It asserts with cmocka, so it comes after <cmocka.h>.
 */
#ifndef WB_PROTO_FIXTURE_H
#define WB_PROTO_FIXTURE_H

#include <string.h>

#include "wb_proto.h"

static inline int dec(wb_event *ev, const char *json)
{
    return wb_event_decode(ev, json, strlen(json));
}

/*
 * Decodes json into ev expecting refusal code want, and checks the event holds no decoded
 * copy; the caller checks the members its message type would have filled, then finishes ev.
 */
static inline void refuse_decode(wb_event *ev, const char *json, int want)
{
    int rc = dec(ev, json);

    if (rc != want)
        print_error("message %s: got %d (%s), want %d (%s)\n", json, rc, wb_strerror(rc), want,
                    wb_strerror(want));
    assert_int_equal(rc, want);
    assert_null(ev->priv_);
}

/* Decodes json expecting it accepted, and frees the event. */
static inline void accept(const char *json)
{
    wb_event ev;
    int rc = dec(&ev, json);

    if (rc != 0)
        print_error("message %s: refused with %s\n", json, wb_strerror(rc));
    assert_int_equal(rc, 0);
    wb_event_fini(&ev);
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

static inline void check_snapshot(const wb_snapshot *s)
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

#endif
