/* The memory an interpreter runs on, as src/MicroTL/Runtime/Arena.cs lays it out (TFLM's single arena):
 * the head, from offset 0 up, holds the planned tensors and scratch buffers; the tail, from the top
 * (the length rounded down to 16) down, holds each operator's persistent data, allocated at prepare in
 * the order the C# allocates it, every block starting 16-byte aligned. A block is named by its distance
 * from the top, so its place does not depend on the arena's length.
 *
 * The C# also builds a flash image of derived constants (the packed filters of its vectorized CONV_2D);
 * the C runs the plain kernels and keeps no such image, but counts its offsets, because the C#'s
 * operator data holds them and the tails must match byte for byte. */
#ifndef MTL_ARENA_H
#define MTL_ARENA_H

#include <stdint.h>

#include "mtl_model.h"
#include "mtl_types.h"

/* Every block starts on this boundary (C#: GreedyMemoryPlanner.Alignment). */
#define MTL_ARENA_ALIGNMENT 16

/* A block of the tail (C#: PersistentBlock): from_end bytes below the top, bytes long. */
typedef struct {
    int32_t from_end, bytes;
} mtl_persistent_block;

/* A scratch buffer requested at prepare (C#: ScratchBuffer): an index into the plan's scratch table. */
typedef struct {
    int32_t index;
} mtl_scratch_buffer;

/* A block of the C#'s flash image of derived constants (C#: FlashBlock); never read in C. */
typedef struct {
    int32_t offset, bytes;
} mtl_flash_block;

typedef struct {
    uint8_t *memory;
    int32_t length;
    int32_t tail_top;              /* length rounded down to 16: one past the tail's highest byte */
    int32_t persistent_bytes;      /* the tail so far */
    int32_t persistent_limit;      /* the tail the plan has room for */
    int32_t scratch_count;         /* scratch buffers requested so far */
    int32_t flash_bytes;           /* the C#'s derived flash image so far (counted, not stored) */
    const mtl_scratch_plan *scratch;
    int32_t scratch_planned;
} mtl_arena;

/* Takes `length` bytes at `memory` (16-byte aligned) with room for `persistent_limit` bytes of tail,
 * zeroes that tail and starts with nothing allocated. */
void mtl_arena_bind(mtl_arena *arena, uint8_t *memory, int32_t length, int32_t persistent_limit,
    const mtl_scratch_plan *scratch, int32_t scratch_planned);

/* Allocates `bytes` of the tail, zeroed (C#: Arena.AllocatePersistent); NULL when the tail would pass
 * its limit (the C prepare then disagrees with the C# plan). */
void *mtl_arena_allocate_persistent(mtl_arena *arena, int32_t bytes, mtl_persistent_block *block);

/* The bytes of a persistent block. */
static inline void *mtl_arena_persistent(const mtl_arena *arena, mtl_persistent_block block)
{
    return arena->memory + arena->tail_top - block.from_end;
}

/* Records a scratch buffer of `bytes` (C#: Arena.RequestScratch); MTL_STATUS_PLAN_MISMATCH when the plan
 * has no such buffer at this index. */
mtl_status mtl_arena_request_scratch(mtl_arena *arena, int32_t bytes, mtl_scratch_buffer *buffer);

/* The memory of a scratch buffer, lent to a kernel while its operator runs. */
mtl_context mtl_arena_scratch(const mtl_arena *arena, mtl_scratch_buffer buffer);

/* The place the C#'s flash image gives a derived constant of `bytes` (C#: Arena.StoreFlash): counted only. */
mtl_flash_block mtl_arena_count_flash(mtl_arena *arena, int32_t bytes);

#endif /* MTL_ARENA_H */
