/*
 * test_model_kpi.c - KPI figures in the model: the latest by ts wins per (src, kpi, scope), a
 * snapshot replaces its source's figures, the limit, today's values and the day change, the
 * snapshot written out, and the judgement of a figure (ok / warn / alarm) worked by hand for
 * both directions of good.
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
#include "wb_model.h"

/* 2026-11-25T00:00:00Z; the model runs in UTC. */
#define DAY0 1795564800000LL
#define DAY1 (DAY0 + 24LL * 3600 * 1000)
#define MIN(x) ((wb_ms)(x)*60 * 1000)

static wb_model *new_model(void)
{
    wb_config cfg;
    wb_config_defaults(&cfg);
    cfg.tz[0] = '\0';
    wb_model *m = wb_model_new(&cfg);
    assert_non_null(m);
    wb_model_tick(m, DAY0 + MIN(8 * 60)); /* 08:00 */
    return m;
}

static int kpi(wb_model *m, const char *src, const char *id, const char *scope, double v, wb_ms ts)
{
    wb_event e;
    wb_event_init(&e, WB_EV_KPI, ts);
    e.src = src;
    e.kpi.kpi = id;
    e.kpi.scope = scope;
    e.kpi.value = v;
    e.kpi.ts = ts;
    e.kpi.label = "Label";
    /* The receiver's clock follows the events (an event far ahead of it would be refused). */
    wb_model_tick(m, ts);
    return wb_model_apply(m, &e, ts);
}

/* The figure (src, id, scope) or fails the test. */
static void get(const wb_model *m, const char *src, const char *id, const char *scope,
                wb_kpi_info *out)
{
    for (size_t i = 0; i < wb_model_kpi_count(m); i++) {
        wb_model_kpi_info(m, i, out);
        if (strcmp(out->src, src) == 0 && strcmp(out->kpi, id) == 0 &&
            ((!scope && !out->scope) || (scope && out->scope && strcmp(scope, out->scope) == 0)))
            return;
    }
    fail_msg("no KPI %s/%s/%s", src, id, scope ? scope : "(site)");
}

static void latest_wins(void **state)
{
    (void)state;
    wb_model *m = new_model();
    wb_kpi_info k;
    wb_ms t = DAY0 + MIN(9 * 60);

    assert_int_equal(kpi(m, "crm", "nps", "team:A", 30, t), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "nps", "team:A", 35, t + MIN(2)), WB_APPLIED);
    /* Arrives late, measured in between: older than what is held, so it changes nothing. */
    assert_int_equal(kpi(m, "crm", "nps", "team:A", 10, t + MIN(1)), WB_IGNORED);
    get(m, "crm", "nps", "team:A", &k);
    assert_true(k.value == 35.0);
    assert_true(k.ts == t + MIN(2));
    /* The same time is not older: the later message wins. */
    assert_int_equal(kpi(m, "crm", "nps", "team:A", 36, t + MIN(2)), WB_APPLIED);
    get(m, "crm", "nps", "team:A", &k);
    assert_true(k.value == 36.0);
    /* Another scope, no scope, another source: each its own figure. */
    assert_int_equal(kpi(m, "crm", "nps", "team:B", 20, t), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "nps", NULL, 25, t), WB_APPLIED);
    assert_int_equal(kpi(m, "survey", "nps", "team:A", 40, t), WB_APPLIED);
    assert_int_equal(wb_model_kpi_count(m), 4);
    get(m, "crm", "nps", "team:A", &k);
    assert_true(k.value == 36.0);
    get(m, "crm", "nps", "team:B", &k);
    assert_true(k.value == 20.0);
    get(m, "crm", "nps", NULL, &k);
    assert_true(k.value == 25.0);
    get(m, "survey", "nps", "team:A", &k);
    assert_true(k.value == 40.0);
    /* In the order they first arrived. */
    wb_model_kpi_info(m, 0, &k);
    assert_string_equal(k.scope, "team:A");
    assert_string_equal(k.src, "crm");

    /* A message is the whole figure: members it leaves out are no longer known. */
    wb_event e;
    wb_event_init(&e, WB_EV_KPI, t + MIN(3));
    e.src = "crm";
    e.kpi = (wb_kpi_msg){.kpi = "nps",
                         .scope = "team:A",
                         .value = 37,
                         .has_target = true,
                         .target = 30,
                         .better = WB_BETTER_HIGHER,
                         .unit = "pts"};
    assert_int_equal(wb_model_apply(m, &e, t + MIN(3)), WB_APPLIED);
    get(m, "crm", "nps", "team:A", &k);
    assert_null(k.label);
    assert_string_equal(k.unit, "pts");
    assert_true(k.has_target && k.target == 30.0);
    assert_int_equal(k.better, WB_BETTER_HIGHER);
    wb_model_free(m);
}

