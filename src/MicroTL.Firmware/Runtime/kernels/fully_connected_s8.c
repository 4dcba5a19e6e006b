/* FULLY_CONNECTED, int8, per-tensor or per-channel requantization; mirrors
 * FullyConnectedInt8.RunReference (src/MicroTL/Kernels/FullyConnectedInt8.cs), bit-exact with
 * TFLM's reference_integer_ops::FullyConnected / FullyConnectedPerChannel.
 *
 * Layouts: input [B, D] (any shape of B·D elements), weights [O, D], bias [O] or NULL, output [B, O].
 *   acc[b,o] = bias[o] + Σ_d (w[o,d] + filter_offset) · (x[b,d] + input_offset)
 *   out[b,o] = requantize(acc[b,o], o)   (mtl_types.h: mtl_requantization)
 * Fast loop (mtl_int8_dot.h): four weight rows per input load, SMLAD on the Cortex-M4; a filter offset (0 for TFLite's
 * symmetric int8 weights) is added as filter_offset · Σ_d (x[b,d] + input_offset), the same sum modulo 2^32. The
 * reference loop stays for an input offset outside int16 (no int8 zero point gives one). */
#include "mtl_kernels.h"
#include "mtl_int8_dot.h"
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

    if (!mtl_s8_offset_fits_s16(q->input_offset)) {
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

    for (int32_t b = 0; b < params->batches; b++) {
        const int8_t *x = input + b * depth;
        int32_t offset_term = 0; /* filter_offset · Σ_d (x[d] + input_offset) */
        if (q->filter_offset != 0) {
            for (int32_t d = 0; d < depth; d++) offset_term = mtl_wrapping_add(offset_term, x[d] + q->input_offset);
            offset_term = mtl_wrapping_mul(offset_term, q->filter_offset);
        }
        for (int32_t o = 0; o < outputs; o += 4) {
            const int32_t rows = outputs - o < 4 ? outputs - o : 4;
            int32_t acc[4] = { 0, 0, 0, 0 };
            mtl_dot_s8_rows(x, weights + o * depth, depth, rows, depth, q->input_offset, acc);
            for (int32_t j = 0; j < rows; j++) {
                int32_t sum = mtl_wrapping_add(acc[j], offset_term);
                if (bias != 0) sum = mtl_wrapping_add(sum, bias[o + j]);
                output[b * outputs + o + j] = mtl_requantize_accumulator(q, sum, o + j);
            }
        }
    }
    return MTL_STATUS_OK;
}
