// The vectorized fast paths of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED against the plain
// reference paths, byte for byte, on random shapes and parameters at every SIMD level this CPU has.
// The level is an argument of each kernel call, so these tests run in parallel with anything else.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class FastPathTests
{
    public static TheoryData<SimdLevel> Levels()
    {
        var data = new TheoryData<SimdLevel>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
            if (level <= SimdSupport.Best) data.Add(level);
        return data;
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Conv2DInt8Run_RandomShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(1234 + (int)level);
        for (int iter = 0; iter < 300; iter++)
        {
            ConvGeometry g = RandomGeometry(rng, depthwise: false);
            int inputOffset = -rng.Next(-128, 128);
            RandomRequantization(rng, g.OutputChannels, out int[] mult, out int[] shift, out int outZp, out int min, out int max);
            var q = new Int8Requantization(mult, shift, inputOffset, outZp, min, max);
            sbyte[] input = RandomBytes(rng, g.InputLength), filter = RandomBytes(rng, g.ConvFilterLength);
            int[] bias = rng.Next(4) == 0 ? [] : RandomInts(rng, g.OutputChannels, 20000);

            var expected = new sbyte[g.OutputLength];
            Conv2DInt8.RunReference(g, q, input, filter, bias, expected);
            var folded = new int[g.OutputChannels];
            Conv2DInt8.ComputeFoldedBias(g, filter, bias, inputOffset, folded);
            var actual = new sbyte[g.OutputLength];
            Conv2DInt8.Run(g, q, input, Packed(g, filter, level), folded, actual, new byte[Conv2DInt8.ScratchBytes(g)], level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {g}");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void DepthwiseConv2DInt8Run_RandomShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(99 + (int)level);
        for (int iter = 0; iter < 300; iter++)
        {
            ConvGeometry g = RandomGeometry(rng, depthwise: true);
            int inputOffset = -rng.Next(-128, 128);
            RandomRequantization(rng, g.OutputChannels, out int[] mult, out int[] shift, out int outZp, out int min, out int max);
            var q = new Int8Requantization(mult, shift, inputOffset, outZp, min, max);
            sbyte[] input = RandomBytes(rng, g.InputLength), filter = RandomBytes(rng, g.DepthwiseFilterLength);
            int[] bias = rng.Next(4) == 0 ? [] : RandomInts(rng, g.OutputChannels, 20000);

            var expected = new sbyte[g.OutputLength];
            DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, expected);
            var actual = new sbyte[g.OutputLength];
            DepthwiseConv2DInt8.Run(g, q, input, filter, bias, actual, new int[DepthwiseConv2DInt8.ScratchInts(g)], level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {g}");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void FullyConnectedInt8Run_RandomShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(7 + (int)level);
        for (int iter = 0; iter < 400; iter++)
        {
            int batches = rng.Next(1, 4), depth = rng.Next(1, 300), outputs = rng.Next(1, 18);
            int inputOffset = -rng.Next(-128, 128);
            int filterOffset = rng.Next(3) == 0 ? -rng.Next(-128, 128) : 0;
            bool perChannel = rng.Next(2) == 0;
            RandomRequantization(rng, perChannel ? outputs : 1, out int[] mult, out int[] shift, out int outZp, out int min, out int max);
            var q = new Int8Requantization(mult, shift, inputOffset, outZp, min, max, filterOffset);
            sbyte[] input = RandomBytes(rng, batches * depth), weights = RandomBytes(rng, outputs * depth);
            int[] bias = rng.Next(4) == 0 ? [] : RandomInts(rng, outputs, 50000);

            var expected = new sbyte[batches * outputs];
            FullyConnectedInt8.RunReference(q, batches, depth, outputs, input, weights, bias, expected);
            var folded = new int[outputs];
            FullyConnectedInt8.ComputeFoldedBias(weights, bias, outputs, depth, inputOffset, filterOffset, folded);
            var actual = new sbyte[batches * outputs];
            FullyConnectedInt8.Run(q, batches, depth, outputs, input, weights, folded, actual, new byte[depth], level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {batches}x{depth}->{outputs}");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void AddInt8Run_RandomParameters_EqualsReference(SimdLevel level)
    {
        var rng = new Random(53 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            float s1 = (float)(0.01 + rng.NextDouble()), s2 = (float)(0.01 + rng.NextDouble()), so = (float)(0.02 + 2 * rng.NextDouble());
            AddInt8Params p = AddInt8Params.Create(s1, rng.Next(-128, 128), s2, rng.Next(-128, 128), so, rng.Next(-128, 128), -128, 127);
            int n = rng.Next(1, 100);
            sbyte[] a = RandomBytes(rng, n), b = RandomBytes(rng, n);
            var expected = new sbyte[n];
            var actual = new sbyte[n];

            AddInt8.RunReference(p, a, b, expected);
            AddInt8.Run(p, a, b, actual, level);

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {n} elements");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void MaxPool2DInt8Run_RandomShapes_EqualsScalarDefinition(SimdLevel level)
    {
        var rng = new Random(31 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            ConvGeometry c = RandomGeometry(rng, depthwise: false);
            int channels = rng.Next(1, 50);
            var g = c with { InputChannels = channels, FilterInputChannels = channels, OutputChannels = channels, DilationHeight = 1, DilationWidth = 1 };
            PaddingValues p = PaddingMath.ComputePaddingHeightWidth(g.StrideHeight, g.StrideWidth, 1, 1, g.InputHeight, g.InputWidth,
                g.FilterHeight, g.FilterWidth, rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            g = g with { OutputHeight = oh, OutputWidth = ow, PadHeight = p.Height, PadWidth = p.Width };
            int min = rng.Next(-128, 0), max = rng.Next(0, 128);
            sbyte[] input = RandomBytes(rng, g.InputLength);
            var actual = new sbyte[g.OutputLength];
            MaxPool2DInt8.Run(g, min, max, input, actual, level);
            int i = 0;
            for (int b = 0; b < g.Batches; b++)
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            for (int ch = 0; ch < channels; ch++, i++)
            {
                int best = sbyte.MinValue;
                for (int fy = 0; fy < g.FilterHeight; fy++)
                for (int fx = 0; fx < g.FilterWidth; fx++)
                {
                    int iy = oy * g.StrideHeight - g.PadHeight + fy, ix = ox * g.StrideWidth - g.PadWidth + fx;
                    if (iy >= 0 && iy < g.InputHeight && ix >= 0 && ix < g.InputWidth)
                        best = Math.Max(best, input[((b * g.InputHeight + iy) * g.InputWidth + ix) * channels + ch]);
                }
                Assert.Equal(Math.Clamp(best, min, max), actual[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void AveragePool2DInt8Run_RandomShapes_EqualsTflmRounding(SimdLevel level)
    {
        var rng = new Random(41 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            ConvGeometry c = RandomGeometry(rng, depthwise: false);
            int channels = rng.Next(1, 40);
            var g = c with { InputChannels = channels, FilterInputChannels = channels, OutputChannels = channels, DilationHeight = 1, DilationWidth = 1 };
            PaddingValues p = PaddingMath.ComputePaddingHeightWidth(g.StrideHeight, g.StrideWidth, 1, 1, g.InputHeight, g.InputWidth,
                g.FilterHeight, g.FilterWidth, rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            g = g with { OutputHeight = oh, OutputWidth = ow, PadHeight = p.Height, PadWidth = p.Width };
            int min = rng.Next(-128, 0), max = rng.Next(0, 128);
            sbyte[] input = RandomBytes(rng, g.InputLength);
            var actual = new sbyte[g.OutputLength];
            AveragePool2DInt8.Run(g, min, max, input, actual, level);
            int i = 0;
            for (int b = 0; b < g.Batches; b++)
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            for (int ch = 0; ch < channels; ch++, i++)
            {
                int sum = 0, n = 0;
                for (int fy = 0; fy < g.FilterHeight; fy++)
                for (int fx = 0; fx < g.FilterWidth; fx++)
                {
                    int iy = oy * g.StrideHeight - g.PadHeight + fy, ix = ox * g.StrideWidth - g.PadWidth + fx;
                    if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth) continue;
                    sum += input[((b * g.InputHeight + iy) * g.InputWidth + ix) * channels + ch];
                    n++;
                }
                // Round half away from zero, as TFLM's (sum ± n/2) / n with C division.
                int expected = (int)Math.Round((double)sum / n, MidpointRounding.AwayFromZero);
                Assert.Equal(Math.Clamp(expected, min, max), actual[i]);
            }
        }
    }

    private static ConvGeometry RandomGeometry(Random rng, bool depthwise)
    {
        while (true)
        {
            int h = rng.Next(1, 10), w = rng.Next(1, 10), c = rng.Next(1, depthwise ? 20 : 40);
            int fh = rng.Next(1, 5), fw = rng.Next(1, 5);
            int sh = rng.Next(1, 4), sw = rng.Next(1, 4), dh = rng.Next(1, 4), dw = rng.Next(1, 4);
            if (rng.Next(3) == 0) dh = dw = 1;
            var padding = rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid;
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            int m = depthwise ? (rng.Next(3) == 0 ? 8 * rng.Next(1, 3) : rng.Next(1, 10)) : 1;
            int outC = depthwise ? c * m : rng.Next(1, 14);
            return new ConvGeometry(rng.Next(1, 3), h, w, c, fh, fw, depthwise ? 1 : c, oh, ow, outC,
                sh, sw, dh, dw, pad.Height, pad.Width, m);
        }
    }

    private static void RandomRequantization(Random rng, int channels, out int[] mult, out int[] shift, out int outZp, out int min, out int max)
    {
        mult = new int[channels];
        shift = new int[channels];
        for (int i = 0; i < channels; i++)
            (mult[i], shift[i]) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, -rng.Next(4, 16)) * (0.5 + rng.NextDouble()));
        outZp = rng.Next(-128, 128);
        min = rng.Next(-128, 0);
        max = rng.Next(0, 128);
    }

    private static sbyte[] RandomBytes(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }

    private static int[] RandomInts(Random rng, int n, int range)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rng.Next(-range, range);
        return a;
    }

    private static sbyte[] Packed(ConvGeometry g, sbyte[] filter, SimdLevel level)
    {
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, level);
        return packed;
    }
}
