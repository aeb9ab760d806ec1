/*
 * wb_file.c - whole-file reading with the checks a hostile or careless operator needs: the
 * file type, a size cap, and no blocking on a FIFO.
 */
#include "wb_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "1 MiB", "64 KiB" or "N bytes". */
static const char *size_text(size_t n, char *buf, size_t cap)
{
    if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
        snprintf(buf, cap, "%zu MiB", n / (1024 * 1024));
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, cap, "%zu KiB", n / 1024);
    else
        snprintf(buf, cap, "%zu bytes", n);
    return buf;
}

char *wb_read_text_file(const char *path, size_t max_bytes, char *err, size_t errlen)
{
    char *text = NULL;
    const char *why = NULL, *verb = "read";
    char too_big[64], size[32];
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        verb = "open";
        why = strerror(errno);
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        why = "not a regular file";
        goto fail;
    }
    if ((uintmax_t)st.st_size > max_bytes) {
        snprintf(too_big, sizeof too_big, "larger than %s",
                 size_text(max_bytes, size, sizeof size));
        why = too_big;
        goto fail;
    }
    text = malloc((size_t)st.st_size + 2);
    if (!text) {
        why = "out of memory";
        goto fail;
    }
    /* Read one byte more than the size said, to notice a file that grew meanwhile. */
    size_t got = 0, want = (size_t)st.st_size + 1;
    while (got < want) {
        ssize_t n = read(fd, text + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            why = strerror(errno);
            goto fail;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got > (size_t)st.st_size) {
        why = "changed while being read";
        goto fail;
    }
    /* Text has no NUL byte; one would silently end the file early for a C-string reader. */
    if (memchr(text, '\0', got)) {
        why = "contains a NUL byte";
        goto fail;
    }
    text[got] = '\0';
    close(fd);
    return text;
fail:
    if (err && errlen)
        snprintf(err, errlen, "%s: cannot %s: %s", path, verb, why ? why : "unknown error");
    if (fd >= 0)
        close(fd);
    free(text);
    return NULL;
}
