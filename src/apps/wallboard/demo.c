/*
 * demo.c - the in-process simulator for `wallboard --demo`.
 *
 * A wb_demo pairs a wb_sim engine with the uv_timer that advances it with the wall clock.
 * Each emitted event is applied to the app's board at once (no encoding, no socket), stamped
 * with the wall clock as its receive time, exactly like a message from the subscriber. The
 * structure is freed from the timer's close callback.
 */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallclock.h"
#include "wb_sim.h"
#include "wb_time.h"

/* How often the simulation is advanced: often enough that waits tick smoothly on screen. */
#define WB_DEMO_STEP_MS 100
/*
 * The simulated day starts at 07:00 local time and is run at once up to 10:30, so that the demo
 * opens on a busy morning with today's numbers, rolling windows and sparklines already filled,
 * whatever the time of day it is started at.
 */
#define WB_DEMO_DAY_START_MS (7LL * 3600 * 1000)
#define WB_DEMO_WARM_MS (3LL * 3600 * 1000 + 30LL * 60 * 1000)
#define WB_DEMO_WARM_STEP_MS 10000

struct wb_demo {
    wb_app *app;
    wb_sim *sim;
    wb_demo_applied_fn applied; /* NULL = nobody to tell */
    void *applied_ud;
    uv_timer_t timer;
    bool errored; /* an advance failed: said once on stderr */
    wb_ms wall0;  /* real wall clock when the demo started */
    wb_ms vwall0; /* the engine's (virtual) wall clock at that moment: the warm-up's length */
};

static void on_event(void *ud, const wb_event *ev)
{
    wb_demo *d = ud;
    wb_board_apply(d->app->board, ev, wb_wall_ms());
}

static void on_step(uv_timer_t *t)
{
    wb_demo *d = t->data;
    int n = wb_sim_advance(d->sim, d->vwall0 + wb_wall_ms() - d->wall0, on_event, d);
    if (n < 0 && !d->errored) {
        /* The engine stays consistent after an error, so the demo goes on. */
        fprintf(stderr, "wallboard: demo: simulator: %s\n", wb_strerror(n));
        d->errored = true;
    }
    if (n > 0 && d->applied)
        d->applied(d->applied_ud, (size_t)n);
}

static bool known_scenario(const char *name)
{
    for (const char *const *s = wb_sim_scenarios(); *s; s++)
        if (strcmp(*s, name) == 0)
            return true;
    return false;
}

int wb_demo_start(wb_app *app, const char *scenario, double speed, uint64_t seed,
                  wb_demo_applied_fn applied, void *ud, wb_demo **out, char *err, size_t errlen)
{
    *out = NULL;
    if (scenario && !known_scenario(scenario)) {
        size_t used = (size_t)snprintf(err, errlen, "unknown scenario '%s' (known:", scenario);
        for (const char *const *s = wb_sim_scenarios(); *s && used < errlen; s++)
            used += (size_t)snprintf(err + used, errlen - used, " %s", *s);
        if (used < errlen)
            snprintf(err + used, errlen - used, ")");
        return WB_ERR_INVAL;
    }
    wb_demo *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return WB_ERR_NOMEM;
    }
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = seed;
    o.speed = speed;
    if (scenario)
        o.scenario = scenario;
    o.src = "demo";
    wb_ms wall = wb_wall_ms();
    o.start = wb_day_start(wall, app->cfg.tz) + WB_DEMO_DAY_START_MS;
    o.cfg = &app->cfg;
    d->app = app;
    d->applied = applied;
    d->applied_ud = ud;
    d->sim = wb_sim_new(&o);
    if (!d->sim) {
        snprintf(err, errlen, "cannot start the simulator (speed %g)", speed);
        free(d);
        return WB_ERR_INVAL;
    }
    /*
     * Warm-up: the engine's wall clock is virtual here, so the simulated morning runs as fast as
     * the machine allows, in 10 s simulated steps with a board tick after each, as the live
     * loop would have ticked it.
     */
    wb_ms vstep = (wb_ms)(WB_DEMO_WARM_STEP_MS / speed);
    if (vstep < 1)
        vstep = 1;
    wb_ms vwall = 1;
    for (; wb_sim_now(d->sim) < o.start + WB_DEMO_WARM_MS; vwall += vstep) {
        if (wb_sim_advance(d->sim, vwall, on_event, d) < 0)
            break;
        wb_board_tick(app->board, wb_sim_now(d->sim));
    }
    d->wall0 = wall;
    d->vwall0 = vwall;
    uv_timer_init(app->loop, &d->timer);
    d->timer.data = d;
    uv_timer_start(&d->timer, on_step, 0, WB_DEMO_STEP_MS);
    *out = d;
    return 0;
}

wb_ms wb_demo_now(const wb_demo *d)
{
    return wb_sim_now(d->sim);
}

static void on_closed(uv_handle_t *h)
{
    wb_demo *d = h->data;
    wb_sim_free(d->sim);
    free(d);
}

void wb_demo_free(wb_demo *d)
{
    if (!d)
        return;
    uv_close((uv_handle_t *)&d->timer, on_closed);
}

void wb_demo_default_config(wb_config *cfg)
{
    wb_sim_default_config(cfg);
}
