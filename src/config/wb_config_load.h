/*
 * wb_config_load.h - reading the wallboard configuration (wb_config.h) from an INI file or a
 * text in memory, and the time-zone check that the file's timezone and the programs' --tz
 * share. Library wb_conf (src/config): it reads files and links inih, which the core must not.
 *
 * Ownership: the caller owns the wb_config and the error buffer; a load allocates nothing that
 * outlives the call.
 */
#ifndef WB_CONFIG_LOAD_H
#define WB_CONFIG_LOAD_H

#include "wb_config.h"

#include <stddef.h>

/* The largest configuration file wb_config_load() reads. */
#define WB_CONFIG_MAX_BYTES (1024 * 1024)

/*
 * Loads path into *cfg, starting from the built-in defaults (not from what *cfg held). On
 * failure returns WB_ERR_CONFIG, writes one line of the form
 * "FILE:LINE: [section] key: what is wrong (got 'value')" into err, and leaves *cfg unchanged.
 * Only a regular file of at most WB_CONFIG_MAX_BYTES is read (a FIFO or a device is refused
 * at once, without blocking); a font that is named must be a readable regular file.
 */
int wb_config_load(wb_config *cfg, const char *path, char *err, size_t errlen);

/* Same, from a string already in memory (name is used in messages). */
int wb_config_load_string(wb_config *cfg, const char *name, const char *text, char *err,
                          size_t errlen);

/* The tzdata tree: a time zone is known when its file is under this directory. */
#define WB_ZONEINFO_DIR "/usr/share/zoneinfo"

/*
 * 0 when tz is a time zone a wb_config's tz can hold: "" or "UTC" (both UTC), or an IANA name
 * whose tzdata file is under WB_ZONEINFO_DIR. A POSIX TZ string is not one: the screen's file
 * cannot name such a zone, and a publisher's "today" must be the screen's. Otherwise
 * WB_ERR_VALUE with why ("unknown time zone (no ...)") in err. The one rule for the
 * configuration's timezone and the programs' --tz; it reads the file system (stat) only.
 */
int wb_config_tz_check(const char *tz, char *err, size_t errlen);

#endif
