/* The C# vectorized paths' prepare-time constants (see mtl_fast_path_plan.h), as
 * src/MicroTL/Kernels/Conv2DInt8.cs, FullyConnectedInt8.cs and DepthwiseConv2DInt8.cs compute them. */
#include "mtl_fast_path_plan.h"
#include "mtl_quantization_math.h"

static int32_t row_bytes(const mtl_conv_geometry *g)
{
    return g->filter_height * g->filter_width * g->filter_input_channels;
}

int mtl_fast_conv2d_s8_applies(const mtl_conv_geometry *geometry, int32_t input_offset)
{
    return geometry->input_channels == geometry->filter_input_channels && input_offset >= -127 && input_offset <= 128;
}

int32_t mtl_fast_conv2d_s8_packed_row_bytes(const mtl_conv_geometry *geometry)
{
    return (row_bytes(geometry) + 15) & ~15;
}

int32_t mtl_fast_conv2d_s8_packed_filter_bytes(const mtl_conv_geometry *geometry)
{
    return geometry->output_channels * mtl_fast_conv2d_s8_packed_row_bytes(geometry);
}

void mtl_fast_conv2d_s8_fold_bias(const mtl_conv_geometry *geometry, const int8_t *filter, const int32_t *bias,
    int32_t input_offset, int32_t *folded)
{
    const int32_t k = row_bytes(geometry);
    for (int32_t o = 0; o < geometry->output_channels; o++) {
        int32_t sum = 0;
        for (int32_t i = 0; i < k; i++) sum += filter[o * k + i];
        folded[o] = mtl_wrapping_add(bias != 0 ? bias[o] : 0, mtl_wrapping_mul(input_offset - 128, sum));
    }
}

void mtl_fast_fully_connected_s8_fold_bias(const int8_t *weights, const int32_t *bias, int32_t output_depth,
    int32_t accum_depth, int32_t input_offset, int32_t filter_offset, int32_t *folded)
{
    const int32_t offset_product = mtl_wrapping_mul(mtl_wrapping_mul(input_offset, filter_offset), accum_depth);
    for (int32_t o = 0; o < output_depth; o++) {
        int32_t sum = 0;
        for (int32_t d = 0; d < accum_depth; d++) sum += weights[o * accum_depth + d];
        folded[o] = mtl_wrapping_add(mtl_wrapping_add(bias != 0 ? bias[o] : 0, mtl_wrapping_mul(input_offset - 128, sum)),
            offset_product);
    }
}

int32_t mtl_fast_fully_connected_s8_scratch_bytes(int32_t accum_depth)
{
    return accum_depth;
}

int32_t mtl_fast_depthwise_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry)
{
    return geometry->output_channels * (int32_t)sizeof(int32_t);
}
