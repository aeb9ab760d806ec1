/*
 * test_snapparts.c - a snapshot larger than one message, cut into parts and glued back.
 *
 * The big snapshot is one source with 1,000 agents and 100 queues (the per-source agent
 * limit), encoded well above WB_MAX_MSG_BYTES. Its text is plain ASCII, so the number of
 * parts is exactly ceil(len / WB_SNAPPART_DATA).
 *
 * Memory: an assembly's buffer starts at 64 KiB and doubles as pieces arrive, so gluing n
 * bytes holds the first 64 KiB * 2^k at or above n + 1 (the text and its NUL); nothing is held
 * once the text is released, and WB_SNAPPARTS_MAX_BYTES + 1 at most per assembly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_snapparts.h"

#define T0 1700000000000LL
#define BIG (1024 * 1024)

typedef struct parts {
    char *msg[64];
    size_t len[64];
    int n;
} parts;

static int collect(void *ud, const char *msg, size_t len)
{
    parts *p = ud;
    assert_true(p->n < 64);
    p->msg[p->n] = malloc(len);
    memcpy(p->msg[p->n], msg, len);
    p->len[p->n++] = len;
    return 0;
}

static void parts_free(parts *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->msg[i]);
    p->n = 0;
}

/* The buffer an assembly of n bytes holds: 64 KiB doubled until the text and its NUL fit. */
static size_t buffer_for(size_t n)
{
    size_t cap = 65536;
    while (cap < n + 1)
        cap *= 2;
    return cap;
}

static const char HEARTBEAT[] =
    "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1700000000000,\"src\":\"z\"}";

static wb_config *config(void)
{
    static wb_config cfg;
    wb_config_defaults(&cfg);
    return &cfg;
}

/* A model holding source "a" with 1,000 available agents and 100 queues of one contact. */
static wb_model *big_model(void)
{
    wb_model *m = wb_model_new(config());
    assert_non_null(m);
    char name[32], q[32], id[32];
    for (int i = 0; i < 1000; i++) {
        wb_event ev;
        wb_event_init(&ev, WB_EV_AGENT_STATE, T0 + i);
        snprintf(name, sizeof name, "agent-%04d", i);
        ev.src = "a";
        ev.agent = name;
        ev.state = WB_AGENT_AVAILABLE;
        ev.channels[0] = "phone";
        ev.n_channels = 1;
        assert_int_equal(wb_model_apply(m, &ev, T0), WB_APPLIED);
    }
    for (int i = 0; i < 100; i++) {
        wb_event ev;
        wb_event_init(&ev, WB_EV_QUEUED, T0 + 2000 + i);
        snprintf(q, sizeof q, "queue-%03d", i);
        snprintf(id, sizeof id, "c%d", i);
        ev.src = "a";
        ev.id = id;
        ev.channel = "phone";
        ev.queue = q;
        assert_int_equal(wb_model_apply(m, &ev, T0), WB_APPLIED);
    }
    return m;
}

/* The snapshot text of source "a" of m, in a heap buffer of BIG bytes. */
static char *snapshot_text(wb_model *m, size_t *len)
{
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, T0 + 5000);
    ev.src = "a";
    ev.has_seq = true;
    ev.seq = 1100;
    assert_int_equal(wb_model_snapshot(m, "a", T0 + 5000, &ev.snap), WB_OK);
    char *buf = malloc(BIG);
    int n = wb_event_encode(&ev, buf, BIG);
    wb_snapshot_fini(&ev.snap);
    assert_true(n > WB_MAX_MSG_BYTES);
    *len = (size_t)n;
    return buf;
}

