/*
 * wb_sim_kpi.c - the simulator's quality figures: per team NPS (target 30), FCR (target
 * 80 %) and quality score (target 85 %), each higher-is-better, for the period "today".
 *
 * Data structure: none; constant tables of each figure's level, swing and noise and of each
 * team's offset. The noise comes from a hash of (seed, team, figure, publication slot), not
 * from the engine's streams, so that publishing figures changes no contact or agent event.
 */
#include "wb_sim_kpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wb_sim_profile.h"

typedef struct kpi_def {
    const char *id, *label, *unit;
    double base, swing, noise, target, lo, hi;
} kpi_def;

static const kpi_def defs[WB_SIM_N_KPI] = {
    [WB_SIM_KPI_NPS] = {"nps", "NPS", "", 34, 5, 6, 30, -100, 100},
    [WB_SIM_KPI_FCR] = {"fcr", "First contact resolution", "%", 81, 2.5, 2, 80, 0, 100},
    [WB_SIM_KPI_QUALITY] = {"quality", "Quality score", "%", 88, 2, 2.5, 85, 0, 100},
};

/* Each team's own level against the figure's base: Sales trails on NPS, Digital on FCR. */
static const double team_off[N_TEAMS][WB_SIM_N_KPI] = {
    {3, 1.5, 1}, {-7, -0.5, -2}, {1, -3.5, 0.5}, {-2, 0.5, -4}};

void wb_sim_kpi_config(wb_config *cfg)
{
    static const struct {
        const char *id, *en, *fi;
        double warn, alarm;
    } sec[WB_SIM_N_KPI] = {
        {"nps", "NPS", "NPS", 30, 20},
        {"fcr", "First contact resolution", "Ensikontaktiratkaisu", 80, 75},
        {"quality", "Quality score", "Laatupisteet", 85, 80},
    };
    for (int i = 0; i < WB_SIM_N_KPI && cfg->n_kpis < WB_MAX_KPI_CFG; i++) {
        wb_kpi_cfg *k = &cfg->kpis[cfg->n_kpis++];
        memset(k, 0, sizeof *k);
        snprintf(k->id, sizeof k->id, "%s", sec[i].id);
        snprintf(k->label_en, sizeof k->label_en, "%s", sec[i].en);
        snprintf(k->label_fi, sizeof k->label_fi, "%s", sec[i].fi);
        k->better = WB_BETTER_HIGHER;
        k->th = (wb_threshold){
            .warn_on = true, .warn = sec[i].warn, .alarm_on = true, .alarm = sec[i].alarm};
    }
}

static uint64_t mix(uint64_t x)
{
    /* splitmix64's finaliser: every input bit affects every output bit. */
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void wb_sim_kpi_fill(uint64_t seed, int team, int which, wb_ms t, wb_ms day_start, wb_kpi_msg *k)
{
    const kpi_def *d = &defs[which];
    double day_frac = (double)(t - day_start) / (24.0 * 3600 * 1000);
    uint64_t slot = (uint64_t)(t / WB_SIM_KPI_EVERY_MS);
    uint64_t h = mix(seed ^ mix(((uint64_t)team << 8 | (uint64_t)which) ^ mix(slot)));
    double u = (double)(h >> 11) / 9007199254740992.0; /* [0, 1) */
    /* The swing bottoms out in the afternoon, when queues are longest and patience shortest. */
    double v = d->base + team_off[team][which] +
               d->swing * cos(2 * M_PI * (day_frac - 0.1 * team)) + d->noise * (2 * u - 1);
    v = round(v * 10) / 10;
    *k = (wb_kpi_msg){
        .kpi = d->id,
        .label = d->label,
        .unit = d->unit,
        .value = v < d->lo   ? d->lo
                 : v > d->hi ? d->hi
                             : v,
        .has_target = true,
        .target = d->target,
        .better = WB_BETTER_HIGHER,
        .period = "today",
        .scope = wb_sim_teams[team].name,
        .ts = t,
    };
}
