/*
 * bench_join.c - what join requests (wallboard --hub) cost the hub.
 *
 *   bench_join [HUB_PATH] [REQUESTS] [CLIENTS] [SOURCES]
 *   (defaults: the build's wallboard-hub, 200, 10, 8)
 *
 * The real wallboard-hub in a child process holds a day of SOURCES publishers, each with
 * 1,000 agents and 100 waiting contacts (rebuilt from a journal file written here), so one
 * answer carries SOURCES snapshots of about 130 KB. Then:
 *
 * 1. Loop: CLIENTS REQ sockets (as a screen sets them: resend after 1 s) ask REQUESTS times
 *    in all, each asking again as soon as its answer is in: a screen stuck in a restart loop,
 *    or a script asking in a loop.
 * 2. Flood: REQUESTS REQ sockets ask once each, at the same moment: a floor of screens
 *    switched on together.
 *
 * For each: the wall time until every answer is in, the hub's CPU time over it (from /proc),
 * that CPU per answer, and whether every answer was a whole one (a hub.reply header naming
 * SOURCES sources, then SOURCES snapshot lines). At the end the hub's own summary line (how
 * many answers it built, when it says so).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>

#include "test_proc.h"
#include "wallclock.h"
#include "wb_model.h"
#include "wb_time.h"

extern char **environ;

#define MAX_CLIENTS 1000

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static pid_t spawn(char *const argv[], const char *err_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

/* Today's journal file in dir: one snapshot line per source, stamped a minute ago. */
static int write_day(const char *dir, int sources)
{
    wb_ms now = wb_wall_ms(), ts = now - 60000;
    struct tm tm;
    wb_localtime(now, "", &tm);
    char path[700];
    snprintf(path, sizeof path, "%s/%04d-%02d-%02d.jsonl", dir, tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    wb_config cfg;
    wb_config_defaults(&cfg);
    size_t cap = 4 * 1024 * 1024;
    char *buf = malloc(cap), name[32], q[32], id[32], src[16];
    for (int s = 0; s < sources; s++) {
        wb_model *m = wb_model_new(&cfg);
        snprintf(src, sizeof src, "acd-%d", s);
        for (int i = 0; i < 1000; i++) {
            wb_event ev;
            wb_event_init(&ev, WB_EV_AGENT_STATE, ts - 1000 + i);
            snprintf(name, sizeof name, "agent-%04d", i);
            ev.src = src;
            ev.agent = name;
            ev.state = i % 3 ? WB_AGENT_AVAILABLE : WB_AGENT_PAUSED;
            ev.channels[0] = "phone";
            ev.n_channels = 1;
            wb_model_apply(m, &ev, ts);
        }
        for (int i = 0; i < 100; i++) {
            wb_event ev;
            wb_event_init(&ev, WB_EV_QUEUED, ts - 500 + i);
            snprintf(q, sizeof q, "queue-%03d", i);
            snprintf(id, sizeof id, "c%d", i);
            ev.src = src;
            ev.id = id;
            ev.channel = "phone";
            ev.queue = q;
            wb_model_apply(m, &ev, ts);
        }
        wb_event ev;
        wb_event_init(&ev, WB_EV_SNAPSHOT, ts);
        ev.src = src;
        ev.has_seq = true;
        ev.seq = 1100;
        int n = -1;
        if (wb_model_snapshot(m, src, ts, &ev.snap) == WB_OK) {
            n = wb_event_encode(&ev, buf, cap);
            wb_snapshot_fini(&ev.snap);
        }
        wb_model_free(m);
        if (n < 0)
            break;
        fprintf(f, "{\"rx\":%lld,\"msg\":%.*s}\n", (long long)ts, n, buf);
    }
    free(buf);
    return fclose(f);
}

static int req_socket(const char *url)
{
    int s = nn_socket(AF_SP, NN_REQ), resend = 1000, unlimited = -1;
    nn_setsockopt(s, NN_REQ, NN_REQ_RESEND_IVL, &resend, sizeof resend);
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, &unlimited, sizeof unlimited);
    nn_connect(s, url);
    return s;
}

/* A whole answer: the header naming `sources`, then that many snapshot lines. */
static bool whole(const char *m, int len, int sources)
{
    char want[64];
    snprintf(want, sizeof want, "\"sources\":%d}", sources);
    if (len < 30 || strncmp(m, "{\"v\":1,\"type\":\"hub.reply\"", 25) != 0 ||
        !memmem(m, (size_t)len, want, strlen(want)))
        return false;
    int lines = 0;
    for (const char *p = m; (p = memchr(p, '\n', (size_t)(m + len - p))) != NULL; p++) {
        lines++;
        if (p + 1 < m + len && strncmp(p + 1, "{\"v\":1,\"type\":\"snapshot\"", 24) != 0)
            return false;
    }
    return lines == sources + 1;
}

/*
 * n_sock REQ sockets ask `total` times in all, each again as soon as its answer is in. Prints
 * the figures under the label; returns the number of whole answers.
 */
