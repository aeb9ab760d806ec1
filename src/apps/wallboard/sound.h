/*
 * sound.h - the wallboard program's audible alarm: the bundled chime (assets/chime.wav, made
 * by scripts/make_chime.py) played through SDL audio when the sound policy says so.
 *
 * A wb_sound is created by main.c (wb_sound_new) next to the display and freed by it
 * (wb_sound_free). Once a second main.c calls wb_sound_tick(): it reads the board, asks the
 * pure policy (src/core/wb_sound.h) whether to play or stop, and does only that. The audio
 * device is opened only while [sound] enabled is true; where it cannot be opened (no sound
 * card, no driver, a file SDL cannot read) the program says so once and runs on silently.
 * Everything runs on the loop thread; SDL's audio thread only drains the queue.
 *
 * A build without the view (-DWB_BUILD_VIEW=OFF) links sound_none.c instead: no sound.
 */
#ifndef WB_SOUND_APP_H
#define WB_SOUND_APP_H

#include "app.h"

typedef struct wb_sound wb_sound;

/* Starts the player for app (it reads app->cfg.sound and app->board). NULL only when out of
 * memory; a screen without audio gets a silent player. */
wb_sound *wb_sound_new(wb_app *app);

/* Closes the audio device and frees s. NULL is allowed. */
void wb_sound_free(wb_sound *s);

/* One step at view time now and wall time wall (the repeat and the night run on the wall
 * clock). NULL is allowed. */
void wb_sound_tick(wb_sound *s, wb_ms now, wb_ms wall);

/* The configuration was reloaded: open or close the device, take the new volume and file. */
void wb_sound_config_changed(wb_sound *s);

#endif