static void split_and_glue(void **state)
{
    (void)state;
    wb_model *m = big_model();
    size_t len;
    char *text = snapshot_text(m, &len);
    parts p = {0};
    int n = wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 7, collect, &p);
    assert_int_equal(n, (int)((len + WB_SNAPPART_DATA - 1) / WB_SNAPPART_DATA));
    assert_int_equal(p.n, n);

    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    for (int i = 0; i < p.n; i++) {
        assert_true(p.len[i] <= WB_MAX_MSG_BYTES);
        assert_true(wb_snapparts_is_part(p.msg[i], p.len[i]));
        bool complete = true;
        int rc = wb_snapparts_ingest(&r, b, p.msg[i], p.len[i], T0 + 6000, &complete);
        if (i < p.n - 1) {
            /* Nothing shows before the last part. */
            assert_int_equal(rc, WB_IGNORED);
            assert_false(complete);
            assert_int_equal(wb_model_agent_count(wb_board_model(b)), 0);
        } else {
            assert_int_equal(rc, WB_APPLIED);
            assert_true(complete);
        }
    }
    assert_int_equal(wb_model_agent_count(wb_board_model(b)), 1000);
    assert_int_equal(r.done_len, len);
    assert_memory_equal(r.done, text, len);
    assert_int_equal(r.completed, 1);
    /* The glued text is all that is held, until the next message releases it. */
    assert_int_equal(wb_snapparts_bytes_held(&r), buffer_for(len));
    bool complete = true;
    assert_true(wb_snapparts_ingest(&r, b, HEARTBEAT, strlen(HEARTBEAT), T0 + 7000, &complete) >=
                0);
    assert_false(complete);
    assert_null(r.done);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    uint32_t tot[WB_AGENT_NSTATES];
    wb_model_agent_totals(wb_board_model(b), tot);
    assert_int_equal(tot[WB_AGENT_AVAILABLE], 1000);
    /* 100 contacts waiting on phone, one per queue. */
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model(b), wb_model_channel_index(wb_board_model(b), "phone"),
                             T0 + 6000, &cm);
    assert_int_equal(cm.waiting, 100);

    wb_snapparts_fini(&r);
    wb_board_free(b);
    parts_free(&p);
    free(text);
    wb_model_free(m);
}

static void lost_part_loses_that_snapshot_only(void **state)
{
    (void)state;
    wb_model *m = big_model();
    size_t len;
    char *text = snapshot_text(m, &len);
    parts p1 = {0}, p2 = {0};
    wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 1, collect, &p1);
    wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 2, collect, &p2);
    assert_true(p1.n >= 3);

    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    /* Snapshot 1 without its part 1: never completes. */
    for (int i = 0; i < p1.n; i++) {
        if (i == 1)
            continue;
        assert_true(wb_snapparts_ingest(&r, b, p1.msg[i], p1.len[i], T0, &complete) >= 0);
        /* Part 0 is held (one piece: the first 64 KiB); part 2 ends the assembly and frees it,
         * and the parts after it are ignored without holding anything. */
        assert_int_equal(wb_snapparts_bytes_held(&r), i == 0 ? 65536 : 0);
    }
    assert_int_equal(r.completed, 0);
    assert_int_equal(wb_model_agent_count(wb_board_model(b)), 0);
    /* Snapshot 2, whole: completes. */
    for (int i = 0; i < p2.n; i++)
        wb_snapparts_ingest(&r, b, p2.msg[i], p2.len[i], T0, &complete);
    assert_true(complete);
    assert_int_equal(r.completed, 1);
    assert_int_equal(r.incomplete, 1);
    assert_int_equal(wb_model_agent_count(wb_board_model(b)), 1000);

    wb_snapparts_fini(&r);
    wb_board_free(b);
    parts_free(&p1);
    parts_free(&p2);
    free(text);
    wb_model_free(m);
}

/*
 * A sender that stops in the middle of a snapshot's parts: its assembly is given up, and its
 * memory freed, once no part has come for more than WB_SNAPPARTS_STALE_MS, not before; on a
 * clock stepped back by as much too. The next snapshot still glues.
 */
