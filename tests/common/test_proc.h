/*
 * test_proc.h - readers of /proc for the tests and benchmarks that watch a process: resident
 * memory and CPU time. Header-only (static inline); nothing to free. Linux only: each returns
 * -1 when the file cannot be read (the process is gone, or no /proc).
 */
#ifndef WB_TEST_PROC_H
#define WB_TEST_PROC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* VmRSS in KiB from a /proc/.../status file ("/proc/self/status", "/proc/PID/status"). */
static inline long test_rss_kib_path(const char *status_path)
{
    FILE *f = fopen(status_path, "r");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

/* Resident memory of process pid in KiB (0 = this process). */
static inline long test_rss_kib(pid_t pid)
{
    char path[64];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/status");
    else
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    return test_rss_kib_path(path);
}

/* CPU time (utime + stime) of process pid in seconds, from /proc/PID/stat. */
static inline double test_cpu_s(pid_t pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Fields after the command name, which is in parentheses and may contain spaces. */
    char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

#endif
