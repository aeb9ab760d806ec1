/*
 * bench_limits.c - the model's memory in the worst case its limits allow, against a budget.
 *
 * Fills one model to every limit of wb_model.h with the longest strings the protocol accepts:
 * 32 channels with 63-byte names, 1,024 queues with 256-byte names, 64 publishers, every
 * rolling bucket the bucket limit allows written to (so every ring is touched), a full
 * duplicate-detection set per publisher, 50,000 waiting contacts with 256-byte ids and 10,000
 * agents serving all 32 channels with 256-byte id, name, team and reason. Events past each
 * limit are sent too and must be refused. Prints the resident memory before and after (from
 * /proc/self/status) and whether the growth stays within the budget.
 *
 *   bench_limits [ROLLING_MIN BUCKET_S]   (default 30 10: the default window)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_model.h"

/* The model's own growth, in the worst case within the limits, must stay under this. */
#define BUDGET_MB 96.0

static double rss_mb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0)
            kb = strtod(line + n + 1, NULL);
    if (f)
        fclose(f);
    return kb / 1024.0;
}

/* A string of exactly len bytes: prefix, a number, then 'x' padding. */
static void pad(char *buf, size_t len, const char *prefix, long n)
{
    int k = snprintf(buf, len + 1, "%s%ld-", prefix, n);
    memset(buf + k, 'x', len - (size_t)k);
    buf[len] = '\0';
}

static long applied, refused;

/* The queue of source s's first (source, queue) pair. */
static size_t first_queue(long s)
{
    return (size_t)(16 * s) % WB_MAX_QUEUES;
}

