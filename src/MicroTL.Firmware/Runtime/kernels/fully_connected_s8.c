/* FULLY_CONNECTED, int8, per-tensor or per-channel requantization; mirrors
 * FullyConnectedInt8.RunReference (src/MicroTL/Kernels/FullyConnectedInt8.cs), bit-exact with
 * TFLM's reference_integer_ops::FullyConnected / FullyConnectedPerChannel.
 *
 * Layouts: input [B, D] (any shape of B·D elements), weights [O, D], bias [O] or NULL, output [B, O].
 *   acc[b,o] = bias[o] + Σ_d (w[o,d] + filter_offset) · (x[b,d] + input_offset)
 *   out[b,o] = requantize(acc[b,o], o)   (mtl_types.h: mtl_requantization) */
#include "mtl_kernels.h"
#include "mtl_requantization.h"

int32_t mtl_fully_connected_s8_scratch_bytes(int32_t accum_depth)
{
    (void)accum_depth; /* the plain path needs none */
    return 0;
}

mtl_status mtl_fully_connected_s8(const mtl_context *context, const mtl_fully_connected_s8_params *params,
    const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output)
{
    const mtl_requantization *q = &params->requantization;
    const int32_t depth = params->accum_depth, outputs = params->output_depth;
    if (context == 0 || context->size < mtl_fully_connected_s8_scratch_bytes(depth)) return MTL_STATUS_ARGUMENT_ERROR;

    for (int32_t b = 0; b < params->batches; b++) {
        const int8_t *x = input + b * depth;
        for (int32_t o = 0; o < outputs; o++) {
            const int8_t *w = weights + o * depth;
            int32_t acc = 0;
            for (int32_t d = 0; d < depth; d++)
                acc = mtl_wrapping_add(acc, mtl_wrapping_mul(w[d] + q->filter_offset, x[d] + q->input_offset));
            if (bias != 0) acc = mtl_wrapping_add(acc, bias[o]);
            output[b * outputs + o] = mtl_requantize_accumulator(q, acc, o);
        }
    }
    return MTL_STATUS_OK;
}
