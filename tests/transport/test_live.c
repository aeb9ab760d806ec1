/*
 * test_live.c - the live path end to end on loopback: a publisher socket in this process
 * builds its own wb_board from the events it sends (the "publisher's own model"), and a
 * wb_sub + wb_board on a libuv loop play the wallboard. Every test polls for a condition
 * with a generous timeout; nothing asserts on speed.
 *
 *   1. stream over ipc and tcp -> the wallboard's numbers equal the publisher's, and a small
 *      hand-worked set of contacts gives the numbers worked out by hand;
 *   2. publisher killed and restarted (seq back to 1) -> stale, then right again after the
 *      restarted publisher's snapshot, with the same subscriber;
 *   3. messages skipped by the publisher -> the source is resyncing with the gaps counted,
 *      then right again after the next snapshot;
 *   4. malformed, oversized and wrong-typed messages mixed into the stream -> each counted
 *      under its reason, and the valid numbers unchanged;
 *   5. the simulator engine as the publisher (an hour of a busy morning, with its heartbeats
 *      and snapshots) -> the wallboard's numbers equal the engine's own board.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_board.h"
#include "wb_sim.h"
#include "wb_sub.h"
#include "test_transport.h"

#define SRC "acd-1"
#define TIMEOUT_MS 20000

static char tmpdir[64];

typedef struct fx {
    uv_loop_t loop;
    wb_sub *sub;
    wb_board *rx;  /* the wallboard's board */
    wb_board *pub; /* the publisher's own model */
    int sock;      /* the publisher's PUB socket */
    uint64_t seq;
    wb_config cfg;
    wb_board_view *va, *vb;
    char url[160];
    bool sub_binds;
    /* the publisher's bookkeeping for generating valid events */
    char waiting[64][16];
    wb_ms waiting_ts[64];
    size_t n_waiting;
    char busy[64][16];
    size_t n_busy;
    unsigned rng;
    int next_id;
    wb_ms t; /* event time of the next generated event */
} fx;

static void on_message(void *ud, const char *buf, size_t len)
{
    fx *f = ud;
    wb_board_ingest(f->rx, buf, len, test_real_ms());
}

static void pump(fx *f, long ms)
{
    test_pump_for(&f->loop, ms);
}

static void add_channel(wb_config *cfg, const char *name)
{
    wb_channel_cfg_default(cfg, &cfg->channels[cfg->n_channels++], name);
}

static void pick_url(fx *f, bool tcp)
{
    static int counter;
    if (!tcp) {
        snprintf(f->url, sizeof f->url, "ipc://%s/live%d.ipc", tmpdir, counter++);
        return;
    }
    if (!test_free_tcp_url(f->url, sizeof f->url))
        fail_msg("no free tcp port");
}

static void pub_open(fx *f)
{
    f->sock = nn_socket(AF_SP, NN_PUB);
    assert_true(f->sock >= 0);
    int rc = -1;
    /* A restarted publisher may find its port briefly busy: retry for a while. */
    for (int tries = 0; tries < 100 && rc < 0; tries++) {
        rc = f->sub_binds ? nn_connect(f->sock, f->url) : nn_bind(f->sock, f->url);
        if (rc < 0)
            test_sleep_ms(50);
    }
    assert_true(rc >= 0);
}

