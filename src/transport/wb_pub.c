/*
 * wb_pub.c - the PUB side shared by the hub and the replayer.
 */
#include "wb_pub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_ipc.h"
#include "wb_snapparts.h"

int wb_pub_init(wb_pub *p)
{
    memset(p, 0, sizeof *p);
    p->sock = nn_socket(AF_SP, NN_PUB);
    if (p->sock < 0) {
        snprintf(p->err, sizeof p->err, "nn_socket: %s", nn_strerror(nn_errno()));
        return WB_ERR_IO;
    }
    return 0;
}

void wb_pub_fini(wb_pub *p)
{
    if (p->sock >= 0)
        nn_close(p->sock);
    p->sock = -1;
    free(p->buf);
    p->buf = NULL;
    p->buf_cap = 0;
}

int wb_pub_set_sndbuf(wb_pub *p, int bytes)
{
    if (nn_setsockopt(p->sock, NN_SOL_SOCKET, NN_SNDBUF, &bytes, sizeof bytes) < 0) {
        snprintf(p->err, sizeof p->err, "NN_SNDBUF %d: %s", bytes, nn_strerror(nn_errno()));
        return WB_ERR_INVAL;
    }
    return 0;
}

uint64_t wb_pub_subscribers(const wb_pub *p)
{
    return p->sock >= 0 ? nn_get_statistic(p->sock, NN_STAT_CURRENT_CONNECTIONS) : 0;
}

static int endpoint(wb_pub *p, const char *url, bool bind)
{
    if (wb_url_check(url, bind, p->err, sizeof p->err) < 0)
        return WB_ERR_INVAL;
    if (bind) {
        int crc = wb_ipc_bind_check(url, p->err, sizeof p->err);
        if (crc < 0)
            return crc;
    }
    int rc = bind ? nn_bind(p->sock, url) : nn_connect(p->sock, url);
    if (rc < 0) {
        int e = nn_errno();
        snprintf(p->err, sizeof p->err, "%s %s: %s", bind ? "bind" : "connect", url,
                 nn_strerror(e));
        return e == EINVAL ? WB_ERR_INVAL : WB_ERR_IO;
    }
    return 0;
}

int wb_pub_bind(wb_pub *p, const char *url)
{
    return endpoint(p, url, true);
}

int wb_pub_connect(wb_pub *p, const char *url)
{
    return endpoint(p, url, false);
}

int wb_pub_endpoints(wb_pub *p, const char *const *binds, size_t n_bind,
                     const char *const *connects, size_t n_connect)
{
    for (size_t i = 0; i < n_bind + n_connect; i++) {
        int rc = i < n_bind ? wb_pub_bind(p, binds[i]) : wb_pub_connect(p, connects[i - n_bind]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int wb_pub_send(wb_pub *p, const char *msg, size_t len)
{
    if (nn_send(p->sock, msg, len, NN_DONTWAIT) < 0) {
        p->send_failed++;
        return WB_ERR_IO;
    }
    p->sent++;
    p->sent_bytes += len;
    return 0;
}

static int ensure_buf(wb_pub *p)
{
    if (!p->buf) {
        p->buf = malloc(WB_PUB_BUF_FIRST + 1);
        p->buf_cap = p->buf ? WB_PUB_BUF_FIRST : 0;
    }
    return p->buf ? 0 : WB_ERR_NOMEM;
}

/* Doubles the buffer (up to WB_PUB_SNAPSHOT_MAX); false when it cannot grow. */
static bool grow_buf(wb_pub *p)
{
    if (p->buf_cap >= WB_PUB_SNAPSHOT_MAX)
        return false;
    size_t cap = p->buf_cap * 2 < WB_PUB_SNAPSHOT_MAX ? p->buf_cap * 2 : WB_PUB_SNAPSHOT_MAX;
    char *b = realloc(p->buf, cap + 1);
    if (!b)
        return false;
    p->buf = b;
    p->buf_cap = cap;
    return true;
}

int wb_pub_event(wb_pub *p, const wb_event *ev)
{
    if (ensure_buf(p) < 0)
        return WB_ERR_NOMEM;
    int len = wb_event_encode(ev, p->buf, WB_MAX_MSG_BYTES + 1);
    if (len < 0) {
        p->encode_failed++;
        return len;
    }
    int rc = wb_pub_send(p, p->buf, (size_t)len);
    return rc < 0 ? rc : len;
}

int wb_pub_snapshot_text(wb_pub *p, const wb_model *m, const char *src, bool has_seq, uint64_t seq,
                         wb_ms now, wb_ms silent_ms, bool resyncing)
{
    if (ensure_buf(p) < 0)
        return WB_ERR_NOMEM;
    wb_event ev;
    wb_event_init(&ev, WB_EV_SNAPSHOT, now);
    ev.src = src;
    ev.has_seq = has_seq;
    ev.seq = seq;
    int rc = wb_model_snapshot(m, src, now, &ev.snap);
    if (rc < 0)
        return rc;
    ev.snap.silent_ms = silent_ms > 0 ? silent_ms : 0;
    ev.snap.resyncing = resyncing;
    /*
     * A publisher whose clock runs ahead of this one's (accepted up to the model's future
     * limit) has intervals and KPI figures stamped after now: the snapshot is taken at their
     * time, not before it, or every receiver would refuse it whole as contradicting itself.
     * Never past the end of this model's day, though: a receiver would take such a snapshot
     * as tomorrow's and leave today before midnight (its figure from tomorrow is refused, as
     * the publisher's own snapshot of it would be).
     */
    wb_ms latest = wb_snapshot_latest(&ev.snap), day_start = 0, width = 0;
    size_t n = wb_model_interval_count(m, &day_start, &width);
    if (latest > ev.ts && (n == 0 || latest < day_start + (wb_ms)n * width))
        ev.ts = latest;
    /* Most snapshots fit the first buffer; a large source's takes a few doublings, once. */
    while ((rc = wb_event_encode(&ev, p->buf, p->buf_cap + 1)) == WB_ERR_FULL && grow_buf(p))
        ;
    wb_snapshot_fini(&ev.snap);
    if (rc < 0)
        p->encode_failed++;
    return rc;
}

static int emit_part(void *ud, const char *msg, size_t len)
{
    wb_pub *p = ud;
    int rc = wb_pub_send(p, msg, len);
    if (rc == 0)
        p->parts_sent++;
    return rc;
}

int wb_pub_snapshot(wb_pub *p, const wb_model *m, const char *src, bool has_seq, uint64_t seq,
                    wb_ms now, wb_ms silent_ms, bool resyncing, const char *hub, const char **out,
                    size_t *out_len)
{
    int len = wb_pub_snapshot_text(p, m, src, has_seq, seq, now, silent_ms, resyncing);
    if (len < 0)
        return len;
    if (out) {
        *out = p->buf;
        *out_len = (size_t)len;
    }
    if ((size_t)len <= WB_MAX_MSG_BYTES) {
        int rc = wb_pub_send(p, p->buf, (size_t)len);
        return rc < 0 ? rc : 1;
    }
    return wb_snapparts_split(p->buf, (size_t)len, src, hub, now, ++p->snap_id, emit_part, p);
}
