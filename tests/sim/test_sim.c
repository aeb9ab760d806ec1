/*
 * test_sim.c - the simulator engine: determinism, the life cycle of every contact, arrival
 * profiles and scenarios, and agreement between the engine's own board and the events.
 *
 * The recorder below keeps, per run, what the test itself can count from the event stream
 * (an array of contact states indexed by the contact's number, agent states, arrivals per
 * channel and hour) and a hash of the encoded messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_config_load.h"
#include "wb_sim.h"

/* 2026-03-02 00:00:00 UTC; the default config's zone is UTC, so hours are UTC hours. */
#define DAY0 1772409600000LL
#define HOUR 3600000LL
#define DAY (24 * HOUR)
#define WALL0 1000000LL

enum { NCH = 5 };
static const char *const CHS[NCH] = {"phone", "chat", "email", "social", "webform"};

enum { S_NONE, S_WAITING, S_ANSWERED, S_ABANDONED, S_COMPLETED };

typedef struct rec {
    char *buf;
    uint64_t hash;         /* FNV-1a over every encoded message */
    uint64_t hash_contact; /* FNV-1a over contact/agent messages with ts < hash_until, no seq */
    int64_t hash_until;
    uint64_t n, last_seq;
    int64_t last_ts;
    int errors;            /* protocol or life-cycle violations seen */
    unsigned char *cstate; /* by contact number */
    size_t ccap;
    int arrivals[NCH][24];
    uint32_t answered[NCH], abandoned[NCH];
    int waiting, in_service;
    int agent_state[1001];
    int paused, max_paused_1030; /* paused agents now; max in [10:30, 11:00) */
    /*
     * Pending pauses and logouts ("next"): by agent the state told (+1, 0 none), how many
     * agents were told one, how many then went to it, and how many were told at 10:30:00.
     */
    int pending[1001];
    int next_told, next_kept, next_1030;
    int snap_next; /* agents with "next" in snapshots, summed over them */
    size_t snap_max;
    wb_board *mirror; /* a second board fed the encoded messages, like a wallboard */
} rec;

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 0x100000001b3ULL;
    }
}

static int ch_index(const char *name)
{
    for (int i = 0; i < NCH; i++)
        if (name && strcmp(name, CHS[i]) == 0)
            return i;
    return -1;
}

static void rec_init(rec *r)
{
    memset(r, 0, sizeof *r);
    r->buf = malloc(WB_MAX_MSG_BYTES + 1);
    assert_non_null(r->buf);
    r->hash = r->hash_contact = 0xcbf29ce484222325ULL;
    r->hash_until = INT64_MAX;
    r->last_ts = INT64_MIN;
}

static void rec_fini(rec *r)
{
    free(r->buf);
    free(r->cstate);
    wb_board_free(r->mirror);
}

static unsigned char *cslot(rec *r, const char *id)
{
    if (!id || id[0] != 'c')
        return NULL;
    size_t n = strtoull(id + 1, NULL, 10);
    if (n >= r->ccap) {
        size_t ncap = r->ccap ? r->ccap : 1024;
        while (ncap <= n)
            ncap *= 2;
        r->cstate = realloc(r->cstate, ncap);
        assert_non_null(r->cstate);
        memset(r->cstate + r->ccap, 0, ncap - r->ccap);
        r->ccap = ncap;
    }
    return &r->cstate[n];
}

