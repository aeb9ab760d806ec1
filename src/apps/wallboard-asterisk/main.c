/*
 * main.c - wallboard-asterisk: follows Asterisk's queue_log (and optionally AMI) and publishes
 * what it says as protocol v1 on a nanomsg PUB socket.
 *
 * One wb_ast_app on main()'s stack owns everything: the configuration, the mapper (queue_log
 * and AMI to events), the core model that holds the state the snapshots are made of, the PUB
 * socket, the followed file, the AMI connection and the libuv handles. Every event takes one
 * path (publish()): it gets src and seq, is encoded, sent when live, and the encoded text is
 * decoded again and applied to the model, so the model holds exactly what screens were told.
 *
 * Start: the whole file is read before anything is sent ("rebuild"): agent states come from
 * every line, contacts only from today's (local midnight in the configured zone), and then a
 * snapshot carries the day. --from-start sends every line's events as they are read instead.
 * Then the file is polled every 200 ms (follow.c): new lines are mapped, a rename (rotation)
 * is noticed by the inode and the new file is read from its start, a shorter file
 * (copytruncate) is read again from its start.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "amiconn.h"
#include "cli.h"
#include "follow.h"
#include "systz.h"
#include "wb_ami.h"
#include "wb_astmap.h"
#include "wb_model.h"
#include "wb_pub.h"
#include "wb_time.h"

#define PROG "wallboard-asterisk"
#define MAX_URLS 8
#define POLL_MS 200
#define HEARTBEAT_MS 1000
/* The follower hands out over-long lines in a form the parser refuses as too long. */
_Static_assert(WB_FOLLOW_MAX_LINE > WB_QLOG_MAX_LINE + 1, "follower line limit");
/* Refused lines are logged one by one up to this many, then only counted. */
#define LOG_REFUSED_MAX 20
/*
 * While the backlog is read, the model hears the log once a minute of its time at least, over
 * gaps between lines of up to a week (a longer one is taken as the silence it looks like: it
 * also bounds the work a line with a wild time can cause).
 */
#define BACKLOG_HEARD_MS 60000
#define BACKLOG_HEARD_MAX_MS (7 * 24 * 3600 * 1000LL)
_Static_assert(BACKLOG_HEARD_MS < WB_WATCH_GAP_MS, "the backlog's hearing must leave no silence");

typedef struct wb_ast_app {
    uv_loop_t loop;
    wb_astcfg *cfg;
    wb_astmap *map;
    wb_model *model;
    wb_astmap_out out;
    wb_pub pub;
    char *buf; /* encode buffer, WB_MAX_MSG_BYTES + 1 */
    uint64_t seq;
    bool live;       /* events are sent (false while rebuilding) */
    bool from_start; /* --from-start: the log's clock is the clock (a recorded day) */
    wb_ms day_from;  /* while rebuilding: contacts before this are left out */
    wb_ms snapshot_ms;
    wb_ms last_send; /* monotonic ms of the last message sent */
    wb_ms log_ts;    /* newest event time published (the log's clock) */
    wb_ms snap_ts;   /* time of the last snapshot sent */
    bool backlog;    /* the file's lines at start are being read (rebuild or --from-start) */
    wb_ms heard_to;  /* while so: the log time the model has heard up to, -1 = no line yet */
    wb_ms heard_max; /* and the latest it may hear: the wall clock when rebuilding */
    bool stopping;

    wb_follow log; /* the queue_log */
    uint64_t refused_logged;

    uv_timer_t poll, snap, heartbeat;
    uv_signal_t sig_int, sig_term, sig_hup;
    wb_amiconn ami;
    bool use_ami;
    uint64_t ami_events; /* AMI messages that changed an agent's state */

    uint64_t sent, send_failed, encode_failed, snapshots, model_errors;
    size_t snap_max;       /* largest snapshot sent, bytes (the protocol's limit is 64 KiB) */
    uint64_t snap_trimmed; /* snapshots sent without the offline agents, to fit */
} wb_ast_app;

