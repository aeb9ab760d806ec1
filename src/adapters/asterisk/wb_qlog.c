/*
 * wb_qlog.c - splitting queue_log lines (see wb_qlog.h).
 */
#include "wb_qlog.h"

#include <string.h>

#include "wb_proto.h"
#include "wb_utf8.h"

static const char *const VERBS[WB_QV_COUNT] = {
    [WB_QV_UNKNOWN] = "unknown",
    [WB_QV_ENTERQUEUE] = "ENTERQUEUE",
    [WB_QV_CONNECT] = "CONNECT",
    [WB_QV_COMPLETECALLER] = "COMPLETECALLER",
    [WB_QV_COMPLETEAGENT] = "COMPLETEAGENT",
    [WB_QV_ABANDON] = "ABANDON",
    [WB_QV_EXITWITHTIMEOUT] = "EXITWITHTIMEOUT",
    [WB_QV_EXITEMPTY] = "EXITEMPTY",
    [WB_QV_EXITWITHKEY] = "EXITWITHKEY",
    [WB_QV_WITHDRAW] = "WITHDRAW",
    [WB_QV_BLINDTRANSFER] = "BLINDTRANSFER",
    [WB_QV_ATTENDEDTRANSFER] = "ATTENDEDTRANSFER",
    [WB_QV_TRANSFER] = "TRANSFER",
    [WB_QV_RINGNOANSWER] = "RINGNOANSWER",
    [WB_QV_RINGCANCELED] = "RINGCANCELED",
    [WB_QV_AGENTDUMP] = "AGENTDUMP",
    [WB_QV_ADDMEMBER] = "ADDMEMBER",
    [WB_QV_REMOVEMEMBER] = "REMOVEMEMBER",
    [WB_QV_PAUSE] = "PAUSE",
    [WB_QV_UNPAUSE] = "UNPAUSE",
    [WB_QV_PAUSEALL] = "PAUSEALL",
    [WB_QV_UNPAUSEALL] = "UNPAUSEALL",
    [WB_QV_AGENTLOGIN] = "AGENTLOGIN",
    [WB_QV_AGENTLOGOFF] = "AGENTLOGOFF",
    [WB_QV_AGENTCALLBACKLOGIN] = "AGENTCALLBACKLOGIN",
    [WB_QV_AGENTCALLBACKLOGOFF] = "AGENTCALLBACKLOGOFF",
    [WB_QV_SYSCOMPAT] = "SYSCOMPAT",
    [WB_QV_QUEUESTART] = "QUEUESTART",
    [WB_QV_CONFIGRELOAD] = "CONFIGRELOAD",
    [WB_QV_PENALTY] = "PENALTY",
    [WB_QV_RINGINUSE] = "RINGINUSE",
    [WB_QV_OUTCALL] = "OUTCALL",
    [WB_QV_DID] = "DID",
    [WB_QV_INFO] = "INFO",
};

/* Indexed by wb_qlog_reason_index(): the name of reason -1 first. */
static const char *const REASONS[WB_QLOG_NREASONS] = {
    "empty", "too_long",     "fields", "time",    "utf8",
    "nul",   "unknown_verb", "number", "no_call", "no_agent",
};

const char *wb_qlog_verb_name(wb_qlog_verb v)
{
    return v < WB_QV_COUNT ? VERBS[v] : VERBS[0];
}

wb_qlog_verb wb_qlog_verb_parse(const char *s)
{
    for (int v = 1; v < WB_QV_COUNT; v++)
        if (strcmp(VERBS[v], s) == 0)
            return (wb_qlog_verb)v;
    return WB_QV_UNKNOWN;
}

int wb_qlog_reason_index(wb_qlog_reason r)
{
    return r <= -1 && r >= -WB_QLOG_NREASONS ? -(int)r - 1 : WB_NOT_FOUND;
}

const char *wb_qlog_reason_name(wb_qlog_reason r)
{
    if (r == WB_QLOG_OK)
        return "ok";
    int i = wb_qlog_reason_index(r);
    return i >= 0 ? REASONS[i] : "unknown";
}

/*
 * The data field that holds free text up to the end of the line, or 0 when the verb has none.
 * Fields after it are the text's own '|' characters and are joined back into it.
 */