static fx *fx_new(bool tcp, bool sub_binds, wb_ms stale_ms)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    wb_config_defaults(&f->cfg);
    f->cfg.stale_after_ms = stale_ms;
    /* The hand-worked contacts are stamped five minutes ago and checked as today's. */
    test_noon_tz(f->cfg.tz, sizeof f->cfg.tz);
    add_channel(&f->cfg, "phone");
    add_channel(&f->cfg, "chat");
    add_channel(&f->cfg, "email");
    add_channel(&f->cfg, "callback");
    f->rx = wb_board_new(&f->cfg);
    f->pub = wb_board_new(&f->cfg);
    f->va = malloc(sizeof *f->va);
    f->vb = malloc(sizeof *f->vb);
    assert_true(f->rx && f->pub && f->va && f->vb);
    assert_int_equal(uv_loop_init(&f->loop), 0);
    f->sub = wb_sub_new(&f->loop, on_message, f);
    assert_non_null(f->sub);
    f->sub_binds = sub_binds;
    pick_url(f, tcp);
    if (sub_binds)
        assert_int_equal(wb_sub_bind(f->sub, f->url), 0);
    else
        assert_int_equal(wb_sub_connect(f->sub, f->url), 0);
    pub_open(f);
    f->rng = 12345;
    f->t = test_real_ms() - 10 * 60 * 1000;
    return f;
}

static void fx_free(fx *f)
{
    wb_sub_free(f->sub);
    assert_int_equal(test_loop_close(&f->loop), 0);
    if (f->sock >= 0)
        nn_close(f->sock);
    wb_board_free(f->rx);
    wb_board_free(f->pub);
    free(f->va);
    free(f->vb);
    free(f);
}

static void send_raw(fx *f, const char *buf, size_t len)
{
    assert_int_equal(nn_send(f->sock, buf, len, 0), (int)len);
}

/*
 * PUB drops what it sends before a subscriber is connected. Heartbeats without seq (which
 * start no sequence) are sent until the wallboard has received one.
 */
static void warm_up(fx *f)
{
    wb_board_counters c;
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    char buf[128];
    do {
        int n =
            snprintf(buf, sizeof buf, "{\"v\":1,\"type\":\"heartbeat\",\"ts\":%lld,\"src\":\"%s\"}",
                     (long long)test_real_ms(), SRC);
        nn_send(f->sock, buf, (size_t)n, NN_DONTWAIT);
        pump(f, 20);
        wb_board_counters_get(f->rx, &c);
    } while (c.received == 0 && test_real_ms() < end);
    assert_true(c.received > 0);
    /* Heartbeats still in flight must not disturb exact counts later. */
    pump(f, 100);
}

/* Numbers the event, applies it to the publisher's model and, if deliver, sends it. */
static void publish(fx *f, wb_event *ev, bool deliver)
{
    ev->src = SRC;
    ev->has_seq = true;
    ev->seq = ++f->seq;
    int rc = wb_board_apply(f->pub, ev, test_real_ms());
    assert_true(rc >= 0);
    /* While the publisher is down (no socket) its events only reach its own model. */
    if (!deliver || f->sock < 0)
        return;
    char buf[4096];
    int n = wb_event_encode(ev, buf, sizeof buf);
    assert_true(n > 0);
    send_raw(f, buf, (size_t)n);
}

/*
 * Sends the publisher's full state as a snapshot message (it does not change its own model).
 * It is stamped with the publisher's event clock, like everything else it sends.
 */
static void publish_snapshot(fx *f)
{
    wb_ms now = f->t;
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, now);
    ev.src = SRC;
    ev.has_seq = true;
    ev.seq = ++f->seq;
    assert_int_equal(wb_model_snapshot(wb_board_model(f->pub), SRC, now, &ev.snap), 0);
    char *buf = malloc(WB_MAX_MSG_BYTES + 1);
    assert_non_null(buf);
    int n = wb_event_encode(&ev, buf, WB_MAX_MSG_BYTES + 1);
    wb_snapshot_fini(&ev.snap);
    assert_true(n > 0);
    send_raw(f, buf, (size_t)n);
    free(buf);
}

static unsigned rnd(fx *f, unsigned n)
{
    f->rng = f->rng * 1103515245u + 12345u;
    return (f->rng >> 16) % n;
}

static const char *const chans[] = {"phone", "chat", "email"};

