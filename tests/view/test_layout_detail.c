/*
 * test_layout_detail.c - a channel's detail page (layout_detail.c) at 1920x1080, 800x480 and
 * portrait 1080x1920: the channel's figures (worked from the fixture by hand), one row per
 * queue of that channel and none of another's, the level in words, dimmed old data, many
 * queues summed up in "+N more", no queues, a channel that does not exist, the agents' two
 * lines (busy on this channel, busy on any channel; also at the smallest windows, 480x320 and
 * 320x480, whole), and the geometry (everything on screen, text inside its box, queue rows
 * apart).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

#include "layout_fixture.h"

#define MIDDOT_S "\xC2\xB7"
#define EM_DASH_S "\xE2\x80\x94"

#define ELLIPSIS_S "\xE2\x80\xA6"

/*
 * The sizes every test runs at (the first N_BIG), then the smallest windows the wallboard
 * opens, landscape and portrait, where the agents' lines must still be whole.
 */
#define N_BIG 3
#define N_SIZES 5
static const int SIZES[N_SIZES][2] = {
    {1920, 1080}, {800, 480}, {1080, 1920}, {480, 320}, {320, 480}};

static char QNAMES[64][16];

/* Queues: k for channel `ch`, and 2 of channel 0 before them (that must not show). */
static void add_queues(wb_board_view *v, int ch, int k)
{
    v->n_queues = 0;
    for (int i = 0; i < k + 2; i++) {
        wb_queue_metrics *q = &v->q[v->n_queues++];
        snprintf(QNAMES[i], sizeof QNAMES[i], i < 2 ? "other-%d" : "q-%d", i < 2 ? i : i - 2);
        q->name = QNAMES[i];
        q->channel = i < 2 ? 0 : ch;
        q->waiting = (uint32_t)(i < 2 ? 90 + i : i - 2);
        q->oldest_wait_ms = i < 2 ? 3600000 : 30000 + (wb_ms)(i - 2) * 1000;
        q->today.sl = 0.5 + 0.1 * (i % 4);
        q->today.c.answered = (uint32_t)(100 + i);
        q->today.c.abandoned = (uint32_t)(7 + i);
    }
}

static int build_detail(wb_dlist *dl, int w, int h, const wb_board_view *v, int ch, wb_lang lang)
{
    wb_layout_in in = {.w = w,
                       .h = h,
                       .view = v,
                       .lang = lang,
                       .cfg = &fx_cfg,
                       .flash_on = true,
                       .measure = fx_measure,
                       .detail = true,
                       .detail_ch = ch};
    return wb_layout_build(dl, &in);
}

static void check_geometry(const wb_dlist *dl, int w, int h)
{
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        wb_rect b = it->box;
        assert_true(b.x >= 0 && b.y >= 0 && b.x + b.w <= w && b.y + b.h <= h);
        if (it->kind == WB_DL_TEXT) {
            int tw, th;
            fx_measure(NULL, it->font, it->px, wb_dl_text(dl, it), &tw, &th);
            if (tw > b.w || th > b.h)
                fail_msg("text '%s' (%d x %d at %d px) does not fit %d x %d at %d,%d",
                         wb_dl_text(dl, it), tw, th, it->px, b.w, b.h, b.x, b.y);
        }
    }
    /* Queue rows (their band fills) do not overlap one another. */
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *a = &dl->items[i];
        if (a->tag != WB_TAG_DETAIL_QUEUE || a->kind != WB_DL_FILL)
            continue;
        for (size_t j = i + 1; j < dl->n; j++) {
            const wb_dl_item *b = &dl->items[j];
            if (b->tag != WB_TAG_DETAIL_QUEUE || b->kind != WB_DL_FILL)
                continue;
            assert_true(a->box.y + a->box.h <= b->box.y || b->box.y + b->box.h <= a->box.y);
        }
    }
}

