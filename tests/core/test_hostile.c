/*
 * test_hostile.c - the core under hostile input and careless operation: every limit refuses
 * the whole message and changes nothing, snapshots are checked before they are applied,
 * counters saturate, a reload keeps what it does not configure, hash tables are keyed, and the
 * decoder follows JSON to the letter. That the config loader reads only what it should (cases
 * 7 and 15) is the configuration loader's test: tests/config/test_config_files.c.
 *
 * These cases cross modules (model, map, decoder), so they live in one executable of their
 * own; the numbers are worked out by hand from the limits in wb_model.h.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_map.h"
#include "wb_model.h"

/* 2026-11-25T00:00:00Z; UTC. */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define S(x) ((wb_ms)(x)*1000)
#define NOW (DAY0 + H(10))

static wb_config *base_config(void)
{
    static wb_config cfg;
    wb_config_defaults(&cfg);
    const char *names[] = {"phone", "chat", "email", "social"};
    for (size_t i = 0; i < 4; i++)
        wb_channel_cfg_default(&cfg, &cfg.channels[cfg.n_channels++], names[i]);
    return &cfg;
}

static wb_event ev_contact(wb_event_type t, const char *src, const char *id, const char *ch,
                           const char *queue, wb_ms ts)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, t, ts);
    e.src = src;
    e.id = id;
    e.channel = ch;
    e.queue = queue ? queue : ch;
    return e;
}

static int queued(wb_model *m, const char *src, const char *id, const char *ch, const char *q,
                  wb_ms ts)
{
    wb_event e = ev_contact(WB_EV_QUEUED, src, id, ch, q, ts);
    return wb_model_apply(m, &e, ts);
}

static int agent(wb_model *m, const char *src, const char *id, const char **chs, size_t n)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_AGENT_STATE, NOW);
    e.src = src;
    e.agent = id;
    e.state = WB_AGENT_AVAILABLE;
    for (size_t i = 0; i < n; i++)
        e.channels[e.n_channels++] = chs[i];
    return wb_model_apply(m, &e, NOW);
}

/* A snapshot event from src with heap arrays (freed by wb_event_fini). */
static wb_event snap_event(const char *src, wb_ms ts, size_t nq, size_t nw)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_SNAPSHOT, ts);
    e.src = src;
    e.snap.queues = calloc(nq + 1, sizeof *e.snap.queues);
    e.snap.n_queues = nq;
    e.snap.waiting = calloc(nw + 1, sizeof *e.snap.waiting);
    e.snap.n_waiting = nw;
    assert_non_null(e.snap.queues);
    assert_non_null(e.snap.waiting);
    for (size_t i = 0; i < nq; i++) {
        e.snap.queues[i].channel = "phone";
        e.snap.queues[i].queue = "phone";
        e.snap.queues[i].day_start = DAY0;
    }
    return e;
}

static wb_channel_metrics metrics(wb_model *m, const char *ch)
{
    wb_channel_metrics cm;
    int i = wb_model_channel_index(m, ch);
    assert_true(i >= 0);
    wb_model_channel_metrics(m, (size_t)i, NOW, &cm);
    return cm;
}

/* 1. A reload keeps a channel discovered from events: its name, and its single tile. */
static void test_reload_keeps_discovered_channel(void **state)
{
    wb_config *cfg = base_config();
    wb_model *m = wb_model_new(cfg);
    wb_model_tick(m, NOW);
    assert_int_equal(queued(m, "", "c1", "video", NULL, NOW - S(30)), WB_APPLIED);
    assert_int_equal(wb_model_set_config(m, cfg), WB_OK);
    assert_int_equal(wb_model_channel_count(m), 5);
    assert_int_equal(wb_model_channel_index(m, "video"), 4);
    wb_event e = ev_contact(WB_EV_ANSWERED, "", "c1", "video", NULL, NOW);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    assert_int_equal(wb_model_channel_count(m), 5);
    wb_channel_metrics cm = metrics(m, "video");
    assert_string_equal(cm.name, "video");
    assert_false(cm.configured);
    assert_int_equal(cm.waiting, 0);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(cm.today.c.wait_sum_ms, S(30));
    wb_model_free(m);
}

