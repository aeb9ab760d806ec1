/*
 * main.c - wallboard-hub: subscribes to publishers, keeps the day in the core model,
 * republishes to screens, journals the day and answers "send me everything now".
 *
 * State: one wb_sub (publishers, either direction), one wb_board (the same decode, refusal,
 * dedup, gap and resync rules as a screen), one wb_pub (screens), one wb_hubrep (snapshot
 * requests, answers built at most twice a second: wb_hubrep.h), the optional journal and its day
 * files. Everything lives in one struct, runs on
 * one libuv loop and is released at the end of main().
 *
 * The flow of one message: ingest into the board (parts of a large snapshot from an upstream
 * hub are glued first); if it was neither refused nor a duplicate, send the very bytes on to the
 * screens (their src and seq unchanged, so a screen applies the same rules to the same numbers) and
 * append it to the journal. Every --snapshot-s seconds the hub publishes its own snapshot of each
 * source it holds (numbered with that source's last seq, so it is no gap, and saying how long
 * the hub has not heard it), and once a second a heartbeat of its own while any source is live.
 * A publisher that went quiet thus keeps its day on every screen, a screen or a hub that
 * connects during the outage included, marked stale since the hub last heard it.
 *
 * Those snapshots carry the day's and the rolling window's counters as the hub's board judged
 * them (answered within T, short abandons), and a screen takes them in place of its own. The
 * hub therefore reads the configuration the wallboard reads (--config, $WB_CONFIG, the system
 * file, else the wallboard's built-in one), so that its screens show their own service levels.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wb_hubrep.h"
#include "wb_hubreply.h"
#include "wb_ipc.h"
#include "cli.h"
#include "daywarn.h"
#include "journal.h"
#include "refusals.h"
#include "stats.h"
#include "statsfile.h"
#include "sublog.h"
#include "systz.h"
#include "wallclock.h"
#include "wb_pub.h"
#include "wb_sim.h"
#include "wb_snapparts.h"
#include "wb_sub.h"
#include "wb_time.h"

#define PROG "wallboard-hub"
#define MAX_URLS 16

typedef struct hub {
    uv_loop_t loop;
    uv_timer_t tick, snap_timer, exit_timer;
    uv_signal_t sig_int, sig_term, sig_hup;
    wb_config cfg;
    wb_board *board;
    wb_sub *sub;
    wb_pub pub;
    wb_snapparts parts;
    wb_hubrep *rep; /* snapshot requests; NULL when none */
    bool journal_on;
    wb_journal journal;
    int keep_days;
    wb_statsfile stats;
    bool stats_open;
    wb_board_view *view;
    char id[WB_MAX_STR_BYTES + 1];
    double snapshot_s;
    bool event_clock; /* --clock event: "now" is the newest event time (replays, simulations) */
    uint64_t forwarded, snapshots;
    uint64_t snapshots_failed; /* not made: too large, or out of memory */
    bool day_mismatch_logged;  /* the time-zone line was written (daywarn.h) */
    bool wait_logged;          /* the line about requests waiting was written */
    wb_refusal_log refusals;   /* refused messages, said once per reason per minute */
    wb_sublog sublog;          /* the receive side's losses, said once a minute */
    int exit_code;
} hub;

/* The hub's "now" for the model and its snapshots; receive times stay on the wall clock. */
static wb_ms hub_now(hub *h)
{
    wb_ms newest = wb_model_newest_ts(wb_board_model(h->board));
    return h->event_clock && newest > 0 ? newest : wb_wall_ms();
}

static void hub_quit(hub *h, int code)
{
    h->exit_code = code;
    uv_stop(&h->loop);
}

/* A source is live when the hub heard from it within the staleness limit. */
static bool source_live(const hub *h, const wb_source_info *si, wb_ms now)
{
    return now - si->last_rx <= h->cfg.stale_after_ms;
}

