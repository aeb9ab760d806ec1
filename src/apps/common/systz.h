/*
 * systz.h - the system's time zone, for a configuration that names none. The screen's "today"
 * starts at local midnight; an installer sets the zone once for the whole machine
 * (timedatectl set-timezone), so a configuration without a timezone follows the system's
 * rather than UTC. The core never reads the system: the programs resolve the zone here and put
 * the name into their wb_config's tz, which the core then uses as before.
 *
 * Order: the TZ environment variable when it names a zone (with or without a leading ':', or
 * a path under a zoneinfo directory), else the target of /etc/localtime when it is a link
 * into a zoneinfo directory, else the first line of /etc/timezone, else UTC. Every candidate
 * must pass wb_config_tz_check (a zone with its tzdata file), so the core can load it.
 *
 * State: wb_systz_fill keeps a copy of TZ as the program found it (wb_time.c sets TZ itself
 * later); nothing allocated, nothing to free.
 */
#ifndef WB_SYSTZ_H
#define WB_SYSTZ_H

#include <stdbool.h>
#include <stddef.h>

#define WB_SYSTZ_LOCALTIME_PATH "/etc/localtime"
#define WB_SYSTZ_TIMEZONE_PATH "/etc/timezone"

/* Where the zone came from. */
typedef enum wb_systz_source {
    WB_SYSTZ_ENV,       /* the TZ environment variable */
    WB_SYSTZ_LOCALTIME, /* the link /etc/localtime */
    WB_SYSTZ_FILE,      /* /etc/timezone */
    WB_SYSTZ_NONE,      /* none of them named a known zone: UTC */
} wb_systz_source;

/*
 * Writes the system's zone into out (cap bytes, always terminated) and returns where it came
 * from. env_tz is TZ's value or NULL; localtime and timezone are the paths of the link and the
 * file (WB_SYSTZ_LOCALTIME_PATH, WB_SYSTZ_TIMEZONE_PATH; a test passes its own). With WB_SYSTZ_NONE
 * out is "UTC". When env_tz is set but names no known zone (a POSIX rule such as "EET-2"), note (n
 * bytes, may be NULL) gets a sentence saying it was passed over; otherwise note is "".
 */
wb_systz_source wb_systz_find(const char *env_tz, const char *localtime, const char *timezone,
                              char *out, size_t cap, char *note, size_t n);

/*
 * For the programs: when tz (a wb_config's tz, cap bytes) is empty, fills it with the
 * system's zone (wb_systz_find with the TZ this process started with and the real paths) and
 * returns true; a zone already there is left alone (false). The first call saves TZ, so it
 * must come before anything that calls wb_time.h. A note about TZ is printed on stderr,
 * prefixed by prog, once per process.
 */
bool wb_systz_fill(const char *prog, char *tz, size_t cap);

/* " (the system's)" after wb_systz_fill returned true, "" after false: for the start-up line. */
const char *wb_systz_said(bool filled);

#endif
