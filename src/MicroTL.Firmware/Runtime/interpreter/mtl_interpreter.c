/* The interpreter: prepares every operator on the caller's arena, then runs them; mirrors
 * src/MicroTL/Runtime/Interpreter.cs (with InterpreterLayout's binding and ArenaTensorStorage's tensor
 * access). The layout is the C# plan's: tensor and scratch offsets come from the generated model, and
 * each prepare allocates its persistent data from the tail in the C#'s order, checked against the plan. */
#include "mtl_interpreter.h"
#include "mtl_ops.h"

mtl_status mtl_interpreter_init(mtl_interpreter *self, const mtl_model *model, uint8_t *arena, int32_t arena_bytes)
{
    self->model = model;
    self->status = MTL_STATUS_NOT_PREPARED;
    if (arena == 0 || (uintptr_t)arena % MTL_ARENA_ALIGNMENT != 0) return self->status = MTL_STATUS_ARGUMENT_ERROR;
    if (arena_bytes < model->arena_bytes) return self->status = MTL_STATUS_ARENA_TOO_SMALL;
    mtl_arena_bind(&self->arena, arena, arena_bytes, model->persistent_bytes, model->scratch, model->scratch_count);
    for (int32_t i = 0; i < model->operator_count; i++) {
        mtl_prepare_context ctx;
        ctx.model = model;
        ctx.arena = &self->arena;
        ctx.index = i;
        ctx.op = &model->operators[i];
        const mtl_status status = mtl_operator_prepare(&ctx);
        if (status != MTL_STATUS_OK) return self->status = status;
    }
    if (self->arena.persistent_bytes != model->persistent_bytes || self->arena.scratch_count != model->scratch_count)
        return self->status = MTL_STATUS_PLAN_MISMATCH;
    return self->status = MTL_STATUS_OK;
}

mtl_status mtl_interpreter_invoke(mtl_interpreter *self)
{
    return mtl_interpreter_invoke_range(self, 0, self->model->operator_count);
}

mtl_status mtl_interpreter_invoke_range(mtl_interpreter *self, int32_t start, int32_t end)
{
    if (self->status != MTL_STATUS_OK) return MTL_STATUS_NOT_PREPARED;
    if (start < 0 || end > self->model->operator_count || start > end) return MTL_STATUS_ARGUMENT_ERROR;
    for (int32_t i = start; i < end; i++) {
        const mtl_status status = mtl_operator_eval(self, &self->model->operators[i]);
        if (status != MTL_STATUS_OK) return status;
    }
    return MTL_STATUS_OK;
}

const void *mtl_interpreter_tensor(const mtl_interpreter *self, int32_t tensor)
{
    if (tensor < 0 || tensor >= self->model->tensor_count) return 0;
    return mtl_read(self, tensor);
}

void *mtl_interpreter_writable_tensor(mtl_interpreter *self, int32_t tensor)
{
    if (tensor < 0 || tensor >= self->model->tensor_count || self->model->tensors[tensor].arena_offset < 0) return 0;
    return mtl_write(self, tensor);
}

int32_t mtl_interpreter_tensor_bytes(const mtl_interpreter *self, int32_t tensor)
{
    return tensor < 0 || tensor >= self->model->tensor_count ? 0 : self->model->tensors[tensor].bytes;
}

int32_t mtl_interpreter_arena_used_bytes(const mtl_interpreter *self)
{
    return self->model->head_bytes + self->arena.persistent_bytes;
}

const uint8_t *mtl_interpreter_tail(const mtl_interpreter *self, int32_t *bytes)
{
    *bytes = self->arena.persistent_bytes;
    return self->arena.memory + self->arena.tail_top - self->arena.persistent_bytes;
}
