/*
 * wb_config_int.h - private to the configuration loader (src/config/wb_config*.c, library
 * wb_conf): the state of one load and the value readers every section's keys share.
 *
 * Data structure: a `parser` carries one load of one source: the temporary wb_config being
 * filled, the text and the read position, the line number, the section being read, the first
 * error, and which thresholds were set explicitly. Each section's keys live in their own file
 * (wb_config_load.c: [wallboard], [transport], [defaults] and channels; wb_config_display.c:
 * [display]; wb_config_screen.c: [screen], [page.NAME], [queue.NAME]; wb_config_kpi.c:
 * [kpi.ID]; wb_config_sound.c: [sound]); they all report through wb_cfg_fail(), which keeps
 * only the first error. Once every section is read, wb_config_order.c checks the order of
 * each warn/alarm pair as it will be used.
 *
 * Ownership: the parser is a stack object of wb_config_load*(); it owns linebuf and the
 * temporary cfg, both freed by the loader. Nothing here is part of the public API.
 */
#ifndef WB_CONFIG_INT_H
#define WB_CONFIG_INT_H

#include "wb_config.h"
#include "wb_config_load.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SEC_NONE,
    SEC_WALLBOARD,
    SEC_DISPLAY,
    SEC_TRANSPORT,
    SEC_DEFAULTS,
    SEC_CHANNEL,
    SEC_SCREEN,
    SEC_PAGE,
    SEC_QUEUE,
    SEC_KPI,
    SEC_SOUND
} sec;

/* Where one section set its thresholds and its target (see parser.lines_defaults). */
typedef struct wb_cfg_lines {
    int th[2 * WB_RULE_COUNT];
    int target;
} wb_cfg_lines;

typedef struct parser {
    wb_config *cfg;   /* the temporary being filled */
    const char *name; /* file name for messages */
    int pass;         /* 1: check everything, register channels; 2: apply channel keys */

    /* Source: the whole text (a file is read into memory first) and a read position. */
    const char *text;
    size_t pos;
    char *linebuf; /* the current line */
    size_t linecap;

    int line;               /* number of the line last handed to inih */
    sec section;            /* kind of the current section */
    char section_name[300]; /* as written between the brackets (for messages) */
    /*
     * Sections seen so far in this pass, and the one in which arrival_profile was last
     * applied: a repeated arrival_profile in one section continues its profile, the first one
     * of a section replaces what the channel had from [defaults].
     */
    int section_no, shape_section;
    int chan;                    /* current channel index (pass 2), -1 otherwise */
    int sub;                     /* current [page.NAME] or [queue.NAME] index, -1 otherwise */
    bool screen_pages_set;       /* [screen] pages was given: it fixes the order */
    int page_line[WB_MAX_PAGES]; /* line of each page's header */
    int queue_line[WB_MAX_QUEUE_CFGS];

    bool failed;
    char *err;
    size_t errlen;

    uint32_t set_defaults;              /* thresholds set in [defaults] */
    uint32_t set_chan[WB_MAX_CHANNELS]; /* thresholds set in each channel section */
    int chan_line[WB_MAX_CHANNELS];     /* line of each channel's header */
    wb_channel_cfg scratch;             /* pass 1 applies channel keys here to check them */

    /*
     * The line of each threshold key (bit 2 * rule + alarm, as in the "set" masks) and of
     * sl_target_pct, last set in [defaults], in each channel and in each [queue.NAME]; 0 =
     * not set there. wb_cfg_check_order() uses them to blame a warn/alarm pair in the wrong
     * order on a line the user can fix, wherever the two values of the pair came from.
     */
    wb_cfg_lines lines_defaults;
    wb_cfg_lines lines_chan[WB_MAX_CHANNELS];
    wb_cfg_lines lines_queue[WB_MAX_QUEUE_CFGS];

    int kpi;                         /* current [kpi.ID] index (pass 1), -1 otherwise */
    int kpi_line[WB_MAX_KPI_CFG];    /* line of each KPI's header */
    uint8_t kpi_set[WB_MAX_KPI_CFG]; /* which of warn, alarm, better each KPI set (bits 0..2) */
} parser;

