// TFLite's per-channel requantization on AVX2 with its per-channel constants laid out once per kernel call, for the
// narrow convolution, where a few multiply-adds per output leave the requantization the larger cost. Per 8 channels:
// SRDHM's two vpmuldq with the rounding nudge and RoundingDivideByPOT's "half" folded into one 64-bit constant, one
// compare for the negative-value correction, one variable shift. Bit-exact with Int8Requantization.Requantize.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Eight-channel requantization of int32 accumulators to int8 (see <see cref="Int8Requantization"/>).</summary>
/// <remarks>
/// With <c>x' = x·2^left</c>, <c>v = SRDHM(x', m) = floor((x'·m + 2^30) / 2^31)</c> and a right shift <c>e</c>,
/// RoundingDivideByPOT(v, e) = <c>floor((v + h - [v &lt; 0]) / 2^e)</c> with <c>h = 2^(e-1)</c> (<c>e ≥ 1</c>; <c>v</c> itself for
/// <c>e = 0</c>). <c>v + h = floor((x'·m + 2^30 + h·2^31) / 2^31)</c> comes out of the 64-bit products directly; that sum
/// must not leave int32, which <see cref="Fits"/> checks per call from a bound on the accumulators: where it fails the
/// general <see cref="VectorQuantizationMath.MultiplyByQuantizedMultiplier"/> runs instead.
/// </remarks>
internal readonly ref struct Avx2ChannelRequantization
{
    /// <summary>The most output channels whose constants the callers keep on the stack.</summary>
    public const int MaxChannels = 256;

    private readonly Span<int> _multiplier, _leftShift, _rightShift, _threshold;
    private readonly Span<long> _nudge;
    private readonly int _outputOffset, _min, _max;
    private readonly bool _folded, _anyLeftShift;

    /// <summary>
    /// Lays out the constants of <paramref name="q"/> for <paramref name="channels"/> channels (a multiple of 8) into the
    /// buffers given (<paramref name="multiplier"/> one longer); <paramref name="accumulatorBound"/> bounds |accumulator| for every channel.
    /// </summary>
    public Avx2ChannelRequantization(in Int8Requantization q, int channels, long accumulatorBound,
        Span<int> multiplier, Span<int> leftShift, Span<int> rightShift, Span<int> threshold, Span<long> nudge)
    {
        bool folded = true, anyLeft = false;
        for (int o = 0; o < channels; o++)
        {
            int i = q.IsPerChannel ? o : 0;
            int m = q.Multipliers[i], shift = q.Shifts[i], left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
            folded &= Fits(m, left, right, accumulatorBound);
            anyLeft |= left > 0;
            long half = right > 0 ? 1L << (right - 1) : 0;
            multiplier[o] = m;
            leftShift[o] = left;
            rightShift[o] = right;
            // v + h < h exactly when v < 0; for e = 0 no lane is below int.MinValue, so nothing is corrected.
            threshold[o] = right > 0 ? (int)half : int.MinValue;
            // Even channels' 64-bit lanes first, then the odd ones', eight channels to a block.
            nudge[o / 8 * 8 + (o % 2) * 4 + (o % 8) / 2] = (1L << 30) + (half << 31);
        }
        multiplier[channels] = 0;
        _multiplier = multiplier;
        _leftShift = leftShift;
        _rightShift = rightShift;
        _threshold = threshold;
        _nudge = nudge;
        (_outputOffset, _min, _max, _folded, _anyLeftShift) = (q.OutputOffset, q.ActivationMin, q.ActivationMax, folded, anyLeft);
    }

    /// <summary>
    /// True when <c>v + 2^(e-1)</c> stays inside int32 for every accumulator of magnitude at most <paramref name="bound"/>,
    /// the left shift cannot wrap, the multiplier is a Q0.31 value and the shift is one gemmlowp allows.
    /// </summary>
    public static bool Fits(int multiplier, int leftShift, int rightShift, long bound)
    {
        if (multiplier < 0 || leftShift > 30 || rightShift > 31) return false;
        long shifted = bound << leftShift;
        if (shifted > int.MaxValue) return false;
        long v = ((shifted * multiplier + (1L << 30)) >> 31) + 1;
        long half = rightShift > 0 ? 1L << (rightShift - 1) : 0;
        return v + half <= int.MaxValue;
    }

    /// <summary>Requantizes the accumulators of channels [o, o + 8): offset and clamped, still in int32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Lanes(Vector256<int> x, int o)
    {
        ref int multiplier = ref MemoryMarshal.GetReference(_multiplier);
        ref int rightShift = ref MemoryMarshal.GetReference(_rightShift);
        if (_anyLeftShift) x = Avx2.ShiftLeftLogicalVariable(x, Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_leftShift), (nuint)o).AsUInt32());
        Vector256<int> value;
        if (_folded)
        {
            ref long nudge = ref MemoryMarshal.GetReference(_nudge);
            Vector256<long> even = Avx2.Multiply(x, Vector256.LoadUnsafe(ref multiplier, (nuint)o)) + Vector256.LoadUnsafe(ref nudge, (nuint)o);
            // vpmuldq reads the low half of each 64-bit lane: the odd channels' multipliers one int further on.
            Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Vector256.LoadUnsafe(ref multiplier, (nuint)(o + 1)))
                + Vector256.LoadUnsafe(ref nudge, (nuint)(o + 4));
            // Bits 31-62 of each sum: the low half of the even lanes shifted down, the high half of the odd ones shifted up.
            Vector256<int> sum = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b10101010);
            sum += Vector256.GreaterThan(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_threshold), (nuint)o), sum);
            value = Avx2.ShiftRightArithmeticVariable(sum, Vector256.LoadUnsafe(ref rightShift, (nuint)o).AsUInt32());
        }
        else
        {
            Vector256<int> shift = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_leftShift), (nuint)o) - Vector256.LoadUnsafe(ref rightShift, (nuint)o);
            // The left shift is done above; only the right one remains.
            value = VectorQuantizationMath.MultiplyByQuantizedMultiplier(x, Vector256.LoadUnsafe(ref multiplier, (nuint)o),
                Vector256.Min(shift, Vector256<int>.Zero));
        }
        value += Vector256.Create(_outputOffset);
        return Vector256.Min(Vector256.Max(value, Vector256.Create(_min)), Vector256.Create(_max));
    }

    /// <summary>Requantizes two blocks of eight channels, [o, o + 16), and stores them as sixteen int8s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store16(Vector256<int> low, Vector256<int> high, int o, ref sbyte destination)
    {
        // In-lane packs: each 128-bit half holds four of `low`, then four of `high`; the dword permute puts them in order.
        Vector256<short> words = Avx2.PackSignedSaturate(Lanes(low, o), Lanes(high, o + 8));
        Vector256<sbyte> bytes = Avx2.PackSignedSaturate(words, words);
        Vector256<int> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 0, 4, 1, 5));
        ordered.GetLower().AsSByte().StoreUnsafe(ref destination);
    }

    /// <summary>Requantizes channels [o, o + 8) and stores them as eight int8s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store8(Vector256<int> x, int o, ref sbyte destination) => VectorQuantizationMath.StoreInt8(Lanes(x, o), ref destination);
}
