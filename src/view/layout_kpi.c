/*
 * layout_kpi.c - KPI tiles: one figure from outside the ACD (NPS, FCR, a quality score...)
 * per tile, and the page of all of them in a grid.
 *
 * A tile shows what the figure is (its label, scope and period), its value as the biggest
 * text, the target and the direction of good (an arrow and words), its level like a channel
 * tile's (the border's colour and shape, a symbol and a word; a figure with nothing to judge
 * it against says so and stays neutral) and a sparkline of today's values with the target as
 * a line across it. Small tiles keep the title, the value and the target.
 *
 * Data structure: the label tables below (English and Finnish), constant; nothing is kept
 * between builds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "layout_int.h"
#include "wb_time.h"

#define UP_ARROW "\xE2\x86\x91"   /* U+2191 */
#define DOWN_ARROW "\xE2\x86\x93" /* U+2193 */

/* higher_short and lower_short: the direction of good where a small tile has no room. */
typedef struct kpi_labels {
    const char *page, *none, *target, *higher, *lower, *higher_short, *lower_short, *no_target,
        *today, *ticker_fmt, *as_of_fmt, *since_fmt;
} kpi_labels;

static const kpi_labels LABELS[WB_LANG_COUNT] = {
    [WB_LANG_EN] = {"KPIs", "No KPI figures yet", "Target", "higher is better", "lower is better",
                    "higher", "lower", "no target", "Today", "%s: %s (alarm limit %s)",
                    "as of %02d:%02d", "Since %02d:%02d"},
    [WB_LANG_FI] = {"KPI-luvut", "Ei vielä KPI-lukuja", "Tavoite", "suurempi on parempi",
                    "pienempi on parempi", "suurempi", "pienempi", "ei tavoitetta", "Tänään",
                    "%s: %s (hälytysraja %s)", "klo %02d.%02d", "Klo %02d.%02d alkaen"},
};

static const kpi_labels *labels(const wb_lay_ctx *c)
{
    return &LABELS[c->in->lang == WB_LANG_FI ? WB_LANG_FI : WB_LANG_EN];
}

const char *wb_lay_kpi_page_name(const wb_lay_ctx *c)
{
    return labels(c)->page;
}

/* The configured label in the layout's language, then the English one, the publisher's, the id. */
static const char *kpi_label(const wb_lay_ctx *c, const wb_kpi_view *kv)
{
    if (kv->cfg) {
        if (c->in->lang == WB_LANG_FI && kv->cfg->label_fi[0])
            return kv->cfg->label_fi;
        if (kv->cfg->label_en[0])
            return kv->cfg->label_en;
    }
    return kv->k.label && kv->k.label[0] ? kv->k.label : kv->k.kpi;
}

/*
 * The configured short label in the layout's language, for a tile where the label would be
 * cut ("First contact resolu…" at 800x480); NULL when there is none. A Finnish screen takes
 * the English short form only where its label is the English one too.
 */
static const char *kpi_short_label(const wb_lay_ctx *c, const wb_kpi_view *kv)
{
    if (!kv->cfg)
        return NULL;
    const wb_kpi_cfg *k = kv->cfg;
    if (c->in->lang == WB_LANG_FI && (k->short_fi[0] || k->label_fi[0]))
        return k->short_fi[0] ? k->short_fi : NULL;
    return k->short_en[0] ? k->short_en : NULL;
}

/*
 * A figure as text with its unit: whole numbers without decimals, small ones with up to two
 * and others with one, trailing zeros dropped; a decimal comma and "82,5 %" in Finnish. A
 * measured figure (cut true) is cut down to those places, as every figure judged against a
 * threshold is (wb_lay_cut): 94.96 against an alarm below 95 shows 94.9, not 95. A target or
 * threshold is the configuration's number and is rounded.
 */
static void fmt_value(const wb_lay_ctx *c, char *buf, size_t n, double v, const char *unit,
                      bool cut)
{
    char num[48];
    if (!isfinite(v)) {
        snprintf(buf, n, EM_DASH);
        return;
    }
    int places = fabs(v) < 10 ? 2 : 1;
    snprintf(num, sizeof num, "%.*f", places, cut ? wb_lay_cut(v, places) : v);
    char *dot = strchr(num, '.');
    if (dot) {
        char *e = num + strlen(num) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
        else if (c->in->lang == WB_LANG_FI)
            *dot = ',';
    }
    if (strcmp(num, "-0") == 0)
        snprintf(num, sizeof num, "0");
    if (!unit || !unit[0])
        snprintf(buf, n, "%s", num);
    else if (strcmp(unit, "%") == 0 && !c->lb->pct_space)
        snprintf(buf, n, "%s%%", num);
    else
        snprintf(buf, n, "%s %s", num, unit);
}