static void on_event(void *ud, const wb_event *ev)
{
    rec *r = ud;
    int len = wb_event_encode(ev, r->buf, WB_MAX_MSG_BYTES + 1);
    if (len < 0) {
        r->errors++;
        return;
    }
    fnv(&r->hash, r->buf, (size_t)len);
    if (r->mirror && wb_board_ingest(r->mirror, r->buf, (size_t)len, ev->ts) < 0)
        r->errors++;
    if (ev->type == WB_EV_SNAPSHOT && (size_t)len > r->snap_max)
        r->snap_max = (size_t)len;
    for (size_t i = 0; ev->type == WB_EV_SNAPSHOT && i < ev->snap.n_agents; i++) {
        const wb_snap_agent *sa = &ev->snap.agents[i];
        if (sa->has_next && sa->state != WB_AGENT_BUSY && sa->state != WB_AGENT_WRAPUP)
            r->errors++;
        r->snap_next += sa->has_next;
    }

    r->n++;
    if (!ev->has_seq || ev->seq != r->last_seq + 1 || strcmp(ev->src, "sim") != 0)
        r->errors++;
    r->last_seq = ev->seq;
    if (ev->ts < r->last_ts)
        r->errors++;
    r->last_ts = ev->ts;

    int64_t tod = (ev->ts - DAY0) % DAY;
    if (ev->type != WB_EV_SNAPSHOT && ev->type != WB_EV_HEARTBEAT && ev->ts < r->hash_until) {
        /* Everything but seq, which heartbeats and snapshots in between shift. */
        fnv(&r->hash_contact, &ev->type, sizeof ev->type);
        fnv(&r->hash_contact, &ev->ts, sizeof ev->ts);
        const char *strs[] = {ev->id, ev->channel, ev->queue, ev->agent, ev->reason};
        for (size_t i = 0; i < 5; i++)
            if (strs[i])
                fnv(&r->hash_contact, strs[i], strlen(strs[i]) + 1);
        fnv(&r->hash_contact, &ev->state, sizeof ev->state);
        if (ev->has_next)
            fnv(&r->hash_contact, &ev->next, sizeof ev->next);
        fnv(&r->hash_contact, &ev->wait_ms, sizeof ev->wait_ms);
        fnv(&r->hash_contact, &ev->handle_ms, sizeof ev->handle_ms);
    }

    int ch = ch_index(ev->channel);
    unsigned char *cs = NULL;
    if (ev->type >= WB_EV_QUEUED && ev->type <= WB_EV_COMPLETED) {
        cs = cslot(r, ev->id);
        if (!cs || ch < 0) {
            r->errors++;
            return;
        }
    }
    switch (ev->type) {
    case WB_EV_QUEUED:
        if (*cs != S_NONE)
            r->errors++;
        *cs = S_WAITING;
        r->waiting++;
        r->arrivals[ch][tod / HOUR]++;
        break;
    case WB_EV_ANSWERED:
        if (*cs != S_WAITING || !ev->agent || ev->wait_ms < 0)
            r->errors++;
        *cs = S_ANSWERED;
        r->waiting--;
        r->in_service++;
        r->answered[ch]++;
        break;
    case WB_EV_ABANDONED:
        if (*cs != S_WAITING || ev->wait_ms < 0)
            r->errors++;
        *cs = S_ABANDONED;
        r->waiting--;
        r->abandoned[ch]++;
        break;
    case WB_EV_COMPLETED:
        if (*cs != S_ANSWERED || ev->handle_ms < 0)
            r->errors++;
        *cs = S_COMPLETED;
        r->in_service--;
        break;
    case WB_EV_AGENT_STATE: {
        int a = ev->agent && ev->agent[0] == 'a' ? atoi(ev->agent + 1) : -1;
        if (a < 1 || a > 1000 || ev->n_channels == 0 || !ev->name || !ev->team) {
            r->errors++;
            return;
        }
        /* A reason goes with a pause, now or pending after the contact. */
        bool pausing = ev->has_next && ev->next == WB_AGENT_PAUSED;
        if ((ev->state == WB_AGENT_PAUSED || pausing) != (ev->reason != NULL))
            r->errors++;
        bool with_contact = ev->state == WB_AGENT_BUSY || ev->state == WB_AGENT_WRAPUP;
        if (ev->has_next) {
            /* Only an agent with a contact has a "next", and it keeps it to the contact's end. */
            if (!with_contact)
                r->errors++;
            if (!r->pending[a]) {
                r->next_told++;
                r->next_1030 += tod == 10 * HOUR + 30 * 60000;
            }
            r->pending[a] = (int)ev->next + 1;
        } else if (r->pending[a]) {
            /* The pending state, not the next contact, follows. */
            if (ev->state != (wb_agent_state)(r->pending[a] - 1))
                r->errors++;
            r->next_kept++;
            r->pending[a] = 0;
        }
        if (r->agent_state[a] == WB_AGENT_PAUSED)
            r->paused--;
        if (ev->state == WB_AGENT_PAUSED)
            r->paused++;
        r->agent_state[a] = (int)ev->state;
        if (tod >= 10 * HOUR + 30 * 60000 && tod < 11 * HOUR && r->paused > r->max_paused_1030)
            r->max_paused_1030 = r->paused;
        break;
    }
    default:
        break;
    }
}

