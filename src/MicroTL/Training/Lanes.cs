using MicroTL.Kernels;
using System.Runtime.Intrinsics;

namespace MicroTL.Training;

/// <summary>
/// The float arithmetic of the training path over <see cref="Count"/> independent lanes: one lane (a scalar tail), or a
/// block of 8 lanes held as 8 floats, two <see cref="Vector128{T}"/> or one <see cref="Vector256{T}"/>. Every operation
/// is the IEEE operation of float32 on each lane on its own (one rounding, no fused multiply-add), so a kernel written
/// once over <c>T</c> gives the same bits on every shape of <c>T</c>; the only cross-lane operation is
/// <see cref="FoldedSum"/>, whose order <see cref="FixedOrderSum"/> defines.
/// </summary>
internal interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    /// <summary>Lanes: 1 or 8.</summary>
    static abstract int Count { get; }

    /// <summary>+0 in every lane.</summary>
    static abstract TSelf Zero { get; }

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TSelf Create(float value);

    /// <summary>Lane k from <c>source[k]</c>.</summary>
    static abstract TSelf Load(ref float source);

    /// <summary>Lane k to <c>destination[k]</c>.</summary>
    void Store(ref float destination);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Lane-wise IEEE square root (correctly rounded).</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Lane-wise <c>condition &gt; 0 ? value : +0</c> (NaN conditions give +0): ReLU and its gradient mask.</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf value);

    /// <summary>The 8 lanes folded in halves: <c>((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7))</c>; one lane: itself.</summary>
    float FoldedSum();
}

/// <summary>Which lanes the training path computes with.</summary>
internal enum LanePath
{
    /// <summary>8 lanes as 8 floats: the plain scalar path.</summary>
    Scalar,

    /// <summary>8 lanes as two 128-bit vectors.</summary>
    Vector128,

    /// <summary>8 lanes as one 256-bit vector.</summary>
    Vector256,
}

/// <summary>Maps the library's <see cref="SimdLevel"/> to the lanes of the float training path.</summary>
internal static class TrainingLanes
{
    /// <summary>The CPU's best path.</summary>
    public static LanePath Best { get; } = PathOf(SimdSupport.Best);

    /// <summary>
    /// <see cref="SimdLevel.Scalar"/>: 8 floats; <see cref="SimdLevel.Vector128"/>: two 128-bit vectors; above: one
    /// 256-bit vector when the CPU computes them, else two 128-bit ones. Levels above the CPU's are lowered to it.
    /// </summary>
    public static LanePath PathOf(SimdLevel? level) => SimdSupport.Clamp(level ?? SimdSupport.Best) switch
    {
        SimdLevel.Scalar => LanePath.Scalar,
        SimdLevel.Vector128 => Vector128.IsHardwareAccelerated ? LanePath.Vector128 : LanePath.Scalar,
        _ => Vector256.IsHardwareAccelerated ? LanePath.Vector256 : Vector128.IsHardwareAccelerated ? LanePath.Vector128 : LanePath.Scalar,
    };
}
