/*
 * bench_hub.c - the hub's figures: fan-out, journal cost, restart time.
 *
 *   bench_hub [HUB_PATH] [SUBSCRIBERS] [RATE] [SECONDS] [DAY_EVENTS]
 *   (defaults: the build's wallboard-hub, 50, 10000, 30, 500000)
 *
 * 1. Fan-out: the real wallboard-hub in a child process; this process publishes RATE events
 *    per second for SECONDS seconds into it and holds SUBSCRIBERS SUB sockets on its output,
 *    read by two threads. Prints how many of the events every subscriber received, the hub's
 *    CPU use (from /proc, % of one core) and the latency from the publisher's send to each
 *    subscriber's receive (through the hub) as p50/p99/max over every delivery. The events
 *    are contact lifecycles (queued, answered, completed) with seq, so the hub accepts each.
 * 2. Journal cost per event: appending SECONDS*RATE such messages to a day file (flushed
 *    every 10,000 lines, about once a second at this rate), against decoding and applying the
 *    same messages to a board: the ratio says what journaling adds to the hub's work.
 * 3. Restart: a day file of DAY_EVENTS lines; the real hub started on it with --exit-after
 *    rebuilds it; prints the hub's own rebuild time and the whole process's run time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "journal.h"
#include "test_proc.h"
#include "wallclock.h"
#include "wb_board.h"
#include "wb_time.h"

extern char **environ;

#define MAX_SUBS 256
#define LAT_BINS 200000 /* 10 us bins up to 2 s */

static double self_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

typedef struct shared {
    int subs[MAX_SUBS];
    int n_subs;
    int64_t *sent_us; /* by seq */
    uint64_t n_events;
    uint64_t got[MAX_SUBS];
    uint32_t *lat; /* histogram, LAT_BINS */
    uint64_t lat_over, lat_n;
    atomic_bool stop;
    pthread_mutex_t mu;
} shared;

typedef struct reader {
    shared *s;
    int from, to;
} reader;

/* Reads "seq": from a contact event; 0 for anything else (snapshots, heartbeats). */
static uint64_t contact_seq(const char *m, int len)
{
    if (len < 20 || !memmem(m, (size_t)len, "\"type\":\"contact.", 16))
        return 0;
    const char *p = memmem(m, (size_t)len, "\"seq\":", 6);
    return p ? strtoull(p + 6, NULL, 10) : 0;
}

static void *read_loop(void *arg)
{
    reader *r = arg;
    shared *s = r->s;
    struct nn_pollfd pfd[MAX_SUBS];
    int n = r->to - r->from;
    uint32_t *lat = calloc(LAT_BINS, sizeof *lat);
    uint64_t over = 0, cnt = 0;
    for (int i = 0; i < n; i++)
        pfd[i] = (struct nn_pollfd){.fd = s->subs[r->from + i], .events = NN_POLLIN};
    while (!atomic_load(&s->stop)) {
        if (nn_poll(pfd, n, 100) <= 0)
            continue;
        for (int i = 0; i < n; i++) {
            if (!(pfd[i].revents & NN_POLLIN))
                continue;
            for (;;) {
                char *msg;
                int len = nn_recv(pfd[i].fd, &msg, NN_MSG, NN_DONTWAIT);
                if (len < 0)
                    break;
                int64_t now = mono_us();
                uint64_t seq = contact_seq(msg, len);
                if (seq > 0 && seq <= s->n_events) {
                    s->got[r->from + i]++;
                    int64_t d = now - s->sent_us[seq];
                    if (d >= 0 && d / 10 < LAT_BINS)
                        lat[d / 10]++;
                    else
                        over++;
                    cnt++;
                }
                nn_freemsg(msg);
            }
        }
    }
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < LAT_BINS; i++)
        s->lat[i] += lat[i];
    s->lat_over += over;
    s->lat_n += cnt;
    pthread_mutex_unlock(&s->mu);
    free(lat);
    return NULL;
}