static int run(const char *label, pid_t hub, const char *url, int n_sock, int total, int sources)
{
    static int sock[MAX_CLIENTS];
    static struct nn_pollfd pfd[MAX_CLIENTS];
    for (int i = 0; i < n_sock; i++)
        sock[i] = req_socket(url);
    usleep(300000);
    double cpu0 = test_cpu_s(hub);
    int64_t t0 = mono_us(), max_wait = 0, asked_at[MAX_CLIENTS];
    int sent = 0, got = 0, ok = 0;
    for (int i = 0; i < n_sock && sent < total; i++, sent++) {
        nn_send(sock[i], "snapshot", 8, 0);
        asked_at[i] = mono_us();
    }
    while (got < total && mono_us() - t0 < 600 * 1000000LL) {
        for (int i = 0; i < n_sock; i++)
            pfd[i] = (struct nn_pollfd){.fd = sock[i], .events = NN_POLLIN};
        if (nn_poll(pfd, n_sock, 100) <= 0)
            continue;
        for (int i = 0; i < n_sock; i++) {
            if (!(pfd[i].revents & NN_POLLIN))
                continue;
            char *msg;
            int len = nn_recv(sock[i], &msg, NN_MSG, NN_DONTWAIT);
            if (len < 0)
                continue;
            int64_t w = mono_us() - asked_at[i];
            max_wait = w > max_wait ? w : max_wait;
            got++;
            ok += whole(msg, len, sources);
            nn_freemsg(msg);
            if (sent < total) {
                nn_send(sock[i], "snapshot", 8, 0);
                asked_at[i] = mono_us();
                sent++;
            }
        }
    }
    double el = (double)(mono_us() - t0) / 1e6, cpu = test_cpu_s(hub) - cpu0;
    printf("%s: %d requests from %d REQ sockets, %d answered (%d whole) in %.2f s, longest wait "
           "%.2f s\n",
           label, total, n_sock, got, ok, el, (double)max_wait / 1e6);
    printf("  hub CPU %.2f s = %.1f ms per answer, %.0f %% of one core over the run\n", cpu,
           got ? cpu * 1000 / got : 0.0, cpu / el * 100);
    for (int i = 0; i < n_sock; i++)
        nn_close(sock[i]);
    return ok;
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
    int total = argc > 2 ? atoi(argv[2]) : 200, clients = argc > 3 ? atoi(argv[3]) : 10;
    int sources = argc > 4 ? atoi(argv[4]) : 8;
    if (total < 1 || total > MAX_CLIENTS || clients < 1 || clients > total || sources < 1 ||
        sources > 64) {
        fprintf(stderr,
                "usage: bench_join [HUB] [REQUESTS 1..%d] [CLIENTS 1..REQUESTS] "
                "[SOURCES 1..64]\n",
                MAX_CLIENTS);
        return 2;
    }
    char dir[] = "/tmp/bench_join.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    signal(SIGPIPE, SIG_IGN);
    char jdir[700], in[700], out[700], rep[700], errp[700];
    snprintf(jdir, sizeof jdir, "%s/day", dir);
    mkdir(jdir, 0755);
    snprintf(in, sizeof in, "ipc://%s/in.ipc", dir);
    snprintf(out, sizeof out, "ipc://%s/out.ipc", dir);
    snprintf(rep, sizeof rep, "ipc://%s/out.ipc.req", dir);
    snprintf(errp, sizeof errp, "%s/hub.err", dir);
    int rc = 1;
    if (write_day(jdir, sources) != 0) {
        fprintf(stderr, "bench_join: cannot write the day in %s\n", jdir);
    } else {
        char *hargv[] = {hub,  "--listen",     in,     "--bind", out, "--journal",
                         jdir, "--snapshot-s", "3600", NULL};
        pid_t pid = spawn(hargv, errp);
        if (pid > 0) {
            /* The first answer says the hub has rebuilt its day and listens. */
            int s = req_socket(rep);
            nn_send(s, "snapshot", 8, 0);
            char *msg;
            int len = nn_recv(s, &msg, NN_MSG, 0);
            nn_close(s);
            if (len > 0) {
                printf("hub holds %d sources; one answer is %d bytes\n", sources, len);
                nn_freemsg(msg);
                int a = run("loop", pid, rep, clients, total, sources);
                sleep(2); /* the loop's last deferred answers are out; the flood starts afresh */
                int b = run("flood", pid, rep, total, total, sources);
                rc = a == total && b == total ? 0 : 1;
            }
            kill(pid, SIGTERM);
            waitpid(pid, NULL, 0);
            FILE *e = fopen(errp, "r");
            char line[1024];
            while (e && fgets(line, sizeof line, e))
                if (strstr(line, "forwarded"))
                    printf("hub: %s", strstr(line, "forwarded"));
            if (e)
                fclose(e);
        }
    }
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_join: could not remove %s\n", dir);
    return rc;
}
