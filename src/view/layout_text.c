/*
 * layout_text.c - text fitting and the emitters every page uses (layout_int.h).
 *
 * Every string is sized by measuring it: a text item gets the largest font size (from a fixed
 * ladder of sizes, so the renderer caches few fonts) at which the measured text fits its box;
 * text is shrunk, then shortened with an ellipsis, never cut mid-character.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_int.h"

/* Font sizes come from a ladder so that the renderer opens few distinct sizes. */
int wb_lay_ladder_down(int px)
{
    if (px < WB_LAY_MIN_PX)
        return WB_LAY_MIN_PX;
    if (px <= 24)
        return px;
    if (px <= 64)
        return px & ~1;
    if (px <= 160)
        return px & ~3;
    return px & ~7;
}

static bool fits(wb_lay_ctx *c, wb_font_role role, int px, const char *s, int bw, int bh)
{
    int w = 0, h = 0;
    if (c->in->measure(c->in->measure_ud, role, px, s, &w, &h) < 0)
        return false;
    return w <= bw && h <= bh;
}

/*
 * Largest ladder size <= max_px at which s fits bw x bh, or -1 if it does not fit even at
 * WB_LAY_MIN_PX. Text width grows about linearly with the size, so one proportional guess followed
 * by a few steps down finds it with few measurements.
 */
int wb_lay_fit_px(wb_lay_ctx *c, wb_font_role role, int max_px, const char *s, int bw, int bh)
{
    int px = wb_lay_ladder_down(max_px);
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
    int guess = wb_lay_ladder_down((int)(px * f));
    if (guess >= px)
        guess = wb_lay_ladder_down(px - 1);
    for (px = guess;; px = wb_lay_ladder_down(px - 1)) {
        if (fits(c, role, px, s, bw, bh))
            return px;
        if (px <= WB_LAY_MIN_PX)
            return -1;
    }
}

/*
 * When even the smallest size is too wide, the longest prefix of s (whole UTF-8 characters)
 * that fits at WB_LAY_MIN_PX with an ellipsis after it: a shortened label beats a missing one.
 * Returns false when not even one character and the ellipsis fit.
 */
bool wb_lay_shorten(wb_lay_ctx *c, wb_font_role role, const char *s, int bw, int bh, char *out,
                    size_t cap)
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
        if (fits(c, role, WB_LAY_MIN_PX, out, bw, bh))
            return true;
    }
}

/*
 * Emits s into box at the largest size <= max_px that fits; shortened with an ellipsis when
 * even the smallest size does not fit; nothing if not even that fits.
 */
wb_dl_item *wb_lay_text(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                        int max_px, wb_align align, wb_color color, const char *s)
{
    char cut[WB_MAX_STR_BYTES + 8];
    int px = wb_lay_fit_px(c, role, max_px, s, box.w, box.h);
    if (px < 0) {
        if (max_px < WB_LAY_MIN_PX || !wb_lay_shorten(c, role, s, box.w, box.h, cut, sizeof cut))
            return NULL;
        px = WB_LAY_MIN_PX;
        s = cut;
    }
    wb_dl_item *it = wb_lay_push(c->dl, WB_DL_TEXT, tag, tile, box, color);
    if (!it)
        return NULL;
    it->font = role;
    it->px = px;
    it->align = align;
    it->text = wb_lay_intern(c->dl, s);
    if (it->text == UINT32_MAX) {
        c->dl->n--;
        return NULL;
    }
    return it;
}

wb_dl_item *wb_lay_text_alt(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                            int max_px, wb_align align, wb_color color, const char *s,
                            const char *alt)
{
    if (alt && wb_lay_fit_px(c, role, max_px, s, box.w, box.h) < 0)
        s = alt;
    return wb_lay_text(c, tag, tile, box, role, max_px, align, color, s);
}

