/* QUANTIZE: float32 -> int8 (affine quantization) or int8 -> int8 (requantization), same shape; mirrors
 * src/MicroTL/Runtime/Ops/QuantizeOperator.cs. Tail: the data block. */
#include "mtl_kernels.h"
#include "mtl_ops.h"
#include "mtl_quantization_math.h"

mtl_status mtl_quantize_prepare(mtl_prepare_context *ctx)
{
    mtl_quantize_data d = { 0 };
    d.input = mtl_prepare_input(ctx, 0);
    d.output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *in = mtl_prepare_tensor(ctx, d.input), *out = mtl_prepare_tensor(ctx, d.output);
    d.output_scale = mtl_tensor_scale(out);
    d.output_zero_point = mtl_tensor_zero_point(out);
    d.input_type = (uint8_t)in->type;
    d.output_type = (uint8_t)out->type;
    if (in->type == MTL_TYPE_FLOAT32) {
        d.from_float = 1;
    } else if (in->type == MTL_TYPE_INT8) {
        d.input_zero_point = mtl_tensor_zero_point(in);
        mtl_quantize_multiplier((double)mtl_tensor_scale(in) / (double)d.output_scale, &d.requantize_multiplier, &d.requantize_shift);
    } else {
        return MTL_STATUS_UNSUPPORTED;
    }
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_quantize_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_quantize_data *d = mtl_operator_data(self, op);
    const int32_t size = self->model->tensors[d->output].bytes;
    if (d->from_float) {
        mtl_affine_params params;
        params.size = size;
        params.scale = d->output_scale;
        params.zero_point = d->output_zero_point;
        mtl_quantize_f32_s8(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    } else {
        mtl_requantize_s8_params params;
        params.size = size;
        params.multiplier = d->requantize_multiplier;
        params.shift = d->requantize_shift;
        params.input_zero_point = d->input_zero_point;
        params.output_zero_point = d->output_zero_point;
        mtl_requantize_s8(&params, mtl_read(self, d->input), mtl_write(self, d->output));
    }
    return MTL_STATUS_OK;
}
