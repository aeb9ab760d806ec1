/*
 * wb_snapparts.c - cutting a large snapshot into part messages and gluing them back.
 *
 * Parts are built and parsed with cJSON directly: outside wb_event_decode() the process-wide
 * cJSON hooks of wb_proto.c fall back to the heap, so this is safe on any thread.
 */
#define _GNU_SOURCE /* memmem */
#include "wb_snapparts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Pieces being glued for one (hub, src). A slot holds a buffer only while next > 0. */
struct wb_snapparts_slot {
    char hub[WB_MAX_STR_BYTES + 1], src[WB_MAX_STR_BYTES + 1];
    uint64_t snap;
    int parts, next;
    char *buf;
    size_t len, cap;
    wb_ms last_rx; /* when its last part came */
};

/* At most this many assemblies at once: two hubs for every publisher. */
#define MAX_SLOTS (2 * WB_MAX_SOURCES)

static const char PART_TYPE[] = "\"snapshot.part\"";

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool wb_snapparts_is_part(const char *buf, size_t len)
{
    /*
     * A member "type" whose value is "snapshot.part": the type comes early in every part this
     * code writes, other writers may put it anywhere, so the whole message is searched, which
     * is cheap next to decoding. The same words inside a string value are escaped (\") and do
     * not match; wb_snapparts_ingest() still checks the parsed type before it treats a
     * message as a part.
     */
    size_t n = sizeof PART_TYPE - 1;
    if (!buf || len < n)
        return false;
    for (const char *p = buf; (p = memmem(p, (size_t)(buf + len - p), PART_TYPE, n)) != NULL; p++) {
        const char *q = p;
        while (q > buf && is_space(q[-1]))
            q--;
        if (q == buf || q[-1] != ':')
            continue;
        q--;
        while (q > buf && is_space(q[-1]))
            q--;
        if (q - buf >= 6 && memcmp(q - 6, "\"type\"", 6) == 0 && (q - 6 == buf || q[-7] != '\\'))
            return true;
    }
    return false;
}

int wb_snapparts_split(const char *text, size_t len, const char *src, const char *hub, wb_ms ts,
                       uint64_t snap, wb_snapparts_emit emit, void *ud)
{
    if (!text || len == 0 || len > WB_SNAPPARTS_MAX_BYTES || !emit)
        return WB_ERR_INVAL;
    /* Cut points first, so that every part knows how many there are. A cut never falls inside
     * a UTF-8 sequence: every part must be valid UTF-8 on its own. */
    size_t cuts[WB_SNAPPARTS_MAX_PARTS + 1];
    int parts = 0;
    size_t at = 0;
    cuts[0] = 0;
    while (at < len) {
        if (parts == WB_SNAPPARTS_MAX_PARTS)
            return WB_ERR_INVAL;
        size_t end = at + WB_SNAPPART_DATA < len ? at + WB_SNAPPART_DATA : len;
        while (end < len && end > at && ((unsigned char)text[end] & 0xC0) == 0x80)
            end--;
        cuts[++parts] = at = end;
    }
    char *piece = malloc(WB_SNAPPART_DATA + 1);
    if (!piece)
        return WB_ERR_NOMEM;
    int rc = parts;
    for (int i = 0; i < parts; i++) {
        size_t n = cuts[i + 1] - cuts[i];
        memcpy(piece, text + cuts[i], n);
        piece[n] = '\0';
        cJSON *o = cJSON_CreateObject();
        char *msg = NULL;
        if (o && cJSON_AddNumberToObject(o, "v", 1) &&
            cJSON_AddStringToObject(o, "type", "snapshot.part") &&
            cJSON_AddNumberToObject(o, "ts", (double)ts) &&
            cJSON_AddStringToObject(o, "src", src ? src : "") &&
            cJSON_AddStringToObject(o, "hub", hub ? hub : "") &&
            cJSON_AddNumberToObject(o, "snap", (double)snap) &&
            cJSON_AddNumberToObject(o, "part", i) && cJSON_AddNumberToObject(o, "parts", parts) &&
            cJSON_AddStringToObject(o, "data", piece))
            msg = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (!msg) {
            rc = WB_ERR_NOMEM;
            break;
        }
        int erc = emit(ud, msg, strlen(msg));
        cJSON_free(msg);
        if (erc < 0) {
            rc = erc;
            break;
        }
    }
    free(piece);
    return rc;
}

void wb_snapparts_init(wb_snapparts *r)
{
    memset(r, 0, sizeof *r);
}

/* Gives the slot's buffer back and leaves it idle; an assembly under way is counted lost. */
static void slot_drop(wb_snapparts *r, wb_snapparts_slot *s)
{
    if (s->next > 0)
        r->incomplete++;
    free(s->buf);
    r->held -= s->cap;
    s->buf = NULL;
    s->cap = s->len = 0;
    s->next = 0;
}

