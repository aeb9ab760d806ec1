/*
 * test_pub.c - the snapshots a hub (or the replayer) publishes of one source of its model,
 * checked the way a screen reads them: a publisher whose clock runs ahead of the hub's, and a
 * source whose state is larger than the pub's first buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_board.h"
#include "wb_config.h"
#include "wb_model.h"
#include "wb_pub.h"
#include "wb_snapparts.h"

/* 2026-11-25T00:00:00Z; the configuration's zone is UTC. */
#define DAY0 1795564800000LL
#define MIN(x) ((wb_ms)(x)*60 * 1000)

static void config(wb_config *cfg)
{
    wb_config_defaults(cfg);
    cfg->tz[0] = '\0';
    wb_channel_cfg_default(cfg, &cfg->channels[cfg->n_channels++], "phone");
    wb_channel_cfg_default(cfg, &cfg->channels[cfg->n_channels++], "email");
}

static int contact(wb_model *m, wb_event_type t, const char *id, const char *ch, wb_ms ts)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, t, ts);
    e.src = "p";
    e.id = id;
    e.channel = ch;
    e.queue = ch;
    return wb_model_apply(m, &e, ts);
}

/* The hub's model, its clock at now. */
static wb_model *hub_at(wb_ms now)
{
    wb_config cfg;
    config(&cfg);
    wb_model *hub = wb_model_new(&cfg);
    assert_non_null(hub);
    wb_model_tick(hub, now);
    return hub;
}

/* The text encoded by the pub, applied to a fresh board as a screen applies a glued snapshot. */
static int apply_to_screen(const char *text, size_t len, wb_ms rx_now, wb_board **out)
{
    wb_config cfg;
    config(&cfg);
    wb_board *b = wb_board_new(&cfg);
    assert_non_null(b);
    wb_model_tick(wb_board_model(b), rx_now);
    int rc = wb_snapparts_apply_text(b, text, len, rx_now);
    *out = b;
    return rc;
}

/*
 * The hub's clock reads 10:14:50; the publisher's runs 16 minutes ahead (within the hour a
 * model accepts): its answer is stamped 10:30:50, in the interval from 10:30, and its KPI
 * figure too. A snapshot stamped 10:14:50 would hold an interval and a figure from after it,
 * and a screen refuses such a snapshot whole; stamped at 10:30:50 it is applied.
 */
static void test_publisher_ahead(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg);
    wb_model *hub = wb_model_new(&cfg);
    wb_ms now = DAY0 + MIN(10 * 60 + 14) + 50000, ahead = now + MIN(16);
    wb_model_tick(hub, now);
    assert_int_equal(contact(hub, WB_EV_QUEUED, "c1", "phone", ahead - 20000), WB_APPLIED);
    assert_int_equal(contact(hub, WB_EV_ANSWERED, "c1", "phone", ahead), WB_APPLIED);
    wb_event k;
    wb_event_init(&k, WB_EV_KPI, ahead);
    k.src = "p";
    k.kpi.kpi = "nps";
    k.kpi.value = 41;
    k.kpi.ts = ahead;
    assert_int_equal(wb_model_apply(hub, &k, now), WB_APPLIED);

    wb_pub pub = {.sock = -1};
    int len = wb_pub_snapshot_text(&pub, hub, "p", false, 0, now, 0, false);
    assert_true(len > 0);
    /* Stamped at its latest content: the figure's time (10:30:50, after the interval's 10:30). */
    char want[64];
    snprintf(want, sizeof want, "\"ts\":%lld", (long long)ahead);
    assert_non_null(strstr(pub.buf, want));
    wb_board *screen;
    assert_int_equal(apply_to_screen(pub.buf, (size_t)len, now, &screen), WB_APPLIED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model_const(screen), 0, ahead, &cm);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(wb_model_kpi_count(wb_board_model_const(screen)), 1);
    wb_board_free(screen);
    wb_pub_fini(&pub);
    wb_model_free(hub);
}

/*
 * The same publisher 16 minutes ahead at 23:50: its figure is stamped 00:06 tomorrow. A
 * snapshot stamped then would move a screen into tomorrow ten minutes early, and every other
 * publisher's snapshot of today would no longer be its day. The stamp stays within the hub's
 * day: the ahead publisher's snapshot is refused as before (its figure is after it), and
 * another publisher's two answers of today reach the screen.
 */
static void test_publisher_ahead_at_midnight(void **state)
{
    (void)state;
    wb_ms now = DAY0 + MIN(23 * 60 + 50);
    wb_model *hub = hub_at(now);
    assert_int_equal(contact(hub, WB_EV_ANSWERED, "a1", "phone", now - 60000), WB_APPLIED);
    assert_int_equal(contact(hub, WB_EV_ANSWERED, "a2", "phone", now - 30000), WB_APPLIED);
    wb_event k;
    wb_event_init(&k, WB_EV_KPI, now + MIN(16));
    k.src = "crm";
    k.kpi.kpi = "nps";
    k.kpi.value = 41;
    k.kpi.ts = now + MIN(16);
    assert_int_equal(wb_model_apply(hub, &k, now), WB_APPLIED);

    wb_pub pub = {.sock = -1};
    int len = wb_pub_snapshot_text(&pub, hub, "crm", false, 0, now, 0, false);
    assert_true(len > 0);
    wb_board *screen;
    assert_int_equal(apply_to_screen(pub.buf, (size_t)len, now, &screen), WB_ERR_VALUE);
    len = wb_pub_snapshot_text(&pub, hub, "p", false, 0, now, 0, false);
    assert_true(len > 0);
    assert_int_equal(wb_snapparts_apply_text(screen, pub.buf, (size_t)len, now), WB_APPLIED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model_const(screen), 0, now, &cm);
    assert_int_equal(cm.today.c.answered, 2);
    wb_board_free(screen);
    wb_pub_fini(&pub);
    wb_model_free(hub);
}

