using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>
/// Float32 fully connected layer, forward and backward, over row-major spans: the device head's two layers and the
/// host networks' dense layers. Legend: B = batch, I = inputs, O = outputs. Layout as TFLite FULLY_CONNECTED:
/// x <c>[B, I]</c>, W <c>[O, I]</c>, b <c>[O]</c>, y <c>[B, O]</c>.
/// Lengths are checked by the caller (<see cref="FloatHead"/>, the host's dense layer) once; here only Debug.Assert.
/// Vectorized (each method's <c>simd</c> picks the lanes; every level gives the same bits): the summation orders below
/// are part of the float contract (<see cref="HeadTrainer"/>).
/// </summary>
public static class FullyConnectedFloat
{
    /// <summary>Forward: <c>y[n, o] = (sum_i x[n, i] * W[o, i]) + b[o]</c>.</summary>
    /// <remarks>
    /// Order: each sum is <see cref="FixedOrderSum"/>'s dot product of the row <c>x[n, :]</c> with the row <c>W[o, :]</c>,
    /// then the bias is added. (TFLite's reference FULLY_CONNECTED, which the interpreter runs on an exported head, sums
    /// i ascending instead: its logits can differ from the trainer's in the last bits.) Multiply-adds: <c>B * O * I</c>.
    ///
    /// <paramref name="simd"/> picks the lanes to compute with (default: the CPU's best).
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> y, int batch, int inputs, int outputs, SimdLevel? simd = null) =>
        Forward(TrainingLanes.PathOf(simd), x, weights, bias, y, batch, inputs, outputs);

    /// <summary>
    /// Backward. Accumulates (adds to) the parameter gradients, overwrites the input gradient:
    /// <c>dW[o, i] += sum_n dy[n, o] * x[n, i]</c>, <c>db[o] += sum_n dy[n, o]</c>,
    /// <c>dx[n, i] = sum_o dy[n, o] * W[o, i]</c> (skipped when <paramref name="dx"/> is empty:
    /// the first layer's input is the frozen body's output and needs no gradient).
    /// </summary>
    /// <remarks>
    /// Order, element by element (so any vector width gives the same bits): <c>dW[o, i] = ((dW[o, i] + dy[0, o] * x[0, i])
    /// + dy[1, o] * x[1, i]) + ...</c>, n ascending; <c>db[o]</c> likewise; <c>dx[n, i] = ((0f + dy[n, 0] * W[0, i]) +
    /// dy[n, 1] * W[1, i]) + ...</c>, o ascending. Calling it once per sample gives the same bits as once for the batch.
    /// Multiply-adds: <c>B * O * I</c> for dW, plus <c>B * O * I</c> when dx is computed.
    ///
    /// <paramref name="simd"/> picks the lanes to compute with (default: the CPU's best).
    /// </remarks>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weights,
        Span<float> dWeights, Span<float> dBias, Span<float> dx, int batch, int inputs, int outputs, SimdLevel? simd = null)
    {
        Debug.Assert(dy.Length >= batch * outputs && x.Length >= batch * inputs);
        Debug.Assert(dWeights.Length == outputs * inputs && dBias.Length == outputs);
        Debug.Assert(dx.IsEmpty || dx.Length >= batch * inputs);
        LanePath path = TrainingLanes.PathOf(simd);
        for (int o = 0; o < outputs; o++)
        {
            float db = dBias[o];
            for (int n = 0; n < batch; n++) db += dy[n * outputs + o];
            dBias[o] = db;
        }

        switch (path)
        {
            case LanePath.Vector256: Backward<Vector256Lanes8>(dy, x, weights, dWeights, dx, batch, inputs, outputs); break;
            case LanePath.Vector128: Backward<Vector128Lanes8>(dy, x, weights, dWeights, dx, batch, inputs, outputs); break;
            default: Backward<Lane1>(dy, x, weights, dWeights, dx, batch, inputs, outputs); break; // elementwise: one lane is the plain loop
        }
    }

    internal static void Forward(LanePath path, ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> y, int batch, int inputs, int outputs)
    {
        Debug.Assert(x.Length >= batch * inputs && y.Length >= batch * outputs);
        Debug.Assert(weights.Length == outputs * inputs && bias.Length == outputs);
        switch (path)
        {
            case LanePath.Vector256: Forward<Vector256Lanes8>(x, weights, bias, y, batch, inputs, outputs); break;
            case LanePath.Vector128: Forward<Vector128Lanes8>(x, weights, bias, y, batch, inputs, outputs); break;
            default: Forward<ScalarLanes8>(x, weights, bias, y, batch, inputs, outputs); break;
        }
    }

    private static void Forward<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> y, int batch, int inputs, int outputs) where T : struct, ILanes<T>
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float w0 = ref MemoryMarshal.GetReference(weights);
        int o = 0;
        // Two rows of weights and four samples at a time: eight sums in flight (see Dot4x2). Not on the scalar path,
        // whose eight sums of 8 floats each would spill.
        for (; o + 2 <= outputs && typeof(T) != typeof(ScalarLanes8); o += 2)
        {
            ref float wRow = ref Unsafe.Add(ref w0, o * inputs);
            ref float vRow = ref Unsafe.Add(ref wRow, inputs);
            float b = bias[o], c = bias[o + 1];
            int n = 0;
            for (; n + 4 <= batch; n += 4)
            {
                FixedOrderSum.Dot4x2<T>(ref wRow, ref vRow, ref Unsafe.Add(ref x0, n * inputs), inputs, inputs, out FixedOrderSum.Four d, out FixedOrderSum.Four e);
                StoreFour(y, n, o, outputs, d, b);
                StoreFour(y, n, o + 1, outputs, e, c);
            }

            for (; n < batch; n++)
            {
                y[n * outputs + o] = FixedOrderSum.Dot<T>(ref wRow, ref Unsafe.Add(ref x0, n * inputs), inputs) + b;
                y[n * outputs + o + 1] = FixedOrderSum.Dot<T>(ref vRow, ref Unsafe.Add(ref x0, n * inputs), inputs) + c;
            }
        }

        for (; o < outputs; o++)
        {
            ref float wRow = ref Unsafe.Add(ref w0, o * inputs);
            float b = bias[o];
            int n = 0;
            // Four samples at a time share each load of the weight row; each sum keeps its own fixed order.
            for (; n + 4 <= batch; n += 4)
            {
                FixedOrderSum.Dot4<T>(ref wRow, ref Unsafe.Add(ref x0, n * inputs), inputs, inputs, out float d0, out float d1, out float d2, out float d3);
                StoreFour(y, n, o, outputs, new FixedOrderSum.Four(d0, d1, d2, d3), b);
            }

            for (; n < batch; n++) y[n * outputs + o] = FixedOrderSum.Dot<T>(ref wRow, ref Unsafe.Add(ref x0, n * inputs), inputs) + b;
        }
    }

    // y[n + i, o] = d.Si + b for samples n to n + 3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFour(Span<float> y, int n, int o, int outputs, FixedOrderSum.Four d, float b)
    {
        y[n * outputs + o] = d.S0 + b;
        y[(n + 1) * outputs + o] = d.S1 + b;
        y[(n + 2) * outputs + o] = d.S2 + b;
        y[(n + 3) * outputs + o] = d.S3 + b;
    }

    private static void Backward<T>(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weights,
        Span<float> dWeights, Span<float> dx, int batch, int inputs, int outputs) where T : struct, ILanes<T>
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        for (int o = 0; o < outputs; o++)
            AccumulateRow<T>(ref MemoryMarshal.GetReference(dWeights.Slice(o * inputs, inputs)), ref Unsafe.Add(ref dy0, o), outputs, ref x0, inputs, batch, inputs);

        if (dx.IsEmpty) return;
        ref float w0 = ref MemoryMarshal.GetReference(weights);
        for (int n = 0; n < batch; n++)
        {
            Span<float> dxRow = dx.Slice(n * inputs, inputs);
            dxRow.Clear();
            // dx[n, :] += dy[n, o] * W[o, :]: the rows of W with the coefficients dy[n, 0..O-1], o ascending.
            AccumulateRow<T>(ref MemoryMarshal.GetReference(dxRow), ref Unsafe.Add(ref dy0, n * outputs), 1, ref w0, inputs, outputs, inputs);
        }
    }

    /// <summary>
    /// <c>row[k] = ((row[k] + c_0 * X[0, k]) + c_1 * X[1, k]) + ...</c> for the <paramref name="terms"/> coefficients
    /// <c>c_j = coefficients[j * coefficientStride]</c> and rows <c>X[j, :]</c> <paramref name="rowStride"/> floats apart.
    /// </summary>
    internal static void AccumulateRow<T>(ref float row, ref float coefficients, int coefficientStride, ref float rows, int rowStride,
        int terms, int length) where T : struct, ILanes<T>
    {
        int blocked = length - length % T.Count;
        for (int k = 0; k < blocked; k += T.Count)
        {
            T sum = T.Load(ref Unsafe.Add(ref row, k));
            for (int j = 0; j < terms; j++)
                sum += T.Create(Unsafe.Add(ref coefficients, j * coefficientStride)) * T.Load(ref Unsafe.Add(ref rows, j * rowStride + k));
            sum.Store(ref Unsafe.Add(ref row, k));
        }

        for (int k = blocked; k < length; k++)
        {
            float sum = Unsafe.Add(ref row, k);
            for (int j = 0; j < terms; j++) sum += Unsafe.Add(ref coefficients, j * coefficientStride) * Unsafe.Add(ref rows, j * rowStride + k);
            Unsafe.Add(ref row, k) = sum;
        }
    }
}
