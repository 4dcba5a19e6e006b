// TFLite's per-channel requantization on portable Vector128 lanes (SSE or NEON, no variable shifts): the per-lane
// shifts become multiplies by per-channel powers of two computed once per kernel call, so each output costs a few
// vector operations instead of a scalar MultiplyByQuantizedMultiplier. Bit-exact with Int8Requantization.Requantize.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroTL.Kernels;

/// <summary>Eight-channel requantization and int8 store on <see cref="Vector128"/> (see <see cref="Int8Requantization"/>).</summary>
/// <remarks>
/// Per channel: <c>x·2^left</c> (a multiply), <c>SRDHM(x, m) = (x·m + 2^30) &gt;&gt; 31</c> in 64-bit lanes,
/// <c>v &gt;&gt; e = (v·2^(32-e)) &gt;&gt; 32</c> in 64-bit lanes, then the round-half-away correction of
/// <see cref="QuantizationMath.RoundingDivideByPOT"/> from the remainder <c>v &amp; (2^e - 1)</c>.
/// </remarks>
internal readonly ref struct PortableRequantization
{
    /// <summary>The most channels whose constants fit the caller's stack buffers.</summary>
    public const int MaxChannels = 512;

    private readonly Span<int> _leftPower, _multiplier, _mask;
    private readonly Span<long> _downPower;
    private readonly int _outputOffset, _min, _max;

    /// <summary>Computes the per-channel constants of <paramref name="q"/> for <paramref name="channels"/> channels into the buffers given (each at least that long).</summary>
    public PortableRequantization(in Int8Requantization q, int channels, Span<int> leftPower, Span<int> multiplier, Span<int> mask, Span<long> downPower)
    {
        for (int o = 0; o < channels; o++)
        {
            int i = q.IsPerChannel ? o : 0;
            int shift = q.Shifts[i], left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
            leftPower[o] = 1 << left;
            multiplier[o] = q.Multipliers[i];
            mask[o] = unchecked((int)((1L << right) - 1));
            downPower[o] = 1L << (32 - right);
        }
        _leftPower = leftPower;
        _multiplier = multiplier;
        _mask = mask;
        _downPower = downPower;
        (_outputOffset, _min, _max) = (q.OutputOffset, q.ActivationMin, q.ActivationMax);
    }

    /// <summary>Requantizes the accumulators of channels [o, o + 8) (<paramref name="lo"/>: o..o+3) and stores eight int8s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store8(Vector128<int> lo, Vector128<int> hi, int o, ref sbyte destination)
    {
        Vector128<int> a = Lanes(lo, o), b = Lanes(hi, o + 4);
        Vector128<short> packed = Vector128.Narrow(a, b);
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), Vector128.Narrow(packed, packed).AsInt64().ToScalar());
    }

    // Four channels [o, o + 4): requantized, offset and clamped, still in int32 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<int> Lanes(Vector128<int> x, int o)
    {
        x *= Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_leftPower), (nuint)o);
        Vector128<int> v = HighMul(x, Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_multiplier), (nuint)o));
        ref long down = ref MemoryMarshal.GetReference(_downPower);
        (Vector128<long> v0, Vector128<long> v1) = Vector128.Widen(v);
        Vector128<int> floor = Vector128.Narrow(
            Vector128.ShiftRightLogical(v0 * Vector128.LoadUnsafe(ref down, (nuint)o), 32),
            Vector128.ShiftRightLogical(v1 * Vector128.LoadUnsafe(ref down, (nuint)(o + 2)), 32));
        Vector128<int> mask = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_mask), (nuint)o);
        // threshold = mask/2, plus one for negative v; a true comparison is -1, so subtracting it rounds up.
        Vector128<int> threshold = Vector128.ShiftRightArithmetic(mask, 1) - Vector128.ShiftRightArithmetic(v, 31);
        Vector128<int> value = floor - Vector128.GreaterThan(v & mask, threshold) + Vector128.Create(_outputOffset);
        return Vector128.Min(Vector128.Max(value, Vector128.Create(_min)), Vector128.Create(_max));
    }

    // Lane-wise SRDHM for a multiplier that is not int.MinValue: floor((x·m + 2^30) / 2^31), whose low 32 bits a logical
    // shift gives as well as an arithmetic one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> HighMul(Vector128<int> x, Vector128<int> m)
    {
        (Vector128<long> x0, Vector128<long> x1) = Vector128.Widen(x);
        (Vector128<long> m0, Vector128<long> m1) = Vector128.Widen(m);
        Vector128<long> nudge = Vector128.Create(1L << 30);
        return Vector128.Narrow(Vector128.ShiftRightLogical(x0 * m0 + nudge, 31), Vector128.ShiftRightLogical(x1 * m1 + nudge, 31));
    }
}
