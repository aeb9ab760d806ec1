/*
 * wb_ami.h - Asterisk Manager Interface text: framing, headers, and the events that tell an
 * agent's state.
 *
 * AMI is "Key: Value\r\n" lines, a message ending with an empty line; the server greets with
 * one line ("Asterisk Call Manager/5.0.1") that is not a message. wb_ami_reader collects the
 * bytes a socket delivers and hands out whole messages. A wb_ami_msg points into the reader's
 * buffer and is valid until the next wb_ami_reader_push() or wb_ami_reader_next().
 *
 * Ownership: the reader is an embedded struct (init/fini); it owns its buffer.
 */
#ifndef WB_AMI_H
#define WB_AMI_H

#include "wb_astmap.h"

#define WB_AMI_MAX_HEADERS 64
/* A message larger than this is dropped (counted), so a broken peer cannot grow the buffer. */
#define WB_AMI_MAX_MSG (64 * 1024)

typedef struct wb_ami_msg {
    const char *key[WB_AMI_MAX_HEADERS], *val[WB_AMI_MAX_HEADERS];
    size_t n;
} wb_ami_msg;

typedef struct wb_ami_reader {
    char *buf;
    size_t len, cap, pos; /* bytes [pos, len) are not handed out yet */
    bool greeted;         /* the banner line was seen */
    char banner[128];
    uint64_t dropped; /* oversized messages thrown away */
} wb_ami_reader;

void wb_ami_reader_init(wb_ami_reader *r);
void wb_ami_reader_fini(wb_ami_reader *r);
/* Forget everything (a new connection). */
void wb_ami_reader_reset(wb_ami_reader *r);
/* Appends bytes; WB_ERR_NOMEM when they cannot be kept. */
int wb_ami_reader_push(wb_ami_reader *r, const char *data, size_t len);
/* The next whole message into *out; false when none is complete yet. */
bool wb_ami_reader_next(wb_ami_reader *r, wb_ami_msg *out);

/* The value of header key (case-insensitive), or NULL. */
const char *wb_ami_get(const wb_ami_msg *m, const char *key);

/*
 * Maps an event to the agent state it tells (QueueMemberStatus, QueueMemberAdded,
 * QueueMemberRemoved, QueueMemberPause, QueueMemberPaused, QueueMember from QueueStatus,
 * AgentCalled, AgentRingNoAnswer, AgentConnect). Returns true when the message was one of
 * them. ts is the event's time: its Timestamp header when present, else fallback_ts.
 */
bool wb_ami_apply(wb_astmap *map, const wb_ami_msg *m, wb_ms fallback_ts, const wb_astmap_out *out);

/*
 * Writes an action into buf (cap bytes): Login with the given user and secret, or
 * QueueStatus. Returns the length, or WB_ERR_FULL / WB_ERR_INVAL (a value with a line break).
 */
int wb_ami_login(char *buf, size_t cap, const char *user, const char *secret);
int wb_ami_queuestatus(char *buf, size_t cap, const char *action_id);

#endif
