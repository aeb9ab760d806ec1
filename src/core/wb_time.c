/*
 * wb_time.c - local calendar arithmetic through the C library's zone database.
 *
 * The only state is the name of the zone last installed in TZ, so that tzset() runs once per
 * zone change rather than once per call.
 */
#include "wb_time.h"

#include <stdlib.h>
#include <string.h>

static char current_tz[64] = "\x01"; /* never a real zone name: forces the first tzset() */

static void use_zone(const char *tz)
{
    if (!tz)
        tz = "";
    if (strncmp(current_tz, tz, sizeof current_tz) == 0)
        return;
    /* An empty zone means UTC, which "UTC0" names without needing the zone database. */
    setenv("TZ", tz[0] ? tz : "UTC0", 1);
    tzset();
    strncpy(current_tz, tz, sizeof current_tz - 1);
    current_tz[sizeof current_tz - 1] = '\0';
}

static time_t to_time(wb_ms t)
{
    /* Floor division, so that times before 1970 still land in the right second. */
    return (time_t)(t >= 0 ? t / 1000 : -((-t + 999) / 1000));
}

void wb_localtime(wb_ms t, const char *tz, struct tm *out)
{
    time_t s = to_time(t);
    use_zone(tz);
    localtime_r(&s, out);
}

static wb_ms midnight_of(struct tm tm, int day_offset)
{
    tm.tm_mday += day_offset;
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    /* Let mktime work out whether daylight saving time is in force at that midnight. */
    tm.tm_isdst = -1;
    return (wb_ms)mktime(&tm) * 1000;
}

wb_ms wb_day_start(wb_ms t, const char *tz)
{
    struct tm tm;
    wb_localtime(t, tz, &tm);
    return midnight_of(tm, 0);
}

wb_ms wb_day_end(wb_ms t, const char *tz)
{
    struct tm tm;
    wb_localtime(t, tz, &tm);
    return midnight_of(tm, 1);
}

/*
 * A walk through the day a minute at a time (1,440 conversions at most, once per command
 * line): mktime() gives no defined answer for a time a transition skips or repeats, and every
 * zone's transitions fall on a whole minute.
 */
wb_ms wb_day_at(wb_ms t, int minute, const char *tz)
{
    wb_ms end = wb_day_end(t, tz);
    for (wb_ms u = wb_day_start(t, tz); u < end; u += 60000) {
        struct tm tm;
        wb_localtime(u, tz, &tm);
        if (tm.tm_hour * 60 + tm.tm_min >= minute)
            return u;
    }
    return end;
}
