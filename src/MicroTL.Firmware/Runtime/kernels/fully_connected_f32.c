/* FULLY_CONNECTED, float32; mirrors FullyConnectedFloat (src/MicroTL/Kernels/FullyConnectedFloat.cs),
 * TFLite's reference_ops::FullyConnected summation order.
 *
 * Layouts: input [B, D], weights [O, D], bias [O] or NULL, output [B, O].
 *   out[b,o] = min(max((Σ_d x[b,d]·w[o,d]) + bias[o], activation_min), activation_max)
 * The sum runs d = 0..D-1 from 0.0f, one rounding per product and per addition: build with
 * -ffp-contract=off so no multiply-add fuses. A NULL bias adds +0.0f, as the C# does. */
#include "mtl_float_math.h"
#include "mtl_kernels.h"

void mtl_fully_connected_f32(const mtl_fully_connected_f32_params *params,
    const float *input, const float *weights, const float *bias, float *output)
{
    const int32_t depth = params->accum_depth, outputs = params->output_depth;
    for (int32_t b = 0; b < params->batches; b++) {
        const float *x = input + b * depth;
        for (int32_t o = 0; o < outputs; o++) {
            const float *w = weights + o * depth;
            float total = 0.0f;
            for (int32_t d = 0; d < depth; d++) total += x[d] * w[d];
            const float value = total + (bias != 0 ? bias[o] : 0.0f);
            output[b * outputs + o] = mtl_min_f32(mtl_max_f32(value, params->activation_min), params->activation_max);
        }
    }
}
