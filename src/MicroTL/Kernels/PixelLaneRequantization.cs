// The requantization and the NHWC stores of Conv2DInt8NarrowRowsAvx2, where the lanes hold output pixels and every
// lane one channel's constants: TFLite's per-channel requantization, bit-exact, with Avx2ChannelRequantization's folded
// arithmetic (SRDHM's nudge, RoundingDivideByPOT's half and the output offset in one 64-bit constant, one compare for
// the negative-value correction) on doubled accumulators: bits 32-63 of 2·(x·m + nudge) are bits 31-62 of x·m + nudge,
// so the even lanes' products need one shift and the odd lanes' none.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Per-channel requantization of pixel-lane accumulators and their transposed stores (see <see cref="Conv2DInt8NarrowRowsAvx2"/>).</summary>
internal static class PixelLaneRequantization
{
    /// <summary>Offsets in a channel's constants (ints, broadcast where used): the multiplier, the doubled nudge (a long),
    /// the threshold of the negative-value correction, the right and left shifts, the doubled folded bias.</summary>
    public const int Multiplier = 0, Nudge = 1, Threshold = 3, RightShift = 4, LeftShift = 5, Bias = 6;

    /// <summary>Ints of constants per channel.</summary>
    public const int ConstantInts = 8;

    // The folded constants of Avx2ChannelRequantization and the doubled folded bias, one set per channel (lanes hold
    // pixels, not channels).
    // False when a channel's rounding constant would not fold (Avx2ChannelRequantization.Fits).
    public static bool LayOutConstants(in Int8Requantization q, ReadOnlySpan<int> foldedBias, int first, int channels, long bound,
        Span<int> constants, out bool anyLeft)
    {
        anyLeft = false;
        bool fits = true;
        ReadOnlySpan<int> multipliers = q.Multipliers, shifts = q.Shifts;
        int outputOffset = q.OutputOffset;
        bool perChannel = q.IsPerChannel;
        for (int c = 0; c < channels; c++)
        {
            int i = perChannel ? first + c : 0, shift = shifts[i], left = Math.Max(shift, 0), right = Math.Max(-shift, 0);
            fits &= Avx2ChannelRequantization.Fits(multipliers[i], left, right, outputOffset, bound);
            long added = (right > 0 ? 1L << (right - 1) : 0) + ((long)outputOffset << (right & 31));
            Span<int> at = constants.Slice(c * ConstantInts, ConstantInts);
            at[Multiplier] = multipliers[i];
            // Doubled, as the accumulators: bits 32-63 of 2·(x·m + nudge) are bits 31-62 of x·m + nudge.
            MemoryMarshal.Write(MemoryMarshal.AsBytes(at[Nudge..]), (1L << 31) + (added << 32));
            at[Threshold] = right > 0 ? (int)added : int.MinValue;
            at[RightShift] = right;
            at[LeftShift] = left;
            at[Bias] = 2 * foldedBias[first + c];
            anyLeft |= left > 0;
        }
        return fits;
    }

    // Requantize on two vectors of one channel, its constants loaded once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<int>, Vector256<int>) Requantize2(Vector256<int> x, Vector256<int> y, ref int constants, bool anyLeft)
    {
        if (anyLeft)
        {
            Vector256<uint> left = Vector256.Create((uint)Unsafe.Add(ref constants, LeftShift));
            x = Avx2.ShiftLeftLogicalVariable(x, left);
            y = Avx2.ShiftLeftLogicalVariable(y, left);
        }
        Vector256<int> multiplier = Vector256.Create(Unsafe.Add(ref constants, Multiplier));
        Vector256<long> nudge = Vector256.Create(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref constants, Nudge))));
        Vector256<int> threshold = Vector256.Create(Unsafe.Add(ref constants, Threshold));
        Vector256<uint> right = Vector256.Create((uint)Unsafe.Add(ref constants, RightShift));
        return (Finish(x, multiplier, nudge, threshold, right), Finish(y, multiplier, nudge, threshold, right));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Finish(Vector256<int> x, Vector256<int> multiplier, Vector256<long> nudge, Vector256<int> threshold, Vector256<uint> right)
    {
        Vector256<long> even = Avx2.Multiply(x, multiplier) + nudge;
        Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), multiplier) + nudge;
        Vector256<int> sum = Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsInt32(), odd.AsInt32(), 0b10101010);
        sum += Vector256.GreaterThan(threshold, sum);
        return Avx2.ShiftRightArithmeticVariable(sum, right);
    }

    // Avx2ChannelRequantization.Lanes with one channel's constants in every lane, on doubled accumulators.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Requantize(Vector256<int> x, ref int constants, bool anyLeft)
    {
        if (anyLeft) x = Avx2.ShiftLeftLogicalVariable(x, Vector256.Create((uint)Unsafe.Add(ref constants, LeftShift)));
        Vector256<int> multiplier = Vector256.Create(Unsafe.Add(ref constants, Multiplier));
        Vector256<long> nudge = Vector256.Create(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref constants, Nudge))));
        Vector256<long> even = Avx2.Multiply(x, multiplier) + nudge;
        Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), multiplier) + nudge;
        // The high halves: the even lanes' shifted down, the odd lanes' in place.
        Vector256<int> sum = Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsInt32(), odd.AsInt32(), 0b10101010);
        sum += Vector256.GreaterThan(Vector256.Create(Unsafe.Add(ref constants, Threshold)), sum);
        return Avx2.ShiftRightArithmeticVariable(sum, Vector256.Create((uint)Unsafe.Add(ref constants, RightShift)));
    }

    // low: per 128-bit half, channels 0-3 of four pixels (pixels 0-3, then 4-7), four bytes a channel; high: channels
    // 4-7. Clamps, transposes to eight bytes a pixel and stores them `stride` bytes apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(Vector256<sbyte> low, Vector256<sbyte> high, Vector256<sbyte> min, Vector256<sbyte> max,
        ref sbyte destination, int stride)
    {
        Vector256<sbyte> order = Vector256.Create((sbyte)0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15,
            0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        Vector256<int> t0 = Avx2.Shuffle(Vector256.Min(Vector256.Max(low, min), max), order).AsInt32();
        Vector256<int> t1 = Avx2.Shuffle(Vector256.Min(Vector256.Max(high, min), max), order).AsInt32();
        // Pixels 0, 1 | 4, 5 and 2, 3 | 6, 7, eight bytes each.
        Vector256<long> u0 = Avx2.UnpackLow(t0, t1).AsInt64(), u1 = Avx2.UnpackHigh(t0, t1).AsInt64();
        ref byte d = ref Unsafe.As<sbyte, byte>(ref destination);
        if (stride == 8)
        {
            Avx2.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref Unsafe.As<byte, long>(ref d));
            Avx2.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref Unsafe.As<byte, long>(ref Unsafe.Add(ref d, 32)));
            return;
        }
        Vector128<long> l0 = u0.GetLower(), l1 = u1.GetLower(), h0 = u0.GetUpper(), h1 = u1.GetUpper();
        Unsafe.WriteUnaligned(ref d, l0.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, stride), l0.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 2 * stride), l1.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 3 * stride), l1.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 4 * stride), h0.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 5 * stride), h0.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 6 * stride), h1.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, 7 * stride), h1.GetElement(1));
    }
}
