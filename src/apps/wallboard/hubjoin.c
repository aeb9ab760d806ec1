/*
 * hubjoin.c - parts, instant join and recording on the screen's receive path.
 */
#include "hubjoin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>

#include "journal.h"
#include "wallclock.h"
#include "wb_hubreply.h"
#include "wb_snapparts.h"

/* REQ resends an unanswered request after this long (a hub that was not up yet). */
#define RESEND_MS 1000

typedef struct held {
    char *buf;
    size_t len;
    wb_ms rx;
} held;

struct wb_hubjoin {
    wb_board *board;
    wb_snapparts parts;
    bool recording;
    bool rec_event_clock; /* the record's receive times are the newest event time */
    int keep_days;        /* with day files */
    wb_journal rec;
    int req;      /* REQ socket, -1 when none */
    bool waiting; /* holding messages until the answer */
    uv_poll_t poll;
    uv_timer_t timer;
    bool handles;
    int closing; /* handles still closing; the struct is freed when it reaches 0 */
    held *held;
    size_t n_held, cap_held;
};

/* The screen's clock: under --clock event the newest event time, once there is one. */
static wb_ms record_now(const wb_hubjoin *j, wb_ms wall)
{
    wb_ms t = j->rec_event_clock ? wb_model_newest_ts(wb_board_model_const(j->board)) : 0;
    return t > 0 ? t : wall;
}

/*
 * Failures are counted in the journal and said by wb_hubjoin_tick(): never per message. rx is
 * the wall clock's receive time, which spaces the tries of a day file that could not be opened
 * (the record's own time may be the events', which a replay runs fast).
 */
static void record(wb_hubjoin *j, const char *buf, size_t len, wb_ms rx)
{
    if (j->recording)
        wb_journal_append(&j->rec, rx, record_now(j, rx), buf, len);
}

static int apply(wb_hubjoin *j, const char *buf, size_t len, wb_ms rx)
{
    bool complete = false;
    int rc = wb_snapparts_ingest(&j->parts, j->board, buf, len, rx, &complete);
    if (rc >= 0) {
        if (complete)
            record(j, j->parts.done, j->parts.done_len, rx);
        else if (!j->parts.was_part)
            record(j, buf, len, rx);
    }
    return rc;
}

/* True when the model already holds message ev of its source (seq at or below the last). */
static bool already_in(wb_hubjoin *j, const char *buf, size_t len)
{
    wb_event ev;
    if (wb_snapparts_is_part(buf, len) || wb_event_decode(&ev, buf, len) < 0)
        return false;
    bool in = false;
    wb_model *m = wb_board_model(j->board);
    for (size_t i = 0; ev.has_seq && i < wb_model_source_count(m); i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        if (strcmp(si.src, ev.src) == 0)
            in = ev.seq <= si.last_seq && ev.seq != 1;
    }
    wb_event_fini(&ev);
    return in;
}

/* Stops holding: applies the held messages the answer did not already contain. */
static void release(wb_hubjoin *j, bool answered)
{
    j->waiting = false;
    for (size_t i = 0; i < j->n_held; i++) {
        held *h = &j->held[i];
        if (!answered || !already_in(j, h->buf, h->len))
            apply(j, h->buf, h->len, h->rx);
        free(h->buf);
    }
    j->n_held = 0;
    free(j->held);
    j->held = NULL;
    j->cap_held = 0;
    if (j->handles) {
        uv_timer_stop(&j->timer);
        uv_poll_stop(&j->poll);
    }
}

static void on_answer(uv_poll_t *p, int status, int events)
{
    wb_hubjoin *j = p->data;
    (void)events;
    if (status < 0 || !j->waiting)
        return;
    char *msg = NULL;
    int n = nn_recv(j->req, &msg, NN_MSG, NN_DONTWAIT);
    if (n < 0)
        return;
    wb_ms rx = wb_wall_ms();
    size_t applied = 0;
    /* Line 1 is the header; every other line is one whole snapshot. */
    const char *p0 = msg, *end = msg + n;
    bool first = true;
    while (p0 < end) {
        const char *nl = memchr(p0, '\n', (size_t)(end - p0));
        const char *le = nl ? nl : end;
        /* The answer is not a PUB message: its snapshots may be larger than one. */
        if (!first && le > p0 &&
            wb_snapparts_apply_text(j->board, p0, (size_t)(le - p0), rx) >= 0) {
            record(j, p0, (size_t)(le - p0), rx);
            applied++;
        }
        first = false;
        p0 = le + 1;
    }
    nn_freemsg(msg);
    fprintf(stderr, "wallboard: joined the hub: %zu snapshot(s), %zu message(s) held meanwhile\n",
            applied, j->n_held);
    release(j, true);
}

static void on_give_up(uv_timer_t *t)
{
    wb_hubjoin *j = t->data;
    fprintf(stderr, "wallboard: no answer from the hub in %d ms; going on with the stream\n",
            HUBJOIN_HOLD_MS);
    release(j, false);
}