/* Runs a simulator from `start` until simulated time `until`, in wall steps of `step` ms. */
static wb_sim *run(rec *r, const char *scenario, uint64_t seed, double speed, int64_t start,
                   int64_t until, int64_t step)
{
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.seed = seed;
    o.speed = speed;
    o.scenario = scenario;
    o.start = start;
    wb_sim *s = wb_sim_new(&o);
    assert_non_null(s);
    int64_t end_wall = WALL0 + (int64_t)((double)(until - start) / speed);
    for (int64_t w = WALL0;; w += step) {
        if (w > end_wall)
            w = end_wall;
        assert_true(wb_sim_advance(s, w, on_event, r) >= 0);
        if (w == end_wall)
            break;
    }
    return s;
}

/* ------------------------------------------------------------------ tests */

static void test_bad_options(void **state)
{
    (void)state;
    wb_sim_opts o;
    wb_sim_opts_default(&o);
    o.start = DAY0;
    wb_sim *s = wb_sim_new(&o);
    assert_non_null(s);
    wb_sim_free(s);

    o.scenario = "hurricane";
    assert_null(wb_sim_new(&o));
    o.scenario = "surge";
    o.speed = 0;
    assert_null(wb_sim_new(&o));
    o.speed = 1;
    o.n_agents = 0;
    assert_null(wb_sim_new(&o));
    o.n_agents = 60;
    o.start = 0;
    assert_null(wb_sim_new(&o));

    const char *const *names = wb_sim_scenarios();
    assert_string_equal(names[0], "normal");
    assert_string_equal(names[1], "surge");
    assert_string_equal(names[2], "break");
    assert_null(names[3]);
}