/* True when some text item of a queue row (index qi in view->q) says s. */
static bool queue_says(const wb_dlist *dl, int qi, const char *s)
{
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->tag == WB_TAG_DETAIL_QUEUE && it->tile == qi && it->kind == WB_DL_TEXT &&
            strcmp(wb_dl_text(dl, it), s) == 0)
            return true;
    }
    return false;
}

static void figures_and_queues(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(4);
    add_queues(v, 2, 3);
    for (int s = 0; s < N_BIG; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        wb_dlist dl;
        wb_dlist_init(&dl);
        assert_int_equal(build_detail(&dl, w, h, v, 2, WB_LANG_EN), 0);
        check_geometry(&dl, w, h);
        /* The page in place of the grid: the panel is there, no channel tile is. */
        assert_non_null(fx_find(&dl, WB_TAG_DETAIL, 2, WB_DL_FILL));
        for (int t = 0; t < 4; t++)
            assert_null(fx_find(&dl, WB_TAG_TILE, t, WB_DL_FILL));
        /* The frame stays: header, clock and ticker. */
        assert_non_null(fx_find(&dl, WB_TAG_CLOCK, -1, WB_DL_TEXT));
        assert_non_null(fx_find(&dl, WB_TAG_TICKER, -1, WB_DL_FILL));
        /* Channel 2 (Email) of the fixture: waiting i + 1 = 3; oldest 65 s + 2 s = 1:07; SL
         * today 82 %, rolling 91 %; answered 1234, abandoned 56. */
        assert_string_equal(fx_text_of(&dl, WB_TAG_TILE_TITLE, 2), "Email");
        assert_string_equal(fx_text_of(&dl, WB_TAG_WAITING, 2), "3");
        assert_string_equal(fx_text_of(&dl, WB_TAG_OLDEST, 2), "1:07");
        assert_string_equal(fx_text_of(&dl, WB_TAG_SL_TODAY, 2), "82%");
        assert_string_equal(fx_text_of(&dl, WB_TAG_SL_ROLLING, 2), "91%");
        assert_string_equal(fx_text_of(&dl, WB_TAG_COUNTS, 2),
                            "Answered 1234 " MIDDOT_S " Abandoned 56");
        /* The agents: 4 busy and 1 in wrap-up with an Email contact (the fixture's here
         * figures); of those who serve Email, 3 available, 12 busy and 2 in wrap-up anywhere. */
        assert_string_equal(fx_text_of(&dl, WB_TAG_AGENTS, 2),
                            "Busy on this channel 4 " MIDDOT_S " Wrap-up on this channel 1");
        assert_non_null(fx_text(&dl, "On any channel: available 3 " MIDDOT_S " busy 12 " MIDDOT_S
                                     " wrap-up 2 " MIDDOT_S " paused 0"));
        assert_non_null(fx_text(&dl, "Last 30 min"));
        assert_non_null(fx_text(&dl, "OK"));
        /* Its three queues (view->q[2..4]), each with its own figures: q-1 has 1 waiting,
         * oldest 31 s = 0:31, SL 0.5 + 0.1 * (3 % 4) = 80 %, 103 answered, 10 abandoned. */
        assert_true(queue_says(&dl, 2, "q-0"));
        assert_true(queue_says(&dl, 2, "0"));
        assert_true(queue_says(&dl, 2, EM_DASH_S)); /* nobody waiting: no oldest wait */
        assert_true(queue_says(&dl, 3, "q-1"));
        assert_true(queue_says(&dl, 3, "1"));
        assert_true(queue_says(&dl, 3, "0:31"));
        assert_true(queue_says(&dl, 3, "80%"));
        assert_true(queue_says(&dl, 3, "103"));
        assert_true(queue_says(&dl, 3, "10"));
        assert_true(queue_says(&dl, 4, "q-2"));
        /* Channel 0's queues are not on channel 2's page. */
        assert_null(fx_text(&dl, "other-"));
        assert_null(fx_find(&dl, WB_TAG_DETAIL_QUEUE, 0, WB_DL_TEXT));
        assert_null(fx_find(&dl, WB_TAG_DETAIL_QUEUE, 1, WB_DL_TEXT));
        /* Queue rows are below the figures. */
        const wb_dl_item *wait = fx_find(&dl, WB_TAG_WAITING, 2, WB_DL_TEXT);
        const wb_dl_item *row = fx_find(&dl, WB_TAG_DETAIL_QUEUE, 2, WB_DL_TEXT);
        assert_true(row->box.y >= wait->box.y + wait->box.h);
        /* The waiting count is the biggest number of the page. */
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].kind == WB_DL_TEXT && dl.items[i].tag == WB_TAG_DETAIL_QUEUE)
                assert_true(dl.items[i].px < wait->px);
        wb_dlist_fini(&dl);
    }
    free(v);
}

