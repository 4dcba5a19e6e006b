/* The requantization step every int8 convolution and fully connected kernel ends with
 * (C#: Int8Requantization.Requantize). */
#ifndef MTL_REQUANTIZATION_H
#define MTL_REQUANTIZATION_H

#include "mtl_quantization_math.h"
#include "mtl_types.h"

/* Rescales the int32 accumulator of output channel `channel` to a clamped int8. */
static inline int8_t mtl_requantize_accumulator(const mtl_requantization *q, int32_t accumulator, int32_t channel)
{
    const int32_t i = q->channel_count > 1 ? channel : 0;
    int32_t value = mtl_multiply_by_quantized_multiplier(accumulator, q->multipliers[i], q->shifts[i]) + q->output_offset;
    value = value > q->activation_min ? value : q->activation_min;
    value = value < q->activation_max ? value : q->activation_max;
    return (int8_t)value;
}

/* One output channel's requantization with its shifts and rounding mask taken apart once (a kernel keeps a block of
 * channels for many pixels): the operations of mtl_multiply_by_quantized_multiplier, the same bits, without reloading
 * and re-deriving them for every output. */
typedef struct {
    int32_t multiplier, left_shift, right_shift, mask, half_mask;
} mtl_channel_requantization;

static inline mtl_channel_requantization mtl_channel_requantization_of(const mtl_requantization *q, int32_t channel)
{
    const int32_t i = q->channel_count > 1 ? channel : 0, shift = q->shifts[i];
    const int32_t right = shift > 0 ? 0 : -shift;
    mtl_channel_requantization c;
    c.multiplier = q->multipliers[i];
    c.left_shift = (shift > 0 ? shift : 0) & 31;
    c.right_shift = right & 31;
    c.mask = (right & 32) != 0 ? -1 : (int32_t)((UINT32_C(1) << (right & 31)) - 1u); /* mtl_rounding_divide_by_pot's */
    c.half_mask = c.mask >> 1;
    return c;
}

static inline int8_t mtl_channel_requantize(const mtl_channel_requantization *c, int32_t accumulator, int32_t output_offset,
    int32_t activation_min, int32_t activation_max)
{
    const int32_t v = mtl_saturating_rounding_doubling_high_mul((int32_t)((uint32_t)accumulator << c->left_shift), c->multiplier);
    const int32_t threshold = c->half_mask + (v < 0 ? 1 : 0);
    int32_t value = (v >> c->right_shift) + ((v & c->mask) > threshold ? 1 : 0) + output_offset;
    value = value > activation_min ? value : activation_min;
    value = value < activation_max ? value : activation_max;
    return (int8_t)value;
}

#endif /* MTL_REQUANTIZATION_H */
