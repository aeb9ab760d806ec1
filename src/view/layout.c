/*
 * layout.c - turns a wb_board_view into a display list (see layout.h).
 *
 * The data structure owned here is the wb_dlist: three growable arrays (items, a text arena
 * of NUL-terminated strings addressed by offset, and polyline points). A build clears the
 * counts but keeps the memory, so a steady screen allocates nothing per frame.
 *
 * Every string is sized by measuring it: a text item gets the largest font size (from a
 * fixed ladder of sizes, so the renderer caches few fonts) at which the measured text fits
 * its box; text is shrunk, never cut.
 */
#include "layout.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_time.h"

#define MIN_PX 8
#define EM_DASH "\xE2\x80\x94"
#define MIDDOT "\xC2\xB7"
#define ARROW "\xE2\x86\x92"

/* ---- the display list ---- */

void wb_dlist_init(wb_dlist *dl)
{
    memset(dl, 0, sizeof *dl);
}

void wb_dlist_fini(wb_dlist *dl)
{
    free(dl->items);
    free(dl->arena);
    free(dl->pts);
    memset(dl, 0, sizeof *dl);
}

void wb_dlist_clear(wb_dlist *dl)
{
    dl->n = 0;
    dl->arena_n = 0;
    dl->npts = 0;
    dl->oom = false;
}

const char *wb_dl_text(const wb_dlist *dl, const wb_dl_item *it)
{
    if (!dl->arena || it->text >= dl->arena_n)
        return "";
    return dl->arena + it->text;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np)
        return false;
    *p = np;
    *cap = nc;
    return true;
}

static wb_dl_item *push(wb_dlist *dl, wb_dl_kind kind, wb_dl_tag tag, int tile, wb_rect box,
                        wb_color color)
{
    if (!grow((void **)&dl->items, &dl->cap, dl->n + 1, sizeof *dl->items)) {
        dl->oom = true;
        return NULL;
    }
    wb_dl_item *it = &dl->items[dl->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->tag = tag;
    it->tile = tile;
    it->box = box;
    it->color = color;
    it->thick = 1;
    return it;
}

static uint32_t intern(wb_dlist *dl, const char *s)
{
    size_t len = strlen(s) + 1;
    if (!grow((void **)&dl->arena, &dl->arena_cap, dl->arena_n + len, 1)) {
        dl->oom = true;
        return UINT32_MAX;
    }
    memcpy(dl->arena + dl->arena_n, s, len);
    uint32_t off = (uint32_t)dl->arena_n;
    dl->arena_n += len;
    return off;
}

/* ---- labels ---- */

typedef struct labels {
    const char *waiting, *oldest, *sl_today, *last_fmt, *answered, *abandoned;
    const char *state[WB_AGENT_NSTATES];
    const char *forecast_fmt, *forecast_none, *avg_answer, *breach_fmt;
    const char *nodata_since, *waiting_for_data, *no_channels, *no_agents, *no_team;
    const char *live, *stale, *resyncing, *no_data, *data_age;
    const char *lvl_warn, *lvl_alarm, *agents_page;
    const char *t_waiting, *t_oldest, *t_sl_today, *t_sl_rolling, *t_forecast;
    const char *move_one, *move_many, *more, *all_ok;
    const char *days[7], *months[12];
    bool pct_space; /* Finnish writes "82 %" */
} labels;

static const labels LABELS[WB_LANG_COUNT] = {
    {
        .waiting = "Waiting",
        .oldest = "Oldest",
        .sl_today = "SL today",
        .last_fmt = "Last %d min",
        .answered = "Answered",
        .abandoned = "Abandoned",
        .state = {"Offline", "Available", "Busy", "Wrap-up", "Paused"},
        .forecast_fmt = "Forecast SL %s " MIDDOT " need %d (have %d)",
        .forecast_none = "Forecast " EM_DASH,
        .breach_fmt = "SL breach in ~%ld min " MIDDOT " need %d (have %d)",
        .avg_answer = "Avg answer",
        .nodata_since = "NO DATA since",
        .waiting_for_data = "waiting for data",
        .no_channels = "No channels yet",
        .no_agents = "No agents signed in",
        .no_team = "No team",
        .live = "LIVE",
        .stale = "STALE",
        .resyncing = "RESYNCING",
        .no_data = "NO DATA",
        .data_age = "data %s ago",
        .lvl_warn = "WARN",
        .lvl_alarm = "ALARM",
        .agents_page = "Agents",
        .t_waiting = "%s: %u waiting, limit %s",
        .t_oldest = "%s: oldest wait %s, limit %s",
        .t_sl_today = "%s: SL today %s below %s target",
        .t_sl_rolling = "%s: SL last %d min %s below %s target",
        .t_forecast = "%s: forecast SL %s below %s target",
        .move_one = "Move 1 agent from %s to %s",
        .move_many = "Move %d agents from %s to %s",
        .more = "+%d more",
        .all_ok = "All channels OK",
        .days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
        .months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                   "Dec"},
        .pct_space = false,
    },
    {
        .waiting = "Jonossa",
        .oldest = "Vanhin",
        .sl_today = "PT t\xC3\xA4n\xC3\xA4\xC3\xA4n",
        .last_fmt = "Viim. %d min",
        .answered = "Vastattu",
        .abandoned = "Luovuttanut",
        .state = {"Poissa", "Vapaa", "Varattu", "J\xC3\xA4lkity\xC3\xB6", "Tauko"},
        .forecast_fmt = "Ennuste PT %s " MIDDOT " tarve %d (nyt %d)",
        .forecast_none = "Ennuste " EM_DASH,
        .breach_fmt = "PT alittuu ~%ld min " MIDDOT " tarve %d (nyt %d)",
        .avg_answer = "Keskim. vastausaika",
        .nodata_since = "EI DATAA klo",
        .waiting_for_data = "odotetaan dataa",
        .no_channels = "Ei viel\xC3\xA4 kanavia",
        .no_agents = "Ei kirjautuneita agentteja",
        .no_team = "Ei tiimi\xC3\xA4",
        .live = "AJANTASAINEN",
        .stale = "VANHENTUNUT",
        .resyncing = "SYNKRONOIDAAN",
        .no_data = "EI DATAA",
        .data_age = "data %s sitten",
        .lvl_warn = "VAROITUS",
        .lvl_alarm = "H\xC3\x84LYTYS",
        .agents_page = "Agentit",
        .t_waiting = "%s: %u jonossa, raja %s",
        .t_oldest = "%s: vanhin odotus %s, raja %s",
        .t_sl_today = "%s: PT t\xC3\xA4n\xC3\xA4\xC3\xA4n %s, tavoite %s",
        .t_sl_rolling = "%s: PT viim. %d min %s, tavoite %s",
        .t_forecast = "%s: ennuste PT %s, tavoite %s",
        .move_one = "Siirr\xC3\xA4 1 agentti: %s " ARROW " %s",
        .move_many = "Siirr\xC3\xA4 %d agenttia: %s " ARROW " %s",
        .more = "+%d lis\xC3\xA4\xC3\xA4",
        .all_ok = "Kaikki kanavat OK",
        .days = {"su", "ma", "ti", "ke", "to", "pe", "la"},
        .months = {"tammi", "helmi", "maalis", "huhti", "touko", "kes\xC3\xA4", "hein\xC3\xA4",
                   "elo", "syys", "loka", "marras", "joulu"},
        .pct_space = true,
    },
};

