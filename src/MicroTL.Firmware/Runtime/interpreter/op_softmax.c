/* SOFTMAX over the last axis: int8 -> int8 (output scale 1/256, zero point -128) on gemmlowp fixed point,
 * or float32; mirrors src/MicroTL/Runtime/Ops/SoftmaxOperator.cs. Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_softmax_prepare(mtl_prepare_context *ctx)
{
    mtl_softmax_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *in = mtl_prepare_tensor(ctx, d.input);
    d.depth = in->shape[in->rank - 1];
    d.rows = (int32_t)(mtl_tensor_elements(in) / d.depth);
    d.beta = ctx->op->options.beta;
    if (in->type == MTL_TYPE_INT8) {
        mtl_softmax_s8_params params;
        mtl_softmax_s8_compute_params((double)d.beta, (double)mtl_tensor_scale(in), &params);
        d.is_quantized = 1;
        d.input_multiplier = params.input_multiplier;
        d.input_left_shift = params.input_left_shift;
        d.diff_min = params.diff_min;
    } else if (in->type != MTL_TYPE_FLOAT32) {
        return MTL_STATUS_UNSUPPORTED;
    }
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_softmax_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_softmax_data *d = mtl_operator_data(self, op);
    if (d->is_quantized) {
        mtl_softmax_s8_params params;
        params.rows = d->rows;
        params.depth = d->depth;
        params.input_multiplier = d->input_multiplier;
        params.input_left_shift = d->input_left_shift;
        params.diff_min = d->diff_min;
        mtl_softmax_s8(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    } else {
        mtl_softmax_f32_params params;
        params.rows = d->rows;
        params.depth = d->depth;
        params.beta = d->beta;
        mtl_softmax_f32(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    }
    return MTL_STATUS_OK;
}