/* What one tile needs to know about its figure. */
typedef struct kpi_tile {
    int i;
    const wb_kpi_view *kv;
    bool neutral; /* no level shown: stale board, or nothing to judge against */
    wb_color num; /* the value's colour */
} kpi_tile;

/*
 * Background and border as on a channel tile: ok a thin dark line, warn twice as thick and
 * amber, alarm three times as thick and red with a second, inner line. A KPI alarm does not
 * flash: figures arrive minutes apart and nobody acknowledges them. Returns the border width.
 */
static int frame(wb_lay_ctx *c, const kpi_tile *t, wb_rect r)
{
    wb_color bg = WB_COL_PANEL, border = WB_COL_OK_BORDER;
    int bt = imax(2, imin(r.w, r.h) / 110), taken = bt;
    wb_level lv = t->kv->j.level;
    if (t->neutral) {
        border = WB_COL_NODATA;
    } else if (lv == WB_LEVEL_WARN) {
        bg = WB_COL_TILE_WARN;
        border = WB_COL_WARN;
        taken = bt *= 2;
    } else if (lv == WB_LEVEL_ALARM) {
        bg = WB_COL_TILE_ALARM;
        border = WB_COL_ALARM;
        bt *= 3;
        taken = bt + 2 * imax(1, bt / 4);
    }
    wb_lay_fill(c, WB_TAG_KPI_TILE, t->i, r, bg);
    wb_lay_outline(c, WB_TAG_BORDER, t->i, r, border, bt);
    if (taken > bt) {
        int g = imax(1, bt / 4);
        wb_lay_outline(c, WB_TAG_BORDER, t->i, inset(r, bt + g), WB_COL_ALARM, g);
    }
    return taken;
}

/*
 * The level as a symbol and a word, right-aligned in tr (the alarm's on a filled badge, the
 * warning's in an outline), or a status when there is no level to show.
 */
static void level_badge(wb_lay_ctx *c, const kpi_tile *t, wb_rect tr)
{
    char tag[64], alt[64];
    wb_color col = WB_COL_LABEL;
    wb_dl_tag tg = WB_TAG_STATUS;
    int badge = 0; /* 0 none, 1 outline (warn), 2 filled (alarm) */
    alt[0] = 0;
    if (c->no_data || t->kv->before_today) {
        snprintf(tag, sizeof tag, "%s", c->lb->stale);
        snprintf(alt, sizeof alt, "%s", c->lb->stale_short);
    } else if (!t->kv->j.judged) {
        snprintf(tag, sizeof tag, "%s", labels(c)->no_target);
    } else if (t->kv->j.level == WB_LEVEL_ALARM) {
        snprintf(tag, sizeof tag, WB_SYM_ALARM " %s", c->lb->lvl_alarm);
        snprintf(alt, sizeof alt, WB_SYM_ALARM " %s", c->lb->lvl_alarm_short);
        col = WB_COL_BG;
        tg = WB_TAG_LEVEL;
        badge = 2;
    } else if (t->kv->j.level == WB_LEVEL_WARN) {
        snprintf(tag, sizeof tag, WB_SYM_WARN " %s", c->lb->lvl_warn);
        snprintf(alt, sizeof alt, WB_SYM_WARN " %s", c->lb->lvl_warn_short);
        col = WB_COL_WARN;
        tg = WB_TAG_LEVEL;
        badge = 1;
    } else {
        snprintf(tag, sizeof tag, WB_SYM_OK " %s", c->lb->lvl_ok);
        col = blend(WB_COL_OK, WB_COL_PANEL, 0.75);
        tg = WB_TAG_LEVEL;
    }
    /* Fitted with room for the badge's padding: the badge is the text and four pads wide. */
    wb_lay_badge(c, t->i, tr, tg, col, tag, alt[0] ? alt : NULL, badge, 4);
}

/*
 * "Target 30" (or "no target"), its short form "/ 30" as a channel tile writes a target (for a
 * box where the word would cut the number off), and the direction of good as an arrow and
 * words.
 */