/* A rule's threshold key stem, as written after "warn_" or "alarm_" ("oldest_wait_s"). */
const char *wb_cfg_th_stem(wb_rule r);

/* Records the first error as "FILE:LINE: [section] key: what (got 'value')"; later ones are
 * dropped. */
void wb_cfg_fail(parser *p, const char *key, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for a line that belongs to no section's reading (a broken section header):
 * "FILE:LINE: what (got 'text')", naming neither the section before it nor a key. */
void wb_cfg_fail_line(parser *p, const char *text, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* snprintf copy that always terminates and cuts what does not fit. */
void wb_cfg_copy_str(char *dst, size_t cap, const char *src);

/*
 * Value readers: each checks one value of `key`, stores it in *out or dst and returns true, or
 * records an error naming the key and the value and returns false (leaving *out unchanged).
 */
bool wb_cfg_number(parser *p, const char *key, const char *v, double lo, double hi, double *out);
bool wb_cfg_int(parser *p, const char *key, const char *v, int lo, int hi, int *out);
/* Seconds (fractions allowed) within [lo_s, hi_s], as milliseconds. */
bool wb_cfg_ms(parser *p, const char *key, const char *v, double lo_s, double hi_s, wb_ms *out);
bool wb_cfg_bool(parser *p, const char *key, const char *v, bool *out);
/* A UTF-8 text that fits in cap bytes with its terminator. */
bool wb_cfg_text(parser *p, const char *key, const char *v, char *dst, size_t cap);
/* "HH:MM" as minutes after midnight. */
bool wb_cfg_clock(parser *p, const char *key, const char *v, int *out);
/*
 * An arrival profile: "HH:MM N" steps separated by commas, times rising, N arrivals an hour
 * (a plain decimal number, 0 to 1000000) from that local time on; empty = none. With append, the
 * steps continue ch's (their times rising past its last one) instead of replacing them.
 */
bool wb_cfg_shape(parser *p, const char *key, const char *v, wb_channel_cfg *ch, bool append);
/* An IANA zone name that the C library can load, "UTC", or "" for UTC. */
bool wb_cfg_tz(parser *p, const char *key, const char *v, char *dst, size_t cap);
/* An asset name: letters, digits, '-' and '_' only (it becomes part of a file name). */
bool wb_cfg_icon(parser *p, const char *key, const char *v, char *dst, size_t cap);

/* One [display] key (wb_config_display.c). */
bool wb_cfg_display_key(parser *p, const char *key, const char *v);

/* Applies one channel or [defaults] key to ch; `set` collects explicitly set thresholds. */
bool wb_cfg_channel_key(parser *p, wb_channel_cfg *ch, const char *key, const char *v,
                        uint32_t *set);

/*
 * Checks, once both passes are done and every channel is derived, that each warn/alarm pair a
 * channel, [defaults] or a queue ends up with is in the right order (wb_config_order.c).
 * Records the first pair in the wrong order as the load's error and returns false.
 */
bool wb_cfg_check_order(parser *p);

/*
 * [screen], [page.NAME] and [queue.NAME] (wb_config_screen.c). wb_cfg_screen_section() takes
 * a section header and returns false when it is none of these. wb_cfg_screen_key() reads a
 * key in pass 1; wb_cfg_screen_check() checks in pass 2 what refers to sections defined
 * anywhere in the file (groups, pages), when every section is known.
 */
bool wb_cfg_screen_section(parser *p, const char *name);
bool wb_cfg_screen_key(parser *p, const char *key, const char *v);
void wb_cfg_screen_check(parser *p, const char *key, const char *v);

/* A [kpi.ID] header (id is what follows "kpi.") and one of its keys (wb_config_kpi.c). */
void wb_cfg_kpi_section(parser *p, const char *id);
bool wb_cfg_kpi_key(parser *p, const char *key, const char *v);

/* One [sound] key (wb_config_sound.c); its defaults are the core's (wb_config_defaults). */
bool wb_cfg_sound_key(parser *p, const char *key, const char *v);

#endif
