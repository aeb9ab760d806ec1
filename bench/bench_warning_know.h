/*
 * bench_warning_know.h - how early could anyone have seen the surge? The evidence
 * bench_warning prints beside its surge cells. Header-only (static inline functions), as
 * bench_util.h: each benchmark is one program built from one source file.
 *
 * Two answers:
 *   - detect: a Poisson CUSUM per channel, the detector best suited to a surge of known size,
 *     against its alarms on normal days (its price);
 *   - the deadline evidence: a surge cell asks for a warning by its deadline, the breach less
 *     3 minutes, and bw_print_know() says what had happened by then: the surge's calls so far
 *     against the slow rate, what warning on evidence that unlikely would do on a normal day,
 *     which method of the bench leads most there and at what price, or, for a deadline before
 *     the surge began, whether the day so far was the normal day's own.
 * The data it keeps:
 *   - bw_arrivals: one channel's arrivals over the measured day (ts ascending, as the
 *     simulator emits them), each with the slow arrival rate just before it, in a fixed array.
 *     What does not fit is counted in `lost`: the figures that need it then print "lost".
 *   - bw_state: the model's view of one channel once a simulated second from 08:00 to 20:00
 *     (rolling SL and its contacts, waiting contacts, free agents, the forecast rule's value).
 * The caller owns all of it (plain structs inside its run records); nothing here allocates.
 */
#ifndef WB_BENCH_WARNING_KNOW_H
#define WB_BENCH_WARNING_KNOW_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wb_types.h"

#define BW_MIN_MS 60000LL
#define BW_SURGE_MS (600 * BW_MIN_MS) /* the simulator's surge begins at 10:00 */
/* The tables' sizes: phone and chat, five seeds a run. */
#define BW_NCH 2
#define BW_NSEEDS 5

/*
 * How early can any detector see a surge? A Poisson CUSUM per channel tests "the rate is now
 * CUSUM_R times the slow rate" against "it is the slow rate": every simulated second,
 * S <- max(0, S + n ln R - (R - 1) lambda0 dt) with n the arrivals of that second and lambda0
 * the slow rate; an alarm when S reaches h, then S starts again from 0. R = 3 is the surge's
 * own factor, the test best suited to it. Counted from DET_FROM to DET_TO of the day (the
 * phones open at 07:00 and the slow rate needs its time constant to settle).
 */
#define CUSUM_R 3.0
#define N_H 5
static const double CUSUM_H[N_H] = {2, 3, 4, 5, 6};
#define DET_FROM (8 * 60 * BW_MIN_MS)
#define DET_TO (20 * 60 * BW_MIN_MS)
#define N_FIRST 4

typedef struct detect {
    double s[N_H];
    int alarms[N_H];        /* alarms between DET_FROM and DET_TO */
    wb_ms first_after[N_H]; /* the first alarm at or after 10:00 (ms into the day), -1 = none */
    int n_sec;              /* arrivals in the current simulated second */
    wb_ms first[N_FIRST];   /* the first arrivals at or after 10:00 (absolute times) */
    int n_first;
    int in_1min, in_2min; /* arrivals in the first one and two minutes from 10:00 */
} detect;

/* One simulated second (dt_s long, ending tod into the day) of a channel's CUSUM. */
static inline void bw_detect_second(detect *d, double lambda0, double dt_s, wb_ms tod)
{
    for (int k = 0; k < N_H; k++) {
        double v = d->s[k] + d->n_sec * log(CUSUM_R) - (CUSUM_R - 1) * lambda0 * dt_s;
        d->s[k] = v > 0 ? v : 0;
        if (d->s[k] < CUSUM_H[k])
            continue;
        d->s[k] = 0;
        d->alarms[k] += tod >= DET_FROM && tod < DET_TO;
        if (tod >= BW_SURGE_MS && d->first_after[k] < 0)
            d->first_after[k] = tod;
    }
    d->n_sec = 0;
}

