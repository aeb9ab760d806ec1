/*
 * wb_sim_rng.h - the simulator's random numbers: xoshiro256** streams seeded by splitmix64,
 * and the distributions the simulation draws from. Internal to wb_sim.
 *
 * A wb_rng is a plain value the caller embeds and seeds; nothing is allocated. One seed gives
 * many independent streams (one per channel, one for agent schedules, ...), so that a change
 * in what one part of the simulation draws does not shift the numbers of another.
 */
#ifndef WB_SIM_RNG_H
#define WB_SIM_RNG_H

#include <stdint.h>

typedef struct wb_rng {
    uint64_t s[4];
} wb_rng;

/* Seeds stream number `stream` of `seed`: the four words are splitmix64 outputs. */
void wb_rng_seed(wb_rng *r, uint64_t seed, uint64_t stream);
/* The next 64 bits of xoshiro256** (Blackman and Vigna). */
uint64_t wb_rng_next(wb_rng *r);
/* Uniform in (0, 1) from the top 53 bits: never 0 and never 1, so that log() stays finite. */
double wb_rng_u01(wb_rng *r);
/* Uniform between lo and hi. */
double wb_rng_uniform(wb_rng *r, double lo, double hi);
/* Exponential with the given mean. */
double wb_rng_exp(wb_rng *r, double mean);
/* Standard normal (Box-Muller, one of each pair used). */
double wb_rng_normal(wb_rng *r);
/* Lognormal with the given mean and coefficient of variation: handle times are right-skewed. */
double wb_rng_lognormal(wb_rng *r, double mean, double cv);

#endif
