/*
 * layout.c - turns a wb_board_view into a display list (see layout.h): the frame around the
 * pages (header, stale banner, alarm ticker) and the entry point, wb_layout_build().
 *
 * The pages and the shared machinery are in the files listed in layout_int.h.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout_int.h"
#include "wb_time.h"

static void fmt_hms(const wb_lay_ctx *c, char *buf, size_t n, wb_ms t)
{
    struct tm tm;
    wb_localtime(t, c->tz, &tm);
    snprintf(buf, n, c->lb->time_fmt, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* An age on the receiver's clock: "13 s" under two minutes, then minutes, then hours. */
static void fmt_age(char *buf, size_t n, wb_ms ms)
{
    long long a = ms > 0 ? ms / 1000 : 0;
    if (a < 120)
        snprintf(buf, n, "%lld s", a);
    else if (a < 7200)
        snprintf(buf, n, "%lld min", a / 60);
    else
        snprintf(buf, n, "%lld h", a / 3600);
}

/* The receiver's clock, which ages of data are judged on (the view's under one clock). */
static wb_ms rx_clock(const wb_lay_ctx *c)
{
    return c->in->rx_now > 0 ? c->in->rx_now : c->in->view->now;
}

/* The connection state's word, its shorter form for a small pill, and its colour. */
static void conn_state(const wb_lay_ctx *c, const char **s, const char **alt, wb_color *col)
{
    const wb_board_view *v = c->in->view;
    if (!v->ever_data) {
        *s = c->lb->no_data;
        *alt = c->lb->no_data_short;
        *col = WB_COL_NODATA;
    } else if (v->stale) {
        *s = c->lb->stale;
        *alt = c->lb->stale_short;
        *col = WB_COL_STALE;
    } else if (v->n_resyncing > 0) {
        *s = c->lb->resyncing;
        *alt = c->lb->resyncing_short;
        *col = WB_COL_WARN;
    } else {
        *s = c->lb->live;
        *alt = c->lb->live_short;
        *col = WB_COL_OK;
    }
}