/* 2. A snapshot with 1,025 queues is refused as over the limit and wipes nothing. */
static void test_snapshot_too_many_queues(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    assert_int_equal(queued(m, "a", "w1", "phone", NULL, NOW - S(5)), WB_APPLIED);
    const char *chs[] = {"phone"};
    assert_int_equal(agent(m, "a", "ag1", chs, 1), WB_APPLIED);
    wb_event e = snap_event("a", NOW, WB_MAX_QUEUES + 1, 0);
    static char names[WB_MAX_QUEUES + 1][16];
    for (size_t i = 0; i <= WB_MAX_QUEUES; i++) {
        snprintf(names[i], sizeof names[i], "q%zu", i);
        e.snap.queues[i].queue = names[i];
    }
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_LIMIT);
    wb_event_fini(&e);
    assert_int_equal(metrics(m, "phone").waiting, 1);
    assert_int_equal(wb_model_agent_count(m), 1);
    assert_int_equal(wb_model_queue_count(m), 1);
    wb_model_free(m);
}

/* 3. Refused messages leave no channel behind; a real new channel still fits afterwards. */
static void test_refused_leaves_no_phantoms(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    static char names[40][16];
    wb_event e = snap_event("a", NOW, 0, 40);
    for (size_t i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "new%zu", i);
        e.snap.waiting[i] = (wb_snap_contact){.id = names[i], .channel = names[i], .ts = NOW};
    }
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_LIMIT);
    wb_event_fini(&e);
    assert_int_equal(wb_model_channel_count(m), 4);
    assert_int_equal(wb_model_source_count(m), 0); /* not even the source stays */
    /* 4 configured + 29 named = 33 channels: the agent is refused whole. */
    const char *chs[29];
    for (size_t i = 0; i < 29; i++)
        chs[i] = names[i];
    assert_int_equal(agent(m, "a", "ag1", chs, 29), WB_ERR_LIMIT);
    assert_int_equal(wb_model_channel_count(m), 4);
    assert_int_equal(wb_model_agent_count(m), 0);
    /* Nothing was left over: a real new channel still fits. */
    assert_int_equal(queued(m, "a", "v1", "video", NULL, NOW), WB_APPLIED);
    assert_int_equal(wb_model_channel_count(m), 5);
    wb_model_free(m);
}

/* 5a. Waiting contacts: 5,000 per source, 50,000 in all; past that, over_limit. */
static void test_contact_limits(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    char id[32], src[8];
    for (int s = 0; s < 10; s++) {
        snprintf(src, sizeof src, "s%d", s);
        for (int i = 0; i < WB_MAX_WAITING_PER_SOURCE; i++) {
            snprintf(id, sizeof id, "c%d", i);
            assert_int_equal(queued(m, src, id, "phone", NULL, NOW), WB_APPLIED);
        }
    }
    assert_int_equal(queued(m, "s0", "one-more", "phone", NULL, NOW), WB_ERR_LIMIT);
    assert_int_equal(queued(m, "s10", "one-more", "phone", NULL, NOW), WB_ERR_LIMIT);
    assert_int_equal(metrics(m, "phone").waiting, 50000);
    /* An answer moves a waiting contact into service: the total stays, so it fits. */
    wb_event e = ev_contact(WB_EV_ANSWERED, "s0", "c0", "phone", NULL, NOW);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    assert_int_equal(metrics(m, "phone").waiting, 49999);
    wb_model_free(m);

    /*
     * In service: 5,000 answers of contacts never seen queued fill s0's in-service set (their
     * completions were lost). One more answer is not refused: it counts (5,001 answered
     * today), only its contact is not followed in service (untracked 1).
     */
    m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    for (int i = 0; i <= WB_MAX_IN_SERVICE_PER_SOURCE; i++) {
        snprintf(id, sizeof id, "a%d", i);
        e = ev_contact(WB_EV_ANSWERED, "s0", id, "phone", NULL, NOW);
        e.wait_ms = S(3);
        assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    }
    assert_int_equal(metrics(m, "phone").today.c.answered, WB_MAX_IN_SERVICE_PER_SOURCE + 1);
    assert_int_equal(wb_model_untracked(m), 1);
    wb_model_free(m);
}

