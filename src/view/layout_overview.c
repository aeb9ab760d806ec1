/*
 * layout_overview.c - the overview page: one tile per channel in a grid that keeps each tile
 * near 4:3. A tile is built row by row (frame, title, the waiting and oldest numbers, service
 * levels, agents by state, counts, the sparkline and the forecast line); small tiles keep
 * only the rows that matter most.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_int.h"

/* Picks columns so that a tile of aspect about 1.3:1 inside each cell is as big as it can be. */
void wb_lay_grid(int n, int W, int H, int gap, int *cols_out, int *rows_out)
{
    double best = -1;
    int bc = 1, br = n;
    for (int cols = 1; cols <= n; cols++) {
        int rows = (n + cols - 1) / cols;
        double tw = (double)(W - gap * (cols - 1)) / cols;
        double th = (double)(H - gap * (rows - 1)) / rows;
        if (tw <= 0 || th <= 0)
            continue;
        double score = fmin(tw, th * 1.3);
        /* Prefer fewer empty cells among equal scores. */
        if (score > best + 0.5) {
            best = score;
            bc = cols;
            br = rows;
        }
    }
    *cols_out = bc;
    *rows_out = br;
}

void wb_lay_cells_for(const wb_lay_ctx *c, int n, wb_rect area, wb_lay_cells *g)
{
    g->gap = imax(4, imin(c->in->w, c->in->h) / 100);
    wb_lay_grid(n, area.w, area.h, g->gap, &g->cols, &g->rows);
    g->tw = (area.w - g->gap * (g->cols - 1)) / g->cols;
    g->th = (area.h - g->gap * (g->rows - 1)) / g->rows;
}

wb_rect wb_lay_cell_tile(const wb_lay_cells *g, wb_rect area, int row, int col, int in_row)
{
    int x0 = area.x + (area.w - (in_row * g->tw + (in_row - 1) * g->gap)) / 2;
    wb_rect cell = rect(x0 + col * (g->tw + g->gap), area.y + row * (g->th + g->gap), g->tw, g->th);
    return wb_lay_shape_tile(cell);
}

void wb_lay_empty_note(wb_lay_ctx *c, wb_rect area, const char *s)
{
    wb_lay_text(c, WB_TAG_LABEL, -1, band(area, 0.4, 0.6), WB_FONT_BOLD, area.h / 10,
                WB_ALIGN_CENTER, WB_COL_LABEL, s);
}

/*
 * A number's colour is its rule's level, from the same evaluation that sets the tile's level
 * (with its hysteresis), so that a number is never redder or greener than its tile says.
 */
static wb_color rule_colour(const wb_channel_view *cv, wb_rule rule, wb_color normal)
{
    switch (cv->rule_level[rule]) {
    case WB_LEVEL_ALARM:
        return WB_COL_ALARM;
    case WB_LEVEL_WARN:
        return WB_COL_WARN;
    default:
        return normal;
    }
}