static void header(wb_lay_ctx *c, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    wb_lay_fill(c, WB_TAG_HEADER, -1, r, WB_COL_PANEL);
    int pad = imax(4, r.h / 6);
    wb_rect in = rect(r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad);
    int big = in.h;
    /*
     * Landscape: one row (site | state, age | date, clock). Portrait has too little width
     * for that, so it uses two rows: site and clock above, state, age and date below.
     */
    bool two = c->in->w < c->in->h;
    wb_rect b_site = slice(in, 0, 0.36), b_mid = slice(in, 0.38, 0.66);
    wb_rect b_date = slice(in, 0.68, 0.81), b_clock = slice(in, 0.82, 1.0);
    if (two) {
        wb_rect top = band(in, 0, 0.55), bot = band(in, 0.6, 1.0);
        big = top.h;
        b_site = slice(top, 0, 0.62);
        b_clock = slice(top, 0.64, 1.0);
        b_mid = slice(bot, 0, 0.7);
        b_date = slice(bot, 0.72, 1.0);
    }

    /* Left: site name (and the page name on the agent page). */
    char site[192];
    const char *name = c->in->cfg && c->in->cfg->site[0] ? c->in->cfg->site : "wallboard";
    wb_page kind = wb_layout_page_kind(c->in->cfg, c->in->page);
    if (kind == WB_PAGE_AGENTS)
        snprintf(site, sizeof site, "%s " MIDDOT " %s", name, c->lb->agents_page);
    else if (kind == WB_PAGE_INTERVALS)
        snprintf(site, sizeof site, "%s " MIDDOT " %s", name, c->lb->iv_page);
    else if (kind == WB_PAGE_KPIS)
        snprintf(site, sizeof site, "%s " MIDDOT " %s", name, wb_lay_kpi_page_name(c));
    else
        snprintf(site, sizeof site, "%s", name);
    wb_lay_text(c, WB_TAG_HEADER, -1, b_site, WB_FONT_BOLD, big * 3 / 4, WB_ALIGN_LEFT, WB_COL_TEXT,
                site);

    /* Middle: connection state pill and the data age. */
    const char *cs, *cs_short;
    wb_color ccol;
    conn_state(c, &cs, &cs_short, &ccol);
    wb_rect mid = b_mid;
    wb_rect pill = slice(mid, 0, 0.5);
    pill = band(pill, 0.08, 0.92);
    wb_rect word = inset(pill, imax(2, pill.h / 8));
    int wpx = pill.h * 3 / 5;
    if (wb_lay_fit_px(c, WB_FONT_BOLD, wpx, cs, word.w, word.h) < 0 &&
        wb_lay_fit_px(c, WB_FONT_BOLD, wpx, cs_short, word.w, word.h) < 0) {
        /*
         * A pill too low for its word even at the smallest size (the portrait header's second
         * row at 320x480) would show the state by its colour alone: it takes the row's whole
         * height then, and its word the pill's, inset only at the sides.
         */
        pill = slice(mid, 0, 0.5);
        word = rect(pill.x + 2, pill.y, pill.w - 4, pill.h);
        wpx = imax(wpx, WB_LAY_MIN_PX);
    }
    wb_lay_fill(c, WB_TAG_CONN, -1, pill, ccol);
    wb_lay_text_alt(c, WB_TAG_CONN, -1, word, WB_FONT_BOLD, wpx, WB_ALIGN_CENTER,
                    ccol == WB_COL_WARN || ccol == WB_COL_OK ? 0x0A0E14FFu : WB_COL_TEXT, cs,
                    cs_short);
    if (v->ever_data && v->last_rx >= 0) {
        char age[32], s[64], s_short[64];
        fmt_age(age, sizeof age, rx_clock(c) - v->last_rx);
        snprintf(s, sizeof s, c->lb->data_age, age);
        snprintf(s_short, sizeof s_short, c->lb->data_age_short, age);
        wb_rect ar = slice(mid, 0.53, 1.0);
        wb_lay_text_alt(c, WB_TAG_HEADER, -1, ar, WB_FONT_REGULAR, mid.h * 2 / 3, WB_ALIGN_LEFT,
                        v->stale ? WB_COL_STALE : WB_COL_LABEL, s, s_short);
    }

    /* Right: date and clock. */
    struct tm tm;
    wb_localtime(v->now, c->tz, &tm);
    char date[64], date_short[64], clock[16];
    /* Where the whole date does not fit (480x320), the year gives way: a wall shows today. */
    if (c->in->lang == WB_LANG_FI) {
        snprintf(date, sizeof date, "%s %d.%d.%d", c->lb->days[tm.tm_wday % 7], tm.tm_mday,
                 tm.tm_mon + 1, tm.tm_year + 1900);
        snprintf(date_short, sizeof date_short, "%s %d.%d.", c->lb->days[tm.tm_wday % 7],
                 tm.tm_mday, tm.tm_mon + 1);
    } else {
        snprintf(date, sizeof date, "%s %d %s %d", c->lb->days[tm.tm_wday % 7], tm.tm_mday,
                 c->lb->months[tm.tm_mon % 12], tm.tm_year + 1900);
        snprintf(date_short, sizeof date_short, "%s %d %s", c->lb->days[tm.tm_wday % 7], tm.tm_mday,
                 c->lb->months[tm.tm_mon % 12]);
    }
    snprintf(clock, sizeof clock, c->lb->time_fmt, tm.tm_hour, tm.tm_min, tm.tm_sec);
    wb_lay_text_alt(c, WB_TAG_HEADER, -1, b_date, WB_FONT_REGULAR, two ? b_date.h * 2 / 3 : big / 2,
                    WB_ALIGN_RIGHT, WB_COL_LABEL, date, date_short);
    wb_lay_text(c, WB_TAG_CLOCK, -1, b_clock, WB_FONT_CONDENSED, big, WB_ALIGN_RIGHT, WB_COL_TEXT,
                clock);
}

static void banner(wb_lay_ctx *c, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    char s[96];
    wb_color bg;
    if (v->ever_data) {
        char t[16];
        /* On the header's clock, not the receiver's, so that the two times compare. */
        fmt_hms(c, t, sizeof t, c->data_now);
        snprintf(s, sizeof s, c->lb->nodata_since, t);
        bg = WB_COL_STALE;
    } else {
        snprintf(s, sizeof s, "%s\xE2\x80\xA6", c->lb->waiting_for_data);
        bg = WB_COL_NODATA;
    }
    wb_lay_fill(c, WB_TAG_BANNER, -1, r, bg);
    wb_lay_text(c, WB_TAG_BANNER_TEXT, -1, inset(r, imax(2, r.h / 10)), WB_FONT_BOLD, r.h * 3 / 4,
                WB_ALIGN_CENTER, WB_COL_TEXT, s);
}

