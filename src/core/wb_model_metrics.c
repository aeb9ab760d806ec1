/*
 * wb_model_metrics.c - the figures of channels, queues and agents, summed over sources when
 * asked for, and the forecast of real-time channels over the queue their agents share
 * (gathered here, computed by wb_forecast.c and wb_model_forecast.c).
 *
 * Owns no data structure: every call reads the sources' counters, rates and agents and the
 * waiting cache, and fills the caller's struct by value.
 */
#include "wb_model_int.h"

#include <math.h>
#include <string.h>

#include "wb_forecast.h"
#include "wb_model_forecast.h"

/* ---------------------------------------------------------------- metrics */

void wb_window_compute(wb_window *w, const wb_counts *c, wb_sl_formula f)
{
    w->c = *c;
    double ans = c->answered;
    /* Short abandons are excluded from every rate. */
    double ab = (double)c->abandoned - (double)c->short_abandoned;
    double offered = ans + ab;
    double num = wb_sl_met(c, f), den = wb_sl_count(c, f);
    w->sl = den > 0 ? num / den : NAN;
    w->asa_s = ans > 0 ? (double)c->wait_sum_ms / 1000.0 / ans : NAN;
    w->aht_s = c->completed > 0 ? (double)c->handle_sum_ms / 1000.0 / c->completed : NAN;
    w->abandon_pct = offered > 0 ? ab / offered * 100.0 : NAN;
}

/* Sums today's and the rolling window's counters of one queue into the accumulators. */
static void sum_queue(const wb_model *m, const wb_squeue *q, wb_ms now, wb_counts *today,
                      wb_counts *rolling)
{
    if (q->day_start == m->day_start && m->day_end != 0)
        wb_counts_add(today, &q->today);
    wb_ms lo = wb_model_window_lo(m, now);
    for (size_t b = 0; b < m->nb; b++)
        if (q->ring[b].start >= lo)
            wb_counts_add(rolling, &q->ring[b].c);
}

double wb_sl_met(const wb_counts *c, wb_sl_formula f)
{
    /* The positive formula counts a contact abandoned within T as a success too. */
    double met = c->answered_in_sl;
    return f == WB_SL_POSITIVE ? met + (double)c->abandoned_in_sl : met;
}

double wb_sl_count(const wb_counts *c, wb_sl_formula f)
{
    double ans = c->answered;
    double offered = ans + (double)c->abandoned - (double)c->short_abandoned;
    if (f == WB_SL_ANSWERED)
        return ans;
    if (f == WB_SL_IGNORE_ABANDONED)
        return offered - (double)c->abandoned_in_sl;
    return offered;
}

/*
 * Arrival rates (as of now, the night cut-off applied), today's AHT (or the default) and
 * waiting contacts of one channel, for the shared-queue projection.
 */
static void pool_channel(const wb_model *m, size_t c, wb_ms now, const wb_wcache *w,
                         wb_pool_channel *out)
{
    wb_counts today = {0}, rolling = {0};
    double slow = 0, fast = 0;
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t q = 0; q < m->src[s]->q_cap && q < m->n_gq; q++)
            if (m->src[s]->q[q] && m->gq[q].ch == (int)c) {
                sum_queue(m, m->src[s]->q[q], now, &today, &rolling);
                wb_model_rate_at(m, m->src[s]->q[q], now, &slow, &fast);
            }
    if (slow * wb_model_tau_slow_s(m) < 0.01)
        slow = fast = 0;
    wb_window win;
    wb_window_compute(&win, &today, m->ch[c].cfg.formula);
    out->slow = slow;
    out->fast = fast;
    out->aht_s = isfinite(win.aht_s) ? win.aht_s : m->ch[c].cfg.default_aht_s;
    out->patience_s = m->ch[c].cfg.patience_s;
    out->waiting = w->ch_n[c];
}

/*
 * Whether channel c's day before can shape the forecast: it has one, watched whole, and it
 * holds one arrival at least (wb_forecast_predict() ignores a smaller profile). A day the
 * channel was closed, or idle, leaves an empty day before; the configured profile then shapes
 * instead.
 */
static bool day_before_counts(const wb_model *m, size_t c)
{
    const wb_channel *ch = &m->ch[c];
    return ch->prof_whole &&
           wb_profile_counts(ch->prof, ch->prof_n, (double)wb_model_interval_ms(m) / 1000.0);
}

