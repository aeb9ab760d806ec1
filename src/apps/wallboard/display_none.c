/*
 * display_none.c - the display of a headless-only build (-DWB_BUILD_VIEW=OFF, display.h).
 *
 * Such a build (a hub or a server without SDL) has no screen to open: asking for one gets a
 * clear message and a failure, and everything else does nothing, so main.c wires the program
 * the same way whatever the build.
 */
#include <stdio.h>

#include "display.h"

bool wb_display_available(void)
{
    return false;
}

int wb_display_start(wb_app *app, const wb_display_host *host, wb_display **out)
{
    *out = NULL;
    fprintf(stderr, "wallboard: this wallboard was built without a display "
                    "(-DWB_BUILD_VIEW=OFF): run it with --headless\n");
    return WB_ERR_INVAL;
}

void wb_display_stop(wb_display *d)
{
}

void wb_display_poke(wb_display *d)
{
}

void wb_display_config_changed(wb_display *d)
{
}
