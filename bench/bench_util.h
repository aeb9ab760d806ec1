/*
 * bench_util.h - small helpers shared by the benchmark programs that measure the real
 * `wallboard` in a child process. Header-only (static inline functions): each benchmark is one
 * program built from one source file.
 */
#ifndef WB_BENCH_UTIL_H
#define WB_BENCH_UTIL_H

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "test_proc.h"

extern char **environ;

/*
 * Starts argv[0] with this process's environment, SDL's offscreen driver (replacing any
 * SDL_VIDEODRIVER) and one optional extra "NAME=value". Returns the pid, or -1.
 */
static inline pid_t bench_spawn_offscreen(char *const argv[], const char *extra)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 3, sizeof *env);
    if (!env)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "SDL_VIDEODRIVER=", 16) != 0)
            env[k++] = environ[i];
    env[k++] = "SDL_VIDEODRIVER=offscreen";
    if (extra)
        env[k++] = (char *)extra;
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, env);
    free(env);
    return rc == 0 ? pid : -1;
}

/*
 * The wallboard program to measure: argv[1] when given and not empty, else the one of this
 * build (benchmarks live in BUILD/bench, the program in BUILD/src/apps). buf holds the path.
 * Returns NULL when the path of this program cannot be read.
 */
static inline const char *bench_wallboard_path(int argc, char **argv, char *buf, size_t cap)
{
    if (argc > 1 && argv[1][0])
        return argv[1];
    const char *rel = "/../src/apps/wallboard";
    ssize_t n = readlink("/proc/self/exe", buf, cap - strlen(rel) - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    strcpy(strrchr(buf, '/'), rel);
    return buf;
}

/* VmRSS in KiB from a /proc/.../status file: the tests' reader (tests/common/test_proc.h). */
static inline long bench_rss_kib(const char *status_path)
{
    return test_rss_kib_path(status_path);
}

#endif
