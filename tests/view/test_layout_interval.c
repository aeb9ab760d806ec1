/*
 * test_layout_interval.c - the interval page at 1920x1080, 800x480 and 1080x1920: a panel per
 * channel, bars in proportion and in the right place, the SL line's points against the
 * target, the current interval marked, hour labels that never meet, everything on screen; and
 * the worst interval named on the days the clocks change (the zone added to a local time that
 * comes twice).
 *
 * The day (UTC, 15-minute intervals; now is 10:15:30, interval 41), worked by hand:
 *   phone  interval 32 (08:00): 10 answered, 10 within T           SL 100 %
 *          interval 36 (09:00):  6 answered, 3 within T, 4 abandoned SL 3 / 10 = 30 %
 *          interval 40 (10:00):  5 answered, 5 within T           SL 100 %
 *   chat   interval 38 (09:30):  2 answered, 2 within T           SL 100 %
 * The outcomes span 32..41, whole hours 32..43 (08:00-11:00), three hours: one more hour
 * before makes the four shown at least, intervals 28..43 (07:00-11:00), 16 of them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "layout_fixture.h"
#include "layout_int.h"

#define NIV 96
#define DAY_START (FX_T - (wb_ms)(10 * 3600 + 15 * 60 + 30) * 1000)

static wb_counts rows[2 * NIV];
static wb_lay_intervals ivs;

static void make_day(void)
{
    memset(rows, 0, sizeof rows);
    rows[32] = (wb_counts){.answered = 10, .answered_in_sl = 10};
    rows[36] = (wb_counts){.answered = 6, .answered_in_sl = 3, .abandoned = 4};
    rows[40] = (wb_counts){.answered = 5, .answered_in_sl = 5};
    rows[NIV + 38] = (wb_counts){.answered = 2, .answered_in_sl = 2};
    ivs = (wb_lay_intervals){
        .day_start = DAY_START, .width = 15 * 60000, .n = NIV, .n_rows = 2, .c = rows};
}

static void build(wb_dlist *dl, const wb_board_view *v, int w, int h, const wb_lay_intervals *iv)
{
    wb_layout_in in = {.w = w,
                       .h = h,
                       .page = WB_PAGE_INTERVALS,
                       .lang = WB_LANG_EN,
                       .view = v,
                       .rx_now = v->now,
                       .cfg = &fx_cfg,
                       .intervals = iv,
                       .flash_on = true,
                       .measure = fx_measure};
    assert_int_equal(wb_layout_build(dl, &in), 0);
}

static size_t collect(const wb_dlist *dl, wb_dl_tag tag, int tile, wb_dl_kind kind,
                      const wb_dl_item **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const wb_dl_item *it = &dl->items[i];
        if (it->tag == tag && it->tile == tile && it->kind == kind) {
            if (n < cap)
                out[n] = it;
            n++;
        }
    }
    return n;
}

static bool has_text(const wb_dlist *dl, wb_dl_tag tag, int tile, const char *s)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].kind == WB_DL_TEXT && dl->items[i].tag == tag &&
            dl->items[i].tile == tile && strcmp(wb_dl_text(dl, &dl->items[i]), s) == 0)
            return true;
    return false;
}

static void check_screen(int w, int h)
{
    fx_make_cfg();
    /* The default formula, which the fixture leaves unset: SL = within T / offered. */
    fx_cfg.channels[0].formula = fx_cfg.channels[1].formula = WB_SL_OFFERED;
    make_day();
    wb_board_view *v = fx_view(2);
    v->ch[0].m.today.sl = 0.82;
    wb_dlist dl;
    wb_dlist_init(&dl);
    build(&dl, v, w, h, &ivs);

    /* Everything on screen. */
    for (size_t i = 0; i < dl.n; i++) {
        wb_rect b = dl.items[i].box;
        assert_true(b.x >= 0 && b.y >= 0 && b.x + b.w <= w && b.y + b.h <= h);
    }
    /* A panel each, apart. */
    const wb_dl_item *p0[2], *p1[2];
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 0, WB_DL_FILL, p0, 2), 1);
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 1, WB_DL_FILL, p1, 2), 1);
    assert_false(fx_overlap(p0[0]->box, p1[0]->box));

    /* Phone: answered bars for 32, 36 and 40, left to right, one abandoned bar (36). */
    const wb_dl_item *ans[4], *abn[2];
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, 0, WB_DL_FILL, ans, 4), 3);
    assert_int_equal(collect(&dl, WB_TAG_IV_ABANDONED, 0, WB_DL_FILL, abn, 2), 1);
    assert_true(ans[0]->box.x < ans[1]->box.x && ans[1]->box.x < ans[2]->box.x);
    /* Four intervals apart each time: equal steps (one pixel of rounding). */
    int step1 = ans[1]->box.x - ans[0]->box.x, step2 = ans[2]->box.x - ans[1]->box.x;
    assert_true(abs(step1 - step2) <= 1);
    int slot = step1 / 4;
    assert_true(slot >= 2);
    /* Hour grid lines fall on whole hours: a whole number of hours (step1) from bar 32's left
     * edge, which is 08:00. */
    const wb_dl_item *hours[32];
    size_t nh = collect(&dl, WB_TAG_IV_HOUR, 0, WB_DL_FILL, hours, 32);
    assert_true(nh >= 1 && nh <= 5);
    for (size_t i = 0; i < nh && i < 32; i++) {
        int d = hours[i]->box.x - ans[0]->box.x;
        int k = (int)lround((double)d / step1);
        assert_true(abs(d - k * step1) <= 2);
    }
    /* Heights: 32 and 36 both offered 10 (the largest), 40 offered 5. */
    int full = ans[0]->box.h;
    assert_true(full > 10);
    assert_true(abs(ans[1]->box.h + abn[0]->box.h - full) <= 1);
    assert_true(abs(ans[1]->box.h * 10 - 6 * full) <= 10);
    assert_true(abs(abn[0]->box.h * 10 - 4 * full) <= 10);
    assert_true(abs(ans[2]->box.h * 10 - 5 * full) <= 10);
    /* Stacked: the abandoned part sits on the answered part; all bars stand on one baseline. */
    assert_int_equal(abn[0]->box.y + abn[0]->box.h, ans[1]->box.y);
    assert_int_equal(ans[0]->box.y + ans[0]->box.h, ans[2]->box.y + ans[2]->box.h);
    /* Chat: one bar. */
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, 1, WB_DL_FILL, ans + 3, 1), 1);

    /* The current interval (41) is marked one slot right of bar 40, and says "now". */
    const wb_dl_item *now[2];
    assert_int_equal(collect(&dl, WB_TAG_IV_NOW, 0, WB_DL_FILL, now, 2), 1);
    assert_true(abs(now[0]->box.x - ans[2]->box.x - slot) <= 1);
    assert_true(has_text(&dl, WB_TAG_IV_NOW, 0, "now"));

    /* The SL points: three, the one under the target (interval 36, 30 %) in the alarm colour
     * and below the target line; the other two above it. */
    const wb_dl_item *pts[8], *tgt[2];
    size_t np = collect(&dl, WB_TAG_IV_SL, 0, WB_DL_FILL, pts, 8);
    assert_int_equal(np, 4); /* the band and three points */
    assert_int_equal(collect(&dl, WB_TAG_IV_TARGET, 0, WB_DL_POLYLINE, tgt, 2), 1);
    int yt = dl.pts[tgt[0]->pt0].y;
    const wb_dl_item *band = pts[0];
    int red = 0;
    for (size_t i = 1; i < np; i++) {
        int cy = pts[i]->box.y + pts[i]->box.h / 2;
        if (pts[i]->color == WB_COL_ALARM) {
            red++;
            assert_true(cy > yt);
            /* 30 % is 70 % of the way down the band. */
            int expect = band->box.y + (int)(0.7 * band->box.h);
            assert_true(abs(cy - expect) <= band->box.h / 10 + 2);
        } else {
            assert_true(cy < yt);
        }
    }
    assert_int_equal(red, 1);
    /* The target line is at 80 %: a fifth of the way down the band. */
    assert_true(abs(yt - (band->box.y + band->box.h / 5)) <= band->box.h / 20 + 2);

    /* Hour labels never meet one another or "now". */
    const wb_dl_item *lab[32];
    size_t nl = collect(&dl, WB_TAG_IV_HOUR, 0, WB_DL_TEXT, lab, 32);
    assert_true(nl >= 2);
    assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "08:00") ||
                has_text(&dl, WB_TAG_IV_HOUR, 0, "09:00"));
    const wb_dl_item *nowt = NULL;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].kind == WB_DL_TEXT && dl.items[i].tag == WB_TAG_IV_NOW &&
            dl.items[i].tile == 0)
            nowt = &dl.items[i];
    assert_non_null(nowt);
    for (size_t i = 0; i < nl; i++) {
        int wi = 0, hi = 0;
        fx_measure(NULL, lab[i]->font, lab[i]->px, wb_dl_text(&dl, lab[i]), &wi, &hi);
        wb_rect ri = rect(lab[i]->box.x, lab[i]->box.y, wi, hi);
        assert_false(fx_overlap(ri, nowt->box));
        for (size_t k = i + 1; k < nl; k++)
            assert_false(fx_overlap(ri, lab[k]->box));
    }

    /*
     * The title: SL today, the target and the worst interval; where that long line would be
     * under half the title's height (the narrow portrait panels), without the worst interval.
     */
    if (w > h) {
        assert_true(has_text(&dl, WB_TAG_SL_TODAY, 0,
                             "SL today 82% " MIDDOT " target 80% " MIDDOT " worst 09:00: 30%"));
    } else {
        assert_true(has_text(&dl, WB_TAG_SL_TODAY, 0, "SL today 82% " MIDDOT " target 80%"));
    }
    assert_true(has_text(&dl, WB_TAG_SL_TODAY, 1, "SL today 82% " MIDDOT " target 80%"));
    /* Whatever the level, the status line is at least half the title's height. */
    const wb_dl_item *tt[2], *st[2];
    assert_int_equal(collect(&dl, WB_TAG_TILE_TITLE, 0, WB_DL_TEXT, tt, 2), 1);
    assert_int_equal(collect(&dl, WB_TAG_SL_TODAY, 0, WB_DL_TEXT, st, 2), 1);
    assert_true(st[0]->px * 2 >= tt[0]->box.h);
    /* Both status lines in one size, so that the panels read alike. */
    int spx = -1;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].kind == WB_DL_TEXT && dl.items[i].tag == WB_TAG_SL_TODAY) {
            if (spx < 0)
                spx = dl.items[i].px;
            assert_int_equal(dl.items[i].px, spx);
        }
    /* Readable across a room: the titles at least 1/60 of the short side, 12 px at least. */
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].kind == WB_DL_TEXT && dl.items[i].tag == WB_TAG_TILE_TITLE)
            assert_true(dl.items[i].px >= imax(12, imin(w, h) / 60));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * An interval at 0 % (interval 36, 09:00: 6 answered, none within T, 4 abandoned) gets the big
 * alarm mark at the foot of the SL band; the mark stays inside the band, so it covers no hour
 * label (09:00 is the hour that interval starts) and nothing of the "now" label. Every size,
 * down to the smallest windows; an interval at 100 % keeps its mark inside the band too.
 */
