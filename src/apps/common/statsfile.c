/*
 * statsfile.c - the --stats-json output: positional writes cut back to the last whole line
 * after a failure, retried at the next line, and an flock() that keeps a second instance from
 * truncating the file of the first.
 */
#include "statsfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wb_types.h"

int wb_statsfile_open(wb_statsfile *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    snprintf(f->path, sizeof f->path, "%s", path);
    if (strcmp(path, "-") == 0) {
        f->fd = STDOUT_FILENO;
        return WB_OK;
    }
    /* Not O_TRUNC: the file may be another instance's, and is only emptied once it is ours. */
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
    struct stat st;
    int rc = WB_ERR_INVAL;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "--stats-json %s: %s", path, strerror(errno));
        goto fail;
    }
    rc = WB_ERR_IO;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        snprintf(err, errlen, "--stats-json %s: %s", path,
                 errno == EWOULDBLOCK ? "in use by another running wallboard (left untouched)"
                                      : strerror(errno));
        goto fail;
    }
    f->regular = S_ISREG(st.st_mode);
    if (f->regular && ftruncate(fd, 0) != 0) {
        snprintf(err, errlen, "--stats-json %s: cannot empty it: %s", path, strerror(errno));
        goto fail;
    }
    /* Back to blocking writes for a FIFO or a terminal: a reader decides the pace there. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    f->fd = fd;
    return WB_OK;
fail:
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Writes all of buf at off (or at the current position when off < 0); 0 or an errno. */
static int write_all(int fd, const char *buf, size_t len, off_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = off >= 0 ? pwrite(fd, buf + done, len - done, off + (off_t)done)
                             : write(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        done += (size_t)n;
    }
    return 0;
}

int wb_statsfile_write(wb_statsfile *f, const char *line)
{
    if (f->fd < 0)
        return WB_ERR_IO;
    size_t n = strlen(line);
    char *buf = malloc(n + 1);
    int e = ENOMEM;
    if (buf) {
        memcpy(buf, line, n);
        buf[n] = '\n';
        if (f->regular) {
            /* Someone emptied the file (log rotation by copy and truncate): follow it. */
            struct stat st;
            if (fstat(f->fd, &st) == 0 && st.st_size < f->good)
                f->good = st.st_size;
        }
        e = write_all(f->fd, buf, n + 1, f->regular ? f->good : -1);
        free(buf);
    }
    if (e == 0) {
        if (f->regular)
            f->good += (off_t)(n + 1);
        if (f->failing)
            fprintf(stderr, "wallboard: stats: writing %s again (%llu line(s) lost)\n", f->path,
                    (unsigned long long)f->since);
        f->failing = false;
        f->since = 0;
        return WB_OK;
    }
    /* Never leave a torn line: cut the file back to the end of the last whole one. */
    if (f->regular && ftruncate(f->fd, f->good) != 0)
        fprintf(stderr, "wallboard: stats: %s: cannot remove a partial line: %s\n", f->path,
                strerror(errno));
    if (!f->failing)
        fprintf(stderr, "wallboard: stats: write to %s failed (%s); retrying every line\n", f->path,
                strerror(e));
    f->failing = true;
    f->lost++;
    f->since++;
    return WB_ERR_IO;
}

int wb_statsfile_close(wb_statsfile *f)
{
    int rc = WB_OK;
    if (f->failing) {
        fprintf(stderr, "wallboard: stats: %s never recovered: the last %llu line(s) are lost\n",
                f->path, (unsigned long long)f->since);
        rc = WB_ERR_IO;
    }
    if (f->fd >= 0 && f->fd != STDOUT_FILENO)
        close(f->fd);
    f->fd = -1;
    return rc;
}
