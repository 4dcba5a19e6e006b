namespace MicroTL.Toolkit.Training;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator behind weight initialisation and
/// mini-batch shuffles. Our own so a seed means the same network on every runtime version
/// (System.Random's sequence is not part of its contract).
/// </summary>
public struct TrainingRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>) (multiply-shift; bias below bound / 2^64).</summary>
    public int NextBelow(int bound) => (int)(((UInt128)NextUInt64() * (ulong)bound) >> 64);

    /// <summary>A float uniform in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A float uniform in [-<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public float NextSymmetric(float limit) => (2f * NextFloat() - 1f) * limit;

    /// <summary>Fisher-Yates shuffle of <paramref name="values"/> in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextBelow(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
