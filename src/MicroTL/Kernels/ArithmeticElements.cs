// MUL, SUB, MAXIMUM, MINIMUM and PRELU element by element, int8 and float32, bit-exact with TFLite's reference
// kernels (reference_integer_ops::MulElementwise, reference_ops::SubElementwise / BroadcastQuantSubSlow,
// MaximumMinimumBroadcastSlow, BroadcastPrelu4DSlow), each as an element struct for ElementwiseLoops.
using System.Numerics;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Int8 MUL: <c>clamp(zp_out + MBQM((a + off1)·(b + off2), m, shift))</c>.</summary>
public readonly record struct MulInt8(int Input1Offset, int Input2Offset, int OutputOffset, int Multiplier, int Shift, int Min, int Max)
    : IBinaryElement<sbyte, sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte a, sbyte b) =>
        (sbyte)Math.Min(Max, Math.Max(Min, OutputOffset + MultiplyByQuantizedMultiplier((Input1Offset + a) * (Input2Offset + b), Multiplier, Shift)));
}

/// <summary>Float MUL with its activation clamp.</summary>
public readonly record struct MulFloat(float Min, float Max) : IBinaryElement<float, float, float>
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => FloatActivation.Clamp(a * b, Min, Max);
}

/// <summary>Int8 SUB in the left_shift 20 scheme of ADD, with TFLM's float-computed multipliers.</summary>
public readonly record struct SubInt8(AddInt8Params P) : IBinaryElement<sbyte, sbyte, sbyte>
{
    /// <summary>TFLM's CalculateOpDataSub: the scale ratios in float (unlike ADD's double), then QuantizeMultiplierSmallerThanOneExp.</summary>
    public static SubInt8 Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2, float outputScale, int outputZeroPoint, int min, int max)
    {
        const int leftShift = 20;
        float twiceMax = 2 * Math.Max(scale1, scale2);
        (int m1, int s1) = QuantizeMultiplierSmallerThanOneExp(scale1 / twiceMax);
        (int m2, int s2) = QuantizeMultiplierSmallerThanOneExp(scale2 / twiceMax);
        (int mo, int so) = QuantizeMultiplierSmallerThanOneExp(twiceMax / ((1 << leftShift) * outputScale));
        return new SubInt8(new AddInt8Params(-zeroPoint1, -zeroPoint2, outputZeroPoint, leftShift, m1, s1, m2, s2, mo, so, min, max));
    }

    /// <inheritdoc/>
    public sbyte Apply(sbyte a, sbyte b)
    {
        int x1 = MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked((P.Input1Offset + a) * (1 << P.LeftShift)), P.Input1Multiplier, P.Input1Shift);
        int x2 = MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked((P.Input2Offset + b) * (1 << P.LeftShift)), P.Input2Multiplier, P.Input2Shift);
        int raw = MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked(x1 - x2), P.OutputMultiplier, P.OutputShift) + P.OutputOffset;
        return (sbyte)Math.Min(P.ActivationMax, Math.Max(P.ActivationMin, raw));
    }
}

/// <summary>Float SUB with its activation clamp.</summary>
public readonly record struct SubFloat(float Min, float Max) : IBinaryElement<float, float, float>
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => FloatActivation.Clamp(a - b, Min, Max);
}

/// <summary>MAXIMUM on raw values (TFLM compares the stored values, whatever their quantization).</summary>
public readonly struct MaximumElement<T> : IBinaryElement<T, T, T> where T : struct, IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public T Apply(T a, T b) => a > b ? a : b;
}

/// <summary>MINIMUM on raw values.</summary>
public readonly struct MinimumElement<T> : IBinaryElement<T, T, T> where T : struct, IComparisonOperators<T, T, bool>
{
    /// <inheritdoc/>
    public T Apply(T a, T b) => a < b ? a : b;
}

/// <summary>Int8 PRELU: the identity and the alpha product requantized with two multipliers.</summary>
public readonly record struct PreluInt8(int InputOffset, int AlphaOffset, int OutputOffset, int Multiplier1, int Shift1, int Multiplier2, int Shift2)
    : IBinaryElement<sbyte, sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte x, sbyte alpha)
    {
        int input = InputOffset + x;
        int output = input >= 0
            ? MultiplyByQuantizedMultiplier(input, Multiplier1, Shift1)
            : MultiplyByQuantizedMultiplier(input * (AlphaOffset + alpha), Multiplier2, Shift2);
        return ElementwiseLoops.SaturateInt8(output + OutputOffset);
    }
}

/// <summary>Float PRELU: <c>x ≥ 0 ? x : x·alpha</c>.</summary>
public readonly struct PreluFloat : IBinaryElement<float, float, float>
{
    /// <inheritdoc/>
    public float Apply(float x, float alpha) => x >= 0f ? x : x * alpha;
}
