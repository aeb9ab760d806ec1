/*
 * bench_core.c - core throughput: protocol v1 decode, and decode + apply through wb_board.
 *
 * The stream is generated once and pre-encoded into one buffer (an array of offsets and
 * lengths), so that the timed loops touch nothing but the core. It imitates a busy contact
 * center: contacts enter queues on five channels, most are answered about 20 steps later
 * (some abandon), answered ones complete about 40 steps after that, and agents change state
 * in between. Ids are unique, times increase by 300 ms per step, seq numbers run without gaps.
 *
 * Figures are printed, never asserted: the budget in docs/architecture.md is one million
 * decoded and applied events per second on one core. Build without sanitizers for meaningful
 * numbers.
 *
 *   bench_core [messages] [passes]     (defaults 200000 and 5)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_board.h"

#define BUDGET_EVENTS_PER_S 1000000.0

static const char *const channels[] = {"phone", "chat", "email", "social", "web"};
#define N_CHANNELS 5
#define N_AGENTS 120

typedef struct stream {
    char *text;    /* every message, back to back */
    size_t *off;   /* start of message i in text */
    size_t *len;   /* its length */
    wb_ms *ts;     /* its event time, used as the receive time */
    size_t n, cap; /* messages */
    size_t used;   /* bytes of text */
    size_t by_type[WB_EV_HEARTBEAT + 1];
} stream;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_core: %s\n", what);
    exit(1);
}

static void push(stream *s, wb_event *ev)
{
    static uint64_t seq;
    int n;

    ev->src = "bench";
    ev->has_seq = true;
    ev->seq = ++seq;
    if (s->used + WB_MAX_MSG_BYTES > s->cap) {
        s->cap = (s->cap + WB_MAX_MSG_BYTES) * 2;
        if (!(s->text = realloc(s->text, s->cap)))
            die("out of memory");
    }
    n = wb_event_encode(ev, s->text + s->used, WB_MAX_MSG_BYTES);
    if (n < 0)
        die(wb_strerror(n));
    s->off[s->n] = s->used;
    s->len[s->n] = (size_t)n;
    s->ts[s->n] = ev->ts;
    s->by_type[ev->type]++;
    s->used += (size_t)n;
    s->n++;
}

/* Emits contact event type for contact number k at time ts. */
static void contact(stream *s, wb_event_type type, long k, wb_ms ts)
{
    char id[32], agent[32];
    const char *ch = channels[k % N_CHANNELS];
    wb_event ev;

    snprintf(id, sizeof id, "c-%07ld", k);
    snprintf(agent, sizeof agent, "a-%03ld", k % N_AGENTS);
    wb_event_init(&ev, type, ts);
    ev.id = id;
    ev.channel = ch;
    ev.queue = ch;
    if (type == WB_EV_ANSWERED || type == WB_EV_COMPLETED)
        ev.agent = agent;
    if (type == WB_EV_ANSWERED || type == WB_EV_ABANDONED)
        ev.wait_ms = 20 * 300;
    if (type == WB_EV_COMPLETED)
        ev.handle_ms = 40 * 300;
    push(s, &ev);
}

static void agent_state(stream *s, long k, wb_ms ts)
{
    static const wb_agent_state cycle[] = {WB_AGENT_AVAILABLE, WB_AGENT_BUSY, WB_AGENT_WRAPUP,
                                           WB_AGENT_AVAILABLE, WB_AGENT_PAUSED};
    char agent[32], name[32];
    wb_event ev;

    snprintf(agent, sizeof agent, "a-%03ld", k % N_AGENTS);
    snprintf(name, sizeof name, "Agent %ld", k % N_AGENTS);
    wb_event_init(&ev, WB_EV_AGENT_STATE, ts);
    ev.agent = agent;
    ev.name = name;
    ev.team = k % 2 ? "north" : "south";
    ev.state = cycle[(k / N_AGENTS) % 5];
    ev.channels[0] = channels[k % N_CHANNELS];
    ev.channels[1] = channels[(k + 1) % N_CHANNELS];
    ev.n_channels = 2;
    push(s, &ev);
}

