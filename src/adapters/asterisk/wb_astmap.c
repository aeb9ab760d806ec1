/*
 * wb_astmap.c - queue_log and AMI to protocol v1 (see wb_astmap.h).
 *
 * Field meanings follow app_queue's own logging: CONNECT carries the hold time in data1,
 * COMPLETECALLER/COMPLETEAGENT the talk time in data2, the abandon family the wait in data3
 * (EXITWITHKEY in data4, after the key), the transfers the talk time in data4 (data5 when an
 * attended transfer logs "LINK" with two channels). Waits are whole seconds, as Asterisk
 * itself counts them, so the service level can be made to agree with Asterisk's.
 */
#include "wb_astmap_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_grow.h"

#define ID_MAX (WB_MAX_STR_BYTES + 1)
/*
 * A call still waiting after WAIT_MAX_MS, or in service after SERVICE_MAX_MS, lost its last
 * line (Asterisk's own queue timeouts end a wait long before): it is dropped, so that a lost
 * line does not leave a caller waiting on the wall or an agent busy for ever.
 */
#define WAIT_MAX_MS (6 * 3600 * 1000LL)
#define SERVICE_MAX_MS (24 * 3600 * 1000LL)
#define PRUNE_EVERY_MS 60000

typedef struct visit {
    char *callid; /* the map key */
    char id[ID_MAX];
    char queue[WB_MAX_STR_BYTES + 1]; /* the Asterisk queue name */
    wb_ms enter_ts;
    char *agent; /* the agent id once answered */
} visit;

wb_astmap *wb_astmap_new(const wb_astcfg *cfg)
{
    wb_astmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = cfg;
    wb_map_init(&m->visits);
    wb_map_init(&m->served);
    wb_map_init(&m->agents);
    return m;
}

static void visit_free(visit *v)
{
    if (!v)
        return;
    free(v->callid);
    free(v->agent);
    free(v);
}

static void drop_map(wb_map *mp)
{
    for (size_t i = 0; i < mp->cap; i++)
        if (mp->slots[i].key)
            visit_free(mp->slots[i].val);
    wb_map_clear(mp);
}

static void drop_visits(wb_astmap *m)
{
    drop_map(&m->visits);
    drop_map(&m->served);
}

void wb_astmap_free(wb_astmap *m)
{
    if (!m)
        return;
    drop_visits(m);
    wb_map_fini(&m->visits);
    wb_map_fini(&m->served);
    for (size_t i = 0; i < m->n_agents; i++)
        wb_astagent_free(m->alist[i]);
    free(m->alist);
    wb_map_fini(&m->agents);
    free(m);
}

/* A call in service that lost its last line: its agent is no longer on it. */
static void agent_call_lost(wb_astmap *m, const visit *v, wb_ms now, const wb_astmap_out *out)
{
    wb_astagent *a = v->agent ? wb_map_get(&m->agents, v->agent) : NULL;
    if (a && a->calls > 0) {
        a->calls--;
        wb_astagent_emit(m, a, now, out);
    }
}

static void prune_map(wb_astmap *m, wb_map *mp, wb_ms now, const wb_astmap_out *out)
{
    /* Deleting shifts entries back into the slot just visited: look at it again. */
    for (size_t i = 0; i < mp->cap;) {
        visit *v = mp->slots[i].val;
        bool stale =
            mp->slots[i].key && now - v->enter_ts > (v->agent ? SERVICE_MAX_MS : WAIT_MAX_MS);
        if (!stale) {
            i++;
            continue;
        }
        wb_map_del(mp, v->callid);
        if (!v->agent && out && out->left)
            out->left(out->ud, v->id, now);
        agent_call_lost(m, v, now, out);
        m->st.pruned++;
        visit_free(v);
    }
}

static void prune(wb_astmap *m, wb_ms now, const wb_astmap_out *out)
{
    prune_map(m, &m->visits, now, out);
    prune_map(m, &m->served, now, out);
}

void wb_astmap_tick(wb_astmap *m, wb_ms now, const wb_astmap_out *out)
{
    if (now - m->pruned_at >= PRUNE_EVERY_MS) {
        m->pruned_at = now;
        prune(m, now, out);
    }
    for (size_t i = 0; i < m->n_agents; i++) {
        wb_astagent *a = m->alist[i];
        if (a->wrapup_until > 0 && a->wrapup_until <= now) {
            wb_ms end = a->wrapup_until;
            a->wrapup_until = 0;
            wb_astagent_emit(m, a, end, out);
        }
    }
}

