/*
 * wb_sim_rng.c - xoshiro256** streams seeded by splitmix64, and distributions (see
 * wb_sim_rng.h).
 */
#include "wb_sim_rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void wb_rng_seed(wb_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t wb_rng_next(wb_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double wb_rng_u01(wb_rng *r)
{
    return ((double)(wb_rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double wb_rng_exp(wb_rng *r, double mean)
{
    return -mean * log(wb_rng_u01(r));
}

double wb_rng_normal(wb_rng *r)
{
    /* Box-Muller; one of the pair is thrown away to keep the stream simple. */
    double u = wb_rng_u01(r), v = wb_rng_u01(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

double wb_rng_lognormal(wb_rng *r, double mean, double cv)
{
    double s2 = log(1.0 + cv * cv);
    double mu = log(mean) - s2 / 2.0;
    return exp(mu + sqrt(s2) * wb_rng_normal(r));
}

double wb_rng_uniform(wb_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * wb_rng_u01(r);
}
