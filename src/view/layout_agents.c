/*
 * layout_agents.c - the agent page: agents grouped by team (no team last), each team under a
 * heading with a count per state, then one card per agent in its state's colour with its
 * name, time in state and what the state is about. Cards shrink until every team fits; what
 * does not fit is counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout_int.h"

/* Time in state on an agent card: mm:ss below an hour, then h:mm. */
static void fmt_in_state(char *buf, size_t n, wb_ms ms)
{
    if (ms < 0)
        ms = 0;
    long long s = ms / 1000;
    if (s >= 3600)
        snprintf(buf, n, "%lld:%02lldh", s / 3600, s / 60 % 60);
    else
        snprintf(buf, n, "%lld:%02lld", s / 60, s % 60);
}

static int state_order(wb_agent_state s)
{
    switch (s) {
    case WB_AGENT_AVAILABLE:
        return 0;
    case WB_AGENT_BUSY:
        return 1;
    case WB_AGENT_WRAPUP:
        return 2;
    case WB_AGENT_PAUSED:
        return 3;
    default:
        return 4;
    }
}

/* qsort() has no user pointer: the agent array being sorted. Layout runs on one thread. */
static const wb_agent_info *sort_base;

static const char *team_of(const wb_agent_info *a)
{
    return a->team && a->team[0] ? a->team : NULL;
}

static int cmp_agents(const void *pa, const void *pb)
{
    const wb_agent_info *a = &sort_base[*(const size_t *)pa];
    const wb_agent_info *b = &sort_base[*(const size_t *)pb];
    const char *ta = team_of(a), *tb = team_of(b);
    /* Agents with no team go last. */
    if (!ta != !tb)
        return ta ? -1 : 1;
    int d = ta ? strcmp(ta, tb) : 0;
    if (d)
        return d;
    d = state_order(a->state) - state_order(b->state);
    if (d)
        return d;
    const char *na = a->name ? a->name : (a->agent ? a->agent : "");
    const char *nb = b->name ? b->name : (b->agent ? b->agent : "");
    return strcmp(na, nb);
}

static wb_color state_colour(wb_agent_state s)
{
    switch (s) {
    case WB_AGENT_AVAILABLE:
        return WB_COL_AVAILABLE;
    case WB_AGENT_BUSY:
        return WB_COL_BUSY;
    case WB_AGENT_WRAPUP:
        return WB_COL_WRAPUP;
    case WB_AGENT_PAUSED:
        return WB_COL_PAUSED;
    default:
        return WB_COL_OFFLINE;
    }
}

/*
 * The pause reason of a paused agent, or the channel of a busy or wrapping-up agent's
 * contact; and for one who asked for a pause or to sign out during the contact, where it goes
 * when the contact is done ("Phone \u2192 lunch", in buf): the supervisor sees who is about to
 * leave, as the forecast already counts them out.
 */
static const char *card_detail(const wb_lay_ctx *c, const wb_agent_info *a, char *buf, size_t n)
{
    const wb_board_view *v = c->in->view;
    if (a->state == WB_AGENT_PAUSED && a->reason && a->reason[0])
        return a->reason;
    if (a->state != WB_AGENT_BUSY && a->state != WB_AGENT_WRAPUP)
        return NULL;
    const char *ch = a->work_ch >= 0 && (size_t)a->work_ch < v->n_channels
                         ? wb_lay_chan_label(c, &v->ch[a->work_ch].m)
                         : NULL;
    if (!a->has_next || (a->next != WB_AGENT_PAUSED && a->next != WB_AGENT_OFFLINE))
        return ch;
    /* The reason says where to, a pause's or a sign-out's ("end of shift"), in its own words. */
    const char *to = a->reason && a->reason[0] ? a->reason : c->lb->state[a->next];
    if (ch)
        snprintf(buf, n, "%s \xE2\x86\x92 %s", ch, to);
    else
        snprintf(buf, n, "\xE2\x86\x92 %s", to);
    return buf;
}

/*
 * How long the agent's publisher has been silent past the staleness limit while the board is
 * live (the receiver's clock): 0 when it is not; the time since it was last heard otherwise.
 * Its time then stops at heard_t, when it was last heard on the view's clock (event time
 * moves on with the other publishers' events, the receiver's clock does not).
 */
