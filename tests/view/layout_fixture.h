/*
 * layout_fixture.h - a hand-filled board view and a deterministic text measurer for the
 * layout tests (test_layout*.c, and the renderer tests that lay out a hand-filled view),
 * with the lookups those tests make in a display list and the rectangle relations they
 * check. Header-only: each test executable that includes it gets its own static copies.
 * Nothing here allocates except fx_view(), whose view the caller frees with free(); the
 * items and texts the lookups return belong to the display list.
 */
#ifndef WB_LAYOUT_FIXTURE_H
#define WB_LAYOUT_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/* 2025-11-25 10:15:30 UTC, worked out by hand: 20417 days * 86400 + 10:15:30. */
#define FX_T ((wb_ms)(20417LL * 86400 + 10 * 3600 + 15 * 60 + 30) * 1000)

static inline int fx_utf8_len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* Every code point is 0.6 em wide, a line is 1.2 em high: simple and deterministic. */
static inline int fx_measure(void *ud, wb_font_role role, int px, const char *s, int *w, int *h)
{
    (void)ud;
    (void)role;
    *w = (fx_utf8_len(s) * px * 6 + 9) / 10;
    *h = (px * 12 + 9) / 10;
    return 0;
}

static wb_config fx_cfg;
static const char *FX_NAMES[6] = {"phone", "chat", "email", "social", "webform", "vip"};
static const char *FX_LABELS[6] = {"Phone", "Chat", "Email", "Social", "Web form", "VIP"};

static inline void fx_make_cfg(void)
{
    memset(&fx_cfg, 0, sizeof fx_cfg);
    snprintf(fx_cfg.site, sizeof fx_cfg.site, "Helsinki Contact Center");
    fx_cfg.rolling_ms = 30 * 60000;
    fx_cfg.stale_after_ms = 5000;
    for (int i = 0; i < 6; i++) {
        wb_channel_cfg *ch = &fx_cfg.channels[i];
        snprintf(ch->name, sizeof ch->name, "%s", FX_NAMES[i]);
        snprintf(ch->label_en, sizeof ch->label_en, "%s", FX_LABELS[i]);
        snprintf(ch->icon, sizeof ch->icon, "%s", i < 5 ? FX_NAMES[i] : "generic");
        ch->sl_t_ms = 20000;
        ch->sl_target = 0.80;
        ch->realtime = i < 2;
        ch->th[WB_RULE_SL_TODAY].alarm_on = true;
        ch->th[WB_RULE_SL_TODAY].alarm = 75;
        ch->th[WB_RULE_SL_ROLLING].alarm_on = true;
        ch->th[WB_RULE_SL_ROLLING].alarm = 60;
        ch->th[WB_RULE_WAITING].warn_on = true;
        ch->th[WB_RULE_WAITING].warn = 5;
        ch->th[WB_RULE_WAITING].alarm_on = true;
        ch->th[WB_RULE_WAITING].alarm = 10;
    }
    fx_cfg.n_channels = 6;
}

/* A live view of n channels (n <= 6), all at ok, every figure defined. */
static inline wb_board_view *fx_view(size_t n)
{
    wb_board_view *v = calloc(1, sizeof *v);
    if (!v)
        abort();
    v->now = FX_T;
    v->ever_data = true;
    v->last_rx = FX_T - 400;
    v->n_channels = n;
    v->agents[WB_AGENT_AVAILABLE] = 3;
    v->agents[WB_AGENT_BUSY] = 20;
    v->agents[WB_AGENT_WRAPUP] = 2;
    v->agents[WB_AGENT_PAUSED] = 1;
    /* The board's site service level of n channels at 82 % of 1,290 contacts each. */
    v->site_sl_counted = 1290.0 * (double)n;
    v->site_sl_met = 0.82 * v->site_sl_counted;
    v->site_sl_today = n ? 0.82 : NAN;
    for (size_t i = 0; i < n; i++) {
        wb_channel_view *cv = &v->ch[i];
        wb_channel_metrics *m = &cv->m;
        m->name = FX_NAMES[i];
        m->cfg = &fx_cfg.channels[i];
        m->configured = true;
        m->had_data = true;
        m->waiting = (uint32_t)(i + 1);
        m->oldest_wait_ms = 65000 + (wb_ms)i * 1000;
        m->today.sl = 0.82;
        m->today.c.answered = 1234;
        m->today.c.abandoned = 56;
        m->today.asa_s = 14;
        m->today.abandon_pct = 56.0 * 100 / 1290.0;
        m->rolling.sl = 0.91;
        m->agents[WB_AGENT_AVAILABLE] = 3;
        m->agents[WB_AGENT_BUSY] = 12;
        m->agents[WB_AGENT_WRAPUP] = 2;
        m->busy_here = 4;
        m->wrapup_here = 1;
        for (int k = 0; k < WB_SPARK_N; k++)
            m->spark[k] = (uint16_t)(k % 20);
        m->forecast.valid = m->cfg->realtime;
        m->forecast.sl = 0.84;
        m->forecast.required = 12;
        m->forecast.agents = 12;
        m->forecast.breach_in_min = NAN;
        cv->level = WB_LEVEL_OK;
    }
    return v;
}