/*
 * A queue row uses the queue's label (its tile and the ticker say "Sales line", not the id
 * "q-1") and shows its level on its own thresholds in colour and symbol: q-1 in alarm reads
 * "✖ Sales line" in the alarm's colour, q-2 at warn "▲ q-2", q-0 at ok plain.
 */
static void queue_rows_label_and_level(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(4);
    add_queues(v, 2, 3);
    wb_channel_cfg qcfg = fx_cfg.channels[2];
    snprintf(qcfg.label_en, sizeof qcfg.label_en, "Sales line");
    v->q[3].cfg = &qcfg;
    v->qa[3].level = WB_LEVEL_ALARM;
    v->qa[4].level = WB_LEVEL_WARN;
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(build_detail(&dl, 1920, 1080, v, 2, WB_LANG_EN), 0);
    assert_true(queue_says(&dl, 3, "\xE2\x9C\x96 Sales line"));
    assert_false(queue_says(&dl, 3, "q-1"));
    assert_true(queue_says(&dl, 4, "\xE2\x96\xB2 q-2"));
    assert_true(queue_says(&dl, 2, "q-0"));
    for (size_t i = 0; i < dl.n; i++) {
        const wb_dl_item *it = &dl.items[i];
        if (it->tag != WB_TAG_DETAIL_QUEUE || it->kind != WB_DL_TEXT)
            continue;
        if (it->tile == 3)
            assert_int_equal(it->color, WB_COL_ALARM);
        if (it->tile == 4)
            assert_int_equal(it->color, WB_COL_WARN);
        if (it->tile == 2)
            assert_int_equal(it->color, WB_COL_TEXT);
    }
    wb_dlist_fini(&dl);
    free(v);
}

static void level_in_words_and_colour(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(3);
    fx_level(v, 1, WB_LEVEL_ALARM, WB_RULE_WAITING);
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(build_detail(&dl, 1920, 1080, v, 1, WB_LANG_EN), 0);
    const wb_dl_item *lvl = fx_find(&dl, WB_TAG_LEVEL, 1, WB_DL_TEXT);
    assert_non_null(lvl);
    assert_non_null(strstr(wb_dl_text(&dl, lvl), "ALARM"));
    assert_int_equal(fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT)->color, WB_COL_ALARM);
    /* A rule not in alarm keeps the plain colour. */
    assert_int_equal(fx_find(&dl, WB_TAG_SL_TODAY, 1, WB_DL_TEXT)->color, WB_COL_TEXT);
    assert_int_equal(fx_find(&dl, WB_TAG_DETAIL, 1, WB_DL_FILL)->color, WB_COL_TILE_ALARM);

    /* Stale: the numbers dim, no level word, no alarm colour. */
    v->stale = true;
    v->last_rx = FX_T - 60000;
    assert_int_equal(build_detail(&dl, 1920, 1080, v, 1, WB_LANG_EN), 0);
    assert_null(fx_find(&dl, WB_TAG_LEVEL, 1, WB_DL_TEXT));
    assert_int_equal(fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT)->color, WB_COL_TEXT_DIM);
    assert_int_equal(fx_find(&dl, WB_TAG_DETAIL, 1, WB_DL_FILL)->color, WB_COL_PANEL);

    /*
     * The board live, but this channel's publishers silent, or it resyncing: its page is
     * drawn as its tile is, dimmed with no level (STALE, RESYNCING), not in the alarm's red.
     */
    v->stale = false;
    v->last_rx = FX_T - 400;
    for (int k = 0; k < 2; k++) {
        v->ch[1].silent = k == 0;
        v->ch[1].m.resyncing = k == 1;
        assert_int_equal(build_detail(&dl, 1920, 1080, v, 1, WB_LANG_EN), 0);
        assert_null(fx_find(&dl, WB_TAG_LEVEL, 1, WB_DL_TEXT));
        assert_string_equal(fx_text_of(&dl, WB_TAG_STATUS, 1), k == 0 ? "STALE" : "RESYNCING");
        assert_int_equal(fx_find(&dl, WB_TAG_WAITING, 1, WB_DL_TEXT)->color, WB_COL_TEXT_DIM);
        assert_int_equal(fx_find(&dl, WB_TAG_DETAIL, 1, WB_DL_FILL)->color, WB_COL_PANEL);
    }
    wb_dlist_fini(&dl);
    free(v);
}

