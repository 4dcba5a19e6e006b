/* QuantizeMultiplier, as src/MicroTL/Kernels/QuantizationMath.cs (TFLite's quantization_util.cc).
 * frexp and round are C's, which the C# FrExp and Math.Round(AwayFromZero) reproduce exactly. */
#include <math.h>

#include "mtl_quantization_math.h"

void mtl_quantize_multiplier(double real_multiplier, int32_t *quantized_multiplier, int32_t *shift)
{
    if (real_multiplier == 0.0) {
        *quantized_multiplier = 0;
        *shift = 0;
        return;
    }
    int exponent;
    double q = frexp(real_multiplier, &exponent);
    int64_t q_fixed = (int64_t)round(q * (double)(INT64_C(1) << 31));
    if (q_fixed == (INT64_C(1) << 31)) {
        q_fixed /= 2;
        exponent++;
    }
    if (exponent < -31) {
        exponent = 0;
        q_fixed = 0;
    }
    *quantized_multiplier = (int32_t)q_fixed;
    *shift = exponent;
}
