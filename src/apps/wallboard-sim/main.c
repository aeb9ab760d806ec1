/*
 * main.c - wallboard-sim: the contact-center simulator published as protocol v1 on a nanomsg
 * PUB socket, and a load generator (--rate).
 *
 * State: one PUB socket (bound and/or connected to every URL given), one wb_sim engine, the
 * encode buffer, and in --rate mode a FIFO of already encoded messages (one byte buffer plus
 * an array of offsets) that the engine fills ahead of the sender. Everything lives in one
 * struct on main()'s stack and is released at the end of main().
 *
 * Paced mode: the engine is advanced with the monotonic clock every few milliseconds, so
 * simulated time runs --speed times faster than the wall clock.
 * Rate mode: the engine runs on a virtual wall clock, as fast as needed, and the sender sends
 * exactly N messages per second of real time from what it produced: the realistic event mix
 * (heartbeats and snapshots included, with proper seq) at whatever pace gives that rate.
 *
 * The engine's board judges the outcomes it counts (answered within T, short abandons) by a
 * configuration, and its snapshots carry those judged counters, which replace a screen's own.
 * It therefore reads the configuration the wallboard reads (--config, $WB_CONFIG, the system
 * file, else the wallboard's built-in one, which is the simulator's), so that a screen shows
 * its own site's service levels on every snapshot, not the simulator's.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "stats.h"
#include "systz.h"
#include "wallclock.h"
#include "wb_grow.h"
#include "wb_pub.h"
#include "wb_sim.h"
#include "wb_time.h"

#define PROG "wallboard-sim"
#define MAX_URLS 8
/* How far the paced loop sleeps between engine steps. */
#define STEP_NS (10 * 1000 * 1000)
/* In rate mode, the engine's virtual clock moves this much per refill of the FIFO. */
#define RATE_VSTEP_MS 10

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

typedef struct fifo_buf {
    char *bytes;
    size_t len, cap;
    size_t *off; /* start of message i; message i ends at off[i + 1] or len */
    size_t n, cap_off, head;
} fifo_buf;

typedef struct simapp {
    wb_pub pub;
    char *buf; /* WB_MAX_MSG_BYTES + 1 */
    uint64_t sent, send_failed, encode_failed;
    bool rate_mode;
    fifo_buf q;
    bool nomem;
    /* --stats-json: the engine's own board, once a second and at exit */
    FILE *stats;
    wb_board_view *view;
    wb_ms next_stats;
} simapp;

static void send_msg(simapp *a, const char *msg, size_t len)
{
    if (wb_pub_send(&a->pub, msg, len) < 0)
        a->send_failed++;
    else
        a->sent++;
}

static int fifo_push(fifo_buf *q, const char *msg, size_t len)
{
    char *b = wb_grow(q->bytes, &q->cap, q->len + len, 1, 1 << 16);
    if (!b)
        return WB_ERR_NOMEM;
    q->bytes = b;
    size_t *off = wb_grow(q->off, &q->cap_off, q->n + 1, sizeof *off, 1024);
    if (!off)
        return WB_ERR_NOMEM;
    q->off = off;
    q->off[q->n++] = q->len;
    memcpy(q->bytes + q->len, msg, len);
    q->len += len;
    return WB_OK;
}

/* Writes the engine's board as one headless-stats line (same fields as `wallboard`). */
static void write_stats(simapp *a, wb_sim *sim)
{
    if (!a->stats)
        return;
    wb_board *b = wb_sim_board(sim);
    wb_ms now = wb_sim_now(sim);
    wb_board_tick(b, now);
    char *line = wb_stats_json(b, a->view, now, wb_mono_ms(), NULL, -1);
    if (line) {
        fprintf(a->stats, "%s\n", line);
        fflush(a->stats);
        free(line);
    }
}

static void maybe_stats(simapp *a, wb_sim *sim, wb_ms mono_now)
{
    if (a->stats && mono_now >= a->next_stats) {
        write_stats(a, sim);
        a->next_stats = mono_now + 1000;
    }
}