static void apply(wb_model *m, wb_event *e)
{
    int rc = wb_model_apply(m, e, e->ts);
    if (rc == WB_APPLIED)
        applied++;
    else if (rc == WB_ERR_LIMIT)
        refused++;
    else if (rc < 0) {
        fprintf(stderr, "bench_limits: unexpected %s\n", wb_strerror(rc));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    wb_config cfg;
    wb_config_defaults(&cfg);
    if (argc == 3) {
        cfg.rolling_ms = atol(argv[1]) * 60000L;
        cfg.bucket_ms = atol(argv[2]) * 1000L;
    }
    double rss0 = rss_mb("VmRSS:");
    wb_model *m = wb_model_new(&cfg);
    if (!m)
        return 1;
    const wb_ms now = (wb_ms)time(NULL) * 1000;
    wb_model_tick(m, now);
    size_t nb = (size_t)((cfg.rolling_ms + cfg.bucket_ms - 1) / cfg.bucket_ms);
    size_t pairs = WB_MAX_BUCKETS / nb;

    static char chn[WB_MAX_CHANNELS][WB_MAX_NAME], qn[WB_MAX_QUEUES][WB_MAX_STR_BYTES + 1];
    static char src[WB_MAX_SOURCES][WB_MAX_STR_BYTES + 1], id[WB_MAX_STR_BYTES + 1];
    for (long i = 0; i < WB_MAX_CHANNELS; i++)
        pad(chn[i], WB_MAX_NAME - 1, "ch", i);
    for (long i = 0; i < WB_MAX_QUEUES; i++)
        pad(qn[i], WB_MAX_STR_BYTES, "q", i);
    for (long i = 0; i < WB_MAX_SOURCES; i++)
        pad(src[i], WB_MAX_STR_BYTES, "src", i);

    /*
     * Rolling buckets: pair k is source k % 64 with queue (k / 64 + 16 (k % 64)) % 1024, all
     * different pairs; one abandon per bucket. The 64 pairs past the limit are refused.
     */
    long seq = 0, per_src[WB_MAX_SOURCES] = {0};
    for (size_t k = 0; k < pairs + 64; k++) {
        for (size_t b = 0; b < nb; b++) {
            wb_event e;
            memset(&e, 0, sizeof e);
            wb_event_init(&e, WB_EV_ABANDONED, now - (wb_ms)b * cfg.bucket_ms);
            pad(id, WB_MAX_STR_BYTES, "c", seq++);
            size_t q = (k / WB_MAX_SOURCES + 16 * (k % WB_MAX_SOURCES)) % WB_MAX_QUEUES;
            e.src = src[k % WB_MAX_SOURCES];
            e.id = id;
            e.channel = chn[q % WB_MAX_CHANNELS];
            e.queue = qn[q];
            e.wait_ms = 60000;
            apply(m, &e);
            per_src[k % WB_MAX_SOURCES]++;
        }
    }
    /* Fill every duplicate set: more contact events on each source's first pair. */
    for (long s = 0; s < WB_MAX_SOURCES; s++) {
        for (; per_src[s] < WB_SEEN_CAP; per_src[s]++) {
            wb_event e;
            memset(&e, 0, sizeof e);
            wb_event_init(&e, WB_EV_ABANDONED, now);
            pad(id, WB_MAX_STR_BYTES, "d", seq++);
            e.src = src[s];
            e.id = id;
            e.channel = chn[first_queue(s) % WB_MAX_CHANNELS];
            e.queue = qn[first_queue(s)];
            e.wait_ms = 1000;
            apply(m, &e);
        }
    }
    long refused_rings = refused;
    /* Contacts: 5,000 waiting on each of 10 publishers, and then some more. */
    for (long s = 0; s < 11; s++) {
        for (long i = 0; i < WB_MAX_WAITING_PER_SOURCE + 10; i++) {
            wb_event e;
            memset(&e, 0, sizeof e);
            wb_event_init(&e, WB_EV_QUEUED, now - 1000);
            pad(id, WB_MAX_STR_BYTES, "w", seq++);
            e.src = src[s];
            e.id = id;
            e.channel = chn[first_queue(s) % WB_MAX_CHANNELS];
            e.queue = qn[first_queue(s)];
            apply(m, &e);
        }
    }
    long refused_contacts = refused - refused_rings;
    /* Agents: 1,000 on each of 10 publishers, every one on all 32 channels, and more. */
    static char name[WB_MAX_STR_BYTES + 1], team[WB_MAX_STR_BYTES + 1];
    static char reason[WB_MAX_STR_BYTES + 1];
    for (long s = 0; s < 11; s++) {
        for (long i = 0; i < WB_MAX_AGENTS_PER_SOURCE + 10; i++) {
            wb_event e;
            memset(&e, 0, sizeof e);
            wb_event_init(&e, WB_EV_AGENT_STATE, now);
            pad(id, WB_MAX_STR_BYTES, "a", i);
            pad(name, WB_MAX_STR_BYTES, "n", i);
            pad(team, WB_MAX_STR_BYTES, "t", i);
            pad(reason, WB_MAX_STR_BYTES, "r", i);
            e.src = src[s];
            e.agent = id;
            e.name = name;
            e.team = team;
            e.reason = reason;
            e.state = WB_AGENT_PAUSED;
            for (size_t c = 0; c < WB_MAX_CHANNELS; c++)
                e.channels[e.n_channels++] = chn[c];
            apply(m, &e);
        }
    }
    long refused_agents = refused - refused_rings - refused_contacts;
    /* The metrics' caches, as the screen would make them. */
    wb_model_tick(m, now + 1000);
    for (size_t c = 0; c < wb_model_channel_count(m); c++) {
        wb_channel_metrics cm;
        wb_model_channel_metrics(m, c, now + 1000, &cm);
    }
    double rss1 = rss_mb("VmRSS:"), hwm = rss_mb("VmHWM:");
    double grew = rss1 - rss0;
    printf("limits: %zu channels, %zu queues, %zu publishers, %zu (source, queue) pairs x %zu "
           "buckets, %zu agents\n",
           wb_model_channel_count(m), wb_model_queue_count(m), wb_model_source_count(m), pairs, nb,
           wb_model_agent_count(m));
    printf("events: %ld applied, refused over_limit: %ld rings, %ld contacts, %ld agents\n",
           applied, refused_rings, refused_contacts, refused_agents);
    printf("worst case within the limits: RSS %.1f MB (start %.1f MB, growth %.1f MB, peak "
           "%.1f MB); budget %.0f MB: %s\n",
           rss1, rss0, grew, hwm, BUDGET_MB, grew <= BUDGET_MB ? "within" : "OVER");
    wb_model_free(m);
    return grew <= BUDGET_MB ? 0 : 1;
}
