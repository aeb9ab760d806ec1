/*
 * layout_int.h - what the parts of the layout step share; private to src/view (and to its
 * tests). layout.h is the public interface.
 *
 * The layout is split along its seams, one file each:
 *   layout_dlist.c     the display list: growable items, text arena and points
 *   layout_labels.c    the label tables in English and Finnish
 *   layout_text.c      text fitting (the size ladder, shrink-to-fit, ellipsis) and the
 *                      emitters and number formats every page uses
 *   layout.c           the frame: header, stale banner, alarm ticker, and wb_layout_build()
 *   layout_overview.c  the overview page: the tile grid and each channel tile
 *   layout_agents.c    the agent page: team headings and agent cards
 *   layout_queue.c     queue and queue-group tiles, and the sums behind a group tile
 *   layout_page.c      configured pages ([page.NAME]): the item table, the tile grid of a
 *                      page, the agent page's filters
 *   layout_interval.c  the interval page: today's bars and service level by interval
 *   layout_kpi.c       KPI tiles: one figure each, and the page of all of them
 *   layout_detail.c    a channel's detail page: its figures large, and its queues
 *
 * A wb_lay_ctx lives on wb_layout_build()'s stack for one build; it owns nothing. Every
 * emitter appends to ctx->dl and, when an allocation fails, sets dl->oom and emits nothing.
 */
#ifndef WB_LAYOUT_INT_H
#define WB_LAYOUT_INT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

/* The smallest font size layout uses: below it text is shortened, then dropped. */
#define WB_LAY_MIN_PX 8
#define EM_DASH "\xE2\x80\x94"
#define MIDDOT "\xC2\xB7"
#define ARROW "\xE2\x86\x92"

/* ---- the display list (layout_dlist.c) ---- */

/* Grows *p (of *cap elements of elem bytes) to hold need; doubles from 64. False when out of
 * memory, *p and *cap unchanged. */
bool wb_lay_grow(void **p, size_t *cap, size_t need, size_t elem);
/* Appends an item (thick 1, everything else zero); NULL and dl->oom when out of memory. */
wb_dl_item *wb_lay_push(wb_dlist *dl, wb_dl_kind kind, wb_dl_tag tag, int tile, wb_rect box,
                        wb_color color);
/* Copies s into the text arena; its offset, or UINT32_MAX and dl->oom when out of memory. */
uint32_t wb_lay_intern(wb_dlist *dl, const char *s);

/* ---- labels (layout_labels.c) ---- */

typedef struct wb_labels {
    const char *waiting, *oldest, *sl_today, *last_fmt, *answered, *abandoned;
    const char *state[WB_AGENT_NSTATES];
    const char *forecast_fmt, *forecast_none, *avg_answer, *breach_fmt;
    /*
     * The tile's forecast line when no agent can take the channel's contacts (N = 0), in place
     * of forecast_fmt's 0 % and breach_fmt's minutes (the ticker's t_breach_noagents keeps the
     * minutes): the cause and what it needs, short enough for the line's 32 px at 1920x1080.
     */
    const char *noagents_fmt, *t_breach_noagents;
    /* The forecast line when its rule is raised (wb_lay_forecast_say()): lowest, or held. */
    const char *forecast_low_fmt, *forecast_held_fmt;
    const char *nodata_since, *waiting_for_data, *no_channels, *no_agents, *no_team;
    /* The agent page before the screen ever had data: nothing known, not a team of none. */
    const char *no_agent_data;
    const char *live, *stale, *resyncing, *no_data, *data_age;
    const char *lvl_ok, *lvl_warn, *lvl_alarm, *agents_page;
    const char *t_waiting, *t_oldest, *t_sl_today, *t_sl_rolling, *t_forecast, *t_breach;
    const char *t_forecast_low, *t_forecast_held;
    /* A service level back at or above its target while its level holds (hysteresis). */
    const char *t_sl_today_held, *t_sl_rolling_held;
    /* Above its target but below a level's own limit set above it. */
    const char *t_sl_today_lim, *t_sl_rolling_lim;
    const char *t_sl_today_held_lim, *t_sl_rolling_held_lim; /* back above that limit, held */
    /* A channel whose publishers are all silent: its label and the age of its last data. */
    const char *t_silent;
    /* Some of a live channel's waiting contacts are of a silent publisher: how many, of all. */
    const char *t_waiting_silent;
    const char *move_one, *move_many, *move_free, *move_after, *more, *all_ok, *levels_unknown;
    /*
     * The calm line when some channel's level is not known: "No alarms", then the channels
     * that never had data and those resyncing, each list after its words.
     */
    const char *no_alarms, *t_no_data_yet, *t_resyncing_list;
    const char *can_take, *busy_here, *wrapup_here;
    const char *site_summary, *longest_wait, *signed_in;
    const char *time_fmt; /* hours, minutes, seconds: "10:15:30", Finnish "10.15.30" */
    const char *days[7], *months[12];
    /*
     * Shorter words for a box too small for the ones above (the smallest windows, 480x320),
     * used when those would have to be cut with an ellipsis: the connection pill's states, the
     * header's data age, the level words and the service levels' captions. Finnish words are
     * long.
     */
    const char *live_short, *stale_short, *resyncing_short, *no_data_short, *data_age_short;
    const char *lvl_warn_short, *lvl_alarm_short, *sl_today_short, *last_fmt_short;
    const char *waiting_for_data_short; /* a tile's tag before its channel had data */
    bool pct_space;                     /* Finnish writes "82 %" */
    /* The interval page. */
    const char *iv_page, *iv_sl, *iv_sl_fmt, *iv_target_fmt, *iv_worst_fmt, *iv_none, *iv_now;
} wb_labels;