/*
 * Channel c's time-of-day shape into out (WB_PROF_MAX): its day before, or without one that
 * counts its configured arrival profile on today's intervals, or without either its empty day
 * before (zeros: a channel that had no contact yesterday adds none to the pool's other
 * arrivals, and its own shape is ignored by the forecast). A day before not watched whole is
 * no shape at all (0): its zeros where the model heard nothing would say the arrivals stop.
 * Returns the intervals (0 = none).
 */
static size_t shape_of(const wb_model *m, size_t c, double *out)
{
    size_t n = m->ch[c].prof_n;
    if (!day_before_counts(m, c)) {
        size_t k = wb_model_channel_configured_shape(m, c, out, WB_PROF_MAX);
        if (k > 0 || !m->ch[c].prof_whole)
            return k;
    }
    memcpy(out, m->ch[c].prof, n * sizeof *out);
    return n;
}

const char *wb_shape_from_name(wb_shape_from s)
{
    return s == WB_SHAPE_DAY_BEFORE   ? "day_before"
           : s == WB_SHAPE_CONFIGURED ? "configured"
           : s == WB_SHAPE_PARTIAL    ? "day_before_partial"
                                      : "none";
}

/*
 * Where shape_of() takes channel c's own shape from (an empty day before shapes nothing; one
 * with arrivals that was not watched whole is refused, and says so when nothing else shapes).
 */
static wb_shape_from shape_from(const wb_model *m, size_t c)
{
    const wb_channel *ch = &m->ch[c];
    if (day_before_counts(m, c))
        return WB_SHAPE_DAY_BEFORE;
    size_t n = wb_model_interval_count(m, NULL, NULL);
    if (ch->cfg.n_shape > 0 && n > 0 && n <= WB_PROF_MAX)
        return WB_SHAPE_CONFIGURED;
    if (!ch->prof_whole &&
        wb_profile_counts(ch->prof, ch->prof_n, (double)wb_model_interval_ms(m) / 1000.0))
        return WB_SHAPE_PARTIAL;
    return WB_SHAPE_NONE;
}

/*
 * The forecast of real-time channel chi (fi: its own inputs, N = staffed). Its pool is chi
 * and every real-time channel that a working agent serving chi also serves; the projection
 * (forecast SL, EWT, breach, lowest rolling SL) runs on the pool's queue and working agents
 * (wb_model_forecast.h), while the steady-state figures (required agents, P(wait), ASA,
 * occupancy) stay those of chi's own arrivals and staffed N, which the hints compare.
 */
static void forecast_pooled(const wb_model *m, size_t chi, wb_ms now, const wb_wcache *w,
                            wb_forecast_input *fi, wb_forecast *out)
{
    uint32_t rt = 0, pool = 1u << chi, working = 0, available = 0;
    for (size_t c = 0; c < m->n_ch; c++)
        if (m->ch[c].cfg.realtime)
            rt |= 1u << c;
    /*
     * Working: available, busy or in wrap-up, without a pause or a logout pending after the
     * current contact (wb_model_agent_takes_next()). An agent busy on work that can wait
     * counts too: it comes back to the real-time queues first.
     */
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++) {
            const wb_agent *a = m->src[s]->agents[i];
            if (wb_model_agent_takes_next(a) && (a->chmask & (1u << chi)))
                pool |= a->chmask & rt;
        }
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++) {
            const wb_agent *a = m->src[s]->agents[i];
            if (!wb_model_agent_takes_next(a) || !(a->chmask & pool))
                continue;
            working++;
            available += a->state == WB_AGENT_AVAILABLE;
        }
    wb_forecast_predict(out, fi);
    wb_pool_channel pc[WB_MAX_CHANNELS];
    for (size_t c = 0; c < m->n_ch && c < WB_MAX_CHANNELS; c++)
        if (pool & (1u << c))
            pool_channel(m, c, now, w, &pc[c]);
    /* chi's own rates keep their meaning (the night cut-off already applied to fi). */
    pc[chi].slow = fi->lambda_slow;
    pc[chi].fast = fi->lambda_fast;
    pc[chi].aht_s = fi->aht_s;
    pc[chi].patience_s = fi->patience_s;
    wb_forecast_input pin = *fi;
    wb_forecast pf;
    if (!out->valid || wb_pool_input(&pin, pc, m->n_ch, chi, pool, working, available) != WB_OK)
        return;
    /*
     * The time-of-day shape (docs/metrics.md section 6.5): each channel's day before, or on a
     * day without one its configured arrival profile; chi's own, and the sum of the pool's
     * other channels' when every one of them has a shape.
     */
    double own[WB_PROF_MAX], o_prof[WB_PROF_MAX] = {0};
    size_t np = shape_of(m, chi, own);
    bool others = false, all = np > 0;
    for (size_t c = 0; c < m->n_ch && all; c++) {
        if (c == chi || !(pool & (1u << c)))
            continue;
        others = true;
        double sh[WB_PROF_MAX];
        all = shape_of(m, c, sh) == np;
        for (size_t i = 0; i < np && all; i++)
            o_prof[i] += sh[i];
    }
    if (np > 0) {
        pin.profile = own;
        pin.o_profile = others && all ? o_prof : NULL;
        pin.profile_n = np;
        pin.profile_w_s = (double)wb_model_interval_ms(m) / 1000.0;
        pin.tod_s = (double)(now - m->day_start) / 1000.0;
    }
    wb_forecast_predict(&pf, &pin);
    out->ewt_s = pf.ewt_s;
    out->sl = pf.valid ? pf.sl : NAN;
    out->breach_in_min = pf.breach_in_min;
    out->sl_low = pf.sl_low;
}

