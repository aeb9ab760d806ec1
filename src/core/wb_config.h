/*
 * wb_config.h - the wallboard configuration: one plain struct, its built-in defaults, and what
 * the model derives from it (the thresholds that follow a target, a queue's own settings).
 *
 * wb_config holds everything by value (fixed arrays), so it needs no fini and can be copied
 * with assignment; a reload builds a new one and swaps it in only if it loaded completely.
 * Reading it from an INI file is not the core's business: wb_config_load.h (src/config,
 * library wb_conf) does that, on top of these functions.
 */
#ifndef WB_CONFIG_H
#define WB_CONFIG_H

#include "wb_types.h"

typedef enum {
    WB_SL_ANSWERED = 0,     /* answered<=T / answered */
    WB_SL_OFFERED,          /* answered<=T / (answered + abandoned)   (default) */
    WB_SL_IGNORE_ABANDONED, /* answered<=T / (answered + abandoned - abandoned<=T) */
    WB_SL_POSITIVE,         /* (answered<=T + abandoned<=T) / (answered + abandoned) */
} wb_sl_formula;

const char *wb_sl_formula_name(wb_sl_formula f); /* "answered", "offered", ... */
int wb_sl_formula_parse(const char *s);          /* WB_NOT_FOUND if unknown */

/* The alarm rules evaluated per channel. */
typedef enum {
    WB_RULE_WAITING = 0, /* contacts waiting now; higher is worse */
    WB_RULE_OLDEST_WAIT, /* oldest wait now in seconds; higher is worse */
    WB_RULE_SL_TODAY,    /* service level today in percent; lower is worse */
    WB_RULE_SL_ROLLING,  /* service level in the rolling window in percent; lower is worse */
    WB_RULE_FORECAST_SL, /* Erlang C predicted service level in percent; lower is worse */
    WB_RULE_COUNT
} wb_rule;

const char *wb_rule_name(wb_rule r); /* "waiting", "oldest_wait", "sl_today", ... */
/* Waiting and oldest wait get worse as they grow; the service levels as they shrink. */
bool wb_rule_higher_is_worse(wb_rule r);

/* A threshold that is not set (enabled false) never fires. */
typedef struct wb_threshold {
    bool warn_on, alarm_on;
    double warn, alarm;
} wb_threshold;

/* At most this many steps in a channel's configured arrival profile (arrival_profile). */
#define WB_SHAPE_STEPS 96

typedef struct wb_channel_cfg {
    char name[WB_MAX_NAME];     /* the id used in events: "phone" */
    char label_en[WB_MAX_NAME]; /* shown on screen */
    char label_fi[WB_MAX_NAME]; /* the English label (or the name) unless given */
    bool label_fi_set;          /* label_fi was given: label_en no longer sets it */
    char icon[WB_MAX_NAME];     /* asset name without extension: "phone" */
    wb_ms sl_t_ms;              /* service-level threshold T (inclusive) */
    double sl_target;           /* fraction 0..1, e.g. 0.80 */
    wb_sl_formula formula;
    wb_ms short_abandon_ms; /* abandons with wait < this are short */
    bool realtime;          /* forecast with Erlang C (phone, chat) */
    double default_aht_s;   /* AHT for the forecast until today has one */
    double patience_s;      /* mean patience of a waiting contact (Erlang A); 0 = never gives up */
    int min_agents;         /* agents a donor channel keeps when lending */
    wb_threshold th[WB_RULE_COUNT];
    wb_ms hold_ms; /* hysteresis: a level clears after this long below */
    /*
     * Waiting contacts of this channel queued longer ago than this are dropped (their outcome
     * was lost); 0 = never; -1 = the site-wide waiting_expiry_ms. Per channel, because an
     * e-mail may rightly wait for days where a call never waits an hour.
     */
    wb_ms expiry_ms;
    /*
     * The configured time-of-day shape of the channel's arrivals (arrival_profile): from local
     * minute shape_min[i] of the day on, shape_per_h[i] arrivals an hour until the next step,
     * none before the first; i < n_shape, minutes rising. The forecast bends its projection
     * with it on a day without a day before (docs/metrics.md section 6.5); 0 steps = none.
     */
    int n_shape;
    uint16_t shape_min[WB_SHAPE_STEPS];
    float shape_per_h[WB_SHAPE_STEPS];
} wb_channel_cfg;

typedef enum { WB_NIGHT_OFF = 0, WB_NIGHT_DIM, WB_NIGHT_BLANK } wb_night_mode;

