/*
 * test_model_agents.c - the model's figures that a blended floor and a replayed day depend on:
 * agents counted once (site-wide) and "here" on the channel of their contact, the forecast's
 * N, the work channel surviving a snapshot, and "today" on event time. Numbers are worked by
 * hand from the definitions in docs/metrics.md.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wb_board.h"
#include "wb_model.h"

/* 2026-11-25T00:00:00Z */
#define DAY0 1795564800000LL
#define H(x) ((wb_ms)(x)*3600 * 1000)
#define S(x) ((wb_ms)(x)*1000)

enum { PHONE, CHAT, EMAIL, SOCIAL };
static const char *const CH[] = {"phone", "chat", "email", "social"};

static void config(wb_config *cfg, const char *tz)
{
    wb_config_defaults(cfg);
    snprintf(cfg->tz, sizeof cfg->tz, "%s", tz);
    cfg->n_channels = 0;
    for (size_t i = 0; i < 4; i++) {
        wb_channel_cfg *ch = &cfg->channels[cfg->n_channels++];
        wb_channel_cfg_default(cfg, ch, CH[i]);
        ch->sl_t_ms = S(20);
        ch->sl_target = 0.8;
        ch->short_abandon_ms = S(5);
        ch->formula = WB_SL_OFFERED;
        ch->realtime = i < 2;
        ch->default_aht_s = 180;
    }
}

static int apply(wb_model *m, wb_event e)
{
    return wb_model_apply(m, &e, e.ts);
}

static wb_event contact_ev(wb_event_type t, const char *id, int ch, wb_ms ts, const char *agent)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, t, ts);
    e.id = id;
    e.channel = CH[ch];
    e.agent = agent;
    return e;
}

/* agent.state of id in state st at ts, serving the channels set in mask. */
static wb_event agent_ev(const char *id, wb_agent_state st, wb_ms ts, unsigned mask)
{
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_AGENT_STATE, ts);
    e.agent = id;
    e.state = st;
    for (int c = 0; c < 4; c++)
        if (mask & (1u << c))
            e.channels[e.n_channels++] = CH[c];
    return e;
}

#define P (1u << PHONE)
#define C (1u << CHAT)
#define E (1u << EMAIL)
#define SO (1u << SOCIAL)

/* An agent who answers contact id on channel ch at ts: busy, then the answer names it. */
static void takes(wb_model *m, const char *agent, unsigned serves, const char *id, int ch, wb_ms ts)
{
    apply(m, contact_ev(WB_EV_QUEUED, id, ch, ts - S(10), NULL));
    apply(m, agent_ev(agent, WB_AGENT_BUSY, ts, serves));
    apply(m, contact_ev(WB_EV_ANSWERED, id, ch, ts, agent));
}

/*
 * Eight blended agents, each serving email, social and web-form-like work besides their
 * real-time skills:
 *   b1 P,E,S  busy on phone      b5 E,S    busy on email
 *   b2 P,E,S  busy on phone      b6 E,S    wrap-up on email
 *   b3 C,E,S  busy on chat       b7 P,E,S  available
 *   b4 E,S    busy on email      b8 E,S    paused
 * Per channel "able to serve it" counts every agent on every channel it serves: all eight
 * serve email and social, so both show busy b1..b5 = 5, wrap-up b6, available b7, paused b8.
 * Summed over the four tiles that is 5 + 5 + 2 + 1 = 13 busy for 5 busy agents: the figure
 * that must not be summed. busy_here: phone 2 (b1 b2), chat 1 (b3), email 2 (b4 b5), social
 * 0; wrapup_here: email 1 (b6). Summed: 5 busy, 1 wrap-up, the site-wide totals.
 */