static size_t free_text_field(wb_qlog_verb v)
{
    switch (v) {
    case WB_QV_PAUSE:
    case WB_QV_UNPAUSE:
    case WB_QV_PAUSEALL:
    case WB_QV_UNPAUSEALL:
    case WB_QV_DID:
    case WB_QV_INFO:
        return 1;
    case WB_QV_WITHDRAW:
        return 4;
    default:
        return 0;
    }
}

/* A whole non-negative number: digits only, at most 12 of them (an epoch up to year 33658). */
static bool parse_uint(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 12)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/*
 * Asterisk writes the log's fields as it got them: a caller's name from an old phone, or a
 * pause reason typed on one, may be Latin-1 rather than UTF-8. Such a line is not refused
 * (its caller would never be shown waiting): each byte that does not begin a well-formed
 * UTF-8 character is read as Latin-1 (0xA0-0xFF, "\xe4" = "ä"), or as U+FFFD where Latin-1 has
 * a control character (0x80-0x9F). out has room for 3 bytes per byte of s.
 */
static void recode(const char *s, size_t len, char *out)
{
    size_t i = 0, o = 0;
    while (i < len) {
        size_t n = wb_utf8_char_len(s + i, len - i);
        if (n > 0) {
            memcpy(out + o, s + i, n);
            i += n;
            o += n;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        if (c >= 0xA0) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
    }
    out[o] = '\0';
}

wb_qlog_reason wb_qlog_parse(const char *line, size_t len, wb_qlog_line *out)
{
    memset(out, 0, offsetof(wb_qlog_line, buf_));
    for (size_t i = 0; i < WB_QLOG_MAX_DATA; i++)
        out->data[i] = "";
    out->callid = out->queue = out->agent = out->verb_text = "";
    /* Asterisk ends lines with "\n"; a file copied through Windows has "\r\n". */
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    if (len == 0)
        return WB_QLOG_EMPTY;
    if (len > WB_QLOG_MAX_LINE)
        return WB_QLOG_TOO_LONG;
    if (memchr(line, '\0', len))
        return WB_QLOG_NUL;
    char *b = out->buf_;
    if (wb_utf8_valid(line, len)) {
        memcpy(b, line, len);
        b[len] = '\0';
    } else {
        recode(line, len, b);
        out->recoded = true;
    }

    /* Split on every '|'; fields[0..4] are fixed, the rest are data. */
    char *fields[5 + WB_QLOG_MAX_DATA];
    size_t nf = 0;
    char *p = b;
    fields[nf++] = p;
    while ((p = strchr(p, '|')) != NULL) {
        *p++ = '\0';
        if (nf == 5 + WB_QLOG_MAX_DATA) {
            /* More fields than we keep: the surplus stays in the last one, '|' restored. */
            p[-1] = '|';
            break;
        }
        fields[nf++] = p;
    }
    if (nf < 5)
        return WB_QLOG_FIELDS;
    if (!parse_uint(fields[0], &out->epoch))
        return WB_QLOG_TIME;
    out->callid = fields[1];
    out->queue = fields[2];
    out->agent = fields[3];
    out->verb_text = fields[4];
    out->verb = wb_qlog_verb_parse(fields[4]);
    out->n_data = nf - 5;
    size_t ft = free_text_field(out->verb);
    size_t keep = ft && out->n_data > ft ? ft : out->n_data;
    for (size_t i = 0; i < keep; i++)
        out->data[i] = fields[5 + i];
    if (keep < out->n_data) {
        /* Restore the separators that followed the free-text field: it runs to the end. */
        for (size_t i = keep; i < out->n_data; i++)
            fields[5 + i][-1] = '|';
        out->n_data = keep;
    }
    return out->verb == WB_QV_UNKNOWN ? WB_QLOG_UNKNOWN : WB_QLOG_OK;
}

bool wb_qlog_num(const wb_qlog_line *l, size_t i, int64_t *out)
{
    if (i >= l->n_data)
        return false;
    const char *s = l->data[i];
    /*
     * Asterisk logs a wait or talk time as the difference of two readings of the wall clock,
     * negative when the clock was set back in between: the time it took is taken as none.
     */
    if (s[0] == '-' && parse_uint(s + 1, out)) {
        *out = 0;
        return true;
    }
    return parse_uint(s, out);
}
