/*
 * wb_astmap_agent.c - the mapper's agents (see wb_astmap_int.h): which queues an agent is a
 * member of and paused in, the queues it was removed from, and the state published of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_astmap_int.h"
#include "wb_grow.h"

char *wb_astmap_dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void wb_astagent_free(wb_astagent *a)
{
    for (size_t i = 0; i < a->n_queues; i++)
        free(a->queues[i].queue);
    free(a->queues);
    for (size_t i = 0; i < a->n_gone; i++)
        free(a->gone[i]);
    free(a->gone);
    free(a->reason);
    free(a->st_reason);
    free(a->id);
    free(a);
}

/* ---------------------------------------------------------------- queues and channels */

const char *wb_astmap_queue_channel(const wb_astmap *m, const char *queue)
{
    const wb_ast_queue_cfg *q = wb_astcfg_queue(m->cfg, queue);
    return q && q->channel[0] ? q->channel : m->cfg->channel;
}

const char *wb_astmap_queue_name(const wb_astmap *m, const char *queue)
{
    const wb_ast_queue_cfg *q = wb_astcfg_queue(m->cfg, queue);
    return q && q->name[0] ? q->name : queue;
}

wb_ms wb_astmap_queue_wrapup(const wb_astmap *m, const char *queue)
{
    const wb_ast_queue_cfg *q = wb_astcfg_queue(m->cfg, queue);
    return q && q->wrapup_ms >= 0 ? q->wrapup_ms : m->cfg->wrapup_ms;
}

/* Bit of a channel name in the mapper's own list (names are few: at most 32). */
static int chan_bit(wb_astmap *m, const char *name)
{
    for (size_t i = 0; i < m->n_chan; i++)
        if (strcmp(m->chan[i], name) == 0)
            return (int)i;
    if (m->n_chan == WB_MAX_CHANNELS)
        return -1;
    snprintf(m->chan_store[m->n_chan], WB_MAX_NAME, "%s", name);
    m->chan[m->n_chan] = m->chan_store[m->n_chan];
    return (int)m->n_chan++;
}

/* ---------------------------------------------------------------- agents */

wb_astagent *wb_astagent_get(wb_astmap *m, const char *who)
{
    const wb_ast_agent_cfg *ac = wb_astcfg_agent(m->cfg, who);
    const char *id = ac ? ac->id : who;
    wb_astagent *a = wb_map_get(&m->agents, id);
    if (a)
        return a;
    wb_astagent **n = wb_grow(m->alist, &m->cap_agents, m->n_agents + 1, sizeof *n, 16);
    if (!n)
        return NULL;
    m->alist = n;
    a = calloc(1, sizeof *a);
    if (!a || !(a->id = wb_astmap_dup_str(id)) || wb_map_put(&m->agents, a->id, a) != WB_OK) {
        if (a)
            free(a->id);
        free(a);
        return NULL;
    }
    a->cfg = ac;
    m->alist[m->n_agents++] = a;
    return a;
}

static wb_astmember *agent_in(wb_astagent *a, const char *queue)
{
    for (size_t i = 0; i < a->n_queues; i++)
        if (strcmp(a->queues[i].queue, queue) == 0)
            return &a->queues[i];
    return NULL;
}

/* Forgets that the agent was removed from queue (NULL: from every queue). */
void wb_astagent_unforget(wb_astagent *a, const char *queue)
{
    for (size_t i = a->n_gone; i-- > 0;) {
        if (queue && strcmp(a->gone[i], queue) != 0)
            continue;
        free(a->gone[i]);
        a->gone[i] = a->gone[--a->n_gone];
    }
}

static bool agent_removed_from(const wb_astagent *a, const char *queue)
{
    for (size_t i = 0; i < a->n_gone; i++)
        if (strcmp(a->gone[i], queue) == 0)
            return true;
    return false;
}

/*
 * The agent's membership of queue, made when it is new (NULL only when out of memory). A new
 * membership is paused while the agent is paused as a whole (PAUSEALL pauses every queue,
 * the static ones the log has not named yet too; any unpause ends it).
 */
wb_astmember *wb_astagent_join(wb_astagent *a, const char *queue)
{
    wb_astagent_unforget(a, queue);
    wb_astmember *q = agent_in(a, queue);
    if (q)
        return q;
    wb_astmember *n = realloc(a->queues, (a->n_queues + 1) * sizeof *n);
    if (!n)
        return NULL;
    a->queues = n;
    q = &a->queues[a->n_queues];
    if ((q->queue = wb_astmap_dup_str(queue)) == NULL)
        return NULL;
    q->paused = a->paused;
    a->n_queues++;
    return q;
}

/*
 * A membership seen only in a call's line (its CONNECT or ring): the queue rang the agent, so
 * it is a member (a static one, or one whose ADDMEMBER was rotated away), unless it was
 * removed from that queue since, when the call is one that rang it before.
 */
void wb_astagent_join_seen(wb_astagent *a, const char *queue)
{
    if (!agent_removed_from(a, queue))
        wb_astagent_join(a, queue);
}

