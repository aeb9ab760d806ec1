/*
 * wb_config_order.c - the order of each warn/alarm pair of the alarm rules: an alarm threshold
 * must lie strictly beyond its warning one on the worse side (above it for waiting and oldest
 * wait, where higher is worse; below it for the service levels, where lower is worse). In the
 * wrong order, or equal, the alarm is reached first (wb_alarm.c tests the alarm before the
 * warning), so the warning could never show: the file is refused, as a [kpi.ID] section with
 * its thresholds in the wrong order is (wb_config_kpi.c).
 *
 * The pair checked is the one that is used: the values a channel, [defaults] or a queue ends
 * up with once [defaults], the channel and the target-following thresholds have given theirs.
 * A pair with either side "off" has no order. A pair whose two sides both follow the
 * service-level target is never wrong in practice (alarm 10 points under warn, or 0) and is
 * not checked: only a target of 0 makes the two equal, and no service level is below 0.
 *
 * The error names the line that made the pair wrong: of the two values, the one set in the
 * most specific section (a queue's, then its channel's, then [defaults]), and of two in the
 * same section the later one. A value that follows the target is blamed on its sl_target_pct.
 *
 * Data structure: none of its own; it reads the parser's temporary wb_config and the lines at
 * which each section set its thresholds and its target (parser.lines_*).
 */
#include "wb_config_int.h"

#include <stdio.h>
#include <string.h>

/* Where one value of a pair came from, from the least specific to the most. */
enum { FROM_BUILTIN, FROM_DEFAULTS, FROM_CHANNEL, FROM_QUEUE };

typedef struct origin {
    int level;        /* FROM_* */
    int line;         /* the line of the key; 0 when built in */
    bool derived;     /* follows the target: the key is sl_target_pct */
    char section[80]; /* "defaults", "channel.NAME" or "queue.NAME", as in messages */
} origin;

static origin make_origin(int level, int line, bool derived, const char *kind, const char *name)
{
    origin o = {level, line, derived, ""};
    if (level != FROM_BUILTIN)
        snprintf(o.section, sizeof o.section, "%s%s", kind, name);
    return o;
}

/*
 * Where the warn (alarm false) or alarm value of rule r came from, for channel chan (-1: one
 * without a section, which has [defaults]) and queue section queue (-1: none). The order of the
 * tests is the order in which the loader lets one value override another: a queue's own key,
 * then its own target; the channel's key, then [defaults]' key (a channel's target does not
 * re-derive a threshold that [defaults] sets); then the target the threshold follows.
 */
static origin origin_of(const parser *p, int chan, int queue, wb_rule r, bool alarm)
{
    const wb_config *c = p->cfg;
    int b = 2 * (int)r + (alarm ? 1 : 0);
    bool follows = wb_cfg_rule_follows_target(r);
    const wb_cfg_lines *d = &p->lines_defaults;
    if (queue >= 0) {
        const wb_cfg_lines *q = &p->lines_queue[queue];
        const char *name = c->queues[queue].name;
        if (q->th[b])
            return make_origin(FROM_QUEUE, q->th[b], false, "queue.", name);
        if (follows && q->target)
            return make_origin(FROM_QUEUE, q->target, true, "queue.", name);
    }
    const wb_cfg_lines *ch = chan >= 0 ? &p->lines_chan[chan] : NULL;
    const char *cname = chan >= 0 ? c->channels[chan].name : "";
    if (ch && ch->th[b])
        return make_origin(FROM_CHANNEL, ch->th[b], false, "channel.", cname);
    if (d->th[b])
        return make_origin(FROM_DEFAULTS, d->th[b], false, "defaults", "");
    if (follows && ch && ch->target)
        return make_origin(FROM_CHANNEL, ch->target, true, "channel.", cname);
    if (follows && d->target)
        return make_origin(FROM_DEFAULTS, d->target, true, "defaults", "");
    return make_origin(FROM_BUILTIN, 0, follows, "", "");
}

/* "KEY = VALUE on line N", or "... in [SECTION] on line N" when in another section. */
static void describe(char *dst, size_t cap, const origin *o, const char *key, double value,
                     const char *section)
{
    if (o->level == FROM_BUILTIN) {
        snprintf(dst, cap, "%s = %.15g, from the built-in sl_target_pct", key, value);
        return;
    }
    char in[100] = "";
    if (strcmp(o->section, section) != 0)
        snprintf(in, sizeof in, " in [%s]", o->section);
    snprintf(dst, cap, "%s = %.15g%s%s on line %d", key, value,
             o->derived ? ", from sl_target_pct" : "", in, o->line);
}

