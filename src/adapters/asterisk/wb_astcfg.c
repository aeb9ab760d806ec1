/*
 * wb_astcfg.c - reading wallboard-asterisk.ini (see wb_astcfg.h).
 *
 * The text is read line by line. Lines of the adapter's sections are checked here and
 * replaced by empty lines in a copy; the copy, which keeps every line number, goes to the
 * wallboard's configuration loader (wb_config_load.h, library wb_conf) for the sections it
 * knows. The first error of either stops the load.
 */
#include "wb_astcfg.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_config_load.h"
#include "wb_proto.h"

typedef enum { S_OTHER = 0, S_ASTERISK, S_QUEUE, S_AGENT } sect;

typedef struct reader {
    wb_astcfg *c;
    const char *name;
    int line;
    sect s;
    char section[128];
    size_t idx; /* the current queue or agent */
    char *err;
    size_t errlen;
} reader;

static int fail(reader *r, const char *key, const char *value, const char *what)
{
    if (r->err && r->errlen) {
        if (value)
            snprintf(r->err, r->errlen, "%s:%d: [%s]%s%s: %s (got '%.60s')", r->name, r->line,
                     r->section, key ? " " : "", key ? key : "", what, value);
        else
            snprintf(r->err, r->errlen, "%s:%d: [%s]%s%s: %s", r->name, r->line, r->section,
                     key ? " " : "", key ? key : "", what);
    }
    return WB_ERR_CONFIG;
}

wb_astcfg *wb_astcfg_new(void)
{
    wb_astcfg *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    wb_config_defaults(&c->core);
    snprintf(c->src, sizeof c->src, "asterisk");
    snprintf(c->channel, sizeof c->channel, "phone");
    c->exitwithkey = WB_AST_EWK_LEFT;
    return c;
}

void wb_astcfg_free(wb_astcfg *c)
{
    free(c);
}

const wb_ast_queue_cfg *wb_astcfg_queue(const wb_astcfg *c, const char *queue)
{
    for (size_t i = 0; i < c->n_queues; i++)
        if (strcmp(c->queues[i].queue, queue) == 0)
            return &c->queues[i];
    return NULL;
}

const wb_ast_agent_cfg *wb_astcfg_agent(const wb_astcfg *c, const char *who)
{
    for (size_t i = 0; i < c->n_agents; i++) {
        const wb_ast_agent_cfg *a = &c->agents[i];
        if (strcmp(a->id, who) == 0)
            return a;
        for (size_t k = 0; k < a->n_member; k++)
            if (strcmp(a->member[k], who) == 0)
                return a;
    }
    return NULL;
}

static bool copy_name(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n >= cap || !wb_utf8_valid(v, n))
        return false;
    memcpy(dst, v, n + 1);
    return true;
}

/* Seconds, fractions allowed, 0..86400, as milliseconds. */
static bool parse_seconds(const char *v, wb_ms *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(d) || d < 0 || d > 86400 ||
        !isdigit((unsigned char)*v))
        return false;
    *out = (wb_ms)llround(d * 1000.0);
    return true;
}

static int on_section(reader *r, const char *name)
{
    snprintf(r->section, sizeof r->section, "%s", name);
    if (strcmp(name, "asterisk") == 0) {
        r->s = S_ASTERISK;
    } else if (strncmp(name, "queue.", 6) == 0) {
        r->s = S_QUEUE;
        const char *q = name + 6;
        if (wb_astcfg_queue(r->c, q))
            return fail(r, NULL, NULL, "this queue has a section already");
        if (r->c->n_queues == WB_AST_MAX_QUEUES)
            return fail(r, NULL, NULL, "too many queue sections (at most 256)");
        wb_ast_queue_cfg *qc = &r->c->queues[r->c->n_queues];
        memset(qc, 0, sizeof *qc);
        if (!copy_name(qc->queue, sizeof qc->queue, q))
            return fail(r, NULL, NULL, "queue name missing, too long or not UTF-8");
        qc->wrapup_ms = -1;
        r->idx = r->c->n_queues++;
    } else if (strncmp(name, "agent.", 6) == 0) {
        r->s = S_AGENT;
        const char *a = name + 6;
        if (wb_astcfg_agent(r->c, a))
            return fail(r, NULL, NULL, "this agent id or member is named already");
        if (r->c->n_agents == WB_AST_MAX_AGENTS)
            return fail(r, NULL, NULL, "too many agent sections (at most 1024)");
        wb_ast_agent_cfg *ac = &r->c->agents[r->c->n_agents];
        memset(ac, 0, sizeof *ac);
        if (!copy_name(ac->id, sizeof ac->id, a))
            return fail(r, NULL, NULL, "agent id missing, too long or not UTF-8");
        r->idx = r->c->n_agents++;
    } else {
        r->s = S_OTHER;
    }
    return WB_OK;
}

