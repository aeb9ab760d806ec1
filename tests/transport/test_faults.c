/*
 * test_faults.c - the fault suite's full-rate parts: this process is the publisher (a PUB
 * socket fed by the simulator engine, whose own board is the "publisher's own model"), and
 * the real `wallboard` binary, started as a child process with --headless --stats-json, is
 * the subscriber. Its stats lines are read back with cJSON and compared with the engine's
 * board. nanocat and wallboard-sim cannot do what these need: send at full rate and then go
 * on normally within the same run (same src, same seq), or mix malformed messages into it.
 *
 *   1. bursts that overrun the subscriber: the engine runs as fast as it can (whether that
 *      overruns this machine's wallboard is printed), then again with the wallboard stopped
 *      by SIGSTOP (overrun on any machine), then at a modest pace with snapshots; the
 *      wallboard has counted gaps and marked the source resyncing, and after the next
 *      snapshot its numbers equal the engine's again.
 *   2. a flood of malformed messages of every kind at full rate, mixed into a valid stream:
 *      no crash, every kind refused under its reason, no growth of the wallboard's resident
 *      memory during the flood, and the valid numbers equal the engine's afterwards.
 *
 * Each test polls the wallboard's stats file with generous timeouts. Figures (messages,
 * losses, resident memory) are printed, never asserted against a speed. The child is killed
 * by its pid in the teardown, whatever the outcome.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_board.h"
#include "wb_sim.h"
#include "wb_time.h"
#include "test_clock.h"
#include "test_proc.h"

#define SRC "faults"
#define TIMEOUT_MS 60000
/* Pace of the valid stream outside the burst: the wallboard keeps up with it under ASan. */
#define CALM_RATE 2000
/* The engine's snapshots come every this many engine-wall ms; with SPEED and the surge's
 * volume that is a snapshot about every 1000 messages, about twice a second when calm. */
#define SNAP_EVERY_MS 100
#define SPEED 6000.0
#define AGENTS 150

static char tmpdir[64];
static char wb_path[600];
static char tz[32]; /* see pick_tz() */

/*
 * A receiver refuses event times more than WB_MAX_FUTURE_MS ahead of its newest tick (the wall
 * clock until the first event arrives), "today" starts at local midnight, and a burst runs
 * simulated time many hours ahead. So both sides use a fixed-offset zone in which it is now
 * about 22:00: the simulated day can start in the morning and run until 15:00 without reaching
 * the future or the next day, whatever the time the test runs at. Etc/GMT-N is UTC+N (POSIX
 * sign).
 */
static void pick_tz(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    int n = 22 - tm.tm_hour;
    if (n > 14)
        n -= 24;
    snprintf(tz, sizeof tz, "Etc/GMT%c%d", n >= 0 ? '-' : '+', n >= 0 ? n : -n);
}

typedef struct harness {
    pid_t pid; /* the wallboard child, 0 when not running */
    char url[160], stats[160], err[160], cfg[160];
    int sock;
    wb_sim *sim;
    wb_config simcfg;
    char *buf;
    wb_ms vwall;   /* the engine's wall clock, which this test drives */
    bool burst;    /* snapshots are withheld (see test_burst) */
    uint64_t sent; /* valid messages sent */
    uint64_t withheld;
    uint64_t seq_last_snap; /* seq of the last snapshot sent */
    uint64_t snaps_sent;
    wb_board_view *view;
} harness;

static harness *current; /* for the teardown */

/* ---------------------------------------------------------------- the wallboard child */

/* Starts the real wallboard: headless, event clock, subscribed to h->url. */
static void spawn_wallboard(harness *h, const char *asan_extra)
{
    FILE *f = fopen(h->cfg, "w");
    assert_non_null(f);
    fprintf(f, "[wallboard]\nsite = Fault suite\nstale_after_s = 30\ntimezone = %s\n", tz);
    fclose(f);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(h->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nul = open("/dev/null", O_WRONLY);
        if (fd < 0 || nul < 0)
            _exit(127);
        dup2(fd, 2);
        dup2(nul, 1);
        if (asan_extra) {
            const char *old = getenv("ASAN_OPTIONS");
            char opts[512];
            snprintf(opts, sizeof opts, "%s%s%s", old ? old : "", old && *old ? ":" : "",
                     asan_extra);
            setenv("ASAN_OPTIONS", opts, 1);
        }
        char *argv[] = {wb_path,        "--headless", "--config", h->cfg,         "--clock",
                        "event",        "--connect",  h->url,     "--stats-json", h->stats,
                        "--exit-after", "300",        NULL};
        execv(wb_path, argv);
        _exit(127);
    }
    h->pid = pid;
}

