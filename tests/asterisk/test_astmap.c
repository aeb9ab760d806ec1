/*
 * test_astmap.c - queue_log lines to protocol events, verb by verb, and the adapter's
 * configuration. Every expected event is worked out from the field meanings of app_queue's
 * logging (CONNECT data1 = hold s, COMPLETE* data2 = talk s, ABANDON data3 = wait s, ...).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wb_ami.h"
#include "wb_astmap.h"
#include "wb_model.h"

/* Every event as one line of text: "type id channel queue agent wait handle" or an agent's. */
static char LOG[8192];

static void on_event(void *ud, const wb_event *ev)
{
    (void)ud;
    char line[512];
    if (ev->type == WB_EV_AGENT_STATE) {
        char ch[128] = "";
        for (size_t i = 0; i < ev->n_channels; i++)
            snprintf(ch + strlen(ch), sizeof ch - strlen(ch), "%s%s", i ? "," : "",
                     ev->channels[i]);
        /* A state with a next one to follow reads "busy>paused". */
        char st[64];
        snprintf(st, sizeof st, "%s%s%s", wb_agent_state_name(ev->state), ev->has_next ? ">" : "",
                 ev->has_next ? wb_agent_state_name(ev->next) : "");
        snprintf(line, sizeof line, "agent %s %s %s [%s] %s %lld\n", ev->agent, st,
                 ev->reason ? ev->reason : "-", ch, ev->name ? ev->name : "-", (long long)ev->ts);
    } else {
        snprintf(line, sizeof line, "%s %s %s %s %s %lld %lld\n", wb_event_type_name(ev->type),
                 ev->id, ev->channel, ev->queue, ev->agent ? ev->agent : "-",
                 (long long)ev->wait_ms, (long long)ev->handle_ms);
    }
    strncat(LOG, line, sizeof LOG - strlen(LOG) - 1);
}

static void on_left(void *ud, const char *id, wb_ms ts)
{
    (void)ud;
    char line[300];
    snprintf(line, sizeof line, "left %s %lld\n", id, (long long)ts);
    strncat(LOG, line, sizeof LOG - strlen(LOG) - 1);
}

static void on_restart(void *ud, wb_ms ts)
{
    (void)ud;
    char line[64];
    snprintf(line, sizeof line, "restart %lld\n", (long long)ts);
    strncat(LOG, line, sizeof LOG - strlen(LOG) - 1);
}

static const wb_astmap_out OUT = {on_event, on_left, on_restart, NULL};

static wb_astcfg *CFG;
static wb_astmap *M;

static const char *INI = "[wallboard]\n"
                         "timezone = UTC\n"
                         "[asterisk]\n"
                         "src = pbx1\n"
                         "wrapup_s = 0\n"
                         "[queue.sales]\n"
                         "channel = phone\n"
                         "name = Sales\n"
                         "wrapup_s = 15\n"
                         "[queue.vip]\n"
                         "channel = vipline\n"
                         "[agent.a-alice]\n"
                         "name = Alice A\n"
                         "team = Blue\n"
                         "member = Alice\n"
                         "member = PJSIP/2001\n"
                         "[channel.phone]\n"
                         "sl_threshold_s = 20\n";