static void on_message(void *ud, const char *buf, size_t len)
{
    hub *h = ud;
    wb_ms rx = wb_wall_ms();
    bool complete = false;
    int rc = wb_snapparts_ingest(&h->parts, h->board, buf, len, rx, &complete);
    /* Said, as a screen says it: a hub that refuses a publisher's every message (its clock an
     * hour ahead) forwards nothing, and its counters alone would not tell the installer why. */
    if (rc < 0)
        wb_refusal_note(&h->refusals, PROG, rc, rx);
    /* A duplicate (the same contact event again: a resend, or the same publisher heard
     * through two site hubs) changed nothing here and would change nothing on a screen. */
    if (rc < 0 || rc == WB_DUPLICATE)
        return;
    wb_pub_send(&h->pub, buf, len);
    h->forwarded++;
    if (!h->journal_on)
        return;
    /* The journal keeps whole messages: a reassembled snapshot rather than its parts. The
     * receive time is also the clock that spaces the tries of a day file that failed. */
    if (complete)
        wb_journal_append(&h->journal, rx, rx, h->parts.done, h->parts.done_len);
    else if (!h->parts.was_part)
        wb_journal_append(&h->journal, rx, rx, buf, len);
}

/*
 * Every source, the silent ones too: a screen that connects while a publisher is down learns
 * the day from these alone (a --connect screen, a hub chained behind this one), and their
 * silent_ms keeps it stale there, so the hub's snapshots never pass for the publisher's voice.
 */
static void publish_snapshots(hub *h, wb_ms now)
{
    wb_ms wall = wb_wall_ms();
    wb_model *m = wb_board_model(h->board);
    for (size_t i = 0; i < wb_model_source_count(m); i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        int rc = wb_pub_snapshot(&h->pub, m, si.src, si.last_seq > 0, si.last_seq, now,
                                 wb_hubreply_silent_ms(&si, wall), si.resyncing, h->id, NULL, NULL);
        if (rc > 0) {
            h->snapshots++;
        } else if (rc < 0 && rc != WB_ERR_IO) {
            /* Said the first time; then counted (the summary at exit). */
            if (h->snapshots_failed++ == 0)
                fprintf(stderr, PROG ": snapshot of %s not sent: %s\n", si.src,
                        rc == WB_ERR_FULL ? "larger than 16 MiB" : wb_strerror(rc));
        }
    }
}

static void write_stats(hub *h, wb_ms now)
{
    if (!h->stats_open)
        return;
    wb_sub_stats ss;
    wb_sub_stats_get(h->sub, &ss);
    char *line = wb_stats_json(h->board, h->view, now, wb_wall_ms(), &ss, -1);
    if (line) {
        wb_statsfile_write(&h->stats, line);
        free(line);
    }
}

/*
 * Said once: requests came faster than answers are built (a floor of screens switched on
 * together, or a client asking in a loop), so some waited for the next answer; the summary at
 * exit counts them.
 */
static void log_waiting(hub *h)
{
    wb_hubrep_stats rs;
    wb_hubrep_stats_get(h->rep, &rs);
    if (h->wait_logged || rs.waited == 0)
        return;
    h->wait_logged = true;
    fprintf(stderr,
            PROG ": snapshot requests come faster than one answer every %d ms: they wait for the "
                 "next answer and share it (counted at exit)\n",
            WB_HUBREP_GAP_MS);
}

static void on_tick(uv_timer_t *t)
{
    hub *h = t->data;
    wb_ms wall = wb_wall_ms(), now = hub_now(h);
    wb_board_tick(h->board, now);
    /* Parts are received on the wall clock: an upstream hub that stopped in the middle of a
     * snapshot's parts does not keep their memory. */
    wb_snapparts_expire(&h->parts, wall);
    wb_daywarn_log(h->board, PROG, "hub", &h->day_mismatch_logged);
    if (h->sub) {
        wb_sub_stats ts;
        wb_sub_stats_get(h->sub, &ts);
        wb_sublog_tick(&h->sublog, PROG, &ts, wall);
    }
    if (h->journal_on) {
        wb_journal_flush(&h->journal);
        /* A full disk is said once, and its end too, not once a line. */
        wb_journal_report(&h->journal, PROG, "--journal");
        wb_journal_prune(&h->journal, wall, h->keep_days);
    }
    /* The hub's own heartbeat only while some publisher is live: a screen behind a hub
     * whose publishers all died must still go stale. */
    wb_model *m = wb_board_model(h->board);
    bool live = false;
    for (size_t i = 0; i < wb_model_source_count(m) && !live; i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        live = source_live(h, &si, wall) && strcmp(si.src, h->id) != 0;
    }
    if (live) {
        wb_event ev;
        wb_event_init(&ev, WB_EV_HEARTBEAT, now);
        ev.src = h->id;
        wb_pub_event(&h->pub, &ev);
    }
    log_waiting(h);
    write_stats(h, now);
}