static void many_queues(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(2);
    add_queues(v, 1, 40);
    for (int s = 0; s < N_BIG; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        wb_dlist dl;
        wb_dlist_init(&dl);
        assert_int_equal(build_detail(&dl, w, h, v, 1, WB_LANG_EN), 0);
        check_geometry(&dl, w, h);
        /* Rows shown + "+N more" account for all 40 queues. */
        int shown = 0;
        for (int qi = 2; qi < 42; qi++)
            shown += fx_find(&dl, WB_TAG_DETAIL_QUEUE, qi, WB_DL_TEXT) != NULL;
        assert_true(shown > 0 && shown < 40);
        char more[32];
        snprintf(more, sizeof more, "+%d more", 40 - shown);
        if (!fx_text(&dl, more))
            fail_msg("%dx%d: %d rows shown, no '%s'", w, h, shown, more);
        /* The rows shown are the first ones. */
        for (int qi = 2; qi < 2 + shown; qi++)
            assert_non_null(fx_find(&dl, WB_TAG_DETAIL_QUEUE, qi, WB_DL_TEXT));
        wb_dlist_fini(&dl);
    }
    free(v);
}

/* The texts of tag WB_TAG_AGENTS on channel ch's page, in order; returns how many. */
static size_t agent_texts(const wb_dlist *dl, int ch, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->kind == WB_DL_TEXT && it->tag == WB_TAG_AGENTS && it->tile == ch) {
            if (n < cap)
                out[n] = wb_dl_text(dl, it);
            n++;
        }
    }
    return n;
}

/* Fails unless every agents line of channel ch's page is whole: no ellipsis (shortened). */
static void agents_whole(const wb_dlist *dl, int ch, int w, int h, wb_lang lang)
{
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->kind == WB_DL_TEXT && it->tag == WB_TAG_AGENTS && it->tile == ch &&
            strstr(wb_dl_text(dl, it), ELLIPSIS_S))
            fail_msg("%dx%d %s: agents line cut: '%s'", w, h, lang == WB_LANG_FI ? "fi" : "en",
                     wb_dl_text(dl, it));
    }
}

/*
 * The agents of the page, named so that the two busy figures cannot be taken for each other.
 * Phone is served by 10 agents signed in: 2 available; 5 busy, 3 of them with a phone call and
 * 2 with an e-mail; 2 in wrap-up, 1 after a call and 1 after a chat; 1 paused. 2 + 5 + 2 + 1 =
 * 10. Busy on this channel is 3 (of the 5), wrap-up on this channel 1 (of the 2). The first
 * line says "on this channel" at each figure; the second opens with "On any channel", so that
 * its "busy 5" is never read as the first line's busy 3 (Finnish: "Missä tahansa",
 * anywhere, against "tällä kanavalla"). The same in Finnish, at every size,
 * the smallest windows (480x320, 320x480) included, whole (no ellipsis) and inside its box.
 */
