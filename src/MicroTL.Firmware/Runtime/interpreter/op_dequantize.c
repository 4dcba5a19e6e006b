/* DEQUANTIZE: int8 -> float32, same shape; mirrors src/MicroTL/Runtime/Ops/DequantizeOperator.cs.
 * Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_dequantize_prepare(mtl_prepare_context *ctx)
{
    mtl_dequantize_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *in = mtl_prepare_tensor(ctx, d.input);
    if (in->type != MTL_TYPE_INT8) return MTL_STATUS_UNSUPPORTED;
    d.scale = mtl_tensor_scale(in);
    d.zero_point = mtl_tensor_zero_point(in);
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_dequantize_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_dequantize_data *d = mtl_operator_data(self, op);
    mtl_affine_params params;
    params.size = self->model->tensors[d->input].bytes;
    params.scale = d->scale;
    params.zero_point = d->zero_point;
    mtl_dequantize_s8_f32(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    return MTL_STATUS_OK;
}
