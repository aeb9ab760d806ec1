/*
 * wb_config.c - what the model needs of the configuration as data: the names of the
 * service-level formulas and alarm rules, the built-in defaults, the thresholds that follow a
 * service-level target, and the lookups (a channel, a group, a KPI, a queue's own settings).
 *
 * Pure: no file, no clock. Reading an INI file into a wb_config is the loader's job (src/config,
 * library wb_conf), which builds on these functions; the core never calls the loader.
 *
 * Data structure: none of its own; every function works on the caller's wb_config, which
 * holds everything by value.
 */
#include "wb_config.h"

#include <stdio.h>
#include <string.h>

/* snprintf copy that always terminates and cuts what does not fit. */
static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* ---------------------------------------------------------------- names */

static const char *const formula_names[] = {"answered", "offered", "ignore_abandoned", "positive"};

const char *wb_sl_formula_name(wb_sl_formula f)
{
    if ((int)f < 0 || (size_t)f >= sizeof formula_names / sizeof formula_names[0])
        return "unknown";
    return formula_names[f];
}

int wb_sl_formula_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof formula_names / sizeof formula_names[0]; i++)
        if (strcmp(s, formula_names[i]) == 0)
            return (int)i;
    return WB_NOT_FOUND;
}

static const char *const rule_names[WB_RULE_COUNT] = {"waiting", "oldest_wait", "sl_today",
                                                      "sl_rolling", "forecast_sl"};

const char *wb_rule_name(wb_rule r)
{
    if ((int)r < 0 || r >= WB_RULE_COUNT)
        return "unknown";
    return rule_names[r];
}

bool wb_rule_higher_is_worse(wb_rule r)
{
    return r == WB_RULE_WAITING || r == WB_RULE_OLDEST_WAIT;
}

/* ---------------------------------------------------------------- defaults */

/* Service-level thresholds that follow the target: warn below it, alarm 10 points lower. */
#define SL_ALARM_MARGIN_PCT 10.0

static void derive_threshold(wb_channel_cfg *ch, wb_rule r, bool alarm)
{
    double pct = ch->sl_target * 100.0;
    wb_threshold *th = &ch->th[r];
    if (!alarm) {
        th->warn_on = true;
        th->warn = pct;
        return;
    }
    /* The forecast is an early warning only: by default it never raises an alarm. */
    if (r == WB_RULE_FORECAST_SL) {
        th->alarm_on = false;
        th->alarm = 0;
        return;
    }
    th->alarm_on = true;
    th->alarm = pct > SL_ALARM_MARGIN_PCT ? pct - SL_ALARM_MARGIN_PCT : 0;
}

/* Bit of one derivable threshold in a "set explicitly" mask. */
static uint32_t th_bit(wb_rule r, bool alarm)
{
    return 1u << (2 * (int)r + (alarm ? 1 : 0));
}

bool wb_cfg_rule_follows_target(wb_rule r)
{
    return r == WB_RULE_SL_TODAY || r == WB_RULE_SL_ROLLING || r == WB_RULE_FORECAST_SL;
}

/* Derives every target-following threshold whose bit is not in `set`. */
void wb_cfg_derive_unset(wb_channel_cfg *ch, uint32_t set)
{
    for (int r = 0; r < WB_RULE_COUNT; r++) {
        if (!wb_cfg_rule_follows_target((wb_rule)r))
            continue;
        for (int a = 0; a < 2; a++)
            if (!(set & th_bit((wb_rule)r, a)))
                derive_threshold(ch, (wb_rule)r, a);
    }
}

/* The [sound] defaults. */
static void sound_defaults(wb_sound_cfg *s)
{
    memset(s, 0, sizeof *s);
    /* Off until a site asks for it: a screen that starts chiming unasked gets unplugged. */
    s->enabled = false;
    s->volume_pct = 80;
    s->repeat_ms = 5 * 60 * 1000;
    s->at_night = false;
}

