// Eight-lane AVX2 versions of the TFLite requantization primitives, bit-exact with the scalar ones in
// QuantizationMath (tested lane by lane against them).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>SRDHM and rounding shifts on <see cref="Vector256{T}"/> of int32 (callers check <see cref="Avx2.IsSupported"/>).</summary>
internal static class VectorQuantizationMath
{
    /// <summary>
    /// Lane-wise <see cref="QuantizationMath.SaturatingRoundingDoublingHighMul"/> for a multiplier that is not int.MinValue.
    /// </summary>
    /// <remarks>
    /// The scalar form's sign-dependent nudge and truncating division fold into one expression,
    /// <c>floor((a·b + 2^30) / 2^31)</c>; the low 32 bits of a 64-bit logical shift equal those of the arithmetic one.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SaturatingRoundingDoublingHighMul(Vector256<int> a, Vector256<int> b)
    {
        Vector256<long> nudge = Vector256.Create(1L << 30);
        Vector256<long> even = Avx2.Multiply(a, b) + nudge;
        Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(b.AsInt64(), 32).AsInt32()) + nudge;
        Vector256<int> evenHigh = Avx2.ShiftRightLogical(even, 31).AsInt32();
        Vector256<int> oddHigh = Avx2.ShiftLeftLogical(Avx2.ShiftRightLogical(odd, 31), 32).AsInt32();
        return Avx2.Blend(evenHigh, oddHigh, 0b10101010);
    }

    /// <summary>Lane-wise <see cref="QuantizationMath.RoundingDivideByPOT"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> RoundingDivideByPOT(Vector256<int> x, int exponent)
    {
        Vector256<int> mask = Vector256.Create((int)((1L << exponent) - 1));
        Vector256<int> remainder = x & mask;
        // threshold = mask/2, plus one for negative x (x >> 31 is -1 there).
        Vector256<int> threshold = Vector256.ShiftRightArithmetic(mask, 1) - Vector256.ShiftRightArithmetic(x, 31);
        // A true comparison is -1, so subtracting it adds the rounding increment.
        return Vector256.ShiftRightArithmetic(x, exponent) - Vector256.GreaterThan(remainder, threshold);
    }

    /// <summary>Lane-wise <see cref="QuantizationMath.MultiplyByQuantizedMultiplierSmallerThanOneExp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyByQuantizedMultiplierSmallerThanOneExp(Vector256<int> x, int multiplier, int leftShift) =>
        RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, Vector256.Create(multiplier)), -leftShift);

    /// <summary>Lane-wise <see cref="QuantizationMath.MultiplyByQuantizedMultiplier(int, int, int)"/> with per-lane multipliers and shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyByQuantizedMultiplier(Vector256<int> x, Vector256<int> multiplier, Vector256<int> shift)
    {
        Vector256<int> zero = Vector256<int>.Zero;
        Vector256<int> leftShift = Vector256.Max(shift, zero);
        Vector256<int> rightShift = Vector256.Max(-shift, zero);
        Vector256<int> product = SaturatingRoundingDoublingHighMul(Avx2.ShiftLeftLogicalVariable(x, leftShift.AsUInt32()), multiplier);
        // Per-lane exponents: mask = 2^e - 1 (a left shift by 32 gives 0 in AVX2, so e = 0..31 all work).
        Vector256<int> mask = Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), rightShift.AsUInt32()) - Vector256.Create(1);
        Vector256<int> remainder = product & mask;
        Vector256<int> threshold = Vector256.ShiftRightArithmetic(mask, 1) - Vector256.ShiftRightArithmetic(product, 31);
        return Avx2.ShiftRightArithmeticVariable(product, rightShift.AsUInt32()) - Vector256.GreaterThan(remainder, threshold);
    }

    /// <summary>
    /// Requantizes eight accumulators of output channels [channel, channel + 8) and stores them as int8:
    /// lane-wise <see cref="Int8Requantization.Requantize"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequantizeStore8(in Int8Requantization q, Vector256<int> accumulators, int channel, ref sbyte destination)
    {
        Vector256<int> multiplier = q.IsPerChannel ? Vector256.Create(q.Multipliers.Slice(channel, 8)) : Vector256.Create(q.Multipliers[0]);
        Vector256<int> shift = q.IsPerChannel ? Vector256.Create(q.Shifts.Slice(channel, 8)) : Vector256.Create(q.Shifts[0]);
        Vector256<int> value = MultiplyByQuantizedMultiplier(accumulators, multiplier, shift) + Vector256.Create(q.OutputOffset);
        value = Vector256.Min(Vector256.Max(value, Vector256.Create(q.ActivationMin)), Vector256.Create(q.ActivationMax));
        StoreInt8(value, ref destination);
    }

    /// <summary>Stores eight int32 lanes already within [-128, 127] as eight bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInt8(Vector256<int> value, ref sbyte destination)
    {
        // In-lane packs leave elements 0-3 in the first dword and 4-7 in the third.
        Vector256<short> packed16 = Avx2.PackSignedSaturate(value, value);
        Vector128<sbyte> packed8 = Sse2.PackSignedSaturate(packed16.GetLower(), packed16.GetUpper());
        long bytes = (uint)packed8.AsInt32().GetElement(0) | ((long)packed8.AsInt32().GetElement(2) << 32);
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), bytes);
    }
}