static double pct_us(const shared *s, double q)
{
    uint64_t want = (uint64_t)(q * (double)s->lat_n), acc = 0;
    for (int i = 0; i < LAT_BINS; i++) {
        acc += s->lat[i];
        if (acc > want)
            return i * 10.0 + 5;
    }
    return LAT_BINS * 10.0; /* beyond the histogram: printed as "> 2000" */
}

/* One event of contact k's lifecycle (phase 0 queued, 1 answered, 2 completed). */
static int event_text(char *buf, size_t cap, uint64_t seq, wb_ms ts)
{
    static const char *types[] = {"queued", "answered", "completed"};
    uint64_t k = (seq - 1) / 3, ph = (seq - 1) % 3;
    return snprintf(buf, cap,
                    "{\"v\":1,\"type\":\"contact.%s\",\"ts\":%lld,\"src\":\"bench\",\"seq\":%llu,"
                    "\"id\":\"c%llu\",\"channel\":\"phone\",\"queue\":\"sales\"%s}",
                    types[ph], (long long)ts, (unsigned long long)seq, (unsigned long long)k,
                    ph == 1 ? ",\"agent\":\"a1\"" : "");
}

static pid_t spawn(char *const argv[], const char *err_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (err_path)
        posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

static int fanout(const char *hub, const char *dir, int n_subs, double rate, double secs)
{
    char in[600], out[600], snap[] = "5";
    snprintf(in, sizeof in, "ipc://%s/in.ipc", dir);
    snprintf(out, sizeof out, "ipc://%s/out.ipc", dir);
    char *argv[] = {(char *)hub, "--listen", in, "--bind", out, "--snapshot-s", snap, NULL};
    char errp[600];
    snprintf(errp, sizeof errp, "%s/hub.err", dir);
    pid_t pid = spawn(argv, errp);
    if (pid < 0) {
        fprintf(stderr, "bench_hub: cannot start %s\n", hub);
        return -1;
    }
    usleep(300000);

    shared *s = calloc(1, sizeof *s);
    s->n_events = (uint64_t)(rate * secs);
    s->n_events -= s->n_events % 3;
    s->sent_us = calloc(s->n_events + 1, sizeof *s->sent_us);
    s->lat = calloc(LAT_BINS, sizeof *s->lat);
    pthread_mutex_init(&s->mu, NULL);
    s->n_subs = n_subs;
    for (int i = 0; i < n_subs; i++) {
        s->subs[i] = nn_socket(AF_SP, NN_SUB);
        nn_setsockopt(s->subs[i], NN_SUB, NN_SUB_SUBSCRIBE, "", 0);
        int big = 4 * 1024 * 1024;
        nn_setsockopt(s->subs[i], NN_SOL_SOCKET, NN_RCVBUF, &big, sizeof big);
        nn_connect(s->subs[i], out);
    }
    int pub = nn_socket(AF_SP, NN_PUB);
    int big = 4 * 1024 * 1024;
    nn_setsockopt(pub, NN_SOL_SOCKET, NN_SNDBUF, &big, sizeof big);
    nn_connect(pub, in);
    usleep(1000000);

    pthread_t th[2];
    reader rd[2] = {{s, 0, n_subs / 2}, {s, n_subs / 2, n_subs}};
    for (int t = 0; t < 2; t++)
        pthread_create(&th[t], NULL, read_loop, &rd[t]);
    double cpu0 = test_cpu_s(pid), self0 = self_cpu_s();
    int64_t t0 = mono_us();
    char buf[512];
    uint64_t failed = 0;
    for (uint64_t seq = 1; seq <= s->n_events; seq++) {
        int64_t due = t0 + (int64_t)((double)(seq - 1) * 1e6 / rate);
        int64_t now;
        while ((now = mono_us()) < due)
            if (due - now > 200)
                usleep(100);
        int len = event_text(buf, sizeof buf, seq, wb_wall_ms());
        s->sent_us[seq] = mono_us();
        if (nn_send(pub, buf, (size_t)len, 0) < 0)
            failed++;
    }
    double el = (double)(mono_us() - t0) / 1e6;
    usleep(2000000);
    double cpu1 = test_cpu_s(pid), self1 = self_cpu_s();
    atomic_store(&s->stop, true);
    for (int t = 0; t < 2; t++)
        pthread_join(th[t], NULL);
    uint64_t min = UINT64_MAX, max = 0, complete = 0;
    for (int i = 0; i < n_subs; i++) {
        min = s->got[i] < min ? s->got[i] : min;
        max = s->got[i] > max ? s->got[i] : max;
        complete += s->got[i] == s->n_events;
    }
    printf("fan-out: %llu events in %.1f s (%.0f/s offered, %llu send failures), %d subscribers\n",
           (unsigned long long)s->n_events, el, (double)s->n_events / el,
           (unsigned long long)failed, n_subs);
    printf("  every event at every subscriber: %s (%llu of %d subscribers complete; per "
           "subscriber min %llu, max %llu)\n",
           complete == (uint64_t)n_subs ? "yes" : "NO", (unsigned long long)complete, n_subs,
           (unsigned long long)min, (unsigned long long)max);
    printf("  hub CPU: %.1f %% of one core (%.2f s over %.1f s)\n",
           (cpu1 - cpu0) / (el + 2.0) * 100.0, cpu1 - cpu0, el + 2.0);
    printf("  this process (publisher + %d subscriber sockets read by 2 threads): %.1f %% of one "
           "core\n",
           n_subs, (self1 - self0) / (el + 2.0) * 100.0);
    printf("  publisher -> hub -> subscriber latency over %llu deliveries: p50 %.2f ms, p99 %.2f "
           "ms, p99.9 %.2f ms (%llu over 2 s)\n",
           (unsigned long long)s->lat_n, pct_us(s, 0.50) / 1000, pct_us(s, 0.99) / 1000,
           pct_us(s, 0.999) / 1000, (unsigned long long)s->lat_over);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    for (int i = 0; i < n_subs; i++)
        nn_close(s->subs[i]);
    nn_close(pub);
    free(s->sent_us);
    free(s->lat);
    free(s);
    return complete == (uint64_t)n_subs ? 0 : 1; /* 1: a shortfall, already printed */
}

static void journal_cost(const char *dir, uint64_t n)
{
    char err[256], buf[512];
    wb_journal j;
    if (wb_journal_open_dir(&j, dir, "", err, sizeof err) < 0) {
        fprintf(stderr, "journal: %s\n", err);
        return;
    }
    wb_ms t0 = wb_wall_ms();
    int64_t a = mono_us();
    for (uint64_t seq = 1; seq <= n; seq++) {
        int len = event_text(buf, sizeof buf, seq, t0 + (wb_ms)seq);
        wb_journal_append(&j, t0 + (wb_ms)seq, t0 + (wb_ms)seq, buf, (size_t)len);
        if (seq % 10000 == 0)
            wb_journal_flush(&j);
    }
    wb_journal_close(&j);
    int64_t b = mono_us();
    wb_config cfg;
    wb_config_defaults(&cfg);
    wb_board *board = wb_board_new(&cfg);
    int64_t c = mono_us();
    for (uint64_t seq = 1; seq <= n; seq++) {
        int len = event_text(buf, sizeof buf, seq, t0 + (wb_ms)seq);
        wb_board_ingest(board, buf, (size_t)len, t0 + (wb_ms)seq);
    }
    int64_t d = mono_us();
    wb_board_free(board);
    double jns = (double)(b - a) * 1000.0 / (double)n, ins = (double)(d - c) * 1000.0 / (double)n;
    printf("journal: %.0f ns per event appended (flushed with fdatasync every 10,000 lines), "
           "decode + apply %.0f ns: journaling adds %.2fx the hub's own work\n",
           jns, ins, jns / ins);
}

static void restart_time(const char *hub, const char *dir, uint64_t n)
{
    char jdir[600], path[700], buf[512];
    snprintf(jdir, sizeof jdir, "%s/day", dir);
    mkdir(jdir, 0755);
    wb_ms now = wb_wall_ms();
    wb_ms day0 = wb_day_start(now, "");
    struct tm tm;
    wb_localtime(now, "", &tm);
    snprintf(path, sizeof path, "%s/%04d-%02d-%02d.jsonl", jdir, tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    /* The events spread over the day so far, every contact's lifecycle in order. */
    wb_ms span = now - day0 - 1000;
    for (uint64_t seq = 1; seq <= n; seq++) {
        wb_ms ts = day0 + (wb_ms)((double)span * (double)seq / (double)n);
        event_text(buf, sizeof buf, seq, ts);
        fprintf(f, "{\"rx\":%lld,\"msg\":%s}\n", (long long)ts, buf);
    }
    fclose(f);
    char errp[700], in[700], out[700];
    snprintf(errp, sizeof errp, "%s/restart.err", dir);
    snprintf(in, sizeof in, "ipc://%s/rin.ipc", dir);
    snprintf(out, sizeof out, "ipc://%s/rout.ipc", dir);
    char *argv[] = {(char *)hub, "--listen",     in,      "--bind", out, "--journal",
                    jdir,        "--exit-after", "0.001", NULL};
    int64_t a = mono_us();
    pid_t pid = spawn(argv, errp);
    if (pid < 0)
        return;
    waitpid(pid, NULL, 0);
    double total = (double)(mono_us() - a) / 1e6;
    FILE *e = fopen(errp, "r");
    long long ms = -1;
    unsigned long long lines = 0;
    while (e && fgets(buf, sizeof buf, e)) {
        char *p = strstr(buf, " lines rebuilt in ");
        if (p) {
            ms = atoll(p + 18);
            while (p > buf && p[-1] >= '0' && p[-1] <= '9')
                p--;
            lines = strtoull(p, NULL, 10);
        }
    }
    if (e)
        fclose(e);
    printf("restart: %llu journal lines rebuilt in %lld ms (%.0f ns per line); the whole hub "
           "process, start to exit, %.2f s\n",
           lines, ms, lines ? (double)ms * 1e6 / (double)lines : 0.0, total);
}

int main(int argc, char **argv)
{
    char hub[4096];
    if (argc > 1 && argv[1][0]) {
        snprintf(hub, sizeof hub, "%s", argv[1]);
    } else {
        ssize_t n = readlink("/proc/self/exe", hub, sizeof hub - 64);
        if (n <= 0)
            return 1;
        hub[n] = '\0';
        strcpy(strrchr(hub, '/'), "/../src/apps/wallboard-hub");
    }
    int subs = argc > 2 ? atoi(argv[2]) : 50;
    double rate = argc > 3 ? atof(argv[3]) : 10000;
    double secs = argc > 4 ? atof(argv[4]) : 30;
    uint64_t day = argc > 5 ? strtoull(argv[5], NULL, 10) : 500000;
    if (subs < 2 || subs > MAX_SUBS || rate <= 0 || secs <= 0) {
        fprintf(stderr,
                "usage: bench_hub [HUB] [SUBSCRIBERS 2..256] [RATE] [SECONDS] [DAY_EVENTS]\n");
        return 2;
    }
    char dir[] = "/tmp/bench_hub.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    signal(SIGPIPE, SIG_IGN);
    /* A benchmark prints figures: a shortfall is a figure ("NO"), not a failed run. */
    int rc = fanout(hub, dir, subs, rate, secs) < 0 ? 1 : 0;
    journal_cost(dir, (uint64_t)(rate * secs));
    restart_time(hub, dir, day);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_hub: could not remove %s\n", dir);
    return rc;
}
