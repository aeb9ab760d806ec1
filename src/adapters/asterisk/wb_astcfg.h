/*
 * wb_astcfg.h - configuration of the Asterisk adapter (wallboard-asterisk.ini).
 *
 * One INI file with the conventions of wallboard.ini. The adapter's own sections are
 *   [asterisk]     src, channel (default channel of a queue), exitwithkey, wrapup_s
 *   [queue.NAME]   channel, name (shown on screens), wrapup_s
 *   [agent.ID]     name, team, member (repeatable: the member names and interfaces that
 *                  queue_log and AMI use for this agent)
 * and every other section ([wallboard] timezone, [defaults], [channel.NAME]) is read by the
 * wallboard's own configuration loader (wb_config_load.h), so service-level thresholds and the
 * time zone mean exactly what they mean on the screens.
 *
 * Ownership: wb_astcfg is one heap object (it is large); wb_astcfg_new() fills the defaults,
 * wb_astcfg_free() releases it. Nothing inside points outside it.
 */
#ifndef WB_ASTCFG_H
#define WB_ASTCFG_H

#include "wb_config.h"

#define WB_AST_MAX_QUEUES 256
#define WB_AST_MAX_AGENTS 1024
#define WB_AST_MAX_MEMBERS 4

typedef struct wb_ast_queue_cfg {
    char queue[WB_MAX_NAME];   /* the Asterisk queue name */
    char channel[WB_MAX_NAME]; /* the wallboard channel its calls belong to */
    char name[WB_MAX_NAME];    /* the queue id screens show; default the Asterisk name */
    wb_ms wrapup_ms;           /* -1 = the [asterisk] default */
} wb_ast_queue_cfg;

typedef struct wb_ast_agent_cfg {
    char id[WB_MAX_NAME]; /* the agent id in events */
    char name[WB_MAX_NAME];
    char team[WB_MAX_NAME];
    char member[WB_AST_MAX_MEMBERS][128]; /* "Alice", "PJSIP/2001", "Local/2001@agents" */
    size_t n_member;
} wb_ast_agent_cfg;

typedef enum { WB_AST_EWK_LEFT = 0, WB_AST_EWK_ABANDONED } wb_ast_exitwithkey;

typedef struct wb_astcfg {
    wb_config core; /* timezone, [defaults], [channel.NAME] */
    char src[WB_MAX_NAME];
    char channel[WB_MAX_NAME]; /* default "phone" */
    wb_ast_exitwithkey exitwithkey;
    wb_ms wrapup_ms; /* default 0: no wrap-up */
    wb_ast_queue_cfg queues[WB_AST_MAX_QUEUES];
    size_t n_queues;
    wb_ast_agent_cfg agents[WB_AST_MAX_AGENTS];
    size_t n_agents;
} wb_astcfg;

/* A configuration with the defaults, or NULL when out of memory. */
wb_astcfg *wb_astcfg_new(void);
void wb_astcfg_free(wb_astcfg *c);

/*
 * Loads the INI text (name is used in messages) into *c, starting from the defaults. On
 * failure returns WB_ERR_CONFIG with "FILE:LINE: [section] key: what (got 'value')" in err,
 * and leaves *c unchanged.
 */
int wb_astcfg_load_string(wb_astcfg *c, const char *name, const char *text, char *err,
                          size_t errlen);
/* Same from a file; WB_ERR_CONFIG with "FILE: cannot open: ..." when it cannot be read. */
int wb_astcfg_load(wb_astcfg *c, const char *path, char *err, size_t errlen);

/* The queue's settings, or NULL when the queue has no section. */
const wb_ast_queue_cfg *wb_astcfg_queue(const wb_astcfg *c, const char *queue);
/* The agent whose id or one of whose member names is who, or NULL. */
const wb_ast_agent_cfg *wb_astcfg_agent(const wb_astcfg *c, const char *who);

#endif