size_t wb_model_channel_count(const wb_model *m)
{
    return m->n_ch;
}

void wb_model_channel_metrics(const wb_model *m, size_t chi, wb_ms now, wb_channel_metrics *out)
{
    memset(out, 0, sizeof *out);
    const wb_channel *ch = &m->ch[chi];
    out->name = ch->cfg.name;
    out->cfg = &ch->cfg;
    out->configured = ch->configured;
    out->had_data = ch->had_data;

    const wb_wcache *w = wb_model_waiting_counts(m);
    out->waiting = w->ch_n[chi];
    wb_ms oldest = w->ch_old[chi];
    out->oldest_wait_ms = out->waiting ? (now > oldest ? now - oldest : 0) : -1;

    wb_counts today = {0}, rolling = {0};
    double lambda = 0, lambda_fast = 0;
    for (size_t s = 0; s < m->n_src; s++) {
        const wb_source *src = m->src[s];
        if (src->resyncing && (src->chmask & (1u << chi)))
            out->resyncing = true;
        for (size_t q = 0; q < src->q_cap && q < m->n_gq; q++) {
            if (!src->q[q] || m->gq[q].ch != (int)chi)
                continue;
            sum_queue(m, src->q[q], now, &today, &rolling);
            wb_model_rate_at(m, src->q[q], now, &lambda, &lambda_fast);
        }
        for (size_t i = 0; i < src->n_agents; i++) {
            const wb_agent *a = src->agents[i];
            bool serves = a->chmask & (1u << chi), here = a->work_ch == (int)chi;
            if (serves)
                out->agents[a->state]++;
            if (serves && a->state != WB_AGENT_AVAILABLE && a->has_next)
                out->pausing++;
            if (here && a->state == WB_AGENT_BUSY)
                out->busy_here++;
            else if (here && a->state == WB_AGENT_WRAPUP)
                out->wrapup_here++;
            /*
             * The agents who can take this channel's next contact: those free now who serve
             * it, and those already working on it (they come back to it) unless a pause or a
             * logout waits for them. An agent busy on another channel is not coming here
             * soon, however many channels it serves.
             */
            if (wb_model_agent_takes_next(a) && (a->state == WB_AGENT_AVAILABLE ? serves : here))
                out->staffed++;
        }
    }
    wb_window_compute(&out->today, &today, ch->cfg.formula);
    wb_window_compute(&out->rolling, &rolling, ch->cfg.formula);

    uint32_t logged =
        out->agents[WB_AGENT_AVAILABLE] + out->agents[WB_AGENT_BUSY] + out->agents[WB_AGENT_WRAPUP];
    uint32_t working = out->agents[WB_AGENT_BUSY] + out->agents[WB_AGENT_WRAPUP];
    out->occupancy = logged ? (double)working / logged : NAN;

    /*
     * A rate that has decayed to less than 1 % of one arrival per smoothing period is no
     * rate: at night the forecast is undefined, not "0 % with 0 agents".
     */
    double tau_s = wb_model_tau_slow_s(m);
    if (lambda * tau_s < 0.01)
        lambda = lambda_fast = 0;
    out->surprise = NAN;
    if (ch->cfg.realtime && ch->had_data) {
        wb_forecast_input fi = {
            .lambda_slow = lambda,
            .lambda_fast = lambda_fast,
            .tau_slow_s = tau_s,
            .tau_fast_s = WB_FORECAST_TAU_FAST_S,
            .aht_s = isfinite(out->today.aht_s) ? out->today.aht_s : ch->cfg.default_aht_s,
            .patience_s = ch->cfg.patience_s,
            .agents = (int)out->staffed,
            .waiting = out->waiting,
            .free_agents = out->agents[WB_AGENT_AVAILABLE],
            .t_s = (double)ch->cfg.sl_t_ms / 1000.0,
            .target = ch->cfg.sl_target,
            .window_s = (double)m->cfg.rolling_ms / 1000.0,
            .roll_sl = out->rolling.sl,
            .roll_n = wb_sl_count(&out->rolling.c, ch->cfg.formula),
            .horizon_s = WB_FORECAST_HORIZON_S,
            .step_s = WB_FORECAST_STEP_S,
            .trend_s = WB_FORECAST_TREND_S,
            .trend_z = WB_FORECAST_TREND_Z,
        };
        forecast_pooled(m, chi, now, w, &fi, &out->forecast);
        out->shape = shape_from(m, chi);
        out->surprise = wb_model_surprise_at(m, chi, now);
    }

    /*
     * Sparkline, oldest first, ending with the slot of now. The ticks fill every slot between
     * the first and the last they sampled (waiting is a level), so the sampled slots are one
     * run; the slots outside it are counted as not sampled, so that a screen that joined late
     * does not draw the half hour before it as nobody waiting.
     */
    int64_t idx = wb_model_floor_to(now, WB_SPARK_MS) / WB_SPARK_MS;
    size_t first = WB_SPARK_N, last = 0;
    for (size_t k = 0; k < WB_SPARK_N; k++) {
        int64_t want = idx - (int64_t)(WB_SPARK_N - 1 - k);
        size_t slot = (size_t)(((want % WB_SPARK_N) + WB_SPARK_N) % WB_SPARK_N);
        bool sampled = ch->spark_idx[slot] == want;
        out->spark[k] = sampled ? ch->spark[slot] : 0;
        if (sampled) {
            first = first < k ? first : k;
            last = k;
        }
    }
    out->spark_lead = (uint16_t)first;
    out->spark_tail = (uint16_t)(first < WB_SPARK_N ? WB_SPARK_N - 1 - last : 0);
}