/* An item's bytes: room for a queue's item, its channel's and its own label of up to
 * WB_MAX_NAME bytes each and the longest Finnish wording. */
#define TICK_LEN 256
typedef struct tick_item {
    char s[TICK_LEN];
    wb_color col;
} tick_item;

/*
 * The figures one rule is judged on, for a channel or a queue: its settings (target and
 * thresholds; may be NULL) and its own counts.
 */
typedef struct rule_figs {
    const wb_channel_cfg *cfg;
    uint32_t waiting;
    wb_ms oldest_wait_ms;
    double sl_today, sl_rolling;
} rule_figs;

/*
 * A service level's words at a level: below its target ("SL today 71% below 80% target");
 * at or above the target but below the level's own limit, which may be set above it ("83%,
 * limit 85%"); or at or above both while the level holds for its hold time after the figure
 * recovered (hysteresis: "83%, was below 80% target", or "90%, was below the 85% limit").
 * Never "83% below 80% target".
 */
static void sl_words(const wb_lay_ctx *c, char *s, size_t sn, const char *lbl, bool rolling,
                     double sl, double target, double lim)
{
    char a[32], b[32];
    const wb_labels *lb = c->lb;
    wb_lay_fmt_pct_vs(c, a, sizeof a, sl, target);
    const char *fmt = rolling ? lb->t_sl_rolling : lb->t_sl_today;
    double named = target; /* the line the words name */
    if (!wb_lay_below_target(sl, target)) {
        /* A limit above the target is the line that was crossed, held or not. */
        bool above = !isnan(lim) && lim / 100.0 > target;
        if (above)
            named = lim / 100.0;
        if (above && wb_lay_below_target(sl, named))
            fmt = rolling ? lb->t_sl_rolling_lim : lb->t_sl_today_lim;
        else if (above)
            fmt = rolling ? lb->t_sl_rolling_held_lim : lb->t_sl_today_held_lim;
        else
            fmt = rolling ? lb->t_sl_rolling_held : lb->t_sl_today_held;
    }
    wb_lay_fmt_target(c, b, sizeof b, named);
    if (rolling)
        snprintf(s, sn, fmt, lbl, wb_lay_rolling_min(c), a, b);
    else
        snprintf(s, sn, fmt, lbl, a, b);
}

/*
 * The words of rule r at level pass for lbl ("Phone: 7 waiting, limit 6"), into s: the figure
 * and the limit it passed (or the target it is below). False for the forecast rule, whose
 * words only a channel has (a queue has no forecast of its own).
 */
static bool rule_words(const wb_lay_ctx *c, char *s, size_t sn, const char *lbl, const rule_figs *f,
                       wb_rule r, int pass)
{
    char a[32], b[32];
    double target = f->cfg ? f->cfg->sl_target : NAN;
    double lim = NAN;
    if (f->cfg) {
        const wb_threshold *th = &f->cfg->th[r];
        bool on = pass == WB_LEVEL_ALARM ? th->alarm_on : th->warn_on;
        lim = !on ? NAN : pass == WB_LEVEL_ALARM ? th->alarm : th->warn;
    }
    switch (r) {
    case WB_RULE_WAITING:
        if (isnan(lim))
            snprintf(b, sizeof b, EM_DASH);
        else
            snprintf(b, sizeof b, "%.0f", lim);
        snprintf(s, sn, c->lb->t_waiting, lbl, f->waiting, b);
        return true;
    case WB_RULE_OLDEST_WAIT:
        wb_lay_fmt_mmss(a, sizeof a, f->oldest_wait_ms);
        wb_lay_fmt_mmss(b, sizeof b, isnan(lim) ? 0 : (wb_ms)(lim * 1000));
        snprintf(s, sn, c->lb->t_oldest, lbl, a, b);
        return true;
    case WB_RULE_SL_TODAY:
    case WB_RULE_SL_ROLLING:
        sl_words(c, s, sn, lbl, r == WB_RULE_SL_ROLLING,
                 r == WB_RULE_SL_ROLLING ? f->sl_rolling : f->sl_today, target, lim);
        return true;
    default:
        return false;
    }
}

static rule_figs channel_figs(const wb_channel_metrics *m)
{
    return (rule_figs){m->cfg, m->waiting, m->oldest_wait_ms, m->today.sl, m->rolling.sl};
}

static rule_figs queue_figs(const wb_queue_metrics *q)
{
    return (rule_figs){q->cfg, q->waiting, q->oldest_wait_ms, q->today.sl, q->rolling.sl};
}

