/*
 * bench_day.c - memory over a simulated day: does the wallboard's state stop growing once it
 * has warmed up?
 *
 * The simulator (300 agents, the "normal" scenario) runs several whole days as fast as it can;
 * every message it emits is encoded and fed through wb_board_ingest() into a separate board,
 * exactly as the subscriber would, with a tick every simulated second. The first day is the
 * warm-up (hash tables reach the size of the day's peak); resident memory (VmRSS) and heap in
 * use (mallinfo2: RSS alone hides freed-but-kept pages) are printed every 12 simulated hours,
 * and the growth from the end of day 1 to the end is the figure.
 *
 *   bench_day [hours]     (default 96)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_board.h"
#include "wb_sim.h"

#include "bench_util.h"

typedef struct ctx {
    wb_board *board;
    uint64_t messages;
    uint64_t refused;
} ctx;

static double heap_mib(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (double)mi.uordblks / (1024.0 * 1024.0);
}

static void on_event(void *ud, const wb_event *ev)
{
    ctx *c = ud;
    static char buf[WB_MAX_MSG_BYTES];
    int n = wb_event_encode(ev, buf, sizeof buf);
    c->messages++;
    if (n < 0 || wb_board_ingest(c->board, buf, (size_t)n, ev->ts) < 0)
        c->refused++;
}

int main(int argc, char **argv)
{
    int hours = argc > 1 ? atoi(argv[1]) : 96;
    wb_config cfg;
    wb_sim_default_config(&cfg);
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.start = 1795564800000LL; /* 2026-11-25 00:00 UTC: whole days */
    o.speed = 1000;
    o.n_agents = 300;
    o.snapshot_every_ms = 3000;
    o.cfg = &cfg;
    wb_sim *sim = wb_sim_new(&o);
    ctx c = {.board = wb_board_new(&cfg)};
    if (!sim || !c.board) {
        fprintf(stderr, "bench_day: cannot start\n");
        return 1;
    }
    wb_board_view *v = malloc(sizeof *v);
    printf("bench_day: %d simulated hours, 300 agents, 5 channels, snapshots every 3 s of wall "
           "time at speed 1000\n",
           hours);
    printf("%8s %12s %12s %10s %10s\n", "sim hour", "messages", "RSS KiB", "heap MiB", "waiting");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long warm = -1;
    double warm_heap = 0;
    /* One wall millisecond is one simulated second at speed 1000. */
    for (wb_ms wall = 1; wall <= (wb_ms)hours * 3600; wall++) {
        wb_sim_advance(sim, wall, on_event, &c);
        wb_ms now = wb_sim_now(sim);
        wb_board_tick(c.board, now);
        if (wall % 3600 == 0) {
            long h = (long)(wall / 3600);
            wb_board_view_fill(c.board, now, now, v);
            uint32_t waiting = 0;
            for (size_t i = 0; i < v->n_channels; i++)
                waiting += v->ch[i].m.waiting;
            if (h % 12 == 0)
                printf("%8ld %12llu %12ld %10.2f %10u\n", h, (unsigned long long)c.messages,
                       bench_rss_kib("/proc/self/status"), heap_mib(), waiting);
            if (h == 24) {
                warm = bench_rss_kib("/proc/self/status");
                warm_heap = heap_mib();
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long end = bench_rss_kib("/proc/self/status");
    double end_heap = heap_mib();
    printf("wall time %.1f s for %d simulated hours; refused %llu\n",
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, hours,
           (unsigned long long)c.refused);
    printf("memory after warm-up (day 1): RSS %ld KiB, heap %.2f MiB; at the end: RSS %ld KiB, "
           "heap %.2f MiB; growth %+ld KiB RSS, %+.2f MiB heap\n",
           warm, warm_heap, end, end_heap, end - warm, end_heap - warm_heap);
    free(v);
    wb_board_free(c.board);
    wb_sim_free(sim);
    return 0;
}
