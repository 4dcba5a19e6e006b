// The LayOutBlock methods of Avx2ChannelRequantization and PortableChannelRequantization (the vector layouts the
// kernels lay out per call; over whole channel ranges through LayOutBlocks) against their constructors' scalar layouts: the same constants in every block and
// the same Folded and AnyLeftShift, across shifts, multipliers, offsets and accumulator bounds on both sides of Fits.
using System.Runtime.Intrinsics.X86;
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class ChannelRequantizationLayOutTests
{
    [Fact]
    public void LayOutBlock_RandomRequantizations_EqualsTheConstructorsLayout()
    {
        if (!Avx2.IsSupported) return;
        var rng = new Random(31);
        int foldedSeen = 0, unfoldedSeen = 0;
        for (int iter = 0; iter < 2000; iter++)
        {
            (int[] multipliers, int[] shifts, int outputOffset, int channels, long bound) = Draw(rng);
            var q = new Int8Requantization(multipliers, shifts, 0, outputOffset, -128, 127);
            var expected = new int[channels / 8 * Avx2ChannelRequantization.BlockInts];
            var scalar = new Avx2ChannelRequantization(q, 0, channels, bound, expected);
            var actual = new int[expected.Length];
            (bool folded, bool anyLeftShift) = Avx2ChannelRequantization.LayOutBlocks(q, 0, channels, bound, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(scalar.Folded, folded);
            Assert.Equal(scalar.AnyLeftShift, anyLeftShift);
            if (folded) foldedSeen++;
            else unfoldedSeen++;
        }
        // Both sides of Fits were drawn often.
        Assert.True(foldedSeen > 200 && unfoldedSeen > 200, $"{foldedSeen} folded, {unfoldedSeen} not");
    }

    [Fact]
    public void PortableLayOutBlock_RandomRequantizations_EqualsTheConstructorsLayout()
    {
        var rng = new Random(32);
        int foldedSeen = 0, unfoldedSeen = 0;
        for (int iter = 0; iter < 2000; iter++)
        {
            (int[] multipliers, int[] shifts, int outputOffset, int channels, long bound) = Draw(rng);
            var q = new Int8Requantization(multipliers, shifts, 0, outputOffset, -128, 127);
            var expected = new long[channels / 8 * PortableChannelRequantization.BlockLongs];
            var scalar = new PortableChannelRequantization(q, 0, channels, bound, expected);
            var actual = new long[expected.Length];
            (bool folded, bool anyLeftShift) = PortableChannelRequantization.LayOutBlocks(q, 0, channels, bound, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(scalar.Folded, folded);
            Assert.Equal(scalar.AnyLeftShift, anyLeftShift);
            if (folded) foldedSeen++;
            else unfoldedSeen++;
        }
        Assert.True(foldedSeen > 200 && unfoldedSeen > 200, $"{foldedSeen} folded, {unfoldedSeen} not");
    }

    // 8 to 32 channels, per tensor or per channel, TFLite's shift range with left shifts, multipliers from 0 to 2^31 - 1,
    // bounds from small to beyond int32.
    private static (int[] Multipliers, int[] Shifts, int OutputOffset, int Channels, long Bound) Draw(Random rng)
    {
        int channels = 8 * rng.Next(1, 5);
        bool perChannel = rng.Next(4) != 0;
        var multipliers = new int[perChannel ? channels : 1];
        var shifts = new int[multipliers.Length];
        for (int i = 0; i < multipliers.Length; i++)
        {
            multipliers[i] = rng.Next(6) switch { 0 => 1 << 30, 1 => int.MaxValue, 2 => rng.Next(), _ => (1 << 30) + rng.Next(1 << 30) };
            shifts[i] = rng.Next(4) switch { 0 => rng.Next(0, 12), 1 => -rng.Next(0, 32), _ => -rng.Next(1, 12) };
        }
        long bound = rng.Next(3) switch { 0 => rng.Next(1 << 20), 1 => rng.NextInt64(1L << 32), _ => (long)rng.Next() };
        return (multipliers, shifts, rng.Next(-128, 128), channels, bound);
    }

    [Theory]
    [InlineData(1L << 31, 0)]
    [InlineData(1L << 33, 30)] // 2^63 after the shift: would wrap to a negative bound
    [InlineData(1L << 40, 24)]
    public void Fits_BoundBeyondInt32_NeverFolds(long bound, int leftShift)
    {
        Assert.False(Avx2ChannelRequantization.Fits(1 << 30, leftShift, 0, 0, bound));
        if (Avx2.IsSupported)
            Assert.False(Avx2ChannelRequantization.FitsEight(System.Runtime.Intrinsics.Vector256.Create(1 << 30),
                System.Runtime.Intrinsics.Vector256.Create(leftShift), 0, bound));
    }

    [Fact]
    public void LayOutBlock_FoldedAlreadyCleared_StaysCleared()
    {
        if (!Avx2.IsSupported) return;
        var q = new Int8Requantization([1 << 30], [-8], 0, 3, -128, 127);
        var block = new int[Avx2ChannelRequantization.BlockInts];
        bool folded = false, anyLeftShift = false;
        Avx2ChannelRequantization.LayOutBlock(q, 0, 1000, block, ref folded, ref anyLeftShift);
        Assert.False(folded);
        Assert.False(anyLeftShift);
        var expected = new int[Avx2ChannelRequantization.BlockInts];
        Assert.True(new Avx2ChannelRequantization(q, 0, 8, 1000, expected).Folded);
        Assert.Equal(expected, block);
    }
}
