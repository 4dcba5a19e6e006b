/* DeviceMath.Sin and DeviceMath.Cos (src/MicroTL/Training/DeviceMath.cs) in C: each line is the C#'s, in its order. */
#include <stdint.h>
#include <string.h>

#include "mtl_device_math.h"

#define MTL_FOUR_OVER_PI 1.27323954473516f
/* pi/4 in three parts (Cody and Waite): y * A and y * B are exact for the octant counts y below 2^13. */
#define MTL_PI_OVER_4_A 0.78515625f
#define MTL_PI_OVER_4_B 2.4187564849853515625e-4f
#define MTL_PI_OVER_4_C 3.77489497744594108e-8f

/* j = (int)(a 4/pi), odd j rounded up; *reduced = ((a - j A) - j B) - j C; returns j mod 8. */
static int32_t octant(float a, float *reduced)
{
    int32_t j = (int32_t)(MTL_FOUR_OVER_PI * a);
    float y = (float)j;
    if ((j & 1) != 0) {
        j++;
        y = y + 1.0f;
    }
    float r = a - y * MTL_PI_OVER_4_A;
    r = r - y * MTL_PI_OVER_4_B;
    r = r - y * MTL_PI_OVER_4_C;
    *reduced = r;
    return j & 7;
}

/* Cephes sinf on [-pi/4, pi/4]: r + r^3 P(r^2). */
static float sin_polynomial(float r)
{
    const float z = r * r;
    float p = -1.9515295891E-4f;
    p = p * z + 8.3321608736E-3f;
    p = p * z - 1.6666654611E-1f;
    return p * z * r + r;
}

/* Cephes cosf on [-pi/4, pi/4]: 1 - z/2 + z^2 Q(z), z = r^2. */
static float cos_polynomial(float r)
{
    const float z = r * r;
    float q = 2.443315711809948E-005f;
    q = q * z - 1.388731625493765E-003f;
    q = q * z + 4.166664568298827E-002f;
    float y = q * z * z;
    y = y - 0.5f * z;
    return y + 1.0f;
}

/* .NET's float.NaN: the bits 0xFFC00000 (the C library's NAN is 0x7FC00000), so a NaN result is the C#'s bit for bit. */
static float dotnet_nan(void)
{
    const uint32_t bits = 0xFFC00000u;
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static float magnitude(float x)
{
    return x < 0.0f ? -x : x;
}

float mtl_device_sin(float x)
{
    if (!(magnitude(x) <= MTL_TRIG_MAX_ARGUMENT)) return dotnet_nan();
    int negative = x < 0.0f;
    float r;
    int32_t o = octant(magnitude(x), &r);
    if (o > 3) {
        negative = !negative;
        o -= 4;
    }
    const float y = o == 1 || o == 2 ? cos_polynomial(r) : sin_polynomial(r);
    return negative ? -y : y;
}

float mtl_device_cos(float x)
{
    if (!(magnitude(x) <= MTL_TRIG_MAX_ARGUMENT)) return dotnet_nan();
    float r;
    int32_t o = octant(magnitude(x), &r);
    int negative = 0;
    if (o > 3) {
        negative = 1;
        o -= 4;
    }
    if (o > 1) negative = !negative;
    const float y = o == 1 || o == 2 ? sin_polynomial(r) : cos_polynomial(r);
    return negative ? -y : y;
}
