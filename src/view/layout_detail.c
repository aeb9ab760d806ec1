/*
 * layout_detail.c - a channel's detail page, opened by a tap on its tile: the channel's
 * figures large (waiting, oldest wait, service level today and in the rolling window,
 * answered and abandoned today, agents by state) and one row per queue of the channel with
 * the queue's own figures (from view->q[]).
 *
 * The page replaces the tile grid between the header and the ticker, so the frame (clock,
 * connection state, stale banner, alarms) stays as on every page. Items carry the channel's
 * index in `tile` (tag WB_TAG_DETAIL, or the figure's own tag: WB_TAG_WAITING and so on) and
 * each queue row its index in view->q (WB_TAG_DETAIL_QUEUE), so that tests and the touch
 * hit test find them without looking at pixels.
 */
#include <stdio.h>
#include <string.h>

#include "layout_int.h"

/* The few words only this page uses, in the order of wb_lang. */
typedef struct detail_words {
    const char *queue, *no_queues, *back, *no_channel;
    /*
     * The agents line of the channel's contacts (busy here, wrap-up here: each agent on one
     * channel) and that of the agents who serve the channel, by state (an agent busy on
     * another channel counts as busy there too). "Busy" alone would name two figures: the
     * first line says "on this channel" at each figure, the second opens with "on any
     * channel" ("anywhere" in Finnish) once, short enough to stay whole at 320x480.
     */
    const char *here_fmt, *serving_fmt;
} detail_words;

static const detail_words WORDS[WB_LANG_COUNT] = {
    {"Queue", "No queues seen for this channel", "Tap to go back", "No such channel",
     "Busy on this channel %u " MIDDOT " Wrap-up on this channel %u",
     "On any channel: available %u " MIDDOT " busy %u " MIDDOT " wrap-up %u " MIDDOT " paused %u"},
    {"Jono", "Kanavalla ei ole n\xC3\xA4kynyt jonoja", "Napauta palataksesi", "Kanavaa ei ole",
     "Varattu t\xC3\xA4ll\xC3\xA4 kanavalla %u " MIDDOT
     " J\xC3\xA4lkity\xC3\xB6 t\xC3\xA4ll\xC3\xA4 kanavalla %u",
     "Miss\xC3\xA4 tahansa: vapaa %u " MIDDOT " varattu %u " MIDDOT
     " j\xC3\xA4lkity\xC3\xB6 %u " MIDDOT " tauko %u"},
};

/* The most queue rows drawn; more are summed up in a "+N more" row. */
#define MAX_ROWS 24

static wb_color level_colour(wb_level l, wb_color normal)
{
    return l == WB_LEVEL_ALARM ? WB_COL_ALARM : l == WB_LEVEL_WARN ? WB_COL_WARN : normal;
}

/* One big figure under its caption; its colour follows its rule's level on live data. */
static void figure(wb_lay_ctx *c, int ch, wb_rect r, wb_dl_tag tag, const char *caption,
                   const char *value, wb_color col)
{
    wb_rect cap = band(r, 0, 0.24), val = band(r, 0.26, 1.0);
    wb_lay_text(c, WB_TAG_LABEL, ch, cap, WB_FONT_REGULAR, cap.h, WB_ALIGN_LEFT, WB_COL_LABEL,
                caption);
    wb_lay_text(c, tag, ch, val, WB_FONT_CONDENSED, val.h, WB_ALIGN_LEFT, col, value);
}

static void title_row(wb_lay_ctx *c, int ch, const wb_channel_view *cv, bool dim, wb_rect r)
{
    const wb_labels *lb = c->lb;
    const wb_channel_metrics *m = &cv->m;
    int ic = r.h;
    wb_lay_icon(c, ch, rect(r.x, r.y, ic, ic), dim ? WB_COL_TEXT_DIM : WB_COL_TEXT,
                m->cfg && m->cfg->icon[0] ? m->cfg->icon : (m->name ? m->name : "generic"));
    wb_rect tl = rect(r.x + ic + imax(4, ic / 3), r.y, 0, r.h);
    tl.w = r.x + r.w - tl.x;
    wb_lay_text(c, WB_TAG_TILE_TITLE, ch, slice(tl, 0, 0.6), WB_FONT_BOLD, tl.h, WB_ALIGN_LEFT,
                WB_COL_TEXT, wb_lay_chan_label(c, m));
    /* The level as a symbol and a word, never by colour alone; not shown on old data. */
    char s[64];
    wb_color col = WB_COL_LABEL;
    wb_dl_tag tag = WB_TAG_STATUS;
    if (!m->had_data) {
        snprintf(s, sizeof s, "%s", lb->waiting_for_data);
    } else if (c->no_data || cv->silent) {
        snprintf(s, sizeof s, "%s", lb->stale);
    } else if (m->resyncing) {
        snprintf(s, sizeof s, "%s", lb->resyncing);
        col = WB_COL_WARN;
    } else if (cv->level == WB_LEVEL_ALARM) {
        snprintf(s, sizeof s, WB_SYM_ALARM " %s", lb->lvl_alarm);
        col = WB_COL_ALARM;
        tag = WB_TAG_LEVEL;
    } else if (cv->level == WB_LEVEL_WARN) {
        snprintf(s, sizeof s, WB_SYM_WARN " %s", lb->lvl_warn);
        col = WB_COL_WARN;
        tag = WB_TAG_LEVEL;
    } else {
        snprintf(s, sizeof s, WB_SYM_OK " %s", lb->lvl_ok);
        col = WB_COL_OK;
        tag = WB_TAG_LEVEL;
    }
    wb_lay_text(c, tag, ch, slice(tl, 0.62, 1.0), WB_FONT_BOLD, tl.h * 4 / 5, WB_ALIGN_RIGHT, col,
                s);
}

