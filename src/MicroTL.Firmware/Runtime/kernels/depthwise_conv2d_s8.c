/* DEPTHWISE_CONV_2D, int8, per-channel requantization, depth multiplier and dilation; mirrors
 * DepthwiseConv2DInt8.RunReference (src/MicroTL/Kernels/DepthwiseConv2DInt8.cs), bit-exact with
 * TFLM's reference_integer_ops::DepthwiseConvPerChannel.
 *
 * Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M (output channel o = c·M + m reads
 * input channel c), bias [O] or NULL, output [B, Oh, Ow, O].
 *   acc[c·M+m] = bias + Σ_{fy,fx inside the image} w[fy,fx,c·M+m] · (x[iy,ix,c] + input_offset)
 *   out[o] = requantize(acc[o], o)   (mtl_types.h: mtl_requantization) */
#include "mtl_kernels.h"
#include "mtl_requantization.h"

int32_t mtl_depthwise_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry)
{
    (void)geometry; /* the plain path needs none */
    return 0;
}

mtl_status mtl_depthwise_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;
    if (context == 0 || context->size < mtl_depthwise_conv2d_s8_scratch_bytes(g)) return MTL_STATUS_ARGUMENT_ERROR;

    for (int32_t b = 0; b < g->batches; b++) {
        for (int32_t oy = 0; oy < g->output_height; oy++) {
            for (int32_t ox = 0; ox < g->output_width; ox++) {
                for (int32_t ic = 0; ic < g->input_channels; ic++) {
                    for (int32_t m = 0; m < g->depth_multiplier; m++) {
                        const int32_t o = m + ic * g->depth_multiplier;
                        const int32_t iy_origin = oy * g->stride_height - g->pad_height;
                        const int32_t ix_origin = ox * g->stride_width - g->pad_width;
                        int32_t acc = 0;
                        for (int32_t fy = 0; fy < g->filter_height; fy++) {
                            for (int32_t fx = 0; fx < g->filter_width; fx++) {
                                const int32_t iy = iy_origin + g->dilation_height * fy;
                                const int32_t ix = ix_origin + g->dilation_width * fx;
                                if (ix < 0 || ix >= g->input_width || iy < 0 || iy >= g->input_height) continue;
                                const int32_t x = input[((b * g->input_height + iy) * g->input_width + ix) * g->input_channels + ic];
                                const int32_t w = filter[(fy * g->filter_width + fx) * g->output_channels + o];
                                acc = mtl_wrapping_add(acc, mtl_wrapping_mul(w, x + q->input_offset));
                            }
                        }
                        if (bias != 0) acc = mtl_wrapping_add(acc, bias[o]);
                        output[((b * g->output_height + oy) * g->output_width + ox) * g->output_channels + o] = mtl_requantize_accumulator(q, acc, o);
                    }
                }
            }
        }
    }
    return MTL_STATUS_OK;
}