static wb_ms agent_quiet_ms(const wb_lay_ctx *c, const wb_agent_info *a)
{
    const wb_layout_in *in = c->in;
    wb_ms after = in->cfg && in->cfg->stale_after_ms > 0 ? in->cfg->stale_after_ms : 5000;
    wb_ms rx = in->rx_now > 0 ? in->rx_now : in->view->now;
    if (c->no_data || a->heard <= 0 || rx - a->heard <= after)
        return 0;
    return rx - a->heard;
}

/*
 * The view's time at which a card's timer reads: now; the last data's time on a stale board;
 * for an agent whose publisher went quiet, when that publisher was last heard (heard_t, or
 * quiet before now where the model has no such time yet).
 */
static wb_ms card_clock(const wb_lay_ctx *c, const wb_agent_info *a, wb_ms quiet)
{
    if (c->no_data)
        return c->data_now;
    if (quiet > 0)
        return a->heard_t > 0 ? a->heard_t : c->in->view->now - quiet;
    return c->in->view->now;
}

/*
 * How long the agent may stay in its state before its card is highlighted, in ms; 0 for no
 * limit. Wrap-up has one limit; a pause has its reason's, else the one for any reason.
 */
static wb_ms state_limit_ms(const wb_lay_ctx *c, const wb_agent_info *a)
{
    if (!c->in->cfg)
        return 0;
    const wb_display_cfg *d = &c->in->cfg->display;
    if (a->state == WB_AGENT_WRAPUP)
        return (wb_ms)d->max_wrapup_s * 1000;
    if (a->state != WB_AGENT_PAUSED)
        return 0;
    for (size_t i = 0; a->reason && i < d->n_pause_limits; i++)
        if (strcasecmp(d->pause_limit[i].reason, a->reason) == 0)
            return (wb_ms)d->pause_limit[i].s * 1000;
    return (wb_ms)d->max_pause_s * 1000;
}

static bool same_team(const wb_agent_info *a, const wb_agent_info *b)
{
    const char *ta = team_of(a), *tb = team_of(b);
    if (!ta || !tb)
        return !ta && !tb;
    return strcmp(ta, tb) == 0;
}

/* The width of the widest state symbol at the smallest size, as the cards draw them. */
static int widest_symbol(wb_lay_ctx *c)
{
    int most = 0;
    for (int k = 0; k < WB_AGENT_NSTATES; k++) {
        int w = 0, h = 0;
        if (c->in->measure(c->in->measure_ud, WB_FONT_BOLD, WB_LAY_MIN_PX,
                           wb_lay_state_symbol((wb_agent_state)k), &w, &h) == 0)
            most = imax(most, w);
    }
    return most;
}

/* Height the agent page needs with cards of height ch in cols columns. */
static int agents_height(const size_t *idx, size_t n, int cols, int ch, int gap, int head_h)
{
    int hgt = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && same_team(&sort_base[idx[i]], &sort_base[idx[j]]))
            j++;
        int rows = (int)((j - i + (size_t)cols - 1) / (size_t)cols);
        hgt += head_h + gap + rows * (ch + gap);
        i = j;
    }
    return hgt;
}

/*
 * A team's heading in hr: the team name and its size, then a count per state with the state's
 * colour, which is also the legend of the card colours below.
 *
 * The size counts every card under the heading, offline ones included (they are shown, in
 * grey), and so the counts include the offline agents too: the parts add up to the number
 * shown ("Digital (18)": 0 available, 3 busy, 0 in wrap-up, 0 paused, 15 offline), and the grey
 * cards have their legend. Counting only those signed in in the size would leave a heading of
 * 3 over 18 cards.
 */
