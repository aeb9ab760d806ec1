/*
 * wb_hubrep.h - a hub's request endpoint: join requests answered at a bounded cost.
 *
 * A hub answers "send me the whole day" (wallboard --hub, wb_hubreply.h) on a nanomsg REP
 * endpoint, and each answer encodes every source it holds: a day of eight large publishers is
 * a megabyte and about 10 ms of the hub's time. Answered one by one, a screen stuck in a
 * restart loop, a script asking in a loop or a floor of screens switched on together would keep
 * the hub doing little else. So an answer is built at most once per WB_HUBREP_GAP_MS, and every
 * request received before it is built gets it:
 *
 *  - a request that finds no answer built within the last WB_HUBREP_GAP_MS is answered at once
 *    (a screen joining a quiet hub waits for nothing);
 *  - one that comes sooner waits, with every other request that comes meanwhile, for the next
 *    answer, built when the gap has passed and sent to all of them.
 *
 * The gap is also at least as long as the last answer took to build, so that even a day so
 * large that an answer takes more than the gap leaves the hub half its time for the rest.
 *
 * An answer is never reused for a request that came after it was built: a screen subscribes to
 * the hub's stream before it asks, and holds back what the stream brings until the answer is
 * in (hubjoin.h); an answer built before the screen subscribed would miss what was published
 * in between. A request that waits is answered within the gap plus one build: before the
 * second after which a screen's REQ socket asks again, and well within the 3 s the screen holds
 * the stream back. (An answer that reaches a REQ socket of nanomsg 1.1.5 just as it asks again
 * is lost, and its request is answered only by the next answer; a request asked again while it
 * still waits here is answered once.)
 *
 * The socket is raw (AF_SP_RAW, NN_REP): a cooked REP socket holds one request at a time and
 * drops it when the next is received, while a raw one hands over each request with its route
 * back, kept here until the request is answered. It speaks to the same REQ sockets.
 *
 * Ownership: wb_hubrep_open() makes the endpoint on the loop; wb_hubrep_close() closes the
 * socket and frees the waiting requests, and the structure itself from the handles' close
 * callbacks, so the loop must run once more (uv_run) after it. The answer built by the
 * callback is a heap buffer that wb_hubrep frees.
 */
#ifndef WB_HUBREP_H
#define WB_HUBREP_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

/*
 * Answers are built at most once per this many ms: at most two a second, a few per cent of one
 * core for a day of a megabyte, and a request waits half a second at most (plus the build), well
 * before its REQ socket asks again at 1,000 ms.
 */
#define WB_HUBREP_GAP_MS 500
/*
 * Requests waiting for the next answer at most. Each is a few dozen bytes, and no site has
 * thousands of screens; a request past it is dropped (counted), and its REQ socket asks again
 * a second later.
 */
#define WB_HUBREP_WAIT_MAX 4096

/* Builds the answer into a heap buffer (*out, *len); 0, or a negative code. */
typedef int (*wb_hubrep_build_cb)(void *ud, char **out, size_t *len);

typedef struct wb_hubrep_stats {
    uint64_t requests; /* requests received */
    uint64_t built;    /* answers built */
    uint64_t answered; /* answers sent, one per request answered */
    uint64_t waited;   /* requests that waited for the next answer (the gap) */
    uint64_t repeated; /* requests received again while waiting (a REQ's resend): answered once */
    uint64_t dropped;  /* not answerable: past WB_HUBREP_WAIT_MAX, or with no route back */
    uint64_t failed;   /* answers not built (out of memory) or not sent */
} wb_hubrep_stats;

typedef struct wb_hubrep wb_hubrep;

/*
 * Binds a raw REP socket to url (checked by the caller: wb_url_check) and answers its requests
 * on loop, building answers with build(ud). 0, or WB_ERR_IO / WB_ERR_NOMEM with the reason in
 * err.
 */
int wb_hubrep_open(wb_hubrep **out, uv_loop_t *loop, const char *url, wb_hubrep_build_cb build,
                   void *ud, char *err, size_t errlen);

void wb_hubrep_stats_get(const wb_hubrep *r, wb_hubrep_stats *out);

/* NULL is allowed. Requests still waiting are not answered (their REQ sockets ask again). */
void wb_hubrep_close(wb_hubrep *r);

#endif
