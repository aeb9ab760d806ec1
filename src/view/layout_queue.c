/*
 * layout_queue.c - queue tiles and queue-group tiles: the figures of one queue, or of several
 * summed, in a tile like a channel's (title and level, waiting and oldest wait, service level
 * today and over the rolling window against the target, answered and abandoned today).
 *
 * A group's figures are true sums, so that a supervisor who adds up the queue tiles gets the
 * group tile: counts are added, the service levels are computed from the added counters (an
 * average of percentages would weigh a quiet queue like a busy one), the oldest wait is the
 * longest of them, and the level is the worst of the queues' own levels (each judged on its
 * own thresholds). Queues have no agents of their own in the model, so a queue tile shows no
 * agent figures: the channel tile and the agent page have them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_int.h"

void wb_lay_queue_sum(const wb_board_view *v, const char *const *names, size_t n, wb_lay_qsum *out)
{
    memset(out, 0, sizeof *out);
    out->oldest_wait_ms = -1;
    out->target = NAN;
    out->sl_t_ms = -1;
    wb_counts today = {0}, rolling = {0};
    wb_sl_formula formula = WB_SL_OFFERED;
    for (size_t qi = 0; qi < v->n_queues; qi++) {
        const wb_queue_metrics *q = &v->q[qi];
        bool named = false;
        for (size_t k = 0; k < n && !named; k++)
            named = q->name && names[k] && strcmp(q->name, names[k]) == 0;
        if (!named)
            continue;
        const wb_queue_alarm *qa = &v->qa[qi];
        out->waiting += q->waiting;
        if (q->oldest_wait_ms > out->oldest_wait_ms)
            out->oldest_wait_ms = q->oldest_wait_ms;
        wb_counts_add(&today, &q->today.c);
        wb_counts_add(&rolling, &q->rolling.c);
        double tg = q->cfg ? q->cfg->sl_target : NAN;
        wb_ms t = q->cfg ? q->cfg->sl_t_ms : -1;
        if (out->found == 0) {
            formula = q->cfg ? q->cfg->formula : WB_SL_OFFERED;
            out->target = tg;
            out->sl_t_ms = t;
        } else {
            if (!(tg == out->target))
                out->target = NAN;
            if (t != out->sl_t_ms)
                out->sl_t_ms = -1;
        }
        if (qa->level > out->level)
            out->level = qa->level;
        for (int r = 0; r < WB_RULE_COUNT; r++)
            if (qa->rule_level[r] > out->rule_level[r])
                out->rule_level[r] = qa->rule_level[r];
        out->flashing |= qa->flashing;
        if (q->channel >= 0 && (size_t)q->channel < v->n_channels) {
            out->resyncing |= v->ch[q->channel].m.resyncing;
            out->silent |= v->ch[q->channel].silent;
        }
        out->found++;
    }
    /*
     * The service levels from the summed counters, by the queues' formula (a group whose
     * queues count by different formulas takes its first queue's).
     */
    wb_window_compute(&out->today, &today, formula);
    wb_window_compute(&out->rolling, &rolling, formula);
}

static wb_color level_colour(wb_level l, wb_color normal)
{
    return l == WB_LEVEL_ALARM ? WB_COL_ALARM : l == WB_LEVEL_WARN ? WB_COL_WARN : normal;
}

/* Row bands of the tile as fractions of its inner height; compact tiles keep the first three. */
enum { Q_TITLE, Q_MAIN, Q_SL, Q_COUNTS, Q_MEMBERS, Q_N };
static const double QROWS_FULL[Q_N][2] = {
    {0, 0.10}, {0.12, 0.48}, {0.50, 0.78}, {0.80, 0.89}, {0.91, 1.0}};
static const double QROWS_COMPACT[Q_N][2] = {{0, 0.16}, {0.18, 0.58}, {0.60, 1.0}, {0, 0}, {0, 0}};

typedef struct qtile {
    int i;
    const wb_lay_qsum *s;
    bool never, dim;
    wb_color num, lab;
} qtile;

static wb_color rule_col(const qtile *t, wb_rule r)
{
    return t->dim ? t->num : level_colour(t->s->rule_level[r], t->num);
}

/* Waiting (the headline) on the left, the oldest wait on the right, each under its caption. */
static void qtile_main(wb_lay_ctx *c, const qtile *t, wb_rect main, bool compact)
{
    char s[32];
    double cf = compact ? 0.24 : 0.17;
    wb_rect wl = slice(main, 0, 0.5), right = slice(main, 0.52, 1.0);
    wb_rect wcap = band(wl, 0, cf), wnum = band(wl, cf, 1.0);
    wb_rect ocap = band(right, 0, cf), onum = band(right, cf, compact ? 1.0 : 0.75);
    wb_lay_text(c, WB_TAG_LABEL, t->i, wcap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, t->lab,
                c->lb->waiting);
    wb_lay_text(c, WB_TAG_LABEL, t->i, ocap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, t->lab,
                c->lb->oldest);
    if (t->never)
        snprintf(s, sizeof s, EM_DASH);
    else
        snprintf(s, sizeof s, "%u", t->s->waiting);
    const wb_dl_item *wit =
        wb_lay_text(c, WB_TAG_WAITING, t->i, wnum, WB_FONT_CONDENSED, wnum.h * 5 / 4, WB_ALIGN_LEFT,
                    rule_col(t, WB_RULE_WAITING), s);
    int omax = onum.h * 5 / 4;
    if (wit && omax > wit->px * 3 / 4)
        omax = wit->px * 3 / 4;
    if (t->never || t->s->oldest_wait_ms < 0)
        snprintf(s, sizeof s, EM_DASH);
    else
        wb_lay_fmt_mmss(s, sizeof s, t->s->oldest_wait_ms);
    wb_lay_text(c, WB_TAG_OLDEST, t->i, onum, WB_FONT_CONDENSED, omax, WB_ALIGN_LEFT,
                rule_col(t, WB_RULE_OLDEST_WAIT), s);
}

