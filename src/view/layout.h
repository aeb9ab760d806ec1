/*
 * layout.h - the pure layout step: screen size + board view -> a display list.
 *
 * Layout decides everything that is visible: where each tile, number and label goes, which
 * string it shows, in which font role, size and colour. It makes no SDL call and reads no
 * clock (the time is view->now); text is measured through a callback so that the renderer
 * can pass its real font metrics while tests pass a simple deterministic measurer.
 *
 * Ownership: a wb_dlist is embedded by its owner: wb_dlist_init() / wb_dlist_fini(). It owns
 * its items, its text arena and its point array; wb_layout_build() clears and refills it
 * (keeping the allocations, so steady-state frames do not allocate). Text is reached with
 * wb_dl_text() and is valid until the next build or fini.
 */
#ifndef WB_LAYOUT_H
#define WB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wb_board.h"

/* Colours are 0xRRGGBBAA. */
typedef uint32_t wb_color;

typedef struct wb_rect {
    int x, y, w, h;
} wb_rect;

typedef struct wb_point {
    int x, y;
} wb_point;

/* Font roles; the renderer maps each to a bundled TTF. */
typedef enum {
    WB_FONT_REGULAR = 0, /* DejaVuSans */
    WB_FONT_BOLD,        /* DejaVuSans-Bold */
    WB_FONT_CONDENSED,   /* DejaVuSansCondensed-Bold: big numbers and tight labels */
    WB_FONT_NROLES
} wb_font_role;

typedef enum { WB_ALIGN_LEFT = 0, WB_ALIGN_CENTER, WB_ALIGN_RIGHT } wb_align;

typedef enum {
    WB_DL_FILL = 0, /* filled rectangle */
    WB_DL_OUTLINE,  /* rectangle border, `thick` pixels wide, drawn inside box */
    WB_DL_TEXT,     /* one line of text in box, vertically centred, aligned by `align` */
    WB_DL_POLYLINE, /* connected points, `thick` pixels wide */
    WB_DL_BARS,     /* one vertical bar per point, from the point down to the box bottom */
    WB_DL_ICON,     /* an icon asset tinted with color, fitted in box */
} wb_dl_kind;

/* What an item is, so that tests and the renderer's checks can find it. */
typedef enum {
    WB_TAG_NONE = 0,
    WB_TAG_HEADER,
    WB_TAG_CLOCK,
    WB_TAG_CONN,   /* connection state: LIVE / STALE / RESYNCING / NO DATA */
    WB_TAG_BANNER, /* stale or waiting-for-data banner (the band) */
    WB_TAG_BANNER_TEXT,
    WB_TAG_TILE,   /* tile background */
    WB_TAG_BORDER, /* tile border: level colour, flashing for alarms */
    WB_TAG_TILE_TITLE,
    WB_TAG_WAITING, /* the waiting number */
    WB_TAG_OLDEST,
    WB_TAG_SL_TODAY,
    WB_TAG_SL_ROLLING,
    WB_TAG_COUNTS,
    WB_TAG_AGENTS,
    WB_TAG_SPARK,
    WB_TAG_FORECAST,
    WB_TAG_STATUS, /* per-tile tag: RESYNCING, waiting for data */
    WB_TAG_LABEL,  /* small captions */
    WB_TAG_TICKER,
    WB_TAG_TEAM, /* team heading on the agent page */
    WB_TAG_CARD,
    WB_TAG_CARD_TEXT,
    WB_TAG_LEVEL,        /* a tile's level word and symbol (OK / WARN / ALARM) */
    WB_TAG_CARD_STATE,   /* an agent card's state symbol */
    WB_TAG_SUMMARY,      /* the site summary tile and everything in it (tile -1) */
    WB_TAG_CARD_OVERRUN, /* an agent card's frame: time in state past its limit */
    WB_TAG_IV_PANEL,     /* the interval page: one panel (tile = channel, or see intervals) */
    WB_TAG_IV_ANSWERED,  /* an interval's answered bar */
    WB_TAG_IV_ABANDONED, /* an interval's abandoned bar, stacked on the answered one */
    WB_TAG_IV_SL,        /* the SL line (polyline) and its points (fills) */
    WB_TAG_IV_TARGET,    /* the target line */
    WB_TAG_IV_NOW,       /* the current interval's mark */
    WB_TAG_IV_HOUR,      /* an hour label under the chart */
    /* KPI tiles (layout_kpi.c); tile is the KPI's index in the view. Their level word is
     * WB_TAG_LEVEL and their border WB_TAG_BORDER, as on the channel tiles. */
    WB_TAG_KPI_TILE,     /* a KPI tile's background, title and captions */
    WB_TAG_KPI_VALUE,    /* the KPI's value */
    WB_TAG_KPI_TARGET,   /* its target and the direction of good */
    WB_TAG_KPI_SPARK,    /* today's values and the target line under them */
    WB_TAG_DETAIL,       /* a channel's detail page: its panel and figures (tile = channel) */
    WB_TAG_DETAIL_QUEUE, /* one queue row of the detail page (tile = index in view->q) */
} wb_dl_tag;

