/* QuantizeMultiplier, the activation clamps and the softmax scaling, as src/MicroTL/Kernels/
 * QuantizationMath.cs (TFLite's quantization_util.cc and kernel_util.cc). frexp, round and roundf
 * are C's, which the C# FrExp, Math.Round and MathF.Round (AwayFromZero) reproduce exactly; the
 * double arithmetic is the same operations in the same order, so it rounds the same (the Cortex-M4F
 * computes double in software, IEEE 754 all the same). */
#include <float.h>
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

/* q(f) of the activation clamp, or 0 when it does not fit in int32 (C#: TryQuantize). */
static int quantize_bound(float f, float scale, int32_t zero_point, int32_t *q)
{
    const float rounded = roundf(f / scale);
    *q = 0;
    /* The comparisons convert the int32 limits to float, as C#'s do. */
    if (!(rounded >= (float)INT32_MIN && rounded <= (float)INT32_MAX)) return 0;
    const int64_t sum = (int64_t)zero_point + (int64_t)rounded;
    if (sum < INT32_MIN || sum > INT32_MAX) return 0;
    *q = (int32_t)sum;
    return 1;
}

int mtl_quantized_activation_range(mtl_activation activation, float output_scale, int32_t output_zero_point,
    int32_t *min, int32_t *max)
{
    int32_t q;
    *min = INT8_MIN;
    *max = INT8_MAX;
    switch (activation) {
    case MTL_ACTIVATION_NONE:
        return 1;
    case MTL_ACTIVATION_RELU:
        if (!quantize_bound(0.0f, output_scale, output_zero_point, &q)) return 0;
        *min = q > INT8_MIN ? q : INT8_MIN;
        return 1;
    case MTL_ACTIVATION_RELU6:
        if (!quantize_bound(0.0f, output_scale, output_zero_point, &q)) return 0;
        *min = q > INT8_MIN ? q : INT8_MIN;
        if (!quantize_bound(6.0f, output_scale, output_zero_point, &q)) return 0;
        *max = q < INT8_MAX ? q : INT8_MAX;
        return 1;
    case MTL_ACTIVATION_RELU_N1_TO_1:
        if (!quantize_bound(-1.0f, output_scale, output_zero_point, &q)) return 0;
        *min = q > INT8_MIN ? q : INT8_MIN;
        if (!quantize_bound(1.0f, output_scale, output_zero_point, &q)) return 0;
        *max = q < INT8_MAX ? q : INT8_MAX;
        return 1;
    default:
        return 0;
    }
}

int mtl_float_activation_range(mtl_activation activation, float *min, float *max)
{
    switch (activation) {
    case MTL_ACTIVATION_RELU: *min = 0.0f; *max = FLT_MAX; return 1;
    case MTL_ACTIVATION_RELU6: *min = 0.0f; *max = 6.0f; return 1;
    case MTL_ACTIVATION_RELU_N1_TO_1: *min = -1.0f; *max = 1.0f; return 1;
    case MTL_ACTIVATION_NONE: *min = -FLT_MAX; *max = FLT_MAX; return 1;
    default: *min = -FLT_MAX; *max = FLT_MAX; return 0;
    }
}

void mtl_preprocess_softmax_scaling(double beta, double input_scale, int32_t input_integer_bits,
    int32_t *quantized_multiplier, int32_t *left_shift)
{
    const double scaled = beta * input_scale * (double)(INT32_C(1) << (31 - input_integer_bits));
    const double limit = (double)(INT64_C(1) << 31) - 1.0;
    mtl_quantize_multiplier(scaled < limit ? scaled : limit, quantized_multiplier, left_shift);
}

int32_t mtl_calculate_input_radius(int32_t input_integer_bits, int32_t input_left_shift)
{
    const double max_input_rescaled = 1.0 * (double)((INT32_C(1) << input_integer_bits) - 1)
        * (double)(INT64_C(1) << (31 - input_integer_bits)) / (double)(INT64_C(1) << input_left_shift);
    return (int32_t)floor(max_input_rescaled);
}
