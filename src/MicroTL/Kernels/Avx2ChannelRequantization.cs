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

    /// <summary>Ints of constants per block of eight channels.</summary>
    public const int BlockInts = 64;

    // Offsets in a block: multipliers, multipliers one channel on (the odd lanes'), the 64-bit nudges of the even
    // channels then the odd ones, the thresholds of the negative-value correction, right shifts, left shifts, the output offset.
    private const int Multiplier = 0, OddMultiplier = 8, EvenNudge = 16, OddNudge = 24, Threshold = 32, RightShift = 40, LeftShift = 48, Offset = 56;

    /// <summary>
    /// Lays out the constants of <paramref name="q"/> for output channels [<paramref name="firstChannel"/>,
    /// <paramref name="firstChannel"/> + <paramref name="channels"/>) (a multiple of 8) in
    /// <paramref name="constants"/> (<see cref="BlockInts"/> per eight channels); <paramref name="accumulatorBound"/>
    /// bounds |accumulator| for every channel. One channel at a time: the reference layout, which the tests hold
    /// <see cref="LayOutBlock"/> (what the kernels call) to.
    /// </summary>
    public Avx2ChannelRequantization(in Int8Requantization q, int firstChannel, int channels, long accumulatorBound, Span<int> constants)
    {
        bool folded = true, anyLeft = false;
        Span<long> nudges = System.Runtime.InteropServices.MemoryMarshal.Cast<int, long>(constants);
        for (int o = 0; o < channels; o++)
        {
            int i = q.IsPerChannel ? firstChannel + o : 0, block = o / 8 * BlockInts, lane = o % 8;
            int m = q.Multipliers[i], shift = q.Shifts[i], left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
            folded &= Fits(m, left, right, q.OutputOffset, accumulatorBound);
            anyLeft |= left > 0;
            // The output offset goes in with the rounding constant: (v + h + offset·2^e) >> e = RoundingDivideByPOT(v, e) + offset.
            long added = (right > 0 ? 1L << (right - 1) : 0) + ((long)q.OutputOffset << (right & 31));
            constants[block + Multiplier + lane] = m;
            if (lane > 0) constants[block + OddMultiplier + lane - 1] = m;
            nudges[(block + (lane % 2 == 0 ? EvenNudge : OddNudge)) / 2 + lane / 2] = (1L << 30) + (added << 31);
            // v + added < added exactly when v < 0; for e = 0 nothing is corrected, and no lane is below int.MinValue.
            constants[block + Threshold + lane] = right > 0 ? (int)added : int.MinValue;
            constants[block + RightShift + lane] = right;
            constants[block + LeftShift + lane] = left;
            constants[block + Offset + lane] = q.OutputOffset;
        }
        for (int block = 0; block < channels / 8; block++) constants[block * BlockInts + OddMultiplier + 7] = 0;
        Folded = folded;
        AnyLeftShift = anyLeft;
    }

    /// <summary>
    /// Lays out output channels [<paramref name="firstChannel"/>, +<paramref name="channels"/>) (a multiple of 8) as the
    /// constructor does, block by block with <see cref="LayOutBlock"/>; returns its Folded and AnyLeftShift.
    /// </summary>
    public static (bool Folded, bool AnyLeftShift) LayOutBlocks(in Int8Requantization q, int firstChannel, int channels,
        long accumulatorBound, Span<int> constants)
    {
        bool folded = true, anyLeftShift = false;
        for (int block = 0; block < channels / 8; block++)
            LayOutBlock(q, firstChannel + 8 * block, accumulatorBound, constants.Slice(block * BlockInts), ref folded, ref anyLeftShift);
        return (folded, anyLeftShift);
    }

    /// <summary>
    /// Lays out the constants of output channels [<paramref name="firstChannel"/>, +8) in <paramref name="block"/>
    /// (<see cref="BlockInts"/> ints) as the constructor does, in vector operations: the kernels lay out their blocks on
    /// every call, where the constructor's scalar loop cost more than a small layer's pixels (depthwise) or 4 % of a
    /// whole inference (the narrow convolutions of person_detect). Clears <paramref name="folded"/> unless
    /// <see cref="Fits"/> holds for all eight channels and sets <paramref name="anyLeftShift"/> when one has a left shift.
    /// </summary>
    public static void LayOutBlock(in Int8Requantization q, int firstChannel, long accumulatorBound, Span<int> block,
        ref bool folded, ref bool anyLeftShift)
    {
        block = block[..BlockInts];
        ref int b = ref MemoryMarshal.GetReference(block);
        Vector256<int> m = q.IsPerChannel ? Vector256.Create(q.Multipliers.Slice(firstChannel, 8)) : Vector256.Create(q.Multipliers[0]);
        Vector256<int> shift = q.IsPerChannel ? Vector256.Create(q.Shifts.Slice(firstChannel, 8)) : Vector256.Create(q.Shifts[0]);
        Vector256<int> left = Vector256.Max(shift, Vector256<int>.Zero), right = Vector256.Max(-shift, Vector256<int>.Zero);
        Vector256<int> offset = Vector256.Create(q.OutputOffset);
        m.StoreUnsafe(ref b, Multiplier);
        // Lane k: channel k + 1's multiplier, 0 in the last lane (only the even lanes are read).
        (Avx2.PermuteVar8x32(m, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7)) & Vector256.Create(-1, -1, -1, -1, -1, -1, -1, 0)).StoreUnsafe(ref b, OddMultiplier);
        // 64-bit lanes of the even channels' and the odd channels' right shifts.
        Vector256<ulong> lowHalf = Vector256.Create(0xFFFF_FFFFUL);
        Vector256<ulong> rightEven = right.AsUInt64() & lowHalf, rightOdd = Vector256.ShiftRightLogical(right.AsUInt64(), 32);
        Vector256<long> addedEven = Added(rightEven, q.OutputOffset), addedOdd = Added(rightOdd, q.OutputOffset);
        ref long nudge = ref Unsafe.As<int, long>(ref b);
        (Vector256.Create(1L << 30) + Vector256.ShiftLeft(addedEven, 31)).StoreUnsafe(ref nudge, EvenNudge / 2);
        (Vector256.Create(1L << 30) + Vector256.ShiftLeft(addedOdd, 31)).StoreUnsafe(ref nudge, OddNudge / 2);
        // (int)added in 32-bit lanes (the same low bits), int.MinValue where e = 0.
        Vector256<int> added32 = Vector256.ShiftRightLogical(Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), right.AsUInt32()), 1)
            + Avx2.ShiftLeftLogicalVariable(offset, right.AsUInt32());
        Vector256.ConditionalSelect(Vector256.GreaterThan(right, Vector256<int>.Zero), added32, Vector256.Create(int.MinValue)).StoreUnsafe(ref b, Threshold);
        right.StoreUnsafe(ref b, RightShift);
        left.StoreUnsafe(ref b, LeftShift);
        offset.StoreUnsafe(ref b, Offset);
        anyLeftShift |= Vector256.GreaterThanAny(left, Vector256<int>.Zero);
        folded = folded && FitsEight(m, shift, q.OutputOffset, accumulatorBound);
    }

    /// <summary><see cref="Fits"/> for eight channels at once (<paramref name="shift"/>: TFLite's signed shifts).</summary>
    public static bool FitsEight(Vector256<int> multiplier, Vector256<int> shift, int outputOffset, long accumulatorBound)
    {
        Vector256<int> left = Vector256.Max(shift, Vector256<int>.Zero), right = Vector256.Max(-shift, Vector256<int>.Zero);
        // The scalar bounds, then v + |added| ≤ int.MaxValue in 64-bit lanes, the even channels and the odd ones.
        if (!Vector256.GreaterThanOrEqualAll(multiplier, Vector256<int>.Zero) || !Vector256.LessThanOrEqualAll(left, Vector256.Create(30))
            || !Vector256.LessThanOrEqualAll(right, Vector256.Create(31)) || accumulatorBound > int.MaxValue)
            return false;
        Vector256<ulong> lowHalf = Vector256.Create(0xFFFF_FFFFUL);
        return FitsLanes(accumulatorBound, left.AsUInt64() & lowHalf, multiplier, Added(right.AsUInt64() & lowHalf, outputOffset))
            && FitsLanes(accumulatorBound, Vector256.ShiftRightLogical(left.AsUInt64(), 32), Avx2.ShiftRightLogical(multiplier.AsInt64(), 32).AsInt32(),
                Added(Vector256.ShiftRightLogical(right.AsUInt64(), 32), outputOffset));
    }

    /// <summary>2^(e-1) (0 for e = 0) + offset·2^e in 64-bit lanes: what goes in with SRDHM's nudge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Added(Vector256<ulong> right, int outputOffset) =>
        Vector256.ShiftRightLogical(Avx2.ShiftLeftLogicalVariable(Vector256.Create(1L), right), 1)
        + Avx2.ShiftLeftLogicalVariable(Vector256.Create((long)outputOffset), right);

    // Fits for four channels (the even or the odd ones): left shifts in 64-bit lanes, multipliers in the low halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FitsLanes(long bound, Vector256<ulong> left, Vector256<int> multiplier, Vector256<long> added)
    {
        Vector256<long> shifted = Avx2.ShiftLeftLogicalVariable(Vector256.Create(bound), left);
        if (Vector256.GreaterThanAny(shifted, Vector256.Create((long)int.MaxValue))) return false;
        // shifted < 2^31 and 0 ≤ m < 2^31: vpmuludq gives the exact product.
        Vector256<long> product = Avx2.Multiply(shifted.AsUInt32(), multiplier.AsUInt32()).AsInt64();
        Vector256<long> v = Vector256.ShiftRightArithmetic(product + Vector256.Create(1L << 30), 31) + Vector256.Create(1L);
        return Vector256.LessThanOrEqualAll(v + Vector256.Abs(added), Vector256.Create((long)int.MaxValue));
    }

    /// <summary>True when every channel's rounding constant folds into its products (<see cref="Fits"/>).</summary>
    public bool Folded { get; }

    /// <summary>True when some channel's multiplier is above one (a left shift).</summary>
    public bool AnyLeftShift { get; }

    /// <summary>
    /// True when <c>v + 2^(e-1) + offset·2^e</c> stays inside int32 for every accumulator of magnitude at most
    /// <paramref name="bound"/>, the left shift cannot wrap, the multiplier is a Q0.31 value and the shift one gemmlowp allows.
    /// </summary>
    public static bool Fits(int multiplier, int leftShift, int rightShift, int outputOffset, long bound)
    {
        // A bound past int32 never folds (as FitsEight), and a larger one could wrap the shift below.
        if (multiplier < 0 || leftShift > 30 || rightShift > 31 || bound > int.MaxValue) return false;
        long shifted = bound << leftShift;
        if (shifted > int.MaxValue) return false;
        long v = ((shifted * multiplier + (1L << 30)) >> 31) + 1;
        long added = (rightShift > 0 ? 1L << (rightShift - 1) : 0) + ((long)outputOffset << rightShift);
        return v + Math.Abs(added) <= int.MaxValue;
    }

    /// <summary>
    /// Requantizes the accumulators of one block of eight channels (<paramref name="block"/>: its constants) and adds
    /// the output offset; the clamp is the caller's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Lanes(Vector256<int> x, ref int block, bool folded, bool anyLeftShift)
    {
        if (anyLeftShift) x = Avx2.ShiftLeftLogicalVariable(x, Vector256.LoadUnsafe(ref block, LeftShift).AsUInt32());
        Vector256<uint> rightShift = Vector256.LoadUnsafe(ref block, RightShift).AsUInt32();
        if (!folded)
        {
            // The left shift is done above; only the right one remains.
            return VectorQuantizationMath.MultiplyByQuantizedMultiplier(x, Vector256.LoadUnsafe(ref block, Multiplier), -rightShift.AsInt32())
                + Vector256.LoadUnsafe(ref block, Offset);
        }
        ref long nudge = ref Unsafe.As<int, long>(ref block);
        Vector256<long> even = Avx2.Multiply(x, Vector256.LoadUnsafe(ref block, Multiplier)) + Vector256.LoadUnsafe(ref nudge, EvenNudge / 2);
        // vpmuldq reads the low half of each 64-bit lane.
        Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Vector256.LoadUnsafe(ref block, OddMultiplier))
            + Vector256.LoadUnsafe(ref nudge, OddNudge / 2);
        // Bits 31-62 of each sum: the low half of the even lanes shifted down, the high half of the odd ones shifted up.
        Vector256<int> sum = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b10101010);
        sum += Vector256.GreaterThan(Vector256.LoadUnsafe(ref block, Threshold), sum);
        return Avx2.ShiftRightArithmeticVariable(sum, rightShift);
    }

    /// <summary>
    /// Requantizes two blocks of eight channels (<paramref name="block"/>: the first one's constants), clamps them to
    /// [<paramref name="min"/>, <paramref name="max"/>] and stores them as sixteen int8s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store16(Vector256<int> low, Vector256<int> high, ref int block, bool folded, bool anyLeftShift,
        Vector256<short> min, Vector256<short> max, ref sbyte destination)
    {
        // In-lane packs: each 128-bit half holds four of `low`, then four of `high`; the dword permute puts them in order.
        // Saturating to int16 first leaves the clamp to [min, max] ⊂ [-128, 127] unchanged.
        Vector256<short> words = Avx2.PackSignedSaturate(Lanes(low, ref block, folded, anyLeftShift),
            Lanes(high, ref Unsafe.Add(ref block, BlockInts), folded, anyLeftShift));
        words = Vector256.Min(Vector256.Max(words, min), max);
        Vector256<sbyte> bytes = Avx2.PackSignedSaturate(words, words);
        Vector256<int> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 0, 4, 1, 5));
        ordered.GetLower().AsSByte().StoreUnsafe(ref destination);
    }

    /// <summary>Requantizes one block of eight channels, clamps them and stores them as eight int8s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8(Vector256<int> x, ref int block, bool folded, bool anyLeftShift,
        Vector256<short> min, Vector256<short> max, ref sbyte destination)
    {
        Vector256<int> value = Lanes(x, ref block, folded, anyLeftShift);
        Vector256<short> words = Vector256.Min(Vector256.Max(Avx2.PackSignedSaturate(value, value), min), max);
        Vector256<sbyte> bytes = Avx2.PackSignedSaturate(words, words);
        Vector256<int> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 0, 4, 1, 5));
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), ordered.AsInt64().ToScalar());
    }
}
