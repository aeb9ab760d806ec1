/*
 * pages_fixture.h - a team screen's configuration and a view with two queues of chat, worked
 * by hand, for the tests of configured pages (test_layout_pages.c, test_render_pages.c).
 * Header-only, on top of layout_fixture.h; pages_view()'s view is freed by the caller.
 */
#ifndef WB_PAGES_FIXTURE_H
#define WB_PAGES_FIXTURE_H

#include "layout_fixture.h"
#include "wb_config_load.h"

static const char *const screen_text = "[screen]\n"
                                       "pages = chat, team\n"
                                       "group.sales = sales-fi, sales-sv\n"
                                       "[page.chat]\n"
                                       "items = channel:chat, queue:sales-fi, queue:sales-sv, "
                                       "group:sales, summary, channel:nosuch\n"
                                       "[page.team]\n"
                                       "items = agents\n"
                                       "team = Chat team\n"
                                       "channel = chat\n"
                                       "[queue.sales-fi]\n"
                                       "label_en = Sales FI\n";

static wb_channel_cfg qcfg[2];

/* Loads the [screen], [page.*] and [queue.*] sections of text into fx_cfg. */
static inline void pages_load(const char *text)
{
    wb_config *tmp = malloc(sizeof *tmp);
    assert_non_null(tmp);
    char err[256];
    if (wb_config_load_string(tmp, "p.ini", text, err, sizeof err) != WB_OK)
        fail_msg("%s", err);
    fx_cfg.screen = tmp->screen;
    memcpy(fx_cfg.queues, tmp->queues, sizeof fx_cfg.queues);
    fx_cfg.n_queues = tmp->n_queues;
    free(tmp);
}

/*
 * The fixture's six channels plus the screen above, and two queues of chat, worked by hand
 * (formula offered: answered within T / (answered + abandoned - short)):
 *   sales-fi: today 40 answered (30 within T), 10 abandoned (1 short): 30 / 49 = 61.2 %;
 *             rolling 8 answered (4 within T): 50 %; 3 waiting, oldest 0:50; at warn.
 *   sales-sv: today 10 answered (10 within T), 2 abandoned: 10 / 12 = 83.3 %; rolling 2 of
 *             2: 100 %; 2 waiting, oldest 1:20; in alarm (SL today).
 *   the group: today 40 within T of 50 answered + 12 abandoned - 1 short = 40 / 61 = 65.6 %
 *             (the average of the two percentages would say 72 %); rolling 6 / 10 = 60 %
 *             (average 75 %); waiting 5; oldest 1:20 (the longer); abandoned 12, rate
 *             11 / 61 = 18.0 %; the level the worse of the two: alarm.
 */
static inline wb_board_view *pages_view(void)
{
    fx_make_cfg();
    pages_load(screen_text);
    fx_cfg.channels[1].formula = WB_SL_OFFERED;
    wb_config_queue_settings(&fx_cfg, &fx_cfg.channels[1], "sales-fi", &qcfg[0]);
    wb_config_queue_settings(&fx_cfg, &fx_cfg.channels[1], "sales-sv", &qcfg[1]);

    wb_board_view *v = fx_view(6);
    v->n_queues = 2;
    wb_queue_metrics *a = &v->q[0], *b = &v->q[1];
    a->name = "sales-fi";
    b->name = "sales-sv";
    a->channel = b->channel = 1;
    a->cfg = &qcfg[0];
    b->cfg = &qcfg[1];
    a->waiting = 3;
    a->oldest_wait_ms = 50000;
    b->waiting = 2;
    b->oldest_wait_ms = 80000;
    wb_counts ta = {.answered = 40, .answered_in_sl = 30, .abandoned = 10, .short_abandoned = 1};
    wb_counts tb = {.answered = 10, .answered_in_sl = 10, .abandoned = 2};
    wb_counts ra = {.answered = 8, .answered_in_sl = 4};
    wb_counts rb = {.answered = 2, .answered_in_sl = 2};
    wb_window_compute(&a->today, &ta, WB_SL_OFFERED);
    wb_window_compute(&b->today, &tb, WB_SL_OFFERED);
    wb_window_compute(&a->rolling, &ra, WB_SL_OFFERED);
    wb_window_compute(&b->rolling, &rb, WB_SL_OFFERED);
    v->qa[0].level = WB_LEVEL_WARN;
    v->qa[0].rule_level[WB_RULE_WAITING] = WB_LEVEL_WARN;
    v->qa[1].level = WB_LEVEL_ALARM;
    v->qa[1].rule_level[WB_RULE_SL_TODAY] = WB_LEVEL_ALARM;
    v->qa[1].flashing = true;
    return v;
}

#endif
