/*
 * wb_ipc.h - the check made before binding an ipc:// URL, shared by SUB, PUB and REP sockets.
 *
 * nanomsg unlinks whatever is at an ipc:// path before it binds. wb_ipc_bind_check() refuses
 * anything there that is not a socket, and a socket that another process still listens on (a
 * second instance); a socket left behind by a process that is gone may be replaced.
 */
#ifndef WB_IPC_H
#define WB_IPC_H

#include <stddef.h>

/*
 * 0 when url may be bound (not ipc://, nothing there, or a dead socket); WB_ERR_INVAL for a
 * path that is not a socket, WB_ERR_IO for a socket in use, with "bind URL: why" in err.
 */
int wb_ipc_bind_check(const char *url, char *err, size_t errlen);

#endif
