/*
 * layout_night.c - the night schedule: whether the screen is dimmed or blanked at a given
 * wall time, and the alarm that overrides it. Pure: the time is an argument.
 */
#include <stdbool.h>
#include <time.h>

#include "layout.h"
#include "wb_time.h"

/* True if some channel is in alarm on live data (a stale level is no reason to wake up). */
static bool live_alarm(const wb_board_view *v)
{
    if (!v || v->stale || !v->ever_data)
        return false;
    for (size_t i = 0; i < v->n_channels; i++)
        if (v->ch[i].level == WB_LEVEL_ALARM && v->ch[i].m.had_data)
            return true;
    return false;
}

int wb_night_state(const wb_config *cfg, wb_ms wall, const wb_board_view *v)
{
    const wb_display_cfg *dc = &cfg->display;
    if (dc->night_mode == WB_NIGHT_OFF || dc->night_start_min == dc->night_end_min)
        return 0;
    struct tm tm;
    wb_localtime(wall, cfg->tz, &tm);
    int m = tm.tm_hour * 60 + tm.tm_min;
    bool in = dc->night_start_min < dc->night_end_min
                  ? (m >= dc->night_start_min && m < dc->night_end_min)
                  : (m >= dc->night_start_min || m < dc->night_end_min);
    if (!in)
        return 0;
    /* An alarm at night is exactly when somebody should see the screen. */
    if (dc->night_alarm_lifts && live_alarm(v))
        return 0;
    return dc->night_mode == WB_NIGHT_BLANK ? 2 : 1;
}
