/*
 * follow.c - following a growing log file (see follow.h).
 */
#include "follow.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "wallboard-asterisk"
#define READ_CHUNK 65536

int wb_follow_init(wb_follow *f, const char *path, wb_follow_line_fn on_line, void *ud)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    f->path = path;
    f->on_line = on_line;
    f->ud = ud;
    /* Zeroed: an over-long line is handed out as the buffer's first bytes plus one, and must
     * not read bytes never written. */
    f->line = calloc(1, WB_FOLLOW_MAX_LINE + 2);
    return f->line ? WB_OK : WB_ERR_NOMEM;
}

void wb_follow_fini(wb_follow *f)
{
    if (f->fd >= 0)
        close(f->fd);
    free(f->line);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}

static void emit(wb_follow *f)
{
    f->on_line(f->ud, f->line, f->too_long ? WB_FOLLOW_MAX_LINE + 1 : f->line_len);
    f->line_len = 0;
    f->too_long = false;
}

/* Splits what was read into lines; a line without its newline waits for the rest. */
static void take_bytes(wb_follow *f, const char *p, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) : n;
        if (!f->too_long) {
            if (f->line_len + k > WB_FOLLOW_MAX_LINE) {
                f->too_long = true;
            } else {
                memcpy(f->line + f->line_len, p, k);
                f->line_len += k;
            }
        }
        if (!nl)
            return;
        emit(f);
        p += k + 1;
        n -= k + 1;
    }
}

/* A last line that never got its newline (the writer died, the file was rotated). */
static void flush_partial(wb_follow *f)
{
    if (f->line_len > 0 || f->too_long)
        emit(f);
}

/* Reads the bytes [off - n, off) into buf; true when all n were read. */
static bool read_before(const wb_follow *f, char *buf, size_t n)
{
    return pread(f->fd, buf, n, f->off - (off_t)n) == (ssize_t)n;
}

static void drain(wb_follow *f)
{
    char chunk[READ_CHUNK];
    off_t start = f->off;
    for (;;) {
        ssize_t n = read(f->fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        f->off += n;
        take_bytes(f, chunk, (size_t)n);
    }
    if (f->off != start) {
        size_t n = f->off < (off_t)sizeof f->tail ? (size_t)f->off : sizeof f->tail;
        f->tail_len = read_before(f, f->tail, n) ? n : 0;
    }
}

static bool truncated(const wb_follow *f)
{
    struct stat st;
    if (fstat(f->fd, &st) != 0)
        return false;
    if (st.st_size < f->off)
        return true;
    char now[sizeof f->tail];
    return f->tail_len > 0 && read_before(f, now, f->tail_len) &&
           memcmp(now, f->tail, f->tail_len) != 0;
}

static bool open_path(wb_follow *f, const char *path)
{
    /* Not blocking: a FIFO put where the log was would hold the adapter in open() for ever. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    /* Only a regular file is a log: a directory or a device there is not followed (as missing). */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    f->fd = fd;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->off = 0;
    f->tail_len = 0;
    f->line_len = 0;
    f->too_long = false;
    return true;
}

bool wb_follow_poll(wb_follow *f)
{
    if (f->fd < 0 && !open_path(f, f->path))
        return false;
    if (truncated(f)) {
        /* copytruncate: the lines were copied elsewhere; what is here now is new. */
        f->truncations++;
        fprintf(stderr, PROG ": %s was truncated; reading it again from its start\n", f->path);
        f->line_len = 0;
        f->too_long = false;
        f->tail_len = 0;
        lseek(f->fd, 0, SEEK_SET);
        f->off = 0;
    }
    drain(f);
    struct stat st;
    if (stat(f->path, &st) != 0)
        return true; /* renamed and not yet recreated: keep reading the old one */
    if (st.st_dev != f->dev || st.st_ino != f->ino) {
        /* Rotation by rename: the old file is finished (drained above); read the new one. */
        flush_partial(f);
        close(f->fd);
        f->fd = -1;
        f->rotations++;
        fprintf(stderr, PROG ": %s was rotated; reading the new file from its start\n", f->path);
        if (open_path(f, f->path))
            drain(f);
    }
    return true;
}

/* The newest rotated files read at start: PATH.1 to PATH.ROTATED_MAX, logrotate's numbering. */
#define ROTATED_MAX 9

void wb_follow_read_rotated(wb_follow *f, wb_ms day_from)
{
    for (int n = ROTATED_MAX; n >= 1; n--) {
        char rot[4096];
        struct stat st;
        snprintf(rot, sizeof rot, "%s.%d", f->path, n);
        if (stat(rot, &st) != 0 || (wb_ms)st.st_mtime * 1000 < day_from)
            continue;
        if (open_path(f, rot)) {
            drain(f);
            flush_partial(f);
            close(f->fd);
            f->fd = -1;
            fprintf(stderr, PROG ": read %s (rotated today)\n", rot);
        }
    }
}

/*
 * What a suffix after "PATH." is: 1 to ROTATED_MAX for the files wb_follow_read_rotated()
 * reads, 0 for any other rotated file's (DIGITS or DIGITS.gz: PATH.0, PATH.12,
 * Asterisk's time-stamped names, compressed files), -1 for a name that is not a rotated
 * file's (PATH.bak, an editor's PATH.swp).
 */
static int rotated_suffix(const char *s)
{
    size_t d = strspn(s, "0123456789");
    if (d == 0 || (s[d] != '\0' && strcmp(s + d, ".gz") != 0))
        return -1;
    if (s[d] != '\0' || d > 2 || s[0] == '0')
        return 0;
    int n = atoi(s);
    return n <= ROTATED_MAX ? n : 0;
}

wb_ms wb_follow_rotated_before(const wb_follow *f, wb_ms day_from)
{
    struct stat st;
    if (stat(f->path, &st) != 0)
        return -1;
    /* The directory and the name: "queue_log" is "./queue_log". */
    char dir[4096];
    const char *slash = strrchr(f->path, '/');
    const char *base = slash ? slash + 1 : f->path;
    size_t dl = slash ? (size_t)(slash - f->path) : 1;
    if (dl >= sizeof dir)
        return -1;
    memcpy(dir, slash ? f->path : ".", dl);
    dir[dl] = '\0';
    if (dl == 0) /* "/queue_log" */
        snprintf(dir, sizeof dir, "/");
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t bl = strlen(base);
    wb_ms before = -1;
    bool unread = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, bl) != 0 || e->d_name[bl] != '.')
            continue;
        int n = rotated_suffix(e->d_name + bl + 1);
        char p[8192];
        if (n < 0 || snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p ||
            stat(p, &st) != 0)
            continue;
        wb_ms t = (wb_ms)st.st_mtime * 1000;
        if (t < day_from && t > before)
            before = t;
        else if (t >= day_from && n == 0)
            unread = true;
    }
    closedir(d);
    return unread ? -1 : before;
}
