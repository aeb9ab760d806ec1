/*
 * test_sim_kpi.c - the simulator's KPI figures: each a deterministic function of seed, team,
 * figure and time, within the bounds its table allows (worked by hand below), published for
 * every team every five simulated minutes, applied to the engine's board and carried by its
 * snapshots.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_sim.h"
#include "wb_sim_kpi.h"
#include "wb_sim_profile.h"

/* 2026-03-02T00:00:00Z, UTC. */
#define DAY0 1772409600000LL
#define MIN_ (60 * 1000LL)

static void figures(void **state)
{
    (void)state;
    /*
     * value = base + team offset + swing * cos(...) + noise * [-1, 1), rounded to 0.1:
     *   NPS      34, offsets -7..+3, swing 5,   noise 6   -> 16 .. 48
     *   FCR      81, offsets -3.5..+1.5, swing 2.5, noise 2 -> 73 .. 87
     *   quality  88, offsets -4..+1, swing 2,   noise 2.5 -> 79.5 .. 93.5
     */
    static const double lo[3] = {16, 73, 79.5}, hi[3] = {48, 87, 93.5};
    static const char *ids[3] = {"nps", "fcr", "quality"};
    int differ = 0;
    for (wb_ms t = DAY0; t < DAY0 + 24 * 60 * MIN_; t += WB_SIM_KPI_EVERY_MS) {
        for (int team = 0; team < N_TEAMS; team++) {
            for (int k = 0; k < WB_SIM_N_KPI; k++) {
                wb_kpi_msg a, b, c;
                wb_sim_kpi_fill(7, team, k, t, DAY0, &a);
                wb_sim_kpi_fill(7, team, k, t, DAY0, &b);
                wb_sim_kpi_fill(8, team, k, t, DAY0, &c);
                assert_true(a.value == b.value);
                differ += a.value != c.value;
                if (!(a.value >= lo[k] && a.value <= hi[k]))
                    fail_msg("%s of team %d at %lld: %g outside %g..%g", ids[k], team, (long long)t,
                             a.value, lo[k], hi[k]);
                assert_true(fabs(a.value * 10 - round(a.value * 10)) < 1e-6);
                assert_string_equal(a.kpi, ids[k]);
                assert_string_equal(a.scope, wb_sim_teams[team].name);
                assert_true(a.has_target);
                assert_int_equal(a.better, WB_BETTER_HIGHER);
                assert_true(a.ts == t);
            }
        }
    }
    /* Another seed gives another day (all but a few values differ). */
    assert_true(differ > 288 * 12 * 9 / 10);
}

static int n_kpi_events;
static wb_event_type last_type;
static size_t last_snap_kpis;

static void on_event(void *ud, const wb_event *ev)
{
    (void)ud;
    n_kpi_events += ev->type == WB_EV_KPI;
    if (ev->type == WB_EV_SNAPSHOT)
        last_snap_kpis = ev->snap.n_kpis;
    last_type = ev->type;
}

static void published(void **state)
{
    (void)state;
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = 3;
    o.speed = 600;
    o.start = DAY0 + 9 * 60 * MIN_;
    wb_sim *s = wb_sim_new(&o);
    assert_non_null(s);
    /* 09:00 to 09:31: publications at 09:00, 09:05 ... 09:30, seven of twelve figures each. */
    wb_ms wall0 = 1000000;
    for (wb_ms w = wall0; w <= wall0 + 31 * MIN_ / 600; w += 100)
        assert_true(wb_sim_advance(s, w, on_event, NULL) >= 0);
    assert_int_equal(n_kpi_events, 7 * 12);
    wb_sim_stats st;
    wb_sim_stats_get(s, &st);
    assert_int_equal(st.by_type[WB_EV_KPI], 7 * 12);
    assert_int_equal(st.board_errors, 0);
    /* Snapshots carry all twelve. */
    assert_true(st.by_type[WB_EV_SNAPSHOT] > 0);
    assert_int_equal(last_snap_kpis, 12);
    /* The board: twelve figures, each with values in quarters 36, 37 and 38 (09:00-09:45). */
    const wb_model *m = wb_board_model_const(wb_sim_board(s));
    assert_int_equal(wb_model_kpi_count(m), 12);
    for (size_t i = 0; i < 12; i++) {
        wb_kpi_info k;
        wb_model_kpi_info(m, i, &k);
        assert_string_equal(k.src, "sim");
        assert_int_equal(k.n_points, 3);
        assert_int_equal(k.point_slot[0], 36);
        assert_int_equal(k.point_slot[2], 38);
        assert_true(k.ts == DAY0 + (9 * 60 + 30) * MIN_);
    }
    wb_sim_free(s);
}

/* The built-in configuration judges the three figures as the example wallboard.ini does. */
static void default_config(void **state)
{
    (void)state;
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    wb_sim_default_config(cfg);
    assert_int_equal(cfg->n_kpis, 3);
    const wb_kpi_cfg *k = wb_config_kpi(cfg, "nps");
    assert_non_null(k);
    assert_true(k->th.warn_on && k->th.warn == 30 && k->th.alarm_on && k->th.alarm == 20);
    assert_int_equal(k->better, WB_BETTER_HIGHER);
    k = wb_config_kpi(cfg, "fcr");
    assert_non_null(k);
    assert_string_equal(k->label_fi, "Ensikontaktiratkaisu");
    assert_true(k->th.warn == 80 && k->th.alarm == 75);
    k = wb_config_kpi(cfg, "quality");
    assert_non_null(k);
    assert_true(k->th.warn == 85 && k->th.alarm == 80);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures),
        cmocka_unit_test(published),
        cmocka_unit_test(default_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