static void test_busy_here_sums_to_agents(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(10);
    takes(m, "b1", P | E | SO, "k1", PHONE, t);
    takes(m, "b2", P | E | SO, "k2", PHONE, t + 1);
    takes(m, "b3", C | E | SO, "k3", CHAT, t + 2);
    takes(m, "b4", E | SO, "k4", EMAIL, t + 3);
    takes(m, "b5", E | SO, "k5", EMAIL, t + 4);
    takes(m, "b6", E | SO, "k6", EMAIL, t + 5);
    apply(m, agent_ev("b6", WB_AGENT_WRAPUP, t + S(60), E | SO));
    apply(m, agent_ev("b7", WB_AGENT_AVAILABLE, t, P | E | SO));
    apply(m, agent_ev("b8", WB_AGENT_PAUSED, t, E | SO));

    wb_channel_metrics cm[4];
    wb_ms now = t + S(70);
    for (size_t c = 0; c < 4; c++)
        wb_model_channel_metrics(m, c, now, &cm[c]);
    assert_int_equal(cm[EMAIL].agents[WB_AGENT_BUSY], 5);
    assert_int_equal(cm[SOCIAL].agents[WB_AGENT_BUSY], 5);
    assert_int_equal(cm[PHONE].agents[WB_AGENT_BUSY], 2);
    assert_int_equal(cm[CHAT].agents[WB_AGENT_BUSY], 1);
    const unsigned busy_here[4] = {2, 1, 2, 0}, wrap_here[4] = {0, 0, 1, 0};
    unsigned sum_busy = 0, sum_wrap = 0;
    for (size_t c = 0; c < 4; c++) {
        assert_int_equal(cm[c].busy_here, busy_here[c]);
        assert_int_equal(cm[c].wrapup_here, wrap_here[c]);
        sum_busy += cm[c].busy_here;
        sum_wrap += cm[c].wrapup_here;
    }
    uint32_t tot[WB_AGENT_NSTATES];
    wb_model_agent_totals(m, tot);
    assert_int_equal(tot[WB_AGENT_BUSY], 5);
    assert_int_equal(tot[WB_AGENT_WRAPUP], 1);
    assert_int_equal(tot[WB_AGENT_AVAILABLE], 1);
    assert_int_equal(tot[WB_AGENT_PAUSED], 1);
    assert_true(sum_busy <= tot[WB_AGENT_BUSY]);
    assert_int_equal(sum_busy, 5);
    assert_int_equal(sum_wrap, 1);

    /*
     * The forecast's N: available agents serving the channel + busy or wrap-up on it.
     * Phone: b7 + b1 b2 = 3 (not 3 + b3..b6, who serve other work). Chat: b3 = 1 (b7 does
     * not serve chat). Email: b7 + b4 b5 + b6 = 4.
     */
    assert_int_equal(cm[PHONE].staffed, 3);
    assert_int_equal(cm[CHAT].staffed, 1);
    assert_int_equal(cm[EMAIL].staffed, 4);
    assert_true(cm[PHONE].forecast.valid);
    assert_int_equal(cm[PHONE].forecast.agents, 3);

    /* Work ends when the agent is free again: b1 available, no longer busy on phone. */
    apply(m, agent_ev("b1", WB_AGENT_AVAILABLE, t + S(80), P | E | SO));
    wb_model_channel_metrics(m, PHONE, t + S(80), &cm[PHONE]);
    assert_int_equal(cm[PHONE].busy_here, 1);
    /* Still in N: now as an available agent who serves phone. */
    assert_int_equal(cm[PHONE].staffed, 3);
    wb_model_free(m);
}

/*
 * The projection runs on the queue that phone and chat share (docs/metrics.md section 6.3):
 *   x1 P,C busy on phone    x3 P busy on phone         x5 P,C,E busy on email
 *   x2 P,C busy on chat     x4 E busy on email         x6 P,C paused
 * with 2 phone calls and 1 chat waiting, nobody available, no AHT yet (default 180 s on
 * both). Chat's pool is chat and phone (x1 and x2 serve both); its working agents are those
 * who serve either, not paused: x1 x2 x3 x5 = 4 (x4 serves neither, x6 is paused). A chat
 * arriving now waits behind all 3 contacts: EWT = (3 - 0 + 1) * 180 / 4 = 180 s, where
 * chat's own queue and staffed N (x2 alone) would say (1 + 1) * 180 / 1 = 360 s. Phone's
 * pool is the same, so is its EWT. The staffed N stays each channel's own: phone x1 x3 = 2,
 * chat x2 = 1.
 */
static void test_forecast_shared_queue(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(10);
    takes(m, "x1", P | C, "k1", PHONE, t);
    takes(m, "x2", P | C, "k2", CHAT, t + 1);
    takes(m, "x3", P, "k3", PHONE, t + 2);
    takes(m, "x4", E, "k4", EMAIL, t + 3);
    takes(m, "x5", P | C | E, "k5", EMAIL, t + 4);
    apply(m, agent_ev("x6", WB_AGENT_PAUSED, t, P | C));
    apply(m, contact_ev(WB_EV_QUEUED, "q1", PHONE, t + S(20), NULL));
    apply(m, contact_ev(WB_EV_QUEUED, "q2", PHONE, t + S(21), NULL));
    apply(m, contact_ev(WB_EV_QUEUED, "q3", CHAT, t + S(22), NULL));

    wb_channel_metrics cm[2];
    wb_ms now = t + S(30);
    for (size_t c = 0; c < 2; c++)
        wb_model_channel_metrics(m, c, now, &cm[c]);
    assert_int_equal(cm[PHONE].waiting, 2);
    assert_int_equal(cm[CHAT].waiting, 1);
    assert_int_equal(cm[PHONE].staffed, 2);
    assert_int_equal(cm[CHAT].staffed, 1);
    for (size_t c = 0; c < 2; c++) {
        assert_true(cm[c].forecast.valid);
        assert_int_equal(cm[c].forecast.agents, (int)cm[c].staffed);
        assert_float_equal(cm[c].forecast.ewt_s, 180.0, 1e-9);
    }

    /* x5 pauses: 3 working agents, (3 + 1) * 180 / 3 = 240 s. */
    apply(m, agent_ev("x5", WB_AGENT_PAUSED, t + S(31), P | C | E));
    wb_model_channel_metrics(m, CHAT, t + S(32), &cm[CHAT]);
    assert_float_equal(cm[CHAT].forecast.ewt_s, 240.0, 1e-9);
    wb_model_free(m);
}

