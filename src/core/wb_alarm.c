/*
 * wb_alarm.c - alarm levels with hysteresis, and reallocation hints.
 *
 * Data structure: a wb_alarm_state (embedded by its owner) keeps one wb_rule_state per rule:
 * the level the rule holds now, and since when its value has been on the good side of that
 * level's threshold (good_since, -1 while it is on the bad side). The channel level is the
 * maximum over the rules, recomputed on every update. `acked` is the level the operator
 * acknowledged; it is lowered whenever the level falls below it, so that a level which falls
 * and rises again flashes again. For the forecast rule's staffing drop it also keeps the most
 * agents seen in each of the last WB_STAFF_SLOTS slots of time (a ring indexed by slot number)
 * and when a drop was last seen.
 *
 * The hint calculation keeps no state: it works on the channels' shortfalls and spares held
 * in local arrays, and one "moved" flag per agent, so that no agent is counted twice.
 */
#include "wb_alarm.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wb_forecast.h"

void wb_alarm_init(wb_alarm_state *s)
{
    memset(s, 0, sizeof *s);
    for (int r = 0; r < WB_RULE_COUNT; r++) {
        s->rule[r].level = WB_LEVEL_OK;
        s->rule[r].good_since = -1;
        s->rule[r].bad_since = -1;
        s->rule[r].value = NAN;
    }
    s->level = WB_LEVEL_OK;
    s->worst = WB_RULE_WAITING;
    s->acked = WB_LEVEL_OK;
    s->since = -1;
    for (int k = 0; k < WB_STAFF_SLOTS; k++)
        s->staff.slot[k] = INT64_MIN;
    s->staff.drop_at = -1;
}

/*
 * Records `staff` agents at now, and the time of a drop when they are at least
 * WB_FORECAST_DROP_FRAC of the most seen over the last WB_FORECAST_DROP_S (one agent at
 * least) below it. Slots that a clock stepping back left in the future are not counted.
 */
static void staff_update(wb_staff_window *w, double staff, wb_ms now)
{
    if (!isfinite(staff) || staff < 0)
        return;
    const int64_t len = (int64_t)(WB_FORECAST_DROP_S * 1000.0) / WB_STAFF_SLOTS;
    int64_t cur = now >= 0 ? now / len : -((-now + len - 1) / len);
    size_t i = (size_t)(((cur % WB_STAFF_SLOTS) + WB_STAFF_SLOTS) % WB_STAFF_SLOTS);
    if (w->slot[i] != cur) {
        w->slot[i] = cur;
        w->most[i] = staff;
    } else if (staff > w->most[i]) {
        w->most[i] = staff;
    }
    double most = staff;
    for (int k = 0; k < WB_STAFF_SLOTS; k++)
        if (w->slot[k] != INT64_MIN && w->slot[k] > cur - WB_STAFF_SLOTS && w->slot[k] <= cur &&
            w->most[k] > most)
            most = w->most[k];
    /* The share is rounded up to whole agents; the epsilon keeps 0.2 * 5 at one agent. */
    double need = ceil(WB_FORECAST_DROP_FRAC * most - 1e-9);
    if (need < 1)
        need = 1;
    if (most - staff >= need)
        w->drop_at = now;
}

