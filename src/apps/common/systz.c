/*
 * systz.c - the system's time zone (systz.h).
 */
#include "systz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wb_config_load.h"

/*
 * A candidate as a zone name, or NULL: a path is cut after its last "zoneinfo/" (the tzdata
 * tree may be /usr/share/zoneinfo, /usr/lib/zoneinfo or /etc/zoneinfo) and loses a "posix/"
 * or "right/" subtree, which hold the same zones under the same names.
 */
static const char *zone_part(const char *s)
{
    if (s[0] == '/' || strncmp(s, "../", 3) == 0) {
        const char *z = NULL;
        for (const char *p = strstr(s, "zoneinfo/"); p; p = strstr(p + 1, "zoneinfo/"))
            z = p + strlen("zoneinfo/");
        if (!z)
            return NULL;
        s = z;
    }
    if (strncmp(s, "posix/", 6) == 0)
        s += 6;
    else if (strncmp(s, "right/", 6) == 0)
        s += 6;
    return s;
}

/* Copies the zone named by s into out when wb_config_tz_check knows it; true if it did. */
static bool take(const char *s, char *out, size_t cap)
{
    const char *z = s ? zone_part(s) : NULL;
    char why[128];
    if (!z || !z[0] || strlen(z) >= cap || wb_config_tz_check(z, why, sizeof why) < 0)
        return false;
    snprintf(out, cap, "%s", z);
    return true;
}

wb_systz_source wb_systz_find(const char *env_tz, const char *localtime, const char *timezone,
                              char *out, size_t cap, char *note, size_t n)
{
    if (note && n)
        note[0] = '\0';
    if (env_tz && env_tz[0]) {
        if (take(env_tz[0] == ':' ? env_tz + 1 : env_tz, out, cap))
            return WB_SYSTZ_ENV;
        if (note && n)
            snprintf(note, n,
                     "TZ=%.64s names no zone under " WB_ZONEINFO_DIR " (a POSIX rule cannot "
                     "be shared with the publishers); passed over",
                     env_tz);
    }
    char link[256];
    ssize_t len = localtime ? readlink(localtime, link, sizeof link - 1) : -1;
    if (len > 0) {
        link[len] = '\0';
        if (take(link, out, cap))
            return WB_SYSTZ_LOCALTIME;
    }
    FILE *f = timezone ? fopen(timezone, "r") : NULL;
    if (f) {
        char line[128];
        bool got = fgets(line, sizeof line, f) != NULL;
        fclose(f);
        if (got) {
            line[strcspn(line, " \t\r\n")] = '\0';
            if (take(line, out, cap))
                return WB_SYSTZ_FILE;
        }
    }
    snprintf(out, cap, "UTC");
    return WB_SYSTZ_NONE;
}

bool wb_systz_fill(const char *prog, char *tz, size_t cap)
{
    /* TZ as the process found it: wb_time.c replaces it with the zone in use. */
    static bool saved, noted;
    static char env[256];
    static bool has_env;
    if (!saved) {
        const char *e = getenv("TZ");
        has_env = e != NULL;
        snprintf(env, sizeof env, "%s", e ? e : "");
        saved = true;
    }
    if (tz[0])
        return false;
    char note[256];
    wb_systz_find(has_env ? env : NULL, WB_SYSTZ_LOCALTIME_PATH, WB_SYSTZ_TIMEZONE_PATH, tz, cap,
                  note, sizeof note);
    if (note[0] && !noted) {
        fprintf(stderr, "%s: note: %s\n", prog, note);
        noted = true;
    }
    return true;
}

const char *wb_systz_said(bool filled)
{
    return filled ? " (the system's)" : "";
}
