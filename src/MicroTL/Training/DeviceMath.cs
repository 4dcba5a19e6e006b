namespace MicroTL.Training;

/// <summary>
/// exp, log, sin, cos and sqrt of float32 for the device's float paths (training, window statistics, augmentation), built from <c>+ - * /</c>, float/int
/// conversions and bit moves only, so a C99 port computes the same bits on any libm (glibc, newlib, .NET's
/// CRT math all differ from each other by an ulp on some inputs). Every expression below is written in
/// the order it is evaluated: no fused multiply-add (C: <c>-ffp-contract=off</c>), no wider intermediate
/// (C: <c>float</c> operands only, <c>FLT_EVAL_METHOD == 0</c>, as on a Cortex-M4F and on x64 SSE).
/// </summary>
/// <remarks>
/// <para>The polynomials are Cephes' <c>expf</c>, <c>logf</c>, <c>sinf</c> and <c>cosf</c> (S. L. Moshier, Cephes Math
/// Library 2.2), evaluated in Horner form as written there.</para>
/// <para>Measured against <c>Math.Exp</c> / <c>Math.Log</c> in double, rounded to float (tests
/// <c>DeviceMathTests</c>, millions of floats across each range): <see cref="Exp"/> within 0.96 ulp on
/// [-87.33, 88.72], <see cref="Log"/> within 0.82 ulp on (0, +inf); so either differs from the correctly rounded
/// result by at most one float, and gives it on most inputs. <see cref="Sqrt"/> is exact (IEEE 754
/// requires a correctly rounded square root; C's <c>sqrtf</c>, the M4F's <c>VSQRT.F32</c> and x64's
/// <c>SQRTSS</c> all give it).</para>
/// </remarks>
public static class DeviceMath
{
    /// <summary>ln(2^-126), the smallest normal float's logarithm: below it <see cref="Exp"/> returns 0 (no subnormal results).</summary>
    public const float ExpMinArgument = -87.33654f;

    /// <summary>ln(FLT_MAX): above it <see cref="Exp"/> returns +infinity.</summary>
    public const float ExpMaxArgument = 88.72283f;

    private const float Log2E = 1.44269504088896341f;
    // ln 2 in two parts (Cody and Waite): Ln2Hi = 355/512 has 9 significant bits, so k * Ln2Hi is exact for |k| <= 2^15.
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float SqrtHalf = 0.707106781186547524f;

    /// <summary>
    /// e^x. Range reduction <c>x = k ln2 + r</c>, <c>k = floor(x log2(e) + 1/2)</c>, <c>r = (x - k Ln2Hi) - k Ln2Lo</c>,
    /// |r| &lt;= ~0.347; <c>e^r = ((((((p0 r + p1) r + p2) r + p3) r + p4) r + p5) r^2 + r) + 1</c>; the result
    /// <c>e^r * 2^k</c> with 2^k built from its exponent bits. NaN gives NaN; below <see cref="ExpMinArgument"/> 0;
    /// above <see cref="ExpMaxArgument"/> +infinity.
    /// </summary>
    public static float Exp(float x)
    {
        if (float.IsNaN(x)) return x;
        if (x > ExpMaxArgument) return float.PositiveInfinity;
        if (x < ExpMinArgument) return 0f;

        // k = floor(t): truncation, then one down for a negative non-integer t (what C's (int) cast and a compare give).
        float t = Log2E * x + 0.5f;
        int k = (int)t;
        if ((float)k > t) k--;
        float kf = k;
        float r = x - kf * Ln2Hi;
        r = r - kf * Ln2Lo;
        float r2 = r * r;
        float p = 1.9875691500E-4f;
        p = p * r + 1.3981999507E-3f;
        p = p * r + 8.3334519073E-3f;
        p = p * r + 4.1665795894E-2f;
        p = p * r + 1.6666665459E-1f;
        p = p * r + 5.0000001201E-1f;
        float y = p * r2 + r + 1f;
        // 2^k for k in [-126, 128]; 2^128 is not a float, so that last step goes through y * 2.
        if (k > 127)
        {
            y = y * 2f;
            k--;
        }

        return y * BitConverter.Int32BitsToSingle((k + 127) << 23);
    }

    /// <summary>
    /// ln x. <c>x = m 2^e</c> with m in [sqrt(1/2), sqrt(2)) (subnormals scaled by 2^25 first), <c>f = m - 1</c>;
    /// <c>ln x = f + (f^3 P(f) + e Ln2Lo - f^2 / 2) + e Ln2Hi</c>, P Cephes' degree-8 polynomial in Horner form.
    /// NaN or x &lt; 0 gives NaN, 0 gives -infinity, +infinity gives +infinity.
    /// </summary>
    public static float Log(float x)
    {
        if (float.IsNaN(x) || x < 0f) return float.NaN;
        if (x == 0f) return float.NegativeInfinity;
        if (float.IsPositiveInfinity(x)) return x;

        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = 0;
        if ((bits & 0x7F800000) == 0)
        {
            // Subnormal: scale into the normal range (exact), and count the scale in the exponent.
            bits = BitConverter.SingleToInt32Bits(x * 33554432f); // 2^25
            exponent = -25;
        }

        // m in [0.5, 1): the mantissa bits under the exponent of 0.5.
        exponent += ((bits >> 23) & 0xFF) - 126;
        float m = BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F000000);
        float f;
        if (m < SqrtHalf)
        {
            exponent--;
            f = m + m - 1f;
        }
        else
        {
            f = m - 1f;
        }

