/*
 * wb_sub.c - a list of SUB endpoints (an nn socket each), one receive thread that drains them
 * all into a wb_ring, and, on the loop, one uv_async that hands the ring's messages to the
 * callback plus one health-check timer.
 *
 * Why a thread: taking a message out of nanomsg costs about as much as decoding it, so a loop
 * that does both falls behind a bare receive loop at high rates. The receive thread only
 * receives (poll on every socket's NN_RCVFD and on a wake-up pipe, then nn_recv with
 * NN_DONTWAIT) and pushes nanomsg's own buffers into the ring, with no copy; the loop thread
 * pops, calls the callback and frees them. When the ring is full the message is dropped and
 * counted (stats "dropped"), so nothing is lost silently; the sequence numbers of the
 * protocol then show the gap to the board too.
 *
 * Where the time goes, measured with perf at 600,000 msg/s over ipc on 2 cores: half of the
 * subscriber's CPU is the kernel handing over the publisher's messages, one socket buffer each
 * (freeing and accounting each buffer, copying it out, waking the writer), a tenth is nanomsg's
 * own code, and over a quarter is the callback's decode and apply. What this file adds (the ring,
 * the wake-ups, poll(), the coalescing sleep, and the locks and allocations around them) is about
 * a tenth, part of which a bare nn_recv loop pays as well. So the loop frees the messages itself,
 * although nanomsg allocated them on the receive thread: handing them back to be freed there did
 * remove the contention on that thread's malloc arena, but it saved about 1 % of the CPU, less
 * than the benchmark can tell from its noise. Nor does on_wake() take the messages out of the
 * ring in batches: reading the receive thread's position and giving back slots and bytes once
 * per 64 messages rather than once a message (cache lines both threads write) measured the same
 * CPU per message in paired trials over ipc, 1.50 us batched against 1.52 at 600,000 msg/s, 1.60
 * against 1.61 us at 500,000 (means of eight and of ten pairs, on a machine not quite quiet).
 *
 * Sharing: the endpoint list, every endpoint's socket and the counters are guarded by the
 * mutex `mu`. The loop thread adds endpoints, replaces stuck sockets and reads the counters
 * under it; the receive thread takes it only briefly (see drain()), never while it receives
 * or sleeps in poll(). After any change to the sockets the loop thread writes to the
 * wake-up pipe, so the thread rebuilds its poll set; an endpoint's generation number tells
 * the thread that a descriptor it polled belongs to a socket that has since been replaced.
 * Endpoints are freed only after the thread has been joined, so its pointers stay valid.
 *
 * Closing is asynchronous on the loop side only: wb_sub_free() stops and joins the thread,
 * closes every socket and frees what the ring still holds at once, then uv_close()s the async
 * handle and the timer; the last close callback frees the wb_sub, so the structure stays valid
 * until then, which is what makes wb_sub_free() safe inside the message callback.
 */
#include "wb_sub.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_ipc.h"
#include "wb_ring.h"
#include "wb_types.h"

/*
 * Messages the receive thread pushes into the ring between two wake-ups of the loop: the loop
 * starts on a batch while the thread receives the next, and the wake-up is paid once a batch,
 * not once a message.
 */
#define RECV_BATCH 256

