/* The prepare context's accessors and allocations (src/MicroTL/Runtime/Ops/PrepareContext.cs). */
#include <string.h>

#include "mtl_prepare_context.h"

int32_t mtl_prepare_input(const mtl_prepare_context *ctx, int32_t k)
{
    return k < ctx->op->input_count ? ctx->op->inputs[k] : -1;
}

int32_t mtl_prepare_output(const mtl_prepare_context *ctx, int32_t k)
{
    return ctx->op->outputs[k];
}

const mtl_tensor *mtl_prepare_tensor(const mtl_prepare_context *ctx, int32_t index)
{
    return &ctx->model->tensors[index];
}

int64_t mtl_tensor_elements(const mtl_tensor *tensor)
{
    int64_t count = 1;
    for (int32_t d = 0; d < tensor->rank; d++) count *= tensor->shape[d];
    return count;
}

float mtl_tensor_scale(const mtl_tensor *tensor)
{
    return tensor->quantization_count > 0 ? tensor->scales[0] : 0.0f;
}

int32_t mtl_tensor_zero_point(const mtl_tensor *tensor)
{
    return tensor->quantization_count > 0 ? tensor->zero_points[0] : 0;
}

void *mtl_prepare_allocate_persistent(mtl_prepare_context *ctx, int32_t bytes, mtl_persistent_block *block)
{
    return mtl_arena_allocate_persistent(ctx->arena, bytes, block);
}

mtl_status mtl_prepare_store_data(mtl_prepare_context *ctx, const void *data, int32_t bytes)
{
    mtl_persistent_block block;
    void *memory = mtl_arena_allocate_persistent(ctx->arena, bytes, &block);
    if (memory == 0 || block.from_end != ctx->op->data_from_end) return MTL_STATUS_PLAN_MISMATCH;
    memcpy(memory, data, (size_t)bytes);
    return MTL_STATUS_OK;
}

mtl_status mtl_prepare_request_scratch(mtl_prepare_context *ctx, int32_t bytes, mtl_scratch_buffer *buffer)
{
    return mtl_arena_request_scratch(ctx->arena, bytes, buffer);
}

mtl_flash_block mtl_prepare_count_derived_flash(mtl_prepare_context *ctx, int32_t bytes)
{
    return mtl_arena_count_flash(ctx->arena, bytes);
}