static void test_default_config(void **state)
{
    (void)state;
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    wb_sim_default_config(cfg);
    assert_int_equal(cfg->n_channels, NCH);
    for (int i = 0; i < NCH; i++) {
        int k = wb_config_channel_index(cfg, CHS[i]);
        assert_true(k >= 0);
        assert_true(cfg->channels[k].label_fi[0] != '\0');
        assert_int_equal(cfg->channels[k].realtime, i < 2);
    }
    assert_string_equal(cfg->channels[wb_config_channel_index(cfg, "email")].label_fi,
                        "Sähköposti");
    assert_int_equal(cfg->channels[wb_config_channel_index(cfg, "phone")].sl_t_ms, 20000);

    /*
     * The built-in configuration (the demo's and the screenshots') warns on the queue where
     * the example wallboard.ini does: the same waiting and oldest-wait limits per channel.
     */
    wb_config *ini = malloc(sizeof *ini);
    assert_non_null(ini);
    char err[256];
    assert_int_equal(wb_config_load(ini, WB_SRCDIR "/wallboard.ini", err, sizeof err), WB_OK);
    const wb_rule rules[] = {WB_RULE_WAITING, WB_RULE_OLDEST_WAIT};
    for (int i = 0; i < NCH; i++) {
        const wb_channel_cfg *a = &cfg->channels[wb_config_channel_index(cfg, CHS[i])];
        int k = wb_config_channel_index(ini, CHS[i]);
        assert_true(k >= 0);
        const wb_channel_cfg *b = &ini->channels[k];
        /* Email and web forms keep waiting contacts for two days in both, the rest use the
         * site's default (-1). */
        assert_int_equal(a->expiry_ms, b->expiry_ms);
        for (size_t r = 0; r < 2; r++) {
            const wb_threshold *x = &a->th[rules[r]], *y = &b->th[rules[r]];
            assert_int_equal(x->warn_on, y->warn_on);
            assert_int_equal(x->alarm_on, y->alarm_on);
            if (x->warn_on)
                assert_float_equal(x->warn, y->warn, 1e-9);
            if (x->alarm_on)
                assert_float_equal(x->alarm, y->alarm, 1e-9);
        }
    }
    /* Phone warns at 5 waiting and alarms at 10 (both files, by hand). */
    const wb_channel_cfg *ph = &cfg->channels[wb_config_channel_index(cfg, "phone")];
    assert_true(ph->th[WB_RULE_WAITING].warn_on && ph->th[WB_RULE_WAITING].warn == 5);
    assert_true(ph->th[WB_RULE_WAITING].alarm_on && ph->th[WB_RULE_WAITING].alarm == 10);
    assert_int_equal(cfg->channels[wb_config_channel_index(cfg, "email")].expiry_ms,
                     2880LL * 60000);
    assert_int_equal(ph->expiry_ms, -1);
    free(ini);
    free(cfg);
}

/* Same seed: byte-identical messages. Another seed: different ones. */
static void test_determinism(void **state)
{
    (void)state;
    rec a, b, c;
    rec_init(&a);
    rec_init(&b);
    rec_init(&c);
    wb_sim_free(run(&a, "normal", 42, 1000, DAY0 + 7 * HOUR, DAY0 + 13 * HOUR, 500));
    wb_sim_free(run(&b, "normal", 42, 1000, DAY0 + 7 * HOUR, DAY0 + 13 * HOUR, 500));
    wb_sim_free(run(&c, "normal", 43, 1000, DAY0 + 7 * HOUR, DAY0 + 13 * HOUR, 500));
    assert_true(a.n > 1000);
    assert_int_equal(a.n, b.n);
    assert_true(a.hash == b.hash);
    assert_true(a.hash != c.hash);
    assert_int_equal(a.errors, 0);
    rec_fini(&a);
    rec_fini(&b);
    rec_fini(&c);
}

/*
 * Wall-paced messages (heartbeats, snapshots) are due at wall times derived from the first
 * call, not at call boundaries, so how wall time is sliced into calls changes nothing at all.
 */
static void test_granularity(void **state)
{
    (void)state;
    rec a, b;
    rec_init(&a);
    rec_init(&b);
    wb_sim_free(run(&a, "surge", 7, 600, DAY0 + 8 * HOUR, DAY0 + 12 * HOUR, 100));
    wb_sim_free(run(&b, "surge", 7, 600, DAY0 + 8 * HOUR, DAY0 + 12 * HOUR, 7000));
    assert_true(a.n > 1000);
    assert_int_equal(a.n, b.n);
    assert_true(a.hash == b.hash);
    assert_int_equal(a.errors + b.errors, 0);
    rec_fini(&a);
    rec_fini(&b);
}

/*
 * A whole day from midnight: every contact's life cycle is valid, seq is contiguous, ts never
 * goes back, the engine's board and a second board fed only the encoded messages agree with
 * what the test counted itself, and contact records are reused.
 */
