/* DEPTHWISE_CONV_2D: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M, optional bias [O], output
 * [B, Oh, Ow, O], int8 with per-channel requantization; mirrors
 * src/MicroTL/Runtime/Ops/DepthwiseConv2DOperator.cs. Tail, in the C#'s order: multipliers, shifts, data
 * block; the C#'s accumulator scratch is requested (and lent to the plain kernel, which needs none). */
#include "mtl_fast_path_plan.h"
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_depthwise_conv2d_prepare(mtl_prepare_context *ctx)
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
        o->dilation_height, o->dilation_width, f[1], f[2], 1, f[3], o->depth_multiplier);
    mtl_status status = mtl_convolution_prepare_int8(ctx, input, filter, output, f[3], (mtl_activation)o->activation, &d);
    if (status != MTL_STATUS_OK) return status;
    status = mtl_prepare_request_scratch(ctx, mtl_fast_depthwise_conv2d_s8_scratch_bytes(&d.geometry), &d.scratch);
    if (status != MTL_STATUS_OK) return status;
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_depthwise_conv2d_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_convolution_data *d = mtl_operator_data(self, op);
    mtl_conv_s8_params params;
    params.geometry = d->geometry;
    params.requantization = mtl_convolution_requantization(self, d);
    const mtl_context scratch = mtl_arena_scratch(&self->arena, d->scratch);
    return mtl_depthwise_conv2d_s8(&scratch, &params, mtl_read(self, d->input), mtl_read(self, d->filter),
        d->bias >= 0 ? mtl_read(self, d->bias) : 0, mtl_write(self, d->output));
}