void wb_astagent_leave(wb_astagent *a, const char *queue)
{
    wb_astmember *q = agent_in(a, queue);
    if (q) {
        free(q->queue);
        *q = a->queues[--a->n_queues];
    }
    /*
     * Remembered also when the membership was not known (its ADDMEMBER rotated away). Out of
     * memory it is not: a late ring may then add the agent back.
     */
    if (agent_removed_from(a, queue))
        return;
    char **n = realloc(a->gone, (a->n_gone + 1) * sizeof *n);
    if (!n)
        return;
    a->gone = n;
    if ((a->gone[a->n_gone] = wb_astmap_dup_str(queue)) != NULL)
        a->n_gone++;
}

/* Paused in every queue it is a member of (as a whole, while in none). */
bool wb_astagent_paused(const wb_astagent *a)
{
    if (a->n_queues == 0)
        return a->paused;
    for (size_t i = 0; i < a->n_queues; i++)
        if (!a->queues[i].paused)
            return false;
    return true;
}

/*
 * A pause (or its end) in one queue, which also tells that the agent is a member of it, or
 * with queue NULL in all of them (PAUSEALL). An agent unpaused anywhere is not paused as a
 * whole.
 */
void wb_astagent_pause(wb_astagent *a, const char *queue, bool paused)
{
    if (queue) {
        wb_astmember *q = wb_astagent_join(a, queue);
        if (q)
            q->paused = paused;
        if (!paused)
            a->paused = false;
        return;
    }
    for (size_t i = 0; i < a->n_queues; i++)
        a->queues[i].paused = paused;
    a->paused = paused;
}

void wb_astmap_set_reason(char **dst, const char *s)
{
    free(*dst);
    *dst = s && *s ? wb_astmap_dup_str(s) : NULL;
}

/*
 * The state an agent shows. Offline first (logged off, in no queue, or an unreachable
 * phone). Then a pause in every queue: Asterisk routes no new call to the agent, so it is
 * paused, or, while a queue call it took goes on, busy with the pause to follow (*paused_next;
 * the protocol's "next"). Then a call (queue or, seen through AMI, any other), wrap-up,
 * available.
 */
static wb_agent_state agent_state(const wb_astagent *a, wb_ms now, bool *paused_next)
{
    *paused_next = false;
    /* On a queue's call it works, a member or not (removed while the call rang it). */
    bool member = a->n_queues > 0 || (a->login_known && a->logged_in) || a->calls > 0;
    if (!member || (a->login_known && !a->logged_in) || a->dev_offline)
        return WB_AGENT_OFFLINE;
    if (wb_astagent_paused(a)) {
        if (a->calls == 0)
            return WB_AGENT_PAUSED;
        *paused_next = true;
        return WB_AGENT_BUSY;
    }
    if (a->calls > 0 || a->dev_busy || a->ringing)
        return WB_AGENT_BUSY;
    if (a->wrapup_until > now)
        return WB_AGENT_WRAPUP;
    return WB_AGENT_AVAILABLE;
}

static bool same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Publishes the agent's state if it differs from what was published last. */
void wb_astagent_emit(wb_astmap *m, wb_astagent *a, wb_ms ts, const wb_astmap_out *out)
{
    bool next;
    wb_agent_state s = agent_state(a, ts, &next);
    const char *reason = s == WB_AGENT_PAUSED || next ? a->reason : NULL;
    /* The channels it takes contacts of: the queues it is not paused in (all while paused). */
    bool all = wb_astagent_paused(a);
    uint32_t mask = 0;
    for (size_t i = 0; i < a->n_queues; i++) {
        if (!all && a->queues[i].paused)
            continue;
        int b = chan_bit(m, wb_astmap_queue_channel(m, a->queues[i].queue));
        if (b >= 0)
            mask |= 1u << b;
    }
    if (a->sent && a->st == s && a->st_next == next && a->st_chan == mask &&
        same_str(a->st_reason, reason))
        return;
    /*
     * Agent events never go back in time: AMI stamps microseconds, queue_log whole seconds,
     * and a receiver ignores an agent event older than the last one it has.
     */
    if (a->sent && ts < a->st_ts)
        ts = a->st_ts;
    a->st_ts = ts;
    a->sent = true;
    a->st = s;
    a->st_next = next;
    a->st_chan = mask;
    wb_astmap_set_reason(&a->st_reason, reason);
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_AGENT_STATE, ts);
    ev.agent = a->id;
    ev.state = s;
    ev.has_next = next;
    ev.next = WB_AGENT_PAUSED;
    ev.reason = a->st_reason;
    if (a->cfg) {
        ev.name = a->cfg->name[0] ? a->cfg->name : NULL;
        ev.team = a->cfg->team[0] ? a->cfg->team : NULL;
    }
    for (size_t i = 0; i < m->n_chan; i++)
        if (mask & (1u << i))
            ev.channels[ev.n_channels++] = m->chan[i];
    m->st.events++;
    if (out && out->event)
        out->event(out->ud, &ev);
}