/* ---------------------------------------------------------------- contacts */

static void contact_event(wb_astmap *m, wb_event_type t, const visit *v, wb_ms ts,
                          const char *agent_id, wb_ms wait_ms, wb_ms handle_ms,
                          const wb_astmap_out *out)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, t, ts);
    ev.id = v->id;
    ev.channel = wb_astmap_queue_channel(m, v->queue);
    ev.queue = wb_astmap_queue_name(m, v->queue);
    ev.agent = agent_id;
    ev.wait_ms = wait_ms;
    ev.handle_ms = handle_ms;
    m->st.events++;
    if (out && out->event)
        out->event(out->ud, &ev);
}

static visit *visit_new(wb_astmap *m, const wb_qlog_line *l, wb_ms enter_ts,
                        const wb_astmap_out *out)
{
    visit *v = calloc(1, sizeof *v);
    if (!v || !(v->callid = wb_astmap_dup_str(l->callid))) {
        free(v);
        return NULL;
    }
    snprintf(v->queue, sizeof v->queue, "%s", l->queue);
    v->enter_ts = enter_ts;
    long long epoch = (long long)(enter_ts / 1000);
    int n = snprintf(v->id, sizeof v->id, "%s/%s/%lld", l->callid, l->queue, epoch);
    /*
     * An id over the protocol's string limit (an odd callid or queue name) becomes a hash of
     * both, still unique per visit and the same on every run.
     */
    if (n < 0 || n > WB_MAX_STR_BYTES) {
        uint64_t h = wb_hash_str(l->queue, wb_hash_str(l->callid, 0));
        snprintf(v->id, sizeof v->id, "h%016llx/%lld", (unsigned long long)h, epoch);
    }
    /*
     * A call that enters again while still waiting lost that visit's last line: the old visit
     * leaves the queue without an outcome. One answered may still get its COMPLETE or
     * TRANSFER line (written late by Asterisk 12 and later): it waits in `served`, where it
     * takes the place of an older one, whose line is now surely lost.
     */
    visit *old = wb_map_del(&m->visits, v->callid);
    if (old && !old->agent && out && out->left)
        out->left(out->ud, old->id, enter_ts);
    if (old && old->agent) {
        visit *older = wb_map_del(&m->served, old->callid);
        if (older)
            agent_call_lost(m, older, enter_ts, out);
        visit_free(older);
        if (wb_map_put(&m->served, old->callid, old) == WB_OK)
            old = NULL;
        else
            agent_call_lost(m, old, enter_ts, out);
    }
    visit_free(old);
    if (wb_map_put(&m->visits, v->callid, v) != WB_OK) {
        visit_free(v);
        return NULL;
    }
    return v;
}

/*
 * The visit a line is about. A line about a call the mapper never saw enter (the log was
 * rotated away, or the adapter started in the middle of it) gets a visit entered wait_s
 * before the line.
 */
static visit *visit_for(wb_astmap *m, const wb_qlog_line *l, int64_t wait_s,
                        const wb_astmap_out *out)
{
    visit *v = wb_map_get(&m->visits, l->callid);
    if (v && strcmp(v->queue, l->queue) == 0)
        return v;
    return visit_new(m, l, (l->epoch - (wait_s > 0 ? wait_s : 0)) * 1000, out);
}

/*
 * The answered visit a COMPLETE or TRANSFER line of agent `who` ends: the call's visit of the
 * line's queue, the one in service before one still waiting (the call entered a queue again
 * before this line was written). When both of the call's visits of that queue are answered
 * (the new one already taken by someone else), the one of the line's agent; else the older.
 */
static visit *visit_ended(wb_astmap *m, const wb_qlog_line *l, const char *who,
                          const wb_astmap_out *out)
{
    visit *v = wb_map_get(&m->visits, l->callid);
    if (v && (!v->agent || strcmp(v->queue, l->queue) != 0))
        v = NULL;
    visit *s = wb_map_get(&m->served, l->callid);
    if (s && strcmp(s->queue, l->queue) != 0)
        s = NULL;
    if (v && s)
        return who && strcmp(v->agent, who) == 0 && strcmp(s->agent, who) != 0 ? v : s;
    if (v || s)
        return v ? v : s;
    return visit_for(m, l, 0, out);
}

