/*
 * wb_sim_profile.c - the simulated contact center's tables, its arrival profile and its
 * wallboard configuration (see wb_sim_profile.h).
 */
#include "wb_sim_profile.h"

#include "wb_sim_kpi.h"

#include <math.h>
#include <stdio.h>

const wb_sim_chan wb_sim_ch[N_CH] = {
    {"phone", "Phone", "Puhelin", true, 1800, 240, 0.6, 30, 180, 0, 20, 0.80, {0,  0,  0, 0, 0,
                                                                               0,  0,  3, 8, 11,
                                                                               12, 11, 8, 9, 10,
                                                                               9,  7,  5, 3, 2,
                                                                               0,  0,  0, 0}},
    {"chat", "Chat", "Chat", true, 700, 420, 0.5, 20, 300, 0, 60, 0.80, {0, 0,  0,  0, 0,  0,
                                                                         0, 0,  4,  8, 10, 10,
                                                                         9, 10, 10, 9, 8,  6,
                                                                         5, 4,  0,  0, 0,  0}},
    {"email",
     "Email",
     "Sähköposti",
     false,
     550,
     300,
     0.7,
     45,
     0,
     30 * 60,
     4 * 3600,
     0.90,
     {1, 1, 1, 1, 1, 1, 2, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3, 3, 3, 3, 2, 2, 2}},
    {"social",
     "Social",
     "Some",
     false,
     220,
     200,
     0.6,
     20,
     4 * 3600,
     10 * 60,
     3600,
     0.80,
     {1, 1, 1, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 2}},
    {"webform",
     "Web form",
     "Verkkolomake",
     false,
     280,
     240,
     0.6,
     40,
     0,
     20 * 60,
     4 * 3600,
     0.90,
     {1, 1, 1, 1, 1, 1, 2, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3, 3, 3, 2, 2, 2, 1}},
};

const char *const wb_sim_queue_names[N_Q] = {"phone-sales", "phone-support", "chat",
                                             "email",       "social",        "webform"};
const int wb_sim_queue_ch[N_Q] = {CH_PHONE, CH_PHONE, CH_CHAT, CH_EMAIL, CH_SOCIAL, CH_WEBFORM};

const wb_sim_team wb_sim_teams[N_TEAMS] = {
    {"Voice", M(CH_PHONE) | M(CH_CHAT), 8},
    {"Sales", M(CH_PHONE), 2},
    {"Digital", M(CH_EMAIL) | M(CH_SOCIAL) | M(CH_WEBFORM), 6},
    {"Universal", M(CH_PHONE) | M(CH_CHAT) | M(CH_EMAIL) | M(CH_SOCIAL) | M(CH_WEBFORM), 4},
};

const int wb_sim_shift_start_min[20] = {420, 480, 480, 540, 690, 420, 480, 540, 690, 480,
                                        420, 480, 540, 690, 480, 420, 480, 540, 690, 480};

const char *const wb_sim_first_names[N_FIRST] = {
    "Aino",  "Eero",   "Laura", "Mikko",  "Sanna", "Jukka",  "Emma",   "Ville", "Helmi", "Oskari",
    "Noora", "Tuomas", "Sofia", "Antti",  "Iida",  "Lauri",  "Olivia", "Jonas", "Kaisa", "Petteri",
    "Maria", "Daniel", "Ella",  "Samuel", "Venla", "Aleksi", "Linnea", "Niko",  "Hanna", "Oliver"};
const char *const wb_sim_last_names[N_LAST] = {
    "Korhonen", "Virtanen", "Mäkinen",     "Nieminen", "Hämäläinen", "Laine",     "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen",    "Smith",    "Berg",       "Lindqvist", "Salo",
    "Turunen",  "Rantanen", "Karjalainen", "Ahonen",   "Niemi",      "Jones"};

const char *const wb_sim_reasons[N_REASONS] = {"break", "lunch", "training", "meeting"};
const char *const wb_sim_scenario_names[N_SC + 1] = {"normal", "surge", "break", NULL};

/* Chat multiplier per 15-minute slot from 10:15 on. */
static const double SURGE_CHAT_X[] = {1.3, 1.7, 2.0, 2.0, 1.6, 1.3};

const char *const *wb_sim_scenarios(void)
{
    return wb_sim_scenario_names;
}