static void generate(stream *s, size_t n)
{
    /* 08:00 UTC on 2023-11-14: a working day that crosses no midnight within the stream. */
    const wb_ms t0 = 1699948800000LL;

    if (!(s->off = malloc(n * sizeof *s->off)) || !(s->len = malloc(n * sizeof *s->len)) ||
        !(s->ts = malloc(n * sizeof *s->ts)))
        die("out of memory");
    for (long i = 0; s->n < n; i++) {
        wb_ms ts = t0 + 300 * i;
        contact(s, WB_EV_QUEUED, i, ts);
        /* Every tenth contact abandons; the others are answered and later completed. */
        if (i >= 20 && s->n < n)
            contact(s, (i - 20) % 10 == 0 ? WB_EV_ABANDONED : WB_EV_ANSWERED, i - 20, ts);
        if (i >= 60 && (i - 60) % 10 != 0 && s->n < n)
            contact(s, WB_EV_COMPLETED, i - 60, ts);
        if (i % 5 == 0 && s->n < n)
            agent_state(s, i / 5, ts);
    }
}

static double run_decode(const stream *s)
{
    double t = now_s();
    wb_event ev;

    for (size_t i = 0; i < s->n; i++) {
        if (wb_event_decode(&ev, s->text + s->off[i], s->len[i]) != 0)
            die("a generated message did not decode");
        wb_event_fini(&ev);
    }
    return now_s() - t;
}

static double run_ingest(const stream *s, const wb_config *cfg, wb_board_counters *c)
{
    wb_board *b = wb_board_new(cfg);
    double t;

    if (!b)
        die("wb_board_new failed");
    t = now_s();
    for (size_t i = 0; i < s->n; i++)
        wb_board_ingest(b, s->text + s->off[i], s->len[i], s->ts[i]);
    t = now_s() - t;
    wb_board_counters_get(b, c);
    wb_board_free(b);
    return t;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200000;
    int passes = argc > 2 ? atoi(argv[2]) : 5;
    stream s = {0};
    wb_config cfg;
    wb_board_counters c = {0};
    double best_dec = 1e30, best_ing = 1e30;

    if (n == 0 || passes <= 0)
        die("usage: bench_core [messages] [passes]");
    wb_config_defaults(&cfg);
    for (int i = 0; i < N_CHANNELS; i++)
        wb_channel_cfg_default(&cfg, &cfg.channels[i], channels[i]);
    cfg.n_channels = N_CHANNELS;
    generate(&s, n);
    printf("bench_core: %zu messages, %.0f bytes on average: queued %zu, answered %zu, "
           "abandoned %zu, completed %zu, agent.state %zu\n",
           s.n, (double)s.used / (double)s.n, s.by_type[WB_EV_QUEUED], s.by_type[WB_EV_ANSWERED],
           s.by_type[WB_EV_ABANDONED], s.by_type[WB_EV_COMPLETED], s.by_type[WB_EV_AGENT_STATE]);

    for (int p = 0; p < passes; p++) {
        double t = run_decode(&s);
        if (t < best_dec)
            best_dec = t;
    }
    for (int p = 0; p < passes; p++) {
        double t = run_ingest(&s, &cfg, &c);
        if (t < best_ing)
            best_ing = t;
    }
    double dec_rate = (double)s.n / best_dec, ing_rate = (double)s.n / best_ing;
    printf("decode only:      %12.0f events/s  (%.0f ns/event, best of %d passes)\n", dec_rate,
           1e9 / dec_rate, passes);
    printf("decode + apply:   %12.0f events/s  (%.0f ns/event, best of %d passes, fresh board "
           "each)\n",
           ing_rate, 1e9 / ing_rate, passes);
    printf("  last pass: received %llu, applied %llu, duplicates %llu, ignored %llu, refused "
           "%llu\n",
           (unsigned long long)c.received, (unsigned long long)c.applied,
           (unsigned long long)c.duplicates, (unsigned long long)c.ignored,
           (unsigned long long)c.refused);
    printf("budget: %.0f decode+apply events/s on one core -> measured %.2fx the budget (%s)\n",
           BUDGET_EVENTS_PER_S, ing_rate / BUDGET_EVENTS_PER_S,
           ing_rate >= BUDGET_EVENTS_PER_S ? "meets it" : "BELOW it");
    printf("GOAL core decode + apply, one core | %.0f events/s | >= %.0f events/s | %s\n", ing_rate,
           BUDGET_EVENTS_PER_S, ing_rate >= BUDGET_EVENTS_PER_S ? "met" : "not met");
    free(s.text);
    free(s.off);
    free(s.len);
    free(s.ts);
    return 0;
}