static void sparkline(wb_lay_ctx *c, int tile, wb_rect r, const wb_channel_metrics *m, bool dim)
{
    wb_lay_fill(c, WB_TAG_SPARK, tile, r, 0x10161EFFu);
    if (r.w < 4 || r.h < 4)
        return;
    int n = imin(WB_SPARK_N, r.w / 2);
    if (n < 2)
        return;
    /*
     * Only the slots the model sampled: before them (a screen that joined late) and after
     * them there is no data, which is not nobody waiting, so the line starts and ends where
     * the data does, on the same x as if every slot had been sampled.
     */
    int k0 = imin(m->spark_lead, WB_SPARK_N), k1 = WB_SPARK_N - imin(m->spark_tail, WB_SPARK_N);
    if (k0 >= k1)
        return;
    /*
     * Down-sample by the maximum of each group's sampled slots, so that a short peak is never
     * lost; the groups drawn, g0 to g1, are those with a sampled slot.
     */
    uint16_t vals[WB_SPARK_N];
    unsigned vmax = 4;
    int g0 = -1, g1 = 0;
    for (int i = 0; i < n; i++) {
        int a = imax(i * WB_SPARK_N / n, k0), b = imin((i + 1) * WB_SPARK_N / n, k1);
        if (a >= b)
            continue;
        if (g0 < 0)
            g0 = i;
        g1 = i + 1;
        unsigned mx = 0;
        for (int k = a; k < b; k++)
            if (m->spark[k] > mx)
                mx = m->spark[k];
        vals[i] = (uint16_t)mx;
        if (mx > vmax)
            vmax = mx;
    }
    int thick = imax(1, r.h / 30);
    int inner_h = r.h - thick - 1;
    size_t p0 = c->dl->npts, np = (size_t)(g1 - g0);
    if (!wb_lay_grow((void **)&c->dl->pts, &c->dl->pts_cap, p0 + np, sizeof *c->dl->pts)) {
        c->dl->oom = true;
        return;
    }
    for (int i = g0; i < g1; i++) {
        wb_point *p = &c->dl->pts[p0 + (size_t)(i - g0)];
        p->x = r.x + (int)((long)i * (r.w - 1) / (n - 1));
        p->y = r.y + thick / 2 + inner_h - (int)((long)vals[i] * inner_h / vmax);
    }
    c->dl->npts += np;
    wb_dl_item *bars = wb_lay_push(c->dl, WB_DL_BARS, WB_TAG_SPARK, tile, r,
                                   dim ? 0x1E2530FFu : WB_COL_SPARK_FILL);
    if (bars) {
        bars->pt0 = (uint32_t)p0;
        bars->npts = (uint32_t)np;
        bars->thick = imax(1, r.w / n);
    }
    wb_dl_item *line = wb_lay_push(c->dl, WB_DL_POLYLINE, WB_TAG_SPARK, tile, r,
                                   dim ? WB_COL_TEXT_DIM : WB_COL_SPARK);
    if (line) {
        line->pt0 = (uint32_t)p0;
        line->npts = (uint32_t)np;
        line->thick = thick;
    }
}

/*
 * Row bands of a tile as fractions of its inner height (start and end of each). Full tiles:
 * title, the main block (waiting; oldest wait and average answer), the service levels side by
 * side, the counts, the agents, a thin sparkline and the forecast line. The service levels and
 * the forecast line get the height they need to be read across a room (at 1080p about 56 and
 * 32 px); the waiting count keeps the biggest figure. Compact tiles (small panels): title,
 * captions, the main figures, the service levels with their captions, the agents.
 */
enum { R_TITLE, R_MAIN, R_SL, R_COUNTS, R_AGENTS, R_SPARK, R_FORECAST, R_N };
static const double ROWS_FULL[R_N][2] = {{0, 0.09},    {0.10, 0.43},   {0.44, 0.685}, {0.69, 0.75},
                                         {0.76, 0.88}, {0.884, 0.893}, {0.895, 1.0}};
static const double ROWS_COMPACT[R_N][2] = {{0, 0.14},   {0.15, 0.57}, {0.58, 0.81}, {0, 0},
                                            {0.83, 1.0}, {0, 0},       {0, 0}};

/*
 * Agents for this channel: free agents who can take its next contact, and agents busy with or
 * wrapping up one of its contacts. Busy and wrap-up count each agent on one channel only, so
 * they add up across tiles; free agents who serve several channels show on each of them (the
 * caption says "can take", not "available"), and paused agents, who belong to the whole site,
 * are left to the agent page.
 */
static void agents_row(wb_lay_ctx *c, int i, wb_rect ar, const wb_channel_metrics *m, bool compact,
                       int gap, bool dim, wb_color num)
{
    const wb_labels *lb = c->lb;
    bool never = !m->had_data;
    char s[48];
    const uint32_t v3[3] = {m->agents[WB_AGENT_AVAILABLE], m->busy_here, m->wrapup_here};
    const char *cap3[3] = {lb->can_take, lb->busy_here, lb->wrapup_here};
    static const wb_color sc3[3] = {WB_COL_AVAILABLE, WB_COL_BUSY, WB_COL_WRAPUP};
    /* Each figure is a pill of its state's colour with the count in dark ink, its name below. */
    for (int k = 0; k < 3; k++) {
        wb_rect cell = slice(ar, k / 3.0, (k + 1) / 3.0);
        cell.w -= gap * 3;
        wb_rect pill = compact ? cell : band(cell, 0, 0.62);
        wb_rect cap = band(cell, 0.64, 1.0);
        /* Dimmed pills are grey: a green pill on a stale screen would look like good news. */
        wb_color sc = dim ? blend(WB_COL_TEXT_DIM, WB_COL_PANEL, 0.45) : sc3[k];
        wb_lay_fill(c, WB_TAG_AGENTS, i, pill, sc);
        /* The state's symbol, as on the agent page, names the pill where no caption fits. */
        static const wb_agent_state st3[3] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP};
        if (never)
            snprintf(s, sizeof s, "%s " EM_DASH, wb_lay_state_symbol(st3[k]));
        else
            snprintf(s, sizeof s, "%s %u", wb_lay_state_symbol(st3[k]), v3[k]);
        wb_lay_text(c, WB_TAG_AGENTS, i, inset(pill, imax(1, pill.h / 12)), WB_FONT_BOLD, pill.h,
                    WB_ALIGN_CENTER, dim ? num : WB_COL_BG, s);
        if (!compact)
            wb_lay_text(c, WB_TAG_LABEL, i, cap, WB_FONT_REGULAR, cap.h, WB_ALIGN_CENTER,
                        dim ? num : WB_COL_LABEL, cap3[k]);
    }
}

