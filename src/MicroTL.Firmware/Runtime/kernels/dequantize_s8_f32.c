/* DEQUANTIZE int8 -> float32; mirrors DequantizeInt8ToFloat (src/MicroTL/Kernels/DequantizeInt8ToFloat.cs),
 * bit-exact with TFLite's reference_ops::Dequantize.
 *
 * Layouts: any shape, `size` elements in and out.
 *   x = scale · (q - zero_point)   in single precision (the difference converts exactly; one rounding) */
#include "mtl_kernels.h"

void mtl_dequantize_s8_f32(const mtl_affine_params *params, const int8_t *input, float *output)
{
    for (int32_t i = 0; i < params->size; i++) output[i] = params->scale * (float)(input[i] - params->zero_point);
}
