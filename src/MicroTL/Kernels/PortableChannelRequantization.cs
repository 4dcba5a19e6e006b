// TFLite's per-channel requantization on portable Vector128 lanes (SSE or NEON: no per-lane shifts) for CONV_2D's
// narrow path, with the per-channel constants laid out once per call, one block per eight channels. As on AVX2
// (Avx2ChannelRequantization), RoundingDivideByPOT's "half" and the output offset go in with SRDHM's nudge, so one
// 64-bit multiply-add and a shift give v + h + offset·2^e; the right shift by a per-channel e is a multiply by
// 2^(32-e) in 64-bit lanes. Bit-exact with Int8Requantization.Requantize where Avx2ChannelRequantization.Fits holds.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Requantization of eight channels' accumulators to int8 on <see cref="Vector128"/> (see <see cref="Avx2ChannelRequantization"/>).</summary>
internal readonly ref struct PortableChannelRequantization
{
    /// <summary>Longs of constants per block of eight channels.</summary>
    public const int BlockLongs = 32;

    // Offsets in a block (in longs): the multipliers, the nudges, the powers 2^(32-e); then (in ints, from 48) the
    // powers 2^left and the thresholds of the negative-value correction.
    private const int Multiplier = 0, Nudge = 8, DownPower = 16, LeftPower = 48, Threshold = 56;

    /// <summary>
    /// Lays out the constants of <paramref name="q"/> for output channels [<paramref name="firstChannel"/>,
    /// <paramref name="firstChannel"/> + <paramref name="channels"/>) (a multiple of 8) in
    /// <paramref name="constants"/> (<see cref="BlockLongs"/> per eight channels); <paramref name="accumulatorBound"/>
    /// bounds |accumulator| for every channel. One channel at a time: the reference layout, which the tests hold
    /// <see cref="LayOutBlock"/> (what the kernels call) to, and LayOutBlock's form without AVX2.
    /// </summary>
    public PortableChannelRequantization(in Int8Requantization q, int firstChannel, int channels, long accumulatorBound, Span<long> constants)
    {
        bool folded = true, anyLeft = false;
        Span<int> ints = MemoryMarshal.Cast<long, int>(constants);
        for (int o = 0; o < channels; o++)
        {
            int i = q.IsPerChannel ? firstChannel + o : 0, block = o / 8 * BlockLongs, lane = o % 8;
            int m = q.Multipliers[i], shift = q.Shifts[i], left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
            folded &= Avx2ChannelRequantization.Fits(m, left, right, q.OutputOffset, accumulatorBound);
            anyLeft |= left > 0;
            long added = (right > 0 ? 1L << (right - 1) : 0) + ((long)q.OutputOffset << (right & 31));
            constants[block + Multiplier + lane] = m;
            constants[block + Nudge + lane] = (1L << 30) + (added << 31);
            constants[block + DownPower + lane] = 1L << (32 - (right & 31));
            ints[2 * block + LeftPower + lane] = 1 << (left & 31);
            ints[2 * block + Threshold + lane] = right > 0 ? (int)added : int.MinValue;
        }
        Folded = folded;
        AnyLeftShift = anyLeft;
    }

    /// <summary>
    /// Lays out output channels [<paramref name="firstChannel"/>, +<paramref name="channels"/>) (a multiple of 8) as the
    /// constructor does, block by block with <see cref="LayOutBlock"/>; returns its Folded and AnyLeftShift.
    /// </summary>
    public static (bool Folded, bool AnyLeftShift) LayOutBlocks(in Int8Requantization q, int firstChannel, int channels,
        long accumulatorBound, Span<long> constants)
    {
        bool folded = true, anyLeftShift = false;
        for (int block = 0; block < channels / 8; block++)
            LayOutBlock(q, firstChannel + 8 * block, accumulatorBound, constants.Slice(block * BlockLongs), ref folded, ref anyLeftShift);
        return (folded, anyLeftShift);
    }

    /// <summary>
    /// Lays out the constants of output channels [<paramref name="firstChannel"/>, +8) in <paramref name="block"/>
    /// (<see cref="BlockLongs"/> longs) as the constructor does: the kernels lay out their blocks on every call. With
    /// AVX2 (per-lane shifts) in vector operations, else the constructor's loop. Clears <paramref name="folded"/>
    /// unless <see cref="Avx2ChannelRequantization.Fits"/> holds for all eight channels and sets
    /// <paramref name="anyLeftShift"/> when one has a left shift.
    /// </summary>
    public static void LayOutBlock(in Int8Requantization q, int firstChannel, long accumulatorBound, Span<long> block,
        ref bool folded, ref bool anyLeftShift)
    {
        if (!Avx2.IsSupported)
        {
            var scalar = new PortableChannelRequantization(q, firstChannel, 8, accumulatorBound, block[..BlockLongs]);
            folded &= scalar.Folded;
            anyLeftShift |= scalar.AnyLeftShift;
            return;
        }
        ref long b = ref MemoryMarshal.GetReference(block[..BlockLongs]);
        ref int ints = ref Unsafe.As<long, int>(ref b);
        Vector256<int> m = q.IsPerChannel ? Vector256.Create(q.Multipliers.Slice(firstChannel, 8)) : Vector256.Create(q.Multipliers[0]);
        Vector256<int> shift = q.IsPerChannel ? Vector256.Create(q.Shifts.Slice(firstChannel, 8)) : Vector256.Create(q.Shifts[0]);
        Vector256<int> left = Vector256.Max(shift, Vector256<int>.Zero), right = Vector256.Max(-shift, Vector256<int>.Zero);
        Avx2.ConvertToVector256Int64(m.GetLower()).StoreUnsafe(ref b, Multiplier);
        Avx2.ConvertToVector256Int64(m.GetUpper()).StoreUnsafe(ref b, Multiplier + 4);
        // As the constructor: shifts taken modulo 32 where it takes them so (its bytes for any shift).
        Vector256<int> right31 = right & Vector256.Create(31);
        Vector256<ulong> r0 = Avx2.ConvertToVector256Int64(right.GetLower()).AsUInt64(), r1 = Avx2.ConvertToVector256Int64(right.GetUpper()).AsUInt64();
        Vector256<long> nudge = Vector256.Create(1L << 30);
        (nudge + Vector256.ShiftLeft(Avx2ChannelRequantization.Added(r0, q.OutputOffset), 31)).StoreUnsafe(ref b, Nudge);
        (nudge + Vector256.ShiftLeft(Avx2ChannelRequantization.Added(r1, q.OutputOffset), 31)).StoreUnsafe(ref b, Nudge + 4);
        Vector256<ulong> down = Vector256.Create(32UL);
        Avx2.ShiftLeftLogicalVariable(Vector256.Create(1L), down - Avx2.ConvertToVector256Int64(right31.GetLower()).AsUInt64()).StoreUnsafe(ref b, DownPower);
        Avx2.ShiftLeftLogicalVariable(Vector256.Create(1L), down - Avx2.ConvertToVector256Int64(right31.GetUpper()).AsUInt64()).StoreUnsafe(ref b, DownPower + 4);
        Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), (left & Vector256.Create(31)).AsUInt32()).StoreUnsafe(ref ints, LeftPower);
        // (int)added in 32-bit lanes (the same low bits), int.MinValue where e = 0.
        Vector256<int> added32 = Vector256.ShiftRightLogical(Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), right.AsUInt32()), 1)
            + Avx2.ShiftLeftLogicalVariable(Vector256.Create(q.OutputOffset), right31.AsUInt32());
        Vector256.ConditionalSelect(Vector256.GreaterThan(right, Vector256<int>.Zero), added32, Vector256.Create(int.MinValue)).StoreUnsafe(ref ints, Threshold);
        anyLeftShift |= Vector256.GreaterThanAny(left, Vector256<int>.Zero);
        folded = folded && Avx2ChannelRequantization.FitsEight(m, shift, q.OutputOffset, accumulatorBound);
    }

    /// <summary>True when every channel's rounding constant folds into its products.</summary>
    public bool Folded { get; }

    /// <summary>True when some channel's multiplier is above one (a left shift).</summary>
    public bool AnyLeftShift { get; }

    /// <summary>
    /// Requantizes four accumulators, channels [4·<paramref name="half"/>, +4) of the block whose constants start at
    /// <paramref name="block"/>, and adds the output offset (<see cref="Folded"/> must hold); the clamp is the caller's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Lanes(Vector128<int> x, ref long block, int half, bool anyLeftShift)
    {
        ref int ints = ref Unsafe.As<long, int>(ref block);
        nuint lane = (nuint)(4 * half);
        if (anyLeftShift) x *= Vector128.LoadUnsafe(ref ints, LeftPower + lane);
        (Vector128<long> x0, Vector128<long> x1) = Vector128.Widen(x);
        Vector128<long> p0 = x0 * Vector128.LoadUnsafe(ref block, Multiplier + lane) + Vector128.LoadUnsafe(ref block, Nudge + lane);
        Vector128<long> p1 = x1 * Vector128.LoadUnsafe(ref block, Multiplier + lane + 2) + Vector128.LoadUnsafe(ref block, Nudge + lane + 2);
        // Bits 31-62 of the sums: v + h + offset·2^e, which fits int32 (Fits).
        Vector128<int> sum = Vector128.Narrow(Vector128.ShiftRightLogical(p0, 31), Vector128.ShiftRightLogical(p1, 31)).AsInt32();
        sum += Vector128.GreaterThan(Vector128.LoadUnsafe(ref ints, Threshold + lane), sum);
        // floor(sum / 2^e) = (sum · 2^(32-e)) >> 32, whose low 32 bits a logical shift gives as well.
        (Vector128<long> s0, Vector128<long> s1) = Vector128.Widen(sum);
        return Vector128.Narrow(
            Vector128.ShiftRightLogical(s0 * Vector128.LoadUnsafe(ref block, DownPower + lane), 32),
            Vector128.ShiftRightLogical(s1 * Vector128.LoadUnsafe(ref block, DownPower + lane + 2), 32)).AsInt32();
    }

    /// <summary>Requantizes one block of eight channels (<paramref name="lo"/>: its first four), clamps and stores eight int8s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8(Vector128<int> lo, Vector128<int> hi, ref long block, bool anyLeftShift,
        Vector128<int> min, Vector128<int> max, ref sbyte destination)
    {
        Vector128<int> a = Vector128.Min(Vector128.Max(Lanes(lo, ref block, 0, anyLeftShift), min), max);
        Vector128<int> b = Vector128.Min(Vector128.Max(Lanes(hi, ref block, 1, anyLeftShift), min), max);
        Vector128<short> words = Vector128.Narrow(a, b);
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), Vector128.Narrow(words, words).AsInt64().ToScalar());
    }
}