static void contact_event(wb_event *ev, wb_event_type type, wb_ms ts, const char *id,
                          const char *channel)
{
    memset(ev, 0, sizeof *ev);
    wb_event_init(ev, type, ts);
    ev->id = id;
    ev->channel = channel;
    ev->queue = channel;
}

/* Channel of a generated id: ids are "<channel index>-<number>". */
static const char *chan_of(const char *id)
{
    return chans[id[0] - '0'];
}

/*
 * Generates n valid events (queued, answered, abandoned, completed, agent states) on phone,
 * chat and email, one every 2 s of event time. Events whose index is in skip[] are applied
 * to the publisher's model but not sent.
 */
static void stream(fx *f, int n, const int *skip, size_t n_skip)
{
    static const char *const agents[] = {"a1", "a2", "a3", "a4"};
    for (int i = 0; i < n; i++) {
        bool deliver = true;
        for (size_t k = 0; k < n_skip; k++)
            if (skip[k] == i)
                deliver = false;
        f->t += 2000;
        wb_event ev;
        unsigned r = rnd(f, 10);
        if ((r < 4 || f->n_waiting == 0) && f->n_waiting < 64) {
            size_t k = f->n_waiting++;
            snprintf(f->waiting[k], sizeof f->waiting[k], "%u-%d", rnd(f, 3), f->next_id++);
            f->waiting_ts[k] = f->t;
            contact_event(&ev, WB_EV_QUEUED, f->t, f->waiting[k], chan_of(f->waiting[k]));
        } else if (r < 7 || (r < 8 && f->n_busy == 0)) {
            size_t k = rnd(f, (unsigned)f->n_waiting);
            bool answer = r < 6;
            char id[16];
            snprintf(id, sizeof id, "%s", f->waiting[k]);
            contact_event(&ev, answer ? WB_EV_ANSWERED : WB_EV_ABANDONED, f->t, id, chan_of(id));
            memmove(&f->waiting[k], &f->waiting[k + 1], (f->n_waiting - k - 1) * 16);
            memmove(&f->waiting_ts[k], &f->waiting_ts[k + 1],
                    (f->n_waiting - k - 1) * sizeof(wb_ms));
            f->n_waiting--;
            if (answer && f->n_busy < 64)
                snprintf(f->busy[f->n_busy++], 16, "%s", id);
            publish(f, &ev, deliver);
            continue;
        } else if (r < 8) {
            char id[16];
            snprintf(id, sizeof id, "%s", f->busy[0]);
            memmove(&f->busy[0], &f->busy[1], (f->n_busy - 1) * 16);
            f->n_busy--;
            contact_event(&ev, WB_EV_COMPLETED, f->t, id, chan_of(id));
            ev.handle_ms = 60000 + 1000 * (wb_ms)rnd(f, 240);
            publish(f, &ev, deliver);
            continue;
        } else {
            memset(&ev, 0, sizeof ev);
            wb_event_init(&ev, WB_EV_AGENT_STATE, f->t);
            ev.agent = agents[rnd(f, 4)];
            ev.state = (wb_agent_state)rnd(f, WB_AGENT_NSTATES);
            ev.channels[0] = "phone";
            ev.channels[1] = chans[1 + rnd(f, 2)];
            ev.n_channels = 2;
        }
        publish(f, &ev, deliver);
    }
}

