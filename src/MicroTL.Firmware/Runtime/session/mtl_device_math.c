/* DeviceMath (src/MicroTL/Training/DeviceMath.cs) in C: each line is the C#'s, in its order. */
#include <stdint.h>
#include <string.h>

#include "mtl_device_math.h"

#define MTL_LOG2E 1.44269504088896341f
/* ln 2 in two parts (Cody and Waite): Ln2Hi = 355/512 has 9 significant bits, so k * Ln2Hi is exact for |k| <= 2^15. */
#define MTL_LN2_HI 0.693359375f
#define MTL_LN2_LO (-2.12194440e-4f)
#define MTL_SQRT_HALF 0.707106781186547524f

static float float_of_bits(int32_t bits)
{
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static int32_t bits_of_float(float value)
{
    int32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

float mtl_device_exp(float x)
{
    if (x != x) return x;
    if (x > MTL_EXP_MAX_ARGUMENT) return float_of_bits(0x7F800000);
    if (x < MTL_EXP_MIN_ARGUMENT) return 0.0f;

    /* k = floor(t): truncation, then one down for a negative non-integer t. */
    const float t = MTL_LOG2E * x + 0.5f;
    int32_t k = (int32_t)t;
    if ((float)k > t) k--;
    const float kf = (float)k;
    float r = x - kf * MTL_LN2_HI;
    r = r - kf * MTL_LN2_LO;
    const float r2 = r * r;
    float p = 1.9875691500E-4f;
    p = p * r + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    float y = p * r2 + r + 1.0f;
    /* 2^k for k in [-126, 128]; 2^128 is not a float, so that last step goes through y * 2. */
    if (k > 127) {
        y = y * 2.0f;
        k--;
    }
    return y * float_of_bits((k + 127) << 23);
}

float mtl_device_log(float x)
{
    if (x != x || x < 0.0f) return float_of_bits((int32_t)0xFFC00000u); /* .NET's float.NaN */
    if (x == 0.0f) return float_of_bits((int32_t)0xFF800000u);
    if (bits_of_float(x) == 0x7F800000) return x;

    int32_t bits = bits_of_float(x);
    int32_t exponent = 0;
    if ((bits & 0x7F800000) == 0) {
        /* Subnormal: scale into the normal range (exact), and count the scale in the exponent. */
        bits = bits_of_float(x * 33554432.0f); /* 2^25 */
        exponent = -25;
    }

    /* m in [0.5, 1): the mantissa bits under the exponent of 0.5. */
    exponent += ((bits >> 23) & 0xFF) - 126;
    const float m = float_of_bits((bits & 0x007FFFFF) | 0x3F000000);
    float f;
    if (m < MTL_SQRT_HALF) {
        exponent--;
        f = m + m - 1.0f;
    } else {
        f = m - 1.0f;
    }

    const float e = (float)exponent;
    const float f2 = f * f;
    float p = 7.0376836292E-2f;
    p = p * f - 1.1514610310E-1f;
    p = p * f + 1.1676998740E-1f;
    p = p * f - 1.2420140846E-1f;
    p = p * f + 1.4249322787E-1f;
    p = p * f - 1.6668057665E-1f;
    p = p * f + 2.0000714765E-1f;
    p = p * f - 2.4999993993E-1f;
    p = p * f + 3.3333331174E-1f;
    float y = p * f * f2;
    y = y + e * MTL_LN2_LO;
    y = y - 0.5f * f2;
    const float z = f + y;
    return z + e * MTL_LN2_HI;
}