/*
 * The arrival-surprise statistic of a channel's own arrivals (docs/metrics.md section 7; R = 3,
 * slow rate tau 900 s). One phone call at t0 starts the slow rate from nothing: the statistic
 * reads 0 until 2 * 900 s later, whatever comes. At t1 = t0 + 1800 s the statistic of the
 * first call has fallen to 0 (ln 3 - 2 * (1 - e^-2) = 1.0986 - 1.7293 < 0) and five calls at
 * once make it 5 ln 3 = 5.4930614. The slow rate is then (e^-2 + 5) / 900 per second, so 60 s
 * later it has expected 5.1353353 * (1 - e^(-60/900)) = 5.1353353 * 0.0644930 = 0.3311933
 * calls: 5.4930614 - 2 * 0.3311933 = 4.8306749. Chat had no calls: 0; email is not real-time:
 * no statistic. After a night (3 h with nothing: the rate reads e^-12 of a call per 900 s,
 * below 0.01) the next call starts the rate afresh and the statistic reads 0 again.
 */
static void test_arrival_surprise(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t0 = DAY0 + H(8), t1 = t0 + S(1800);
    apply(m, contact_ev(WB_EV_QUEUED, "a0", PHONE, t0, NULL));
    apply(m, contact_ev(WB_EV_QUEUED, "e0", EMAIL, t0, NULL));
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "a%d", i + 1);
        apply(m, contact_ev(WB_EV_QUEUED, id, PHONE, t1, NULL));
    }
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, t1 - 1, &cm);
    assert_float_equal(cm.surprise, 0, 0);
    wb_model_channel_metrics(m, PHONE, t1, &cm);
    assert_float_equal(cm.surprise, 5.4930614, 1e-6);
    wb_model_channel_metrics(m, PHONE, t1 + S(60), &cm);
    assert_float_equal(cm.surprise, 4.8306749, 1e-6);
    wb_model_channel_metrics(m, CHAT, t1, &cm);
    assert_float_equal(cm.surprise, 0, 0);
    wb_model_channel_metrics(m, EMAIL, t1, &cm);
    assert_true(isnan(cm.surprise));

    wb_ms t2 = t1 + H(3);
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "b%d", i);
        apply(m, contact_ev(WB_EV_QUEUED, id, PHONE, t2, NULL));
    }
    wb_model_channel_metrics(m, PHONE, t2, &cm);
    assert_float_equal(cm.surprise, 0, 0);
    wb_model_free(m);
}

/*
 * The work channel comes back from a snapshot: its contacts in service name their agents.
 * b1 answered a phone call and is busy, b2 an email and is in wrap-up (the contact stays in
 * service until completed): a fresh model fed the snapshot has the same busy_here/wrapup_here.
 */
static void test_work_channel_survives_snapshot(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *a = wb_model_new(&cfg);
    wb_model *b = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(11);
    takes(a, "b1", P | E, "k1", PHONE, t);
    takes(a, "b2", P | E, "k2", EMAIL, t + S(1));
    apply(a, agent_ev("b2", WB_AGENT_WRAPUP, t + S(30), P | E));

    wb_snapshot sn;
    assert_int_equal(wb_model_snapshot(a, "", t + S(40), &sn), WB_OK);
    wb_event e;
    memset(&e, 0, sizeof e);
    wb_event_init(&e, WB_EV_SNAPSHOT, t + S(40));
    e.snap = sn;
    static char buf[WB_MAX_MSG_BYTES];
    int len = wb_event_encode(&e, buf, sizeof buf);
    wb_snapshot_fini(&sn);
    assert_true(len > 0);
    wb_event d;
    assert_int_equal(wb_event_decode(&d, buf, (size_t)len), WB_OK);
    assert_int_equal(wb_model_apply(b, &d, t + S(40)), WB_APPLIED);
    wb_event_fini(&d);

    wb_channel_metrics cm;
    wb_model_channel_metrics(b, (size_t)wb_model_channel_index(b, "phone"), t + S(40), &cm);
    assert_int_equal(cm.busy_here, 1);
    assert_int_equal(cm.wrapup_here, 0);
    wb_model_channel_metrics(b, (size_t)wb_model_channel_index(b, "email"), t + S(40), &cm);
    assert_int_equal(cm.busy_here, 0);
    assert_int_equal(cm.wrapup_here, 1);
    wb_model_free(a);
    wb_model_free(b);
}