/* Ends the child with SIGTERM; returns its exit status (-1 if it had to be killed). */
static int stop_wallboard(harness *h)
{
    if (h->pid <= 0)
        return -1;
    kill(h->pid, SIGTERM);
    int status = 0;
    wb_ms end = test_mono_ms() + TIMEOUT_MS;
    pid_t r;
    while ((r = waitpid(h->pid, &status, WNOHANG)) == 0 && test_mono_ms() < end)
        test_sleep_ms(20);
    if (r == 0) {
        kill(h->pid, SIGKILL);
        waitpid(h->pid, &status, 0);
        h->pid = 0;
        return -1;
    }
    h->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool child_alive(harness *h)
{
    int status;
    return h->pid > 0 && waitpid(h->pid, &status, WNOHANG) == 0;
}

/* The whole file as a string (NULL if absent); the caller frees it. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap + 1);
    size_t n;
    while (s && (n = fread(s + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *g = realloc(s, cap * 2 + 1);
            if (!g) {
                free(s);
                s = NULL;
                break;
            }
            s = g;
            cap *= 2;
        }
    }
    fclose(f);
    if (s)
        s[len] = '\0';
    return s;
}

/* The newest complete line of the stats file, parsed; NULL if there is none yet. */
static cJSON *last_stats(harness *h)
{
    char *s = slurp(h->stats);
    if (!s)
        return NULL;
    char *end = strrchr(s, '\n');
    cJSON *j = NULL;
    if (end) {
        *end = '\0';
        char *start = strrchr(s, '\n');
        j = cJSON_Parse(start ? start + 1 : s);
    }
    free(s);
    return j;
}

static double num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static const cJSON *source(const cJSON *d, const char *src)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "sources"))
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(s, "src");
        if (cJSON_IsString(n) && strcmp(n->valuestring, src) == 0)
            return s;
    }
    return NULL;
}

/* The child's stderr holds no sanitizer report. */
static void assert_no_sanitizer_report(harness *h)
{
    char *s = slurp(h->err);
    assert_non_null(s);
    bool bad = strstr(s, "Sanitizer") || strstr(s, "runtime error:");
    if (bad)
        fprintf(stderr, "wallboard stderr:\n%s\n", s);
    free(s);
    assert_false(bad);
}

/* ---------------------------------------------------------------- the publisher */

static void on_emit(void *ud, const wb_event *ev)
{
    harness *h = ud;
    /*
     * During the burst the engine's snapshots are not sent: a snapshot is one more message
     * that PUB may drop anyway, and withholding them keeps the wallboard from resyncing before
     * the burst is over, so that "resyncing after the burst" is certain instead of likely.
     * Each withheld snapshot is a seq the wallboard counts as missed; messages lost by the
     * transport are the missed ones beyond those.
     */
    if (ev->type == WB_EV_SNAPSHOT && h->burst) {
        h->withheld++;
        return;
    }
    int n = wb_event_encode(ev, h->buf, WB_MAX_MSG_BYTES + 1);
    assert_true(n > 0);
    if (nn_send(h->sock, h->buf, (size_t)n, 0) == n)
        h->sent++;
    if (ev->type == WB_EV_SNAPSHOT) {
        h->seq_last_snap = ev->seq;
        h->snaps_sent++;
    }
}

/* Advances the engine by one engine-wall ms, sending what it emits; returns the count. */
static int step(harness *h)
{
    h->vwall++;
    int n = wb_sim_advance(h->sim, h->vwall, on_emit, h);
    assert_true(n >= 0);
    /* The receiver would refuse it: a mistake in this test's pacing, not in the wallboard. */
    if (wb_sim_now(h->sim) > test_real_ms())
        fail_msg("simulated time ran into the future");
    return n;
}

static uint64_t engine_seq(harness *h)
{
    wb_sim_stats st;
    wb_sim_stats_get(h->sim, &st);
    return st.messages;
}

