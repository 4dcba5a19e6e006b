/* TFLite's padding formulas, as src/MicroTL/Kernels/PaddingMath.cs: products in 64 bits where the
 * C# computes in long, so a large dilation cannot overflow. */
#include "mtl_padding.h"

int32_t mtl_compute_out_size(mtl_padding padding, int32_t image_size, int32_t filter_size, int32_t stride, int32_t dilation)
{
    if (stride == 0) return 0;
    const int64_t effective_filter = (int64_t)(filter_size - 1) * dilation + 1;
    switch (padding) {
    case MTL_PADDING_SAME: return (int32_t)(((int64_t)image_size + stride - 1) / stride);
    case MTL_PADDING_VALID: return (int32_t)(((int64_t)image_size + stride - effective_filter) / stride);
    default: return 0;
    }
}

int32_t mtl_compute_padding_with_offset(int32_t stride, int32_t dilation, int32_t in_size, int32_t filter_size,
    int32_t out_size, int32_t *offset)
{
    const int64_t effective_filter = (int64_t)(filter_size - 1) * dilation + 1;
    int64_t total = (int64_t)(out_size - 1) * stride + effective_filter - in_size;
    total = total > 0 ? total : 0;
    *offset = (int32_t)(total % 2);
    return (int32_t)(total / 2);
}

mtl_padding_values mtl_compute_padding_height_width(int32_t stride_height, int32_t stride_width,
    int32_t dilation_height, int32_t dilation_width, int32_t in_height, int32_t in_width,
    int32_t filter_height, int32_t filter_width, mtl_padding padding, int32_t *out_height, int32_t *out_width)
{
    mtl_padding_values values;
    *out_width = mtl_compute_out_size(padding, in_width, filter_width, stride_width, dilation_width);
    *out_height = mtl_compute_out_size(padding, in_height, filter_height, stride_height, dilation_height);
    values.height = mtl_compute_padding_with_offset(stride_height, dilation_height, in_height, filter_height,
        *out_height, &values.height_offset);
    values.width = mtl_compute_padding_with_offset(stride_width, dilation_width, in_width, filter_width,
        *out_width, &values.width_offset);
    return values;
}
