/*
 * journal.c - writing, repairing, reading and pruning day files.
 */
#define _GNU_SOURCE
#include "journal.h"

#include "wb_proto.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wb_time.h"

static void day_name(const char *tz, wb_ms t, char *out, size_t cap)
{
    struct tm tm;
    wb_localtime(t, tz, &tm);
    /* strftime: the fields of a struct tm are known to fit "YYYY-MM-DD". */
    if (strftime(out, cap, "%Y-%m-%d", &tm) == 0 && cap > 0)
        out[0] = '\0';
}

void wb_journal_day_path(const wb_journal *j, wb_ms t, char *out, size_t cap)
{
    char day[16];
    day_name(j->tz, t, day, sizeof day);
    snprintf(out, cap, "%s/%s.jsonl", j->dir, day);
}

/*
 * Cuts a torn last line off before appending: a line without its newline was being written
 * when the process or the machine stopped, and a new line glued to it would spoil both.
 */
static int repair_tail(wb_journal *j, const char *path)
{
    /* Not blocking: a FIFO would wait here for a partner; only a regular file has a tail. */
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT || errno == ENXIO ? 0 : WB_ERR_IO;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) < 0) {
        rc = WB_ERR_IO;
        goto done;
    }
    if (!S_ISREG(st.st_mode))
        goto done;
    off_t end = st.st_size;
    char c;
    if (end == 0 || (pread(fd, &c, 1, end - 1) == 1 && c == '\n'))
        goto done;
    /* Back to the last newline, a block at a time. */
    char blk[4096];
    off_t keep = 0;
    for (off_t at = end; at > 0 && keep == 0;) {
        off_t from = at > (off_t)sizeof blk ? at - (off_t)sizeof blk : 0;
        ssize_t n = pread(fd, blk, (size_t)(at - from), from);
        if (n <= 0) {
            rc = WB_ERR_IO;
            goto done;
        }
        for (ssize_t i = n - 1; i >= 0; i--)
            if (blk[i] == '\n') {
                keep = from + i + 1;
                break;
            }
        at = from;
    }
    if (ftruncate(fd, keep) < 0)
        rc = WB_ERR_IO;
    else
        j->torn_repaired++;
done:
    close(fd);
    return rc;
}

/*
 * The errno kept for a day file that is a FIFO or a socket: no errno says that, and the
 * message must (why()).
 */
#define NOT_REGULAR (-1)

static const char *why(int e)
{
    return e == NOT_REGULAR ? "not a regular file (a FIFO or a socket)" : strerror(e);
}

/*
 * Opens path to append. Not blocking: the open of a FIFO waits for a reader, and a day file
 * made a FIFO held the hub there for ever, deaf to SIGTERM. A FIFO or a socket is refused
 * (errno NOT_REGULAR); a character device is written like a file (/dev/null; /dev/full fails
 * each write, as a full disk does).
 */
