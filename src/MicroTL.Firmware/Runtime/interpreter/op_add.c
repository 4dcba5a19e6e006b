/* ADD: two int8 inputs broadcast (numpy rules, up to 6-D) onto the output, TFLM's left_shift 20 scheme;
 * mirrors src/MicroTL/Runtime/Ops/AddOperator.cs. Tail, in the C#'s order: [broadcast strides, when the
 * input shapes differ], data block. */
#include <string.h>

#include "mtl_kernels.h"
#include "mtl_ops.h"
#include "mtl_quantization_math.h"

static int same_shape(const mtl_tensor *a, const mtl_tensor *b)
{
    return a->rank == b->rank && memcmp(a->shape, b->shape, (size_t)a->rank * sizeof(int32_t)) == 0;
}

mtl_status mtl_add_prepare(mtl_prepare_context *ctx)
{
    mtl_add_data d = { 0 };
    d.input1 = mtl_prepare_input(ctx, 0);
    d.input2 = mtl_prepare_input(ctx, 1);
    d.output = mtl_prepare_output(ctx, 0);
    const mtl_tensor *a = mtl_prepare_tensor(ctx, d.input1), *b = mtl_prepare_tensor(ctx, d.input2);
    const mtl_tensor *out = mtl_prepare_tensor(ctx, d.output);
    if (a->type != MTL_TYPE_INT8) return MTL_STATUS_UNSUPPORTED;
    d.needs_broadcast = (uint8_t)!same_shape(a, b);
    if (d.needs_broadcast) {
        mtl_broadcast_shape *shape = mtl_prepare_allocate_persistent(ctx, (int32_t)sizeof(mtl_broadcast_shape), &d.broadcast);
        if (shape == 0) return MTL_STATUS_PLAN_MISMATCH;
        mtl_broadcast_shape_create(a->shape, a->rank, b->shape, b->rank, out->shape, out->rank, shape);
    }
    int32_t min, max;
    mtl_quantized_activation_range((mtl_activation)ctx->op->options.activation, mtl_tensor_scale(out),
        mtl_tensor_zero_point(out), &min, &max);
    d.is_quantized = 1;
    mtl_add_s8_params_create(mtl_tensor_scale(a), mtl_tensor_zero_point(a), mtl_tensor_scale(b), mtl_tensor_zero_point(b),
        mtl_tensor_scale(out), mtl_tensor_zero_point(out), min, max, &d.int8);
    return mtl_prepare_store_data(ctx, &d, (int32_t)sizeof d);
}

mtl_status mtl_add_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    const mtl_add_data *d = mtl_operator_data(self, op);
    if (d->needs_broadcast)
        mtl_add_s8_broadcast(&d->int8, mtl_arena_persistent(&self->arena, d->broadcast),
            mtl_read(self, d->input1), mtl_read(self, d->input2), mtl_write(self, d->output));
    else
        mtl_add_s8(&d->int8, self->model->tensors[d->output].bytes,
            mtl_read(self, d->input1), mtl_read(self, d->input2), mtl_write(self, d->output));
    return MTL_STATUS_OK;
}
