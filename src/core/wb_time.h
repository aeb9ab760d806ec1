/*
 * wb_time.h - calendar arithmetic in the configured time zone.
 *
 * The zone is an IANA name ("Europe/Helsinki"; "" means UTC). The C library only converts
 * through the process-wide TZ variable, so these functions set TZ when the zone changes; the
 * wallboard uses one zone per process, so this costs one tzset() per zone change.
 */
#ifndef WB_TIME_H
#define WB_TIME_H

#include <time.h>

#include "wb_types.h"

/* Local midnight (in tz) at or before t. */
wb_ms wb_day_start(wb_ms t, const char *tz);

/* Local midnight after t: the end of t's day (handles 23 h and 25 h days). */
wb_ms wb_day_end(wb_ms t, const char *tz);

/*
 * The first instant of t's local day at which the clock reads `minute` (minutes after
 * midnight) or later: 05:00 on a day that lost or gained an hour before it is not midnight
 * plus five hours. In the hour a spring-forward skips, the first instant after it; in the hour
 * a fall-back repeats, the first time round. The end of the day when no time of it does.
 */
wb_ms wb_day_at(wb_ms t, int minute, const char *tz);

/* Broken-down local time of t in tz. */
void wb_localtime(wb_ms t, const char *tz, struct tm *out);

#endif