static void done_release(wb_snapparts *r)
{
    free(r->done);
    r->held -= r->done_cap;
    r->done = NULL;
    r->done_len = r->done_cap = 0;
}

void wb_snapparts_fini(wb_snapparts *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_slot; i++)
        free(r->slot[i].buf);
    free(r->slot);
    free(r->done);
    memset(r, 0, sizeof *r);
}

size_t wb_snapparts_bytes_held(const wb_snapparts *r)
{
    return r->held;
}

/* Silent for longer than the limit, on a clock that went forward or back. */
static bool slot_stale(const wb_snapparts_slot *s, wb_ms now)
{
    return s->next > 0 &&
           (now - s->last_rx > WB_SNAPPARTS_STALE_MS || s->last_rx - now > WB_SNAPPARTS_STALE_MS);
}

int wb_snapparts_expire(wb_snapparts *r, wb_ms now)
{
    int n = 0;
    done_release(r);
    for (size_t i = 0; i < r->n_slot; i++)
        if (slot_stale(&r->slot[i], now)) {
            slot_drop(r, &r->slot[i]);
            n++;
        }
    return n;
}

/*
 * Decodes a text of up to WB_SNAPPARTS_MAX_BYTES and applies it. A text glued from the parts
 * of src (src not NULL) is applied only when it is a snapshot of that src: any other message
 * (a heartbeat, a contact, another publisher's snapshot) passed off as one is refused as a bad
 * value, counted like any message the board refuses.
 */
static int apply_big(wb_board *b, const char *buf, size_t len, const char *src, wb_ms rx_now)
{
    wb_event ev;
    int rc = wb_event_decode_max(&ev, buf, len, WB_SNAPPARTS_MAX_BYTES);
    if (rc == WB_OK && src && (ev.type != WB_EV_SNAPSHOT || strcmp(ev.src, src) != 0)) {
        wb_event_fini(&ev);
        rc = WB_ERR_VALUE;
    }
    if (rc < 0) {
        wb_board_count_refusal(b, rc);
        return rc;
    }
    rc = wb_board_apply(b, &ev, rx_now);
    wb_event_fini(&ev);
    return rc;
}

int wb_snapparts_apply_text(wb_board *b, const char *buf, size_t len, wb_ms rx_now)
{
    if (len <= WB_MAX_MSG_BYTES)
        return wb_board_ingest(b, buf, len, rx_now);
    return apply_big(b, buf, len, NULL, rx_now);
}

static bool get_uint(const cJSON *o, const char *k, double max, uint64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max ||
        v->valuedouble != (double)(uint64_t)v->valuedouble)
        return false;
    *out = (uint64_t)v->valuedouble;
    return true;
}

static const char *get_str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (v == NULL || cJSON_IsNull(v))
        return "";
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * The slot of (hub, src), or NULL. With make, a missing one is made: an idle slot renamed,
 * else a new one; when every slot has an assembly under way, the one that has waited longest
 * for its next part is given up. Only a part 0 makes a slot: a later part without one belongs
 * to an assembly that is lost already, and must not end another.
 */
static wb_snapparts_slot *slot_for(wb_snapparts *r, const char *hub, const char *src, bool make)
{
    wb_snapparts_slot *idle = NULL, *oldest = NULL;
    for (size_t i = 0; i < r->n_slot; i++) {
        wb_snapparts_slot *s = &r->slot[i];
        if (strcmp(s->hub, hub) == 0 && strcmp(s->src, src) == 0)
            return s;
        if (s->next == 0 && !idle)
            idle = s;
        if (s->next > 0 && (!oldest || s->last_rx < oldest->last_rx))
            oldest = s;
    }
    if (!make)
        return NULL;
    if (!r->slot) {
        r->slot = calloc(MAX_SLOTS, sizeof *r->slot);
        if (!r->slot)
            return NULL;
    }
    wb_snapparts_slot *s = idle ? idle : r->n_slot < MAX_SLOTS ? &r->slot[r->n_slot++] : oldest;
    slot_drop(r, s);
    snprintf(s->hub, sizeof s->hub, "%s", hub);
    snprintf(s->src, sizeof s->src, "%s", src);
    s->parts = 0;
    return s;
}

/*
 * Room for need bytes in s's buffer: it doubles from 64 KiB up to the largest text plus its
 * NUL, and the assemblies that have waited longest for their next part are given up while all
 * buffers together would pass WB_SNAPPARTS_BUDGET.
 */
static int slot_grow(wb_snapparts *r, wb_snapparts_slot *s, size_t need)
{
    if (need <= s->cap)
        return 0;
    size_t ncap = s->cap ? s->cap : 65536;
    while (ncap < need)
        ncap *= 2;
    if (ncap > WB_SNAPPARTS_MAX_BYTES + 1)
        ncap = WB_SNAPPARTS_MAX_BYTES + 1;
    while (r->held - s->cap + ncap > WB_SNAPPARTS_BUDGET) {
        wb_snapparts_slot *oldest = NULL;
        for (size_t i = 0; i < r->n_slot; i++) {
            wb_snapparts_slot *o = &r->slot[i];
            if (o != s && o->next > 0 && (!oldest || o->last_rx < oldest->last_rx))
                oldest = o;
        }
        if (!oldest)
            break;
        slot_drop(r, oldest);
    }
    char *nb = realloc(s->buf, ncap);
    if (!nb)
        return WB_ERR_NOMEM;
    r->held += ncap - s->cap;
    s->buf = nb;
    s->cap = ncap;
    return 0;
}

