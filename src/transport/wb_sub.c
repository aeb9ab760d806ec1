/*
 * wb_sub.c - a list of SUB endpoints, each an nn socket plus the uv_poll that watches its
 * NN_RCVFD, and one health-check timer.
 *
 * Endpoints are allocated one by one (a uv_poll_t must not move while libuv holds it) and
 * kept in a singly linked list owned by the wb_sub. Closing is asynchronous: a uv_close()d
 * poll's callback closes the nn socket, then either frees the endpoint (the subscriber is
 * being freed) or opens a fresh socket in its place (the old one was stuck). The wb_sub
 * itself is freed by the last pending close callback, so every structure stays valid until
 * then, which is what makes wb_sub_free() safe inside the message callback.
 */
#include "wb_sub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_ipc.h"
#include "wb_types.h"

typedef struct wb_sub_ep {
    struct wb_sub_ep *next;
    wb_sub *owner;
    int sock; /* -1 while closed */
    bool bind;
    bool open;            /* the poll handle is initialised and not closing */
    bool closing;         /* uv_close() was called; ep_closed() is still to come */
    bool reopen;          /* ep_closed() must open a fresh socket */
    uint64_t messages;    /* received since the last health check */
    uint64_t broken_seen; /* the socket's broken connections when it last received */
    uint64_t broken_gone; /* broken connections of sockets this endpoint replaced */
    uv_poll_t poll;
    char url[];
} wb_sub_ep;

struct wb_sub {
    uv_loop_t *loop;
    wb_sub_message_cb on_message;
    void *ud;
    wb_sub_ep *eps;
    size_t n_eps;
    uv_timer_t check;
    bool check_started;
    size_t pending; /* close callbacks still to come */
    bool closing;
    uint64_t messages, bytes, recv_errors, resets;
    char err[320];
};

static void on_check(uv_timer_t *t);

wb_sub *wb_sub_new(uv_loop_t *loop, wb_sub_message_cb on_message, void *ud)
{
    if (!loop || !on_message)
        return NULL;
    wb_sub *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->loop = loop;
    s->on_message = on_message;
    s->ud = ud;
    uv_timer_init(loop, &s->check);
    s->check.data = s;
    /* The check alone must not keep the loop alive; the sockets' polls do that. */
    uv_unref((uv_handle_t *)&s->check);
    return s;
}

const char *wb_sub_strerror(const wb_sub *s)
{
    return s ? s->err : "";
}

/*
 * Drains one socket. nanomsg signals NN_RCVFD while at least one message is queued, so the
 * level-triggered poll calls this again if we stop early at WB_SUB_DRAIN_MAX.
 */
static void ep_close(wb_sub_ep *ep, bool reopen);

static void on_readable(uv_poll_t *h, int status, int events)
{
    wb_sub_ep *ep = h->data;
    wb_sub *s = ep->owner;
    for (int i = 0; i < WB_SUB_DRAIN_MAX && !s->closing && ep->open; i++) {
        void *msg = NULL;
        int n = nn_recv(ep->sock, &msg, NN_MSG, NN_DONTWAIT);
        if (n < 0) {
            int e = nn_errno();
            if (e == EINTR)
                continue;
            if (e != EAGAIN) {
                /*
                 * ETERM or EBADF: the socket is gone. Replace it with a fresh one (as a stuck
                 * socket is) rather than spin on it or leave the endpoint dead for good.
                 */
                s->recv_errors++;
                ep_close(ep, true);
            }
            return;
        }
        s->messages++;
        s->bytes += (uint64_t)n;
        ep->messages++;
        s->on_message(s->ud, msg, (size_t)n);
        nn_freemsg(msg);
    }
}

static void maybe_free(wb_sub *s)
{
    if (s->closing && s->pending == 0)
        free(s);
}

/* Opens ep's socket and starts watching it. On failure ep stays closed; err says why. */
static int ep_open(wb_sub_ep *ep, char *err, size_t errlen)
{
    wb_sub *s = ep->owner;
    const char *what = ep->bind ? "bind" : "connect";
    int e = 0;
    ep->sock = nn_socket(AF_SP, NN_SUB);
    if (ep->sock < 0) {
        e = nn_errno();
        goto fail;
    }
    int maxsize = WB_SUB_RCVMAXSIZE, ivl = WB_SUB_RECONNECT_IVL_MS,
        ivl_max = WB_SUB_RECONNECT_IVL_MAX_MS;
    int fd = -1;
    size_t fdsz = sizeof fd;
    if (nn_setsockopt(ep->sock, NN_SUB, NN_SUB_SUBSCRIBE, "", 0) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsize, sizeof maxsize) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RECONNECT_IVL, &ivl, sizeof ivl) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RECONNECT_IVL_MAX, &ivl_max, sizeof ivl_max) <
            0 ||
        nn_getsockopt(ep->sock, NN_SOL_SOCKET, NN_RCVFD, &fd, &fdsz) < 0 ||
        (ep->bind ? nn_bind(ep->sock, ep->url) : nn_connect(ep->sock, ep->url)) < 0) {
        e = nn_errno();
        goto fail;
    }
    if (uv_poll_init(s->loop, &ep->poll, fd) != 0) {
        snprintf(err, errlen, "%s %s: cannot watch the socket's descriptor", what, ep->url);
        nn_close(ep->sock);
        ep->sock = -1;
        return WB_ERR_IO;
    }
    ep->poll.data = ep;
    ep->open = true;
    ep->messages = 0;
    ep->broken_seen = 0;
    uv_poll_start(&ep->poll, UV_READABLE, on_readable);
    return 0;