static wb_kpi_msg km(const char *id, const char *scope, double v, wb_ms ts)
{
    return (wb_kpi_msg){.kpi = id, .scope = scope, .value = v, .ts = ts};
}

static int snapshot(wb_model *m, const char *src, wb_ms ts, wb_kpi_msg *k, size_t n)
{
    wb_event e;
    wb_event_init(&e, WB_EV_SNAPSHOT, ts);
    e.src = src;
    e.snap.kpis = k;
    e.snap.n_kpis = n;
    return wb_model_apply(m, &e, ts);
}

static void snapshot_replaces(void **state)
{
    (void)state;
    wb_model *m = new_model();
    wb_kpi_info k;
    wb_ms t = DAY0 + MIN(9 * 60);

    assert_int_equal(kpi(m, "crm", "nps", "team:A", 30, t), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "fcr", "team:A", 80, t), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "csat", NULL, 4.1, t + MIN(20)), WB_APPLIED);
    assert_int_equal(kpi(m, "other", "fcr", "team:A", 70, t), WB_APPLIED);

    /* crm's snapshot: nps newer, csat older than held, quality new; fcr gone. */
    wb_kpi_msg s[3] = {km("nps", "team:A", 33, t + MIN(30)), km("csat", NULL, 3.0, t + MIN(10)),
                       km("quality", "team:A", 90, t + MIN(30))};
    assert_int_equal(snapshot(m, "crm", t + MIN(31), s, 3), WB_APPLIED);
    assert_int_equal(wb_model_kpi_count(m), 4);
    get(m, "crm", "nps", "team:A", &k);
    assert_true(k.value == 33.0);
    /* nps kept its place and its values of today: 09:00 (30) and 09:30 (33). */
    assert_int_equal(k.n_points, 2);
    assert_true(k.points[0] == 30.0 && k.points[1] == 33.0);
    assert_int_equal(k.point_slot[0], 36); /* 09:00 is quarter 36 of the day */
    assert_int_equal(k.point_slot[1], 38);
    get(m, "crm", "csat", NULL, &k);
    assert_true(k.value == 4.1);
    get(m, "crm", "quality", "team:A", &k);
    assert_true(k.value == 90.0);
    get(m, "other", "fcr", "team:A", &k);
    assert_true(k.value == 70.0);
    for (size_t i = 0; i < wb_model_kpi_count(m); i++) {
        wb_model_kpi_info(m, i, &k);
        assert_false(strcmp(k.src, "crm") == 0 && strcmp(k.kpi, "fcr") == 0);
    }

    /* A snapshot with no KPIs clears the source's. */
    assert_int_equal(snapshot(m, "crm", t + MIN(40), NULL, 0), WB_APPLIED);
    assert_int_equal(wb_model_kpi_count(m), 1);

    /* A figure measured after its snapshot contradicts it: the whole snapshot is refused. */
    wb_kpi_msg bad = km("nps", NULL, 1, t + MIN(50));
    assert_int_equal(snapshot(m, "other", t + MIN(45), &bad, 1), WB_ERR_VALUE);
    get(m, "other", "fcr", "team:A", &k);
    assert_true(k.value == 70.0);
    wb_model_free(m);
}

