/*
 * test_config_screen.c - the screen composition sections ([screen], [page.NAME]) and the
 * queues' own settings ([queue.NAME]): what they fill in, the rotation order, a queue's
 * settings on top of its channel's (worked by hand), and one exact message per mistake.
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

#include "config_fixture.h"
#include "wb_config.h"
#include "wb_config_load.h"

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

static wb_config *load_ok(const char *text)
{
    return cf_load_ok("s.ini", text);
}

static void no_sections_no_pages(void **state)
{
    (void)state;
    wb_config *c = load_ok("[wallboard]\nsite = x\n[channel.phone]\n");
    assert_int_equal(c->screen.n_pages, 0);
    assert_int_equal(c->screen.n_rotation, 0);
    assert_int_equal(c->screen.n_groups, 0);
    assert_int_equal(c->n_queues, 0);
    free(c);
}

static const char *const chat_kiosk = "[page.team]\n"
                                      "items = agents\n"
                                      "team = Chat team, Chat nights\n"
                                      "channel = chat\n"
                                      "[screen]\n"
                                      "pages = queues, team, queues\n"
                                      "group.sales = sales-fi, sales-sv\n"
                                      "[page.queues]\n"
                                      "items = channel:chat, queue:chat-fi, queue:chat-sv\n"
                                      "items = group:sales, summary\n"
                                      "[page.all]\n"
                                      "items = channels\n"
                                      "[queue.chat-fi]\n"
                                      "channel = chat\n"
                                      "sl_threshold_s = 30\n"
                                      "sl_target_pct = 90\n"
                                      "label_fi = Chat FI\n"
                                      "[queue.vip]\n"
                                      "warn_waiting = 2\n"
                                      "alarm_oldest_wait_s = off\n"
                                      "[channel.chat]\n"
                                      "sl_threshold_s = 60\n"
                                      "sl_target_pct = 70\n"
                                      "alarm_oldest_wait_s = 300\n";

static void chat_kiosk_pages(void **state)
{
    (void)state;
    wb_config *c = load_ok(chat_kiosk);
    const wb_screen_cfg *s = &c->screen;
    assert_int_equal(s->n_pages, 3);
    assert_string_equal(s->pages[0].name, "team");
    assert_string_equal(s->pages[1].name, "queues");
    assert_string_equal(s->pages[2].name, "all");
    /* [screen] pages fixes the rotation (a page may come back), whatever the file order. */
    assert_int_equal(s->n_rotation, 3);
    assert_int_equal(s->rotation[0], 1);
    assert_int_equal(s->rotation[1], 0);
    assert_int_equal(s->rotation[2], 1);

    const wb_page_cfg *t = &s->pages[0];
    assert_int_equal(t->n_items, 1);
    assert_int_equal(t->items[0].kind, WB_ITEM_AGENTS);
    assert_int_equal(t->n_teams, 2);
    assert_string_equal(t->teams[0], "Chat team");
    assert_string_equal(t->teams[1], "Chat nights");
    assert_int_equal(t->n_channels, 1);
    assert_string_equal(t->channels[0], "chat");

    /* A second items line adds to the first. */
    const wb_page_cfg *q = &s->pages[1];
    assert_int_equal(q->n_items, 5);
    const wb_item_kind kinds[5] = {WB_ITEM_CHANNEL, WB_ITEM_QUEUE, WB_ITEM_QUEUE, WB_ITEM_GROUP,
                                   WB_ITEM_SUMMARY};
    const char *names[5] = {"chat", "chat-fi", "chat-sv", "sales", ""};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(q->items[i].kind, kinds[i]);
        assert_string_equal(q->items[i].name, names[i]);
    }
    assert_int_equal(s->pages[2].items[0].kind, WB_ITEM_CHANNELS);
    assert_int_equal(s->pages[2].n_teams, 0);

    assert_int_equal(s->n_groups, 1);
    assert_int_equal(wb_config_group_index(c, "sales"), 0);
    assert_int_equal(wb_config_group_index(c, "support"), WB_NOT_FOUND);
    assert_int_equal(s->groups[0].n_queues, 2);
    assert_string_equal(s->groups[0].queues[0], "sales-fi");
    assert_string_equal(s->groups[0].queues[1], "sales-sv");
    free(c);
}

/* Without [screen] pages the pages rotate in the order the file defines them. */
static void file_order_rotation(void **state)
{
    (void)state;
    wb_config *c = load_ok("[page.b]\nitems = channels\n[page.a]\nitems = agents\n");
    assert_int_equal(c->screen.n_rotation, 2);
    assert_int_equal(c->screen.rotation[0], 0);
    assert_int_equal(c->screen.rotation[1], 1);
    assert_string_equal(c->screen.pages[1].name, "a");
    free(c);
}

