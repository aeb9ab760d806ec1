/*
 * amiconn.c - the Asterisk Manager Interface connection (see amiconn.h).
 *
 * One TCP connection at a time, driven by two timers: `retry` starts the next attempt (name
 * lookup, connect, Login) after a backoff that doubles from 1 s up to 30 s and is reset by a
 * successful Login; `resync` first bounds the wait for the Login's answer, then asks for a
 * QueueStatus every minute, which makes up for any member event a dropped connection lost.
 * Every failure takes one path, drop(): the connection is closed, and its close callback
 * schedules the next attempt unless the connection is being closed for good.
 */
#include "amiconn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

#define PROG "wallboard-asterisk"
#define READ_CHUNK 65536
/* Reconnect after 1 s, doubling up to 30 s; QueueStatus every 60 s while connected. */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000
#define RESYNC_MS 60000
/* A server that does not answer the Login within this long is dropped and retried. */
#define LOGIN_TIMEOUT_MS 10000

/* HOST:PORT, [V6]:PORT. */
static bool split_hostport(const char *s, char *host, size_t hcap, char *port, size_t pcap)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1] || strlen(colon + 1) >= pcap)
        return false;
    const char *h = s;
    size_t hl = (size_t)(colon - s);
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0 || hl >= hcap)
        return false;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return false;
    memcpy(host, h, hl);
    host[hl] = '\0';
    snprintf(port, pcap, "%ld", p);
    return true;
}

/* The secret's first line; the file should be readable by the adapter's user only. */
static int read_secret(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, PROG ": --ami-secret-file %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & S_IROTH))
        fprintf(stderr, PROG ": warning: %s is readable by every user\n", path);
    bool ok = fgets(out, (int)cap, f) != NULL;
    fclose(f);
    if (ok)
        out[strcspn(out, "\r\n")] = '\0';
    if (!ok || !out[0]) {
        fprintf(stderr, PROG ": --ami-secret-file %s: empty\n", path);
        return -1;
    }
    return 0;
}

int wb_amiconn_init(wb_amiconn *c, const char *hostport, const char *user, const char *secret_path)
{
    memset(c, 0, sizeof *c);
    if (!split_hostport(hostport, c->host, sizeof c->host, c->port, sizeof c->port)) {
        wb_cli_bad(PROG, "ami", hostport, "HOST:PORT, e.g. 127.0.0.1:5038");
        return WB_ERR_INVAL;
    }
    if (strlen(user) >= sizeof c->user || strpbrk(user, "\r\n")) {
        wb_cli_bad(PROG, "ami-user", user, "a user name of at most 127 bytes");
        return WB_ERR_INVAL;
    }
    snprintf(c->user, sizeof c->user, "%s", user);
    if (read_secret(secret_path, c->secret, sizeof c->secret) != 0)
        return WB_ERR_INVAL;
    c->backoff = BACKOFF_MIN_MS;
    wb_ami_reader_init(&c->rd);
    return WB_OK;
}

void wb_amiconn_fini(wb_amiconn *c)
{
    wb_ami_reader_fini(&c->rd);
    /* The secret does not outlive the connection in memory. */
    memset(c->secret, 0, sizeof c->secret);
}

static void schedule(wb_amiconn *c);

static void on_closed(uv_handle_t *h)
{
    wb_amiconn *c = h->data;
    c->active = false;
    if (!c->closing)
        schedule(c);
}

