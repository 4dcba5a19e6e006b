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

#endif /* MTL_REQUANTIZATION_H */
