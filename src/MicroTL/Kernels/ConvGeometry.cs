// Shapes and integer parameters shared by the windowed kernels (convolutions and pools).
// Dimension letters: B batches, H/W input height/width, C input channels, Fh/Fw filter size,
// Oh/Ow output height/width, O output channels, M depth multiplier.
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>
/// The geometry of a 2-D window op over NHWC tensors: input [B, H, W, C], filter [O, Fh, Fw, Ci]
/// (conv; Ci = C / groups) or [1, Fh, Fw, O] (depthwise, O = C·M), output [B, Oh, Ow, O].
/// </summary>
/// <remarks>Input row <c>iy = oy·StrideHeight - PadHeight + fy·DilationHeight</c>; likewise for columns.</remarks>
public readonly record struct ConvGeometry(
    int Batches, int InputHeight, int InputWidth, int InputChannels,
    int FilterHeight, int FilterWidth, int FilterInputChannels,
    int OutputHeight, int OutputWidth, int OutputChannels,
    int StrideHeight = 1, int StrideWidth = 1, int DilationHeight = 1, int DilationWidth = 1,
    int PadHeight = 0, int PadWidth = 0, int DepthMultiplier = 1)
{
    /// <summary>Elements of the input tensor, B·H·W·C.</summary>
    public int InputLength => Batches * InputHeight * InputWidth * InputChannels;

    /// <summary>Elements of the output tensor, B·Oh·Ow·O.</summary>
    public int OutputLength => Batches * OutputHeight * OutputWidth * OutputChannels;

    /// <summary>Elements of a CONV_2D filter, O·Fh·Fw·Ci.</summary>
    public int ConvFilterLength => OutputChannels * FilterHeight * FilterWidth * FilterInputChannels;

    /// <summary>Elements of a DEPTHWISE_CONV_2D filter, Fh·Fw·O.</summary>
    public int DepthwiseFilterLength => FilterHeight * FilterWidth * OutputChannels;
}

/// <summary>
/// Requantization of an int8 convolution or fully connected op: offsets, per-tensor (one entry) or
/// per-channel multipliers and shifts, and the activation clamp, as TFLM's op data holds them.
/// </summary>
/// <remarks><c>out = clamp(MultiplyByQuantizedMultiplier(acc, m[c], shift[c]) + OutputOffset, min, max)</c>.</remarks>
public readonly ref struct Int8Requantization
{
    /// <summary>Creates the parameters; <paramref name="multipliers"/> and <paramref name="shifts"/> have 1 or O entries.</summary>
    public Int8Requantization(
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts,
        int inputOffset, int outputOffset, int activationMin, int activationMax, int filterOffset = 0)
    {
        Multipliers = multipliers;
        Shifts = shifts;
        InputOffset = inputOffset;
        OutputOffset = outputOffset;
        ActivationMin = activationMin;
        ActivationMax = activationMax;
        FilterOffset = filterOffset;
    }

    /// <summary>Q0.31 multipliers: one (per tensor) or one per output channel.</summary>
    public ReadOnlySpan<int> Multipliers { get; }

    /// <summary>Power-of-two exponents matching <see cref="Multipliers"/> (negative = right shift).</summary>
    public ReadOnlySpan<int> Shifts { get; }

    /// <summary>Minus the input zero point.</summary>
    public int InputOffset { get; }

    /// <summary>The output zero point.</summary>
    public int OutputOffset { get; }

    /// <summary>Minus the filter zero point (FULLY_CONNECTED only; convolutions assume symmetric filters).</summary>
    public int FilterOffset { get; }

    /// <summary>Lower clamp in output units.</summary>
    public int ActivationMin { get; }

    /// <summary>Upper clamp in output units.</summary>
    public int ActivationMax { get; }

    /// <summary>True when there is one multiplier per output channel.</summary>
    public bool IsPerChannel => Multipliers.Length > 1;

    /// <summary>Rescales an int32 accumulator of output channel <paramref name="channel"/> to a clamped int8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Requantize(int accumulator, int channel)
    {
        int i = Multipliers.Length > 1 ? channel : 0;
        int value = QuantizationMath.MultiplyByQuantizedMultiplier(accumulator, Multipliers[i], Shifts[i]) + OutputOffset;
        value = Math.Max(value, ActivationMin);
        value = Math.Min(value, ActivationMax);
        return (sbyte)value;
    }
}
