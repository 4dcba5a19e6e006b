using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class Pcg32Tests
{
    [Fact]
    public void NextUInt32_ReferenceSeed_MatchesPcgDemoOutput()
    {
        // pcg32-demo (pcg-c-basic), pcg32_srandom_r(&rng, 42u, 54u): first six outputs.
        var random = new Pcg32(42, 54);
        uint[] expected = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e];
        foreach (uint value in expected) Assert.Equal(value, random.NextUInt32());
    }

    // Known answers for the C port, computed by an independent transcription of pcg-c-basic (pcg32_srandom_r, pcg32_random_r,
    // pcg32_boundedrand_r) in Python's arbitrary-precision integers: the run's seed 1 on each device stream.
    [Theory]
    [InlineData(RandomStreams.Reservoir, 0x6147d0b53255fcb7UL, 0xc9828f91u, 0x1592e274u, 0xc0262657u)]
    [InlineData(RandomStreams.Split, 0x11ebb90fcb80fb13UL, 0x0f5deba9u, 0x5bd7525bu, 0xb2473657u)]
    [InlineData(RandomStreams.Initialisation, 0xc28fa16a64abf96fUL, 0xf2393151u, 0x5903bd3au, 0x0974f3f8u)]
    [InlineData(RandomStreams.Shuffle, 0x733389c4fdd6f7cbUL, 0x840d99cau, 0xa69d804cu, 0xda350e7au)]
    [InlineData(Pcg32.DefaultStream, 0UL, 0xf063dc4bu, 0xb1241f91u, 0xf842f2c2u)]
    public void NextUInt32_SeedOneOnEachStream_MatchesTheReference(ulong stream, ulong seededState, uint first, uint second, uint third)
    {
        var random = new Pcg32(1, stream);
        if (seededState != 0) Assert.Equal(seededState, random.State);

        Assert.Equal([first, second, third], new[] { random.NextUInt32(), random.NextUInt32(), random.NextUInt32() });
    }

    [Fact]
    public void NextUInt32Bounded_ReferenceSeed_MatchesTheReference()
    {
        var random = new Pcg32(42, 54);
        Assert.Equal([3u, 3u, 2u, 1u, 1u, 4u], Enumerable.Range(0, 6).Select(_ => random.NextUInt32(6)));
    }

    [Fact]
    public void Shuffle_SeedOneOnTheShuffleStream_IsThisPermutation()
    {
        int[] values = [.. Enumerable.Range(0, 10)];
        new Pcg32(1, RandomStreams.Shuffle).Shuffle(values);
        Assert.Equal([4, 1, 6, 9, 7, 5, 3, 2, 8, 0], values);
    }

    [Fact]
    public void NextSymmetric_SeedOneOnTheInitialisationStream_IsTheseBits()
    {
        // (2u - 1) * 0.5 with u = (next >> 8) * 2^-24, in float: 0x3EE47262, 0xBE1BF10C, 0xBEED161A.
        var random = new Pcg32(1, RandomStreams.Initialisation);
        Assert.Equal([0x3EE47262u, 0xBE1BF10Cu, 0xBEED161Au], Enumerable.Range(0, 3).Select(_ => BitConverter.SingleToUInt32Bits(random.NextSymmetric(0.5f))));
    }

    [Fact]
    public void FromState_SavedState_ContinuesTheSameSequence()
    {
        var random = new Pcg32(9, RandomStreams.Reservoir);
        random.NextUInt32();
        Pcg32 resumed = Pcg32.FromState(random.State, RandomStreams.Reservoir);

        Assert.Equal(random.NextUInt32(), resumed.NextUInt32());
        Assert.Equal(random.NextUInt32(), resumed.NextUInt32());
    }

    [Fact]
    public void NextFloat_ManyDraws_StayInTheUnitInterval()
    {
        var random = new Pcg32(5);
        for (int k = 0; k < 10000; k++) Assert.InRange(random.NextFloat(), 0f, 0.99999994f);
    }

    [Fact]
    public void Shuffle_AnySeed_IsAPermutationAndRepeatable()
    {
        int[] a = Enumerable.Range(0, 50).ToArray(), b = Enumerable.Range(0, 50).ToArray();
        var r1 = new Pcg32(7);
        var r2 = new Pcg32(7);
        r1.Shuffle(a);
        r2.Shuffle(b);

        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), a);
    }

    [Fact]
    public void NextUInt32Bounded_ManyDraws_StayInRange()
    {
        var random = new Pcg32(3);
        for (int k = 0; k < 1000; k++) Assert.InRange(random.NextUInt32(7), 0u, 6u);
    }
}