static wb_ms real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static wb_ms mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (wb_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The adapter's clock. Normally the wall clock. With --from-start it is the log's own (the
 * newest line's time), so that a recorded day replays as that day: its wrap-ups end, its
 * counts stay "today" in the snapshots and heartbeats keep a `--clock event` screen there.
 */
static wb_ms clock_now(const wb_ast_app *a)
{
    return a->from_start && a->log_ts > 0 ? a->log_ts : real_ms();
}

/* ---------------------------------------------------------------- publishing */

static void send_buf(wb_ast_app *a, size_t len)
{
    if (wb_pub_send(&a->pub, a->buf, len) < 0)
        a->send_failed++;
    else
        a->sent++;
    a->last_send = mono_ms();
}

/*
 * The one path of every event: numbered and sent when live, then applied to the model from
 * its own encoded text (so the model never keeps pointers into the caller's strings, and a
 * snapshot built from the model can be applied back to it).
 */
static void publish(wb_ast_app *a, const wb_event *in)
{
    wb_event ev = *in;
    ev.src = a->cfg->src;
    /*
     * A screen ignores an agent event older than the newest it holds for that agent, and a
     * snapshot counts as one. queue_log times are whole seconds, so a line written just after
     * a snapshot can carry an earlier time: it is stamped with the snapshot's time instead.
     */
    if (a->live && ev.type == WB_EV_AGENT_STATE && ev.ts < a->snap_ts)
        ev.ts = a->snap_ts;
    if (ev.type != WB_EV_SNAPSHOT && ev.ts > a->log_ts)
        a->log_ts = ev.ts;
    ev.has_seq = a->live;
    ev.seq = a->live ? a->seq + 1 : 0;
    int len = wb_event_encode(&ev, a->buf, WB_MAX_MSG_BYTES + 1);
    if (len < 0) {
        a->encode_failed++;
        fprintf(stderr, PROG ": cannot encode a %s event: %s\n", wb_event_type_name(ev.type),
                wb_strerror(len));
        return;
    }
    if (a->live) {
        a->seq++;
        send_buf(a, (size_t)len);
    }
    wb_event dec;
    if (wb_event_decode(&dec, a->buf, (size_t)len) != WB_OK) {
        a->model_errors++;
        return;
    }
    if (wb_model_apply(a->model, &dec, dec.ts) < 0)
        a->model_errors++;
    wb_event_fini(&dec);
}

/*
 * The adapter's own model hears a heartbeat at ts: the log is followed while the adapter
 * runs, quiet nights included, and a model that hears nothing for hours takes its day for
 * one not watched whole and sends no day before in its snapshots (docs/metrics.md section
 * 6.5). The sequence is the subscribers' business, not the model's.
 */
static void model_heartbeat(wb_ast_app *a, wb_ms ts)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_HEARTBEAT, ts);
    ev.src = a->cfg->src;
    if (wb_model_apply(a->model, &ev, ts) < 0)
        a->model_errors++;
}

/*
 * While the backlog is read, the model hears the lines at their own times, hours apart over
 * a quiet night or a lunch hour. But the log is the record of every moment it spans: nothing
 * happened in a gap between two lines, and nothing was missed. So from the first line on, the
 * model also hears a heartbeat at least every BACKLOG_HEARD_MS of the log's time, and a day the
 * file covers from its start is a day watched whole (docs/metrics.md section 6.5). Before the
 * first line the file says nothing, so nothing is heard there.
 */
static void backlog_heard(wb_ast_app *a, wb_ms ts)
{
    if (!a->backlog)
        return;
    if (ts > a->heard_max)
        ts = a->heard_max;
    if (a->heard_to < 0 || ts - a->heard_to > BACKLOG_HEARD_MAX_MS) {
        a->heard_to = ts;
        return;
    }
    while (ts - a->heard_to > BACKLOG_HEARD_MS) {
        a->heard_to += BACKLOG_HEARD_MS;
        model_heartbeat(a, a->heard_to);
    }
    if (ts > a->heard_to)
        a->heard_to = ts;
}

/* An event published whatever its time (a caller waiting since before today). */
static void on_event_any_day(void *ud, const wb_event *ev)
{
    publish(ud, ev);
}

static void on_event(void *ud, const wb_event *ev)
{
    wb_ast_app *a = ud;
    backlog_heard(a, ev->ts);
    /* While rebuilding, only today's contacts count; agents' states come from every line. */
    if (!a->live && ev->type != WB_EV_AGENT_STATE && ev->ts < a->day_from)
        return;
    publish(a, ev);
}

/*
 * A snapshot of the model: sent as is (periodic), or first changed and applied (a contact
 * left with no outcome; Asterisk restarted and every call is gone).
 */
