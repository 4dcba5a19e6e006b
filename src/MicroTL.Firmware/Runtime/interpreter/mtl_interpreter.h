/* The MicroTL interpreter in C: runs a generated model (mtl_model.h) on one arena the caller owns, as
 * src/MicroTL/Runtime/Interpreter.cs does, TFLM style.
 *
 * mtl_interpreter_init runs every operator's prepare in order: each computes what its eval reads (padding
 * and geometry from the shapes, QuantizeMultiplier of the scales, activation clamps, folded biases) into
 * its data block in the arena's tail, allocated exactly as the C# Prepare allocates, so the C and C#
 * arenas have the same layout and the same tail bytes. The tensors and scratch buffers take the offsets
 * the C# plan gave them (the generator emits them). Eval runs the plain C kernels (kernels/).
 *
 * After init, a prefix of the graph can run alone (mtl_interpreter_invoke_range) and any arena tensor can
 * be read and written between runs: the transfer learning session runs the body up to the cut tensor,
 * reads it, and feeds stored features to the model's head this way. An arena tensor's bytes are valid
 * until a later operator reuses its slice of the head (the plan says when). */
#ifndef MTL_INTERPRETER_H
#define MTL_INTERPRETER_H

#include <stdint.h>

#include "mtl_arena.h"
#include "mtl_model.h"
#include "mtl_types.h"

typedef struct {
    const mtl_model *model;
    mtl_arena arena;
    mtl_status status;          /* MTL_STATUS_OK after a successful init; invoke refuses otherwise */
} mtl_interpreter;

/* Prepares `model` on `arena` (16-byte aligned, at least model->arena_bytes long; a longer one leaves
 * the bytes between head and tail untouched). Returns MTL_STATUS_ARGUMENT_ERROR for a misaligned arena,
 * MTL_STATUS_ARENA_TOO_SMALL for a short one, MTL_STATUS_PLAN_MISMATCH when the C prepare allocates other
 * than the C# plan says (a bug, never a property of the model), MTL_STATUS_UNSUPPORTED for an operator or
 * type the C lacks (the generator refuses such a model). */
mtl_status mtl_interpreter_init(mtl_interpreter *self, const mtl_model *model, uint8_t *arena, int32_t arena_bytes);

/* Runs every operator. */
mtl_status mtl_interpreter_invoke(mtl_interpreter *self);

/* Runs operators start up to, not including, end (0 <= start <= end <= operator count). */
mtl_status mtl_interpreter_invoke_range(mtl_interpreter *self, int32_t start, int32_t end);

/* The bytes of any tensor: its arena slice, or its constant data; NULL for a tensor with neither. */
const void *mtl_interpreter_tensor(const mtl_interpreter *self, int32_t tensor);

/* The writable bytes of an arena tensor (an input, an intermediate value to set before a range runs);
 * NULL for a constant. */
void *mtl_interpreter_writable_tensor(mtl_interpreter *self, int32_t tensor);

/* Bytes of a tensor. */
int32_t mtl_interpreter_tensor_bytes(const mtl_interpreter *self, int32_t tensor);

/* The arena the model uses: the planned head plus the tail the prepares allocated (TFLM's
 * arena_used_bytes; equal to model->arena_bytes after a successful init). */
int32_t mtl_interpreter_arena_used_bytes(const mtl_interpreter *self);

/* The tail the prepares wrote: *bytes bytes from the returned address up to the top. */
const uint8_t *mtl_interpreter_tail(const mtl_interpreter *self, int32_t *bytes);

/* The schema name of a builtin code (e.g. "CONV_2D"), "UNKNOWN" for others. */
const char *mtl_operator_name(int32_t code);

#endif /* MTL_INTERPRETER_H */