/*
 * What every row of one tile needs to know about its channel: which tile, its metrics, and
 * whether its numbers are shown dimmed (stale board, resyncing channel, or no data yet).
 */
typedef struct tile_ctx {
    int i;
    const wb_channel_view *cv;
    const wb_channel_metrics *m;
    const wb_labels *lb;
    bool never; /* the channel never had data: numbers are dashes */
    bool dim;
    wb_color num, lab; /* colours of numbers and captions */
} tile_ctx;

/*
 * The tile's background and its border in the level's colour. The level also shows in the
 * border's shape, for viewers who cannot tell the colours apart: ok is a thin dark line,
 * warn twice as thick, alarm three times as thick with a second, inner line (which stays
 * lit in the alarm's dark flash phase). Returns the width the border takes.
 */
int wb_lay_level_frame(wb_lay_ctx *c, int tile, wb_rect r, wb_level level, bool flashing,
                       bool neutral)
{
    wb_color bg = WB_COL_PANEL, border = WB_COL_OK_BORDER;
    int unit = imin(r.w, r.h);
    int bt = imax(2, unit / 110);
    int taken = bt;
    if (!neutral && level == WB_LEVEL_WARN) {
        bg = WB_COL_TILE_WARN;
        border = WB_COL_WARN;
        bt *= 2;
        taken = bt;
    } else if (!neutral && level == WB_LEVEL_ALARM) {
        bg = WB_COL_TILE_ALARM;
        border = (flashing && !c->in->flash_on) ? WB_COL_ALARM_OFF : WB_COL_ALARM;
        bt *= 3;
        taken = bt + 2 * imax(1, bt / 4);
    }
    /* A level judged on old data, or on none, is not shown: a neutral frame that never flashes. */
    if (neutral)
        border = WB_COL_NODATA;
    wb_lay_fill(c, WB_TAG_TILE, tile, r, bg);
    wb_lay_outline(c, WB_TAG_BORDER, tile, r, border, bt);
    if (taken > bt) {
        int g = imax(1, bt / 4);
        wb_lay_outline(c, WB_TAG_BORDER, tile, inset(r, bt + g), WB_COL_ALARM, g);
    }
    return taken;
}

static int tile_frame(wb_lay_ctx *c, const tile_ctx *t, wb_rect r)
{
    /* A level judged on figures known to be in doubt (silent, resyncing) is not shown. */
    return wb_lay_level_frame(c, t->i, r, t->cv->level, t->cv->flashing,
                              t->never || c->no_data || t->cv->silent || t->m->resyncing);
}

/*
 * Title row: icon, label, and the level as a symbol and a word (or a status tag when the level
 * is not known). The alarm's word sits on a filled badge, the warning's in an outline.
 */
static void tile_title(wb_lay_ctx *c, const tile_ctx *t, wb_rect title)
{
    const wb_channel_metrics *m = t->m;
    int i = t->i;
    int ic = title.h;
    wb_lay_icon(c, i, rect(title.x, title.y, ic, ic), t->dim ? WB_COL_TEXT_DIM : WB_COL_TEXT,
                m->cfg && m->cfg->icon[0] ? m->cfg->icon : (m->name ? m->name : "generic"));
    wb_rect tl = rect(title.x + ic + imax(4, ic / 3), title.y, 0, title.h);
    tl.w = title.x + title.w - tl.x;
    wb_rect lr = slice(tl, 0, 0.56), tr = slice(tl, 0.58, 1.0);
    wb_lay_text(c, WB_TAG_TILE_TITLE, i, lr, WB_FONT_BOLD, tl.h, WB_ALIGN_LEFT, WB_COL_TEXT,
                wb_lay_chan_label(c, m));
    wb_lay_level_tag(c, i, tr, t->never, t->cv->silent, m->resyncing, t->cv->level);
}

