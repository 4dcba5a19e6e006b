/* What AVERAGE_POOL_2D and MAX_POOL_2D share at prepare (src/MicroTL/Runtime/Ops/Pool2DPrepare.cs): the
 * window's geometry (dilation 1, the input's channels in and out) and, for int8, the activation clamp in
 * the output's units (input and output share one quantization). */
#include "mtl_ops.h"
#include "mtl_quantization_math.h"

mtl_status mtl_pool2d_prepare(mtl_prepare_context *ctx, mtl_pool2d_data *data)
{
    const mtl_builtin_options *o = &ctx->op->options;
    data->input = mtl_prepare_input(ctx, 0);
    data->output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *in = mtl_prepare_tensor(ctx, data->input), *out = mtl_prepare_tensor(ctx, data->output);
    if (in->type != MTL_TYPE_INT8) return MTL_STATUS_UNSUPPORTED;
    const int32_t channels = in->shape[3];
    data->geometry = mtl_convolution_window(ctx, data->input, (mtl_padding)o->padding, o->stride_height, o->stride_width,
        1, 1, o->filter_height, o->filter_width, channels, channels, 1);
    data->is_quantized = 1;
    mtl_quantized_activation_range((mtl_activation)o->activation, mtl_tensor_scale(out), mtl_tensor_zero_point(out),
        &data->activation_min, &data->activation_max);
    return MTL_STATUS_OK;
}