/* The words of a channel's forecast warning, as its tile says them. */
static void forecast_words(const wb_lay_ctx *c, char *s, size_t sn, const char *lbl,
                           const wb_channel_metrics *m)
{
    char a[32], b[32];
    wb_lay_fmt_target(c, b, sizeof b, m->cfg ? m->cfg->sl_target : NAN);
    /* When the tile says how soon the SL breaks, the ticker says the same, not the lowest SL
     * projected (two figures of one forecast side by side). */
    long br = wb_lay_breach_min(m);
    if (br >= 0) {
        wb_lay_fmt_breach(a, sizeof a, br);
        snprintf(s, sn, wb_lay_no_agents(m) ? c->lb->t_breach_noagents : c->lb->t_breach, lbl, a,
                 b);
        return;
    }
    /*
     * Otherwise a figure below the target, or, when none is below it now (the warning held
     * after its value went back or became undefined), that it was: never "forecast SL — below
     * 80% target". The tile says the same.
     */
    switch (wb_lay_forecast_say(m)) {
    case WB_FC_SAY_SL:
        wb_lay_fmt_pct_vs(c, a, sizeof a, m->forecast.sl, m->cfg ? m->cfg->sl_target : NAN);
        snprintf(s, sn, c->lb->t_forecast, lbl, a, b);
        break;
    case WB_FC_SAY_LOW:
        wb_lay_fmt_pct_vs(c, a, sizeof a, m->forecast.sl_low, m->cfg ? m->cfg->sl_target : NAN);
        snprintf(s, sn, c->lb->t_forecast_low, lbl, a, b);
        break;
    default:
        snprintf(s, sn, c->lb->t_forecast_held, lbl, b);
        break;
    }
}

/*
 * True when the alarm of queue qi at level pass is its channel's too, in the same words: the
 * channel is at that level on the same rule, with the same figure and the same limit (a
 * channel with one queue and no thresholds of the queue's own). Its channel's item or tile
 * says it already, so the ticker does not say it twice.
 */
static bool queue_is_channels(const wb_lay_ctx *c, size_t qi, int pass)
{
    const wb_board_view *v = c->in->view;
    const wb_queue_metrics *q = &v->q[qi];
    const wb_channel_view *cv = &v->ch[q->channel];
    wb_rule r = v->qa[qi].worst;
    if ((int)cv->rule_level[r] != pass)
        return false;
    char qs[TICK_LEN], cs[TICK_LEN];
    const char *lbl = wb_lay_chan_label(c, &cv->m);
    rule_figs qf = queue_figs(q), cf = channel_figs(&cv->m);
    return rule_words(c, qs, sizeof qs, lbl, &qf, r, pass) &&
           rule_words(c, cs, sizeof cs, lbl, &cf, r, pass) && strcmp(qs, cs) == 0;
}

/*
 * The items of channel ch's queues that the screen shows (c->ticker_queues) at level pass,
 * from out[n]; returns the new n. A queue is named by its channel and its own label ("Phone ·
 * Sales line: 7 waiting, limit 6"), with its worst rule and the limit of its own thresholds.
 */
static size_t queue_items(const wb_lay_ctx *c, size_t ch, int pass, tick_item *out, size_t n,
                          size_t max)
{
    const wb_board_view *v = c->in->view;
    for (size_t qi = 0; qi < v->n_queues && n < max; qi++) {
        const wb_queue_metrics *q = &v->q[qi];
        const wb_queue_alarm *qa = &v->qa[qi];
        if (!(c->ticker_queues >> qi & 1u) || q->channel != (int)ch || (int)qa->level != pass ||
            !q->name || queue_is_channels(c, qi, pass))
            continue;
        char lbl[2 * WB_MAX_NAME + 8];
        snprintf(lbl, sizeof lbl, "%s " MIDDOT " %s", wb_lay_chan_label(c, &v->ch[ch].m),
                 wb_lay_queue_label(c, q->name));
        rule_figs f = queue_figs(q);
        if (rule_words(c, out[n].s, sizeof out[n].s, lbl, &f, qa->worst, pass))
            out[n++].col = pass == WB_LEVEL_ALARM ? WB_COL_ALARM : WB_COL_WARN;
    }
    return n;
}

/*
 * The alarm ticker: one item per channel not at ok, each followed by its shown queues' at the
 * same level (alarms first, then warnings), then KPI figures in alarm, then the hints.
 */