static void send_snapshot(wb_ast_app *a, wb_ms ts, const char *drop_id, bool drop_all)
{
    wb_snapshot s;
    wb_ms now = a->live ? clock_now(a) : ts;
    if (a->live) {
        /*
         * Stamped with the log's clock rather than the wall clock (see publish()); before
         * the first line, with the wall clock. The counts inside say which day they are.
         */
        ts = a->log_ts > 0 ? a->log_ts : now;
        if (ts < a->snap_ts)
            ts = a->snap_ts;
        a->snap_ts = ts;
    }
    if (wb_model_snapshot(a->model, a->cfg->src, now, &s) != WB_OK) {
        fprintf(stderr, PROG ": out of memory making a snapshot\n");
        return;
    }
    bool changed = drop_all || drop_id;
    if (drop_all) {
        s.n_waiting = 0;
        s.n_in_service = 0;
    } else if (drop_id) {
        size_t k = 0;
        for (size_t i = 0; i < s.n_waiting; i++)
            if (strcmp(s.waiting[i].id, drop_id) != 0)
                s.waiting[k++] = s.waiting[i];
        s.n_waiting = k;
    }
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, ts);
    ev.src = a->cfg->src;
    ev.snap = s;
    /*
     * A snapshot must fit the protocol's 64 KiB (about 650 agents with 50 callers waiting).
     * Past that, offline agents are left out: they count in no metric but the offline
     * total, and the rest of the state still reaches the screens.
     */
    if (wb_event_encode(&ev, a->buf, WB_MAX_MSG_BYTES + 1) == WB_ERR_FULL) {
        size_t k = 0;
        for (size_t i = 0; i < ev.snap.n_agents; i++)
            if (ev.snap.agents[i].state != WB_AGENT_OFFLINE)
                ev.snap.agents[k++] = ev.snap.agents[i];
        ev.snap.n_agents = k;
        a->snap_trimmed++;
        /* Then the day's intervals: a snapshot without them leaves each screen its own. */
        if (wb_event_encode(&ev, a->buf, WB_MAX_MSG_BYTES + 1) == WB_ERR_FULL)
            for (size_t i = 0; i < ev.snap.n_queues; i++)
                ev.snap.queues[i].has_intervals = false;
    }
    if (changed) {
        publish(a, &ev);
    } else if (a->live) {
        ev.src = a->cfg->src;
        ev.has_seq = true;
        ev.seq = a->seq + 1;
        int len = wb_event_encode(&ev, a->buf, WB_MAX_MSG_BYTES + 1);
        if (len < 0) {
            a->encode_failed++;
            fprintf(stderr, PROG ": snapshot not sent: %s\n",
                    len == WB_ERR_FULL ? "larger than 64 KiB even without offline agents"
                                       : wb_strerror(len));
        } else {
            a->seq++;
            send_buf(a, (size_t)len);
            a->snapshots++;
            if ((size_t)len > a->snap_max)
                a->snap_max = (size_t)len;
        }
    }
    if (changed)
        a->snapshots++;
    s.n_agents = ev.snap.n_agents; /* the arrays are the same; fini frees them once */
    wb_snapshot_fini(&s);
}

static void on_left(void *ud, const char *id, wb_ms ts)
{
    wb_ast_app *a = ud;
    backlog_heard(a, ts);
    if (a->live || ts >= a->day_from)
        send_snapshot(a, ts, id, false);
}

static void on_restart(void *ud, wb_ms ts)
{
    wb_ast_app *a = ud;
    fprintf(stderr, PROG ": QUEUESTART at %lld: Asterisk restarted, calls in progress dropped\n",
            (long long)(ts / 1000));
    backlog_heard(a, ts);
    send_snapshot(a, ts, NULL, true);
}

static void send_heartbeat(wb_ast_app *a)
{
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_HEARTBEAT, clock_now(a));
    ev.src = a->cfg->src;
    ev.has_seq = true;
    ev.seq = a->seq + 1;
    int len = wb_event_encode(&ev, a->buf, WB_MAX_MSG_BYTES + 1);
    if (len > 0) {
        a->seq++;
        send_buf(a, (size_t)len);
    }
    model_heartbeat(a, ev.ts);
}

/* ---------------------------------------------------------------- the file */