static FILE *open_append(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
    struct stat st;
    if (fd < 0) {
        /* A FIFO with no reader: ENXIO, which would read as "No such device or address". */
        if (errno == ENXIO && stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
            errno = NOT_REGULAR;
        return NULL;
    }
    int e = fstat(fd, &st) < 0                             ? errno
            : S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ? NOT_REGULAR
                                                           : 0;
    if (e != 0) {
        close(fd);
        errno = e;
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    FILE *f = fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "a");
    if (!f) {
        e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

/* Notes a failure for wb_journal_report(): the file, the reason, the lines counted so far. */
static int failed(wb_journal *j, const char *path)
{
    j->write_errors++;
    j->failed_errno = errno;
    j->lines_at_failure = j->lines;
    snprintf(j->failed_path, sizeof j->failed_path, "%s", path);
    return WB_ERR_IO;
}

/*
 * A write into the buffer failed: the buffer filled and writing it out failed (a full disk),
 * and the C library dropped it. Its lines are lost, and so is the line being appended.
 */
static int write_failed(wb_journal *j)
{
    j->lines_lost += j->unflushed + 1;
    j->unflushed = 0;
    return failed(j, j->path);
}

static int open_path(wb_journal *j, const char *path, char *err, size_t errlen)
{
    if (repair_tail(j, path) < 0) {
        snprintf(err, errlen, "%.200s: %s", path, why(errno));
        return WB_ERR_IO;
    }
    FILE *f = open_append(path);
    if (!f) {
        snprintf(err, errlen, "%.200s: %s", path, why(errno));
        return WB_ERR_IO;
    }
    /*
     * One second of lines fits in the buffer at most rates; the owner flushes each second.
     * glibc ignores the size when it allocates the buffer itself, so it is given one. A full
     * buffer is written out wherever it ends, so a kill can still leave a torn last line:
     * the reader skips it and the next open cuts it off.
     */
    char *vbuf = malloc(WB_JOURNAL_BUF);
    if (vbuf)
        setvbuf(f, vbuf, _IOFBF, WB_JOURNAL_BUF);
    if (j->f)
        fclose(j->f);
    free(j->vbuf);
    j->f = f;
    j->vbuf = vbuf;
    snprintf(j->path, sizeof j->path, "%s", path);
    return 0;
}

int wb_journal_open_dir(wb_journal *j, const char *dir, const char *tz, char *err, size_t errlen)
{
    memset(j, 0, sizeof *j);
    if (strlen(dir) + 20 >= sizeof j->dir) {
        snprintf(err, errlen, "%.200s: path too long", dir);
        return WB_ERR_IO;
    }
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        snprintf(err, errlen, "%.200s: %s", dir, strerror(errno));
        return WB_ERR_IO;
    }
    struct stat st;
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%.200s: not a directory", dir);
        return WB_ERR_IO;
    }
    snprintf(j->dir, sizeof j->dir, "%s", dir);
    snprintf(j->tz, sizeof j->tz, "%s", tz ? tz : "");
    return 0;
}

int wb_journal_open_file(wb_journal *j, const char *path, char *err, size_t errlen)
{
    memset(j, 0, sizeof *j);
    return open_path(j, path, err, errlen);
}

/*
 * Whether the day file whose open failed may be tried again at now: WB_JOURNAL_RETRY_MS after
 * the last try, or at once when the clock went back past that try (a wall clock set back by an
 * hour must not hold the file back for an hour).
 */
static bool retry_due(const wb_journal *j, wb_ms now)
{
    return now >= j->retry_at || now < j->retry_at - WB_JOURNAL_RETRY_MS;
}

int wb_journal_append(wb_journal *j, wb_ms now, wb_ms rx, const char *msg, size_t len)
{
    if (j->dir[0]) {
        char day[16];
        day_name(j->tz, rx, day, sizeof day);
        if (!j->f || strcmp(day, j->day) != 0) {
            /* The same day's file failed a moment ago: not again before its time. Another
             * day's is another file, tried at once. */
            if (j->open_failed && strcmp(day, j->failed_day) == 0 && !retry_due(j, now)) {
                j->lines_lost++;
                return WB_ERR_IO;
            }
            char path[PATH_MAX + 32], err[256];
            snprintf(path, sizeof path, "%s/%s.jsonl", j->dir, day);
            if (j->f)
                wb_journal_flush(j);
            if (open_path(j, path, err, sizeof err) < 0) {
                j->open_failed = true;
                snprintf(j->failed_day, sizeof j->failed_day, "%s", day);
                j->retry_at = now + WB_JOURNAL_RETRY_MS;
                j->lines_lost++;
                return failed(j, path);
            }
            j->open_failed = false;
            snprintf(j->day, sizeof j->day, "%s", day);
        }
    }
    if (!j->f)
        return WB_ERR_IO;
    /* A trailing NUL some publishers send is not part of the text. */
    if (len > 0 && msg[len - 1] == '\0')
        len--;
    char head[40];
    int hn = snprintf(head, sizeof head, "{\"rx\":%lld,\"msg\":", (long long)rx);
    if (fwrite_unlocked(head, 1, (size_t)hn, j->f) != (size_t)hn)
        return write_failed(j);
    /* Raw newlines can only be whitespace between JSON tokens (inside strings they are
     * escaped), so turning them into spaces keeps the message the same. */
    size_t from = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && msg[i] != '\n' && msg[i] != '\r')
            continue;
        fwrite_unlocked(msg + from, 1, i - from, j->f);
        if (i < len)
            putc_unlocked(' ', j->f);
        from = i + 1;
    }
    if (fwrite_unlocked("}\n", 1, 2, j->f) != 2)
        return write_failed(j);
    j->lines++;
    j->unflushed++;
    j->bytes += len + 30;
    return 0;
}

int wb_journal_flush(wb_journal *j)
{
    if (!j->f)
        return 0;
    if (fflush(j->f) != 0 || fdatasync(fileno(j->f)) != 0) {
        /* The buffer the C library could not write is dropped: its lines are lost. */
        j->lines_lost += j->unflushed;
        j->unflushed = 0;
        return failed(j, j->path);
    }
    j->unflushed = 0;
    return 0;
}

void wb_journal_report(wb_journal *j, const char *prog, const char *what)
{
    if (j->write_errors > j->errors_reported) {
        if (!j->failing)
            fprintf(stderr,
                    "%s: %s: cannot write %s: %s; going on without it (said once, and again "
                    "when it writes)\n",
                    prog, what, j->failed_path, why(j->failed_errno));
        j->failing = true;
        j->errors_reported = j->write_errors;
        return;
    }
    /* Lines appended since the failure and flushed without one: the file takes lines again. */
    if (j->failing && j->lines > j->lines_at_failure) {
        uint64_t lost = j->lines_lost - j->lost_at_report;
        if (lost > 0)
            fprintf(stderr, "%s: %s: writing %s again (%llu lines not written meanwhile)\n", prog,
                    what, j->path, (unsigned long long)lost);
        else
            fprintf(stderr, "%s: %s: writing %s again\n", prog, what, j->path);
        j->failing = false;
        j->lost_at_report = j->lines_lost;
    }
}