/*
 * Under heavy traffic the receive thread lets messages gather in the sockets before it looks
 * again: while messages arrive at COALESCE_MIN per COALESCE_US or faster (64,000 a second),
 * measured over the last COALESCE_WINDOW_NS, it sleeps COALESCE_US after each round that left
 * every socket empty, before it polls again. Each time the thread empties a socket and sleeps
 * in poll(), the next message costs a chain of wake-ups: nanomsg's worker thread (woken by the
 * kernel, it reads that one message and signals NN_RCVFD), then this thread, then the loop.
 * Over ipc every message the publisher sends is a buffer of its own in the kernel, readable at
 * once, so a receiver as quick as its publisher reads them as they trickle in, a few per system
 * call, and pays that chain every few dozen messages (tcp on the loopback coalesces small
 * sends, so its reads are fewer and larger anyway). Measured on 2 cores at 300,000 msg/s over
 * ipc, the wait takes the subscriber's CPU per message (nanomsg's worker, this thread, and the
 * loop's decode and apply) from 2.4 to 1.7 us, with three times fewer context switches and
 * recvmsg calls. The rate, not the size of the last round, decides: a receiver that happens
 * to keep up reads small rounds however fast the stream is, and would never start to wait.
 * The cost is at most COALESCE_US of latency, and only at such rates: a stream of 10,000
 * events/s is taken as soon as it is readable. The sockets must hold COALESCE_US of traffic
 * meanwhile: 300 messages at 600,000 msg/s. Over ipc a publisher that keeps nanomsg's default
 * send buffer has room for about 200 messages of 200 bytes, enough up to about 400,000 msg/s;
 * the benchmark's publisher (4 MiB asked, which Linux doubles to 8 MiB: `ss -xm`) has room for
 * about 8,000.
 */
#define COALESCE_MIN 32
#define COALESCE_US 500
#define COALESCE_WINDOW_NS 2000000LL

typedef struct wb_sub_ep {
    struct wb_sub_ep *next;
    wb_sub *owner;
    int sock; /* -1 while closed */
    int fd;   /* the socket's NN_RCVFD while open */
    bool bind;
    bool open;
    unsigned gen;         /* bumped at every open: tells a replaced socket's descriptor apart */
    uint64_t messages;    /* received since the last health check */
    uint64_t broken_seen; /* the socket's broken connections when it last received */
    uint64_t broken_gone; /* broken connections of sockets this endpoint replaced */
    char url[];
} wb_sub_ep;

struct wb_sub {
    uv_loop_t *loop;
    wb_sub_message_cb on_message;
    void *ud;
    uv_timer_t check;
    uv_async_t wake; /* the receive thread's "the ring has messages" */
    bool check_started;
    size_t pending; /* close callbacks still to come */
    bool closing;
    bool async_ref;
    atomic_bool stop;     /* set by wb_sub_free(): the receive thread ends */
    atomic_bool draining; /* the loop is taking messages out: no need to wake it */
    size_t ring_slots, ring_bytes;
    wb_ring ring;
    bool ring_ready;
    pthread_t thread;
    bool thread_started;
    int ctl[2]; /* wake-up pipe of the receive thread: [0] it polls, [1] the loop writes */

    /* Guarded by mu. */
    pthread_mutex_t mu;
    wb_sub_ep *eps;
    size_t n_eps;
    wb_sub_ep *removed; /* closed by wb_sub_disconnect, freed after the thread is joined */
    uint64_t messages, bytes, recv_errors, resets, dropped_ring_full;

    char err[320];
};

static void on_check(uv_timer_t *t);
static void on_wake(uv_async_t *h);

wb_sub *wb_sub_new(uv_loop_t *loop, wb_sub_message_cb on_message, void *ud)
{
    if (!loop || !on_message)
        return NULL;
    wb_sub *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    bool mu_ok = false;
    s->ctl[0] = s->ctl[1] = -1;
    if (pthread_mutex_init(&s->mu, NULL) != 0)
        goto fail;
    mu_ok = true;
    if (uv_async_init(loop, &s->wake, on_wake) != 0)
        goto fail;
    s->loop = loop;
    s->on_message = on_message;
    s->ud = ud;
    s->ring_slots = WB_SUB_RING_SLOTS;
    s->ring_bytes = WB_SUB_RING_BYTES;
    s->wake.data = s;
    /* Only endpoints keep the loop alive: a subscriber without any must not. */
    uv_unref((uv_handle_t *)&s->wake);
    uv_timer_init(loop, &s->check);
    s->check.data = s;
    /* The check alone must not keep the loop alive either. */
    uv_unref((uv_handle_t *)&s->check);
    return s;

fail:
    if (mu_ok)
        pthread_mutex_destroy(&s->mu);
    free(s);
    return NULL;
}

