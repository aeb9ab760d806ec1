/*
 * wb_qlog.h - one line of Asterisk's queue_log, split into its fields.
 *
 * A line is "epoch|callid|queue|agent|VERB|data1|data2|...". wb_qlog_parse() copies the line
 * into the wb_qlog_line it fills and points the fields into that copy, so the line needs no
 * fini and the caller's buffer may be reused at once. Nothing is allocated.
 *
 * Free text can hold '|' (a pause reason, a WITHDRAW info, a URL): for the verbs whose last
 * field is free text, the parser joins the surplus fields back into that last field, so the
 * numbered fields before it keep their meaning.
 *
 * Results follow the house rule: wb_qlog_parse() returns WB_QLOG_OK (0) or a negative refusal
 * reason, which a caller tests with < 0 or compares with the named codes, and counts at
 * wb_qlog_reason_index(). The names from wb_qlog_verb_name() and wb_qlog_reason_name() are
 * static strings: never freed, valid for the life of the program.
 */
#ifndef WB_QLOG_H
#define WB_QLOG_H

#include "wb_types.h"

/*
 * Longest line kept; a longer one is refused as "too_long". Asterisk writes a queue_log line
 * from a buffer of 8,192 bytes, and an ENTERQUEUE with a long URL can pass 1 KiB.
 */
#define WB_QLOG_MAX_LINE 8192
#define WB_QLOG_MAX_DATA 8

typedef enum {
    WB_QV_UNKNOWN = 0,
    WB_QV_ENTERQUEUE,
    WB_QV_CONNECT,
    WB_QV_COMPLETECALLER,
    WB_QV_COMPLETEAGENT,
    WB_QV_ABANDON,
    WB_QV_EXITWITHTIMEOUT,
    WB_QV_EXITEMPTY,
    WB_QV_EXITWITHKEY,
    WB_QV_WITHDRAW,
    WB_QV_BLINDTRANSFER,
    WB_QV_ATTENDEDTRANSFER,
    WB_QV_TRANSFER,
    WB_QV_RINGNOANSWER,
    WB_QV_RINGCANCELED,
    WB_QV_AGENTDUMP,
    WB_QV_ADDMEMBER,
    WB_QV_REMOVEMEMBER,
    WB_QV_PAUSE,
    WB_QV_UNPAUSE,
    WB_QV_PAUSEALL,
    WB_QV_UNPAUSEALL,
    WB_QV_AGENTLOGIN,
    WB_QV_AGENTLOGOFF,
    WB_QV_AGENTCALLBACKLOGIN,
    WB_QV_AGENTCALLBACKLOGOFF,
    WB_QV_SYSCOMPAT,
    WB_QV_QUEUESTART,
    WB_QV_CONFIGRELOAD,
    /* Known, and deliberately without effect on the board. */
    WB_QV_PENALTY,
    WB_QV_RINGINUSE,
    WB_QV_OUTCALL,
    WB_QV_DID,
    WB_QV_INFO,
    WB_QV_COUNT
} wb_qlog_verb;

/* "ENTERQUEUE", ...; "unknown" for WB_QV_UNKNOWN. */
const char *wb_qlog_verb_name(wb_qlog_verb v);
/* The verb named by s (exact, upper case), or WB_QV_UNKNOWN. */
wb_qlog_verb wb_qlog_verb_parse(const char *s);

/*
 * Why a line was refused. Like the rest of the code base, a refusal is a negative code and 0
 * means accepted; the reasons are the contiguous range -1 .. -WB_QLOG_NREASONS, so that their
 * counters can be kept in an array indexed by wb_qlog_reason_index(). They are this adapter's
 * own codes, not those of wb_types.h: give them to wb_qlog_reason_name(), never to
 * wb_strerror(). Reasons are counted by the adapter, never fatal.
 */
typedef enum {
    WB_QLOG_OK = 0,
    WB_QLOG_EMPTY = -1,     /* blank line */
    WB_QLOG_TOO_LONG = -2,  /* over WB_QLOG_MAX_LINE bytes */
    WB_QLOG_FIELDS = -3,    /* fewer than the five fixed fields */
    WB_QLOG_TIME = -4,      /* epoch is not a whole number of seconds in range */
    WB_QLOG_UTF8 = -5,      /* no longer given: such bytes are read as Latin-1 (recoded) */
    WB_QLOG_NUL = -6,       /* a NUL byte inside the line */
    WB_QLOG_UNKNOWN = -7,   /* a verb this adapter does not know (the line is well formed) */
    WB_QLOG_NUMBER = -8,    /* a data field that must be a number is not */
    WB_QLOG_NO_CALL = -9,   /* a call event with callid NONE or empty, or an empty queue */
    WB_QLOG_NO_AGENT = -10, /* an agent event with an empty agent */
} wb_qlog_reason;

/* The number of refusal reasons above (WB_QLOG_OK is not one). */
enum { WB_QLOG_NREASONS = 10 };
_Static_assert(WB_QLOG_EMPTY == -1 && WB_QLOG_NO_AGENT == -WB_QLOG_NREASONS,
               "queue_log refusals must be the contiguous range -1 .. -WB_QLOG_NREASONS");

/* "ok", "empty", "too_long", ... for stats; "unknown" for a code that is none of the above. */
const char *wb_qlog_reason_name(wb_qlog_reason r);

/*
 * Index 0 .. WB_QLOG_NREASONS - 1 of a refusal (-r - 1), for the per-reason counters; or
 * WB_NOT_FOUND for WB_QLOG_OK and for a code that is not a refusal.
 */
int wb_qlog_reason_index(wb_qlog_reason r);

typedef struct wb_qlog_line {
    int64_t epoch; /* seconds */
    const char *callid, *queue, *agent, *verb_text;
    wb_qlog_verb verb;
    const char *data[WB_QLOG_MAX_DATA]; /* "" when absent */
    size_t n_data;                      /* fields present in the line */
    bool recoded;                       /* bytes that are not UTF-8 were read as Latin-1 */
    /* private: the copy the fields point into, as UTF-8 (a byte recoded takes 2 or 3) */
    char buf_[3 * WB_QLOG_MAX_LINE + 1];
} wb_qlog_line;

/*
 * Splits line[0..len) (without or with its "\n" / "\r\n") into *out. Returns WB_QLOG_OK (0),
 * or a refusal reason (negative). WB_QLOG_UNKNOWN still fills *out (the verb is in verb_text).
 */
wb_qlog_reason wb_qlog_parse(const char *line, size_t len, wb_qlog_line *out);

/*
 * Reads data field i as a whole number of seconds. Returns true and sets *out, or false when
 * the field is absent, empty or not a number. A negative number (Asterisk's clock set back
 * between the two readings it subtracted) reads as 0.
 */
bool wb_qlog_num(const wb_qlog_line *l, size_t i, int64_t *out);

#endif
