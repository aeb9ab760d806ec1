/*
 * bench_idle.c - CPU used by an idle wallboard: the display up (offscreen driver, software
 * renderer), its clock ticking once a second, no publisher sending anything. Measured at
 * 3840x2160 (the goal's size) as the wallboard draws (only what changed), then the same with
 * every frame drawn whole (WB_FULL_REDRAW=1) as the peer in the same run, then at 1920x1080,
 * then with the in-process simulator running (--demo) for comparison.
 *
 * CPU time is read from /proc/PID/stat (utime + stime) over a window after a warm-up, and
 * printed as a percentage of one core; VmRSS at the end of the window is printed too. The
 * budget (docs/architecture.md, "Budgets") is <= 0.3 % of a core for the idle case, printed as
 * a line "GOAL name | figure | goal | met" (or "not met") for bench/run_all.sh.
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

/* Runs args for seconds after a warm-up; prints and returns the CPU share in percent. */
static double measure(const char *bin, const char *what, char **args, const char *env, int seconds)
{
    pid_t pid = bench_spawn_offscreen(args, env);
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
    double pct = 100.0 * (c1 - c0) / (t1 - t0);
    printf("  %-52s CPU %5.2f %% of a core over %.0f s, RSS %.1f MB\n", what, pct, t1 - t0,
           (double)rss / 1024.0);
    return pct;
}

int main(int argc, char **argv)
{
    char def[4096];
    const char *bin = bench_wallboard_path(argc, argv, def, sizeof def);
    if (!bin)
        return 1;
    int seconds = argc > 2 ? atoi(argv[2]) : 30;
    printf("bench_idle: %s, offscreen driver (budget: idle <= 0.3 %% of a core)\n", bin);
    char url[96];
    snprintf(url, sizeof url, "ipc:///tmp/wb-bench-idle-%d.ipc", (int)getpid());
    char *idle4k[] = {(char *)bin, "--connect", url, "--window", "3840x2160", NULL};
    double part = measure(bin, "idle 3840x2160 (no publisher, 1 Hz clock)", idle4k, NULL, seconds);
    double full = measure(bin, "idle 3840x2160, every frame whole (WB_FULL_REDRAW=1)", idle4k,
                          "WB_FULL_REDRAW=1", seconds);
    if (full > 0)
        printf("  redrawing only what changed / whole frames: %.2fx the CPU\n", part / full);
    char *idle[] = {(char *)bin, "--connect", url, "--window", "1920x1080", NULL};
    measure(bin, "idle (no publisher, 1 Hz clock) 1920x1080", idle, NULL, seconds);
    char *demo[] = {(char *)bin, "--demo", "--window", "1920x1080", NULL};
    measure(bin, "live (--demo, events every 100 ms) 1920x1080", demo, NULL, seconds);
    printf("GOAL idle CPU, 1 Hz clock, 3840x2160 | %.2f %% of a core | <= 0.3 %% | %s\n", part,
           part <= 0.3 ? "met" : "not met");
    return 0;
}
