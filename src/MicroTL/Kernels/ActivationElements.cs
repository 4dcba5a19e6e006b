// LOGISTIC, TANH, HARD_SWISH, RELU, RELU6 and LEAKY_RELU element by element, int8 and float32, bit-exact with
// TFLite's reference kernels (reference_integer_ops::Logistic / Tanh on gemmlowp fixed point, reference_ops::HardSwish,
// TFLM's ReluQuantized / Relu6Quantized, reference_ops::QuantizeLeakyRelu), as element structs for ElementwiseLoops.
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Int8 LOGISTIC: input to Q4.27, gemmlowp's logistic, output Q0.8 with zero point -128.</summary>
public readonly record struct LogisticInt8(int InputZeroPoint, int InputRangeRadius, int InputMultiplier, int InputLeftShift)
    : IUnaryElement<sbyte, sbyte>
{
    /// <summary>TFLM's CalculateArithmeticOpDataLogistic (also TANH's): frexp of <c>scale · 2^27</c>, and the input radius.</summary>
    public static (int Multiplier, int LeftShift, int Radius) Params(float inputScale)
    {
        const int inputIntegerBits = 4;
        (double q, int shift) = FrExp(inputScale * (double)(1 << (31 - inputIntegerBits)));
        int multiplier = unchecked((int)(long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero));
        return (multiplier, shift, CalculateInputRadius(inputIntegerBits, shift, 31));
    }

    /// <inheritdoc/>
    public sbyte Apply(sbyte x)
    {
        int input = x - InputZeroPoint;
        if (input <= -InputRangeRadius) return sbyte.MinValue;
        if (input >= InputRangeRadius) return sbyte.MaxValue;
        int q0 = FixedPointMath.LogisticQ4(MultiplyByQuantizedMultiplier(input, InputMultiplier, InputLeftShift));
        return ElementwiseLoops.SaturateInt8(RoundingDivideByPOT(q0, 31 - 8) - 128);
    }
}

/// <summary>Int8 TANH: input to Q4.27, gemmlowp's tanh, output Q0.7 (zero point 0).</summary>
public readonly record struct TanhInt8(int InputZeroPoint, int InputRangeRadius, int InputMultiplier, int InputLeftShift)
    : IUnaryElement<sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte x)
    {
        int input = x - InputZeroPoint;
        if (input <= -InputRangeRadius) return sbyte.MinValue;
        if (input >= InputRangeRadius) return sbyte.MaxValue;
        int q0 = FixedPointMath.TanhQ4(MultiplyByQuantizedMultiplier(input, InputMultiplier, InputLeftShift));
        return ElementwiseLoops.SaturateInt8(RoundingDivideByPOT(q0, 31 - 7));
    }
}

/// <summary>Int8 HARD_SWISH in int16 fixed point (reference_ops::HardSwish for int8).</summary>
public readonly record struct HardSwishInt8(int InputZeroPoint, int OutputZeroPoint, short OutputMultiplier, int OutputExponent,
    short ReluishMultiplier, int ReluishExponent) : IUnaryElement<sbyte, sbyte>
{
    /// <summary>
    /// TFLM's HardSwishPrepare: input on a hi-res scale s_in/128, multipliers to the output scale and to the "reluish"
    /// scale 3/32768, each QuantizeMultiplier'd then cut to 16 bits.
    /// </summary>
    public static HardSwishInt8 Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint)
    {
        float hires = 1f / 128f * inputScale;
        const float reluishScale = 3f / 32768f;
        (int om, int oe) = QuantizeMultiplier(hires / outputScale);
        (int rm, int re) = QuantizeMultiplier(hires / reluishScale);
        return new HardSwishInt8(inputZeroPoint, outputZeroPoint, DownScale(om), oe, DownScale(rm), re);
    }

    // DownScaleInt32ToInt16Multiplier: round to the high 16 bits, saturating.
    private static short DownScale(int multiplier) =>
        multiplier >= int.MaxValue - (1 << 15) ? short.MaxValue : (short)((multiplier + (1 << 15)) >> 16);

    /// <inheritdoc/>
    public sbyte Apply(sbyte x)
    {
        short input = (short)(x - InputZeroPoint);
        short hires = unchecked((short)(input * (1 << 7)));
        short preshift = Srdhm16(hires, OutputMultiplier);
        short reluish = hires;
        if (ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, ReluishExponent - 1);
        reluish = Srdhm16(reluish, ReluishMultiplier);
        if (ReluishExponent > 0) reluish = SaturatingLeftShift(reluish, 1);
        if (ReluishExponent < 0) reluish = (short)RoundingDivideByPOT(reluish, -ReluishExponent);
        reluish = (short)((reluish + (1 << 15)) >> 1);
        short preshiftOutput = SaturatingDoublingHighMul16(reluish, preshift);
        short output = unchecked((short)(RoundingDivideByPOT(preshiftOutput, -OutputExponent) + OutputZeroPoint));
        return (sbyte)Math.Max(Math.Min(output, (short)sbyte.MaxValue), (short)sbyte.MinValue);
    }

    // gemmlowp's int16 SaturatingRoundingDoublingHighMul.
    private static short Srdhm16(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        int ab = a * b;
        int nudge = ab >= 0 ? 1 << 14 : 1 - (1 << 14);
        return unchecked((short)((ab + nudge) / (1 << 15)));
    }

    // reference hard_swish.h's SaturatingDoublingHighMul: the same without rounding.
    private static short SaturatingDoublingHighMul16(short a, short b)
    {
        if (a == b && a == short.MinValue) return short.MaxValue;
        return unchecked((short)(a * b / (1 << 15)));
    }

    private static short SaturatingLeftShift(short value, int amount) =>
        (short)Math.Max(Math.Min((long)value * (1 << amount), short.MaxValue), short.MinValue);
}

