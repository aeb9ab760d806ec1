/*
 * wb_sound.h - when a screen sounds its alarm chime: a pure decision, time as an argument.
 *
 * A wb_sound_policy is embedded by its owner (init only, nothing to free). Each step gets,
 * per channel, whether it is in an unacknowledged alarm on live data now, whether it is night
 * on this screen, and the time; it answers play the chime, stop whatever is playing, or do
 * nothing. The rules:
 *   - a channel entering unacknowledged alarm sounds at once;
 *   - while any channel stays in unacknowledged alarm, the chime sounds again every
 *     cfg->repeat_ms (0: once per alarm); a new alarm restarts that period;
 *   - once no channel is in unacknowledged alarm (acknowledged, or the alarms cleared) the
 *     chime stops and nothing sounds until a channel enters alarm again (a channel that
 *     leaves alarm and comes back is a new alarm);
 *   - a sound that falls due while the screen is silent (sound disabled, volume 0, or the
 *     night window without at_night) waits: it sounds when the silence ends, if the alarm is
 *     still unacknowledged then.
 * The SDL side (src/apps/wallboard/sound.c) only plays what it is told.
 */
#ifndef WB_SOUND_H
#define WB_SOUND_H

#include <stdbool.h>
#include <stddef.h>

#include "wb_board.h"

typedef enum {
    WB_SOUND_NONE = 0, /* nothing to do */
    WB_SOUND_PLAY,     /* play the chime now (from its start) */
    WB_SOUND_STOP,     /* stop what is playing: nothing is left to sound for */
} wb_sound_action;

typedef struct wb_sound_policy {
    bool alarmed[WB_MAX_CHANNELS]; /* unacknowledged alarm at the last step */
    bool any;                      /* some channel was alarmed at the last step */
    wb_ms due;                     /* when the chime sounds (again); -1 = not due */
    wb_ms last_play;               /* -1 = never */
    uint64_t plays;                /* chimes asked for, for the log and the tests */
} wb_sound_policy;

void wb_sound_policy_init(wb_sound_policy *p);

/*
 * One step at time now: alarmed[0..n) says which channels are in unacknowledged alarm now
 * (n at most WB_MAX_CHANNELS; more are ignored), night whether this screen is in its night
 * window. Returns what to do.
 */
wb_sound_action wb_sound_policy_step(wb_sound_policy *p, const wb_sound_cfg *cfg,
                                     const bool *alarmed, size_t n, bool night, wb_ms now);

/*
 * Which channels of v call for sound: in alarm, not acknowledged (flashing), on live data (a
 * stale board or a channel that never had data sounds nothing). Writes v->n_channels flags
 * into out (at most max) and returns how many it wrote.
 */
size_t wb_sound_alarmed(const wb_board_view *v, bool *out, size_t max);

#endif
