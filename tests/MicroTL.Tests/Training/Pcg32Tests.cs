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