int wb_sub_set_ring(wb_sub *s, size_t slots, size_t max_bytes)
{
    if (!s || s->closing || s->ring_ready || slots == 0 || max_bytes == 0)
        return WB_ERR_INVAL;
    s->ring_slots = slots;
    s->ring_bytes = max_bytes;
    return 0;
}

const char *wb_sub_strerror(const wb_sub *s)
{
    return s ? s->err : "";
}

/* Wakes the receive thread out of poll() so that it rebuilds its poll set or stops. */
static void poke_thread(wb_sub *s)
{
    if (s->ctl[1] < 0)
        return;
    ssize_t n;
    do
        n = write(s->ctl[1], "x", 1);
    while (n < 0 && errno == EINTR);
    /* EAGAIN: the pipe is full of wake-ups already, which is as good as this one. */
}

/* Opens ep's socket; under mu. On failure ep stays closed and err says why. */
static int ep_open(wb_sub_ep *ep, char *err, size_t errlen)
{
    const char *what = ep->bind ? "bind" : "connect";
    int e = 0;
    ep->sock = nn_socket(AF_SP, NN_SUB);
    if (ep->sock < 0) {
        e = nn_errno();
        goto fail;
    }
    int maxsize = WB_SUB_RCVMAXSIZE, ivl = WB_SUB_RECONNECT_IVL_MS,
        ivl_max = WB_SUB_RECONNECT_IVL_MAX_MS;
    int fd = -1;
    size_t fdsz = sizeof fd;
    if (nn_setsockopt(ep->sock, NN_SUB, NN_SUB_SUBSCRIBE, "", 0) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RCVMAXSIZE, &maxsize, sizeof maxsize) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RECONNECT_IVL, &ivl, sizeof ivl) < 0 ||
        nn_setsockopt(ep->sock, NN_SOL_SOCKET, NN_RECONNECT_IVL_MAX, &ivl_max, sizeof ivl_max) <
            0 ||
        nn_getsockopt(ep->sock, NN_SOL_SOCKET, NN_RCVFD, &fd, &fdsz) < 0 ||
        (ep->bind ? nn_bind(ep->sock, ep->url) : nn_connect(ep->sock, ep->url)) < 0) {
        e = nn_errno();
        goto fail;
    }
    ep->fd = fd;
    ep->open = true;
    ep->gen++;
    ep->messages = 0;
    ep->broken_seen = 0;
    return 0;

fail:
    if (ep->sock >= 0)
        nn_close(ep->sock);
    ep->sock = -1;
    snprintf(err, errlen, "%s %s: %s", what, ep->url, nn_strerror(e));
    return (e == EINVAL || e == EPROTONOSUPPORT || e == ENAMETOOLONG || e == ENODEV) ? WB_ERR_INVAL
                                                                                     : WB_ERR_IO;
}

/* Closes ep's socket; under mu. nn_close() returns once the socket and its address are gone. */
static void ep_close(wb_sub_ep *ep)
{
    if (!ep->open)
        return;
    uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
    if (b != (uint64_t)-1)
        ep->broken_gone += b;
    nn_close(ep->sock);
    ep->sock = -1;
    ep->fd = -1;
    ep->open = false;
}

/*
 * ---- the receive thread ----
 *
 * Wakes the loop for what was just pushed, unless it is draining the ring right now: it will
 * find the message before it stops (see on_wake()). Waking costs a system call on each side,
 * as much as a message's decode, so skipping it while the loop is busy is what keeps the
 * handover cheap at high rates. The fences pair with on_wake()'s: either this thread sees
 * `draining` still set and the loop then sees the message, or this thread wakes the loop.
 */