static void test_zero_mark_leaves_hour(void **state)
{
    (void)state;
    fx_make_cfg();
    fx_cfg.channels[0].formula = fx_cfg.channels[1].formula = WB_SL_OFFERED;
    make_day();
    rows[36] = (wb_counts){.answered = 6, .answered_in_sl = 0, .abandoned = 4};
    wb_board_view *v = fx_view(2);
    wb_dlist dl;
    wb_dlist_init(&dl);
    static const int sizes[][2] = {{1920, 1080}, {800, 480}, {1080, 1920}, {480, 320}, {320, 480}};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        build(&dl, v, w, h, &ivs);
        const wb_dl_item *pts[8], *lab[32];
        size_t np = collect(&dl, WB_TAG_IV_SL, 0, WB_DL_FILL, pts, 8);
        assert_int_equal(np, 4); /* the band and three points */
        const wb_dl_item *band = pts[0];
        int red = 0;
        for (size_t i = 1; i < np; i++) {
            assert_true(fx_inside(pts[i]->box, band->box));
            red += pts[i]->color == WB_COL_ALARM;
            /* The 0 % mark sits on the band's foot. */
            if (pts[i]->color == WB_COL_ALARM)
                assert_int_equal(pts[i]->box.y + pts[i]->box.h, band->box.y + band->box.h);
        }
        assert_int_equal(red, 1);
        size_t nl = collect(&dl, WB_TAG_IV_HOUR, 0, WB_DL_TEXT, lab, 32);
        assert_true(nl >= 1);
        bool nine = false;
        for (size_t k = 0; k < nl && k < 32; k++) {
            nine |= strcmp(wb_dl_text(&dl, lab[k]), "09:00") == 0;
            for (size_t i = 1; i < np; i++)
                assert_false(fx_overlap(pts[i]->box, lab[k]->box));
        }
        print_message("%dx%d: %zu hour labels%s\n", w, h, nl, nine ? ", 09:00 among them" : "");
        if (z == 0)
            assert_true(nine);
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].kind == WB_DL_TEXT && dl.items[i].tag == WB_TAG_IV_NOW)
                for (size_t k = 1; k < np; k++)
                    assert_false(fx_overlap(pts[k]->box, dl.items[i].box));
    }
    wb_dlist_fini(&dl);
    free(v);
}