static void figures(wb_lay_ctx *c, int ch, const wb_channel_view *cv, bool dim, wb_rect r)
{
    const wb_labels *lb = c->lb;
    const wb_channel_metrics *m = &cv->m;
    wb_color num = dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    char w[32], o[32], sl[32], rl[32], last[48];
    if (m->had_data)
        snprintf(w, sizeof w, "%u", m->waiting);
    else
        snprintf(w, sizeof w, EM_DASH);
    if (!m->had_data || m->oldest_wait_ms < 0)
        snprintf(o, sizeof o, EM_DASH);
    else
        wb_lay_fmt_mmss(o, sizeof o, m->oldest_wait_ms);
    double target = m->cfg ? m->cfg->sl_target : NAN;
    wb_lay_fmt_pct_vs(c, sl, sizeof sl, m->today.sl, target);
    wb_lay_fmt_pct_vs(c, rl, sizeof rl, m->rolling.sl, target);
    snprintf(last, sizeof last, lb->last_fmt, wb_lay_rolling_min(c));
    /* Four cells in a row on a landscape screen, two by two in portrait. */
    wb_rect cell[4];
    if (c->in->w >= c->in->h) {
        for (int k = 0; k < 4; k++)
            cell[k] = slice(r, k * 0.25, k * 0.25 + 0.23);
    } else {
        wb_rect top = band(r, 0, 0.48), bot = band(r, 0.52, 1.0);
        cell[0] = slice(top, 0, 0.48);
        cell[1] = slice(top, 0.52, 1.0);
        cell[2] = slice(bot, 0, 0.48);
        cell[3] = slice(bot, 0.52, 1.0);
    }
    figure(c, ch, cell[0], WB_TAG_WAITING, lb->waiting, w,
           dim ? num : level_colour(cv->rule_level[WB_RULE_WAITING], num));
    figure(c, ch, cell[1], WB_TAG_OLDEST, lb->oldest, o,
           dim ? num : level_colour(cv->rule_level[WB_RULE_OLDEST_WAIT], num));
    figure(c, ch, cell[2], WB_TAG_SL_TODAY, lb->sl_today, sl,
           dim ? num : level_colour(cv->rule_level[WB_RULE_SL_TODAY], num));
    figure(c, ch, cell[3], WB_TAG_SL_ROLLING, last, rl,
           dim ? num : level_colour(cv->rule_level[WB_RULE_SL_ROLLING], num));
}

/*
 * Answered and abandoned, then the agents in two lines that cannot be taken for each other:
 * those busy or wrapping up with this channel's contacts (the tile's "Busy here" and
 * "Wrap-up", which add up across channels), and the agents who serve the channel by state,
 * whose busy and wrap-up count work on any channel (available + busy + wrap-up + paused are
 * the channel's agents signed in). Landscape: answered and the first agents line side by side,
 * the second under them; portrait: three lines.
 */