static void wake_loop(wb_sub *s)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (!atomic_load_explicit(&s->draining, memory_order_relaxed))
        uv_async_send(&s->wake);
}

/*
 * Drains ep's socket as it was at generation gen. nanomsg sockets are thread-safe, so the
 * mutex is not held while receiving, only to read the socket, to add up the counters after
 * each batch and to replace a failed socket: the loop thread never waits for more than that.
 * Should the loop thread replace the socket meanwhile, a receive fails (EBADF) or reads the
 * fresh socket of the same endpoint; the generation tells which, and either way every message
 * received goes to the ring. Adds the messages received to *took. Returns true when the socket
 * had no more messages.
 */
static bool drain(wb_sub *s, wb_sub_ep *ep, unsigned gen, uint64_t *took)
{
    pthread_mutex_lock(&s->mu);
    bool ok = ep->open && ep->gen == gen;
    int sock = ep->sock;
    pthread_mutex_unlock(&s->mu);
    if (!ok)
        return true;
    uint64_t msgs = 0, bytes = 0, drops = 0;
    int pushed = 0, failed = 0;
    bool empty = false;
    for (int i = 0; i < WB_SUB_DRAIN_MAX && !atomic_load(&s->stop); i++) {
        void *msg = NULL;
        int n = nn_recv(sock, &msg, NN_MSG, NN_DONTWAIT);
        if (n < 0) {
            int e = nn_errno();
            if (e == EINTR)
                continue;
            empty = true;
            failed = e == EAGAIN ? 0 : e;
            break;
        }
        msgs++;
        bytes += (uint64_t)n;
        if (wb_ring_push(&s->ring, msg, (size_t)n))
            pushed++;
        else {
            drops++;
            nn_freemsg(msg);
        }
        /* Let the loop start on a batch while the next one is received. */
        if (pushed == RECV_BATCH) {
            wake_loop(s);
            pushed = 0;
        }
    }
    if (pushed)
        wake_loop(s);
    *took += msgs;
    pthread_mutex_lock(&s->mu);
    s->messages += msgs;
    s->bytes += bytes;
    s->dropped_ring_full += drops;
    if (ep->gen == gen) {
        ep->messages += msgs;
        if (failed && ep->open) {
            /*
             * ETERM or EBADF on a socket nobody replaced: it is gone. Replace it with a fresh
             * one (as a stuck socket is) rather than spin on it or leave the endpoint dead for
             * good; if that fails, the health check tries again every WB_SUB_CHECK_MS.
             */
            s->recv_errors++;
            ep_close(ep);
            char err[sizeof s->err];
            ep_open(ep, err, sizeof err);
        }
    }
    pthread_mutex_unlock(&s->mu);
    return empty;
}

