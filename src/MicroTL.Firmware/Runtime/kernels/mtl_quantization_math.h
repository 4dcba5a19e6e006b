/* Integer requantization arithmetic of TFLite's int8 kernels, operation for operation as
 * src/MicroTL/Kernels/QuantizationMath.cs (and so TFLM's common.h), so every rounding and saturation
 * matches bit for bit. C# `unchecked` wrap-around is spelled with unsigned arithmetic here, since
 * signed overflow is undefined in C; right shifts of negative values are arithmetic in GCC. */
#ifndef MTL_QUANTIZATION_MATH_H
#define MTL_QUANTIZATION_MATH_H

#include <stdint.h>

#include "mtl_types.h"

/* a + b modulo 2^32 (C#: unchecked(a + b)). */
static inline int32_t mtl_wrapping_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* a · b modulo 2^32 (C#: unchecked(a * b)). */
static inline int32_t mtl_wrapping_mul(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a * (uint32_t)b);
}

/* gemmlowp's SaturatingRoundingDoublingHighMul (ARM VQRDMULH): the high 32 bits of 2·a·b, rounded
 * to nearest with ties away from zero; (INT32_MIN, INT32_MIN) saturates to INT32_MAX. The reference is
 * trunc((ab + nudge) / 2^31) with nudge = 2^30 for ab >= 0 and 1 - 2^30 below; for ab < 0 truncation is
 * (s + 2^31 - 1) >> 31, which with that nudge is (ab + 2^30) >> 31 as well, so one floor shift serves both
 * signs (SMULL, ADDS, ADC and a funnel shift on the Cortex-M4 instead of a 64-bit division). */
static inline int32_t mtl_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == b && a == INT32_MIN) return INT32_MAX;
    return (int32_t)(((int64_t)a * b + (INT64_C(1) << 30)) >> 31);
}

/* gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero. An
 * exponent above 31 counts modulo 32 in the shift and modulo 64 in the mask, as in C#
 * (the mask ((2^(exponent mod 64)) - 1) mod 2^32, all ones from 32 to 63, without a 64-bit shift). */
static inline int32_t mtl_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    int32_t mask = (exponent & 32) != 0 ? -1 : (int32_t)((UINT32_C(1) << (exponent & 31)) - 1u);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> (exponent & 31)) + (remainder > threshold ? 1 : 0);
}

/* TFLite's MultiplyByQuantizedMultiplier(int32, int32, int): x · m · 2^(shift - 31) as
 * RoundingDivideByPOT(SRDHM(x · 2^max(shift, 0), m), max(-shift, 0)); the left shift wraps. */
static inline int32_t mtl_multiply_by_quantized_multiplier(int32_t x, int32_t quantized_multiplier, int32_t shift)
{
    int32_t left_shift = shift > 0 ? shift : 0;
    int32_t right_shift = shift > 0 ? 0 : -shift;
    int32_t shifted = (int32_t)((uint32_t)x << (left_shift & 31));
    return mtl_rounding_divide_by_pot(mtl_saturating_rounding_doubling_high_mul(shifted, quantized_multiplier), right_shift);
}

/* TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp: RoundingDivideByPOT(SRDHM(x, m), -left_shift). */
static inline int32_t mtl_multiply_by_quantized_multiplier_smaller_than_one_exp(int32_t x, int32_t quantized_multiplier, int32_t left_shift)
{
    return mtl_rounding_divide_by_pot(mtl_saturating_rounding_doubling_high_mul(x, quantized_multiplier), -left_shift);
}

/* TFLite's MultiplyByQuantizedMultiplierGreaterThanOne: SRDHM(x · 2^left_shift, m), the shift wrapping. */
static inline int32_t mtl_multiply_by_quantized_multiplier_greater_than_one(int32_t x, int32_t quantized_multiplier, int32_t left_shift)
{
    return mtl_saturating_rounding_doubling_high_mul((int32_t)((uint32_t)x << (left_shift & 31)), quantized_multiplier);
}

/* TFLite's QuantizeMultiplier: splits a real multiplier into a Q0.31 significand and a power-of-two
 * exponent, m ≈ multiplier · 2^(shift - 31), rounding half away from zero. A significand of 2^31 is
 * halved and the shift raised; shifts below -31 flush to (0, 0); zero gives (0, 0). */
void mtl_quantize_multiplier(double real_multiplier, int32_t *quantized_multiplier, int32_t *shift);

/* TFLite's CalculateActivationRangeQuantized for int8 (C#: TryQuantizedActivationRange): the clamp of
 * a fused activation in output units, q(f) = zero_point + (int)roundf(f / scale) in single precision,
 * within [-128, 127]. Returns 0 when a bound does not fit in int32 or the activation has no clamp
 * (the C# Prepare refuses such a model first); *min and *max are then [-128, 127]. */
int mtl_quantized_activation_range(mtl_activation activation, float output_scale, int32_t output_zero_point,
    int32_t *min, int32_t *max);

/* TFLite's CalculateActivationRange<float> (C#: TryFloatActivationRange): the float clamp of a fused
 * activation (NONE: ±FLT_MAX). Returns 0 for TANH and SIGN_BIT, which the float kernels do not apply. */
int mtl_float_activation_range(mtl_activation activation, float *min, float *max);

/* TFLite's PreprocessSoftmaxScaling: QuantizeMultiplier of min(beta · input_scale · 2^(31 - input_integer_bits),
 * 2^31 - 1), in double. */
void mtl_preprocess_softmax_scaling(double beta, double input_scale, int32_t input_integer_bits,
    int32_t *quantized_multiplier, int32_t *left_shift);

/* TFLite's CalculateInputRadius: floor((2^integer_bits - 1) · 2^(31 - integer_bits) / 2^left_shift), in double. */
int32_t mtl_calculate_input_radius(int32_t input_integer_bits, int32_t input_left_shift);

#endif /* MTL_QUANTIZATION_MATH_H */
