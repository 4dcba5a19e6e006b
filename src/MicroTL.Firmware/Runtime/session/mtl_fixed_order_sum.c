/* FixedOrderSum.Dot in C (see mtl_fixed_order_sum.h). */
#include "mtl_fixed_order_sum.h"

float mtl_fixed_order_dot(const float *a, const float *b, int32_t n)
{
    float s[8] = { 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f };
    const int32_t blocked = n & ~7;
    for (int32_t k = 0; k < blocked; k += 8)
        for (int32_t l = 0; l < 8; l++) s[l] += a[k + l] * b[k + l];
    float r = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
    for (int32_t k = blocked; k < n; k++) r += a[k] * b[k];
    return r;
}
