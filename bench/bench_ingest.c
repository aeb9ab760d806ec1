/*
 * bench_ingest.c - ingest over nanomsg ipc: the wallboard's receive path against a bare
 * nn_recv loop on the same stream, in the same run.
 *
 * A publisher process (forked, so it has its own core) binds an ipc PUB socket and sends a
 * pre-encoded stream of protocol v1 messages from the simulator, paced at a given rate, to one
 * of two consumers:
 *   bare       a blocking nn_recv loop that frees each message and does nothing else;
 *   wallboard  wb_sub on a libuv loop (uv_poll on NN_RCVFD, drained with NN_DONTWAIT) feeding
 *              every message to wb_board_ingest (decode + apply).
 * A PUB socket never blocks: what a slow subscriber cannot take is dropped. So the rate rises
 * in steps, and each consumer's figure is the highest rate at which it still receives 99.9 %
 * of the stream (if the publisher itself cannot reach a rate, the step is sent as fast as it
 * can, so the bare loop's figure may be the publisher's ceiling rather than its own). The ratio
 * wallboard/bare is the figure of the budget (>= 0.9x). Printed, never asserted.
 *
 *   bench_ingest [messages per trial]     (default 100000)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <uv.h>

#include "wb_board.h"
#include "wb_sim.h"
#include "wb_sub.h"

#define END_MARK "{\"v\":1,\"type\":\"bench.end\",\"ts\":1}"
#define PROBE "{\"v\":1,\"type\":\"bench.probe\",\"ts\":1}"

typedef struct stream {
    char **msg;
    size_t *len;
    size_t n, cap;
} stream;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_sim_event(void *ud, const wb_event *ev)
{
    stream *s = ud;
    char buf[WB_MAX_MSG_BYTES];
    int n = wb_event_encode(ev, buf, sizeof buf);
    if (n < 0 || s->n == s->cap)
        return;
    s->msg[s->n] = malloc((size_t)n);
    memcpy(s->msg[s->n], buf, (size_t)n);
    s->len[s->n++] = (size_t)n;
}

/* A realistic stream: the simulator's busy day, run fast until it has produced n messages. */
static void make_stream(stream *s, size_t n)
{
    s->cap = n;
    s->msg = calloc(n, sizeof *s->msg);
    s->len = calloc(n, sizeof *s->len);
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.start = 1795593600000LL; /* 2026-11-25 08:00 UTC */
    o.speed = 2000;
    o.n_agents = 300;
    o.snapshot_every_ms = 0;
    wb_sim *sim = wb_sim_new(&o);
    if (!sim) {
        fprintf(stderr, "bench_ingest: cannot start the simulator\n");
        exit(1);
    }
    for (wb_ms wall = 1; s->n < n && wall < 100000000; wall += 50)
        wb_sim_advance(sim, wall, on_sim_event, s);
    wb_sim_free(sim);
}

/*
 * The publisher: sends probes until the consumer says (through the pipe) that one arrived, so
 * that no message of the stream is sent before the connection exists; then the stream, then
 * end marks for a while.
 */
static void publish(const char *url, const stream *s, int ready_fd, double rate)
{
    int sock = nn_socket(AF_SP, NN_PUB);
    int sndbuf = 4 * 1024 * 1024;
    nn_setsockopt(sock, NN_SOL_SOCKET, NN_SNDBUF, &sndbuf, sizeof sndbuf);
    if (sock < 0 || nn_bind(sock, url) < 0)
        _exit(1);
    fd_set rd;
    for (int i = 0; i < 20000; i++) {
        nn_send(sock, PROBE, strlen(PROBE), 0);
        struct timeval tv = {0, 1000};
        FD_ZERO(&rd);
        FD_SET(ready_fd, &rd);
        if (select(ready_fd + 1, &rd, NULL, NULL, &tv) > 0)
            break;
    }
    char c;
    if (read(ready_fd, &c, 1) != 1)
        _exit(1);
    usleep(20 * 1000); /* let the last probes drain */
    /* Paced in batches of 100 against the monotonic clock; rate 0 = as fast as possible. */
    double t0 = now_s();
    for (size_t i = 0; i < s->n; i++) {
        if (rate > 0 && i % 100 == 0)
            while (now_s() - t0 < (double)i / rate)
                ;
        nn_send(sock, s->msg[i], s->len[i], 0);
    }
    for (int i = 0; i < 200; i++) {
        nn_send(sock, END_MARK, strlen(END_MARK), 0);
        usleep(5000);
    }
    nn_close(sock);
    _exit(0);
}

typedef struct result {
    size_t received;
    double first, last;
} result;

static bool is_end(const char *buf, size_t len)
{
    return len == strlen(END_MARK) && memcmp(buf, END_MARK, len) == 0;
}

static bool is_probe(const char *buf, size_t len)
{
    return len == strlen(PROBE) && memcmp(buf, PROBE, len) == 0;
}