static harness *harness_new(const char *name)
{
    harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    current = h;
    snprintf(h->url, sizeof h->url, "ipc://%s/%s.ipc", tmpdir, name);
    snprintf(h->stats, sizeof h->stats, "%s/%s.jsonl", tmpdir, name);
    snprintf(h->err, sizeof h->err, "%s/%s.err", tmpdir, name);
    snprintf(h->cfg, sizeof h->cfg, "%s/%s.ini", tmpdir, name);
    h->buf = malloc(WB_MAX_MSG_BYTES + 1);
    h->view = malloc(sizeof *h->view);
    assert_non_null(h->buf);
    assert_non_null(h->view);
    h->sock = nn_socket(AF_SP, NN_PUB);
    assert_true(h->sock >= 0);
    assert_true(nn_bind(h->sock, h->url) >= 0);

    /* The surge scenario from 06:00 today in the zone of pick_tz(): queues build up and
     * customers abandon. */
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = 20261125;
    o.speed = SPEED;
    o.scenario = "surge";
    o.src = SRC;
    o.run_id = name;
    wb_sim_default_config(&h->simcfg);
    snprintf(h->simcfg.tz, sizeof h->simcfg.tz, "%s", tz);
    o.cfg = &h->simcfg;
    o.start = wb_day_start(test_real_ms(), tz) + 6LL * 3600 * 1000;
    o.n_agents = AGENTS;
    o.snapshot_every_ms = SNAP_EVERY_MS;
    h->sim = wb_sim_new(&o);
    assert_non_null(h->sim);
    h->vwall = 1000000;
    return h;
}

static void harness_free(harness *h)
{
    if (!h)
        return;
    if (h->pid > 0) {
        kill(h->pid, SIGKILL);
        waitpid(h->pid, NULL, 0);
    }
    if (h->sock >= 0)
        nn_close(h->sock);
    unlink(h->stats);
    unlink(h->err);
    unlink(h->cfg);
    wb_sim_free(h->sim);
    free(h->buf);
    free(h->view);
    free(h);
    if (current == h)
        current = NULL;
}

/* Waits until the wallboard is connected (its stats say so), sending heartbeat-free time. */
static void wait_connected(harness *h)
{
    wb_ms end = test_mono_ms() + TIMEOUT_MS;
    for (;;) {
        assert_true(child_alive(h));
        cJSON *d = last_stats(h);
        const cJSON *t = d ? cJSON_GetObjectItemCaseSensitive(d, "transport") : NULL;
        bool ok = t && num(t, "connections") >= 1;
        cJSON_Delete(d);
        if (ok)
            return;
        assert_true(test_mono_ms() < end);
        test_sleep_ms(50);
    }
}

/* Sends the valid stream at CALM_RATE for ms milliseconds (and at least until snaps more
 * snapshots went out), calling between() every millisecond or so if given. */
static void calm(harness *h, wb_ms ms, uint64_t snaps, void (*between)(harness *, void *), void *ud)
{
    wb_ms t0 = test_mono_ms();
    uint64_t sent0 = h->sent, snaps0 = h->snaps_sent;
    for (;;) {
        wb_ms el = test_mono_ms() - t0;
        if (el >= ms && h->snaps_sent - snaps0 >= snaps)
            break;
        assert_true(el < TIMEOUT_MS);
        while (h->sent - sent0 < (uint64_t)(CALM_RATE * (el + 1) / 1000))
            step(h);
        if (between)
            between(h, ud);
        else
            test_sleep_ms(1);
    }
}

/* Waits until the wallboard's received count stops moving (what nanomsg buffered is
 * drained); returns the last stats line. */
static cJSON *wait_drained(harness *h)
{
    wb_ms end = test_mono_ms() + TIMEOUT_MS;
    double prev = -1;
    for (;;) {
        test_sleep_ms(1200); /* longer than the 1 s between stats lines */
        cJSON *d = last_stats(h);
        assert_non_null(d);
        double r = num(d, "received");
        if (r == prev)
            return d;
        prev = r;
        cJSON_Delete(d);
        assert_true(test_mono_ms() < end);
    }
}

/* One value shown by both: the wallboard's (from its stats) and the engine's. */
typedef struct cmp_val {
    const char *what;
    double wb, pub;
} cmp_val;

/*
 * Waits until the wallboard has seen the engine's last message with the source not
 * resyncing, then compares every channel the engine knows: waiting, today's answered,
 * abandoned, short abandoned and completed, and the agents by state. Both sides are looked at
 * at the same "now": the newest event time (the wallboard runs with --clock event). SL-in-T
 * counts are left out: the engine's channels have the simulator's settings, the wallboard's
 * its (default) configuration, so T may differ.
 */