/* A source's figures written out in its snapshot, encoded, decoded and applied elsewhere. */
static void snapshot_out(void **state)
{
    (void)state;
    wb_model *m = new_model(), *m2 = new_model();
    wb_ms t = DAY0 + MIN(9 * 60);
    wb_event e;
    wb_event_init(&e, WB_EV_KPI, t);
    e.src = "crm";
    e.kpi = (wb_kpi_msg){.kpi = "nps",
                         .label = "NPS",
                         .unit = "pts",
                         .period = "today",
                         .scope = "team:A",
                         .value = 31.5,
                         .has_target = true,
                         .target = 30,
                         .better = WB_BETTER_HIGHER};
    assert_int_equal(wb_model_apply(m, &e, t), WB_APPLIED);
    assert_int_equal(kpi(m, "other", "fcr", NULL, 1, t), WB_APPLIED);

    wb_snapshot sn;
    assert_int_equal(wb_model_snapshot(m, "crm", t + MIN(1), &sn), WB_OK);
    assert_int_equal(sn.n_kpis, 1);
    assert_string_equal(sn.kpis[0].kpi, "nps");
    assert_true(sn.kpis[0].ts == t);
    wb_event se;
    wb_event_init(&se, WB_EV_SNAPSHOT, t + MIN(1));
    se.src = "crm";
    se.snap = sn;
    char *buf = malloc(WB_MAX_MSG_BYTES);
    assert_non_null(buf);
    int n = wb_event_encode(&se, buf, WB_MAX_MSG_BYTES);
    assert_true(n > 0);
    wb_snapshot_fini(&sn);
    wb_event back;
    wb_model_tick(m2, t + MIN(1));
    assert_int_equal(wb_event_decode(&back, buf, (size_t)n), 0);
    assert_int_equal(wb_model_apply(m2, &back, t + MIN(1)), WB_APPLIED);
    wb_event_fini(&back);
    free(buf);
    assert_int_equal(wb_model_kpi_count(m2), 1);
    wb_kpi_info k;
    get(m2, "crm", "nps", "team:A", &k);
    assert_true(k.value == 31.5);
    assert_true(k.ts == t);
    assert_string_equal(k.label, "NPS");
    assert_string_equal(k.unit, "pts");
    assert_string_equal(k.period, "today");
    assert_true(k.has_target && k.target == 30.0);
    assert_int_equal(k.better, WB_BETTER_HIGHER);
    wb_model_free(m);
    wb_model_free(m2);
}

static void limits(void **state)
{
    (void)state;
    wb_model *m = new_model();
    wb_ms t = DAY0 + MIN(9 * 60);
    char id[32];
    for (int i = 0; i < WB_MAX_KPIS; i++) {
        snprintf(id, sizeof id, "k%d", i);
        assert_int_equal(kpi(m, "crm", id, NULL, i, t), WB_APPLIED);
    }
    assert_int_equal(wb_model_kpi_count(m), WB_MAX_KPIS);
    /* One more is refused; a known figure still updates. */
    assert_int_equal(kpi(m, "crm", "one-more", NULL, 1, t), WB_ERR_LIMIT);
    assert_int_equal(kpi(m, "crm", "k0", NULL, 99, t + 1), WB_APPLIED);
    assert_int_equal(wb_model_kpi_count(m), WB_MAX_KPIS);
    /* A new publisher refused for the limit is not left behind as a source. */
    size_t ns = wb_model_source_count(m);
    assert_int_equal(kpi(m, "newcomer", "nps", NULL, 1, t), WB_ERR_LIMIT);
    assert_int_equal(wb_model_source_count(m), ns);
    /* A snapshot of another source that would pass the limit is refused whole. */
    wb_kpi_msg one = km("nps", NULL, 1, t);
    assert_int_equal(snapshot(m, "other", t, &one, 1), WB_ERR_LIMIT);
    assert_int_equal(wb_model_kpi_count(m), WB_MAX_KPIS);
    /* crm's own snapshot replaces its figures, so it fits. */
    assert_int_equal(snapshot(m, "crm", t + 2, &one, 1), WB_APPLIED);
    assert_int_equal(wb_model_kpi_count(m), 1);

    /* A hand-built event without an id is a programming error, not a refusal. */
    wb_event e;
    wb_event_init(&e, WB_EV_KPI, t);
    assert_int_equal(wb_model_apply(m, &e, t), WB_ERR_INVAL);
    wb_model_free(m);
}