/* A value a hair off the threshold is on it (WB_SNAP_REL), as the screen writes it. */
static bool crosses(wb_rule r, double v, double threshold)
{
    v = wb_snap(v, threshold);
    return wb_rule_higher_is_worse(r) ? v >= threshold : v < threshold;
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
 * A rule rises once the value has crossed a higher level's threshold for confirm_ms without a
 * break (at once when confirm_ms is 0), to the level it crosses then. It falls only when the
 * value has been on the good side of the current level's threshold for hold_ms without a
 * break; it then falls to the level the value crosses at that moment, which may be an
 * intermediate one (alarm to warn).
 */
static void rule_update(wb_rule_state *rs, wb_rule r, const wb_threshold *th, wb_ms hold_ms,
                        wb_ms confirm_ms, double v, wb_ms now)
{
    wb_level crossed = crossed_level(r, th, v);
    rs->value = v;
    if (crossed > rs->level) {
        rs->good_since = -1;
        /* A clock that steps back restarts the confirmation rather than shortening it. */
        if (rs->bad_since < 0 || now < rs->bad_since)
            rs->bad_since = now;
        if (now - rs->bad_since >= confirm_ms) {
            rs->level = crossed;
            rs->bad_since = -1;
        }
        return;
    }
    rs->bad_since = -1;
    if (crossed == rs->level) {
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

/*
 * Among rules at the same level, the one whose news is worst: the service level callers are
 * getting now, then today's, then the queue (oldest wait before its length), and the forecast,
 * a prediction, last. A service level of 2 % says more than "34 waiting, limit 10".
 */
static int rule_rank(wb_rule r)
{
    switch (r) {
    case WB_RULE_SL_ROLLING:
        return 0;
    case WB_RULE_SL_TODAY:
        return 1;
    case WB_RULE_OLDEST_WAIT:
        return 2;
    case WB_RULE_WAITING:
        return 3;
    default:
        return 4;
    }
}

wb_level wb_alarm_update(wb_alarm_state *s, const wb_channel_cfg *cfg, const wb_alarm_input *in,
                         wb_ms now)
{
    wb_level level = WB_LEVEL_OK;
    wb_rule worst = WB_RULE_WAITING;
    for (int r = 0; r < WB_RULE_COUNT; r++) {
        /*
         * The forecast rule warns of a breach up to the forecast's horizon ahead: it needs a
         * prediction that persists before it rises, and stays up while that horizon could
         * still bring the breach it foresaw (docs/metrics.md section 6.4).
         */
        wb_ms hold = cfg->hold_ms, confirm = 0;
        if (r == WB_RULE_FORECAST_SL) {
            confirm = (wb_ms)(WB_FORECAST_CONFIRM_S * 1000);
            /*
             * Within a minute of a staffing drop the prediction is believed at once: the
             * confirmation is there for bunched arrivals, and the drop is no noise.
             */
            staff_update(&s->staff, in->staff, now);
            wb_ms since_drop = now - s->staff.drop_at;
            if (s->staff.drop_at >= 0 && since_drop >= 0 &&
                since_drop <= (wb_ms)(WB_FORECAST_DROP_S * 1000))
                confirm = 0;
            /*
             * While the arrivals are far more than the slow rate expects (a statistic that
             * random bunching seldom reaches), a prediction that stays down for a few seconds
             * is believed: a surge's first minute is no time to wait 50 s (docs/metrics.md
             * section 6.4). The short wait still lets a bunch's dip of the prediction pass.
             * Short of that level the wait shortens with the evidence, so that a surge whose
             * statistic climbs slowly is not held the whole 50 s. It is read afresh at each
             * update: a surprise that fades lengthens the wait again.
             */
            wb_ms sur = (wb_ms)(wb_surprise_confirm_s(in->surprise) * 1000);
            if (confirm > sur)
                confirm = sur;
            if (hold < (wb_ms)(WB_FORECAST_HOLD_S * 1000))
                hold = (wb_ms)(WB_FORECAST_HOLD_S * 1000);
        }
        rule_update(&s->rule[r], (wb_rule)r, &cfg->th[r], hold, confirm, in->v[r], now);
        wb_level lr = s->rule[r].level;
        if (lr > level ||
            (lr == level && lr > WB_LEVEL_OK && rule_rank((wb_rule)r) < rule_rank(worst))) {
            level = lr;
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

static int keep_of(const wb_hint_channel *c)
{
    int keep = c->min_agents > 0 ? c->min_agents : 0;
    if (c->realtime && c->required >= 0 && c->required > keep)
        keep = c->required;
    return keep;
}

static int shortfall(const wb_hint_channel *t)
{
    if (!t->realtime || t->required < 0)
        return 0;
    int s = t->required - t->staffed;
    return s > 0 ? s : 0;
}

/* The channels an agent counts in (is part of the N of), as a bit mask. */
static uint32_t counted_in(const wb_hint_agent *a, size_t n)
{
    uint32_t all = n >= 32 ? 0xffffffffu : (1u << n) - 1;
    if (a->state == WB_AGENT_AVAILABLE)
        return a->serves & all;
    if ((a->state == WB_AGENT_BUSY || a->state == WB_AGENT_WRAPUP) && a->work_ch >= 0 &&
        (size_t)a->work_ch < n)
        return 1u << a->work_ch;
    return 0;
}

/*
 * The donor an agent would leave: among the channels it counts in, the one with the most to
 * spare, or -1 if one of them cannot spare it (or it counts nowhere).
 */
static int donor_of(uint32_t mask, const int *spare, size_t n)
{
    int best = -1;
    if (!mask)
        return -1;
    for (size_t c = 0; c < n; c++) {
        if (!(mask & (1u << c)))
            continue;
        if (spare[c] <= 0)
            return -1;
        if (best < 0 || spare[c] > spare[best])
            best = (int)c;
    }
    return best;
}

/* The hint for (target, donor), added when new; NULL when out is full. */
static wb_hint *hint_slot(wb_hint *out, size_t *written, size_t max, int t, int d)
{
    for (size_t i = 0; i < *written; i++)
        if (out[i].target == t && out[i].donor == d)
            return &out[i];
    if (*written == max)
        return NULL;
    out[*written] = (wb_hint){.target = t, .donor = d};
    return &out[(*written)++];
}

size_t wb_hints_compute(const wb_hint_channel *ch, size_t n, const wb_hint_agent *ag, size_t na,
                        wb_hint *out, size_t max)
{
    if (!ch || !out || max == 0 || (na && !ag))
        return 0;
    if (n > WB_MAX_CHANNELS)
        n = WB_MAX_CHANNELS;
    int need[WB_MAX_CHANNELS], spare[WB_MAX_CHANNELS];
    for (size_t i = 0; i < n; i++) {
        need[i] = shortfall(&ch[i]);
        int sp = ch[i].staffed - keep_of(&ch[i]);
        spare[i] = need[i] > 0 || sp < 0 ? 0 : sp;
    }
    bool *moved = calloc(na + 1, sizeof *moved);
    if (!moved)
        return 0;
    size_t written = 0;
    for (;;) {
        /* The channel with the largest remaining shortfall goes first (lowest index on ties). */
        int t = -1;
        for (size_t i = 0; i < n; i++)
            if (need[i] > 0 && (t < 0 || need[i] > need[t]))
                t = (int)i;
        if (t < 0)
            break;
        /* Agents free now first; then those who finish work that can wait. */
        for (int pass = 0; pass < 2 && need[t] > 0; pass++) {
            for (size_t i = 0; i < na && need[t] > 0; i++) {
                const wb_hint_agent *a = &ag[i];
                if (moved[i])
                    continue;
                bool free_now = a->state == WB_AGENT_AVAILABLE;
                if (pass == 0 && (!free_now || (a->serves & (1u << t))))
                    continue;
                if (pass == 1 && (free_now || a->work_ch < 0 || (size_t)a->work_ch >= n ||
                                  a->work_ch == t || ch[a->work_ch].realtime))
                    continue;
                uint32_t mask = counted_in(a, n);
                int d = donor_of(mask, spare, n);
                if (d < 0)
                    continue;
                wb_hint *h = hint_slot(out, &written, max, t, d);
                if (!h)
                    continue;
                moved[i] = true;
                for (size_t c = 0; c < n; c++)
                    if (mask & (1u << c))
                        spare[c]--;
                need[t]--;
                h->agents++;
                if (free_now)
                    h->free_now++;
                else
                    h->after_current++;
            }
        }
        /* Whatever no donor could cover stays uncovered; the next channel gets its turn. */
        need[t] = 0;
    }
    free(moved);
    return written;
}