static void assert_same_numbers(harness *h)
{
    uint64_t want = engine_seq(h);
    wb_ms end = test_mono_ms() + TIMEOUT_MS;
    cJSON *d = NULL;
    for (;;) {
        assert_true(child_alive(h));
        d = last_stats(h);
        const cJSON *s = d ? source(d, SRC) : NULL;
        if (s && num(s, "last_seq") == (double)want && num(d, "resyncing") == 0)
            break;
        if (test_mono_ms() > end) {
            wb_sim_stats st;
            wb_sim_stats_get(h->sim, &st);
            char *t = d ? cJSON_PrintUnformatted(d) : NULL;
            fprintf(stderr,
                    "the wallboard never caught up with seq %llu: its last_seq %.0f, received "
                    "%.0f, resyncing %.0f, transport %s; snapshots sent %llu, dropped as too "
                    "big %llu\n",
                    (unsigned long long)want, s ? num(s, "last_seq") : -1,
                    d ? num(d, "received") : -1, d ? num(d, "resyncing") : -1, t ? t : "?",
                    (unsigned long long)h->snaps_sent, (unsigned long long)st.snapshots_dropped);
            free(t);
            cJSON_Delete(d);
            fail();
        }
        cJSON_Delete(d);
        test_sleep_ms(100);
    }
    wb_board *b = wb_sim_board(h->sim);
    wb_ms now = wb_model_newest_ts(wb_board_model(b));
    wb_board_tick(b, now);
    wb_board_view_fill(b, now, now, h->view);
    static const char *const AGENT[WB_AGENT_NSTATES] = {"offline", "available", "busy", "wrapup",
                                                        "paused"};
    int compared = 0, differ = 0;
    uint64_t answered = 0, abandoned = 0;
    for (size_t i = 0; i < h->view->n_channels; i++) {
        const wb_channel_metrics *m = &h->view->ch[i].m;
        if (!m->had_data)
            continue;
        const cJSON *c = NULL, *x;
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(d, "channels"))
        {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(x, "channel");
            if (cJSON_IsString(n) && strcmp(n->valuestring, m->name) == 0)
                c = x;
        }
        if (!c) {
            fprintf(stderr, "channel %s missing on the wallboard\n", m->name);
            differ++;
            continue;
        }
        const cJSON *today = cJSON_GetObjectItemCaseSensitive(c, "today");
        const cJSON *ag = cJSON_GetObjectItemCaseSensitive(c, "agents");
        cmp_val v[5 + WB_AGENT_NSTATES] = {
            {"waiting", num(c, "waiting"), m->waiting},
            {"today.answered", num(today, "answered"), m->today.c.answered},
            {"today.abandoned", num(today, "abandoned"), m->today.c.abandoned},
            {"today.short_abandoned", num(today, "short_abandoned"), m->today.c.short_abandoned},
            {"today.completed", num(today, "completed"), m->today.c.completed},
        };
        for (int k = 0; k < WB_AGENT_NSTATES; k++)
            v[5 + k] = (cmp_val){AGENT[k], num(ag, AGENT[k]), m->agents[k]};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            compared++;
            if (v[k].wb != v[k].pub) {
                differ++;
                fprintf(stderr, "%s.%s: wallboard %.0f, publisher %.0f\n", m->name, v[k].what,
                        v[k].wb, v[k].pub);
            }
        }
        answered += m->today.c.answered;
        abandoned += m->today.c.abandoned;
    }
    cJSON_Delete(d);
    printf("  numbers: %d values compared after seq %llu, %d differ (today answered %llu, "
           "abandoned %llu)\n",
           compared, (unsigned long long)want, differ, (unsigned long long)answered,
           (unsigned long long)abandoned);
    assert_true(compared >= 2 * (5 + WB_AGENT_NSTATES));
    assert_int_equal(differ, 0);
}

/* ---------------------------------------------------------------- tests */

static int teardown(void **state)
{
    harness_free(current);
    return 0;
}

typedef struct burst_result {
    uint64_t msgs; /* messages the engine produced */
    wb_ms ms;      /* how long it took */
    uint64_t lost; /* seqs the wallboard missed beyond the withheld snapshots */
} burst_result;

