/*
 * wb_hubrep.c - the hub's raw REP socket: requests wait for an answer built at most once per
 * WB_HUBREP_GAP_MS, each answered with its own route back.
 */
#include "wb_hubrep.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>

#include "wb_types.h"

/*
 * A request's route back: the SP header nanomsg hands over with it (the pipe it came on and
 * the requester's request id, 8 bytes for a REQ socket connected directly, 4 more per device
 * in between), as the control message it is returned in. 256 bytes hold routes through some
 * fifty devices; a longer one is not answered.
 */
#define ROUTE_MAX 256

typedef struct route {
    size_t len;
    union {
        struct nn_cmsghdr h; /* aligned as nanomsg reads it */
        unsigned char b[ROUTE_MAX];
    } u;
} route;

struct wb_hubrep {
    int sock;
    uv_poll_t poll;
    uv_timer_t timer;
    int closing; /* handles still closing; the struct is freed when it reaches 0 */
    wb_hubrep_build_cb build;
    void *ud;
    route *wait; /* requests received and not answered yet */
    size_t n_wait, cap_wait;
    uint64_t next_ms; /* monotonic ms before which no answer is built */
    wb_hubrep_stats st;
};

static uint64_t mono_ms(void)
{
    return uv_hrtime() / 1000000;
}

/* Builds one answer and sends it to every waiting request. */
static void answer_all(wb_hubrep *r, bool waited)
{
    uint64_t t0 = mono_ms();
    char *buf = NULL;
    size_t len = 0;
    int rc = r->build(r->ud, &buf, &len);
    uint64_t t1 = mono_ms(), took = t1 - t0;
    r->next_ms = t0 + WB_HUBREP_GAP_MS > t1 + took ? t0 + WB_HUBREP_GAP_MS : t1 + took;
    if (rc < 0) {
        /* Not answered: each REQ socket asks again in a second. */
        r->st.failed += r->n_wait;
        r->n_wait = 0;
        return;
    }
    r->st.built++;
    if (waited)
        r->st.waited += r->n_wait;
    for (size_t i = 0; i < r->n_wait; i++) {
        struct nn_iovec iov = {buf, len};
        struct nn_msghdr hdr = {&iov, 1, r->wait[i].u.b, r->wait[i].len};
        if (nn_sendmsg(r->sock, &hdr, NN_DONTWAIT) >= 0)
            r->st.answered++;
        else
            r->st.failed++;
    }
    r->n_wait = 0;
    free(buf);
}

static void on_timer(uv_timer_t *t)
{
    wb_hubrep *r = t->data;
    if (r->n_wait > 0)
        answer_all(r, true);
}

/* Keeps one request until the next answer: a repeat of one already waiting is kept once. */
static void keep(wb_hubrep *r, const route *rt)
{
    for (size_t i = 0; i < r->n_wait; i++)
        if (r->wait[i].len == rt->len && memcmp(r->wait[i].u.b, rt->u.b, rt->len) == 0) {
            r->st.repeated++;
            return;
        }
    if (r->n_wait == r->cap_wait) {
        size_t nc = r->cap_wait ? r->cap_wait * 2 : 16;
        route *nw = r->n_wait < WB_HUBREP_WAIT_MAX ? realloc(r->wait, nc * sizeof *nw) : NULL;
        if (!nw) {
            r->st.dropped++;
            return;
        }
        r->wait = nw;
        r->cap_wait = nc;
    }
    r->wait[r->n_wait++] = *rt;
}

static void on_readable(uv_poll_t *p, int status, int events)
{
    wb_hubrep *r = p->data;
    (void)events;
    if (status < 0)
        return;
    /* A bounded batch per turn of the loop; what remains comes at the next turn. */
    for (int k = 0; k < 256; k++) {
        route rt;
        memset(&rt.u.h, 0, sizeof rt.u.h);
        void *body = NULL;
        struct nn_iovec iov = {&body, NN_MSG};
        struct nn_msghdr hdr = {&iov, 1, rt.u.b, sizeof rt.u.b};
        if (nn_recvmsg(r->sock, &hdr, NN_DONTWAIT) < 0)
            break;
        nn_freemsg(body);
        r->st.requests++;
        /* nanomsg leaves the control buffer as it was when the route does not fit in it. */
        const struct nn_cmsghdr *c = NN_CMSG_FIRSTHDR(&hdr);
        if (!c || c->cmsg_level != PROTO_SP || c->cmsg_type != SP_HDR ||
            c->cmsg_len < NN_CMSG_SPACE(sizeof(size_t)) || c->cmsg_len > sizeof rt.u.b) {
            r->st.dropped++;
            continue;
        }
        rt.len = c->cmsg_len;
        keep(r, &rt);
    }
    if (r->n_wait == 0)
        return;
    uint64_t now = mono_ms();
    if (now >= r->next_ms)
        answer_all(r, false);
    else if (!uv_is_active((uv_handle_t *)&r->timer))
        uv_timer_start(&r->timer, on_timer, r->next_ms - now, 0);
}

int wb_hubrep_open(wb_hubrep **out, uv_loop_t *loop, const char *url, wb_hubrep_build_cb build,
                   void *ud, char *err, size_t errlen)
{
    wb_hubrep *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return WB_ERR_NOMEM;
    }
    r->build = build;
    r->ud = ud;
    int fd;
    size_t sz = sizeof fd;
    r->sock = nn_socket(AF_SP_RAW, NN_REP);
    if (r->sock < 0 || nn_bind(r->sock, url) < 0 ||
        nn_getsockopt(r->sock, NN_SOL_SOCKET, NN_RCVFD, &fd, &sz) < 0) {
        snprintf(err, errlen, "%s: %s", url, nn_strerror(nn_errno()));
        if (r->sock >= 0)
            nn_close(r->sock);
        free(r);
        return WB_ERR_IO;
    }
    if (uv_poll_init(loop, &r->poll, fd) < 0) {
        snprintf(err, errlen, "%s: cannot watch the socket", url);
        nn_close(r->sock);
        free(r);
        return WB_ERR_IO;
    }
    uv_timer_init(loop, &r->timer);
    r->poll.data = r->timer.data = r;
    uv_poll_start(&r->poll, UV_READABLE, on_readable);
    *out = r;
    return 0;
}

void wb_hubrep_stats_get(const wb_hubrep *r, wb_hubrep_stats *out)
{
    if (r)
        *out = r->st;
    else
        memset(out, 0, sizeof *out);
}

static void on_closed(uv_handle_t *h)
{
    wb_hubrep *r = h->data;
    if (--r->closing == 0)
        free(r);
}

void wb_hubrep_close(wb_hubrep *r)
{
    if (!r)
        return;
    free(r->wait);
    r->wait = NULL;
    r->n_wait = r->cap_wait = 0;
    /* The poll goes before its socket: libuv must stop watching the descriptor first. */
    r->closing = 2;
    uv_close((uv_handle_t *)&r->timer, on_closed);
    uv_close((uv_handle_t *)&r->poll, on_closed);
    nn_close(r->sock);
}
