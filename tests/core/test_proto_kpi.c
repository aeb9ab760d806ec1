/*
 * test_proto_kpi.c - the "kpi" message of protocol v1 and the "kpis" of snapshots: every
 * member, the defaults, each refusal with its reason, and encode/decode round trips.
 *
 * The expected values are the ones written in the test messages themselves.
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

#include "proto_fixture.h"
#include "wb_proto.h"

#define HEAD "{\"v\":1,\"type\":\"kpi\",\"ts\":1700000000000,"

/* Decodes json expecting refusal code want; checks the event was left with nothing held. */
static void refuse(const char *json, int want)
{
    wb_event ev;
    refuse_decode(&ev, json, want);
    assert_null(ev.kpi.kpi);
    assert_null(ev.snap.kpis);
    wb_event_fini(&ev);
}

static void test_kpi_all_fields(void **state)
{
    wb_event ev;
    (void)state;

    assert_int_equal(dec(&ev, HEAD "\"src\":\"crm\",\"seq\":7,\"kpi\":\"nps\",\"label\":\"NPS\","
                                   "\"value\":34.5,\"unit\":\"points\",\"target\":30,"
                                   "\"better\":\"higher\",\"period\":\"this week\","
                                   "\"scope\":\"team:Voice\"}"),
                     0);
    assert_int_equal(ev.type, WB_EV_KPI);
    assert_string_equal(wb_event_type_name(ev.type), "kpi");
    assert_string_equal(ev.src, "crm");
    assert_string_equal(ev.kpi.kpi, "nps");
    assert_string_equal(ev.kpi.label, "NPS");
    assert_true(ev.kpi.value == 34.5);
    assert_string_equal(ev.kpi.unit, "points");
    assert_true(ev.kpi.has_target);
    assert_true(ev.kpi.target == 30.0);
    assert_int_equal(ev.kpi.better, WB_BETTER_HIGHER);
    assert_string_equal(ev.kpi.period, "this week");
    assert_string_equal(ev.kpi.scope, "team:Voice");
    assert_true(ev.kpi.ts == 1700000000000LL);
    wb_event_fini(&ev);
}

static void test_kpi_defaults(void **state)
{
    wb_event ev;
    (void)state;

    /* Only the id and the value: everything else absent; null is the same as absent. */
    assert_int_equal(dec(&ev, HEAD "\"kpi\":\"backlog\",\"value\":-12,\"label\":null,"
                                   "\"target\":null,\"unknown_member\":[1,2]}"),
                     0);
    assert_int_equal(ev.type, WB_EV_KPI);
    assert_string_equal(ev.kpi.kpi, "backlog");
    assert_true(ev.kpi.value == -12.0);
    assert_null(ev.kpi.label);
    assert_null(ev.kpi.unit);
    assert_null(ev.kpi.period);
    assert_null(ev.kpi.scope);
    assert_false(ev.kpi.has_target);
    assert_int_equal(ev.kpi.better, WB_BETTER_UNSET);
    assert_true(ev.kpi.ts == 1700000000000LL);
    wb_event_fini(&ev);

    /* better lower; an empty label and unit are texts like any other. */
    assert_int_equal(dec(&ev, HEAD "\"kpi\":\"repeat\",\"value\":0.125,\"better\":\"lower\","
                                   "\"label\":\"\",\"unit\":\"\"}"),
                     0);
    assert_int_equal(ev.kpi.better, WB_BETTER_LOWER);
    assert_true(ev.kpi.value == 0.125);
    assert_string_equal(ev.kpi.label, "");
    assert_string_equal(ev.kpi.unit, "");
    wb_event_fini(&ev);
}

