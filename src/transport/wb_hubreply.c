/*
 * wb_hubreply.c - reply endpoint naming and the reply text of a hub.
 */
#include "wb_hubreply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wb_hubreply_url(const char *pub_url, char *out, size_t cap)
{
    if (!pub_url)
        return WB_ERR_INVAL;
    if (strncmp(pub_url, "ipc://", 6) == 0) {
        int n = snprintf(out, cap, "%s.req", pub_url);
        return n > 0 && (size_t)n < cap ? 0 : WB_ERR_INVAL;
    }
    if (strncmp(pub_url, "tcp://", 6) != 0 && strncmp(pub_url, "ws://", 5) != 0)
        return WB_ERR_INVAL;
    const char *colon = strrchr(pub_url, ':');
    if (!colon || colon < pub_url + 6)
        return WB_ERR_INVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || port < 1 || port > 65534 || (*end && *end != '/'))
        return WB_ERR_INVAL;
    int n = snprintf(out, cap, "%.*s:%ld%s", (int)(colon - pub_url), pub_url, port + 1, end);
    return n > 0 && (size_t)n < cap ? 0 : WB_ERR_INVAL;
}

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 2 > *cap) {
        size_t nc = *cap ? *cap : 65536;
        while (nc < *len + n + 2)
            nc *= 2;
        char *nb = realloc(*buf, nc);
        if (!nb)
            return WB_ERR_NOMEM;
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[(*len)++] = '\n';
    return 0;
}

wb_ms wb_hubreply_silent_ms(const wb_source_info *si, wb_ms wall)
{
    /* A source never heard, or a clock that stepped back, reads as heard just now. */
    return si->last_rx >= 0 && wall > si->last_rx ? wall - si->last_rx : 0;
}

int wb_hubreply_build(const wb_model *m, wb_pub *pub, const char *hub_id, wb_ms now, wb_ms wall,
                      char **out, size_t *out_len)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    /* The header, built by hand: the hub id is checked UTF-8 of at most 256 bytes, but may
     * hold quotes, so it is escaped. */
    char head[2048], id[WB_MAX_STR_BYTES * 2 + 1];
    size_t k = 0;
    for (const char *p = hub_id; *p && k + 2 < sizeof id; p++) {
        if (*p == '"' || *p == '\\')
            id[k++] = '\\';
        id[k++] = (unsigned char)*p < 0x20 ? ' ' : *p;
    }
    id[k] = '\0';
    int hn = snprintf(head, sizeof head,
                      "{\"v\":1,\"type\":\"hub.reply\",\"ts\":%lld,\"src\":\"%s\",\"sources\":%zu}",
                      (long long)now, id, wb_model_source_count(m));
    if ((rc = append(&buf, &len, &cap, head, (size_t)hn)) < 0)
        goto fail;
    for (size_t i = 0; i < wb_model_source_count(m); i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        int n = wb_pub_snapshot_text(pub, m, si.src, si.last_seq > 0, si.last_seq, now,
                                     wb_hubreply_silent_ms(&si, wall), si.resyncing);
        if (n < 0)
            continue;
        if ((rc = append(&buf, &len, &cap, pub->buf, (size_t)n)) < 0)
            goto fail;
    }
    *out = buf;
    *out_len = len;
    return 0;
fail:
    free(buf);
    return rc;
}
