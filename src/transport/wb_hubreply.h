/*
 * wb_hubreply.h - a hub's answer to "send me the whole day now" (instant join).
 *
 * A hub answers snapshot requests on a nanomsg REP socket next to its PUB socket; a screen
 * started with `wallboard --hub URL` subscribes to URL and asks on the reply endpoint, which
 * both derive from URL the same way (wb_hubreply_url). The answer is one message of text
 * lines: a header, then one whole snapshot per source the hub holds (any size: the reply is
 * not a PUB message and is not cut into parts). A source the hub has not heard for a while is
 * sent too, with that while as its silent_ms, so that a screen started during a publisher's
 * outage shows the day so far, marked stale since the publisher went quiet:
 *
 *   {"v":1,"type":"hub.reply","ts":T,"src":"hub-a","sources":2}
 *   {"v":1,"type":"snapshot","ts":T,"src":"acd-1","seq":812, ...}
 *   {"v":1,"type":"snapshot","ts":T,"src":"acd-2","seq":77, ...}
 *
 * Ownership: wb_hubreply_build() returns a heap buffer the caller frees.
 */
#ifndef WB_HUBREPLY_H
#define WB_HUBREPLY_H

#include "wb_pub.h"

/*
 * The request endpoint that goes with a hub's PUB endpoint: tcp://HOST:PORT gives
 * tcp://HOST:PORT+1, ipc://PATH gives ipc://PATH.req. 0 or WB_ERR_INVAL.
 */
int wb_hubreply_url(const char *pub_url, char *out, size_t cap);

/*
 * Builds the reply at time now: every source of m, each with silent_ms the time since it was
 * last heard, wall (the receiver clock) minus its last_rx. The snapshots are encoded with
 * pub's buffer. 0 or a negative code.
 */
int wb_hubreply_build(const wb_model *m, wb_pub *pub, const char *hub_id, wb_ms now, wb_ms wall,
                      char **out, size_t *out_len);

/* How long source si has been silent at wall (the receiver clock): 0 or more. */
wb_ms wb_hubreply_silent_ms(const wb_source_info *si, wb_ms wall);

#endif