/*
 * The level as a symbol and a word (or a status tag when the level is not known), right-
 * aligned in tr. The alarm's word sits on a filled badge, the warning's in an outline.
 */
void wb_lay_level_tag(wb_lay_ctx *c, int i, wb_rect tr, bool never, bool silent, bool resyncing,
                      wb_level level)
{
    const wb_labels *lb = c->lb;
    char tag[64], alt[64];
    wb_color tagcol = WB_COL_LABEL;
    wb_dl_tag tagtag = WB_TAG_STATUS;
    int badge = 0; /* 0 none, 1 outline, 2 filled */
    alt[0] = 0;
    if (never) {
        snprintf(tag, sizeof tag, "%s", lb->waiting_for_data);
        snprintf(alt, sizeof alt, "%s", lb->waiting_for_data_short);
    } else if (c->no_data || silent) {
        snprintf(tag, sizeof tag, "%s", lb->stale);
        snprintf(alt, sizeof alt, "%s", lb->stale_short);
    } else if (resyncing) {
        snprintf(tag, sizeof tag, "%s", lb->resyncing);
        snprintf(alt, sizeof alt, "%s", lb->resyncing_short);
        tagcol = WB_COL_WARN;
    } else if (level == WB_LEVEL_ALARM) {
        snprintf(tag, sizeof tag, WB_SYM_ALARM " %s", lb->lvl_alarm);
        snprintf(alt, sizeof alt, WB_SYM_ALARM " %s", lb->lvl_alarm_short);
        tagcol = WB_COL_BG;
        tagtag = WB_TAG_LEVEL;
        badge = 2;
    } else if (level == WB_LEVEL_WARN) {
        snprintf(tag, sizeof tag, WB_SYM_WARN " %s", lb->lvl_warn);
        snprintf(alt, sizeof alt, WB_SYM_WARN " %s", lb->lvl_warn_short);
        tagcol = WB_COL_WARN;
        tagtag = WB_TAG_LEVEL;
        badge = 1;
    } else {
        /* Ok is said, but quietly: it is the state that needs no attention. */
        snprintf(tag, sizeof tag, WB_SYM_OK " %s", lb->lvl_ok);
        tagcol = blend(WB_COL_OK, WB_COL_PANEL, 0.75);
        tagtag = WB_TAG_LEVEL;
    }
    wb_lay_badge(c, i, tr, tagtag, tagcol, tag, alt[0] ? alt : NULL, badge, 1);
}

void wb_lay_badge(wb_lay_ctx *c, int i, wb_rect tr, wb_dl_tag tg, wb_color col, const char *s,
                  const char *alt, int badge, int slack_pads)
{
    int pad = badge ? imax(2, tr.h / 8) : 0;
    wb_rect tin = inset(tr, pad);
    int max_px = badge ? tin.h * 4 / 5 : tin.h * 3 / 5;
    const char *whole = s;
    int px = wb_lay_fit_px(c, WB_FONT_BOLD, max_px, s, tin.w - slack_pads * pad, tin.h);
    if (px < 0 && alt) {
        s = alt;
        px = wb_lay_fit_px(c, WB_FONT_BOLD, max_px, s, tin.w - slack_pads * pad, tin.h);
    }
    if (px < 0) {
        /*
         * Too small for the badge's padding (the smallest windows): the text takes the whole
         * row in the condensed font, which is narrower, whole if it or alt fits, else
         * shortened. An alarm's dark ink keeps its fill under it, hugging the text: without
         * the fill it was dark text on the alarm tile's dark red, which nobody could read.
         */
        char cut[WB_MAX_STR_BYTES + 8];
        s = whole;
        px = wb_lay_fit_px(c, WB_FONT_CONDENSED, tr.h, s, tr.w, tr.h);
        if (px < 0 && alt) {
            s = alt;
            px = wb_lay_fit_px(c, WB_FONT_CONDENSED, tr.h, s, tr.w, tr.h);
        }
        if (px < 0) {
            if (!wb_lay_shorten(c, WB_FONT_CONDENSED, s, tr.w, tr.h, cut, sizeof cut))
                return;
            s = cut;
            px = WB_LAY_MIN_PX;
        }
        wb_rect b = tr;
        if (badge == 2) {
            int w = 0, h = 0;
            c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, px, s, &w, &h);
            int m = imax(0, imin(2, (tr.w - w) / 2));
            b = rect(tr.x + tr.w - w - 2 * m, tr.y, w + 2 * m, tr.h);
            wb_lay_fill(c, WB_TAG_LEVEL, i, b, WB_COL_ALARM);
        }
        wb_lay_text_at(c, tg, i, b, WB_FONT_CONDENSED, px,
                       badge == 2 ? WB_ALIGN_CENTER : WB_ALIGN_RIGHT, col, s);
        return;
    }
    if (badge) {
        /* The badge hugs its text, right-aligned in the title row. */
        int w = 0, h = 0;
        c->in->measure(c->in->measure_ud, WB_FONT_BOLD, px, s, &w, &h);
        wb_rect b = rect(tr.x + tr.w - w - 4 * pad, tr.y, w + 4 * pad, tr.h);
        if (badge == 2)
            wb_lay_fill(c, WB_TAG_LEVEL, i, b, WB_COL_ALARM);
        else
            wb_lay_outline(c, WB_TAG_LEVEL, i, b, WB_COL_WARN, imax(1, pad / 2));
        tin = inset(b, pad);
        tin.x += pad;
        tin.w -= pad;
    }
    wb_lay_text_at(c, tg, i, tin, WB_FONT_BOLD, px, badge ? WB_ALIGN_CENTER : WB_ALIGN_RIGHT, col,
                   s);
}