static void team_heading(wb_lay_ctx *c, wb_rect hr, const char *team, unsigned n,
                         const unsigned by[WB_AGENT_NSTATES])
{
    int head_h = hr.h;
    char s[192];
    snprintf(s, sizeof s, "%s (%u)", team ? team : c->lb->no_team, n);
    wb_lay_text(c, WB_TAG_TEAM, -1, slice(hr, 0, 0.30), WB_FONT_BOLD, head_h, WB_ALIGN_LEFT,
                WB_COL_TEXT, s);
    enum { NS = 5 };
    static const wb_agent_state order[NS] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                             WB_AGENT_PAUSED, WB_AGENT_OFFLINE};
    /* The counts share the size at which the longest of them fits. */
    char legend[NS][64];
    wb_rect lr[NS];
    int lpx = head_h * 4 / 5;
    int sq = imax(4, head_h * 3 / 5);
    bool whole = true;
    for (int k = 0; k < NS; k++) {
        wb_rect cell = slice(hr, 0.32 + 0.136 * k, 0.32 + 0.136 * (k + 1));
        wb_rect box = rect(cell.x, cell.y + (head_h - sq) / 2, sq, sq);
        wb_lay_fill(c, WB_TAG_TEAM, -1, box, state_colour(order[k]));
        wb_lay_text(c, WB_TAG_TEAM, -1, box, WB_FONT_BOLD, sq * 4 / 5, WB_ALIGN_CENTER, WB_COL_BG,
                    wb_lay_state_symbol(order[k]));
        /* "Busy 6": the word first, as a caption before its figure. */
        snprintf(legend[k], sizeof legend[k], "%s %u", c->lb->state[order[k]], by[order[k]]);
        lr[k] = rect(cell.x + sq + imax(2, sq / 2), cell.y, 0, head_h);
        lr[k].w = cell.x + cell.w - lr[k].x - imax(2, sq / 2);
        int px = wb_lay_fit_px(c, WB_FONT_REGULAR, lpx, legend[k], lr[k].w, lr[k].h);
        if (px >= 0 && px < lpx)
            lpx = px;
        whole = whole && px >= 0;
    }
    if (!whole) {
        /*
         * A word that does not fit even at the smallest size would be cut with its figure
         * ("Availa…"): then every count is written with its state's symbol instead, as the
         * overview's agent row writes them ("✔ 0", "❚❚ 1"), so that the figures stay.
         */
        lpx = head_h * 4 / 5;
        for (int k = 0; k < NS; k++) {
            snprintf(legend[k], sizeof legend[k], "%s %u", wb_lay_state_symbol(order[k]),
                     by[order[k]]);
            int px = wb_lay_fit_px(c, WB_FONT_REGULAR, lpx, legend[k], lr[k].w, lr[k].h);
            if (px >= 0 && px < lpx)
                lpx = px;
        }
    }
    for (int k = 0; k < NS; k++)
        wb_lay_text_at(c, WB_TAG_TEAM, -1, lr[k], WB_FONT_REGULAR, lpx, WB_ALIGN_LEFT, WB_COL_LABEL,
                       legend[k]);
}

/* "Aino Virtanen" -> "Aino V." (first word, initial of the last word). False if one word. */
bool wb_lay_abbreviate(const char *name, char *out, size_t n)
{
    const char *sp1 = strchr(name, ' ');
    const char *last = strrchr(name, ' ');
    if (!sp1 || !last || !last[1])
        return false;
    /* The initial is one whole UTF-8 character. */
    size_t ilen = 1;
    while (last[1 + ilen] && ((unsigned char)last[1 + ilen] & 0xC0) == 0x80)
        ilen++;
    snprintf(out, n, "%.*s %.*s.", (int)(sp1 - name), name, (int)ilen, last + 1);
    return true;
}