static void target_text(const wb_lay_ctx *c, const kpi_tile *t, bool shrt, char *tg, size_t tn,
                        char *tg_short, size_t tsn, char *dir, size_t dn)
{
    const kpi_labels *kl = labels(c);
    const wb_kpi_judge *j = &t->kv->j;
    if (j->has_target) {
        char v[48];
        fmt_value(c, v, sizeof v, j->target, t->kv->k.unit, false);
        snprintf(tg, tn, "%s %s", kl->target, v);
        snprintf(tg_short, tsn, "/ %s", v);
    } else {
        snprintf(tg, tn, "%s " EM_DASH, kl->target);
        snprintf(tg_short, tsn, "/ " EM_DASH);
    }
    bool lower = j->better == WB_BETTER_LOWER;
    const char *word =
        lower ? (shrt ? kl->lower_short : kl->lower) : (shrt ? kl->higher_short : kl->higher);
    snprintf(dir, dn, "%s %s", lower ? DOWN_ARROW : UP_ARROW, word);
}

/*
 * Today's values as a line, x by the quarter of an hour each is from, with the target as a
 * grey line across (the scale includes it, so that the line is always seen): the eye reads
 * at once whether and when the day went below it. No filled area: under a line that crosses
 * the target it would hide which side of the target the values are on.
 */
static void sparkline(wb_lay_ctx *c, const kpi_tile *t, wb_rect r)
{
    const wb_kpi_info *k = &t->kv->k;
    wb_lay_fill(c, WB_TAG_KPI_SPARK, t->i, r, 0x10161EFFu);
    if (r.w < 8 || r.h < 8 || k->n_points == 0)
        return;
    double lo = k->points[0], hi = k->points[0];
    for (size_t p = 1; p < k->n_points; p++) {
        lo = fmin(lo, k->points[p]);
        hi = fmax(hi, k->points[p]);
    }
    const wb_kpi_judge *j = &t->kv->j;
    if (j->has_target) {
        lo = fmin(lo, j->target);
        hi = fmax(hi, j->target);
    }
    /* A flat day still shows as a line in the middle, not at an edge. */
    double pad = (hi - lo) * 0.1;
    if (pad <= 0)
        pad = fmax(1.0, fabs(hi) * 0.05);
    lo -= pad;
    hi += pad;
    int thick = imax(1, r.h / 30);
    int inner_h = r.h - thick - 1;
    int s0 = k->point_slot[0], s1 = k->point_slot[k->n_points - 1];
    int span = imax(1, s1 - s0);
    bool dim = c->no_data;
    if (j->has_target) {
        int ty = r.y + thick / 2 + inner_h - (int)lround((j->target - lo) / (hi - lo) * inner_h);
        int tt = imax(1, thick * 2 / 3);
        wb_lay_fill(c, WB_TAG_KPI_SPARK, t->i, rect(r.x, ty - tt / 2, r.w, tt),
                    blend(WB_COL_LABEL, WB_COL_PANEL, 0.7));
    }
    size_t n = k->n_points, p0 = c->dl->npts;
    if (!wb_lay_grow((void **)&c->dl->pts, &c->dl->pts_cap, p0 + n, sizeof *c->dl->pts)) {
        c->dl->oom = true;
        return;
    }
    for (size_t p = 0; p < n; p++) {
        wb_point *pt = &c->dl->pts[p0 + p];
        pt->x = r.x + (int)((long)(k->point_slot[p] - s0) * (r.w - 1) / span);
        pt->y = r.y + thick / 2 + inner_h - (int)lround((k->points[p] - lo) / (hi - lo) * inner_h);
    }
    c->dl->npts += n;
    if (n == 1) {
        /* One value so far: a dot, where a line would need two. */
        wb_point pt = c->dl->pts[p0];
        int d = imax(3, thick * 3);
        wb_lay_fill(c, WB_TAG_KPI_SPARK, t->i, rect(pt.x, pt.y - d / 2, d, d),
                    dim ? WB_COL_TEXT_DIM : WB_COL_SPARK);
        return;
    }
    wb_dl_item *line = wb_lay_push(c->dl, WB_DL_POLYLINE, WB_TAG_KPI_SPARK, t->i, r,
                                   dim ? WB_COL_TEXT_DIM : WB_COL_SPARK);
    if (line) {
        line->pt0 = (uint32_t)p0;
        line->npts = (uint32_t)n;
        line->thick = thick;
    }
}