void wb_config_defaults(wb_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    copy_str(cfg->site, sizeof cfg->site, "Contact center");
    cfg->tz[0] = '\0';
    cfg->rolling_ms = 30 * 60 * 1000;
    cfg->bucket_ms = 10 * 1000;
    cfg->stale_after_ms = 5 * 1000;
    cfg->forecast_tau_ms = 15 * 60 * 1000;
    cfg->waiting_expiry_ms = 4 * 3600 * 1000;
    cfg->interval_ms = 15 * 60 * 1000;

    wb_channel_cfg *d = &cfg->defaults;
    copy_str(d->name, sizeof d->name, "");
    d->sl_t_ms = 20 * 1000;
    d->sl_target = 0.80;
    d->formula = WB_SL_OFFERED;
    d->short_abandon_ms = 5 * 1000;
    d->realtime = false;
    d->default_aht_s = 300;
    d->patience_s = 0;
    d->min_agents = 1;
    d->hold_ms = 30 * 1000;
    d->expiry_ms = -1;
    /* Waiting and oldest wait have no sensible universal limit: off until configured. */
    wb_cfg_derive_unset(d, 0);

    wb_display_cfg *disp = &cfg->display;
    copy_str(disp->lang, sizeof disp->lang, "en");
    disp->page_s = 20;
    disp->rotate = 0;
    disp->pixel_shift_s = 60;
    disp->pixel_shift_px = 2;
    disp->night_mode = WB_NIGHT_OFF;
    disp->night_start_min = 22 * 60;
    disp->night_end_min = 6 * 60;
    disp->night_dim_pct = 30;
    disp->night_alarm_lifts = true;
    disp->font[0] = '\0';
    sound_defaults(&cfg->sound);
}

/* Channels that are real-time by nature, forecast even without saying so. */
static bool realtime_by_name(const char *name)
{
    return strcmp(name, "phone") == 0 || strcmp(name, "chat") == 0;
}

void wb_channel_cfg_default(const wb_config *cfg, wb_channel_cfg *ch, const char *name)
{
    *ch = cfg->defaults;
    copy_str(ch->name, sizeof ch->name, name);
    copy_str(ch->label_en, sizeof ch->label_en, name);
    copy_str(ch->label_fi, sizeof ch->label_fi, name);
    copy_str(ch->icon, sizeof ch->icon, name);
    if (realtime_by_name(name))
        ch->realtime = true;
}

/* ---------------------------------------------------------------- lookups */

int wb_config_channel_index(const wb_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_channels && i < WB_MAX_CHANNELS; i++)
        if (strcmp(cfg->channels[i].name, name) == 0)
            return (int)i;
    return WB_NOT_FOUND;
}

int wb_config_group_index(const wb_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->screen.n_groups; i++)
        if (strcmp(cfg->screen.groups[i].name, name) == 0)
            return (int)i;
    return WB_NOT_FOUND;
}

const wb_kpi_cfg *wb_config_kpi(const wb_config *cfg, const char *id)
{
    if (!cfg || !id)
        return NULL;
    for (size_t i = 0; i < cfg->n_kpis; i++)
        if (strcmp(cfg->kpis[i].id, id) == 0)
            return &cfg->kpis[i];
    return NULL;
}

/* ---------------------------------------------------------------- a queue's settings */

int wb_config_queue_settings(const wb_config *cfg, const wb_channel_cfg *ch, const char *queue,
                             wb_channel_cfg *out)
{
    *out = *ch;
    for (size_t i = 0; queue && i < cfg->n_queues; i++) {
        const wb_queue_cfg *q = &cfg->queues[i];
        if (strcmp(q->name, queue) != 0 || (q->channel[0] && strcmp(q->channel, ch->name) != 0))
            continue;
        const wb_channel_cfg *o = &q->over;
        if (q->set & WB_QSET_SL_T)
            out->sl_t_ms = o->sl_t_ms;
        if (q->set & WB_QSET_SL_TARGET)
            out->sl_target = o->sl_target;
        if (q->set & WB_QSET_FORMULA)
            out->formula = o->formula;
        if (q->set & WB_QSET_SHORT)
            out->short_abandon_ms = o->short_abandon_ms;
        if (q->set & WB_QSET_HOLD)
            out->hold_ms = o->hold_ms;
        /* A queue's labels are its own: the channel's would name the wrong thing. */
        copy_str(out->label_en, sizeof out->label_en, q->set & WB_QSET_LABEL_EN ? o->label_en : "");
        copy_str(out->label_fi, sizeof out->label_fi, q->set & WB_QSET_LABEL_FI ? o->label_fi : "");
        for (int r = 0; r < WB_RULE_COUNT; r++) {
            if (q->th_set & (1u << (2 * r))) {
                out->th[r].warn_on = o->th[r].warn_on;
                out->th[r].warn = o->th[r].warn;
            }
            if (q->th_set & (1u << (2 * r + 1))) {
                out->th[r].alarm_on = o->th[r].alarm_on;
                out->th[r].alarm = o->th[r].alarm;
            }
        }
        /* Its own target: the service-level thresholds it does not set follow that target. */
        if (q->set & WB_QSET_SL_TARGET)
            wb_cfg_derive_unset(out, q->th_set);
        return (int)i;
    }
    out->label_en[0] = out->label_fi[0] = '\0';
    return WB_NOT_FOUND;
}