/*
 * Symbols that carry meaning without colour, in the bold font: a level's symbol before its
 * word (check, triangle, cross), and an agent state's symbol on its card.
 */
#define WB_SYM_OK "\xE2\x9C\x94"    /* U+2714 heavy check mark */
#define WB_SYM_WARN "\xE2\x96\xB2"  /* U+25B2 black up-pointing triangle */
#define WB_SYM_ALARM "\xE2\x9C\x96" /* U+2716 heavy multiplication x */
const char *wb_lay_state_symbol(wb_agent_state s);

/* The labels of lang; English for an unknown language. Static, never freed. */
const wb_labels *wb_lay_labels(wb_lang lang);

/* ---- the build context ---- */

typedef struct wb_lay_ctx {
    wb_dlist *dl;
    const wb_layout_in *in;
    const wb_labels *lb;
    const char *tz;
    /*
     * No current data: the board is stale or never had any. Levels judged on old data are not
     * shown (no level colour, no "OK", no flashing) and timers stop at the last data.
     */
    bool no_data;
    /* The time of the last data on the view's clock (the header's), or view->now. */
    wb_ms data_now;
    /* Channels (bit = index) whose alarms and hints the ticker names: those on the screen. */
    uint32_t ticker_channels;
    /* Queues (bit = index in view->q) whose alarms the ticker names: those of its queue and
     * group tiles. */
    uint64_t ticker_queues;
} wb_lay_ctx;

/* ---- text fitting and emitters (layout_text.c) ---- */

/* The ladder size at or below px (never below WB_LAY_MIN_PX). */
int wb_lay_ladder_down(int px);
/* Largest ladder size <= max_px at which s fits bw x bh, or -1. */
int wb_lay_fit_px(wb_lay_ctx *c, wb_font_role role, int max_px, const char *s, int bw, int bh);
/* The longest prefix of s plus an ellipsis that fits at WB_LAY_MIN_PX, into out. */
bool wb_lay_shorten(wb_lay_ctx *c, wb_font_role role, const char *s, int bw, int bh, char *out,
                    size_t cap);
wb_dl_item *wb_lay_text(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                        int max_px, wb_align align, wb_color color, const char *s);
wb_dl_item *wb_lay_text_at(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                           int px, wb_align align, wb_color color, const char *s);
/*
 * Like wb_lay_text(), but with alt (if not NULL) in place of s when s would have to be
 * shortened with an ellipsis: a shorter word beats a cut one.
 */
wb_dl_item *wb_lay_text_alt(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_font_role role,
                            int max_px, wb_align align, wb_color color, const char *s,
                            const char *alt);
