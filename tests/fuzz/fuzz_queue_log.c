/*
 * fuzz_queue_log.c - libFuzzer target for the queue_log line parser and its mapping.
 *
 * The input is a queue_log: lines separated by '\n'. Each line must either be refused with
 * one of the reasons or be mapped; every event the mapper produces must encode as protocol v1
 * (valid UTF-8, strings within the limits) and decode again to the same type and id. Any other
 * outcome aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wb_astmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[WB_MAX_MSG_BYTES];

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_queue_log: %s\n", what);
        abort();
    }
}

static void on_event(void *ud, const wb_event *ev)
{
    (void)ud;
    int n = wb_event_encode(ev, out, sizeof out);
    check(n > 0, "a mapped event does not encode");
    wb_event back;
    check(wb_event_decode(&back, out, (size_t)n) == WB_OK, "an encoded event does not decode");
    check(back.type == ev->type, "decoded type differs");
    if (ev->id)
        check(back.id && strcmp(back.id, ev->id) == 0, "decoded id differs");
    wb_event_fini(&back);
}

static void on_left(void *ud, const char *id, wb_ms ts)
{
    (void)ud;
    (void)ts;
    check(id && wb_utf8_valid(id, strlen(id)), "left id not UTF-8");
}

static void on_restart(void *ud, wb_ms ts)
{
    (void)ud;
    (void)ts;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wb_astcfg *cfg;
    if (!cfg) {
        cfg = wb_astcfg_new();
        char err[256];
        const char *ini = "[asterisk]\nwrapup_s = 5\n[queue.sales]\nname = Sales\n"
                          "[agent.a1]\nmember = Alice\nmember = PJSIP/2001\n";
        check(cfg && wb_astcfg_load_string(cfg, "fuzz.ini", ini, err, sizeof err) == WB_OK,
              "config");
    }
    wb_astmap *m = wb_astmap_new(cfg);
    check(m != NULL, "out of memory");
    const wb_astmap_out o = {on_event, on_left, on_restart, NULL};
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        wb_qlog_reason r = wb_astmap_feed(m, p, len, &o);
        check(r == WB_QLOG_OK || wb_qlog_reason_index(r) >= 0, "reason out of range");
        p += len + (nl != NULL);
    }
    wb_astmap_tick(m, INT64_C(4102444800000), &o);
    wb_astmap_free(m);
    return 0;
}
