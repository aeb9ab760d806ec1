/*
 * bench_ingest.c - ingest over nanomsg ipc and tcp: the wallboard's receive path against a
 * bare nn_recv loop on the same stream, in the same run.
 *
 * A publisher process (forked, so it has its own core) binds a PUB socket and sends a
 * pre-encoded stream of protocol v1 messages from the simulator, paced at a given rate, to one
 * of two consumers:
 *   bare       a blocking nn_recv loop that frees each message and does nothing else;
 *   wallboard  wb_sub (its receive thread draining the socket into the ring, the libuv loop
 *              woken to take them out) feeding every message to wb_board_ingest (decode +
 *              apply).
 * Both use nanomsg's default receive buffer. A PUB socket never blocks: what a slow subscriber
 * cannot take is dropped. So each consumer's figure is the highest rate at which it still
 * receives 99.9 % of the stream, as measured at the consumer (messages over the time from the
 * first to the last): when the publisher cannot reach a paced rate it sends as fast as it can,
 * and the bare loop's figure is then the publisher's ceiling rather than its own.
 *
 * The rate is found by a ladder, the same for both consumers. Each climbs from 100,000 msg/s in
 * steps of 50,000 up to 1,000,000. A rate at which it falls short is tried a second time before
 * it counts as failed: on a machine of two cores shared with other work, one scheduler hiccup
 * would otherwise end a consumer's climb 50,000 or 100,000 msg/s early. After the first rate it
 * fails twice, the gap between it and the last rate passed is halved, and halved again, down to
 * 12,500 msg/s (each of these rates also has two tries), so that the figure is not rounded down
 * to a step of 50,000, which near 800,000 msg/s is about 6 % of the ratio. The consumers take
 * turns throughout: at every round each runs one trial at its own next rate, the first tries of
 * both come before either's second try, and which consumer goes first alternates from round to
 * round, so that load drifting on the machine hits both alike. The figure is the highest rate
 * measured in any trial the consumer kept up in.
 *
 * The wallboard's ring (WB_SUB_RING_SLOTS messages) absorbs a backlog the bare loop cannot, so
 * a trial is kept long against it: with the default 300,000 messages a consumer slower than the
 * rate by more than about 5 % fails the trial all the same. The ratio wallboard/bare is the
 * figure of the budget (>= 0.9x), printed for each transport with each consumer's CPU time per
 * message in the trial its figure comes from (the process's, nanomsg's threads included), the
 * number of trials each consumer ran, and how much of the machine other work took meanwhile
 * (from /proc/stat, less this process and its publishers): on 2 cores even a job at nice 19
 * delays the wake-ups both consumers live on and moves the figures by tens of percent, so a
 * run with other work beside it is not the quiet machine's figure. Printed, never asserted.
 * The whole run takes about a minute and a half on 2 cores (three minutes before the end
 * marks stopped with the consumer).
 *
 *   bench_ingest [messages per trial]     (default 300000)
 *
 * For profiling, WB_BENCH_INGEST_ONE=<transport>:<rate>[:bare] runs a single trial (the
 * wallboard's, or the bare loop's) at that paced rate and prints its line, so that perf can
 * record the consumer at one steady rate instead of across the whole ladder.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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
    /*
     * Paced in batches of 100 against the monotonic clock; rate 0 = as fast as possible. Ahead
     * of time, the publisher sleeps rather than spins: on a machine of few cores a spinning
     * publisher would take a whole core from the consumer it measures.
     */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    double t0 = now_s();
    for (size_t i = 0; i < s->n; i++) {
        if (rate > 0 && i % 100 == 0) {
            double ahead = (double)i / rate - (now_s() - t0);
            if (ahead > 0) {
                struct timespec ts = {0, (long)(ahead * 1e9)};
                nanosleep(&ts, NULL);
            }
        }
        nn_send(sock, s->msg[i], s->len[i], 0);
    }
    /*
     * End marks, one every 5 ms, for up to a second (a consumer with a backlog may drop the
     * first ones), until the consumer closes its end of the pipe: it has seen one and stopped.
     * Stopping then, rather than after the whole second, is what lets the ladder afford a
     * second try at a failed rate and a refinement.
     */
    for (int i = 0; i < 200; i++) {
        nn_send(sock, END_MARK, strlen(END_MARK), 0);
        struct timeval tv = {0, 5000};
        FD_ZERO(&rd);
        FD_SET(ready_fd, &rd);
        if (select(ready_fd + 1, &rd, NULL, NULL, &tv) > 0)
            break;
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
    int tmo = 10000;
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

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* CPU time of this process and of its children waited for (the publishers), in seconds. */
static double ours_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return cpu_s() + (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/*
 * CPU time the whole machine has been busy since boot, every core added up, in seconds (from
 * /proc/stat: user, nice, system, irq, softirq, steal); -1 where it cannot be read. Less
 * ours_s() over a ladder, it is the other work that ran meanwhile: a run that other work
 * disturbed (a build, a test suite, even at nice 19, which still delays the wake-ups that this
 * benchmark lives on) tells itself apart from a quiet one.
 */
static double busy_s(void)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    unsigned long long v[8] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n != 8)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)(hz > 0 ? hz : 100);
}