/*
 * The waiting count (the tile's headline, the biggest number on the screen) and the oldest
 * wait, each under its caption, coloured by their thresholds.
 */
static void tile_waiting(wb_lay_ctx *c, const tile_ctx *t, wb_rect wcap, wb_rect wnum, wb_rect ocap,
                         wb_rect onum)
{
    const wb_channel_metrics *m = t->m;
    int i = t->i;
    char s[32];
    wb_lay_text(c, WB_TAG_LABEL, i, wcap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, t->lab,
                t->lb->waiting);
    wb_lay_text(c, WB_TAG_LABEL, i, ocap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, t->lab,
                t->lb->oldest);
    if (t->never)
        snprintf(s, sizeof s, EM_DASH);
    else
        snprintf(s, sizeof s, "%u", m->waiting);
    wb_color wcol = t->dim ? t->num : rule_colour(t->cv, WB_RULE_WAITING, t->num);
    const wb_dl_item *wit = wb_lay_text(c, WB_TAG_WAITING, i, wnum, WB_FONT_CONDENSED,
                                        wnum.h * 5 / 4, WB_ALIGN_LEFT, wcol, s);
    /* The oldest wait stays visibly smaller than the waiting count, the tile's headline. */
    int omax = onum.h * 5 / 4;
    if (wit && omax > wit->px * 3 / 4)
        omax = wit->px * 3 / 4;
    /* Nobody waiting: the oldest wait is undefined, a dash, not "0:00". */
    if (t->never || m->oldest_wait_ms < 0)
        snprintf(s, sizeof s, EM_DASH);
    else
        wb_lay_fmt_mmss(s, sizeof s, m->oldest_wait_ms);
    wb_color ocol = t->dim ? t->num : rule_colour(t->cv, WB_RULE_OLDEST_WAIT, t->num);
    wb_lay_text(c, WB_TAG_OLDEST, i, onum, WB_FONT_CONDENSED, omax, WB_ALIGN_LEFT, ocol, s);
}

/* Whether a value at px and its target at half that fit side by side in val. */
static bool sl_pair_fits(wb_lay_ctx *c, wb_rect val, const char *v, const char *target, int px)
{
    int vw = 0, vh = 0, tw = 0, th = 0;
    if (c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, px, v, &vw, &vh) < 0 ||
        c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, imax(WB_LAY_MIN_PX, px / 2), target,
                       &tw, &th) < 0)
        return false;
    return vw + imax(2, px / 6) + tw <= val.w && th <= val.h - val.h / 3;
}

