/*
 * test_sub.c - wb_sub on its own: bad URLs and busy ports fail with a clear message and no
 * callback, messages of every size up to the protocol limit (and a little over it, for the
 * board to refuse and count) arrive intact over ipc and tcp, a message over nanomsg's limit
 * never reaches the callback and does not silence the publisher, and freeing inside the
 * callback is safe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_sub.h"
#include "wb_types.h"
#include "test_transport.h"

typedef struct rx {
    int calls;
    size_t last_len;
    unsigned char last_first, last_last;
    bool sizes_ok;
    wb_sub *free_me; /* when set, the callback frees the subscriber */
} rx;

static void on_msg(void *ud, const char *buf, size_t len)
{
    rx *r = ud;
    r->calls++;
    r->last_len = len;
    r->last_first = len ? (unsigned char)buf[0] : 0;
    r->last_last = len ? (unsigned char)buf[len - 1] : 0;
    if (r->free_me) {
        wb_sub_free(r->free_me);
        r->free_me = NULL;
    }
}

static void finish(uv_loop_t *loop, wb_sub *s)
{
    wb_sub_free(s);
    assert_int_equal(test_loop_close(loop), 0);
}

static void test_bad_urls(void **state)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    assert_non_null(s);
    assert_int_equal(wb_sub_connect(s, "http://example.org/"), WB_ERR_INVAL);
    assert_non_null(strstr(wb_sub_strerror(s), "http://example.org/"));
    assert_int_equal(wb_sub_connect(s, "tcp://no-port-here"), WB_ERR_INVAL);
    assert_non_null(strstr(wb_sub_strerror(s), "tcp://no-port-here"));
    assert_int_equal(wb_sub_connect(s, NULL), WB_ERR_INVAL);

    wb_sub_stats st;
    wb_sub_stats_get(s, &st);
    assert_int_equal(st.endpoints, 0);
    uv_run(&loop, UV_RUN_NOWAIT);
    assert_int_equal(r.calls, 0);
    finish(&loop, s);
}

/* A port already bound by another socket: the second bind fails with nanomsg's reason. */
static void test_bind_busy(void **state)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    char url[64];
    int ok = -1;
    srand((unsigned)getpid());
    for (int tries = 0; tries < 20 && ok != 0; tries++) {
        snprintf(url, sizeof url, "tcp://127.0.0.1:%d", 20000 + rand() % 40000);
        ok = wb_sub_bind(s, url);
    }
    assert_int_equal(ok, 0);
    assert_int_equal(wb_sub_bind(s, url), WB_ERR_IO);
    assert_non_null(strstr(wb_sub_strerror(s), "in use"));
    wb_sub_stats st;
    wb_sub_stats_get(s, &st);
    assert_int_equal(st.endpoints, 1);
    finish(&loop, s);
}

/*
 * Sends messages of 1 byte, 1000 bytes, exactly the protocol limit and one byte more (the
 * board refuses that one, so it must reach it), then one byte over nanomsg's limit, then a
 * small one. The four first arrive intact; the huge one never reaches the callback (nanomsg
 * drops its connection, counted as broken) and the subscriber recovers by itself (a fresh
 * socket if the old one is stuck) so that the last one arrives too.
 */
