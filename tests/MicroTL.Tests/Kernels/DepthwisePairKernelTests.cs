// The tap-pair DEPTHWISE_CONV_2D kernels (AVX2 and Vector128, over the widened rows of DepthwisePairRows) against
// the reference kernel, byte for byte: channel counts that are no multiple of 8 or 16, strides up to 3, padding,
// dilation, depth multipliers of 8 and 16, batches, per-tensor and per-channel requantization with edge values, the
// ring holding the whole image or a window of rows, the units of eight channels a wide layer takes, and the portable
// forms of the two SSE2 steps.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class DepthwisePairKernelTests
{
    public static TheoryData<SimdLevel> VectorLevels()
    {
        var data = new TheoryData<SimdLevel>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
            if (level >= SimdLevel.Vector128 && level <= SimdSupport.Best) data.Add(level);
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_PairShapes_EqualsReference(SimdLevel level)
    {
        var rng = new Random(600 + (int)level);
        for (int iter = 0; iter < 300; iter++)
        {
            bool broadcast = rng.Next(3) == 0;
            int c = broadcast ? rng.Next(1, 4) : rng.Next(8, 41);
            int m = broadcast ? 8 * rng.Next(1, 3) : 1;
            ConvGeometry g = Window(rng, c, m);
            Assert.True(DepthwisePairRows.Fits(g), g.ToString());
            AssertEqualsReference(rng, g, EdgeRequantization(rng, g.OutputChannels), level, iter);
        }
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_WideRowsInUnitsOfEightChannels_EqualsReference(SimdLevel level)
    {
        var rng = new Random(700 + (int)level);
        foreach (int c in new[] { 60, 64 })
        {
            // 200 columns of 60 or 64 channels overflow the stack budget as one unit; eight channels at a time fit.
            var g = new ConvGeometry(1, 3, 200, c, 3, 3, 1, 3, 200, c, PadHeight: 1, PadWidth: 1);
            Assert.True(DepthwisePairRows.Fits(g));
            Assert.True(DepthwisePairRows.For(g).Units > 1);
            AssertEqualsReference(rng, g, EdgeRequantization(rng, c), level, c);
        }
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_LongRows_EqualsReference(SimdLevel level)
    {
        // Rows of 8 to 60 columns: the row builders' vector runs with their last chunk overlapping the one before
        // (one channel at stride 1 and 2, all channels at every stride), the stack buffers left unzeroed between calls.
        var rng = new Random(900 + (int)level);
        for (int iter = 0; iter < 120; iter++)
        {
            bool broadcast = rng.Next(2) == 0;
            int c = broadcast ? 1 : rng.Next(4) switch { 0 => 8, 1 => 16, 2 => 24, _ => rng.Next(9, 41) };
            int m = broadcast ? 8 * rng.Next(1, 3) : 1;
            int h = rng.Next(3, 9), w = rng.Next(8, 61), f = rng.Next(1, 4) * 2 - 1, s = rng.Next(1, 4), d = rng.Next(4) == 0 ? 2 : 1;
            var padding = rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid;
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(s, s, d, d, h, w, f, f, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            var g = new ConvGeometry(1, h, w, c, f, f, 1, oh, ow, c * m, s, s, d, d, pad.Height, pad.Width, m);
            Assert.True(DepthwisePairRows.Fits(g), g.ToString());
            AssertEqualsReference(rng, g, EdgeRequantization(rng, g.OutputChannels), level, iter);
        }
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_WholeImageOrAWindowOfRowsInTheRing_EqualsReference(SimdLevel level)
    {
        // Small images keep every row in the ring: each block then runs over all output rows in one call, 3x3 filters
        // four pixels at a time across the ends of rows (pixel counts leaving 0 to 3 over). Tall ones keep a window
        // of rows. Both, with 1 or 2 batches, 3x3 filters and others, stride 1 and 2.
        var rng = new Random(1100 + (int)level);
        int whole = 0, window = 0;
        for (int iter = 0; iter < 60; iter++)
        {
            bool tall = iter % 2 == 1;
            int c = tall ? 8 * rng.Next(2, 5) : rng.Next(2) == 0 ? 8 * rng.Next(1, 5) : rng.Next(9, 40);
            int h = tall ? rng.Next(150, 200) : rng.Next(1, 9), w = tall ? rng.Next(6, 12) : rng.Next(1, 8), s = rng.Next(1, 3);
            (int fh, int fw) = rng.Next(4) switch { 0 => (5, 5), 1 => (1, 3), _ => (3, 3) };
            var padding = rng.Next(3) == 0 ? MicroTL.TfLite.Padding.Valid : MicroTL.TfLite.Padding.Same;
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(s, s, 1, 1, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            var g = new ConvGeometry(rng.Next(1, 3), h, w, c, fh, fw, 1, oh, ow, c, s, s, 1, 1, pad.Height, pad.Width);
            Assert.True(DepthwisePairRows.Fits(g), g.ToString());
            if (DepthwisePairRows.For(g).HoldsAllRows) whole++;
            else window++;
            AssertEqualsReference(rng, g, EdgeRequantization(rng, c), level, iter);
        }
        Assert.True(whole >= 20 && window >= 20, $"{whole} whole images, {window} windows");
    }

    [Fact]
    public void For_SmallImagesOfShortRows_HoldAllRows()
    {
        // person_detect's 6x6x128 layers hold every row; its first layer (rows of 48 pixels) and its 12x12x32 one would
        // fit too, but their rows are long enough to keep a window.
        Assert.True(DepthwisePairRows.For(new ConvGeometry(1, 6, 6, 128, 3, 3, 1, 6, 6, 128, PadHeight: 1, PadWidth: 1)).HoldsAllRows);
        var first = new ConvGeometry(1, 96, 96, 1, 3, 3, 1, 48, 48, 8, 2, 2, PadHeight: 0, PadWidth: 0, DepthMultiplier: 8);
        Assert.False(DepthwisePairRows.For(first).HoldsAllRows);
        Assert.Equal(3, DepthwisePairRows.For(first).RingRows);
        Assert.False(DepthwisePairRows.For(new ConvGeometry(1, 24, 24, 32, 3, 3, 1, 12, 12, 32, 2, 2, PadHeight: 0, PadWidth: 0)).HoldsAllRows);
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_BeyondTheStackBudget_TakesTheBlocksWithEqualBytes(SimdLevel level)
    {
        var rng = new Random(800 + (int)level);
        var g = new ConvGeometry(1, 2, 2000, 8, 3, 3, 1, 2, 2000, 8, PadHeight: 1, PadWidth: 1);
        Assert.False(DepthwisePairRows.Fits(g));
        AssertEqualsReference(rng, g, EdgeRequantization(rng, 8), level, 0);
    }

    [Theory]
    [MemberData(nameof(VectorLevels))]
    public void Run_ExtremeInputsAndWeights_EqualsReference(SimdLevel level)
    {
        var rng = new Random(900 + (int)level);
        foreach (sbyte x in new sbyte[] { -128, 127 })
        foreach (sbyte w in new sbyte[] { -128, 127 })
        foreach (int m in new[] { 1, 8 })
        {
            int c = m == 1 ? 12 : 1;
            var g = new ConvGeometry(1, 5, 7, c, 3, 3, 1, 5, 7, c * m, PadHeight: 1, PadWidth: 1, DepthMultiplier: m);
            sbyte[] input = Enumerable.Repeat(x, g.InputLength).ToArray(), filter = Enumerable.Repeat(w, g.DepthwiseFilterLength).ToArray();
            foreach (int inputOffset in new[] { -127, 0, 128 })
            {
                var multipliers = new int[g.OutputChannels];
                var shifts = new int[g.OutputChannels];
                for (int o = 0; o < multipliers.Length; o++)
                    (multipliers[o], shifts[o]) = o % 2 == 0 ? (int.MaxValue, -9) : (1 << 30, -8 - o % 3);
                var q = new Int8Requantization(multipliers, shifts, inputOffset, rng.Next(-128, 128), -128, 127);
                int[] bias = KernelShapes.RandomInts(rng, g.OutputChannels, 1 << 20);
                var expected = new sbyte[g.OutputLength];
                DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, expected);
                var actual = new sbyte[g.OutputLength];
                DepthwiseConv2DInt8.Run(g, q, input, filter, bias, actual, new int[DepthwiseConv2DInt8.ScratchInts(g)], level);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"x {x}, w {w}, M {m}, offset {inputOffset}");
            }
        }
    }

    public static TheoryData<SimdLevel, int> LevelsAndRequantizations()
    {
        var data = new TheoryData<SimdLevel, int>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
        for (int kind = 0; kind < 3 && level >= SimdLevel.Vector128 && level <= SimdSupport.Best; kind++) data.Add(level, kind);
        return data;
    }

    // Kind 0: right shifts and small biases (the rounding constant folds); 1: left shifts of 1 or 2 with small biases
    // (folds, the accumulators shifted first); 2: as 0 but one channel's accumulators near int32's end, so that Fits
    // fails and the kernels take the general requantization.
    [Theory]
    [MemberData(nameof(LevelsAndRequantizations))]
    public void Run_FoldedAndFallbackRequantization_EqualsReference(SimdLevel level, int kind)
    {
        var rng = new Random(1000 + 10 * (int)level + kind);
        foreach ((int c, int m) in new[] { (16, 1), (2, 8), (12, 1) })
        {
            var g = new ConvGeometry(1, 7, 9, c, 3, 3, 1, 7, 9, c * m, PadHeight: 1, PadWidth: 1, DepthMultiplier: m);
            int n = g.OutputChannels;
            var multipliers = new int[n];
            var shifts = new int[n];
            var bias = new int[n];
            for (int o = 0; o < n; o++)
            {
                multipliers[o] = (1 << 30) + rng.Next(1 << 30);
                shifts[o] = kind == 1 ? rng.Next(1, 3) : -rng.Next(1, 12);
                bias[o] = rng.Next(-2000, 2000);
            }
            int outputOffset = rng.Next(20, 128) * (rng.Next(2) == 0 ? 1 : -1);
            if (kind == 2)
            {
                // One channel's bias within 2^18 of int32's end, on the output offset's side, with m ≈ 2^31 and e = 20:
                // v + 2^19 + offset·2^20 leaves int32, so the folded form would wrap (and clamp to the other end).
                int wide = rng.Next(n);
                (multipliers[wide], shifts[wide]) = (int.MaxValue, -20);
                bias[wide] = (int.MaxValue - (1 << 18) + rng.Next(1 << 16)) * Math.Sign(outputOffset);
            }
            // An input offset of 0 leaves the folded biases the biases, whose bound the kernels compute.
            var q = new Int8Requantization(multipliers, shifts, 0, outputOffset, -128, 127);
            long bound = DepthwisePairRows.AccumulatorBound(g, bias);
            bool fits = Enumerable.Range(0, n).All(o =>
                Avx2ChannelRequantization.Fits(multipliers[o], Math.Max(shifts[o], 0), Math.Max(-shifts[o], 0), outputOffset, bound));
            Assert.Equal(kind != 2, fits);
            sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.DepthwiseFilterLength);
            var expected = new sbyte[g.OutputLength];
            DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, expected);
            var actual = new sbyte[g.OutputLength];
            DepthwiseConv2DInt8.Run(g, q, input, filter, bias, actual, new int[DepthwiseConv2DInt8.ScratchInts(g)], level);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"kind {kind}: {g}");
            // The outputs are not all clamped to one end (the case tests the arithmetic, not the clamp).
            Assert.True(expected.Distinct().Count() > 2, $"kind {kind}: {g}");
        }
    }

    [Fact]
    public void PairEightPortable_RandomBytes_EqualsTheEntriesOneByOne()
    {
        var rng = new Random(5);
        var low = new sbyte[8];
        var high = new sbyte[8];
        var entries = new int[8];
        var portable = new int[8];
        for (int iter = 0; iter < 200; iter++)
        {
            rng.NextBytes((byte[])(object)low);
            rng.NextBytes((byte[])(object)high);
            DepthwisePairRows.PairEight(low, high, entries);
            DepthwisePairRows.PairEightPortable(Vector128.Create(low.Concat(new sbyte[8]).ToArray()), Vector128.Create(high.Concat(new sbyte[8]).ToArray()),
                ref portable[0]);
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(DepthwisePairRows.Entry(low[i], high[i]), entries[i]);
                Assert.Equal(entries[i], portable[i]);
            }
        }
    }

    [Fact]
    public void MultiplyAddAdjacentPortable_Int8RangeValues_EqualsThePairSums()
    {
        var rng = new Random(6);
        for (int iter = 0; iter < 200; iter++)
        {
            short[] a = Enumerable.Range(0, 8).Select(_ => (short)rng.Next(-128, 128)).ToArray();
            short[] b = Enumerable.Range(0, 8).Select(_ => (short)rng.Next(-128, 128)).ToArray();
            Vector128<int> portable = DepthwiseConv2DInt8Pairs128.MultiplyAddAdjacentPortable(Vector128.Create(a), Vector128.Create(b));
            Vector128<int> chosen = DepthwiseConv2DInt8Pairs128.MultiplyAddAdjacent(Vector128.Create(a), Vector128.Create(b));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1], portable[i]);
                Assert.Equal(portable[i], chosen[i]);
            }
            if (Sse2.IsSupported) Assert.Equal(Sse2.MultiplyAddAdjacent(Vector128.Create(a), Vector128.Create(b)), portable);
        }
    }

    // A window of 1 to 5 taps a side, strides 1 to 3, dilation 1 or 2, SAME or VALID padding, 1 or 2 batches.
    private static ConvGeometry Window(Random rng, int c, int m)
    {
        while (true)
        {
            int h = rng.Next(1, 16), w = rng.Next(1, 16), fh = rng.Next(1, 6), fw = rng.Next(1, 6);
            int sh = rng.Next(1, 4), sw = rng.Next(1, 4), dh = rng.Next(4) == 0 ? 2 : 1, dw = rng.Next(4) == 0 ? 2 : 1;
            var padding = rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid;
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            return new ConvGeometry(rng.Next(1, 3), h, w, c, fh, fw, 1, oh, ow, c * m, sh, sw, dh, dw, pad.Height, pad.Width, m);
        }
    }

    // Per tensor or per channel; shifts from -20 to +3 (left shifts included), multipliers from 2^30 to 2^31 - 1 with
    // the two ends drawn often; narrow and full activation ranges.
    private static Int8Requantization EdgeRequantization(Random rng, int channels)
    {
        int n = rng.Next(3) == 0 ? 1 : channels;
        var multipliers = new int[n];
        var shifts = new int[n];
        for (int i = 0; i < n; i++)
        {
            multipliers[i] = rng.Next(4) switch { 0 => 1 << 30, 1 => int.MaxValue, _ => (1 << 30) + rng.Next(1 << 30) };
            shifts[i] = rng.Next(5) == 0 ? rng.Next(0, 4) : -rng.Next(1, 21);
        }
        int inputOffset = rng.Next(5) == 0 ? (rng.Next(2) == 0 ? -127 : 128) : -rng.Next(-128, 128);
        bool full = rng.Next(2) == 0;
        return new Int8Requantization(multipliers, shifts, inputOffset, rng.Next(-128, 128), full ? -128 : rng.Next(-128, 0), full ? 127 : rng.Next(0, 128));
    }

    private static void AssertEqualsReference(Random rng, ConvGeometry g, in Int8Requantization q, SimdLevel level, int iter)
    {
        sbyte[] input = KernelShapes.RandomBytes(rng, g.InputLength), filter = KernelShapes.RandomBytes(rng, g.DepthwiseFilterLength);
        int[] bias = rng.Next(4) == 0 ? [] : KernelShapes.RandomInts(rng, g.OutputChannels, 20000);
        var expected = new sbyte[g.OutputLength];
        DepthwiseConv2DInt8.RunReference(g, q, input, filter, bias, expected);
        var actual = new sbyte[g.OutputLength];
        DepthwiseConv2DInt8.Run(g, q, input, filter, bias, actual, new int[DepthwiseConv2DInt8.ScratchInts(g)], level);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"iteration {iter}: {g}");
    }
}