/* Keeps one part; returns 1 when its snapshot is complete, 0 while pieces are missing. */
static int keep(wb_snapparts *r, const cJSON *o, wb_ms rx_now, wb_snapparts_slot **done)
{
    uint64_t snap, part, parts;
    const char *src = get_str(o, "src"), *hub = get_str(o, "hub");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(o, "data");
    if (!get_uint(o, "snap", 9007199254740992.0, &snap) ||
        !get_uint(o, "part", WB_SNAPPARTS_MAX_PARTS - 1, &part) ||
        !get_uint(o, "parts", WB_SNAPPARTS_MAX_PARTS, &parts) || parts == 0 || part >= parts)
        return WB_ERR_VALUE;
    if (!src || !hub || !cJSON_IsString(data))
        return WB_ERR_TYPE;
    if (strlen(src) > WB_MAX_STR_BYTES || strlen(hub) > WB_MAX_STR_BYTES)
        return WB_ERR_STR_LONG;
    wb_snapparts_slot *s = slot_for(r, hub, src, part == 0);
    if (!s)
        return part == 0 ? WB_ERR_NOMEM : 0;
    /* Parts come in order on one connection; anything else means one was lost. A new part 0
     * keeps the buffer of the assembly it ends: it is about to be filled again. */
    if (part == 0) {
        if (s->next > 0)
            r->incomplete++;
        s->snap = snap;
        s->parts = (int)parts;
        s->next = 0;
        s->len = 0;
    } else if (s->snap != snap || (uint64_t)s->next != part || (uint64_t)s->parts != parts) {
        slot_drop(r, s);
        return 0;
    }
    size_t n = strlen(data->valuestring);
    if (s->len + n > WB_SNAPPARTS_MAX_BYTES) {
        s->next = 0;
        slot_drop(r, s);
        return WB_ERR_TOO_BIG;
    }
    int rc = slot_grow(r, s, s->len + n + 1);
    if (rc < 0) {
        s->next = 0;
        slot_drop(r, s);
        return rc;
    }
    memcpy(s->buf + s->len, data->valuestring, n);
    s->len += n;
    s->next++;
    s->last_rx = rx_now;
    if (s->next < s->parts)
        return 0;
    *done = s;
    return 1;
}

int wb_snapparts_ingest(wb_snapparts *r, wb_board *b, const char *buf, size_t len, wb_ms rx_now,
                        bool *complete)
{
    *complete = false;
    r->was_part = false;
    done_release(r);
    if (!wb_snapparts_is_part(buf, len))
        return wb_board_ingest(b, buf, len, rx_now);
    /* A part is checked by the ordinary decoder first (size, UTF-8, JSON, v, ts): a part
     * refused there is refused for the same reason as any other message. */
    wb_event ev;
    int rc = wb_event_decode(&ev, buf, len);
    if (rc < 0) {
        wb_board_count_refusal(b, rc);
        return rc;
    }
    wb_event_fini(&ev);
    cJSON *o = cJSON_ParseWithLength(buf, len);
    if (!o) {
        wb_board_count_refusal(b, WB_ERR_NOMEM);
        return WB_ERR_NOMEM;
    }
    /* Only a message whose type really is a part: anything else goes the ordinary way. */
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    if (!cJSON_IsString(type) || strcmp(type->valuestring, "snapshot.part") != 0) {
        cJSON_Delete(o);
        return wb_board_ingest(b, buf, len, rx_now);
    }
    r->was_part = true;
    wb_snapparts_slot *s = NULL;
    rc = keep(r, o, rx_now, &s);
    cJSON_Delete(o);
    if (rc < 0) {
        wb_board_count_refusal(b, rc);
        return rc;
    }
    if (rc == 0)
        return WB_IGNORED;
    /*
     * The assembled text moves to r->done, to be released by the next call: the slot keeps no
     * buffer between snapshots. Gluing the next one into a fresh buffer costs a few copies of
     * its text as the buffer doubles, next to decoding that text no more than noise, and a
     * buffer kept for reuse would keep the largest snapshot ever received.
     */
    r->done = s->buf;
    r->done_len = s->len;
    r->done_cap = s->cap;
    r->done[s->len] = '\0';
    s->buf = NULL;
    s->cap = s->len = 0;
    s->next = 0;
    r->completed++;
    *complete = true;
    return apply_big(b, r->done, r->done_len, s->src, rx_now);
}
