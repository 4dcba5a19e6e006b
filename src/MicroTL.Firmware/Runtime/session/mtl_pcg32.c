/* PCG32; mirrors src/MicroTL/Training/Pcg32.cs (see mtl_pcg32.h for the formulas). */
#include "mtl_pcg32.h"

#define MTL_PCG32_MULTIPLIER 6364136223846793005ull

void mtl_pcg32_seed(mtl_pcg32 *self, uint64_t seed, uint64_t stream)
{
    self->state = 0;
    self->increment = (stream << 1) | 1u;
    (void)mtl_pcg32_next(self);
    self->state += seed;
    (void)mtl_pcg32_next(self);
}

void mtl_pcg32_from_state(mtl_pcg32 *self, uint64_t state, uint64_t stream)
{
    self->state = state;
    self->increment = (stream << 1) | 1u;
}

uint32_t mtl_pcg32_next(mtl_pcg32 *self)
{
    const uint64_t old = self->state;
    self->state = old * MTL_PCG32_MULTIPLIER + self->increment;
    const uint32_t xor_shifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    const uint32_t rotation = (uint32_t)(old >> 59);
    return (xor_shifted >> rotation) | (xor_shifted << ((0u - rotation) & 31u));
}

uint32_t mtl_pcg32_bounded(mtl_pcg32 *self, uint32_t bound)
{
    if (bound == 0) return 0;
    /* Values below 2^32 mod bound would make the low residues more likely; drop them. */
    const uint32_t threshold = (0u - bound) % bound;
    for (;;) {
        const uint32_t r = mtl_pcg32_next(self);
        if (r >= threshold) return r % bound;
    }
}

float mtl_pcg32_next_float(mtl_pcg32 *self)
{
    return (float)(mtl_pcg32_next(self) >> 8) * (1.0f / 16777216.0f);
}

float mtl_pcg32_next_symmetric(mtl_pcg32 *self, float limit)
{
    const float u = mtl_pcg32_next_float(self);
    return (2.0f * u - 1.0f) * limit;
}

void mtl_pcg32_shuffle(mtl_pcg32 *self, int32_t *values, int32_t count)
{
    for (int32_t i = count - 1; i > 0; i--) {
        const int32_t j = (int32_t)mtl_pcg32_bounded(self, (uint32_t)(i + 1));
        const int32_t swap = values[i];
        values[i] = values[j];
        values[j] = swap;
    }
}