void wb_lay_agents_page(wb_lay_ctx *c, wb_rect area)
{
    size_t n = c->in->n_agents;
    if (n == 0 || !c->in->agents) {
        /*
         * Before the screen ever had data nothing is known of the agents: "No agents signed
         * in" would be a zero where there is no figure, as "No KPI figures yet" says on the KPI
         * page. Once there was data, an empty list is a team with nobody signed in.
         */
        wb_lay_empty_note(c, area,
                          c->in->view->ever_data ? c->lb->no_agents : c->lb->no_agent_data);
        return;
    }
    size_t *idx = malloc(n * sizeof *idx);
    if (!idx) {
        c->dl->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_base = c->in->agents;
    qsort(idx, n, sizeof *idx, cmp_agents);

    /*
     * Card size: the largest height (cards about 5:1, which suits a name and a time) at which every
     * team fits the area; then the cards widen to fill the row exactly.
     */
    int gap = imax(3, imin(c->in->w, c->in->h) / 200);
    int ch = imin(area.h / 4, imax(24, imin(c->in->w, c->in->h) / 9));
    int cols = 1, head_h = 0;
    for (; ch >= 14; ch = ch * 31 / 32) {
        int cw = ch * 5;
        cols = imax(1, (area.w + gap) / (cw + gap));
        head_h = imax(12, ch * 3 / 5);
        if (agents_height(idx, n, cols, ch, gap, head_h) <= area.h)
            break;
    }
    if (ch < 14) {
        ch = 14;
        head_h = 12;
        int cw = ch * 5;
        cols = imax(1, (area.w + gap) / (cw + gap));
    }
    int cw = (area.w - gap * (cols - 1)) / cols;
    /*
     * The strip at a card's left holds its state's symbol. On the smallest cards it widens to
     * hold the widest symbol (the pause's two bars) at the smallest size: without it a paused
     * card would show its state by colour alone.
     */
    int strip = imax(3, ch * 3 / 4), strip_in = imax(1, strip / 8);
    int symw = widest_symbol(c);
    if (symw + 2 * strip_in > strip)
        strip = symw + 2 * strip_in;
    int y = area.y;
    int tpx = 0;
    size_t i = 0;
    int shown = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && same_team(&sort_base[idx[i]], &sort_base[idx[j]]))
            j++;
        if (y + head_h > area.y + area.h)
            break;
        const char *team = team_of(&sort_base[idx[i]]);
        unsigned by[WB_AGENT_NSTATES] = {0};
        for (size_t k = i; k < j; k++)
            by[sort_base[idx[k]].state < WB_AGENT_NSTATES ? sort_base[idx[k]].state : 0]++;
        team_heading(c, rect(area.x, y, area.w, head_h), team, (unsigned)(j - i), by);
        char s[192];
        y += head_h + gap;
        for (size_t k = i; k < j; k++) {
            int col = (int)((k - i) % (size_t)cols);
            if (col == 0 && k > i)
                y += ch + gap;
            if (y + ch > area.y + area.h)
                goto done;
            const wb_agent_info *a = &sort_base[idx[k]];
            wb_rect card = rect(area.x + col * (cw + gap), y, cw, ch);
            wb_color sc = state_colour(a->state);
            /*
             * Without current data a card is dimmed like an offline one: it is not live. So is
             * an agent whose publisher alone went quiet (others still talk): its time stops
             * when that publisher was last heard.
             */
            wb_ms quiet = agent_quiet_ms(c, a);
            bool stopped = c->no_data || quiet > 0;
            bool off = a->state == WB_AGENT_OFFLINE || stopped;
            if (stopped)
                sc = blend(sc, WB_COL_BG, 0.45);
            wb_lay_fill(c, WB_TAG_CARD, shown, card, blend(sc, WB_COL_BG, off ? 0.15 : 0.30));
            /* The state's colour as a square at the left, with its symbol in dark ink. */
            wb_rect badge = rect(card.x, card.y, strip, card.h);
            wb_lay_fill(c, WB_TAG_CARD, shown, badge, sc);
            wb_lay_text(c, WB_TAG_CARD_STATE, shown, inset(badge, strip_in), WB_FONT_BOLD,
                        ch * 3 / 5, WB_ALIGN_CENTER, WB_COL_BG, wb_lay_state_symbol(a->state));
            int pad = imax(2, ch / 8);
            wb_rect body = rect(card.x + strip + pad, card.y + pad / 2, 0, card.h - pad);
            body.w = card.x + card.w - pad - body.x;
            const char *nm = a->name && a->name[0] ? a->name : (a->agent ? a->agent : "?");
            /*
             * Below the name, what the state is about (card_detail()). Only on cards tall
             * enough for two lines.
             */
            char next[2 * WB_MAX_STR_BYTES + 8];
            const char *detail = card_detail(c, a, next, sizeof next);
            bool two = detail && body.h >= 26;
            /* Timers stop at the last data: a ticking timer would say the page is live. */
            wb_ms in_state = card_clock(c, a, quiet) - a->since;
            fmt_in_state(s, sizeof s, in_state);
            /* Past its limit the card gets a heavy amber frame and its time turns amber. */
            wb_ms lim = state_limit_ms(c, a);
            bool over = lim > 0 && in_state > lim && !stopped;
            int frame = imax(2, ch / 12);
            if (over)
                wb_lay_outline(c, WB_TAG_CARD_OVERRUN, shown, card, WB_COL_WARN, frame);
            wb_rect left = slice(body, 0, 0.68), tbox = slice(body, 0.70, 1.0);
            /*
             * All cards share one size for the time (from a template of the widest time),
             * and a name uses that size too unless it is too long; a long name is shortened
             * to "First L." rather than shrunk to unreadable.
             */
            if (tpx == 0)
                tpx = wb_lay_fit_px(c, WB_FONT_CONDENSED, body.h * 4 / 5, "00:00h", tbox.w, tbox.h);
            int namepx = tpx;
            if (tpx < 0) {
                /*
                 * Cards too small for the template at the smallest size (480x320, 320x480):
                 * the time takes the width it needs at that size, inside the frame of a card
                 * past its limit, and the name the rest. A shared size below the smallest
                 * would drop every name and time that does not fit whole, when a name can
                 * still be shortened and a time still written.
                 */
                namepx = WB_LAY_MIN_PX;
                int tw = 0, th = 0;
                c->in->measure(c->in->measure_ud, WB_FONT_CONDENSED, WB_LAY_MIN_PX, s, &tw, &th);
                wb_rect in = over ? rect(body.x, card.y + frame, body.w, card.h - 2 * frame) : body;
                tbox = rect(in.x + in.w - imin(tw, in.w), in.y, imin(tw, in.w), in.h);
                left = rect(body.x, body.y, tbox.x - pad - body.x, body.h);
            }
            wb_rect nbox = two ? band(left, 0, 0.6) : left, dbox = band(left, 0.6, 1.0);
            if (two)
                namepx = imin(namepx, nbox.h * 5 / 6);
            char abbr[96];
            int npx = wb_lay_fit_px(c, WB_FONT_CONDENSED, namepx, nm, nbox.w, nbox.h);
            if (npx < namepx && wb_lay_abbreviate(nm, abbr, sizeof abbr)) {
                int apx = wb_lay_fit_px(c, WB_FONT_CONDENSED, namepx, abbr, nbox.w, nbox.h);
                if (apx > npx)
                    nm = abbr;
                else if (apx < 0 && npx < 0)
                    /*
                     * Not even "First L." fits at the smallest size: the first name, which
                     * wb_lay_text() cuts with an ellipsis if it must ("Tuom…" rather than a
                     * cut at the space, "Lauri …").
                     */
                    abbr[strcspn(abbr, " ")] = '\0', nm = abbr;
            }
            wb_lay_text(c, WB_TAG_CARD_TEXT, shown, nbox, WB_FONT_CONDENSED, namepx, WB_ALIGN_LEFT,
                        off ? WB_COL_TEXT_DIM : WB_COL_TEXT, nm);
            if (two)
                wb_lay_text(c, WB_TAG_CARD_TEXT, shown, dbox, WB_FONT_REGULAR, dbox.h,
                            WB_ALIGN_LEFT, off ? WB_COL_TEXT_DIM : WB_COL_LABEL, detail);
            wb_lay_text(c, WB_TAG_CARD_TEXT, shown, over && tpx >= 0 ? inset(tbox, frame) : tbox,
                        WB_FONT_CONDENSED, tpx >= 0 ? tpx : WB_LAY_MIN_PX, WB_ALIGN_RIGHT,
                        off    ? WB_COL_TEXT_DIM
                        : over ? WB_COL_WARN
                               : WB_COL_TEXT,
                        s);
            shown++;
        }
        y += ch + gap;
        i = j;
    }
done:
    if ((size_t)shown < n) {
        char s[64];
        snprintf(s, sizeof s, c->lb->more, (int)(n - (size_t)shown));
        wb_rect r = rect(area.x + area.w * 3 / 4, area.y + area.h - head_h, area.w / 4, head_h);
        wb_lay_fill(c, WB_TAG_LABEL, -1, r, WB_COL_BG);
        wb_lay_text(c, WB_TAG_LABEL, -1, r, WB_FONT_BOLD, head_h, WB_ALIGN_RIGHT, WB_COL_LABEL, s);
    }
    free(idx);
}
