/* Output size and padding of the window ops (CONV_2D, DEPTHWISE_CONV_2D, pools), as
 * src/MicroTL/Kernels/PaddingMath.cs (TFLite's tensorflow/lite/kernels/padding.h). */
#ifndef MTL_PADDING_H
#define MTL_PADDING_H

#include <stdint.h>

#include "mtl_types.h"

/* Padding of a 2-D window (C#: PaddingValues): rows/columns added before the input; the offsets are
 * 1 when the total is odd (the extra row or column goes after). */
typedef struct {
    int32_t height, width, height_offset, width_offset;
} mtl_padding_values;

/* TFLite's ComputeOutSize: SAME gives ceil(in / stride), VALID (in + stride - effective_filter) / stride
 * with effective_filter = (filter - 1)·dilation + 1; 0 for a zero stride. May be <= 0. */
int32_t mtl_compute_out_size(mtl_padding padding, int32_t image_size, int32_t filter_size, int32_t stride, int32_t dilation);

/* TFLite's ComputePaddingWithOffset: total = max(0, (out - 1)·stride + effective_filter - in), split as
 * total / 2 before, with *offset = total % 2. */
int32_t mtl_compute_padding_with_offset(int32_t stride, int32_t dilation, int32_t in_size, int32_t filter_size,
    int32_t out_size, int32_t *offset);

/* TFLite's ComputePaddingHeightWidth: the output size (*out_height, *out_width) and padding of a window. */
mtl_padding_values mtl_compute_padding_height_width(int32_t stride_height, int32_t stride_width,
    int32_t dilation_height, int32_t dilation_width, int32_t in_height, int32_t in_width,
    int32_t filter_height, int32_t filter_width, mtl_padding padding, int32_t *out_height, int32_t *out_width);

#endif /* MTL_PADDING_H */