static int on_key(reader *r, const char *k, const char *v)
{
    wb_astcfg *c = r->c;
    if (r->s == S_ASTERISK) {
        if (strcmp(k, "src") == 0) {
            if (!copy_name(c->src, sizeof c->src, v))
                return fail(r, k, v, "expected a non-empty UTF-8 id of at most 63 bytes");
        } else if (strcmp(k, "channel") == 0) {
            if (!copy_name(c->channel, sizeof c->channel, v))
                return fail(r, k, v, "expected a channel name of at most 63 bytes");
        } else if (strcmp(k, "exitwithkey") == 0) {
            if (strcmp(v, "left") == 0)
                c->exitwithkey = WB_AST_EWK_LEFT;
            else if (strcmp(v, "abandoned") == 0)
                c->exitwithkey = WB_AST_EWK_ABANDONED;
            else
                return fail(r, k, v, "expected left or abandoned");
        } else if (strcmp(k, "wrapup_s") == 0) {
            if (!parse_seconds(v, &c->wrapup_ms))
                return fail(r, k, v, "expected seconds from 0 to 86400");
        } else {
            return fail(r, k, v, "unknown key");
        }
    } else if (r->s == S_QUEUE) {
        wb_ast_queue_cfg *q = &c->queues[r->idx];
        if (strcmp(k, "channel") == 0) {
            if (!copy_name(q->channel, sizeof q->channel, v))
                return fail(r, k, v, "expected a channel name of at most 63 bytes");
        } else if (strcmp(k, "name") == 0) {
            if (!copy_name(q->name, sizeof q->name, v))
                return fail(r, k, v, "expected a name of at most 63 bytes");
        } else if (strcmp(k, "wrapup_s") == 0) {
            if (!parse_seconds(v, &q->wrapup_ms))
                return fail(r, k, v, "expected seconds from 0 to 86400");
        } else {
            return fail(r, k, v, "unknown key");
        }
    } else {
        wb_ast_agent_cfg *a = &c->agents[r->idx];
        if (strcmp(k, "name") == 0) {
            if (!copy_name(a->name, sizeof a->name, v))
                return fail(r, k, v, "expected a name of at most 63 bytes");
        } else if (strcmp(k, "team") == 0) {
            if (!copy_name(a->team, sizeof a->team, v))
                return fail(r, k, v, "expected a team of at most 63 bytes");
        } else if (strcmp(k, "member") == 0) {
            if (a->n_member == WB_AST_MAX_MEMBERS)
                return fail(r, k, v, "at most 4 member lines per agent");
            if (wb_astcfg_agent(c, v))
                return fail(r, k, v, "this member belongs to an agent already");
            if (!copy_name(a->member[a->n_member], sizeof a->member[0], v))
                return fail(r, k, v, "expected a member name or interface of at most 127 bytes");
            a->n_member++;
        } else {
            return fail(r, k, v, "unknown key");
        }
    }
    return WB_OK;
}

static void trim(char **s, char **e)
{
    while (*s < *e && isspace((unsigned char)**s))
        (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

/* Reads one line of an adapter section (the caller blanks it in the core's copy). */
static int own_line(reader *r, char *s, char *e)
{
    if (s == e || *s == ';' || *s == '#')
        return WB_OK;
    /* A comment after a value starts with " ;". */
    for (char *p = s + 1; p < e; p++)
        if (*p == ';' && isspace((unsigned char)p[-1])) {
            e = p;
            break;
        }
    char *eq = memchr(s, '=', (size_t)(e - s));
    if (!eq) {
        *e = '\0';
        return fail(r, NULL, s, "expected 'key = value', a [section] or a comment");
    }
    char *ks = s, *ke = eq, *vs = eq + 1, *ve = e;
    trim(&ks, &ke);
    trim(&vs, &ve);
    *ke = '\0';
    *ve = '\0';
    return on_key(r, ks, vs);
}

int wb_astcfg_load_string(wb_astcfg *c, const char *name, const char *text, char *err,
                          size_t errlen)
{
    int rc = WB_ERR_NOMEM;
    size_t n = strlen(text);
    char *work = malloc(n + 1), *core = malloc(n + 1);
    wb_astcfg *t = wb_astcfg_new();
    if (!work || !core || !t) {
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", name);
        goto done;
    }
    memcpy(work, text, n + 1);
    memcpy(core, text, n + 1);
    reader r = {.c = t, .name = name, .err = err, .errlen = errlen};
    char *line = work, *out = core;
    while (*line) {
        char *nl = strchr(line, '\n');
        char *end = nl ? nl : line + strlen(line);
        size_t len = (size_t)(end - line);
        r.line++;
        char *s = line, *e = end;
        trim(&s, &e);
        bool own = r.s != S_OTHER;
        if (s < e && *s == '[') {
            char *close = memchr(s, ']', (size_t)(e - s));
            if (close) {
                *close = '\0';
                rc = on_section(&r, s + 1);
                if (rc != WB_OK)
                    goto done;
                own = r.s != S_OTHER;
            }
        } else if (own) {
            rc = own_line(&r, s, e);
            if (rc != WB_OK)
                goto done;
        }
        if (own)
            memset(out, ' ', len);
        out += len + (nl != NULL);
        line = nl ? nl + 1 : end;
    }
    rc = wb_config_load_string(&t->core, name, core, err, errlen);
    if (rc != WB_OK)
        goto done;
    *c = *t;
done:
    wb_astcfg_free(t);
    free(core);
    free(work);
    return rc;
}

int wb_astcfg_load(wb_astcfg *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return WB_ERR_CONFIG;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc = WB_ERR_CONFIG;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *n = realloc(text, cap);
            if (!n) {
                snprintf(err, errlen, "%s: out of memory", path);
                goto done;
            }
            text = n;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        goto done;
    }
    text[len] = '\0';
    if (strlen(text) != len) {
        snprintf(err, errlen, "%s: a NUL byte in the file", path);
        goto done;
    }
    rc = wb_astcfg_load_string(c, path, text, err, errlen);
done:
    free(text);
    fclose(f);
    return rc;
}
