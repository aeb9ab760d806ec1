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

/* Broken-down local time of t in tz. */
void wb_localtime(wb_ms t, const char *tz, struct tm *out);

#endif