static void test_1920x1080(void **state)
{
    (void)state;
    check_screen(1920, 1080);
}

static void test_800x480(void **state)
{
    (void)state;
    check_screen(800, 480);
}

static void test_1080x1920(void **state)
{
    (void)state;
    check_screen(1080, 1920);
}

/* No intervals (before the first outcome, or not filled): a sentence, no panel. */
static void test_nothing_yet(void **state)
{
    (void)state;
    fx_make_cfg();
    wb_board_view *v = fx_view(2);
    wb_dlist dl;
    wb_dlist_init(&dl);
    build(&dl, v, 1920, 1080, NULL);
    assert_true(has_text(&dl, WB_TAG_STATUS, -1, "No contacts yet today"));
    const wb_dl_item *p[1];
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 0, WB_DL_FILL, p, 1), 0);
    wb_dlist_fini(&dl);
    free(v);
}

/* Six channels in landscape: two columns of three; in portrait one column of six. */
static void test_many_channels(void **state)
{
    (void)state;
    fx_make_cfg();
    static wb_counts six[6 * NIV];
    memset(six, 0, sizeof six);
    for (int r = 0; r < 6; r++)
        six[r * NIV + 30 + r] = (wb_counts){.answered = 1, .answered_in_sl = 1};
    wb_lay_intervals iv = {
        .day_start = DAY_START, .width = 15 * 60000, .n = NIV, .n_rows = 6, .c = six};
    wb_board_view *v = fx_view(6);
    wb_dlist dl;
    wb_dlist_init(&dl);
    const int sizes[3][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    for (int k = 0; k < 3; k++) {
        build(&dl, v, sizes[k][0], sizes[k][1], &iv);
        const wb_dl_item *p[6];
        for (int r = 0; r < 6; r++)
            assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, r, WB_DL_FILL, p + r, 1), 1);
        for (int a = 0; a < 6; a++)
            for (int b = a + 1; b < 6; b++)
                assert_false(fx_overlap(p[a]->box, p[b]->box));
        bool two_cols = p[1]->box.x > p[0]->box.x;
        assert_true(two_cols == (sizes[k][0] > sizes[k][1]));
    }
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * Five channels where not every panel is readable, 480x320 and 320x480: the panels drawn and
 * the channels named on the line under them ("+1 more: Web form") add up to the five, each
 * once, the note naming exactly those without a panel. Where all fit (800x480) there is no
 * note. Web form (and Social at 320x480) had been dropped with nothing said.
 */
