/*
 * layout_interval.c - the interval page: today by interval, one panel per channel (or per
 * queue, when the input names queues), the picture a supervisor looks at to see when the day
 * went wrong.
 *
 * Each panel has a title row (channel, SL today against its target, the worst interval), a
 * bar per interval of the contacts offered (answered at the bottom, abandoned stacked on top,
 * so the whole bar is offered), and below the bars the service level of each interval as a
 * line against the target line, the points under the target in the alarm colour. Every panel
 * shares the same span of the day: whole hours from the first outcome (or the current
 * interval) to the current interval (or the last outcome), at least four hours, with local
 * hour labels underneath and the current interval shaded.
 *
 * Owns nothing: it reads the view and in->intervals and appends to the display list.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "layout_int.h"
#include "wb_time.h"

#define PANEL_MIN_H 90 /* a panel lower than this is not readable: fewer panels are drawn */
#define MIN_SPAN_H 4   /* hours shown at least */

typedef struct span {
    size_t first, last; /* intervals shown, inclusive */
    long cur;           /* the current interval, -1 when now is not today */
    size_t per_hour;    /* intervals per hour */
} span;

static uint64_t offered(const wb_counts *c)
{
    return (uint64_t)c->answered + c->abandoned;
}

/* What one panel draws: its name, its settings, its SL today and its n counters. */
typedef struct prow {
    int tile; /* its items' tile: the channel index, or WB_MAX_CHANNELS + the queue row */
    char label[2 * WB_MAX_STR_BYTES + 8];
    const wb_channel_cfg *cfg; /* target and formula; NULL: the defaults */
    double sl_today;
    const wb_counts *c;
    char status[256]; /* the title's right side */
} prow;

#define MAX_ROWS 64

/*
 * The panels: the queue rows when the input names any, else the channels that are configured
 * or had data, in the view's order (or the one channel the input names). A queue is called by its
 * channel and its name (by its channel alone when the two are the same).
 */
static size_t panel_rows(const wb_lay_ctx *c, const wb_lay_intervals *iv, prow *out)
{
    const wb_board_view *v = c->in->view;
    size_t n = 0;
    if (iv->n_queues > 0 && iv->queue && iv->qc) {
        for (size_t k = 0; k < iv->n_queues && n < MAX_ROWS; k++) {
            size_t qi = iv->queue[k];
            if (qi >= v->n_queues)
                continue;
            const wb_queue_metrics *q = &v->q[qi];
            prow *r = &out[n++];
            const wb_channel_metrics *m =
                q->channel >= 0 && (size_t)q->channel < v->n_channels ? &v->ch[q->channel].m : NULL;
            const char *chl = m ? wb_lay_chan_label(c, m) : "";
            const char *qn = q->name ? wb_lay_queue_label(c, q->name) : "";
            if (m && m->name && q->name && strcmp(m->name, q->name) == 0)
                snprintf(r->label, sizeof r->label, "%s", chl);
            else if (chl[0])
                snprintf(r->label, sizeof r->label, "%s " MIDDOT " %s", chl, qn);
            else
                snprintf(r->label, sizeof r->label, "%s", qn);
            r->tile = WB_MAX_CHANNELS + (int)k;
            /* The queue's own target and formula ([queue.NAME]), else its channel's. */
            r->cfg = q->cfg ? q->cfg : m ? m->cfg : NULL;
            r->sl_today = q->today.sl;
            r->c = iv->qc + k * iv->n;
        }
        return n;
    }
    for (size_t i = 0; i < v->n_channels && i < iv->n_rows && n < MAX_ROWS; i++) {
        const wb_channel_metrics *m = &v->ch[i].m;
        if (iv->only_channel ? !m->name || strcmp(m->name, iv->only_channel) != 0
                             : !m->configured && !m->had_data)
            continue;
        prow *r = &out[n++];
        snprintf(r->label, sizeof r->label, "%s", wb_lay_chan_label(c, m));
        r->tile = (int)i;
        r->cfg = m->cfg;
        r->sl_today = m->today.sl;
        r->c = iv->c + i * iv->n;
    }
    return n;
}