fail:
    if (ep->sock >= 0)
        nn_close(ep->sock);
    ep->sock = -1;
    snprintf(err, errlen, "%s %s: %s", what, ep->url, nn_strerror(e));
    return (e == EINVAL || e == EPROTONOSUPPORT || e == ENAMETOOLONG || e == ENODEV) ? WB_ERR_INVAL
                                                                                     : WB_ERR_IO;
}

static void ep_closed(uv_handle_t *h)
{
    wb_sub_ep *ep = h->data;
    wb_sub *s = ep->owner;
    nn_close(ep->sock);
    ep->sock = -1;
    ep->closing = false;
    s->pending--;
    if (s->closing) {
        free(ep);
        maybe_free(s);
        return;
    }
    if (ep->reopen) {
        /* A bound address is free only now that the old socket is closed. */
        ep->reopen = false;
        /* On failure the health check retries every WB_SUB_CHECK_MS. */
        char err[sizeof s->err];
        ep_open(ep, err, sizeof err);
    }
}

static void ep_close(wb_sub_ep *ep, bool reopen)
{
    if (!ep->open)
        return;
    uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
    if (b != (uint64_t)-1)
        ep->broken_gone += b;
    ep->open = false;
    ep->closing = true;
    ep->reopen = reopen;
    ep->owner->pending++;
    uv_close((uv_handle_t *)&ep->poll, ep_closed);
}

/*
 * Once a second: an endpoint whose connections broke WB_SUB_STUCK_BREAKS times since it last
 * received a message is stuck (see WB_SUB_RCVMAXSIZE) and gets a fresh socket. A publisher
 * that is merely down does not count: that is a connect error, not a broken connection, and a
 * live publisher sends heartbeats. An endpoint whose reopening failed is retried.
 */
static void on_check(uv_timer_t *t)
{
    wb_sub *s = t->data;
    for (wb_sub_ep *ep = s->eps; ep; ep = ep->next) {
        if (!ep->open && !ep->closing) {
            char err[sizeof s->err];
            ep_open(ep, err, sizeof err);
            continue;
        }
        if (!ep->open)
            continue;
        uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
        if (b == (uint64_t)-1)
            continue;
        if (ep->messages > 0) {
            ep->broken_seen = b;
            ep->messages = 0;
        } else if (b - ep->broken_seen >= WB_SUB_STUCK_BREAKS) {
            s->resets++;
            ep_close(ep, true);
        }
    }
}

static int add_endpoint(wb_sub *s, const char *url, bool bind)
{
    const char *what = bind ? "bind" : "connect";
    if (!s || s->closing)
        return WB_ERR_INVAL;
    if (!url || (strncmp(url, "tcp://", 6) != 0 && strncmp(url, "ipc://", 6) != 0 &&
                 strncmp(url, "inproc://", 9) != 0)) {
        snprintf(s->err, sizeof s->err,
                 "%s %s: expected a URL starting with tcp://, ipc:// or inproc://", what,
                 url ? url : "(null)");
        return WB_ERR_INVAL;
    }
    /* nanomsg would unlink whatever is at an ipc:// path: see wb_ipc.h. */
    if (bind) {
        int rc = wb_ipc_bind_check(url, s->err, sizeof s->err);
        if (rc < 0)
            return rc;
    }
    size_t n = strlen(url);
    wb_sub_ep *ep = calloc(1, sizeof *ep + n + 1);
    if (!ep) {
        snprintf(s->err, sizeof s->err, "%s %s: out of memory", what, url);
        return WB_ERR_NOMEM;
    }
    ep->owner = s;
    ep->bind = bind;
    ep->sock = -1;
    memcpy(ep->url, url, n + 1);
    int rc = ep_open(ep, s->err, sizeof s->err);
    if (rc < 0) {
        free(ep);
        return rc;
    }
    ep->next = s->eps;
    s->eps = ep;
    s->n_eps++;
    s->err[0] = '\0';
    if (!s->check_started) {
        uv_timer_start(&s->check, on_check, WB_SUB_CHECK_MS, WB_SUB_CHECK_MS);
        s->check_started = true;
    }
    return 0;
}

int wb_sub_connect(wb_sub *s, const char *url)
{
    return add_endpoint(s, url, false);
}

int wb_sub_bind(wb_sub *s, const char *url)
{
    return add_endpoint(s, url, true);
}

void wb_sub_stats_get(const wb_sub *s, wb_sub_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    out->endpoints = s->n_eps;
    out->messages = s->messages;
    out->bytes = s->bytes;
    out->recv_errors = s->recv_errors;
    out->resets = s->resets;
    for (const wb_sub_ep *ep = s->eps; ep; ep = ep->next) {
        out->broken_connections += ep->broken_gone;
        if (!ep->open)
            continue;
        uint64_t c = nn_get_statistic(ep->sock, NN_STAT_CURRENT_CONNECTIONS);
        uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
        if (c != (uint64_t)-1)
            out->connections += c;
        if (b != (uint64_t)-1)
            out->broken_connections += b;
    }
}

static void check_closed(uv_handle_t *h)
{
    wb_sub *s = h->data;
    s->pending--;
    maybe_free(s);
}

void wb_sub_free(wb_sub *s)
{
    if (!s || s->closing)
        return;
    s->closing = true;
    wb_sub_ep *ep = s->eps;
    s->eps = NULL;
    s->n_eps = 0;
    while (ep) {
        wb_sub_ep *next = ep->next;
        if (ep->open)
            ep_close(ep, false);
        else if (!ep->closing)
            free(ep); /* its socket is already closed; nothing of it is in libuv */
        /* else: a reopening is in flight; ep_closed() sees s->closing and frees it */
        ep = next;
    }
    s->pending++;
    uv_close((uv_handle_t *)&s->check, check_closed);
}
