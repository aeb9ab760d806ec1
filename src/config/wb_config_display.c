/*
 * wb_config_display.c - the [display] section of the configuration: language, page rotation,
 * screen rotation, burn-in shift, night mode, the agent page's limits and the font.
 *
 * Data structure: none of its own; each key is checked and written into the parser's
 * temporary wb_config (p->cfg->display), which replaces the caller's only when the whole file
 * was accepted.
 */
#include "wb_config_int.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

bool wb_cfg_display_key(parser *p, const char *key, const char *v)
{
    wb_display_cfg *d = &p->cfg->display;
    if (strcmp(key, "lang") == 0) {
        if (strcmp(v, "en") != 0 && strcmp(v, "fi") != 0) {
            wb_cfg_fail(p, key, v, "expected en or fi");
            return false;
        }
        wb_cfg_copy_str(d->lang, sizeof d->lang, v);
        return true;
    }
    if (strcmp(key, "page_s") == 0)
        return wb_cfg_int(p, key, v, 0, 3600, &d->page_s);
    if (strcmp(key, "rotate") == 0) {
        int r;
        if (!wb_cfg_int(p, key, v, 0, 270, &r))
            return false;
        if (r % 90 != 0) {
            wb_cfg_fail(p, key, v, "expected 0, 90, 180 or 270");
            return false;
        }
        d->rotate = r;
        return true;
    }
    if (strcmp(key, "pixel_shift_s") == 0)
        return wb_cfg_int(p, key, v, 0, 86400, &d->pixel_shift_s);
    if (strcmp(key, "pixel_shift_px") == 0)
        return wb_cfg_int(p, key, v, 0, 64, &d->pixel_shift_px);
    if (strcmp(key, "night_mode") == 0) {
        static const char *const modes[] = {"off", "dim", "blank"};
        for (int i = 0; i < 3; i++) {
            if (strcmp(v, modes[i]) == 0) {
                d->night_mode = (wb_night_mode)i;
                return true;
            }
        }
        wb_cfg_fail(p, key, v, "expected off, dim or blank");
        return false;
    }
    if (strcmp(key, "night_start") == 0)
        return wb_cfg_clock(p, key, v, &d->night_start_min);
    if (strcmp(key, "night_end") == 0)
        return wb_cfg_clock(p, key, v, &d->night_end_min);
    if (strcmp(key, "night_dim_pct") == 0)
        return wb_cfg_int(p, key, v, 1, 100, &d->night_dim_pct);
    if (strcmp(key, "night_alarm_lifts") == 0)
        return wb_cfg_bool(p, key, v, &d->night_alarm_lifts);
    if (strcmp(key, "max_wrapup_s") == 0)
        return wb_cfg_int(p, key, v, 0, 86400, &d->max_wrapup_s);
    if (strcmp(key, "max_pause_s") == 0)
        return wb_cfg_int(p, key, v, 0, 86400, &d->max_pause_s);
    if (strncmp(key, "max_pause_s.", 12) == 0) {
        /* One limit per pause reason: max_pause_s.lunch = 1800. A repeated reason replaces. */
        const char *r = key + 12;
        size_t i = 0;
        while (i < d->n_pause_limits && strcasecmp(d->pause_limit[i].reason, r) != 0)
            i++;
        if (!r[0] || strlen(r) >= sizeof d->pause_limit[0].reason || i == WB_MAX_PAUSE_LIMITS) {
            wb_cfg_fail(p, key, v,
                        "expected max_pause_s.REASON, REASON of 1 to 31 bytes, 16 reasons");
            return false;
        }
        d->n_pause_limits += i == d->n_pause_limits;
        wb_cfg_copy_str(d->pause_limit[i].reason, sizeof d->pause_limit[i].reason, r);
        return wb_cfg_int(p, key, v, 0, 86400, &d->pause_limit[i].s);
    }
    if (strcmp(key, "font") == 0) {
        if (!wb_cfg_text(p, key, v, d->font, sizeof d->font))
            return false;
        /* Checked now: a font found missing only at the next start is a restart loop. */
        struct stat st;
        if (v[0] && (stat(v, &st) != 0 || !S_ISREG(st.st_mode) || access(v, R_OK) != 0)) {
            wb_cfg_fail(p, key, v, "no readable font file there");
            return false;
        }
        return true;
    }
    wb_cfg_fail(p, key, v, "unknown key");
    return false;
}
