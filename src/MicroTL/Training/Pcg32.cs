namespace MicroTL.Training;

/// <summary>
/// PCG32 (O'Neill 2014, "PCG XSH RR 64/32", the generator of pcg-c-basic): the one random generator of
/// MicroTL, on the device (the store's reservoir, the train/validation split, the head's initialisation, the
/// per-epoch shuffle) and on the host (pretraining, baselines, sample choices). Same output on every platform
/// and runtime, which <see cref="System.Random"/> does not promise; 64-bit arithmetic only, so a C port on a
/// Cortex-M4 is a dozen lines. A mutable struct: the state and the stream's increment, nothing allocated.
/// <c>default(Pcg32)</c> is not seeded; use the constructor.
/// </summary>
/// <remarks>
/// <code>
/// step:     old = state;  state = old * 6364136223846793005 + inc   (mod 2^64)
/// output:   x = (uint32)(((old >> 18) ^ old) >> 27);  rot = old >> 59;  return (x >> rot) | (x &lt;&lt; ((-rot) &amp; 31))
/// seeding:  inc = (stream &lt;&lt; 1) | 1;  state = 0;  step;  state += seed;  step           (pcg32_srandom_r)
/// bounded:  t = (2^32 - bound) mod bound;  draw r until r >= t;  return r mod bound      (pcg32_boundedrand_r)
/// float:    (NextUInt32() >> 8) * 2^-24, in [0, 1), exact in float
/// shuffle:  for i = n-1 down to 1: j = bounded(i + 1); swap v[i], v[j]                   (Fisher-Yates)
/// </code>
/// A stream with a fixed increment is one 64-bit word of state (<see cref="State"/>), which the store logs with
/// each record and <see cref="FromState"/> resumes. Each use on the device has its own stream (<see cref="RandomStreams"/>).
/// </remarks>
public struct Pcg32
{
    /// <summary>The LCG multiplier of PCG's 64-bit state.</summary>
    public const ulong Multiplier = 6364136223846793005UL;

    /// <summary>The stream of <c>new Pcg32(seed)</c>.</summary>
    public const ulong DefaultStream = 0xDA3E39CB94B95BDBUL;

    private ulong _state;
    private readonly ulong _increment;

    /// <summary>Seeds the generator (pcg32_srandom_r); <paramref name="stream"/> picks one of 2^63 independent sequences.</summary>
    public Pcg32(ulong seed, ulong stream = DefaultStream)
    {
        _state = 0;
        _increment = (stream << 1) | 1UL;
        NextUInt32();
        _state += seed;
        NextUInt32();
    }

    private Pcg32(ulong state, ulong stream, bool _)
    {
        _state = state;
        _increment = (stream << 1) | 1UL;
    }

    /// <summary>The generator on <paramref name="stream"/> whose state is <paramref name="state"/> (a <see cref="State"/> saved before).</summary>
    public static Pcg32 FromState(ulong state, ulong stream) => new(state, stream, false);

    /// <summary>The 64-bit state; with the stream, the whole generator.</summary>
    public readonly ulong State => _state;

    /// <summary>The next 32 uniformly distributed bits.</summary>
    public uint NextUInt32()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rotation = (int)(old >> 59);
        return (xorShifted >> rotation) | (xorShifted << ((-rotation) & 31));
    }

    /// <summary>A uniform integer in <c>[0, bound)</c>, without modulo bias (rejection sampling); 0 when <paramref name="bound"/> is 0.</summary>
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

    /// <summary>A uniform float in <c>[0, 1)</c> from the top 24 bits: <c>(NextUInt32() &gt;&gt; 8) * 2^-24</c>, exact.</summary>
    public float NextFloat() => (NextUInt32() >> 8) * (1f / 16777216f);

    /// <summary>A uniform float in <c>[-limit, limit)</c>: <c>(2 u - 1) * limit</c> with u = <see cref="NextFloat"/>, in that order.</summary>
    public float NextSymmetric(float limit) => (2f * NextFloat() - 1f) * limit;

    /// <summary>Shuffles in place (Fisher-Yates from the last element down), each permutation equally likely.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)NextUInt32((uint)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
