/*
 * wb_astmap_int.h - the Asterisk mapper's internal data structure, shared by the two files
 * that implement wb_astmap.h. Nothing outside src/adapters/asterisk/wb_astmap*.c includes it.
 *
 * Data structure: the mapper holds the calls in the queues now (callid -> visit, known to
 * wb_astmap.c alone) and one wb_astagent per agent met (id -> agent, and a dense list in the
 * order met): its memberships of queues, each paused or not, the queues it was removed from,
 * its calls in progress, its wrap-up and what was last published of it.
 *
 * The files:
 *   wb_astmap.c        lifetime, the calls (visits) and the lines that move them, AMI updates;
 *   wb_astmap_agent.c  the queues' channels, and the agents: membership, pauses, state, events.
 *
 * Ownership: the mapper owns its agents (wb_astagent_free() frees one and its strings) and its
 * visits; a string from wb_astmap_dup_str() is the caller's to free.
 */
#ifndef WB_ASTMAP_INT_H
#define WB_ASTMAP_INT_H

#include "wb_astmap.h"
#include "wb_map.h"

/*
 * One queue an agent is a member of. Asterisk pauses a member per queue (PauseQueueMember
 * with a queue name), so the pause is the membership's: a member paused in one queue still
 * takes the calls of the others.
 */
typedef struct wb_astmember {
    char *queue;
    bool paused;
} wb_astmember;

typedef struct wb_astagent {
    char *id; /* the map key: configured id, or the name as the log wrote it */
    const wb_ast_agent_cfg *cfg;
    wb_astmember *queues; /* queues it is a member of */
    size_t n_queues;
    /*
     * Queues it was removed from (REMOVEMEMBER) and not added to since. A call that was
     * ringing it when it was removed rings on and logs its RINGNOANSWER (or even its CONNECT)
     * under the member's name afterwards, and must not make it a member again.
     */
    char **gone;
    size_t n_gone;
    bool login_known, logged_in;
    bool paused;  /* paused as a whole (PAUSEALL) and not unpaused anywhere since */
    char *reason; /* the reason of the latest pause */
    int calls;    /* queue calls connected and not yet completed */
    bool dev_busy, dev_offline, ringing;
    wb_ms wrapup_until; /* 0 = none */
    /* What was published last, to send only changes. */
    bool sent;
    wb_agent_state st;
    bool st_next; /* busy with a pause to follow */
    char *st_reason;
    uint32_t st_chan; /* bit i = channel number i in the mapper's channel list */
    wb_ms st_ts;
} wb_astagent;

struct wb_astmap {
    const wb_astcfg *cfg;
    wb_map visits; /* callid -> visit */
    /*
     * callid -> an answered visit whose call entered a queue again before the visit's last
     * line: Asterisk 12 and later write COMPLETE and TRANSFER lines from another thread, so a
     * call transferred into a queue can log its new ENTERQUEUE first. The old visit waits
     * here for its line.
     */
    wb_map served;
    wb_map agents; /* id -> wb_astagent */
    wb_astagent **alist;
    size_t n_agents, cap_agents;
    const char *chan[WB_MAX_CHANNELS]; /* channel names seen, for the agents' bit sets */
    size_t n_chan;
    char chan_store[WB_MAX_CHANNELS][WB_MAX_NAME];
    wb_ms pruned_at;
    wb_astmap_stats st;
};

char *wb_astmap_dup_str(const char *s);
/* Replaces *dst by a copy of s (NULL when s is NULL or empty). */
void wb_astmap_set_reason(char **dst, const char *s);

/* The channel, display name and wrap-up of an Asterisk queue, from the configuration. */
const char *wb_astmap_queue_channel(const wb_astmap *m, const char *queue);
const char *wb_astmap_queue_name(const wb_astmap *m, const char *queue);
wb_ms wb_astmap_queue_wrapup(const wb_astmap *m, const char *queue);

/* The agent of a name (its configured id when configured), made when new; NULL out of memory. */
wb_astagent *wb_astagent_get(wb_astmap *m, const char *who);
void wb_astagent_free(wb_astagent *a);
/* Membership of a queue: joined (made when new), seen in a call's line, left. */
wb_astmember *wb_astagent_join(wb_astagent *a, const char *queue);
void wb_astagent_join_seen(wb_astagent *a, const char *queue);
void wb_astagent_leave(wb_astagent *a, const char *queue);
/* Forgets that the agent was removed from queue (NULL: from every queue). */
void wb_astagent_unforget(wb_astagent *a, const char *queue);
bool wb_astagent_paused(const wb_astagent *a);
void wb_astagent_pause(wb_astagent *a, const char *queue, bool paused);
/* Publishes the agent's state when it differs from what was published last. */
void wb_astagent_emit(wb_astmap *m, wb_astagent *a, wb_ms ts, const wb_astmap_out *out);

#endif