static void visit_end(wb_astmap *m, visit *v)
{
    /* The visit is in `served` when a newer visit of its call took its place in `visits`. */
    wb_map_del(wb_map_get(&m->served, v->callid) == v ? &m->served : &m->visits, v->callid);
    visit_free(v);
}

/* The agent id for a line's agent field, or NULL when the field names nobody. */
static wb_astagent *line_agent(wb_astmap *m, const wb_qlog_line *l)
{
    if (!l->agent[0] || strcmp(l->agent, "NONE") == 0)
        return NULL;
    return wb_astagent_get(m, l->agent);
}

void wb_astmap_waiting_before(wb_astmap *m, wb_ms before, const wb_astmap_out *out)
{
    for (size_t i = 0; i < m->visits.cap; i++) {
        const visit *v = m->visits.slots[i].val;
        if (m->visits.slots[i].key && !v->agent && v->enter_ts < before)
            contact_event(m, WB_EV_QUEUED, v, v->enter_ts, NULL, -1, -1, out);
    }
}

/* ---------------------------------------------------------------- lines */

static bool is_call(const wb_qlog_line *l)
{
    return l->callid[0] && strcmp(l->callid, "NONE") != 0 && l->queue[0] &&
           strcmp(l->queue, "NONE") != 0;
}

/* Talk seconds of a completion or transfer, or -1 when the line does not carry it. */
static int64_t talk_s(const wb_qlog_line *l)
{
    size_t i;
    switch (l->verb) {
    case WB_QV_COMPLETECALLER:
    case WB_QV_COMPLETEAGENT:
        i = 1;
        break;
    case WB_QV_ATTENDEDTRANSFER:
        i = strcmp(l->data[0], "LINK") == 0 ? 4 : 3;
        break;
    default: /* TRANSFER, BLINDTRANSFER: exten, context, hold, talk */
        i = 3;
        break;
    }
    int64_t v;
    return wb_qlog_num(l, i, &v) ? v : -1;
}

static wb_qlog_reason map_call(wb_astmap *m, const wb_qlog_line *l, const wb_astmap_out *out)
{
    wb_ms ts = l->epoch * 1000;
    int64_t n;
    switch (l->verb) {
    case WB_QV_ENTERQUEUE: {
        visit *v = visit_new(m, l, ts, out);
        if (v)
            contact_event(m, WB_EV_QUEUED, v, ts, NULL, -1, -1, out);
        return WB_QLOG_OK;
    }
    case WB_QV_CONNECT: {
        if (!wb_qlog_num(l, 0, &n))
            return WB_QLOG_NUMBER;
        wb_astagent *a = line_agent(m, l);
        visit *v = visit_for(m, l, n, out);
        if (!v)
            return WB_QLOG_OK;
        free(v->agent);
        v->agent = a ? wb_astmap_dup_str(a->id) : NULL;
        contact_event(m, WB_EV_ANSWERED, v, ts, v->agent, n * 1000, -1, out);
        if (a) {
            /*
             * Only a member answers a queue's call, so the queue tells membership: members
             * of queues.conf (static) are never added in the log, and a dynamic member's
             * ADDMEMBER may be in a file rotated away long ago.
             */
            wb_astagent_join_seen(a, l->queue);
            a->calls++;
            a->ringing = false;
            wb_astagent_emit(m, a, ts, out);
        }
        return WB_QLOG_OK;
    }
    case WB_QV_COMPLETECALLER:
    case WB_QV_COMPLETEAGENT:
    case WB_QV_TRANSFER:
    case WB_QV_BLINDTRANSFER:
    case WB_QV_ATTENDEDTRANSFER: {
        int64_t talk = talk_s(l);
        if (talk < 0)
            return WB_QLOG_NUMBER;
        wb_astagent *a = line_agent(m, l);
        visit *v = visit_ended(m, l, a ? a->id : NULL, out);
        if (!v)
            return WB_QLOG_OK;
        const char *who = a ? a->id : v->agent;
        contact_event(m, WB_EV_COMPLETED, v, ts, who, -1, talk * 1000, out);
        if (a) {
            if (a->calls > 0)
                a->calls--;
            wb_ms wu = wb_astmap_queue_wrapup(m, l->queue);
            a->wrapup_until = wu > 0 ? ts + wu : 0;
            wb_astagent_emit(m, a, ts, out);
        }
        visit_end(m, v);
        return WB_QLOG_OK;
    }
    case WB_QV_ABANDON:
    case WB_QV_EXITWITHTIMEOUT:
    case WB_QV_EXITEMPTY:
    case WB_QV_WITHDRAW:
    case WB_QV_SYSCOMPAT:
    case WB_QV_EXITWITHKEY: {
        /* The wait from the log's own field; Asterisk 1.4's EXITWITHTIMEOUT and SYSCOMPAT
         * have none, so it is the time since the call entered. */
        size_t wi = l->verb == WB_QV_EXITWITHKEY ? 3 : 2;
        bool has = l->verb != WB_QV_SYSCOMPAT && wb_qlog_num(l, wi, &n);
        if (!has && l->verb != WB_QV_SYSCOMPAT && l->verb != WB_QV_EXITWITHTIMEOUT)
            return WB_QLOG_NUMBER;
        visit *v = wb_map_get(&m->visits, l->callid);
        if (v && strcmp(v->queue, l->queue) != 0)
            v = NULL;
        if (!has)
            n = v ? (ts - v->enter_ts) / 1000 : 0;
        if (n < 0)
            n = 0;
        if (!v)
            v = visit_for(m, l, n, out);
        if (!v)
            return WB_QLOG_OK;
        if (l->verb == WB_QV_EXITWITHKEY && m->cfg->exitwithkey == WB_AST_EWK_LEFT) {
            if (out && out->left)
                out->left(out->ud, v->id, ts);
        } else {
            contact_event(m, WB_EV_ABANDONED, v, ts, NULL, n * 1000, -1, out);
        }
        visit_end(m, v);
        return WB_QLOG_OK;
    }
    default:
        return WB_QLOG_OK;
    }
}