/* Counts the differences between two boards' views at time now; prints the first. */
static int board_differences(wb_board *pub, wb_board *rx, wb_board_view *va, wb_board_view *vb,
                             wb_ms now, bool verbose)
{
    wb_board_view_fill(pub, now, now, va);
    wb_board_view_fill(rx, now, now, vb);
    fx view = {.va = va, .vb = vb};
    fx *f = &view;
    int diffs = 0;
#define SAME(what, a, b)                                                                           \
    do {                                                                                           \
        if ((a) != (b)) {                                                                          \
            if (verbose && diffs == 0)                                                             \
                print_message("%s %s: publisher %lld, wallboard %lld\n", name, what,               \
                              (long long)(a), (long long)(b));                                     \
            diffs++;                                                                               \
        }                                                                                          \
    } while (0)
    for (size_t i = 0; i < f->va->n_channels; i++) {
        const wb_channel_metrics *a = &f->va->ch[i].m;
        const char *name = a->name;
        const wb_channel_metrics *b = NULL;
        for (size_t j = 0; j < f->vb->n_channels; j++)
            if (strcmp(f->vb->ch[j].m.name, name) == 0)
                b = &f->vb->ch[j].m;
        if (!b) {
            diffs++;
            continue;
        }
        SAME("waiting", a->waiting, b->waiting);
        SAME("oldest_wait_ms", a->oldest_wait_ms, b->oldest_wait_ms);
        const wb_window *wa[2] = {&a->today, &a->rolling}, *wbw[2] = {&b->today, &b->rolling};
        for (int w = 0; w < 2; w++) {
            SAME("answered", wa[w]->c.answered, wbw[w]->c.answered);
            SAME("abandoned", wa[w]->c.abandoned, wbw[w]->c.abandoned);
            SAME("short_abandoned", wa[w]->c.short_abandoned, wbw[w]->c.short_abandoned);
            SAME("answered_in_sl", wa[w]->c.answered_in_sl, wbw[w]->c.answered_in_sl);
            SAME("abandoned_in_sl", wa[w]->c.abandoned_in_sl, wbw[w]->c.abandoned_in_sl);
            SAME("completed", wa[w]->c.completed, wbw[w]->c.completed);
            SAME("wait_sum_ms", wa[w]->c.wait_sum_ms, wbw[w]->c.wait_sum_ms);
            SAME("handle_sum_ms", wa[w]->c.handle_sum_ms, wbw[w]->c.handle_sum_ms);
            bool same_sl =
                (isnan(wa[w]->sl) && isnan(wbw[w]->sl)) || fabs(wa[w]->sl - wbw[w]->sl) < 1e-9;
            SAME("sl", same_sl, true);
        }
        for (int s = 0; s < WB_AGENT_NSTATES; s++)
            SAME("agents", a->agents[s], b->agents[s]);
    }
#undef SAME
    return diffs;
}

static int differences(fx *f, bool verbose)
{
    return board_differences(f->pub, f->rx, f->va, f->vb, test_real_ms(), verbose);
}

/* Polls until the wallboard agrees with the publisher (and is not resyncing), or times out. */
static bool converge(fx *f)
{
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    do {
        pump(f, 20);
        if (differences(f, false) == 0 && f->vb->n_resyncing == 0)
            return true;
    } while (test_real_ms() < end);
    differences(f, true);
    return false;
}

/* The receiving board's view now, on the real clock. */
static void rx_view(fx *f)
{
    wb_ms now = test_real_ms();
    wb_board_view_fill(f->rx, now, now, f->vb);
}

static const wb_channel_metrics *rx_channel(fx *f, const char *name)
{
    rx_view(f);
    for (size_t i = 0; i < f->vb->n_channels; i++)
        if (strcmp(f->vb->ch[i].m.name, name) == 0)
            return &f->vb->ch[i].m;
    return NULL;
}

/*
 * Channel "callback", T = 20 s inclusive, short abandon < 5 s, formula "offered":
 *   answered after 5, 15, 20, 30 s  -> answered 4, within T 3 (20 s counts: T is inclusive)
 *   abandoned after 2, 10, 40 s     -> abandoned 3, short 1 (2 s), within T 1 (10 s)
 *   two more queued, never answered -> waiting 2
 *   SL offered = 3 / (4 + 3 - 1) = 50 %; ASA = (5+15+20+30)/4 = 17.5 s;
 *   abandon % = (3 - 1) / (4 + 3 - 1) = 33.3 %.
 */