static void roundtrip(const char *url)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    int pub = nn_socket(AF_SP, NN_PUB);
    assert_true(pub >= 0);
    assert_true(nn_bind(pub, url) >= 0);
    assert_int_equal(wb_sub_connect(s, url), 0);

    /* PUB drops what it sends before the subscriber is connected: probe until one arrives. */
    long end = test_mono_ms() + 20000;
    while (r.calls == 0 && test_mono_ms() < end) {
        nn_send(pub, "p", 1, NN_DONTWAIT);
        test_pump_until(&loop, &r.calls, 1, 20);
    }
    assert_true(r.calls > 0);
    int base = r.calls;
    /* Let probes still in flight arrive, so the counts below are exact. */
    test_sleep_ms(100);
    uv_run(&loop, UV_RUN_NOWAIT);
    base = r.calls;

    size_t sizes[] = {1, 1000, WB_MAX_MSG_BYTES, WB_MAX_MSG_BYTES + 1};
    char *big = malloc(WB_SUB_RCVMAXSIZE + 1);
    assert_non_null(big);
    for (size_t i = 0; i < 4; i++) {
        memset(big, 'a', sizes[i]);
        big[0] = '{';
        big[sizes[i] - 1] = '}';
        assert_int_equal(nn_send(pub, big, sizes[i], 0), (int)sizes[i]);
        assert_true(test_pump_until(&loop, &r.calls, base + (int)i + 1, 10000));
        assert_int_equal(r.last_len, sizes[i]);
        assert_int_equal(r.last_last, '}');
    }
    base = r.calls;

    memset(big, 'b', WB_SUB_RCVMAXSIZE + 1);
    assert_int_equal(nn_send(pub, big, WB_SUB_RCVMAXSIZE + 1, 0), WB_SUB_RCVMAXSIZE + 1);
    free(big);
    wb_sub_stats st;
    end = test_mono_ms() + 20000;
    do {
        uv_run(&loop, UV_RUN_NOWAIT);
        test_sleep_ms(5);
        wb_sub_stats_get(s, &st);
    } while (st.broken_connections == 0 && test_mono_ms() < end);
    assert_true(st.broken_connections >= 1);
    assert_int_equal(r.calls, base);

    /* Reconnected without any action: a later message arrives. */
    end = test_mono_ms() + 20000;
    while (r.calls == base && test_mono_ms() < end) {
        nn_send(pub, "z", 1, NN_DONTWAIT);
        test_pump_until(&loop, &r.calls, base + 1, 50);
    }
    assert_true(r.calls > base);
    assert_int_equal(r.last_len, 1);
    wb_sub_stats_get(s, &st);
    assert_int_equal(st.endpoints, 1);
    assert_true(st.resets >= 1);

    nn_close(pub);
    finish(&loop, s);
}

static char tmpdir[64];

static void test_roundtrip_ipc(void **state)
{
    char url[128];
    snprintf(url, sizeof url, "ipc://%s/sub.ipc", tmpdir);
    roundtrip(url);
}

static void test_roundtrip_tcp(void **state)
{
    char url[64];
    for (int tries = 0; tries < 20; tries++) {
        snprintf(url, sizeof url, "tcp://127.0.0.1:%d", 20000 + rand() % 40000);
        /* Check the port is free by binding a throwaway socket first. */
        int t = nn_socket(AF_SP, NN_PUB);
        int ok = nn_bind(t, url);
        nn_close(t);
        if (ok >= 0)
            break;
    }
    roundtrip(url);
}

/* Freeing the subscriber from inside its callback stops delivery at once and leaks nothing. */
static void test_free_in_callback(void **state)
{
    char url[128];
    snprintf(url, sizeof url, "ipc://%s/free.ipc", tmpdir);
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    int pub = nn_socket(AF_SP, NN_PUB);
    assert_true(nn_bind(pub, url) >= 0);
    assert_int_equal(wb_sub_connect(s, url), 0);
    long end = test_mono_ms() + 20000;
    while (r.calls == 0 && test_mono_ms() < end) {
        nn_send(pub, "p", 1, NN_DONTWAIT);
        test_pump_until(&loop, &r.calls, 1, 20);
    }
    assert_true(r.calls > 0);
    r.free_me = s;
    int before = r.calls;
    for (int i = 0; i < 10; i++)
        nn_send(pub, "x", 1, 0);
    assert_true(test_pump_until(&loop, &r.calls, before + 1, 10000));
    /* Nine more were queued; none may be delivered after the free. */
    test_sleep_ms(50);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(r.calls, before + 1);
    assert_int_equal(uv_loop_close(&loop), 0);
    nn_close(pub);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wb_sub_XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    srand((unsigned)(getpid() ^ time(NULL)));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_urls),         cmocka_unit_test(test_bind_busy),
        cmocka_unit_test(test_roundtrip_ipc),    cmocka_unit_test(test_roundtrip_tcp),
        cmocka_unit_test(test_free_in_callback),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return rc;
}