/*
 * The CUSUM's price and delay per threshold h: its alarms on each seed's normal day, phone and
 * chat (NULL when the normal days were not run: "-"), and the seconds from 10:00 to its first
 * alarm in phone's surge.
 */
static inline void bw_print_cusum(const detect *n_phone[BW_NSEEDS], const detect *n_chat[BW_NSEEDS],
                                  const detect *s_phone[BW_NSEEDS])
{
    printf("Poisson CUSUM (rate x%.0f against the slow rate): alarms in a normal day "
           "08:00-20:00 per seed, and seconds from 10:00 to the first alarm in the surge "
           "(phone)\n",
           CUSUM_R);
    for (int k = 0; k < N_H; k++) {
        printf("  h %.0f: normal phone", CUSUM_H[k]);
        for (int s = 0; s < BW_NSEEDS; s++)
            printf(n_phone[s] ? " %3d" : "   -", n_phone[s] ? n_phone[s]->alarms[k] : 0);
        printf(", chat");
        for (int s = 0; s < BW_NSEEDS; s++)
            printf(n_chat[s] ? " %3d" : "   -", n_chat[s] ? n_chat[s]->alarms[k] : 0);
        printf("; surge phone");
        for (int s = 0; s < BW_NSEEDS; s++) {
            wb_ms f = s_phone[s]->first_after[k];
            printf(" %4.0f", f < 0 ? NAN : (double)(f - BW_SURGE_MS) / 1000.0);
        }
        printf(" s\n");
    }
}

#define BW_MAX_ARR 4096
/*
 * The per-second record covers 08:00 to 20:00: every surge deadline of the bench falls in it,
 * and so does the part of a normal day that the evidence is weighed against (DET_FROM-DET_TO).
 */
#define BW_STATE_FROM_MIN 480
#define BW_STATE_S (12 * 3600)

typedef struct bw_arrivals {
    wb_ms ts[BW_MAX_ARR];
    double rate[BW_MAX_ARR]; /* the slow rate (per second) just before this arrival */
    int n, lost;
} bw_arrivals;

typedef struct bw_state {
    float rsl, n, val; /* rolling SL (0..1), its contacts, the rule's value (%) */
    uint16_t waiting, free;
    uint16_t staff; /* agents who can take the channel's contacts: free, busy, in wrap-up */
    bool set;
} bw_state;

static inline void bw_arrivals_add(bw_arrivals *a, wb_ms ts, double rate)
{
    if (a->n == BW_MAX_ARR) {
        a->lost++;
        return;
    }
    a->ts[a->n] = ts;
    a->rate[a->n++] = rate;
}

/* Arrivals with from <= ts < to. */
static inline int bw_count(const bw_arrivals *a, wb_ms from, wb_ms to)
{
    int k = 0;
    for (int i = 0; i < a->n; i++)
        k += a->ts[i] >= from && a->ts[i] < to;
    return k;
}

/*
 * P(N >= k) for N Poisson with mean mu. Beyond the mean the tail's own terms are summed
 * (e^-mu mu^i / i!, from i = k until they no longer count), so that a tail of 1e-20 is not
 * lost to 1 - (1 - 1e-20); at or below the mean it is one minus the first k terms.
 */
static inline double bw_poisson_tail(double mu, int k)
{
    if (k <= 0)
        return 1;
    if (!(mu > 0))
        return 0;
    if (k > mu) {
        double term = exp(-mu + k * log(mu) - lgamma(k + 1.0)), sum = 0;
        for (int i = k; term > sum * 1e-17; i++) {
            sum += term;
            term *= mu / (i + 1);
        }
        return sum;
    }
    double term = exp(-mu), below = 0;
    for (int i = 0; i < k; i++) {
        below += term;
        term *= mu / (i + 1);
    }
    return below >= 1 ? 0 : 1 - below;
}

/*
 * Whether a warning raised at t is followed by a breach, as the normal-day goal counts it: one
 * in force at t or beginning within follow_ms after (breaches: starts breach[0..nb), ends
 * bend[], -1 = not ended).
 */