static size_t ticker_items(wb_lay_ctx *c, tick_item *out, size_t max)
{
    const wb_board_view *v = c->in->view;
    size_t n = 0;
    /*
     * First what is not known: a channel whose publishers all went quiet while others talk.
     * Its tile is greyed, and its level, as old as its data, is not said.
     */
    for (size_t i = 0; i < v->n_channels && n < max; i++) {
        const wb_channel_view *cv = &v->ch[i];
        if (!cv->silent || !(c->ticker_channels >> i & 1u))
            continue;
        char age[32];
        fmt_age(age, sizeof age, rx_clock(c) - cv->silent_since);
        snprintf(out[n].s, sizeof out[n].s, c->lb->t_silent, wb_lay_chan_label(c, &cv->m), age);
        out[n++].col = WB_COL_STALE;
    }
    /*
     * Then a live channel some of whose waiting contacts are of a publisher gone quiet (a
     * second ACD that died): they are still in its waiting count and oldest wait, unconfirmed.
     */
    for (size_t i = 0; i < v->n_channels && n < max; i++) {
        const wb_channel_view *cv = &v->ch[i];
        if (!cv->waiting_silent || !(c->ticker_channels >> i & 1u))
            continue;
        char age[32];
        fmt_age(age, sizeof age, rx_clock(c) - cv->waiting_silent_since);
        snprintf(out[n].s, sizeof out[n].s, c->lb->t_waiting_silent, wb_lay_chan_label(c, &cv->m),
                 cv->waiting_silent, cv->m.waiting, age);
        out[n++].col = WB_COL_STALE;
    }
    for (int pass = WB_LEVEL_ALARM; pass >= WB_LEVEL_WARN; pass--) {
        for (size_t i = 0; i < v->n_channels && n < max; i++) {
            const wb_channel_view *cv = &v->ch[i];
            if (cv->silent)
                continue;
            if ((int)cv->level == pass && c->ticker_channels >> i & 1u) {
                const wb_channel_metrics *m = &cv->m;
                const char *lbl = wb_lay_chan_label(c, m);
                rule_figs f = channel_figs(m);
                if (!rule_words(c, out[n].s, sizeof out[n].s, lbl, &f, cv->worst, pass))
                    forecast_words(c, out[n].s, sizeof out[n].s, lbl, m);
                out[n++].col = pass == WB_LEVEL_ALARM ? WB_COL_ALARM : WB_COL_WARN;
            }
            n = queue_items(c, i, pass, out, n, max);
        }
    }
    /* KPI figures in alarm (layout_kpi.c) follow the channels: an alarm is news on any page. */
    for (size_t k = 0; k < v->n_kpis && n < max; k++)
        if (wb_lay_kpi_ticker(c, out[n].s, sizeof out[n].s, k))
            out[n++].col = WB_COL_ALARM;
    for (size_t i = 0; i < v->n_hints && n < max; i++) {
        const wb_hint *h = &v->hints[i];
        if (h->target < 0 || h->donor < 0 || (size_t)h->target >= v->n_channels ||
            (size_t)h->donor >= v->n_channels)
            continue;
        /* A screen names the moves that concern a channel it shows. */
        if (!(c->ticker_channels >> h->target & 1u) && !(c->ticker_channels >> h->donor & 1u))
            continue;
        const char *to = wb_lay_chan_label(c, &v->ch[h->target].m);
        const char *from = wb_lay_chan_label(c, &v->ch[h->donor].m);
        /* "Move 3 agents from Email to Phone: 1 free now, 2 after their current contact" */
        char *s = out[n].s, kinds[96] = "", part[64];
        size_t sn = sizeof out[n].s;
        if (h->free_now > 0) {
            snprintf(part, sizeof part, c->lb->move_free, h->free_now);
            snprintf(kinds, sizeof kinds, "%s", part);
        }
        if (h->after_current > 0) {
            size_t k = strlen(kinds);
            snprintf(part, sizeof part, c->lb->move_after, h->after_current);
            snprintf(kinds + k, sizeof kinds - k, "%s%s", k ? ", " : "", part);
        }
        if (h->agents == 1)
            snprintf(s, sn, c->lb->move_one, from, to);
        else
            snprintf(s, sn, c->lb->move_many, h->agents, from, to);
        if (kinds[0]) {
            size_t k = strlen(s);
            snprintf(s + k, sn - k, ": %s", kinds);
        }
        out[n++].col = WB_COL_SPARK;
    }
    return n;
}