static void todays_values(void **state)
{
    (void)state;
    wb_model *m = new_model();
    wb_kpi_info k;

    /* 10:00 and 10:05 share quarter 40 (the newer value stays), 10:20 is quarter 41. */
    assert_int_equal(kpi(m, "crm", "fcr", NULL, 81, DAY0 + MIN(600)), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "fcr", NULL, 83, DAY0 + MIN(605)), WB_APPLIED);
    assert_int_equal(kpi(m, "crm", "fcr", NULL, 79, DAY0 + MIN(620)), WB_APPLIED);
    get(m, "crm", "fcr", NULL, &k);
    assert_int_equal(k.n_points, 2);
    assert_true(k.points[0] == 83.0);
    assert_int_equal(k.point_slot[0], 40);
    assert_true(k.points[1] == 79.0);
    assert_int_equal(k.point_slot[1], 41);
    /* 23:59 is the day's last quarter, 95. */
    assert_int_equal(kpi(m, "crm", "fcr", NULL, 77, DAY0 + MIN(24 * 60 - 1)), WB_APPLIED);
    get(m, "crm", "fcr", NULL, &k);
    assert_int_equal(k.n_points, 3);
    assert_int_equal(k.point_slot[2], 95);

    /* Midnight: the figure stays, today's values start over. */
    wb_model_tick(m, DAY1 + 1000);
    get(m, "crm", "fcr", NULL, &k);
    assert_true(k.value == 77.0);
    assert_int_equal(k.n_points, 0);
    assert_int_equal(kpi(m, "crm", "fcr", NULL, 85, DAY1 + MIN(10)), WB_APPLIED);
    get(m, "crm", "fcr", NULL, &k);
    assert_int_equal(k.n_points, 1);
    assert_true(k.points[0] == 85.0);
    assert_int_equal(k.point_slot[0], 0);

    /* A figure of yesterday, newer than what is held: its value, but no point for today. */
    assert_int_equal(kpi(m, "crm", "aht", NULL, 300, DAY0 + MIN(23 * 60)), WB_APPLIED);
    get(m, "crm", "aht", NULL, &k);
    assert_true(k.value == 300.0);
    assert_int_equal(k.n_points, 0);
    wb_model_free(m);
}

/* ---- judgement ---- */

static wb_level judge(const wb_kpi_cfg *cfg, wb_better msg_better, double v, bool *judged)
{
    wb_kpi_info k = {.kpi = "x", .value = v, .better = msg_better};
    wb_kpi_judge j;
    wb_kpi_judge_value(cfg, &k, &j);
    if (judged)
        *judged = j.judged;
    return j.level;
}

static void judge_higher(void **state)
{
    (void)state;
    /* NPS: warn below 30, alarm below 10 (higher is better). */
    wb_kpi_cfg c = {.th = {.warn_on = true, .warn = 30, .alarm_on = true, .alarm = 10}};
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 35, NULL), WB_LEVEL_OK);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 30, NULL), WB_LEVEL_OK); /* not below */
    /*
     * A hair below (within WB_SNAP_REL, 30e-12) is on it, as the screen writes it; 1e-9 below
     * is below.
     */
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 30 - 1e-13, NULL), WB_LEVEL_OK);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 30 - 1e-9, NULL), WB_LEVEL_WARN);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 29.9, NULL), WB_LEVEL_WARN);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 10, NULL), WB_LEVEL_WARN);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 9, NULL), WB_LEVEL_ALARM);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, -50, NULL), WB_LEVEL_ALARM);
    /* Unset means higher. */
    assert_int_equal(judge(&c, WB_BETTER_UNSET, 20, NULL), WB_LEVEL_WARN);
    /* Only an alarm threshold: between it and anything is ok. */
    c.th.warn_on = false;
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 20, NULL), WB_LEVEL_OK);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 9.5, NULL), WB_LEVEL_ALARM);
}

static void judge_lower(void **state)
{
    (void)state;
    /* E-mails past due: warn at 5 or more, alarm at 10 or more (lower is better). */
    wb_kpi_cfg c = {.th = {.warn_on = true, .warn = 5, .alarm_on = true, .alarm = 10}};
    assert_int_equal(judge(&c, WB_BETTER_LOWER, 4, NULL), WB_LEVEL_OK);
    assert_int_equal(judge(&c, WB_BETTER_LOWER, 5, NULL), WB_LEVEL_WARN);
    assert_int_equal(judge(&c, WB_BETTER_LOWER, 9.99, NULL), WB_LEVEL_WARN);
    assert_int_equal(judge(&c, WB_BETTER_LOWER, 10, NULL), WB_LEVEL_ALARM);
    /* The configuration's direction wins over the message's. */
    c.better = WB_BETTER_LOWER;
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 12, NULL), WB_LEVEL_ALARM);
    assert_int_equal(judge(&c, WB_BETTER_HIGHER, 1, NULL), WB_LEVEL_OK);
}