static void hand_worked(fx *f)
{
    static const struct {
        const char *id;
        wb_event_type outcome;
        int wait_s;
    } c[] = {
        {"cb1", WB_EV_ANSWERED, 5},   {"cb2", WB_EV_ANSWERED, 15}, {"cb3", WB_EV_ANSWERED, 20},
        {"cb4", WB_EV_ANSWERED, 30},  {"cb5", WB_EV_ABANDONED, 2}, {"cb6", WB_EV_ABANDONED, 10},
        {"cb7", WB_EV_ABANDONED, 40}, {"cb8", WB_EV_UNKNOWN, 0},   {"cb9", WB_EV_UNKNOWN, 0}};
    wb_ms base = test_real_ms() - 5 * 60 * 1000;
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        wb_event ev;
        contact_event(&ev, WB_EV_QUEUED, base + (wb_ms)i * 1000, c[i].id, "callback");
        publish(f, &ev, true);
    }
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        if (c[i].outcome == WB_EV_UNKNOWN)
            continue;
        wb_event ev;
        contact_event(&ev, c[i].outcome, base + (wb_ms)i * 1000 + c[i].wait_s * 1000, c[i].id,
                      "callback");
        publish(f, &ev, true);
    }
}

static void check_hand_worked(fx *f)
{
    const wb_channel_metrics *m = rx_channel(f, "callback");
    assert_non_null(m);
    assert_int_equal(m->waiting, 2);
    assert_int_equal(m->today.c.answered, 4);
    assert_int_equal(m->today.c.answered_in_sl, 3);
    assert_int_equal(m->today.c.abandoned, 3);
    assert_int_equal(m->today.c.short_abandoned, 1);
    assert_int_equal(m->today.c.abandoned_in_sl, 1);
    assert_true(fabs(m->today.sl - 0.5) < 1e-9);
    assert_true(fabs(m->today.asa_s - 17.5) < 1e-9);
    assert_true(fabs(m->today.abandon_pct - 100.0 / 3.0) < 1e-6);
    assert_int_equal(m->rolling.c.answered, 4);
}

static void equal_numbers(bool tcp, bool sub_binds)
{
    fx *f = fx_new(tcp, sub_binds, 5000);
    warm_up(f);
    hand_worked(f);
    stream(f, 300, NULL, 0);
    assert_true(converge(f));
    check_hand_worked(f);
    /* The stream really reached every channel it generated for. */
    assert_true(rx_channel(f, "phone")->had_data);
    assert_true(rx_channel(f, "chat")->had_data);
    assert_true(rx_channel(f, "email")->had_data);
    wb_board_counters c;
    wb_board_counters_get(f->rx, &c);
    assert_int_equal(c.refused, 0);
    fx_free(f);
}

static void test_equal_ipc(void **state)
{
    equal_numbers(false, false);
}

static void test_equal_tcp_bind(void **state)
{
    equal_numbers(true, true);
}

static bool wait_stale(fx *f, bool want)
{
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    do {
        pump(f, 20);
        wb_ms now = test_real_ms();
        wb_board_view_fill(f->rx, now, now, f->vb);
        if (f->vb->stale == want)
            return true;
    } while (test_real_ms() < end);
    return false;
}

/* Publisher killed and restarted: stale, then right again after its first snapshot. */
static void test_restart(void **state)
{
    fx *f = fx_new(true, false, 1000);
    warm_up(f);
    stream(f, 100, NULL, 0);
    publish_snapshot(f);
    assert_true(converge(f));

    nn_close(f->sock);
    f->sock = -1;
    assert_true(wait_stale(f, true));
    /* What happened while it was down is lost on the wire but known to the publisher. */
    stream(f, 50, NULL, 0);

    /* The restarted process numbers from 1 again and sends snapshots until heard. */
    pub_open(f);
    f->seq = 0;
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    bool ok = false;
    while (!ok && test_real_ms() < end) {
        publish_snapshot(f);
        pump(f, 300);
        ok = differences(f, false) == 0 && f->vb->n_resyncing == 0 && !f->vb->stale;
    }
    assert_true(ok);
    /* And it keeps following the live stream afterwards. */
    stream(f, 50, NULL, 0);
    assert_true(converge(f));
    fx_free(f);
}