static void *recv_main(void *arg)
{
    wb_sub *s = arg;
    /* Named (Linux), so that top -H and perf tell it from the loop and from nanomsg's worker. */
    prctl(PR_SET_NAME, "wb-recv", 0, 0, 0);
    struct pollfd *pfd = NULL;
    wb_sub_ep **pep = NULL;
    unsigned *pgen = NULL;
    size_t cap = 0;
    bool busy = false;    /* a socket still had messages when its drain stopped */
    uint64_t took = 0;    /* messages taken in the last round */
    uint64_t win_n = 0;   /* messages taken since win_t0 */
    long long win_t0 = 0; /* start of the rate's window, CLOCK_MONOTONIC ns; 0 = not yet */
    bool fast = false;    /* the last window's rate was COALESCE_MIN per COALESCE_US or more */
    while (!atomic_load(&s->stop)) {
        /* The poll set: the wake-up pipe, then every open socket. */
        pthread_mutex_lock(&s->mu);
        if (s->n_eps + 1 > cap) {
            size_t ncap = s->n_eps + 1;
            struct pollfd *np = realloc(pfd, ncap * sizeof *np);
            if (np)
                pfd = np;
            wb_sub_ep **ne = np ? realloc(pep, ncap * sizeof *ne) : NULL;
            if (ne)
                pep = ne;
            unsigned *ng = ne ? realloc(pgen, ncap * sizeof *ng) : NULL;
            if (ng) {
                pgen = ng;
                cap = ncap;
            }
        }
        size_t n = 0;
        if (cap > 0) {
            pfd[n++] = (struct pollfd){.fd = s->ctl[0], .events = POLLIN};
            for (wb_sub_ep *ep = s->eps; ep && n < cap; ep = ep->next) {
                if (!ep->open)
                    continue;
                pep[n] = ep;
                pgen[n] = ep->gen;
                pfd[n++] = (struct pollfd){.fd = ep->fd, .events = POLLIN};
            }
        }
        pthread_mutex_unlock(&s->mu);
        if (n == 0) {
            /* Out of memory for the poll set: try again shortly rather than give up. */
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
            continue;
        }
        /*
         * The rate over the last window decides whether to let the sockets fill for a while
         * (see COALESCE_MIN). A wake-up written to the pipe meanwhile is not lost: the poll()
         * below sees it at once.
         */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long t = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
        win_n += took;
        if (win_t0 == 0)
            win_t0 = t;
        else if (t - win_t0 >= COALESCE_WINDOW_NS) {
            fast = (double)win_n * (COALESCE_US * 1000.0) >= (double)COALESCE_MIN * (t - win_t0);
            win_n = 0;
            win_t0 = t;
        }
        if (!busy && took > 0 && fast) {
            struct timespec ts = {0, COALESCE_US * 1000L};
            nanosleep(&ts, NULL);
        }
        took = 0;
        /* Sleep until something is readable, unless a socket was left with messages. */
        if (poll(pfd, (nfds_t)n, busy ? 0 : -1) <= 0) {
            busy = false;
            continue;
        }
        if (pfd[0].revents & POLLIN) {
            char buf[64];
            while (read(s->ctl[0], buf, sizeof buf) > 0)
                ;
        }
        /* One drain per ready socket per round, so one busy publisher cannot starve another. */
        busy = false;
        for (size_t i = 1; i < n && !atomic_load(&s->stop); i++)
            if (pfd[i].revents && !drain(s, pep[i], pgen[i], &took))
                busy = true;
    }
    free(pfd);
    free(pep);
    free(pgen);
    return NULL;
}

/* Starts the receive thread (with its ring and wake-up pipe) for the first endpoint. */
static int start_thread(wb_sub *s)
{
    if (s->thread_started)
        return 0;
    /* After a failure here, the next endpoint tries again from where this one stopped. */
    if (!s->ring_ready) {
        int rc = wb_ring_init(&s->ring, s->ring_slots, s->ring_bytes);
        if (rc < 0) {
            snprintf(s->err, sizeof s->err, "cannot make the receive queue: %s", wb_strerror(rc));
            return rc;
        }
        s->ring_ready = true;
    }
    if (s->ctl[0] < 0) {
        if (pipe(s->ctl) != 0) {
            s->ctl[0] = s->ctl[1] = -1;
            snprintf(s->err, sizeof s->err, "cannot make the receive thread's pipe: %s",
                     strerror(errno));
            return WB_ERR_IO;
        }
        for (int i = 0; i < 2; i++) {
            fcntl(s->ctl[i], F_SETFL, fcntl(s->ctl[i], F_GETFL) | O_NONBLOCK);
            fcntl(s->ctl[i], F_SETFD, FD_CLOEXEC);
        }
    }
    /*
     * The thread blocks every signal: they are the loop's to handle (uv_signal), and a
     * signal landing on the thread would only interrupt its poll().
     */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int e = pthread_create(&s->thread, NULL, recv_main, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e != 0) {
        snprintf(s->err, sizeof s->err, "cannot start the receive thread: %s", strerror(e));
        return WB_ERR_IO;
    }
    s->thread_started = true;
    return 0;
}

