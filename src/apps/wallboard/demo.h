/*
 * demo.h - `wallboard --demo`: the contact-center simulator run in-process on the app's loop.
 *
 * A wb_demo owns a simulator engine and a uv_timer that advances it; the events it produces
 * are applied to the app's board directly (no socket). Simulated time runs `speed` times
 * faster than the wall clock from the moment the demo starts. wb_demo_free() closes the timer;
 * the memory is released from its close callback, so the loop must run once more after it.
 */
#ifndef WB_DEMO_H
#define WB_DEMO_H

#include <stdint.h>

#include "app.h"

typedef struct wb_demo wb_demo;

/*
 * Called on the loop after a step of the live demo applied n > 0 events to the board (main.c
 * pokes the display with it). Not called during the warm-up inside wb_demo_start().
 */
typedef void (*wb_demo_applied_fn)(void *ud, size_t n);

/*
 * Starts the simulator. Returns 0 and sets *out, or a negative code after writing one line
 * into err (unknown scenario...). The board must outlive the demo. applied may be NULL; it is
 * called with ud.
 */
int wb_demo_start(wb_app *app, const char *scenario, double speed, uint64_t seed,
                  wb_demo_applied_fn applied, void *ud, wb_demo **out, char *err, size_t errlen);

/* Simulated time now. */
wb_ms wb_demo_now(const wb_demo *d);

void wb_demo_free(wb_demo *d);

/* The configuration used when none is given: the simulator's channels, or plain defaults. */
void wb_demo_default_config(wb_config *cfg);

#endif