static void drop(wb_amiconn *c, const char *why)
{
    if (!c->active || uv_is_closing((uv_handle_t *)&c->tcp))
        return;
    fprintf(stderr, PROG ": AMI %s:%s: %s; retrying in %lld s\n", c->host, c->port, why,
            (long long)(c->backoff / 1000));
    c->failures++;
    c->logged_in = false;
    uv_timer_stop(&c->resync);
    uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static void write_done(uv_write_t *req, int status)
{
    (void)status;
    free(req);
}

/* The text is copied: the write may finish after the caller's buffer is gone. */
static void send_text(wb_amiconn *c, const char *text, size_t len)
{
    uv_write_t *req = malloc(sizeof *req + len);
    if (!req)
        return;
    char *copy = (char *)(req + 1);
    memcpy(copy, text, len);
    uv_buf_t b = uv_buf_init(copy, (unsigned)len);
    if (uv_write(req, (uv_stream_t *)&c->tcp, &b, 1, write_done) != 0)
        free(req);
}

static void queuestatus(wb_amiconn *c)
{
    char text[128];
    int n = wb_ami_queuestatus(text, sizeof text, "resync");
    if (n > 0)
        send_text(c, text, (size_t)n);
}

/* While logging in: the Login timed out. Logged in: time for a QueueStatus resync. */
static void on_resync(uv_timer_t *t)
{
    wb_amiconn *c = t->data;
    if (c->logged_in)
        queuestatus(c);
    else
        drop(c, "no answer to the Login");
}

static void on_msg(wb_amiconn *c, const wb_ami_msg *m)
{
    c->messages++;
    const char *resp = wb_ami_get(m, "Response");
    const char *id = wb_ami_get(m, "ActionID");
    if (resp && id && strcmp(id, "login") == 0) {
        if (strcasecmp(resp, "Success") != 0) {
            const char *msg = wb_ami_get(m, "Message");
            char why[200];
            snprintf(why, sizeof why, "login refused (%s)", msg ? msg : "no reason given");
            drop(c, why);
            return;
        }
        fprintf(stderr, PROG ": AMI %s:%s: logged in (%s)\n", c->host, c->port, c->rd.banner);
        c->logged_in = true;
        c->backoff = BACKOFF_MIN_MS;
        queuestatus(c);
        uv_timer_start(&c->resync, on_resync, RESYNC_MS, RESYNC_MS);
        return;
    }
    if (c->logged_in)
        c->on_message(c->ud, m);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    (void)suggested;
    /* One connection, one loop thread: the reader copies what it keeps before the next read. */
    static char chunk[READ_CHUNK];
    *buf = uv_buf_init(chunk, sizeof chunk);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    wb_amiconn *c = s->data;
    if (n < 0) {
        drop(c, n == UV_EOF ? "connection closed" : uv_strerror((int)n));
        return;
    }
    if (n == 0)
        return;
    if (wb_ami_reader_push(&c->rd, buf->base, (size_t)n) != WB_OK) {
        drop(c, "out of memory");
        return;
    }
    wb_ami_msg m;
    while (c->active && wb_ami_reader_next(&c->rd, &m)) {
        on_msg(c, &m);
        if (!c->logged_in && uv_is_closing((uv_handle_t *)&c->tcp))
            return;
    }
}

static void on_connected(uv_connect_t *req, int status)
{
    wb_amiconn *c = req->data;
    if (status != 0) {
        drop(c, uv_strerror(status));
        return;
    }
    c->connects++;
    wb_ami_reader_reset(&c->rd);
    char text[512];
    int n = wb_ami_login(text, sizeof text, c->user, c->secret);
    if (n < 0) {
        drop(c, "user name or secret does not fit one line");
        return;
    }
    send_text(c, text, (size_t)n);
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
    uv_timer_start(&c->resync, on_resync, LOGIN_TIMEOUT_MS, 0);
    /* A peer that vanished without closing (a cable, a crashed host) is noticed too. */
    uv_tcp_keepalive(&c->tcp, 1, 60);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
    wb_amiconn *c = req->data;
    if (c->closing) {
        uv_freeaddrinfo(res);
        return;
    }
    if (status != 0 || !res) {
        fprintf(stderr, PROG ": AMI %s: %s; retrying in %lld s\n", c->host, uv_strerror(status),
                (long long)(c->backoff / 1000));
        uv_freeaddrinfo(res);
        schedule(c);
        return;
    }
    uv_tcp_init(c->loop, &c->tcp);
    c->tcp.data = c;
    c->active = true;
    c->connect_req.data = c;
    int rc = uv_tcp_connect(&c->connect_req, &c->tcp, res->ai_addr, on_connected);
    uv_freeaddrinfo(res);
    if (rc != 0)
        drop(c, uv_strerror(rc));
}

static void on_retry(uv_timer_t *t)
{
    wb_amiconn *c = t->data;
    if (c->closing || c->active)
        return;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    c->gai.data = c;
    if (uv_getaddrinfo(c->loop, &c->gai, on_resolved, c->host, c->port, &hints))
        schedule(c);
}

/* The next attempt after the current backoff, which doubles up to its maximum. */
static void schedule(wb_amiconn *c)
{
    uv_timer_start(&c->retry, on_retry, (uint64_t)c->backoff, 0);
    c->backoff *= 2;
    if (c->backoff > BACKOFF_MAX_MS)
        c->backoff = BACKOFF_MAX_MS;
}

int wb_amiconn_start(wb_amiconn *c, uv_loop_t *loop, wb_amiconn_msg_fn on_message, void *ud)
{
    c->loop = loop;
    c->on_message = on_message;
    c->ud = ud;
    if (uv_timer_init(loop, &c->retry) != 0)
        return WB_ERR_IO;
    if (uv_timer_init(loop, &c->resync) != 0) {
        uv_close((uv_handle_t *)&c->retry, NULL);
        return WB_ERR_IO;
    }
    c->retry.data = c->resync.data = c;
    c->started = true;
    uv_timer_start(&c->retry, on_retry, 0, 0);
    return WB_OK;
}

void wb_amiconn_close(wb_amiconn *c)
{
    if (!c->started || c->closing)
        return;
    c->closing = true;
    uv_close((uv_handle_t *)&c->retry, NULL);
    uv_close((uv_handle_t *)&c->resync, NULL);
    if (c->active && !uv_is_closing((uv_handle_t *)&c->tcp))
        uv_close((uv_handle_t *)&c->tcp, NULL);
}