static void test_none_dropped_silently(void **state)
{
    (void)state;
    fx_make_cfg();
    static wb_counts five[5 * NIV];
    memset(five, 0, sizeof five);
    for (int r = 0; r < 5; r++)
        five[r * NIV + 30 + r] = (wb_counts){.answered = 1, .answered_in_sl = 1};
    wb_lay_intervals iv = {
        .day_start = DAY_START, .width = 15 * 60000, .n = NIV, .n_rows = 5, .c = five};
    wb_board_view *v = fx_view(5);
    wb_dlist dl;
    wb_dlist_init(&dl);
    const int sizes[3][2] = {{480, 320}, {320, 480}, {800, 480}};
    for (int k = 0; k < 3; k++) {
        build(&dl, v, sizes[k][0], sizes[k][1], &iv);
        /* The legend's words stay on the screen, and "target" ends with its word. */
        for (size_t i = 0; i < dl.n; i++) {
            const wb_dl_item *it = &dl.items[i];
            if (it->tag != WB_TAG_LABEL || it->kind != WB_DL_TEXT)
                continue;
            if (it->box.x + it->box.w > sizes[k][0])
                fail_msg("%dx%d: '%s' runs off the screen", sizes[k][0], sizes[k][1],
                         wb_dl_text(&dl, it));
            assert_true(strcmp(wb_dl_text(&dl, it), "target ") != 0);
        }
        bool panel[5];
        int panels = 0;
        for (int r = 0; r < 5; r++) {
            const wb_dl_item *p;
            panel[r] = collect(&dl, WB_TAG_IV_PANEL, r, WB_DL_FILL, &p, 1) == 1;
            panels += panel[r];
        }
        const wb_dl_item *note = fx_text(&dl, " more");
        if (panels == 5) {
            assert_null(note);
            continue;
        }
        if (!note)
            fail_msg("%dx%d: %d panels of 5 and no note", sizes[k][0], sizes[k][1], panels);
        char want[128];
        int len = snprintf(want, sizeof want, "+%d more", 5 - panels);
        for (int r = 0, first = 1; r < 5; r++)
            if (!panel[r]) {
                len += snprintf(want + len, sizeof want - (size_t)len, "%s%s", first ? ": " : ", ",
                                FX_LABELS[r]);
                first = 0;
            }
        assert_string_equal(wb_dl_text(&dl, note), want);
        /* The panels drawn are the first ones: the note names the last. */
        assert_true(panel[0] && !panel[4]);
    }
    wb_dlist_fini(&dl);
    free(v);
}