void wb_journal_close(wb_journal *j)
{
    if (j->f) {
        wb_journal_flush(j);
        fclose(j->f);
    }
    j->f = NULL;
    free(j->vbuf);
    j->vbuf = NULL;
}

int wb_journal_prune(const wb_journal *j, wb_ms now, int keep_days)
{
    if (!j->dir[0] || keep_days < 1)
        return 0;
    char cutoff[16];
    day_name(j->tz, now - (wb_ms)keep_days * 86400000, cutoff, sizeof cutoff);
    DIR *d = opendir(j->dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int y, mo, da;
        char tail[8];
        /* Only names this code writes: YYYY-MM-DD.jsonl, nothing else in the directory. */
        if (strlen(e->d_name) != 16 ||
            sscanf(e->d_name, "%4d-%2d-%2d.%5s", &y, &mo, &da, tail) != 4 ||
            strcmp(tail, "jsonl") != 0)
            continue;
        if (strncmp(e->d_name, cutoff, 10) < 0) {
            char path[PATH_MAX + 300];
            snprintf(path, sizeof path, "%s/%s", j->dir, e->d_name);
            if (unlink(path) == 0)
                n++;
        }
    }
    closedir(d);
    return n;
}

/* JSON's white space; a line has no newline left in it, so these are space, tab and CR. */
static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* Deeper than any message the protocol decoder accepts. */
#define MAX_DEPTH 1024

/*
 * The end (one past its '}') of the JSON object that starts at p, or NULL with the reason in
 * *why. Only strings and the pairing of brackets are followed: what is inside is the protocol
 * decoder's to judge, as for a message that arrives over the network.
 */
static const char *object_end(const char *p, const char *e, const char **why)
{
    unsigned char is_object[MAX_DEPTH / 8]; /* one bit a level: '{' or '[' */
    size_t depth = 0;
    for (; p < e; p++) {
        if (*p == '"') {
            /* To the closing quote. */
            const char *q = wb_json_string_end(p, e);
            if (!q)
                break;
            p = q;
        } else if (*p == '{' || *p == '[') {
            if (depth == MAX_DEPTH) {
                *why = "\"msg\": nested deeper than 1024 levels";
                return NULL;
            }
            if (*p == '{')
                is_object[depth / 8] |= (unsigned char)(1u << depth % 8);
            else
                is_object[depth / 8] &= (unsigned char)~(1u << depth % 8);
            depth++;
        } else if (*p == '}' || *p == ']') {
            /* The first byte is the '{': depth is at least 1 here. */
            depth--;
            if (((is_object[depth / 8] >> depth % 8) & 1) != (*p == '}')) {
                *why = "\"msg\": a bracket closed by the wrong kind";
                return NULL;
            }
            if (depth == 0)
                return p + 1;
        }
    }
    *why = "\"msg\": the object is not closed on its line";
    return NULL;
}

/*
 * A journal line is one JSON object with the members "rx" and "msg". The writer puts them in
 * that order without spaces, but a line is read as JSON: white space between tokens and the
 * members in either order are accepted, so a file written or edited by another tool reads the
 * same. The message is handed on as written, white space and all.
 */