/* The part of the day the panels show (see the top of the file). */
static span day_span(const wb_lay_ctx *c, const wb_lay_intervals *iv, const prow *rows, size_t nr)
{
    span s = {.cur = -1};
    wb_ms now = c->in->view->now;
    s.per_hour = iv->width > 0 && iv->width <= 3600000 ? (size_t)(3600000 / iv->width) : 1;
    if (now >= iv->day_start && iv->width > 0 &&
        (size_t)((now - iv->day_start) / iv->width) < iv->n)
        s.cur = (long)((now - iv->day_start) / iv->width);
    size_t lo = iv->n, hi = 0;
    for (size_t k = 0; k < nr; k++) {
        const wb_counts *r = rows[k].c;
        for (size_t i = 0; i < iv->n; i++)
            if (offered(&r[i]) > 0) {
                lo = i < lo ? i : lo;
                hi = i > hi ? i : hi;
            }
    }
    if (s.cur >= 0) {
        lo = (size_t)s.cur < lo ? (size_t)s.cur : lo;
        hi = (size_t)s.cur > hi ? (size_t)s.cur : hi;
    }
    if (lo > hi) {
        lo = 0;
        hi = iv->n - 1;
    }
    /* Whole hours, then at least MIN_SPAN_H of them: earlier hours first, then later ones. */
    lo = lo / s.per_hour * s.per_hour;
    hi = (hi / s.per_hour + 1) * s.per_hour - 1;
    if (hi >= iv->n)
        hi = iv->n - 1;
    while (hi - lo + 1 < MIN_SPAN_H * s.per_hour) {
        if (lo >= s.per_hour)
            lo -= s.per_hour;
        else if (hi + s.per_hour < iv->n)
            hi += s.per_hour;
        else
            break;
    }
    s.first = lo;
    s.last = hi;
    return s;
}

