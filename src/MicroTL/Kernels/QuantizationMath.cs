// Integer requantization arithmetic of TFLite's int8 kernels (tensorflow/lite/kernels/internal/
// common.h, quantization_util.cc, kernel_util.cc), reproduced operation for operation so every
// rounding and saturation matches TFLM's reference kernels bit for bit.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MicroTL.TfLite;

namespace MicroTL.Kernels;

/// <summary>Fixed-point multipliers, rounding shifts and activation clamps of TFLite int8 arithmetic.</summary>
public static class QuantizationMath
{
    /// <summary>
    /// Splits a real multiplier into a Q0.31 significand and a power-of-two exponent, as TFLite's
    /// <c>QuantizeMultiplier</c>: <c>m ≈ multiplier · 2^(31 - shift)</c>, rounding half away from zero.
    /// </summary>
    /// <remarks>
    /// <c>q = frexp(m)</c>, <c>q_fixed = round(q · 2^31)</c>; a <c>q_fixed</c> of 2^31 is halved and the
    /// shift raised; shifts below -31 flush to (0, 0); zero gives (0, 0).
    /// </remarks>
    public static (int Multiplier, int Shift) QuantizeMultiplier(double realMultiplier)
    {
        if (realMultiplier == 0.0) return (0, 0);
        (double q, int shift) = FrExp(realMultiplier);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        Debug.Assert(qFixed <= 1L << 31);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31)
        {
            shift = 0;
            qFixed = 0;
        }
        return ((int)qFixed, shift);
    }

    /// <summary>TFLite's <c>QuantizeMultiplierSmallerThanOneExp</c>: requires 0 &lt; m &lt; 1; the shift is ≤ 0.</summary>
    public static (int Multiplier, int LeftShift) QuantizeMultiplierSmallerThanOneExp(double realMultiplier)
    {
        Debug.Assert(realMultiplier > 0 && realMultiplier < 1);
        return QuantizeMultiplier(realMultiplier);
    }

    /// <summary>TFLite's <c>QuantizeMultiplierGreaterThanOne</c>: requires m &gt; 1; the shift is ≥ 0.</summary>
    public static (int Multiplier, int LeftShift) QuantizeMultiplierGreaterThanOne(double realMultiplier)
    {
        Debug.Assert(realMultiplier > 1);
        return QuantizeMultiplier(realMultiplier);
    }

    /// <summary>C's <c>frexp</c>: <c>x = q · 2^e</c> with 0.5 ≤ |q| &lt; 1 (exact, subnormals included).</summary>
    public static (double Fraction, int Exponent) FrExp(double x)
    {
        if (x == 0 || double.IsNaN(x) || double.IsInfinity(x)) return (x, 0);
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exp = (int)((bits >> 52) & 0x7FF);
        if (exp == 0)
        {
            // Subnormal: scale into the normal range first, exactly (a power of two).
            (double f, int e) = FrExp(x * 18014398509481984.0); // 2^54
            return (f, e - 54);
        }
        long fractionBits = (bits & ~(0x7FFL << 52)) | (1022L << 52);
        return (BitConverter.Int64BitsToDouble(fractionBits), exp - 1022);
    }

    /// <summary>
    /// gemmlowp's <c>SaturatingRoundingDoublingHighMul</c> (ARM VQRDMULH): the high 32 bits of
    /// <c>2·a·b</c>, rounded to nearest with ties away from zero; (min, min) saturates to max.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1 << 30 : 1 - (1 << 30);
        // C++ integer division truncates toward zero, as C# does; a shift would floor instead.
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>
    /// gemmlowp's <c>RoundingDivideByPOT</c>: <c>x / 2^exponent</c> rounded to nearest, ties away from zero.
    /// </summary>
    /// <remarks>
    /// gemmlowp asserts 0 ≤ exponent ≤ 31. A larger one (only a softmax over hundreds of near-equal logits gets
    /// there) is not refused: the shift counts modulo 32, as C# and x86's <c>sar</c> do; in C++ it is undefined.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RoundingDivideByPOT(int x, int exponent)
    {
        Debug.Assert(exponent >= 0);
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// TFLite's <c>MultiplyByQuantizedMultiplier(int32, int32, int)</c>: <c>x · m · 2^(shift - 31)</c> as
    /// <c>RoundingDivideByPOT(SRDHM(x · 2^max(shift,0), m), max(-shift,0))</c>; the left shift wraps like C++.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int quantizedMultiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier), rightShift);
    }

    /// <summary>
    /// TFLite's 64-bit-accumulator variant <c>MultiplyByQuantizedMultiplier(int64, int32, int)</c> (used by
    /// the int16-activation kernels): the multiplier is reduced to 16 bits, then one rounding shift.
    /// </summary>
    /// <remarks><c>r = (m + 2^15) &gt;&gt; 16</c> (or 0x7FFF), <c>t = 15 - shift</c>, <c>(x·r + 2^(t-1)) &gt;&gt; t</c>.</remarks>
    public static int MultiplyByQuantizedMultiplier(long x, int quantizedMultiplier, int shift)
    {
        Debug.Assert(quantizedMultiplier >= 0 && shift >= -31 && shift < 8);
        int reducedMultiplier = quantizedMultiplier < 0x7FFF0000 ? (quantizedMultiplier + (1 << 15)) >> 16 : 0x7FFF;
        int totalShift = 15 - shift;
        x = unchecked(x * reducedMultiplier + (1L << (totalShift - 1)));
        return (int)(x >> totalShift);
    }

    /// <summary>TFLite's <c>MultiplyByQuantizedMultiplierSmallerThanOneExp</c>: <c>RoundingDivideByPOT(SRDHM(x, m), -leftShift)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierSmallerThanOneExp(int x, int quantizedMultiplier, int leftShift) =>
        RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, quantizedMultiplier), -leftShift);

    /// <summary>TFLite's <c>MultiplyByQuantizedMultiplierGreaterThanOne</c>: <c>SRDHM(x · 2^leftShift, m)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplierGreaterThanOne(int x, int quantizedMultiplier, int leftShift) =>
        SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), quantizedMultiplier);

    /// <summary>
    /// TFLite's <c>CalculateActivationRangeQuantized</c> for int8: the clamp of a fused activation in
    /// output units, <c>q(f) = zeroPoint + (int)round(f / scale)</c> in single precision.
    /// </summary>
    /// <returns>False when a bound does not fit in int32 (TFLite refuses such a model).</returns>
    public static bool TryQuantizedActivationRange(
        ActivationFunction activation, float outputScale, int outputZeroPoint, out int min, out int max)
    {
        const int qmin = sbyte.MinValue, qmax = sbyte.MaxValue;
        min = qmin;
        max = qmax;
        int q;
        switch (activation)
        {
            case ActivationFunction.None:
                return true;
            case ActivationFunction.Relu:
                if (!TryQuantize(0f, outputScale, outputZeroPoint, out q)) return false;
                min = Math.Max(qmin, q);
                return true;
            case ActivationFunction.Relu6:
                if (!TryQuantize(0f, outputScale, outputZeroPoint, out q)) return false;
                min = Math.Max(qmin, q);
                if (!TryQuantize(6f, outputScale, outputZeroPoint, out q)) return false;
                max = Math.Min(qmax, q);
                return true;
            case ActivationFunction.ReluN1To1:
                if (!TryQuantize(-1f, outputScale, outputZeroPoint, out q)) return false;
                min = Math.Max(qmin, q);
                if (!TryQuantize(1f, outputScale, outputZeroPoint, out q)) return false;
                max = Math.Min(qmax, q);
                return true;
            default:
                return false;
        }
    }

    private static bool TryQuantize(float f, float scale, int zeroPoint, out int q)
    {
        float rounded = MathF.Round(f / scale, MidpointRounding.AwayFromZero);
        q = 0;
        if (!(rounded >= int.MinValue && rounded <= int.MaxValue)) return false;
        long sum = (long)zeroPoint + (long)rounded;
        if (sum < int.MinValue || sum > int.MaxValue) return false;
        q = (int)sum;
        return true;
    }

    /// <summary>TFLite's <c>CalculateActivationRange&lt;float&gt;</c>: the float clamp of a fused activation.</summary>
    /// <returns>False for activations TFLM's float kernels do not apply (TANH, SIGN_BIT).</returns>
    public static bool TryFloatActivationRange(ActivationFunction activation, out float min, out float max)
    {
        (min, max) = activation switch
        {
            ActivationFunction.Relu => (0f, float.MaxValue),
            ActivationFunction.Relu6 => (0f, 6f),
            ActivationFunction.ReluN1To1 => (-1f, 1f),
            _ => (float.MinValue, float.MaxValue),
        };
        return activation is ActivationFunction.None or ActivationFunction.Relu
            or ActivationFunction.Relu6 or ActivationFunction.ReluN1To1;
    }

    /// <summary>
    /// TFLite's <c>PreprocessSoftmaxScaling</c>: the multiplier that maps an input difference to a
    /// Q(integerBits).(31 - integerBits) value, <c>min(β · s · 2^(31 - integerBits), 2^31 - 1)</c>.
    /// </summary>
    public static (int Multiplier, int LeftShift) PreprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits)
    {
        double real = Math.Min(beta * inputScale * (1 << (31 - inputIntegerBits)), (1L << 31) - 1.0);
        return QuantizeMultiplierGreaterThanOne(real);
    }

    /// <summary>
    /// TFLite's <c>CalculateInputRadius</c>: the largest input difference whose rescaled value still fits,
    /// <c>floor((2^integerBits - 1) · 2^(totalBits - integerBits) / 2^leftShift)</c>.
    /// </summary>
    public static int CalculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31)
    {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) *
            (1L << (totalSignedBits - inputIntegerBits)) / (1L << inputLeftShift);
        return (int)Math.Floor(maxInputRescaled);
    }

    /// <summary>
    /// The largest |v| over <paramref name="values"/> (0 when empty), as a long so that |int.MinValue| fits: the bias term
    /// of the accumulator bounds the vector requantizations check (<c>Avx2ChannelRequantization.Fits</c>). Four lanes at
    /// a time, since the small layers pay it on every call.
    /// </summary>
    internal static long LargestMagnitude(ReadOnlySpan<int> values)
    {
        int i = 0, high = 0, low = 0;
        if (Vector128.IsHardwareAccelerated && values.Length >= 4)
        {
            var highs = Vector128.Create(int.MinValue);
            var lows = Vector128.Create(int.MaxValue);
            for (; i + 4 <= values.Length; i += 4)
            {
                var v = Vector128.Create(values.Slice(i, 4));
                (highs, lows) = (Vector128.Max(highs, v), Vector128.Min(lows, v));
            }
            for (int lane = 0; lane < 4; lane++) (high, low) = (Math.Max(high, highs[lane]), Math.Min(low, lows[lane]));
        }
        for (; i < values.Length; i++) (high, low) = (Math.Max(high, values[i]), Math.Min(low, values[i]));
        return Math.Max(high, -(long)low);
    }
}
