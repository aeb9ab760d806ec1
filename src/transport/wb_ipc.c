/*
 * wb_ipc.c - refusing a URL that cannot reach another process, and binding an ipc:// path that
 * is not ours to replace.
 */
#include "wb_ipc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "wb_types.h"

/* Whether a process accepts connections on the Unix socket at path. */
static bool ipc_listening(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path)
        return false;
    memcpy(sa.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool up = connect(fd, (const struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return up;
}

int wb_ipc_bind_check(const char *url, char *err, size_t errlen)
{
    struct stat st;
    if (!url || strncmp(url, "ipc://", 6) != 0 || lstat(url + 6, &st) != 0)
        return 0;
    if (!S_ISSOCK(st.st_mode)) {
        snprintf(err, errlen, "bind %s: %s exists and is not a socket; refusing to replace it", url,
                 url + 6);
        return WB_ERR_INVAL;
    }
    if (ipc_listening(url + 6)) {
        snprintf(err, errlen, "bind %s: another process listens there", url);
        return WB_ERR_IO;
    }
    return 0;
}

int wb_url_check(const char *url, bool bind, char *err, size_t errlen)
{
    const char *what = bind ? "bind" : "connect";
    if (url && (strncmp(url, "tcp://", 6) == 0 || strncmp(url, "ipc://", 6) == 0 ||
                strncmp(url, "ws://", 5) == 0))
        return 0;
    if (url && strncmp(url, "inproc://", 9) == 0)
        snprintf(err, errlen,
                 "%s %s: an inproc:// address reaches only sockets inside this same process, never "
                 "another program; use tcp://HOST:PORT, ipc://PATH or ws://HOST:PORT",
                 what, url);
    else
        snprintf(err, errlen, "%s %s: expected a URL starting with " WB_URL_SCHEMES, what,
                 url ? url : "(null)");
    return WB_ERR_INVAL;
}
