/* Float minimum and maximum with .NET's Math.Min/Math.Max semantics (IEEE 754:2019 minimum and
 * maximum: a NaN operand is returned, +0 is greater than -0), so the float kernels clamp bit for bit
 * as the C# ones do. C's fminf/fmaxf differ on both counts. */
#ifndef MTL_FLOAT_MATH_H
#define MTL_FLOAT_MATH_H

#include <math.h>

static inline float mtl_max_f32(float a, float b)
{
    if (a != b) {
        if (!isnan(a)) return b < a ? a : b;
        return a;
    }
    return signbit(b) ? a : b;
}

static inline float mtl_min_f32(float a, float b)
{
    if (a != b) {
        if (!isnan(a)) return a < b ? a : b;
        return a;
    }
    return signbit(a) ? a : b;
}

#endif /* MTL_FLOAT_MATH_H */
