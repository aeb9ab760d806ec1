/*
 * test_sub.c - wb_sub on its own: bad URLs (an inproc:// one with its reason) and busy ports
 * fail with a clear message and no callback, messages of every size up to the protocol limit
 * (and a little over it, for the board to refuse and count) arrive intact over ipc and tcp, a
 * message over nanomsg's limit never reaches the callback and does not silence the publisher,
 * and freeing inside the callback is safe. The receive thread: messages come out in the order
 * sent; a full ring drops what does not fit and counts it, every message received being either
 * delivered or counted; the thread exists from the first endpoint and is gone when
 * wb_sub_free() returns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>
#include <nanomsg/nn.h>
#include <nanomsg/pubsub.h>

#include "wb_sub.h"
#include "wb_types.h"
#include "test_transport.h"

typedef struct rx {
    int calls;
    int in_order; /* messages "0", "1", ... seen in sequence, counted from expect_from */
    int expect_from;
    bool track; /* count numbered messages not above the previous one */
    int last_num, out_of_order;
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
    char tmp[16];
    if (len < sizeof tmp) {
        memcpy(tmp, buf, len);
        tmp[len] = '\0';
        int v = atoi(tmp);
        if (v == r->expect_from + r->in_order && tmp[0] >= '0' && tmp[0] <= '9')
            r->in_order++;
        if (r->track) {
            if (v <= r->last_num)
                r->out_of_order++;
            r->last_num = v;
        }
    }
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
    /* The schemes offered are the ones that can reach a publisher in another process, the
     * same ones the publishers take (nanomsg has no wss://). */
    assert_int_equal(wb_sub_connect(s, "wss://127.0.0.1:5555"), WB_ERR_INVAL);
    assert_string_equal(wb_sub_strerror(s),
                        "connect wss://127.0.0.1:5555: expected a URL starting with tcp://, "
                        "ipc:// or ws://");
    /*
     * nanomsg itself accepts an inproc:// address and waits for a peer in this process that
     * never comes: it is refused, with that reason, for connect and bind alike.
     */
    assert_int_equal(wb_sub_connect(s, "inproc://wallboard"), WB_ERR_INVAL);
    assert_string_equal(wb_sub_strerror(s),
                        "connect inproc://wallboard: an inproc:// address reaches only sockets "
                        "inside this same process, never another program; use tcp://HOST:PORT, "
                        "ipc://PATH or ws://HOST:PORT");
    assert_int_equal(wb_sub_bind(s, "inproc://wallboard"), WB_ERR_INVAL);
    assert_non_null(strstr(wb_sub_strerror(s), "bind inproc://wallboard: an inproc:// address"));

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

/* Binds a PUB at url, connects s to it and probes until one probe arrived and the rest drained. */
static int connect_probed(uv_loop_t *loop, wb_sub *s, rx *r, const char *url)
{
    int pub = nn_socket(AF_SP, NN_PUB);
    assert_true(pub >= 0);
    assert_true(nn_bind(pub, url) >= 0);
    assert_int_equal(wb_sub_connect(s, url), 0);
    long end = test_mono_ms() + 20000;
    while (r->calls == 0 && test_mono_ms() < end) {
        nn_send(pub, "p", 1, NN_DONTWAIT);
        test_pump_until(loop, &r->calls, 1, 20);
    }
    assert_true(r->calls > 0);
    test_sleep_ms(100);
    test_pump_for(loop, 20);
    return pub;
}

static void send_numbers(int pub, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        char b[16];
        int len = snprintf(b, sizeof b, "%d", i);
        assert_int_equal(nn_send(pub, b, (size_t)len, 0), len);
    }
}

/*
 * 3,000 numbered messages, sent a little paced (a PUB socket drops what its connection cannot
 * take at once, which is no concern of the subscriber): whatever the thread received is
 * delivered, in increasing order, none twice, none dropped by the ring.
 */