/*
 * Service level today and over the rolling window, each "82% / 80%" under its caption. The
 * captions are no taller than cap_h, the waiting count's, so that the values get the room.
 */
static void qtile_sl(wb_lay_ctx *c, const qtile *t, wb_rect slr, int cap_h)
{
    char cap[96], sh[64], v[32], tg[32], tgs[40];
    wb_lay_fmt_target(c, tg, sizeof tg, t->s->target);
    snprintf(tgs, sizeof tgs, "/ %s", tg);
    for (int k = 0; k < 2; k++) {
        wb_rect col = k ? slice(slr, 0.51, 1.0) : slice(slr, 0, 0.49);
        int ch = imin(cap_h, col.h * 2 / 5);
        wb_rect cr = rect(col.x, col.y, col.w, ch),
                val = rect(col.x, col.y + ch, col.w, col.h - ch);
        if (k) {
            snprintf(cap, sizeof cap, c->lb->last_fmt, wb_lay_rolling_min(c));
            snprintf(sh, sizeof sh, c->lb->last_fmt_short, wb_lay_rolling_min(c));
        } else {
            snprintf(cap, sizeof cap, "%s", c->lb->sl_today);
            snprintf(sh, sizeof sh, "%s", c->lb->sl_today_short);
        }
        wb_lay_text_alt(c, WB_TAG_LABEL, t->i, cr, WB_FONT_REGULAR, cr.h, WB_ALIGN_LEFT, t->lab,
                        cap, sh);
        double sl = t->never ? NAN : (k ? t->s->rolling.sl : t->s->today.sl);
        wb_lay_fmt_pct_vs(c, v, sizeof v, sl, t->s->target);
        wb_rule r = k ? WB_RULE_SL_ROLLING : WB_RULE_SL_TODAY;
        /* Queues with different targets have no one target to show. */
        wb_lay_sl_value(c, k ? WB_TAG_SL_ROLLING : WB_TAG_SL_TODAY, t->i, val, rule_col(t, r), v,
                        isnan(t->s->target) ? NULL : tgs, t->dim ? t->num : t->lab);
    }
}

void wb_lay_queue_tile(wb_lay_ctx *c, int tile, wb_rect r, const char *label, const char *members,
                       const wb_lay_qsum *s)
{
    qtile t = {.i = tile, .s = s};
    t.never = s->found == 0;
    t.dim = c->no_data || s->resyncing || s->silent || t.never;
    t.num = t.dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    t.lab = WB_COL_LABEL;
    int bt = wb_lay_level_frame(c, tile, r, s->level, s->flashing,
                                t.never || c->no_data || s->silent || s->resyncing);
    int unit = imin(r.w, r.h);
    wb_rect in = inset(r, bt + imax(3, unit / 40));
    if (in.w < 8 || in.h < 8)
        return;
    bool compact = in.h < 230;
    const double(*rows)[2] = compact ? QROWS_COMPACT : QROWS_FULL;
    wb_rect title = band(in, rows[Q_TITLE][0], rows[Q_TITLE][1]);
    wb_lay_text(c, WB_TAG_TILE_TITLE, tile, slice(title, 0, 0.56), WB_FONT_BOLD, title.h,
                WB_ALIGN_LEFT, WB_COL_TEXT, label);
    wb_lay_level_tag(c, tile, slice(title, 0.58, 1.0), t.never, s->silent, s->resyncing, s->level);
    wb_rect main = band(in, rows[Q_MAIN][0], rows[Q_MAIN][1]);
    qtile_main(c, &t, main, compact);
    qtile_sl(c, &t, band(in, rows[Q_SL][0], rows[Q_SL][1]),
             (int)lround(main.h * (compact ? 0.24 : 0.17)));
    if (compact)
        return;
    /* Answered and abandoned today, the abandons with their rate (short abandons left out). */
    wb_lay_today_counts(c, t.i, band(in, rows[Q_COUNTS][0], rows[Q_COUNTS][1]), &s->today, t.never,
                        t.lab, t.num);
    if (members && members[0]) {
        wb_rect mr = band(in, rows[Q_MEMBERS][0], rows[Q_MEMBERS][1]);
        wb_lay_text(c, WB_TAG_LABEL, tile, mr, WB_FONT_REGULAR, mr.h * 4 / 5, WB_ALIGN_LEFT, t.lab,
                    members);
    }
}