#define WB_MAX_PAUSE_LIMITS 16
typedef struct wb_display_cfg {
    char lang[4];       /* "en" or "fi" */
    int page_s;         /* seconds per page when rotating, 0 = no rotation */
    int rotate;         /* 0, 90, 180, 270 */
    int pixel_shift_s;  /* seconds between burn-in shifts, 0 = off */
    int pixel_shift_px; /* largest shift in pixels */
    wb_night_mode night_mode;
    int night_start_min; /* minutes after local midnight */
    int night_end_min;
    int night_dim_pct;      /* brightness in percent when dimmed */
    bool night_alarm_lifts; /* a channel in alarm (on live data) lifts the dim or blank */
    /*
     * Agent cards are highlighted when time in wrap-up or in a pause passes these (seconds;
     * 0 = no limit): max_pause_s for any reason, pause_limit[] for one reason (its name as
     * the events give it, compared without case).
     */
    int max_wrapup_s;
    int max_pause_s;
    struct {
        char reason[32];
        int s;
    } pause_limit[WB_MAX_PAUSE_LIMITS];
    size_t n_pause_limits;
    char font[256]; /* path to a TTF; "" = bundled */
} wb_display_cfg;

/*
 * Screen composition: which pages a screen shows, in which order, and what is on each.
 * Without any [screen] or [page.NAME] section n_pages is 0 and the screen keeps its built-in
 * pages (every channel tile with the site summary, then the agent page).
 */
#define WB_MAX_PAGES 8
#define WB_MAX_PAGE_ITEMS 16
#define WB_MAX_GROUPS 16
#define WB_MAX_GROUP_QUEUES 12
#define WB_MAX_QUEUE_CFGS 32
#define WB_MAX_AGENT_FILTERS 8

/* What a page item draws. A whole-page item (agents) is the only item of its page. */
typedef enum {
    WB_ITEM_CHANNELS = 0, /* one tile per channel, in the board's order */
    WB_ITEM_CHANNEL,      /* channel:NAME, one channel's tile */
    WB_ITEM_QUEUE,        /* queue:NAME, one queue's tile */
    WB_ITEM_GROUP,        /* group:NAME, the queues of a group summed in one tile */
    WB_ITEM_SUMMARY,      /* the site summary tile */
    WB_ITEM_AGENTS,       /* the agent page (whole page) */
    WB_ITEM_KPIS,         /* a tile per KPI figure */
    WB_ITEM_KPI,          /* kpi:ID, the tiles of one KPI (one per scope it comes in) */
    WB_ITEM_INTERVALS,    /* today by interval (whole page); intervals:NAME, a channel or a queue */
    WB_ITEM_KINDS
} wb_item_kind;

typedef struct wb_page_item {
    wb_item_kind kind;
    char name[WB_MAX_NAME]; /* channel, queue or group name; "" for the others */
} wb_page_item;

typedef struct wb_page_cfg {
    char name[WB_MAX_NAME]; /* NAME of [page.NAME] */
    wb_page_item items[WB_MAX_PAGE_ITEMS];
    size_t n_items;
    /* Agent page filters: an agent shows when its team is one of teams (if any are given) and
     * it serves one of channels (if any are given). */
    char teams[WB_MAX_AGENT_FILTERS][WB_MAX_NAME];
    size_t n_teams;
    char channels[WB_MAX_AGENT_FILTERS][WB_MAX_NAME];
    size_t n_channels;
} wb_page_cfg;

typedef struct wb_group_cfg {
    char name[WB_MAX_NAME];
    char queues[WB_MAX_GROUP_QUEUES][WB_MAX_NAME];
    size_t n_queues;
} wb_group_cfg;

/*
 * A queue's own settings ([queue.NAME]); what it does not set is its channel's. `set` says
 * which settings it sets (WB_QSET_* bits), th_set which thresholds (bit 2 * rule + alarm).
 */
enum {
    WB_QSET_SL_T = 1u << 0,
    WB_QSET_SL_TARGET = 1u << 1,
    WB_QSET_FORMULA = 1u << 2,
    WB_QSET_SHORT = 1u << 3,
    WB_QSET_HOLD = 1u << 4,
    WB_QSET_LABEL_EN = 1u << 5,
    WB_QSET_LABEL_FI = 1u << 6,
};

typedef struct wb_queue_cfg {
    char name[WB_MAX_NAME];    /* the queue name as events give it */
    char channel[WB_MAX_NAME]; /* "" = a queue of this name in any channel */
    uint32_t set, th_set;
    wb_channel_cfg over; /* the values of the settings it sets */
} wb_queue_cfg;

typedef struct wb_screen_cfg {
    wb_page_cfg pages[WB_MAX_PAGES]; /* in file order */
    size_t n_pages;
    /* The pages in rotation order, as indexes into pages: [screen] pages, else file order. */
    int rotation[WB_MAX_PAGES];
    size_t n_rotation;
    wb_group_cfg groups[WB_MAX_GROUPS];
    size_t n_groups;
} wb_screen_cfg;