static void counts_row(wb_lay_ctx *c, int ch, const wb_channel_view *cv, bool dim, wb_rect r)
{
    const wb_labels *lb = c->lb;
    const detail_words *dw = &WORDS[c->in->lang < WB_LANG_COUNT ? c->in->lang : 0];
    const wb_channel_metrics *m = &cv->m;
    char s[160], here[200], serving[300];
    snprintf(s, sizeof s, "%s %u " MIDDOT " %s %u", lb->answered, m->today.c.answered,
             lb->abandoned, m->today.c.abandoned);
    snprintf(here, sizeof here, dw->here_fmt, m->busy_here, m->wrapup_here);
    snprintf(serving, sizeof serving, dw->serving_fmt, m->agents[WB_AGENT_AVAILABLE],
             m->agents[WB_AGENT_BUSY], m->agents[WB_AGENT_WRAPUP], m->agents[WB_AGENT_PAUSED]);
    wb_color col = dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    bool portrait = c->in->w < c->in->h;
    wb_rect left, first, second;
    if (portrait) {
        left = band(r, 0, 0.32);
        first = band(r, 0.34, 0.66);
        second = band(r, 0.68, 1.0);
    } else {
        wb_rect top = band(r, 0, 0.55);
        left = slice(top, 0, 0.42);
        first = slice(top, 0.45, 1.0);
        second = band(r, 0.6, 1.0);
        /*
         * On a narrow screen (480x320) the first agents line may not fit its share even at the
         * smallest size, and cut short it would lose its last figure: it then takes the width
         * it needs there (up to two thirds of the row), and the counts beside it get smaller.
         */
        int tw = 0, th = 0;
        if (c->in->measure(c->in->measure_ud, WB_FONT_BOLD, WB_LAY_MIN_PX, here, &tw, &th) == 0 &&
            tw > first.w && tw <= top.w * 2 / 3) {
            int gap = first.x - (left.x + left.w);
            first.x = top.x + top.w - tw;
            first.w = tw;
            left.w = first.x - gap - left.x;
        }
    }
    wb_align al = portrait ? WB_ALIGN_LEFT : WB_ALIGN_RIGHT;
    wb_lay_text(c, WB_TAG_COUNTS, ch, left, WB_FONT_BOLD, left.h, WB_ALIGN_LEFT, col, s);
    wb_lay_text(c, WB_TAG_AGENTS, ch, first, WB_FONT_BOLD, first.h, al, col, here);
    wb_lay_text(c, WB_TAG_AGENTS, ch, second, WB_FONT_REGULAR, second.h, al, col, serving);
}

/* Column edges of the queue table, as fractions of its width. */
static const double COLS[7] = {0, 0.34, 0.47, 0.60, 0.74, 0.87, 1.0};

static void queue_cells(wb_lay_ctx *c, wb_dl_tag tag, int idx, wb_rect row, int px, wb_color col,
                        const char *const cells[6])
{
    for (int k = 0; k < 6; k++) {
        wb_rect b = slice(row, COLS[k], COLS[k + 1]);
        b.w -= imax(2, row.h / 4); /* a gap before the next column */
        wb_lay_text(c, tag, idx, b, k == 0 ? WB_FONT_BOLD : WB_FONT_CONDENSED, px,
                    k == 0 ? WB_ALIGN_LEFT : WB_ALIGN_RIGHT, col, cells[k]);
    }
}

static void queues(wb_lay_ctx *c, int ch, bool dim, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    const wb_labels *lb = c->lb;
    const detail_words *dw = &WORDS[c->in->lang < WB_LANG_COUNT ? c->in->lang : 0];
    size_t mine[WB_MAX_QUEUES_VIEW];
    size_t n = 0;
    for (size_t i = 0; i < v->n_queues && i < WB_MAX_QUEUES_VIEW; i++)
        if (v->q[i].channel == ch)
            mine[n++] = i;
    int unit = imin(c->in->w, c->in->h);
    int row_max = imax(WB_LAY_MIN_PX + 6, unit / 14);
    int row_min = imax(WB_LAY_MIN_PX + 6, unit / 30);
    if (n == 0) {
        wb_lay_text(c, WB_TAG_LABEL, ch, rect(r.x, r.y, r.w, imin(r.h, row_max)), WB_FONT_REGULAR,
                    row_max * 3 / 4, WB_ALIGN_LEFT, WB_COL_LABEL, dw->no_queues);
        return;
    }
    /* Rows share the height (header included), no taller than row_max, no shorter than
     * row_min; what does not fit is summed up in the last row. */
    int rows = (int)n + 1;
    int rh = imin(row_max, r.h / rows);
    int fit = r.h / imax(1, row_min);
    size_t shown = n;
    if (rh < row_min) {
        rh = row_min;
        shown = fit >= 3 ? (size_t)(fit - 2) : 0;
    }
    if (shown > MAX_ROWS) {
        shown = MAX_ROWS;
        rh = imin(row_max, r.h / (int)(shown + 2));
    }
    if (rh <= 0)
        return;
    int px = wb_lay_ladder_down(rh * 3 / 4);
    wb_rect row = rect(r.x, r.y, r.w, rh);
    const char *head[6] = {dw->queue,    lb->waiting,  lb->oldest,
                           lb->sl_today, lb->answered, lb->abandoned};
    queue_cells(c, WB_TAG_LABEL, ch, row, wb_lay_ladder_down(rh / 2), WB_COL_LABEL, head);
    wb_color col = dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    for (size_t k = 0; k < shown; k++) {
        const wb_queue_metrics *q = &v->q[mine[k]];
        row.y += rh;
        /* Every other row on a faint band, so a row reads across the wide table. */
        if (k % 2 == 0)
            wb_lay_fill(c, WB_TAG_DETAIL_QUEUE, (int)mine[k], row,
                        blend(WB_COL_PANEL, WB_COL_BG, 0.5));
        char w[16], o[32], sl[32], an[16], ab[16];
        snprintf(w, sizeof w, "%u", q->waiting);
        if (q->waiting == 0 || q->oldest_wait_ms < 0)
            snprintf(o, sizeof o, EM_DASH);
        else
            wb_lay_fmt_mmss(o, sizeof o, q->oldest_wait_ms);
        wb_lay_fmt_pct_vs(c, sl, sizeof sl, q->today.sl, q->cfg ? q->cfg->sl_target : NAN);
        snprintf(an, sizeof an, "%u", q->today.c.answered);
        snprintf(ab, sizeof ab, "%u", q->today.c.abandoned);
        /*
         * The queue by the label its tile and the ticker use, and its level on its own
         * thresholds as they show it: in colour and with the symbol, never by colour alone.
         */
        const wb_queue_alarm *qa = &v->qa[mine[k]];
        const char *lbl = q->name ? wb_lay_queue_label(c, q->name) : "?";
        char name[WB_MAX_STR_BYTES + 8];
        wb_color rc = col;
        if (!dim && qa->level == WB_LEVEL_ALARM) {
            snprintf(name, sizeof name, WB_SYM_ALARM " %s", lbl);
            rc = WB_COL_ALARM;
        } else if (!dim && qa->level == WB_LEVEL_WARN) {
            snprintf(name, sizeof name, WB_SYM_WARN " %s", lbl);
            rc = WB_COL_WARN;
        } else {
            snprintf(name, sizeof name, "%s", lbl);
        }
        const char *cells[6] = {name, w, o, sl, an, ab};
        queue_cells(c, WB_TAG_DETAIL_QUEUE, (int)mine[k], row, px, rc, cells);
    }
    if (shown < n) {
        char more[32];
        snprintf(more, sizeof more, lb->more, (int)(n - shown));
        row.y += rh;
        wb_lay_text(c, WB_TAG_LABEL, ch, row, WB_FONT_BOLD, px, WB_ALIGN_LEFT, WB_COL_LABEL, more);
    }
}

