/* RESHAPE: the output is the input's bytes under the output's declared shape; the optional shape input is
 * not read. Mirrors src/MicroTL/Runtime/Ops/ReshapeOperator.cs. Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_reshape_prepare(mtl_prepare_context *ctx)
{
    mtl_reshape_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.output = mtl_prepare_output(ctx, 0);
    d.byte_count = mtl_prepare_tensor(ctx, d.input)->bytes;
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_reshape_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_reshape_data *d = mtl_operator_data(self, op);
    /* The planner may place both in the same bytes; mtl_reshape then moves nothing. */
    mtl_reshape(mtl_read(self, d->input), mtl_write(self, d->output), d->byte_count);
    return MTL_STATUS_OK;
}