static void on_snap_timer(uv_timer_t *t)
{
    hub *h = t->data;
    publish_snapshots(h, hub_now(h));
}

static void on_exit_timer(uv_timer_t *t)
{
    hub_quit(t->data, 0);
}

static void on_signal(uv_signal_t *s, int signum)
{
    (void)signum;
    hub_quit(s->data, 0);
}

/* SIGHUP (a `kill -HUP`, a closed terminal) must not end the hub and its day: said, and no more. */
static void on_hup(uv_signal_t *s, int signum)
{
    (void)s;
    (void)signum;
    wb_cli_hup_note(PROG);
}

/* The answer to a snapshot request (any message): every source's snapshot at once. */
static int build_answer(void *ud, char **out, size_t *len)
{
    hub *h = ud;
    return wb_hubreply_build(wb_board_model(h->board), &h->pub, h->id, hub_now(h), wb_wall_ms(),
                             out, len);
}

static int open_rep(hub *h, const char *url)
{
    char why[600];
    int crc = wb_url_check(url, true, why, sizeof why);
    if (crc == 0)
        crc = wb_ipc_bind_check(url, why, sizeof why);
    if (crc < 0) {
        fprintf(stderr, PROG ": --reply: %s\n", why);
        return crc == WB_ERR_INVAL ? 2 : 1;
    }
    if (wb_hubrep_open(&h->rep, &h->loop, url, build_answer, h, why, sizeof why) < 0) {
        fprintf(stderr, PROG ": --reply %s\n", why);
        return 1;
    }
    return 0;
}

/* ---- rebuilding today from the journal ---- */

typedef struct rebuild {
    hub *h;
    uint64_t applied, refused;
} rebuild;

static void on_journal_line(void *ud, wb_ms rx, const char *msg, size_t len)
{
    rebuild *r = ud;
    if (wb_snapparts_apply_text(r->h->board, msg, len, rx) < 0)
        r->refused++;
    else
        r->applied++;
}

static int rebuild_day(hub *h, wb_ms day)
{
    char path[PATH_MAX + 32];
    wb_journal_day_path(&h->journal, day, path, sizeof path);
    rebuild r = {.h = h};
    wb_journal_read_stats st;
    wb_ms t0 = wb_mono_ms();
    if (wb_journal_read_named(PROG, path, on_journal_line, &r, &st) < 0) {
        fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(stderr,
            PROG ": journal %s: %llu lines rebuilt in %lld ms (%llu refused, %llu torn, %llu "
                 "bad lines skipped)\n",
            path, (unsigned long long)st.lines, (long long)(wb_mono_ms() - t0),
            (unsigned long long)r.refused, (unsigned long long)st.torn, (unsigned long long)st.bad);
    return 0;
}

/*
 * Today's state does not begin at midnight: an agent signed in last night, an e-mail queued
 * yesterday or a call that waits across midnight are in yesterday's file. It is read first
 * (when there is one), on today's clock: its outcomes count in yesterday, not today, and
 * what it leaves signed in, waiting or in service is today's start. Then today's file.
 */
static int rebuild_today(hub *h, wb_ms now)
{
    /*
     * On event time the events, not the files' names, say which day it is: yesterday's file
     * may hold a later recorded day than today's, or today's again, and is not read.
     */
    if (!h->event_clock && rebuild_day(h, wb_day_start(now, h->cfg.tz) - 1))
        return 1;
    return rebuild_day(h, now);
}

/* ---- options ---- */

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " (--connect URL | --listen URL)... --bind URL... [options]\n"
               "Keeps the day of any number of wallboard publishers and serves it to screens.\n"
               "\n"
               "  --connect URL      subscribe to a publisher that binds URL; repeatable\n"
               "  --listen URL       bind URL for publishers that connect; repeatable\n"
               "  --bind URL         publish to screens on URL (PUB); repeatable\n"
               "  --reply URL        answer snapshot requests on URL (REP); default: the first\n"
               "                     --bind with the port + 1 (tcp) or \".req\" appended (ipc)\n"
               "  --journal DIR      keep every accepted message in DIR/YYYY-MM-DD.jsonl and\n"
               "                     rebuild today from it at start\n"
               "  --keep-days N      remove day files older than N days (default 7)\n"
               "  --config FILE      wallboard.ini its snapshots judge by (service-level\n"
               "                     threshold, short abandons, time zone, staleness);\n"
               "                     default: $WB_CONFIG, else " WB_DEFAULT_CONFIG "\n"
               "                     if present, else the wallboard's built-in configuration;\n"
               "                     give the screens' file\n"
               "  --clock wall|event 'now' is the wall clock (default) or the newest event time\n"
               "  --snapshot-s S     seconds between snapshots to the screens (default 5)\n"
               "  --id NAME          this hub's id in its heartbeats and parts (default hub)\n"
               "  --stats-json PATH  what the hub's model shows, once a second (as the wallboard)\n"
               "  --exit-after S     stop after S seconds\n"
               "  --help             this text\n"
               "  --version          the program's version\n");
}