static int start_request(wb_hubjoin *j, uv_loop_t *loop, const char *hub_url, char *err,
                         size_t errlen)
{
    char url[4096];
    if (wb_hubreply_url(hub_url, url, sizeof url) < 0) {
        snprintf(err, errlen, "--hub %s: expected tcp://HOST:PORT, ipc://PATH or ws://HOST:PORT",
                 hub_url);
        return WB_ERR_INVAL;
    }
    int resend = RESEND_MS, unlimited = -1, fd;
    size_t sz = sizeof fd;
    j->req = nn_socket(AF_SP, NN_REQ);
    if (j->req < 0 ||
        nn_setsockopt(j->req, NN_REQ, NN_REQ_RESEND_IVL, &resend, sizeof resend) < 0 ||
        nn_setsockopt(j->req, NN_SOL_SOCKET, NN_RCVMAXSIZE, &unlimited, sizeof unlimited) < 0 ||
        nn_connect(j->req, url) < 0 || nn_send(j->req, "snapshot", 8, NN_DONTWAIT) < 0 ||
        nn_getsockopt(j->req, NN_SOL_SOCKET, NN_RCVFD, &fd, &sz) < 0) {
        snprintf(err, errlen, "--hub %s: %s", url, nn_strerror(nn_errno()));
        return WB_ERR_IO;
    }
    uv_poll_init(loop, &j->poll, fd);
    uv_timer_init(loop, &j->timer);
    j->poll.data = j->timer.data = j;
    j->handles = true;
    j->waiting = true;
    uv_poll_start(&j->poll, UV_READABLE, on_answer);
    uv_timer_start(&j->timer, on_give_up, HUBJOIN_HOLD_MS, 0);
    return 0;
}

/* Opens the record: one file, or day files in a directory (made if missing). */
static int open_record(wb_hubjoin *j, const wb_hubjoin_record *rec, char *err, size_t errlen)
{
    char why[512];
    struct stat st;
    if (rec->dir && wb_journal_open_dir(&j->rec, rec->dir, rec->tz, why, sizeof why) < 0) {
        snprintf(err, errlen, "--record-dir %s", why);
        return WB_ERR_IO;
    }
    /* A directory given to --record: the user most likely meant day files there. */
    if (rec->file && stat(rec->file, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--record %.400s: a directory (for day files there: --record-dir)",
                 rec->file);
        return WB_ERR_IO;
    }
    if (rec->file && wb_journal_open_file(&j->rec, rec->file, why, sizeof why) < 0) {
        snprintf(err, errlen, "--record %s", why);
        return WB_ERR_IO;
    }
    j->recording = rec->dir || rec->file;
    j->rec_event_clock = rec->event_clock;
    j->keep_days = rec->keep_days;
    return 0;
}

int wb_hubjoin_new(uv_loop_t *loop, wb_board *board, const char *hub_url,
                   const wb_hubjoin_record *rec, wb_hubjoin **out, char *err, size_t errlen)
{
    wb_hubjoin *j = calloc(1, sizeof *j);
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return WB_ERR_IO;
    }
    j->board = board;
    j->req = -1;
    wb_snapparts_init(&j->parts);
    int rc = 0;
    if (rec && (rc = open_record(j, rec, err, errlen)) < 0)
        goto fail;
    if (hub_url && (rc = start_request(j, loop, hub_url, err, errlen)) < 0)
        goto fail;
    *out = j;
    return 0;
fail:
    wb_hubjoin_free(j);
    return rc;
}

int wb_hubjoin_ingest(wb_hubjoin *j, const char *buf, size_t len, wb_ms rx_now)
{
    if (!j->waiting)
        return apply(j, buf, len, rx_now);
    if (j->n_held == j->cap_held) {
        size_t nc = j->cap_held ? j->cap_held * 2 : 256;
        held *nh = realloc(j->held, nc * sizeof *nh);
        if (!nh)
            return apply(j, buf, len, rx_now);
        j->held = nh;
        j->cap_held = nc;
    }
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return apply(j, buf, len, rx_now);
    memcpy(copy, buf, len);
    j->held[j->n_held++] = (held){copy, len, rx_now};
    return WB_IGNORED;
}

void wb_hubjoin_tick(wb_hubjoin *j, wb_ms wall)
{
    if (!j)
        return;
    /* Parts are received on the wall clock (main.c): a hub that stopped in the middle of a
     * snapshot's parts does not keep their memory on the screen. */
    wb_snapparts_expire(&j->parts, wall);
    if (!j->recording)
        return;
    wb_journal_flush(&j->rec);
    wb_journal_report(&j->rec, "wallboard", j->rec.dir[0] ? "--record-dir" : "--record");
    /*
     * Days are counted back from the screen's clock, but never from a time ahead of the wall
     * clock: a message stamped in the future must not empty the directory. Under --clock event
     * nothing is removed before the first event has set the clock: the wall clock's today
     * would make a replayed day's files look old.
     */
    if (j->rec_event_clock && wb_model_newest_ts(wb_board_model_const(j->board)) <= 0)
        return;
    wb_ms now = record_now(j, wall);
    wb_journal_prune(&j->rec, now < wall ? now : wall, j->keep_days);
}

static void on_closed(uv_handle_t *h)
{
    wb_hubjoin *j = h->data;
    if (--j->closing == 0)
        free(j);
}

void wb_hubjoin_free(wb_hubjoin *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n_held; i++)
        free(j->held[i].buf);
    free(j->held);
    j->n_held = 0;
    j->held = NULL;
    j->waiting = false;
    /* The poll goes before its socket: libuv must stop watching the descriptor first. */
    bool handles = j->handles;
    if (handles) {
        j->handles = false;
        j->closing = 2;
        uv_close((uv_handle_t *)&j->timer, on_closed);
        uv_close((uv_handle_t *)&j->poll, on_closed);
    }
    if (j->req >= 0)
        nn_close(j->req);
    j->req = -1;
    if (j->recording)
        wb_journal_close(&j->rec);
    j->recording = false;
    wb_snapparts_fini(&j->parts);
    /* Embedded handles: then the struct is freed from the last close callback. */
    if (!handles)
        free(j);
}