static void map_line(void *ud, const char *s, size_t len)
{
    wb_ast_app *a = ud;
    wb_qlog_reason r = wb_astmap_feed(a->map, s, len, &a->out);
    if (r != WB_QLOG_OK && r != WB_QLOG_EMPTY && a->refused_logged < LOG_REFUSED_MAX) {
        a->refused_logged++;
        fprintf(stderr, PROG ": %s: line refused (%s): %.*s%s\n", a->log.path,
                wb_qlog_reason_name(r), (int)(len > 120 ? 120 : len), s, len > 120 ? "..." : "");
        if (a->refused_logged == LOG_REFUSED_MAX)
            fprintf(stderr, PROG ": further refused lines are only counted\n");
    }
}

/* ---------------------------------------------------------------- AMI */

/* A message from a logged-in AMI connection: member events change agents' states. */
static void on_ami_message(void *ud, const wb_ami_msg *m)
{
    wb_ast_app *a = ud;
    if (wb_ami_apply(a->map, m, clock_now(a), &a->out))
        a->ami_events++;
}

/* ---------------------------------------------------------------- timers and signals */

static void on_poll(uv_timer_t *t)
{
    wb_ast_app *a = t->data;
    wb_follow_poll(&a->log);
    wb_ms now = clock_now(a);
    wb_astmap_tick(a->map, now, &a->out);
    wb_model_tick(a->model, now);
}

static void on_snap(uv_timer_t *t)
{
    wb_ast_app *a = t->data;
    send_snapshot(a, clock_now(a), NULL, false);
}

static void on_heartbeat(uv_timer_t *t)
{
    wb_ast_app *a = t->data;
    if (mono_ms() - a->last_send >= HEARTBEAT_MS - 50)
        send_heartbeat(a);
}

static void close_cb(uv_handle_t *h)
{
    (void)h;
}

static void stop(wb_ast_app *a)
{
    if (a->stopping)
        return;
    a->stopping = true;
    uv_close((uv_handle_t *)&a->poll, close_cb);
    uv_close((uv_handle_t *)&a->snap, close_cb);
    uv_close((uv_handle_t *)&a->heartbeat, close_cb);
    uv_close((uv_handle_t *)&a->sig_int, close_cb);
    uv_close((uv_handle_t *)&a->sig_term, close_cb);
    uv_close((uv_handle_t *)&a->sig_hup, close_cb);
    if (a->use_ami)
        wb_amiconn_close(&a->ami);
}

static void on_signal(uv_signal_t *h, int signum)
{
    (void)signum;
    stop(h->data);
}

/* SIGHUP (a `kill -HUP`, a closed terminal) must not stop the publishing: said, and no more. */
static void on_hup(uv_signal_t *h, int signum)
{
    (void)h;
    (void)signum;
    wb_cli_hup_note(PROG);
}

/* ---------------------------------------------------------------- options */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG " --queue-log PATH --bind URL [options]\n"
            "Follows Asterisk's queue_log (and optionally AMI) and publishes the wallboard\n"
            "protocol v1 on a nanomsg PUB socket.\n"
            "\n"
            "  --queue-log PATH      the queue_log file (/var/log/asterisk/queue_log)\n"
            "  --bind URL            listen on URL for screens (tcp://0.0.0.0:5555,\n"
            "                        ipc:///run/wallboard-asterisk/pub.ipc); repeatable\n"
            "  --config FILE         wallboard-asterisk.ini: queues, agents, time zone, SL\n"
            "  --from-start          publish every line of the file from the first, then follow\n"
            "                        (default: rebuild today silently, send one snapshot)\n"
            "  --snapshot-s N        seconds between snapshots (default 10)\n"
            "  --ami HOST:PORT       also read agent states from the Asterisk Manager Interface\n"
            "  --ami-user NAME       the manager.conf user (read = agent)\n"
            "  --ami-secret-file F   a file whose first line is that user's secret\n"
            "  --help                this text\n"
            "  --version             the program's version\n");
}

enum {
    O_LOG = 256,
    O_BIND,
    O_CONFIG,
    O_FROM_START,
    O_SNAP,
    O_AMI,
    O_AMI_USER,
    O_AMI_SECRET,
    O_HELP,
    O_VERSION
};