/* 5b. (source, queue) pairs: 524,288 buckets / 180 per window = 2,912 pairs. */
static void test_bucket_limit(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    char q[16], src[8];
    int applied = 0, refused = 0;
    for (int s = 0; s < 3; s++) {
        snprintf(src, sizeof src, "s%d", s);
        for (int i = 0; i < WB_MAX_QUEUES; i++) {
            snprintf(q, sizeof q, "q%d", i);
            int rc = queued(m, src, q, "phone", q, NOW);
            applied += rc == WB_APPLIED;
            refused += rc == WB_ERR_LIMIT;
        }
    }
    assert_int_equal(applied, 2912);
    assert_int_equal(refused, 3 * 1024 - 2912);
    assert_int_equal(wb_model_queue_count(m), WB_MAX_QUEUES);
    /* A reload that would make every ring longer (60 min of 10 s) is refused whole. */
    wb_config *cfg = base_config();
    cfg->rolling_ms = H(1);
    assert_int_equal(wb_model_set_config(m, cfg), WB_ERR_LIMIT);
    assert_int_equal(wb_model_config(m)->rolling_ms, 30 * 60 * 1000);
    wb_model_free(m);
}

/* 5c. Agents: 1,000 per source. */
static void test_agent_limit(void **state)
{
    wb_model *m = wb_model_new(base_config());
    char id[16];
    const char *chs[] = {"phone"};
    for (int i = 0; i < WB_MAX_AGENTS_PER_SOURCE; i++) {
        snprintf(id, sizeof id, "a%d", i);
        assert_int_equal(agent(m, "x", id, chs, 1), WB_APPLIED);
    }
    assert_int_equal(agent(m, "x", "late", chs, 1), WB_ERR_LIMIT);
    assert_int_equal(agent(m, "x", "a7", chs, 1), WB_APPLIED); /* a known one still updates */
    assert_int_equal(wb_model_agent_count(m), 1000);
    wb_model_free(m);
}

/* 5d. A waiting contact whose outcome was lost expires after waiting_expiry (4 h default). */
static void test_waiting_expiry(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    assert_int_equal(queued(m, "", "lost", "phone", NULL, NOW), WB_APPLIED);
    assert_int_equal(queued(m, "", "later", "phone", NULL, NOW + H(1)), WB_APPLIED);
    wb_model_tick(m, NOW + H(4));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, NOW + H(4), &cm);
    assert_int_equal(cm.waiting, 2); /* exactly 4 h: not yet */
    wb_model_tick(m, NOW + H(4) + 1);
    wb_model_channel_metrics(m, 0, NOW + H(4) + 1, &cm);
    assert_int_equal(cm.waiting, 1);
    assert_int_equal(cm.oldest_wait_ms, H(3) + 1);
    assert_int_equal(wb_model_expired(m), 1);
    wb_model_free(m);
}

/*
 * A channel's own expiry overrides the site's: an e-mail backlog may wait two days, a call
 * never four hours. Email set to 2 days (2880 min): after 4 h and 1 ms the phone contact is
 * dropped, the email stays until 48 h have passed.
 */
static void test_waiting_expiry_per_channel(void **state)
{
    wb_config *cfg = base_config();
    cfg->channels[2].expiry_ms = 2880LL * 60000; /* email */
    wb_model *m = wb_model_new(cfg);
    cfg->channels[2].expiry_ms = -1;
    wb_model_tick(m, NOW);
    assert_int_equal(queued(m, "", "call", "phone", NULL, NOW), WB_APPLIED);
    assert_int_equal(queued(m, "", "mail", "email", NULL, NOW), WB_APPLIED);
    wb_model_tick(m, NOW + H(4) + 1);
    assert_int_equal(metrics(m, "phone").waiting, 0);
    assert_int_equal(metrics(m, "email").waiting, 1);
    wb_model_tick(m, NOW + H(48));
    assert_int_equal(metrics(m, "email").waiting, 1); /* exactly 48 h: not yet */
    wb_model_tick(m, NOW + H(48) + 1);
    assert_int_equal(metrics(m, "email").waiting, 0);
    assert_int_equal(wb_model_expired(m), 2);
    wb_model_free(m);
}

/*
 * Hand-built input the decoder would never produce: a snapshot agent in state 99 is refused
 * (it would index the per-state counters) and changes nothing; a tick before 1970 keeps the
 * sparkline inside its ring (a floor modulo, not C's remainder).
 */
