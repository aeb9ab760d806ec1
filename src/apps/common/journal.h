/*
 * journal.h - the day file: every accepted message, one line each, with its receive time.
 *
 * Format (docs/protocol.md, "Journal"): one line per message, the receive time in ms since
 * the epoch and the message itself, as it arrived:
 *
 *   {"rx":1700000000123,"msg":{"v":1,"type":"contact.queued", ...}}
 *
 * A hub writes DIR/YYYY-MM-DD.jsonl (the local date of the receive time in the configured
 * zone) and starts a new file at midnight, as does `wallboard --record-dir DIR`; `wallboard
 * --record FILE` writes one file. Lines
 * are buffered and written out by wb_journal_flush(), which the owner calls at least once a
 * second: a process killed loses at most the last second. A line cut short by a power cut is
 * skipped (and counted) when the file is read back, and cut off before anything is appended.
 * A reader takes any JSON object with those two members on one line, spaced or not, in either
 * order; a line that is not one is skipped, counted and reported with its reason.
 *
 * Ownership: a wb_journal is an embedded struct; wb_journal_close() closes the file. The
 * buffer handed to the read callback is valid only during the call.
 */
#ifndef WB_JOURNAL_H
#define WB_JOURNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "wb_types.h"

/* Lines are buffered up to this many bytes between flushes. */
#define WB_JOURNAL_BUF (1 << 20)
/*
 * A day file that could not be opened is tried again after this many ms of the caller's clock
 * at the soonest, not at every line: a kiosk whose card is read-only or full goes on drawing
 * instead of spending itself on opens that fail (one or two a message, at any rate).
 */
#define WB_JOURNAL_RETRY_MS 5000

typedef struct wb_journal {
    char dir[PATH_MAX];       /* day-file mode: the directory; "" in single-file mode */
    char path[PATH_MAX + 32]; /* the file open now */
    char tz[64];
    char day[16]; /* YYYY-MM-DD of the file open now */
    FILE *f;
    char *vbuf; /* f's buffer, WB_JOURNAL_BUF bytes */
    uint64_t lines, bytes;
    uint64_t write_errors; /* failed opens, writes and flushes: each try counted once */
    /*
     * Lines not written: those whose day file could not be opened, and those in the buffer
     * when a write or a flush of it failed (a full disk): the C library drops a buffer it could
     * not write, so every line appended since the last flush that worked counts as lost (a
     * few of them may have reached the file before the failure: at most that many too many).
     */
    uint64_t lines_lost;
    uint64_t unflushed;     /* lines appended since the last flush that worked */
    uint64_t torn_repaired; /* torn last lines cut off before appending */
    /* The last failure, for wb_journal_report(): its file, its errno, the lines counted then. */
    char failed_path[PATH_MAX + 32];
    int failed_errno;
    uint64_t lines_at_failure, errors_reported, lost_at_report;
    bool failing; /* said on stderr; not yet said to work again */
    /* The last open of a day file failed: day names that file; no new try before retry_at. */
    bool open_failed;
    char failed_day[16];
    wb_ms retry_at;
} wb_journal;

/* Day-file mode in dir (made if missing). 0, or WB_ERR_IO with the reason in err. */
int wb_journal_open_dir(wb_journal *j, const char *dir, const char *tz, char *err, size_t errlen);
/* Single-file mode: appends to path. */
int wb_journal_open_file(wb_journal *j, const char *path, char *err, size_t errlen);

/* The path of the day file for time t in day-file mode. */
void wb_journal_day_path(const wb_journal *j, wb_ms t, char *out, size_t cap);

/*
 * Appends one message received at rx (newlines in it become spaces). 0 or WB_ERR_IO. now is
 * the caller's clock in ms (the wall clock of the receive will do), read only to space the
 * tries of a day file that could not be opened: while one waits, the lines of its day are not
 * written but counted in lines_lost, and the file is tried again at the first line from
 * WB_JOURNAL_RETRY_MS after the last try on (at once on a clock set back, and at once for
 * another day's file).
 */
int wb_journal_append(wb_journal *j, wb_ms now, wb_ms rx, const char *msg, size_t len);
/* Writes the buffered lines to the file (fflush and fdatasync). 0 or WB_ERR_IO. */
int wb_journal_flush(wb_journal *j);
void wb_journal_close(wb_journal *j);

/*
 * Says on stderr when writing fails, once, not once a line: "PROG: WHAT: cannot write PATH:
 * REASON; ..." at the first failure, then nothing until a line has been written out again,
 * which is said too, with the lines lost meanwhile when there were some. The owner calls it
 * after wb_journal_flush(); write_errors and lines_lost count all.
 */
void wb_journal_report(wb_journal *j, const char *prog, const char *what);

/* Removes day files dated more than keep_days days before now's date; returns how many. */
int wb_journal_prune(const wb_journal *j, wb_ms now, int keep_days);

typedef struct wb_journal_read_stats {
    uint64_t lines;   /* handed to the callback */
    uint64_t torn;    /* a last line without its newline: skipped */
    uint64_t bad;     /* complete lines that are not journal lines: skipped */
    bool not_regular; /* the path is no regular file (a device, a FIFO...): nothing was read */
} wb_journal_read_stats;

typedef void (*wb_journal_line_cb)(void *ud, wb_ms rx, const char *msg, size_t len);
/* A line skipped (bad or torn): its number from 1 and why, a static string. */
typedef void (*wb_journal_bad_cb)(void *ud, uint64_t line_no, const char *why);

/*
 * Reads path line by line, calling cb for each journal line and bad (when not NULL) for each
 * line skipped; 0 (a missing file is an empty one, and so is a path that is no regular file,
 * with st->not_regular set: a device would be read for ever) or WB_ERR_IO.
 */
int wb_journal_read(const char *path, wb_journal_line_cb cb, wb_journal_bad_cb bad, void *ud,
                    wb_journal_read_stats *st);

/* wb_journal_read_named() names skipped lines one by one up to this many, then counts them. */
#define WB_JOURNAL_SKIPS_NAMED 10

/*
 * wb_journal_read() that says on stderr why each line was skipped, as every program that reads
 * a journal back does: "PROG: PATH:LINE: line skipped: WHY" for the first
 * WB_JOURNAL_SKIPS_NAMED, then once "PROG: PATH: N more lines skipped, not named", so that a
 * file spoilt throughout cannot flood the log. st counts every line all the same.
 */
int wb_journal_read_named(const char *prog, const char *path, wb_journal_line_cb cb, void *ud,
                          wb_journal_read_stats *st);

/*
 * Parses one line (without its newline): a JSON object with the members "rx" and "msg", in
 * either order, with or without white space between its tokens. 0 with *msg pointing at the
 * message inside line, or WB_ERR_VALUE when it is not a journal line, with the reason in *why
 * (a static string; why may be NULL).
 */
int wb_journal_parse(const char *line, size_t len, wb_ms *rx, const char **msg, size_t *msg_len,
                     const char **why);

#endif