static void run_bare(const char *url, result *r, int ready_fd)
{
    int sock = nn_socket(AF_SP, NN_SUB);
    nn_setsockopt(sock, NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
    int rcvbuf = 4 * 1024 * 1024, tmo = 10000;
    nn_setsockopt(sock, NN_SOL_SOCKET, NN_RCVBUF, &rcvbuf, sizeof rcvbuf);
    nn_setsockopt(sock, NN_SOL_SOCKET, NN_RCVTIMEO, &tmo, sizeof tmo);
    nn_connect(sock, url);
    bool told = false;
    for (;;) {
        void *buf = NULL;
        int n = nn_recv(sock, &buf, NN_MSG, 0);
        if (n < 0)
            break;
        bool end = is_end(buf, (size_t)n), probe = is_probe(buf, (size_t)n);
        nn_freemsg(buf);
        if (end)
            break;
        if (probe) {
            if (!told && write(ready_fd, "x", 1) == 1)
                told = true;
            continue;
        }
        double t = now_s();
        if (r->received++ == 0)
            r->first = t;
        r->last = t;
    }
    nn_close(sock);
}

typedef struct wb_ctx {
    wb_board *board;
    result *r;
    uv_loop_t *loop;
    wb_sub *sub;
    bool done;
    bool told;
    int ready_fd;
} wb_ctx;

static void on_message(void *ud, const char *buf, size_t len)
{
    wb_ctx *c = ud;
    if (c->done)
        return;
    if (is_end(buf, len)) {
        c->done = true;
        uv_stop(c->loop);
        return;
    }
    if (is_probe(buf, len)) {
        if (!c->told && write(c->ready_fd, "x", 1) == 1)
            c->told = true;
        return;
    }
    wb_board_ingest(c->board, buf, len, 1795593600000LL);
    double t = now_s();
    if (c->r->received++ == 0)
        c->r->first = t;
    c->r->last = t;
}

static void on_timeout(uv_timer_t *t)
{
    uv_stop(t->loop);
}

static void run_wallboard(const char *url, result *r, int ready_fd)
{
    wb_config cfg;
    wb_sim_default_config(&cfg);
    wb_ctx c = {
        .board = wb_board_new(&cfg), .r = r, .loop = uv_default_loop(), .ready_fd = ready_fd};
    c.sub = wb_sub_new(c.loop, on_message, &c);
    if (!c.board || !c.sub || wb_sub_connect(c.sub, url) < 0) {
        fprintf(stderr, "bench_ingest: cannot subscribe\n");
        exit(1);
    }
    uv_timer_t timeout;
    uv_timer_init(c.loop, &timeout);
    uv_timer_start(&timeout, on_timeout, 60000, 0);
    uv_run(c.loop, UV_RUN_DEFAULT);
    uv_timer_stop(&timeout);
    uv_close((uv_handle_t *)&timeout, NULL);
    wb_sub_free(c.sub);
    uv_run(c.loop, UV_RUN_DEFAULT);
    wb_board_free(c.board);
}

static result measure(const char *name, const stream *s, bool wallboard, double rate)
{
    char url[128];
    snprintf(url, sizeof url, "ipc:///tmp/wb-bench-ingest-%d-%s.ipc", (int)getpid(), name);
    int fds[2];
    if (pipe(fds) != 0)
        exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[1]);
        publish(url, s, fds[0], rate);
    }
    close(fds[0]);
    result r = {0};
    if (wallboard)
        run_wallboard(url, &r, fds[1]);
    else
        run_bare(url, &r, fds[1]);
    close(fds[1]);
    waitpid(pid, NULL, 0);
    unlink(url + strlen("ipc://"));
    return r;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    stream s = {0};
    make_stream(&s, n);
    printf("bench_ingest: %zu protocol v1 messages from the simulator (300 agents), "
           "nanomsg ipc, publisher in its own process\n",
           s.n);
    /*
     * Sustainable throughput: the stream is sent at rising paced rates, and a consumer keeps up
     * at a rate when it receives at least 99.9 % of the messages (a PUB socket drops what a
     * slow subscriber cannot take). The figure is the highest such rate of each consumer, and
     * their ratio. Consumers alternate at each rate so that load drifting on the machine hits
     * both alike.
     */
    double best[2] = {0, 0};
    bool alive[2] = {true, true};
    for (double rate = 50000; rate <= 1000000 && (alive[0] || alive[1]); rate += 50000) {
        printf("  %7.0f msg/s:", rate);
        for (int k = 0; k < 2; k++) {
            if (!alive[k]) {
                printf("  %-9s  -       ", k ? "wallboard" : "bare");
                continue;
            }
            result r = measure(k ? "wb" : "bare", &s, k == 1, rate);
            double got = (double)r.received / (double)s.n;
            printf("  %-9s %6.2f %% received", k ? "wallboard" : "bare", 100.0 * got);
            if (got >= 0.999)
                best[k] = rate;
            else
                alive[k] = false;
        }
        printf("\n");
    }
    printf("ingest ratio: wallboard keeps up to %.0f msg/s, bare nn_recv to %.0f msg/s: %.2fx "
           "(budget >= 0.90x)\n",
           best[1], best[0], best[0] > 0 ? best[1] / best[0] : 0);
    for (size_t i = 0; i < s.n; i++)
        free(s.msg[i]);
    free(s.msg);
    free(s.len);
    return 0;
}