/* Like wb_lay_text(), at exactly px (the caller already chose a size shared by several items). */
wb_dl_item *wb_lay_text_at(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                           int px, wb_align align, wb_color color, const char *s)
{
    if (px < WB_LAY_MIN_PX || !fits(c, role, px, s, box.w, box.h))
        return wb_lay_text(c, tag, tile, box, role, px < WB_LAY_MIN_PX ? WB_LAY_MIN_PX : px, align,
                           color, s);
    wb_dl_item *it = wb_lay_push(c->dl, WB_DL_TEXT, tag, tile, box, color);
    if (!it)
        return NULL;
    it->font = role;
    it->px = px;
    it->align = align;
    it->text = wb_lay_intern(c->dl, s);
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
void wb_lay_text_pair(wb_lay_ctx *c, int tile, wb_rect box, wb_font_role role, int max_px,
                      wb_dl_tag tag1, wb_color col1, const char *s1, wb_dl_tag tag2, wb_color col2,
                      const char *s2)
{
    char both[256];
    snprintf(both, sizeof both, "%s %s", s1, s2);
    int px = wb_lay_fit_px(c, role, max_px, both, box.w, box.h);
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
    wb_lay_text_at(c, tag1, tile, b1, role, px, WB_ALIGN_LEFT, col1, s1);
    wb_lay_text_at(c, tag2, tile, b2, role, px, WB_ALIGN_LEFT, col2, s2);
}

void wb_lay_fill(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color)
{
    if (box.w > 0 && box.h > 0)
        wb_lay_push(c->dl, WB_DL_FILL, tag, tile, box, color);
}

void wb_lay_outline(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color, int thick)
{
    wb_dl_item *it = wb_lay_push(c->dl, WB_DL_OUTLINE, tag, tile, box, color);
    if (it)
        it->thick = thick;
}

void wb_lay_icon(wb_lay_ctx *c, int tile, wb_rect box, wb_color color, const char *name)
{
    wb_dl_item *it = wb_lay_push(c->dl, WB_DL_ICON, WB_TAG_NONE, tile, box, color);
    if (!it)
        return;
    it->text = wb_lay_intern(c->dl, name);
    if (it->text == UINT32_MAX)
        c->dl->n--;
}

/*
 * v cut down to `decimals` places, the rule for every figure the screen compares with a target
 * or threshold (docs/metrics.md, "How figures are written on the screen"). Thresholds split the
 * line at t, with t itself on the upper side (a service level at its target is met; a KPI that must
 * stay low is bad at its limit), so a figure cut down always falls on the same side of a threshold
 * written with no more places than it shows: 79.59 % is 79 %, never the 80 % it missed. Rounding to
 * nearest would draw it as 80 % in a warning colour. The tolerance keeps a figure that is
 * exactly on a whole number but came out of the arithmetic a hair below it (0.29 * 100 is
 * 28.999999999999996) on that number; it is the core's (WB_SNAP_REL), with which the alarm
 * rules and the KPI judgement put such a figure on the threshold too, so colour and figure
 * agree.
 */
double wb_lay_cut(double v, int decimals)
{
    double scale = pow(10.0, decimals);
    double x = v * scale;
    return floor(x + WB_SNAP_REL * fmax(1.0, fabs(x))) / scale;
}

/*
 * Percent of a fraction cut to a whole percent, "82%" or "82 %"; NAN is an em dash. A cut down
 * to zero changes what the figure says, as it does for a wait (wb_lay_fmt_avg_wait): one
 * contact abandoned of 150 offered is 0.67 %, and "0%" would read as "nobody abandoned". A
 * percentage above zero and under one is therefore written "<1%" ("<1 %"): true, in the form of
 * the figures around it, and not rounded up to a 1 % it did not reach, so it stays below every
 * whole-percent line it is below. Only a true zero reads "0%".
 */
void wb_lay_fmt_pct(const wb_lay_ctx *c, char *buf, size_t n, double frac)
{
    wb_lay_fmt_pct_places(c, buf, n, frac, 0);
}

/* A number with `places` decimals, the decimal comma in Finnish. */
static void fmt_places(const wb_lay_ctx *c, char *num, size_t n, double v, int places)
{
    snprintf(num, n, "%.*f", places, v);
    char *dot = strchr(num, '.');
    if (dot && c->in->lang == WB_LANG_FI)
        *dot = ',';
}

void wb_lay_fmt_pct_places(const wb_lay_ctx *c, char *buf, size_t n, double frac, int places)
{
    if (isnan(frac) || isinf(frac)) {
        snprintf(buf, n, EM_DASH);
        return;
    }
    double cut = wb_lay_cut(frac * 100.0, places);
    char num[48];
    if (frac > 0 && cut == 0.0) {
        /* "<1%", or "<0.1%" with a place: the smallest figure the places can write. */
        fmt_places(c, num, sizeof num, pow(10.0, -places), places);
        snprintf(buf, n, c->lb->pct_space ? "<%s %%" : "<%s%%", num);
        return;
    }
    fmt_places(c, num, sizeof num, cut, places);
    snprintf(buf, n, c->lb->pct_space ? "%s %%" : "%s%%", num);
}

/* The places a target was configured with: 0 for 80 %, 1 for 79.5 %, 2 for 79.25 %. */
static int target_places(double frac)
{
    if (isnan(frac) || isinf(frac))
        return 0;
    /* Two places at most (the configuration's percent passed through a fraction and back). */
    double p = round(frac * 10000.0) / 100.0;
    if (p == floor(p))
        return 0;
    return p * 10.0 == floor(p * 10.0) ? 1 : 2;
}

/*
 * A figure judged against a target is written with the target's places: cut to a whole
 * percent, a service level of 79.6 % against a target of 79.5 % would read "79% / 79.5%" in the
 * colour of a target met. With the target's places it reads "79.6% / 79.5%", and the cut still
 * never lifts a figure over the line it missed (79.49 % is 79.4 %).
 */
void wb_lay_fmt_pct_vs(const wb_lay_ctx *c, char *buf, size_t n, double frac, double target)
{
    wb_lay_fmt_pct_places(c, buf, n, frac, target_places(target));
}

/*
 * A target as configured: "80%", or "79.5%" (a decimal comma in Finnish) when it has a fraction.
 * Cutting a target like a figure would draw 79.5 % as 79 %, and a level of 79.2 %, below it, as
 * "79% / 79%": the target keeps its places so that the figure next to it can be compared.
 */
void wb_lay_fmt_target(const wb_lay_ctx *c, char *buf, size_t n, double frac)
{
    if (isnan(frac) || isinf(frac)) {
        snprintf(buf, n, EM_DASH);
        return;
    }
    char num[48];
    fmt_places(c, num, sizeof num, round(frac * 10000.0) / 100.0, target_places(frac));
    snprintf(buf, n, c->lb->pct_space ? "%s %%" : "%s%%", num);
}

/* mm:ss below an hour, h:mm:ss above. */
void wb_lay_fmt_mmss(char *buf, size_t n, wb_ms ms)
{
    if (ms < 0)
        ms = 0;
    long long s = ms / 1000;
    /* Past an hour the seconds are noise (an email waits hours): hours and minutes, marked. */
    if (s >= 3600)
        snprintf(buf, n, "%lld:%02lld h", s / 3600, s / 60 % 60);
    else
        snprintf(buf, n, "%lld:%02lld", s / 60, s % 60);
}

/*
 * A wait is cut down like every figure on the screen (0:42.7 reads 0:42), but a cut down to zero
 * changes what the figure says: "0:00" reads as "nobody waited" or "no data". An average above
 * zero and under a second is therefore written as what it is, under a second. Rounding it up to
 * "0:01" instead would break the rule that no figure reads beyond what it is.
 */
void wb_lay_fmt_avg_wait(char *buf, size_t n, double s)
{
    if (isnan(s) || isinf(s)) {
        snprintf(buf, n, EM_DASH);
        return;
    }
    double whole = wb_lay_cut(s, 0);
    if (s > 0 && whole < 1.0)
        snprintf(buf, n, "<0:01");
    else
        wb_lay_fmt_mmss(buf, n, (wb_ms)whole * 1000);
}

const char *wb_lay_chan_label(const wb_lay_ctx *c, const wb_channel_metrics *m)
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

int wb_lay_rolling_min(const wb_lay_ctx *c)
{
    wb_ms r = c->in->cfg ? c->in->cfg->rolling_ms : 30 * 60000;
    return r > 0 ? (int)(r / 60000) : 30;
}

long wb_lay_breach_min(const wb_channel_metrics *m)
{
    double br = m->forecast.breach_in_min;
    if (!m->forecast.valid || !isfinite(br) || br <= 0)
        return -1;
    /*
     * Down, never to the nearest: 5.5 minutes rounded to 6 would promise the supervisor more
     * time than the forecast gives, and the screen never rounds toward the good side.
     */
    return (long)floor(br);
}

void wb_lay_fmt_breach(char *buf, size_t n, long min)
{
    /* Under a whole minute "~0 min" would read as a breach already here. */
    if (min < 1)
        snprintf(buf, n, "<1");
    else
        snprintf(buf, n, "~%ld", min);
}

bool wb_lay_no_agents(const wb_channel_metrics *m)
{
    return m->forecast.valid && m->forecast.agents == 0 && !(m->forecast.sl > 0);
}

/* True when frac, as a percentage, is below the target's (a hair off it is on it). */
bool wb_lay_below_target(double frac, double target)
{
    if (!isfinite(frac) || !isfinite(target))
        return false;
    return wb_snap(frac * 100.0, target * 100.0) < target * 100.0;
}

wb_fc_say wb_lay_forecast_say(const wb_channel_metrics *m)
{
    double target = m->cfg ? m->cfg->sl_target : NAN;
    if (!m->forecast.valid)
        return WB_FC_SAY_HELD;
    if (wb_lay_below_target(m->forecast.sl, target))
        return WB_FC_SAY_SL;
    if (wb_lay_below_target(m->forecast.sl_low, target))
        return WB_FC_SAY_LOW;
    return WB_FC_SAY_HELD;
}