static long ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

/* A tcp URL on the loopback with a port that was free a moment ago. */
static void free_tcp_url(char *url, size_t cap)
{
    for (int tries = 0; tries < 50; tries++) {
        snprintf(url, cap, "tcp://127.0.0.1:%d", 20000 + rand() % 40000);
        int t = nn_socket(AF_SP, NN_PUB);
        int ok = nn_bind(t, url);
        nn_close(t);
        if (ok >= 0)
            return;
    }
}

static result measure(const char *tr, const char *name, const stream *s, bool wallboard,
                      double rate, double *cpu_per_msg)
{
    char url[128];
    if (strcmp(tr, "tcp") == 0)
        free_tcp_url(url, sizeof url);
    else
        snprintf(url, sizeof url, "ipc:///tmp/wb-bench-ingest-%d-%s.ipc", (int)getpid(), name);
    int fds[2];
    if (pipe(fds) != 0)
        exit(1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[1]);
        publish(url, s, fds[0], rate);
    }
    close(fds[0]);
    result r = {0};
    double c0 = cpu_s();
    if (wallboard)
        run_wallboard(url, &r, fds[1]);
    else
        run_bare(url, &r, fds[1]);
    double c1 = cpu_s();
    *cpu_per_msg = r.received ? (c1 - c0) / (double)r.received : 0;
    close(fds[1]);
    waitpid(pid, NULL, 0);
    if (strncmp(url, "ipc://", 6) == 0)
        unlink(url + strlen("ipc://"));
    return r;
}

/* The ladder's rates: climbing from LADDER_FIRST by LADDER_STEP up to LADDER_LAST, then halving
 * the gap between the last rate passed and the first failed down to LADDER_FINE. */
#define LADDER_FIRST 100000.0
#define LADDER_STEP 50000.0
#define LADDER_LAST 1000000.0
#define LADDER_FINE 12500.0
/* Trials at a rate before a consumer is said to fail it: a second try forgives one hiccup. */
#define LADDER_TRIES 2

typedef enum { CLIMB, REFINE, DONE } phase;

/* One consumer's way up the ladder. */
typedef struct climber {
    const char *name;
    bool wallboard;
    phase ph;
    double rate;   /* the paced rate of its next trial */
    double passed; /* the highest paced rate passed so far (0: none) */
    double failed; /* the lowest paced rate failed, once it climbs no more */
    int tries;     /* trials at the current rate so far */
    bool pending;  /* its last trial at the current rate failed: it is to be tried again */
    double best, cpu_at_best;
    int trials;
} climber;

/* One trial of consumer c at its current rate, printed; true if it kept up. */
static bool trial(const char *tr, const stream *s, climber *c)
{
    double cpm;
    result r = measure(tr, c->wallboard ? "wb" : "bare", s, c->wallboard, c->rate, &cpm);
    c->trials++;
    double got = (double)r.received / (double)s->n;
    /* What arrived per second, first to last: below the rate when the publisher cannot send
     * that fast. */
    double achieved =
        r.received > 1 && r.last > r.first ? (double)(r.received - 1) / (r.last - r.first) : 0;
    bool ok = got >= 0.999;
    printf("  %7.0f msg/s %-6s %-9s %6.2f %% at %7.0f/s, %5.2f us cpu/msg%s\n", c->rate,
           c->ph == CLIMB ? "climb" : "refine", c->name, 100.0 * got, achieved, cpm * 1e6,
           ok ? "" : (c->tries + 1 < LADDER_TRIES ? "  (behind: again)" : "  (behind)"));
    if (ok && achieved > c->best) {
        c->best = achieved;
        c->cpu_at_best = cpm;
    }
    return ok;
}

/* After a trial at c->rate (kept up or not, the last try): the next rate, or the end. */
static void next_rate(climber *c, bool ok)
{
    c->tries = 0;
    c->pending = false;
    if (ok)
        c->passed = c->rate;
    else
        c->failed = c->rate;
    if (c->ph == CLIMB) {
        if (ok) {
            c->rate += LADDER_STEP;
            if (c->rate > LADDER_LAST)
                c->ph = DONE;
            return;
        }
        c->ph = REFINE;
        if (c->passed == 0)
            c->passed = c->rate - LADDER_STEP; /* even the first rate failed: below it */
    }
    if (c->failed - c->passed <= LADDER_FINE)
        c->ph = DONE;
    else
        c->rate = (c->passed + c->failed) / 2;
}

