/*
 * statsfile.h - the output file of --stats-json: whole lines only, retried after a failure,
 * and never another running process's file.
 *
 * A wb_statsfile is an embedded struct (init by wb_statsfile_open, fini by
 * wb_statsfile_close). It owns its file descriptor (not stdout's) and an advisory lock on the
 * file that it holds until closed, so that a second wallboard pointed at the same path refuses
 * to start instead of truncating the first one's output.
 */
#ifndef WB_STATSFILE_H
#define WB_STATSFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct wb_statsfile {
    int fd;         /* -1 when closed */
    bool regular;   /* a regular file: a failed write is cut back to the last whole line */
    bool failing;   /* the last write failed */
    off_t good;     /* end of the last whole line (regular files) */
    uint64_t lost;  /* lines not written, in all */
    uint64_t since; /* lines not written since the last success */
    char path[256]; /* for messages */
} wb_statsfile;

/*
 * Opens path ("-" is standard output) for writing, refusing (WB_ERR_IO, with a one-line
 * message in err) a file that another process holds open through its own wb_statsfile. Only
 * then is the file emptied. Returns 0, WB_ERR_INVAL for a path that cannot be opened, or
 * WB_ERR_IO.
 */
int wb_statsfile_open(wb_statsfile *f, const char *path, char *err, size_t errlen);

/*
 * Writes line and a newline. On failure (a full disk) nothing of the line stays in a regular
 * file, the first failure is reported on stderr, and the next call tries again; the recovery
 * is reported too. Returns 0 or WB_ERR_IO.
 */
int wb_statsfile_write(wb_statsfile *f, const char *line);

/* Closes the file; returns WB_ERR_IO if the last write had failed (after saying so). */
int wb_statsfile_close(wb_statsfile *f);

#endif
