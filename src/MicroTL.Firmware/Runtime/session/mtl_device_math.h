/* exp, log and sqrt of float32 for the device's training path, from + - * /, conversions and bit moves only;
 * mirrors src/MicroTL/Training/DeviceMath.cs bit for bit on any C library (Cephes' expf and logf polynomials
 * in Horner form, a Cody-Waite range reduction). Build with -ffp-contract=off and FLT_EVAL_METHOD == 0
 * (every operand float, one rounding per operation), as on the Cortex-M4F and x64 SSE.
 *
 *   exp(x):  NaN -> NaN; x > 88.72283 -> +inf; x < -87.33654 -> 0;
 *            k = floor(x log2(e) + 1/2), r = (x - k Ln2Hi) - k Ln2Lo, e^r by the polynomial, times 2^k
 *   log(x):  NaN or x < 0 -> NaN; 0 -> -inf; +inf -> +inf; x = m 2^e, m in [sqrt(1/2), sqrt(2)), f = m - 1,
 *            ln x = f + (f^3 P(f) + e Ln2Lo - f^2 / 2) + e Ln2Hi
 *   sqrt(x): the IEEE 754 square root (VSQRT.F32 on the M4F, SQRTSS on x64)
 *   sin(x), cos(x): octant j = (int)(|x| 4/pi), odd j rounded up, r = ((|x| - j A) - j B) - j C (pi/4 = A + B + C),
 *            Cephes' sine or cosine polynomial in r^2 by octant, the sign from x and the octant */
#ifndef MTL_DEVICE_MATH_H
#define MTL_DEVICE_MATH_H

/* ln(2^-126) and ln(FLT_MAX): the arguments where exp stops giving normal results. */
#define MTL_EXP_MIN_ARGUMENT (-87.33654f)
#define MTL_EXP_MAX_ARGUMENT 88.72283f

/* e^x within 1 ulp (DeviceMath.Exp). */
float mtl_device_exp(float x);

/* ln x within 1 ulp (DeviceMath.Log). */
float mtl_device_log(float x);

/* The correctly rounded square root (DeviceMath.Sqrt): inline, since Adam takes one per parameter (VSQRT.F32 on the
 * M4F; the compiler's errno path for a negative argument stays as it was). */
static inline float mtl_device_sqrt(float x)
{
    return __builtin_sqrtf(x);
}

/* The largest |x| mtl_device_sin and mtl_device_cos reduce (DeviceMath.TrigMaxArgument); beyond it, NaN. */
#define MTL_TRIG_MAX_ARGUMENT 8192.0f

/* sin x and cos x (radians), Cephes' polynomials after a three-part pi/4 reduction (DeviceMath.Sin, DeviceMath.Cos;
 * mtl_device_trig.c). */
float mtl_device_sin(float x);
float mtl_device_cos(float x);

#endif /* MTL_DEVICE_MATH_H */
