/* ADD, int8 + int8 -> int8 in a common fixed-point scale; mirrors AddInt8 (src/MicroTL/Kernels/
 * AddInt8.cs), bit-exact with TFLite's reference_integer_ops::Add and BroadcastAdd6DSlow.
 *
 * Layouts: any shape. mtl_add_s8: both inputs and the output have `size` elements.
 * mtl_add_s8_broadcast: the output has Π extent[d] elements, row-major over 6 dimensions; input i's
 * element of output index (i0..i5) is at Σ_d i_d · stride_i[d] (stride 0 repeats a dimension of 1).
 *   a' = MBQMSmallerThanOneExp((a + input1_offset)·2^left_shift, input1_multiplier, input1_shift), likewise b'
 *   out = clamp(MBQMSmallerThanOneExp(a' + b', output_multiplier, output_shift) + output_offset, min, max) */
#include "mtl_kernels.h"
#include "mtl_quantization_math.h"

void mtl_add_s8_params_create(float scale1, int32_t zero_point1, float scale2, int32_t zero_point2,
    float output_scale, int32_t output_zero_point, int32_t activation_min, int32_t activation_max, mtl_add_s8_params *params)
{
    enum { left_shift = 20 };
    const double twice_max_input_scale = 2 * (double)(scale1 > scale2 ? scale1 : scale2);
    params->input1_offset = -zero_point1;
    params->input2_offset = -zero_point2;
    params->output_offset = output_zero_point;
    params->left_shift = left_shift;
    mtl_quantize_multiplier((double)scale1 / twice_max_input_scale, &params->input1_multiplier, &params->input1_shift);
    mtl_quantize_multiplier((double)scale2 / twice_max_input_scale, &params->input2_multiplier, &params->input2_shift);
    mtl_quantize_multiplier(twice_max_input_scale / ((1 << left_shift) * (double)output_scale),
        &params->output_multiplier, &params->output_shift);
    params->activation_min = activation_min;
    params->activation_max = activation_max;
}

/* Adds one pair of values (C#: AddInt8.AddOne). */
static int8_t add_one(const mtl_add_s8_params *p, int32_t a, int32_t b)
{
    const int32_t shifted1 = mtl_wrapping_mul(p->input1_offset + a, (int32_t)(UINT32_C(1) << p->left_shift));
    const int32_t shifted2 = mtl_wrapping_mul(p->input2_offset + b, (int32_t)(UINT32_C(1) << p->left_shift));
    const int32_t scaled1 = mtl_multiply_by_quantized_multiplier_smaller_than_one_exp(shifted1, p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 = mtl_multiply_by_quantized_multiplier_smaller_than_one_exp(shifted2, p->input2_multiplier, p->input2_shift);
    int32_t raw = mtl_multiply_by_quantized_multiplier_smaller_than_one_exp(
        mtl_wrapping_add(scaled1, scaled2), p->output_multiplier, p->output_shift) + p->output_offset;
    raw = raw > p->activation_min ? raw : p->activation_min;
    raw = raw < p->activation_max ? raw : p->activation_max;
    return (int8_t)raw;
}

void mtl_add_s8(const mtl_add_s8_params *params, int32_t size, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    for (int32_t i = 0; i < size; i++) output[i] = add_one(params, input1[i], input2[i]);
}

void mtl_add_s8_broadcast(const mtl_add_s8_params *params, const mtl_broadcast_shape *shape,
    const int8_t *input1, const int8_t *input2, int8_t *output)
{
    const int32_t *e = shape->extent, *s1 = shape->stride1, *s2 = shape->stride2;
    int32_t o = 0;
    for (int32_t i0 = 0, a0 = 0, b0 = 0; i0 < e[0]; i0++, a0 += s1[0], b0 += s2[0])
    for (int32_t i1 = 0, a1 = a0, b1 = b0; i1 < e[1]; i1++, a1 += s1[1], b1 += s2[1])
    for (int32_t i2 = 0, a2 = a1, b2 = b1; i2 < e[2]; i2++, a2 += s1[2], b2 += s2[2])
    for (int32_t i3 = 0, a3 = a2, b3 = b2; i3 < e[3]; i3++, a3 += s1[3], b3 += s2[3])
    for (int32_t i4 = 0, a4 = a3, b4 = b3; i4 < e[4]; i4++, a4 += s1[4], b4 += s2[4])
    for (int32_t i5 = 0, a5 = a4, b5 = b4; i5 < e[5]; i5++, a5 += s1[5], b5 += s2[5])
        output[o++] = add_one(params, input1[a5], input2[b5]);
}