void wb_lay_kpi_tile(wb_lay_ctx *c, wb_rect r, size_t k)
{
    const wb_board_view *v = c->in->view;
    if (k >= v->n_kpis)
        return;
    kpi_tile t = {.i = (int)k, .kv = &v->kpi[k]};
    /* A figure from before today is yesterday's news: shown dimmed, with no level. */
    bool old = c->no_data || t.kv->before_today;
    t.neutral = old || !t.kv->j.judged;
    t.num = WB_COL_TEXT;
    if (old)
        t.num = WB_COL_TEXT_DIM;
    else if (t.kv->j.judged && t.kv->j.level == WB_LEVEL_ALARM)
        t.num = WB_COL_ALARM;
    else if (t.kv->j.judged && t.kv->j.level == WB_LEVEL_WARN)
        t.num = WB_COL_WARN;

    int bt = frame(c, &t, r);
    wb_rect in = inset(r, bt + imax(3, imin(r.w, r.h) / 40));
    if (in.w < 8 || in.h < 8)
        return;
    const wb_kpi_info *ki = &t.kv->k;
    const kpi_labels *kl = labels(c);
    char sub[600], val[64], tg[96], tg_short[64], dir[96];
    /*
     * A small tile (a kiosk panel, many figures) keeps what is read from afar: the label, the
     * scope and the level, the value, the target and the direction in short words; the
     * sparkline needs room.
     */
    bool compact = in.h < 170;
    wb_rect main = band(in, compact ? 0.46 : 0.26, compact ? 1.0 : 0.60);
    wb_rect right = slice(main, 0.58, 1.0);
    wb_rect dirb = band(right, 0.56, 0.9);
    fmt_value(c, val, sizeof val, ki->value, ki->unit, true);
    target_text(c, &t, compact, tg, sizeof tg, tg_short, sizeof tg_short, dir, sizeof dir);
    /* The direction in whole words where they read at two thirds of the size they would get. */
    if (!compact &&
        wb_lay_fit_px(c, WB_FONT_BOLD, right.h / 4, dir, dirb.w, dirb.h) < right.h / 4 * 2 / 3)
        target_text(c, &t, true, tg, sizeof tg, tg_short, sizeof tg_short, dir, sizeof dir);
    /* Where the figure is from and for when: "Voice · today". */
    if (ki->scope && ki->period)
        snprintf(sub, sizeof sub, "%s " MIDDOT " %s", ki->scope, ki->period);
    else
        snprintf(sub, sizeof sub, "%s", ki->scope ? ki->scope : ki->period ? ki->period : "");

    /* The label has the whole first row; the scope and the level share the second. */
    wb_rect title = band(in, 0, compact ? 0.2 : 0.12);
    wb_rect sr = band(in, compact ? 0.23 : 0.13, compact ? 0.42 : 0.23);
    wb_lay_text_alt(c, WB_TAG_KPI_TILE, t.i, title, WB_FONT_BOLD, title.h, WB_ALIGN_LEFT,
                    WB_COL_TEXT, kpi_label(c, t.kv), kpi_short_label(c, t.kv));
    /*
     * Where both would be cut ("Digital · tod…"), the scope alone: whose figure it is matters
     * more from across the room than the period, which larger screens show.
     */
    if (sub[0])
        wb_lay_text_alt(c, WB_TAG_KPI_TILE, t.i, slice(sr, 0, 0.55), WB_FONT_REGULAR, sr.h * 3 / 4,
                        WB_ALIGN_LEFT, WB_COL_LABEL, sub,
                        ki->scope && ki->period ? ki->scope : NULL);
    level_badge(c, &t, slice(sr, 0.57, 1.0));

    /* The value, as big as its box allows; the target and the direction beside it. */
    wb_lay_text(c, WB_TAG_KPI_VALUE, t.i, slice(main, 0, 0.56), WB_FONT_CONDENSED, main.h * 5 / 4,
                WB_ALIGN_LEFT, t.num, val);
    wb_lay_text_alt(c, WB_TAG_KPI_TARGET, t.i, band(right, 0.08, 0.5), WB_FONT_BOLD, right.h / 3,
                    WB_ALIGN_RIGHT, WB_COL_TEXT, tg, tg_short);
    /* Where even the short word would be cut, the arrow alone says which way is good. */
    const char *arrow = t.kv->j.better == WB_BETTER_LOWER ? DOWN_ARROW : UP_ARROW;
    wb_lay_text_alt(c, WB_TAG_KPI_TARGET, t.i, dirb, WB_FONT_BOLD, right.h / 4, WB_ALIGN_RIGHT,
                    WB_COL_LABEL, dir, arrow);
    if (compact)
        return;
    wb_rect cap = band(in, 0.63, 0.71);
    /*
     * The line is of the values this screen saw: a screen that joined at 10:58 (or heard
     * nothing for a while) has none from before, and "Today" over its short line would read
     * as the whole day's. A publisher may send a figure only when it changes, so no gap
     * between the screen's start and the first value says none was missed: the caption says
     * since when it listened whenever that is after midnight.
     */
    char since[48];
    struct tm wt;
    bool part = v->watched_from > v->day_start;
    if (part) {
        wb_localtime(v->watched_from, c->tz ? c->tz : "", &wt);
        snprintf(since, sizeof since, kl->since_fmt, wt.tm_hour, wt.tm_min);
    }
    wb_lay_text(c, WB_TAG_KPI_TILE, t.i, slice(cap, 0, 0.45), WB_FONT_REGULAR, cap.h, WB_ALIGN_LEFT,
                WB_COL_LABEL, part ? since : kl->today);
    /* When the figure was measured: a publisher that stopped leaves an old figure standing,
     * and its time says so. */
    struct tm tm;
    wb_localtime(ki->ts, c->tz ? c->tz : "", &tm);
    char asof[64];
    /*
     * Measured on an earlier day, the time alone would read as today's: the day is said too,
     * as the header writes a date ("as of Wed 25 Nov 16:45", "ke 25.11. klo 16.45").
     */
    if (t.kv->before_today && c->in->lang == WB_LANG_FI)
        snprintf(asof, sizeof asof, "%s %d.%d. klo %02d.%02d", c->lb->days[tm.tm_wday % 7],
                 tm.tm_mday, tm.tm_mon + 1, tm.tm_hour, tm.tm_min);
    else if (t.kv->before_today)
        snprintf(asof, sizeof asof, "as of %s %d %s %02d:%02d", c->lb->days[tm.tm_wday % 7],
                 tm.tm_mday, c->lb->months[tm.tm_mon % 12], tm.tm_hour, tm.tm_min);
    else
        snprintf(asof, sizeof asof, kl->as_of_fmt, tm.tm_hour, tm.tm_min);
    wb_lay_text(c, WB_TAG_KPI_TILE, t.i, slice(cap, 0.5, 1.0), WB_FONT_REGULAR, cap.h,
                WB_ALIGN_RIGHT, WB_COL_LABEL, asof);
    sparkline(c, &t, band(in, 0.72, 1.0));
}

