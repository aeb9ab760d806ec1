/*
 * wb_model_forecast.h - the inputs of a real-time channel's projection when its agents also
 * serve other real-time channels (the shared queue).
 *
 * Internal to wb_core: the model gathers what it knows of each channel and of the agents, and
 * this module turns it into a wb_forecast_input. Pure arithmetic on its arguments; nothing is
 * allocated or kept.
 */
#ifndef WB_MODEL_FORECAST_H
#define WB_MODEL_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "wb_forecast.h"

/* What the projection needs of one channel of the pool. */
typedef struct wb_pool_channel {
    double slow, fast; /* arrival rates now (arrivals per second) */
    double aht_s;      /* today's AHT, or the configured default */
    double waiting;    /* contacts waiting now */
    double patience_s; /* mean patience of a waiting contact; 0 = never gives up */
} wb_pool_channel;

/*
 * Sets the projection inputs of channel chi for the pool `mask` (bit i = channel i; chi's bit
 * is taken as set) of n channels in ch[]: the waiting contacts of every pool channel, the
 * other channels' arrivals (other_slow, other_fast), the AHT mixed by the slow arrival rates
 * (chi's own AHT while no channel has a rate), the patience mixed the same way (its
 * reciprocal, the rate of giving up, weighted by the slow arrival rates; 0 counts as never
 * giving up), the pool's working agents as N and its available ones as free, and the Erlang
 * floor. Leaves everything else of `in` as it is.
 * Returns WB_ERR_INVAL (and changes nothing) when chi is out of range or an input is negative
 * or not finite.
 */
int wb_pool_input(wb_forecast_input *in, const wb_pool_channel *ch, size_t n, size_t chi,
                  uint32_t mask, uint32_t working, uint32_t available);

#endif
