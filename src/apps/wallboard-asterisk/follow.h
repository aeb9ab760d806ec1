/*
 * follow.h - following a log file as it grows, across rotation by rename and copytruncate,
 * handing out whole lines.
 *
 * wb_follow is an embedded struct: wb_follow_init() allocates its line buffer and
 * wb_follow_fini() closes the file and frees it. The path is the caller's and must outlive it.
 * A line handed to the callback (without its newline) is valid during the call only. A line
 * over WB_FOLLOW_MAX_LINE bytes is handed out as exactly WB_FOLLOW_MAX_LINE + 1 bytes of
 * whatever it began with, for the callback to refuse as too long.
 */
#ifndef WB_FOLLOW_H
#define WB_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "wb_types.h"

#define WB_FOLLOW_MAX_LINE 8194

typedef void (*wb_follow_line_fn)(void *ud, const char *line, size_t len);

typedef struct wb_follow {
    const char *path;
    int fd; /* -1 while the file is not open */
    dev_t dev;
    ino_t ino;
    off_t off;
    char *line;
    size_t line_len;
    bool too_long; /* the current line passed the limit: skip to its end */
    char tail[64]; /* the last bytes read, before off: a file rewritten past off differs */
    size_t tail_len;
    uint64_t rotations, truncations;
    wb_follow_line_fn on_line;
    void *ud;
} wb_follow;

/* WB_OK, or WB_ERR_NOMEM. Opens nothing yet. */
int wb_follow_init(wb_follow *f, const char *path, wb_follow_line_fn on_line, void *ud);
void wb_follow_fini(wb_follow *f);

/*
 * Reads today's rotated files PATH.9 ... PATH.1 (oldest first; uncompressed, modified at or
 * after day_from) to their ends.
 */
void wb_follow_read_rotated(wb_follow *f, wb_ms day_from);

/*
 * When the log last spoke before day_from, as its rotated files say: the newest modification
 * time (ms) of the files beside PATH named PATH.DIGITS or PATH.DIGITS.gz (logrotate's and
 * Asterisk's own numbering; gzip keeps the time) last written before day_from. -1 when there
 * is none, when PATH itself does not exist, or when such a file was written at or after
 * day_from and is not one wb_follow_read_rotated() reads (PATH.0, a compressed file): today
 * then has lines that are not read, and nothing may be said of its silences.
 */
wb_ms wb_follow_rotated_before(const wb_follow *f, wb_ms day_from);

/*
 * Reads what is new: opens the file if it is not open (from its start), reads to its end,
 * then follows a rotation (a new file at the path: the old one is finished first) or a
 * truncation (read again from the start). A truncation is seen when the file is shorter than
 * what was read, or when the bytes just before that point changed (it was truncated and
 * written past that point between two polls). Returns false while the file does not exist.
 */
bool wb_follow_poll(wb_follow *f);

#endif
