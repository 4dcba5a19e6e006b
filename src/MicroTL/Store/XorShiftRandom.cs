namespace MicroTL.Store;

/// <summary>
/// xorshift64* (Vigna 2016): a tiny, allocation-free PRNG whose whole state is one 64-bit word, so
/// it can be logged to flash and restored exactly. Chosen over System.Random, whose algorithm is
/// not part of its contract and whose state cannot be saved.
/// </summary>
internal struct XorShiftRandom
{
    // Any non-zero state works; zero is a fixed point of xorshift, so a zero seed maps here.
    private const ulong ZeroSeedReplacement = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    public XorShiftRandom(ulong seed) => _state = seed == 0 ? ZeroSeedReplacement : seed;

    /// <summary>The full generator state (never zero); restoring it replays the same sequence.</summary>
    public ulong State
    {
        readonly get => _state;
        set => _state = value == 0 ? ZeroSeedReplacement : value;
    }

    public ulong NextUInt64()
    {
        ulong x = _state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _state = x;
        return x * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>
    /// A value in [0, <paramref name="bound"/>) as the high word of <c>next * bound</c> (Lemire's
    /// multiply-shift without the rejection step: the bias is below bound / 2^64, negligible here).
    /// </summary>
    public long NextBelow(long bound)
    {
        System.Diagnostics.Debug.Assert(bound > 0);
        return (long)Math.BigMul(NextUInt64(), (ulong)bound, out _);
    }
}
