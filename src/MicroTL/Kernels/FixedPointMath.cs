// gemmlowp's fixed-point exp and reciprocal (gemmlowp/fixedpoint/fixedpoint.h), as used by TFLite's
// int8 SOFTMAX. Values are raw int32 in Q(I).(31 - I) format; the format is given per method.
// Plain additions wrap like gemmlowp's int32 FixedPoint operators; products are SRDHM.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>The gemmlowp fixed-point functions behind TFLite's quantized softmax.</summary>
public static class FixedPointMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mul(int a, int b) => QuantizationMath.SaturatingRoundingDoublingHighMul(a, b);

    /// <summary>
    /// gemmlowp's <c>SaturatingRoundingMultiplyByPOT&lt;exponent&gt;</c>: <c>x · 2^exponent</c>, saturating
    /// for positive exponents, rounding (ties away from zero) for negative ones.
    /// </summary>
    public static int SaturatingRoundingMultiplyByPOT(int x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return QuantizationMath.RoundingDivideByPOT(x, -exponent);
        int threshold = (int)((1L << (31 - exponent)) - 1);
        if (x > threshold) return int.MaxValue;
        if (x < -threshold) return int.MinValue;
        return x << exponent;
    }

    /// <summary>gemmlowp's <c>RoundingHalfSum</c>: <c>(a + b) / 2</c> rounded away from zero, computed in 64 bits.</summary>
    public static int RoundingHalfSum(int a, int b)
    {
        long sum = (long)a + b;
        long sign = sum >= 0 ? 1 : -1;
        return (int)((sum + sign) / 2);
    }

    /// <summary>gemmlowp's <c>exp_on_interval_between_negative_one_quarter_and_0_excl</c>; Q0.31 in and out.</summary>
    /// <remarks>Taylor expansion around -1/8: <c>e^(-1/8) · (1 + x + x²/2 + x³/6 + x⁴/24)</c> with x = a + 1/8.</remarks>
    public static int ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a)
    {
        const int constantTerm = 1895147668;   // exp(-1/8) in Q0.31
        const int constantOneOverThree = 715827883;
        int x = unchecked(a + (1 << 28));
        int x2 = Mul(x, x);
        int x3 = Mul(x2, x);
        int x4 = Mul(x2, x2);
        int x4Over4 = SaturatingRoundingMultiplyByPOT(x4, -2);
        int poly = SaturatingRoundingMultiplyByPOT(unchecked(Mul(unchecked(x4Over4 + x3), constantOneOverThree) + x2), -1);
        return unchecked(constantTerm + Mul(constantTerm, unchecked(x + poly)));
    }

    /// <summary>
    /// gemmlowp's <c>exp_on_negative_values</c> for a Q5.26 input a ≤ 0; the result is Q0.31 (exp(0) saturates
    /// to <c>int.MaxValue</c>).
    /// </summary>
    /// <remarks>
    /// exp of <c>(a mod 1/4) - 1/4</c> by <see cref="ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl"/>, then a
    /// barrel shifter multiplies by exp(-2^k) for each bit k of the remainder.
    /// </remarks>
    public static int ExpOnNegativeValuesQ5(int a)
    {
        const int integerBits = 5, fractionalBits = 31 - integerBits;
        const int oneQuarter = 1 << (fractionalBits - 2);
        const int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = unchecked((a & mask) - oneQuarter);
        int result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(
            SaturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, integerBits));
        int remainder = unchecked(aModQuarterMinusOneQuarter - a);

        // exp(-1/4), exp(-1/2), exp(-1), exp(-2), exp(-4), exp(-8), exp(-16) in Q0.31.
        result = Barrel(result, remainder, fractionalBits - 2, 1672461947);
        result = Barrel(result, remainder, fractionalBits - 1, 1302514674);
        result = Barrel(result, remainder, fractionalBits + 0, 790015084);
        result = Barrel(result, remainder, fractionalBits + 1, 290630308);
        result = Barrel(result, remainder, fractionalBits + 2, 39332535);
        result = Barrel(result, remainder, fractionalBits + 3, 720401);
        result = Barrel(result, remainder, fractionalBits + 4, 242);
        return a == 0 ? int.MaxValue : result;
    }

    /// <summary>
    /// gemmlowp's <c>exp_on_negative_values</c> for a Q(<paramref name="integerBits"/>) input a ≤ 0 (1 to 5 integer
    /// bits); the result is Q0.31. <see cref="ExpOnNegativeValuesQ5"/> is the 5-bit case.
    /// </summary>
    public static int ExpOnNegativeValues(int a, int integerBits)
    {
        Debug.Assert(integerBits is >= 1 and <= 5);
        int fractionalBits = 31 - integerBits;
        int oneQuarter = 1 << (fractionalBits - 2);
        int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = unchecked((a & mask) - oneQuarter);
        int result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(
            SaturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, integerBits));
        int remainder = unchecked(aModQuarterMinusOneQuarter - a);
        // exp(-2^k) for k = -2..4, each applied when the input has the integer bits to hold it.
        ReadOnlySpan<int> multipliers = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];
        for (int k = -2; k <= 4; k++)
            if (integerBits > k) result = Barrel(result, remainder, fractionalBits + k, multipliers[k + 2]);
        return a == 0 ? int.MaxValue : result;
    }

    /// <summary>gemmlowp's <c>one_minus_x_over_one_plus_x_for_x_in_0_1</c>: <c>(1 - a) / (1 + a)</c>, Q0.31 in and out.</summary>
    public static int OneMinusXOverOnePlusXForXIn01(int a)
    {
        const int oneQ2 = 1 << 29;
        const int constant48Over17 = 1515870810;     // Q2.29
        const int constantNeg32Over17 = -1010580540; // Q2.29
        int halfDenominator = RoundingHalfSum(a, int.MaxValue);
        int x = unchecked(constant48Over17 + Mul(halfDenominator, constantNeg32Over17));
        for (int i = 0; i < 3; i++)
        {
            int oneMinusHalfDenominatorTimesX = unchecked(oneQ2 - Mul(halfDenominator, x));
            x = unchecked(x + SaturatingRoundingMultiplyByPOT(Mul(x, oneMinusHalfDenominatorTimesX), 2));
        }
        // Rescale<0> of x - 1 in Q2.29: a saturating ×4.
        return SaturatingRoundingMultiplyByPOT(unchecked(x - oneQ2), 2);
    }

    /// <summary>gemmlowp's <c>logistic</c> of a Q4.27 input: <c>1 / (1 + e^-a)</c> in Q0.31 (1/2 at 0).</summary>
    public static int LogisticQ4(int a)
    {
        int abs = a > 0 ? a : unchecked(-a);
        int positive = OneOverOnePlusXForXIn01(ExpOnNegativeValues(unchecked(-abs), 4));
        if (a == 0) return 1 << 30;
        return a > 0 ? positive : unchecked(int.MaxValue - positive);
    }

    /// <summary>gemmlowp's <c>tanh</c> of a Q4.27 input, in Q0.31.</summary>
    public static int TanhQ4(int a)
    {
        if (a == 0) return 0;
        int negative = a < 0 ? a : unchecked(-a);
        // neg_tanh_on_negative_values: exp of 2a, read as Q5 (ExactMulByPot<1> keeps the raw bits).
        int t = OneMinusXOverOnePlusXForXIn01(ExpOnNegativeValues(negative, 5));
        return a < 0 ? unchecked(-t) : t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Barrel(int result, int remainder, int shiftAmount, int multiplier) =>
        (remainder & (1 << shiftAmount)) != 0 ? Mul(result, multiplier) : result;

    /// <summary>
    /// gemmlowp's <c>one_over_one_plus_x_for_x_in_0_1</c>: <c>1 / (1 + a)</c> for a Q0.31 a in [0, 1);
    /// Q0.31 result. Three Newton-Raphson steps from 48/17 - 32/17 · d in Q2.29.
    /// </summary>
    public static int OneOverOnePlusXForXIn01(int a)
    {
        const int oneQ2 = 1 << 29;
        const int constant48Over17 = 1515870810;     // Q2.29
        const int constantNeg32Over17 = -1010580540; // Q2.29
        int halfDenominator = RoundingHalfSum(a, int.MaxValue); // (a + 1) / 2 in Q0.31; One is int.MaxValue
        int x = unchecked(constant48Over17 + Mul(halfDenominator, constantNeg32Over17));
        for (int i = 0; i < 3; i++)
        {
            int halfDenominatorTimesX = Mul(halfDenominator, x);                // Q2.29
            int oneMinusHalfDenominatorTimesX = unchecked(oneQ2 - halfDenominatorTimesX);
            // Q2·Q2 = Q4; Rescale<2> brings it back by saturating ×4.
            x = unchecked(x + SaturatingRoundingMultiplyByPOT(Mul(x, oneMinusHalfDenominatorTimesX), 2));
        }
        // ExactMulByPot<-1> reinterprets Q2.29 as Q1.30; Rescale<0> then saturates ×2.
        return SaturatingRoundingMultiplyByPOT(x, 1);
    }

    /// <summary>
    /// TFLite's <c>GetReciprocal</c>: for a positive Q(integerDigits) sum, a Q0.31 reciprocal of the sum
    /// normalised into [1, 2), and how many bits the sum has above 1.0.
    /// </summary>
    public static int GetReciprocal(int x, int xIntegerDigits, out int numBitsOverUnit)
    {
        int headroomPlusOne = BitOperations.LeadingZeroCount((uint)x);
        numBitsOverUnit = xIntegerDigits - headroomPlusOne;
        int shiftedSumMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        return OneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }
}
