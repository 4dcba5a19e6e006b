// Random cases of the windowed int8 kernels (CONV_2D, DEPTHWISE_CONV_2D, the pools) with their C#
// reference outputs: shapes, strides, dilations, SAME/VALID padding, groups, depth multipliers,
// zero points, per-channel multipliers and clamps.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

internal static class WindowCases
{
    public static KernelCase Conv2D(Random rng)
    {
        int groups = rng.Next(4) == 0 ? rng.Next(2, 4) : 1;
        int ci = rng.Next(1, 6), outChannels = groups * rng.Next(1, 5);
        ConvGeometry g = Window(rng, ci * groups, ci, outChannels, 1, maxDilation: 2);
        RequantizationCase r = Requantization(rng, outChannels, perChannel: rng.Next(5) != 0);
        sbyte[] input = RandomValues.Int8(rng, g.InputLength), filter = RandomValues.Int8(rng, g.ConvFilterLength);
        int[]? bias = rng.Next(5) == 0 ? null : RandomValues.Bias(rng, outChannels);
        var output = new sbyte[g.OutputLength];
        Conv2DInt8.RunReference(g, r.Create(), input, filter, bias, output);
        return new KernelCase(KernelOp.Conv2DS8, $"{g}, {r}, bias {(bias is null ? "none" : "yes")}")
            .Geometry(g).Ints(r.M.Length, r.InputOffset, r.OutputOffset, r.FilterOffset, r.Min, r.Max)
            .Blob(input).Blob(filter).Blob(bias).Blob(r.M).Blob(r.S).Expect(output);
    }

    public static KernelCase DepthwiseConv2D(Random rng)
    {
        int channels = rng.Next(1, 7), multiplier = rng.Next(1, 4), outChannels = channels * multiplier;
        ConvGeometry g = Window(rng, channels, 1, outChannels, multiplier, maxDilation: 3);
        RequantizationCase r = Requantization(rng, outChannels, perChannel: rng.Next(5) != 0);
        sbyte[] input = RandomValues.Int8(rng, g.InputLength), filter = RandomValues.Int8(rng, g.DepthwiseFilterLength);
        int[]? bias = rng.Next(5) == 0 ? null : RandomValues.Bias(rng, outChannels);
        var output = new sbyte[g.OutputLength];
        DepthwiseConv2DInt8.RunReference(g, r.Create(), input, filter, bias, output);
        return new KernelCase(KernelOp.DepthwiseConv2DS8, $"{g}, {r}, bias {(bias is null ? "none" : "yes")}")
            .Geometry(g).Ints(r.M.Length, r.InputOffset, r.OutputOffset, r.FilterOffset, r.Min, r.Max)
            .Blob(input).Blob(filter).Blob(bias).Blob(r.M).Blob(r.S).Expect(output);
    }

    public static KernelCase Pool(Random rng, bool average)
    {
        int channels = rng.Next(1, 9);
        ConvGeometry g = Window(rng, channels, channels, channels, 1, maxDilation: 1);
        (int min, int max) = RandomValues.Clamp(rng);
        sbyte[] input = RandomValues.Int8(rng, g.InputLength);
        var output = new sbyte[g.OutputLength];
        if (average) AveragePool2DInt8.Run(g, min, max, input, output, SimdLevel.Scalar); // the reference path the C mirrors
        else MaxPool2DInt8.Run(g, min, max, input, output, SimdLevel.Scalar);
        return new KernelCase(average ? KernelOp.AveragePool2DS8 : KernelOp.MaxPool2DS8, $"{g}, clamp [{min}, {max}]")
            .Geometry(g).Ints(min, max).Blob(input).Expect(output);
    }

    /// <summary>Random window geometry with TFLite's output size and padding; retried until the output is non-empty.</summary>
    private static ConvGeometry Window(Random rng, int inputChannels, int filterInputChannels, int outputChannels, int depthMultiplier, int maxDilation)
    {
        while (true)
        {
            int b = rng.Next(1, 3), h = rng.Next(1, 10), w = rng.Next(1, 10), fh = rng.Next(1, 5), fw = rng.Next(1, 5);
            int sh = rng.Next(1, 4), sw = rng.Next(1, 4), dh = rng.Next(1, maxDilation + 1), dw = rng.Next(1, maxDilation + 1);
            Padding padding = RandomValues.PaddingKind(rng);
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            return new ConvGeometry(b, h, w, inputChannels, fh, fw, filterInputChannels, oh, ow, outputChannels,
                sh, sw, dh, dw, pad.Height, pad.Width, depthMultiplier);
        }
    }

    /// <summary>Per-channel (O entries) or per-tensor (one) multipliers, zero points and a clamp.</summary>
    public static RequantizationCase Requantization(Random rng, int channels, bool perChannel, int filterOffset = 0)
    {
        (int[] m, int[] s) = RandomValues.Multipliers(rng, perChannel ? channels : 1);
        (int min, int max) = RandomValues.Clamp(rng);
        return new RequantizationCase(m, s, -RandomValues.ZeroPoint(rng), RandomValues.ZeroPoint(rng), filterOffset, min, max);
    }
}

/// <summary>The values of an <see cref="Int8Requantization"/> (a ref struct, so it cannot be kept in a field).</summary>
internal sealed record RequantizationCase(int[] M, int[] S, int InputOffset, int OutputOffset, int FilterOffset, int Min, int Max)
{
    public Int8Requantization Create() => new(M, S, InputOffset, OutputOffset, Min, Max, FilterOffset);

    public override string ToString() =>
        $"{(M.Length > 1 ? "per-channel" : "per-tensor")}, offsets in {InputOffset} out {OutputOffset} filter {FilterOffset}, clamp [{Min}, {Max}]";
}