static inline bool bw_followed(const wb_ms *breach, const wb_ms *bend, int nb, wb_ms t,
                               wb_ms follow_ms)
{
    for (int b = 0; b < nb; b++)
        if ((breach[b] >= t && breach[b] <= t + follow_ms) ||
            (breach[b] < t && (bend[b] < 0 || bend[b] > t)))
            return true;
    return false;
}

/*
 * What a warning raised on evidence "at least this unlikely" would have done on a day of
 * arrivals: windows of w seconds ending at an arrival between from and to whose count is as
 * unlikely as p or less, at the slow rate just before the window's first arrival. A warning
 * then rises, and is held as the forecast rule holds one (hold_s after the last such window):
 * a window while it is held is the same warning. *n_false counts the warnings no breach of the
 * channel followed (bw_followed), as the normal-day goal counts warnings for nothing. Returns
 * the warnings, or -1 when arrivals were lost.
 */
static inline int bw_as_unlikely(const bw_arrivals *a, wb_ms from, wb_ms to, double w_s, double p,
                                 double hold_s, const wb_ms *breach, const wb_ms *bend, int nb,
                                 wb_ms follow_ms, int *n_false)
{
    *n_false = 0;
    if (a->lost)
        return -1;
    wb_ms w = (wb_ms)llround(w_s * 1000);
    wb_ms rearm = INT64_MIN, held = (wb_ms)llround((hold_s > w_s ? hold_s : w_s) * 1000);
    int warnings = 0;
    for (int i = 0, j = 0; i < a->n; i++) {
        while (j < i && a->ts[j] <= a->ts[i] - w)
            j++;
        if (a->ts[i] < from || a->ts[i] >= to)
            continue;
        if (bw_poisson_tail(a->rate[j] * w_s, i - j + 1) > p)
            continue;
        /* Evidence while a warning is held keeps it up: the same warning, held longer. */
        bool held_on = a->ts[i] < rearm;
        rearm = a->ts[i] + held;
        if (held_on)
            continue;
        warnings++;
        *n_false += !bw_followed(breach, bend, nb, a->ts[i], follow_ms);
    }
    return warnings;
}

/* Whether two days' arrivals are the same, time for time, before until. */
static inline bool bw_same_before(const bw_arrivals *a, const bw_arrivals *b, wb_ms until)
{
    if (a->lost || b->lost)
        return false;
    int i = 0;
    for (; i < a->n && i < b->n && a->ts[i] < until && b->ts[i] < until; i++)
        if (a->ts[i] != b->ts[i])
            return false;
    bool a_more = i < a->n && a->ts[i] < until, b_more = i < b->n && b->ts[i] < until;
    return !a_more && !b_more;
}

/* One surge cell, as the caller's runs give it (all times absolute). */
typedef struct bw_cell {
    const char *chan;
    int seed;
    wb_ms day0, breach;                  /* the measured day; the breach the lead counts to */
    double lead_s;                       /* the model's lead (NAN = missed) */
    const bw_arrivals *s_phone, *s_chat; /* the surge day's arrivals */
    const bw_arrivals *n_phone, *n_chat; /* the normal day's of the same seed */
    int ch;                              /* this channel: 0 phone, 1 chat */
    const bw_state *st[2];               /* the surge day's record of phone and of chat */
    const bw_state *n_st[2];             /* the normal day's */
    double target[2];                    /* phone's and chat's SL targets (0..1) */
    /* The normal day's breach of this channel at or after the deadline (or in force then). */
    wb_ms normal_next;
    /* The normal day's breaches of this channel: starts, ends (-1 = not ended), count. */
    const wb_ms *n_breach, *n_breach_end;
    int n_n_breach;
    double hold_s;   /* how long the forecast rule holds a warning */
    wb_ms follow_ms; /* a warning is followed by a breach beginning within this long */
    /* The method with the longest lead on this cell, its lead, its normal day's false ones. */
    const char *best;
    double best_lead_s;
    int best_false;
} bw_cell;