static void test_kpi_refusals(void **state)
{
    (void)state;
    char big[400], msg[600];

    refuse(HEAD "\"value\":1}", WB_ERR_MISSING);
    refuse(HEAD "\"kpi\":null,\"value\":1}", WB_ERR_MISSING);
    refuse(HEAD "\"kpi\":\"\",\"value\":1}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":5,\"value\":1}", WB_ERR_TYPE);
    refuse(HEAD "\"kpi\":\"nps\"}", WB_ERR_MISSING);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":\"34\"}", WB_ERR_TYPE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":true}", WB_ERR_TYPE);
    /* Non-finite: JSON has no infinity, but 1e999 reads as one. */
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1e999}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":-1e999}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":2e15}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"target\":1e999}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"target\":\"30\"}", WB_ERR_TYPE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"better\":\"up\"}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"better\":1}", WB_ERR_TYPE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"scope\":\"\"}", WB_ERR_VALUE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"scope\":[\"a\"]}", WB_ERR_TYPE);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"period\":\"\\udc00\"}", WB_ERR_UTF8);
    refuse(HEAD "\"kpi\":\"nps\",\"value\":1,\"unit\":\"\xff\"}", WB_ERR_UTF8);
    memset(big, 'a', 257);
    big[257] = '\0';
    snprintf(msg, sizeof msg, HEAD "\"kpi\":\"nps\",\"value\":1,\"label\":\"%s\"}", big);
    refuse(msg, WB_ERR_STR_LONG);
    snprintf(msg, sizeof msg, HEAD "\"kpi\":\"%s\",\"value\":1}", big);
    refuse(msg, WB_ERR_STR_LONG);
    /* 256 bytes is the limit itself, accepted. */
    big[256] = '\0';
    snprintf(msg, sizeof msg, HEAD "\"kpi\":\"nps\",\"value\":1,\"label\":\"%s\"}", big);
    wb_event ev;
    assert_int_equal(dec(&ev, msg), 0);
    assert_int_equal(strlen(ev.kpi.label), 256);
    wb_event_fini(&ev);
}

static void kpi_msg(wb_kpi_msg *k, const char *id, double v)
{
    memset(k, 0, sizeof *k);
    k->kpi = id;
    k->value = v;
}

