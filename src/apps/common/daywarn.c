/*
 * daywarn.c - the time-zone mismatch line (daywarn.h).
 */
#include "daywarn.h"

#include <stdio.h>
#include <time.h>

/* An instant as UTC ISO 8601 to the second: both day starts in one zone, so they compare. */
static void utc_text(wb_ms t, char *buf, size_t n)
{
    time_t s = (time_t)(t / 1000);
    struct tm tm;
    if (!gmtime_r(&s, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "%lld ms", (long long)t);
}

void wb_daywarn_text(const wb_day_mismatch *d, const char *tz, const char *who, char *buf, size_t n)
{
    char theirs[32], ours[32];
    utc_text(d->theirs, theirs, sizeof theirs);
    utc_text(d->ours, ours, sizeof ours);
    /*
     * The two midnights differ by the difference of the zones' offsets (give or take whole
     * days when the publisher is already on another date): in minutes, for the zones that
     * are half an hour or three quarters off.
     */
    long long diff = (long long)((d->ours - d->theirs) / 60000);
    long long mag = diff < 0 ? -diff : diff;
    snprintf(buf, n,
             "a publisher's snapshot counts \"today\" from %s, %lld h %02lld min %s this %s's "
             "day (from %s, timezone \"%s\"): the publisher and this %s likely run in different "
             "time zones, so the publisher's counts of the day were left out (its agents, "
             "contacts and rates were applied); set the same timezone on both (counted as "
             "snapshot_day_mismatch in the stats)",
             theirs, mag / 60, mag % 60, diff >= 0 ? "before" : "after", who, ours,
             tz && tz[0] ? tz : "UTC", who);
}

void wb_daywarn_log(const wb_board *b, const char *prog, const char *who, bool *logged)
{
    wb_day_mismatch d;
    wb_model_day_mismatch(wb_board_model_const(b), &d);
    if (*logged || d.n == 0)
        return;
    char line[768];
    const wb_config *cfg = wb_board_config(b);
    wb_daywarn_text(&d, cfg ? cfg->tz : "", who, line, sizeof line);
    fprintf(stderr, "%s: %s\n", prog, line);
    *logged = true;
}