static void test_hand_built_edges(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    wb_event e = snap_event("", NOW, 1, 0);
    e.snap.agents = calloc(2, sizeof *e.snap.agents);
    assert_non_null(e.snap.agents);
    e.snap.n_agents = 1;
    e.snap.agents[0].agent = "a1";
    e.snap.agents[0].state = (wb_agent_state)99;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_INVAL);
    free(e.snap.agents);
    e.snap.agents = NULL;
    e.snap.n_agents = 0;
    wb_event_fini(&e);
    assert_int_equal(wb_model_agent_count(m), 0);
    wb_model_free(m);

    /* 1969-12-31T23:59:35Z: the 10 s period -3, slot 177 of 180. */
    m = wb_model_new(base_config());
    wb_model_tick(m, -25000);
    assert_int_equal(queued(m, "", "old", "phone", NULL, -24000), WB_APPLIED);
    wb_model_tick(m, -21000);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, 0, -21000, &cm);
    assert_int_equal(cm.spark[WB_SPARK_N - 1], 1);
    wb_model_free(m);
}

/* 6. Counters saturate instead of wrapping. */
static void test_counters_saturate(void **state)
{
    wb_counts acc = {.answered = UINT32_MAX - 1, .completed = 7, .wait_sum_ms = INT64_MAX - 5};
    wb_counts x = {.answered = 5, .completed = 3, .wait_sum_ms = 1LL << 53};
    wb_counts_add(&acc, &x);
    assert_true(acc.answered == UINT32_MAX);
    assert_int_equal(acc.completed, 10);
    assert_true(acc.wait_sum_ms == INT64_MAX);

    /* Today's answered at 2^32 - 1 from a snapshot, then one more answer: it stays there. */
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    wb_event e = snap_event("", NOW, 1, 0);
    e.snap.queues[0].today.answered = UINT32_MAX;
    e.snap.queues[0].today.wait_sum_ms = 1LL << 53;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_event_fini(&e);
    e = ev_contact(WB_EV_ANSWERED, "", "one", "phone", NULL, NOW);
    e.wait_ms = S(2);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_channel_metrics cm = metrics(m, "phone");
    assert_true(cm.today.c.answered == UINT32_MAX);
    assert_true(cm.today.c.wait_sum_ms == (1LL << 53) + S(2));
    assert_true(cm.today.asa_s > 0);
    wb_model_free(m);
}

/* 8. After a reload, an outcome stamped yesterday does not count in today. */
static void test_reload_keeps_today(void **state)
{
    wb_config *cfg = base_config();
    wb_model *m = wb_model_new(cfg);
    wb_model_tick(m, NOW);
    assert_int_equal(wb_model_set_config(m, cfg), WB_OK);
    wb_event e = ev_contact(WB_EV_ANSWERED, "", "y1", "phone", NULL, DAY0 - H(2));
    e.wait_ms = S(3);
    wb_model_apply(m, &e, NOW);
    assert_int_equal(metrics(m, "phone").today.c.answered, 0);
    e = ev_contact(WB_EV_ANSWERED, "", "t1", "phone", NULL, NOW - S(1));
    e.wait_ms = S(3);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    assert_int_equal(metrics(m, "phone").today.c.answered, 1);
    wb_model_free(m);
}

/* 11. Inconsistent snapshot contents are refused as bad values, and change nothing. */
static void test_snapshot_contents_checked(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    wb_event e = snap_event("a", NOW, 1, 0);
    wb_snap_bucket *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->start = NOW + H(5 * 24);
    b->c.answered = 1;
    e.snap.queues[0].buckets = b;
    e.snap.queues[0].n_buckets = 1;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_VALUE);
    b->start = NOW - S(60);
    e.snap.queues[0].today = (wb_counts){.answered = 1, .answered_in_sl = 1000};
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_VALUE);
    e.snap.queues[0].today =
        (wb_counts){.abandoned = 2, .short_abandoned = 1, .abandoned_in_sl = 2};
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_VALUE);
    /* A wait sum no 3 answers can reach (each is at most 30 days). */
    e.snap.queues[0].today = (wb_counts){.answered = 3, .wait_sum_ms = 1LL << 53};
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_VALUE);
    assert_int_equal(wb_model_source_count(m), 0);
    assert_int_equal(metrics(m, "phone").rolling.c.answered, 0);
    /* The same snapshot made consistent is applied. */
    e.snap.queues[0].today = (wb_counts){.answered = 3, .answered_in_sl = 2, .wait_sum_ms = S(9)};
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_channel_metrics cm = metrics(m, "phone");
    assert_int_equal(cm.today.c.answered, 3);
    assert_int_equal(cm.rolling.c.answered, 1);
    wb_event_fini(&e);
    wb_model_free(m);
}

