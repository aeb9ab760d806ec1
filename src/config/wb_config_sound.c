/*
 * wb_config_sound.c - the [sound] section of the configuration: the audible alarm of one
 * screen (on or off, volume, repeat while unacknowledged, at night or not, the sound file).
 *
 * Data structure: none of its own; each key is checked and written into the parser's
 * temporary wb_config (p->cfg->sound), which replaces the caller's only when the whole file
 * was accepted.
 */
#include "wb_config_int.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool wb_cfg_sound_key(parser *p, const char *key, const char *v)
{
    wb_sound_cfg *s = &p->cfg->sound;
    if (strcmp(key, "enabled") == 0)
        return wb_cfg_bool(p, key, v, &s->enabled);
    if (strcmp(key, "volume_pct") == 0)
        return wb_cfg_int(p, key, v, 0, 100, &s->volume_pct);
    if (strcmp(key, "repeat_min") == 0) {
        /* Minutes, fractions allowed (0.5 = every 30 s); 0 sounds once per alarm. */
        double m;
        if (!wb_cfg_number(p, key, v, 0, 1440, &m))
            return false;
        s->repeat_ms = (wb_ms)llround(m * 60000.0);
        return true;
    }
    if (strcmp(key, "at_night") == 0)
        return wb_cfg_bool(p, key, v, &s->at_night);
    if (strcmp(key, "file") == 0) {
        if (!wb_cfg_text(p, key, v, s->file, sizeof s->file))
            return false;
        /* Checked now, like the font: a missing file found only when an alarm comes is silence
         * exactly when sound was wanted. Whether it is a WAV SDL can play is checked at start. */
        struct stat st;
        if (v[0] && (stat(v, &st) != 0 || !S_ISREG(st.st_mode) || access(v, R_OK) != 0)) {
            wb_cfg_fail(p, key, v, "no readable sound file there");
            return false;
        }
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown key");
    return false;
}