/* The longest the ticker takes to show every item once (issue: nothing may stay hidden). */
#define TICKER_CYCLE_MS 20000
/* The longest one page stays: long enough to read two or three items. */
#define TICKER_DWELL_MS 5000

/*
 * Packs items[from..n) at px into pages no wider than w: page k holds items first[k] to
 * first[k + 1] - 1. An item wider than a page on its own gets a page of its own (it is
 * shortened when drawn). Returns the number of pages, at most max_pages.
 */
static int ticker_pages(wb_lay_ctx *c, const tick_item *items, size_t n, int px, int w, int sep,
                        int *widths, size_t *first, int max_pages)
{
    int pages = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
        int h;
        if (c->in->measure(c->in->measure_ud, WB_FONT_BOLD, px, items[i].s, &widths[i], &h) < 0)
            widths[i] = w + 1;
        if (pages == 0 || x + sep + widths[i] > w) {
            if (pages == max_pages)
                return pages + 1;
            first[pages++] = i;
            x = widths[i];
        } else {
            x += sep + widths[i];
        }
    }
    first[pages] = n;
    return pages;
}

/*
 * One ticker item on two lines in box, split at the space nearest its middle, when both
 * halves fit at a bigger size than the whole does on one line. False when that is not so.
 */
static bool ticker_two_lines(wb_lay_ctx *c, const tick_item *it, wb_rect box, int px)
{
    const char *s = it->s, *best = NULL;
    size_t len = strlen(s);
    for (const char *p = strchr(s, ' '); p; p = strchr(p + 1, ' '))
        if (!best || labs((long)(p - s) - (long)len / 2) < labs((long)(best - s) - (long)len / 2))
            best = p;
    if (!best)
        return false;
    char a[sizeof it->s];
    snprintf(a, sizeof a, "%.*s", (int)(best - s), s);
    const char *b = best + 1;
    wb_rect top = band(box, 0, 0.5), bot = band(box, 0.5, 1.0);
    int one = wb_lay_fit_px(c, WB_FONT_BOLD, px, s, box.w, box.h);
    int pa = wb_lay_fit_px(c, WB_FONT_BOLD, px, a, top.w, top.h);
    int pb = wb_lay_fit_px(c, WB_FONT_BOLD, px, b, bot.w, bot.h);
    int two = imin(pa, pb);
    if (two <= one)
        return false;
    wb_lay_text_at(c, WB_TAG_TICKER, -1, top, WB_FONT_BOLD, two, WB_ALIGN_LEFT, it->col, a);
    wb_lay_text_at(c, WB_TAG_TICKER, -1, bot, WB_FONT_BOLD, two, WB_ALIGN_LEFT, it->col, b);
    return true;
}

/*
 * Appends to list (of size n) the labels of the channels this screen shows that never had
 * data (never true) or that are resyncing (never false), joined by ", ". False when none.
 */
static bool unknown_channels(wb_lay_ctx *c, bool never, char *list, size_t n)
{
    const wb_board_view *v = c->in->view;
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 0; i < v->n_channels; i++) {
        const wb_channel_metrics *m = &v->ch[i].m;
        if (!(c->ticker_channels >> i & 1u) ||
            (never ? m->had_data : !m->had_data || !m->resyncing))
            continue;
        snprintf(list + len, n - len, "%s%s", len ? ", " : "", wb_lay_chan_label(c, m));
        len = strlen(list);
    }
    return len > 0;
}

/*
 * The ticker with nothing to report. "All channels OK" in green only when every channel the
 * screen shows has current data: a channel never heard from, or resyncing after a gap, has no
 * level anyone knows, so the line then says "No alarms" in a neutral colour and names those
 * channels ("No alarms · no data yet: Email, Social").
 */
