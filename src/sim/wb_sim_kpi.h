/*
 * wb_sim_kpi.h - the quality figures the simulator publishes as "kpi" messages: per team, its
 * net promoter score, first contact resolution and quality score, the figures a CRM or a
 * survey tool (not the ACD) would send.
 *
 * A figure is a pure function of the seed, the team, the figure and the simulated time: a
 * slow swing over the day around the team's own level plus noise per publication, so that a
 * run is deterministic and does not touch the engine's random streams.
 *
 * Ownership: the strings put into a wb_kpi_msg are static.
 */
#ifndef WB_SIM_KPI_H
#define WB_SIM_KPI_H

#include "wb_config.h"
#include "wb_proto.h"

/* Simulated time between two publications of every team's figures. */
#define WB_SIM_KPI_EVERY_MS (5 * 60 * 1000)
enum { WB_SIM_KPI_NPS, WB_SIM_KPI_FCR, WB_SIM_KPI_QUALITY, WB_SIM_N_KPI };

/*
 * Adds [kpi.nps], [kpi.fcr] and [kpi.quality] sections to cfg (labels in English and Finnish,
 * warn and alarm thresholds, higher is better), as in the example wallboard.ini.
 */
void wb_sim_kpi_config(wb_config *cfg);

/* Fills *k with figure `which` of team `team` at simulated time t, in the day from day_start. */
void wb_sim_kpi_fill(uint64_t seed, int team, int which, wb_ms t, wb_ms day_start, wb_kpi_msg *k);

#endif
