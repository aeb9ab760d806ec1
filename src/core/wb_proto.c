/*
 * wb_proto.c - protocol v1 decode: the checks on the raw message, the common members and
 * the contact and agent events; the event's init and fini.
 *
 * Decoding copies the message into the event's private storage (ev->priv_ -> struct store,
 * from this thread's arena when it is free, wb_arena.h), reads the copy with the JSON reader of
 * wb_json.c (jsmn and a checking pass, which decode the strings in place) and points the
 * wb_event's strings into it until wb_event_fini(). The per-type dec_* functions read the tree
 * through a small accessor layer (collect, get_str, get_int, get_u32, get_double, get_array and
 * the child/next links of wb_jnode: wb_proto_dec_int.h). Snapshots and KPIs are decoded in
 * wb_proto_snapshot.c, a snapshot's day before in wb_proto_daybefore.c. The encoder is in
 * wb_proto_encode.c, UTF-8 validation in wb_utf8.c.
 */
#include "wb_proto.h"

#include "wb_arena.h"
#include "wb_proto_dec_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The private storage of a decoded event: the copy of the message its strings point into. */
struct store {
    struct wb_arena *ar; /* NULL when this block is on the heap */
    char text[];
};

static void store_free(struct store *st)
{
    if (st->ar)
        wb_arena_release(st->ar);
    else
        free(st);
}

/* ---- raw message checks ---- */