static void copy_str(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

/*
 * The queue limits of the example wallboard.ini, so that the demo and the screenshots warn
 * where a configured site would: waiting warn/alarm, oldest wait warn/alarm in seconds
 * (0 = off), and the hold of each level in seconds.
 */
static const struct {
    double waiting[2], oldest_s[2], hold_s;
    int expiry_min; /* -1: the site-wide default */
} LIMITS[N_CH] = {
    [CH_PHONE] = {{5, 10}, {60, 120}, 30, -1},
    [CH_CHAT] = {{4, 8}, {90, 180}, 30, -1},
    [CH_EMAIL] = {{150, 300}, {3 * 3600, 4 * 3600}, 120, 2880},
    [CH_SOCIAL] = {{20, 50}, {45 * 60, 3600}, 120, -1},
    [CH_WEBFORM] = {{0, 0}, {6 * 3600, 8 * 3600}, 300, 2880},
};

static void set_limit(wb_threshold *th, const double v[2])
{
    th->warn_on = v[0] > 0;
    th->warn = v[0];
    th->alarm_on = v[1] > 0;
    th->alarm = v[1];
}

void wb_sim_default_config(wb_config *cfg)
{
    wb_config_defaults(cfg);
    cfg->n_channels = 0;
    for (int i = 0; i < N_CH; i++) {
        wb_channel_cfg *ch = &cfg->channels[cfg->n_channels++];
        wb_channel_cfg_default(cfg, ch, wb_sim_ch[i].name);
        copy_str(ch->label_en, sizeof ch->label_en, wb_sim_ch[i].label_en);
        copy_str(ch->label_fi, sizeof ch->label_fi, wb_sim_ch[i].label_fi);
        copy_str(ch->icon, sizeof ch->icon, wb_sim_ch[i].name);
        ch->sl_t_ms = (wb_ms)(wb_sim_ch[i].sl_t_s * 1000);
        ch->sl_target = wb_sim_ch[i].sl_target;
        ch->realtime = wb_sim_ch[i].realtime;
        ch->default_aht_s = wb_sim_ch[i].talk_s + wb_sim_ch[i].wrap_s;
        /* The simulated customers' mean patience, as a site's ACD reports would give it. */
        ch->patience_s = wb_sim_ch[i].realtime ? wb_sim_ch[i].patience_s : 0;
        set_limit(&ch->th[WB_RULE_WAITING], LIMITS[i].waiting);
        set_limit(&ch->th[WB_RULE_OLDEST_WAIT], LIMITS[i].oldest_s);
        ch->hold_ms = (wb_ms)(LIMITS[i].hold_s * 1000);
        ch->expiry_ms = LIMITS[i].expiry_min < 0 ? -1 : (wb_ms)LIMITS[i].expiry_min * 60000;
    }
    wb_sim_kpi_config(cfg);
}

double wb_sim_slot_rate(int ch, wb_ms tod, double volume_x, int scenario)
{
    int slot = (int)(tod / SLOT_MS);
    if (slot >= SLOTS_PER_DAY)
        slot = SLOTS_PER_DAY - 1; /* the long day of a daylight-saving change */
    /* Interpolate the hourly weights at the slot's midpoint, between hour midpoints. */
    double h = ((double)slot + 0.5) / 4.0 - 0.5;
    int h0 = (int)floor(h);
    double f = h - h0;
    double w0 = wb_sim_ch[ch].hourly[(h0 + 24) % 24], w1 = wb_sim_ch[ch].hourly[(h0 + 1) % 24];
    double w = w0 + (w1 - w0) * f;
    if (wb_sim_ch[ch].hourly[slot / 4] == 0)
        w = 0; /* closed hours stay closed */
    double sum = 0;
    for (int i = 0; i < 24; i++)
        sum += wb_sim_ch[ch].hourly[i];
    double rate = wb_sim_ch[ch].daily * volume_x * w / sum / (double)HOUR_MS;

    int min = slot * 15;
    if (scenario == SC_SURGE) {
        if (ch == CH_PHONE && min >= SURGE_FROM_MIN && min < SURGE_TO_MIN)
            rate *= SURGE_PHONE_X;
        int k = (min - SURGE_CHAT_FROM_MIN) / 15;
        if (ch == CH_CHAT && min >= SURGE_CHAT_FROM_MIN &&
            k < (int)(sizeof SURGE_CHAT_X / sizeof SURGE_CHAT_X[0]))
            rate *= SURGE_CHAT_X[k];
    }
    return rate;
}
