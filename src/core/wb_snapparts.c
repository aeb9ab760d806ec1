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

/* Pieces being glued for one (hub, src). */
struct wb_snapparts_slot {
    char hub[WB_MAX_STR_BYTES + 1], src[WB_MAX_STR_BYTES + 1];
    uint64_t snap;
    int parts, next;
    char *buf;
    size_t len, cap;
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

/* The slot of (hub, src), made if new; the first slot is reused when all are taken. */
static wb_snapparts_slot *slot_for(wb_snapparts *r, const char *hub, const char *src)
{
    for (size_t i = 0; i < r->n_slot; i++)
        if (strcmp(r->slot[i].hub, hub) == 0 && strcmp(r->slot[i].src, src) == 0)
            return &r->slot[i];
    if (!r->slot) {
        r->slot = calloc(MAX_SLOTS, sizeof *r->slot);
        if (!r->slot)
            return NULL;
    }
    wb_snapparts_slot *s = r->n_slot < MAX_SLOTS ? &r->slot[r->n_slot++] : &r->slot[0];
    snprintf(s->hub, sizeof s->hub, "%s", hub);
    snprintf(s->src, sizeof s->src, "%s", src);
    s->parts = s->next = 0;
    s->len = 0;
    return s;
}

/* Keeps one part; returns 1 when its snapshot is complete, 0 while pieces are missing. */
static int keep(wb_snapparts *r, const cJSON *o, wb_snapparts_slot **done)
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
    wb_snapparts_slot *s = slot_for(r, hub, src);
    if (!s)
        return WB_ERR_NOMEM;
    /* Parts come in order on one connection; anything else means one was lost. */
    if (part == 0) {
        if (s->next > 0)
            r->incomplete++;
        s->snap = snap;
        s->parts = (int)parts;
        s->next = 0;
        s->len = 0;
    } else if (s->snap != snap || (uint64_t)s->next != part || (uint64_t)s->parts != parts) {
        if (s->next > 0)
            r->incomplete++;
        s->next = 0;
        s->len = 0;
        return 0;
    }
    size_t n = strlen(data->valuestring);
    if (s->len + n > WB_SNAPPARTS_MAX_BYTES) {
        s->next = 0;
        s->len = 0;
        return WB_ERR_TOO_BIG;
    }
    if (s->len + n + 1 > s->cap) {
        size_t ncap = s->cap ? s->cap : 65536;
        while (ncap < s->len + n + 1)
            ncap *= 2;
        char *nb = realloc(s->buf, ncap);
        if (!nb)
            return WB_ERR_NOMEM;
        s->buf = nb;
        s->cap = ncap;
    }
    memcpy(s->buf + s->len, data->valuestring, n);
    s->len += n;
    s->next++;
    if (s->next < s->parts)
        return 0;
    s->next = 0;
    *done = s;
    return 1;
}

int wb_snapparts_ingest(wb_snapparts *r, wb_board *b, const char *buf, size_t len, wb_ms rx_now,
                        bool *complete)
{
    *complete = false;
    r->was_part = false;
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
    rc = keep(r, o, &s);
    cJSON_Delete(o);
    if (rc < 0) {
        wb_board_count_refusal(b, rc);
        return rc;
    }
    if (rc == 0)
        return WB_IGNORED;
    /* The assembled text moves to r->done so the slot can take the next snapshot. */
    char *t = s->buf;
    size_t tl = s->len;
    s->buf = r->done;
    s->cap = r->done ? r->done_len + 1 : 0;
    s->len = 0;
    r->done = t;
    r->done_len = tl;
    r->done[tl] = '\0';
    r->completed++;
    *complete = true;
    return apply_big(b, r->done, r->done_len, s->src, rx_now);
}
