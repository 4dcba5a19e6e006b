/* What the C# engine's vectorized int8 paths derive at prepare, computed here the same way: the
 * CONV_2D packed filter's size and im2col patch (Conv2DInt8.PackedRowBytes, ScratchBytes,
 * PackedFilterBytes, SupportsFastPath), the folded biases of CONV_2D and FULLY_CONNECTED
 * (ComputeFoldedBias) and the scratch of FULLY_CONNECTED and DEPTHWISE_CONV_2D.
 *
 * The C runs the plain kernels, which read none of this. It is computed and placed anyway, so the C
 * arena has the C# plan's layout and its tail holds the C#'s bytes (the check that the C prepare mirrors
 * the C# Prepare). A DSP path in C could use the same blocks. */
#ifndef MTL_FAST_PATH_PLAN_H
#define MTL_FAST_PATH_PLAN_H

#include <stdint.h>

#include "mtl_types.h"

/* True when the C#'s vectorized CONV_2D runs (Conv2DInt8.SupportsFastPath): one group, and the padding
 * value -input_offset is an int8. */
int mtl_fast_conv2d_s8_applies(const mtl_conv_geometry *geometry, int32_t input_offset);

/* Bytes of one packed filter row: Fh·Fw·Ci rounded up to 16 (Conv2DInt8.PackedRowBytes); also the
 * im2col patch the C# requests as scratch (Conv2DInt8.ScratchBytes). */
int32_t mtl_fast_conv2d_s8_packed_row_bytes(const mtl_conv_geometry *geometry);

/* Bytes of the packed filter in the C#'s flash image: O packed rows (Conv2DInt8.PackedFilterBytes). */
int32_t mtl_fast_conv2d_s8_packed_filter_bytes(const mtl_conv_geometry *geometry);

/* folded[o] = bias[o] + (input_offset - 128) · Σ w[o,·,·,·], wrapping (Conv2DInt8.ComputeFoldedBias);
 * bias may be NULL. */
void mtl_fast_conv2d_s8_fold_bias(const mtl_conv_geometry *geometry, const int8_t *filter, const int32_t *bias,
    int32_t input_offset, int32_t *folded);

/* folded[o] = bias[o] + (input_offset - 128)·Σ_d w[o,d] + input_offset·filter_offset·D, wrapping
 * (FullyConnectedInt8.ComputeFoldedBias); bias may be NULL. */
void mtl_fast_fully_connected_s8_fold_bias(const int8_t *weights, const int32_t *bias, int32_t output_depth,
    int32_t accum_depth, int32_t input_offset, int32_t filter_offset, int32_t *folded);

/* Scratch of the C#'s FULLY_CONNECTED: the biased input row, D bytes (FullyConnectedInt8.ScratchBytes). */
int32_t mtl_fast_fully_connected_s8_scratch_bytes(int32_t accum_depth);

/* Scratch of the C#'s DEPTHWISE_CONV_2D: O int32 accumulators (DepthwiseConv2DInt8.ScratchInts · 4). */
int32_t mtl_fast_depthwise_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry);

#endif /* MTL_FAST_PATH_PLAN_H */