/* Skipped messages: resyncing with the gaps counted, right again after the snapshot. */
static void test_gaps(void **state)
{
    fx *f = fx_new(false, true, 5000);
    warm_up(f);
    stream(f, 40, NULL, 0);
    assert_true(converge(f));
    /* Two gaps: events 10 and 11 (2 missed), and 30 (1 missed) of the next 60. */
    static const int skip[] = {10, 11, 30};
    stream(f, 60, skip, 3);
    /* Wait until the last event (not a skipped one) has arrived. */
    wb_model *m = wb_board_model(f->rx);
    wb_source_info si = {0};
    bool found = false;
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    do {
        pump(f, 20);
        found = false;
        for (size_t i = 0; i < wb_model_source_count(m) && !found; i++) {
            wb_model_source_info(m, i, &si);
            found = strcmp(si.src, SRC) == 0;
        }
    } while (!(found && si.last_seq == f->seq) && test_real_ms() < end);
    assert_true(found);
    assert_true(si.resyncing);
    assert_int_equal(si.gaps, 2);
    assert_int_equal(si.missed, 3);
    /* The channel view marks the numbers as not to be trusted. */
    rx_view(f);
    assert_int_equal(f->vb->n_resyncing, 1);
    assert_int_equal(f->vb->gaps, 2);

    publish_snapshot(f);
    assert_true(converge(f));
    for (size_t i = 0; i < wb_model_source_count(m); i++) {
        wb_model_source_info(m, i, &si);
        if (strcmp(si.src, SRC) == 0)
            break;
    }
    assert_false(si.resyncing);
    assert_int_equal(si.gaps, 2);
    fx_free(f);
}

/* Bad messages in the stream: each counted under its reason; the numbers are unaffected. */
static void test_bad_input(void **state)
{
    fx *f = fx_new(true, false, 5000);
    warm_up(f);
    wb_board_counters before;
    wb_board_counters_get(f->rx, &before);

    stream(f, 30, NULL, 0);
    static const char *const bad[] = {
        "{not json",
        "{\"v\":2,\"type\":\"heartbeat\",\"ts\":1700000000000}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":\"soon\",\"id\":\"x1\",\"channel\":\"phone\"}",
        "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"channel\":\"phone\"}",
        /* One message written on two lines (the parentheses say so to clang). */
        ("{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"id\":\"x\xff\","
         "\"channel\":\"phone\"}"),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        send_raw(f, bad[i], strlen(bad[i]));
    stream(f, 30, NULL, 0);

    /* A 300-byte id: over the 256-byte string limit. */
    char longid[512];
    int n = snprintf(longid, sizeof longid,
                     "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"id\":\"%0300d\","
                     "\"channel\":\"phone\"}",
                     7);
    send_raw(f, longid, (size_t)n);
    /* 64 KiB + 1 of otherwise valid JSON: over the protocol limit. */
    size_t big_len = WB_MAX_MSG_BYTES + 1;
    char *big = malloc(big_len);
    assert_non_null(big);
    const char *head = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1700000000000,\"pad\":\"";
    memset(big, 'p', big_len);
    memcpy(big, head, strlen(head));
    memcpy(big + big_len - 2, "\"}", 2);
    send_raw(f, big, big_len);
    free(big);
    stream(f, 30, NULL, 0);

    assert_true(converge(f));
    wb_board_counters c;
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    do {
        pump(f, 20);
        wb_board_counters_get(f->rx, &c);
    } while (c.refused < 7 && test_real_ms() < end);
    assert_int_equal(c.refused - before.refused, 7);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_JSON)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_VERSION)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_TYPE)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_MISSING)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_UTF8)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_STR_LONG)], 1);
    assert_int_equal(c.by_reason[wb_refusal_index(WB_ERR_TOO_BIG)], 1);
    /* Refusals are not gaps: the stream's sequence is intact. */
    rx_view(f);
    assert_int_equal(f->vb->gaps, 0);
    assert_int_equal(f->vb->n_resyncing, 0);
    fx_free(f);
}

