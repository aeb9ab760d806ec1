/*
 * sound_none.c - the audible alarm of a headless-only build (-DWB_BUILD_VIEW=OFF, sound.h):
 * there is no SDL, so there is no sound, and main.c is wired the same way whatever the build.
 */
#include "sound.h"

wb_sound *wb_sound_new(wb_app *app)
{
    return NULL;
}

void wb_sound_free(wb_sound *s)
{
}

void wb_sound_tick(wb_sound *s, wb_ms now, wb_ms wall)
{
}

void wb_sound_config_changed(wb_sound *s)
{
}