static void test_kpi_round_trip(void **state)
{
    (void)state;
    char buf[1024];
    wb_event ev, back;

    wb_event_init(&ev, WB_EV_KPI, 1700000000000LL);
    ev.src = "crm";
    kpi_msg(&ev.kpi, "fcr", 1.0 / 3.0);
    ev.kpi.label = "First contact resolution";
    ev.kpi.unit = "%";
    ev.kpi.has_target = true;
    ev.kpi.target = 80;
    ev.kpi.better = WB_BETTER_HIGHER;
    ev.kpi.period = "today";
    ev.kpi.scope = "team:Digital";
    int n = wb_event_encode(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(dec(&back, buf), 0);
    assert_int_equal(back.type, WB_EV_KPI);
    assert_string_equal(back.kpi.kpi, "fcr");
    /* The shortest text that reads back as the same double: exactly 1/3 again. */
    assert_true(back.kpi.value == 1.0 / 3.0);
    assert_string_equal(back.kpi.label, "First contact resolution");
    assert_string_equal(back.kpi.unit, "%");
    assert_true(back.kpi.has_target && back.kpi.target == 80.0);
    assert_int_equal(back.kpi.better, WB_BETTER_HIGHER);
    assert_string_equal(back.kpi.period, "today");
    assert_string_equal(back.kpi.scope, "team:Digital");
    wb_event_fini(&back);

    /* Absent members stay absent. */
    kpi_msg(&ev.kpi, "csat", 4.5);
    n = wb_event_encode(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_null(strstr(buf, "target"));
    assert_null(strstr(buf, "better"));
    assert_null(strstr(buf, "scope"));
    assert_int_equal(dec(&back, buf), 0);
    assert_false(back.kpi.has_target);
    assert_int_equal(back.kpi.better, WB_BETTER_UNSET);
    assert_null(back.kpi.scope);
    wb_event_fini(&back);

    /* What the decoder would refuse is not encoded. */
    ev.kpi.value = NAN;
    assert_int_equal(wb_event_encode(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.kpi.value = INFINITY;
    assert_int_equal(wb_event_encode(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.kpi.value = 1;
    ev.kpi.has_target = true;
    ev.kpi.target = NAN;
    assert_int_equal(wb_event_encode(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.kpi.has_target = false;
    ev.kpi.scope = "";
    assert_int_equal(wb_event_encode(&ev, buf, sizeof buf), WB_ERR_INVAL);
    ev.kpi.scope = NULL;
    ev.kpi.kpi = NULL;
    assert_int_equal(wb_event_encode(&ev, buf, sizeof buf), WB_ERR_INVAL);
}

#define SNAP "{\"v\":1,\"type\":\"snapshot\",\"ts\":1700000060000,\"src\":\"crm\","

static void test_snapshot_kpis(void **state)
{
    (void)state;
    wb_event ev;

    assert_int_equal(dec(&ev, SNAP "\"kpis\":[{\"kpi\":\"nps\",\"value\":31,\"scope\":\"team:A\","
                                   "\"ts\":1700000000000},{\"kpi\":\"fcr\",\"value\":82.5,"
                                   "\"better\":\"higher\",\"target\":80}]}"),
                     0);
    assert_int_equal(ev.type, WB_EV_SNAPSHOT);
    assert_int_equal(ev.snap.n_kpis, 2);
    assert_string_equal(ev.snap.kpis[0].kpi, "nps");
    assert_true(ev.snap.kpis[0].value == 31.0);
    assert_string_equal(ev.snap.kpis[0].scope, "team:A");
    assert_true(ev.snap.kpis[0].ts == 1700000000000LL);
    assert_string_equal(ev.snap.kpis[1].kpi, "fcr");
    /* Without its own ts, an element is as of the snapshot. */
    assert_true(ev.snap.kpis[1].ts == 1700000060000LL);
    assert_true(ev.snap.kpis[1].has_target && ev.snap.kpis[1].target == 80.0);
    wb_event_fini(&ev);

    /* Older publishers send no kpis. */
    assert_int_equal(dec(&ev, SNAP "\"waiting\":[]}"), 0);
    assert_int_equal(ev.snap.n_kpis, 0);
    assert_null(ev.snap.kpis);
    wb_event_fini(&ev);

    refuse(SNAP "\"kpis\":{}}", WB_ERR_TYPE);
    refuse(SNAP "\"kpis\":[1]}", WB_ERR_TYPE);
    refuse(SNAP "\"kpis\":[{\"kpi\":\"nps\"}]}", WB_ERR_MISSING);
    refuse(SNAP "\"kpis\":[{\"kpi\":\"nps\",\"value\":1,\"ts\":-5}]}", WB_ERR_VALUE);
    refuse(SNAP "\"kpis\":[{\"kpi\":\"nps\",\"value\":1},{\"value\":1}]}", WB_ERR_MISSING);
}

static void test_snapshot_kpis_round_trip(void **state)
{
    (void)state;
    char buf[2048];
    wb_event ev, back;
    wb_kpi_msg k[2];

    wb_event_init(&ev, WB_EV_SNAPSHOT, 1700000060000LL);
    kpi_msg(&k[0], "nps", 28);
    k[0].scope = "team:Voice";
    k[0].ts = 1700000000000LL;
    kpi_msg(&k[1], "quality", 91.25);
    k[1].better = WB_BETTER_HIGHER;
    k[1].label = "Quality";
    k[1].ts = 1700000050000LL;
    ev.snap.kpis = k;
    ev.snap.n_kpis = 2;
    int n = wb_event_encode(&ev, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(dec(&back, buf), 0);
    assert_int_equal(back.snap.n_kpis, 2);
    assert_string_equal(back.snap.kpis[0].scope, "team:Voice");
    assert_true(back.snap.kpis[0].ts == 1700000000000LL);
    assert_true(back.snap.kpis[1].value == 91.25);
    assert_string_equal(back.snap.kpis[1].label, "Quality");
    assert_true(back.snap.kpis[1].ts == 1700000050000LL);
    wb_event_fini(&back);

    /* A snapshot without KPIs leaves the member out. */
    ev.snap.n_kpis = 0;
    ev.snap.kpis = NULL;
    assert_true(wb_event_encode(&ev, buf, sizeof buf) > 0);
    assert_null(strstr(buf, "kpis"));
}

/*
 * Every example in docs/protocol.md that carries a KPI decodes: a ```json block is one
 * message written over several lines, or several messages one per line.
 */
static void doc_examples(void **state)
{
    (void)state;
    FILE *f = fopen(WB_SRCDIR "/docs/protocol.md", "r");
    assert_non_null(f);
    static char doc[256 * 1024];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    int checked = 0;
    for (char *p = strstr(doc, "```json\n"); p; p = strstr(p, "```json\n")) {
        p += 8;
        char *end = strstr(p, "```");
        assert_non_null(end);
        *end = '\0';
        if (strstr(p, "\"kpi\"")) {
            wb_event ev;
            /* Several lines that each are not an object alone make one message. */
            if (dec(&ev, p) == 0) {
                wb_event_fini(&ev);
                checked++;
            } else {
                for (char *line = strtok(p, "\n"); line; line = strtok(NULL, "\n")) {
                    if (dec(&ev, line) != 0)
                        fail_msg("docs/protocol.md example does not decode: %s", line);
                    assert_int_equal(ev.type, WB_EV_KPI);
                    wb_event_fini(&ev);
                    checked++;
                }
            }
        }
        p = end + 1;
    }
    /* Two kpi messages and one snapshot with kpis. */
    assert_int_equal(checked, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kpi_all_fields), cmocka_unit_test(test_kpi_defaults),
        cmocka_unit_test(test_kpi_refusals),   cmocka_unit_test(test_kpi_round_trip),
        cmocka_unit_test(test_snapshot_kpis),  cmocka_unit_test(test_snapshot_kpis_round_trip),
        cmocka_unit_test(doc_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