        float e = exponent;
        float f2 = f * f;
        float p = 7.0376836292E-2f;
        p = p * f - 1.1514610310E-1f;
        p = p * f + 1.1676998740E-1f;
        p = p * f - 1.2420140846E-1f;
        p = p * f + 1.4249322787E-1f;
        p = p * f - 1.6668057665E-1f;
        p = p * f + 2.0000714765E-1f;
        p = p * f - 2.4999993993E-1f;
        p = p * f + 3.3333331174E-1f;
        float y = p * f * f2;
        y = y + e * Ln2Lo;
        y = y - 0.5f * f2;
        float z = f + y;
        return z + e * Ln2Hi;
    }

    /// <summary>The IEEE 754 square root of x, correctly rounded (exact by the standard on every conforming target).</summary>
    public static float Sqrt(float x) => MathF.Sqrt(x);

    /// <summary>The largest |x| <see cref="Sin"/> and <see cref="Cos"/> reduce accurately (Cephes' bound); beyond it they return NaN.</summary>
    public const float TrigMaxArgument = 8192f;

    private const float FourOverPi = 1.27323954473516f;
    // π/4 in three parts (Cody and Waite): y * PiOver4A and y * PiOver4B are exact for the octant counts y below 2^13.
    private const float PiOver4A = 0.78515625f;
    private const float PiOver4B = 2.4187564849853515625e-4f;
    private const float PiOver4C = 3.77489497744594108e-8f;

    /// <summary>
    /// sin x (radians). Range reduction to the octant <c>j = (int)(|x| 4/π)</c>, rounded up to even (<c>y = j</c>),
    /// <c>r = ((|x| - y A) - y B) - y C</c> with π/4 = A + B + C, |r| &lt;= π/4; then Cephes' sine or cosine polynomial
    /// in <c>z = r^2</c> by octant (<see cref="Octant"/>), the sign from x and the octant. NaN, infinities and
    /// |x| &gt; <see cref="TrigMaxArgument"/> give NaN.
    /// </summary>
    public static float Sin(float x)
    {
        if (!(Math.Abs(x) <= TrigMaxArgument)) return float.NaN;
        bool negative = x < 0f;
        (int octant, float r) = Octant(Math.Abs(x));
        if (octant > 3)
        {
            negative = !negative;
            octant -= 4;
        }

        float y = octant == 1 || octant == 2 ? CosPolynomial(r) : SinPolynomial(r);
        return negative ? -y : y;
    }

    /// <summary>
    /// cos x (radians), by the reduction of <see cref="Sin"/>; the sign flips in octants 2-5. NaN, infinities and
    /// |x| &gt; <see cref="TrigMaxArgument"/> give NaN.
    /// </summary>
    public static float Cos(float x)
    {
        if (!(Math.Abs(x) <= TrigMaxArgument)) return float.NaN;
        (int octant, float r) = Octant(Math.Abs(x));
        bool negative = false;
        if (octant > 3)
        {
            negative = true;
            octant -= 4;
        }

        if (octant > 1) negative = !negative;
        float y = octant == 1 || octant == 2 ? SinPolynomial(r) : CosPolynomial(r);
        return negative ? -y : y;
    }

    /// <summary>
    /// <c>j = (int)(a 4/π)</c>, odd j rounded up; returns <c>j mod 8</c> and <c>r = ((a - j A) - j B) - j C</c>, in that order.
    /// </summary>
    private static (int Octant, float Reduced) Octant(float a)
    {
        int j = (int)(FourOverPi * a);
        float y = j;
        if ((j & 1) != 0)
        {
            j++;
            y = y + 1f;
        }

        float r = a - y * PiOver4A;
        r = r - y * PiOver4B;
        r = r - y * PiOver4C;
        return (j & 7, r);
    }

    // Cephes sinf on [-π/4, π/4]: r + r^3 P(r^2).
    private static float SinPolynomial(float r)
    {
        float z = r * r;
        float p = -1.9515295891E-4f;
        p = p * z + 8.3321608736E-3f;
        p = p * z - 1.6666654611E-1f;
        return p * z * r + r;
    }

    // Cephes cosf on [-π/4, π/4]: 1 - z/2 + z^2 Q(z), z = r^2.
    private static float CosPolynomial(float r)
    {
        float z = r * r;
        float q = 2.443315711809948E-005f;
        q = q * z - 1.388731625493765E-003f;
        q = q * z + 4.166664568298827E-002f;
        float y = q * z * z;
        y = y - 0.5f * z;
        return y + 1f;
    }
}