/*
 * A queue's settings, worked by hand. Channel chat: T 60 s, target 70 %, so its SL thresholds
 * follow: warn below 70, alarm below 60; its alarm_oldest_wait_s is 300. Queue chat-fi (of
 * chat) sets T 30 s and target 90 %: its SL thresholds follow its own target, warn below 90,
 * alarm below 80; what it does not set (the oldest wait alarm) stays the channel's 300.
 */
static void queue_settings_by_hand(void **state)
{
    (void)state;
    wb_config *c = load_ok(chat_kiosk);
    int chat = wb_config_channel_index(c, "chat");
    assert_true(chat >= 0);
    const wb_channel_cfg *ch = &c->channels[chat];
    assert_int_equal(ch->sl_t_ms, 60000);
    assert_near(ch->th[WB_RULE_SL_TODAY].warn, 70);
    assert_near(ch->th[WB_RULE_SL_TODAY].alarm, 60);

    wb_channel_cfg q;
    assert_int_equal(wb_config_queue_settings(c, ch, "chat-fi", &q), 0);
    assert_int_equal(q.sl_t_ms, 30000);
    assert_near(q.sl_target, 0.90);
    assert_near(q.th[WB_RULE_SL_TODAY].warn, 90);
    assert_near(q.th[WB_RULE_SL_TODAY].alarm, 80);
    assert_near(q.th[WB_RULE_SL_ROLLING].warn, 90);
    assert_near(q.th[WB_RULE_SL_ROLLING].alarm, 80);
    assert_true(q.th[WB_RULE_OLDEST_WAIT].alarm_on);
    assert_near(q.th[WB_RULE_OLDEST_WAIT].alarm, 300);
    assert_string_equal(q.label_fi, "Chat FI");
    assert_string_equal(q.label_en, "");
    assert_int_equal(q.formula, ch->formula);

    /* The same queue name in another channel is not chat-fi of chat: the channel's settings. */
    wb_channel_cfg other;
    wb_channel_cfg_default(c, &other, "phone");
    assert_int_equal(wb_config_queue_settings(c, &other, "chat-fi", &q), WB_NOT_FOUND);
    assert_int_equal(q.sl_t_ms, 20000);
    assert_near(q.sl_target, 0.80);

    /* vip has no channel key: it applies in any channel; only what it sets changes. */
    assert_int_equal(wb_config_queue_settings(c, ch, "vip", &q), 1);
    assert_int_equal(q.sl_t_ms, 60000);
    assert_true(q.th[WB_RULE_WAITING].warn_on);
    assert_near(q.th[WB_RULE_WAITING].warn, 2);
    assert_false(q.th[WB_RULE_WAITING].alarm_on);
    assert_false(q.th[WB_RULE_OLDEST_WAIT].alarm_on);
    assert_near(q.th[WB_RULE_SL_TODAY].warn, 70); /* no target of its own: the channel's */
    free(c);
}

static void expect_error(const char *text, const char *want)
{
    wb_config *c = malloc(sizeof *c);
    assert_non_null(c);
    wb_config_defaults(c);
    char err[512];
    cf_refused(c, "s.ini", text, want, err, sizeof err);
    free(c);
}

/* KPI tiles sit among other tiles; the interval page is a whole page, of every channel or one. */
static void kpi_and_interval_items(void **state)
{
    (void)state;
    wb_config *c = load_ok("[page.quality]\nitems = kpis, channel:chat\n"
                           "[page.nps]\nitems = kpi:nps\n"
                           "[page.day]\nitems = intervals\n"
                           "[page.chat-day]\nitems = intervals:chat\n");
    assert_int_equal(c->screen.n_pages, 4);
    assert_int_equal(c->screen.pages[0].n_items, 2);
    assert_int_equal(c->screen.pages[0].items[0].kind, WB_ITEM_KPIS);
    assert_int_equal(c->screen.pages[0].items[1].kind, WB_ITEM_CHANNEL);
    assert_int_equal(c->screen.pages[1].items[0].kind, WB_ITEM_KPI);
    assert_string_equal(c->screen.pages[1].items[0].name, "nps");
    assert_int_equal(c->screen.pages[2].items[0].kind, WB_ITEM_INTERVALS);
    assert_string_equal(c->screen.pages[2].items[0].name, "");
    assert_int_equal(c->screen.pages[3].items[0].kind, WB_ITEM_INTERVALS);
    assert_string_equal(c->screen.pages[3].items[0].name, "chat");
    free(c);
}