static void calm_line(wb_lay_ctx *c, wb_rect in)
{
    char never[TICK_LEN], resync[TICK_LEN], line[TICK_LEN], part[TICK_LEN];
    bool any_never = unknown_channels(c, true, never, sizeof never);
    bool any_resync = unknown_channels(c, false, resync, sizeof resync);
    if (!any_never && !any_resync) {
        wb_lay_text(c, WB_TAG_TICKER, -1, in, WB_FONT_BOLD, in.h * 3 / 4, WB_ALIGN_LEFT, WB_COL_OK,
                    c->lb->all_ok);
        return;
    }
    snprintf(line, sizeof line, "%s", c->lb->no_alarms);
    /* A line too long for its buffer is cut; the ticker's text ends in an ellipsis anyway. */
    if (any_never) {
        snprintf(part, sizeof part, c->lb->t_no_data_yet, never);
        size_t len = strlen(line);
        if (snprintf(line + len, sizeof line - len, " " MIDDOT " %s", part) < 0)
            return;
    }
    if (any_resync) {
        snprintf(part, sizeof part, c->lb->t_resyncing_list, resync);
        size_t len = strlen(line);
        if (snprintf(line + len, sizeof line - len, " " MIDDOT " %s", part) < 0)
            return;
    }
    wb_lay_text(c, WB_TAG_TICKER, -1, in, WB_FONT_BOLD, in.h * 3 / 4, WB_ALIGN_LEFT, WB_COL_LABEL,
                line);
}

/*
 * The ticker. Every item is shown: when they do not fit side by side they are split into
 * pages that take turns, each page for TICKER_DWELL_MS or less, so that the whole cycle takes
 * at most TICKER_CYCLE_MS and every alarm and hint is on screen at least that often. Pages
 * turn on the receiver's wall clock, which always runs. The text keeps one readable size (a
 * page is added rather than the text shrunk); "2/3" at the right says which page is showing.
 */
static void footer(wb_lay_ctx *c, wb_rect r)
{
    wb_lay_fill(c, WB_TAG_TICKER, -1, r, WB_COL_PANEL);
    enum {
        MAXN = WB_MAX_CHANNELS + WB_MAX_QUEUES_VIEW + WB_MAX_KPIS_VIEW + WB_MAX_HINTS,
        MAX_PAGES = TICKER_CYCLE_MS / 1000
    };
    tick_item items[MAXN];
    size_t n = ticker_items(c, items, MAXN);
    int pad = imax(3, r.h / 6);
    wb_rect in = rect(r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad);
    if (c->no_data) {
        /* Without current data nothing is known to be fine, and old alarms are not news. */
        wb_lay_text(c, WB_TAG_TICKER, -1, in, WB_FONT_BOLD, in.h * 3 / 4, WB_ALIGN_LEFT,
                    WB_COL_LABEL, c->lb->levels_unknown);
        return;
    }
    if (n == 0) {
        calm_line(c, in);
        return;
    }
    int sep = imax(8, in.h);
    int px = wb_lay_ladder_down(in.h * 3 / 4);
    int widths[MAXN];
    size_t first[MAXN + 1];
    wb_rect tw = in;
    int pages = ticker_pages(c, items, n, px, tw.w, sep, widths, first, MAX_PAGES);
    if (pages > 1) {
        /* Room for the page number at the right. */
        int pw = 0, h = 0;
        c->in->measure(c->in->measure_ud, WB_FONT_BOLD, px, "00/00", &pw, &h);
        tw.w = in.w - pw - sep;
        pages = ticker_pages(c, items, n, px, tw.w, sep, widths, first, MAX_PAGES);
    }
    if (pages > MAX_PAGES) {
        /*
         * More items than pages even one to a page (dozens of channels in alarm on a small
         * panel): share the pages out evenly; each item gets its share of the width and is
         * shrunk or shortened to fit it.
         */
        pages = MAX_PAGES;
        for (int k = 0; k <= pages; k++)
            first[k] = (size_t)k * n / (size_t)pages;
        for (int k = 0; k < pages; k++) {
            int cnt = (int)(first[k + 1] - first[k]);
            for (size_t i = first[k]; i < first[k + 1]; i++)
                widths[i] = (tw.w - sep * (cnt - 1)) / cnt;
        }
    }
    long long dwell = TICKER_CYCLE_MS / pages;
    if (dwell > TICKER_DWELL_MS)
        dwell = TICKER_DWELL_MS;
    dwell = dwell / 1000 * 1000; /* whole seconds: the screen is redrawn once a second */
    wb_ms clock = c->in->rx_now > 0 ? c->in->rx_now : c->in->view->now;
    int page = pages > 1 ? (int)((clock / dwell) % pages) : 0;
    int x = tw.x;
    for (size_t i = first[page]; i < first[page + 1]; i++) {
        if (i > first[page])
            wb_lay_fill(
                c, WB_TAG_TICKER, -1,
                rect(x - sep / 2 - imax(2, px / 8) / 2, in.y + in.h / 4, imax(2, px / 8), in.h / 2),
                WB_COL_LABEL);
        int w = imin(widths[i], tw.x + tw.w - x);
        /* An item too long even alone on a page wraps onto two lines, if that reads bigger. */
        if (widths[i] > w && ticker_two_lines(c, &items[i], rect(x, in.y, w, in.h), px))
            break;
        /* Otherwise it is shrunk, then shortened: never dropped. */
        wb_lay_text(c, WB_TAG_TICKER, -1, rect(x, in.y, w, in.h), WB_FONT_BOLD, px, WB_ALIGN_LEFT,
                    items[i].col, items[i].s);
        x += w + sep;
    }
    if (pages > 1) {
        char pg[16];
        snprintf(pg, sizeof pg, "%d/%d", page + 1, pages);
        wb_lay_text_at(c, WB_TAG_TICKER, -1, rect(tw.x + tw.w + sep, in.y, in.w - tw.w - sep, in.h),
                       WB_FONT_BOLD, px, WB_ALIGN_RIGHT, WB_COL_LABEL, pg);
    }
}