void wb_lay_sl_value(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect val, wb_color col,
                     const char *v, const char *target, wb_color tcol)
{
    wb_rect vb = slice(val, 0, 0.6);
    int max_px = val.h * 5 / 6;
    /*
     * A target cut to "/ 85.…" says nothing, so the value gives up size first: where the
     * target would not fit beside the value at half its size (a value written with a target's
     * decimal place is wider), the value steps down the ladder until both fit.
     */
    int px = target ? wb_lay_fit_px(c, WB_FONT_CONDENSED, max_px, v, vb.w, vb.h) : -1;
    while (px > WB_LAY_MIN_PX && !sl_pair_fits(c, val, v, target, px))
        px = wb_lay_ladder_down(px - 1);
    if (px > 0)
        max_px = px;
    const wb_dl_item *it =
        wb_lay_text(c, tag, tile, vb, WB_FONT_CONDENSED, max_px, WB_ALIGN_LEFT, col, v);
    if (!it || !target)
        return;
    int w = 0, h = 0;
    c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, it->px, v, &w, &h);
    int gap = imax(2, it->px / 6);
    wb_rect tb = rect(val.x + w + gap, val.y + val.h / 3, 0, val.h - val.h / 3);
    tb.w = val.x + val.w - tb.x;
    wb_lay_text(c, WB_TAG_LABEL, tile, tb, WB_FONT_CONDENSED, imax(WB_LAY_MIN_PX, it->px / 2),
                WB_ALIGN_LEFT, tcol, target);
}

/* Service level today and over the rolling window, each under its caption. */
static void tile_service_levels(wb_lay_ctx *c, const tile_ctx *t, const wb_rect slcol[2],
                                double cap_frac)
{
    const wb_channel_metrics *m = t->m;
    char s[160], sh[64], a[32], b[32], tg[40];
    double target = m->cfg ? m->cfg->sl_target : NAN;
    wb_lay_fmt_target(c, b, sizeof b, target);
    snprintf(tg, sizeof tg, "/ %s", b);
    for (int k = 0; k < 2; k++) {
        wb_rect col = slcol[k];
        wb_rect cap = band(col, 0, cap_frac), val = band(col, cap_frac, 1.0);
        if (k) {
            snprintf(s, sizeof s, t->lb->last_fmt, wb_lay_rolling_min(c));
            snprintf(sh, sizeof sh, t->lb->last_fmt_short, wb_lay_rolling_min(c));
        } else {
            snprintf(s, sizeof s, "%s", t->lb->sl_today);
            snprintf(sh, sizeof sh, "%s", t->lb->sl_today_short);
        }
        wb_lay_text_alt(c, WB_TAG_LABEL, t->i, cap, WB_FONT_REGULAR, cap.h, WB_ALIGN_LEFT, t->lab,
                        s, sh);
        double sl = t->never ? NAN : (k ? m->rolling.sl : m->today.sl);
        wb_lay_fmt_pct_vs(c, a, sizeof a, sl, target);
        wb_color scol =
            t->dim ? t->num : rule_colour(t->cv, k ? WB_RULE_SL_ROLLING : WB_RULE_SL_TODAY, t->num);
        wb_lay_sl_value(c, k ? WB_TAG_SL_ROLLING : WB_TAG_SL_TODAY, t->i, val, scol, a, tg,
                        t->dim ? t->num : t->lab);
    }
}

/* The average speed of answer today, a caption and its value on one line. */
static void tile_asa(wb_lay_ctx *c, const tile_ctx *t, wb_rect r)
{
    char a[32];
    wb_lay_fmt_avg_wait(a, sizeof a, t->never ? NAN : t->m->today.asa_s);
    wb_lay_text_pair(c, t->i, r, WB_FONT_BOLD, r.h, WB_TAG_LABEL, t->lab, t->lb->avg_answer,
                     WB_TAG_COUNTS, t->num, a);
}

/*
 * The main block and the service levels. Full tiles: the waiting count on the left, the
 * oldest wait and the average answer on the right; below, the two service levels side by
 * side. Compact tiles: the same without the average answer, captions kept.
 */
static void tile_main(wb_lay_ctx *c, const tile_ctx *t, wb_rect in, const double (*rows)[2],
                      bool compact)
{
    wb_rect main = band(in, rows[R_MAIN][0], rows[R_MAIN][1]);
    wb_rect wl = slice(main, 0, 0.5);
    wb_rect right = slice(main, 0.52, 1.0);
    double cf = compact ? 0.24 : 0.17;
    wb_rect wcap = band(wl, 0, cf), wnum = band(wl, cf, 1.0);
    wb_rect ocap = band(right, 0, cf);
    wb_rect onum = band(right, cf, compact ? 1.0 : 0.62);
    tile_waiting(c, t, wcap, wnum, ocap, onum);
    if (!compact)
        tile_asa(c, t, band(right, 0.68, 0.94));
    wb_rect slr = band(in, rows[R_SL][0], rows[R_SL][1]);
    wb_rect slcol[2] = {slice(slr, 0, 0.49), slice(slr, 0.51, 1.0)};
    tile_service_levels(c, t, slcol, compact ? 0.4 : 0.26);
}