/*
 * app_agent_pool (Asterisk 12 and later) logs AGENTLOGIN and AGENTLOGOFF under the agent's
 * bare id ("1001"), where the queues know the agent as the member Agent/1001 (its CONNECT and
 * other lines). Such a name is read as Agent/ID, unless the configuration names an agent by it
 * or a member of that name is known.
 */
static wb_astagent *login_agent(wb_astmap *m, const wb_qlog_line *l)
{
    const char *who = l->agent;
    char pooled[WB_MAX_STR_BYTES + 1];
    /* A member already known by the bare name (a queues.conf member named 1001) keeps it. */
    if (who[0] && strcmp(who, "NONE") != 0 && !strchr(who, '/') && !wb_astcfg_agent(m->cfg, who) &&
        !wb_map_get(&m->agents, who) && strlen(who) + 6 <= WB_MAX_STR_BYTES) {
        snprintf(pooled, sizeof pooled, "Agent/%s", who);
        return wb_astagent_get(m, pooled);
    }
    return line_agent(m, l);
}

static wb_qlog_reason map_agent(wb_astmap *m, const wb_qlog_line *l, const wb_astmap_out *out)
{
    wb_ms ts = l->epoch * 1000;
    bool login = l->verb == WB_QV_AGENTLOGIN || l->verb == WB_QV_AGENTLOGOFF;
    wb_astagent *a = login ? login_agent(m, l) : line_agent(m, l);
    if (!a)
        return l->agent[0] && strcmp(l->agent, "NONE") != 0 ? WB_QLOG_OK : WB_QLOG_NO_AGENT;
    bool in_queue = l->queue[0] && strcmp(l->queue, "NONE") != 0;
    switch (l->verb) {
    case WB_QV_ADDMEMBER: {
        if (!in_queue)
            return WB_QLOG_NO_CALL;
        /* A new member is unpaused unless added paused; a member added again is new. */
        wb_astagent_leave(a, l->queue);
        wb_astmember *q = wb_astagent_join(a, l->queue);
        if (q)
            q->paused = strcmp(l->data[0], "PAUSED") == 0;
        break;
    }
    case WB_QV_REMOVEMEMBER:
        if (!in_queue)
            return WB_QLOG_NO_CALL;
        wb_astagent_leave(a, l->queue);
        break;
    case WB_QV_PAUSE:
    case WB_QV_PAUSEALL:
        wb_astagent_pause(a, l->verb == WB_QV_PAUSE && in_queue ? l->queue : NULL, true);
        wb_astmap_set_reason(&a->reason, l->data[0]);
        break;
    case WB_QV_UNPAUSE:
    case WB_QV_UNPAUSEALL:
        wb_astagent_pause(a, l->verb == WB_QV_UNPAUSE && in_queue ? l->queue : NULL, false);
        break;
    case WB_QV_AGENTLOGIN:
    case WB_QV_AGENTCALLBACKLOGIN:
        a->login_known = a->logged_in = true;
        if (in_queue)
            wb_astagent_join(a, l->queue);
        break;
    case WB_QV_AGENTLOGOFF:
    case WB_QV_AGENTCALLBACKLOGOFF:
        a->login_known = true;
        a->logged_in = false;
        a->calls = 0;
        break;
    default: /* RINGNOANSWER, RINGCANCELED, AGENTDUMP: the phone stopped ringing */
        a->ringing = false;
        /* Only a member is rung, so the queue tells membership (a static member's too). */
        if (in_queue)
            wb_astagent_join_seen(a, l->queue);
        break;
    }
    /* The reason of a pause that no longer holds in every queue is not shown again later. */
    if (!wb_astagent_paused(a))
        wb_astmap_set_reason(&a->reason, NULL);
    wb_astagent_emit(m, a, ts, out);
    return WB_QLOG_OK;
}