/*
 * Event time as the clock: a tick on the wall clock (2026) before any event must not fix
 * "today". A recorded day of 2019-03-31 in Europe/Helsinki, the day clocks went forward (a
 * 23-hour day, from 2019-03-30T22:00Z to 2019-03-31T21:00Z), then an event of the next day.
 *   c1 queued 00:59:50Z, answered 01:00:05Z (15 s, across the local 03:00 -> 04:00 jump)
 *   c2 answered after 30 s at 07:00:30Z; c3 abandoned after 40 s; c4 after 3 s (short)
 *   c5 answered after 10 s at 20:30:10Z (23:30:10 local, still that day)
 * Today: answered 3, abandoned 2 (1 short), answered within 20 s 2 (c1, c5), ASA 55/3 s.
 * Then c6 at 2019-03-31T21:30:05Z (00:30:05 local on April 1st): today is 1 answered.
 */
static void test_event_clock_follows_events(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "Europe/Helsinki");
    wb_model *m = wb_model_new(&cfg);
    wb_model_set_event_clock(m, true);
    wb_model_tick(m, DAY0 + H(12)); /* the receiver's wall clock, before the first event */

    struct {
        wb_event_type t;
        const char *id;
        wb_ms ts;
    } day[] = {
        {WB_EV_QUEUED, "c1", 1553993990000LL}, {WB_EV_ANSWERED, "c1", 1553994005000LL},
        {WB_EV_QUEUED, "c2", 1554015600000LL}, {WB_EV_ANSWERED, "c2", 1554015630000LL},
        {WB_EV_QUEUED, "c3", 1554022800000LL}, {WB_EV_ABANDONED, "c3", 1554022840000LL},
        {WB_EV_QUEUED, "c4", 1554026400000LL}, {WB_EV_ABANDONED, "c4", 1554026403000LL},
        {WB_EV_QUEUED, "c5", 1554064200000LL}, {WB_EV_ANSWERED, "c5", 1554064210000LL},
    };
    for (size_t i = 0; i < sizeof day / sizeof day[0]; i++) {
        assert_int_equal(apply(m, contact_ev(day[i].t, day[i].id, PHONE, day[i].ts, NULL)),
                         WB_APPLIED);
        wb_model_tick(m, wb_model_newest_ts(m));
    }
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, wb_model_newest_ts(m), &cm);
    assert_int_equal(cm.today.c.answered, 3);
    assert_int_equal(cm.today.c.abandoned, 2);
    assert_int_equal(cm.today.c.short_abandoned, 1);
    assert_int_equal(cm.today.c.answered_in_sl, 2);
    assert_float_equal(cm.today.asa_s, 55.0 / 3.0, 1e-9);
    /* SL offered = 2 / (3 + 2 - 1) */
    assert_float_equal(cm.today.sl, 0.5, 1e-12);

    apply(m, contact_ev(WB_EV_QUEUED, "c6", PHONE, 1554067800000LL, NULL));
    apply(m, contact_ev(WB_EV_ANSWERED, "c6", PHONE, 1554067805000LL, NULL));
    wb_model_tick(m, wb_model_newest_ts(m));
    wb_model_channel_metrics(m, PHONE, wb_model_newest_ts(m), &cm);
    assert_int_equal(cm.today.c.answered, 1);
    assert_int_equal(cm.today.c.abandoned, 0);
    assert_float_equal(cm.today.asa_s, 5.0, 1e-9);
    wb_model_free(m);
}

/* agent_ev with a pause (reason "break") or a logout pending after the contact. */
static wb_event pending_ev(const char *id, wb_agent_state st, wb_ms ts, unsigned mask,
                           wb_agent_state next)
{
    wb_event e = agent_ev(id, st, ts, mask);
    e.has_next = true;
    e.next = next;
    e.reason = next == WB_AGENT_PAUSED ? "break" : NULL;
    return e;
}

