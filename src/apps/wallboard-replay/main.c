/*
 * main.c - wallboard-replay: publishes a journal (a hub's day file or a screen's --record)
 * again, at its own pace or faster, from a chosen time of day.
 *
 * State: the whole file in memory (one buffer and an array of line offsets), a wb_board that
 * follows what has been published (for the snapshots), and one wb_pub. Everything lives in
 * main()'s frame and is released at its end.
 *
 * The board judges the outcomes it counts (answered within T, short abandons, the rates) by a
 * configuration, and its snapshots carry those judged counters, which replace a screen's own.
 * It therefore reads the configuration the wallboard reads (--config, $WB_CONFIG, the system
 * file, else the wallboard's built-in one), so that the replayed day shows what it showed live.
 *
 * --from HH:MM fast-forwards: every line received before that time is applied to the board
 * without being sent, then one snapshot per source stands for all of them. Lines are then
 * sent at the pace of their receive times divided by --speed, up to --to. Snapshots of every
 * source go out every few seconds (so a screen that connects late catches up) and after the
 * end for --linger seconds, so that `wallboard --clock event --connect URL` keeps showing the
 * wall as it was at the end of the replay.
 *
 * PUB/SUB drops what a subscriber cannot take and tells nobody, so two things decide whether a
 * screen receives the whole file. Nothing is sent before a first subscriber is connected (or
 * every --connect endpoint is; --wait bounds the wait): a fixed second's wait lost the head of
 * the day to a screen started later. And nothing goes faster than a subscriber's send buffer
 * a second (pace.h): at --speed 1000 a file with a snapshot every 3 s asks for 7 MB a second,
 * and a screen that paused for a tenth of a second lost messages from nanomsg's default
 * 128 KiB buffer. The buffer asked for is WB_REPLAY_SNDBUF, or the kernel's cap if lower.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "journal.h"
#include "pace.h"
#include "systz.h"
#include "wb_sim.h"
#include "wallclock.h"
#include "wb_pub.h"
#include "wb_snapparts.h"
#include "wb_time.h"

#define PROG "wallboard-replay"
#define MAX_URLS 8
#define SNAPSHOT_EVERY_MS 3000
/*
 * Send buffer asked for on each subscriber's connection, and so the bytes sent a second at
 * most: at a second's pace a screen that pauses for a second loses nothing (pace.h).
 */
#define WB_REPLAY_SNDBUF (4 * 1024 * 1024)
/* nanomsg counts a connection a moment before it takes messages: wait this much more. */
#define SUBSCRIBED_SETTLE_MS 100
/* A wait for subscribers longer than this is said on stderr. */
#define WAIT_SAID_AFTER_MS 1000
/* The pace's hold is said once it puts the replay this far behind the file's own pace. */
#define HELD_SAID_AFTER_MS 1000

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

typedef struct line {
    wb_ms rx;
    size_t off, len;
} line;

typedef struct replay {
    char *text;
    line *lines;
    size_t n, cap;
    wb_journal_read_stats st;
    size_t text_len, text_cap;
} replay;

static void on_line(void *ud, wb_ms rx, const char *msg, size_t len)
{
    replay *r = ud;
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 4096;
        line *nl = realloc(r->lines, nc * sizeof *nl);
        if (!nl)
            return;
        r->lines = nl;
        r->cap = nc;
    }
    if (r->text_len + len > r->text_cap) {
        size_t nc = r->text_cap ? r->text_cap : 1 << 20;
        while (nc < r->text_len + len)
            nc *= 2;
        char *nt = realloc(r->text, nc);
        if (!nt)
            return;
        r->text = nt;
        r->text_cap = nc;
    }
    memcpy(r->text + r->text_len, msg, len);
    r->lines[r->n++] = (line){rx, r->text_len, len};
    r->text_len += len;
}