/* Queue and group tiles of a configured page: WB_TILE_QUEUE0 + their place on the page. */
#define WB_TILE_QUEUE0 1000

typedef struct wb_dl_item {
    wb_dl_kind kind;
    wb_dl_tag tag;
    int tile; /* channel tile index, agent card index, WB_TILE_QUEUE0 + k, or -1 */
    wb_rect box;
    wb_color color;
    int thick; /* outline / polyline width; bar width for BARS */
    /* text */
    wb_font_role font;
    int px; /* font pixel size */
    wb_align align;
    uint32_t text; /* offset into the arena (text and icon name) */
    /* polyline / bars */
    uint32_t pt0, npts; /* range in the point array */
} wb_dl_item;

typedef struct wb_dlist {
    int w, h;       /* logical screen size the list was built for */
    wb_color clear; /* background colour */
    wb_dl_item *items;
    size_t n, cap;
    char *arena;
    size_t arena_n, arena_cap;
    wb_point *pts;
    size_t npts, pts_cap;
    bool oom; /* an allocation failed: the list is incomplete */
} wb_dlist;

void wb_dlist_init(wb_dlist *dl);
void wb_dlist_fini(wb_dlist *dl);
void wb_dlist_clear(wb_dlist *dl);
const char *wb_dl_text(const wb_dlist *dl, const wb_dl_item *it);
/* A tag's name in lower case ("waiting", "sl_today"), for text dumps; "?" when unknown. */
const char *wb_dl_tag_name(wb_dl_tag tag);

/*
 * Measures one line of UTF-8 text in role at px pixels: width and line height in pixels.
 * Returns 0, or negative when it cannot measure (layout then treats the text as not fitting).
 */
typedef int (*wb_measure_fn)(void *ud, wb_font_role role, int px, const char *utf8, int *w, int *h);

/*
 * The built-in pages, shown when the configuration has no [page.NAME] sections. The page timer
 * rotates through the overview, the agent page and, once KPI figures have arrived, the KPI
 * page (layout_kpi.c); the interval page is shown on request (--page, Space) and stays.
 */
typedef enum {
    WB_PAGE_OVERVIEW = 0,
    WB_PAGE_AGENTS,
    WB_PAGE_INTERVALS,
    WB_PAGE_KPIS,
    WB_PAGE_COUNT
} wb_page;
typedef enum { WB_LANG_EN = 0, WB_LANG_FI, WB_LANG_COUNT } wb_lang;

/* "en" / "fi" -> wb_lang; anything else is English. */
wb_lang wb_lang_parse(const char *s);

/*
 * Today by interval, for the interval page: n intervals of width from day_start (the view's
 * time zone's midnight), one row of counters per channel, index-aligned with view->ch.
 */
typedef struct wb_lay_intervals {
    wb_ms day_start, width;
    size_t n;
    size_t n_rows;
    const wb_counts *c; /* n_rows x n: row r's interval i is c[r * n + i] */
    /*
     * Optional: queues to draw instead of the channels, queue[k] an index into view->q and
     * its counters qc[k * n .. k * n + n); their items' tile is WB_MAX_CHANNELS + k.
     */
    size_t n_queues;
    const size_t *queue;
    const wb_counts *qc;
    /* Optional: the channel rows cut down to the channel of this name (NULL: all). */
    const char *only_channel;
} wb_lay_intervals;