static inline bool bw_same_f(float x, float y)
{
    return x == y || (isnan(x) && isnan(y));
}

/* Field by field: a struct's padding is not part of what it says, and NaN is no value. */
static inline bool bw_state_same(const bw_state *a, const bw_state *b)
{
    return a->set == b->set && bw_same_f(a->rsl, b->rsl) && bw_same_f(a->n, b->n) &&
           bw_same_f(a->val, b->val) && a->waiting == b->waiting && a->free == b->free &&
           a->staff == b->staff;
}

/*
 * Monotone rules. Call a warning rule monotone when, its condition holding on what the board
 * showed at one moment, it holds at any moment that looks at least as bad in what the rule
 * reads: the late answers the rolling SL can still take before it falls below target (fewer
 * is worse; bw_margin), the contacts waiting (more), the free agents (fewer), the agents who
 * can take the channel's contacts (fewer) and the model's projected SL (lower), of both
 * channels; and the arrivals: in every trailing window of 1 to wmax seconds, a count at least
 * as unlikely at the slow rate (bw_tails), of phone only or of both channels. bw_deadline_of()
 * takes what the board showed on the surge day at the cell's deadline (the breach less 3
 * minutes) and bw_envelope() finds the moments of a normal day (DET_FROM-DET_TO) that look at
 * least as bad: a monotone rule whose condition holds at the deadline holds at each of them.
 * The least such rule warns at exactly those moments; grouped as the forecast rule holds a
 * warning (hold_s after the last such moment) they are its warnings that day, and *n_false
 * counts those no breach of the channel followed, as the normal-day goal counts warnings for
 * nothing. They bound no other rule: one whose condition also holds between those moments
 * may join their warnings into fewer (a warning that never ends is one warning a day). So the
 * table says what the least rule in time would cost, not that every rule costs as much.
 */
#define BW_DOM_W_S 900

/* Late answers the rolling SL can take before it falls below target: k with SL n / (n + k). */
static inline double bw_margin(const bw_state *s, double target)
{
    return s->n > 0 && isfinite(s->rsl) ? s->n * (s->rsl / target - 1) : 0;
}

static inline bool bw_worse(const bw_state *y, const bw_state *x, double target)
{
    if (!y->set || !x->set)
        return false;
    bool val = isnan(x->val) || (!isnan(y->val) && y->val <= x->val);
    return val && bw_margin(y, target) <= bw_margin(x, target) && y->waiting >= x->waiting &&
           y->free <= x->free && y->staff <= x->staff;
}

/*
 * p[w - 1] = P(N >= k) for the k arrivals in (t - w s, t], at the slow rate just before the
 * window's first arrival (1 for an empty window), for w = 1 .. wmax.
 */
