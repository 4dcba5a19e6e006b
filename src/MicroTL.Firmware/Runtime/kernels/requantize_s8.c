/* QUANTIZE int8 -> int8 (a change of scale and zero point); mirrors RequantizeInt8
 * (src/MicroTL/Kernels/RequantizeInt8.cs), bit-exact with TFLite's reference_ops::Requantize.
 *
 * Layouts: any shape, `size` elements in and out. With (multiplier, shift) =
 * QuantizeMultiplier(input scale / output scale):
 *   q_out = clamp(MultiplyByQuantizedMultiplier(q_in - input_zero_point, multiplier, shift) + output_zero_point, -128, 127) */
#include "mtl_kernels.h"
#include "mtl_quantization_math.h"

void mtl_requantize_s8(const mtl_requantize_s8_params *params, const int8_t *input, int8_t *output)
{
    for (int32_t i = 0; i < params->size; i++) {
        int32_t value = mtl_multiply_by_quantized_multiplier(input[i] - params->input_zero_point, params->multiplier, params->shift)
            + params->output_zero_point;
        value = value < INT8_MAX ? value : INT8_MAX;
        value = value > INT8_MIN ? value : INT8_MIN;
        output[i] = (int8_t)value;
    }
}