wb_lang wb_lang_parse(const char *s)
{
    if (s && strcmp(s, "fi") == 0)
        return WB_LANG_FI;
    return WB_LANG_EN;
}

/* ---- the build context ---- */

typedef struct ctx {
    wb_dlist *dl;
    const wb_layout_in *in;
    const labels *lb;
    const char *tz;
} ctx;

/* Font sizes come from a ladder so that the renderer opens few distinct sizes. */
static int ladder_down(int px)
{
    if (px < MIN_PX)
        return MIN_PX;
    if (px <= 24)
        return px;
    if (px <= 64)
        return px & ~1;
    if (px <= 160)
        return px & ~3;
    return px & ~7;
}

static bool fits(ctx *c, wb_font_role role, int px, const char *s, int bw, int bh)
{
    int w = 0, h = 0;
    if (c->in->measure(c->in->measure_ud, role, px, s, &w, &h) < 0)
        return false;
    return w <= bw && h <= bh;
}

/*
 * Largest ladder size <= max_px at which s fits bw x bh, or -1 if it does not fit even at
 * MIN_PX. Text width grows about linearly with the size, so one proportional guess followed
 * by a few steps down finds it with few measurements.
 */
static int fit_px(ctx *c, wb_font_role role, int max_px, const char *s, int bw, int bh)
{
    int px = ladder_down(max_px);
    if (bw <= 0 || bh <= 0)
        return -1;
    int w = 0, h = 0;
    if (c->in->measure(c->in->measure_ud, role, px, s, &w, &h) < 0)
        return -1;
    if (w <= bw && h <= bh)
        return px;
    double f = 1.0;
    if (w > bw)
        f = (double)bw / w;
    if (h > bh && (double)bh / h < f)
        f = (double)bh / h;
    int guess = ladder_down((int)(px * f));
    if (guess >= px)
        guess = ladder_down(px - 1);
    for (px = guess;; px = ladder_down(px - 1)) {
        if (fits(c, role, px, s, bw, bh))
            return px;
        if (px <= MIN_PX)
            return -1;
    }
}

/*
 * When even the smallest size is too wide, the longest prefix of s (whole UTF-8 characters)
 * that fits at MIN_PX with an ellipsis after it: a shortened label beats a missing one.
 * Returns false when not even one character and the ellipsis fit.
 */
static bool shorten(ctx *c, wb_font_role role, const char *s, int bw, int bh, char *out, size_t cap)
{
    size_t n = strlen(s);
    for (;;) {
        /* Step back to the start of the previous UTF-8 character. */
        do {
            if (n == 0)
                return false;
            n--;
        } while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        if (n == 0 || n + sizeof "\xE2\x80\xA6" > cap)
            continue;
        memcpy(out, s, n);
        memcpy(out + n, "\xE2\x80\xA6", sizeof "\xE2\x80\xA6");
        if (fits(c, role, MIN_PX, out, bw, bh))
            return true;
    }
}

/*
 * Emits s into box at the largest size <= max_px that fits; shortened with an ellipsis when
 * even the smallest size does not fit; nothing if not even that fits.
 */
static wb_dl_item *text(ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role, int max_px,
                        wb_align align, wb_color color, const char *s)
{
    char cut[WB_MAX_STR_BYTES + 8];
    int px = fit_px(c, role, max_px, s, box.w, box.h);
    if (px < 0) {
        if (max_px < MIN_PX || !shorten(c, role, s, box.w, box.h, cut, sizeof cut))
            return NULL;
        px = MIN_PX;
        s = cut;
    }
    wb_dl_item *it = push(c->dl, WB_DL_TEXT, tag, tile, box, color);
    if (!it)
        return NULL;
    it->font = role;
    it->px = px;
    it->align = align;
    it->text = intern(c->dl, s);
    if (it->text == UINT32_MAX) {
        c->dl->n--;
        return NULL;
    }
    return it;
}

/* Like text(), at exactly px (the caller already chose a size shared by several items). */
static wb_dl_item *text_at(ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role, int px,
                           wb_align align, wb_color color, const char *s)
{
    if (px < MIN_PX || !fits(c, role, px, s, box.w, box.h))
        return text(c, tag, tile, box, role, px < MIN_PX ? MIN_PX : px, align, color, s);
    wb_dl_item *it = push(c->dl, WB_DL_TEXT, tag, tile, box, color);
    if (!it)
        return NULL;
    it->font = role;
    it->px = px;
    it->align = align;
    it->text = intern(c->dl, s);
    if (it->text == UINT32_MAX) {
        c->dl->n--;
        return NULL;
    }
    return it;
}

/*
 * Two strings on one line at one size, e.g. a value and its target: s1 in col1 with tag1,
 * then a space, then s2 in col2 (a caption or a quieter part). Both boxes stay in box.
 */
static void text_pair(ctx *c, int tile, wb_rect box, wb_font_role role, int max_px, wb_dl_tag tag1,
                      wb_color col1, const char *s1, wb_dl_tag tag2, wb_color col2, const char *s2)
{
    char both[256];
    snprintf(both, sizeof both, "%s %s", s1, s2);
    int px = fit_px(c, role, max_px, both, box.w, box.h);
    if (px < 0)
        return;
    int w1 = 0, wsp = 0, h = 0;
    if (c->in->measure(c->in->measure_ud, role, px, s1, &w1, &h) < 0)
        return;
    if (c->in->measure(c->in->measure_ud, role, px, both, &wsp, &h) < 0)
        return;
    int w2 = 0;
    c->in->measure(c->in->measure_ud, role, px, s2, &w2, &h);
    /* The second part starts where it starts in the joined string (kerning included). */
    int x2 = box.x + wsp - w2;
    if (x2 < box.x + w1)
        x2 = box.x + w1;
    wb_rect b1 = {box.x, box.y, w1, box.h};
    wb_rect b2 = {x2, box.y, box.x + box.w - x2, box.h};
    text_at(c, tag1, tile, b1, role, px, WB_ALIGN_LEFT, col1, s1);
    text_at(c, tag2, tile, b2, role, px, WB_ALIGN_LEFT, col2, s2);
}