static inline void bw_tails(const bw_arrivals *a, wb_ms t, double *p, int wmax)
{
    int lo = 0, hi = a->n; /* e = the last arrival at or before t */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a->ts[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    int e = lo - 1, j = e;
    for (int w = 1; w <= wmax; w++) {
        while (j >= 0 && a->ts[j] > t - (wb_ms)w * 1000)
            j--;
        p[w - 1] = e > j ? bw_poisson_tail(a->rate[j + 1] * w, e - j) : 1;
    }
}

/* What the board showed at a surge cell's deadline, as bw_envelope() weighs it. */
typedef struct bw_deadline {
    bw_state x[2];            /* phone's and chat's state */
    double px[2][BW_DOM_W_S]; /* their arrivals' tails (bw_tails) over 1..wmax s */
    int wmax;
    bool chat_arrivals; /* whether the rule reads chat's arrivals too */
} bw_deadline;

/* One normal day as bw_envelope() reads it (all of it owned by the caller's run records). */
typedef struct bw_day {
    wb_ms day0;
    const bw_state *st[2];      /* phone's and chat's record */
    const bw_arrivals *arr[2];  /* their arrivals */
    const wb_ms *breach, *bend; /* the channel's breaches: starts, ends (-1 = not ended) */
    int nb;
} bw_day;

/* The cell's deadline state; false when it has none (no breach, no record, arrivals lost). */
static inline bool bw_deadline_of(const bw_cell *c, int wmax, bool chat_arrivals, bw_deadline *d)
{
    wb_ms dl = c->breach - 3 * BW_MIN_MS;
    long at = (long)((dl - c->day0) / 1000) - BW_STATE_FROM_MIN * 60;
    const bw_arrivals *sa[2] = {c->s_phone, c->s_chat};
    if (c->breach < 0 || at < 0 || at >= BW_STATE_S || wmax < 1 || wmax > BW_DOM_W_S)
        return false;
    for (int h = 0; h < 2; h++) {
        if (sa[h]->lost || !c->st[h][at].set)
            return false;
        d->x[h] = c->st[h][at];
        bw_tails(sa[h], dl, d->px[h], wmax);
    }
    d->wmax = wmax;
    d->chat_arrivals = chat_arrivals;
    return true;
}

/*
 * The moments of a normal day (DET_FROM-DET_TO) at least as bad as one of the nd deadlines in
 * what the rule reads (each deadline's wmax and chat_arrivals), as warnings held hold_s;
 * *n_false: those no breach of the channel followed within follow_ms. Returns the warnings,
 * or -1 when the day's arrivals were lost.
 */
static inline int bw_envelope(const bw_deadline *d, int nd, const bw_day *day,
                              const double target[2], double hold_s, wb_ms follow_ms, int *n_false)
{
    *n_false = 0;
    if (day->arr[0]->lost || day->arr[1]->lost)
        return -1;
    static double py[2][BW_DOM_W_S]; /* 14 kB: off the stack */
    wb_ms rearm = INT64_MIN, held = (wb_ms)llround(hold_s * 1000);
    int warnings = 0;
    long k0 = (long)(DET_FROM / 1000) - BW_STATE_FROM_MIN * 60;
    long k1 = (long)(DET_TO / 1000) - BW_STATE_FROM_MIN * 60;
    for (long k = k0 < 0 ? 0 : k0; k < k1 && k < BW_STATE_S; k++) {
        wb_ms t = day->day0 + (BW_STATE_FROM_MIN * 60LL + k) * 1000;
        bool tails = false, worse = false;
        for (int i = 0; i < nd && !worse; i++) {
            worse = bw_worse(&day->st[0][k], &d[i].x[0], target[0]) &&
                    bw_worse(&day->st[1][k], &d[i].x[1], target[1]);
            if (worse && !tails) {
                for (int h = 0; h < 2; h++)
                    bw_tails(day->arr[h], t, py[h], BW_DOM_W_S);
                tails = true;
            }
            for (int h = 0; h < (d[i].chat_arrivals ? 2 : 1) && worse; h++)
                for (int w = 0; w < d[i].wmax && worse; w++)
                    worse = py[h][w] <= d[i].px[h][w];
        }
        if (!worse)
            continue;
        bool held_on = t < rearm;
        rearm = t + held;
        if (held_on)
            continue;
        warnings++;
        *n_false += !bw_followed(day->breach, day->bend, day->nb, t, follow_ms);
    }
    return warnings;
}

/* t as HH:MM:SS of the day starting at day0; "--:--:--" for none (t < 0). */
static inline void bw_hhmmss(char *buf, size_t cap, wb_ms t, wb_ms day0)
{
    if (t < 0) {
        snprintf(buf, cap, "--:--:--");
        return;
    }
    long s = (long)((t - day0) / 1000);
    snprintf(buf, cap, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

/*
 * One row of what could be known at the cell's deadline: the model's lead (minutes), the
 * deadline and its seconds after 10:00. The surge's evidence is phone's calls since 10:00
 * (chat's own arrivals rise only from 10:15): k of them where the slow rate expected mu, a
 * chance of P(N >= k) at that rate, and what a warning raised on evidence as unlikely would
 * have done on the normal day of the same seed, 08:00-20:00 (bw_as_unlikely: the warnings,
 * held as the forecast rule holds them, and how many of them no breach of the channel
 * followed). Then the channel's state at the deadline: rolling SL (%) and its contacts,
 * contacts waiting, free agents and the forecast rule's value (the model's lowest projected
 * rolling SL, %); the method of the bench with the longest lead here, and its warnings for
 * nothing on the same normal day. A deadline before 10:00 has no surge to see: then whether
 * both channels' arrivals so far are the normal day's and the model saw the same at every
 * second from 08:00 to the deadline (on the simulator's first day they are: its random
 * streams are drawn per channel), so that any forecaster would decide there as it does at
 * that moment of the normal day, and that day's next breach (its time and minutes after the
 * deadline).
 */
static inline void bw_print_know(const bw_cell *c)
{
    char a[40], b[40];
    printf("%-5s %-4d", c->chan, c->seed);
    if (isnan(c->lead_s))
        printf(" %6s", "missed");
    else
        printf(" %6.1f", c->lead_s / 60);
    if (c->breach < 0) {
        printf("  no breach\n");
        return;
    }
    wb_ms dl = c->breach - 3 * BW_MIN_MS, surge = c->day0 + BW_SURGE_MS;
    bw_hhmmss(a, sizeof a, dl, c->day0);
    printf(" %9s %5.0f", a, (double)(dl - surge) / 1000);
    if (dl <= surge) {
        printf(" %5s %5s %7s %5s %5s", "-", "-", "-", "-", "-");
    } else {
        double w = (double)(dl - surge) / 1000;
        int k = bw_count(c->s_phone, surge, dl + 1), i = 0, nf = 0;
        while (i < c->s_phone->n && c->s_phone->ts[i] < surge)
            i++;
        double mu = i < c->s_phone->n ? c->s_phone->rate[i] * w : NAN;
        double p = bw_poisson_tail(mu, k);
        int nw = bw_as_unlikely(c->n_phone, c->day0 + DET_FROM, c->day0 + DET_TO, w, p, c->hold_s,
                                c->n_breach, c->n_breach_end, c->n_n_breach, c->follow_ms, &nf);
        printf(" %5d %5.1f", k, mu);
        if (p < 0.001)
            printf(" %7s", "<0.001");
        else
            printf(" %7.3f", p);
        if (nw < 0)
            printf(" %5s %5s", "lost", "lost");
        else
            printf(" %5d %5d", nw, nf);
    }
    long at = (long)((dl - c->day0) / 1000) - BW_STATE_FROM_MIN * 60;
    bool have = at >= 0 && at < BW_STATE_S && c->st[c->ch][at].set;
    if (have) {
        const bw_state *x = &c->st[c->ch][at];
        snprintf(b, sizeof b, "%.1f (%.0f)", x->rsl * 100.0, x->n);
        printf(" %11s %4u %4u %5.1f", b, x->waiting, x->free, x->val);
    } else {
        printf(" %11s %4s %4s %5s", "-", "-", "-", "-");
    }
    printf("  %-8s %5.1f %3d", c->best, c->best_lead_s / 60, c->best_false);
    if (dl <= surge) {
        bool same = have && bw_same_before(c->s_phone, c->n_phone, dl) &&
                    bw_same_before(c->s_chat, c->n_chat, dl);
        for (long k = 0; same && k <= at; k++)
            for (int h = 0; h < 2; h++)
                same = same && bw_state_same(&c->st[h][k], &c->n_st[h][k]);
        printf("  %s", same ? "same" : "differs");
        if (same && c->normal_next >= 0) {
            bw_hhmmss(b, sizeof b, c->normal_next, c->day0);
            printf(", %s (%+.1f min)", b, (double)(c->normal_next - dl) / 60000.0);
        } else if (same) {
            printf(", none");
        }
    }
    if (c->s_phone->lost || c->n_phone->lost || c->s_chat->lost || c->n_chat->lost)
        printf("  (arrivals lost: more than %d a day)", BW_MAX_ARR);
    printf("\n");
}

/* The table's heading, in bw_print_know's columns. */
static inline void bw_print_know_head(void)
{
    printf("surge, what could be known by the deadline (the breach less 3 minutes): phone's calls "
           "since 10:00\n(chat's own rise from 10:15) against the slow rate and the chance of as "
           "many; a warning raised\non evidence as unlikely on the normal day of the seed "
           "(08:00-20:00, held 15 min): warnings,\nand those no breach followed; the channel then; "
           "the method with the longest lead here, and\nits warnings for nothing on that normal "
           "day; for a deadline before 10:00, whether the day so\nfar was the normal day's "
           "(arrivals and what the model saw), and that day's next breach:\n");
    printf("%-5s %-4s %6s %9s %5s %5s %5s %7s %5s %5s %11s %4s %4s %5s  %-8s %5s %3s  %s\n", "chan",
           "seed", "model", "deadline", "s in", "calls", "exp", "P", "warn", "false", "SL (n)",
           "wait", "free", "value", "best", "lead", "fls", "before 10:00");
}

/*
 * The monotone rules' table: per class of what the rule reads (dl[0]: all, dl[1]: calls),
 * channel and seed, the moments of the seed's normal day at least as bad as the surge cell's
 * deadline (bw_envelope with that deadline alone); then the moments of each normal day at
 * least as bad as any of the channel's five deadlines: the least monotone rule in time for all
 * five. A cell with no deadline the class can weigh prints "-/-": no breach, or (calls) a
 * deadline more than BW_DOM_W_S after 10:00. days[c][s]: the normal day of the run's s-th seed (its
 * first + s), with channel c's breaches.
 */
static inline void bw_print_monotone(bw_deadline (*dl)[BW_NCH][BW_NSEEDS],
                                     bool (*ok)[BW_NCH][BW_NSEEDS], const bw_day (*days)[BW_NSEEDS],
                                     const double target[2], double hold_s, wb_ms follow_ms)
{
    static const char *const CLASS[2] = {"all", "calls"}, *const CH[BW_NCH] = {"phone", "chat"};
    printf("monotone rules: the least rule whose condition holds at a cell's deadline and at every "
           "moment\nat least as bad in what it reads: its warnings on a normal day (held 15 min) "
           "/ those no breach\nof the channel followed (goal <= 1). A rule that warns more can "
           "join warnings: no bound on\nevery rule. What it reads: all = both channels' state "
           "and their arrivals in every window up\nto 15 min; calls = the state and phone's "
           "calls in every window up to the deadline's time since\n10:00 (1 s for a deadline "
           "before 10:00). Each cell on its seed's normal day, and the least\nrule in time for "
           "the channel's five cells on each normal day:\n");
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < BW_NCH; c++) {
            printf("  %-5s %-5s", CLASS[k], CH[c]);
            static bw_deadline set[BW_NSEEDS]; /* 72 kB: off the stack */
            int nd = 0;
            for (int s = 0; s < BW_NSEEDS; s++)
                if (ok[k][c][s])
                    set[nd++] = dl[k][c][s];
            for (int pass = 0; pass < 2; pass++) {
                printf(pass ? "  | five:" : " seeds:");
                for (int s = 0; s < BW_NSEEDS; s++) {
                    int nf = 0, nw = -1;
                    if (pass == 0 && ok[k][c][s])
                        nw = bw_envelope(&dl[k][c][s], 1, &days[c][s], target, hold_s, follow_ms,
                                         &nf);
                    else if (pass == 1)
                        nw = bw_envelope(set, nd, &days[c][s], target, hold_s, follow_ms, &nf);
                    if (nw < 0)
                        printf("   -/- ");
                    else
                        printf(" %2d/%-3d", nw, nf);
                }
            }
            printf("\n");
        }
}

#endif