static void silent_assembly_given_up(void **state)
{
    (void)state;
    wb_model *m = big_model();
    size_t len;
    char *text = snapshot_text(m, &len);
    parts p1 = {0}, p2 = {0};
    wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 1, collect, &p1);
    wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 2, collect, &p2);
    assert_true(p1.n >= 3);
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    assert_int_equal(wb_snapparts_ingest(&r, b, p1.msg[0], p1.len[0], T0, &complete), WB_IGNORED);
    assert_int_equal(wb_snapparts_ingest(&r, b, p1.msg[1], p1.len[1], T0 + 10, &complete),
                     WB_IGNORED);
    /* Two pieces of 30,000 bytes and a NUL fit the first 64 KiB. */
    assert_int_equal(wb_snapparts_bytes_held(&r), 65536);
    assert_int_equal(wb_snapparts_expire(&r, T0 + 10 + WB_SNAPPARTS_STALE_MS), 0);
    assert_int_equal(wb_snapparts_bytes_held(&r), 65536);
    assert_int_equal(r.incomplete, 0);
    assert_int_equal(wb_snapparts_expire(&r, T0 + 10 + WB_SNAPPARTS_STALE_MS + 1), 1);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    assert_int_equal(r.incomplete, 1);
    /* The rest of that snapshot, late: nothing kept, nothing completed. */
    for (int i = 2; i < p1.n; i++) {
        assert_int_equal(wb_snapparts_ingest(&r, b, p1.msg[i], p1.len[i], T0 + 40000, &complete),
                         WB_IGNORED);
        assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    }
    assert_int_equal(r.completed, 0);
    /* A clock stepped back by more than the limit ends an assembly too. */
    wb_snapparts_ingest(&r, b, p2.msg[0], p2.len[0], T0 + 50000, &complete);
    assert_int_equal(wb_snapparts_bytes_held(&r), 65536);
    assert_int_equal(wb_snapparts_expire(&r, T0 + 50000 - WB_SNAPPARTS_STALE_MS), 0);
    assert_int_equal(wb_snapparts_expire(&r, T0 + 50000 - WB_SNAPPARTS_STALE_MS - 1), 1);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    assert_int_equal(r.incomplete, 2);
    /* Snapshot 2 sent again whole glues and applies. */
    for (int i = 0; i < p2.n; i++)
        wb_snapparts_ingest(&r, b, p2.msg[i], p2.len[i], T0 + 60000, &complete);
    assert_true(complete);
    assert_int_equal(r.completed, 1);
    assert_int_equal(wb_model_agent_count(wb_board_model(b)), 1000);
    /* expire() releases the glued text as the next message would. */
    assert_int_equal(wb_snapparts_bytes_held(&r), buffer_for(len));
    assert_int_equal(wb_snapparts_expire(&r, T0 + 60000), 0);
    assert_null(r.done);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    wb_snapparts_fini(&r);
    wb_board_free(b);
    parts_free(&p1);
    parts_free(&p2);
    free(text);
    wb_model_free(m);
}

/* One part message of hub's snapshot 1 of source "a", of n_parts, data n bytes of 'x'. */
static size_t make_part(char *out, size_t cap, const char *hub, int part, int n_parts, size_t n)
{
    int k = snprintf(out, cap,
                     "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\","
                     "\"hub\":\"%s\",\"snap\":1,\"part\":%d,\"parts\":%d,\"data\":\"",
                     hub, part, n_parts);
    assert_true(k > 0 && (size_t)k + n + 3 <= cap);
    memset(out + k, 'x', n);
    memcpy(out + k + n, "\"}", 3);
    return (size_t)k + n + 2;
}

/*
 * More assemblies under way than there are slots (two per publisher): the one that has waited
 * longest for its next part gives way, counted as incomplete, and its later parts are
 * ignored; each of the others completes. Each slot holds one piece: the first 64 KiB.
 */
static void evicted_assembly_counted_and_freed(void **state)
{
    (void)state;
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    char msg[512], hub[16];
    const int slots = 2 * WB_MAX_SOURCES;
    for (int h = 0; h <= slots; h++) {
        snprintf(hub, sizeof hub, "hub-%d", h);
        size_t n = make_part(msg, sizeof msg, hub, 0, 2, 10);
        assert_int_equal(wb_snapparts_ingest(&r, b, msg, n, T0 + h, &complete), WB_IGNORED);
    }
    assert_int_equal(r.incomplete, 1);
    assert_int_equal(wb_snapparts_bytes_held(&r), (size_t)slots * 65536);
    for (int h = 0; h <= slots; h++) {
        snprintf(hub, sizeof hub, "hub-%d", h);
        size_t n = make_part(msg, sizeof msg, hub, 1, 2, 10);
        wb_snapparts_ingest(&r, b, msg, n, T0 + 1000, &complete);
        /* hub-0 was given up: its part 1 completes nothing. */
        assert_true(complete == (h > 0));
    }
    assert_int_equal(r.completed, slots);
    assert_int_equal(r.incomplete, 1);
    wb_snapparts_expire(&r, T0 + 1000);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    wb_snapparts_fini(&r);
    wb_board_free(b);
}

