/*
 * wb_sim_profile.h - the simulated contact center: its channels, queues, teams, shifts, names
 * and scenarios, the arrival rate of each channel through the day, and the wallboard
 * configuration that matches it. Internal to wb_sim; constant tables only, nothing to free.
 */
#ifndef WB_SIM_PROFILE_H
#define WB_SIM_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "wb_sim.h"

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
#define SLOT_MS (15 * MIN_MS) /* arrival rates are constant within a 15-minute slot */
#define SLOTS_PER_DAY 96

enum { CH_PHONE, CH_CHAT, CH_EMAIL, CH_SOCIAL, CH_WEBFORM, N_CH };

typedef struct wb_sim_chan {
    const char *name, *label_en, *label_fi;
    bool realtime;
    double daily; /* contacts per day with 60 agents */
    double talk_s, talk_cv;
    double wrap_s;
    double patience_s; /* mean customer patience; 0 = never abandons */
    /*
     * Work that can wait is not taken the moment it arrives: its inbox is worked through in
     * rounds every pickup_s seconds (0 for real-time channels), so a contact waits for the
     * next round at least. This gives email its waits of minutes to hours, and lets a backlog
     * build while the real-time queues hold the agents.
     */
    double pickup_s;
    double sl_t_s, sl_target;
    /* Relative arrival weight per local hour 0..23; interpolated between hour midpoints. */
    unsigned char hourly[24];
} wb_sim_chan;

extern const wb_sim_chan wb_sim_ch[N_CH];

/* Queues: phone has two (sales, support); every other channel one, named as the channel. */
enum { Q_PHONE_SALES, Q_PHONE_SUPPORT, Q_CHAT, Q_EMAIL, Q_SOCIAL, Q_WEBFORM, N_Q };
extern const char *const wb_sim_queue_names[N_Q];
extern const int wb_sim_queue_ch[N_Q];
#define PHONE_SALES_SHARE 0.35

/* Teams and their skills; an agent's team is picked by its index, in these proportions. */
#define M(c) (1u << (c))
typedef struct wb_sim_team {
    const char *name;
    uint32_t skills;
    int per_20; /* agents of this team in every 20 */
} wb_sim_team;
enum { N_TEAMS = 4 };
extern const wb_sim_team wb_sim_teams[N_TEAMS];

/* Shift starts (minutes after local midnight) in every 20 agents; shifts last 8.5 hours. */
extern const int wb_sim_shift_start_min[20];
#define SHIFT_LEN_MS (510 * MIN_MS)

enum { N_FIRST = 30, N_LAST = 20 };
extern const char *const wb_sim_first_names[N_FIRST];
extern const char *const wb_sim_last_names[N_LAST];

enum { R_BREAK, R_LUNCH, R_TRAINING, R_MEETING, N_REASONS };
extern const char *const wb_sim_reasons[N_REASONS];

enum { SC_NORMAL, SC_SURGE, SC_BREAK, N_SC };
/* The scenario names, NULL-terminated (wb_sim_scenarios()). */
extern const char *const wb_sim_scenario_names[N_SC + 1];

/* Surge: phone arrivals x3 from 10:00 to 11:00; chat follows with a lag, as callers switch. */
#define SURGE_FROM_MIN 600
#define SURGE_TO_MIN 660
#define SURGE_PHONE_X 3.0
#define SURGE_CHAT_FROM_MIN 615
/*
 * Phone callers who abandon try chat instead with this probability, after ~2 minutes; more of
 * them while the surge lasts and for an hour after (the queue is long and the IVR says so).
 */
#define SWITCH_P_NORMAL 0.15
#define SWITCH_P_SURGE 0.35
#define SWITCH_LAG_S 120.0
#define SURGE_SWITCH_TO_MIN 720
/* Break: this share of the logged-in agents pause together at 10:30 for 20 minutes. */
#define GROUP_BREAK_MIN 630
#define GROUP_BREAK_SHARE 0.40
#define GROUP_BREAK_MS (20 * MIN_MS)

/*
 * Arrivals per ms of channel ch in the 15-minute slot that contains tod (ms after local
 * midnight), for a center of 60 * volume_x agents in the given scenario (SC_*).
 */
double wb_sim_slot_rate(int ch, wb_ms tod, double volume_x, int scenario);

#endif