int wb_journal_parse(const char *line, size_t len, wb_ms *rx, const char **msg, size_t *msg_len,
                     const char **why)
{
    const char *p = line, *e = line + len, *m = NULL, *m_end = NULL, *unused;
    long long v = 0;
    bool have_rx = false;
    if (!why)
        why = &unused;
    p = skip_ws(p, e);
    if (p == e || *p != '{') {
        *why = "not a JSON object: expected {\"rx\":MS,\"msg\":{...}}";
        return WB_ERR_VALUE;
    }
    p = skip_ws(p + 1, e);
    for (;;) {
        const char *name = p + 1;
        if (p == e || *p != '"') {
            *why = "expected a member name in double quotes";
            return WB_ERR_VALUE;
        }
        for (p++; p < e && *p != '"' && *p != '\\'; p++)
            ;
        bool is_rx = p - name == 2 && memcmp(name, "rx", 2) == 0;
        bool is_msg = p - name == 3 && memcmp(name, "msg", 3) == 0;
        if (p == e || *p != '"' || (!is_rx && !is_msg)) {
            *why = "unknown member: a journal line holds only \"rx\" and \"msg\"";
            return WB_ERR_VALUE;
        }
        if ((is_rx && have_rx) || (is_msg && m)) {
            *why = is_rx ? "\"rx\" given twice" : "\"msg\" given twice";
            return WB_ERR_VALUE;
        }
        p = skip_ws(p + 1, e);
        if (p == e || *p != ':') {
            *why = "expected ':' after a member name";
            return WB_ERR_VALUE;
        }
        p = skip_ws(p + 1, e);
        if (is_rx) {
            int digits = 0;
            for (v = 0; p < e && *p >= '0' && *p <= '9' && digits < 16; digits++)
                v = v * 10 + (*p++ - '0');
            if (digits == 0 ||
                (p < e && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E'))) {
                *why = "\"rx\": expected the receive time in whole milliseconds since the epoch";
                return WB_ERR_VALUE;
            }
            have_rx = true;
        } else {
            m = p;
            if (p == e || *p != '{') {
                *why = "\"msg\": expected a JSON object";
                return WB_ERR_VALUE;
            }
            if (!(m_end = object_end(p, e, why)))
                return WB_ERR_VALUE;
            p = m_end;
        }
        p = skip_ws(p, e);
        if (p < e && *p == ',') {
            p = skip_ws(p + 1, e);
            continue;
        }
        if (p == e || *p != '}') {
            *why = "expected ',' or '}' after a member";
            return WB_ERR_VALUE;
        }
        break;
    }
    if (skip_ws(p + 1, e) != e) {
        *why = "text after the line's closing '}'";
        return WB_ERR_VALUE;
    }
    if (!have_rx || !m) {
        *why = have_rx ? "\"msg\" missing" : "\"rx\" missing";
        return WB_ERR_VALUE;
    }
    *rx = v;
    *msg = m;
    *msg_len = (size_t)(m_end - m);
    return 0;
}

int wb_journal_read(const char *path, wb_journal_line_cb cb, wb_journal_bad_cb bad, void *ud,
                    wb_journal_read_stats *st)
{
    memset(st, 0, sizeof *st);
    /*
     * Only a regular file is read back. A device would be read for ever (/dev/zero, or a day
     * file linked to /dev/full, gives bytes without a newline until memory runs out) and a FIFO
     * would block the open until a writer came: opened without blocking, such a file is left
     * unread and said to be (not_regular), and the program goes on without it.
     */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT ? 0 : WB_ERR_IO;
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return WB_ERR_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        st->not_regular = true;
        close(fd);
        return 0;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return WB_ERR_IO;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    uint64_t line_no = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        line_no++;
        if (line[n - 1] != '\n') {
            st->torn++;
            if (bad)
                bad(ud, line_no, "the last line has no newline (cut short while written)");
            break;
        }
        wb_ms rx;
        const char *msg, *why = NULL;
        size_t ml;
        if (wb_journal_parse(line, (size_t)n - 1, &rx, &msg, &ml, &why) < 0) {
            st->bad++;
            if (bad)
                bad(ud, line_no, why);
            continue;
        }
        st->lines++;
        cb(ud, rx, msg, ml);
    }
    int rc = ferror(f) ? WB_ERR_IO : 0;
    free(line);
    fclose(f);
    return rc;
}

/* What wb_journal_read_named() hands wb_journal_read() as its ud: the caller's and its own. */
typedef struct named_read {
    const char *prog, *path;
    wb_journal_line_cb cb;
    void *ud;
    uint64_t named;
} named_read;

static void named_line(void *ud, wb_ms rx, const char *msg, size_t len)
{
    named_read *n = ud;
    n->cb(n->ud, rx, msg, len);
}

/* A line skipped is named with its reason, so that a file written by another tool can be
 * fixed; past the first few only the count is kept, said once at the end. */
static void named_skip(void *ud, uint64_t line_no, const char *why)
{
    named_read *n = ud;
    if (n->named >= WB_JOURNAL_SKIPS_NAMED)
        return;
    n->named++;
    fprintf(stderr, "%s: %s:%llu: line skipped: %s\n", n->prog, n->path,
            (unsigned long long)line_no, why);
}

int wb_journal_read_named(const char *prog, const char *path, wb_journal_line_cb cb, void *ud,
                          wb_journal_read_stats *st)
{
    named_read n = {prog, path, cb, ud, 0};
    int rc = wb_journal_read(path, named_line, named_skip, &n, st);
    /* The caller reports a failed read by errno: the count's line must not change it. */
    int saved = errno;
    if (st->not_regular)
        fprintf(stderr, "%s: %s: not a regular file (a device, a pipe or a directory): not read\n",
                prog, path);
    uint64_t skipped = st->bad + st->torn;
    if (skipped > n.named)
        fprintf(stderr, "%s: %s: %llu more lines skipped, not named\n", prog, path,
                (unsigned long long)(skipped - n.named));
    errno = saved;
    return rc;
}