/* Stale data: nothing green (the colour of "ok") and no alarm red, the history still drawn. */
static void test_stale(void **state)
{
    (void)state;
    fx_make_cfg();
    fx_cfg.channels[0].formula = WB_SL_OFFERED;
    make_day();
    wb_board_view *v = fx_view(2);
    v->stale = true;
    wb_dlist dl;
    wb_dlist_init(&dl);
    build(&dl, v, 1920, 1080, &ivs);
    const wb_dl_item *it[4];
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, 0, WB_DL_FILL, it, 4), 3);
    for (size_t i = 0; i < dl.n; i++) {
        assert_int_not_equal(dl.items[i].color, WB_COL_OK);
        assert_int_not_equal(dl.items[i].color, WB_COL_IV_TARGET);
        if (dl.items[i].tag == WB_TAG_IV_SL)
            assert_int_not_equal(dl.items[i].color, WB_COL_ALARM);
    }
    wb_dlist_fini(&dl);
    free(v);
}

/* Queue panels instead of channels: called by channel and queue, their own bars. */
static void test_queue_rows(void **state)
{
    (void)state;
    fx_make_cfg();
    make_day();
    wb_board_view *v = fx_view(2);
    v->n_queues = 2;
    v->q[0] = (wb_queue_metrics){.name = "sales-fi", .channel = 0};
    v->q[0].today.sl = 0.5;
    v->q[1] = (wb_queue_metrics){.name = "phone", .channel = 0};
    v->q[1].today.sl = NAN;
    static wb_counts qc[2 * NIV];
    memset(qc, 0, sizeof qc);
    qc[36] = (wb_counts){.answered = 1, .abandoned = 1};
    qc[NIV + 40] = (wb_counts){.answered = 2, .answered_in_sl = 2};
    qc[NIV + 41] = (wb_counts){.answered = 1, .answered_in_sl = 1};
    size_t which[2] = {0, 1};
    wb_lay_intervals iv = ivs;
    iv.n_queues = 2;
    iv.queue = which;
    iv.qc = qc;
    wb_dlist dl;
    wb_dlist_init(&dl);
    build(&dl, v, 1920, 1080, &iv);
    const wb_dl_item *it[4];
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 0, WB_DL_FILL, it, 1), 0);
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, WB_MAX_CHANNELS, WB_DL_FILL, it, 1), 1);
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, WB_MAX_CHANNELS + 1, WB_DL_FILL, it, 1), 1);
    assert_true(has_text(&dl, WB_TAG_TILE_TITLE, WB_MAX_CHANNELS, "Phone " MIDDOT " sales-fi"));
    assert_true(has_text(&dl, WB_TAG_TILE_TITLE, WB_MAX_CHANNELS + 1, "Phone"));
    assert_true(has_text(&dl, WB_TAG_SL_TODAY, WB_MAX_CHANNELS + 1,
                         "SL today " EM_DASH " " MIDDOT " target 80%"));
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, WB_MAX_CHANNELS, WB_DL_FILL, it, 4), 1);
    assert_int_equal(collect(&dl, WB_TAG_IV_ABANDONED, WB_MAX_CHANNELS, WB_DL_FILL, it, 4), 1);
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, WB_MAX_CHANNELS + 1, WB_DL_FILL, it, 4), 2);

    /* One channel only: chat's panel fills the page, phone's is gone. */
    wb_lay_intervals one = ivs;
    one.only_channel = "chat";
    build(&dl, v, 1920, 1080, &one);
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 0, WB_DL_FILL, it, 1), 0);
    assert_int_equal(collect(&dl, WB_TAG_IV_PANEL, 1, WB_DL_FILL, it, 1), 1);
    assert_true(it[0]->box.w > 1920 / 2 && it[0]->box.h > 1080 / 2);
    assert_int_equal(collect(&dl, WB_TAG_IV_ANSWERED, 1, WB_DL_FILL, it, 4), 1);
    wb_dlist_fini(&dl);
    free(v);
}