static void restart(wb_astmap *m, wb_ms ts, const wb_astmap_out *out)
{
    drop_visits(m);
    m->st.restarts++;
    if (out && out->restart)
        out->restart(out->ud, ts);
    for (size_t i = 0; i < m->n_agents; i++) {
        wb_astagent *a = m->alist[i];
        a->calls = 0;
        a->ringing = false;
        wb_astagent_unforget(a, NULL);
        wb_astagent_emit(m, a, ts, out);
    }
}

/* Strings an event carries must fit the protocol's limit (a pause reason is one of them). */
static bool fits(const wb_qlog_line *l)
{
    bool reason = l->verb == WB_QV_PAUSE || l->verb == WB_QV_PAUSEALL;
    return strlen(l->queue) <= WB_MAX_STR_BYTES && strlen(l->agent) <= WB_MAX_STR_BYTES &&
           (!reason || strlen(l->data[0]) <= WB_MAX_STR_BYTES);
}

wb_qlog_reason wb_astmap_line(wb_astmap *m, const wb_qlog_line *l, const wb_astmap_out *out)
{
    wb_astmap_tick(m, l->epoch * 1000, out);
    wb_qlog_reason r = WB_QLOG_OK;
    if (!fits(l)) {
        r = WB_QLOG_TOO_LONG;
        goto done;
    }
    switch (l->verb) {
    case WB_QV_ENTERQUEUE:
    case WB_QV_CONNECT:
    case WB_QV_COMPLETECALLER:
    case WB_QV_COMPLETEAGENT:
    case WB_QV_TRANSFER:
    case WB_QV_BLINDTRANSFER:
    case WB_QV_ATTENDEDTRANSFER:
    case WB_QV_ABANDON:
    case WB_QV_EXITWITHTIMEOUT:
    case WB_QV_EXITEMPTY:
    case WB_QV_WITHDRAW:
    case WB_QV_SYSCOMPAT:
    case WB_QV_EXITWITHKEY:
        r = is_call(l) ? map_call(m, l, out) : WB_QLOG_NO_CALL;
        break;
    case WB_QV_RINGNOANSWER:
    case WB_QV_RINGCANCELED:
    case WB_QV_AGENTDUMP:
    case WB_QV_ADDMEMBER:
    case WB_QV_REMOVEMEMBER:
    case WB_QV_PAUSE:
    case WB_QV_UNPAUSE:
    case WB_QV_PAUSEALL:
    case WB_QV_UNPAUSEALL:
    case WB_QV_AGENTLOGIN:
    case WB_QV_AGENTLOGOFF:
    case WB_QV_AGENTCALLBACKLOGIN:
    case WB_QV_AGENTCALLBACKLOGOFF:
        r = map_agent(m, l, out);
        break;
    case WB_QV_QUEUESTART:
        restart(m, l->epoch * 1000, out);
        break;
    case WB_QV_CONFIGRELOAD:
        /* queues.conf read again may name a removed member as a static one. */
        for (size_t i = 0; i < m->n_agents; i++)
            wb_astagent_unforget(m->alist[i], NULL);
        break;
    case WB_QV_UNKNOWN:
        r = WB_QLOG_UNKNOWN;
        break;
    default: /* PENALTY, RINGINUSE, OUTCALL, DID, INFO: nothing to show */
        break;
    }
done:
    if (r == WB_QLOG_OK)
        m->st.by_verb[l->verb]++;
    else
        m->st.refused[wb_qlog_reason_index(r)]++;
    return r;
}