int wb_layout_build(wb_dlist *dl, const wb_layout_in *in)
{
    if (!dl || !in || !in->view || !in->measure || in->w <= 0 || in->h <= 0)
        return WB_ERR_INVAL;
    wb_dlist_clear(dl);
    dl->w = in->w;
    dl->h = in->h;
    dl->clear = WB_COL_BG;
    wb_lay_ctx c = {.dl = dl, .in = in, .lb = wb_lay_labels(in->lang)};
    c.tz = in->cfg ? in->cfg->tz : "";
    const wb_board_view *v = in->view;
    c.no_data = v->stale || !v->ever_data;
    c.ticker_channels = wb_lay_screen_channels(&c);
    c.ticker_queues = wb_lay_screen_queues(&c);
    /*
     * The last data's time on the view's clock. On event time that clock is the newest event's
     * time, which stops when the data stops: it is the last data's time already, and the
     * data's age on the receiver's wall clock must not be taken from it again (the banner's
     * time would run backwards as the wall clock runs on). On the wall clock it is the view's
     * now less the data's age on the receiver's clock.
     */
    c.data_now = v->now;
    if (!v->event_clock && v->ever_data && v->last_rx >= 0) {
        wb_ms rx_now = in->rx_now > 0 ? in->rx_now : v->now;
        wb_ms age = rx_now - v->last_rx;
        c.data_now = v->now - (age > 0 ? age : 0);
    }

    int unit = imin(in->w, in->h);
    int margin = imax(4, unit / 100) + imax(0, in->reserve);
    wb_rect scr = rect(margin, margin, in->w - 2 * margin, in->h - 2 * margin);
    int gap = imax(4, unit / 100);
    /* Header and footer heights follow the short side, with floors for small kiosks. */
    /*
     * The header is context, not news: at 1080p it is no taller than the service levels' text
     * (about 60 px), which leaves the tiles the room their figures need.
     */
    int hh = imax(30, in->w < in->h ? unit / 8 : imin(in->h / 15, unit / 15));
    /* Portrait is narrow: its ticker is taller, for an item that needs two lines. */
    int fh = imax(24, in->w < in->h ? unit / 10 : imin(in->h / 15, unit / 14));
    header(&c, rect(scr.x, scr.y, scr.w, hh));
    int y = scr.y + hh + gap;
    if (v->stale || !v->ever_data) {
        int bh = imax(24, hh * 4 / 5);
        banner(&c, rect(scr.x, y, scr.w, bh));
        y += bh + gap;
    }
    wb_rect area = rect(scr.x, y, scr.w, scr.y + scr.h - fh - gap - y);
    /* A channel's detail page (a tap on its tile) over anything else; then a configured page
     * when the configuration has pages; the built-in ones otherwise. */
    const wb_page_cfg *pg = wb_layout_page_cfg(in->cfg, in->page);
    if (in->detail)
        wb_lay_detail(&c, area);
    else if (pg)
        wb_lay_page(&c, pg, area);
    else if (in->page == WB_PAGE_AGENTS)
        wb_lay_agents_page(&c, area);
    else if (in->page == WB_PAGE_INTERVALS)
        wb_lay_intervals_page(&c, area);
    else if (in->page == WB_PAGE_KPIS)
        wb_lay_kpis(&c, area);
    else
        wb_lay_overview(&c, area);
    footer(&c, rect(scr.x, scr.y + scr.h - fh, scr.w, fh));
    return dl->oom ? WB_ERR_NOMEM : WB_OK;
}