/* Finnish: the page's words and the local time written with a dot. */
static void test_finnish(void **state)
{
    (void)state;
    fx_make_cfg();
    make_day();
    wb_board_view *v = fx_view(2);
    wb_dlist dl;
    wb_dlist_init(&dl);
    wb_layout_in in = {.w = 1920,
                       .h = 1080,
                       .page = WB_PAGE_INTERVALS,
                       .lang = WB_LANG_FI,
                       .view = v,
                       .cfg = &fx_cfg,
                       .intervals = &ivs,
                       .measure = fx_measure};
    assert_int_equal(wb_layout_build(&dl, &in), 0);
    assert_true(has_text(&dl, WB_TAG_IV_NOW, 0, "nyt"));
    assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "08.00") ||
                has_text(&dl, WB_TAG_IV_HOUR, 0, "09.00"));
    wb_dlist_fini(&dl);
    free(v);
}

/*
 * The worst interval named on the days the clocks change, in Europe/Helsinki, worked by hand.
 * 2026-10-25 (clocks back from 04:00 EEST to 03:00 EET): 2025-11-25 is day 20417, 2026-10-24
 * is 333 days later, day 20750; local midnight is 21:00 UTC the day before, 1792875600 s, and
 * the day has 25 hours, 100 intervals. Interval 12 starts 3 h later at 03:00 EEST (UTC+3) and
 * interval 16 at 4 h, 03:00 EET (UTC+2): two intervals called 03:00, so the title adds the zone.
 * Interval 20 (04:00 EET) comes once: no zone. 2026-03-29 (clocks forward from 03:00 EET to
 * 04:00 EEST): midnight is 22:00 UTC on day 20540 (210 days before 2026-10-24), 1774735200 s;
 * interval 12 starts 3 h later, at 04:00 EEST, and 11 at 02:45 EET; there is no 03:00.
 * Every interval from 4 to 25 has one contact answered within T, the worst one two answered over
 * T: 0 %. The hour row names the two 03:00 of the autumn day by their zones too.
 */
