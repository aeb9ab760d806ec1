/*
 * refusals.c - refused messages logged once per reason per minute (see refusals.h).
 */
#include "refusals.h"

#include <stdio.h>

void wb_refusal_note(wb_refusal_log *l, const char *prog, int rc, wb_ms now)
{
    int i = wb_refusal_index(rc);
    if (i < 0)
        return;
    l->since_log[i]++;
    if (l->logged_at[i] != 0 && now - l->logged_at[i] < 60000)
        return;
    fprintf(stderr, "%s: refused %llu message(s): %s (logged at most once a minute)\n", prog,
            (unsigned long long)l->since_log[i], wb_strerror(rc));
    l->logged_at[i] = now;
    l->since_log[i] = 0;
}
