/*
 * bench_decode.c - protocol v1 decode: the jsmn decoder (wb_event_decode) against the cJSON
 * decoder it replaced (cJSON_Parse and a walk over its tree, tests/common/wb_proto_cjson.c), on
 * the same recorded messages in the same run.
 *
 * Two mixes are recorded from the simulator, each message encoded exactly as a publisher
 * sends it:
 *   - realistic: 300 agents on a weekday morning at real speed, a snapshot every 3 s of wall
 *     time (the publisher's default), heartbeats when idle: what one site sends;
 *   - snapshot-heavy: the same centre with a snapshot every 100 ms, so that most of the bytes
 *     are snapshots (300 agents, the waiting and in-service contacts, every queue's buckets):
 *     what a hub or a screen that just reconnected receives.
 * A third mix, events-only (the simulator at 100x without snapshots: contact and agent events
 * of about 160 bytes), has no goal: it shows the cost that every message pays whatever its
 * size (the event's set-up, the arena, the UTF-8 check, the field lookups), which both decoders
 * share and which bounds the ratio on small messages.
 * Each mix is decoded by both decoders in alternating passes; the best pass of each is the
 * figure, and the speed-up is the ratio of the two on the same messages. The goal is 3x on
 * each of the first two mixes; the last line gives the lower of the two.
 * Build without sanitizers for meaningful numbers; a busy machine slows both alike, so the
 * ratio is the figure to read.
 *
 *   bench_decode [wall_seconds] [passes]     (defaults 1200 and 9)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_proto.h"
#include "wb_proto_cjson.h"
#include "wb_sim.h"

#define GOAL_SPEEDUP 3.0

typedef struct mix {
    const char *name;
    char *text;    /* every message, back to back */
    size_t *off;   /* start of message i in text */
    size_t *len;   /* its length */
    size_t n, cap; /* messages */
    size_t used, text_cap;
    size_t by_type[8];
} mix;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_decode: %s\n", what);
    exit(1);
}

static void record(void *ud, const wb_event *ev)
{
    mix *m = ud;
    int n;

    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 4096;
        if (!(m->off = realloc(m->off, m->cap * sizeof *m->off)) ||
            !(m->len = realloc(m->len, m->cap * sizeof *m->len)))
            die("out of memory");
    }
    if (m->used + WB_MAX_MSG_BYTES > m->text_cap) {
        m->text_cap = (m->text_cap + WB_MAX_MSG_BYTES) * 2;
        if (!(m->text = realloc(m->text, m->text_cap)))
            die("out of memory");
    }
    n = wb_event_encode(ev, m->text + m->used, WB_MAX_MSG_BYTES);
    if (n < 0)
        die(wb_strerror(n));
    m->off[m->n] = m->used;
    m->len[m->n] = (size_t)n;
    m->by_type[ev->type < 8 ? ev->type : 0]++;
    m->used += (size_t)n;
    m->n++;
}

/*
 * Runs the simulator at speed for wall_s seconds of wall time in 10 ms steps and records every
 * message.
 */
static void generate(mix *m, const char *name, double speed, wb_ms snapshot_every_ms, int wall_s)
{
    wb_config cfg;
    wb_sim_opts o;
    wb_sim *sim;

    wb_sim_default_config(&cfg);
    wb_sim_opts_default(&o);
    /* 2026-11-25 (a Wednesday) 09:00 UTC: a busy morning in the simulator's profiles. */
    o.start = 1795597200000LL;
    o.speed = speed;
    o.n_agents = 300;
    o.snapshot_every_ms = snapshot_every_ms;
    o.cfg = &cfg;
    if (!(sim = wb_sim_new(&o)))
        die("wb_sim_new failed");
    m->name = name;
    for (wb_ms wall = 10; wall <= (wb_ms)wall_s * 1000; wall += 10) {
        if (wb_sim_advance(sim, wall, record, m) < 0)
            die("wb_sim_advance failed");
    }
    wb_sim_free(sim);
}

static double pass_new(const mix *m)
{
    double t = now_s();
    wb_event ev;

    for (size_t i = 0; i < m->n; i++) {
        if (wb_event_decode(&ev, m->text + m->off[i], m->len[i]) != 0)
            die("a recorded message did not decode (jsmn decoder)");
        wb_event_fini(&ev);
    }
    return now_s() - t;
}

