/*
 * cli.h - the option helpers shared by the publishers, the hub and the replayer: number and
 * time-of-day parsing, URL lists, the one-line messages for a bad or unknown option, and the
 * configuration file the wallboard reads when none is named.
 *
 * Nothing here allocates; the messages go to stderr, prefixed with the program's name, and
 * the functions that print return the exit code for a usage error (2).
 */
#ifndef WB_CLI_H
#define WB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A finite number in [lo, hi] and nothing after it. */
bool wb_cli_double(const char *s, double lo, double hi, double *out);
/* A non-negative decimal integer, no sign. */
bool wb_cli_u64(const char *s, uint64_t *out);
/* HH:MM as minutes after midnight, up to max_min (23:59 = 1439, 24:00 = 1440). */
bool wb_cli_hhmm(const char *s, int max_min, int *min);

/* "PROG: --OPT VALUE: expected EXPECT (see --help)"; returns 2. */
int wb_cli_bad(const char *prog, const char *opt, const char *value, const char *expect);

/*
 * The message for getopt_long's '?': called with getopt's optopt, argv and optind (the names
 * differ so as not to shadow those globals). missing is non-zero for an option given without
 * its value, zero for an unknown one; args[next - 1] is the option as written. Returns 2.
 */
int wb_cli_unknown(const char *prog, int missing, char **args, int next);

/*
 * 0 when --tz value names a zone a configuration's timezone may (wb_config_tz_check: an IANA
 * name with its tzdata file, or UTC); else "PROG: --tz VALUE: why; expected ..." and 2.
 */
int wb_cli_tz(const char *prog, const char *value);

/* Appends url to list (n entries, room for max); wb_cli_bad's message and 2 when full, else -1. */
int wb_cli_add_url(const char *prog, const char *opt, const char **list, size_t *n, size_t max,
                   const char *url);

/* The system configuration file, read when no --config and no $WB_CONFIG name one. */
#define WB_DEFAULT_CONFIG "/etc/wallboard/wallboard.ini"

/*
 * The configuration file the wallboard judges by: given (--config) when not NULL, else
 * $WB_CONFIG when set and not empty, else WB_DEFAULT_CONFIG when it is readable, else NULL
 * (the built-in configuration). The simulator, the hub and the replayer look in the same
 * places, so that their snapshots, whose judged counters replace a screen's own, judge as the
 * screen on that machine does. The result is not a copy: it is given, the environment's
 * string or the constant.
 */
const char *wb_cli_config_file(const char *given);

typedef struct wb_config wb_config;
/*
 * Fills cfg from the file wb_cli_config_file(given) names, or with builtin(cfg) when there is
 * none; *used is that file (not a copy), NULL for the built-in configuration. 0, or 2 after
 * one line on stderr ("prog: file:line: ... key ...") for a file the loader refuses. Every
 * program whose snapshots carry judged counters loads its configuration so.
 */
int wb_cli_load_config(wb_config *cfg, const char *prog, const char *given,
                       void (*builtin)(wb_config *), const char **used);

/*
 * What a service that reads its configuration only at start says on SIGHUP, instead of dying
 * of it (the default action): "PROG: SIGHUP: configuration is read at start; restart to
 * apply". Called from the program's own SIGHUP handler (a libuv one: not async-signal-safe).
 */
void wb_cli_hup_note(const char *prog);

/*
 * --version of every program but the screen (which adds its build's display): "PROG VERSION"
 * on stdout, the project's version from CMake. Returns 0, the exit code.
 */
int wb_cli_version(const char *prog);

/* SIGINT and SIGTERM call on_stop (which should only set a flag); SIGPIPE is ignored. */
void wb_cli_catch_stop(void (*on_stop)(int));

#endif
