/* What CONV_2D and DEPTHWISE_CONV_2D share at prepare: the window's geometry with TFLite's padding and
 * the per-channel requantization of kernel_util.cc's PopulateConvolutionQuantizationParams; mirrors
 * src/MicroTL/Runtime/Ops/ConvolutionPrepare.cs and ConvolutionData.SetQuantization. */
#include "mtl_ops.h"
#include "mtl_padding.h"
#include "mtl_quantization_math.h"

mtl_conv_geometry mtl_convolution_window(const mtl_prepare_context *ctx, int32_t input, mtl_padding padding,
    int32_t stride_height, int32_t stride_width, int32_t dilation_height, int32_t dilation_width,
    int32_t filter_height, int32_t filter_width, int32_t filter_input_channels, int32_t output_channels,
    int32_t depth_multiplier)
{
    const int32_t *s = mtl_prepare_tensor(ctx, input)->shape;
    int32_t output_height, output_width;
    const mtl_padding_values pad = mtl_compute_padding_height_width(stride_height, stride_width, dilation_height,
        dilation_width, s[1], s[2], filter_height, filter_width, padding, &output_height, &output_width);
    mtl_conv_geometry g;
    g.batches = s[0];
    g.input_height = s[1];
    g.input_width = s[2];
    g.input_channels = s[3];
    g.filter_height = filter_height;
    g.filter_width = filter_width;
    g.filter_input_channels = filter_input_channels;
    g.output_height = output_height;
    g.output_width = output_width;
    g.output_channels = output_channels;
    g.stride_height = stride_height;
    g.stride_width = stride_width;
    g.dilation_height = dilation_height;
    g.dilation_width = dilation_width;
    g.pad_height = pad.height;
    g.pad_width = pad.width;
    g.depth_multiplier = depth_multiplier;
    return g;
}

mtl_status mtl_convolution_prepare_int8(mtl_prepare_context *ctx, int32_t input, int32_t filter, int32_t output,
    int32_t channels, mtl_activation activation, mtl_convolution_data *data)
{
    const mtl_tensor *in = mtl_prepare_tensor(ctx, input), *out = mtl_prepare_tensor(ctx, output);
    const mtl_tensor *weights = mtl_prepare_tensor(ctx, filter);
    const float input_scale = mtl_tensor_scale(in), output_scale = mtl_tensor_scale(out);
    int32_t *multipliers = mtl_prepare_allocate_persistent(ctx, channels * (int32_t)sizeof(int32_t), &data->multipliers);
    int32_t *shifts = mtl_prepare_allocate_persistent(ctx, channels * (int32_t)sizeof(int32_t), &data->shifts);
    if (multipliers == 0 || shifts == 0) return MTL_STATUS_PLAN_MISMATCH;
    for (int32_t c = 0; c < channels; c++) {
        /* A single filter scale is broadcast along the output channels, as TFLM does. */
        const double filter_scale = weights->scales[weights->quantization_count == 1 ? 0 : c];
        mtl_quantize_multiplier((double)input_scale * filter_scale / (double)output_scale, &multipliers[c], &shifts[c]);
    }
    data->is_quantized = 1;
    data->input_zero_point = mtl_tensor_zero_point(in);
    data->output_zero_point = mtl_tensor_zero_point(out);
    mtl_quantized_activation_range(activation, output_scale, data->output_zero_point, &data->activation_min, &data->activation_max);
    return MTL_STATUS_OK;
}

mtl_requantization mtl_convolution_requantization(const mtl_interpreter *self, const mtl_convolution_data *data)
{
    mtl_requantization q;
    q.multipliers = mtl_arena_persistent(&self->arena, data->multipliers);
    q.shifts = mtl_arena_persistent(&self->arena, data->shifts);
    q.channel_count = data->multipliers.bytes / (int32_t)sizeof(int32_t);
    q.input_offset = -data->input_zero_point;
    q.output_offset = data->output_zero_point;
    q.filter_offset = 0;
    q.activation_min = data->activation_min;
    q.activation_max = data->activation_max;
    return q;
}
