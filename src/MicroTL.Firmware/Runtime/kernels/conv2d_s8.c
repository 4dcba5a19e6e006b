/* CONV_2D, int8 activations and filter, int32 bias, per-channel (or per-tensor) requantization;
 * mirrors Conv2DInt8.RunReference (src/MicroTL/Kernels/Conv2DInt8.cs), bit-exact with TFLM's
 * reference_integer_ops::ConvPerChannel, grouped convolutions included.
 *
 * Layouts: input [B, H, W, C], filter [O, Fh, Fw, Ci] with C = Ci·groups and O a multiple of the
 * groups (output channel o reads group o / (O / groups)), bias [O] or NULL, output [B, Oh, Ow, O].
 *   acc[o] = bias[o] + Σ_{fy,fx inside the image, ci} w[o,fy,fx,ci] · (x[iy,ix,group·Ci + ci] + input_offset)
 *   out[o] = requantize(acc[o], o)   (mtl_types.h: mtl_requantization)
 * Taps outside the image contribute nothing (zero padding in real units).
 *
 * The fast loop (mtl_int8_dot.h: four output channels per input load, SMLAD on the Cortex-M4) takes each filter row's
 * taps inside the image as one contiguous run when the columns are undilated and ungrouped (a pixel's channels then
 * follow the previous pixel's in the input as the taps do in the filter), else tap by tap; no im2col buffer. Integer
 * sums wrap modulo 2^32 in any order, so it gives the reference loop's bits; the reference loop stays for an input
 * offset outside int16 (no int8 zero point gives one). */
#include "mtl_kernels.h"
#include "mtl_int8_dot.h"
#include "mtl_requantization.h"

int32_t mtl_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry)
{
    (void)geometry; /* the plain path needs none; an im2col path would */
    return 0;
}

static void conv_reference(const mtl_conv_s8_params *params, const int8_t *input, const int8_t *filter, const int32_t *bias,
    int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;

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
}

/* acc[0..rows) of output channels o.. at one output pixel: every filter row inside the image, as runs (above). */
static void accumulate_pixel(const mtl_conv_geometry *g, const int8_t *input_batch, const int8_t *filter, int32_t o, int32_t rows,
    int32_t group_channel, int32_t iy_origin, int32_t ix_origin, int32_t input_offset, int32_t acc[4])
{
    const int32_t ci = g->filter_input_channels, filter_stride = g->filter_height * g->filter_width * ci;
    const int contiguous = g->dilation_width == 1 && ci == g->input_channels;
    int32_t fx_first = 0, fx_end = g->filter_width;
    if (contiguous) { /* the columns inside the image: ix_origin + fx in [0, W) */
        if (ix_origin < 0) fx_first = -ix_origin;
        if (g->input_width - ix_origin < fx_end) fx_end = g->input_width - ix_origin;
        if (fx_end <= fx_first) return;
    }
    for (int32_t fy = 0; fy < g->filter_height; fy++) {
        const int32_t iy = iy_origin + g->dilation_height * fy;
        if (iy < 0 || iy >= g->input_height) continue;
        const int8_t *x_row = input_batch + iy * g->input_width * g->input_channels + group_channel;
        const int8_t *w_row = filter + (o * g->filter_height + fy) * g->filter_width * ci;
        if (contiguous) {
            mtl_dot_s8_rows(x_row + (ix_origin + fx_first) * ci, w_row + fx_first * ci, filter_stride, rows,
                (fx_end - fx_first) * ci, input_offset, acc);
            continue;
        }
        for (int32_t fx = 0; fx < g->filter_width; fx++) {
            const int32_t ix = ix_origin + g->dilation_width * fx;
            if (ix < 0 || ix >= g->input_width) continue;
            mtl_dot_s8_rows(x_row + ix * g->input_channels, w_row + fx * ci, filter_stride, rows, ci, input_offset, acc);
        }
    }
}

/* Output channels o..o+rows-1 at every output pixel: the block's weights stay in place while the pixels move, and a
 * window inside the image of an ungrouped, column-undilated filter is Fh runs of Fw·C bytes with no bounds to check.
 * The geometry and the requantization are copied into locals: an int8 store may change any memory as far as the
 * compiler knows, so through the pointers every field would be loaded again at every pixel. */
