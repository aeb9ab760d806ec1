/*
 * test_transport.h - what the transport tests share around a libuv loop and nanomsg sockets:
 * running the loop until something happened or for a while, a free tcp port on the loopback,
 * and closing a loop with everything on it. Header-only (static inline): each test file is
 * its own executable. The caller owns its loop and sockets; nothing here allocates.
 */
#ifndef WB_TEST_TRANSPORT_H
#define WB_TEST_TRANSPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>
#include <uv.h>

#include "test_clock.h"

/* Runs the loop until *count reaches want or timeout_ms passes; true if it was reached. */
static inline bool test_pump_until(uv_loop_t *loop, const int *count, int want, long timeout_ms)
{
    wb_ms end = test_mono_ms() + timeout_ms;
    while (test_mono_ms() < end) {
        uv_run(loop, UV_RUN_NOWAIT);
        if (*count >= want)
            return true;
        test_sleep_ms(2);
    }
    return *count >= want;
}

/* Runs the loop for ms milliseconds of wall time (at least once). */
static inline void test_pump_for(uv_loop_t *loop, long ms)
{
    wb_ms end = test_mono_ms() + ms;
    do {
        uv_run(loop, UV_RUN_NOWAIT);
        test_sleep_ms(2);
    } while (test_mono_ms() < end);
}

/*
 * Writes "tcp://127.0.0.1:PORT" with a random high port that was free a moment ago (checked by
 * binding a throwaway PUB socket) into url. Returns false when none was found in 50 tries.
 */
static inline bool test_free_tcp_url(char *url, size_t cap)
{
    for (int tries = 0; tries < 50; tries++) {
        snprintf(url, cap, "tcp://127.0.0.1:%d", 20000 + rand() % 40000);
        int t = nn_socket(AF_SP, NN_PUB);
        if (t < 0)
            return false;
        int ok = nn_bind(t, url);
        nn_close(t);
        if (ok >= 0)
            return true;
    }
    return false;
}

/* Runs the close callbacks still due and closes the loop; 0, or libuv's UV_EBUSY when a
 * handle was left open. */
static inline int test_loop_close(uv_loop_t *loop)
{
    uv_run(loop, UV_RUN_DEFAULT);
    return uv_loop_close(loop);
}

#endif
