/*
 * layout_summary.c - the site summary tile: the whole site in one tile, in a cell of the
 * overview grid that no channel fills (five channels lay out 3 + 2; the sixth cell would
 * otherwise be empty). It shows the contacts waiting on every channel together, the longest
 * wait anywhere, the service level today over all contacts (the board's: the contacts that met
 * their channel's goal over those their channels count) and the agents signed in by state, each
 * agent once (the board's site-wide figures), so that it never adds up the channel tiles' agent
 * figures, which count an agent who serves several channels on each of them.
 */
#include <math.h>
#include <stdio.h>

#include "layout_int.h"

void wb_lay_summary(wb_lay_ctx *c, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    const wb_labels *lb = c->lb;
    /*
     * The site's figures add up the channels': while one of them is resyncing, or its
     * publishers are silent, part of every sum is in doubt, and the sums are dimmed as that
     * channel's own tile is.
     */
    bool doubt = v->n_resyncing > 0;
    for (size_t i = 0; i < v->n_channels; i++)
        doubt |= v->ch[i].silent;
    bool dim = c->no_data || doubt;
    wb_color num = dim ? WB_COL_TEXT_DIM : WB_COL_TEXT, lab = WB_COL_LABEL;
    /* A neutral frame: the site has no level of its own; its channels have. */
    wb_lay_fill(c, WB_TAG_SUMMARY, -1, r, WB_COL_PANEL);
    int unit = imin(r.w, r.h);
    int bt = imax(2, unit / 110);
    wb_lay_outline(c, WB_TAG_SUMMARY, -1, r, WB_COL_NODATA, bt);
    wb_rect in = inset(r, bt + imax(3, unit / 40));
    if (in.w < 8 || in.h < 8)
        return;
    bool compact = in.h < 230;
    char s[64];

    wb_lay_text(c, WB_TAG_SUMMARY, -1, band(in, 0, compact ? 0.14 : 0.09), WB_FONT_BOLD, in.h,
                WB_ALIGN_LEFT, WB_COL_TEXT, lb->site_summary);

    /* Waiting everywhere and the longest wait anywhere, like a channel's main block. */
    wb_rect main = band(in, compact ? 0.15 : 0.10, compact ? 0.57 : 0.43);
    wb_rect wl = slice(main, 0, 0.5), right = slice(main, 0.52, 1.0);
    double cf = compact ? 0.24 : 0.17;
    unsigned waiting = 0;
    wb_ms longest = -1;
    bool any = false;
    for (size_t i = 0; i < v->n_channels; i++) {
        const wb_channel_metrics *m = &v->ch[i].m;
        if (!m->had_data)
            continue;
        any = true;
        waiting += m->waiting;
        if (m->oldest_wait_ms > longest)
            longest = m->oldest_wait_ms;
    }
    wb_lay_text(c, WB_TAG_SUMMARY, -1, band(wl, 0, cf), WB_FONT_REGULAR, main.h, WB_ALIGN_LEFT, lab,
                lb->waiting);
    wb_lay_text(c, WB_TAG_SUMMARY, -1, band(right, 0, cf), WB_FONT_REGULAR, main.h, WB_ALIGN_LEFT,
                lab, lb->longest_wait);
    if (any)
        snprintf(s, sizeof s, "%u", waiting);
    else
        snprintf(s, sizeof s, EM_DASH);
    wb_rect wn = band(wl, cf, 1.0);
    const wb_dl_item *wit = wb_lay_text(c, WB_TAG_SUMMARY, -1, wn, WB_FONT_CONDENSED, wn.h * 5 / 4,
                                        WB_ALIGN_LEFT, num, s);
    if (!any || longest < 0)
        snprintf(s, sizeof s, EM_DASH);
    else
        wb_lay_fmt_mmss(s, sizeof s, longest);
    wb_rect on = band(right, cf, compact ? 1.0 : 0.62);
    int omax = on.h * 5 / 4;
    if (wit && omax > wit->px * 3 / 4)
        omax = wit->px * 3 / 4;
    wb_lay_text(c, WB_TAG_SUMMARY, -1, on, WB_FONT_CONDENSED, omax, WB_ALIGN_LEFT, num, s);

    /* The service level today over all contacts. */
    wb_rect slr = band(in, compact ? 0.58 : 0.44, compact ? 0.81 : 0.685);
    wb_rect slc = slice(slr, 0, 0.49);
    double capf = compact ? 0.4 : 0.26;
    wb_lay_text_alt(c, WB_TAG_SUMMARY, -1, band(slc, 0, capf), WB_FONT_REGULAR, slr.h,
                    WB_ALIGN_LEFT, lab, lb->sl_today, lb->sl_today_short);
    wb_lay_fmt_pct(c, s, sizeof s, any ? v->site_sl_today : NAN);
    wb_rect slv = band(slc, capf, 1.0);
    wb_lay_text(c, WB_TAG_SUMMARY, -1, slice(slv, 0, 0.9), WB_FONT_CONDENSED, slv.h * 5 / 6,
                WB_ALIGN_LEFT, num, s);

    /* Agents signed in, each once, and how many of them are free, on the right. */
    uint32_t signed_in = 0;
    for (int k = 0; k < WB_AGENT_NSTATES; k++)
        if (k != WB_AGENT_OFFLINE)
            signed_in += v->agents[k];
    wb_rect agc = slice(slr, 0.51, 1.0);
    wb_lay_text(c, WB_TAG_SUMMARY, -1, band(agc, 0, capf), WB_FONT_REGULAR, slr.h, WB_ALIGN_LEFT,
                lab, lb->signed_in);
    /*
     * As on a channel tile: while no channel ever had data the agent counts are unknown, not
     * zero, so they are dashes. Agent events mark the channels the agent serves, so `any` is
     * true as soon as one agent was ever reported.
     */
    if (any)
        snprintf(s, sizeof s, "%u", signed_in);
    else
        snprintf(s, sizeof s, EM_DASH);
    wb_lay_text(c, WB_TAG_SUMMARY, -1, slice(band(agc, capf, 1.0), 0, 0.9), WB_FONT_CONDENSED,
                slv.h * 5 / 6, WB_ALIGN_LEFT, num, s);

    /* One pill per state of those signed in, with its symbol: they add up to the figure above. */
    static const wb_agent_state st[4] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                         WB_AGENT_PAUSED};
    static const wb_color sc[4] = {WB_COL_AVAILABLE, WB_COL_BUSY, WB_COL_WRAPUP, WB_COL_PAUSED};
    wb_rect ar = band(in, compact ? 0.83 : 0.72, compact ? 1.0 : 0.88);
    int gap = imax(1, in.h / 80);
    for (int k = 0; k < 4; k++) {
        wb_rect cell = slice(ar, k / 4.0, (k + 1) / 4.0);
        cell.w -= gap * 3;
        wb_rect pill = compact ? cell : band(cell, 0, 0.62);
        wb_color col = dim ? blend(WB_COL_TEXT_DIM, WB_COL_PANEL, 0.45) : sc[k];
        wb_lay_fill(c, WB_TAG_SUMMARY, -1, pill, col);
        if (any)
            snprintf(s, sizeof s, "%s %u", wb_lay_state_symbol(st[k]), v->agents[st[k]]);
        else
            snprintf(s, sizeof s, "%s " EM_DASH, wb_lay_state_symbol(st[k]));
        wb_lay_text(c, WB_TAG_SUMMARY, -1, inset(pill, imax(1, pill.h / 12)), WB_FONT_BOLD, pill.h,
                    WB_ALIGN_CENTER, dim ? num : WB_COL_BG, s);
        if (!compact)
            wb_lay_text(c, WB_TAG_SUMMARY, -1, band(cell, 0.64, 1.0), WB_FONT_REGULAR, cell.h,
                        WB_ALIGN_CENTER, lab, lb->state[st[k]]);
    }
}
