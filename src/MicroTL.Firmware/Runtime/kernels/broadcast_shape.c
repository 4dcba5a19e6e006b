/* Numpy-style broadcasting of two tensors of up to 6 dimensions onto the output shape, as
 * src/MicroTL/Kernels/BroadcastShape.cs (TFLite's NdArrayDesc for BroadcastBinaryFunction6DSlow): a
 * dimension of size 1 repeats (stride 0). Used at prepare; mtl_add_s8_broadcast reads the result.
 *
 * Layouts: shapes right-aligned against the output's and padded to 6-D with leading 1s; strides in
 * elements, row-major. */
#include <string.h>

#include "mtl_kernels.h"

static int strides(const int32_t *shape, int32_t rank, const int32_t *extent, int32_t *stride)
{
    const int32_t pad = MTL_BROADCAST_MAX_RANK - rank;
    int32_t running = 1;
    for (int32_t d = MTL_BROADCAST_MAX_RANK - 1; d >= 0; d--) {
        const int32_t size = d < pad ? 1 : shape[d - pad];
        if (size != extent[d] && size != 1) return 0;
        stride[d] = size == 1 ? 0 : running;
        running *= size;
    }
    return 1;
}

int mtl_broadcast_shape_create(const int32_t *shape1, int32_t rank1, const int32_t *shape2, int32_t rank2,
    const int32_t *output_shape, int32_t output_rank, mtl_broadcast_shape *result)
{
    memset(result, 0, sizeof *result);
    if (output_rank > MTL_BROADCAST_MAX_RANK || rank1 > output_rank || rank2 > output_rank) return 0;
    mtl_broadcast_shape shape;
    memset(&shape, 0, sizeof shape);
    const int32_t pad = MTL_BROADCAST_MAX_RANK - output_rank;
    for (int32_t d = 0; d < MTL_BROADCAST_MAX_RANK; d++) shape.extent[d] = d < pad ? 1 : output_shape[d - pad];
    if (!strides(shape1, rank1, shape.extent, shape.stride1) || !strides(shape2, rank2, shape.extent, shape.stride2)) return 0;
    *result = shape;
    return 1;
}
