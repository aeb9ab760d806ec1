/*
 * wb_sound.c - the sound policy (wb_sound.h): which step plays the alarm chime.
 */
#include "wb_sound.h"

#include <string.h>

void wb_sound_policy_init(wb_sound_policy *p)
{
    memset(p, 0, sizeof *p);
    p->due = -1;
    p->last_play = -1;
}

static bool silenced(const wb_sound_cfg *cfg, bool night)
{
    return !cfg->enabled || cfg->volume_pct <= 0 || (night && !cfg->at_night);
}

wb_sound_action wb_sound_policy_step(wb_sound_policy *p, const wb_sound_cfg *cfg,
                                     const bool *alarmed, size_t n, bool night, wb_ms now)
{
    if (n > WB_MAX_CHANNELS)
        n = WB_MAX_CHANNELS;
    bool any = false, entered = false;
    for (size_t i = 0; i < n; i++) {
        if (alarmed[i]) {
            any = true;
            entered |= !p->alarmed[i];
        }
        p->alarmed[i] = alarmed[i];
    }
    for (size_t i = n; i < WB_MAX_CHANNELS; i++)
        p->alarmed[i] = false;
    bool was_any = p->any;
    p->any = any;
    if (!any) {
        /* Acknowledged or cleared: nothing is due until a channel enters alarm again. */
        p->due = -1;
        return was_any ? WB_SOUND_STOP : WB_SOUND_NONE;
    }
    if (entered)
        p->due = now;
    /*
     * The wall clock was set back past the last chime: a repeat due "later" on the old clock
     * could wait hours. The period counts from now instead.
     */
    if (p->last_play > now) {
        p->last_play = now;
        if (cfg->repeat_ms > 0 && p->due > now + cfg->repeat_ms)
            p->due = now + cfg->repeat_ms;
    }
    if (p->due < 0 || now < p->due)
        return WB_SOUND_NONE;
    /* Due but silent now: it stays due and sounds when the silence ends. */
    if (silenced(cfg, night))
        return WB_SOUND_NONE;
    p->last_play = now;
    p->due = cfg->repeat_ms > 0 ? now + cfg->repeat_ms : -1;
    p->plays++;
    return WB_SOUND_PLAY;
}

size_t wb_sound_alarmed(const wb_board_view *v, bool *out, size_t max)
{
    size_t n = v->n_channels < max ? v->n_channels : max;
    for (size_t i = 0; i < n; i++) {
        const wb_channel_view *c = &v->ch[i];
        out[i] = !v->stale && !c->silent && v->ever_data && c->m.had_data &&
                 c->level == WB_LEVEL_ALARM && c->flashing;
    }
    return n;
}
