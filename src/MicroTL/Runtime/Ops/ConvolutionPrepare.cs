// Checks and parameters shared by CONV_2D, DEPTHWISE_CONV_2D and the pools: window geometry with
// TFLite's padding, and per-channel requantization as kernel_util.cc's PopulateConvolutionQuantizationParams.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Requantization parameters of an int8 convolution, one multiplier and shift per output channel (Prepare only).</summary>
internal sealed record ConvQuantization(int[] Multipliers, int[] Shifts, int InputZeroPoint, int OutputZeroPoint, int ActivationMin, int ActivationMax);

/// <summary>
/// Everything a CONV_2D or DEPTHWISE_CONV_2D Eval reads, kept in the arena's tail (the C firmware mirrors the struct).
/// The packed filter and folded bias are CONV_2D's fast path only.
/// </summary>
internal struct ConvolutionData
{
    public int Input, Filter, Bias, Output;
    public ConvGeometry Geometry;
    public bool IsQuantized, UsesFastPath;
    public int InputZeroPoint, OutputZeroPoint, ActivationMin, ActivationMax;
    public float FloatMin, FloatMax;
    public PersistentBlock Multipliers, Shifts, FoldedBias;
    public FlashBlock PackedFilter;
    public ScratchBuffer Scratch;

    /// <summary>Stores the per-channel multipliers and shifts in the arena's tail and takes the other parameters.</summary>
    public void SetQuantization(PrepareContext ctx, ConvQuantization q)
    {
        IsQuantized = true;
        (InputZeroPoint, OutputZeroPoint, ActivationMin, ActivationMax) = (q.InputZeroPoint, q.OutputZeroPoint, q.ActivationMin, q.ActivationMax);
        Multipliers = ctx.StorePersistent<int>(q.Multipliers, "output multipliers");
        Shifts = ctx.StorePersistent<int>(q.Shifts, "output shifts");
    }
}

internal static class ConvolutionPrepare
{
    /// <summary>
    /// Checks strides, dilations and window size (all ≥ 1), computes the output size and padding, and checks the
    /// output's declared shape is [B, Oh, Ow, outputChannels].
    /// </summary>
    public static ConvGeometry Window(PrepareContext ctx, int input, int output, Padding padding,
        int strideH, int strideW, int dilationH, int dilationW, int filterH, int filterW, int filterInputChannels,
        int outputChannels, int depthMultiplier = 1)
    {
        if (strideH < 1 || strideW < 1) throw ctx.Fail($"has stride {strideH}x{strideW} (h x w), expected >= 1");
        if (dilationH < 1 || dilationW < 1) throw ctx.Fail($"has dilation {dilationH}x{dilationW} (h x w), expected >= 1");
        if (filterH < 1 || filterW < 1) throw ctx.Fail($"has filter size {filterH}x{filterW} (h x w), expected >= 1");
        if (padding is not (Padding.Same or Padding.Valid)) throw ctx.Fail($"has padding {(int)padding}, expected SAME or VALID");
        ctx.RequireRank(input, "input", 4);
        ctx.RequireRank(output, "output", 4);
        int[] s = ctx.Tensor(input).Shape;
        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(strideH, strideW, dilationH, dilationW, s[1], s[2],
            filterH, filterW, padding, out int oh, out int ow);
        if (oh < 1 || ow < 1)
            throw ctx.Fail($"window {filterH}x{filterW} (dilation {dilationH}x{dilationW}) does not fit input {ctx.Describe(input)} " +
                $"of {s[1]}x{s[2]} with {padding} padding (output would be {oh}x{ow})");
        ctx.RequireShape(output, "output", [s[0], oh, ow, outputChannels]);
        return new ConvGeometry(s[0], s[1], s[2], s[3], filterH, filterW, filterInputChannels, oh, ow, outputChannels,
            strideH, strideW, dilationH, dilationW, pad.Height, pad.Width, depthMultiplier);
    }

    /// <summary>
    /// Checks the int8 types and quantization of a convolution (int8 input/filter/output, int32 bias, filter scales
    /// 1 or O along <paramref name="filterAxis"/>) and computes <c>QuantizeMultiplier(s_in · s_w[c] / s_out)</c> in double.
    /// </summary>
    public static ConvQuantization Int8(PrepareContext ctx, int input, int filter, int bias, int output,
        int channels, int filterAxis, ActivationFunction activation)
    {
        ctx.RequireType(filter, "filter", TensorType.Int8);
        ctx.RequireType(output, "output", TensorType.Int8);
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        float[] filterScales = ctx.FilterScales(filter, "filter", channels, filterAxis);
        ctx.ConstantData(filter, "filter");
        if (bias >= 0)
        {
            ctx.RequireType(bias, "bias", TensorType.Int32);
            ctx.ConstantData(bias, "bias");
        }
        var multipliers = new int[channels];
        var shifts = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            // A single filter scale is broadcast along the output channels, as TFLM does.
            double filterScale = filterScales[filterScales.Length == 1 ? 0 : c];
            (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplier((double)inScale * filterScale / outScale);
        }
        (int min, int max) = ctx.QuantizedActivation(activation, output, outScale, outZp);
        return new ConvQuantization(multipliers, shifts, inZp, outZp, min, max);
    }

    /// <summary>Checks the float32 types of a convolution and returns its activation clamp.</summary>
    public static (float Min, float Max) Float(PrepareContext ctx, int filter, int bias, int output, ActivationFunction activation)
    {
        ctx.RequireType(filter, "filter", TensorType.Float32);
        ctx.RequireType(output, "output", TensorType.Float32);
        ctx.ConstantData(filter, "filter");
        if (bias >= 0)
        {
            ctx.RequireType(bias, "bias", TensorType.Float32);
            ctx.ConstantData(bias, "bias");
        }
        return ctx.FloatActivation(activation);
    }
}