void wb_lay_text_pair(wb_lay_ctx *c, int tile, wb_rect box, wb_font_role role, int max_px,
                      wb_dl_tag tag1, wb_color col1, const char *s1, wb_dl_tag tag2, wb_color col2,
                      const char *s2);
void wb_lay_fill(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color);
void wb_lay_outline(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect box, wb_color color, int thick);
void wb_lay_icon(wb_lay_ctx *c, int tile, wb_rect box, wb_color color, const char *name);

/* v cut down (toward minus infinity) to `decimals` places: how a figure next to a threshold is
 * shown, so that it never looks as if it reached a threshold it missed. */
double wb_lay_cut(double v, int decimals);
/* Percent of a fraction cut down to a whole percent (wb_lay_cut), "82%" or "82 %" by language,
 * so 79.6 % is "79%" and only a true 100 % is "100%"; above 0 and under 1 % it is "<1%" (cut to
 * "0%" it would read as none at all), a true 0 is "0%"; NAN or infinity is an em dash. */
void wb_lay_fmt_pct(const wb_lay_ctx *c, char *buf, size_t n, double frac);
/* The same with `places` decimals ("<0.1%" above 0 and under a tenth with one place). */
void wb_lay_fmt_pct_places(const wb_lay_ctx *c, char *buf, size_t n, double frac, int places);
/* A figure judged against a target, with the places the target was configured with. */
void wb_lay_fmt_pct_vs(const wb_lay_ctx *c, char *buf, size_t n, double frac, double target);
/* A service-level target as configured, "80%" or "79.5%" (up to two places, not cut). */
void wb_lay_fmt_target(const wb_lay_ctx *c, char *buf, size_t n, double frac);
/* mm:ss below an hour, "h:mm h" from an hour on; negative is 0:00. */
void wb_lay_fmt_mmss(char *buf, size_t n, wb_ms ms);
/*
 * An average wait in seconds, written like wb_lay_fmt_mmss (cut down to the second), except
 * that one above zero but under a second is "<0:01": cut to "0:00" it would read as "nobody
 * waited". NAN or infinity is an em dash.
 */
void wb_lay_fmt_avg_wait(char *buf, size_t n, double s);
/* A channel's label in the layout's language, falling back to English, then its name. */
const char *wb_lay_chan_label(const wb_lay_ctx *c, const wb_channel_metrics *m);
/* The rolling window in whole minutes (30 without a config). */
int wb_lay_rolling_min(const wb_lay_ctx *c);
/*
 * Whole minutes until the predicted breach of the rolling SL, rounded down (4.9 is 4; 0 under
 * a minute), or -1 when none is predicted ahead (none at all, or one already here). The tile
 * and the ticker both say it, so they round alike.
 */
long wb_lay_breach_min(const wb_channel_metrics *m);
/* The minutes of wb_lay_breach_min() as the screen says them: "~4", or "<1" under a minute. */
void wb_lay_fmt_breach(char *buf, size_t n, long min);
/*
 * True when no agent can take the channel's contacts (N = 0) and the forecast SL is 0 % or
 * undefined: the forecast line and a breach predicted then have that cause, and the tile and
 * the ticker both name it. A channel without agents of its own whose queue other channels'
 * agents answer (an SL above 0 %) is not such a case.
 */
bool wb_lay_no_agents(const wb_channel_metrics *m);
/*
 * What the forecast rule's words say when the rule is raised and no breach is predicted ahead:
 * the forecast SL when it is below the target; else the lowest rolling SL projected (the
 * rule's value) when that is below it; else neither is below the target now, and the warning
 * is only held (a quarter of an hour after its value went back or became undefined, such as
 * a forecast SL with fewer than one contact expected): "was below". The alarm state keeps no
 * figure from the time the value crossed, so "was below" names none. The ticker and the tile
 * both ask, so that they agree.
 */
typedef enum wb_fc_say { WB_FC_SAY_SL, WB_FC_SAY_LOW, WB_FC_SAY_HELD } wb_fc_say;
wb_fc_say wb_lay_forecast_say(const wb_channel_metrics *m);
/* A service level (fraction) below its target, as the alarm rules judge it; false for NAN. */
bool wb_lay_below_target(double frac, double target);

/* ---- the pages (layout_overview.c, layout_agents.c) ---- */