static double pass_cjson(const mix *m)
{
    double t = now_s();
    wb_event ev;

    for (size_t i = 0; i < m->n; i++) {
        if (wb_event_decode_cjson(&ev, m->text + m->off[i], m->len[i], WB_MAX_MSG_BYTES) != 0)
            die("a recorded message did not decode (cJSON decoder)");
        wb_event_fini_cjson(&ev);
    }
    return now_s() - t;
}

/* Prints the figures of one mix and returns the speed-up; goal: whether the mix has the goal. */
static double measure(const mix *m, int passes, bool goal)
{
    double best_new = 1e30, best_old = 1e30;

    for (int p = 0; p < passes; p++) {
        double t = pass_cjson(m);
        if (t < best_old)
            best_old = t;
        t = pass_new(m);
        if (t < best_new)
            best_new = t;
    }
    double mb = (double)m->used / 1e6, x = best_old / best_new;
    printf("%s mix: %zu messages, %.1f MB (%.0f bytes on average): contact %zu, agent.state "
           "%zu, snapshot %zu, heartbeat %zu\n",
           m->name, m->n, mb, (double)m->used / (double)m->n,
           m->by_type[WB_EV_QUEUED] + m->by_type[WB_EV_ANSWERED] + m->by_type[WB_EV_ABANDONED] +
               m->by_type[WB_EV_COMPLETED],
           m->by_type[WB_EV_AGENT_STATE], m->by_type[WB_EV_SNAPSHOT], m->by_type[WB_EV_HEARTBEAT]);
    printf("  cJSON decoder: %10.0f messages/s  %7.1f MB/s\n", (double)m->n / best_old,
           mb / best_old);
    printf("  jsmn decoder:  %10.0f messages/s  %7.1f MB/s  (best of %d passes each)\n",
           (double)m->n / best_new, mb / best_new, passes);
    if (goal)
        printf("  %s: decode speed-up over cJSON_Parse + tree walk: %.2fx  (goal >= %.1fx: %s)\n",
               m->name, x, GOAL_SPEEDUP, x >= GOAL_SPEEDUP ? "met" : "not met");
    else
        printf("  %s: decode speed-up over cJSON_Parse + tree walk: %.2fx  (no goal: shown for "
               "the cost per message)\n",
               m->name, x);
    return x;
}

static void mix_free(mix *m)
{
    free(m->text);
    free(m->off);
    free(m->len);
}

int main(int argc, char **argv)
{
    int wall_s = argc > 1 ? atoi(argv[1]) : 1200;
    int passes = argc > 2 ? atoi(argv[2]) : 9;
    mix real = {0}, snap = {0}, events = {0};

    if (wall_s <= 0 || passes <= 0)
        die("usage: bench_decode [wall_seconds] [passes]");
    printf("bench_decode: the simulator (300 agents, speed 1) recorded for %d s of wall time\n",
           wall_s);
    generate(&real, "realistic", 1, 3000, wall_s);
    generate(&snap, "snapshot-heavy", 1, 100, wall_s / 10 > 0 ? wall_s / 10 : 1);
    /* Not a goal of its own: the small messages alone, where per-message costs weigh most. */
    generate(&events, "events-only", 100, 0, wall_s / 10 > 0 ? wall_s / 10 : 1);
    double x1 = measure(&real, passes, true), x2 = measure(&snap, passes, true);
    measure(&events, passes, false);
    double lo = x1 < x2 ? x1 : x2;
    printf("decode speed-up over cJSON_Parse + tree walk: %.2fx  (the lower of the two mixes; "
           "goal >= %.1fx: %s)\n",
           lo, GOAL_SPEEDUP, lo >= GOAL_SPEEDUP ? "met" : "not met");
    printf("GOAL decode speed-up over cJSON, realistic and snapshot-heavy mixes | %.2fx and %.2fx "
           "| >= %.1fx | %s\n",
           x1, x2, GOAL_SPEEDUP, lo >= GOAL_SPEEDUP ? "met" : "not met");
    mix_free(&real);
    mix_free(&snap);
    mix_free(&events);
    return 0;
}