wb_qlog_reason wb_astmap_feed(wb_astmap *m, const char *line, size_t len, const wb_astmap_out *out)
{
    static _Thread_local wb_qlog_line l;
    m->st.lines++;
    wb_qlog_reason r = wb_qlog_parse(line, len, &l);
    if (l.recoded)
        m->st.recoded++;
    if (r == WB_QLOG_OK || r == WB_QLOG_UNKNOWN)
        return wb_astmap_line(m, &l, out);
    m->st.refused[wb_qlog_reason_index(r)]++;
    return r;
}

/* ---------------------------------------------------------------- AMI */

void wb_ast_member_init(wb_ast_member *mb)
{
    memset(mb, 0, sizeof *mb);
    mb->status = mb->paused = mb->removed = mb->ringing = -1;
    mb->last_call = mb->wrapup_s = -1;
}

void wb_astmap_member(wb_astmap *m, wb_ms ts, const wb_ast_member *mb, const wb_astmap_out *out)
{
    const char *who = NULL;
    /* The configured agent of either name; else the member name, which queue_log uses. */
    if (mb->member && wb_astcfg_agent(m->cfg, mb->member))
        who = mb->member;
    else if (mb->interface && wb_astcfg_agent(m->cfg, mb->interface))
        who = mb->interface;
    else
        who = mb->member && *mb->member ? mb->member : mb->interface;
    if (!who || !*who || strlen(who) > WB_MAX_STR_BYTES)
        return;
    wb_astagent *a = wb_astagent_get(m, who);
    if (!a)
        return;
    if (mb->queue && *mb->queue && strlen(mb->queue) <= WB_MAX_STR_BYTES) {
        /* A ring's event (AgentCalled and its ends) tells membership as a call's line does. */
        if (mb->removed == 1)
            wb_astagent_leave(a, mb->queue);
        else if (mb->ringing >= 0)
            wb_astagent_join_seen(a, mb->queue);
        else
            wb_astagent_join(a, mb->queue);
    }
    switch (mb->status) {
    case -1:
        break;
    case 4: /* invalid */
    case 5: /* unavailable: the phone is not registered */
        a->dev_offline = true;
        a->dev_busy = a->ringing = false;
        break;
    case 2: /* in use */
    case 3: /* busy */
    case 6: /* ringing */
    case 7: /* in use and ringing */
    case 8: /* on hold */
        a->dev_offline = false;
        a->dev_busy = true;
        break;
    default: /* 0 unknown, 1 not in use */
        a->dev_offline = a->dev_busy = false;
        /*
         * A phone not in use rings no more: when another member answers a call that rang
         * them all, Asterisk hangs the others up without a ring-no-answer event.
         */
        if (mb->status == 1)
            a->ringing = false;
        break;
    }
    if (mb->paused >= 0) {
        bool queue =
            mb->queue && *mb->queue && mb->removed != 1 && strlen(mb->queue) <= WB_MAX_STR_BYTES;
        wb_astagent_pause(a, queue ? mb->queue : NULL, mb->paused == 1);
        if (mb->paused == 1)
            wb_astmap_set_reason(&a->reason, mb->reason && strlen(mb->reason) <= WB_MAX_STR_BYTES
                                                 ? mb->reason
                                                 : NULL);
        if (!wb_astagent_paused(a))
            wb_astmap_set_reason(&a->reason, NULL);
    }
    if (mb->ringing >= 0)
        a->ringing = mb->ringing == 1;
    if (mb->last_call > 0 && mb->wrapup_s > 0) {
        wb_ms until = (mb->last_call + mb->wrapup_s) * 1000;
        a->wrapup_until = until > ts ? until : 0;
    }
    wb_astagent_emit(m, a, ts, out);
}

/* ---------------------------------------------------------------- stats */

void wb_astmap_stats_get(const wb_astmap *m, wb_astmap_stats *out)
{
    *out = m->st;
}

size_t wb_astmap_calls(const wb_astmap *m)
{
    return m->visits.len + m->served.len;
}

size_t wb_astmap_agents(const wb_astmap *m)
{
    return m->n_agents;
}