/* A snapshot from p numbered seq whose counters contradict each other: refused (bad value). */
static int bad_snapshot(wb_model *m, uint64_t seq)
{
    wb_event sn = snap_event("p", NOW, 1, 0);
    sn.has_seq = true;
    sn.seq = seq;
    sn.snap.queues[0].today = (wb_counts){.answered = 1, .answered_in_sl = 1000};
    int rc = wb_model_apply(m, &sn, NOW);
    wb_event_fini(&sn);
    return rc;
}

/*
 * A refused message was delivered: its number counts (the next one is no gap), but it is not
 * believed as a restart. Five answers numbered 1 to 5, then a snapshot numbered 3 whose
 * counters contradict each other: refused, and the sequence stays at 5 with the fingerprints
 * kept, so answers 2 to 5 sent again are duplicates (5 answered, not 9). A snapshot
 * numbered 6 refused the same way still counts as delivered: 7 next is no gap; so does an
 * answer numbered 8 refused for its time.
 */
static void test_refused_is_no_restart(void **state)
{
    (void)state;
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    static const char *const ids[] = {"c1", "c2", "c3", "c4", "c5"};
    for (int round = 0; round < 2; round++) {
        /* Sent again from seq 2 (seq 1 again would be a restart, rightly). */
        for (int i = round; i < 5; i++) {
            wb_event e = ev_contact(WB_EV_ANSWERED, "p", ids[i], "phone", NULL, NOW - S(60 - i));
            e.has_seq = true;
            e.seq = (uint64_t)i + 1;
            assert_int_equal(wb_model_apply(m, &e, NOW), round == 0 ? WB_APPLIED : WB_DUPLICATE);
        }
        if (round == 1)
            break;
        assert_int_equal(bad_snapshot(m, 3), WB_ERR_VALUE);
        wb_source_info si;
        wb_model_source_info(m, 0, &si);
        assert_int_equal(si.last_seq, 5);
        assert_false(si.resyncing);
    }
    assert_int_equal(metrics(m, "phone").today.c.answered, 5);
    /* A snapshot numbered 6 refused the same way still counts as delivered. */
    assert_int_equal(bad_snapshot(m, 6), WB_ERR_VALUE);
    wb_event e = ev_contact(WB_EV_ANSWERED, "p", "c7", "phone", NULL, NOW);
    e.has_seq = true;
    e.seq = 7;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_source_info si;
    wb_model_source_info(m, 0, &si);
    assert_int_equal(si.last_seq, 7);
    assert_int_equal(si.gaps, 0);
    assert_false(si.resyncing);
    /*
     * Refused for a time a year ahead (a publisher's clock gone wrong): delivered all the
     * same, so 9 after it is no gap either (the refusal was counted before the number was).
     */
    e = ev_contact(WB_EV_ANSWERED, "p", "c8", "phone", NULL, NOW + 365 * 24 * 3600000LL);
    e.has_seq = true;
    e.seq = 8;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_FUTURE);
    e = ev_contact(WB_EV_ANSWERED, "p", "c9", "phone", NULL, NOW);
    e.has_seq = true;
    e.seq = 9;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_model_source_info(m, 0, &si);
    assert_int_equal(si.last_seq, 9);
    assert_int_equal(si.gaps, 0);
    assert_int_equal(si.missed, 0);
    assert_false(si.resyncing);
    assert_int_equal(metrics(m, "phone").today.c.answered, 7);
    wb_model_free(m);
}

