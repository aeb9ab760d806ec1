/*
 * test_layout_queue_ticker.c - the ticker names the queues a team screen shows (its queue
 * tiles and the queues of its group tiles) at warn or alarm, as it names channels: in plain
 * words with the rule and the queue's own limit, alarms first, a queue next to its channel,
 * on every page of the screen (also the agent page, where no queue tile is); a queue's alarm
 * that is its channel's in the same words is said once; a group in alarm is named by its
 * queue, not by the group; nothing is judged without current data; and every item still gets
 * its turn within 20 s. English and Finnish, at 1920x1080, 800x480 and 1080x1920. With
 * nothing to report, the calm line claims "All channels OK" only when every channel is known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pages_fixture.h"

/* The dot between a channel and its queue (as layout_int.h spells it). */
#define MIDDOT "\xC2\xB7"

static const int sizes[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};

/*
 * The voice team's screen: phone's tile, the sales-fi queue's tile, the group of phone's two
 * queues, chat's tile and the tile of chat's one queue; then the team's agent page. sales-fi
 * has thresholds of its own (warn at 3 waiting, alarm at 6); the others keep their channel's
 * (the fixture's: warn at 5, alarm at 10).
 */
static const char *const voice_ini = "[screen]\n"
                                     "pages = voice, team\n"
                                     "group.phone-all = sales-fi, sales-sv\n"
                                     "[page.voice]\n"
                                     "items = channel:phone, queue:sales-fi, group:phone-all\n"
                                     "items = channel:chat, queue:chat\n"
                                     "[page.team]\n"
                                     "items = agents\n"
                                     "team = Voice\n"
                                     "channel = phone\n"
                                     "[queue.sales-fi]\n"
                                     "label_en = Sales FI\n"
                                     "label_fi = Myynti FI\n"
                                     "warn_waiting = 3\n"
                                     "alarm_waiting = 6\n";

static wb_channel_cfg vcfg[3];

static void set_queue(wb_board_view *v, size_t i, const char *name, int ch, uint32_t waiting)
{
    wb_queue_metrics *q = &v->q[i];
    memset(q, 0, sizeof *q);
    q->name = name;
    q->channel = ch;
    wb_config_queue_settings(&fx_cfg, &fx_cfg.channels[ch], name, &vcfg[i]);
    q->cfg = &vcfg[i];
    q->waiting = waiting;
    q->oldest_wait_ms = 40000;
    /* Service levels above the target and every SL threshold: only the waiting rule counts. */
    wb_counts today = {.answered = 40, .answered_in_sl = 36, .abandoned = 4}; /* 81.8 % */
    wb_counts rolling = {.answered = 8, .answered_in_sl = 8};                 /* 100 % */
    wb_window_compute(&q->today, &today, WB_SL_OFFERED);
    wb_window_compute(&q->rolling, &rolling, WB_SL_OFFERED);
}

static void set_queue_level(wb_board_view *v, size_t i, wb_level lv, wb_rule r)
{
    memset(&v->qa[i], 0, sizeof v->qa[i]);
    v->qa[i].level = lv;
    v->qa[i].worst = r;
    v->qa[i].rule_level[r] = lv;
    v->qa[i].flashing = lv == WB_LEVEL_ALARM;
}

/*
 * Worked by hand on the thresholds above (a rule is raised at or above its limit):
 *   sales-fi (phone): 7 waiting, at or above its own 6: alarm;
 *   sales-sv (phone): 1 waiting, below phone's 5: ok;
 *   phone: 7 + 1 = 8 waiting, at or above 5 and below 10: warn (not alarm);
 *   chat (chat's only queue): 12 waiting, at or above chat's 10: alarm, and so is chat with
 *   the same 12 waiting: one fact.
 * The group phone-all is in alarm (the worse of its queues').
 */
static wb_board_view *voice_view(void)
{
    fx_make_cfg();
    snprintf(fx_cfg.channels[0].label_fi, sizeof fx_cfg.channels[0].label_fi, "Puhelin");
    pages_load(voice_ini);
    wb_board_view *v = fx_view(6);
    v->n_queues = 3;
    set_queue(v, 0, "sales-fi", 0, 7);
    set_queue(v, 1, "sales-sv", 0, 1);
    set_queue(v, 2, "chat", 1, 12);
    set_queue_level(v, 0, WB_LEVEL_ALARM, WB_RULE_WAITING);
    set_queue_level(v, 1, WB_LEVEL_OK, WB_RULE_WAITING);
    set_queue_level(v, 2, WB_LEVEL_ALARM, WB_RULE_WAITING);
    v->ch[0].m.waiting = 8;
    v->ch[0].m.oldest_wait_ms = 40000;
    fx_level(v, 0, WB_LEVEL_WARN, WB_RULE_WAITING);
    v->ch[1].m.waiting = 12;
    v->ch[1].m.oldest_wait_ms = 40000;
    fx_level(v, 1, WB_LEVEL_ALARM, WB_RULE_WAITING);
    return v;
}

