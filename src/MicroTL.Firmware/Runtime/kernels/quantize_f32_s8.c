/* QUANTIZE float32 -> int8; mirrors QuantizeFloatToInt8 (src/MicroTL/Kernels/QuantizeFloatToInt8.cs),
 * bit-exact with TFLite's reference_ops::AffineQuantize.
 *
 * Layouts: any shape, `size` elements in and out.
 *   q = clamp(round(x / scale) + zero_point, -128, 127)
 * The division is in single precision and round() takes ties away from zero. Out-of-range values
 * saturate (NaN gives the zero point) instead of C's undefined conversion. */
#include <math.h>

#include "mtl_kernels.h"

void mtl_quantize_f32_s8(const mtl_affine_params *params, const float *input, int8_t *output)
{
    for (int32_t i = 0; i < params->size; i++) {
        const float rounded = roundf(input[i] / params->scale);
        int64_t q = isnan(rounded) ? 0
            : rounded >= 1e10f ? INT64_C(10000000000)
            : rounded <= -1e10f ? INT64_C(-10000000000)
            : (int64_t)rounded;
        q += params->zero_point;
        output[i] = (int8_t)(q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q);
    }
}
