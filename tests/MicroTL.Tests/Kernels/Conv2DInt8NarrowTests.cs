// CONV_2D's narrow path (few input channels, many pixels: the first layers of image and motion models) against the
// reference kernel, byte for byte, at every SIMD level this CPU has: 1x1 and 3x3 windows over 1 to 32 input channels,
// output channels on and off multiples of 8, strides 1 and 2, SAME and VALID padding, per-tensor and per-channel
// requantization with edge multipliers, shifts and biases, and fused activations.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class Conv2DInt8NarrowTests
{
    public static TheoryData<SimdLevel, int, int, int, int, Padding> Shapes()
    {
        var data = new TheoryData<SimdLevel, int, int, int, int, Padding>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
        {
            if (level > SimdSupport.Best) continue;
            foreach (int filter in new[] { 1, 3 })
            foreach (int inChannels in new[] { 1, 2, 3, 5, 8, 16 })
            foreach (int outChannels in new[] { 8, 12, 16, 24, 32 })
            {
                data.Add(level, filter, inChannels, outChannels, 1, Padding.Same);
                data.Add(level, filter, inChannels, outChannels, 2, Padding.Valid);
            }
            data.Add(level, 1, 32, 32, 1, Padding.Valid);
            data.Add(level, 3, 3, 264, 2, Padding.Same);
            // Long window rows, up to the 256 bytes the narrow path takes below AVX-VNNI (K = 64, 100, 128, 216, 252, 256).
            data.Add(level, 1, 64, 32, 1, Padding.Valid);
            data.Add(level, 1, 100, 8, 2, Padding.Same);
            data.Add(level, 1, 128, 24, 1, Padding.Same);
            data.Add(level, 3, 24, 16, 1, Padding.Same);
            data.Add(level, 3, 28, 8, 2, Padding.Valid);
            data.Add(level, 1, 256, 16, 1, Padding.Valid);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Run_NarrowShapes_EqualsReference(SimdLevel level, int filter, int inChannels, int outChannels, int stride, Padding padding)
    {
        var rng = new Random(HashCode.Combine(level, filter, inChannels, outChannels, stride, padding) & 0x7FFFFFFF);
        for (int iter = 0; iter < 6; iter++)
        {
            ConvGeometry g = Geometry(rng.Next(1, 3), rng.Next(1, 12), rng.Next(1, 12), inChannels, filter, outChannels, stride, padding);
            if (g.OutputHeight < 1 || g.OutputWidth < 1) continue;
            AssertEqualsReference(rng, g, level, edgeQuantization: iter % 3 == 2, perTensor: iter % 3 == 1, iter);
        }
    }

    public static TheoryData<SimdLevel, int, int, int, int, int> FewChannelShapes()
    {
        // Few input channels (the pixels-in-lanes form takes one channel at width stride 1): 3x3 and 5x5 windows,
        // strides 1 and 2, dilation 1 and 2; output channels on and off multiples of 8 and 16.
        var data = new TheoryData<SimdLevel, int, int, int, int, int>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
        {
            if (level > SimdSupport.Best) continue;
            foreach (int filter in new[] { 3, 5 })
            foreach (int inChannels in new[] { 1, 2, 3, 4 })
            foreach (int outChannels in new[] { 8, 12, 16, 24, 72 })
            foreach ((int stride, int dilation) in new[] { (1, 1), (2, 1), (1, 2) })
                data.Add(level, filter, inChannels, outChannels, stride, dilation);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FewChannelShapes))]
    public void Run_FewInputChannels_EqualsReference(SimdLevel level, int filter, int inChannels, int outChannels, int stride, int dilation)
    {
        var rng = new Random(HashCode.Combine(level, filter, inChannels, outChannels, stride, dilation) & 0x7FFFFFFF);
        for (int iter = 0; iter < 8; iter++)
        {
            // Widths across the 16-pixel groups and the 64-pixel tiles, heights down to a filter taller than the image.
            int height = rng.Next(1, 14), width = iter == 7 ? rng.Next(60, 140) : rng.Next(1, 40);
            Padding padding = iter % 2 == 0 ? Padding.Same : Padding.Valid;
            ConvGeometry g = Geometry(rng.Next(1, 3), height, width, inChannels, filter, outChannels, stride, padding, dilation);
            if (g.OutputHeight < 1 || g.OutputWidth < 1) continue;
            AssertEqualsReference(rng, g, level, edgeQuantization: iter % 3 == 2, perTensor: iter % 3 == 1, iter);
        }
    }

    [Theory]
    [MemberData(nameof(FastPathTests.Levels), MemberType = typeof(FastPathTests))]
    public void Run_ImageModelFirstConvolutions_EqualsReference(SimdLevel level)
    {
        // The MNIST base's first layer (28x28x1 -> 26x26x8) and test_conv_model's (16x16x1 -> 14x14x16), VALID; the
        // same windows with SAME padding and a last tile of one pixel (65 wide).
        var rng = new Random(11 + (int)level);
        AssertEqualsReference(rng, Geometry(1, 28, 28, 1, 3, 8, 1, Padding.Valid), level, edgeQuantization: false, perTensor: false, 0);
        AssertEqualsReference(rng, Geometry(1, 16, 16, 1, 3, 16, 1, Padding.Valid), level, edgeQuantization: false, perTensor: true, 1);
        AssertEqualsReference(rng, Geometry(2, 28, 28, 1, 3, 8, 1, Padding.Same), level, edgeQuantization: true, perTensor: false, 2);
        AssertEqualsReference(rng, Geometry(1, 3, 65, 1, 3, 16, 1, Padding.Same), level, edgeQuantization: false, perTensor: false, 3);
        // Height stride and dilation 2 at width stride 1, and a 1x5 window with only right padding.
        AssertEqualsReference(rng, new ConvGeometry(1, 20, 30, 1, 3, 3, 1, 8, 28, 16, StrideHeight: 2, DilationHeight: 2), level,
            edgeQuantization: false, perTensor: false, 4);
        AssertEqualsReference(rng, new ConvGeometry(2, 1, 19, 1, 1, 5, 1, 1, 17, 8, PadWidth: 0), level, edgeQuantization: true, perTensor: false, 5);
        AssertEqualsReference(rng, new ConvGeometry(1, 4, 19, 1, 2, 2, 1, 4, 19, 24, PadHeight: 0, PadWidth: 0), level,
            edgeQuantization: false, perTensor: false, 6);
    }

    [Theory]
    [MemberData(nameof(FastPathTests.Levels), MemberType = typeof(FastPathTests))]
    public void Run_PersonDetectFirstConvolution_EqualsReference(SimdLevel level)
    {
        // Operator 2 of person_detect, 48x48x8 -> 16, and the 3-channel 3x3 first layer of a small image model.
        var rng = new Random(5 + (int)level);
        AssertEqualsReference(rng, Geometry(1, 48, 48, 8, 1, 16, 1, Padding.Same), level, edgeQuantization: false, perTensor: false, 0);
        AssertEqualsReference(rng, Geometry(1, 32, 32, 3, 3, 16, 2, Padding.Same), level, edgeQuantization: true, perTensor: false, 1);
    }

    [Theory]
    [MemberData(nameof(FastPathTests.Levels), MemberType = typeof(FastPathTests))]
    public void Run_ExtremeBiases_EqualsReference(SimdLevel level)
    {
        // Accumulators near the int32 limits (a 3x3 window over 3 channels: K = 27, narrow at every level). With short
        // right shifts the folded rounding constant still fits; with long ones it could overflow, so the vector
        // requantizations must step aside for the general one.
        var rng = new Random(17 + (int)level);
        ConvGeometry g = Geometry(1, 5, 7, 3, 3, 16, 1, Padding.Same);
        for (int iter = 0; iter < 20; iter++)
        {
            sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.ConvFilterLength);
            var bias = new int[g.OutputChannels];
            for (int o = 0; o < bias.Length; o++) bias[o] = (o % 2 == 0 ? int.MaxValue : int.MinValue) / 2 - rng.Next(-3_000_000, 3_000_000);
            var mult = new int[g.OutputChannels];
            var shift = new int[g.OutputChannels];
            for (int o = 0; o < mult.Length; o++) (mult[o], shift[o]) = (int.MaxValue - rng.Next(3), -rng.Next(0, iter % 2 == 0 ? 4 : 32));
            var q = new Int8Requantization(mult, shift, rng.Next(-127, 129), rng.Next(-128, 128), -128, 127);
            AssertEqual(g, q, input, filter, bias, level, iter);
        }
    }

    private static void AssertEqualsReference(Random rng, ConvGeometry g, SimdLevel level, bool edgeQuantization, bool perTensor, int iter)
    {
        int channels = perTensor ? 1 : g.OutputChannels;
        var mult = new int[channels];
        var shift = new int[channels];
        for (int o = 0; o < channels; o++)
        {
            (mult[o], shift[o]) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, -rng.Next(2, 14)) * (0.5 + rng.NextDouble()));
            if (!edgeQuantization) continue;
            // Q0.31 extremes, no shift at all, a left shift and the longest right shift.
            (mult[o], shift[o]) = (o % 4) switch
            {
                0 => (int.MaxValue, -31),
                1 => (1 << 30, 0),
                2 => (int.MaxValue - 1, 2),
                _ => ((1 << 30) + rng.Next(1 << 30), -rng.Next(0, 32)),
            };
        }
        // Fused activations: none, RELU (from the zero point), RELU6-like and a narrow clamp.
        int zeroPoint = rng.Next(-128, 128);
        (int min, int max) = rng.Next(4) switch
        {
            0 => (-128, 127),
            1 => (zeroPoint, 127),
            2 => (zeroPoint, Math.Min(127, zeroPoint + 40)),
            _ => (-20, 20),
        };
        var q = new Int8Requantization(mult, shift, rng.Next(-127, 129), zeroPoint, min, max);
        sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.ConvFilterLength);
        int[] bias = rng.Next(4) == 0 ? [] : KernelShapes.RandomInts(rng, g.OutputChannels, edgeQuantization ? 1 << 24 : 40000);
        AssertEqual(g, q, input, filter, bias, level, iter);
    }

    private static void AssertEqual(ConvGeometry g, Int8Requantization q, sbyte[] input, sbyte[] filter, int[] bias, SimdLevel level, int iter)
    {
        var expected = new sbyte[g.OutputLength];
        Conv2DInt8.RunReference(g, q, input, filter, bias, expected);
        var folded = new int[g.OutputChannels];
        Conv2DInt8.ComputeFoldedBias(g, filter, bias, q.InputOffset, folded);
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, level);
        var actual = new sbyte[g.OutputLength];
        Conv2DInt8.Run(g, q, input, packed, folded, actual, new byte[Conv2DInt8.ScratchBytes(g)], level);
        int first = expected.AsSpan().CommonPrefixLength(actual);
        if (first == expected.Length) return;
        Assert.Fail($"iteration {iter}, {level}: {g}; first difference at byte {first}: expected {expected[first]}, got {actual[first]}");
    }

    private static ConvGeometry Geometry(int batches, int height, int width, int inChannels, int filter, int outChannels, int stride,
        Padding padding, int dilation = 1)
    {
        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(stride, stride, dilation, dilation, height, width, filter, filter, padding,
            out int oh, out int ow);
        return new ConvGeometry(batches, height, width, inChannels, filter, filter, inChannels, oh, ow, outChannels,
            stride, stride, dilation, dilation, pad.Height, pad.Width);
    }
}
