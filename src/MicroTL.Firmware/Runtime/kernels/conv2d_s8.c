/* CONV_2D, int8 activations and filter, int32 bias, per-channel (or per-tensor) requantization;
 * mirrors Conv2DInt8.RunReference (src/MicroTL/Kernels/Conv2DInt8.cs), bit-exact with TFLM's
 * reference_integer_ops::ConvPerChannel, grouped convolutions included.
 *
 * Layouts: input [B, H, W, C], filter [O, Fh, Fw, Ci] with C = Ci·groups and O a multiple of the
 * groups (output channel o reads group o / (O / groups)), bias [O] or NULL, output [B, Oh, Ow, O].
 *   acc[o] = bias[o] + Σ_{fy,fx inside the image, ci} w[o,fy,fx,ci] · (x[iy,ix,group·Ci + ci] + input_offset)
 *   out[o] = requantize(acc[o], o)   (mtl_types.h: mtl_requantization)
 * Taps outside the image contribute nothing (zero padding in real units). */
#include "mtl_kernels.h"
#include "mtl_requantization.h"

int32_t mtl_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry)
{
    (void)geometry; /* the plain path needs none; an im2col path would */
    return 0;
}

mtl_status mtl_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;
    if (context == 0 || context->size < mtl_conv2d_s8_scratch_bytes(g)) return MTL_STATUS_ARGUMENT_ERROR;

    const int32_t ci = g->filter_input_channels;
    const int32_t groups = g->input_channels / ci;
    const int32_t filters_per_group = g->output_channels / groups;
    for (int32_t b = 0; b < g->batches; b++) {
        for (int32_t oy = 0; oy < g->output_height; oy++) {
            const int32_t iy_origin = oy * g->stride_height - g->pad_height;
            for (int32_t ox = 0; ox < g->output_width; ox++) {
                const int32_t ix_origin = ox * g->stride_width - g->pad_width;
                for (int32_t o = 0; o < g->output_channels; o++) {
                    const int32_t group = o / filters_per_group;
                    int32_t acc = 0;
                    for (int32_t fy = 0; fy < g->filter_height; fy++) {
                        const int32_t iy = iy_origin + g->dilation_height * fy;
                        for (int32_t fx = 0; fx < g->filter_width; fx++) {
                            const int32_t ix = ix_origin + g->dilation_width * fx;
                            if (ix < 0 || ix >= g->input_width || iy < 0 || iy >= g->input_height) continue;
                            const int8_t *x = input + ((b * g->input_height + iy) * g->input_width + ix) * g->input_channels + group * ci;
                            const int8_t *w = filter + ((o * g->filter_height + fy) * g->filter_width + fx) * ci;
                            for (int32_t c = 0; c < ci; c++)
                                acc = mtl_wrapping_add(acc, mtl_wrapping_mul(w[c], x[c] + q->input_offset));
                        }
                    }
                    if (bias != 0) acc = mtl_wrapping_add(acc, bias[o]);
                    output[((b * g->output_height + oy) * g->output_width + ox) * g->output_channels + o] = mtl_requantize_accumulator(q, acc, o);
                }
            }
        }
    }
    return MTL_STATUS_OK;
}
