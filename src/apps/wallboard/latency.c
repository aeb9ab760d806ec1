/*
 * latency.c - event-to-pixel figures for bench/bench_latency.
 *
 * The wb_latency in the app holds the event times of the messages applied since the last
 * frame; a present turns each into one line of the log. Off (and free) unless WB_LATENCY_LOG
 * is set.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "wallclock.h"
#include "wb_grow.h"

int wb_latency_init(wb_app *app)
{
    const char *path = getenv("WB_LATENCY_LOG");
    if (!path || !*path)
        return 0;
    app->latency.log = fopen(path, "w");
    if (!app->latency.log) {
        perror(path);
        return WB_ERR_IO;
    }
    return 0;
}

void wb_latency_fini(wb_app *app)
{
    if (app->latency.log)
        fclose(app->latency.log);
    free(app->latency.ts);
    app->latency = (wb_latency){0};
}

void wb_latency_note(wb_app *app, wb_ms ts)
{
    wb_latency *l = &app->latency;
    if (!l->log)
        return;
    wb_ms *n = wb_grow(l->ts, &l->cap, l->n + 1, sizeof *n, 1024);
    if (!n)
        return; /* a lost sample, not a lost message */
    l->ts = n;
    l->ts[l->n++] = ts;
}

void wb_latency_presented(wb_app *app)
{
    wb_latency *l = &app->latency;
    if (!l->log || l->n == 0)
        return;
    /* The real-time clock, because the publisher stamped ts with its real-time clock. */
    long long now_us = (long long)wb_wall_us();
    for (size_t i = 0; i < l->n; i++)
        fprintf(l->log, "%lld\n", now_us - (long long)l->ts[i] * 1000);
    fflush(l->log);
    l->n = 0;
}
