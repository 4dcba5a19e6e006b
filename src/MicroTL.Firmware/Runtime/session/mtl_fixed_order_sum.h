/* The one reduction order of the training path's long sums (a dot product, a sum of squares), fixed so that a plain C
 * loop gives the bits of the C#'s vectorized one on any SIMD width (the float contract's FixedOrderSum): for terms
 * t_k = a_k * b_k (each product rounded to float), k < n, m = 8 floor(n / 8):
 *   1. 8 partial sums s_l = ((0 + t_l) + t_{8+l}) + t_{16+l} + ... over k < m with k % 8 == l, k ascending;
 *   2. folded in halves: r = ((s_0 + s_4) + (s_2 + s_6)) + ((s_1 + s_5) + (s_3 + s_7));
 *   3. the tail in order: r = (r + t_m) + t_{m+1} + ... + t_{n-1}. */
#ifndef MTL_FIXED_ORDER_SUM_H
#define MTL_FIXED_ORDER_SUM_H

#include <stdint.h>

/* sum_k a_k b_k in the fixed order. */
float mtl_fixed_order_dot(const float *a, const float *b, int32_t n);

/* Two dot products sharing a: *r0 = sum_k a_k b0_k and *r1 = sum_k a_k b1_k, each in the fixed order (the bits of two
 * mtl_fixed_order_dot calls; each a_k loaded once for both). */
void mtl_fixed_order_dot2(const float *a, const float *b0, const float *b1, int32_t n, float *r0, float *r1);

#endif /* MTL_FIXED_ORDER_SUM_H */