/* ---- the loop thread ---- */

/*
 * Hands up to WB_SUB_DRAIN_MAX messages to the callback, then yields to the loop's other
 * handles (a frame to draw, a timer) and comes back at its next turn if more are waiting.
 */
static void on_wake(uv_async_t *h)
{
    wb_sub *s = h->data;
    atomic_store_explicit(&s->draining, true, memory_order_relaxed);
    for (int i = 0; i < WB_SUB_DRAIN_MAX && !s->closing; i++) {
        void *msg;
        size_t len;
        if (!wb_ring_pop(&s->ring, &msg, &len))
            break;
        s->on_message(s->ud, msg, len);
        nn_freemsg(msg);
    }
    /* A message pushed while `draining` was set woke nobody: look once more after clearing it. */
    atomic_store_explicit(&s->draining, false, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);
    if (!s->closing && wb_ring_count(&s->ring) > 0)
        uv_async_send(&s->wake);
}

/*
 * Once a second: an endpoint whose connections broke WB_SUB_STUCK_BREAKS times since it last
 * received a message is stuck (see WB_SUB_RCVMAXSIZE) and gets a fresh socket. A publisher
 * that is merely down does not count: that is a connect error, not a broken connection, and a
 * live publisher sends heartbeats. An endpoint whose reopening failed is retried.
 */
static void on_check(uv_timer_t *t)
{
    wb_sub *s = t->data;
    bool changed = false;
    pthread_mutex_lock(&s->mu);
    for (wb_sub_ep *ep = s->eps; ep; ep = ep->next) {
        char err[sizeof s->err];
        if (!ep->open) {
            changed |= ep_open(ep, err, sizeof err) == 0;
            continue;
        }
        uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
        if (b == (uint64_t)-1)
            continue;
        if (ep->messages > 0) {
            ep->broken_seen = b;
            ep->messages = 0;
        } else if (b - ep->broken_seen >= WB_SUB_STUCK_BREAKS) {
            s->resets++;
            /* A bound address is free again once nn_close() has returned. */
            ep_close(ep);
            ep_open(ep, err, sizeof err);
            changed = true;
        }
    }
    pthread_mutex_unlock(&s->mu);
    if (changed)
        poke_thread(s);
}

static int add_endpoint(wb_sub *s, const char *url, bool bind)
{
    const char *what = bind ? "bind" : "connect";
    if (!s || s->closing)
        return WB_ERR_INVAL;
    if (wb_url_check(url, bind, s->err, sizeof s->err) < 0)
        return WB_ERR_INVAL;
    /* nanomsg would unlink whatever is at an ipc:// path: see wb_ipc.h. */
    if (bind) {
        int rc = wb_ipc_bind_check(url, s->err, sizeof s->err);
        if (rc < 0)
            return rc;
    }
    size_t n = strlen(url);
    wb_sub_ep *ep = calloc(1, sizeof *ep + n + 1);
    if (!ep) {
        snprintf(s->err, sizeof s->err, "%s %s: out of memory", what, url);
        return WB_ERR_NOMEM;
    }
    ep->owner = s;
    ep->bind = bind;
    ep->sock = ep->fd = -1;
    memcpy(ep->url, url, n + 1);
    int rc = start_thread(s);
    if (rc < 0) {
        free(ep);
        return rc;
    }
    pthread_mutex_lock(&s->mu);
    rc = ep_open(ep, s->err, sizeof s->err);
    if (rc == 0) {
        ep->next = s->eps;
        s->eps = ep;
        s->n_eps++;
    }
    pthread_mutex_unlock(&s->mu);
    if (rc < 0) {
        free(ep);
        return rc;
    }
    poke_thread(s);
    s->err[0] = '\0';
    if (!s->async_ref) {
        uv_ref((uv_handle_t *)&s->wake);
        s->async_ref = true;
    }
    if (!s->check_started) {
        uv_timer_start(&s->check, on_check, WB_SUB_CHECK_MS, WB_SUB_CHECK_MS);
        s->check_started = true;
    }
    return 0;
}

