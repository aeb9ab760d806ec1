/*
 * wb_model_kpi.h - KPI figures in the model (protocol message "kpi"): what the screen and the
 * stats read about them, and how a figure is judged against its thresholds.
 *
 * The model keeps one figure per (src, kpi, scope): the latest by its ts (an older message
 * never replaces a newer one), at most WB_MAX_KPIS of them, and a snapshot replaces the
 * figures of its source. For the sparkline it keeps today's values in WB_KPI_DAY_SLOTS slots
 * of WB_KPI_SLOT_MS (the newest value of each slot); they start empty at the day change.
 *
 * Ownership: wb_kpi_info is filled by value; its strings point into the model and stay valid
 * until the model next changes.
 */
#ifndef WB_MODEL_KPI_H
#define WB_MODEL_KPI_H

#include "wb_config.h"
#include "wb_proto.h"

typedef struct wb_model wb_model;

/* KPI figures overall, all sources: a message or snapshot that would pass it is refused
 * (WB_ERR_LIMIT). */
#define WB_MAX_KPIS 256
/* Today's values: one slot per quarter of an hour, 100 of them for a 25-hour day. */
#define WB_KPI_SLOT_MS (15 * 60 * 1000)
#define WB_KPI_DAY_SLOTS 100

typedef struct wb_kpi_info {
    const char *src, *kpi;
    const char *scope;                 /* NULL: the whole site */
    const char *label, *unit, *period; /* as the publisher sent them; NULL when absent */
    double value;
    bool has_target;
    double target;
    wb_better better; /* as sent; UNSET when the publisher did not say */
    wb_ms ts;
    /* Today's values, oldest first, and the quarter of an hour of the day each is from. */
    size_t n_points;
    double points[WB_KPI_DAY_SLOTS];
    uint8_t point_slot[WB_KPI_DAY_SLOTS];
} wb_kpi_info;

/* Figures in the order they first arrived (a snapshot keeps the place of those it updates). */
size_t wb_model_kpi_count(const wb_model *m);
void wb_model_kpi_info(const wb_model *m, size_t i, wb_kpi_info *out);

/* What a figure is judged against: the configuration first, then the message. */
typedef struct wb_kpi_judge {
    wb_better better; /* never UNSET: higher when neither says */
    bool has_target;
    double target;
    bool judged; /* false: no threshold and no target, nothing to judge against */
    wb_level level;
} wb_kpi_judge;

/*
 * Judges value against cfg (may be NULL) and what the message said. With warn or alarm
 * thresholds, those decide (see wb_kpi_cfg); with only a target, a value worse than the
 * target is a warning and never an alarm; with neither, the figure is not judged.
 */
void wb_kpi_judge_value(const wb_kpi_cfg *cfg, const wb_kpi_info *k, wb_kpi_judge *out);

#endif
