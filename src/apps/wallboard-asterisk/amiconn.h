/*
 * amiconn.h - the adapter's connection to the Asterisk Manager Interface: resolve, connect,
 * log in, ask for a QueueStatus every minute, and start again after a backoff when anything
 * fails.
 *
 * wb_amiconn is an embedded struct with init/fini. wb_amiconn_init() copies the host, port,
 * user and secret into it and sets up the message reader (no handles yet); wb_amiconn_start()
 * creates its libuv timers on a loop and schedules the first attempt; wb_amiconn_close() closes
 * every handle it holds (the loop must then run until they are closed); wb_amiconn_fini() frees
 * the reader. The struct must not move once started: its handles point to it.
 *
 * The connection hands every message that arrives after a successful Login to on_message; a
 * message is valid during the call only. Nothing is handed on while logged out, and on_message
 * never fires if wb_amiconn_start() failed.
 */
#ifndef WB_AMICONN_H
#define WB_AMICONN_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "wb_ami.h"
#include "wb_types.h"

typedef void (*wb_amiconn_msg_fn)(void *ud, const wb_ami_msg *m);

typedef struct wb_amiconn {
    char host[256], port[16];
    char user[128], secret[256];
    uv_loop_t *loop;
    uv_tcp_t tcp;
    uv_connect_t connect_req;
    uv_getaddrinfo_t gai;
    uv_timer_t retry, resync;
    bool started; /* the timers exist */
    bool active;  /* tcp initialised and not yet closed */
    bool logged_in;
    bool closing; /* wb_amiconn_close() was called: no new attempt */
    wb_ms backoff;
    wb_ami_reader rd;
    wb_amiconn_msg_fn on_message;
    void *ud;
    uint64_t connects, messages, failures;
} wb_amiconn;

/*
 * hostport is HOST:PORT or [V6]:PORT; secret_path a file whose first line is the secret.
 * Returns WB_OK, or WB_ERR_INVAL after saying on stderr which option is at fault and why (a
 * usage error); the struct then needs no wb_amiconn_fini().
 */
int wb_amiconn_init(wb_amiconn *c, const char *hostport, const char *user, const char *secret_path);
void wb_amiconn_fini(wb_amiconn *c);

/* The first attempt at once. WB_OK, or WB_ERR_IO when libuv refused a timer. */
int wb_amiconn_start(wb_amiconn *c, uv_loop_t *loop, wb_amiconn_msg_fn on_message, void *ud);
void wb_amiconn_close(wb_amiconn *c);

#endif