/* Puts channel i at level lv through rule r (and that rule at lv). */
static inline void fx_level(wb_board_view *v, size_t i, wb_level lv, wb_rule r)
{
    v->ch[i].level = lv;
    v->ch[i].worst = r;
    v->ch[i].rule_level[r] = lv;
    v->ch[i].flashing = lv == WB_LEVEL_ALARM;
}

typedef struct fx_opts {
    wb_page page;
    wb_lang lang;
    const wb_agent_info *agents;
    size_t n_agents;
    bool flash_off;
    wb_ms rx_now;
} fx_opts;

static inline int fx_build(wb_dlist *dl, int w, int h, const wb_board_view *v, const fx_opts *o)
{
    static const fx_opts none = {0};
    if (!o)
        o = &none;
    wb_layout_in in = {.w = w,
                       .h = h,
                       .page = o->page,
                       .lang = o->lang,
                       .view = v,
                       .rx_now = o->rx_now,
                       .cfg = &fx_cfg,
                       .agents = o->agents,
                       .n_agents = o->n_agents,
                       .flash_on = !o->flash_off,
                       .measure = fx_measure};
    return wb_layout_build(dl, &in);
}

static inline const wb_dl_item *fx_find(const wb_dlist *dl, wb_dl_tag tag, int tile,
                                        wb_dl_kind kind)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].tag == tag && dl->items[i].tile == tile && dl->items[i].kind == kind)
            return &dl->items[i];
    return NULL;
}

/* The text of the first text item with tag and tile, or NULL. */
static inline const char *fx_text_of(const wb_dlist *dl, wb_dl_tag tag, int tile)
{
    const wb_dl_item *it = fx_find(dl, tag, tile, WB_DL_TEXT);
    return it ? wb_dl_text(dl, it) : NULL;
}

/* True when a lies wholly inside outer (touching its edges counts as inside). */
static inline bool fx_inside(wb_rect a, wb_rect outer)
{
    return a.x >= outer.x && a.y >= outer.y && a.x + a.w <= outer.x + outer.w &&
           a.y + a.h <= outer.y + outer.h;
}

/* True when a and b share at least one pixel (touching edges do not). */
static inline bool fx_overlap(wb_rect a, wb_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The first text item containing needle, or NULL. */
static inline const wb_dl_item *fx_text(const wb_dlist *dl, const char *needle)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].kind == WB_DL_TEXT && strstr(wb_dl_text(dl, &dl->items[i]), needle))
            return &dl->items[i];
    return NULL;
}

static inline bool fx_has_text(const wb_dlist *dl, const char *needle)
{
    return fx_text(dl, needle) != NULL;
}

/* True when a text of the ticker contains needle. */
static inline bool fx_ticker_says(const wb_dlist *dl, const char *needle)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].tag == WB_TAG_TICKER && dl->items[i].kind == WB_DL_TEXT &&
            strstr(wb_dl_text(dl, &dl->items[i]), needle))
            return true;
    return false;
}

/*
 * Six channels of v in alarm on the waiting rule, channel i with 30 + i waiting, and
 * WB_MAX_HINTS hints, hint k moving k + 2 agents: each item of the ticker told apart by its
 * number ("Chat: 31 waiting", "Move 4 agents from").
 */
static inline void fx_alarms_and_hints(wb_board_view *v)
{
    for (size_t i = 0; i < 6; i++) {
        fx_level(v, i, WB_LEVEL_ALARM, WB_RULE_WAITING);
        v->ch[i].m.waiting = 30 + (uint32_t)i;
    }
    v->n_hints = WB_MAX_HINTS;
    for (int k = 0; k < WB_MAX_HINTS; k++)
        v->hints[k] =
            (wb_hint){.target = k % 6, .donor = (k + 1) % 6, .agents = k + 2, .free_now = k + 2};
}

#endif
