/*
 * cli.c - option helpers (cli.h).
 */
#include "cli.h"

#include "wb_config.h"
#include "wb_config_load.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool wb_cli_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(d) || d < lo || d > hi)
        return false;
    *out = d;
    return true;
}

bool wb_cli_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

bool wb_cli_hhmm(const char *s, int max_min, int *min)
{
    int h, m;
    char tail;
    if (sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || m < 0 || m > 59 ||
        h * 60 + m > max_min)
        return false;
    *min = h * 60 + m;
    return true;
}

int wb_cli_bad(const char *prog, const char *opt, const char *value, const char *expect)
{
    fprintf(stderr, "%s: --%s %s: expected %s (see --help)\n", prog, opt, value, expect);
    return 2;
}

int wb_cli_unknown(const char *prog, int missing, char **args, int next)
{
    if (missing)
        fprintf(stderr, "%s: option %s needs a value (see --help)\n", prog, args[next - 1]);
    else
        fprintf(stderr, "%s: unknown option %s (see --help)\n", prog, args[next - 1]);
    return 2;
}

int wb_cli_tz(const char *prog, const char *value)
{
    char why[160];
    if (wb_config_tz_check(value, why, sizeof why) == 0)
        return 0;
    fprintf(stderr,
            "%s: --tz %s: %s; expected an IANA zone name such as Europe/Helsinki, or UTC "
            "(see --help)\n",
            prog, value, why);
    return 2;
}

#ifndef WB_VERSION
#define WB_VERSION "unknown"
#endif

int wb_cli_version(const char *prog)
{
    printf("%s %s\n", prog, WB_VERSION);
    return 0;
}

void wb_cli_hup_note(const char *prog)
{
    fprintf(stderr,
            "%s: SIGHUP: configuration is read at start; restart to apply (still running)\n", prog);
}

void wb_cli_catch_stop(void (*on_stop)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int wb_cli_add_url(const char *prog, const char *opt, const char **list, size_t *n, size_t max,
                   const char *url)
{
    if (*n >= max) {
        char expect[48];
        snprintf(expect, sizeof expect, "at most %zu URLs", max);
        return wb_cli_bad(prog, opt, url, expect);
    }
    list[(*n)++] = url;
    return -1;
}

const char *wb_cli_config_file(const char *given)
{
    if (given)
        return given;
    const char *env = getenv("WB_CONFIG");
    if (env && *env)
        return env;
    if (access(WB_DEFAULT_CONFIG, R_OK) == 0)
        return WB_DEFAULT_CONFIG;
    return NULL;
}

int wb_cli_load_config(wb_config *cfg, const char *prog, const char *given,
                       void (*builtin)(wb_config *), const char **used)
{
    const char *path = wb_cli_config_file(given);
    *used = path;
    if (!path) {
        builtin(cfg);
        return 0;
    }
    char err[512];
    if (wb_config_load(cfg, path, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 2;
    }
    return 0;
}