static int setup(void **state)
{
    (void)state;
    char err[256];
    CFG = wb_astcfg_new();
    if (!CFG || wb_astcfg_load_string(CFG, "t.ini", INI, err, sizeof err) != WB_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    M = wb_astmap_new(CFG);
    LOG[0] = '\0';
    return M ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wb_astmap_free(M);
    wb_astcfg_free(CFG);
    return 0;
}

static wb_qlog_reason feed(const char *line)
{
    return wb_astmap_feed(M, line, strlen(line), &OUT);
}

static void test_config(void **state)
{
    (void)state;
    assert_string_equal(CFG->src, "pbx1");
    assert_string_equal(CFG->channel, "phone");
    assert_int_equal(CFG->n_queues, 2);
    assert_int_equal(wb_astcfg_queue(CFG, "sales")->wrapup_ms, 15000);
    assert_int_equal(wb_astcfg_queue(CFG, "vip")->wrapup_ms, -1);
    assert_ptr_equal(wb_astcfg_agent(CFG, "PJSIP/2001"), wb_astcfg_agent(CFG, "Alice"));
    assert_int_equal(CFG->core.n_channels, 1);
    assert_int_equal(CFG->core.channels[0].sl_t_ms, 20000);

    /* A bad value names file, line and key, and changes nothing. */
    char err[256];
    assert_int_equal(wb_astcfg_load_string(CFG, "bad.ini", "[asterisk]\n\nexitwithkey = maybe\n",
                                           err, sizeof err),
                     WB_ERR_CONFIG);
    assert_string_equal(err, "bad.ini:3: [asterisk] exitwithkey: expected left or abandoned "
                             "(got 'maybe')");
    assert_string_equal(CFG->src, "pbx1");
    assert_int_equal(
        wb_astcfg_load_string(CFG, "bad.ini", "[queue.q]\nwrap = 1\n", err, sizeof err),
        WB_ERR_CONFIG);
    assert_string_equal(err, "bad.ini:2: [queue.q] wrap: unknown key (got '1')");
    assert_int_equal(
        wb_astcfg_load_string(CFG, "bad.ini", "[agent.a1]\nname Alice\n", err, sizeof err),
        WB_ERR_CONFIG);
    assert_string_equal(err, "bad.ini:2: [agent.a1]: expected 'key = value', a [section] or a "
                             "comment (got 'name Alice')");
    /* The core's sections keep their own messages, with the same line numbers. */
    assert_int_equal(wb_astcfg_load_string(CFG, "bad.ini",
                                           "[asterisk]\nsrc = x\n[wallboard]\nbogus = 1\n", err,
                                           sizeof err),
                     WB_ERR_CONFIG);
    assert_non_null(strstr(err, "bad.ini:4: [wallboard] bogus"));

    /* The shipped example loads; a missing file is named. */
    wb_astcfg *ex = wb_astcfg_new();
    assert_non_null(ex);
    assert_int_equal(wb_astcfg_load(ex, WB_SRCDIR "/wallboard-asterisk.ini", err, sizeof err),
                     WB_OK);
    /* The example names no zone: the adapter takes the system's (systz.h), as the screens. */
    assert_string_equal(ex->core.tz, "");
    assert_int_equal(ex->core.defaults.sl_t_ms, 20000);
    assert_int_equal(ex->core.defaults.formula, WB_SL_ANSWERED);
    assert_int_equal(ex->exitwithkey, WB_AST_EWK_LEFT);
    assert_int_equal(wb_astcfg_load(ex, "/nonexistent/x.ini", err, sizeof err), WB_ERR_CONFIG);
    assert_string_equal(err, "/nonexistent/x.ini: cannot open: No such file or directory");
    wb_astcfg_free(ex);
}

/* Asterisk 13+: a call queued, answered, completed by the caller, then wrap-up ends. */
static void test_answered_call(void **state)
{
    (void)state;
    assert_int_equal(feed("1700000000|NONE|sales|PJSIP/2001|ADDMEMBER|"), WB_QLOG_OK);
    assert_int_equal(feed("1700000010|1699999990.7|sales|NONE|ENTERQUEUE||5551234|1"), WB_QLOG_OK);
    assert_int_equal(feed("1700000022|1699999990.7|sales|Alice|CONNECT|12|1700000020.8|2"),
                     WB_QLOG_OK);
    assert_int_equal(feed("1700000082|1699999990.7|sales|Alice|COMPLETECALLER|12|60|1"),
                     WB_QLOG_OK);
    /* Wrap-up of sales is 15 s: it ends at 1700000097, stamped with its own end time. */
    wb_astmap_tick(M, 1700000096999LL, &OUT);
    wb_astmap_tick(M, 1700000100000LL, &OUT);
    assert_string_equal(LOG, "agent a-alice available - [phone] Alice A 1700000000000\n"
                             "contact.queued 1699999990.7/sales/1700000010 phone Sales - -1 -1\n"
                             "contact.answered 1699999990.7/sales/1700000010 phone Sales a-alice "
                             "12000 -1\n"
                             "agent a-alice busy - [phone] Alice A 1700000022000\n"
                             "contact.completed 1699999990.7/sales/1700000010 phone Sales a-alice "
                             "-1 60000\n"
                             "agent a-alice wrapup - [phone] Alice A 1700000082000\n"
                             "agent a-alice available - [phone] Alice A 1700000097000\n");
    assert_int_equal(wb_astmap_calls(M), 0);
}

/* The abandon family: waits from the log's own fields; EXITWITHKEY is "left" by default. */
static void test_abandons(void **state)
{
    (void)state;
    feed("1700000000|c1|support|NONE|ENTERQUEUE||111|1");
    feed("1700000030|c1|support|NONE|ABANDON|1|1|30");
    feed("1700000000|c2|support|NONE|ENTERQUEUE||222|2");
    feed("1700000300|c2|support|NONE|EXITWITHTIMEOUT|1|2|300");
    feed("1700000000|c3|support|NONE|ENTERQUEUE||333|3");
    feed("1700000004|c3|support|NONE|EXITEMPTY|1|3|4");
    feed("1700000000|c4|support|NONE|ENTERQUEUE||444|4");
    feed("1700000050|c4|support|NONE|WITHDRAW|1|4|50|moved|away");
    feed("1700000000|c5|support|NONE|ENTERQUEUE||555|5");
    feed("1700000007|c5|support|NONE|EXITWITHKEY|1|1|5|7");
    /* Asterisk 1.4: EXITWITHTIMEOUT with the position only; SYSCOMPAT with no fields. */
    feed("1700000000|c6|support|NONE|ENTERQUEUE||666|6");
    feed("1700000061|c6|support|NONE|EXITWITHTIMEOUT|1");
    feed("1700000000|c7|support|NONE|ENTERQUEUE||777|7");
    feed("1700000009|c7|support|Alice|SYSCOMPAT");
    const char *want[] = {
        "contact.abandoned c1/support/1700000000 phone support - 30000 -1\n",
        "contact.abandoned c2/support/1700000000 phone support - 300000 -1\n",
        "contact.abandoned c3/support/1700000000 phone support - 4000 -1\n",
        "contact.abandoned c4/support/1700000000 phone support - 50000 -1\n",
        "left c5/support/1700000000 1700000007000\n",
        "contact.abandoned c6/support/1700000000 phone support - 61000 -1\n",
        "contact.abandoned c7/support/1700000000 phone support - 9000 -1\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_non_null(strstr(LOG, want[i]));
    assert_int_equal(wb_astmap_calls(M), 0);
}

static void test_exitwithkey_abandoned(void **state)
{
    (void)state;
    CFG->exitwithkey = WB_AST_EWK_ABANDONED;
    feed("1700000000|c5|support|NONE|ENTERQUEUE||555|5");
    feed("1700000007|c5|support|NONE|EXITWITHKEY|1|1|5|7");
    assert_non_null(
        strstr(LOG, "contact.abandoned c5/support/1700000000 phone support - 7000 -1\n"));
    CFG->exitwithkey = WB_AST_EWK_LEFT;
}

/* Transfers: talk time from data4 (data5 for an attended transfer that logs LINK). */
static void test_transfers(void **state)
{
    (void)state;
    feed("1700000000|t1|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|t1|vip|Bob|CONNECT|5|x|1");
    feed("1700000105|t1|vip|Bob|BLINDTRANSFER|200|from-internal|5|100|1");
    feed("1700000000|t2|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|t2|vip|Bob|CONNECT|5|x|1");
    feed("1700000075|t2|vip|Bob|ATTENDEDTRANSFER|LINK|PJSIP/a-1|PJSIP/b-2|5|70|1");
    feed("1700000000|t3|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|t3|vip|Bob|CONNECT|5|x|1");
    feed("1700000045|t3|vip|Bob|ATTENDEDTRANSFER|BRIDGE|3f1a|5|40|1");
    feed("1700000000|t4|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|t4|vip|Bob|CONNECT|5|x|1");
    feed("1700000035|t4|vip|Bob|ATTENDEDTRANSFER|APP|Dial|5|30|1");
    /* Asterisk 11: TRANSFER. */
    feed("1700000000|t5|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|t5|vip|Bob|CONNECT|5|x|1");
    feed("1700000025|t5|vip|Bob|TRANSFER|200|from-internal|5|20|1");
    const char *want[] = {
        "contact.completed t1/vip/1700000000 vipline vip Bob -1 100000\n",
        "contact.completed t2/vip/1700000000 vipline vip Bob -1 70000\n",
        "contact.completed t3/vip/1700000000 vipline vip Bob -1 40000\n",
        "contact.completed t4/vip/1700000000 vipline vip Bob -1 30000\n",
        "contact.completed t5/vip/1700000000 vipline vip Bob -1 20000\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_non_null(strstr(LOG, want[i]));
}

/* The same uniqueid re-enters another queue after a timeout: a new contact id. */
static void test_visits(void **state)
{
    (void)state;
    feed("1700000000|u1|support|NONE|ENTERQUEUE||1|1");
    feed("1700000060|u1|support|NONE|EXITWITHTIMEOUT|1|1|60");
    feed("1700000061|u1|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000070|u1|sales|Alice|CONNECT|9|x|1");
    assert_non_null(strstr(LOG, "contact.queued u1/sales/1700000061 phone Sales"));
    assert_non_null(strstr(LOG, "contact.answered u1/sales/1700000061 phone Sales a-alice 9000"));
    /* A callid too long for an id of at most 256 bytes: a hash of callid and queue. */
    char line[600];
    char callid[301];
    memset(callid, 'x', 300);
    callid[300] = '\0';
    snprintf(line, sizeof line, "1700000000|%s|support|NONE|ENTERQUEUE||1|1", callid);
    LOG[0] = '\0';
    assert_int_equal(feed(line), WB_QLOG_OK);
    assert_memory_equal(LOG, "contact.queued h", 16);
    assert_true(strchr(LOG + 15, ' ') - (LOG + 15) <= WB_MAX_STR_BYTES);
    assert_non_null(strstr(LOG, "/1700000000 phone support"));
    /* An answer for a call never seen entering (the log started mid-call) still counts. */
    LOG[0] = '\0';
    feed("1700000100|u9|support|Alice|CONNECT|20|x|1");
    assert_non_null(
        strstr(LOG, "contact.answered u9/support/1700000080 phone support a-alice 20000"));
}

/* Agents: pauses with reasons, ring events, log-in and log-off, removal. */
static void test_agents(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Carol|ADDMEMBER|PAUSED");
    feed("1700000001|NONE|vip|Carol|ADDMEMBER|");
    feed("1700000010|NONE|NONE|Carol|UNPAUSEALL|");
    feed("1700000020|NONE|sales|Carol|PAUSE|lunch|long");
    feed("1700000030|NONE|sales|Carol|UNPAUSE|Auto-Unpause");
    feed("1700000040|c1|sales|Carol|RINGNOANSWER|15000");
    feed("1700000050|NONE|sales|Carol|REMOVEMEMBER|");
    feed("1700000051|NONE|vip|Carol|REMOVEMEMBER|");
    /*
     * Asterisk pauses a member per queue: added paused to sales and unpaused to vip, Carol
     * takes vip's calls (vipline) and not sales's; a PAUSE naming sales leaves her vip.
     */
    assert_string_equal(LOG, "agent Carol paused - [phone] - 1700000000000\n"
                             "agent Carol available - [vipline] - 1700000001000\n"
                             "agent Carol available - [phone,vipline] - 1700000010000\n"
                             "agent Carol available - [vipline] - 1700000020000\n"
                             "agent Carol available - [phone,vipline] - 1700000030000\n"
                             "agent Carol available - [vipline] - 1700000050000\n"
                             "agent Carol offline - [] - 1700000051000\n");
    LOG[0] = '\0';
    /* chan_agent style (Asterisk 1.8/11): AGENTLOGIN / AGENTLOGOFF. */
    feed("1700000100|NONE|NONE|Agent/1001|AGENTLOGIN|SIP/1001-0001");
    feed("1700000200|NONE|NONE|Agent/1001|AGENTLOGOFF|SIP/1001-0001|100");
    assert_string_equal(LOG, "agent Agent/1001 available - [] - 1700000100000\n"
                             "agent Agent/1001 offline - [] - 1700000200000\n");
    LOG[0] = '\0';
    /*
     * app_agent_pool (Asterisk 12+): AGENTLOGIN names the agent by its bare id, the queue's
     * CONNECT by the member Agent/1002: one agent, signed in, then busy on a sales call.
     */
    feed("1700000300|1700000300.5|NONE|1002|AGENTLOGIN|PJSIP/2002-00000001");
    feed("1700000310|k1|sales|NONE|ENTERQUEUE||5|1");
    feed("1700000315|k1|sales|Agent/1002|CONNECT|5|x|1");
    assert_int_equal(wb_astmap_agents(M), 3);
    assert_string_equal(LOG, "agent Agent/1002 available - [] - 1700000300000\n"
                             "contact.queued k1/sales/1700000310 phone Sales - -1 -1\n"
                             "contact.answered k1/sales/1700000310 phone Sales Agent/1002 5000 -1\n"
                             "agent Agent/1002 busy - [phone] - 1700000315000\n");
    LOG[0] = '\0';
    /* A member named by a bare number (queues.conf's 1003) is that agent when it logs off. */
    feed("1700000400|NONE|sales|1003|ADDMEMBER|");
    feed("1700000410|1700000410.1|NONE|1003|AGENTLOGOFF|PJSIP/2003-00000002|100");
    assert_string_equal(LOG, "agent 1003 available - [phone] - 1700000400000\n"
                             "agent 1003 offline - [phone] - 1700000410000\n");
}

/*
 * A member's pause is per queue (app_queue's set_member_paused with a queue name): paused in
 * sales, Alice still takes vip's calls. Paused in every queue during a queue call, she stays
 * busy with the pause to follow, and is paused when the call ends (the pause wins over the
 * wrap-up: no call is routed to her). Removed and added again, she is a new member, unpaused.
 */
static void test_member_pauses(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Alice|ADDMEMBER|");
    feed("1700000000|NONE|vip|Alice|ADDMEMBER|");
    feed("1700000010|NONE|sales|Alice|PAUSE|lunch");
    feed("1700000020|c1|vip|NONE|ENTERQUEUE||111|1");
    feed("1700000025|c1|vip|Alice|CONNECT|5|m1|3");
    feed("1700000030|NONE|vip|Alice|PAUSE|lunch");
    feed("1700000090|c1|vip|Alice|COMPLETECALLER|5|65|1");
    feed("1700000100|NONE|sales|Alice|REMOVEMEMBER|");
    feed("1700000110|NONE|sales|Alice|ADDMEMBER|");
    assert_string_equal(LOG, "agent a-alice available - [phone] Alice A 1700000000000\n"
                             "agent a-alice available - [phone,vipline] Alice A 1700000000000\n"
                             "agent a-alice available - [vipline] Alice A 1700000010000\n"
                             "contact.queued c1/vip/1700000020 vipline vip - -1 -1\n"
                             "contact.answered c1/vip/1700000020 vipline vip a-alice 5000 -1\n"
                             "agent a-alice busy - [vipline] Alice A 1700000025000\n"
                             "agent a-alice busy>paused lunch [phone,vipline] Alice A "
                             "1700000030000\n"
                             "contact.completed c1/vip/1700000020 vipline vip a-alice -1 65000\n"
                             "agent a-alice paused lunch [phone,vipline] Alice A 1700000090000\n"
                             "agent a-alice paused lunch [vipline] Alice A 1700000100000\n"
                             "agent a-alice available - [phone] Alice A 1700000110000\n");
    LOG[0] = '\0';
    /* PAUSEALL (queue NONE) pauses every queue; an UNPAUSE in one queue frees that one. */
    feed("1700000200|NONE|NONE|Alice|PAUSEALL|meeting");
    feed("1700000210|NONE|vip|Alice|UNPAUSE|");
    assert_string_equal(LOG, "agent a-alice paused meeting [phone,vipline] Alice A 1700000200000\n"
                             "agent a-alice available - [vipline] Alice A 1700000210000\n");
    LOG[0] = '\0';
    /*
     * PAUSEALL pauses every queue, the ones the log has not named yet too: Dave, paused in
     * sales and then as a whole, is rung by vip (a static membership): still paused.
     */
    feed("1700000300|NONE|sales|Dave|ADDMEMBER|");
    feed("1700000310|NONE|NONE|Dave|PAUSEALL|lunch");
    feed("1700000320|c9|vip|Dave|RINGNOANSWER|15000");
    assert_string_equal(LOG, "agent Dave available - [phone] - 1700000300000\n"
                             "agent Dave paused lunch [phone] - 1700000310000\n"
                             "agent Dave paused lunch [phone,vipline] - 1700000320000\n");
}

/*
 * Static members (queues.conf) are never added in the log, and a dynamic member's ADDMEMBER
 * may be in a file rotated away: a call answered, a ring unanswered or a pause in a queue
 * tells that the agent is a member of it.
 */
static void test_members_seen_working(void **state)
{
    (void)state;
    feed("1700000000|c1|sales|NONE|ENTERQUEUE||111|1");
    feed("1700000005|c1|sales|Bob|CONNECT|5|m1|3");
    feed("1700000010|c2|sales|NONE|ENTERQUEUE||112|1");
    feed("1700000025|c2|sales|Eve|RINGNOANSWER|15000");
    feed("1700000030|NONE|vip|Dan|PAUSE|training");
    assert_string_equal(LOG, "contact.queued c1/sales/1700000000 phone Sales - -1 -1\n"
                             "contact.answered c1/sales/1700000000 phone Sales Bob 5000 -1\n"
                             "agent Bob busy - [phone] - 1700000005000\n"
                             "contact.queued c2/sales/1700000010 phone Sales - -1 -1\n"
                             "agent Eve available - [phone] - 1700000025000\n"
                             "agent Dan paused training [vipline] - 1700000030000\n");
}

/*
 * A call that was ringing a member when it was removed rings on, and its RINGNOANSWER (an
 * AgentRingNoAnswer on AMI) comes after the REMOVEMEMBER: Carol is no member of sales again
 * until she is added (or queues.conf is read again: CONFIGRELOAD, where she may be a static
 * member), or AMI lists her in it. Answering such a call, she is busy on it.
 */
static void test_removed_member_rung_late(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Carol|ADDMEMBER|");
    feed("1700000010|c1|sales|NONE|ENTERQUEUE||111|1");
    feed("1700000015|NONE|sales|Carol|REMOVEMEMBER|");
    feed("1700000025|c1|sales|Carol|RINGNOANSWER|15000");
    feed("1700000030|NONE|NONE|NONE|CONFIGRELOAD|");
    feed("1700000040|c1|sales|Carol|RINGNOANSWER|15000");
    assert_string_equal(LOG, "agent Carol available - [phone] - 1700000000000\n"
                             "contact.queued c1/sales/1700000010 phone Sales - -1 -1\n"
                             "agent Carol offline - [] - 1700000015000\n"
                             "agent Carol available - [phone] - 1700000040000\n");
    LOG[0] = '\0';
    wb_ami_reader r;
    wb_ami_reader_init(&r);
    const char *text = "Asterisk Call Manager/5.0.1\r\n"
                       "Event: QueueMemberRemoved\r\nQueue: sales\r\nMemberName: Carol\r\n\r\n"
                       "Event: AgentRingNoAnswer\r\nQueue: sales\r\nMemberName: Carol\r\n"
                       "RingTime: 15000\r\n\r\n"
                       "Event: QueueMemberStatus\r\nQueue: sales\r\nMemberName: Carol\r\n"
                       "Status: 1\r\nPaused: 0\r\n\r\n";
    assert_int_equal(wb_ami_reader_push(&r, text, strlen(text)), WB_OK);
    wb_ami_msg msg;
    wb_ms t = 1700000050000LL;
    while (wb_ami_reader_next(&r, &msg))
        wb_ami_apply(M, &msg, t += 1000, &OUT);
    wb_ami_reader_fini(&r);
    assert_string_equal(LOG, "agent Carol offline - [] - 1700000051000\n"
                             "agent Carol available - [phone] - 1700000053000\n");
    LOG[0] = '\0';
    /*
     * Removed while c2 rang her, she answers it: busy on the call (with no channel: she is no
     * member), not offline with a call in hand; offline again when it ends.
     */
    feed("1700000090|c2|sales|NONE|ENTERQUEUE||112|1");
    feed("1700000100|NONE|sales|Carol|REMOVEMEMBER|");
    feed("1700000105|c2|sales|Carol|CONNECT|15|m2|3");
    feed("1700000165|c2|sales|Carol|COMPLETECALLER|15|60|1");
    assert_string_equal(LOG, "contact.queued c2/sales/1700000090 phone Sales - -1 -1\n"
                             "agent Carol offline - [] - 1700000100000\n"
                             "contact.answered c2/sales/1700000090 phone Sales Carol 15000 -1\n"
                             "agent Carol busy - [] - 1700000105000\n"
                             "contact.completed c2/sales/1700000090 phone Sales Carol -1 60000\n"
                             "agent Carol offline - [] - 1700000165000\n");
}

/*
 * A day rebuilt from the log leaves out the days before it; the callers still waiting that
 * entered before it are queued again at their own times: w1 (before, waiting), not w2 (before,
 * answered) nor w3 (after).
 */
static void test_waiting_before(void **state)
{
    (void)state;
    feed("1700000000|w1|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000010|w2|sales|NONE|ENTERQUEUE||2|2");
    feed("1700000020|w2|sales|Alice|CONNECT|10|x|1");
    feed("1700000200|w3|sales|NONE|ENTERQUEUE||3|2");
    LOG[0] = '\0';
    wb_astmap_waiting_before(M, 1700000100000LL, &OUT);
    assert_string_equal(LOG, "contact.queued w1/sales/1700000000 phone Sales - -1 -1\n");
}

/*
 * Asterisk 12 and later write COMPLETE and TRANSFER lines from another thread: a call moved
 * into a queue may log its new ENTERQUEUE before the line that ends its answered visit. c1 is
 * transferred from vip into sales; c2 goes back into vip and is answered again. Each answered
 * visit is completed by its own line, and the new visit waits (c1) or is answered (c2).
 */
static void test_late_completion(void **state)
{
    (void)state;
    feed("1700000000|NONE|vip|Alice|ADDMEMBER|");
    feed("1700000000|c1|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000005|c1|vip|Alice|CONNECT|5|m|1");
    feed("1700000060|c1|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000060|c1|vip|Alice|BLINDTRANSFER|700|from-internal|5|55|1");
    assert_int_equal(wb_astmap_calls(M), 1);
    feed("1700000100|c2|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000110|c2|vip|Alice|CONNECT|10|m|1");
    feed("1700000150|c2|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000155|c2|vip|Alice|COMPLETEAGENT|10|45|1");
    feed("1700000165|c2|vip|Alice|CONNECT|10|m|1");
    feed("1700000199|c2|vip|Alice|COMPLETECALLER|10|34|1");
    assert_int_equal(wb_astmap_calls(M), 1); /* c1 waiting in sales */
    assert_string_equal(LOG, "agent a-alice available - [vipline] Alice A 1700000000000\n"
                             "contact.queued c1/vip/1700000000 vipline vip - -1 -1\n"
                             "contact.answered c1/vip/1700000000 vipline vip a-alice 5000 -1\n"
                             "agent a-alice busy - [vipline] Alice A 1700000005000\n"
                             "contact.queued c1/sales/1700000060 phone Sales - -1 -1\n"
                             "contact.completed c1/vip/1700000000 vipline vip a-alice -1 55000\n"
                             "agent a-alice available - [vipline] Alice A 1700000060000\n"
                             "contact.queued c2/vip/1700000100 vipline vip - -1 -1\n"
                             "contact.answered c2/vip/1700000100 vipline vip a-alice 10000 -1\n"
                             "agent a-alice busy - [vipline] Alice A 1700000110000\n"
                             "contact.queued c2/vip/1700000150 vipline vip - -1 -1\n"
                             "contact.completed c2/vip/1700000100 vipline vip a-alice -1 45000\n"
                             "agent a-alice available - [vipline] Alice A 1700000155000\n"
                             "contact.answered c2/vip/1700000150 vipline vip a-alice 10000 -1\n"
                             "agent a-alice busy - [vipline] Alice A 1700000165000\n"
                             "contact.completed c2/vip/1700000150 vipline vip a-alice -1 34000\n"
                             "agent a-alice available - [vipline] Alice A 1700000199000\n");
    LOG[0] = '\0';
    /*
     * c3 answered by Alice goes back into vip and Bob answers it before Alice's late line:
     * her line ends her visit, Bob's his.
     */
    feed("1700000300|c3|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000305|c3|vip|Alice|CONNECT|5|m|1");
    feed("1700000340|c3|vip|NONE|ENTERQUEUE||1|1");
    feed("1700000345|c3|vip|Bob|CONNECT|5|m|1");
    feed("1700000346|c3|vip|Alice|COMPLETEAGENT|5|41|1");
    feed("1700000400|c3|vip|Bob|COMPLETECALLER|5|55|1");
    assert_non_null(
        strstr(LOG, "contact.completed c3/vip/1700000300 vipline vip a-alice -1 41000\n"));
    assert_non_null(strstr(LOG, "contact.completed c3/vip/1700000340 vipline vip Bob -1 55000\n"));
    assert_int_equal(wb_astmap_calls(M), 1); /* still c1 in sales */
}

/* QUEUESTART: calls in progress are gone; agents on a call come back. */
static void test_queuestart(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Alice|ADDMEMBER|");
    feed("1700000001|w1|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000002|w2|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000003|w2|sales|Alice|CONNECT|1|x|1");
    assert_int_equal(wb_astmap_calls(M), 2);
    LOG[0] = '\0';
    assert_int_equal(feed("1700000100|NONE|NONE|NONE|QUEUESTART|"), WB_QLOG_OK);
    assert_int_equal(wb_astmap_calls(M), 0);
    assert_string_equal(LOG, "restart 1700000100000\n"
                             "agent a-alice available - [phone] Alice A 1700000100000\n");
    /* A completion after the restart finds no call: it still counts, with no agent change. */
    wb_astmap_stats st;
    wb_astmap_stats_get(M, &st);
    assert_int_equal(st.restarts, 1);
}

static void test_refusals_counted(void **state)
{
    (void)state;
    assert_int_equal(feed("1700000000|c1|sales|NONE|CONNECT|soon|x|1"), WB_QLOG_NUMBER);
    assert_int_equal(feed("1700000000|NONE|sales|NONE|ENTERQUEUE||1|1"), WB_QLOG_NO_CALL);
    assert_int_equal(feed("1700000000|NONE|sales|NONE|PAUSE|x"), WB_QLOG_NO_AGENT);
    assert_int_equal(feed("1700000000|c1|sales|NONE|FROBNICATE|x"), WB_QLOG_UNKNOWN);
    assert_int_equal(feed("1700000000|c1|sal"), WB_QLOG_FIELDS);
    /* Known verbs without an effect are accepted and change nothing. */
    assert_int_equal(feed("1700000000|NONE|NONE|NONE|CONFIGRELOAD|"), WB_QLOG_OK);
    assert_int_equal(feed("1700000000|c1|sales|NONE|DID|5550100"), WB_QLOG_OK);
    assert_int_equal(feed("1700000000|NONE|sales|Alice|PENALTY|2"), WB_QLOG_OK);
    assert_string_equal(LOG, "");
    wb_astmap_stats st;
    wb_astmap_stats_get(M, &st);
    assert_int_equal(st.lines, 8);
    assert_int_equal(st.refused[wb_qlog_reason_index(WB_QLOG_NUMBER)], 1);
    assert_int_equal(st.refused[wb_qlog_reason_index(WB_QLOG_NO_CALL)], 1);
    assert_int_equal(st.refused[wb_qlog_reason_index(WB_QLOG_NO_AGENT)], 1);
    assert_int_equal(st.refused[wb_qlog_reason_index(WB_QLOG_UNKNOWN)], 1);
    assert_int_equal(st.refused[wb_qlog_reason_index(WB_QLOG_FIELDS)], 1);
    assert_int_equal(st.by_verb[WB_QV_CONFIGRELOAD], 1);
    assert_int_equal(wb_astmap_calls(M), 0);
}

/* AMI: device state says busy on a non-queue call, unregistered, and pause reasons. */
static void test_ami_members(void **state)
{
    (void)state;
    wb_ami_reader r;
    wb_ami_reader_init(&r);
    const char *text =
        "Asterisk Call Manager/5.0.1\r\n"
        "Response: Success\r\nActionID: login\r\nMessage: Authentication accepted\r\n\r\n"
        "Event: QueueMemberStatus\r\nTimestamp: 1700000000.250000\r\nQueue: sales\r\n"
        "MemberName: Alice\r\nInterface: PJSIP/2001\r\nStatus: 1\r\nPaused: 0\r\n\r\n"
        "Event: QueueMemberStatus\r\nTimestamp: 1700000010.000000\r\nQueue: sales\r\n"
        "MemberName: Alice\r\nInterface: PJSIP/2001\r\nStatus: 2\r\nPaused: 0\r\n\r\n"
        "Event: QueueMemberPause\r\nTimestamp: 1700000020.000000\r\nQueue: sales\r\n"
        "MemberName: Alice\r\nInterface: PJSIP/2001\r\nStatus: 1\r\nPaused: 1\r\n"
        "PausedReason: training\r\n\r\n"
        "Event: QueueMemberStatus\r\nTimestamp: 1700000030.000000\r\nQueue: sales\r\n"
        "MemberName: Alice\r\nInterface: PJSIP/2001\r\nStatus: 5\r\nPaused: 0\r\n\r\n"
        "Event: QueueMemberStatus\r\nQueue: sales\r\nMemberName: Alice\r\n";
    /* Delivered in two pieces: the last message is not complete until the second. */
    assert_int_equal(wb_ami_reader_push(&r, text, strlen(text)), WB_OK);
    wb_ami_msg msg;
    int n = 0, applied = 0;
    while (wb_ami_reader_next(&r, &msg)) {
        n++;
        applied += wb_ami_apply(M, &msg, 1, &OUT);
    }
    assert_int_equal(n, 5);
    assert_int_equal(applied, 4);
    assert_string_equal(r.banner, "Asterisk Call Manager/5.0.1");
    assert_string_equal(LOG, "agent a-alice available - [phone] Alice A 1700000000250\n"
                             "agent a-alice busy - [phone] Alice A 1700000010000\n"
                             "agent a-alice paused training [phone] Alice A 1700000020000\n"
                             "agent a-alice offline - [phone] Alice A 1700000030000\n");
    const char *rest = "Status: 1\r\nPaused: 0\r\n\r\n";
    wb_ami_reader_push(&r, rest, strlen(rest));
    assert_true(wb_ami_reader_next(&r, &msg));
    assert_string_equal(wb_ami_get(&msg, "status"), "1");
    assert_true(wb_ami_apply(M, &msg, 1700000040000LL, &OUT));
    assert_non_null(strstr(LOG, "agent a-alice available - [phone] Alice A 1700000040000\n"));
    wb_ami_reader_fini(&r);

    char buf[256];
    assert_true(wb_ami_login(buf, sizeof buf, "wb", "s3cret") > 0);
    assert_non_null(strstr(buf, "Username: wb\r\nSecret: s3cret\r\n"));
    assert_int_equal(wb_ami_login(buf, sizeof buf, "wb", "a\r\nAction: Originate"), WB_ERR_INVAL);
}

/* Asterisk 11 AMI: QueueMemberPaused, Location instead of Interface, Reason; and ringing. */
static void test_ami_old_and_ringing(void **state)
{
    (void)state;
    wb_ami_reader r;
    wb_ami_reader_init(&r);
    const char *text = "Asterisk Call Manager/1.3\r\n"
                       "Event: QueueMemberPaused\r\nPrivilege: agent,all\r\nQueue: sales\r\n"
                       "Location: PJSIP/2001\r\nMemberName: PJSIP/2001\r\nPaused: 1\r\n"
                       "Reason: meeting\r\n\r\n"
                       "Event: AgentCalled\r\nQueue: sales\r\nMemberName: Dora\r\n"
                       "Interface: SIP/3003\r\n\r\n"
                       "Event: AgentRingNoAnswer\r\nQueue: sales\r\nMemberName: Dora\r\n"
                       "Interface: SIP/3003\r\nRingTime: 15000\r\n\r\n"
                       "Event: Newchannel\r\nChannel: SIP/3003-0001\r\n\r\n";
    assert_int_equal(wb_ami_reader_push(&r, text, strlen(text)), WB_OK);
    wb_ami_msg msg;
    int applied = 0;
    wb_ms t = 1700000000000LL;
    while (wb_ami_reader_next(&r, &msg))
        applied += wb_ami_apply(M, &msg, t += 1000, &OUT);
    assert_int_equal(applied, 3); /* Newchannel is not a member event */
    /* PJSIP/2001 is Alice's interface in the configuration: the same agent id. Dora is
     * called from sales, so she is a member of it: busy while it rings, then available. */
    assert_string_equal(LOG, "agent a-alice paused meeting [phone] Alice A 1700000001000\n"
                             "agent Dora busy - [phone] - 1700000002000\n"
                             "agent Dora available - [phone] - 1700000003000\n");
    wb_ami_reader_fini(&r);
}

/*
 * QueueStatus answers with QueueMember entries that name the member Name and its phone
 * Location (app_queue's manager_queues_status): the same agent as the log's MemberName. And a
 * ring that another member answered ends with the phone not in use (Status 1), with no
 * AgentRingNoAnswer: Asterisk hangs the other phones up.
 */
static void test_ami_queuestatus_and_ringall(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Erin|ADDMEMBER|");
    feed("1700000000|NONE|sales|Frank|ADDMEMBER|");
    LOG[0] = '\0';
    wb_ami_reader r;
    wb_ami_reader_init(&r);
    const char *text = "Asterisk Call Manager/5.0.1\r\n"
                       "Event: QueueMember\r\nQueue: sales\r\nName: Erin\r\n"
                       "Location: PJSIP/2005\r\nStatus: 1\r\nPaused: 1\r\n"
                       "PausedReason: coaching\r\nActionID: resync\r\n\r\n"
                       "Event: AgentCalled\r\nQueue: sales\r\nMemberName: Frank\r\n"
                       "Interface: PJSIP/2006\r\n\r\n"
                       "Event: QueueMemberStatus\r\nQueue: sales\r\nMemberName: Frank\r\n"
                       "Interface: PJSIP/2006\r\nStatus: 6\r\nPaused: 0\r\n\r\n"
                       "Event: QueueMemberStatus\r\nQueue: sales\r\nMemberName: Frank\r\n"
                       "Interface: PJSIP/2006\r\nStatus: 1\r\nPaused: 0\r\n\r\n";
    assert_int_equal(wb_ami_reader_push(&r, text, strlen(text)), WB_OK);
    wb_ami_msg msg;
    wb_ms t = 1700000000000LL;
    while (wb_ami_reader_next(&r, &msg))
        assert_true(wb_ami_apply(M, &msg, t += 1000, &OUT));
    assert_int_equal(wb_astmap_agents(M), 2);
    assert_string_equal(LOG, "agent Erin paused coaching [phone] - 1700000001000\n"
                             "agent Frank busy - [phone] - 1700000002000\n"
                             "agent Frank available - [phone] - 1700000004000\n");
    wb_ami_reader_fini(&r);
}

/* Lost lines: a call that enters again, a wait past 6 h, a call in service past 24 h. */
static void test_lost_lines(void **state)
{
    (void)state;
    feed("1700000000|NONE|sales|Alice|ADDMEMBER|");
    feed("1700000000|r1|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000100|r1|support|NONE|ENTERQUEUE||1|1"); /* r1's sales visit lost its end */
    assert_non_null(strstr(LOG, "left r1/sales/1700000000 1700000100000\n"));
    assert_int_equal(wb_astmap_calls(M), 1);
    feed("1700000200|r2|sales|NONE|ENTERQUEUE||1|1");
    feed("1700000300|r2|sales|Alice|CONNECT|100|x|1");
    LOG[0] = '\0';
    /* 6 h after r1 entered support (and a minute for the sweep): r1 has waited too long. */
    wb_astmap_tick(M, 1700000100000LL + 6 * 3600000LL + 60000, &OUT);
    assert_string_equal(LOG, "left r1/support/1700000100 1700021760000\n");
    LOG[0] = '\0';
    /* r2 never completed: after 24 h Alice is no longer held busy by it. */
    wb_astmap_tick(M, 1700000200000LL + 24 * 3600000LL + 60000, &OUT);
    assert_string_equal(LOG, "agent a-alice available - [phone] Alice A 1700086660000\n");
    assert_int_equal(wb_astmap_calls(M), 0);
    wb_astmap_stats st;
    wb_astmap_stats_get(M, &st);
    assert_int_equal(st.pruned, 2);
}

/* docs/asterisk.md's worked example, through the mapper into the core model. */
static wb_model *MODEL;

static void to_model(void *ud, const wb_event *ev)
{
    (void)ud;
    assert_true(wb_model_apply(MODEL, ev, ev->ts) >= 0);
}

static void test_worked_example(void **state)
{
    (void)state;
    wb_config cfg;
    wb_config_defaults(&cfg);
    cfg.defaults.sl_t_ms = 20000;
    cfg.defaults.short_abandon_ms = 0;
    MODEL = wb_model_new(&cfg);
    assert_non_null(MODEL);
    wb_model_set_max_future(MODEL, 0);
    const wb_astmap_out o = {to_model, on_left, NULL, NULL};
    const char *lines[] = {
        "1700000000|k1|support|NONE|ENTERQUEUE||1|1",
        "1700000012|k1|support|Ann|CONNECT|12|x|1",
        "1700000100|k1|support|Ann|COMPLETECALLER|12|88|1",
        "1700000000|k2|support|NONE|ENTERQUEUE||1|2",
        "1700000025|k2|support|Ben|CONNECT|25|x|1",
        "1700000100|k2|support|Ben|COMPLETEAGENT|25|75|1",
        "1700000000|k3|support|NONE|ENTERQUEUE||1|3",
        "1700000020|k3|support|Cid|CONNECT|20|x|1",
        "1700000100|k3|support|Cid|COMPLETECALLER|20|80|1",
        "1700000000|k4|support|NONE|ENTERQUEUE||1|4",
        "1700000008|k4|support|NONE|ABANDON|1|4|8",
        "1700000000|k5|support|NONE|ENTERQUEUE||1|5",
        "1700000040|k5|support|NONE|ABANDON|1|5|40",
        "1700000000|k6|support|NONE|ENTERQUEUE||1|6",
        "1700000300|k6|support|NONE|EXITWITHTIMEOUT|1|6|300",
        "1700000000|k7|support|NONE|ENTERQUEUE||1|7",
        "1700000005|k7|support|NONE|EXITWITHKEY|1|1|7|5",
        "1700000000|k8|support|NONE|ENTERQUEUE||1|8",
        "1700000005|k8|support|Dee|CONNECT|5|x|1",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        assert_int_equal(wb_astmap_feed(M, lines[i], strlen(lines[i]), &o), WB_QLOG_OK);
    wb_model_tick(MODEL, 1700000400000LL);
    assert_int_equal(wb_model_queue_count(MODEL), 1);
    wb_queue_metrics q;
    wb_model_queue_metrics(MODEL, 0, 1700000400000LL, &q);
    assert_int_equal(q.today.c.answered, 4);
    assert_int_equal(q.today.c.answered_in_sl, 3);
    assert_int_equal(q.today.c.abandoned, 3);
    assert_int_equal(q.today.c.abandoned_in_sl, 1);
    /* k7 pressed a key: reported as left (the program drops it from the model with a
     * snapshot, see tests/apps/test_asterisk.sh), counted nowhere. */
    assert_string_equal(LOG, "left k7/support/1700000000 1700000005000\n");
    wb_window w;
    wb_window_compute(&w, &q.today.c, WB_SL_ANSWERED);
    assert_float_equal(w.sl, 3.0 / 4.0, 1e-9);
    wb_window_compute(&w, &q.today.c, WB_SL_POSITIVE);
    assert_float_equal(w.sl, 4.0 / 7.0, 1e-9);
    wb_model_free(MODEL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answered_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abandons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exitwithkey_abandoned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transfers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_pauses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_members_seen_working, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_member_rung_late, setup, teardown),
        cmocka_unit_test_setup_teardown(test_waiting_before, setup, teardown),
        cmocka_unit_test_setup_teardown(test_late_completion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queuestart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ami_members, setup, teardown),
        cmocka_unit_test_setup_teardown(test_worked_example, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ami_old_and_ringing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ami_queuestatus_and_ringall, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