void wb_lay_detail(wb_lay_ctx *c, wb_rect area)
{
    const wb_board_view *v = c->in->view;
    int ch = c->in->detail_ch;
    const detail_words *dw = &WORDS[c->in->lang < WB_LANG_COUNT ? c->in->lang : 0];
    if (ch < 0 || (size_t)ch >= v->n_channels) {
        wb_lay_text(c, WB_TAG_STATUS, -1, band(area, 0.4, 0.6), WB_FONT_BOLD, area.h / 10,
                    WB_ALIGN_CENTER, WB_COL_LABEL, dw->no_channel);
        return;
    }
    const wb_channel_view *cv = &v->ch[ch];
    /* Figures not known to be right are drawn as the tile draws them: dimmed, with no level. */
    bool dim = c->no_data || !cv->m.had_data || cv->silent || cv->m.resyncing;
    /* The panel wears the level like a tile does: background and border. */
    wb_color bg = WB_COL_PANEL, border = WB_COL_OK_BORDER;
    int unit = imin(area.w, area.h);
    int bt = imax(2, unit / 150);
    if (!dim && cv->level == WB_LEVEL_ALARM) {
        bg = WB_COL_TILE_ALARM;
        border = (cv->flashing && !c->in->flash_on) ? WB_COL_ALARM_OFF : WB_COL_ALARM;
        bt *= 3;
    } else if (!dim && cv->level == WB_LEVEL_WARN) {
        bg = WB_COL_TILE_WARN;
        border = WB_COL_WARN;
        bt *= 2;
    } else if (dim) {
        border = WB_COL_NODATA;
    }
    wb_lay_fill(c, WB_TAG_DETAIL, ch, area, bg);
    wb_lay_outline(c, WB_TAG_BORDER, ch, area, border, bt);
    int pad = bt + imax(4, unit / 40);
    wb_rect in = inset(area, pad);
    bool portrait = c->in->w < c->in->h;
    title_row(c, ch, cv, dim, band(in, 0, portrait ? 0.08 : 0.11));
    figures(c, ch, cv, dim, band(in, portrait ? 0.10 : 0.13, portrait ? 0.46 : 0.45));
    counts_row(c, ch, cv, dim, band(in, 0.47, portrait ? 0.62 : 0.59));
    queues(c, ch, dim, band(in, portrait ? 0.64 : 0.61, 0.94));
    wb_lay_text(c, WB_TAG_LABEL, ch, band(in, 0.955, 1.0), WB_FONT_REGULAR, in.h / 22,
                WB_ALIGN_RIGHT, WB_COL_LABEL, dw->back);
}
