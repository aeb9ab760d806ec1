/*
 * wb_alarm.c - alarm levels with hysteresis, and reallocation hints.
 *
 * Data structure: a wb_alarm_state (embedded by its owner) keeps one wb_rule_state per rule:
 * the level the rule holds now, and since when its value has been on the good side of that
 * level's threshold (good_since, -1 while it is on the bad side). The channel level is the
 * maximum over the rules, recomputed on every update. `acked` is the level the operator
 * acknowledged; it is lowered whenever the level falls below it, so that a level which falls
 * and rises again flashes again.
 *
 * The hint calculation keeps no state: it works on copies of the inputs' shortfalls and
 * spares held in local arrays.
 */
#include "wb_alarm.h"

#include <math.h>
#include <string.h>

void wb_alarm_init(wb_alarm_state *s)
{
    memset(s, 0, sizeof *s);
    for (int r = 0; r < WB_RULE_COUNT; r++) {
        s->rule[r].level = WB_LEVEL_OK;
        s->rule[r].good_since = -1;
        s->rule[r].value = NAN;
    }
    s->level = WB_LEVEL_OK;
    s->worst = WB_RULE_WAITING;
    s->acked = WB_LEVEL_OK;
    s->since = -1;
}

/* Waiting and oldest wait get worse as they grow; the service levels as they shrink. */
static bool higher_is_worse(wb_rule r)
{
    return r == WB_RULE_WAITING || r == WB_RULE_OLDEST_WAIT;
}

static bool crosses(wb_rule r, double v, double threshold)
{
    return higher_is_worse(r) ? v >= threshold : v < threshold;
}

/*
 * The highest level whose threshold v crosses. A NAN value crosses nothing (every comparison
 * with NAN is false), so an undefined number never raises a level.
 */
static wb_level crossed_level(wb_rule r, const wb_threshold *th, double v)
{
    if (isnan(v))
        return WB_LEVEL_OK;
    if (th->alarm_on && crosses(r, v, th->alarm))
        return WB_LEVEL_ALARM;
    if (th->warn_on && crosses(r, v, th->warn))
        return WB_LEVEL_WARN;
    return WB_LEVEL_OK;
}

/*
 * A rule rises at once. It falls only when the value has been on the good side of the
 * current level's threshold for hold_ms without a break; it then falls to the level the value
 * crosses at that moment, which may be an intermediate one (alarm to warn).
 */
static void rule_update(wb_rule_state *rs, wb_rule r, const wb_threshold *th, wb_ms hold_ms,
                        double v, wb_ms now)
{
    wb_level crossed = crossed_level(r, th, v);
    rs->value = v;
    if (crossed >= rs->level) {
        rs->level = crossed;
        rs->good_since = -1;
        return;
    }
    /* A clock that steps back restarts the hold rather than shortening it. */
    if (rs->good_since < 0 || now < rs->good_since)
        rs->good_since = now;
    if (now - rs->good_since >= hold_ms) {
        rs->level = crossed;
        rs->good_since = -1;
    }
}

wb_level wb_alarm_update(wb_alarm_state *s, const wb_channel_cfg *cfg, const wb_alarm_input *in,
                         wb_ms now)
{
    wb_level level = WB_LEVEL_OK;
    wb_rule worst = WB_RULE_WAITING;
    for (int r = 0; r < WB_RULE_COUNT; r++) {
        rule_update(&s->rule[r], (wb_rule)r, &cfg->th[r], cfg->hold_ms, in->v[r], now);
        if (s->rule[r].level > level) {
            level = s->rule[r].level;
            worst = (wb_rule)r;
        }
    }
    if (level != s->level)
        s->since = now;
    s->level = level;
    s->worst = worst;
    /* Forget an acknowledgement of a level that has gone away, so a new rise flashes. */
    if (s->acked > level)
        s->acked = level;
    return level;
}

void wb_alarm_ack(wb_alarm_state *s)
{
    s->acked = s->level;
}

bool wb_alarm_flashing(const wb_alarm_state *s)
{
    return s->level == WB_LEVEL_ALARM && s->acked < WB_LEVEL_ALARM;
}

/* ---------------------------------------------------------------- hints */

/*
 * Agents a donor can give away. A real-time donor with a forecast keeps what its own forecast
 * requires, and never fewer than min_agents; any other donor keeps min_agents.
 */
static int donor_spare(const wb_hint_input *d)
{
    int keep = d->min_agents > 0 ? d->min_agents : 0;
    if (d->realtime && d->required >= 0 && d->required > keep)
        keep = d->required;
    int spare = d->staffed - keep;
    return spare > 0 ? spare : 0;
}

static int shortfall(const wb_hint_input *t)
{
    if (!t->realtime || t->required < 0)
        return 0;
    int s = t->required - t->staffed;
    return s > 0 ? s : 0;
}

size_t wb_hints_compute(const wb_hint_input *in, size_t n, wb_hint *out, size_t max)
{
    if (!in || !out || max == 0)
        return 0;
    if (n > WB_MAX_CHANNELS)
        n = WB_MAX_CHANNELS;
    int need[WB_MAX_CHANNELS], spare[WB_MAX_CHANNELS];
    for (size_t i = 0; i < n; i++) {
        need[i] = shortfall(&in[i]);
        /* A channel that is short itself lends nobody. */
        spare[i] = need[i] > 0 ? 0 : donor_spare(&in[i]);
    }
    size_t written = 0;
    for (;;) {
        /* The channel with the largest remaining shortfall goes first (lowest index on ties). */
        int t = -1;
        for (size_t i = 0; i < n; i++)
            if (need[i] > 0 && (t < 0 || need[i] > need[t]))
                t = (int)i;
        if (t < 0)
            break;
        /*
         * Serve it from the donors that can move the most agents to it; each donor once, since
         * one hint already moves every agent of that donor who may go.
         */
        bool used[WB_MAX_CHANNELS] = {false};
        while (need[t] > 0 && written < max) {
            int best = -1, best_n = 0;
            for (size_t d = 0; d < n; d++) {
                if ((int)d == t || used[d])
                    continue;
                int movable = in[d].not_on[t] < spare[d] ? in[d].not_on[t] : spare[d];
                if (movable > best_n) {
                    best = (int)d;
                    best_n = movable;
                }
            }
            if (best < 0)
                break;
            int take = best_n < need[t] ? best_n : need[t];
            out[written++] = (wb_hint){.target = t, .donor = best, .agents = take};
            spare[best] -= take;
            need[t] -= take;
            used[best] = true;
        }
        if (written == max)
            break;
        /* Whatever no donor could cover stays uncovered; the next channel gets its turn. */
        need[t] = 0;
    }
    return written;
}