/*
 * 10 agents serve phone alone: 2 available and 8 busy on phone, 4 of whom tell a pause (or,
 * one of them, a logout) pending after their call. 12 calls wait; no AHT yet, so the default
 * 180 s. The 4 are busy (agents, busy_here) but take no further call: N = 2 + 8 - 4 = 6,
 * F = 2, W = 12, EWT = (12 - 2 + 1) * 180 / 6 = 330 s (with the 4 in N it would be
 * 11 * 180 / 10 = 198 s). When one of them pauses N stays 6; when one takes its pause back
 * (busy without "next") it is in N again: 7.
 */
static void test_pending_not_in_n(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(10);
    char id[8], cid[8];
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "p%d", i);
        snprintf(cid, sizeof cid, "k%d", i);
        if (i < 2)
            apply(m, agent_ev(id, WB_AGENT_AVAILABLE, t, P));
        else
            takes(m, id, P, cid, PHONE, t);
    }
    for (int i = 6; i < 10; i++) {
        snprintf(id, sizeof id, "p%d", i);
        assert_int_equal(
            apply(m, pending_ev(id, i == 9 ? WB_AGENT_WRAPUP : WB_AGENT_BUSY, t + S(20), P,
                                i == 8 ? WB_AGENT_OFFLINE : WB_AGENT_PAUSED)),
            WB_APPLIED);
    }
    for (int i = 0; i < 12; i++) {
        snprintf(cid, sizeof cid, "w%d", i);
        apply(m, contact_ev(WB_EV_QUEUED, cid, PHONE, t + S(30) + i, NULL));
    }
    wb_ms now = t + S(60);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, now, &cm);
    assert_int_equal(cm.agents[WB_AGENT_AVAILABLE], 2);
    assert_int_equal(cm.agents[WB_AGENT_BUSY], 7);
    assert_int_equal(cm.agents[WB_AGENT_WRAPUP], 1);
    assert_int_equal(cm.busy_here, 7);
    assert_int_equal(cm.wrapup_here, 1);
    assert_int_equal(cm.pausing, 4);
    assert_int_equal(cm.staffed, 6);
    assert_true(cm.forecast.valid);
    assert_int_equal(cm.forecast.agents, 6);
    assert_float_equal(cm.forecast.ewt_s, 330.0, 1e-9);
    /* Site-wide they are busy, and the agent page says what comes next. */
    uint32_t tot[WB_AGENT_NSTATES];
    wb_model_agent_totals(m, tot);
    assert_int_equal(tot[WB_AGENT_BUSY], 7);
    int told = 0;
    for (size_t i = 0; i < wb_model_agent_count(m); i++) {
        wb_agent_info ai;
        wb_model_agent_info(m, i, &ai);
        told += ai.has_next;
        if (strcmp(ai.agent, "p8") == 0) {
            assert_true(ai.has_next);
            assert_int_equal(ai.next, WB_AGENT_OFFLINE);
        }
    }
    assert_int_equal(told, 4);

    /*
     * p6 finishes its call (answered at t, done 61 s later: today's AHT is now 61 s) and
     * pauses: still out of N, no longer "pausing". EWT = 11 * 61 / 6.
     */
    apply(m, contact_ev(WB_EV_COMPLETED, "k6", PHONE, now + S(1), "p6"));
    wb_event pe = agent_ev("p6", WB_AGENT_PAUSED, now + S(1), P);
    pe.reason = "break";
    apply(m, pe);
    wb_model_channel_metrics(m, PHONE, now + S(2), &cm);
    assert_int_equal(cm.pausing, 3);
    assert_int_equal(cm.staffed, 6);
    assert_float_equal(cm.forecast.ewt_s, 11.0 * 61 / 6, 1e-9);
    /* p7 takes its pause back: busy with no "next" is busy as ever, in N again. */
    apply(m, agent_ev("p7", WB_AGENT_BUSY, now + S(3), P));
    wb_model_channel_metrics(m, PHONE, now + S(4), &cm);
    assert_int_equal(cm.pausing, 2);
    assert_int_equal(cm.staffed, 7);
    assert_float_equal(cm.forecast.ewt_s, 11.0 * 61 / 7, 1e-9);
    /* An event built by hand with "next" on an available agent is refused, as the decoder. */
    assert_int_equal(apply(m, pending_ev("p0", WB_AGENT_AVAILABLE, now + S(5), P, WB_AGENT_PAUSED)),
                     WB_ERR_INVAL);
    wb_model_free(m);
}

/*
 * The model's snapshot carries "next" and a screen that starts from it counts the same: the
 * snapshot of the model above (4 pending) through the protocol into a fresh model.
 */