/* The engine's callback: encode, then send now (paced) or keep for the sender (rate). */
static void on_event(void *ud, const wb_event *ev)
{
    simapp *a = ud;
    int len = wb_event_encode(ev, a->buf, WB_MAX_MSG_BYTES + 1);
    if (len < 0) {
        a->encode_failed++;
        return;
    }
    if (!a->rate_mode)
        send_msg(a, a->buf, (size_t)len);
    else if (fifo_push(&a->q, a->buf, (size_t)len) != WB_OK)
        a->nomem = true;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " --bind URL [options]\n"
               "Simulates an omnichannel contact center (phone, chat, email, social, webform)\n"
               "and publishes wallboard protocol v1 events on a nanomsg PUB socket.\n"
               "\n"
               "  --bind URL            listen on URL (tcp://127.0.0.1:5555, ipc:///tmp/wb.ipc);\n"
               "                        repeatable\n"
               "  --connect URL         connect to a wallboard started with --bind; repeatable\n"
               "  --scenario NAME       normal (default), surge, break\n"
               "  --seed N              random seed; the same seed gives the same day\n"
               "                        (default: from the clock, printed at start)\n"
               "  --speed X             simulated time runs X times faster (default 1;\n"
               "                        300 runs a day in under 5 minutes)\n"
               "  --start HH:MM|now     simulated clock at start, today (default 08:00). Events\n"
               "                        carry simulated time: watch with `wallboard --clock\n"
               "                        event`, or use --start now --speed 1 for wall time\n"
               "  --config FILE         wallboard.ini its snapshots judge by (service-level\n"
               "                        threshold, short abandons, time zone); default:\n"
               "                        $WB_CONFIG, else " WB_DEFAULT_CONFIG "\n"
               "                        if present, else the built-in configuration; give the\n"
               "                        screens' file. A channel it lacks is judged by its\n"
               "                        [defaults], as a screen with that file judges it\n"
               "  --tz ZONE             time zone of --start and of the day's profiles\n"
               "                        (default: the configuration's timezone, else the\n"
               "                        system's: TZ, /etc/localtime, else UTC)\n"
               "  --src ID              publisher id in every message (default sim)\n"
               "  --agents N            agents (default 60; volumes scale with it)\n"
               "  --snapshot-every S    seconds between snapshots (default 3; 0 = never)\n"
               "  --rate N              load mode: send exactly N messages per second of the\n"
               "                        simulator's realistic mix, running it as fast as needed;\n"
               "                        prints how many were sent at exit\n"
               "  --duration S          stop after S seconds (default: run until SIGINT/SIGTERM)\n"
               "  --stats-json PATH|-   write what the simulator's own model shows, once a\n"
               "                        second and at exit, as the wallboard's headless stats\n"
               "  --help                this text\n"
               "  --version             the program's version\n");
}

enum {
    O_BIND = 256,
    O_CONNECT,
    O_SCENARIO,
    O_SEED,
    O_SPEED,
    O_START,
    O_TZ,
    O_SRC,
    O_AGENTS,
    O_SNAP,
    O_RATE,
    O_DURATION,
    O_STATS,
    O_CONFIG,
    O_HELP,
    O_VERSION
};

static const struct option LONGOPTS[] = {
    {"bind", required_argument, NULL, O_BIND},
    {"connect", required_argument, NULL, O_CONNECT},
    {"scenario", required_argument, NULL, O_SCENARIO},
    {"seed", required_argument, NULL, O_SEED},
    {"speed", required_argument, NULL, O_SPEED},
    {"start", required_argument, NULL, O_START},
    {"tz", required_argument, NULL, O_TZ},
    {"src", required_argument, NULL, O_SRC},
    {"agents", required_argument, NULL, O_AGENTS},
    {"snapshot-every", required_argument, NULL, O_SNAP},
    {"rate", required_argument, NULL, O_RATE},
    {"duration", required_argument, NULL, O_DURATION},
    {"stats-json", required_argument, NULL, O_STATS},
    {"config", required_argument, NULL, O_CONFIG},
    {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},
    {NULL, 0, NULL, 0},
};

/*
 * Names the simulator's channels that the loaded file does not configure, comma-separated, in
 * out ("" when it configures all five). The simulator publishes them all the same; its board
 * and every screen reading that file then judge them by the file's [defaults]. The file is
 * used as it stands, not laid over the simulator's own channels, because a screen reads it so:
 * over the built-in settings, a channel the file leaves out would be judged one way by the
 * simulator and another way by the screen, which is the fault the file is there to prevent.
 */