/*
 * 5,000 e-mails waiting with ids of 200 bytes: over 1 MiB of snapshot text, more than the
 * pub's first buffer. The buffer grows and the whole snapshot is made; glued back on a
 * screen, all 5,000 wait there.
 */
static void test_large_source(void **state)
{
    (void)state;
    wb_ms now = DAY0 + MIN(10 * 60);
    wb_model *hub = hub_at(now);
    char id[201];
    for (int i = 0; i < 5000; i++) {
        memset(id, 'x', 200);
        snprintf(id, sizeof id, "%05d", i);
        id[5] = 'x';
        id[200] = '\0';
        assert_int_equal(contact(hub, WB_EV_QUEUED, id, "email", now - MIN(30) + i), WB_APPLIED);
    }
    wb_pub pub = {.sock = -1};
    int len = wb_pub_snapshot_text(&pub, hub, "p", true, 5000, now, 0, false);
    assert_true(len > WB_PUB_BUF_FIRST);
    assert_true(pub.buf_cap >= (size_t)len);
    assert_int_equal(pub.encode_failed, 0);
    wb_board *screen;
    assert_int_equal(apply_to_screen(pub.buf, (size_t)len, now, &screen), WB_APPLIED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model_const(screen), 1, now, &cm);
    assert_int_equal(cm.waiting, 5000);
    wb_board_free(screen);
    wb_pub_fini(&pub);
    wb_model_free(hub);
}

/* The hub's snapshot of p as its periodic publishing makes it, applied by a fresh screen. */
static wb_board *screen_of(wb_model *hub, wb_pub *pub, wb_ms now)
{
    wb_source_info si;
    wb_model_source_info(hub, 0, &si);
    int len = wb_pub_snapshot_text(pub, hub, si.src, true, si.last_seq, now, 0, si.resyncing);
    assert_true(len > 0);
    wb_board *screen;
    assert_int_equal(apply_to_screen(pub->buf, (size_t)len, now, &screen), WB_APPLIED);
    return screen;
}

static bool screen_resyncing(const wb_board *screen, wb_ms now)
{
    wb_source_info si;
    wb_model_source_info(wb_board_model_const(screen), 0, &si);
    wb_channel_metrics cm;
    wb_model_channel_metrics(wb_board_model_const(screen), 0, now, &cm);
    assert_true(si.resyncing == cm.resyncing);
    return si.resyncing;
}

/*
 * The hub lost messages 3 and 4 of p: until p's next snapshot its state of p may be wrong, and
 * so may its snapshots. A screen that takes one keeps p marked as possibly wrong (dimmed), as
 * the hub does, where it cleared the mark; after p's own snapshot reaches the hub, the hub's
 * next snapshot clears it.
 */
static void test_hub_resyncing(void **state)
{
    (void)state;
    wb_ms now = DAY0 + MIN(10 * 60);
    wb_model *hub = hub_at(now);
    static const char *const ids[] = {"c1", "c2", "c5"};
    static const uint64_t seqs[] = {1, 2, 5};
    for (int i = 0; i < 3; i++) {
        wb_event e;
        memset(&e, 0, sizeof e);
        wb_event_init(&e, WB_EV_QUEUED, now - 1000);
        e.src = "p";
        e.id = ids[i];
        e.channel = e.queue = "phone";
        e.has_seq = true;
        e.seq = seqs[i];
        assert_int_equal(wb_model_apply(hub, &e, now), WB_APPLIED);
    }
    wb_pub pub = {.sock = -1};
    wb_board *screen = screen_of(hub, &pub, now);
    assert_true(screen_resyncing(screen, now));
    wb_board_free(screen);
    /* p's own snapshot (seq 6) reaches the hub: its state of p is whole again. */
    wb_event sn;
    memset(&sn, 0, sizeof sn);
    wb_event_init(&sn, WB_EV_SNAPSHOT, now);
    sn.src = "p";
    sn.has_seq = true;
    sn.seq = 6;
    assert_int_equal(wb_model_apply(hub, &sn, now), WB_APPLIED);
    screen = screen_of(hub, &pub, now);
    assert_false(screen_resyncing(screen, now));
    wb_board_free(screen);
    wb_pub_fini(&pub);
    wb_model_free(hub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publisher_ahead),
        cmocka_unit_test(test_publisher_ahead_at_midnight),
        cmocka_unit_test(test_large_source),
        cmocka_unit_test(test_hub_resyncing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