static wb_counts dst_rows[100];

static void worst_on(wb_ms day_start, size_t n, size_t bad, const char *want)
{
    fx_make_cfg();
    snprintf(fx_cfg.tz, sizeof fx_cfg.tz, "Europe/Helsinki");
    fx_cfg.channels[0].formula = WB_SL_OFFERED;
    memset(dst_rows, 0, sizeof dst_rows);
    for (size_t i = 4; i <= 25; i++)
        dst_rows[i] =
            i == bad ? (wb_counts){.answered = 2} : (wb_counts){.answered = 1, .answered_in_sl = 1};
    wb_lay_intervals iv = {
        .day_start = day_start, .width = 15 * 60000, .n = n, .n_rows = 1, .c = dst_rows};
    wb_board_view *v = fx_view(1);
    v->now = day_start + 25 * 15 * 60000 + 60000; /* in interval 25 */
    v->last_rx = v->now;
    v->ch[0].m.today.sl = 0.9;
    wb_dlist dl;
    wb_dlist_init(&dl);
    build(&dl, v, 1920, 1080, &iv);
    char line[160];
    snprintf(line, sizeof line, "SL today 90%% " MIDDOT " target 80%% " MIDDOT " worst %s: 0%%",
             want);
    const wb_dl_item *st[2];
    assert_int_equal(collect(&dl, WB_TAG_SL_TODAY, 0, WB_DL_TEXT, st, 2), 1);
    assert_string_equal(wb_dl_text(&dl, st[0]), line);
    /* The hour row the same way: the two 03:00 of the autumn day by their zones, and no 03:00
     * at all on the spring day. */
    if (n == 100) {
        assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "03:00 EEST"));
        assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "03:00 EET"));
        assert_false(has_text(&dl, WB_TAG_IV_HOUR, 0, "03:00"));
    } else {
        assert_false(has_text(&dl, WB_TAG_IV_HOUR, 0, "03:00"));
        assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "02:00"));
        assert_true(has_text(&dl, WB_TAG_IV_HOUR, 0, "04:00"));
    }
    wb_dlist_fini(&dl);
    free(v);
    fx_cfg.tz[0] = 0;
}

static void test_worst_on_dst_days(void **state)
{
    (void)state;
    const wb_ms autumn = (wb_ms)1792875600 * 1000, spring = (wb_ms)1774735200 * 1000;
    worst_on(autumn, 100, 16, "03:00 EET");
    worst_on(autumn, 100, 12, "03:00 EEST");
    worst_on(autumn, 100, 15, "03:45 EEST");
    worst_on(autumn, 100, 20, "04:00");
    worst_on(autumn, 100, 11, "02:45");
    worst_on(spring, 92, 12, "04:00");
    worst_on(spring, 92, 11, "02:45");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_1920x1080),
        cmocka_unit_test(test_800x480),
        cmocka_unit_test(test_1080x1920),
        cmocka_unit_test(test_nothing_yet),
        cmocka_unit_test(test_many_channels),
        cmocka_unit_test(test_finnish),
        cmocka_unit_test(test_none_dropped_silently),
        cmocka_unit_test(test_queue_rows),
        cmocka_unit_test(test_stale),
        cmocka_unit_test(test_worst_on_dst_days),
        cmocka_unit_test(test_zero_mark_leaves_hour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