static int missing_channels(const wb_config *cfg, char *out, size_t cap)
{
    wb_config *sim_cfg = malloc(sizeof *sim_cfg);
    if (!sim_cfg)
        return WB_ERR_NOMEM;
    wb_sim_default_config(sim_cfg);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sim_cfg->n_channels; i++) {
        const char *name = sim_cfg->channels[i].name;
        if (wb_config_channel_index(cfg, name) >= 0)
            continue;
        int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", name);
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
    free(sim_cfg);
    return WB_OK;
}

static void print_scenarios(FILE *f)
{
    fprintf(f, "scenarios:");
    for (const char *const *s = wb_sim_scenarios(); *s; s++)
        fprintf(f, " %s", *s);
    fprintf(f, "\n");
}

/* The rate loop: sends rate messages per second of real time until told to stop. */
static int run_rate(simapp *a, wb_sim *sim, double rate, double duration_s)
{
    wb_ms t0 = wb_mono_ms();
    wb_ms vwall = t0;
    uint64_t sent0 = a->sent + a->send_failed;
    while (!g_stop) {
        wb_ms now = wb_mono_ms();
        double el = (double)(now - t0) / 1000.0;
        if (duration_s > 0 && el >= duration_s)
            break;
        double due = rate * el - (double)(a->sent + a->send_failed - sent0);
        /* Send what is due, in bursts of at most ~1 ms worth, then look at the clock again. */
        for (double k = 0; k < due && k < rate / 1000.0 + 1; k++) {
            if (a->q.head == a->q.n) {
                a->q.head = a->q.n = a->q.len = 0;
                while (a->q.n == 0 && !a->nomem) {
                    vwall += RATE_VSTEP_MS;
                    if (wb_sim_advance(sim, vwall, on_event, a) < 0)
                        a->nomem = true;
                }
                if (a->nomem) {
                    fprintf(stderr, PROG ": out of memory\n");
                    return 1;
                }
            }
            size_t i = a->q.head++;
            size_t end = i + 1 < a->q.n ? a->q.off[i + 1] : a->q.len;
            send_msg(a, a->q.bytes + a->q.off[i], end - a->q.off[i]);
        }
        maybe_stats(a, sim, now);
        if (due < 1) {
            struct timespec ts = {0, 200 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    return 0;
}

static int run_paced(simapp *a, wb_sim *sim, double duration_s)
{
    wb_ms t0 = wb_mono_ms();
    while (!g_stop) {
        wb_ms now = wb_mono_ms();
        if (duration_s > 0 && (double)(now - t0) >= duration_s * 1000.0)
            break;
        if (wb_sim_advance(sim, now, on_event, a) < 0) {
            fprintf(stderr, PROG ": out of memory\n");
            return 1;
        }
        maybe_stats(a, sim, now);
        struct timespec ts = {0, STEP_NS};
        nanosleep(&ts, NULL);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *bind_urls[MAX_URLS], *connect_urls[MAX_URLS];
    size_t n_bind = 0, n_connect = 0;
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = (uint64_t)wb_wall_ms() ^ ((uint64_t)getpid() << 32);
    int start_min = 8 * 60;
    const char *tz = NULL, *config = NULL;
    const char *stats_path = NULL;
    double rate = 0, duration = 0, d;
    uint64_t u;

    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        switch (c) {
        case O_BIND:
        case O_CONNECT:
            if (c == O_BIND
                    ? wb_cli_add_url(PROG, "bind", bind_urls, &n_bind, MAX_URLS, optarg) >= 0
                    : wb_cli_add_url(PROG, "connect", connect_urls, &n_connect, MAX_URLS, optarg) >=
                          0)
                return 2;
            break;
        case O_SCENARIO:
            o.scenario = optarg;
            break;
        case O_SEED:
            if (!wb_cli_u64(optarg, &u))
                return wb_cli_bad(PROG, "seed", optarg, "a non-negative integer");
            o.seed = u;
            break;
        case O_SPEED:
            if (!wb_cli_double(optarg, 1e-3, 1e7, &d))
                return wb_cli_bad(PROG, "speed", optarg, "a number from 0.001 to 10000000");
            o.speed = d;
            break;
        case O_START:
            if (strcmp(optarg, "now") == 0)
                start_min = -1;
            else if (!wb_cli_hhmm(optarg, 23 * 60 + 59, &start_min))
                return wb_cli_bad(PROG, "start", optarg, "HH:MM, 00:00 to 23:59");
            break;
        case O_TZ:
            if (wb_cli_tz(PROG, optarg) != 0)
                return 2;
            tz = optarg;
            break;
        case O_SRC:
            if (!*optarg || strlen(optarg) > WB_MAX_STR_BYTES ||
                !wb_utf8_valid(optarg, strlen(optarg)))
                return wb_cli_bad(PROG, "src", optarg, "a non-empty UTF-8 id of at most 256 bytes");
            o.src = optarg;
            break;
        case O_AGENTS:
            if (!wb_cli_u64(optarg, &u) || u < 1 || u > 1000)
                return wb_cli_bad(PROG, "agents", optarg, "an integer from 1 to 1000");
            o.n_agents = (int)u;
            break;
        case O_SNAP:
            if (!wb_cli_double(optarg, 0, 86400, &d) || (d > 0 && d < 0.01))
                return wb_cli_bad(PROG, "snapshot-every", optarg, "seconds, 0 or 0.01 to 86400");
            o.snapshot_every_ms = (wb_ms)llround(d * 1000);
            break;
        case O_RATE:
            if (!wb_cli_double(optarg, 1, 1e7, &rate))
                return wb_cli_bad(PROG, "rate", optarg, "messages per second, 1 to 10000000");
            break;
        case O_DURATION:
            if (!wb_cli_double(optarg, 0.001, 1e9, &duration))
                return wb_cli_bad(PROG, "duration", optarg, "seconds > 0");
            break;
        case O_STATS:
            stats_path = optarg;
            break;
        case O_CONFIG:
            config = optarg;
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
    if (n_bind + n_connect == 0) {
        fprintf(stderr, PROG ": give at least one --bind URL (or --connect URL)\n");
        usage(stderr);
        return 2;
    }
    bool known = false;
    for (const char *const *s = wb_sim_scenarios(); *s; s++)
        known |= strcmp(*s, o.scenario) == 0;
    if (!known) {
        fprintf(stderr, PROG ": unknown scenario '%s'; ", o.scenario);
        print_scenarios(stderr);
        return 2;
    }
    /*
     * In rate mode the engine's clock is virtual; unless told otherwise it runs about as many
     * simulated seconds per virtual second as there are messages per second of the whole-day
     * average (roughly one message per three simulated seconds), so snapshots still come
     * about every --snapshot-every seconds of real time.
     */
    bool speed_given = false;
    for (int i = 1; i < argc; i++)
        speed_given |= strcmp(argv[i], "--speed") == 0 || strncmp(argv[i], "--speed=", 8) == 0;
    if (rate > 0 && !speed_given)
        o.speed = rate * 3;

    wb_config *cfg = malloc(sizeof *cfg);
    simapp a = {.pub.sock = -1, .rate_mode = rate > 0};
    a.buf = malloc(WB_MAX_MSG_BYTES + 1);
    wb_sim *sim = NULL;
    int rc = 1;
    char missing[256] = "";
    if (!cfg || !a.buf) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    /* The configuration first: a bad file stops the simulator before anything is sent. */
    const char *config_path;
    if (wb_cli_load_config(cfg, PROG, config, wb_sim_default_config, &config_path) != 0) {
        rc = 2;
        goto done;
    }
    if (config_path && missing_channels(cfg, missing, sizeof missing) < 0) {
        fprintf(stderr, PROG ": out of memory\n");
        goto done;
    }
    if (tz)
        snprintf(cfg->tz, sizeof cfg->tz, "%s", tz);
    /* Neither --tz nor the file names one: the system's, as the screens use (systz.h). */
    bool tz_system = wb_systz_fill(PROG, cfg->tz, sizeof cfg->tz);
    tz = cfg->tz;
    o.cfg = cfg;
    wb_ms now_real = wb_wall_ms();
    o.start = start_min < 0 ? now_real : wb_day_at(now_real, start_min, tz);

    /* Contact ids must not repeat after a restart: receivers drop ids they have seen. */
    char run_id[24];
    snprintf(run_id, sizeof run_id, "r%llx-", (unsigned long long)(now_real % 0xfffffffffULL));
    o.run_id = run_id;

    sim = wb_sim_new(&o);
    if (!sim) {
        fprintf(stderr, PROG ": cannot start the simulator (bad options or out of memory)\n");
        goto done;
    }

    if (stats_path) {
        a.view = malloc(sizeof *a.view);
        a.stats = strcmp(stats_path, "-") == 0 ? stdout : fopen(stats_path, "w");
        if (!a.view || !a.stats) {
            fprintf(stderr, PROG ": --stats-json %s: %s\n", stats_path, strerror(errno));
            goto done;
        }
    }

    if (wb_pub_init(&a.pub) < 0) {
        fprintf(stderr, PROG ": %s\n", a.pub.err);
        goto done;
    }
    /* A URL that cannot be used as written is a usage error (2), a socket that fails is 1. */
    int erc = wb_pub_endpoints(&a.pub, bind_urls, n_bind, connect_urls, n_connect);
    if (erc < 0) {
        fprintf(stderr, PROG ": --%s\n", a.pub.err);
        rc = erc == WB_ERR_INVAL ? 2 : 1;
        goto done;
    }
    wb_cli_catch_stop(on_signal);

    /* Said once the simulator starts (a refused start says only why): which figures it sends. */
    fprintf(stderr, PROG ": snapshots judged by %s%s, time zone %s%s\n",
            config_path ? config_path : "the wallboard's built-in configuration",
            config_path ? "" : " (no --config, $WB_CONFIG or " WB_DEFAULT_CONFIG ")",
            tz[0] ? tz : "UTC", wb_systz_said(tz_system));
    if (missing[0])
        fprintf(stderr,
                PROG ": %s not in %s: judged by its [defaults], as a screen with that file "
                     "judges them\n",
                missing, config_path);
    struct tm tm;
    wb_localtime(o.start, tz, &tm);
    fprintf(stderr,
            PROG ": scenario %s, seed %llu, speed %g, src %s, %d agents, start %04d-%02d-%02d "
                 "%02d:%02d %s, snapshot every %g s, ids %s*",
            o.scenario, (unsigned long long)o.seed, o.speed, o.src, o.n_agents, tm.tm_year + 1900,
            tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tz[0] ? tz : "UTC",
            (double)o.snapshot_every_ms / 1000.0, run_id);
    if (rate > 0)
        fprintf(stderr, ", rate %g msg/s", rate);
    fprintf(stderr, "\n");

    wb_ms t0 = wb_mono_ms();
    rc = rate > 0 ? run_rate(&a, sim, rate, duration) : run_paced(&a, sim, duration);
    double el = (double)(wb_mono_ms() - t0) / 1000.0;

    /* nanomsg sends in the background: give the last messages a moment to leave. */
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);

    write_stats(&a, sim);
    wb_sim_stats st;
    wb_sim_stats_get(sim, &st);
    fprintf(stderr,
            PROG ": sent %llu messages in %.1f s (%.0f/s), %llu send failures, %llu not "
                 "encodable; simulated until %lld; contacts offered %llu, answered %llu, "
                 "abandoned %llu; snapshots %llu (largest %zu bytes, %llu trimmed, %llu too big "
                 "to send)\n",
            (unsigned long long)a.sent, el, el > 0 ? (double)a.sent / el : 0.0,
            (unsigned long long)a.send_failed, (unsigned long long)a.encode_failed,
            (long long)wb_sim_now(sim), (unsigned long long)st.offered,
            (unsigned long long)st.answered, (unsigned long long)st.abandoned,
            (unsigned long long)st.by_type[WB_EV_SNAPSHOT], st.snapshot_max_bytes,
            (unsigned long long)st.snapshots_trimmed, (unsigned long long)st.snapshots_dropped);
    if (rate > 0)
        printf("sent %llu\n", (unsigned long long)a.sent);
done:
    wb_pub_fini(&a.pub);
    if (a.stats && a.stats != stdout)
        fclose(a.stats);
    free(a.view);
    wb_sim_free(sim);
    free(a.q.bytes);
    free(a.q.off);
    free(a.buf);
    free(cfg);
    return rc;
}