/* Columns and rows for n tiles of aspect about 1.3:1 in W x H with gap between them. */
void wb_lay_grid(int n, int W, int H, int gap, int *cols_out, int *rows_out);
/* The tile inside a grid cell: no flatter than 2:1, no taller than 4:5, centred. */
wb_rect wb_lay_shape_tile(wb_rect cell);
/* A page's grid of tiles: the gap between cells, the columns and rows, a cell's size. */
typedef struct wb_lay_cells {
    int gap, cols, rows, tw, th;
} wb_lay_cells;
/* The grid for n tiles in area, with the gap the screen's size calls for. */
void wb_lay_cells_for(const wb_lay_ctx *c, int n, wb_rect area, wb_lay_cells *g);
/* The shaped tile in column col of row row, in a row of in_row cells centred in area. */
wb_rect wb_lay_cell_tile(const wb_lay_cells *g, wb_rect area, int row, int col, int in_row);
/*
 * s right-aligned in a tile's title row tr, in col: plain (badge 0), in a warning's outline
 * (1) or on an alarm's filled badge (2), the badge hugging the text. The text is fitted to
 * the row less slack_pads times the badge's padding; when it does not fit, alt (a shorter
 * word; NULL: none) is tried, and then the text takes the whole row in the condensed font
 * (an alarm's still on its fill), shortened if it must be.
 */
void wb_lay_badge(wb_lay_ctx *c, int tile, wb_rect tr, wb_dl_tag tag, wb_color col, const char *s,
                  const char *alt, int badge, int slack_pads);
/*
 * A service level v in the left 60 % of val, as big as val allows, in col; then target (such
 * as "/ 80%"; NULL: none) after it at half that size in tcol: the value is what must be read
 * from across the room.
 */
void wb_lay_sl_value(wb_lay_ctx *c, wb_dl_tag tag, int tile, wb_rect val, wb_color col,
                     const char *v, const char *target, wb_color tcol);
/* A page with nothing to show: the note s across the middle of area. */
void wb_lay_empty_note(wb_lay_ctx *c, wb_rect area, const char *s);
/*
 * Answered and abandoned today in cr, each a caption (in lab) and its count (in num); the
 * abandons carry their rate (short abandons left out). Dashes when never is set.
 */
void wb_lay_today_counts(wb_lay_ctx *c, int tile, wb_rect cr, const wb_window *today, bool never,
                         wb_color lab, wb_color num);
void wb_lay_overview(wb_lay_ctx *c, wb_rect area);
/* One channel's tile (channel index i) in r. */
void wb_lay_channel_tile(wb_lay_ctx *c, int i, wb_rect r);
/*
 * A tile's background and level border (the level shows in the border's width and a second
 * line as well as in colour); neutral: the level is not known. Returns the border's width.
 */
int wb_lay_level_frame(wb_lay_ctx *c, int tile, wb_rect r, wb_level level, bool flashing,
                       bool neutral);
/*
 * The level word and symbol (or the status when the level is not known: never any data, the
 * channel's publishers silent, or resyncing), right-aligned.
 */
void wb_lay_level_tag(wb_lay_ctx *c, int tile, wb_rect tr, bool never, bool silent, bool resyncing,
                      wb_level level);

/* ---- queue and group tiles (layout_queue.c) ---- */

/*
 * The figures of one or more queues summed (a queue tile is a group of one). Counts are
 * summed and the service levels computed from the summed counters (never an average of
 * percentages); the oldest wait is the longest; the level is the worst of the queues'.
 */
typedef struct wb_lay_qsum {
    size_t found;             /* queues of the view that matched */
    uint32_t waiting;         /* summed */
    wb_ms oldest_wait_ms;     /* the longest, -1 when nobody waits */
    wb_window today, rolling; /* from the summed counters */
    double target;            /* the queues' SL target; NAN when they differ */
    wb_ms sl_t_ms;            /* their T; -1 when they differ */
    wb_level level;
    wb_level rule_level[WB_RULE_COUNT];
    bool flashing;  /* an unacknowledged alarm among them */
    bool resyncing; /* the channel of one of them is resyncing */
    bool silent;    /* the channel of one of them has only silent publishers */
} wb_lay_qsum;

