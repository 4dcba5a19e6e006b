// The narrow CONV_2D path and the DEPTHWISE_CONV_2D vector blocks against the reference kernels, byte for byte, on
// random shapes of the kind that reach them (few input channels, output channels in blocks of eight, depth multipliers
// of 8, windows on the border, strides and dilation), at every SIMD level this CPU has, and at the portable
// Vector128 level by name (what ARM64 hosts run). The pools' fast paths against their reference paths likewise.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class ConvolutionBlockTests
{
    public static TheoryData<SimdLevel> Levels() => FastPathTests.Levels();

    [Theory]
    [MemberData(nameof(Levels))]
    public void Conv2DInt8Run_NarrowShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(400 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            int ci = rng.Next(1, 9), f = rng.Next(1, 4), outC = 8 * rng.Next(1, 5);
            ConvGeometry g = KernelShapes.Window(rng, ci, outC, f, f, depthMultiplier: 1, filterInputChannels: ci);
            if (level >= SimdLevel.Vector128) Assert.True(Conv2DInt8.UsesNarrowPath(g, level) || Conv2DInt8.RowBytes(g) > 32, g.ToString());
            AssertConvEqualsReference(rng, g, level, iter);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void DepthwiseConv2DInt8Run_BlockShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(500 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            bool broadcast = rng.Next(3) == 0;
            int c = broadcast ? rng.Next(1, 4) : 8 * rng.Next(1, 6) + (rng.Next(3) == 0 ? rng.Next(1, 8) : 0);
            int m = broadcast ? 8 * rng.Next(1, 3) : 1;
            ConvGeometry g = KernelShapes.Window(rng, c, c * m, rng.Next(1, 6), rng.Next(1, 6), m, filterInputChannels: 1);
            AssertDepthwiseEqualsReference(rng, g, level, iter);
        }
    }

    [Fact]
    public void DepthwiseConv2DInt8Run_MoreTapsThanTheBlocksTake_EqualsReference()
    {
        var rng = new Random(77);
        var g = new ConvGeometry(1, 18, 18, 16, 17, 17, 1, 18, 18, 16, PadHeight: 8, PadWidth: 8);
        Assert.True(g.FilterHeight * g.FilterWidth > 256);
        AssertDepthwiseEqualsReference(rng, g, SimdSupport.Best, 0);
    }

    // person_detect's early layers, whose shapes the blocks were written for, on the portable level by name.
    [Theory]
    [InlineData(96, 1, 8, 2, 0)]
    [InlineData(48, 8, 1, 1, 1)]
    [InlineData(48, 16, 1, 2, 0)]
    [InlineData(24, 32, 1, 1, 1)]
    public void DepthwiseConv2DInt8Run_PersonDetectShapesOnVector128_EqualsReference(int size, int channels, int m, int stride, int pad)
    {
        int outSize = (size + 2 * pad - 3) / stride + 1;
        var g = new ConvGeometry(1, size, size, channels, 3, 3, 1, outSize, outSize, channels * m, stride, stride,
            PadHeight: pad, PadWidth: pad, DepthMultiplier: m);
        AssertDepthwiseEqualsReference(new Random(size + channels), g, SimdLevel.Vector128, 0);
    }

    [Theory]
    [InlineData(48, 8, 16)]
    [InlineData(24, 16, 32)]
    [InlineData(24, 32, 32)]
    public void Conv2DInt8Run_PersonDetectPointwiseShapesOnVector128_EqualsReference(int size, int inC, int outC)
    {
        var g = new ConvGeometry(1, size, size, inC, 1, 1, inC, size, size, outC);
        Assert.True(Conv2DInt8.UsesNarrowPath(g, SimdLevel.Vector128));
        AssertConvEqualsReference(new Random(size + inC), g, SimdLevel.Vector128, 0);
    }

    [Fact]
    public void UsesNarrowPath_ScalarOrOddChannelsOrLongRows_IsFalse()
    {
        var narrow = new ConvGeometry(1, 8, 8, 8, 1, 1, 8, 8, 8, 16);
        Assert.Equal(SimdSupport.Best >= SimdLevel.Vector128, Conv2DInt8.UsesNarrowPath(narrow, SimdSupport.Best));
        Assert.False(Conv2DInt8.UsesNarrowPath(narrow, SimdLevel.Scalar));
        Assert.False(Conv2DInt8.UsesNarrowPath(narrow with { OutputChannels = 12 }, SimdSupport.Best));
        Assert.False(Conv2DInt8.UsesNarrowPath(narrow with { InputChannels = 512, FilterInputChannels = 512 }, SimdSupport.Best));
    }

    [Fact]
    public void UsesNarrowPath_RowsUpTo256Bytes_BelowAvxVnni()
    {
        // A 1x1 convolution over 256 channels (person_detect's last ones) is narrow on AVX2 and Vector128; 257 is not.
        var pointwise = new ConvGeometry(1, 3, 3, 256, 1, 1, 256, 3, 3, 256);
        foreach (SimdLevel level in new[] { SimdLevel.Vector128, SimdLevel.Avx2 })
        {
            if (SimdSupport.Clamp(level) != level || !System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) continue;
            Assert.True(Conv2DInt8.UsesNarrowPath(pointwise, level), level.ToString());
            Assert.False(Conv2DInt8.UsesNarrowPath(pointwise with { InputChannels = 257, FilterInputChannels = 257 }, level), level.ToString());
        }
        Assert.Equal(32, Conv2DInt8Narrow.MaxRowBytes(SimdLevel.AvxVnni));
    }

    [Fact]
    public void PackFilter_NarrowPath_InterleavesPairsOfTheWindowPerChannel()
    {
        var g = new ConvGeometry(1, 4, 4, 3, 1, 1, 3, 4, 4, 8);
        if (!Conv2DInt8.UsesNarrowPath(g, SimdSupport.Best)) return;
        var filter = new sbyte[8 * 3];
        for (int i = 0; i < filter.Length; i++) filter[i] = (sbyte)(i + 1);
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, SimdSupport.Best);
        // Step 0: w(o,0), w(o,1) for o = 0..7; step 1: w(o,2), 0 (K = 3 is odd).
        Assert.Equal(new sbyte[] { 1, 2, 4, 5 }, packed[..4]);
        Assert.Equal(new sbyte[] { 3, 0, 6, 0 }, packed[16..20]);
        Assert.All(packed[32..], b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void PoolsRun_RandomShapes_EqualReference(SimdLevel level)
    {
        var rng = new Random(600 + (int)level);
        for (int iter = 0; iter < 200; iter++)
        {
            int c = rng.Next(1, 40);
            ConvGeometry g = KernelShapes.Window(rng, c, c, rng.Next(1, 5), rng.Next(1, 5), 1, c, dilated: false);
            int min = rng.Next(-128, 0), max = rng.Next(0, 128);
            sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength);
            sbyte[] expected = new sbyte[g.OutputLength], actual = new sbyte[g.OutputLength];
            MaxPool2DInt8.RunReference(g, min, max, input, expected);
            MaxPool2DInt8.Run(g, min, max, input, actual, level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"max pool, iteration {iter}: {g}");
            AveragePool2DInt8.RunReference(g, min, max, input, expected);
            AveragePool2DInt8.Run(g, min, max, input, actual, level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"average pool, iteration {iter}: {g}");
        }
    }

    private static void AssertConvEqualsReference(Random rng, ConvGeometry g, SimdLevel level, int iter)
    {
        Int8Requantization q = KernelShapes.Requantization(rng, g.OutputChannels, out int inputOffset);
        sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.ConvFilterLength);
        int[] bias = rng.Next(4) == 0 ? [] : KernelShapes.RandomInts(rng, g.OutputChannels, 20000);
        var expected = new sbyte[g.OutputLength];
        Conv2DInt8.RunReference(g, q, input, filter, bias, expected);
        var folded = new int[g.OutputChannels];
        Conv2DInt8.ComputeFoldedBias(g, filter, bias, inputOffset, folded);
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, level);
        var actual = new sbyte[g.OutputLength];
        Conv2DInt8.Run(g, q, input, packed, folded, actual, new byte[Conv2DInt8.ScratchBytes(g)], level);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {g}");
    }

    private static void AssertDepthwiseEqualsReference(Random rng, ConvGeometry g, SimdLevel level, int iter)
    {
        Int8Requantization q = KernelShapes.Requantization(rng, g.OutputChannels, out _);
        sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.DepthwiseFilterLength);
        int[] bias = rng.Next(4) == 0 ? [] : KernelShapes.RandomInts(rng, g.OutputChannels, 20000);
        var expected = new sbyte[g.OutputLength];
        DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, expected);
        var actual = new sbyte[g.OutputLength];
        DepthwiseConv2DInt8.Run(g, q, input, filter, bias, actual, new int[DepthwiseConv2DInt8.ScratchInts(g)], level);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {g}");
    }
}
