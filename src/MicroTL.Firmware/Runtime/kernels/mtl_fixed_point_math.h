/* gemmlowp's fixed-point exp and reciprocal (gemmlowp/fixedpoint/fixedpoint.h) behind TFLite's int8
 * SOFTMAX, as src/MicroTL/Kernels/FixedPointMath.cs. Values are raw int32 in Q(I).(31 - I) format,
 * the format given per function; plain additions wrap, products are SRDHM. */
#ifndef MTL_FIXED_POINT_MATH_H
#define MTL_FIXED_POINT_MATH_H

#include <stdint.h>

/* gemmlowp's SaturatingRoundingMultiplyByPOT<exponent>: x · 2^exponent, saturating for positive
 * exponents, rounding (ties away from zero) for negative ones. */
int32_t mtl_saturating_rounding_multiply_by_pot(int32_t x, int32_t exponent);

/* gemmlowp's RoundingHalfSum: (a + b) / 2 rounded away from zero, computed in 64 bits. */
int32_t mtl_rounding_half_sum(int32_t a, int32_t b);

/* gemmlowp's exp_on_interval_between_negative_one_quarter_and_0_excl; Q0.31 in and out. */
int32_t mtl_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a);

/* gemmlowp's exp_on_negative_values for a Q5.26 a ≤ 0; Q0.31 result (exp(0) saturates to INT32_MAX). */
int32_t mtl_exp_on_negative_values_q5(int32_t a);

/* gemmlowp's one_over_one_plus_x_for_x_in_0_1: 1 / (1 + a) for a Q0.31 a in [0, 1); Q0.31 result. */
int32_t mtl_one_over_one_plus_x_for_x_in_01(int32_t a);

/* TFLite's GetReciprocal: for a positive Q(x_integer_digits) x, the Q0.31 reciprocal of x normalised
 * into [1, 2), and in *num_bits_over_unit how many bits x has above 1.0. */
int32_t mtl_get_reciprocal(int32_t x, int32_t x_integer_digits, int32_t *num_bits_over_unit);

#endif /* MTL_FIXED_POINT_MATH_H */