bool wb_lay_kpi_ticker(const wb_lay_ctx *c, char *s, size_t n, size_t k)
{
    const wb_board_view *v = c->in->view;
    if (k >= v->n_kpis)
        return false;
    const wb_kpi_view *kv = &v->kpi[k];
    /* Only an alarm set by a threshold: a figure short of its target is a warning at most. */
    if (kv->before_today || !kv->j.judged || kv->j.level != WB_LEVEL_ALARM || !kv->cfg ||
        !kv->cfg->th.alarm_on)
        return false;
    char name[160], val[64], lim[64];
    if (kv->k.scope)
        snprintf(name, sizeof name, "%s " MIDDOT " %s", kpi_label(c, kv), kv->k.scope);
    else
        snprintf(name, sizeof name, "%s", kpi_label(c, kv));
    fmt_value(c, val, sizeof val, kv->k.value, kv->k.unit, true);
    fmt_value(c, lim, sizeof lim, kv->cfg->th.alarm, kv->k.unit, false);
    snprintf(s, n, labels(c)->ticker_fmt, name, val, lim);
    return true;
}

void wb_lay_kpis(wb_lay_ctx *c, wb_rect area)
{
    const wb_board_view *v = c->in->view;
    int n = (int)v->n_kpis;
    if (n == 0) {
        wb_lay_empty_note(c, area, labels(c)->none);
        return;
    }
    wb_lay_cells g;
    wb_lay_cells_for(c, n, area, &g);
    for (int i = 0; i < n; i++) {
        int row = i / g.cols, col = i % g.cols;
        /* A short last row is centred. */
        int in_row = row == g.rows - 1 ? n - row * g.cols : g.cols;
        wb_lay_kpi_tile(c, wb_lay_cell_tile(&g, area, row, col, in_row), (size_t)i);
    }
}
