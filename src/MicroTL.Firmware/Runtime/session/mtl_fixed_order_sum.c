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

void mtl_fixed_order_dot2(const float *a, const float *b0, const float *b1, int32_t n, float *r0, float *r1)
{
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f, s4 = 0.0f, s5 = 0.0f, s6 = 0.0f, s7 = 0.0f;
    float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f, t4 = 0.0f, t5 = 0.0f, t6 = 0.0f, t7 = 0.0f;
    const float *const blocked_end = a + (n & ~7);
    while (a < blocked_end) {
        float v = a[0];
        s0 += v * b0[0];
        t0 += v * b1[0];
        v = a[1];
        s1 += v * b0[1];
        t1 += v * b1[1];
        v = a[2];
        s2 += v * b0[2];
        t2 += v * b1[2];
        v = a[3];
        s3 += v * b0[3];
        t3 += v * b1[3];
        v = a[4];
        s4 += v * b0[4];
        t4 += v * b1[4];
        v = a[5];
        s5 += v * b0[5];
        t5 += v * b1[5];
        v = a[6];
        s6 += v * b0[6];
        t6 += v * b1[6];
        v = a[7];
        s7 += v * b0[7];
        t7 += v * b1[7];
        a += 8;
        b0 += 8;
        b1 += 8;
    }
    float r = ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
    float q = ((t0 + t4) + (t2 + t6)) + ((t1 + t5) + (t3 + t7));
    for (int32_t k = 0; k < (n & 7); k++) {
        r += a[k] * b0[k];
        q += a[k] * b1[k];
    }
    *r0 = r;
    *r1 = q;
}
