/* DEPTHWISE_CONV_2D, int8, per-channel requantization, depth multiplier and dilation; mirrors
 * DepthwiseConv2DInt8.RunReference (src/MicroTL/Kernels/DepthwiseConv2DInt8.cs), bit-exact with
 * TFLM's reference_integer_ops::DepthwiseConvPerChannel.
 *
 * Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M (output channel o = c·M + m reads
 * input channel c), bias [O] or NULL, output [B, Oh, Ow, O].
 *   acc[c·M+m] = bias + Σ_{fy,fx inside the image} w[fy,fx,c·M+m] · (x[iy,ix,c] + input_offset)
 *   out[o] = requantize(acc[o], o)   (mtl_types.h: mtl_requantization)
 *
 * Fast loop: four consecutive output channels per step, their four filter bytes of a tap one word; with M = 1 their
 * inputs are one word too (SXTB16, SADD16 and SMLABB/SMLATT lane by lane on the Cortex-M4, mtl_int8_simd.h), with M a
 * multiple of 4 one input serves the four; the taps inside the image found once per output pixel. Integer sums wrap
 * modulo 2^32 in any order: the reference loop's bits. It stays for an input offset outside int16. */
#include "mtl_int8_dot.h"
#include "mtl_kernels.h"
#include "mtl_requantization.h"

int32_t mtl_depthwise_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry)
{
    (void)geometry; /* the plain path needs none */
    return 0;
}

static void depthwise_reference(const mtl_conv_s8_params *params, const int8_t *input, const int8_t *filter, const int32_t *bias,
    int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;

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
}

/* The first tap index inside [0, extent) along one axis and the end: origin + dilation f for f in [first, end). */
static void taps_inside(int32_t origin, int32_t dilation, int32_t taps, int32_t extent, int32_t *first, int32_t *end)
{
    int32_t f = 0;
    while (f < taps && origin + dilation * f < 0) f++;
    *first = f;
    while (f < taps && origin + dilation * f < extent) f++;
    *end = f;
}

/* Output channels o..o+3 (all of them: o + 4 <= O) at one pixel whose taps inside are [fy0, fy1) x [fx0, fx1). */
static void accumulate_four(const mtl_conv_geometry *g, const int8_t *input_batch, const int8_t *filter, int32_t o,
    int32_t iy_origin, int32_t ix_origin, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1, int32_t input_offset, int32_t acc[4])
{
    const int32_t m = g->depth_multiplier, channels = g->input_channels, outputs = g->output_channels;
    const uint32_t offsets = mtl_pack_s16x2(input_offset);
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int32_t fy = fy0; fy < fy1; fy++) {
        const int8_t *x_row = input_batch + (iy_origin + g->dilation_height * fy) * g->input_width * channels;
        const int8_t *w = filter + (fy * g->filter_width + fx0) * outputs + o;
        for (int32_t fx = fx0; fx < fx1; fx++, w += outputs) {
            const int8_t *x = x_row + (ix_origin + g->dilation_width * fx) * channels;
            const uint32_t wv = mtl_load_s8x4(w);
            const uint32_t w_even = mtl_sxtb16(wv), w_odd = mtl_sxtb16_ror8(wv);
            if (m == 1) { /* lanes o..o+3 read input channels o..o+3 */
                const uint32_t xv = mtl_load_s8x4(x + o);
                const uint32_t x_even = mtl_sadd16(mtl_sxtb16(xv), offsets), x_odd = mtl_sadd16(mtl_sxtb16_ror8(xv), offsets);
                a0 = mtl_smlabb(w_even, x_even, a0);
                a2 = mtl_smlatt(w_even, x_even, a2);
                a1 = mtl_smlabb(w_odd, x_odd, a1);
                a3 = mtl_smlatt(w_odd, x_odd, a3);
            } else { /* m a multiple of 4: the four lanes read input channel o / m */
                const uint32_t xx = mtl_pack_s16x2(x[o / m] + input_offset);
                a0 = mtl_smlabb(w_even, xx, a0);
                a2 = mtl_smlatb(w_even, xx, a2);
                a1 = mtl_smlabb(w_odd, xx, a1);
                a3 = mtl_smlatb(w_odd, xx, a3);
            }
        }
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

mtl_status mtl_depthwise_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;
    if (context == 0 || context->size < mtl_depthwise_conv2d_s8_scratch_bytes(g)) return MTL_STATUS_ARGUMENT_ERROR;
    const int32_t m = g->depth_multiplier, outputs = g->output_channels;
    if (!mtl_s8_offset_fits_s16(q->input_offset) || (m != 1 && m % 4 != 0)) {
        depthwise_reference(params, input, filter, bias, output);
        return MTL_STATUS_OK;
    }

    const mtl_requantization rq = *q; /* a local copy: the int8 stores below cannot change it */
    for (int32_t b = 0; b < g->batches; b++) {
        const int8_t *input_batch = input + b * g->input_height * g->input_width * g->input_channels;
        for (int32_t oy = 0; oy < g->output_height; oy++) {
            const int32_t iy_origin = oy * g->stride_height - g->pad_height;
            int32_t fy0, fy1;
            taps_inside(iy_origin, g->dilation_height, g->filter_height, g->input_height, &fy0, &fy1);
            for (int32_t ox = 0; ox < g->output_width; ox++) {
                const int32_t ix_origin = ox * g->stride_width - g->pad_width;
                int32_t fx0, fx1;
                taps_inside(ix_origin, g->dilation_width, g->filter_width, g->input_width, &fx0, &fx1);
                int8_t *out = output + ((b * g->output_height + oy) * g->output_width + ox) * outputs;
                int32_t o = 0;
                for (; o + 4 <= outputs; o += 4) {
                    int32_t acc[4];
                    accumulate_four(g, input_batch, filter, o, iy_origin, ix_origin, fy0, fy1, fx0, fx1, rq.input_offset, acc);
                    for (int32_t j = 0; j < 4; j++) {
                        const int32_t sum = bias != 0 ? mtl_wrapping_add(acc[j], bias[o + j]) : acc[j];
                        out[o + j] = mtl_requantize_accumulator(&rq, sum, o + j);
                    }
                }
                for (; o < outputs; o++) { /* the last O mod 4 channels (m = 1 only: a multiple of 4 divides O) */
                    int32_t acc = 0;
                    for (int32_t fy = fy0; fy < fy1; fy++)
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            const int32_t x = input_batch[((iy_origin + g->dilation_height * fy) * g->input_width + ix_origin +
                                g->dilation_width * fx) * g->input_channels + o / m];
                            acc = mtl_wrapping_add(acc, mtl_wrapping_mul(filter[(fy * g->filter_width + fx) * outputs + o], x + rq.input_offset));
                        }
                    if (bias != 0) acc = mtl_wrapping_add(acc, bias[o]);
                    out[o] = mtl_requantize_accumulator(&rq, acc, o);
                }
            }
        }
    }
    return MTL_STATUS_OK;
}