/* True for the ticker's page number ("2/3"). */
static bool is_page_number(const char *s)
{
    int a, b;
    char end;
    return sscanf(s, "%d/%d%c", &a, &b, &end) == 2;
}

/*
 * Everything the ticker says over 20 s from an odd moment, page by page in page order, the
 * texts joined by "|" (an item on two lines joined again by a space); fails when a page was
 * not shown within the 20 s.
 */
static void ticker_all(wb_board_view *v, int w, int h, int page, wb_lang lang, char *out, size_t n)
{
    enum { MAXP = 21 };
    static char pages[MAXP][4096];
    bool seen[MAXP] = {false};
    int npages = 1;
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (wb_ms t = 0; t < 20000; t += 1000) {
        fx_opts o = {.page = (wb_page)page, .lang = lang, .rx_now = FX_T + 7300 + t};
        assert_int_equal(fx_build(&dl, w, h, v, &o), 0);
        int k = 1, of = 1;
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].tag == WB_TAG_TICKER && dl.items[i].kind == WB_DL_TEXT &&
                is_page_number(wb_dl_text(&dl, &dl.items[i])))
                assert_int_equal(sscanf(wb_dl_text(&dl, &dl.items[i]), "%d/%d", &k, &of), 2);
        assert_true(k >= 1 && k <= of && of < MAXP);
        npages = of;
        char *s = pages[k];
        s[0] = '\0';
        int last_x = -1;
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            const char *txt = wb_dl_text(&dl, it);
            if (it->tag != WB_TAG_TICKER || it->kind != WB_DL_TEXT || is_page_number(txt))
                continue;
            /* The second line of an item on two lines starts where its first did. */
            const char *sep = s[0] ? (it->box.x == last_x ? " " : "|") : "";
            snprintf(s + strlen(s), sizeof pages[k] - strlen(s), "%s%s", sep, txt);
            last_x = it->box.x;
        }
        seen[k] = true;
    }
    wb_dlist_fini(&dl);
    out[0] = '\0';
    for (int k = 1; k <= npages; k++) {
        if (!seen[k])
            fail_msg("%dx%d: ticker page %d of %d not shown within 20 s", w, h, k, npages);
        snprintf(out + strlen(out), n - strlen(out), "%s%s", k > 1 ? "|" : "", pages[k]);
    }
}

/* How many times needle is in s. */
static int count_of(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The colour of the ticker text that begins with prefix; 0 when there is none. */
static wb_color ticker_colour(const wb_dlist *dl, const char *prefix)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].tag == WB_TAG_TICKER && dl->items[i].kind == WB_DL_TEXT &&
            strncmp(wb_dl_text(dl, &dl->items[i]), prefix, strlen(prefix)) == 0)
            return dl->items[i].color;
    return 0;
}

/*
 * A queue in alarm whose channel is not: the ticker names it by its channel and label with
 * its own limit, first (an alarm), then chat's alarm, then phone's warning. Chat's one queue,
 * in alarm on the same 12 waiting and chat's own limit, is not said a second time; the group
 * is named by its queue, not by its name; "all channels OK" is not said. The same on the agent
 * page, where no queue tile is shown.
 */