void wb_lay_today_counts(wb_lay_ctx *c, int tile, wb_rect cr, const wb_window *today, bool never,
                         wb_color lab, wb_color num)
{
    char s[64], p[32];
    for (int k = 0; k < 2; k++) {
        if (never) {
            snprintf(s, sizeof s, EM_DASH);
        } else if (k) {
            double ap = today->abandon_pct;
            wb_lay_fmt_pct(c, p, sizeof p, isfinite(ap) ? ap / 100.0 : NAN);
            snprintf(s, sizeof s, "%u " MIDDOT " %s", today->c.abandoned, p);
        } else {
            snprintf(s, sizeof s, "%u", today->c.answered);
        }
        wb_lay_text_pair(c, tile, k ? slice(cr, 0.45, 1.0) : slice(cr, 0, 0.43), WB_FONT_BOLD, cr.h,
                         WB_TAG_LABEL, lab, k ? c->lb->abandoned : c->lb->answered, WB_TAG_COUNTS,
                         num, s);
    }
}

/*
 * The bottom line of a real-time channel: the forecast service level with the agents there
 * are and the agents needed, or, when a breach is predicted, how soon. (The agents there are
 * are the three agent figures above it, added up.) With the forecast rule raised and no
 * breach ahead, it says what the ticker says: the forecast SL below the target, the lowest
 * projected SL below it, or that the forecast was below it (the warning held).
 */
static void tile_forecast(wb_lay_ctx *c, const tile_ctx *t, wb_rect fc)
{
    const wb_channel_metrics *m = t->m;
    char s[160], a[32];
    /* A breach predicted ahead (not one already here) replaces the forecast SL. */
    long br = t->never ? -1 : wb_lay_breach_min(m);
    bool breach = br >= 0;
    /* The forecast rule raised on live data: the words the ticker has (wb_lay_forecast_say). */
    wb_fc_say say = WB_FC_SAY_SL;
    if (!breach && !t->never && !t->dim && t->cv->rule_level[WB_RULE_FORECAST_SL] > WB_LEVEL_OK)
        say = wb_lay_forecast_say(m);
    /*
     * No agent can take the channel's next contact (N = 0) while the arrival rate still expects
     * contacts: none of them would be answered within T, so the forecast is a true 0 % with
     * nobody waiting yet (after closing, or before the first agent signs in), and a breach
     * predicted has that cause. The line names the cause and the agents needed, so that a
     * supervisor does not read a fault into it (docs/metrics.md section 9, "The forecast with
     * no agents"); the ticker keeps the breach's minutes. It is short: the longer words, with
     * the 0 % or the minutes, fitted the line only below its 32 px at 1920x1080.
     */
    bool none = wb_lay_no_agents(m) &&
                (breach || (!t->never && m->forecast.valid && isfinite(m->forecast.sl)));
    if (none) {
        snprintf(s, sizeof s, t->lb->noagents_fmt, m->forecast.required);
    } else if (breach) {
        wb_lay_fmt_breach(a, sizeof a, br);
        snprintf(s, sizeof s, t->lb->breach_fmt, a, m->forecast.required);
    } else if (say == WB_FC_SAY_LOW) {
        wb_lay_fmt_pct_vs(c, a, sizeof a, m->forecast.sl_low, m->cfg ? m->cfg->sl_target : NAN);
        snprintf(s, sizeof s, t->lb->forecast_low_fmt, a, m->forecast.required);
    } else if (say == WB_FC_SAY_HELD) {
        wb_lay_fmt_target(c, a, sizeof a, m->cfg ? m->cfg->sl_target : NAN);
        snprintf(s, sizeof s, t->lb->forecast_held_fmt, a);
    } else if (!t->never && m->forecast.valid) {
        wb_lay_fmt_pct_vs(c, a, sizeof a, m->forecast.sl, m->cfg ? m->cfg->sl_target : NAN);
        snprintf(s, sizeof s, t->lb->forecast_fmt, a, m->forecast.required);
    } else {
        snprintf(s, sizeof s, "%s", t->lb->forecast_none);
    }
    wb_color fcol = t->dim ? t->num : rule_colour(t->cv, WB_RULE_FORECAST_SL, WB_COL_LABEL);
    if (!t->dim && breach && fcol == WB_COL_LABEL)
        fcol = WB_COL_WARN;
    wb_lay_text(c, WB_TAG_FORECAST, t->i, fc, WB_FONT_BOLD, fc.h, WB_ALIGN_LEFT, fcol, s);
}