/// <summary>Int8 RELU: requantized to the output's scale, clamped at the output's zero point from below.</summary>
public readonly record struct ReluInt8(int InputZeroPoint, int OutputZeroPoint, int Multiplier, int Shift, int Min, int Max)
    : IUnaryElement<sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte x) =>
        (sbyte)Math.Min(Max, Math.Max(Min, OutputZeroPoint + MultiplyByQuantizedMultiplier(x - InputZeroPoint, Multiplier, Shift)));
}

/// <summary>Int8 RELU6 as TFLM runs it: the input clamped to [q(0), q(6)] in the input's own quantization.</summary>
public readonly record struct Relu6Int8(sbyte Lower, sbyte Upper) : IUnaryElement<sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte x) => x > Upper ? Upper : x < Lower ? Lower : x;
}

/// <summary>Int8 LEAKY_RELU: the identity and alpha branches requantized separately (a negative alpha keeps its sign).</summary>
public readonly record struct LeakyReluInt8(int InputZeroPoint, int OutputZeroPoint, int IdentityMultiplier, int IdentityShift,
    int AlphaMultiplier, int AlphaShift) : IUnaryElement<sbyte, sbyte>
{
    /// <inheritdoc/>
    public sbyte Apply(sbyte x)
    {
        int input = x - InputZeroPoint;
        int output = OutputZeroPoint;
        if (input >= 0)
        {
            output += MultiplyByQuantizedMultiplier(input, IdentityMultiplier, IdentityShift);
        }
        else
        {
            bool negative = AlphaMultiplier < 0;
            int scaled = MultiplyByQuantizedMultiplier(input, negative ? -AlphaMultiplier : AlphaMultiplier, AlphaShift);
            output += negative ? -scaled : scaled;
        }
        return ElementwiseLoops.SaturateInt8(output);
    }
}

/// <summary>The float activations: TFLite's reference formulas, in float.</summary>
public readonly record struct FloatActivationElement(FloatActivationKind Kind, float Alpha = 0) : IUnaryElement<float, float>
{
    /// <inheritdoc/>
    public float Apply(float x) => Kind switch
    {
        FloatActivationKind.Logistic => x > 16.619047164916992188f ? 1f : x < -9f ? MathF.Exp(x) : 1f / (1f + MathF.Exp(-x)),
        FloatActivationKind.Tanh => MathF.Tanh(x),
        FloatActivationKind.HardSwish => x * StdMin(6f, StdMax(0f, x + 3)) / 6,
        FloatActivationKind.Relu => x < 0f ? 0f : x,
        FloatActivationKind.Relu6 => x > 6f ? 6f : x < 0f ? 0f : x,
        _ => x > 0 ? x : x * Alpha,
    };

    // std::max(a, b) = a < b ? b : a; std::min(a, b) = b < a ? b : a (NaN and -0.0 as in C++).
    private static float StdMax(float a, float b) => a < b ? b : a;

    private static float StdMin(float a, float b) => b < a ? b : a;
}

/// <summary>Which float activation <see cref="FloatActivationElement"/> computes.</summary>
public enum FloatActivationKind
{
    Logistic,
    Tanh,
    HardSwish,
    Relu,
    Relu6,
    LeakyRelu,
}
