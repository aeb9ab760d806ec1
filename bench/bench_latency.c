/*
 * bench_latency.c - event to pixel: how long from a publisher sending an event until the frame
 * that shows it has been presented, at 1,000 and 10,000 events/s.
 *
 * For each rate it starts the real `wallboard` (offscreen SDL driver, software renderer,
 * 1920x1080, WB_LATENCY_LOG set: see app.h) subscribed to an ipc socket, waits until it is
 * connected and drawing, then publishes contact events at the rate for a few seconds, each
 * stamped with the wall clock at send. The display writes one figure per event after the
 * present that showed it; this program reads them back and prints p50, p99 and max. The
 * budget (docs/architecture.md, "Budgets") is p99 <= 12 ms at 10,000 events/s.
 *
 *   bench_latency [path/to/wallboard] [seconds per rate]   (defaults: next to this build, 5)
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "bench_util.h"
#include "wallclock.h"

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static int run(const char *bin, int rate, int seconds, double *p99_ms)
{
    char url[128], logpath[128], envlog[160];
    snprintf(url, sizeof url, "ipc:///tmp/wb-bench-lat-%d-%d.ipc", (int)getpid(), rate);
    snprintf(logpath, sizeof logpath, "/tmp/wb-bench-lat-%d-%d.log", (int)getpid(), rate);
    snprintf(envlog, sizeof envlog, "WB_LATENCY_LOG=%s", logpath);

    int pub = nn_socket(AF_SP, NN_PUB);
    if (pub < 0 || nn_bind(pub, url) < 0) {
        fprintf(stderr, "bench_latency: bind %s: %s\n", url, nn_strerror(nn_errno()));
        return 1;
    }
    char exit_after[16];
    snprintf(exit_after, sizeof exit_after, "%d", seconds + 4);
    char *argv[] = {(char *)bin, "--connect",    url,        "--window",
                    "1920x1080", "--exit-after", exit_after, NULL};
    pid_t pid = bench_spawn_offscreen(argv, envlog);
    if (pid < 0) {
        fprintf(stderr, "bench_latency: cannot start %s\n", bin);
        return 1;
    }

    /* Heartbeats until the wallboard is connected and has drawn its first frames. */
    char msg[512];
    for (int i = 0; i < 30; i++) {
        int len = snprintf(msg, sizeof msg, "{\"v\":1,\"type\":\"heartbeat\",\"ts\":%lld}",
                           (long long)wb_wall_ms());
        nn_send(pub, msg, (size_t)len, 0);
        usleep(100 * 1000);
    }
    /* The measured stream: queued then answered, one contact after another, paced. */
    const char *ch[] = {"phone", "chat", "email", "social", "webform"};
    double t0 = mono_s();
    long sent = 0;
    while (mono_s() - t0 < seconds) {
        long due = (long)((mono_s() - t0) * rate);
        for (; sent < due; sent++) {
            long c = sent / 2;
            int len = snprintf(msg, sizeof msg,
                               "{\"v\":1,\"type\":\"contact.%s\",\"ts\":%lld,\"src\":\"lat\","
                               "\"seq\":%ld,\"id\":\"c%ld\",\"channel\":\"%s\"}",
                               sent % 2 ? "answered" : "queued", (long long)wb_wall_ms(), sent + 1,
                               c, ch[c % 5]);
            nn_send(pub, msg, (size_t)len, 0);
        }
        usleep(200);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    nn_close(pub);
    unlink(url + strlen("ipc://"));

    FILE *f = fopen(logpath, "r");
    size_t cap = (size_t)sent + 1024, cnt = 0;
    long long *v = malloc(cap * sizeof *v);
    long long x;
    while (f && cnt < cap && fscanf(f, "%lld", &x) == 1)
        v[cnt++] = x;
    if (f)
        fclose(f);
    unlink(logpath);
    if (cnt == 0) {
        fprintf(stderr, "bench_latency: no figures (wallboard exit status %d)\n", status);
        free(v);
        return 1;
    }
    qsort(v, cnt, sizeof *v, cmp_ll);
    printf("  %6d events/s: %ld sent, %zu shown; event to pixel p50 %.1f ms, p99 %.1f ms, "
           "max %.1f ms\n",
           rate, sent, cnt, v[cnt / 2] / 1000.0, v[(size_t)(cnt * 0.99)] / 1000.0,
           v[cnt - 1] / 1000.0);
    *p99_ms = v[(size_t)(cnt * 0.99)] / 1000.0;
    free(v);
    return 0;
}

int main(int argc, char **argv)
{
    char def[4096];
    const char *bin = bench_wallboard_path(argc, argv, def, sizeof def);
    if (!bin)
        return 1;
    int seconds = argc > 2 ? atoi(argv[2]) : 5;
    printf("bench_latency: %s, offscreen driver, software renderer, 1920x1080 (budget: p99 <= "
           "12 ms at 10000 events/s)\n",
           bin);
    int rc = 0;
    double p99_1k = -1, p99_10k = -1;
    rc |= run(bin, 1000, seconds, &p99_1k);
    rc |= run(bin, 10000, seconds, &p99_10k);
    if (p99_10k >= 0)
        printf("GOAL event to pixel p99 at 10k events/s | %.1f ms | <= 12 ms | %s\n", p99_10k,
               p99_10k <= 12.0 ? "met" : "not met");
    return rc;
}
