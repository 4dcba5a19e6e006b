/* CONV_2D: input [B, H, W, C], filter [O, Fh, Fw, Ci] (C = Ci·groups), optional bias [O], output
 * [B, Oh, Ow, O], int8 with per-channel requantization; mirrors src/MicroTL/Runtime/Ops/Conv2DOperator.cs.
 * Tail, in the C#'s order: multipliers, shifts, [folded bias], data block; with the C#'s fast path also
 * the packed filter's place in its flash image and the im2col scratch (mtl_fast_path_plan.h). Eval runs
 * the plain kernel (conv2d_s8.c) on the filter and bias tensors in flash. */
#include "mtl_fast_path_plan.h"
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_conv2d_prepare(mtl_prepare_context *ctx)
{
    const mtl_builtin_options *o = &ctx->op->options;
    const int32_t input = mtl_prepare_input(ctx, 0), filter = mtl_prepare_input(ctx, 1);
    const int32_t bias = mtl_prepare_input(ctx, 2), output = mtl_prepare_output(ctx, 0);
    const int32_t *f = mtl_prepare_tensor(ctx, filter)->shape;
    if (mtl_prepare_tensor(ctx, input)->type != MTL_TYPE_INT8) return MTL_STATUS_UNSUPPORTED;

    mtl_convolution_data d = { 0 };
    d.input = input;
    d.filter = filter;
    d.bias = bias;
    d.output = output;
    d.geometry = mtl_convolution_window(ctx, input, (mtl_padding)o->padding, o->stride_height, o->stride_width,
        o->dilation_height, o->dilation_width, f[1], f[2], f[3], f[0], 1);
    mtl_status status = mtl_convolution_prepare_int8(ctx, input, filter, output, f[0], (mtl_activation)o->activation, &d);
    if (status != MTL_STATUS_OK) return status;

    d.uses_fast_path = (uint8_t)mtl_fast_conv2d_s8_applies(&d.geometry, -d.input_zero_point);
    if (d.uses_fast_path) {
        int32_t *folded = mtl_prepare_allocate_persistent(ctx, f[0] * (int32_t)sizeof(int32_t), &d.folded_bias);
        if (folded == 0) return MTL_STATUS_PLAN_MISMATCH;
        mtl_fast_conv2d_s8_fold_bias(&d.geometry, mtl_prepare_tensor(ctx, filter)->data,
            bias >= 0 ? mtl_prepare_tensor(ctx, bias)->data : 0, -d.input_zero_point, folded);
        d.packed_filter = mtl_prepare_count_derived_flash(ctx, mtl_fast_conv2d_s8_packed_filter_bytes(&d.geometry));
        status = mtl_prepare_request_scratch(ctx, mtl_fast_conv2d_s8_packed_row_bytes(&d.geometry), &d.scratch);
        if (status != MTL_STATUS_OK) return status;
    }
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_conv2d_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_convolution_data *d = mtl_operator_data(self, op);
    mtl_conv_s8_params params;
    params.geometry = d->geometry;
    params.requantization = mtl_convolution_requantization(self, d);
    const mtl_context scratch = d->uses_fast_path ? mtl_arena_scratch(&self->arena, d->scratch) : (mtl_context){ 0, 0 };
    return mtl_conv2d_s8(&scratch, &params, mtl_read(self, d->input), mtl_read(self, d->filter),
        d->bias >= 0 ? mtl_read(self, d->bias) : 0, mtl_write(self, d->output));
}