static void queue_alarm_in_ticker(void **state)
{
    (void)state;
    wb_board_view *v = voice_view();
    static const struct {
        wb_lang lang;
        const char *q, *ch_alarm, *ch_warn, *chat_q, *ok;
    } want[2] = {
        {WB_LANG_EN, "Phone " MIDDOT " Sales FI: 7 waiting, limit 6", "Chat: 12 waiting, limit 10",
         "Phone: 8 waiting, limit 5", "Chat " MIDDOT " chat", "All channels OK"},
        {WB_LANG_FI, "Puhelin " MIDDOT " Myynti FI: 7 jonossa, raja 6", "Chat: 12 jonossa, raja 10",
         "Puhelin: 8 jonossa, raja 5", "Chat " MIDDOT " chat", "Kaikki kanavat OK"},
    };
    static char all[16384];
    for (int l = 0; l < 2; l++)
        for (int z = 0; z < 3; z++)
            for (int page = 0; page < 2; page++) {
                int w = sizes[z][0], h = sizes[z][1];
                ticker_all(v, w, h, page, want[l].lang, all, sizeof all);
                const char *q = strstr(all, want[l].q), *a = strstr(all, want[l].ch_alarm),
                           *wn = strstr(all, want[l].ch_warn);
                if (!q || !a || !wn)
                    fail_msg("%dx%d page %d: the ticker says \"%s\"", w, h, page, all);
                /* Alarms first (the queue's before chat's: phone comes first), then warnings. */
                assert_true(q < a && a < wn);
                assert_int_equal(count_of(all, want[l].q), 1);
                assert_int_equal(count_of(all, l ? "Myynti FI" : "Sales FI"), 1);
                assert_null(strstr(all, "phone-all"));
                assert_null(strstr(all, want[l].chat_q));
                assert_int_equal(count_of(all, l ? "12 jonossa" : "12 waiting"), 1);
                assert_null(strstr(all, want[l].ok));
            }
    /* The queue's item is in the alarm's colour. */
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    assert_int_equal(ticker_colour(&dl, "Phone " MIDDOT " Sales FI"), WB_COL_ALARM);
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * When a queue is only at warn, it is a warning after the alarms; and with thresholds of its
 * own (alarm at 8, say) chat's one queue says a different thing from chat's and is named.
 */
static void queue_warning_and_own_limit(void **state)
{
    (void)state;
    wb_board_view *v = voice_view();
    /* sales-fi at 4 waiting: at or above its 3, below its 6: warn. Phone 4 + 1 = 5: warn. */
    v->q[0].waiting = 4;
    set_queue_level(v, 0, WB_LEVEL_WARN, WB_RULE_WAITING);
    v->ch[0].m.waiting = 5;
    /* The chat queue with alarm_waiting = 8 of its own: 12 is at or above it, an alarm. */
    vcfg[2].th[WB_RULE_WAITING].alarm = 8;
    static char all[16384];
    for (int z = 0; z < 3; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        ticker_all(v, w, h, 0, WB_LANG_EN, all, sizeof all);
        const char *a = strstr(all, "Chat: 12 waiting, limit 10"),
                   *cq = strstr(all, "Chat " MIDDOT " chat: 12 waiting, limit 8"),
                   *pw = strstr(all, "Phone: 5 waiting, limit 5"),
                   *qw = strstr(all, "Phone " MIDDOT " Sales FI: 4 waiting, limit 3");
        if (!a || !cq || !pw || !qw)
            fail_msg("%dx%d: the ticker says \"%s\"", w, h, all);
        /* Alarms (chat, then its queue), then warnings (phone, then its queue). */
        assert_true(a < cq && cq < pw && pw < qw);
    }
    free(v);
}

/*
 * A queue's alarm is the screen's only one (phone and chat at ok, by their own limits: chat's
 * queue at 3 waiting, below 10): the ticker names it and does not say all is well.
 */
static void only_a_queue_in_alarm(void **state)
{
    (void)state;
    wb_board_view *v = voice_view();
    fx_level(v, 0, WB_LEVEL_OK, WB_RULE_WAITING);
    fx_level(v, 1, WB_LEVEL_OK, WB_RULE_WAITING);
    v->ch[1].m.waiting = v->q[2].waiting = 3;
    set_queue_level(v, 2, WB_LEVEL_OK, WB_RULE_WAITING);
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int z = 0; z < 3; z++) {
        fx_opts o = {.lang = WB_LANG_FI};
        assert_int_equal(fx_build(&dl, sizes[z][0], sizes[z][1], v, NULL), 0);
        assert_false(fx_ticker_says(&dl, "All channels OK"));
        assert_int_equal(ticker_colour(&dl, "Phone " MIDDOT " Sales FI: 7 waiting, limit 6"),
                         WB_COL_ALARM);
        assert_int_equal(fx_build(&dl, sizes[z][0], sizes[z][1], v, &o), 0);
        assert_false(fx_ticker_says(&dl, "Kaikki kanavat OK"));
        assert_true(fx_ticker_says(&dl, "Puhelin " MIDDOT " Myynti FI: 7 jonossa, raja 6"));
    }
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * Without current data nothing is judged: the ticker says the levels are unknown and names
 * no queue, and a screen without pages (no queue tiles) names no queue either.
 */
static void no_queue_without_data_or_tiles(void **state)
{
    (void)state;
    wb_board_view *v = voice_view();
    wb_dlist dl;
    wb_dlist_init(&dl);
    v->stale = true;
    for (int z = 0; z < 3; z++) {
        assert_int_equal(fx_build(&dl, sizes[z][0], sizes[z][1], v, NULL), 0);
        assert_false(fx_ticker_says(&dl, "Sales FI"));
        assert_true(fx_ticker_says(&dl, "Alarm levels unknown"));
    }
    v->stale = false;
    memset(&fx_cfg.screen, 0, sizeof fx_cfg.screen);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    assert_true(fx_ticker_says(&dl, "Chat: 12 waiting"));
    assert_false(fx_ticker_says(&dl, "Sales FI"));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * The per-page timing rule with queues: six channels in alarm, twelve queues of them in alarm
 * on limits of their own, and eight hints. Every item is on the ticker within any 20 s.
 */
static void every_item_within_20s(void **state)
{
    (void)state;
    fx_make_cfg();
    static const char *names[12] = {"q0", "q1", "q2", "q3", "q4",  "q5",
                                    "q6", "q7", "q8", "q9", "q10", "q11"};
    char ini[2048] = "[screen]\npages = all\n[page.all]\nitems = channels\n";
    for (int k = 0; k < 12; k++)
        snprintf(ini + strlen(ini), sizeof ini - strlen(ini), "items = queue:%s\n", names[k]);
    for (int k = 0; k < 12; k++)
        snprintf(ini + strlen(ini), sizeof ini - strlen(ini), "[queue.%s]\nalarm_waiting = 6\n",
                 names[k]);
    pages_load(ini);
    wb_board_view *v = fx_view(6);
    static wb_channel_cfg qc[12];
    v->n_queues = 12;
    for (int k = 0; k < 12; k++) {
        wb_queue_metrics *q = &v->q[k];
        memset(q, 0, sizeof *q);
        q->name = names[k];
        q->channel = k % 6;
        wb_config_queue_settings(&fx_cfg, &fx_cfg.channels[k % 6], names[k], &qc[k]);
        q->cfg = &qc[k];
        q->waiting = 40 + (uint32_t)k;
        set_queue_level(v, (size_t)k, WB_LEVEL_ALARM, WB_RULE_WAITING);
    }
    fx_alarms_and_hints(v);
    static const int all_sizes[4][2] = {{1920, 1080}, {800, 480}, {1080, 1920}, {480, 320}};
    static char all[16384];
    char want[96];
    for (int z = 0; z < 4; z++) {
        int w = all_sizes[z][0], h = all_sizes[z][1];
        ticker_all(v, w, h, 0, WB_LANG_EN, all, sizeof all);
        for (int c = 0; c < 6; c++) {
            snprintf(want, sizeof want, "%s: %d waiting", FX_LABELS[c], 30 + c);
            if (!strstr(all, want))
                fail_msg("%dx%d: no \"%s\" in 20 s: \"%s\"", w, h, want, all);
        }
        for (int k = 0; k < 12; k++) {
            /* A shortened item keeps its beginning: the channel, the queue and its number. */
            snprintf(want, sizeof want, "%s " MIDDOT " %s: %d", FX_LABELS[k % 6], names[k], 40 + k);
            if (!strstr(all, want))
                fail_msg("%dx%d: no \"%s\" in 20 s: \"%s\"", w, h, want, all);
        }
        for (int k = 0; k < WB_MAX_HINTS; k++) {
            snprintf(want, sizeof want, "Move %d agents from", k + 2);
            if (!strstr(all, want))
                fail_msg("%dx%d: no \"%s\" in 20 s: \"%s\"", w, h, want, all);
        }
    }
    free(v);
}

/*
 * Nothing to report: "All channels OK" in green only when every channel shown has current
 * data. Chat never heard from and email resyncing have no level anyone knows: the line then
 * says "No alarms" in the labels' neutral colour and names them, English and Finnish, at every
 * size. A queue-less screen of three channels, all at ok.
 */
static void calm_line_names_unknown(void **state)
{
    (void)state;
    fx_make_cfg();
    memset(&fx_cfg.screen, 0, sizeof fx_cfg.screen);
    wb_board_view *v = fx_view(3);
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(fx_build(&dl, 1920, 1080, v, NULL), 0);
    assert_true(fx_ticker_says(&dl, "All channels OK"));
    assert_int_equal(ticker_colour(&dl, "All channels OK"), WB_COL_OK);
    v->ch[1].m.had_data = false;
    v->ch[2].m.resyncing = true;
    static const struct {
        wb_lang lang;
        const char *line, *ok;
    } want[2] = {
        {WB_LANG_EN, "No alarms " MIDDOT " no data yet: Chat " MIDDOT " resyncing: Email",
         "All channels OK"},
        {WB_LANG_FI,
         "Ei h\xC3\xA4lytyksi\xC3\xA4 " MIDDOT " ei viel\xC3\xA4 tietoja: Chat " MIDDOT
         " synkronoidaan: Email",
         "Kaikki kanavat OK"},
    };
    static const int all_sizes[4][2] = {{1920, 1080}, {800, 480}, {1080, 1920}, {480, 320}};
    for (int l = 0; l < 2; l++)
        for (int z = 0; z < 4; z++) {
            fx_opts o = {.lang = want[l].lang};
            assert_int_equal(fx_build(&dl, all_sizes[z][0], all_sizes[z][1], v, &o), 0);
            if (!fx_ticker_says(&dl, want[l].line))
                fail_msg("%dx%d: no \"%s\"", all_sizes[z][0], all_sizes[z][1], want[l].line);
            assert_int_equal(ticker_colour(&dl, want[l].line), WB_COL_LABEL);
            assert_false(fx_ticker_says(&dl, want[l].ok));
        }
    /* Every channel heard and none resyncing: the green line again. */
    v->ch[1].m.had_data = true;
    v->ch[2].m.resyncing = false;
    assert_int_equal(fx_build(&dl, 800, 480, v, NULL), 0);
    assert_true(fx_ticker_says(&dl, "All channels OK"));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * A live channel some of whose waiting contacts are of a publisher gone quiet: the ticker says
 * how many of how many, and since when, first (before any alarm), in the stale colour. Phone
 * with 26 waiting, 3 of them of a publisher last heard 14 s before the screen's clock.
 */
static void waiting_silent_said(void **state)
{
    (void)state;
    fx_make_cfg();
    memset(&fx_cfg.screen, 0, sizeof fx_cfg.screen);
    wb_board_view *v = fx_view(3);
    fx_level(v, 1, WB_LEVEL_ALARM, WB_RULE_WAITING);
    v->ch[0].m.waiting = 26;
    v->ch[0].waiting_silent = 3;
    v->ch[0].waiting_silent_since = FX_T - 14000;
    static const struct {
        wb_lang lang;
        const char *line;
    } want[2] = {
        {WB_LANG_EN, "Phone: no data on 3 of 26 waiting, last 14 s ago"},
        {WB_LANG_FI, "Puhelin: 3/26 jonossa ei tietoja, p\xC3\xA4ivitetty 14 s sitten"},
    };
    snprintf(fx_cfg.channels[0].label_fi, sizeof fx_cfg.channels[0].label_fi, "Puhelin");
    wb_dlist dl;
    wb_dlist_init(&dl);
    for (int l = 0; l < 2; l++) {
        fx_opts o = {.lang = want[l].lang, .rx_now = FX_T};
        assert_int_equal(fx_build(&dl, 1920, 1080, v, &o), 0);
        if (!fx_ticker_says(&dl, want[l].line))
            fail_msg("no \"%s\"", want[l].line);
        assert_int_equal(ticker_colour(&dl, want[l].line), WB_COL_STALE);
    }
    /* First, before chat's alarm, in every 20 s of the ticker. */
    static char all[16384];
    ticker_all(v, 1920, 1080, 0, WB_LANG_EN, all, sizeof all);
    assert_int_equal(strncmp(all, "Phone: no data on 3 of 26 waiting", 33), 0);
    /* None of a silent publisher: not said. */
    v->ch[0].waiting_silent = 0;
    ticker_all(v, 1920, 1080, 0, WB_LANG_EN, all, sizeof all);
    assert_null(strstr(all, "no data on"));
    assert_non_null(strstr(all, "Chat: 2 waiting, limit 10"));
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_alarm_in_ticker), cmocka_unit_test(queue_warning_and_own_limit),
        cmocka_unit_test(only_a_queue_in_alarm), cmocka_unit_test(no_queue_without_data_or_tiles),
        cmocka_unit_test(every_item_within_20s), cmocka_unit_test(calm_line_names_unknown),
        cmocka_unit_test(waiting_silent_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
