// The float32 kernels against naive formulations (explicitly zero-padded input, double accumulation),
// within 1e-4 relative tolerance.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class FloatKernelTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Conv2DFloat_RandomShapes_MatchesZeroPaddedNaive()
    {
        var rng = new Random(11);
        for (int iter = 0; iter < 150; iter++)
        {
            ConvGeometry g = RandomGeometry(rng, depthwise: false, out _);
            float[] input = RandomFloats(rng, g.InputLength), filter = RandomFloats(rng, g.ConvFilterLength), bias = RandomFloats(rng, g.OutputChannels);
            var actual = new float[g.OutputLength];
            Conv2DFloat.Run(g, -1.5f, 2f, input, filter, bias, actual);
            int groups = g.InputChannels / g.FilterInputChannels, perGroup = g.OutputChannels / groups;
            AssertNaive(g, actual, (b, oy, ox, o, padded) =>
            {
                double sum = bias[o];
                for (int fy = 0; fy < g.FilterHeight; fy++)
                for (int fx = 0; fx < g.FilterWidth; fx++)
                for (int c = 0; c < g.FilterInputChannels; c++)
                    sum += padded(b, oy * g.StrideHeight + fy * g.DilationHeight, ox * g.StrideWidth + fx * g.DilationWidth, o / perGroup * g.FilterInputChannels + c)
                        * filter[((o * g.FilterHeight + fy) * g.FilterWidth + fx) * g.FilterInputChannels + c];
                return Math.Clamp(sum, -1.5, 2);
            }, input);
        }
    }

    [Fact]
    public void DepthwiseConv2DFloat_RandomShapes_MatchesZeroPaddedNaive()
    {
        var rng = new Random(12);
        for (int iter = 0; iter < 150; iter++)
        {
            ConvGeometry g = RandomGeometry(rng, depthwise: true, out _);
            float[] input = RandomFloats(rng, g.InputLength), filter = RandomFloats(rng, g.DepthwiseFilterLength);
            var actual = new float[g.OutputLength];
            DepthwiseConv2DFloat.Run(g, float.MinValue, float.MaxValue, input, filter, default, actual);
            AssertNaive(g, actual, (b, oy, ox, o, padded) =>
            {
                double sum = 0;
                for (int fy = 0; fy < g.FilterHeight; fy++)
                for (int fx = 0; fx < g.FilterWidth; fx++)
                    sum += padded(b, oy * g.StrideHeight + fy * g.DilationHeight, ox * g.StrideWidth + fx * g.DilationWidth, o / g.DepthMultiplier)
                        * filter[(fy * g.FilterWidth + fx) * g.OutputChannels + o];
                return sum;
            }, input);
        }
    }

    [Fact]
    public void Pool2DFloat_RandomShapes_MatchesNaiveOverInsideTaps()
    {
        var rng = new Random(13);
        for (int iter = 0; iter < 150; iter++)
        {
            ConvGeometry g = RandomGeometry(rng, depthwise: false, out _) with { DilationHeight = 1, DilationWidth = 1 };
            g = Pool(g, rng);
            float[] input = RandomFloats(rng, g.InputLength);
            var avg = new float[g.OutputLength];
            var max = new float[g.OutputLength];
            AveragePool2DFloat.Run(g, 0f, 6f, input, avg);
            MaxPool2DFloat.Run(g, float.MinValue, float.MaxValue, input, max);
            int i = 0;
            for (int b = 0; b < g.Batches; b++)
            for (int oy = 0; oy < g.OutputHeight; oy++)
            for (int ox = 0; ox < g.OutputWidth; ox++)
            for (int c = 0; c < g.InputChannels; c++, i++)
            {
                double sum = 0, best = double.NegativeInfinity;
                int n = 0;
                for (int fy = 0; fy < g.FilterHeight; fy++)
                for (int fx = 0; fx < g.FilterWidth; fx++)
                {
                    int iy = oy * g.StrideHeight - g.PadHeight + fy, ix = ox * g.StrideWidth - g.PadWidth + fx;
                    if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth) continue;
                    float v = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + c];
                    sum += v;
                    best = Math.Max(best, v);
                    n++;
                }
                Assert.InRange(avg[i] - Math.Clamp(sum / n, 0, 6), -Tolerance, Tolerance);
                Assert.Equal(best, max[i]);
            }
        }
    }

    [Fact]
    public void FullyConnectedFloat_Random_MatchesNaive()
    {
        var rng = new Random(14);
        for (int iter = 0; iter < 100; iter++)
        {
            int batches = rng.Next(1, 4), depth = rng.Next(1, 100), outputs = rng.Next(1, 10);
            float[] x = RandomFloats(rng, batches * depth), w = RandomFloats(rng, outputs * depth), bias = RandomFloats(rng, outputs);
            var actual = new float[batches * outputs];
            FullyConnectedFloat.Run(batches, depth, outputs, 0f, float.MaxValue, x, w, bias, actual);
            for (int b = 0; b < batches; b++)
                for (int o = 0; o < outputs; o++)
                {
                    double sum = bias[o];
                    for (int d = 0; d < depth; d++) sum += (double)x[b * depth + d] * w[o * depth + d];
                    Assert.InRange(actual[b * outputs + o] - Math.Max(sum, 0), -Tolerance * (1 + depth), Tolerance * (1 + depth));
                }
        }
    }

    [Fact]
    public void SoftmaxFloat_RowsWithBeta_MatchesNaiveAndSumsToOne()
    {
        float[] x = [1f, 2f, 3f, -1f, 0f, 0f, 0f, 10f];
        var y = new float[8];
        SoftmaxFloat.Run(2, 4, 0.5f, x, y);
        for (int r = 0; r < 2; r++)
        {
            double denominator = 0;
            for (int c = 0; c < 4; c++) denominator += Math.Exp(0.5 * x[r * 4 + c]);
            for (int c = 0; c < 4; c++) Assert.InRange(y[r * 4 + c] - Math.Exp(0.5 * x[r * 4 + c]) / denominator, -1e-6, 1e-6);
        }
    }

    [Fact]
    public void AddFloatRunBroadcast_ChannelVector_MatchesNaive()
    {
        float[] image = RandomFloats(new Random(15), 2 * 3 * 4), perChannel = [1f, -2f, 3f, 0.5f];
        Assert.True(BroadcastShape.TryCreate([2, 3, 4], [4], [2, 3, 4], out BroadcastShape shape));
        var actual = new float[24];
        AddFloat.RunBroadcast(-1f, 1f, shape, image, perChannel, actual);
        for (int i = 0; i < 24; i++) Assert.Equal(Math.Clamp(image[i] + perChannel[i % 4], -1f, 1f), actual[i]);
    }

    private static ConvGeometry Pool(ConvGeometry g, Random rng)
    {
        var padding = rng.Next(2) == 0 ? Padding.Same : Padding.Valid;
        int fh = rng.Next(1, 4), fw = rng.Next(1, 4), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
        int h = Math.Max(g.InputHeight, fh), w = Math.Max(g.InputWidth, fw);
        PaddingValues p = PaddingMath.ComputePaddingHeightWidth(sh, sw, 1, 1, h, w, fh, fw, padding, out int oh, out int ow);
        return new ConvGeometry(g.Batches, h, w, g.InputChannels, fh, fw, g.InputChannels, oh, ow, g.InputChannels, sh, sw, 1, 1, p.Height, p.Width);
    }

    private delegate double Naive(int b, int oy, int ox, int o, Func<int, int, int, int, double> padded);

    // Evaluates the naive formula against an input zero-padded by the geometry's padding on every side.
    private static void AssertNaive(ConvGeometry g, float[] actual, Naive naive, float[] input)
    {
        double Padded(int b, int py, int px, int c)
        {
            int iy = py - g.PadHeight, ix = px - g.PadWidth;
            return iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth ? 0 : input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + c];
        }
        int i = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int o = 0; o < g.OutputChannels; o++, i++)
            Assert.InRange(actual[i] - naive(b, oy, ox, o, Padded), -Tolerance * 10, Tolerance * 10);
    }

    private static ConvGeometry RandomGeometry(Random rng, bool depthwise, out Padding padding)
    {
        while (true)
        {
            int h = rng.Next(1, 9), w = rng.Next(1, 9), ci = rng.Next(1, 5), groups = depthwise ? 1 : rng.Next(1, 3);
            int fh = rng.Next(1, 4), fw = rng.Next(1, 4), sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
            padding = rng.Next(2) == 0 ? Padding.Same : Padding.Valid;
            PaddingValues p = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            int m = depthwise ? rng.Next(1, 4) : 1;
            int c = ci * groups, o = depthwise ? c * m : groups * rng.Next(1, 4);
            return new ConvGeometry(rng.Next(1, 3), h, w, c, fh, fw, depthwise ? 1 : ci, oh, ow, o, sh, sw, dh, dw, p.Height, p.Width, m);
        }
    }

    private static float[] RandomFloats(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