enum {
    O_CONNECT = 256,
    O_LISTEN,
    O_BIND,
    O_REPLY,
    O_JOURNAL,
    O_KEEP,
    O_CONFIG,
    O_SNAP,
    O_ID,
    O_STATS,
    O_EXIT,
    O_CLOCK,
    O_HELP,
    O_VERSION
};

static const struct option LONGOPTS[] = {
    {"connect", required_argument, NULL, O_CONNECT},
    {"listen", required_argument, NULL, O_LISTEN},
    {"bind", required_argument, NULL, O_BIND},
    {"reply", required_argument, NULL, O_REPLY},
    {"journal", required_argument, NULL, O_JOURNAL},
    {"keep-days", required_argument, NULL, O_KEEP},
    {"config", required_argument, NULL, O_CONFIG},
    {"snapshot-s", required_argument, NULL, O_SNAP},
    {"id", required_argument, NULL, O_ID},
    {"stats-json", required_argument, NULL, O_STATS},
    {"exit-after", required_argument, NULL, O_EXIT},
    {"clock", required_argument, NULL, O_CLOCK},
    {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct opts {
    const char *connect[MAX_URLS], *listen[MAX_URLS], *bind[MAX_URLS];
    size_t n_connect, n_listen, n_bind;
    const char *reply, *journal, *config, *stats;
    double exit_after;
} opts;

static int parse_args(hub *h, opts *o, int argc, char **argv)
{
    double d;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        switch (c) {
        case O_CONNECT:
        case O_LISTEN:
        case O_BIND: {
            const char **list = c == O_CONNECT ? o->connect : c == O_LISTEN ? o->listen : o->bind;
            size_t *n = c == O_CONNECT ? &o->n_connect : c == O_LISTEN ? &o->n_listen : &o->n_bind;
            const char *name = c == O_CONNECT ? "connect" : c == O_LISTEN ? "listen" : "bind";
            if (wb_cli_add_url(PROG, name, list, n, MAX_URLS, optarg) >= 0)
                return 2;
            break;
        }
        case O_REPLY:
            o->reply = optarg;
            break;
        case O_JOURNAL:
            o->journal = optarg;
            break;
        case O_KEEP:
            if (!wb_cli_double(optarg, 1, 3650, &d) || d != floor(d))
                return wb_cli_bad(PROG, "keep-days", optarg, "an integer from 1 to 3650");
            h->keep_days = (int)d;
            break;
        case O_CONFIG:
            o->config = optarg;
            break;
        case O_SNAP:
            if (!wb_cli_double(optarg, 0.1, 3600, &h->snapshot_s))
                return wb_cli_bad(PROG, "snapshot-s", optarg, "seconds from 0.1 to 3600");
            break;
        case O_ID:
            if (!*optarg || strlen(optarg) > WB_MAX_STR_BYTES ||
                !wb_utf8_valid(optarg, strlen(optarg)))
                return wb_cli_bad(PROG, "id", optarg, "a non-empty UTF-8 id of at most 256 bytes");
            snprintf(h->id, sizeof h->id, "%s", optarg);
            break;
        case O_STATS:
            o->stats = optarg;
            break;
        case O_EXIT:
            if (!wb_cli_double(optarg, 0.001, 1e9, &o->exit_after))
                return wb_cli_bad(PROG, "exit-after", optarg, "seconds > 0");
            break;
        case O_CLOCK:
            if (strcmp(optarg, "wall") && strcmp(optarg, "event"))
                return wb_cli_bad(PROG, "clock", optarg, "wall or event");
            h->event_clock = strcmp(optarg, "event") == 0;
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
    if (o->n_connect + o->n_listen == 0 || o->n_bind == 0) {
        fprintf(stderr, PROG ": give at least one --connect or --listen URL and one --bind URL\n");
        return 2;
    }
    return -1;
}

static int setup(hub *h, opts *o)
{
    char err[512];
    /* The configuration first: a bad file stops the hub before anything is opened. */
    const char *config_path;
    if (wb_cli_load_config(&h->cfg, PROG, o->config, wb_sim_default_config, &config_path) != 0)
        return 2;
    /* No timezone in the file: the system's, as the screens on this site use (systz.h). */
    bool tz_system = wb_systz_fill(PROG, h->cfg.tz, sizeof h->cfg.tz);
    h->board = wb_board_new(&h->cfg);
    if (!h->board) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    wb_ms now = wb_wall_ms();
    if (h->event_clock)
        wb_model_set_event_clock(wb_board_model(h->board), true);
    else
        wb_board_tick(h->board, now);
    if (o->journal) {
        if (wb_journal_open_dir(&h->journal, o->journal, h->cfg.tz, err, sizeof err) < 0) {
            fprintf(stderr, PROG ": --journal %s\n", err);
            return 1;
        }
        h->journal_on = true;
        if (rebuild_today(h, now))
            return 1;
        wb_journal_prune(&h->journal, now, h->keep_days);
    }
    if (wb_pub_init(&h->pub) < 0) {
        fprintf(stderr, PROG ": %s\n", h->pub.err);
        return 1;
    }
    for (size_t i = 0; i < o->n_bind; i++) {
        int rc = wb_pub_bind(&h->pub, o->bind[i]);
        if (rc < 0) {
            fprintf(stderr, PROG ": --%s\n", h->pub.err);
            return rc == WB_ERR_INVAL ? 2 : 1;
        }
    }
    char reply[PATH_MAX + 16];
    if (o->reply)
        snprintf(reply, sizeof reply, "%s", o->reply);
    else if (wb_hubreply_url(o->bind[0], reply, sizeof reply) < 0) {
        fprintf(stderr, PROG ": --bind %s: cannot derive the reply URL; give --reply\n",
                o->bind[0]);
        return 2;
    }
    int rrc = open_rep(h, reply);
    if (rrc)
        return rrc;
    h->sub = wb_sub_new(&h->loop, on_message, h);
    if (!h->sub)
        return 1;
    for (size_t i = 0; i < o->n_connect + o->n_listen; i++) {
        int rc = i < o->n_connect ? wb_sub_connect(h->sub, o->connect[i])
                                  : wb_sub_bind(h->sub, o->listen[i - o->n_connect]);
        if (rc < 0) {
            fprintf(stderr, PROG ": %s\n", wb_sub_strerror(h->sub));
            return rc == WB_ERR_INVAL ? 2 : 1;
        }
    }
    if (o->stats) {
        h->view = malloc(sizeof *h->view);
        if (!h->view) {
            fprintf(stderr, PROG ": out of memory\n");
            return 1;
        }
        /* err names the option and the path already ("--stats-json PATH: why"). */
        int src = wb_statsfile_open(&h->stats, o->stats, err, sizeof err);
        if (src < 0) {
            fprintf(stderr, PROG ": %s\n", err);
            return src == WB_ERR_INVAL ? 2 : 1;
        }
        h->stats_open = true;
    }
    uv_timer_start(&h->tick, on_tick, 1000, 1000);
    uint64_t snap_ms = (uint64_t)llround(h->snapshot_s * 1000);
    uv_timer_start(&h->snap_timer, on_snap_timer, snap_ms, snap_ms);
    if (o->exit_after > 0)
        uv_timer_start(&h->exit_timer, on_exit_timer, (uint64_t)(o->exit_after * 1000), 0);
    uv_signal_start(&h->sig_int, on_signal, SIGINT);
    uv_signal_start(&h->sig_term, on_signal, SIGTERM);
    uv_signal_start(&h->sig_hup, on_hup, SIGHUP);
    /* Said once the hub starts (a refused start says only why): which figures it sends. */
    fprintf(stderr, PROG ": snapshots judged by %s%s, time zone %s%s\n",
            config_path ? config_path : "the wallboard's built-in configuration",
            config_path ? "" : " (no --config, $WB_CONFIG or " WB_DEFAULT_CONFIG ")",
            h->cfg.tz[0] ? h->cfg.tz : "UTC", wb_systz_said(tz_system));
    fprintf(stderr, PROG ": %s: %zu publisher endpoint(s), screens on %s (requests on %s)%s%s\n",
            h->id, o->n_connect + o->n_listen, o->bind[0], reply, o->journal ? ", journal " : "",
            o->journal ? o->journal : "");
    return 0;
}

static void close_all(uv_handle_t *hd, void *arg)
{
    (void)arg;
    if (!uv_is_closing(hd))
        uv_close(hd, NULL);
}

int main(int argc, char **argv)
{
    static hub h; /* large: keep it off the stack */
    opts o;
    memset(&o, 0, sizeof o);
    h.keep_days = 7;
    h.snapshot_s = 5;
    h.pub.sock = -1;
    snprintf(h.id, sizeof h.id, "hub");
    /* Until the loop's handler takes over: a SIGHUP while the day is rebuilt is not fatal. */
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    int rc = parse_args(&h, &o, argc, argv);
    if (rc >= 0)
        return rc;
    if (uv_loop_init(&h.loop) != 0)
        return 1;
    wb_snapparts_init(&h.parts);
    uv_timer_init(&h.loop, &h.tick);
    uv_timer_init(&h.loop, &h.snap_timer);
    uv_timer_init(&h.loop, &h.exit_timer);
    uv_signal_init(&h.loop, &h.sig_int);
    uv_signal_init(&h.loop, &h.sig_term);
    uv_signal_init(&h.loop, &h.sig_hup);
    h.tick.data = h.snap_timer.data = h.exit_timer.data = &h;
    h.sig_int.data = h.sig_term.data = &h;

    rc = setup(&h, &o);
    if (rc == 0) {
        uv_run(&h.loop, UV_RUN_DEFAULT);
        rc = h.exit_code;
        wb_board_tick(h.board, hub_now(&h));
        wb_daywarn_log(h.board, PROG, "hub", &h.day_mismatch_logged);
        write_stats(&h, hub_now(&h));
        wb_hubrep_stats rs;
        wb_hubrep_stats_get(h.rep, &rs);
        fprintf(stderr,
                PROG ": forwarded %llu messages, %llu snapshots (%llu parts, %llu not made), "
                     "%llu requests (%llu answers built, %llu requests waited for one, %llu "
                     "not answered), %llu send failures\n",
                (unsigned long long)h.forwarded, (unsigned long long)h.snapshots,
                (unsigned long long)h.pub.parts_sent, (unsigned long long)h.snapshots_failed,
                (unsigned long long)rs.requests, (unsigned long long)rs.built,
                (unsigned long long)rs.waited, (unsigned long long)(rs.dropped + rs.failed),
                (unsigned long long)h.pub.send_failed);
    }
    wb_sub_free(h.sub);
    wb_hubrep_close(h.rep);
    uv_walk(&h.loop, close_all, NULL);
    uv_run(&h.loop, UV_RUN_DEFAULT);
    uv_loop_close(&h.loop);
    if (h.journal_on)
        wb_journal_close(&h.journal);
    if (h.stats_open)
        wb_statsfile_close(&h.stats);
    wb_pub_fini(&h.pub);
    wb_snapparts_fini(&h.parts);
    wb_board_free(h.board);
    free(h.view);
    return rc;
}