/*
 * Five hubs glue a 9,000,000-byte text each at once, 300 pieces of 30,000 bytes round by
 * round. Past 8 MiB (the 280th piece) a buffer doubles to 16 MiB, and five of them would pass
 * WB_SNAPPARTS_BUDGET (64 MiB). In that round hub-0, hub-1 and hub-2 grow to 16 MiB (48, 56,
 * 64 MiB held); when hub-3 grows, the assembly that has waited longest for its next part is
 * hub-4's (its piece of the round has not come yet): it is given up, and its later pieces are
 * ignored. The four others complete; nothing ever holds more than the budget, and the last
 * call (hub-4's ignored piece) released the last glued text.
 */
static void assemblies_stay_within_budget(void **state)
{
    (void)state;
    enum { HUBS = 5, PIECES = 300, PIECE = 30000 };
    assert_int_equal(WB_SNAPPARTS_BUDGET, 4u * 16 * 1024 * 1024);
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    char *msg = malloc(PIECE + 512), hub[16];
    size_t most = 0;
    int completed[HUBS] = {0};
    for (int i = 0; i < PIECES; i++)
        for (int h = 0; h < HUBS; h++) {
            snprintf(hub, sizeof hub, "hub-%d", h);
            size_t n = make_part(msg, PIECE + 512, hub, i, PIECES, PIECE);
            bool complete;
            wb_snapparts_ingest(&r, b, msg, n, T0 + i * HUBS + h, &complete);
            completed[h] += complete;
            if (wb_snapparts_bytes_held(&r) > most)
                most = wb_snapparts_bytes_held(&r);
        }
    assert_int_equal(most, WB_SNAPPARTS_BUDGET);
    assert_int_equal(r.incomplete, 1);
    assert_int_equal(r.completed, HUBS - 1);
    for (int h = 0; h < HUBS - 1; h++)
        assert_int_equal(completed[h], 1);
    assert_int_equal(completed[HUBS - 1], 0);
    assert_int_equal(wb_snapparts_bytes_held(&r), 0);
    free(msg);
    wb_snapparts_fini(&r);
    wb_board_free(b);
}

/* Parts from two hubs for the same source, interleaved, are kept apart. */
static void two_hubs_interleaved(void **state)
{
    (void)state;
    wb_model *m = big_model();
    size_t len;
    char *text = snapshot_text(m, &len);
    parts a = {0}, c = {0};
    wb_snapparts_split(text, len, "a", "hub-1", T0 + 5000, 1, collect, &a);
    wb_snapparts_split(text, len, "a", "hub-2", T0 + 5000, 9, collect, &c);
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    for (int i = 0; i < a.n; i++) {
        wb_snapparts_ingest(&r, b, a.msg[i], a.len[i], T0, &complete);
        wb_snapparts_ingest(&r, b, c.msg[i], c.len[i], T0, &complete);
    }
    assert_int_equal(r.completed, 2);
    assert_int_equal(r.incomplete, 0);
    wb_snapparts_fini(&r);
    wb_board_free(b);
    parts_free(&a);
    parts_free(&c);
    free(text);
    wb_model_free(m);
}

/* A cut never falls inside a UTF-8 sequence: "x" then 20,000 two-byte "ä" puts byte 30,000
 * in the middle of one, so the first part carries 29,999 bytes. */
static void cut_between_characters(void **state)
{
    (void)state;
    size_t len = 1 + 2 * 20000;
    char *text = malloc(len);
    text[0] = 'x';
    for (size_t i = 1; i < len; i += 2) {
        text[i] = (char)0xC3;
        text[i + 1] = (char)0xA4;
    }
    parts p = {0};
    assert_int_equal(wb_snapparts_split(text, len, "a", "h", T0, 1, collect, &p), 2);
    for (int i = 0; i < p.n; i++)
        assert_true(wb_utf8_valid(p.msg[i], p.len[i]));
    /* An old receiver decodes a part as a message of an unknown type: ignored, not refused. */
    wb_event ev;
    assert_int_equal(wb_event_decode(&ev, p.msg[0], p.len[0]), 0);
    assert_int_equal(ev.type, WB_EV_UNKNOWN);
    wb_event_fini(&ev);
    parts_free(&p);
    free(text);
}

