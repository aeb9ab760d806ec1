/*
 * wb_config_kpi.c - the [kpi.ID] sections of the configuration: how a KPI that arrives in
 * "kpi" messages is labelled (English and Finnish) and judged (warn and alarm thresholds in
 * the KPI's own unit, a target that overrides the publisher's, the direction of good).
 *
 * Data structure: none of its own; each section registers one wb_kpi_cfg in the parser's
 * temporary wb_config (p->cfg->kpis) and its keys fill it, all in the first pass. Which of
 * warn, alarm and better a section has set is kept in p->kpi_set, so that thresholds that
 * contradict an explicit `better` are refused whatever order the keys come in.
 */
#include "wb_config_int.h"

#include "wb_utf8.h"

#include <string.h>

enum { SET_WARN = 1, SET_ALARM = 2, SET_BETTER = 4 };

/* A KPI id as it travels in messages: printable, no spaces or brackets, fits WB_MAX_NAME. */
static bool kpi_id_ok(const char *n)
{
    if (!n[0] || strlen(n) >= WB_MAX_NAME || !wb_utf8_valid(n, strlen(n)))
        return false;
    for (const unsigned char *c = (const unsigned char *)n; *c; c++)
        if (*c <= 0x20 || *c == 0x7f || *c == '[' || *c == ']' || *c == ';')
            return false;
    return true;
}

void wb_cfg_kpi_section(parser *p, const char *id)
{
    p->section = SEC_KPI;
    p->kpi = -1;
    /* Everything of a KPI section is read in the first pass; the second has nothing to add. */
    if (p->pass != 1)
        return;
    wb_config *c = p->cfg;
    if (!kpi_id_ok(id)) {
        wb_cfg_fail(p, NULL, id,
                    "bad KPI id: 1 to %d bytes of UTF-8 without spaces, ';' or brackets",
                    WB_MAX_NAME - 1);
        return;
    }
    const wb_kpi_cfg *dup = wb_config_kpi(c, id);
    if (dup) {
        wb_cfg_fail(p, NULL, NULL, "duplicate KPI (first defined on line %d)",
                    p->kpi_line[dup - c->kpis]);
        return;
    }
    if (c->n_kpis >= WB_MAX_KPI_CFG) {
        wb_cfg_fail(p, NULL, NULL, "too many KPI sections (at most %d)", WB_MAX_KPI_CFG);
        return;
    }
    p->kpi = (int)c->n_kpis;
    p->kpi_line[p->kpi] = p->line;
    p->kpi_set[p->kpi] = 0;
    wb_kpi_cfg *k = &c->kpis[c->n_kpis++];
    memset(k, 0, sizeof *k);
    wb_cfg_copy_str(k->id, sizeof k->id, id);
}

/*
 * With an explicit direction, the alarm must lie beyond the warning on the bad side (below it
 * when higher is better, above it when lower is better); otherwise one of the two levels
 * could never show. Checked when the last of the three keys is read, and blamed on it.
 */
static bool order_ok(parser *p, const wb_kpi_cfg *k, const char *key, const char *v)
{
    uint8_t set = p->kpi_set[p->kpi];
    if ((set & (SET_WARN | SET_ALARM | SET_BETTER)) != (SET_WARN | SET_ALARM | SET_BETTER) ||
        !k->th.warn_on || !k->th.alarm_on)
        return true;
    bool higher = k->better == WB_BETTER_HIGHER;
    if (higher ? k->th.alarm < k->th.warn : k->th.alarm > k->th.warn)
        return true;
    wb_cfg_fail(p, key, v, "with better = %s the alarm threshold must be %s the warning one",
                wb_better_name(k->better), higher ? "below" : "above");
    return false;
}

/* KPI values travel as numbers within +-1e15 (docs/protocol.md); so do their thresholds. */
#define KPI_MAX_ABS 1e15

bool wb_cfg_kpi_key(parser *p, const char *key, const char *v)
{
    if (p->kpi < 0)
        return false;
    wb_kpi_cfg *k = &p->cfg->kpis[p->kpi];
    if (strcmp(key, "label_en") == 0)
        return wb_cfg_text(p, key, v, k->label_en, sizeof k->label_en);
    if (strcmp(key, "label_fi") == 0)
        return wb_cfg_text(p, key, v, k->label_fi, sizeof k->label_fi);
    if (strcmp(key, "short_en") == 0)
        return wb_cfg_text(p, key, v, k->short_en, sizeof k->short_en);
    if (strcmp(key, "short_fi") == 0)
        return wb_cfg_text(p, key, v, k->short_fi, sizeof k->short_fi);
    if (strcmp(key, "target") == 0) {
        if (strcmp(v, "off") == 0) {
            k->has_target = false;
            return true;
        }
        if (!wb_cfg_number(p, key, v, -KPI_MAX_ABS, KPI_MAX_ABS, &k->target))
            return false;
        k->has_target = true;
        return true;
    }
    if (strcmp(key, "warn") == 0 || strcmp(key, "alarm") == 0) {
        bool alarm = key[0] == 'a';
        bool on = strcmp(v, "off") != 0;
        double x = 0;
        if (on && !wb_cfg_number(p, key, v, -KPI_MAX_ABS, KPI_MAX_ABS, &x))
            return false;
        if (alarm) {
            k->th.alarm_on = on;
            k->th.alarm = x;
        } else {
            k->th.warn_on = on;
            k->th.warn = x;
        }
        p->kpi_set[p->kpi] |= alarm ? SET_ALARM : SET_WARN;
        return order_ok(p, k, key, v);
    }
    if (strcmp(key, "better") == 0) {
        if (strcmp(v, "higher") == 0) {
            k->better = WB_BETTER_HIGHER;
        } else if (strcmp(v, "lower") == 0) {
            k->better = WB_BETTER_LOWER;
        } else {
            wb_cfg_fail(p, key, v, "expected higher or lower");
            return false;
        }
        p->kpi_set[p->kpi] |= SET_BETTER;
        return order_ok(p, k, key, v);
    }
    wb_cfg_fail(p, key, v,
                "unknown key (expected label_en, label_fi, short_en, short_fi, warn, alarm, "
                "target or better)");
    return false;
}
