/*
 * wb_model_forecast.c - a real-time channel's projection over the queue its agents share with
 * the other real-time channels they serve.
 *
 * Agents who serve several real-time channels take the contact that has waited longest among
 * them: a contact arriving on one channel waits behind the contacts of all of them, and every
 * agent of the pool frees up for it. So the projection of channel chi runs on the pool: all
 * its waiting contacts, all its arrivals (the others' join the queue but not chi's service
 * level) and all its working agents, at the AHT of the mix. See docs/metrics.md section 6.3.
 */
#include "wb_model_forecast.h"

#include <math.h>

static bool usable(const wb_pool_channel *c)
{
    return isfinite(c->slow) && c->slow >= 0 && isfinite(c->fast) && c->fast >= 0 &&
           isfinite(c->waiting) && c->waiting >= 0 && isfinite(c->aht_s) && c->aht_s > 0 &&
           isfinite(c->patience_s) && c->patience_s >= 0;
}

int wb_pool_input(wb_forecast_input *in, const wb_pool_channel *ch, size_t n, size_t chi,
                  uint32_t mask, uint32_t working, uint32_t available)
{
    if (!in || !ch || chi >= n || n > 32)
        return WB_ERR_INVAL;
    mask |= 1u << chi;
    double o_slow = 0, o_fast = 0, waiting = 0, rate = 0, work = 0, give_up = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (!usable(&ch[i]))
            return WB_ERR_INVAL;
        waiting += ch[i].waiting;
        rate += ch[i].slow;
        work += ch[i].slow * ch[i].aht_s;
        give_up += ch[i].patience_s > 0 ? ch[i].slow / ch[i].patience_s : 0;
        if (i != chi) {
            o_slow += ch[i].slow;
            o_fast += ch[i].fast;
        }
    }
    in->other_slow = o_slow;
    in->other_fast = o_fast;
    in->waiting = waiting;
    /* The mean handle time of the contacts the pool will take: each channel's AHT weighted
     * by its share of the arrivals. */
    in->aht_s = rate > 0 ? work / rate : ch[chi].aht_s;
    /* The same for the rate at which a waiting contact gives up (the patience's reciprocal). */
    if (rate > 0)
        in->patience_s = give_up > 0 ? rate / give_up : 0;
    else
        in->patience_s = ch[chi].patience_s;
    in->agents = (int)working;
    in->free_agents = available;
    in->erlang_floor = true;
    return WB_OK;
}