static void malformed_parts_refused(void **state)
{
    (void)state;
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    const char *bad_index =
        "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\","
        "\"hub\":\"h\",\"snap\":1,\"part\":3,\"parts\":3,\"data\":\"{}\"}";
    const char *no_data = "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\","
                          "\"hub\":\"h\",\"snap\":1,\"part\":0,\"parts\":1}";
    assert_int_equal(wb_snapparts_ingest(&r, b, bad_index, strlen(bad_index), T0, &complete),
                     WB_ERR_VALUE);
    assert_int_equal(wb_snapparts_ingest(&r, b, no_data, strlen(no_data), T0, &complete),
                     WB_ERR_TYPE);
    /* A single part whose text is not a snapshot: refused like any bad message. */
    const char *junk = "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\","
                       "\"hub\":\"h\",\"snap\":1,\"part\":0,\"parts\":1,\"data\":\"{nope\"}";
    assert_int_equal(wb_snapparts_ingest(&r, b, junk, strlen(junk), T0, &complete), WB_ERR_JSON);
    /*
     * Glued texts that are well-formed messages but no snapshot of the part's src: a contact
     * event, and another publisher's snapshot. Both refused as bad values, nothing applied.
     */
    const char *contact =
        "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\",\"hub\":\"h\","
        "\"snap\":2,\"part\":0,\"parts\":1,\"data\":\"{\\\"v\\\":1,\\\"type\\\":\\\"contact."
        "queued\\\","
        "\\\"ts\\\":1700000000000,\\\"src\\\":\\\"a\\\",\\\"id\\\":\\\"x\\\",\\\"channel\\\":"
        "\\\"phone\\\"}\"}";
    const char *other =
        "{\"v\":1,\"type\":\"snapshot.part\",\"ts\":1700000000000,\"src\":\"a\",\"hub\":\"h\","
        "\"snap\":3,\"part\":0,\"parts\":1,\"data\":\"{\\\"v\\\":1,\\\"type\\\":\\\"snapshot\\\","
        "\\\"ts\\\":1700000000000,\\\"src\\\":\\\"b\\\"}\"}";
    assert_int_equal(wb_snapparts_ingest(&r, b, contact, strlen(contact), T0, &complete),
                     WB_ERR_VALUE);
    assert_int_equal(wb_snapparts_ingest(&r, b, other, strlen(other), T0, &complete), WB_ERR_VALUE);
    wb_board_counters bc;
    wb_board_counters_get(b, &bc);
    assert_int_equal(bc.refused, 5);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_VALUE)], 3);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_TYPE)], 1);
    assert_int_equal(bc.by_reason[wb_refusal_index(WB_ERR_JSON)], 1);
    assert_int_equal(wb_model_source_count(wb_board_model(b)), 0);
    wb_snapparts_fini(&r);
    wb_board_free(b);
}

/* The words "snapshot.part" as a value, or inside a string, do not make a message a part. */
static void ordinary_messages_stay_ordinary(void **state)
{
    (void)state;
    wb_board *b = wb_board_new(config());
    wb_snapparts r;
    wb_snapparts_init(&r);
    bool complete;
    const char *q = "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"src\":\"a\","
                    "\"id\":\"x\\\"type\\\":\\\"snapshot.part\",\"channel\":\"phone\","
                    "\"queue\":\"snapshot.part\"}";
    assert_false(wb_snapparts_is_part(q, strlen(q)));
    assert_int_equal(wb_snapparts_ingest(&r, b, q, strlen(q), T0, &complete), WB_APPLIED);
    assert_false(r.was_part);
    /* Spaces around the colon still make a part. */
    const char *p = "{\"v\":1, \"type\" : \"snapshot.part\",\"ts\":1700000000000}";
    assert_true(wb_snapparts_is_part(p, strlen(p)));
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model(b), wb_model_channel_index(wb_board_model(b), "phone"),
                             T0, &cm);
    assert_int_equal(cm.waiting, 1);
    wb_snapparts_fini(&r);
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_and_glue),
        cmocka_unit_test(lost_part_loses_that_snapshot_only),
        cmocka_unit_test(silent_assembly_given_up),
        cmocka_unit_test(evicted_assembly_counted_and_freed),
        cmocka_unit_test(assemblies_stay_within_budget),
        cmocka_unit_test(two_hubs_interleaved),
        cmocka_unit_test(cut_between_characters),
        cmocka_unit_test(malformed_parts_refused),
        cmocka_unit_test(ordinary_messages_stay_ordinary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
