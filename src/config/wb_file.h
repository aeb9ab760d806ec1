/*
 * wb_file.h - reading a whole text file that someone else controls (the configuration).
 *
 * The caller owns the returned string and frees it with free().
 */
#ifndef WB_FILE_H
#define WB_FILE_H

#include <stddef.h>

/*
 * Reads path into a NUL-terminated heap string. Opened without blocking (a FIFO would
 * otherwise wait for a writer for ever), and refused unless it is a regular file of at most
 * max_bytes (a device such as /dev/zero never ends) without NUL bytes. On failure returns NULL
 * with "PATH: cannot open|read: why" in err.
 */
char *wb_read_text_file(const char *path, size_t max_bytes, char *err, size_t errlen);

#endif