static int hex4(const char *p, const char *e)
{
    int v = 0;

    if (e - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/*
 * Checks the escapes of a message: a "\u0000" would cut a NUL-terminated string short, a \u
 * with bad hex digits is a syntax error, and an escaped lone surrogate is not UTF-8. Refusing
 * these here, before the parse, keeps every decoded string whole and the reasons precise (the
 * string decoder of wb_json.c relies on it).
 */
static int scan_escapes(const char *buf, size_t len)
{
    const char *e = buf + len, *p = memchr(buf, '\\', len);

    while (p) {
        if (e - p < 2)
            return WB_ERR_JSON;
        if (p[1] == 'u') {
            int v = hex4(p + 2, e);
            if (v < 0)
                return WB_ERR_JSON;
            if (v == 0)
                return WB_ERR_VALUE;
            if (v >= 0xDC00 && v <= 0xDFFF)
                return WB_ERR_UTF8;
            if (v >= 0xD800 && v <= 0xDBFF) {
                int lo = (e - p >= 12 && p[6] == '\\' && p[7] == 'u') ? hex4(p + 8, e) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return WB_ERR_UTF8;
                p += 6; /* the low half is checked here, skip it */
            }
            p += 6;
        } else {
            p += 2; /* includes "\\", so an escaped backslash never starts an escape */
        }
        p = p < e ? memchr(p, '\\', (size_t)(e - p)) : NULL;
    }
    return WB_OK;
}

/* Whether c can be part of a JSON number after its first character. */
static bool in_number(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/*
 * JSON's number rules that cJSON does not keep, checked on the numbers outside strings: a
 * leading zero ("0123", which JSON forbids and cJSON accepts) is WB_ERR_JSON, a plain integer
 * beyond 2^53 WB_ERR_VALUE (wb_json_number_check()). The JSON reader makes the same checks on
 * the numbers it reads, so this pass runs only for a message the reader refused: it finds the
 * reason the decoder has always given, which for a message with several faults depends on this
 * pass coming before the parse. Strings are skipped with memchr().
 */
static int scan_numbers(const char *buf, size_t len)
{
    const char *p = buf, *e = buf + len;
    while (p < e) {
        if (*p == '"') {
            /* Strings are skipped whole. */
            const char *q = wb_json_string_end(p, e);
            if (!q)
                return WB_OK; /* unterminated: the parse refuses it */
            p = q + 1;
        } else if ((*p >= '0' && *p <= '9') || *p == '-') {
            int rc = wb_json_number_check(p, e);
            if (rc)
                return rc;
            for (p += *p == '-'; p < e && in_number(*p); p++)
                ;
        } else {
            p++;
        }
    }
    return WB_OK;
}

/* ---- event decode ---- */

const char *const wb_proto_type_names[] = {
    [WB_EV_UNKNOWN] = "unknown",
    [WB_EV_QUEUED] = "contact.queued",
    [WB_EV_ANSWERED] = "contact.answered",
    [WB_EV_ABANDONED] = "contact.abandoned",
    [WB_EV_COMPLETED] = "contact.completed",
    [WB_EV_AGENT_STATE] = "agent.state",
    [WB_EV_SNAPSHOT] = "snapshot",
    [WB_EV_HEARTBEAT] = "heartbeat",
    [WB_EV_KPI] = "kpi",
};
const size_t wb_proto_n_types = sizeof wb_proto_type_names / sizeof wb_proto_type_names[0];

const char *wb_event_type_name(wb_event_type t)
{
    if ((unsigned)t >= wb_proto_n_types)
        return "unknown";
    return wb_proto_type_names[t];
}

static wb_event_type parse_type(const char *s)
{
    /* Every message has a type: compared inline, as the member names are (same_name()). */
    for (size_t i = 1; i < wb_proto_n_types; i++) {
        if (wb_proto_type_names[i][0] == s[0] && same_name(s, wb_proto_type_names[i]))
            return (wb_event_type)i;
    }
    return WB_EV_UNKNOWN;
}

enum {
    K_V,
    K_TYPE,
    K_TS,
    K_SRC,
    K_SEQ,
    K_ID,
    K_CHANNEL,
    K_QUEUE,
    K_AGENT,
    K_WAIT,
    K_HANDLE,
    K_NAME,
    K_TEAM,
    K_REASON,
    K_STATE,
    K_CHANNELS,
    K_WAITING,
    K_IN_SERVICE,
    K_AGENTS,
    K_QUEUES,
    K_NEXT,
    K_SILENT,
    K_RESYNCING,
    K_N
};
static const char *const k_names[K_N] = {
    "v",       "type",       "ts",        "src",    "seq",  "id",        "channel",  "queue",
    "agent",   "wait_ms",    "handle_ms", "name",   "team", "reason",    "state",    "channels",
    "waiting", "in_service", "agents",    "queues", "next", "silent_ms", "resyncing"};

static int dec_fields(wb_event *ev, const wb_jnode *root)
{
    const wb_jnode *f[K_N];
    const char *type;
    bool has;
    int64_t seq = 0;
    int rc;

    collect(root, k_names, K_N, f);
    /* The version comes first: a message of another version may have any other shape. */
    if (absent(f[K_V]) || jtype(f[K_V]) != WB_J_NUMBER || f[K_V]->valuedouble != 1.0)
        return WB_ERR_VERSION;
    if ((rc = get_str(f[K_TYPE], STR_REQ, &type)) ||
        (rc = get_int(f[K_TS], true, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->ts)) ||
        (rc = get_str(f[K_SRC], STR_OPT, &ev->src)) ||
        (rc = get_int(f[K_SEQ], false, 0, WB_PROTO_MAX_EXACT_INT, &has, &seq)))
        return rc;
    ev->type = parse_type(type);
    if (!ev->src)
        ev->src = "";
    ev->has_seq = has;
    ev->seq = (uint64_t)seq;

    switch (ev->type) {
    case WB_EV_QUEUED:
    case WB_EV_ANSWERED:
    case WB_EV_ABANDONED:
    case WB_EV_COMPLETED:
        if ((rc = get_str(f[K_ID], REQ_ID, &ev->id)) ||
            (rc = get_str(f[K_CHANNEL], REQ_ID, &ev->channel)) ||
            (rc = get_str(f[K_QUEUE], STR_NONEMPTY, &ev->queue)))
            return rc;
        if (!ev->queue)
            ev->queue = ev->channel;
        /* A queued contact has no agent or durations yet; such members are ignored. */
        if (ev->type == WB_EV_QUEUED)
            return WB_OK;
        if ((rc = get_str(f[K_AGENT], STR_NONEMPTY, &ev->agent)) ||
            (rc = get_int(f[K_WAIT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->wait_ms)) ||
            (rc = get_int(f[K_HANDLE], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->handle_ms)))
            return rc;
        return WB_OK;
    case WB_EV_AGENT_STATE:
        if ((rc = get_str(f[K_AGENT], REQ_ID, &ev->agent)) ||
            (rc = get_state(f[K_STATE], &ev->state)) ||
            (rc = get_channels(f[K_CHANNELS], ev->channels, &ev->n_channels)) ||
            (rc = get_str(f[K_NAME], STR_OPT, &ev->name)) ||
            (rc = get_str(f[K_TEAM], STR_OPT, &ev->team)) ||
            (rc = get_str(f[K_REASON], STR_OPT, &ev->reason)) ||
            (rc = get_next(f[K_NEXT], ev->state, &ev->has_next, &ev->next)))
            return rc;
        return WB_OK;
    case WB_EV_SNAPSHOT:
        if ((rc = wb_proto_dec_snapshot(f[K_WAITING], f[K_IN_SERVICE], f[K_AGENTS], f[K_QUEUES],
                                        &ev->snap)))
            return rc;
        if ((rc = wb_proto_dec_snap_kpis(root, ev->ts, &ev->snap)))
            return rc;
        if ((rc = wb_proto_dec_day_before(root, &ev->snap)))
            return rc;
        if ((rc = get_bool(f[K_RESYNCING], &ev->snap.resyncing)))
            return rc;
        return get_int(f[K_SILENT], false, 0, WB_PROTO_MAX_EXACT_INT, NULL, &ev->snap.silent_ms);
    case WB_EV_KPI:
        return wb_proto_dec_kpi(root, ev->ts, &ev->kpi);
    case WB_EV_HEARTBEAT:
    case WB_EV_UNKNOWN:
        return WB_OK;
    }
    return WB_OK;
}

static bool only_space(const char *p, const char *e)
{
    for (; p < e; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    }
    return true;
}

int wb_event_decode(wb_event *ev, const char *buf, size_t len)
{
    return wb_event_decode_max(ev, buf, len, WB_MAX_MSG_BYTES);
}

int wb_event_decode_max(wb_event *ev, const char *buf, size_t len, size_t max)
{
    struct wb_arena *a = NULL;
    struct store *st = NULL;
    const wb_jnode *root;
    size_t end;
    bool has_escape;
    int rc;

    if (!ev)
        return WB_ERR_INVAL;
    wb_event_init(ev, WB_EV_UNKNOWN, 0);
    if (!buf && len)
        return WB_ERR_INVAL;
    if (len > max)
        return WB_ERR_TOO_BIG;
    /* C publishers often send the terminating NUL with the text; one is tolerated. */
    if (len > 0 && buf[len - 1] == '\0')
        len--;
    if (!wb_utf8_valid(buf, len))
        return WB_ERR_UTF8;
    /* JSON never contains a raw NUL byte, and the strings are NUL-terminated. */
    if (len == 0 || memchr(buf, '\0', len))
        return WB_ERR_JSON;
    has_escape = memchr(buf, '\\', len) != NULL;
    if (has_escape && (rc = scan_escapes(buf, len)))
        return rc;

    a = wb_arena_enter();
    st = wb_arena_alloc(sizeof *st + len + 1);
    (void)wb_arena_leave();
    if (!st) {
        rc = WB_ERR_NOMEM;
        goto fail;
    }
    /* A block too big for the arena came from the heap: the arena is not needed then. */
    if (a && !wb_arena_owns(a, st)) {
        wb_arena_release(a);
        a = NULL;
    }
    st->ar = a;
    memcpy(st->text, buf, len);
    st->text[len] = '\0';
    ev->priv_ = st;
    rc = wb_json_parse(st->text, len, has_escape, &root, &end);
    /* Only the first value is read; anything but whitespace after it is not one object. */
    if (rc == WB_ERR_JSON || (!rc && !only_space(buf + end, buf + len))) {
        /*
         * The reason the number scan gives comes first, as it always has: it also judges the
         * numbers the reader did not reach (after a syntax error, or after the object).
         */
        rc = scan_numbers(buf, len);
        if (!rc)
            rc = WB_ERR_JSON;
        goto fail;
    }
    if (rc)
        goto fail;
    rc = dec_fields(ev, root);
    wb_json_release();
    if (rc)
        goto fail;
    return WB_OK;

fail:
    wb_json_release();
    wb_snapshot_fini(&ev->snap);
    if (st)
        store_free(st);
    else if (a)
        wb_arena_release(a);
    wb_event_init(ev, WB_EV_UNKNOWN, 0);
    return rc;
}

void wb_event_fini(wb_event *ev)
{
    if (!ev)
        return;
    wb_snapshot_fini(&ev->snap);
    if (ev->priv_)
        store_free(ev->priv_);
    ev->priv_ = NULL;
}

void wb_event_init(wb_event *ev, wb_event_type type, wb_ms ts)
{
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->ts = ts;
    ev->src = "";
    ev->wait_ms = -1;
    ev->handle_ms = -1;
}
