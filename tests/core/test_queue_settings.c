/*
 * test_queue_settings.c - a queue's own settings ([queue.NAME]) in the core: its outcomes are
 * counted within its own T, its service level uses its own target and thresholds, its alarm is
 * evaluated per queue, and the channel's figures stay the sum of its queues'. Every figure is
 * worked by hand in the comments.
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

#include "wb_board.h"
#include "wb_config_load.h"

#define T0 1795600800000LL
#define S(x) ((wb_ms)(x)*1000)
#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

/*
 * phone: T 20 s, target 80 % (warn below 80, alarm below 70), waiting thresholds off.
 * vip (of phone): T 10 s, target 90 %, warn at 2 waiting, alarm at 3.
 * gold (any channel): target 40 %: its SL thresholds follow it (warn below 40, alarm below 30).
 * sales: no section, the channel's settings.
 */
static const char *const cfg_text = "[channel.phone]\n"
                                    "sl_threshold_s = 20\n"
                                    "sl_target_pct = 80\n"
                                    "[queue.vip]\n"
                                    "channel = phone\n"
                                    "sl_threshold_s = 10\n"
                                    "sl_target_pct = 90\n"
                                    "warn_waiting = 2\n"
                                    "alarm_waiting = 3\n"
                                    "[queue.gold]\n"
                                    "sl_target_pct = 40\n";

static int seq_no;

static void send(wb_board *b, const char *type, const char *id, const char *queue, wb_ms ts,
                 long long wait_ms)
{
    char msg[400];
    if (wait_ms >= 0)
        snprintf(msg, sizeof msg,
                 "{\"v\":1,\"type\":\"%s\",\"ts\":%lld,\"src\":\"acd\",\"seq\":%d,\"id\":\"%s\","
                 "\"channel\":\"phone\",\"queue\":\"%s\",\"wait_ms\":%lld}",
                 type, (long long)ts, ++seq_no, id, queue, wait_ms);
    else
        snprintf(msg, sizeof msg,
                 "{\"v\":1,\"type\":\"%s\",\"ts\":%lld,\"src\":\"acd\",\"seq\":%d,\"id\":\"%s\","
                 "\"channel\":\"phone\",\"queue\":\"%s\"}",
                 type, (long long)ts, ++seq_no, id, queue);
    assert_int_equal(wb_board_ingest(b, msg, strlen(msg), ts), WB_APPLIED);
}

/* One contact answered after wait_s seconds, its outcome at `at`. */
static void answered(wb_board *b, const char *queue, int n, wb_ms at, int wait_s)
{
    char id[64];
    snprintf(id, sizeof id, "%s-a%d", queue, n);
    send(b, "contact.answered", id, queue, at, S(wait_s));
}

static const wb_queue_metrics *find_q(const wb_board_view *v, const char *name, size_t *idx)
{
    for (size_t i = 0; i < v->n_queues; i++)
        if (strcmp(v->q[i].name, name) == 0) {
            *idx = i;
            return &v->q[i];
        }
    fail_msg("queue %s not in the view", name);
    return NULL;
}

static wb_board *day(void)
{
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    char err[256];
    assert_int_equal(wb_config_load_string(cfg, "q.ini", cfg_text, err, sizeof err), WB_OK);
    wb_board *b = wb_board_new(cfg);
    free(cfg);
    assert_non_null(b);
    seq_no = 0;
    wb_board_tick(b, T0);
    /* vip: waits 5, 10, 15, 25 s. sales: 15, 25. gold: 15, 25. */
    const int vip[4] = {5, 10, 15, 25}, two[2] = {15, 25};
    for (int i = 0; i < 4; i++)
        answered(b, "vip", i, T0 + S(60 + i), vip[i]);
    for (int i = 0; i < 2; i++) {
        answered(b, "sales", i, T0 + S(70 + i), two[i]);
        answered(b, "gold", i, T0 + S(80 + i), two[i]);
    }
    /* Three waiting in vip and three in sales, queued at T0 + 100 s. */
    for (int i = 0; i < 3; i++) {
        char id[32];
        snprintf(id, sizeof id, "vip-w%d", i);
        send(b, "contact.queued", id, "vip", T0 + S(100), -1);
        snprintf(id, sizeof id, "sales-w%d", i);
        send(b, "contact.queued", id, "sales", T0 + S(100), -1);
    }
    wb_board_tick(b, T0 + S(120));
    return b;
}

/*
 * Counting within each queue's T. vip (T 10, inclusive): 5 and 10 in, 15 and 25 out: 2 of 4,
 * SL 50 %. sales (T 20): 15 in, 25 out: 1 of 2, 50 %. gold (T 20, the channel's): 1 of 2.
 * The channel is the sum of its queues: 2 + 1 + 1 = 4 within T of 8 answered, 50 %. (Counted
 * on the channel's T alone it would be 3 + 1 + 1 = 5 of 8, 62.5 %: the test tells them apart.)
 */
