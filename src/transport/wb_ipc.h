/*
 * wb_ipc.h - the checks made before a URL reaches nanomsg, shared by SUB, PUB and REP sockets:
 * its transport, and for binding an ipc:// URL, what is at the path.
 *
 * Every program here talks to other processes, so only transports that reach one are taken:
 * tcp://, ipc:// and ws://, by every socket alike, so that whatever URL one program binds the
 * others can connect to (a screen to a publisher's ws://, say). nanomsg accepts an
 * inproc:// URL without complaint, but it joins only sockets inside the same process and nothing
 * in these programs ever opens the other end: the socket would wait in silence forever, so
 * wb_url_check() refuses it with that reason.
 *
 * nanomsg unlinks whatever is at an ipc:// path before it binds. wb_ipc_bind_check() refuses
 * anything there that is not a socket, and a socket that another process still listens on (a
 * second instance); a socket left behind by a process that is gone may be replaced.
 */
#ifndef WB_IPC_H
#define WB_IPC_H

#include <stdbool.h>
#include <stddef.h>

/* The schemes taken, as the messages list them. */
#define WB_URL_SCHEMES "tcp://, ipc:// or ws://"

/*
 * 0 when url names a transport that reaches another process: tcp://, ipc:// or ws://.
 * WB_ERR_INVAL otherwise, with "bind URL: why" or "connect URL: why" in err.
 */
int wb_url_check(const char *url, bool bind, char *err, size_t errlen);

/*
 * 0 when url may be bound (not ipc://, nothing there, or a dead socket); WB_ERR_INVAL for a
 * path that is not a socket, WB_ERR_IO for a socket in use, with "bind URL: why" in err.
 */
int wb_ipc_bind_check(const char *url, char *err, size_t errlen);

#endif