/*
 * Checks the pair th of rule r whose origins are given by chan and queue (origin_of), in a scope
 * whose service-level target is target_pct. On the wrong order, records the error at the line
 * to blame and returns false.
 */
static bool pair_ok(parser *p, const wb_threshold *th, wb_rule r, int chan, int queue,
                    double target_pct)
{
    if (!th->warn_on || !th->alarm_on)
        return true;
    bool higher = wb_rule_higher_is_worse(r);
    if (higher ? th->alarm > th->warn : th->alarm < th->warn)
        return true;
    origin w = origin_of(p, chan, queue, r, false), a = origin_of(p, chan, queue, r, true);
    if (w.derived && a.derived)
        return true;
    bool blame_alarm = a.level != w.level ? a.level > w.level : a.line >= w.line;
    const origin *bl = blame_alarm ? &a : &w, *other = blame_alarm ? &w : &a;

    char bkey[40], okey[40], where[200], mine[80], got[40];
    snprintf(bkey, sizeof bkey, "%s_%s", blame_alarm ? "alarm" : "warn", wb_cfg_th_stem(r));
    snprintf(okey, sizeof okey, "%s_%s", blame_alarm ? "warn" : "alarm", wb_cfg_th_stem(r));
    describe(where, sizeof where, other, okey, blame_alarm ? th->warn : th->alarm, bl->section);
    /* The same words as the [kpi.ID] check: "the alarm threshold must be below the warning one". */
    const char *side = blame_alarm ? "alarm" : "warning", *than = blame_alarm ? "warning" : "alarm";
    const char *dir = (higher == blame_alarm) ? "above" : "below";
    double bv = blame_alarm ? th->alarm : th->warn;
    if (bl->derived) {
        snprintf(mine, sizeof mine, " it gives (%s = %.15g)", bkey, bv);
        snprintf(got, sizeof got, "%.15g", target_pct);
    } else {
        mine[0] = '\0';
        snprintf(got, sizeof got, "%.15g", bv);
    }
    p->line = bl->line;
    wb_cfg_copy_str(p->section_name, sizeof p->section_name, bl->section);
    wb_cfg_fail(p, bl->derived ? "sl_target_pct" : bkey, got,
                "the %s threshold%s must be %s the %s one (%s)", side, mine, dir, than, where);
    return false;
}

/* Every rule's pair of one scope (a channel, [defaults] or a queue on one channel). */
static bool scope_ok(parser *p, const wb_channel_cfg *s, int chan, int queue)
{
    for (int r = 0; r < WB_RULE_COUNT; r++)
        if (!pair_ok(p, &s->th[r], (wb_rule)r, chan, queue, s->sl_target * 100.0))
            return false;
    return true;
}

/*
 * A [queue.NAME] section applies to the queue of its name in its channel, or in any channel:
 * its pairs are checked on every channel it can apply to, one without a section (which has
 * [defaults]) included, unless an earlier section of the same queue takes that channel.
 */
static bool queue_ok(parser *p, size_t k)
{
    const wb_config *c = p->cfg;
    const wb_queue_cfg *q = &c->queues[k];
    wb_channel_cfg other, out;
    for (size_t i = 0; i <= c->n_channels; i++) {
        const wb_channel_cfg *ch;
        int chan = -1;
        if (i < c->n_channels) {
            ch = &c->channels[i];
            chan = (int)i;
            if (q->channel[0] && strcmp(q->channel, ch->name) != 0)
                continue;
        } else {
            if (q->channel[0] && wb_config_channel_index(c, q->channel) >= 0)
                continue;
            wb_channel_cfg_default(c, &other, q->channel);
            ch = &other;
        }
        if (wb_config_queue_settings(c, ch, q->name, &out) != (int)k)
            continue;
        if (!scope_ok(p, &out, chan, (int)k))
            return false;
    }
    return true;
}

bool wb_cfg_check_order(parser *p)
{
    const wb_config *c = p->cfg;
    if (!scope_ok(p, &c->defaults, -1, -1))
        return false;
    for (size_t i = 0; i < c->n_channels; i++)
        if (!scope_ok(p, &c->channels[i], (int)i, -1))
            return false;
    for (size_t k = 0; k < c->n_queues; k++)
        if (!queue_ok(p, k))
            return false;
    return true;
}