static void sleep_ms(wb_ms ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The kernel's cap on a socket's send buffer (net.core.wmem_max), or -1 when unknown. */
static long kernel_wmem_max(void)
{
    FILE *f = fopen("/proc/sys/net/core/wmem_max", "r");
    long v = -1;
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

/* Charges to the pace what p sent since *msgs and *bytes were taken, and takes them anew. */
static void charge(wb_pace *pace, const wb_pub *p, uint64_t *msgs, uint64_t *bytes)
{
    wb_pace_sent(pace, wb_mono_ms(), p->sent - *msgs, p->sent_bytes - *bytes);
    *msgs = p->sent;
    *bytes = p->sent_bytes;
}

/*
 * Waits until want subscriber connections are up, for wait_s seconds at most (< 0: for as long
 * as it takes, or until a signal), saying so when it takes a while. where names the endpoints.
 */
static void wait_subscribers(const wb_pub *p, uint64_t want, double wait_s, const char *where,
                             bool binds_only)
{
    wb_ms start = wb_mono_ms(), end = wait_s < 0 ? INT64_MAX : start + (wb_ms)(wait_s * 1000);
    bool said = false;
    uint64_t have;
    while ((have = wb_pub_subscribers(p)) < want && !g_stop) {
        wb_ms now = wb_mono_ms();
        if (now >= end) {
            /* --wait 0 asked for no wait: nothing to say. */
            if (wait_s > 0)
                fprintf(stderr,
                        PROG ": %" PRIu64 " of %" PRIu64 " subscribers after %g s (--wait); "
                             "sending all the same: a screen that connects later misses what "
                             "went before, until the next snapshot (every %d s)\n",
                        have, want, wait_s, SNAPSHOT_EVERY_MS / 1000);
            return;
        }
        if (!said && now - start >= WAIT_SAID_AFTER_MS) {
            if (binds_only)
                fprintf(stderr,
                        PROG ": waiting for a subscriber on %s before sending anything "
                             "(`wallboard --clock event --connect %s`)\n",
                        where, where);
            else
                fprintf(stderr,
                        PROG ": waiting for %" PRIu64 " subscriber connection%s (%s...) before "
                             "sending anything\n",
                        want, want == 1 ? "" : "s", where);
            said = true;
        }
        sleep_ms(10);
    }
    if (g_stop)
        return;
    if (said)
        fprintf(stderr, PROG ": subscribed after %.1f s; sending\n",
                (double)(wb_mono_ms() - start) / 1000.0);
    sleep_ms(SUBSCRIBED_SETTLE_MS);
}

/* Publishes one snapshot of every source the board holds, stamped now (event time). */
static void snapshots(wb_pub *p, wb_board *b, wb_ms now)
{
    wb_model *m = wb_board_model(b);
    for (size_t i = 0; i < wb_model_source_count(m); i++) {
        wb_source_info si;
        wb_model_source_info(m, i, &si);
        wb_pub_snapshot(p, m, si.src, si.last_seq > 0, si.last_seq, now, 0, false, PROG, NULL,
                        NULL);
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " FILE [options]\n"
               "Publishes a journal (wallboard-hub --journal day file, wallboard --record file)\n"
               "again as protocol v1 on a nanomsg PUB socket. Watch it with\n"
               "`wallboard --clock event --connect URL`. It sends at most 4 MiB a second, what\n"
               "it asks for as each subscriber's send buffer, so that a screen that pauses for a\n"
               "second loses nothing (PUB/SUB drops what a subscriber's buffer cannot hold).\n"
               "\n"
               "  --bind URL         publish on URL (default tcp://127.0.0.1:5555); repeatable\n"
               "  --connect URL      connect to a wallboard or hub that listens; repeatable\n"
               "  --speed X          X times faster than it was received (default 1)\n"
               "  --from HH:MM       start there: what came before is sent as one snapshot\n"
               "  --to HH:MM         stop there\n"
               "  --config FILE      wallboard.ini the replayed snapshots judge by (service-level\n"
               "                     threshold, short abandons, time zone); default: $WB_CONFIG,\n"
               "                     else " WB_DEFAULT_CONFIG " if present, else the\n"
               "                     wallboard's built-in configuration; give the screen's file\n"
               "  --tz ZONE          time zone of the day and of --from/--to (default: the\n"
               "                     configuration's timezone, else the system's)\n"
               "  --linger S         after the end, keep sending snapshots for S seconds\n"
               "                     (default: until SIGINT/SIGTERM)\n"
               "  --wait S           send nothing until a subscriber is connected (with\n"
               "                     --connect: every endpoint), for S seconds at most\n"
               "                     (default: no limit)\n"
               "  --help             this text\n"
               "  --version          the program's version\n");
}

enum {
    O_BIND = 256,
    O_CONNECT,
    O_SPEED,
    O_FROM,
    O_TO,
    O_TZ,
    O_LINGER,
    O_WAIT,
    O_CONFIG,
    O_HELP,
    O_VERSION
};

static const struct option LONGOPTS[] = {
    {"config", required_argument, NULL, O_CONFIG},   {"bind", required_argument, NULL, O_BIND},
    {"connect", required_argument, NULL, O_CONNECT}, {"speed", required_argument, NULL, O_SPEED},
    {"from", required_argument, NULL, O_FROM},       {"to", required_argument, NULL, O_TO},
    {"tz", required_argument, NULL, O_TZ},           {"linger", required_argument, NULL, O_LINGER},
    {"wait", required_argument, NULL, O_WAIT},       {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},       {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    const char *binds[MAX_URLS], *connects[MAX_URLS];
    size_t n_bind = 0, n_connect = 0;
    double speed = 1, linger = -1, wait_s = -1;
    int from_min = -1, to_min = -1;
    const char *tz = NULL, *config = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        switch (c) {
        case O_BIND:
        case O_CONNECT:
            if (c == O_BIND
                    ? wb_cli_add_url(PROG, "bind", binds, &n_bind, MAX_URLS, optarg) >= 0
                    : wb_cli_add_url(PROG, "connect", connects, &n_connect, MAX_URLS, optarg) >= 0)
                return 2;
            break;
        case O_SPEED:
            if (!wb_cli_double(optarg, 0.001, 1e6, &speed))
                return wb_cli_bad(PROG, "speed", optarg, "a number from 0.001 to 1000000");
            break;
        case O_FROM:
        case O_TO:
            if (!wb_cli_hhmm(optarg, 24 * 60, c == O_FROM ? &from_min : &to_min))
                return wb_cli_bad(PROG, c == O_FROM ? "from" : "to", optarg,
                                  "HH:MM, 00:00 to 24:00");
            break;
        case O_TZ:
            if (wb_cli_tz(PROG, optarg) != 0)
                return 2;
            tz = optarg;
            break;
        case O_CONFIG:
            config = optarg;
            break;
        case O_LINGER:
            if (!wb_cli_double(optarg, 0, 1e9, &linger))
                return wb_cli_bad(PROG, "linger", optarg, "seconds >= 0");
            break;
        case O_WAIT:
            if (!wb_cli_double(optarg, 0, 1e9, &wait_s))
                return wb_cli_bad(PROG, "wait", optarg, "seconds >= 0");
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
    if (optind != argc - 1) {
        fprintf(stderr, PROG ": give exactly one journal FILE (see --help)\n");
        return 2;
    }
    const char *path = argv[optind];
    if (n_bind + n_connect == 0)
        binds[n_bind++] = "tcp://127.0.0.1:5555";

    replay r = {0};
    wb_board *board = NULL;
    wb_pub pub = {.sock = -1};
    wb_config *cfg = malloc(sizeof *cfg);
    int rc = 1;
    if (!cfg) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    /* The configuration first: a bad file stops the replay before anything is read or sent. */
    const char *config_path;
    if (wb_cli_load_config(cfg, PROG, config, wb_sim_default_config, &config_path) != 0) {
        rc = 2;
        goto done;
    }
    if (tz)
        snprintf(cfg->tz, sizeof cfg->tz, "%s", tz);
    /* Neither --tz nor the file names one: the system's, as the screens use (systz.h). */
    bool tz_system = wb_systz_fill(PROG, cfg->tz, sizeof cfg->tz);
    if (wb_journal_read_named(PROG, path, on_line, &r, &r.st) < 0) {
        fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
        goto done;
    }
    if (r.n == 0) {
        fprintf(stderr, PROG ": %s: no journal lines (%llu bad, %llu torn)\n", path,
                (unsigned long long)r.st.bad, (unsigned long long)r.st.torn);
        goto done;
    }
    board = wb_board_new(cfg);
    if (!board) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    /* Time of day on the day of the first line; the board runs on the events' own time. */
    wb_model_set_event_clock(wb_board_model(board), true);
    wb_ms first = r.lines[0].rx;
    wb_ms from = from_min < 0 ? INT64_MIN : wb_day_at(first, from_min, cfg->tz);
    wb_ms to = to_min < 0 ? INT64_MAX : wb_day_at(first, to_min, cfg->tz);

    if (wb_pub_init(&pub) < 0) {
        fprintf(stderr, PROG ": %s\n", pub.err);
        goto done;
    }
    /* The kernel holds the buffer to its cap without a word: the pace must follow the cap. */
    int sndbuf = WB_REPLAY_SNDBUF;
    long wmem_max = kernel_wmem_max();
    if (wmem_max > 0 && wmem_max < sndbuf)
        sndbuf = (int)wmem_max;
    if (wb_pub_set_sndbuf(&pub, sndbuf) < 0) {
        fprintf(stderr, PROG ": %s\n", pub.err);
        goto done;
    }
    int erc = wb_pub_endpoints(&pub, binds, n_bind, connects, n_connect);
    if (erc < 0) {
        fprintf(stderr, PROG ": --%s\n", pub.err);
        rc = erc == WB_ERR_INVAL ? 2 : 1;
        goto done;
    }
    wb_cli_catch_stop(on_signal);
    /* Said once the replay starts (a refused start says only why): which figures it sends. */
    fprintf(stderr, PROG ": snapshots judged by %s%s, time zone %s%s\n",
            config_path ? config_path : "the wallboard's built-in configuration",
            config_path ? "" : " (no --config, $WB_CONFIG or " WB_DEFAULT_CONFIG ")",
            cfg->tz[0] ? cfg->tz : "UTC", wb_systz_said(tz_system));
    if (sndbuf < WB_REPLAY_SNDBUF)
        fprintf(stderr,
                PROG ": the kernel gives a connection %d bytes of send buffer at most "
                     "(net.core.wmem_max), not %d: sending is held to %d bytes a second, so that "
                     "a screen that pauses for a second loses nothing (`sysctl -w "
                     "net.core.wmem_max=%d` lets it go faster)\n",
                sndbuf, WB_REPLAY_SNDBUF, sndbuf, WB_REPLAY_SNDBUF);
    wb_pace pace;
    wb_pace_init(&pace, sndbuf);
    uint64_t charged_msgs = 0, charged_bytes = 0;

    /* Fast-forward: everything before --from goes into the board only. */
    size_t i = 0;
    for (; i < r.n && r.lines[i].rx < from; i++)
        wb_snapparts_apply_text(board, r.text + r.lines[i].off, r.lines[i].len, r.lines[i].rx);
    size_t skipped = i;
    fprintf(stderr,
            PROG
            ": %s: %zu lines (%llu torn, %llu bad skipped); %zu before --from sent as a snapshot\n",
            path, r.n, (unsigned long long)r.st.torn, (unsigned long long)r.st.bad, skipped);
    /* Every --connect endpoint, and one subscriber of the --bind ones. */
    wait_subscribers(&pub, n_connect + (n_bind > 0), wait_s, n_bind ? binds[0] : connects[0],
                     n_connect == 0);
    wb_model *m = wb_board_model(board);
    wb_ms event_now = wb_model_newest_ts(m);
    if (skipped > 0 && !g_stop) {
        snapshots(&pub, board, event_now);
        charge(&pace, &pub, &charged_msgs, &charged_bytes);
    }

    wb_ms t0 = wb_mono_ms(), rx0 = i < r.n ? r.lines[i].rx : 0, next_snap = t0 + SNAPSHOT_EVERY_MS;
    wb_ms behind = 0; /* how far the pace held the last line back from its time */
    bool held_said = false;
    size_t sent = 0;
    for (; i < r.n && !g_stop && r.lines[i].rx <= to; i++) {
        wb_ms due = t0 + (wb_ms)((double)(r.lines[i].rx - rx0) / speed), go;
        for (;;) {
            wb_ms now = wb_mono_ms();
            go = wb_pace_when(&pace, due);
            if (now >= go || g_stop)
                break;
            if (now >= next_snap) {
                snapshots(&pub, board, wb_model_newest_ts(m));
                charge(&pace, &pub, &charged_msgs, &charged_bytes);
                next_snap = now + SNAPSHOT_EVERY_MS;
                continue;
            }
            sleep_ms(go - now < 50 ? go - now : 50);
        }
        behind = go - due;
        if (!held_said && behind >= HELD_SAID_AFTER_MS) {
            fprintf(stderr,
                    PROG ": at --speed %g the file asks for more than %d bytes a second: held to "
                         "that, what a subscriber's send buffer holds, so that a screen that "
                         "pauses for a second loses nothing; the replay runs behind the file's "
                         "pace\n",
                    speed, sndbuf);
            held_said = true;
        }
        const char *msg = r.text + r.lines[i].off;
        size_t len = r.lines[i].len;
        wb_snapparts_apply_text(board, msg, len, r.lines[i].rx);
        /* A journal line may hold a reassembled snapshot: too big for one message, it is
         * sent as a fresh snapshot of that source from the board. */
        if (len > WB_MAX_MSG_BYTES)
            snapshots(&pub, board, wb_model_newest_ts(m));
        else
            wb_pub_send(&pub, msg, len);
        charge(&pace, &pub, &charged_msgs, &charged_bytes);
        sent++;
    }
    char held[160] = "";
    if (behind >= HELD_SAID_AFTER_MS)
        snprintf(held, sizeof held,
                 " (%.1f s behind the file's pace at --speed %g: held to %d bytes a second)",
                 (double)behind / 1000.0, speed, sndbuf);
    fprintf(stderr, PROG ": sent %zu lines in %.1f s%s\n", sent,
            (double)(wb_mono_ms() - t0) / 1000.0, held);
    /* After the end: the wall as it was at the end, for as long as asked. */
    wb_ms stop_at = linger < 0 ? INT64_MAX : wb_mono_ms() + (wb_ms)(linger * 1000);
    while (!g_stop && wb_mono_ms() < stop_at) {
        snapshots(&pub, board, wb_model_newest_ts(m));
        wb_ms left = stop_at - wb_mono_ms();
        sleep_ms(left < 1000 ? left : 1000);
    }
    rc = 0;
done:
    wb_pub_fini(&pub);
    wb_board_free(board);
    free(r.text);
    free(r.lines);
    free(cfg);
    return rc;
}
