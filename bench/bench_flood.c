/*
 * bench_flood.c - hash flooding: contact ids chosen to collide, against a model whose hash key
 * the sender knows (the zero key, as an unkeyed hash would be) and one whose key is secret.
 *
 * Finds N ids whose SipHash under the zero key has the same low 12 bits (so they share a few
 * home slots in every table of the model), then applies N contact.queued and N
 * contact.answered events with them, and the same with N ordinary ids, to a model on the zero
 * key and to a model with another key. Prints the cost per event of each and the ratio
 * colliding / ordinary: with the key known the ratio is large, with a secret key it is about 1.
 *
 *   bench_flood [N]   (default 30000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wb_map.h"
#include "wb_model.h"

#define ID_LEN 24
/* The ids are spread over this many publishers, each within its contact limits. */
#define NSRC 8
static const char *const srcs[NSRC] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds to apply n queued and n answered events with ids[] to a fresh model keyed k0, k1. */
static double run(const wb_config *cfg, char (*ids)[ID_LEN], size_t n, uint64_t k0, uint64_t k1)
{
    wb_model *m = wb_model_new(cfg);
    if (!m || wb_model_set_hash_key(m, k0, k1) != WB_OK) {
        fprintf(stderr, "bench_flood: cannot create the model\n");
        exit(1);
    }
    const wb_ms t0 = 1795600000000LL;
    wb_model_tick(m, t0);
    double start = now_s();
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; i < n; i++) {
            wb_event e;
            memset(&e, 0, sizeof e);
            wb_event_init(&e, kind ? WB_EV_ANSWERED : WB_EV_QUEUED, t0 + kind * 1000);
            e.id = ids[i];
            e.src = srcs[i % NSRC];
            e.channel = "phone";
            int rc = wb_model_apply(m, &e, e.ts);
            if (rc != WB_APPLIED) {
                fprintf(stderr, "bench_flood: event refused: %s\n", wb_strerror(rc));
                exit(1);
            }
        }
    }
    double took = now_s() - start;
    wb_model_free(m);
    return took;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 30000;
    /* Room for every id within the limits: they are not what is measured here. */
    if (n < 1 || n > (size_t)WB_MAX_WAITING_PER_SOURCE * NSRC) {
        fprintf(stderr, "bench_flood: N from 1 to %d\n", WB_MAX_WAITING_PER_SOURCE * NSRC);
        return 2;
    }
    char(*flood)[ID_LEN] = calloc(n, ID_LEN), (*plain)[ID_LEN] = calloc(n, ID_LEN);
    if (!flood || !plain)
        return 1;
    wb_hash_key zero = {0, 0};
    double t = now_s();
    size_t found = 0;
    for (unsigned long i = 0; found < n; i++) {
        snprintf(flood[found], ID_LEN, "x%lu", i);
        if ((wb_hash_keyed(&zero, flood[found]) & 0xfff) == 0)
            found++;
    }
    for (size_t i = 0; i < n; i++)
        snprintf(plain[i], ID_LEN, "contact-%zu", i);
    printf(
        "bench_flood: %zu ids sharing the low 12 bits of their zero-key hash (found in %.1f s)\n",
        n, now_s() - t);

    wb_config cfg;
    wb_config_defaults(&cfg);
    double known_flood = run(&cfg, flood, n, 0, 0), known_plain = run(&cfg, plain, n, 0, 0);
    const uint64_t k0 = 0x6a09e667f3bcc908ULL, k1 = 0xbb67ae8584caa73bULL;
    double secret_flood = run(&cfg, flood, n, k0, k1), secret_plain = run(&cfg, plain, n, k0, k1);
    double per = 1e9 / (2.0 * (double)n);
    printf("key known to the sender: colliding ids %.0f ns/event, ordinary ids %.0f ns/event: "
           "%.1fx\n",
           known_flood * per, known_plain * per, known_flood / known_plain);
    printf("secret key:              colliding ids %.0f ns/event, ordinary ids %.0f ns/event: "
           "%.2fx\n",
           secret_flood * per, secret_plain * per, secret_flood / secret_plain);
    free(flood);
    free(plain);
    return 0;
}