typedef struct wb_layout_in {
    int w, h;    /* logical size (rotation already applied) */
    int reserve; /* extra outer margin in px, e.g. the burn-in pixel shift */
    /*
     * Which page: with configured pages (cfg->screen.n_rotation > 0) the place in their
     * rotation (modulo its length); without, a wb_page (0 overview, 1 agents).
     */
    int page;
    wb_lang lang;
    const wb_board_view *view;
    /*
     * The receiver's wall clock, which view->last_rx is on: the data age is rx_now - last_rx.
     * It differs from view->now under --clock event or the demo's fast clock; 0 = view->now.
     */
    wb_ms rx_now;
    const wb_config *cfg;        /* site name, time zone, stale timeout */
    const wb_agent_info *agents; /* for the agent page; may be NULL with n_agents 0 */
    size_t n_agents;
    const wb_lay_intervals *intervals; /* for the interval page; NULL: nothing to draw */
    bool flash_on; /* flash phase: unacknowledged alarm borders change colour when false */
    wb_measure_fn measure;
    void *measure_ud;
    /*
     * A channel's detail page in place of `page` (opened by a tap on its tile): the channel's
     * figures large and the figures of its queues. detail_ch indexes view->ch.
     */
    bool detail;
    int detail_ch;
} wb_layout_in;

/*
 * The night schedule at wall time (cfg's local time zone): 0 day, 1 dimmed, 2 blank. With
 * display.night_alarm_lifts a channel in alarm on live data in v (may be NULL) makes it day.
 */
int wb_night_state(const wb_config *cfg, wb_ms wall, const wb_board_view *v);

/* Pages in the rotation: the configured ones, or WB_PAGE_COUNT without (cfg may be NULL). */
int wb_layout_page_count(const wb_config *cfg);
/* What page `page` is: agents, intervals or a page of tiles (overview); on the built-in pages
 * also KPIs. */
wb_page wb_layout_page_kind(const wb_config *cfg, int page);
/* Whether page (a place in the rotation) is an agent page: its caller fills in->agents. */
bool wb_layout_page_is_agents(const wb_config *cfg, int page);
/* The configured page at that place in the rotation, or NULL without configured pages. */
const wb_page_cfg *wb_layout_page_cfg(const wb_config *cfg, int page);

/* Builds the display list for in. Returns 0 or WB_ERR_NOMEM / WB_ERR_INVAL. */
int wb_layout_build(wb_dlist *dl, const wb_layout_in *in);

/* The palette, public so that render tests can look for these exact colours. */
#define WB_COL_BG 0x0A0E14FFu
#define WB_COL_PANEL 0x151B24FFu
#define WB_COL_TEXT 0xFFFFFFFFu
#define WB_COL_TEXT_DIM 0x6B7686FFu /* numbers while stale or resyncing */
#define WB_COL_LABEL 0xA9B4C2FFu
#define WB_COL_OK 0x22C55EFFu
/*
 * Level borders differ in luminance, not only in hue, so that they stay apart with colour-
 * vision deficiency: the ok border is dark, the alarm red and the warning amber brighter.
 */
#define WB_COL_OK_BORDER 0x1B4D32FFu
#define WB_COL_WARN 0xFFB020FFu
#define WB_COL_ALARM 0xFF4D40FFu
#define WB_COL_ALARM_OFF 0x5A1414FFu /* alarm border in the dark flash phase */
#define WB_COL_TILE_WARN 0x2A2108FFu
#define WB_COL_TILE_ALARM 0x3A0F0FFFu
#define WB_COL_STALE 0xD946EFFFu /* the NO DATA banner: magenta, unlike any level colour */
#define WB_COL_NODATA 0x3B4A5EFFu
#define WB_COL_SPARK 0x38BDF8FFu
#define WB_COL_SPARK_FILL 0x0E3A52FFu
#define WB_COL_AVAILABLE 0x22C55EFFu
#define WB_COL_BUSY 0x3B82F6FFu
#define WB_COL_WRAPUP 0xA855F7FFu
#define WB_COL_PAUSED 0x94A3B8FFu
#define WB_COL_OFFLINE 0x4B5563FFu
/* The interval page: answered and abandoned bars, the SL line, its target and "now". */
#define WB_COL_IV_ANSWERED 0x60A5FAFFu
#define WB_COL_IV_ABANDONED 0xFB923CFFu
#define WB_COL_IV_SL 0xFFFFFFFFu
#define WB_COL_IV_TARGET 0x22C55EFFu
#define WB_COL_IV_NOW 0x2A3646FFu

#endif