/*
 * Runs the engine at full speed until sim_until (or 3 s), sending everything at once except
 * snapshots: a snapshot is one more message that PUB may drop anyway, and withholding them
 * keeps the wallboard from resyncing before the burst is over, so that "resyncing after the
 * burst" is certain instead of likely. Each withheld snapshot is one seq the wallboard counts
 * as missed; what it missed beyond those was lost in transport. With stall, the wallboard is
 * stopped with SIGSTOP for the burst. Returns after the wallboard drained its buffers.
 */
static burst_result burst(harness *h, wb_ms sim_until, bool stall)
{
    cJSON *d0 = last_stats(h);
    assert_non_null(d0);
    const cJSON *s0 = source(d0, SRC);
    double missed0 = s0 ? num(s0, "missed") : 0;
    cJSON_Delete(d0);
    uint64_t withheld0 = h->withheld, seq0 = engine_seq(h);

    if (stall)
        assert_int_equal(kill(h->pid, SIGSTOP), 0);
    h->burst = true;
    wb_ms t0 = test_mono_ms();
    while (test_mono_ms() - t0 < 3000 && wb_sim_now(h->sim) < sim_until)
        for (int i = 0; i < 64; i++)
            step(h);
    burst_result r = {.msgs = engine_seq(h) - seq0, .ms = test_mono_ms() - t0};
    if (stall)
        assert_int_equal(kill(h->pid, SIGCONT), 0);
    cJSON_Delete(wait_drained(h));
    /* A gap at the very end of a burst shows only with the next message: send a trickle (still
     * without snapshots) once the wallboard has drained its buffers, and count it in. */
    uint64_t sent1 = h->sent;
    while (h->sent - sent1 < 20)
        step(h);
    h->burst = false;
    r.msgs = engine_seq(h) - seq0;

    cJSON *d = wait_drained(h);
    assert_true(child_alive(h));
    const cJSON *s = source(d, SRC);
    assert_non_null(s);
    double missed = num(s, "missed") - missed0;
    double withheld = (double)(h->withheld - withheld0);
    cJSON_Delete(d);
    /* Every withheld snapshot is missed; nothing is missed that was not sent in the burst. */
    assert_true(missed >= withheld);
    assert_true(missed <= (double)r.msgs);
    r.lost = (uint64_t)(missed - withheld);
    if (r.ms < 1)
        r.ms = 1;
    return r;
}

/* Bursts at full speed, then the same run at a calm pace with snapshots. */
static void test_burst(void **state)
{
    if (access(wb_path, X_OK) != 0) {
        printf("  %s not built: skipped\n", wb_path);
        skip();
    }
    harness *h = harness_new("burst");
    spawn_wallboard(h, NULL);
    wait_connected(h);
    calm(h, 1000, 1, NULL, NULL);
    assert_same_numbers(h);

    /*
     * Two bursts, the engine as fast as it runs and every message sent at once, each for at
     * most 3 s or until simulated time reaches 10:30 and 15:00 (the calm part after them then
     * stays in the busy afternoon, where seconds of messages are minutes of simulated time).
     * The first one shows whether this machine overruns the wallboard on its own (printed,
     * not asserted: a fast machine keeps up); during the second the wallboard is stopped
     * (SIGSTOP, as a slow kiosk or a long stall would be), so it is overrun on any machine.
     */
    wb_ms day = wb_day_start(test_real_ms(), tz);
    burst_result r1 = burst(h, day + 10LL * 3600 * 1000 + 30LL * 60 * 1000, false);
    printf("  burst 1: %llu messages in %lld ms (%.0f/s), %llu lost in transport -> %s\n",
           (unsigned long long)r1.msgs, (long long)r1.ms, r1.msgs * 1000.0 / (double)r1.ms,
           (unsigned long long)r1.lost, r1.lost > 0 ? "OVERRUN" : "no overrun (kept up)");
    burst_result r2 = burst(h, day + 15LL * 3600 * 1000, true);
    printf("  burst 2 (wallboard stopped): %llu messages in %lld ms, %llu lost in transport\n",
           (unsigned long long)r2.msgs, (long long)r2.ms, (unsigned long long)r2.lost);

    cJSON *d = last_stats(h);
    assert_non_null(d);
    const cJSON *s = source(d, SRC);
    assert_non_null(s);
    printf("  wallboard after the bursts: received %.0f of %llu sent, %.0f gaps, %.0f missed, "
           "%llu snapshots withheld, refused %.0f\n",
           num(d, "received"), (unsigned long long)h->sent, num(s, "gaps"), num(s, "missed"),
           (unsigned long long)h->withheld, num(d, "refused"));
    assert_true(r2.lost > 0);
    assert_true(num(s, "gaps") >= 1);
    /* No snapshot since the gaps: the source is resyncing, and says so on every channel. */
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "resyncing")));
    assert_true(num(d, "resyncing") == 1);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(d, "channels"))
    {
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "had_data")))
            assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "resyncing")));
    }
    assert_true(num(d, "refused") == 0);
    cJSON_Delete(d);

    /* The same run goes on normally: after its next snapshot the numbers are right again. */
    calm(h, 1000, 2, NULL, NULL);
    assert_same_numbers(h);
    assert_int_equal(stop_wallboard(h), 0);
    assert_no_sanitizer_report(h);
}