/* 12. Channel "a" with queue "b\x1fc" and channel "a\x1fb" with queue "c" stay apart. */
static void test_queue_key_unambiguous(void **state)
{
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    assert_int_equal(queued(m, "", "x1", "a",
                            "b\x1f"
                            "c",
                            NOW),
                     WB_APPLIED);
    assert_int_equal(queued(m, "", "x2",
                            "a\x1f"
                            "b",
                            "c", NOW),
                     WB_APPLIED);
    assert_int_equal(wb_model_queue_count(m), 2);
    wb_queue_metrics q0, q1;
    wb_model_queue_metrics(m, 0, NOW, &q0);
    wb_model_queue_metrics(m, 1, NOW, &q1);
    assert_string_equal(q0.name, "b\x1f"
                                 "c");
    assert_string_equal(q1.name, "c");
    assert_int_equal(q0.channel, wb_model_channel_index(m, "a"));
    assert_int_equal(q1.channel, wb_model_channel_index(m, "a\x1f"
                                                           "b"));
    assert_int_equal(metrics(m, "a").waiting, 1);
    wb_model_free(m);
}

/*
 * 13. A publisher whose clock runs five hours behind (or that sends seconds for milliseconds):
 * its contacts' and agents' events are refused as past_ts (more than WB_MAX_PAST_MS, an hour,
 * before their receipt), change nothing and are not heard; its sequence numbers still count.
 * Before, the calls it queued were taken and dropped at once as expired (4 hours), so the
 * board read 0 waiting while they waited, and looked live. An hour exactly is taken; a
 * snapshot stamped hours ago (an adapter after a quiet night) and a KPI figure are taken; on
 * event time nothing is checked, and the limit can be turned off.
 */
static void test_past_ts_refused(void **state)
{
    (void)state;
    wb_model *m = wb_model_new(base_config());
    wb_model_tick(m, NOW);
    wb_ms behind = NOW - H(5);
    wb_event e = ev_contact(WB_EV_QUEUED, "lag", "l1", "phone", NULL, behind);
    e.has_seq = true;
    e.seq = 1;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_PAST);
    e = ev_contact(WB_EV_QUEUED, "lag", "l2", "phone", NULL, behind / 1000);
    e.has_seq = true;
    e.seq = 2;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_ERR_PAST);
    wb_event a;
    memset(&a, 0, sizeof a);
    wb_event_init(&a, WB_EV_AGENT_STATE, behind);
    a.src = "lag";
    a.agent = "ann";
    a.state = WB_AGENT_AVAILABLE;
    a.has_seq = true;
    a.seq = 3;
    assert_int_equal(wb_model_apply(m, &a, NOW), WB_ERR_PAST);
    /* Nothing taken, nothing heard: no contact, no agent, the board never had data. */
    assert_int_equal(metrics(m, "phone").waiting, 0);
    assert_int_equal(wb_model_expired(m), 0);
    assert_true(wb_model_last_rx(m) <= 0);
    /* The numbers were delivered: 4 after them is no gap. */
    e = ev_contact(WB_EV_QUEUED, "lag", "l4", "phone", NULL, NOW - H(1));
    e.has_seq = true;
    e.seq = 4;
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED); /* an hour exactly: taken */
    wb_source_info si;
    wb_model_source_info(m, 0, &si);
    assert_int_equal(si.last_seq, 4);
    assert_int_equal(si.gaps, 0);
    assert_int_equal(metrics(m, "phone").waiting, 1);
    /* A snapshot stamped three hours ago is what held then: taken. */
    wb_event sn = snap_event("ast", NOW - H(3), 1, 0);
    assert_int_equal(wb_model_apply(m, &sn, NOW), WB_APPLIED);
    wb_event_fini(&sn);
    /* On event time nothing is checked; on the wall clock the limit can be turned off. */
    wb_model *ev = wb_model_new(base_config());
    wb_model_set_event_clock(ev, true);
    e = ev_contact(WB_EV_QUEUED, "rec", "r1", "phone", NULL, behind);
    assert_int_equal(wb_model_apply(ev, &e, NOW), WB_APPLIED);
    wb_model_free(ev);
    wb_model_set_max_past(m, 0);
    e = ev_contact(WB_EV_QUEUED, "lag2", "l5", "phone", NULL, behind);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_APPLIED);
    wb_model_free(m);
}