size_t wb_model_queue_count(const wb_model *m)
{
    return m->n_gq;
}

void wb_model_queue_metrics(const wb_model *m, size_t qi, wb_ms now, wb_queue_metrics *out)
{
    memset(out, 0, sizeof *out);
    out->name = m->gq[qi].name;
    out->channel = m->gq[qi].ch;
    const wb_wcache *w = wb_model_waiting_counts(m);
    out->waiting = qi < w->q_cap ? w->q_n[qi] : 0;
    wb_ms oldest = qi < w->q_cap ? w->q_old[qi] : INT64_MAX;
    out->oldest_wait_ms = out->waiting ? (now > oldest ? now - oldest : 0) : -1;
    wb_counts today = {0}, rolling = {0};
    for (size_t s = 0; s < m->n_src; s++)
        if (qi < m->src[s]->q_cap && m->src[s]->q[qi])
            sum_queue(m, m->src[s]->q[qi], now, &today, &rolling);
    out->cfg = &m->gq[qi].cfg;
    wb_sl_formula f = out->cfg->formula;
    wb_window_compute(&out->today, &today, f);
    wb_window_compute(&out->rolling, &rolling, f);
}

size_t wb_model_agent_count(const wb_model *m)
{
    size_t n = 0;
    for (size_t s = 0; s < m->n_src; s++)
        n += m->src[s]->n_agents;
    return n;
}

void wb_model_agent_info(const wb_model *m, size_t i, wb_agent_info *out)
{
    memset(out, 0, sizeof *out);
    for (size_t s = 0; s < m->n_src; s++) {
        if (i < m->src[s]->n_agents) {
            const wb_agent *a = m->src[s]->agents[i];
            out->agent = a->id;
            out->name = a->name ? a->name : a->id;
            out->team = a->team;
            out->reason = a->reason;
            out->src = m->src[s]->src;
            out->state = a->state;
            out->has_next = a->has_next;
            out->next = a->next;
            out->since = a->since;
            out->heard = m->src[s]->last_rx;
            out->heard_t = m->src[s]->heard_last;
            out->channels = a->chmask;
            out->work_ch = a->work_ch;
            return;
        }
        i -= m->src[s]->n_agents;
    }
}

void wb_model_agent_totals(const wb_model *m, uint32_t out[WB_AGENT_NSTATES])
{
    memset(out, 0, WB_AGENT_NSTATES * sizeof *out);
    for (size_t s = 0; s < m->n_src; s++)
        for (size_t i = 0; i < m->src[s]->n_agents; i++)
            out[m->src[s]->agents[i]->state]++;
}