/* The malformed messages of the flood, one per refusal reason (see wb_types.h). */
typedef struct bad_msg {
    const char *reason; /* the key in the stats' refused_by_reason */
    char *bytes;
    size_t len;
    unsigned every; /* sent once every this many flood messages */
} bad_msg;

enum { N_BAD = 8 };

typedef struct flood {
    bad_msg bad[N_BAD];
    uint64_t n, sent[N_BAD];
    long rss_early_kb, rss_late_kb, rss_max_kb;
} flood;

static void flood_init(flood *f)
{
    memset(f, 0, sizeof *f);
    static const struct {
        const char *reason, *text;
    } T[] = {
        {"bad_json", "{\"v\":1,\"type\":\"contact.queued\",\"ts\":17000"},
        {"bad_version",
         "{\"v\":2,\"type\":\"heartbeat\",\"ts\":1700000000000,\"src\":\"" SRC "\"}"},
        {"missing_field", "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"src\":\"" SRC
                          "\",\"channel\":\"phone\"}"},
        {"wrong_type", "{\"v\":1,\"type\":\"contact.queued\",\"ts\":\"soon\",\"id\":\"x1\","
                       "\"channel\":\"phone\"}"},
        {"bad_value", "{\"v\":1,\"type\":\"agent.state\",\"ts\":1700000000000,\"agent\":\"a1\","
                      "\"state\":\"asleep\",\"channels\":[\"phone\"]}"},
        {"bad_utf8", "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"id\":\"x\xff\","
                     "\"channel\":\"phone\"}"},
    };
    size_t k = 0;
    for (; k < sizeof T / sizeof T[0]; k++) {
        f->bad[k].reason = T[k].reason;
        f->bad[k].bytes = strdup(T[k].text);
        f->bad[k].len = strlen(T[k].text);
        f->bad[k].every = 1;
        assert_non_null(f->bad[k].bytes);
    }
    /* A 300-byte id: over the 256-byte string limit. */
    char *s = malloc(512);
    assert_non_null(s);
    int n = snprintf(s, 512,
                     "{\"v\":1,\"type\":\"contact.queued\",\"ts\":1700000000000,\"id\":\"%0300d\","
                     "\"channel\":\"phone\"}",
                     7);
    f->bad[k++] = (bad_msg){"string_too_long", s, (size_t)n, 1};
    /* 64 KiB + 1 of otherwise valid JSON; sent rarely, or it would be the whole flood. */
    size_t big = WB_MAX_MSG_BYTES + 1;
    char *b = malloc(big);
    assert_non_null(b);
    const char *head = "{\"v\":1,\"type\":\"heartbeat\",\"ts\":1700000000000,\"pad\":\"";
    memset(b, 'p', big);
    memcpy(b, head, strlen(head));
    memcpy(b + big - 2, "\"}", 2);
    f->bad[k++] = (bad_msg){"too_big", b, big, 500};
    assert_int_equal(k, N_BAD);
}

static void flood_fini(flood *f)
{
    for (int k = 0; k < N_BAD; k++)
        free(f->bad[k].bytes);
}

/* Between two valid messages: a batch of malformed ones, as fast as nn_send takes them. */
static void flood_batch(harness *h, void *ud)
{
    flood *f = ud;
    for (int i = 0; i < 200; i++) {
        int k = (int)(f->n % N_BAD);
        uint64_t round = f->n / N_BAD;
        f->n++;
        if (round % f->bad[k].every != 0)
            continue;
        if (nn_send(h->sock, f->bad[k].bytes, f->bad[k].len, 0) >= 0)
            f->sent[k]++;
    }
    long kb = test_rss_kib(h->pid);
    if (kb > f->rss_max_kb)
        f->rss_max_kb = kb;
}