int wb_sub_connect(wb_sub *s, const char *url)
{
    return add_endpoint(s, url, false);
}

int wb_sub_bind(wb_sub *s, const char *url)
{
    return add_endpoint(s, url, true);
}

int wb_sub_disconnect(wb_sub *s, const char *url)
{
    if (!s || s->closing || !url)
        return WB_NOT_FOUND;
    pthread_mutex_lock(&s->mu);
    wb_sub_ep **at = &s->eps;
    while (*at && ((*at)->bind || strcmp((*at)->url, url) != 0))
        at = &(*at)->next;
    wb_sub_ep *ep = *at;
    if (ep) {
        *at = ep->next;
        s->n_eps--;
        /* drain() checks ep->open under the mutex: the thread takes nothing more from it. */
        ep_close(ep);
        ep->next = s->removed;
        s->removed = ep;
    }
    pthread_mutex_unlock(&s->mu);
    if (!ep)
        return WB_NOT_FOUND;
    poke_thread(s);
    return 0;
}

void wb_sub_stats_get(const wb_sub *s, wb_sub_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    wb_sub *m = (wb_sub *)s; /* the mutex is the only thing changed */
    pthread_mutex_lock(&m->mu);
    out->endpoints = s->n_eps;
    out->messages = s->messages;
    out->bytes = s->bytes;
    out->recv_errors = s->recv_errors;
    out->resets = s->resets;
    out->dropped_ring_full = s->dropped_ring_full;
    for (const wb_sub_ep *ep = s->eps; ep; ep = ep->next) {
        out->broken_connections += ep->broken_gone;
        if (!ep->open)
            continue;
        uint64_t c = nn_get_statistic(ep->sock, NN_STAT_CURRENT_CONNECTIONS);
        uint64_t b = nn_get_statistic(ep->sock, NN_STAT_BROKEN_CONNECTIONS);
        if (c != (uint64_t)-1)
            out->connections += c;
        if (b != (uint64_t)-1)
            out->broken_connections += b;
    }
    pthread_mutex_unlock(&m->mu);
    out->queued = s->ring_ready ? wb_ring_count(&s->ring) : 0;
}

static void handle_closed(uv_handle_t *h)
{
    wb_sub *s = h->data;
    if (--s->pending == 0) {
        pthread_mutex_destroy(&s->mu);
        free(s);
    }
}

void wb_sub_free(wb_sub *s)
{
    if (!s || s->closing)
        return;
    s->closing = true;
    if (s->thread_started) {
        atomic_store(&s->stop, true);
        poke_thread(s);
        pthread_join(s->thread, NULL);
        s->thread_started = false;
    }
    /* The thread is gone: nothing else touches the endpoints or the ring now. */
    wb_sub_ep *ep = s->eps;
    s->eps = NULL;
    s->n_eps = 0;
    while (ep) {
        wb_sub_ep *next = ep->next;
        ep_close(ep);
        free(ep);
        ep = next;
    }
    for (ep = s->removed, s->removed = NULL; ep;) {
        wb_sub_ep *next = ep->next;
        free(ep);
        ep = next;
    }
    if (s->ring_ready) {
        void *msg;
        size_t len;
        while (wb_ring_pop(&s->ring, &msg, &len))
            nn_freemsg(msg);
        wb_ring_fini(&s->ring);
        s->ring_ready = false;
    }
    for (int i = 0; i < 2; i++)
        if (s->ctl[i] >= 0)
            close(s->ctl[i]);
    s->ctl[0] = s->ctl[1] = -1;
    s->pending = 2;
    uv_close((uv_handle_t *)&s->wake, handle_closed);
    uv_close((uv_handle_t *)&s->check, handle_closed);
}