/* Local "HH:MM" of an interval's start. */
static void fmt_start(const wb_lay_ctx *c, const wb_lay_intervals *iv, size_t i, char *buf,
                      size_t n)
{
    struct tm tm;
    wb_localtime(iv->day_start + (wb_ms)i * iv->width, c->tz, &tm);
    snprintf(buf, n, c->lb->pct_space ? "%02d.%02d" : "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/*
 * Is the local time of t one that the day shows twice? Where the clocks go back (in
 * Europe/Helsinki on 2026-10-25, from 04:00 EEST to 03:00 EET) the local times of the hour before
 * the change come again after it. A shift is half an hour to two hours, so the same local time
 * is at most that far before or after.
 */
static bool repeated(const wb_lay_ctx *c, wb_ms t, const struct tm *tm)
{
    static const wb_ms shifts[] = {1800000, 3600000, 7200000};
    for (size_t k = 0; k < sizeof shifts / sizeof shifts[0]; k++)
        for (int sign = -1; sign <= 1; sign += 2) {
            struct tm o;
            wb_localtime(t + sign * shifts[k], c->tz, &o);
            if (o.tm_mday == tm->tm_mday && o.tm_hour == tm->tm_hour && o.tm_min == tm->tm_min)
                return true;
        }
    return false;
}

/*
 * The start of interval i as the title names it: "HH:MM", and on the day the clocks go back,
 * for the local times that come twice, the zone as well ("03:00 EEST" the first time, "03:00
 * EET" the second), so that the interval named is the one meant. A zone whose abbreviation is
 * a number is written as its offset ("UTC+3"). On the day the clocks go forward no name is
 * needed: the hour that is skipped has no interval.
 */
static void fmt_named(const wb_lay_ctx *c, const wb_lay_intervals *iv, size_t i, char *buf,
                      size_t n)
{
    wb_ms t = iv->day_start + (wb_ms)i * iv->width;
    struct tm tm;
    wb_localtime(t, c->tz, &tm);
    char hm[16];
    snprintf(hm, sizeof hm, c->lb->pct_space ? "%02d.%02d" : "%02d:%02d", tm.tm_hour, tm.tm_min);
    if (!repeated(c, t, &tm)) {
        snprintf(buf, n, "%s", hm);
        return;
    }
    const char *z = tm.tm_zone;
    if (z && ((*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z'))) {
        snprintf(buf, n, "%s %s", hm, z);
        return;
    }
    long off = tm.tm_gmtoff, a = off < 0 ? -off : off;
    if (a % 3600)
        snprintf(buf, n, "%s UTC%c%ld:%02ld", hm, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    else
        snprintf(buf, n, "%s UTC%c%ld", hm, off < 0 ? '-' : '+', a / 3600);
}

/* Left edge of interval i of the span in chart r. */
static int x_of(const span *s, wb_rect r, size_t i)
{
    size_t count = s->last - s->first + 1;
    return r.x + (int)((long long)(i - s->first) * r.w / (long long)count);
}

/* Appends the points p[0..n) as one polyline item; a single point becomes a small square. */
static void polyline(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, const wb_point *p,
                     size_t n, wb_color col, int thick)
{
    if (n == 0)
        return;
    size_t p0 = c->dl->npts;
    if (!wb_lay_grow((void **)&c->dl->pts, &c->dl->pts_cap, p0 + n, sizeof *c->dl->pts)) {
        c->dl->oom = true;
        return;
    }
    memcpy(c->dl->pts + p0, p, n * sizeof *p);
    c->dl->npts += n;
    wb_dl_item *it = wb_lay_push(c->dl, WB_DL_POLYLINE, tag, tile, box, col);
    if (it) {
        it->pt0 = (uint32_t)p0;
        it->npts = (uint32_t)n;
        it->thick = thick;
    }
}

/*
 * The hour labels and grid lines: every step-th local hour, step chosen so that labels never
 * meet; a label that would touch the one before it or the "now" label (x0..x1) is left out.
 */
static void hours(wb_lay_ctx *c, const wb_lay_intervals *iv, const span *s, int ch, wb_rect chart,
                  wb_rect row, int x0, int x1)
{
    int hour_w = x_of(s, chart, s->first + s->per_hour) - chart.x;
    int px = wb_lay_fit_px(c, WB_FONT_CONDENSED, row.h, "00:00", row.w, row.h);
    if (px < 0 || hour_w <= 0)
        return;
    int lw = 0, lh = 0;
    c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, px, "00:00", &lw, &lh);
    int last_end = row.x - lw;
    static const int steps[] = {1, 2, 3, 4, 6, 12, 24};
    int step = 24;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if (steps[k] * hour_w >= lw * 5 / 4) {
            step = steps[k];
            break;
        }
    for (size_t i = s->first; i <= s->last; i++) {
        if (i % s->per_hour != 0)
            continue;
        struct tm tm;
        wb_localtime(iv->day_start + (wb_ms)i * iv->width, c->tz, &tm);
        if (tm.tm_hour % step != 0)
            continue;
        int x = x_of(s, chart, i);
        wb_lay_fill(c, WB_TAG_IV_HOUR, ch, rect(x, chart.y, 1, chart.h), 0x2A3441FFu);
        /* An hour that comes twice carries its zone, as the title does, where that fits
         * between this hour's line and the next label's. */
        char lab[48];
        int w = lw;
        fmt_named(c, iv, i, lab, sizeof lab);
        if (strlen(lab) > 5) {
            int zw = 0, zh = 0;
            c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, px, lab, &zw, &zh);
            if (zw > 0 && zw <= step * hour_w - lw / 2)
                w = zw;
            else
                fmt_start(c, iv, i, lab, sizeof lab);
        }
        int bx = imax(row.x, imin(x - lw / 2, row.x + row.w - w));
        if (bx < last_end + lw / 4 || (bx < x1 && bx + w > x0))
            continue;
        last_end = bx + w;
        wb_lay_text_at(c, WB_TAG_IV_HOUR, ch, rect(bx, row.y, w + 2, row.h), WB_FONT_CONDENSED, px,
                       WB_ALIGN_LEFT, WB_COL_LABEL, lab);
    }
}

/* Stacked bars of offered contacts: answered at the bottom, abandoned on top; the scale (the
 * largest bar's count) in the axis column at the left. */
static void bars(wb_lay_ctx *c, const wb_counts *r, const span *s, int ch, wb_rect b, int axis)
{
    uint64_t vmax = 1;
    for (size_t i = s->first; i <= s->last; i++)
        vmax = offered(&r[i]) > vmax ? offered(&r[i]) : vmax;
    for (size_t i = s->first; i <= s->last; i++) {
        uint64_t off = offered(&r[i]);
        if (off == 0)
            continue;
        int x0 = x_of(s, b, i), x1 = x_of(s, b, i + 1);
        int gap = x1 - x0 >= 6 ? imax(1, (x1 - x0) / 6) : 0;
        int w = imax(1, x1 - x0 - gap);
        int h_all = imax(1, (int)((off * (uint64_t)b.h + vmax / 2) / vmax));
        int h_ans = (int)(((uint64_t)r[i].answered * (uint64_t)b.h + vmax / 2) / vmax);
        h_ans = imin(h_ans, h_all);
        int bottom = b.y + b.h;
        if (h_ans > 0)
            wb_lay_fill(c, WB_TAG_IV_ANSWERED, ch, rect(x0, bottom - h_ans, w, h_ans),
                        WB_COL_IV_ANSWERED);
        if (h_all > h_ans)
            wb_lay_fill(c, WB_TAG_IV_ABANDONED, ch, rect(x0, bottom - h_all, w, h_all - h_ans),
                        WB_COL_IV_ABANDONED);
    }
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)vmax);
    int px = imax(WB_LAY_MIN_PX, imin(b.h / 4, 32));
    wb_lay_text(c, WB_TAG_LABEL, ch, rect(b.x - axis, b.y, axis - 6, px + 4), WB_FONT_CONDENSED, px,
                WB_ALIGN_RIGHT, WB_COL_LABEL, buf);
}

/*
 * Green is the colour of "ok": without current data nothing on screen may be green, so the
 * target line turns grey then, and the missed intervals' marks lose their red (they keep
 * their size and their place under the line).
 */
static wb_color target_colour(const wb_lay_ctx *c)
{
    return c->no_data ? WB_COL_LABEL : WB_COL_IV_TARGET;
}

/* The y of service level sl in band b drawn with lines thick wide. */
static int sl_y(wb_rect b, int thick, double sl)
{
    return b.y + thick / 2 + (int)((1.0 - sl) * (b.h - thick));
}

/* The service level of each interval against the target line (the band is already filled). */
static void sl_line(wb_lay_ctx *c, const wb_counts *r, const span *s, int ch, wb_rect b, int axis,
                    const wb_channel_cfg *cfg)
{
    double target = cfg ? cfg->sl_target : 0.8;
    wb_sl_formula f = cfg ? cfg->formula : WB_SL_OFFERED;
    int thick = imax(2, b.h / 40);
    int yt = sl_y(b, thick, target);
    wb_point tl[2] = {{b.x, yt}, {b.x + b.w - 1, yt}};
    polyline(c, WB_TAG_IV_TARGET, ch, b, tl, 2, target_colour(c), thick);
    char buf[32];
    wb_lay_fmt_target(c, buf, sizeof buf, target);
    int px = imax(WB_LAY_MIN_PX, imin(b.h / 3, 32));
    wb_lay_text(c, WB_TAG_IV_TARGET, ch, rect(b.x - axis, yt - px / 2 - 2, axis - 6, px + 4),
                WB_FONT_CONDENSED, px, WB_ALIGN_RIGHT, target_colour(c), buf);

    /* The line runs through consecutive intervals with a service level; a gap breaks it. */
    wb_point run[256];
    size_t n = 0;
    for (size_t i = s->first; i <= s->last + 1; i++) {
        double sl = NAN;
        if (i <= s->last) {
            wb_window w;
            wb_window_compute(&w, &r[i], f);
            sl = w.sl;
        }
        if (isnan(sl) || n == sizeof run / sizeof run[0]) {
            if (n > 1)
                polyline(c, WB_TAG_IV_SL, ch, b, run, n, WB_COL_IV_SL, thick);
            n = 0;
            if (isnan(sl))
                continue;
        }
        run[n++] = (wb_point){(x_of(s, b, i) + x_of(s, b, i + 1)) / 2, sl_y(b, thick, sl)};
    }
    /*
     * A mark on every point: under the target bigger and in the alarm colour. A mark stays
     * inside the band: centred on a point at 0 % (the band's foot) it would reach below the
     * chart into the hour row and cover the label of the hour it starts, the hour a missed
     * interval most needs named; at 100 % it would reach into the bars. Such a mark sits on
     * the band's edge instead, its point still on it.
     */
    int slot = x_of(s, b, s->first + 1) - b.x;
    int mk = imax(5, imin(slot * 3 / 4, b.h / 5));
    for (size_t i = s->first; i <= s->last; i++) {
        wb_window w;
        wb_window_compute(&w, &r[i], f);
        if (isnan(w.sl))
            continue;
        bool low = w.sl < target;
        int m = imin(low ? mk : imax(3, mk / 2), b.h);
        int x = (x_of(s, b, i) + x_of(s, b, i + 1)) / 2, y = sl_y(b, thick, w.sl);
        int top = imax(b.y, imin(y - m / 2, b.y + b.h - m));
        wb_lay_fill(c, WB_TAG_IV_SL, ch, rect(x - m / 2, top, m, m),
                    !low         ? WB_COL_IV_SL
                    : c->no_data ? WB_COL_TEXT_DIM
                                 : WB_COL_ALARM);
    }
}

/*
 * The title's right side at a level of detail: 2 is SL today, the target and the worst
 * interval of the span when it missed the target; 1 leaves out the worst interval; 0 says
 * only SL today (the target line and its label remain on the chart).
 */
static void status_line(const wb_lay_ctx *c, const wb_lay_intervals *iv, const span *s, prow *r,
                        int level)
{
    double target = r->cfg ? r->cfg->sl_target : 0.8;
    char sl[32], tg[32], p1[64], p2[64];
    wb_lay_fmt_pct_vs(c, sl, sizeof sl, r->sl_today, target);
    snprintf(p1, sizeof p1, c->lb->iv_sl_fmt, sl);
    wb_lay_fmt_target(c, tg, sizeof tg, target);
    snprintf(p2, sizeof p2, c->lb->iv_target_fmt, tg);
    double worst = NAN;
    size_t wi = 0;
    for (size_t i = s->first; i <= s->last; i++) {
        wb_window w;
        wb_window_compute(&w, &r->c[i], r->cfg ? r->cfg->formula : WB_SL_OFFERED);
        if (!isnan(w.sl) && (isnan(worst) || w.sl < worst)) {
            worst = w.sl;
            wi = i;
        }
    }
    if (level == 0) {
        snprintf(r->status, sizeof r->status, "%s", p1);
    } else if (level == 2 && !isnan(worst) && worst < target) {
        char at[48], pw[32], wbuf[96];
        fmt_named(c, iv, wi, at, sizeof at);
        wb_lay_fmt_pct_vs(c, pw, sizeof pw, worst, target);
        snprintf(wbuf, sizeof wbuf, c->lb->iv_worst_fmt, at, pw);
        snprintf(r->status, sizeof r->status, "%s " MIDDOT " %s " MIDDOT " %s", p1, p2, wbuf);
    } else {
        snprintf(r->status, sizeof r->status, "%s " MIDDOT " %s", p1, p2);
    }
}

/* Where the parts of a panel in r go. */
typedef struct pgeom {
    wb_rect title, name, status, chart, bars, sl, hours;
    int axis;
} pgeom;

static bool panel_geom(const wb_lay_ctx *c, wb_rect r, pgeom *g)
{
    int unit = imin(c->in->w, c->in->h);
    int pad = imax(4, unit / 90);
    wb_rect in = inset(r, pad);
    int th = imax(14, imin(in.h / 6, unit / 16));
    int hr = imax(10, imin(in.h / 8, unit / 26));
    g->axis = imax(30, imin(in.w / 10, unit / 11));
    g->title = rect(in.x, in.y, in.w, th);
    g->name = slice(g->title, 0, 0.3);
    g->status = slice(g->title, 0.32, 1.0);
    g->chart = rect(in.x + g->axis, in.y + th + pad, in.w - g->axis, in.h - th - pad - hr - 2);
    g->bars = band(g->chart, 0, 0.55);
    g->sl = band(g->chart, 0.6, 1.0);
    g->hours = rect(g->chart.x, g->chart.y + g->chart.h + 2, g->chart.w, hr);
    return g->chart.w >= 8 && g->chart.h >= 16;
}

/*
 * One panel. Drawn back to front: the panel, the SL band, the current interval's shade, the
 * hour grid, the target and SL line, the bars, and the current interval's frame. status_px is
 * the size of every panel's status line (one size for all, so that they read alike).
 */
static void panel(wb_lay_ctx *c, const wb_lay_intervals *iv, const span *s, const prow *pr,
                  wb_rect r, int status_px)
{
    int ch = pr->tile;
    const wb_counts *row = pr->c;
    wb_lay_fill(c, WB_TAG_IV_PANEL, ch, r, WB_COL_PANEL);
    pgeom g;
    if (!panel_geom(c, r, &g))
        return;
    int unit = imin(c->in->w, c->in->h);
    wb_color tc = c->no_data ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    wb_lay_text(c, WB_TAG_TILE_TITLE, ch, g.name, WB_FONT_BOLD, g.title.h, WB_ALIGN_LEFT, tc,
                pr->label);
    if (status_px > 0)
        wb_lay_text_at(c, WB_TAG_SL_TODAY, ch, g.status, WB_FONT_BOLD, status_px, WB_ALIGN_RIGHT,
                       tc, pr->status);
    else
        wb_lay_text(c, WB_TAG_SL_TODAY, ch, g.status, WB_FONT_BOLD, g.title.h * 4 / 5,
                    WB_ALIGN_RIGHT, tc, pr->status);
    wb_lay_fill(c, WB_TAG_IV_SL, ch, g.sl, 0x10161EFFu);
    wb_rect nb = {0};
    bool now_shown = s->cur >= 0 && (size_t)s->cur >= s->first && (size_t)s->cur <= s->last;
    if (now_shown) {
        int x0 = x_of(s, g.chart, (size_t)s->cur), x1 = x_of(s, g.chart, (size_t)s->cur + 1);
        nb = rect(x0, g.chart.y, imax(2, x1 - x0), g.chart.h);
        wb_lay_fill(c, WB_TAG_IV_NOW, ch, nb, WB_COL_IV_NOW);
    }
    /* "now" under the current interval, in the hour row, where no hour label may cover it. */
    wb_rect tb = {0};
    if (now_shown) {
        int hr = g.hours.h;
        int px = wb_lay_fit_px(c, WB_FONT_BOLD, hr, c->lb->iv_now, g.chart.w, hr);
        int lw = 0, lh = 0;
        if (px > 0 &&
            c->in->measure(c->in->measure_ud, WB_FONT_BOLD, px, c->lb->iv_now, &lw, &lh) == 0) {
            int bx =
                imax(g.chart.x, imin(nb.x + nb.w / 2 - lw / 2 - 2, g.chart.x + g.chart.w - lw - 4));
            tb = rect(bx, g.hours.y, lw + 4, hr);
            wb_lay_text_at(c, WB_TAG_IV_NOW, ch, tb, WB_FONT_BOLD, px, WB_ALIGN_CENTER, WB_COL_TEXT,
                           c->lb->iv_now);
        }
    }
    hours(c, iv, s, ch, g.chart, g.hours, tb.w ? tb.x - 4 : 0, tb.w ? tb.x + tb.w + 4 : 0);
    sl_line(c, row, s, ch, g.sl, g.axis, pr->cfg);
    bars(c, row, s, ch, g.bars, g.axis);
    if (now_shown)
        wb_lay_outline(c, WB_TAG_IV_NOW, ch, nb, WB_COL_LABEL, imax(1, unit / 540));
}

/* One legend entry at *x: a swatch (a square, or a line for lines) and its word. */
static void legend_entry(wb_lay_ctx *c, wb_rect r, int *x, wb_color col, bool line,
                         const char *word)
{
    int sw = r.h * 3 / 5;
    if (line) {
        wb_point tl[2] = {{*x, r.y + r.h / 2}, {*x + sw * 2, r.y + r.h / 2}};
        polyline(c, WB_TAG_LABEL, -1, r, tl, 2, col, imax(2, r.h / 8));
        *x += sw * 2 + sw / 2;
    } else {
        wb_lay_fill(c, WB_TAG_LABEL, -1, rect(*x, r.y + (r.h - sw) / 2, sw, sw), col);
        *x += sw + sw / 2;
    }
    /* The last entries share what is left of the row, never more (a narrow portrait screen). */
    int bw = imin(r.w / 4, r.x + r.w - *x);
    wb_dl_item *it = bw > 0
                         ? wb_lay_text(c, WB_TAG_LABEL, -1, rect(*x, r.y, bw, r.h), WB_FONT_REGULAR,
                                       r.h * 4 / 5, WB_ALIGN_LEFT, WB_COL_LABEL, word)
                         : NULL;
    int w = 0, h = 0;
    if (it)
        c->in->measure(c->in->measure_ud, it->font, it->px, word, &w, &h);
    *x += w + sw * 2;
}

/* What the colours and lines mean, once for the page, above the panels. */
static void legend(wb_lay_ctx *c, wb_rect r)
{
    int x = r.x;
    char tg[64];
    snprintf(tg, sizeof tg, c->lb->iv_target_fmt, "");
    /* The format without its figure ends in the space before it: "target", not "target ". */
    for (size_t n = strlen(tg); n > 0 && tg[n - 1] == ' '; n--)
        tg[n - 1] = '\0';
    legend_entry(c, r, &x, WB_COL_IV_ANSWERED, false, c->lb->answered);
    legend_entry(c, r, &x, WB_COL_IV_ABANDONED, false, c->lb->abandoned);
    legend_entry(c, r, &x, WB_COL_IV_SL, true, c->lb->iv_sl);
    legend_entry(c, r, &x, target_colour(c), true, tg);
}

void wb_lay_intervals_page(wb_lay_ctx *c, wb_rect area)
{
    const wb_lay_intervals *iv = c->in->intervals;
    static prow rows[MAX_ROWS]; /* layout runs on one thread; too big for the stack */
    size_t nr = iv && iv->n > 0 && (iv->c || iv->qc) ? panel_rows(c, iv, rows) : 0;
    if (nr == 0) {
        wb_lay_text(c, WB_TAG_STATUS, -1, band(area, 0.4, 0.6), WB_FONT_BOLD, area.h / 10,
                    WB_ALIGN_CENTER, WB_COL_LABEL, c->lb->iv_none);
        return;
    }
    span s = day_span(c, iv, rows, nr);
    int unit = imin(c->in->w, c->in->h);
    int gap = imax(4, unit / 100);
    int lh = imax(14, unit / 30);
    legend(c, rect(area.x, area.y, area.w, lh));
    wb_rect body = rect(area.x, area.y + lh + gap, area.w, area.h - lh - gap);
    /* Landscape with more than three panels: two columns; then as many rows as are readable. */
    int cols = c->in->w > c->in->h && nr > 3 ? 2 : 1;
    int nrow = (int)((nr + (size_t)cols - 1) / (size_t)cols);
    int fit = imax(1, (body.h + gap) / (PANEL_MIN_H + gap));
    if (nrow > fit) {
        /*
         * Not every panel is readable here (480x320, 320x480): a line under the panels names
         * those left out ("+2 more: Social, Web form"), so that none is dropped silently.
         */
        body.h -= lh + gap;
        fit = imax(1, (body.h + gap) / (PANEL_MIN_H + gap));
        nrow = fit;
    }
    size_t shown = (size_t)imin((int)nr, nrow * cols);
    if (shown < nr) {
        char note[512];
        int len = snprintf(note, sizeof note, c->lb->more, (int)(nr - shown));
        for (size_t k = shown; k < nr && len >= 0 && (size_t)len < sizeof note; k++)
            len += snprintf(note + len, sizeof note - (size_t)len, "%s%s", k == shown ? ": " : ", ",
                            rows[k].label);
        wb_lay_text(c, WB_TAG_LABEL, -1, rect(area.x, body.y + body.h + gap, area.w, lh),
                    WB_FONT_BOLD, lh * 4 / 5, WB_ALIGN_LEFT, WB_COL_LABEL, note);
    }
    int pw = (body.w - (cols - 1) * gap) / cols;
    int ph = (body.h - (nrow - 1) * gap) / nrow;
    /*
     * Every panel has the same size: the status lines get one size, at which all of them fit,
     * with as much detail as still reads at more than half the title's height.
     */
    pgeom g;
    int status_px = -1;
    if (panel_geom(c, rect(body.x, body.y, pw, ph), &g)) {
        int floor_px = imax(WB_LAY_MIN_PX, g.title.h / 2);
        for (int level = 2; level >= 0; level--) {
            status_px = g.title.h * 4 / 5;
            for (size_t k = 0; k < shown && status_px > 0; k++) {
                status_line(c, iv, &s, &rows[k], level);
                int px = wb_lay_fit_px(c, WB_FONT_BOLD, g.title.h * 4 / 5, rows[k].status,
                                       g.status.w, g.status.h);
                status_px = px < 0 ? -1 : imin(status_px, px);
            }
            if (status_px >= floor_px)
                break;
        }
    }
    for (size_t k = 0; k < shown; k++) {
        int col = (int)k % cols, row = (int)k / cols;
        panel(c, iv, &s, &rows[k],
              rect(body.x + col * (pw + gap), body.y + row * (ph + gap), pw, ph), status_px);
    }
}
