/* MAX_POOL_2D, int8; mirrors MaxPool2DInt8 (src/MicroTL/Kernels/MaxPool2DInt8.cs), bit-exact with
 * TFLM's reference_integer_ops::MaxPool.
 *
 * Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (geometry.filter_height/width),
 * geometry.input_channels = output_channels = C. Input and output share one quantization.
 *   out = clamp(max(-128, x over the taps inside the image), activation_min, activation_max)
 * Four channels at a time where the clamp is within int8 (always, for TFLite's int8 clamps): a word of each tap and
 * a lane-wise maximum (SSUB8 + SEL on the Cortex-M4, mtl_int8_simd.h); the maximum is the same in any order. */
#include "mtl_int8_simd.h"
#include "mtl_kernels.h"

static int32_t max_s32(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t min_s32(int32_t a, int32_t b) { return a < b ? a : b; }

void mtl_max_pool2d_s8(const mtl_pool_s8_params *params, const int8_t *input, int8_t *output)
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
                int8_t *out = output + ((b * g->output_height + oy) * g->output_width + ox) * channels;
                int32_t c = 0;
                if (params->activation_min >= INT8_MIN && params->activation_max <= INT8_MAX) {
                    const uint32_t low = mtl_pack_s8x4(params->activation_min), high = mtl_pack_s8x4(params->activation_max);
                    for (; c + 4 <= channels; c += 4) {
                        uint32_t best = mtl_pack_s8x4(INT8_MIN);
                        for (int32_t fy = fy_start; fy < fy_end; fy++) {
                            const int8_t *row = input + ((b * g->input_height + iy_origin + fy) * g->input_width + ix_origin) * channels + c;
                            for (int32_t fx = fx_start; fx < fx_end; fx++) best = mtl_max_s8x4(best, mtl_load_s8x4(row + fx * channels));
                        }
                        best = mtl_min_s8x4(mtl_max_s8x4(best, low), high);
                        memcpy(out + c, &best, sizeof best);
                    }
                }
                for (; c < channels; c++) {
                    int32_t best = INT8_MIN;
                    for (int32_t fy = fy_start; fy < fy_end; fy++) {
                        const int32_t row = ((b * g->input_height + iy_origin + fy) * g->input_width + ix_origin) * channels + c;
                        for (int32_t fx = fx_start; fx < fx_end; fx++) best = max_s32(best, input[row + fx * channels]);
                    }
                    best = max_s32(best, params->activation_min);
                    best = min_s32(best, params->activation_max);
                    out[c] = (int8_t)best;
                }
            }
        }
    }
}