/*
 * Sums the queues of v named in names[0..n) (a name matches its queue in every channel; each
 * queue counts once even if named twice). out->found is 0 when none is in the view yet.
 */
void wb_lay_queue_sum(const wb_board_view *v, const char *const *names, size_t n, wb_lay_qsum *out);
/* A queue or group tile in r: label as its title, members (may be NULL) on its last line. */
void wb_lay_queue_tile(wb_lay_ctx *c, int tile, wb_rect r, const char *label, const char *members,
                       const wb_lay_qsum *s);

/* ---- configured pages (layout_page.c) ---- */

/* Draws configured page pg in area. */
void wb_lay_page(wb_lay_ctx *c, const wb_page_cfg *pg, wb_rect area);
/*
 * The channels a screen shows on any of its pages (bit = index in the view): every channel
 * without configured pages; with them, the channels of its channel tiles, of its queue and
 * group tiles' queues, and of its agent pages' channel filters.
 */
uint32_t wb_lay_screen_channels(const wb_lay_ctx *c);
/*
 * The queues a screen shows in tiles (bit = index in view->q): those its pages' queue and
 * group tiles name, in every channel that has a queue of that name; none without configured
 * pages (the built-in pages have no queue tiles).
 */
uint64_t wb_lay_screen_queues(const wb_lay_ctx *c);

/* The site summary tile in r (layout_summary.c), for a grid cell no channel fills. */
void wb_lay_summary(wb_lay_ctx *c, wb_rect r);

/* "Aino Virtanen" -> "Aino V."; false for a single word. */
bool wb_lay_abbreviate(const char *name, char *out, size_t n);
void wb_lay_agents_page(wb_lay_ctx *c, wb_rect area);
/* Today by interval, one panel per channel (layout_interval.c). */
void wb_lay_intervals_page(wb_lay_ctx *c, wb_rect area);
/* A queue's label: its [queue.NAME] label in the layout's language, else its name (layout_page.c).
 */
const char *wb_lay_queue_label(const wb_lay_ctx *c, const char *name);

/* The tile of KPI figure k of the view in r; every KPI figure in a grid in area; the KPI
 * page's name for the header (layout_kpi.c). */
void wb_lay_kpi_tile(wb_lay_ctx *c, wb_rect r, size_t k);
void wb_lay_kpis(wb_lay_ctx *c, wb_rect area);
const char *wb_lay_kpi_page_name(const wb_lay_ctx *c);
/* The ticker's item for KPI figure k when it is in alarm ("NPS · Sales: 19.5 (alarm limit
 * 20)"), into s; false (s untouched) when it is not. */
bool wb_lay_kpi_ticker(const wb_lay_ctx *c, char *s, size_t n, size_t k);
/* The detail page of channel c->in->detail_ch (layout_detail.c). */
void wb_lay_detail(wb_lay_ctx *c, wb_rect area);

/* ---- geometry ---- */

static inline wb_rect rect(int x, int y, int w, int h)
{
    wb_rect r = {x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
    return r;
}

static inline wb_rect inset(wb_rect r, int d)
{
    return rect(r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d);
}

/* A horizontal band of r: from fraction a to fraction b of its height. */
static inline wb_rect band(wb_rect r, double a, double b)
{
    int y0 = r.y + (int)lround(r.h * a);
    int y1 = r.y + (int)lround(r.h * b);
    return rect(r.x, y0, r.w, y1 - y0);
}

/* A vertical slice of r: from fraction a to fraction b of its width. */
static inline wb_rect slice(wb_rect r, double a, double b)
{
    int x0 = r.x + (int)lround(r.w * a);
    int x1 = r.x + (int)lround(r.w * b);
    return rect(x0, r.y, x1 - x0, r.h);
}

static inline int imin(int a, int b)
{
    return a < b ? a : b;
}

static inline int imax(int a, int b)
{
    return a > b ? a : b;
}

static inline wb_color blend(wb_color a, wb_color b, double t)
{
    wb_color out = 0xFF;
    for (int sh = 8; sh <= 24; sh += 8) {
        double ca = (a >> sh) & 0xFF, cb = (b >> sh) & 0xFF;
        out |= (wb_color)lround(ca * t + cb * (1 - t)) << sh;
    }
    return out;
}

#endif