static void conv_channel_block(const mtl_conv_geometry *g, const mtl_requantization *q, const int8_t *input, const int8_t *filter,
    const int32_t *bias, int8_t *output, int32_t o, int32_t rows, int32_t group_channel)
{
    const int32_t height = g->input_height, width = g->input_width, filter_height = g->filter_height;
    const int32_t ci = g->filter_input_channels, filter_stride = filter_height * g->filter_width * ci;
    const int32_t row_bytes = width * g->input_channels, run = g->filter_width * ci, outputs = g->output_channels;
    const int32_t stride_width = g->stride_width, pad_width = g->pad_width, output_width = g->output_width;
    const int32_t row_step = g->dilation_height * row_bytes;
    const int32_t window_height = g->dilation_height * (filter_height - 1) + 1, window_width = g->filter_width;
    const int runs = g->dilation_width == 1 && ci == g->input_channels;
    const mtl_requantization rq = *q;
    mtl_channel_requantization channel[4];
    for (int32_t j = 0; j < rows; j++) channel[j] = mtl_channel_requantization_of(q, o + j);
    int32_t b0 = 0, b1 = 0, b2 = 0, b3 = 0; /* the biases start the sums: wrapping addition, any order */
    if (bias != 0) {
        b0 = bias[o];
        b1 = rows > 1 ? bias[o + 1] : 0;
        b2 = rows > 2 ? bias[o + 2] : 0;
        b3 = rows > 3 ? bias[o + 3] : 0;
    }
    const int8_t *w = filter + o * filter_stride;
    for (int32_t b = 0; b < g->batches; b++) {
        const int8_t *input_batch = input + b * height * row_bytes;
        for (int32_t oy = 0; oy < g->output_height; oy++) {
            const int32_t iy_origin = oy * g->stride_height - g->pad_height;
            const int rows_inside = iy_origin >= 0 && iy_origin + window_height <= height;
            int8_t *out = output + (b * g->output_height + oy) * output_width * outputs + o;
            for (int32_t ox = 0; ox < output_width; ox++, out += outputs) {
                const int32_t ix_origin = ox * stride_width - pad_width;
                int32_t acc[4] = { b0, b1, b2, b3 };
                if (runs && rows_inside && ix_origin >= 0 && ix_origin + window_width <= width) {
                    const int8_t *x = input_batch + iy_origin * row_bytes + ix_origin * ci;
                    for (int32_t fy = 0; fy < filter_height; fy++, x += row_step)
                        mtl_dot_s8_rows(x, w + fy * run, filter_stride, rows, run, rq.input_offset, acc);
                } else {
                    accumulate_pixel(g, input_batch, filter, o, rows, group_channel, iy_origin, ix_origin, rq.input_offset, acc);
                }
                for (int32_t j = 0; j < rows; j++)
                    out[j] = mtl_channel_requantize(&channel[j], acc[j], rq.output_offset, rq.activation_min, rq.activation_max);
            }
        }
    }
}

mtl_status mtl_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const mtl_requantization *q = &params->requantization;
    if (context == 0 || context->size < mtl_conv2d_s8_scratch_bytes(g)) return MTL_STATUS_ARGUMENT_ERROR;
    if (!mtl_s8_offset_fits_s16(q->input_offset)) {
        conv_reference(params, input, filter, bias, output);
        return MTL_STATUS_OK;
    }

    const int32_t ci = g->filter_input_channels;
    const int32_t groups = g->input_channels / ci;
    const int32_t filters_per_group = g->output_channels / groups;
    for (int32_t group = 0; group < groups; group++) {
        const int32_t o_end = (group + 1) * filters_per_group;
        for (int32_t o = group * filters_per_group; o < o_end; o += 4)
            conv_channel_block(g, q, input, filter, bias, output, o, o_end - o < 4 ? o_end - o : 4, group * ci);
    }
    return MTL_STATUS_OK;
}