static void judge_target_only(void **state)
{
    (void)state;
    bool judged;
    wb_kpi_info k = {.kpi = "fcr", .value = 79, .has_target = true, .target = 80};
    wb_kpi_judge j;
    /* FCR target 80 from the message, higher is better: 79 is short of it, a warning. */
    wb_kpi_judge_value(NULL, &k, &j);
    assert_true(j.judged);
    assert_int_equal(j.level, WB_LEVEL_WARN);
    assert_int_equal(j.better, WB_BETTER_HIGHER);
    k.value = 80;
    wb_kpi_judge_value(NULL, &k, &j);
    assert_int_equal(j.level, WB_LEVEL_OK);
    /* Repeat contacts target 3 %, lower is better: 3 meets it, 3.5 does not; never an alarm. */
    k = (wb_kpi_info){
        .kpi = "repeat", .value = 3, .has_target = true, .target = 3, .better = WB_BETTER_LOWER};
    wb_kpi_judge_value(NULL, &k, &j);
    assert_int_equal(j.level, WB_LEVEL_OK);
    k.value = 50;
    wb_kpi_judge_value(NULL, &k, &j);
    assert_int_equal(j.level, WB_LEVEL_WARN);
    /* The configuration's target overrides the message's: 50 against 60 is met. */
    wb_kpi_cfg c = {.has_target = true, .target = 60};
    wb_kpi_judge_value(&c, &k, &j);
    assert_true(j.target == 60.0);
    assert_int_equal(j.level, WB_LEVEL_OK);
    /* Nothing to judge against. */
    assert_int_equal(judge(NULL, WB_BETTER_HIGHER, 1, &judged), WB_LEVEL_OK);
    assert_false(judged);
}

/* The board view carries the figures with their section and judgement. */
static void board_view(void **state)
{
    (void)state;
    wb_config cfg;
    wb_config_defaults(&cfg);
    cfg.n_kpis = 1;
    cfg.kpis[0] = (wb_kpi_cfg){.id = "nps",
                               .label_en = "Net promoter",
                               .th = {.warn_on = true, .warn = 30, .alarm_on = true, .alarm = 10}};
    wb_board *b = wb_board_new(&cfg);
    assert_non_null(b);
    wb_ms t = DAY0 + MIN(9 * 60);
    wb_board_tick(b, t);
    const char *msg = "{\"v\":1,\"type\":\"kpi\",\"ts\":1795597200000,\"src\":\"crm\","
                      "\"kpi\":\"nps\",\"value\":25,\"scope\":\"team:A\"}";
    assert_int_equal(wb_board_ingest(b, msg, strlen(msg), t), WB_APPLIED);
    const char *msg2 = "{\"v\":1,\"type\":\"kpi\",\"ts\":1795597200000,\"src\":\"crm\","
                       "\"kpi\":\"fcr\",\"value\":85}";
    assert_int_equal(wb_board_ingest(b, msg2, strlen(msg2), t), WB_APPLIED);
    const char *bad = "{\"v\":1,\"type\":\"kpi\",\"ts\":1795597200000,\"value\":1}";
    assert_int_equal(wb_board_ingest(b, bad, strlen(bad), t), WB_ERR_MISSING);
    wb_board_view *v = malloc(sizeof *v);
    assert_non_null(v);
    wb_board_view_fill(b, t, t, v);
    assert_int_equal(v->counters.by_reason[wb_refusal_index(WB_ERR_MISSING)], 1);
    assert_int_equal(v->n_kpis, 2);
    assert_string_equal(v->kpi[0].k.kpi, "nps");
    assert_non_null(v->kpi[0].cfg);
    assert_string_equal(v->kpi[0].cfg->label_en, "Net promoter");
    assert_true(v->kpi[0].j.judged);
    assert_int_equal(v->kpi[0].j.level, WB_LEVEL_WARN); /* 25 is below 30 */
    assert_int_equal(v->kpi[0].k.n_points, 1);
    assert_null(v->kpi[1].cfg);
    assert_false(v->kpi[1].j.judged);
    free(v);
    wb_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(latest_wins),   cmocka_unit_test(snapshot_replaces),
        cmocka_unit_test(snapshot_out),  cmocka_unit_test(limits),
        cmocka_unit_test(todays_values), cmocka_unit_test(judge_higher),
        cmocka_unit_test(judge_lower),   cmocka_unit_test(judge_target_only),
        cmocka_unit_test(board_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
