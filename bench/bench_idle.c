/*
 * bench_idle.c - CPU used by an idle wallboard: the display up at 1920x1080 (offscreen
 * driver, software renderer), its clock ticking once a second, no publisher sending anything.
 * Then the same with the in-process simulator running (--demo), for comparison.
 *
 * CPU time is read from /proc/PID/stat (utime + stime) over a window after a warm-up, and
 * printed as a percentage of one core; VmRSS at the end of the window is printed too. The
 * budget (docs/architecture.md, "Budgets") is <= 0.3 % of a core for the idle case.
 *
 *   bench_idle [path/to/wallboard] [seconds]     (defaults: next to this build, 30)
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void measure(const char *bin, const char *what, char **args, int seconds)
{
    pid_t pid = bench_spawn_offscreen(args, NULL);
    if (pid < 0) {
        fprintf(stderr, "bench_idle: cannot start %s\n", bin);
        exit(1);
    }
    sleep(3); /* start-up: window, fonts, first frames */
    double c0 = test_cpu_s(pid), t0 = mono_s();
    sleep((unsigned)seconds);
    double c1 = test_cpu_s(pid), t1 = mono_s();
    char status[64];
    snprintf(status, sizeof status, "/proc/%d/status", (int)pid);
    long rss = bench_rss_kib(status);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    printf("  %-44s CPU %5.2f %% of a core over %.0f s, RSS %.1f MB\n", what,
           100.0 * (c1 - c0) / (t1 - t0), t1 - t0, (double)rss / 1024.0);
}

int main(int argc, char **argv)
{
    char def[4096];
    const char *bin = bench_wallboard_path(argc, argv, def, sizeof def);
    if (!bin)
        return 1;
    int seconds = argc > 2 ? atoi(argv[2]) : 30;
    printf("bench_idle: %s, offscreen driver, 1920x1080 (budget: idle <= 0.3 %% of a core)\n", bin);
    char url[96];
    snprintf(url, sizeof url, "ipc:///tmp/wb-bench-idle-%d.ipc", (int)getpid());
    char *idle[] = {(char *)bin, "--connect", url, "--window", "1920x1080", NULL};
    measure(bin, "idle (no publisher, 1 Hz clock)", idle, seconds);
    char *demo[] = {(char *)bin, "--demo", "--window", "1920x1080", NULL};
    measure(bin, "live (--demo, events every 100 ms)", demo, seconds);
    return 0;
}