static void test_pending_in_snapshot(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(10);
    char id[8], cid[8];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "p%d", i);
        snprintf(cid, sizeof cid, "k%d", i);
        takes(m, id, P | C, cid, i < 4 ? PHONE : CHAT, t);
    }
    apply(m, pending_ev("p1", WB_AGENT_BUSY, t + S(5), P | C, WB_AGENT_PAUSED));
    apply(m, pending_ev("p4", WB_AGENT_BUSY, t + S(5), P | C, WB_AGENT_OFFLINE));
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, t + S(10));
    ev.src = "";
    assert_int_equal(wb_model_snapshot(m, "", t + S(10), &ev.snap), WB_OK);
    static char buf[WB_MAX_MSG_BYTES];
    int n = wb_event_encode(&ev, buf, sizeof buf);
    wb_snapshot_fini(&ev.snap);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"next\":\"paused\""));
    assert_non_null(strstr(buf, "\"next\":\"offline\""));
    wb_event out;
    assert_int_equal(wb_event_decode(&out, buf, (size_t)n), 0);
    wb_model *m2 = wb_model_new(&cfg);
    assert_int_equal(wb_model_apply(m2, &out, t + S(10)), WB_APPLIED);
    wb_event_fini(&out);
    /* Phone: busy here p0..p3, p1 pending: N = 3. Chat: p4 p5, p4 pending: N = 1. */
    wb_model *both[2] = {m, m2};
    for (int k = 0; k < 2; k++) {
        wb_channel_metrics cm[2];
        for (size_t c = 0; c < 2; c++)
            wb_model_channel_metrics(both[k], c, t + S(11), &cm[c]);
        assert_int_equal(cm[PHONE].busy_here, 4);
        assert_int_equal(cm[PHONE].staffed, 3);
        assert_int_equal(cm[CHAT].busy_here, 2);
        assert_int_equal(cm[CHAT].staffed, 1);
        /* Both serve both channels: each channel has the two of them "pausing". */
        assert_int_equal(cm[PHONE].pausing, 2);
        assert_int_equal(cm[CHAT].pausing, 2);
    }
    wb_model_free(m);
    wb_model_free(m2);
}

/*
 * A snapshot built by hand (not decoded) is held to the decoder's rules like an agent.state:
 * "next" on a paused agent is refused whole (it would count the agent as pausing and make the
 * source's own snapshot impossible to encode), and so is a day before counted but not there.
 */
static void test_snapshot_bad_next_refused(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    wb_ms t = DAY0 + H(10);
    wb_snap_agent ag = {.agent = "a1",
                        .state = WB_AGENT_PAUSED,
                        .has_next = true,
                        .next = WB_AGENT_OFFLINE,
                        .since = t - S(30)};
    ag.channels[0] = "phone";
    ag.n_channels = 1;
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, t);
    ev.src = "";
    ev.snap.agents = &ag;
    ev.snap.n_agents = 1;
    assert_int_equal(wb_model_apply(m, &ev, t), WB_ERR_INVAL);
    /* Nothing of it was applied: no agent, so nothing pausing. */
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, t, &cm);
    assert_int_equal(cm.agents[WB_AGENT_PAUSED], 0);
    assert_int_equal(cm.pausing, 0);
    /* A next that is no pause nor logout, on a busy agent. */
    ag.state = WB_AGENT_BUSY;
    ag.next = WB_AGENT_AVAILABLE;
    assert_int_equal(wb_model_apply(m, &ev, t), WB_ERR_INVAL);
    /* The same agent told right is taken. */
    ag.next = WB_AGENT_PAUSED;
    assert_int_equal(wb_model_apply(m, &ev, t), WB_APPLIED);
    /* A day before counted but absent. */
    ev.snap.n_day_before = 1;
    assert_int_equal(wb_model_apply(m, &ev, t + S(1)), WB_ERR_INVAL);
    wb_model_free(m);
}

/* The forecast rule's level of phone on b at now, after a tick. */
static wb_level forecast_level(wb_board *b, wb_ms now, wb_channel_metrics *cm)
{
    static wb_board_view v;
    wb_board_tick(b, now);
    wb_board_view_fill(b, now, now, &v);
    *cm = v.ch[PHONE].m;
    return v.ch[PHONE].rule_level[WB_RULE_FORECAST_SL];
}

/*
 * The staffing-drop waiver counts pending agents as gone. A snapshot at t gives phone 25
 * agents, all busy on phone, arrivals at 0.105 per second (both rates: no trend) and AHT
 * 180 s, T 20 s. Read s seconds later the rates have decayed by e^(-s/900) (the fast one by
 * e^(-s/180), within the noise band: no trend), so the traffic is A = 18.9 e^(-s/900) Erlangs
 * and the projection's every step is the Erlang floor (the queue empties: p(q) = 1, and the
 * first step's p(0) = 1 - e^(-25 * 20 / 180) = 0.9378 is above it). At t, N = 25: Erlang SL
 * 0.9343, no warning. At t + 1 s `pend` of them tell a pause pending after their call:
 *  - 5 of 25: N = 20, A = 18.879, Erlang SL 0.3568 < 80 %; 25 - 20 = 5 >= ceil(25 / 5) is a
 *    staffing drop, so the rule rises at that very tick;
 *  - 4 of 25: N = 21, Erlang SL 0.5751 < 80 % (0.7350 at t + 51 s, A = 17.859), but
 *    25 - 21 = 4 is no drop: the rule waits its 50 s of confirmation.
 */