typedef struct sim_pub {
    fx *f;
    char *buf;
    uint64_t sent;
} sim_pub;

static void sim_emit(void *ud, const wb_event *ev)
{
    sim_pub *p = ud;
    int n = wb_event_encode(ev, p->buf, WB_MAX_MSG_BYTES + 1);
    assert_true(n > 0);
    send_raw(p->f, p->buf, (size_t)n);
    p->sent++;
}

/* The simulator engine publishes a busy morning hour; the wallboard ends up with its numbers. */
static void test_sim_equal(void **state)
{
    fx *f = fx_new(false, false, 5000);
    /* The wallboard runs on the simulator's configuration, as `wallboard` does by default. */
    wb_board_free(f->rx);
    wb_sim_default_config(&f->cfg);
    f->rx = wb_board_new(&f->cfg);
    assert_non_null(f->rx);
    /* The simulated morning is of 2 March 2026, received now: its times are not checked. */
    wb_model_set_max_past(wb_board_model(f->rx), 0);
    int sndbuf = 8 * 1024 * 1024;
    nn_setsockopt(f->sock, NN_SOL_SOCKET, NN_SNDBUF, &sndbuf, sizeof sndbuf);
    warm_up(f);

    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = 42;
    o.speed = 360;           /* 100 ms of (pretend) wall time = 36 s simulated */
    o.start = 1772438400000; /* Monday 2 March 2026, 08:00 UTC */
    o.cfg = &f->cfg;
    wb_sim *sim = wb_sim_new(&o);
    assert_non_null(sim);
    sim_pub p = {.f = f, .buf = malloc(WB_MAX_MSG_BYTES + 1)};
    assert_non_null(p.buf);
    /* The engine is paced by the wall time we give it; 100 steps of 100 ms = one hour. */
    wb_ms wall0 = test_real_ms();
    for (int k = 0; k <= 100; k++) {
        assert_true(wb_sim_advance(sim, wall0 + k * 100, sim_emit, &p) >= 0);
        pump(f, 5);
    }
    wb_sim_stats st;
    wb_sim_stats_get(sim, &st);
    assert_int_equal(st.board_errors, 0);
    assert_true(st.answered > 50); /* a busy morning really happened */
    assert_int_equal(p.sent, st.messages);

    /* Wait for the last message, then compare at the simulated time reached. */
    wb_model *m = wb_board_model(f->rx);
    wb_ms end = test_real_ms() + TIMEOUT_MS;
    wb_source_info si = {0};
    bool found = false;
    do {
        pump(f, 20);
        for (size_t i = 0; i < wb_model_source_count(m); i++) {
            wb_model_source_info(m, i, &si);
            found = strcmp(si.src, "sim") == 0;
            if (found)
                break;
        }
    } while (!(found && si.last_seq == st.messages) && test_real_ms() < end);
    assert_true(found);
    assert_int_equal(si.last_seq, st.messages);
    assert_int_equal(si.gaps, 0);
    assert_false(si.resyncing);
    assert_int_equal(
        board_differences(wb_sim_board(sim), f->rx, f->va, f->vb, wb_sim_now(sim), true), 0);
    free(p.buf);
    wb_sim_free(sim);
    fx_free(f);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wb_live_XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    srand((unsigned)(getpid() ^ time(NULL)));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_ipc), cmocka_unit_test(test_equal_tcp_bind),
        cmocka_unit_test(test_restart),   cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_bad_input), cmocka_unit_test(test_sim_equal),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return rc;
}
