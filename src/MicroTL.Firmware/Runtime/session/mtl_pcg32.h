/* PCG32 ("PCG XSH RR 64/32", pcg-c-basic): the one random generator of the device core; mirrors
 * src/MicroTL/Training/Pcg32.cs bit for bit, and RandomStreams.cs's streams. 64-bit integer arithmetic only.
 *
 *   step:     old = state;  state = old * 6364136223846793005 + inc   (mod 2^64)
 *   output:   x = (uint32)(((old >> 18) ^ old) >> 27);  rot = old >> 59;  (x >> rot) | (x << ((-rot) & 31))
 *   seeding:  inc = (stream << 1) | 1;  state = 0;  step;  state += seed;  step        (pcg32_srandom_r)
 *   bounded:  t = (2^32 - bound) mod bound;  draw r until r >= t;  r mod bound       (pcg32_boundedrand_r)
 *   float:    (next >> 8) * 2^-24, exact;  symmetric: (2 u - 1) * limit, in that order
 *   shuffle:  for i = n-1 down to 1: j = bounded(i + 1); swap v[i], v[j]             (Fisher-Yates) */
#ifndef MTL_PCG32_H
#define MTL_PCG32_H

#include <stdint.h>

/* The streams of a transfer run's random choices (RandomStreams.cs). */
#define MTL_STREAM_RESERVOIR 1u
#define MTL_STREAM_SPLIT 2u
#define MTL_STREAM_INITIALISATION 3u
#define MTL_STREAM_SHUFFLE 4u
#define MTL_STREAM_AUGMENTATION 5u

/* The stream of `new Pcg32(seed)` (Pcg32.DefaultStream). */
#define MTL_PCG32_DEFAULT_STREAM 0xDA3E39CB94B95BDBull

typedef struct {
    uint64_t state;
    uint64_t increment;
} mtl_pcg32;

/* Seeds the generator on `stream` (new Pcg32(seed, stream)). */
void mtl_pcg32_seed(mtl_pcg32 *self, uint64_t seed, uint64_t stream);

/* The generator on `stream` whose state is `state` (Pcg32.FromState). */
void mtl_pcg32_from_state(mtl_pcg32 *self, uint64_t state, uint64_t stream);

/* The next 32 uniformly distributed bits. */
uint32_t mtl_pcg32_next(mtl_pcg32 *self);

/* A uniform integer in [0, bound) without modulo bias; 0 when bound is 0. */
uint32_t mtl_pcg32_bounded(mtl_pcg32 *self, uint32_t bound);

/* A uniform float in [0, 1): (next >> 8) * 2^-24. */
float mtl_pcg32_next_float(mtl_pcg32 *self);

/* A uniform float in [-limit, limit): (2 u - 1) * limit. */
float mtl_pcg32_next_symmetric(mtl_pcg32 *self, float limit);

/* Shuffles values[0..count) in place (Fisher-Yates from the last element down). */
void mtl_pcg32_shuffle(mtl_pcg32 *self, int32_t *values, int32_t count);

#endif /* MTL_PCG32_H */
