/* AVERAGE_POOL_2D, int8; mirrors AveragePool2DInt8 (src/MicroTL/Kernels/AveragePool2DInt8.cs),
 * bit-exact with TFLM's reference_integer_ops::AveragePool.
 *
 * Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (geometry.filter_height/width),
 * geometry.input_channels = output_channels = C. Input and output share one quantization.
 *   sum = Σ x over the n taps inside the image
 *   avg = sum > 0 ? (sum + n/2) / n : (sum - n/2) / n   (C division: ties round away from zero)
 *   out = clamp(avg, activation_min, activation_max) */
#include "mtl_kernels.h"

static int32_t max_s32(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t min_s32(int32_t a, int32_t b) { return a < b ? a : b; }

void mtl_average_pool2d_s8(const mtl_pool_s8_params *params, const int8_t *input, int8_t *output)
{
    const mtl_conv_geometry *g = &params->geometry;
    const int32_t channels = g->input_channels;
    for (int32_t b = 0; b < g->batches; b++) {
        for (int32_t oy = 0; oy < g->output_height; oy++) {
            const int32_t iy_origin = oy * g->stride_height - g->pad_height;
            const int32_t fy_start = max_s32(0, -iy_origin);
            const int32_t fy_end = min_s32(g->filter_height, g->input_height - iy_origin);
            for (int32_t ox = 0; ox < g->output_width; ox++) {
                const int32_t ix_origin = ox * g->stride_width - g->pad_width;
                const int32_t fx_start = max_s32(0, -ix_origin);
                const int32_t fx_end = min_s32(g->filter_width, g->input_width - ix_origin);
                const int32_t count = (fy_end - fy_start) * (fx_end - fx_start);
                int8_t *out = output + ((b * g->output_height + oy) * g->output_width + ox) * channels;
                for (int32_t c = 0; c < channels; c++) {
                    int32_t sum = 0;
                    for (int32_t fy = fy_start; fy < fy_end; fy++) {
                        const int32_t row = ((b * g->input_height + iy_origin + fy) * g->input_width + ix_origin) * channels + c;
                        for (int32_t fx = fx_start; fx < fx_end; fx++) sum += input[row + fx * channels];
                    }
                    /* Prepare makes an empty window impossible (padding < filter); 0 keeps it defined. */
                    int32_t avg = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    avg = max_s32(avg, params->activation_min);
                    avg = min_s32(avg, params->activation_max);
                    out[c] = (int8_t)avg;
                }
            }
        }
    }
}
