/*
 * wb_ami.c - AMI framing and member events (see wb_ami.h).
 */
#include "wb_ami.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void wb_ami_reader_init(wb_ami_reader *r)
{
    memset(r, 0, sizeof *r);
}

void wb_ami_reader_fini(wb_ami_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

void wb_ami_reader_reset(wb_ami_reader *r)
{
    r->len = r->pos = 0;
    r->greeted = false;
    r->banner[0] = '\0';
}

int wb_ami_reader_push(wb_ami_reader *r, const char *data, size_t len)
{
    /* Drop what was handed out before growing. */
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len + len + 1 > r->cap) {
        size_t nc = r->cap ? r->cap : 4096;
        while (nc < r->len + len + 1)
            nc *= 2;
        char *n = realloc(r->buf, nc);
        if (!n)
            return WB_ERR_NOMEM;
        r->buf = n;
        r->cap = nc;
    }
    memcpy(r->buf + r->len, data, len);
    r->len += len;
    r->buf[r->len] = '\0';
    return WB_OK;
}

/* The end of the line starting at p (its '\n'), or NULL when it is not complete. */
static char *line_end(wb_ami_reader *r, char *p)
{
    return memchr(p, '\n', (size_t)(r->buf + r->len - p));
}

bool wb_ami_reader_next(wb_ami_reader *r, wb_ami_msg *out)
{
    out->n = 0;
    for (;;) {
        if (!r->buf || r->pos >= r->len)
            return false;
        char *start = r->buf + r->pos;
        if (!r->greeted) {
            char *e = line_end(r, start);
            if (!e)
                return false;
            size_t n = (size_t)(e - start);
            if (n > 0 && start[n - 1] == '\r')
                n--;
            snprintf(r->banner, sizeof r->banner, "%.*s", (int)n, start);
            r->greeted = true;
            r->pos = (size_t)(e + 1 - r->buf);
            continue;
        }
        /* A message is complete at its first empty line. */
        char *p = start, *end = NULL;
        for (;;) {
            char *e = line_end(r, p);
            if (!e)
                break;
            if (e == p || (e == p + 1 && *p == '\r')) {
                end = e;
                break;
            }
            p = e + 1;
        }
        if (!end) {
            if (r->len - r->pos > WB_AMI_MAX_MSG) {
                r->dropped++;
                r->pos = r->len;
            }
            return false;
        }
        r->pos = (size_t)(end + 1 - r->buf);
        if ((size_t)(end - start) > WB_AMI_MAX_MSG) {
            r->dropped++;
            continue;
        }
        /* Split "Key: Value" lines in place. */
        for (p = start; p < end;) {
            char *e = memchr(p, '\n', (size_t)(end - p));
            if (!e)
                break;
            char *stop = e > p && e[-1] == '\r' ? e - 1 : e;
            *stop = '\0';
            char *colon = strchr(p, ':');
            if (colon && out->n < WB_AMI_MAX_HEADERS) {
                *colon = '\0';
                char *v = colon + 1;
                while (*v == ' ')
                    v++;
                out->key[out->n] = p;
                out->val[out->n] = v;
                out->n++;
            }
            p = e + 1;
        }
        if (out->n > 0)
            return true;
    }
}

const char *wb_ami_get(const wb_ami_msg *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcasecmp(m->key[i], key) == 0)
            return m->val[i];
    return NULL;
}

/* A whole number, or -1. */
static int64_t num(const char *s)
{
    if (!s || !*s)
        return -1;
    int64_t v = 0;
    for (; *s && *s != '.'; s++) {
        if (*s < '0' || *s > '9' || v > 100000000000LL)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* Timestamp: 1700000000.123456 (with timestampevents=yes) as milliseconds, or -1. */
static wb_ms timestamp_ms(const char *s)
{
    int64_t sec = num(s);
    if (sec < 0)
        return -1;
    const char *dot = strchr(s, '.');
    int64_t ms = 0;
    if (dot)
        for (int i = 1; i <= 3; i++) {
            char c = dot[i];
            if (c < '0' || c > '9')
                break;
            ms += (c - '0') * (i == 1 ? 100 : i == 2 ? 10 : 1);
        }
    return sec * 1000 + ms;
}

bool wb_ami_apply(wb_astmap *map, const wb_ami_msg *m, wb_ms fallback_ts, const wb_astmap_out *out)
{
    const char *ev = wb_ami_get(m, "Event");
    if (!ev)
        return false;
    wb_ms ts = timestamp_ms(wb_ami_get(m, "Timestamp"));
    if (ts < 0)
        ts = fallback_ts;
    wb_ast_member mb;
    wb_ast_member_init(&mb);
    mb.queue = wb_ami_get(m, "Queue");
    mb.member = wb_ami_get(m, "MemberName");
    if (!mb.member)
        mb.member = wb_ami_get(m, "Name"); /* QueueMember, QueueStatus's answer */
    mb.interface = wb_ami_get(m, "Interface");
    if (!mb.interface)
        mb.interface = wb_ami_get(m, "Location"); /* Asterisk 11 and older */
    if (strcasecmp(ev, "QueueMemberStatus") == 0 || strcasecmp(ev, "QueueMemberAdded") == 0 ||
        strcasecmp(ev, "QueueMember") == 0 || strcasecmp(ev, "QueueMemberPause") == 0 ||
        strcasecmp(ev, "QueueMemberPaused") == 0) {
        int64_t v = num(wb_ami_get(m, "Status"));
        mb.status = v >= 0 && v <= 8 ? (int)v : -1;
        v = num(wb_ami_get(m, "Paused"));
        mb.paused = v == 0 || v == 1 ? (int)v : -1;
        mb.reason = wb_ami_get(m, "PausedReason");
        if (!mb.reason)
            mb.reason = wb_ami_get(m, "Reason");
        mb.last_call = num(wb_ami_get(m, "LastCall"));
        mb.wrapup_s = num(wb_ami_get(m, "Wrapuptime"));
    } else if (strcasecmp(ev, "QueueMemberRemoved") == 0) {
        mb.removed = 1;
    } else if (strcasecmp(ev, "AgentCalled") == 0) {
        /* Only a member of Queue is called from it, so the queue also tells membership. */
        mb.ringing = 1;
    } else if (strcasecmp(ev, "AgentRingNoAnswer") == 0 || strcasecmp(ev, "AgentConnect") == 0 ||
               strcasecmp(ev, "AgentDump") == 0) {
        mb.ringing = 0;
    } else {
        return false;
    }
    wb_astmap_member(map, ts, &mb, out);
    return true;
}

static bool one_line(const char *s)
{
    return !strpbrk(s, "\r\n");
}

int wb_ami_login(char *buf, size_t cap, const char *user, const char *secret)
{
    if (!one_line(user) || !one_line(secret))
        return WB_ERR_INVAL;
    /* Events: agent gives the queue member and agent events, and nothing the adapter ignores. */
    int n = snprintf(buf, cap,
                     "Action: Login\r\nActionID: login\r\nUsername: %s\r\nSecret: %s\r\n"
                     "Events: agent\r\n\r\n",
                     user, secret);
    return n < 0 || (size_t)n >= cap ? WB_ERR_FULL : n;
}

int wb_ami_queuestatus(char *buf, size_t cap, const char *action_id)
{
    if (!one_line(action_id))
        return WB_ERR_INVAL;
    int n = snprintf(buf, cap, "Action: QueueStatus\r\nActionID: %s\r\n\r\n", action_id);
    return n < 0 || (size_t)n >= cap ? WB_ERR_FULL : n;
}