/*
 * A [kpi.ID] section: how the KPI named ID (in "kpi" messages, any scope) is labelled and
 * judged. Thresholds are in the KPI's own unit and read with `better`: with higher a value
 * below warn is a warning and below alarm an alarm; with lower a value at or above them.
 */
#define WB_MAX_KPI_CFG 32
typedef struct wb_kpi_cfg {
    char id[WB_MAX_NAME];
    char label_en[WB_MAX_NAME]; /* "" = the message's label */
    char label_fi[WB_MAX_NAME]; /* "" = label_en */
    /* Shorter labels for small tiles, used where the label would be cut; "" = none. */
    char short_en[WB_MAX_NAME];
    char short_fi[WB_MAX_NAME]; /* "" = short_en, unless label_fi is Finnish of its own */
    wb_threshold th;
    bool has_target; /* overrides the message's target */
    double target;
    wb_better better; /* UNSET = as the message says (higher when it does not) */
} wb_kpi_cfg;

/*
 * The audible alarm of one screen ([sound]). Whether and when to sound is decided by
 * wb_sound.h; the program only plays what it is told.
 */
typedef struct wb_sound_cfg {
    bool enabled;    /* default false: a screen is silent until configured */
    int volume_pct;  /* 0..100; 0 is silent. Default 80 */
    wb_ms repeat_ms; /* sound again this long after while unacknowledged; 0 = once. 5 min */
    bool at_night;   /* sound in the display's night window too. Default false */
    char file[256];  /* a WAV to play instead of the bundled chime; "" = bundled */
} wb_sound_cfg;

#define WB_MAX_URLS 8
typedef struct wb_config {
    char site[128];          /* shown in the header */
    char tz[64];             /* IANA zone for "today", e.g. "Europe/Helsinki"; "" = UTC */
    wb_ms rolling_ms;        /* rolling window length, default 30 min */
    wb_ms bucket_ms;         /* rolling bucket width, default 10 s (<= 10 s) */
    wb_ms stale_after_ms;    /* default 5 s */
    wb_ms forecast_tau_ms;   /* arrival-rate smoothing time constant, default 15 min */
    wb_ms waiting_expiry_ms; /* waiting contacts older than this are dropped; 0 = never */
    wb_ms interval_ms;       /* width of the day's intervals, default 15 min (divides 1 h) */
    wb_channel_cfg defaults; /* settings of a channel that appears without configuration */
    wb_channel_cfg channels[WB_MAX_CHANNELS];
    size_t n_channels;
    wb_display_cfg display;
    wb_screen_cfg screen;
    wb_queue_cfg queues[WB_MAX_QUEUE_CFGS];
    size_t n_queues;
    char connect[WB_MAX_URLS][256];
    size_t n_connect;
    char bind[WB_MAX_URLS][256];
    size_t n_bind;
    wb_kpi_cfg kpis[WB_MAX_KPI_CFG];
    size_t n_kpis;
    wb_sound_cfg sound;
} wb_config;

/* Fills cfg with the built-in defaults (no channels). */
void wb_config_defaults(wb_config *cfg);

/*
 * Fills *ch with cfg->defaults, named name (labels default to the name). Used both for
 * [channel.NAME] sections and for channels that appear in events without configuration.
 */
void wb_channel_cfg_default(const wb_config *cfg, wb_channel_cfg *ch, const char *name);

/*
 * Whether a rule's thresholds follow the service-level target when they are not set: the
 * three service levels do (warn at the target, alarm 10 points lower; the forecast never
 * alarms by default), waiting and oldest wait do not.
 */
bool wb_cfg_rule_follows_target(wb_rule r);

/*
 * Derives every target-following threshold of ch whose bit (2 * rule + alarm, as in
 * wb_queue_cfg.th_set) is not in `set`, from ch->sl_target. Used by the defaults, by a queue's
 * own target (wb_config_queue_settings) and by the loader once a file's keys are read.
 */
void wb_cfg_derive_unset(wb_channel_cfg *ch, uint32_t set);

/*
 * The settings of queue `queue` of channel ch: ch's, with what the first matching [queue.NAME]
 * section sets on top. Service-level thresholds the section does not set follow its own
 * target when it sets one (warn below it, alarm 10 points lower), else they are ch's.
 * Returns the index of the section used, or WB_NOT_FOUND (then *out is ch).
 */
int wb_config_queue_settings(const wb_config *cfg, const wb_channel_cfg *ch, const char *queue,
                             wb_channel_cfg *out);

/* Index of a group by name, or WB_NOT_FOUND. */
int wb_config_group_index(const wb_config *cfg, const char *name);

/* Index of a configured channel by name, or WB_NOT_FOUND. */
int wb_config_channel_index(const wb_config *cfg, const char *name);

/* The [kpi.ID] section of KPI id, or NULL. */
const wb_kpi_cfg *wb_config_kpi(const wb_config *cfg, const char *id);

#endif