static void test_day(void **state)
{
    (void)state;
    rec r;
    rec_init(&r);
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    wb_sim_default_config(cfg);
    r.mirror = wb_board_new(cfg);
    assert_non_null(r.mirror);
    free(cfg);

    int64_t end = DAY0 + DAY - 1000;
    wb_sim *s = run(&r, "normal", 1, 1000, DAY0, end, 1000);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.last_seq, r.n);
    assert_true(r.last_ts <= end);

    /* Every contact ever queued is now answered, abandoned, completed or still waiting. */
    int counted_waiting = 0, counted_service = 0, total = 0;
    for (size_t i = 0; i < r.ccap; i++) {
        if (r.cstate[i] == S_NONE)
            continue;
        total++;
        counted_waiting += r.cstate[i] == S_WAITING;
        counted_service += r.cstate[i] == S_ANSWERED;
    }
    assert_int_equal(counted_waiting, r.waiting);
    assert_int_equal(counted_service, r.in_service);
    /* Hand-set volumes sum to 3550 contacts a day, plus phone callers who switch to chat. */
    assert_true(total > 3000 && total < 4500);

    wb_sim_stats st;
    wb_sim_stats_get(s, &st);
    assert_int_equal(st.messages, r.n);
    assert_int_equal(st.board_errors, 0);
    assert_int_equal(st.snapshots_dropped, 0);
    assert_true(st.by_type[WB_EV_SNAPSHOT] > 20); /* one per 3 s of 86 s of wall time */
    assert_int_equal(st.waiting, r.waiting);
    assert_int_equal(st.in_service, r.in_service);
    /* Completed contacts are freed: only the live ones hold records, far fewer than a day's. */
    assert_int_equal(st.contacts_live, r.waiting + r.in_service);
    assert_true(st.contacts_cap < (uint32_t)total / 4);
    print_message("day: %d contacts, %llu messages, %u records, largest snapshot %zu bytes\n",
                  total, (unsigned long long)r.n, st.contacts_cap, r.snap_max);
    assert_true(r.snap_max <= WB_MAX_MSG_BYTES);

    wb_board *boards[2] = {wb_sim_board(s), r.mirror};
    for (int b = 0; b < 2; b++) {
        wb_model *m = wb_board_model(boards[b]);
        wb_channel_metrics cm;
        for (int i = 0; i < NCH; i++) {
            int k = wb_model_channel_index(m, CHS[i]);
            assert_true(k >= 0);
            wb_model_channel_metrics(m, (size_t)k, end, &cm);
            assert_int_equal(cm.today.c.answered, r.answered[i]);
            assert_int_equal(cm.today.c.abandoned, r.abandoned[i]);
        }
    }
    /*
     * Email is worked in rounds every 30 minutes: an email waits for the next round at least,
     * 15 minutes on average over a day (uniform arrivals within a round), never seconds.
     * Phone is answered within a couple of minutes on a normal day.
     */
    {
        wb_model *m = wb_board_model(wb_sim_board(s));
        wb_channel_metrics cm;
        wb_model_channel_metrics(m, (size_t)wb_model_channel_index(m, "email"), end, &cm);
        assert_true(cm.today.asa_s > 10 * 60.0);
        assert_true(cm.today.asa_s < 4 * 3600.0);
        wb_model_channel_metrics(m, (size_t)wb_model_channel_index(m, "phone"), end, &cm);
        assert_true(cm.today.asa_s < 120.0);
    }
    /* Realism, from the hand-set parameters: phone is answered mostly, email never abandons. */
    assert_true(r.answered[0] > 4 * r.abandoned[0]);
    assert_int_equal(r.abandoned[2], 0);
    assert_int_equal(r.abandoned[4], 0);
    /* Chat opens at 08:00 and phone at 07:00 (hourly weights 0 before). */
    for (int h = 0; h < 7; h++)
        assert_int_equal(r.arrivals[0][h] + r.arrivals[1][h], 0);
    assert_true(r.arrivals[2][3] > 0 || r.arrivals[2][4] > 0); /* email arrives at night */
    wb_sim_free(s);
    rec_fini(&r);
}

/*
 * Profiles and scenarios, same seed. Phone weights: about 3 in 07-08 against 12 in 10-11.
 * Surge: phone x3 in 10-11; chat x1.3 .. x2.0 from 10:15 to 11:45 plus callers switching.
 * Before 10:00 the two runs draw from the same streams, so their events are identical.
 */
