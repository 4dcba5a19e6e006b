namespace MicroTL.Training;

/// <summary>
/// PCG32 (O'Neill 2014, "PCG XSH RR 64/32"): a small, fast, seedable generator with the same
/// output on every platform and runtime, which <see cref="System.Random"/> does not promise.
/// A mutable struct: 16 bytes of state, nothing allocated. <c>default(Pcg32)</c> is not seeded; use the constructor.
/// </summary>
public struct Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;
    private ulong _state;
    private readonly ulong _increment;

    /// <summary>Seeds the generator; <paramref name="stream"/> picks one of 2^63 independent sequences.</summary>
    public Pcg32(ulong seed, ulong stream = 0xDA3E39CB94B95BDBUL)
    {
        _state = 0;
        _increment = (stream << 1) | 1UL;
        NextUInt32();
        _state += seed;
        NextUInt32();
    }

    /// <summary>The next 32 uniformly distributed bits.</summary>
    public uint NextUInt32()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rotation = (int)(old >> 59);
        return (xorShifted >> rotation) | (xorShifted << ((-rotation) & 31));
    }

    /// <summary>A uniform integer in <c>[0, bound)</c>, without modulo bias (rejection sampling).</summary>
    public uint NextUInt32(uint bound)
    {
        if (bound == 0) return 0;
        // Values below 2^32 mod bound would make the low residues more likely; drop them.
        uint threshold = unchecked((uint)-bound) % bound;
        while (true)
        {
            uint r = NextUInt32();
            if (r >= threshold) return r % bound;
        }
    }

    /// <summary>A uniform double in <c>[0, 1)</c> from 53 random bits.</summary>
    public double NextDouble()
    {
        ulong bits = ((ulong)NextUInt32() << 21) ^ NextUInt32();
        return (bits & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }

    /// <summary>A standard normal sample (Box-Muller, one of the pair; the other is dropped to keep no extra state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log(0) is never taken
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles in place (Fisher-Yates), each permutation equally likely.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)NextUInt32((uint)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