static void counted_within_own_t(void **state)
{
    (void)state;
    wb_board *b = day();
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, T0 + S(120), T0 + S(120), v);
    size_t iv = 0, is = 0, ig = 0;
    const wb_queue_metrics *vip = find_q(v, "vip", &iv), *sales = find_q(v, "sales", &is),
                           *gold = find_q(v, "gold", &ig);
    assert_int_equal(vip->today.c.answered, 4);
    assert_int_equal(vip->today.c.answered_in_sl, 2);
    assert_near(vip->today.sl, 0.5);
    assert_int_equal(vip->cfg->sl_t_ms, S(10));
    assert_near(vip->cfg->sl_target, 0.90);
    assert_int_equal(sales->today.c.answered_in_sl, 1);
    assert_int_equal(sales->cfg->sl_t_ms, S(20));
    assert_int_equal(gold->today.c.answered_in_sl, 1);
    assert_near(gold->cfg->sl_target, 0.40);

    const wb_channel_metrics *ph = &v->ch[0].m;
    assert_string_equal(ph->name, "phone");
    assert_int_equal(ph->today.c.answered, 8);
    assert_int_equal(ph->today.c.answered_in_sl, 4);
    assert_near(ph->today.sl, 0.5);
    assert_int_equal(ph->waiting, 6);
    assert_int_equal(vip->waiting + sales->waiting + gold->waiting, ph->waiting);
    free(v);
    wb_board_free(b);
}

/*
 * Alarms per queue, each on its own thresholds. vip: 3 waiting reaches its alarm at 3; SL
 * 50 % is below its alarm at 80 (target 90 less 10). sales: waiting thresholds are the
 * channel's (off), so 3 waiting is ok; SL 50 % is below the channel's alarm at 70. gold: SL
 * 50 % is above its warn at 40 (its own target): ok, where the channel's thresholds would say
 * alarm.
 */
static void alarms_per_queue(void **state)
{
    (void)state;
    wb_board *b = day();
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, T0 + S(120), T0 + S(120), v);
    size_t iv = 0, is = 0, ig = 0;
    find_q(v, "vip", &iv);
    find_q(v, "sales", &is);
    find_q(v, "gold", &ig);
    assert_int_equal(v->qa[iv].rule_level[WB_RULE_WAITING], WB_LEVEL_ALARM);
    assert_int_equal(v->qa[iv].rule_level[WB_RULE_SL_TODAY], WB_LEVEL_ALARM);
    assert_int_equal(v->qa[iv].level, WB_LEVEL_ALARM);
    assert_true(v->qa[iv].flashing);
    assert_int_equal(v->qa[is].rule_level[WB_RULE_WAITING], WB_LEVEL_OK);
    assert_int_equal(v->qa[is].rule_level[WB_RULE_SL_TODAY], WB_LEVEL_ALARM);
    assert_int_equal(v->qa[ig].rule_level[WB_RULE_SL_TODAY], WB_LEVEL_OK);
    assert_int_equal(v->qa[ig].rule_level[WB_RULE_SL_ROLLING], WB_LEVEL_OK);
    assert_int_equal(v->qa[ig].level, WB_LEVEL_OK);
    /* No forecast per queue: that rule never fires on a queue. */
    assert_int_equal(v->qa[iv].rule_level[WB_RULE_FORECAST_SL], WB_LEVEL_OK);

    /* Acknowledging stops the queue's flashing, as a channel's. */
    wb_board_ack(b);
    wb_board_view_fill(b, T0 + S(120), T0 + S(120), v);
    assert_false(v->qa[iv].flashing);
    free(v);
    wb_board_free(b);
}

/* A reload that gives vip the channel's T again changes the settings of new outcomes only. */
static void reload_follows(void **state)
{
    (void)state;
    wb_board *b = day();
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    char err[256];
    assert_int_equal(wb_config_load_string(cfg, "q.ini", "[channel.phone]\n", err, sizeof err),
                     WB_OK);
    assert_int_equal(wb_board_set_config(b, cfg), WB_OK);
    free(cfg);
    /* One more vip answer after 15 s: within the channel's 20 s now. 2 + 1 of 5. */
    answered(b, "vip", 9, T0 + S(130), 15);
    wb_board_tick(b, T0 + S(131));
    wb_board_view *v = calloc(1, sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, T0 + S(131), T0 + S(131), v);
    size_t iv = 0;
    const wb_queue_metrics *vip = find_q(v, "vip", &iv);
    assert_int_equal(vip->cfg->sl_t_ms, S(20));
    assert_int_equal(vip->today.c.answered, 5);
    assert_int_equal(vip->today.c.answered_in_sl, 3);
    free(v);
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counted_within_own_t),
        cmocka_unit_test(alarms_per_queue),
        cmocka_unit_test(reload_follows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