static void test_order(void **state)
{
    char url[128];
    snprintf(url, sizeof url, "ipc://%s/order.ipc", tmpdir);
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    int pub = connect_probed(&loop, s, &r, url);
    int base = r.calls;
    wb_sub_stats st0;
    wb_sub_stats_get(s, &st0);
    r.last_num = -1;
    r.track = true;
    for (int i = 0; i < 3000; i++) {
        send_numbers(pub, i, 1);
        if (i % 10 == 9)
            test_sleep_ms(1);
    }
    /* A PUB socket drops what its connection cannot take at once: wait for what came. */
    wb_sub_stats st;
    long end = test_mono_ms() + 20000;
    do {
        test_pump_for(&loop, 20);
        wb_sub_stats_get(s, &st);
    } while ((st.queued > 0 || st.messages - st0.messages < 3000) && test_mono_ms() < end);
    int got = (int)(st.messages - st0.messages);
    assert_true(got > 0);
    assert_int_equal(r.calls - base, got);
    assert_int_equal(r.out_of_order, 0);
    assert_int_equal(st.dropped_ring_full, 0);
    assert_int_equal(st.queued, 0);
    nn_close(pub);
    finish(&loop, s);
}

/*
 * A ring of 8 slots and a loop that does not run: of 50 messages the thread receives all 50,
 * queues the first 8 and drops and counts the other 42. Once the loop runs it delivers
 * exactly those 8, "0" to "7", in order. Every message received is delivered or counted.
 */
static void test_ring_full_counted(void **state)
{
    char url[128];
    snprintf(url, sizeof url, "ipc://%s/full.ipc", tmpdir);
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    assert_int_equal(wb_sub_set_ring(s, 8, 1024), 0);
    int pub = connect_probed(&loop, s, &r, url);
    /* Too late once the thread runs. */
    assert_int_equal(wb_sub_set_ring(s, 16, 1024), WB_ERR_INVAL);
    wb_sub_stats st0, st;
    wb_sub_stats_get(s, &st0);
    assert_int_equal(st0.queued, 0);
    assert_int_equal(st0.messages, (uint64_t)r.calls + st0.dropped_ring_full);
    int base = r.calls;

    send_numbers(pub, 0, 50);
    long end = test_mono_ms() + 20000;
    do {
        test_sleep_ms(5);
        wb_sub_stats_get(s, &st);
    } while (st.messages < st0.messages + 50 && test_mono_ms() < end);
    assert_int_equal(st.messages, st0.messages + 50);
    assert_int_equal(st.dropped_ring_full, st0.dropped_ring_full + 42);
    assert_int_equal(st.queued, 8);
    assert_int_equal(r.calls, base);

    test_pump_for(&loop, 100);
    assert_int_equal(r.calls, base + 8);
    assert_int_equal(r.in_order, 8);
    wb_sub_stats_get(s, &st);
    assert_int_equal(st.queued, 0);
    assert_int_equal(st.messages, (uint64_t)r.calls + st.dropped_ring_full);
    nn_close(pub);
    finish(&loop, s);
}

static int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/*
 * The receive thread starts with the first endpoint and is joined by wb_sub_free(): one more
 * thread than before while connected, the same number again right after the free. A PUB
 * socket stays open throughout, so nanomsg's own worker threads neither start nor stop.
 */
static void test_thread_joined(void **state)
{
    char url[128];
    snprintf(url, sizeof url, "ipc://%s/join.ipc", tmpdir);
    int pub = nn_socket(AF_SP, NN_PUB);
    assert_true(nn_bind(pub, url) >= 0);
    int before = count_threads();
    if (before < 0)
        skip();
    uv_loop_t loop;
    uv_loop_init(&loop);
    rx r = {0};
    wb_sub *s = wb_sub_new(&loop, on_msg, &r);
    assert_int_equal(count_threads(), before);
    assert_int_equal(wb_sub_connect(s, url), 0);
    assert_int_equal(count_threads(), before + 1);
    assert_int_equal(wb_sub_connect(s, url), 0);
    assert_int_equal(count_threads(), before + 1);
    wb_sub_free(s);
    assert_int_equal(count_threads(), before);
    assert_int_equal(test_loop_close(&loop), 0);
    nn_close(pub);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wb_sub_XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    srand((unsigned)(getpid() ^ time(NULL)));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_urls),          cmocka_unit_test(test_bind_busy),
        cmocka_unit_test(test_roundtrip_ipc),     cmocka_unit_test(test_roundtrip_tcp),
        cmocka_unit_test(test_free_in_callback),  cmocka_unit_test(test_order),
        cmocka_unit_test(test_ring_full_counted), cmocka_unit_test(test_thread_joined),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return rc;
}