/* One channel's tile in r, row by row (ROWS_FULL or ROWS_COMPACT say where each row goes). */
void wb_lay_channel_tile(wb_lay_ctx *c, int i, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    tile_ctx t = {.i = i, .cv = &v->ch[i], .m = &v->ch[i].m, .lb = c->lb};
    t.never = !t.m->had_data;
    t.dim = v->stale || t.cv->silent || t.m->resyncing || t.never;
    t.num = t.dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    t.lab = WB_COL_LABEL;

    int bt = tile_frame(c, &t, r);
    int unit = imin(r.w, r.h);
    int pad = bt + imax(3, unit / 40);
    wb_rect in = inset(r, pad);
    if (in.w < 8 || in.h < 8)
        return;
    int gap = imax(1, in.h / 80);
    /*
     * A small tile (a kiosk panel, many channels) cannot show every row at a readable size:
     * it keeps the numbers that matter most (waiting, oldest, service level, agents) and
     * leaves the counts, the sparkline and the forecast to bigger tiles and to the ticker.
     */
    bool compact = in.h < 230;
    const double(*rows)[2] = compact ? ROWS_COMPACT : ROWS_FULL;

    tile_title(c, &t, band(in, rows[R_TITLE][0], rows[R_TITLE][1]));
    tile_main(c, &t, in, rows, compact);
    agents_row(c, i, band(in, rows[R_AGENTS][0], rows[R_AGENTS][1]), t.m, compact, gap, t.dim,
               t.num);
    if (compact)
        return;
    /* Answered and abandoned today (with the abandon rate), each a caption and its count. */
    wb_lay_today_counts(c, t.i, band(in, rows[R_COUNTS][0], rows[R_COUNTS][1]), &t.m->today,
                        t.never, t.lab, t.num);
    /* Sparkline of the waiting count; it takes the forecast's row where there is none. */
    bool rt = t.m->cfg && t.m->cfg->realtime;
    wb_rect sp = band(in, rows[R_SPARK][0], rows[rt ? R_SPARK : R_FORECAST][1]);
    if (t.never)
        wb_lay_fill(c, WB_TAG_SPARK, i, sp, 0x10161EFFu);
    else
        sparkline(c, i, sp, t.m, t.dim);
    if (rt)
        tile_forecast(c, &t, band(in, rows[R_FORECAST][0], rows[R_FORECAST][1]));
}

/*
 * The tile proportions above are tuned for cells near 4:3. A very flat cell (one row on a
 * wide screen) becomes unreadable when its rows are squeezed, so the tile is made no flatter
 * than 1:0.5 by leaving space below it; a very tall cell is likewise capped.
 */
wb_rect wb_lay_shape_tile(wb_rect cell)
{
    wb_rect r = cell;
    if (r.h > r.w * 5 / 4)
        r.h = r.w * 5 / 4;
    if (r.w > r.h * 2)
        r.w = r.h * 2;
    r.x = cell.x + (cell.w - r.w) / 2;
    r.y = cell.y + (cell.h - r.h) / 2;
    return r;
}

void wb_lay_overview(wb_lay_ctx *c, wb_rect area)
{
    const wb_board_view *v = c->in->view;
    int n = (int)v->n_channels;
    if (n == 0) {
        wb_lay_empty_note(c, area, c->lb->no_channels);
        return;
    }
    wb_lay_cells g;
    wb_lay_cells_for(c, n, area, &g);
    for (int i = 0; i < n; i++) {
        int row = i / g.cols, col = i % g.cols;
        /* Centre a short last row (with the summary tile) so that the grid stays balanced. */
        int in_row = row == g.rows - 1 ? imin(g.cols, n - row * g.cols + 1) : g.cols;
        wb_lay_channel_tile(c, i, wb_lay_cell_tile(&g, area, row, col, in_row));
    }
    /*
     * A cell that no channel fills gets the site summary: it ends the last row, which is then
     * centred with it. With no empty cell the screen has no room to spare for it.
     */
    if (n < g.cols * g.rows) {
        int row = n / g.cols, col = n % g.cols;
        wb_lay_summary(c, wb_lay_cell_tile(&g, area, row, col, n - row * g.cols + 1));
    }
}
