/* One operator being prepared (src/MicroTL/Runtime/Ops/PrepareContext.cs, without its checks: the C#
 * made them before the model was generated): the operator, its tensors, and the arena it allocates from. */
#ifndef MTL_PREPARE_CONTEXT_H
#define MTL_PREPARE_CONTEXT_H

#include <stdint.h>

#include "mtl_arena.h"
#include "mtl_model.h"
#include "mtl_types.h"

typedef struct {
    const mtl_model *model;
    mtl_arena *arena;
    int32_t index;              /* the operator's place in execution order */
    const mtl_operator *op;
} mtl_prepare_context;

/* Tensor index of input k, or -1 when it is absent (an omitted optional input). */
int32_t mtl_prepare_input(const mtl_prepare_context *ctx, int32_t k);

/* Tensor index of output k. */
int32_t mtl_prepare_output(const mtl_prepare_context *ctx, int32_t k);

/* A tensor of the model. */
const mtl_tensor *mtl_prepare_tensor(const mtl_prepare_context *ctx, int32_t index);

/* Elements of a tensor (the product of its shape; 1 for a scalar). */
int64_t mtl_tensor_elements(const mtl_tensor *tensor);

/* Per-tensor quantization: the first scale and zero point. */
float mtl_tensor_scale(const mtl_tensor *tensor);
int32_t mtl_tensor_zero_point(const mtl_tensor *tensor);

/* Allocates `bytes` of persistent data (zeroed) for the operator; NULL when the C# plan has no room. */
void *mtl_prepare_allocate_persistent(mtl_prepare_context *ctx, int32_t bytes, mtl_persistent_block *block);

/* Stores the operator's data block (C#: PrepareContext.StoreData), which must land where the plan put it
 * (op->data_from_end): MTL_STATUS_PLAN_MISMATCH otherwise. */
mtl_status mtl_prepare_store_data(mtl_prepare_context *ctx, const void *data, int32_t bytes);

/* Requests scratch planned in the head, valid while the operator runs (C#: RequestScratch). */
mtl_status mtl_prepare_request_scratch(mtl_prepare_context *ctx, int32_t bytes, mtl_scratch_buffer *buffer);

/* The place of a derived constant in the C#'s flash image (C#: StoreDerivedFlash); counted, not stored. */
mtl_flash_block mtl_prepare_count_derived_flash(mtl_prepare_context *ctx, int32_t bytes);

#endif /* MTL_PREPARE_CONTEXT_H */