static void test_surge(void **state)
{
    (void)state;
    rec n, s;
    rec_init(&n);
    rec_init(&s);
    n.hash_until = s.hash_until = DAY0 + 10 * HOUR;
    wb_sim_free(run(&n, "normal", 5, 2000, DAY0 + 6 * HOUR, DAY0 + 14 * HOUR, 1000));
    wb_sim_free(run(&s, "surge", 5, 2000, DAY0 + 6 * HOUR, DAY0 + 14 * HOUR, 1000));
    assert_int_equal(n.errors + s.errors, 0);
    print_message("phone 07-08 %d, 10-11 normal %d surge %d; chat 10-12 normal %d surge %d\n",
                  n.arrivals[0][7], n.arrivals[0][10], s.arrivals[0][10],
                  n.arrivals[1][10] + n.arrivals[1][11], s.arrivals[1][10] + s.arrivals[1][11]);
    assert_true(n.arrivals[0][10] > 2 * n.arrivals[0][7]);
    assert_true(s.hash_contact == n.hash_contact);
    assert_true(s.arrivals[0][10] > 2 * n.arrivals[0][10]);
    assert_int_equal(s.arrivals[1][9], n.arrivals[1][9]);
    /* Chat in 10:00-12:00: the multipliers average 1.48 over those two hours. */
    int chat_n = n.arrivals[1][10] + n.arrivals[1][11];
    int chat_s = s.arrivals[1][10] + s.arrivals[1][11];
    assert_true(chat_s * 10 > chat_n * 13);
    rec_fini(&n);
    rec_fini(&s);
}

/* Break: 40 % of the ~45 agents logged in at 10:30 pause together (~18), on top of the usual. */
static void test_group_break(void **state)
{
    (void)state;
    rec n, b;
    rec_init(&n);
    rec_init(&b);
    n.hash_until = b.hash_until = DAY0 + 10 * HOUR + 30 * 60000;
    wb_sim_free(run(&n, "normal", 9, 2000, DAY0 + 6 * HOUR, DAY0 + 12 * HOUR, 1000));
    wb_sim_free(run(&b, "break", 9, 2000, DAY0 + 6 * HOUR, DAY0 + 12 * HOUR, 1000));
    assert_int_equal(n.errors + b.errors, 0);
    assert_true(b.hash_contact == n.hash_contact);
    print_message("most agents paused at once 10:30-11:00: normal %d, break %d\n",
                  n.max_paused_1030, b.max_paused_1030);
    assert_true(b.max_paused_1030 >= 15);
    /* About 35 agents are on the floor and unpaused at 10:30; 40 % of them is 14. */
    assert_true(b.max_paused_1030 >= n.max_paused_1030 + 7);
    rec_fini(&n);
    rec_fini(&b);
}

/*
 * Break, until just after 10:30: the agents the group break finds busy tell it at 10:30:00
 * with "next" (the recorder checks that each then pauses and nothing else), and the engine's
 * board and a wallboard fed its messages both hold them as busy with a pause pending, out of
 * the forecast's N and in the channel's "pausing"; the engine's snapshots carry them.
 */
