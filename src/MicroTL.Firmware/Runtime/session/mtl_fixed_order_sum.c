/* FixedOrderSum.Dot in C (see mtl_fixed_order_sum.h). The 8 partial sums are 8 scalars (registers, not an array in
 * memory) and the loop walks pointers: the same float operations in the same order, each lane's sum its own chain. */
#include "mtl_fixed_order_sum.h"

float mtl_fixed_order_dot(const float *a, const float *b, int32_t n)
{
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f, s4 = 0.0f, s5 = 0.0f, s6 = 0.0f, s7 = 0.0f;
    const float *const blocked_end = a + (n & ~7);
    while (a < blocked_end) {
        s0 += a[0] * b[0];
        s1 += a[1] * b[1];
        s2 += a[2] * b[2];
        s3 += a[3] * b[3];
        s4 += a[4] * b[4];
        s5 += a[5] * b[5];
        s6 += a[6] * b[6];
        s7 += a[7] * b[7];
        a += 8;
        b += 8;
    }
    float r = ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
    for (int32_t k = 0; k < (n & 7); k++) r += a[k] * b[k];
    return r;
}