static void fill(ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color)
{
    if (box.w > 0 && box.h > 0)
        push(c->dl, WB_DL_FILL, tag, tile, box, color);
}

static void outline(ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color, int thick)
{
    wb_dl_item *it = push(c->dl, WB_DL_OUTLINE, tag, tile, box, color);
    if (it)
        it->thick = thick;
}

static void icon(ctx *c, int tile, wb_rect box, wb_color color, const char *name)
{
    wb_dl_item *it = push(c->dl, WB_DL_ICON, WB_TAG_NONE, tile, box, color);
    if (!it)
        return;
    it->text = intern(c->dl, name);
    if (it->text == UINT32_MAX)
        c->dl->n--;
}

/* ---- small helpers ---- */

static wb_rect rect(int x, int y, int w, int h)
{
    wb_rect r = {x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
    return r;
}

static wb_rect inset(wb_rect r, int d)
{
    return rect(r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d);
}

/* A horizontal band of r: from fraction a to fraction b of its height. */
static wb_rect band(wb_rect r, double a, double b)
{
    int y0 = r.y + (int)lround(r.h * a);
    int y1 = r.y + (int)lround(r.h * b);
    return rect(r.x, y0, r.w, y1 - y0);
}

/* A vertical slice of r: from fraction a to fraction b of its width. */
static wb_rect slice(wb_rect r, double a, double b)
{
    int x0 = r.x + (int)lround(r.w * a);
    int x1 = r.x + (int)lround(r.w * b);
    return rect(x0, r.y, x1 - x0, r.h);
}

static int imin(int a, int b)
{
    return a < b ? a : b;
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static wb_color blend(wb_color a, wb_color b, double t)
{
    wb_color out = 0xFF;
    for (int sh = 8; sh <= 24; sh += 8) {
        double ca = (a >> sh) & 0xFF, cb = (b >> sh) & 0xFF;
        out |= (wb_color)lround(ca * t + cb * (1 - t)) << sh;
    }
    return out;
}

/* Percent of a fraction, "82%" or "82 %"; NAN is an em dash. */
static void fmt_pct(const ctx *c, char *buf, size_t n, double frac)
{
    if (isnan(frac) || isinf(frac))
        snprintf(buf, n, EM_DASH);
    else
        snprintf(buf, n, c->lb->pct_space ? "%.0f %%" : "%.0f%%", frac * 100.0);
}

/* mm:ss below an hour, h:mm:ss above. */
static void fmt_mmss(char *buf, size_t n, wb_ms ms)
{
    if (ms < 0)
        ms = 0;
    long long s = ms / 1000;
    if (s >= 3600)
        snprintf(buf, n, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%lld:%02lld", s / 60, s % 60);
}

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

static void fmt_hms(const ctx *c, char *buf, size_t n, wb_ms t)
{
    struct tm tm;
    wb_localtime(t, c->tz, &tm);
    snprintf(buf, n, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *chan_label(const ctx *c, const wb_channel_metrics *m)
{
    if (m->cfg) {
        const char *l = c->in->lang == WB_LANG_FI ? m->cfg->label_fi : m->cfg->label_en;
        if (l[0])
            return l;
        if (m->cfg->label_en[0])
            return m->cfg->label_en;
    }
    return m->name ? m->name : "?";
}

static int rolling_min(const ctx *c)
{
    wb_ms r = c->in->cfg ? c->in->cfg->rolling_ms : 30 * 60000;
    return r > 0 ? (int)(r / 60000) : 30;
}

/* ---- header, banner, footer ---- */

static void conn_state(const ctx *c, const char **s, wb_color *col)
{
    const wb_board_view *v = c->in->view;
    if (!v->ever_data) {
        *s = c->lb->no_data;
        *col = WB_COL_NODATA;
    } else if (v->stale) {
        *s = c->lb->stale;
        *col = WB_COL_STALE;
    } else if (v->n_resyncing > 0) {
        *s = c->lb->resyncing;
        *col = WB_COL_WARN;
    } else {
        *s = c->lb->live;
        *col = WB_COL_OK;
    }
}

static void header(ctx *c, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    fill(c, WB_TAG_HEADER, -1, r, WB_COL_PANEL);
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
    if (c->in->page == WB_PAGE_AGENTS)
        snprintf(site, sizeof site, "%s " MIDDOT " %s", name, c->lb->agents_page);
    else
        snprintf(site, sizeof site, "%s", name);
    text(c, WB_TAG_HEADER, -1, b_site, WB_FONT_BOLD, big * 3 / 4, WB_ALIGN_LEFT, WB_COL_TEXT, site);

    /* Middle: connection state pill and the data age. */
    const char *cs;
    wb_color ccol;
    conn_state(c, &cs, &ccol);
    wb_rect mid = b_mid;
    wb_rect pill = slice(mid, 0, 0.5);
    pill = band(pill, 0.08, 0.92);
    fill(c, WB_TAG_CONN, -1, pill, ccol);
    text(c, WB_TAG_CONN, -1, inset(pill, imax(2, pill.h / 8)), WB_FONT_BOLD, pill.h * 3 / 5,
         WB_ALIGN_CENTER, ccol == WB_COL_WARN || ccol == WB_COL_OK ? 0x0A0E14FFu : WB_COL_TEXT, cs);
    if (v->ever_data && v->last_rx >= 0) {
        char age[32], s[64];
        wb_ms rx_now = c->in->rx_now > 0 ? c->in->rx_now : v->now;
        long long a = (rx_now - v->last_rx) / 1000;
        if (a < 0)
            a = 0;
        if (a < 120)
            snprintf(age, sizeof age, "%lld s", a);
        else if (a < 7200)
            snprintf(age, sizeof age, "%lld min", a / 60);
        else
            snprintf(age, sizeof age, "%lld h", a / 3600);
        snprintf(s, sizeof s, c->lb->data_age, age);
        wb_rect ar = slice(mid, 0.53, 1.0);
        text(c, WB_TAG_HEADER, -1, ar, WB_FONT_REGULAR, mid.h * 2 / 3, WB_ALIGN_LEFT,
             v->stale ? WB_COL_STALE : WB_COL_LABEL, s);
    }

    /* Right: date and clock. */
    struct tm tm;
    wb_localtime(v->now, c->tz, &tm);
    char date[64], clock[16];
    if (c->in->lang == WB_LANG_FI)
        snprintf(date, sizeof date, "%s %d.%d.%d", c->lb->days[tm.tm_wday % 7], tm.tm_mday,
                 tm.tm_mon + 1, tm.tm_year + 1900);
    else
        snprintf(date, sizeof date, "%s %d %s %d", c->lb->days[tm.tm_wday % 7], tm.tm_mday,
                 c->lb->months[tm.tm_mon % 12], tm.tm_year + 1900);
    snprintf(clock, sizeof clock, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    text(c, WB_TAG_HEADER, -1, b_date, WB_FONT_REGULAR, two ? b_date.h * 2 / 3 : big / 2,
         WB_ALIGN_RIGHT, WB_COL_LABEL, date);
    text(c, WB_TAG_CLOCK, -1, b_clock, WB_FONT_CONDENSED, big, WB_ALIGN_RIGHT, WB_COL_TEXT, clock);
}

static void banner(ctx *c, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    char s[96];
    wb_color bg;
    if (v->ever_data) {
        char t[16];
        fmt_hms(c, t, sizeof t, v->last_rx);
        snprintf(s, sizeof s, "%s %s", c->lb->nodata_since, t);
        bg = WB_COL_STALE;
    } else {
        snprintf(s, sizeof s, "%s\xE2\x80\xA6", c->lb->waiting_for_data);
        bg = WB_COL_NODATA;
    }
    fill(c, WB_TAG_BANNER, -1, r, bg);
    text(c, WB_TAG_BANNER_TEXT, -1, inset(r, imax(2, r.h / 10)), WB_FONT_BOLD, r.h * 3 / 4,
         WB_ALIGN_CENTER, WB_COL_TEXT, s);
}

typedef struct tick_item {
    char s[160];
    wb_color col;
} tick_item;

/* The alarm ticker: one item per channel not at ok (alarms first), then the hints. */
static size_t ticker_items(ctx *c, tick_item *out, size_t max)
{
    const wb_board_view *v = c->in->view;
    size_t n = 0;
    char a[32], b[32];
    for (int pass = WB_LEVEL_ALARM; pass >= WB_LEVEL_WARN; pass--) {
        for (size_t i = 0; i < v->n_channels && n < max; i++) {
            const wb_channel_view *cv = &v->ch[i];
            if ((int)cv->level != pass)
                continue;
            const wb_channel_metrics *m = &cv->m;
            const char *lbl = chan_label(c, m);
            double target = m->cfg ? m->cfg->sl_target : NAN;
            double lim = NAN;
            if (m->cfg) {
                const wb_threshold *th = &m->cfg->th[cv->worst];
                bool on = pass == WB_LEVEL_ALARM ? th->alarm_on : th->warn_on;
                lim = !on ? NAN : pass == WB_LEVEL_ALARM ? th->alarm : th->warn;
            }
            char *s = out[n].s;
            size_t sn = sizeof out[n].s;
            switch (cv->worst) {
            case WB_RULE_WAITING:
                if (isnan(lim))
                    snprintf(b, sizeof b, EM_DASH);
                else
                    snprintf(b, sizeof b, "%.0f", lim);
                snprintf(s, sn, c->lb->t_waiting, lbl, m->waiting, b);
                break;
            case WB_RULE_OLDEST_WAIT:
                fmt_mmss(a, sizeof a, m->oldest_wait_ms);
                fmt_mmss(b, sizeof b, isnan(lim) ? 0 : (wb_ms)(lim * 1000));
                snprintf(s, sn, c->lb->t_oldest, lbl, a, b);
                break;
            case WB_RULE_SL_TODAY:
                fmt_pct(c, a, sizeof a, m->today.sl);
                fmt_pct(c, b, sizeof b, target);
                snprintf(s, sn, c->lb->t_sl_today, lbl, a, b);
                break;
            case WB_RULE_SL_ROLLING:
                fmt_pct(c, a, sizeof a, m->rolling.sl);
                fmt_pct(c, b, sizeof b, target);
                snprintf(s, sn, c->lb->t_sl_rolling, lbl, rolling_min(c), a, b);
                break;
            default:
                fmt_pct(c, a, sizeof a, m->forecast.valid ? m->forecast.sl : NAN);
                fmt_pct(c, b, sizeof b, target);
                snprintf(s, sn, c->lb->t_forecast, lbl, a, b);
                break;
            }
            out[n++].col = pass == WB_LEVEL_ALARM ? WB_COL_ALARM : WB_COL_WARN;
        }
    }
    for (size_t i = 0; i < v->n_hints && n < max; i++) {
        const wb_hint *h = &v->hints[i];
        if (h->target < 0 || h->donor < 0 || (size_t)h->target >= v->n_channels ||
            (size_t)h->donor >= v->n_channels)
            continue;
        const char *to = chan_label(c, &v->ch[h->target].m);
        const char *from = chan_label(c, &v->ch[h->donor].m);
        if (h->agents == 1)
            snprintf(out[n].s, sizeof out[n].s, c->lb->move_one, from, to);
        else
            snprintf(out[n].s, sizeof out[n].s, c->lb->move_many, h->agents, from, to);
        out[n++].col = WB_COL_SPARK;
    }
    return n;
}

static void footer(ctx *c, wb_rect r)
{
    fill(c, WB_TAG_TICKER, -1, r, WB_COL_PANEL);
    tick_item items[WB_MAX_CHANNELS + WB_MAX_HINTS];
    size_t n = ticker_items(c, items, sizeof items / sizeof items[0]);
    int pad = imax(3, r.h / 6);
    wb_rect in = rect(r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad);
    if (n == 0) {
        text(c, WB_TAG_TICKER, -1, in, WB_FONT_BOLD, in.h * 3 / 4, WB_ALIGN_LEFT, WB_COL_OK,
             c->lb->all_ok);
        return;
    }
    /*
     * All items share one size. Shrink until they fit side by side; if they do not fit even
     * at a readable minimum, drop items from the end (least urgent: warnings after alarms,
     * hints last) and say how many are not shown.
     */
    int sep = imax(8, in.h);
    int min_px = imax(MIN_PX, in.h / 3);
    for (size_t shown = n; shown >= 1; shown--) {
        char more[32] = "";
        if (shown < n)
            snprintf(more, sizeof more, c->lb->more, (int)(n - shown));
        for (int px = ladder_down(in.h * 3 / 4);; px = ladder_down(px - 1)) {
            int total = 0, w, h, ok = 1;
            int widths[WB_MAX_CHANNELS + WB_MAX_HINTS + 1];
            for (size_t i = 0; i < shown + (more[0] ? 1 : 0) && ok; i++) {
                const char *s = i < shown ? items[i].s : more;
                if (c->in->measure(c->in->measure_ud, WB_FONT_BOLD, px, s, &w, &h) < 0 || h > in.h)
                    ok = 0;
                widths[i] = w;
                total += w + (i ? sep : 0);
            }
            if (ok && total <= in.w) {
                int x = in.x;
                for (size_t i = 0; i < shown + (more[0] ? 1 : 0); i++) {
                    const char *s = i < shown ? items[i].s : more;
                    wb_color col = i < shown ? items[i].col : WB_COL_LABEL;
                    if (i > 0)
                        fill(c, WB_TAG_TICKER, -1,
                             rect(x - sep / 2 - imax(2, px / 8) / 2, in.y + in.h / 4,
                                  imax(2, px / 8), in.h / 2),
                             WB_COL_LABEL);
                    text_at(c, WB_TAG_TICKER, -1, rect(x, in.y, widths[i], in.h), WB_FONT_BOLD, px,
                            WB_ALIGN_LEFT, col, s);
                    x += widths[i] + sep;
                }
                return;
            }
            if (px <= min_px)
                break;
        }
    }
}

/* ---- the overview page ---- */

/* Picks columns so that a tile of aspect about 1.3:1 inside each cell is as big as it can be. */
static void grid(int n, int W, int H, int gap, int *cols_out, int *rows_out)
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

static wb_color sl_colour(const wb_channel_metrics *m, double sl, wb_rule rule, wb_color normal)
{
    if (isnan(sl) || !m->cfg)
        return normal;
    const wb_threshold *th = &m->cfg->th[rule];
    double pct = sl * 100;
    if (th->alarm_on && pct < th->alarm)
        return WB_COL_ALARM;
    if ((th->warn_on && pct < th->warn) || sl < m->cfg->sl_target)
        return WB_COL_WARN;
    return normal;
}

static void sparkline(ctx *c, int tile, wb_rect r, const wb_channel_metrics *m, bool dim)
{
    fill(c, WB_TAG_SPARK, tile, r, 0x10161EFFu);
    if (r.w < 4 || r.h < 4)
        return;
    int n = imin(WB_SPARK_N, r.w / 2);
    if (n < 2)
        return;
    /* Down-sample by the maximum of each group, so that a short peak is never lost. */
    uint16_t vals[WB_SPARK_N];
    unsigned vmax = 4;
    for (int i = 0; i < n; i++) {
        int a = i * WB_SPARK_N / n, b = (i + 1) * WB_SPARK_N / n;
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
    size_t p0 = c->dl->npts;
    if (!grow((void **)&c->dl->pts, &c->dl->pts_cap, p0 + (size_t)n, sizeof *c->dl->pts)) {
        c->dl->oom = true;
        return;
    }
    for (int i = 0; i < n; i++) {
        wb_point *p = &c->dl->pts[p0 + (size_t)i];
        p->x = r.x + (int)((long)i * (r.w - 1) / (n - 1));
        p->y = r.y + thick / 2 + inner_h - (int)((long)vals[i] * inner_h / vmax);
    }
    c->dl->npts += (size_t)n;
    wb_dl_item *bars =
        push(c->dl, WB_DL_BARS, WB_TAG_SPARK, tile, r, dim ? 0x1E2530FFu : WB_COL_SPARK_FILL);
    if (bars) {
        bars->pt0 = (uint32_t)p0;
        bars->npts = (uint32_t)n;
        bars->thick = imax(1, r.w / n);
    }
    wb_dl_item *line =
        push(c->dl, WB_DL_POLYLINE, WB_TAG_SPARK, tile, r, dim ? WB_COL_TEXT_DIM : WB_COL_SPARK);
    if (line) {
        line->pt0 = (uint32_t)p0;
        line->npts = (uint32_t)n;
        line->thick = thick;
    }
}

/* Row bands of a tile as fractions of its inner height: title, main, service level,
 * counts, agents, sparkline, forecast (start and end of each). */
static const double ROWS_FULL[14] = {0,     0.11, 0.12,  0.64, 0,     0,     0.66,
                                     0.725, 0.74, 0.865, 0.88, 0.935, 0.945, 1.0};
static const double ROWS_COMPACT[14] = {0, 0.17, 0.19, 0.60, 0.62, 0.82, 0,
                                        0, 0.85, 1.0,  0,    0,    0,    0};

/* Agents by state: four coloured counts, with their state names when there is room. */
static void agents_row(ctx *c, int i, wb_rect ar, const wb_channel_metrics *m, bool compact,
                       int gap, bool dim, wb_color num)
{
    const labels *lb = c->lb;
    bool never = !m->had_data;
    char s[32];
    static const wb_agent_state st4[4] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                          WB_AGENT_PAUSED};
    static const wb_color sc4[4] = {WB_COL_AVAILABLE, WB_COL_BUSY, WB_COL_WRAPUP, WB_COL_PAUSED};
    /* Each state is a pill of its colour with the count in dark ink, its name below. */
    for (int k = 0; k < 4; k++) {
        wb_rect cell = slice(ar, k / 4.0, (k + 1) / 4.0);
        cell.w -= gap * 3;
        wb_rect pill = compact ? cell : band(cell, 0, 0.62);
        wb_rect cap = band(cell, 0.64, 1.0);
        wb_color sc = dim ? blend(sc4[k], WB_COL_PANEL, 0.35) : sc4[k];
        fill(c, WB_TAG_AGENTS, i, pill, sc);
        if (never)
            snprintf(s, sizeof s, EM_DASH);
        else
            snprintf(s, sizeof s, "%u", m->agents[st4[k]]);
        text(c, WB_TAG_AGENTS, i, inset(pill, imax(1, pill.h / 12)), WB_FONT_CONDENSED, pill.h,
             WB_ALIGN_CENTER, dim ? num : WB_COL_BG, s);
        if (!compact)
            text(c, WB_TAG_LABEL, i, cap, WB_FONT_REGULAR, cap.h, WB_ALIGN_CENTER,
                 dim ? num : WB_COL_LABEL, lb->state[st4[k]]);
    }
}

static void tile(ctx *c, int i, wb_rect r)
{
    const wb_board_view *v = c->in->view;
    const wb_channel_view *cv = &v->ch[i];
    const wb_channel_metrics *m = &cv->m;
    const labels *lb = c->lb;
    bool never = !m->had_data;
    bool dim = v->stale || m->resyncing || never;
    wb_color num = dim ? WB_COL_TEXT_DIM : WB_COL_TEXT;
    wb_color lab = WB_COL_LABEL;
    char s[160], a[32], b[32];

    wb_color bg = WB_COL_PANEL, border = blend(WB_COL_OK, WB_COL_PANEL, 0.55);
    int unit = imin(r.w, r.h);
    int bt = imax(2, unit / 70);
    if (cv->level == WB_LEVEL_WARN) {
        bg = WB_COL_TILE_WARN;
        border = WB_COL_WARN;
        bt *= 2;
    } else if (cv->level == WB_LEVEL_ALARM) {
        bg = WB_COL_TILE_ALARM;
        border = (cv->flashing && !c->in->flash_on) ? WB_COL_ALARM_OFF : WB_COL_ALARM;
        bt *= 2;
    }
    if (never) {
        bg = WB_COL_PANEL;
        border = WB_COL_NODATA;
    }
    fill(c, WB_TAG_TILE, i, r, bg);
    outline(c, WB_TAG_BORDER, i, r, border, bt);

    int pad = bt + imax(3, unit / 30);
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
    const double *rows = compact ? ROWS_COMPACT : ROWS_FULL;

    /* Title row: icon, label, status tag. */
    wb_rect title = band(in, rows[0], rows[1]);
    int ic = title.h;
    icon(c, i, rect(title.x, title.y, ic, ic), dim ? WB_COL_TEXT_DIM : WB_COL_TEXT,
         m->cfg && m->cfg->icon[0] ? m->cfg->icon : (m->name ? m->name : "generic"));
    wb_rect tl = rect(title.x + ic + imax(4, ic / 3), title.y, 0, title.h);
    tl.w = title.x + title.w - tl.x;
    const char *tag = NULL;
    wb_color tagcol = WB_COL_TEXT;
    if (never) {
        tag = lb->waiting_for_data;
        tagcol = WB_COL_LABEL;
    } else if (m->resyncing) {
        tag = lb->resyncing;
        tagcol = WB_COL_WARN;
    } else if (cv->level == WB_LEVEL_ALARM) {
        tag = lb->lvl_alarm;
        tagcol = WB_COL_ALARM;
    } else if (cv->level == WB_LEVEL_WARN) {
        tag = lb->lvl_warn;
        tagcol = WB_COL_WARN;
    }
    if (tag) {
        wb_rect lr = slice(tl, 0, 0.58), tr = slice(tl, 0.6, 1.0);
        text(c, WB_TAG_TILE_TITLE, i, lr, WB_FONT_BOLD, tl.h, WB_ALIGN_LEFT, WB_COL_TEXT,
             chan_label(c, m));
        text(c, WB_TAG_STATUS, i, tr, WB_FONT_BOLD, tl.h * 3 / 4, WB_ALIGN_RIGHT, tagcol, tag);
    } else {
        text(c, WB_TAG_TILE_TITLE, i, tl, WB_FONT_BOLD, tl.h, WB_ALIGN_LEFT, WB_COL_TEXT,
             chan_label(c, m));
    }

    /*
     * Main block. Full tiles: the waiting count fills the left half at full block height
     * (the biggest number on the screen); the right half stacks the oldest wait, SL today
     * and SL rolling. Compact tiles: waiting and oldest side by side, the two service levels
     * on the row below.
     */
    wb_rect main = band(in, rows[2], rows[3]);
    wb_rect wl = slice(main, 0, compact ? 0.52 : 0.48);
    wb_rect right = slice(main, compact ? 0.54 : 0.52, 1.0);
    wb_rect wcap = band(wl, 0, compact ? 0.2 : 0.13), wnum = band(wl, compact ? 0.2 : 0.13, 1.0);
    wb_rect ocap, onum, slcol[2];
    if (compact) {
        ocap = band(right, 0, 0.2);
        onum = band(right, 0.2, 0.75);
        wb_rect slr = band(in, rows[4], rows[5]);
        slcol[0] = slice(slr, 0, 0.49);
        slcol[1] = slice(slr, 0.51, 1.0);
    } else {
        ocap = band(right, 0, 0.13);
        onum = band(right, 0.13, 0.42);
        slcol[0] = band(right, 0.44, 0.72);
        slcol[1] = band(right, 0.72, 1.0);
    }
    text(c, WB_TAG_LABEL, i, wcap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, lab, lb->waiting);
    text(c, WB_TAG_LABEL, i, ocap, WB_FONT_REGULAR, wcap.h, WB_ALIGN_LEFT, lab, lb->oldest);
    if (never)
        snprintf(s, sizeof s, EM_DASH);
    else
        snprintf(s, sizeof s, "%u", m->waiting);
    wb_color wcol = num;
    if (!dim && m->cfg) {
        const wb_threshold *th = &m->cfg->th[WB_RULE_WAITING];
        if (th->alarm_on && m->waiting >= th->alarm)
            wcol = WB_COL_ALARM;
        else if (th->warn_on && m->waiting >= th->warn)
            wcol = WB_COL_WARN;
    }
    const wb_dl_item *wit =
        text(c, WB_TAG_WAITING, i, wnum, WB_FONT_CONDENSED, wnum.h * 5 / 4, WB_ALIGN_LEFT, wcol, s);
    /* The oldest wait stays visibly smaller than the waiting count, the tile's headline. */
    int omax = onum.h * 5 / 4;
    if (wit && omax > wit->px * 3 / 4)
        omax = wit->px * 3 / 4;
    if (never)
        snprintf(s, sizeof s, EM_DASH);
    else
        fmt_mmss(s, sizeof s, m->oldest_wait_ms < 0 ? 0 : m->oldest_wait_ms);
    wb_color ocol = num;
    if (!dim && m->cfg && m->oldest_wait_ms >= 0) {
        const wb_threshold *th = &m->cfg->th[WB_RULE_OLDEST_WAIT];
        double sec = m->oldest_wait_ms / 1000.0;
        if (th->alarm_on && sec >= th->alarm)
            ocol = WB_COL_ALARM;
        else if (th->warn_on && sec >= th->warn)
            ocol = WB_COL_WARN;
    }
    text(c, WB_TAG_OLDEST, i, onum, WB_FONT_CONDENSED, omax, WB_ALIGN_LEFT, ocol, s);

    /* Service level today and rolling, against the target. */
    double target = m->cfg ? m->cfg->sl_target : NAN;
    fmt_pct(c, b, sizeof b, target);
    for (int k = 0; k < 2; k++) {
        wb_rect col = slcol[k];
        wb_rect cap = band(col, 0, 0.36), val = band(col, 0.36, 1.0);
        if (k)
            snprintf(s, sizeof s, lb->last_fmt, rolling_min(c));
        else
            snprintf(s, sizeof s, "%s", lb->sl_today);
        text(c, WB_TAG_LABEL, i, cap, WB_FONT_REGULAR, cap.h, WB_ALIGN_LEFT, lab, s);
        double sl = never ? NAN : (k ? m->rolling.sl : m->today.sl);
        fmt_pct(c, a, sizeof a, sl);
        snprintf(s, sizeof s, "/ %s", b);
        wb_color scol =
            dim ? num : sl_colour(m, sl, k ? WB_RULE_SL_ROLLING : WB_RULE_SL_TODAY, num);
        text_pair(c, i, val, WB_FONT_CONDENSED, val.h, k ? WB_TAG_SL_ROLLING : WB_TAG_SL_TODAY,
                  scol, a, WB_TAG_LABEL, dim ? num : lab, s);
    }

    /* Answered / abandoned today. */
    wb_rect ar = band(in, rows[8], rows[9]);
    agents_row(c, i, ar, m, compact, gap, dim, num);
    if (compact)
        return;
    wb_rect cr = band(in, rows[6], rows[7]);
    for (int k = 0; k < 2; k++) {
        if (never)
            snprintf(s, sizeof s, EM_DASH);
        else
            snprintf(s, sizeof s, "%u", k ? m->today.c.abandoned : m->today.c.answered);
        text_pair(c, i, k ? slice(cr, 0.51, 1.0) : slice(cr, 0, 0.49), WB_FONT_BOLD, cr.h,
                  WB_TAG_LABEL, lab, k ? lb->abandoned : lb->answered, WB_TAG_COUNTS, num, s);
    }

    /* Sparkline of the waiting count, then the forecast line. */
    wb_rect sp = band(in, rows[10], rows[11]);
    wb_rect fc = band(in, rows[12], rows[13]);
    if (never) {
        fill(c, WB_TAG_SPARK, i, sp, 0x10161EFFu);
    } else {
        sparkline(c, i, sp, m, dim);
    }
    if (m->cfg && m->cfg->realtime) {
        /* A breach predicted ahead (not one already here) replaces the forecast SL. */
        double br = m->forecast.breach_in_min;
        if (!never && m->forecast.valid && isfinite(br) && br > 0) {
            snprintf(s, sizeof s, lb->breach_fmt, br < 1.5 ? 1L : lround(br), m->forecast.required,
                     m->forecast.agents);
        } else if (!never && m->forecast.valid) {
            fmt_pct(c, a, sizeof a, m->forecast.sl);
            snprintf(s, sizeof s, lb->forecast_fmt, a, m->forecast.required, m->forecast.agents);
        } else {
            snprintf(s, sizeof s, "%s", lb->forecast_none);
        }
        wb_color fcol = dim ? num
                        : (m->forecast.valid && ((!isnan(target) && m->forecast.sl < target) ||
                                                 (isfinite(br) && br > 0)))
                            ? WB_COL_WARN
                            : WB_COL_LABEL;
        text(c, WB_TAG_FORECAST, i, fc, WB_FONT_BOLD, fc.h, WB_ALIGN_LEFT, fcol, s);
    } else {
        double asa = never ? NAN : m->today.asa_s;
        if (isnan(asa) || isinf(asa))
            snprintf(a, sizeof a, EM_DASH);
        else
            fmt_mmss(a, sizeof a, (wb_ms)(asa * 1000));
        snprintf(s, sizeof s, "%s %s", lb->avg_answer, a);
        text(c, WB_TAG_FORECAST, i, fc, WB_FONT_BOLD, fc.h, WB_ALIGN_LEFT, dim ? num : lab, s);
    }
}

/*
 * The tile proportions above are tuned for cells near 4:3. A very flat cell (one row on a
 * wide screen) becomes unreadable when its rows are squeezed, so the tile is made no flatter
 * than 1:0.5 by leaving space below it; a very tall cell is likewise capped.
 */
static wb_rect shape_tile(wb_rect cell)
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

static void overview(ctx *c, wb_rect area)
{
    const wb_board_view *v = c->in->view;
    int n = (int)v->n_channels;
    if (n == 0) {
        text(c, WB_TAG_LABEL, -1, band(area, 0.4, 0.6), WB_FONT_BOLD, area.h / 10, WB_ALIGN_CENTER,
             WB_COL_LABEL, c->lb->no_channels);
        return;
    }
    int gap = imax(4, imin(c->in->w, c->in->h) / 100);
    int cols, rows;
    grid(n, area.w, area.h, gap, &cols, &rows);
    int tw = (area.w - gap * (cols - 1)) / cols;
    int th = (area.h - gap * (rows - 1)) / rows;
    for (int i = 0; i < n; i++) {
        int row = i / cols, col = i % cols;
        /* Centre a short last row so that the grid stays balanced. */
        int in_row = row == rows - 1 ? n - row * cols : cols;
        int x0 = area.x + (area.w - (in_row * tw + (in_row - 1) * gap)) / 2;
        wb_rect cell = rect(x0 + col * (tw + gap), area.y + row * (th + gap), tw, th);
        tile(c, i, shape_tile(cell));
    }
}

/* ---- the agent page ---- */

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

static bool same_team(const wb_agent_info *a, const wb_agent_info *b)
{
    const char *ta = team_of(a), *tb = team_of(b);
    if (!ta || !tb)
        return !ta && !tb;
    return strcmp(ta, tb) == 0;
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

/* "Aino Virtanen" -> "Aino V." (first word, initial of the last word). False if one word. */
static bool abbreviate(const char *name, char *out, size_t n)
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

static void agents_page(ctx *c, wb_rect area)
{
    size_t n = c->in->n_agents;
    if (n == 0 || !c->in->agents) {
        text(c, WB_TAG_LABEL, -1, band(area, 0.4, 0.6), WB_FONT_BOLD, area.h / 10, WB_ALIGN_CENTER,
             WB_COL_LABEL, c->lb->no_agents);
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
        /*
         * The heading: the team name and its size, then a count per state with the state's
         * colour, which is also the legend of the card colours below.
         */
        unsigned by[WB_AGENT_NSTATES] = {0};
        for (size_t k = i; k < j; k++)
            by[sort_base[idx[k]].state < WB_AGENT_NSTATES ? sort_base[idx[k]].state : 0]++;
        char s[192];
        snprintf(s, sizeof s, "%s (%u)", team ? team : c->lb->no_team, (unsigned)(j - i));
        wb_rect hr = rect(area.x, y, area.w, head_h);
        text(c, WB_TAG_TEAM, -1, slice(hr, 0, 0.34), WB_FONT_BOLD, head_h, WB_ALIGN_LEFT,
             WB_COL_TEXT, s);
        static const wb_agent_state order[4] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                                WB_AGENT_PAUSED};
        /* The four counts share the size at which the longest of them fits. */
        char legend[4][64];
        wb_rect lr[4];
        int lpx = head_h * 4 / 5;
        int sq = imax(4, head_h * 3 / 5);
        for (int k = 0; k < 4; k++) {
            wb_rect cell = slice(hr, 0.36 + 0.16 * k, 0.36 + 0.16 * (k + 1));
            fill(c, WB_TAG_TEAM, -1, rect(cell.x, cell.y + (head_h - sq) / 2, sq, sq),
                 state_colour(order[k]));
            snprintf(legend[k], sizeof legend[k], "%u %s", by[order[k]], c->lb->state[order[k]]);
            lr[k] = rect(cell.x + sq + imax(2, sq / 2), cell.y, 0, head_h);
            lr[k].w = cell.x + cell.w - lr[k].x - imax(2, sq / 2);
            int px = fit_px(c, WB_FONT_REGULAR, lpx, legend[k], lr[k].w, lr[k].h);
            if (px >= 0 && px < lpx)
                lpx = px;
        }
        for (int k = 0; k < 4; k++)
            text_at(c, WB_TAG_TEAM, -1, lr[k], WB_FONT_REGULAR, lpx, WB_ALIGN_LEFT, WB_COL_LABEL,
                    legend[k]);
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
            bool off = a->state == WB_AGENT_OFFLINE;
            fill(c, WB_TAG_CARD, shown, card, blend(sc, WB_COL_BG, off ? 0.15 : 0.30));
            int strip = imax(3, ch / 6);
            fill(c, WB_TAG_CARD, shown, rect(card.x, card.y, strip, card.h), sc);
            int pad = imax(2, ch / 8);
            wb_rect body = rect(card.x + strip + pad, card.y + pad / 2, 0, card.h - pad);
            body.w = card.x + card.w - pad - body.x;
            const char *nm = a->name && a->name[0] ? a->name : (a->agent ? a->agent : "?");
            wb_rect nbox = slice(body, 0, 0.68), tbox = slice(body, 0.70, 1.0);
            /*
             * All cards share one size for the time (from a template of the widest time),
             * and a name uses that size too unless it is too long; a long name is shortened
             * to "First L." rather than shrunk to unreadable.
             */
            if (tpx == 0)
                tpx = fit_px(c, WB_FONT_CONDENSED, body.h * 4 / 5, "00:00h", tbox.w, tbox.h);
            char abbr[96];
            int npx = fit_px(c, WB_FONT_CONDENSED, tpx, nm, nbox.w, nbox.h);
            if (npx < tpx && abbreviate(nm, abbr, sizeof abbr)) {
                int apx = fit_px(c, WB_FONT_CONDENSED, tpx, abbr, nbox.w, nbox.h);
                if (apx > npx)
                    nm = abbr;
            }
            fmt_in_state(s, sizeof s, c->in->view->now - a->since);
            text(c, WB_TAG_CARD_TEXT, shown, nbox, WB_FONT_CONDENSED, tpx, WB_ALIGN_LEFT,
                 off ? WB_COL_TEXT_DIM : WB_COL_TEXT, nm);
            text(c, WB_TAG_CARD_TEXT, shown, tbox, WB_FONT_CONDENSED, tpx, WB_ALIGN_RIGHT,
                 off ? WB_COL_TEXT_DIM : WB_COL_TEXT, s);
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
        fill(c, WB_TAG_LABEL, -1, r, WB_COL_BG);
        text(c, WB_TAG_LABEL, -1, r, WB_FONT_BOLD, head_h, WB_ALIGN_RIGHT, WB_COL_LABEL, s);
    }
    free(idx);
}

/* ---- entry point ---- */

int wb_layout_build(wb_dlist *dl, const wb_layout_in *in)
{
    if (!dl || !in || !in->view || !in->measure || in->w <= 0 || in->h <= 0)
        return WB_ERR_INVAL;
    wb_dlist_clear(dl);
    dl->w = in->w;
    dl->h = in->h;
    dl->clear = WB_COL_BG;
    ctx c = {.dl = dl, .in = in, .lb = &LABELS[in->lang < WB_LANG_COUNT ? in->lang : 0]};
    c.tz = in->cfg ? in->cfg->tz : "";

    int unit = imin(in->w, in->h);
    int margin = imax(4, unit / 100) + imax(0, in->reserve);
    wb_rect scr = rect(margin, margin, in->w - 2 * margin, in->h - 2 * margin);
    int gap = imax(4, unit / 100);
    /* Header and footer heights follow the short side, with floors for small kiosks. */
    int hh = imax(30, in->w < in->h ? unit / 7 : imin(in->h / 11, unit / 11));
    int fh = imax(24, imin(in->h / 15, unit / 14));
    header(&c, rect(scr.x, scr.y, scr.w, hh));
    int y = scr.y + hh + gap;
    const wb_board_view *v = in->view;
    if (v->stale || !v->ever_data) {
        int bh = imax(24, hh * 4 / 5);
        banner(&c, rect(scr.x, y, scr.w, bh));
        y += bh + gap;
    }
    wb_rect area = rect(scr.x, y, scr.w, scr.y + scr.h - fh - gap - y);
    if (in->page == WB_PAGE_AGENTS)
        agents_page(&c, area);
    else
        overview(&c, area);
    footer(&c, rect(scr.x, scr.y + scr.h - fh, scr.w, fh));
    return dl->oom ? WB_ERR_NOMEM : WB_OK;
}