static void agents_say_which_busy(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(2);
    wb_channel_metrics *m = &v->ch[0].m;
    m->agents[WB_AGENT_AVAILABLE] = 2;
    m->agents[WB_AGENT_BUSY] = 5;
    m->agents[WB_AGENT_WRAPUP] = 2;
    m->agents[WB_AGENT_PAUSED] = 1;
    m->busy_here = 3;
    m->wrapup_here = 1;
    for (int s = 0; s < N_SIZES; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        wb_dlist dl;
        wb_dlist_init(&dl);
        assert_int_equal(build_detail(&dl, w, h, v, 0, WB_LANG_EN), 0);
        check_geometry(&dl, w, h);
        agents_whole(&dl, 0, w, h, WB_LANG_EN);
        const char *t[4];
        assert_int_equal(agent_texts(&dl, 0, t, 4), 2);
        assert_string_equal(t[0], "Busy on this channel 3 " MIDDOT_S " Wrap-up on this channel 1");
        assert_string_equal(t[1], "On any channel: available 2 " MIDDOT_S " busy 5 " MIDDOT_S
                                  " wrap-up 2 " MIDDOT_S " paused 1");
        assert_null(strstr(t[0], "Busy 3"));
        assert_int_equal(build_detail(&dl, w, h, v, 0, WB_LANG_FI), 0);
        check_geometry(&dl, w, h);
        agents_whole(&dl, 0, w, h, WB_LANG_FI);
        assert_int_equal(agent_texts(&dl, 0, t, 4), 2);
        assert_string_equal(t[0], "Varattu t\xC3\xA4ll\xC3\xA4 kanavalla 3 " MIDDOT_S
                                  " J\xC3\xA4lkity\xC3\xB6 t\xC3\xA4ll\xC3\xA4 kanavalla 1");
        assert_string_equal(t[1], "Miss\xC3\xA4 tahansa: vapaa 2 " MIDDOT_S " varattu 5 " MIDDOT_S
                                  " j\xC3\xA4lkity\xC3\xB6 2 " MIDDOT_S " tauko 1");
        wb_dlist_fini(&dl);
    }
    free(v);
}

static void no_queues_and_no_channel(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(2);
    wb_dlist dl;
    wb_dlist_init(&dl);
    assert_int_equal(build_detail(&dl, 800, 480, v, 0, WB_LANG_EN), 0);
    assert_non_null(fx_text(&dl, "No queues seen for this channel"));
    assert_non_null(fx_text(&dl, "Tap to go back"));
    /* Finnish. */
    assert_int_equal(build_detail(&dl, 800, 480, v, 0, WB_LANG_FI), 0);
    assert_non_null(fx_text(&dl, "Napauta palataksesi"));
    assert_non_null(fx_text(&dl, "Jonossa"));
    /* A channel that is gone (a reload removed it): said so, nothing else drawn for it. */
    assert_int_equal(build_detail(&dl, 800, 480, v, 5, WB_LANG_EN), 0);
    assert_non_null(fx_text(&dl, "No such channel"));
    assert_null(fx_find(&dl, WB_TAG_DETAIL, 5, WB_DL_FILL));
    assert_int_equal(build_detail(&dl, 800, 480, v, -1, WB_LANG_EN), 0);
    assert_non_null(fx_text(&dl, "No such channel"));
    wb_dlist_fini(&dl);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(figures_and_queues),        cmocka_unit_test(queue_rows_label_and_level),
        cmocka_unit_test(level_in_words_and_colour), cmocka_unit_test(many_queues),
        cmocka_unit_test(no_queues_and_no_channel),  cmocka_unit_test(agents_say_which_busy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
