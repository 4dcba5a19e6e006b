/* AVERAGE_POOL_2D: input [B, H, W, C] -> output [B, Oh, Ow, C], int8; mirrors
 * src/MicroTL/Runtime/Ops/AveragePool2DOperator.cs. Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_average_pool2d_prepare(mtl_prepare_context *ctx)
{
    mtl_pool2d_data d = { 0 };
    const mtl_status status = mtl_pool2d_prepare(ctx, &d);
    return status != MTL_STATUS_OK ? status : mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_average_pool2d_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_pool2d_data *d = mtl_operator_data(self, op);
    mtl_pool_s8_params params;
    params.geometry = d->geometry;
    params.activation_min = d->activation_min;
    params.activation_max = d->activation_max;
    mtl_average_pool2d_s8(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    return MTL_STATUS_OK;
}