static void test_flood(void **state)
{
    if (access(wb_path, X_OK) != 0) {
        printf("  %s not built: skipped\n", wb_path);
        skip();
    }
    harness *h = harness_new("flood");
    /*
     * AddressSanitizer keeps freed blocks in a quarantine (256 MB by default) before reusing
     * them, so under ASan the resident size grows with every free until the quarantine is
     * full, leak or no leak. A small quarantine keeps that growth bounded (8 MB) and small
     * against the tolerance below; a plain build ignores the variable.
     */
    spawn_wallboard(h, "quarantine_size_mb=8");
    wait_connected(h);
    calm(h, 1000, 1, NULL, NULL);
    assert_same_numbers(h);
    cJSON *d0 = last_stats(h);
    assert_non_null(d0);
    double received0 = num(d0, "received");
    cJSON_Delete(d0);

    flood f;
    flood_init(&f);
    /* Warm-up: the first 2 s of the flood fill the buffers and caches that stay. */
    calm(h, 2000, 0, flood_batch, &f);
    f.rss_early_kb = test_rss_kib(h->pid);
    calm(h, 6000, 0, flood_batch, &f);
    f.rss_late_kb = test_rss_kib(h->pid);
    uint64_t bad_sent = 0;
    for (int k = 0; k < N_BAD; k++)
        bad_sent += f.sent[k];
    assert_true(child_alive(h));

    /* Then the valid stream alone, until after its next snapshots. */
    calm(h, 1000, 2, NULL, NULL);
    assert_same_numbers(h);

    cJSON *d = last_stats(h);
    assert_non_null(d);
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(d, "refused_by_reason");
    double refused = num(d, "refused"), received = num(d, "received") - received0;
    printf("  flood: %llu malformed messages sent in 8 s with %llu valid ones; the wallboard "
           "received %.0f, refused %.0f\n  refused by reason:",
           (unsigned long long)bad_sent, (unsigned long long)h->sent, received, refused);
    for (int k = 0; k < N_BAD; k++)
        printf(" %s %.0f/%llu", f.bad[k].reason, num(by, f.bad[k].reason),
               (unsigned long long)f.sent[k]);
    printf("\n  VmRSS of the wallboard: %ld KiB after 2 s of flood, %ld KiB after 8 s "
           "(max %ld KiB)\n",
           f.rss_early_kb, f.rss_late_kb, f.rss_max_kb);
    /* Every kind reached the wallboard and was counted under its own reason, never more
     * often than it was sent. */
    for (int k = 0; k < N_BAD; k++) {
        double got = num(by, f.bad[k].reason);
        assert_true(got >= 1);
        assert_true(got <= (double)f.sent[k]);
    }
    assert_true(refused <= (double)bad_sent);
    cJSON_Delete(d);
    /*
     * No growth: the late figure may exceed the early one by at most 4 MiB. Nothing that the
     * flood sends is kept, so what may still move is allocator noise - glibc arenas and
     * nanomsg's receive buffers reaching their high-water mark, and under ASan the 8 MB
     * quarantine still filling - which is a few MiB at most; a leak of even 16 bytes per
     * refused message would be tens of MiB here.
     */
    assert_true(f.rss_early_kb > 0 && f.rss_late_kb > 0);
    assert_true(f.rss_late_kb - f.rss_early_kb <= 4096);

    assert_int_equal(stop_wallboard(h), 0);
    assert_no_sanitizer_report(h);
    /* Refusals are counted, not printed one by one: stderr stays short. */
    char *err = slurp(h->err);
    assert_non_null(err);
    int lines = 0;
    for (const char *p = err; *p; p++)
        lines += *p == '\n';
    printf("  wallboard stderr: %d lines during the flood\n", lines);
    free(err);
    assert_true(lines <= 2 * N_BAD + 10);
    flood_fini(&f);
}

int main(void)
{
    snprintf(wb_path, sizeof wb_path, "%s/src/apps/wallboard", WB_BINDIR);
    pick_tz();
    /* mkdtemp() replaces the six X with a unique suffix. */
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wb_faults.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_burst, teardown),
        cmocka_unit_test_teardown(test_flood, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    /* The ipc files go with their sockets; the files of a failed test are kept to look at. */
    if (rmdir(tmpdir) != 0)
        fprintf(stderr, "kept %s: %s\n", tmpdir, strerror(errno));
    return rc;
}
