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
    WB_TAG_DETAIL,       /* a channel's detail page: its panel and figures (tile = channel) */
    WB_TAG_DETAIL_QUEUE, /* one queue row of the detail page (tile = index in view->q) */
} wb_dl_tag;

typedef struct wb_dl_item {
    wb_dl_kind kind;
    wb_dl_tag tag;
    int tile; /* channel tile index, agent card index, or -1 */
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

/*
 * Measures one line of UTF-8 text in role at px pixels: width and line height in pixels.
 * Returns 0, or negative when it cannot measure (layout then treats the text as not fitting).
 */
typedef int (*wb_measure_fn)(void *ud, wb_font_role role, int px, const char *utf8, int *w, int *h);

typedef enum { WB_PAGE_OVERVIEW = 0, WB_PAGE_AGENTS, WB_PAGE_COUNT } wb_page;
typedef enum { WB_LANG_EN = 0, WB_LANG_FI, WB_LANG_COUNT } wb_lang;

/* "en" / "fi" -> wb_lang; anything else is English. */
wb_lang wb_lang_parse(const char *s);

typedef struct wb_layout_in {
    int w, h;    /* logical size (rotation already applied) */
    int reserve; /* extra outer margin in px, e.g. the burn-in pixel shift */
    wb_page page;
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

#endif