static void pending_drop_case(int pend, wb_ms first_warn_after, double sl_then)
{
    wb_config cfg;
    config(&cfg, "");
    wb_board *b = wb_board_new(&cfg);
    assert_non_null(b);
    wb_ms t = DAY0 + H(10);
    static wb_snap_agent ag[25];
    static wb_snap_service sv[25];
    static char ids[25][8], cids[25][8];
    for (int i = 0; i < 25; i++) {
        snprintf(ids[i], sizeof ids[i], "a%d", i);
        snprintf(cids[i], sizeof cids[i], "s%d", i);
        ag[i] = (wb_snap_agent){.agent = ids[i], .state = WB_AGENT_BUSY, .since = t - S(30)};
        ag[i].channels[0] = "phone";
        ag[i].n_channels = 1;
        sv[i] =
            (wb_snap_service){.id = cids[i], .channel = "phone", .agent = ids[i], .ts = t - S(30)};
    }
    wb_snap_queue q = {.queue = "phone",
                       .channel = "phone",
                       .day_start = DAY0,
                       .arrival_rate = 0.105,
                       .arrival_ts = t,
                       .bucket_ms = cfg.bucket_ms,
                       .has_rate_fast = true,
                       .arrival_rate_fast = 0.105};
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, t);
    ev.src = "";
    ev.snap.agents = ag;
    ev.snap.n_agents = 25;
    ev.snap.in_service = sv;
    ev.snap.n_in_service = 25;
    ev.snap.queues = &q;
    ev.snap.n_queues = 1;
    assert_int_equal(wb_board_apply(b, &ev, t), WB_APPLIED);
    wb_channel_metrics cm;
    assert_int_equal(forecast_level(b, t, &cm), WB_LEVEL_OK);
    assert_int_equal(cm.staffed, 25);
    assert_float_equal(cm.forecast.sl_low, 0.9343, 5e-4);
    wb_ms t1 = t + S(1);
    for (int i = 0; i < pend; i++) {
        wb_event pe = pending_ev(ids[i], WB_AGENT_BUSY, t1, P, WB_AGENT_PAUSED);
        pe.src = "";
        assert_int_equal(wb_board_apply(b, &pe, t1), WB_APPLIED);
    }
    wb_level lv = WB_LEVEL_OK;
    wb_ms k;
    for (k = 0; k <= 60 && lv == WB_LEVEL_OK; k++)
        lv = forecast_level(b, t1 + S(k), &cm);
    assert_int_equal(lv, WB_LEVEL_WARN);
    assert_int_equal(cm.staffed, (uint32_t)(25 - pend));
    assert_int_equal(cm.agents[WB_AGENT_BUSY], 25);
    assert_int_equal(cm.pausing, (uint32_t)pend);
    assert_int_equal(cm.forecast.agents, 25 - pend);
    assert_float_equal(cm.forecast.sl_low, sl_then, 5e-4);
    /* The first tick in warning is t1 + first_warn_after. */
    assert_int_equal(S(k - 1), first_warn_after);
    wb_board_free(b);
}

static void test_pending_staffing_drop(void **state)
{
    (void)state;
    pending_drop_case(5, 0, 0.3568);
    pending_drop_case(4, S(50), 0.7350);
}

/*
 * A true 0 % with nobody waiting: the floor has signed out (the one phone agent is offline,
 * N = 0) while the arrival rate still expects contacts, as a replayed day shows at 20:30 after
 * closing (docs/metrics.md section 9). A snapshot at 20:30 gives phone 0.0012 arrivals per
 * second (both rates: no trend), 10 contacts handled in 2,500 s (AHT 250 s), nobody waiting and
 * 40 contacts answered within T ten minutes before (rolling SL 100 %). By hand:
 *  - expected over the 15-minute horizon: 0.0012 * 900 = 1.08 contacts, at least one: defined;
 *  - with no agent every step's p is 0: forecast SL 0 %;
 *  - A = 0.0012 * 250 = 0.3 Erlangs, T = 20 s: Erlang C with 1 agent C = A = 0.3 and
 *    SL = 1 - 0.3 e^(-0.7 * 20 / 250) = 0.7163 < 80 %; with 2, B = 0.033457,
 *    C = 0.039130 and SL = 1 - 0.039130 e^(-1.7 * 20 / 250) = 0.9658: need 2;
 *  - the rolling SL at the horizon's end, half the window still in it:
 *    20 / (20 + 1.08) = 0.9488 >= 80 %: no breach, so the tile shows the forecast SL.
 * At 0.001 per second (0.9 contacts expected) the forecast SL is undefined, while the agents
 * needed are still told: A = 0.25, SL with 1 agent 1 - 0.25 e^(-0.75 * 0.08) = 0.7646: need 2.
 */
