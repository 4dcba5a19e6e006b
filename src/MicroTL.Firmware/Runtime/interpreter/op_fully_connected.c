/* FULLY_CONNECTED: input [B, D] (any shape of B·D elements), weights [O, D], optional bias [O], output
 * [B, O]; int8 (per-tensor or per-channel weights, int32 bias) or float32; mirrors
 * src/MicroTL/Runtime/Ops/FullyConnectedOperator.cs. int8 tail, in the C#'s order: multipliers, shifts,
 * folded bias (the C#'s fast path's), data block, with the C#'s biased-row scratch requested. Eval runs
 * the plain kernels (fully_connected_s8.c, fully_connected_f32.c) on the weights and bias in flash. */
#include "mtl_fast_path_plan.h"
#include "mtl_kernels.h"
#include "mtl_ops.h"
#include "mtl_quantization_math.h"

static mtl_status prepare_int8(mtl_prepare_context *ctx, mtl_fully_connected_data *d)
{
    const mtl_tensor *in = mtl_prepare_tensor(ctx, d->input), *out = mtl_prepare_tensor(ctx, d->output);
    const mtl_tensor *weights = mtl_prepare_tensor(ctx, d->weights);
    const float input_scale = mtl_tensor_scale(in), output_scale = mtl_tensor_scale(out);
    const int per_channel = weights->quantization_count > 1;
    const int32_t count = per_channel ? d->output_depth : 1;
    d->is_quantized = 1;
    d->input_zero_point = mtl_tensor_zero_point(in);
    d->filter_zero_point = per_channel ? 0 : mtl_tensor_zero_point(weights);
    d->output_zero_point = mtl_tensor_zero_point(out);

    int32_t *multipliers = mtl_prepare_allocate_persistent(ctx, count * (int32_t)sizeof(int32_t), &d->multipliers);
    int32_t *shifts = mtl_prepare_allocate_persistent(ctx, count * (int32_t)sizeof(int32_t), &d->shifts);
    int32_t *folded = mtl_prepare_allocate_persistent(ctx, d->output_depth * (int32_t)sizeof(int32_t), &d->folded_bias);
    if (multipliers == 0 || shifts == 0 || folded == 0) return MTL_STATUS_PLAN_MISMATCH;
    if (per_channel) {
        for (int32_t i = 0; i < count; i++)
            mtl_quantize_multiplier((double)input_scale * (double)weights->scales[i] / (double)output_scale, &multipliers[i], &shifts[i]);
    } else {
        /* The per-tensor multiplier multiplies the two scales in single precision (TFLite's
         * GetQuantizedConvolutionMultipler), then divides in double. */
        const float input_product_scale = input_scale * weights->scales[0];
        mtl_quantize_multiplier((double)input_product_scale / (double)output_scale, &multipliers[0], &shifts[0]);
    }
    mtl_quantized_activation_range((mtl_activation)ctx->op->options.activation, output_scale, d->output_zero_point,
        &d->activation_min, &d->activation_max);
    mtl_fast_fully_connected_s8_fold_bias(weights->data, d->bias >= 0 ? mtl_prepare_tensor(ctx, d->bias)->data : 0,
        d->output_depth, d->depth, -d->input_zero_point, -d->filter_zero_point, folded);
    return mtl_prepare_request_scratch(ctx, mtl_fast_fully_connected_s8_scratch_bytes(d->depth), &d->biased_row);
}

mtl_status mtl_fully_connected_prepare(mtl_prepare_context *ctx)
{
    mtl_fully_connected_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.weights = mtl_prepare_input(ctx, 1);
    d.bias = mtl_prepare_input(ctx, 2);
    d.output = mtl_prepare_output(ctx, 0);
    const int32_t *w = mtl_prepare_tensor(ctx, d.weights)->shape;
    d.output_depth = w[0];
    d.depth = w[1];
    d.batches = (int32_t)(mtl_tensor_elements(mtl_prepare_tensor(ctx, d.input)) / d.depth);

    const int32_t type = mtl_prepare_tensor(ctx, d.input)->type;
    if (type == MTL_TYPE_FLOAT32) {
        mtl_float_activation_range((mtl_activation)ctx->op->options.activation, &d.float_min, &d.float_max);
    } else if (type == MTL_TYPE_INT8) {
        const mtl_status status = prepare_int8(ctx, &d);
        if (status != MTL_STATUS_OK) return status;
    } else {
        return MTL_STATUS_UNSUPPORTED;
    }
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_fully_connected_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_fully_connected_data *d = mtl_operator_data(self, op);
    if (!d->is_quantized) {
        mtl_fully_connected_f32_params params;
        params.batches = d->batches;
        params.accum_depth = d->depth;
        params.output_depth = d->output_depth;
        params.activation_min = d->float_min;
        params.activation_max = d->float_max;
        mtl_fully_connected_f32(&params, mtl_read(self, d->input), mtl_read(self, d->weights),
            d->bias >= 0 ? mtl_read(self, d->bias) : 0, mtl_write(self, d->output));
        return MTL_STATUS_OK;
    }
    mtl_fully_connected_s8_params params;
    params.batches = d->batches;
    params.accum_depth = d->depth;
    params.output_depth = d->output_depth;
    params.requantization.multipliers = mtl_arena_persistent(&self->arena, d->multipliers);
    params.requantization.shifts = mtl_arena_persistent(&self->arena, d->shifts);
    params.requantization.channel_count = d->multipliers.bytes / (int32_t)sizeof(int32_t);
    params.requantization.input_offset = -d->input_zero_point;
    params.requantization.output_offset = d->output_zero_point;
    params.requantization.filter_offset = -d->filter_zero_point;
    params.requantization.activation_min = d->activation_min;
    params.requantization.activation_max = d->activation_max;
    const mtl_context scratch = mtl_arena_scratch(&self->arena, d->biased_row);
    return mtl_fully_connected_s8(&scratch, &params, mtl_read(self, d->input), mtl_read(self, d->weights),
        d->bias >= 0 ? mtl_read(self, d->bias) : 0, mtl_write(self, d->output));
}