static const struct option LONGOPTS[] = {
    {"queue-log", required_argument, NULL, O_LOG},
    {"bind", required_argument, NULL, O_BIND},
    {"config", required_argument, NULL, O_CONFIG},
    {"from-start", no_argument, NULL, O_FROM_START},
    {"snapshot-s", required_argument, NULL, O_SNAP},
    {"ami", required_argument, NULL, O_AMI},
    {"ami-user", required_argument, NULL, O_AMI_USER},
    {"ami-secret-file", required_argument, NULL, O_AMI_SECRET},
    {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},
    {NULL, 0, NULL, 0},
};

static void print_summary(wb_ast_app *a, const char *when)
{
    wb_astmap_stats st;
    wb_astmap_stats_get(a->map, &st);
    uint64_t refused = 0;
    /* A blank line is counted but is not a refusal worth reporting. */
    const int empty = wb_qlog_reason_index(WB_QLOG_EMPTY);
    for (int i = 0; i < WB_QLOG_NREASONS; i++)
        refused += i == empty ? 0 : st.refused[i];
    fprintf(stderr,
            PROG ": %s: %llu lines, %llu refused, %llu events, %llu sent (%llu send failures, "
                 "%llu not encodable), %llu snapshots (largest %zu bytes, %llu without offline "
                 "agents), %zu calls in the "
                 "queues, %zu agents, "
                 "%llu rotations, %llu truncations",
            when, (unsigned long long)st.lines, (unsigned long long)refused,
            (unsigned long long)st.events, (unsigned long long)a->sent,
            (unsigned long long)a->send_failed, (unsigned long long)a->encode_failed,
            (unsigned long long)a->snapshots, a->snap_max, (unsigned long long)a->snap_trimmed,
            wb_astmap_calls(a->map), wb_astmap_agents(a->map), (unsigned long long)a->log.rotations,
            (unsigned long long)a->log.truncations);
    if (st.pruned)
        fprintf(stderr, ", %llu calls dropped after a lost line", (unsigned long long)st.pruned);
    if (st.recoded)
        fprintf(stderr, ", %llu lines with bytes read as Latin-1", (unsigned long long)st.recoded);
    /* The snapshots come from the adapter's own model: what it refused, they leave out. */
    if (a->model_errors)
        fprintf(stderr, ", %llu events refused by the adapter's own model",
                (unsigned long long)a->model_errors);
    /* Counter i holds reason -(i + 1) (wb_qlog_reason_index()). */
    for (int i = 0; i < WB_QLOG_NREASONS; i++)
        if (st.refused[i] && i != empty)
            fprintf(stderr, ", %s %llu", wb_qlog_reason_name((wb_qlog_reason)(-i - 1)),
                    (unsigned long long)st.refused[i]);
    /*
     * Since when today counts as heard without a silence: from midnight, tomorrow's forecast
     * has today as its day before (docs/metrics.md section 6.5).
     */
    wb_ms watched = wb_model_watched_from(a->model, clock_now(a));
    if (watched >= 0) {
        struct tm tm;
        wb_localtime(watched, a->cfg->core.tz, &tm);
        fprintf(stderr, "; today heard from %02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    if (a->use_ami)
        fprintf(stderr, "; AMI: %llu connections, %llu messages, %llu member events",
                (unsigned long long)a->ami.connects, (unsigned long long)a->ami.messages,
                (unsigned long long)a->ami_events);
    fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
    const char *bind_urls[MAX_URLS];
    size_t n_bind = 0;
    const char *config = NULL, *ami = NULL, *ami_user = NULL, *ami_secret = NULL;
    const char *log_path = NULL;
    bool from_start = false;
    double snap_s = 10;

    wb_ast_app a;
    memset(&a, 0, sizeof a);
    a.pub.sock = -1;
    a.log.fd = -1;

    /* Until the loop's handler takes over: a SIGHUP while the day is rebuilt is not fatal. */
    signal(SIGHUP, SIG_IGN);
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        switch (c) {
        case O_LOG:
            log_path = optarg;
            break;
        case O_BIND:
            if (n_bind == MAX_URLS)
                return wb_cli_bad(PROG, "bind", optarg, "at most 8 URLs");
            bind_urls[n_bind++] = optarg;
            break;
        case O_CONFIG:
            config = optarg;
            break;
        case O_FROM_START:
            from_start = true;
            break;
        case O_SNAP: {
            char *end;
            errno = 0;
            snap_s = strtod(optarg, &end);
            if (errno || end == optarg || *end || !isfinite(snap_s) || snap_s < 0.1 ||
                snap_s > 3600)
                return wb_cli_bad(PROG, "snapshot-s", optarg, "seconds from 0.1 to 3600");
            break;
        }
        case O_AMI:
            ami = optarg;
            break;
        case O_AMI_USER:
            ami_user = optarg;
            break;
        case O_AMI_SECRET:
            ami_secret = optarg;
            break;
        case O_HELP:
            usage(stdout);
            return 0;
        case O_VERSION:
            return wb_cli_version(PROG);
        default:
            return wb_cli_unknown(PROG, optopt, argv, optind);
        }
    }
    if (optind < argc) {
        fprintf(stderr, PROG ": unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    if (!log_path || n_bind == 0) {
        fprintf(stderr, PROG ": give --queue-log PATH and at least one --bind URL\n");
        usage(stderr);
        return 2;
    }
    if (ami && (!ami_user || !ami_secret)) {
        fprintf(stderr, PROG ": --ami needs --ami-user and --ami-secret-file\n");
        return 2;
    }
    if (!ami && (ami_user || ami_secret)) {
        fprintf(stderr, PROG ": --ami-user and --ami-secret-file need --ami HOST:PORT\n");
        return 2;
    }

    /*
     * A queue_log that is there must be a regular file: a directory (--queue-log /var/log)
     * was followed as an empty log, heartbeats and all, so screens showed LIVE with zeros; a
     * FIFO held the adapter in open() for ever. One that is not there yet is waited for.
     */
    struct stat lst;
    if (stat(log_path, &lst) == 0 && !S_ISREG(lst.st_mode)) {
        fprintf(stderr,
                PROG ": --queue-log %s: not a regular file (%s); give Asterisk's queue_log file\n",
                log_path, S_ISDIR(lst.st_mode) ? "a directory" : "a device, FIFO or socket");
        return 2;
    }

    int rc = 1;
    bool loop_ok = false;
    a.cfg = wb_astcfg_new();
    a.buf = malloc(WB_MAX_MSG_BYTES + 1);
    if (!a.cfg || !a.buf || wb_follow_init(&a.log, log_path, map_line, &a) != WB_OK) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    if (config) {
        char err[512];
        if (wb_astcfg_load(a.cfg, config, err, sizeof err) != WB_OK) {
            fprintf(stderr, PROG ": %s\n", err);
            rc = 2;
            goto done;
        }
    }
    /* No timezone in the file: the system's, as the screens on this site use (systz.h). */
    bool tz_system = wb_systz_fill(PROG, a.cfg->core.tz, sizeof a.cfg->core.tz);
    if (ami) {
        if (wb_amiconn_init(&a.ami, ami, ami_user, ami_secret) != WB_OK) {
            rc = 2;
            goto done;
        }
        a.use_ami = true;
    }
    a.map = wb_astmap_new(a.cfg);
    a.model = wb_model_new(&a.cfg->core);
    if (!a.map || !a.model) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    /*
     * With --from-start the log's time is the adapter's clock (clock_now()), so it is the
     * model's too: a file of several days rolls the day over at each of the log's midnights,
     * and the last day's contacts are today's. Rebuilding, only today's contacts are applied
     * and the wall clock decides the day.
     */
    wb_model_set_event_clock(a.model, from_start);
    /*
     * The model's clock is the log's: lines of a recorded day, or of an Asterisk whose clock
     * is ahead of this host's, must not look "ahead" on the wall clock either (rebuilding
     * or following).
     */
    wb_model_set_max_future(a.model, 0);
    wb_model_set_max_past(a.model, 0);
    a.out = (wb_astmap_out){on_event, on_left, on_restart, &a};
    a.snapshot_ms = (wb_ms)llround(snap_s * 1000);

    if (wb_pub_init(&a.pub) < 0) {
        fprintf(stderr, PROG ": %s\n", a.pub.err);
        goto done;
    }
    /* A URL that cannot be used as written is a usage error (2), a socket that fails is 1. */
    for (size_t i = 0; i < n_bind; i++) {
        int brc = wb_pub_bind(&a.pub, bind_urls[i]);
        if (brc < 0) {
            fprintf(stderr, PROG ": --%s\n", a.pub.err);
            rc = brc == WB_ERR_INVAL ? 2 : 1;
            goto done;
        }
    }

    /* Rebuild (or, with --from-start, publish) what the file holds now. */
    wb_ms now = real_ms();
    a.day_from = from_start ? INT64_MIN : wb_day_start(now, a.cfg->core.tz);
    a.live = from_start;
    a.from_start = from_start;
    a.backlog = true;
    a.heard_to = -1;
    a.heard_max = from_start ? INT64_MAX : now;
    /*
     * Rebuilding, today is today from the start, so that the model hears the log through
     * today's quiet hours (backlog_heard()): a model with no day yet hears nothing, and its day
     * would begin at the first contact instead of at midnight.
     */
    if (!from_start) {
        wb_model_tick(a.model, now);
        /*
         * A file rotated away before today (a nightly rotation after a quiet evening) was
         * last written at its modification time: from then the log said nothing until the
         * first line read now, and that silence is heard as any other in the log. Heard
         * before today's rotated files are read, so that their first line follows it.
         */
        wb_ms before = wb_follow_rotated_before(&a.log, a.day_from);
        if (before >= 0)
            backlog_heard(&a, before);
        wb_follow_read_rotated(&a.log, a.day_from);
    }
    if (!wb_follow_poll(&a.log))
        fprintf(stderr, PROG ": %s: %s; waiting for it to appear\n", log_path, strerror(errno));
    now = clock_now(&a);
    /* The file was read to its end just now: it has said all there was to say until now. */
    backlog_heard(&a, now);
    a.backlog = false;
    /*
     * Rebuilding, the contacts of the days before today were left out, but a caller who has
     * waited since before midnight is waiting today: queued again at the time it entered.
     */
    if (!from_start) {
        wb_astmap_out any_day = {on_event_any_day, NULL, NULL, &a};
        wb_astmap_waiting_before(a.map, a.day_from, &any_day);
    }
    wb_astmap_tick(a.map, now, &a.out);
    wb_model_tick(a.model, now);
    a.live = true;
    print_summary(&a, from_start ? "published the file" : "rebuilt today");
    send_snapshot(&a, now, NULL, false);

    if (uv_loop_init(&a.loop) != 0) {
        fprintf(stderr, PROG ": cannot start the event loop\n");
        goto done;
    }
    loop_ok = true;
    uv_timer_init(&a.loop, &a.poll);
    uv_timer_init(&a.loop, &a.snap);
    uv_timer_init(&a.loop, &a.heartbeat);
    uv_signal_init(&a.loop, &a.sig_int);
    uv_signal_init(&a.loop, &a.sig_term);
    uv_signal_init(&a.loop, &a.sig_hup);
    a.poll.data = a.snap.data = a.heartbeat.data = &a;
    a.sig_int.data = a.sig_term.data = &a;
    uv_timer_start(&a.poll, on_poll, POLL_MS, POLL_MS);
    uv_timer_start(&a.snap, on_snap, (uint64_t)a.snapshot_ms, (uint64_t)a.snapshot_ms);
    uv_timer_start(&a.heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);
    uv_signal_start(&a.sig_int, on_signal, SIGINT);
    uv_signal_start(&a.sig_term, on_signal, SIGTERM);
    uv_signal_start(&a.sig_hup, on_hup, SIGHUP);
    signal(SIGPIPE, SIG_IGN);
    if (a.use_ami && wb_amiconn_start(&a.ami, &a.loop, on_ami_message, &a) != WB_OK) {
        fprintf(stderr, PROG ": cannot start the AMI connection\n");
        stop(&a);
        goto done;
    }
    fprintf(stderr, PROG ": following %s as src %s, snapshot every %g s, time zone %s%s\n",
            log_path, a.cfg->src, snap_s, a.cfg->core.tz[0] ? a.cfg->core.tz : "UTC",
            wb_systz_said(tz_system));
    uv_run(&a.loop, UV_RUN_DEFAULT);
    print_summary(&a, "stopped");
    rc = 0;
done:
    if (loop_ok) {
        uv_run(&a.loop, UV_RUN_DEFAULT);
        uv_loop_close(&a.loop);
    }
    if (a.use_ami)
        wb_amiconn_fini(&a.ami);
    if (a.pub.sock >= 0) {
        /* nanomsg sends in the background: give the last messages a moment to leave. */
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    wb_pub_fini(&a.pub);
    wb_follow_fini(&a.log);
    wb_model_free(a.model);
    wb_astmap_free(a.map);
    wb_astcfg_free(a.cfg);
    free(a.buf);
    return rc;
}