static void error_messages(void **state)
{
    (void)state;
    expect_error("[page.p]\nitems = channels, kpi_nps\n",
                 "s.ini:2: [page.p] items: unknown item 'kpi_nps' (expected channels, "
                 "channel:NAME, queue:NAME, group:NAME, summary, kpis, kpi:ID, agents, intervals "
                 "or intervals:NAME) (got 'channels, kpi_nps')");
    expect_error("[page.p]\nitems = kpi\n",
                 "s.ini:2: [page.p] items: item 'kpi' needs a name: kpi:NAME (got 'kpi')");
    expect_error("[page.p]\n\nitems = intervals:phone, summary\n",
                 "s.ini:3: [page.p] items: 'intervals' is a whole page: it must be the only item "
                 "of its page (got 'intervals:phone, summary')");
    expect_error("[page.p]\nitems = queue\n",
                 "s.ini:2: [page.p] items: item 'queue' needs a name: queue:NAME (got 'queue')");
    expect_error("[page.p]\nitems = summary:x\n",
                 "s.ini:2: [page.p] items: item 'summary:x' takes no name (summary alone) (got "
                 "'summary:x')");
    expect_error("[page.p]\nitems = channels,,summary\n",
                 "s.ini:2: [page.p] items: empty entry in the list (got 'channels,,summary')");
    expect_error("[page.p]\nitems = channels, agents\n",
                 "s.ini:2: [page.p] items: 'agents' is a whole page: it must be the only item "
                 "of its page (got 'channels, agents')");
    expect_error("[page.p]\nitems = agents\nitems = summary\n",
                 "s.ini:3: [page.p] items: 'agents' is a whole page: it must be the only item "
                 "of its page (got 'summary')");
    /* A group named before it is defined is fine; one never defined is not. */
    expect_error("[page.p]\nitems = group:sales\n[screen]\ngroup.support = s1\n",
                 "s.ini:2: [page.p] items: unknown group 'sales' (define it in [screen] as "
                 "group.sales) (got 'group:sales')");
    expect_error("[screen]\npages = a, b\n[page.a]\nitems = channels\n",
                 "s.ini:2: [screen] pages: unknown page 'b' (no [page.b] section) (got 'a, b')");
    expect_error("[page.a]\nitems = channels\n[page.a]\n",
                 "s.ini:3: [page.a]: duplicate page (first defined on line 1)");
    expect_error("[page.a b]\n",
                 "s.ini:1: [page.a b]: bad page name: 1 to 63 bytes of UTF-8 without spaces, "
                 "',', ':', ';' or brackets (got 'a b')");
    expect_error("[page.p]\nitems = channels\nteam = Chat\n",
                 "s.ini:3: [page.p] team: team filters the agent page: this page has no agents "
                 "item (got 'Chat')");
    expect_error("[page.p]\ncolour = red\n",
                 "s.ini:2: [page.p] colour: unknown key (expected items, team or channel) (got "
                 "'red')");
    /* A queue twice in a group would be counted twice. */
    expect_error("[screen]\ngroup.sales = sales-fi, sales-sv, sales-fi\n",
                 "s.ini:2: [screen] group.sales: queue 'sales-fi' named twice (got 'sales-fi, "
                 "sales-sv, sales-fi')");
    expect_error("[screen]\ngroup.sales = a\ngroup.sales = b\n",
                 "s.ini:3: [screen] group.sales: group 'sales' defined twice (got 'b')");
    expect_error("[screen]\ngroup.sales =\n",
                 "s.ini:2: [screen] group.sales: empty entry in the list (got '')");
    expect_error("[screen]\nrotate = 1\n",
                 "s.ini:2: [screen] rotate: unknown key (expected pages or group.NAME) (got "
                 "'1')");
    expect_error("[queue.vip]\nrealtime = true\n",
                 "s.ini:2: [queue.vip] realtime: not a queue setting (expected channel, "
                 "label_en, label_fi, sl_threshold_s, sl_target_pct, sl_formula, "
                 "short_abandon_s, hold_s or a warn_/alarm_ threshold other than "
                 "forecast_sl_pct) (got 'true')");
    expect_error("[queue.vip]\nwarn_forecast_sl_pct = 70\n",
                 "s.ini:2: [queue.vip] warn_forecast_sl_pct: not a queue setting (expected "
                 "channel, label_en, label_fi, sl_threshold_s, sl_target_pct, sl_formula, "
                 "short_abandon_s, hold_s or a warn_/alarm_ threshold other than "
                 "forecast_sl_pct) (got '70')");
    expect_error("[queue.vip]\nsl_target_pct = 120\n",
                 "s.ini:2: [queue.vip] sl_target_pct: must be between 0 and 100 (got '120')");
    expect_error("[queue.vip]\nchannel = phone\n[queue.vip]\nchannel = phone\n",
                 "s.ini:4: [queue.vip] channel: queue vip of channel phone already has a section "
                 "(line 1) (got 'phone')");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_sections_no_pages),   cmocka_unit_test(chat_kiosk_pages),
        cmocka_unit_test(file_order_rotation),    cmocka_unit_test(queue_settings_by_hand),
        cmocka_unit_test(kpi_and_interval_items), cmocka_unit_test(error_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