/*
 * Sustainable throughput over one transport: the stream is sent at paced rates, and a consumer
 * keeps up at a rate when it receives at least 99.9 % of the messages (a PUB socket drops what
 * a slow subscriber cannot take). Each consumer climbs from 100,000 msg/s by 50,000; a rate it
 * falls behind at is tried once more before it counts as failed, so that one hiccup of a
 * shared machine does not end its climb. After its first failed rate, the gap between the
 * last rate it passed and that one is halved down to 12,500 msg/s: a rate in the middle failed
 * twice becomes the gap's top, passed its bottom. Its figure is the highest rate, as measured at
 * the consumer, of any trial it kept up in. The consumers take turns at every round (each its own
 * next rate, the first trial of both before either's second try, and who goes first alternating
 * from round to round) so that load drifting on the machine hits both alike; both follow the same
 * rules. Prints both figures, their ratio, the CPU per message of the trial each figure comes from
 * and how much of the machine other work took meanwhile; returns the ratio.
 */
static double ladder(const char *tr, const stream *s)
{
    printf("%s:\n", tr);
    double t0 = now_s(), busy0 = busy_s(), ours0 = ours_s();
    climber cl[2] = {{.name = "bare", .wallboard = false, .ph = CLIMB, .rate = LADDER_FIRST},
                     {.name = "wallboard", .wallboard = true, .ph = CLIMB, .rate = LADDER_FIRST}};
    for (int round = 0; cl[0].ph != DONE || cl[1].ph != DONE; round++) {
        /* First tries, then second tries, each in this round's order. */
        for (int pass = 0; pass < LADDER_TRIES; pass++) {
            for (int i = 0; i < 2; i++) {
                climber *c = &cl[(i + round) % 2];
                if (c->ph == DONE || (pass > 0 && !c->pending))
                    continue;
                bool ok = trial(tr, s, c);
                if (ok || ++c->tries == LADDER_TRIES)
                    next_rate(c, ok);
                else
                    c->pending = true;
            }
        }
    }
    double ratio = cl[0].best > 0 ? cl[1].best / cl[0].best : 0;
    double wall = now_s() - t0, busy = busy_s() - busy0, ours = ours_s() - ours0;
    printf("  (%d trials of the bare loop, %d of the wallboard, %.0f s; ", cl[0].trials,
           cl[1].trials, wall);
    if (busy0 >= 0 && busy >= 0)
        printf("other work on the machine meanwhile: %.0f %% of its %ld cores)\n",
               100.0 * (busy - ours > 0 ? busy - ours : 0) / (wall * (double)ncores()), ncores());
    else
        printf("other work on the machine unknown)\n");
    printf("ingest ratio %s: wallboard keeps up with %.0f msg/s, bare nn_recv with %.0f msg/s: "
           "%.2fx (budget >= 0.90x); cpu per message there: wallboard %.2f us, bare %.2f us\n",
           tr, cl[1].best, cl[0].best, ratio, cl[1].cpu_at_best * 1e6, cl[0].cpu_at_best * 1e6);
    return ratio;
}

static void free_stream(stream *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->msg[i]);
    free(s->msg);
    free(s->len);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 300000;
    srand((unsigned)getpid());
    stream s = {0};
    make_stream(&s, n);
    /* The cores matter: the publisher takes one, and the wallboard's receive thread and loop
     * run side by side only where another is free. */
    const char *one = getenv("WB_BENCH_INGEST_ONE");
    if (one) {
        char tr[8] = "ipc";
        double rate = 0;
        char who[8] = "";
        if (sscanf(one, "%7[a-z]:%lf:%7s", tr, &rate, who) < 2 || rate < 0 ||
            (strcmp(tr, "ipc") != 0 && strcmp(tr, "tcp") != 0)) {
            fprintf(stderr, "bench_ingest: WB_BENCH_INGEST_ONE=ipc|tcp:rate[:bare]\n");
            free_stream(&s);
            return 2;
        }
        bool wb = strcmp(who, "bare") != 0;
        double cpm;
        result r = measure(tr, wb ? "wb" : "bare", &s, wb, rate, &cpm);
        double achieved =
            r.received > 1 && r.last > r.first ? (double)(r.received - 1) / (r.last - r.first) : 0;
        printf("%s %s %.0f msg/s: %6.2f %% at %7.0f/s, %5.2f us cpu/msg\n", tr,
               wb ? "wallboard" : "bare", rate, 100.0 * (double)r.received / (double)s.n, achieved,
               cpm * 1e6);
        free_stream(&s);
        return 0;
    }
    printf("bench_ingest: %zu protocol v1 messages from the simulator (300 agents), "
           "publisher in its own process; ipc, then tcp on the loopback; %ld cores online\n",
           s.n, sysconf(_SC_NPROCESSORS_ONLN));
    double ipc = ladder("ipc", &s);
    double tcp = ladder("tcp", &s);
    printf("GOAL ingest over ipc vs bare nn_recv | %.2fx | >= 0.90x | %s\n", ipc,
           ipc >= 0.9 ? "met" : "not met");
    printf("GOAL ingest over tcp vs bare nn_recv | %.2fx | >= 0.90x | %s\n", tcp,
           tcp >= 0.9 ? "met" : "not met");
    free_stream(&s);
    return 0;
}