static void no_agents_case(double rate, double sl, int required)
{
    wb_config cfg;
    config(&cfg, "");
    wb_model *m = wb_model_new(&cfg);
    assert_non_null(m);
    wb_ms t = DAY0 + H(20) + S(1800);
    wb_snap_agent ag = {.agent = "a1", .state = WB_AGENT_OFFLINE, .since = t - S(300)};
    ag.channels[0] = "phone";
    ag.n_channels = 1;
    wb_snap_bucket bk = {.start = t - S(600), .c = {.answered = 40, .answered_in_sl = 40}};
    wb_snap_queue q = {
        .queue = "phone",
        .channel = "phone",
        .day_start = DAY0,
        .today = {.answered = 10, .answered_in_sl = 10, .completed = 10, .handle_sum_ms = 2500000},
        .arrival_rate = rate,
        .arrival_ts = t,
        .bucket_ms = cfg.bucket_ms,
        .has_rate_fast = true,
        .arrival_rate_fast = rate,
        .buckets = &bk,
        .n_buckets = 1};
    wb_event ev;
    memset(&ev, 0, sizeof ev);
    wb_event_init(&ev, WB_EV_SNAPSHOT, t);
    ev.src = "";
    ev.snap.agents = &ag;
    ev.snap.n_agents = 1;
    ev.snap.queues = &q;
    ev.snap.n_queues = 1;
    assert_int_equal(wb_model_apply(m, &ev, t), WB_APPLIED);
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, t, &cm);
    assert_int_equal(cm.waiting, 0);
    assert_int_equal(cm.staffed, 0);
    assert_int_equal(cm.agents[WB_AGENT_OFFLINE], 1);
    assert_float_equal(cm.today.aht_s, 250, 1e-9);
    assert_float_equal(cm.rolling.sl, 1.0, 0);
    assert_true(cm.forecast.valid);
    assert_int_equal(cm.forecast.agents, 0);
    assert_int_equal(cm.forecast.required, required);
    if (isnan(sl)) {
        assert_true(isnan(cm.forecast.sl));
    } else {
        assert_float_equal(cm.forecast.sl, sl, 0);
        assert_true(isnan(cm.forecast.breach_in_min));
        assert_float_equal(cm.forecast.sl_low, 20.0 / 21.08, 1e-4);
    }
    wb_model_free(m);
}

static void test_forecast_no_agents(void **state)
{
    (void)state;
    no_agents_case(0.0012, 0.0, 2);
    no_agents_case(0.001, NAN, 2);
}

/*
 * The same replay on the wall clock keeps the wall clock's day: a 2019 outcome is not today
 * in 2026 (the event clock is what makes a replay count, nothing else).
 */
static void test_wall_clock_keeps_its_day(void **state)
{
    (void)state;
    wb_config cfg;
    config(&cfg, "Europe/Helsinki");
    wb_model *m = wb_model_new(&cfg);
    wb_model_set_max_future(m, 0);
    wb_model_tick(m, DAY0 + H(12));
    apply(m, contact_ev(WB_EV_QUEUED, "c1", PHONE, 1553993990000LL, NULL));
    apply(m, contact_ev(WB_EV_ANSWERED, "c1", PHONE, 1553994005000LL, NULL));
    wb_channel_metrics cm;
    wb_model_channel_metrics(m, PHONE, DAY0 + H(12), &cm);
    assert_int_equal(cm.today.c.answered, 0);
    wb_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_busy_here_sums_to_agents),
        cmocka_unit_test(test_forecast_shared_queue),
        cmocka_unit_test(test_arrival_surprise),
        cmocka_unit_test(test_work_channel_survives_snapshot),
        cmocka_unit_test(test_event_clock_follows_events),
        cmocka_unit_test(test_wall_clock_keeps_its_day),
        cmocka_unit_test(test_pending_not_in_n),
        cmocka_unit_test(test_pending_in_snapshot),
        cmocka_unit_test(test_pending_staffing_drop),
        cmocka_unit_test(test_forecast_no_agents),
        cmocka_unit_test(test_snapshot_bad_next_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
