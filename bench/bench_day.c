/*
 * bench_day.c - memory over a simulated day: does the wallboard's state stop growing once it
 * has warmed up?
 *
 * The simulator (300 agents, the "normal" scenario) runs several whole days as fast as it can;
 * every message it emits is encoded and fed through wb_board_ingest() into a separate board,
 * exactly as the subscriber would, with a tick every simulated second. The first day is the
 * warm-up (hash tables reach the size of the day's peak); resident memory (VmRSS) and heap in
 * use (mallinfo2: RSS alone hides freed-but-kept pages) are printed every 12 simulated hours,
 * and the figure is the growth over the days after the warm-up. Hash tables reach the size of
 * the busiest moments only during the second day (its peak hours see more contacts at once
 * than the first day's), so the warm-up is the first two days, and the growth is measured at
 * the same time of day, from the end of day 2 to the end of the run. Flat means: RSS within
 * 1 % and the heap within 5 % of their size at the end of day 2; the heap moves with the live
 * state (a few hundred contacts waiting more or less at the same hour) but must not climb.
 *
 * Then the real program's resident memory: `wallboard` at 1920x1080 (offscreen driver,
 * software renderer) with 10 channels configured, fed by this process over ipc with the
 * simulator's busiest hours (300 agents, the 5 channels it simulates, at 60x), its pages
 * turning every 2 s so that both are drawn. VmRSS is sampled every 250 ms; the peak is the
 * figure (budget 32 MB).
 *
 *   bench_day [hours] [path/to/wallboard] [seconds]    (defaults 96, next to this build, 20)
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_board.h"
#include "wb_config_load.h"
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

typedef struct pub_ctx {
    int sock;
    uint64_t sent;
} pub_ctx;

static void on_pub_event(void *ud, const wb_event *ev)
{
    pub_ctx *p = ud;
    static char buf[WB_MAX_MSG_BYTES];
    int n = wb_event_encode(ev, buf, sizeof buf);
    if (n > 0 && nn_send(p->sock, buf, (size_t)n, 0) == n)
        p->sent++;
}

/* The 10 channels of the budget: the simulator's 5, which get its traffic, and 5 more. */
static const char *INI = "[wallboard]\n"
                         "site = Memory benchmark\n"
                         "[display]\n"
                         "page_s = 2\n"
                         "[channel.phone]\n[channel.chat]\n[channel.email]\n"
                         "[channel.social]\n[channel.webform]\n[channel.sms]\n"
                         "[channel.video]\n[channel.callback]\n[channel.messenger]\n"
                         "[channel.whatsapp]\n";

/* Peak VmRSS in KiB of the real program over `seconds` of a busy stream; -1 on failure. */
static long real_program_rss(const char *bin, int seconds, uint64_t *sent, int *n_channels)
{
    char ini[128], url[128], status[64], exit_after[16];
    snprintf(ini, sizeof ini, "/tmp/wb-bench-day-%d.ini", (int)getpid());
    snprintf(url, sizeof url, "ipc:///tmp/wb-bench-day-%d.ipc", (int)getpid());
    FILE *f = fopen(ini, "w");
    if (!f || fputs(INI, f) < 0 || fclose(f) != 0)
        return -1;
    wb_config cfg;
    wb_config_defaults(&cfg);
    char err[256];
    if (wb_config_load(&cfg, ini, err, sizeof err) < 0) {
        fprintf(stderr, "bench_day: %s\n", err);
        unlink(ini);
        return -1;
    }
    *n_channels = (int)cfg.n_channels;
    pub_ctx p = {.sock = nn_socket(AF_SP, NN_PUB)};
    if (p.sock < 0 || nn_bind(p.sock, url) < 0) {
        unlink(ini);
        return -1;
    }
    snprintf(exit_after, sizeof exit_after, "%d", seconds + 3);
    char *args[] = {(char *)bin, "--config", ini,         "--connect",    url,        "--clock",
                    "event",     "--window", "1920x1080", "--exit-after", exit_after, NULL};
    pid_t pid = bench_spawn_offscreen(args, NULL);
    if (pid < 0) {
        nn_close(p.sock);
        unlink(ini);
        return -1;
    }
    snprintf(status, sizeof status, "/proc/%d/status", (int)pid);
    sleep(2); /* start-up and connection: what is sent before it is dropped, and no matter */
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.start = 1795593600000LL; /* 2026-11-25 08:00 UTC, into the morning peak */
    o.speed = 60;
    o.n_agents = 300;
    o.cfg = &cfg;
    wb_sim *sim = wb_sim_new(&o);
    long peak = -1;
    struct timespec step = {0, 50 * 1000 * 1000};
    for (wb_ms wall = 1; sim && wall <= (wb_ms)seconds * 1000; wall += 50) {
        wb_sim_advance(sim, wall, on_pub_event, &p);
        nanosleep(&step, NULL);
        if (wall % 250 < 50) {
            long r = bench_rss_kib(status);
            if (r > peak)
                peak = r;
        }
    }
    *sent = p.sent;
    wb_sim_free(sim);
    int st = 0;
    waitpid(pid, &st, 0);
    nn_close(p.sock);
    unlink(ini);
    unlink(url + strlen("ipc://"));
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? peak : -1;
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
            if (h == 48) {
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
    if (warm > 0) {
        long drss = end - warm;
        double dheap = end_heap - warm_heap;
        /*
         * A leak grows the heap the allocator hands out, so the heap is the measure: at most
         * 5 % over two days. RSS also moves with which pages the allocator happens to touch
         * (hundreds of KiB between two samples of one day, both ways), so it may move by the
         * larger of 2 % and 256 KiB (64 pages) before it counts as growth.
         */
        double rss_slack = 0.02 * (double)warm > 256.0 ? 0.02 * (double)warm : 256.0;
        bool flat = (double)drss <= rss_slack && dheap <= 0.05 * warm_heap;
        printf("memory after warm-up (day 2): RSS %ld KiB, heap %.2f MiB; at the end (hour %d): "
               "RSS %ld KiB, heap %.2f MiB; growth %+ld KiB RSS, %+.2f MiB heap\n",
               warm, warm_heap, hours, end, end_heap, drss, dheap);
        printf("GOAL memory flat over %d simulated days after warm-up | %+ld KiB RSS, %+.2f MiB "
               "heap | heap +5 %%, RSS +2 %% or 256 KiB | %s\n",
               hours / 24, drss, dheap, flat ? "met" : "not met");
    } else {
        printf("memory: fewer than 48 hours simulated, no figure after warm-up\n");
    }
    free(v);
    wb_board_free(c.board);
    wb_sim_free(sim);

    char def[4096];
    const char *bin = bench_wallboard_path(argc - 1, argv + 1, def, sizeof def);
    int seconds = argc > 3 ? atoi(argv[3]) : 20;
    uint64_t sent = 0;
    int n_ch = 0;
    long rss = bin ? real_program_rss(bin, seconds, &sent, &n_ch) : -1;
    if (rss < 0) {
        fprintf(stderr, "bench_day: could not measure the real program (%s)\n",
                bin ? bin : "not found");
        return 1;
    }
    printf("the real program at 1920x1080, %d channels, 300 agents: %llu events in %d s, peak "
           "VmRSS %.1f MB\n",
           n_ch, (unsigned long long)sent, seconds, (double)rss / 1024.0);
    printf("GOAL RSS at 1920x1080, 10 channels, 300 agents | %.1f MB | <= 32 MB | %s\n",
           (double)rss / 1024.0, rss <= 32 * 1024 ? "met" : "not met");
    return 0;
}