/* 14. Keys that all collide under one hash key spread under another. */
static void test_keyed_hash(void **state)
{
    enum { N = 300 };
    static char ids[N][24];
    wb_hash_key zero = {0, 0};
    size_t n = 0;
    for (unsigned long i = 0; n < N; i++) {
        snprintf(ids[n], sizeof ids[n], "id%lu", i);
        if ((wb_hash_keyed(&zero, ids[n]) & 1023) == 0)
            n++;
    }
    wb_map a, b;
    wb_map_init(&a);
    wb_map_init(&b);
    wb_hash_key k = {0x0123456789abcdefULL, 0xfedcba9876543210ULL};
    assert_int_equal(wb_map_set_key(&b, &k), WB_OK);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(wb_map_put(&a, ids[i], ids[i]), WB_OK);
        assert_int_equal(wb_map_put(&b, ids[i], ids[i]), WB_OK);
    }
    /* 300 keys in 1,024 slots: all with one home slot under the zero key ... */
    assert_int_equal(a.cap, 1024);
    assert_int_equal(wb_map_max_probe(&a), N - 1);
    /* ... and spread under another key (a random spread has runs of a few slots). */
    assert_true(wb_map_max_probe(&b) < 32);
    for (size_t i = 0; i < N; i++)
        assert_ptr_equal(wb_map_get(&b, ids[i]), ids[i]);
    /* The key is set on an empty map only. */
    assert_int_equal(wb_map_set_key(&b, &zero), WB_ERR_INVAL);
    wb_map_fini(&a);
    wb_map_fini(&b);

    wb_model *m = wb_model_new(base_config());
    assert_int_equal(wb_model_set_hash_key(m, 1, 2), WB_OK);
    assert_int_equal(queued(m, "", "c", "phone", NULL, NOW), WB_APPLIED);
    assert_int_equal(wb_model_set_hash_key(m, 3, 4), WB_ERR_INVAL);
    wb_event e = ev_contact(WB_EV_QUEUED, "", "c", "phone", NULL, NOW);
    assert_int_equal(wb_model_apply(m, &e, NOW), WB_DUPLICATE);
    wb_model_free(m);
}

/* 16. Decoder details: integers beyond 2^53 by their text, leading zeros. */
static void test_decoder_details(void **state)
{
    static const struct {
        const char *msg;
        int rc;
    } cases[] = {
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740993}", WB_ERR_VALUE},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":9007199254740992}", 0},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":1,\"seq\":90071992547409930}", WB_ERR_VALUE},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":0123}", WB_ERR_JSON},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":5,\"seq\":00}", WB_ERR_JSON},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":-01}", WB_ERR_JSON},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":0}", 0},
        {"{\"v\":1,\"type\":\"heartbeat\",\"ts\":10,\"x\":[0,0.5,-0,1e2]}", 0},
        /* Inside strings the digits are text. */
        {"{\"v\":1,\"type\":\"contact.queued\",\"ts\":1,\"id\":\"0123\\\"00\","
         "\"channel\":\"99999999999999999999\"}",
         0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wb_event ev;
        int rc = wb_event_decode(&ev, cases[i].msg, strlen(cases[i].msg));
        if (rc != cases[i].rc)
            fail_msg("case %zu: %s: got %d, want %d", i, cases[i].msg, rc, cases[i].rc);
        if (rc == 0)
            wb_event_fini(&ev);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reload_keeps_discovered_channel),
        cmocka_unit_test(test_snapshot_too_many_queues),
        cmocka_unit_test(test_refused_leaves_no_phantoms),
        cmocka_unit_test(test_contact_limits),
        cmocka_unit_test(test_bucket_limit),
        cmocka_unit_test(test_agent_limit),
        cmocka_unit_test(test_waiting_expiry),
        cmocka_unit_test(test_waiting_expiry_per_channel),
        cmocka_unit_test(test_hand_built_edges),
        cmocka_unit_test(test_counters_saturate),
        cmocka_unit_test(test_reload_keeps_today),
        cmocka_unit_test(test_snapshot_contents_checked),
        cmocka_unit_test(test_refused_is_no_restart),
        cmocka_unit_test(test_queue_key_unambiguous),
        cmocka_unit_test(test_past_ts_refused),
        cmocka_unit_test(test_keyed_hash),
        cmocka_unit_test(test_decoder_details),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
