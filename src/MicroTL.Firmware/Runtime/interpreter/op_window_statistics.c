/* MICROTL_WINDOW_STATISTICS (MicroTL's one custom operator): the window statistics of a T x 3 motion window, standardised
 * with the model's constants [2, S] and quantized to int8 [1, S]; mirrors src/MicroTL/Runtime/Ops/WindowStatisticsOperator.cs.
 * Scratch (the C#'s request, the same bytes): one channel of T floats and the S statistics. Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"

mtl_status mtl_window_statistics_prepare(mtl_prepare_context *ctx)
{
    mtl_window_statistics_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.constants = mtl_prepare_input(ctx, 1);
    d.output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *window = mtl_prepare_tensor(ctx, d.input), *out = mtl_prepare_tensor(ctx, d.output);
    d.steps = (int32_t)(mtl_tensor_elements(window) / 3);
    if (window->type == MTL_TYPE_INT8) {
        d.is_quantized = 1;
        d.input_scale = mtl_tensor_scale(window);
        d.input_zero_point = mtl_tensor_zero_point(window);
    } else if (window->type != MTL_TYPE_FLOAT32) {
        return MTL_STATUS_UNSUPPORTED;
    }
    d.statistics = (int32_t)mtl_tensor_elements(out);
    d.output_scale = mtl_tensor_scale(out);
    d.output_zero_point = mtl_tensor_zero_point(out);
    const mtl_status status = mtl_prepare_request_scratch(ctx, (d.steps + d.statistics) * (int32_t)sizeof(float), &d.scratch);
    if (status != MTL_STATUS_OK) return status;
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_window_statistics_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_window_statistics_data *d = mtl_operator_data(self, op);
    const mtl_context scratch = mtl_arena_scratch(&self->arena, d->scratch);
    float *channel = (float *)scratch.buf, *statistics = channel + d->steps;
    const mtl_window_statistics_params params = { d->steps, d->statistics, d->is_quantized, d->input_scale, d->input_zero_point };
    mtl_window_statistics_f32(&params, mtl_read(self, d->input), channel, statistics);
    mtl_window_statistics_quantize(statistics, (const float *)mtl_read(self, d->constants), d->statistics, d->output_scale, d->output_zero_point,
        (int8_t *)mtl_write(self, d->output));
    return MTL_STATUS_OK;
}