static void test_pending_pause(void **state)
{
    (void)state;
    rec r;
    rec_init(&r);
    wb_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    wb_sim_default_config(cfg);
    r.mirror = wb_board_new(cfg);
    assert_non_null(r.mirror);
    free(cfg);
    /* Slow enough that the engine's board ticks (at each snapshot) keep up with its events. */
    int64_t end = DAY0 + 10 * HOUR + 30 * 60000 + 1000;
    wb_sim *s = run(&r, "break", 9, 500, DAY0 + 8 * HOUR, end, 1000);
    wb_sim_stats st;
    wb_sim_stats_get(s, &st);
    assert_int_equal(r.errors, 0);
    assert_int_equal(st.board_errors, 0);
    /* The morning peak keeps most agents busy: of ~14 on the break, most are told "next". */
    print_message("pending at 10:30: %d told (%d over the morning, %d kept)\n", r.next_1030,
                  r.next_told, r.next_kept);
    assert_true(r.next_1030 >= 5);
    /* The engine's snapshots (one per 25 simulated minutes here) carry them too. */
    print_message("agents with \"next\" over the snapshots: %d\n", r.snap_next);
    assert_true(r.snap_next > 0);
    int pending = 0;
    for (int a = 0; a <= 1000; a++)
        pending += r.pending[a] != 0;
    assert_int_equal(r.next_told - r.next_kept, pending);
    assert_true(pending >= 5);
    wb_board *boards[2] = {wb_sim_board(s), r.mirror};
    for (int b = 0; b < 2; b++) {
        wb_model *m = wb_board_model(boards[b]);
        int k = wb_model_channel_index(m, "phone");
        uint32_t has = 0, serving = 0, here = 0;
        assert_true(k >= 0);
        for (size_t i = 0; i < wb_model_agent_count(m); i++) {
            wb_agent_info ai;
            wb_model_agent_info(m, i, &ai);
            if (!ai.has_next)
                continue;
            has++;
            serving += (ai.channels >> k) & 1u;
            here += ai.work_ch == k;
            assert_true(ai.state == WB_AGENT_BUSY || ai.state == WB_AGENT_WRAPUP);
            int a = atoi(ai.agent + 1);
            assert_int_equal(r.pending[a], (int)ai.next + 1);
        }
        assert_int_equal(has, (uint32_t)pending);
        /* Phone's N leaves out those working on phone; its busy counts keep them. */
        wb_channel_metrics cm;
        wb_model_channel_metrics(m, (size_t)k, end, &cm);
        assert_true(here > 0);
        assert_int_equal(cm.pausing, serving);
        assert_int_equal(cm.staffed,
                         cm.agents[WB_AGENT_AVAILABLE] + cm.busy_here + cm.wrapup_here - here);
    }
    wb_sim_free(s);
    rec_fini(&r);
}

/*
 * Three days: the engine rolls over midnight, and its contact records do not grow with the
 * days. Day 1 starts empty; from day 2 on the night's email backlog (about 200 contacts by
 * 07:00) is the largest set alive, far below the ~3500 contacts of one day.
 */
static void test_days_bounded(void **state)
{
    (void)state;
    rec r;
    rec_init(&r);
    wb_sim *s = run(&r, "normal", 3, 20000, DAY0, DAY0 + DAY, 1000);
    wb_sim_stats st[3];
    wb_sim_stats_get(s, &st[0]);
    for (int d = 1; d < 3; d++) {
        int64_t from = WALL0 + d * DAY / 20000, to = WALL0 + (d + 1) * DAY / 20000;
        for (int64_t w = from; w <= to; w += 500)
            assert_true(wb_sim_advance(s, w, on_event, &r) >= 0);
        wb_sim_stats_get(s, &st[d]);
    }
    assert_int_equal(r.errors, 0);
    assert_true(st[2].offered > 2 * st[0].offered);
    assert_true(st[2].contacts_cap <= 2 * st[1].contacts_cap);
    assert_true(st[2].contacts_cap < st[2].offered / 10);
    assert_int_equal(st[2].contacts_live, st[2].waiting + st[2].in_service);
    assert_int_equal(st[2].contacts_live, r.waiting + r.in_service);
    wb_sim_free(s);
    rec_fini(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_options),  cmocka_unit_test(test_default_config),
        cmocka_unit_test(test_determinism),  cmocka_unit_test(test_granularity),
        cmocka_unit_test(test_day),          cmocka_unit_test(test_surge),
        cmocka_unit_test(test_group_break),  cmocka_unit_test(test_pending_pause),
        cmocka_unit_test(test_days_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
