/* The arena's tail allocator and scratch table; mirrors src/MicroTL/Runtime/Arena.cs, allocating in
 * place at the top since the C knows its arena before prepare (the C# stages the tail and copies it). */
#include <string.h>

#include "mtl_arena.h"

static int32_t align_up(int32_t bytes)
{
    return (bytes + (MTL_ARENA_ALIGNMENT - 1)) & ~(MTL_ARENA_ALIGNMENT - 1);
}

void mtl_arena_bind(mtl_arena *arena, uint8_t *memory, int32_t length, int32_t persistent_limit,
    const mtl_scratch_plan *scratch, int32_t scratch_planned)
{
    arena->memory = memory;
    arena->length = length;
    arena->tail_top = length / MTL_ARENA_ALIGNMENT * MTL_ARENA_ALIGNMENT;
    arena->persistent_bytes = 0;
    arena->persistent_limit = persistent_limit;
    arena->scratch_count = 0;
    arena->flash_bytes = 0;
    arena->scratch = scratch;
    arena->scratch_planned = scratch_planned;
    /* The C#'s staged tail starts zeroed, alignment gaps included. */
    memset(memory + arena->tail_top - persistent_limit, 0, (size_t)persistent_limit);
}

void *mtl_arena_allocate_persistent(mtl_arena *arena, int32_t bytes, mtl_persistent_block *block)
{
    if (bytes < 0 || bytes > arena->persistent_limit - arena->persistent_bytes) return 0;
    const int32_t from_end = align_up(arena->persistent_bytes + bytes);
    if (from_end > arena->persistent_limit) return 0;
    arena->persistent_bytes = from_end;
    block->from_end = from_end;
    block->bytes = bytes;
    void *memory = mtl_arena_persistent(arena, *block);
    memset(memory, 0, (size_t)bytes);
    return memory;
}

mtl_status mtl_arena_request_scratch(mtl_arena *arena, int32_t bytes, mtl_scratch_buffer *buffer)
{
    const int32_t index = arena->scratch_count;
    if (index >= arena->scratch_planned || arena->scratch[index].bytes != bytes) return MTL_STATUS_PLAN_MISMATCH;
    arena->scratch_count++;
    buffer->index = index;
    return MTL_STATUS_OK;
}

mtl_context mtl_arena_scratch(const mtl_arena *arena, mtl_scratch_buffer buffer)
{
    mtl_context context;
    context.buf = arena->memory + arena->scratch[buffer.index].offset;
    context.size = arena->scratch[buffer.index].bytes;
    return context;
}

mtl_flash_block mtl_arena_count_flash(mtl_arena *arena, int32_t bytes)
{
    mtl_flash_block block;
    block.offset = align_up(arena->flash_bytes);
    block.bytes = bytes;
    arena->flash_bytes = block.offset + bytes;
    return block;
}
