/*
 * sound.c - the SDL side of the audible alarm (sound.h): a queue-fed audio device and the
 * chime at the configured volume.
 *
 * A wb_sound owns a heap board view (filled once a tick), the policy state, the chime as
 * loaded (SDL_LoadWAV's buffer) and a copy of it scaled to the volume, and the audio device.
 * The device is opened with the WAV's own format, so SDL converts for the hardware; it runs
 * unpaused and plays silence while nothing is queued. Playing is clearing the queue and
 * queueing the chime; stopping is clearing the queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "layout.h" /* wb_night_state */
#include "render.h" /* wb_data_path */
#include "sound.h"
#include "wb_sound.h"

#define CHIME_ASSET "assets/chime.wav"

struct wb_sound {
    wb_app *app;
    wb_board_view *view;
    wb_sound_policy policy;
    bool sdl_inited;
    SDL_AudioDeviceID dev; /* 0 = not open */
    SDL_AudioSpec spec;
    Uint8 *wav; /* as loaded, freed with SDL_FreeWAV */
    Uint32 wav_len;
    Uint8 *scaled; /* wav at the configured volume */
    int scaled_pct;
    bool failed; /* opening failed and was reported; not tried again until the config changes */
    char file[256];
};

static void close_audio(wb_sound *s)
{
    if (s->dev)
        SDL_CloseAudioDevice(s->dev);
    s->dev = 0;
    if (s->wav)
        SDL_FreeWAV(s->wav);
    s->wav = NULL;
    free(s->scaled);
    s->scaled = NULL;
    s->scaled_pct = -1;
    if (s->sdl_inited)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    s->sdl_inited = false;
}

/* The chime at pct percent: SDL mixes it into silence with volume 0..SDL_MIX_MAXVOLUME. */
static void scale(wb_sound *s, int pct)
{
    if (!s->wav || s->scaled_pct == pct)
        return;
    memset(s->scaled, s->spec.silence, s->wav_len);
    SDL_MixAudioFormat(s->scaled, s->wav, s->spec.format, s->wav_len,
                       pct * SDL_MIX_MAXVOLUME / 100);
    s->scaled_pct = pct;
}

/* Opens the device and loads the chime; reports once and stays silent when it cannot. */
static void open_audio(wb_sound *s)
{
    const wb_sound_cfg *c = &s->app->cfg.sound;
    char buf[4096];
    const char *path = c->file[0] ? c->file : wb_data_path(CHIME_ASSET, buf, sizeof buf);
    snprintf(s->file, sizeof s->file, "%s", c->file);
    if (!path) {
        fprintf(stderr,
                "wallboard: sound: %s not found (looked in $WB_DATADIR and the installed data); "
                "running without sound\n",
                CHIME_ASSET);
        goto fail;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "wallboard: sound: no audio (%s); running without sound\n", SDL_GetError());
        goto fail;
    }
    s->sdl_inited = true;
    if (!SDL_LoadWAV(path, &s->spec, &s->wav, &s->wav_len)) {
        fprintf(stderr, "wallboard: sound: cannot read %s: %s; running without sound\n", path,
                SDL_GetError());
        goto fail;
    }
    s->scaled = malloc(s->wav_len ? s->wav_len : 1);
    if (!s->scaled) {
        fprintf(stderr, "wallboard: sound: out of memory; running without sound\n");
        goto fail;
    }
    SDL_AudioSpec want = s->spec;
    want.callback = NULL; /* fed with SDL_QueueAudio */
    want.userdata = NULL;
    want.samples = 1024;
    s->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (!s->dev) {
        fprintf(stderr,
                "wallboard: sound: cannot open an audio device on the %s driver: %s; running "
                "without sound\n",
                SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "(none)",
                SDL_GetError());
        goto fail;
    }
    s->scaled_pct = -1;
    scale(s, c->volume_pct);
    SDL_PauseAudioDevice(s->dev, 0);
    fprintf(stderr, "wallboard: sound: alarm chime ready (%s, %s driver, volume %d%%)\n", path,
            SDL_GetCurrentAudioDriver(), c->volume_pct);
    return;
fail:
    close_audio(s);
    s->failed = true;
}

wb_sound *wb_sound_new(wb_app *app)
{
    wb_sound *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->view = calloc(1, sizeof *s->view);
    if (!s->view) {
        free(s);
        return NULL;
    }
    s->app = app;
    s->scaled_pct = -1;
    wb_sound_policy_init(&s->policy);
    if (app->cfg.sound.enabled)
        open_audio(s);
    return s;
}

void wb_sound_free(wb_sound *s)
{
    if (!s)
        return;
    close_audio(s);
    free(s->view);
    free(s);
}

void wb_sound_tick(wb_sound *s, wb_ms now, wb_ms wall)
{
    if (!s)
        return;
    const wb_config *cfg = &s->app->cfg;
    /* The policy runs even while silent: when a reload switches sound on, an alarm still
     * unacknowledged sounds then, and one acknowledged meanwhile does not. */
    wb_board_view_fill(s->app->board, now, wall, s->view);
    bool alarmed[WB_MAX_CHANNELS];
    size_t n = wb_sound_alarmed(s->view, alarmed, WB_MAX_CHANNELS);
    /* Silent in the display's night window: dimmed or blanked, whatever lifts the picture. */
    bool night = wb_night_state(cfg, wall, NULL) != 0;
    wb_sound_action a = wb_sound_policy_step(&s->policy, &cfg->sound, alarmed, n, night, wall);
    if (!s->dev)
        return;
    if (a == WB_SOUND_STOP) {
        SDL_ClearQueuedAudio(s->dev);
    } else if (a == WB_SOUND_PLAY) {
        scale(s, cfg->sound.volume_pct);
        SDL_ClearQueuedAudio(s->dev);
        if (SDL_QueueAudio(s->dev, s->scaled, s->wav_len) != 0)
            fprintf(stderr, "wallboard: sound: cannot play the chime: %s\n", SDL_GetError());
    }
}

void wb_sound_config_changed(wb_sound *s)
{
    if (!s)
        return;
    const wb_sound_cfg *c = &s->app->cfg.sound;
    if (!c->enabled) {
        close_audio(s);
        s->failed = false;
        return;
    }
    /* Another file: load it afresh. */
    if (strcmp(c->file, s->file) != 0) {
        close_audio(s);
        s->failed = false;
    }
    if (!s->dev && !s->failed)
        open_audio(s);
    else if (s->dev)
        scale(s, c->volume_pct);
}
