// FULLY_CONNECTED, int8, per-tensor or per-channel requantization, bit-exact with TFLM's
// reference_integer_ops::FullyConnected / FullyConnectedPerChannel.
// Layouts: input [B, D] (any shape with B·D elements), weights [O, D], bias [O], output [B, O].
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int8 fully connected layer: a plain reference path and a vectorized fast path with identical output.</summary>
/// <remarks>
/// <c>acc[b,o] = bias[o] + Σ_d (w[o,d] + filterOffset) · (x[b,d] + inputOffset)</c>, then
/// <see cref="Int8Requantization.Requantize"/>.
/// </remarks>
public static class FullyConnectedInt8
{
    /// <summary>Bytes of scratch <see cref="Run"/> needs: one biased input row, D.</summary>
    public static int ScratchBytes(int accumDepth) => accumDepth;

    /// <summary>
    /// Precomputes the per-output constant of the fast path:
    /// <c>folded[o] = bias[o] + (inputOffset - 128)·Σ_d w[o,d] + inputOffset·filterOffset·D</c> (bias may be empty).
    /// </summary>
    public static void ComputeFoldedBias(
        ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, int outputDepth, int accumDepth,
        int inputOffset, int filterOffset, Span<int> folded)
    {
        for (int o = 0; o < outputDepth; o++)
        {
            int sum = 0;
            foreach (sbyte w in weights.Slice(o * accumDepth, accumDepth)) sum += w;
            folded[o] = unchecked((bias.IsEmpty ? 0 : bias[o]) + (inputOffset - 128) * sum + inputOffset * filterOffset * accumDepth);
        }
    }

    /// <summary>
    /// Fast path: per batch row, stores the input biased in <paramref name="scratch"/> (and sums it for a
    /// nonzero filter offset), then dot products four weight rows at a time.
    /// <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    /// <remarks><c>acc = Σ (x+128)·w + folded[o] + filterOffset·Σ x</c>, equal to the reference sum modulo 2^32.</remarks>
    public static void Run(
        in Int8Requantization q, int batches, int accumDepth, int outputDepth,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> foldedBias,
        Span<sbyte> output, Span<byte> scratch, SimdLevel simd)
    {
        simd = SimdSupport.Clamp(simd);
        // Slicing to the exact sizes checks lengths once, so the unchecked loops below stay in range.
        input = input[..(batches * accumDepth)];
        weights = weights[..(outputDepth * accumDepth)];
        foldedBias = foldedBias[..outputDepth];
        output = output[..(batches * outputDepth)];
        scratch = scratch[..accumDepth];
        ref sbyte wRef = ref MemoryMarshal.GetReference(weights);
        ref byte xRef = ref MemoryMarshal.GetReference(scratch);
        int d = accumDepth;
        for (int b = 0; b < batches; b++)
        {
            int sumX = Int8Dot.ToBiased(input.Slice(b * d, d), scratch, simd);
            int rowConstant = unchecked(q.FilterOffset * sumX);
            Span<sbyte> outRow = output.Slice(b * outputDepth, outputDepth);
            int o = 0;
            if (Avx2.IsSupported && simd >= SimdLevel.Avx2)
            {
                Vector256<int> row = Vector256.Create(rowConstant);
                for (; o <= outputDepth - 8; o += 8)
                {
                    ref sbyte w0 = ref Unsafe.Add(ref wRef, o * d);
                    Int8Dot.Dot4(ref xRef, ref w0, d, d, simd, out int s0, out int s1, out int s2, out int s3);
                    Int8Dot.Dot4(ref xRef, ref Unsafe.Add(ref w0, 4 * d), d, d, simd, out int s4, out int s5, out int s6, out int s7);
                    Vector256<int> acc = Vector256.Create(s0, s1, s2, s3, s4, s5, s6, s7) + Vector256.Create(foldedBias.Slice(o, 8)) + row;
                    VectorQuantizationMath.RequantizeStore8(q, acc, o, ref outRow[o]);
                }
            }
            for (; o <= outputDepth - 4; o += 4)
            {
                Int8Dot.Dot4(ref xRef, ref Unsafe.Add(ref wRef, o * d), d, d, simd, out int s0, out int s1, out int s2, out int s3);
                outRow[o] = q.Requantize(unchecked(s0 + foldedBias[o] + rowConstant), o);
                outRow[o + 1] = q.Requantize(unchecked(s1 + foldedBias[o + 1] + rowConstant), o + 1);
                outRow[o + 2] = q.Requantize(unchecked(s2 + foldedBias[o + 2] + rowConstant), o + 2);
                outRow[o + 3] = q.Requantize(unchecked(s3 + foldedBias[o + 3] + rowConstant), o + 3);
            }
            for (; o < outputDepth; o++)
                outRow[o] = q.Requantize(unchecked(Int8Dot.Dot(ref xRef, ref Unsafe.Add(ref wRef, o * d), d, simd) + foldedBias[o] + rowConstant), o);
        }
    }

    /// <summary>Reference path: TFLM's loop order and arithmetic, one multiply-accumulate at a time.</summary>
    public static void RunReference(
        in Int8Requantization q, int batches, int accumDepth, int outputDepth,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        for (int b = 0; b < batches; b++)
        {
            for (int o = 0; o < outputDepth; o++)
            {
                int acc = 0;
                for (int d = 0; d < accumDepth; d++)
                {
                    int w = weights[o * accumDepth + d];
                    int x = input[b * accumDepth + d];
                    acc = unchecked(acc + (w + q.FilterOffset) * (x + q.InputOffset));
                }
                if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
                output[b * outputDepth + o] = q.Requantize(acc, o);
            }
        }
    }
}
