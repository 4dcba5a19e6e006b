// The instruction sets the int8 fast paths may use, chosen per interpreter (InterpreterOptions.SimdLevel) or per
// kernel call, never by global state: tests and benchmarks compare levels side by side without racing each other.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Instruction sets the int8 kernels may use. Every level gives the same bytes; only the speed differs.</summary>
public enum SimdLevel
{
    /// <summary>Plain scalar loops: the vector instructions switched off.</summary>
    Scalar = 0,

    /// <summary>Portable 128-bit vectors (<see cref="System.Runtime.Intrinsics.Vector128"/>; SSE2 or NEON).</summary>
    Vector128 = 1,

    /// <summary>256-bit AVX2 integer vectors (<c>vpmaddwd</c> dot products, 8-lane requantization).</summary>
    Avx2 = 2,

    /// <summary>AVX2 with AVX-VNNI's <c>vpdpbusd</c> (u8 × s8 → i32) dot products.</summary>
    AvxVnni = 3,
}

/// <summary>What this CPU offers, fixed at start-up.</summary>
public static class SimdSupport
{
    /// <summary>The best level this CPU supports.</summary>
    public static SimdLevel Best { get; } =
        AvxVnni.IsSupported && Avx2.IsSupported ? SimdLevel.AvxVnni :
        Avx2.IsSupported ? SimdLevel.Avx2 :
        Vector128.IsHardwareAccelerated ? SimdLevel.Vector128 : SimdLevel.Scalar;

    /// <summary>
    /// <paramref name="requested"/>, lowered to <see cref="Best"/> when the CPU lacks it (a level above what the CPU
    /// has runs as the best it has), and to <see cref="SimdLevel.Scalar"/> for a value outside the enum below it.
    /// </summary>
    public static SimdLevel Clamp(SimdLevel requested) =>
        requested > Best ? Best : requested < SimdLevel.Scalar ? SimdLevel.Scalar : requested;
}
