using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Training;

// The backward pass fused with the optimizer (FloatHead.TrainStep): each row's gradient is computed four blocks of
// 8 elements at a time and applied as it goes, so no gradient buffer exists. Legend: B batch, I inputs, H hidden,
// C classes; x [B,I], h [B,H] (after ReLU), dz [B,C], dh [B,H]; W1 [H,I], W2 [C,H].
internal static class FusedHeadStep
{
    /// <summary>Updates every parameter of <paramref name="head"/>; returns the squared gradient norm (see <see cref="FloatHead.TrainStep"/>).</summary>
    public static float Run<TRule>(LanePath path, HeadParameters head, HeadWorkspace workspace, ReadOnlySpan<float> x, int batch, in TRule rule)
        where TRule : struct, IUpdateRule => path switch
        {
            LanePath.Vector256 => Run<Vector256Lanes8, TRule>(head, workspace, x, batch, rule),
            LanePath.Vector128 => Run<Vector128Lanes8, TRule>(head, workspace, x, batch, rule),
            _ => Run<ScalarLanes8, TRule>(head, workspace, x, batch, rule),
        };

    private static float Run<T, TRule>(HeadParameters head, HeadWorkspace workspace, ReadOnlySpan<float> x, int batch, in TRule rule)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        Debug.Assert(T.Count == FixedOrderSum.Lanes);
        HeadShape shape = head.Shape;
        int inputs = shape.Inputs, hidden = shape.Hidden, classes = shape.Classes;
        ParameterLayout layout = head.Layout;
        ref float w = ref MemoryMarshal.GetReference(head.Values);
        ref float first = ref MemoryMarshal.GetReference(head.State(0));
        ref float second = ref head.StateSlots > 1 ? ref MemoryMarshal.GetReference(head.State(1)) : ref first; // SGD reads no second block
        ref float h = ref MemoryMarshal.GetReference(workspace.Hidden(batch));
        ref float dz = ref MemoryMarshal.GetReference(workspace.Probabilities(batch));
        Span<float> dHidden = workspace.HiddenGradients(batch);
        ref float dh = ref MemoryMarshal.GetReference(dHidden);

        // dh = dz W2 from the weights of the forward pass, before W2's update; then the ReLU mask.
        ref float w2 = ref Unsafe.Add(ref w, layout.W2Offset);
        dHidden.Clear();
        for (int n = 0; n < batch; n++)
            FullyConnectedFloat.AccumulateRow<T>(ref Unsafe.Add(ref dh, n * hidden), ref Unsafe.Add(ref dz, n * classes), 1, ref w2, hidden, classes, hidden);
        Relu.Mask(LanePathOf<T>(), ref h, ref dh, ref dh, batch * hidden);

        float squares = 0f;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        for (int o = 0; o < hidden; o++)
        {
            int at = layout.W1Offset + o * inputs;
            squares += UpdateRow<T, TRule>(rule, ref Unsafe.Add(ref w, at), ref Unsafe.Add(ref first, at), ref Unsafe.Add(ref second, at),
                inputs, ref Unsafe.Add(ref dh, o), hidden, ref x0, inputs, batch);
        }

        int b1 = layout.B1Offset;
        squares += UpdateRow<T, TRule>(rule, ref Unsafe.Add(ref w, b1), ref Unsafe.Add(ref first, b1), ref Unsafe.Add(ref second, b1),
            hidden, ref Unsafe.NullRef<float>(), 0, ref dh, hidden, batch);
        for (int c = 0; c < classes; c++)
        {
            int at = layout.W2Offset + c * hidden;
            squares += UpdateRow<T, TRule>(rule, ref Unsafe.Add(ref w, at), ref Unsafe.Add(ref first, at), ref Unsafe.Add(ref second, at),
                hidden, ref Unsafe.Add(ref dz, c), classes, ref h, hidden, batch);
        }

        int b2 = layout.B2Offset;
        squares += UpdateRow<T, TRule>(rule, ref Unsafe.Add(ref w, b2), ref Unsafe.Add(ref first, b2), ref Unsafe.Add(ref second, b2),
            classes, ref Unsafe.NullRef<float>(), 0, ref dz, classes, batch);
        return squares;
    }

    /// <summary>
    /// One row of <paramref name="length"/> parameters: each gradient element <c>g_k = ((0f + a_0 r_0k) + a_1 r_1k) + ...</c>
    /// over the <paramref name="terms"/> rows <c>r_j</c> (<paramref name="rowStride"/> floats apart) with coefficients
    /// <c>a_j = coefficients[j * coefficientStride]</c>, or <c>g_k = ((0f + r_0k) + r_1k) + ...</c> when
    /// <paramref name="coefficients"/> is a null reference (a bias); then the rule's update. Returns the row's
    /// <see cref="FixedOrderSum"/> sum of squares of g.
    /// </summary>
    private static float UpdateRow<T, TRule>(TRule rule, ref float weight, ref float first, ref float second, int length,
        ref float coefficients, int coefficientStride, ref float rows, int rowStride, int terms)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        bool bias = Unsafe.IsNullRef(ref coefficients);
        int blocked = length & ~(FixedOrderSum.Lanes - 1);
        T squares = T.Zero;
        int k = 0;
        // Four blocks at a time (not on the scalar path: four blocks of 8 floats each, in structs, spill and cost it a
        // fifth); biases, the leftover blocks and the scalar path a block at a time (UpdateRest).
        if (!bias && typeof(T) != typeof(ScalarLanes8))
        {
            k = typeof(TRule) == typeof(AdamUpdate)
                ? AdamFours<T>(Unsafe.As<TRule, AdamUpdate>(ref rule), ref weight, ref first, ref second, blocked, ref coefficients, coefficientStride, ref rows, rowStride, terms, ref squares)
                : UpdateFours<T, TRule>(rule, ref weight, ref first, ref second, blocked, ref coefficients, coefficientStride, ref rows, rowStride, terms, ref squares);
        }

        // A call for nothing left costs more than a small row's update: most rows have no leftover.
        return k == length ? squares.FoldedSum()
            : UpdateRest<T, TRule>(rule, ref weight, ref first, ref second, length, ref coefficients, coefficientStride, ref rows, rowStride, terms, k, squares);
    }

    // UpdateRow's first `blocked` parameters four blocks at a time (SumFour), each four applied as soon as their
    // gradients are summed. Returns where the rest begins; adds the squares in block order.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int UpdateFours<T, TRule>(TRule rule, ref float weight, ref float first, ref float second, int blocked,
        ref float coefficients, int coefficientStride, ref float rows, int rowStride, int terms, ref T squares)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        const int L = FixedOrderSum.Lanes;
        T sum = squares;
        int k = 0;
        T g0 = T.Zero, g1 = T.Zero, g2 = T.Zero, g3 = T.Zero;
        if (4 * L <= blocked) SumFour(ref coefficients, coefficientStride, ref rows, rowStride, terms, out g0, out g1, out g2, out g3);
        for (; k + 4 * L <= blocked; k += 4 * L)
        {
            T h0 = g0, h1 = g1, h2 = g2, h3 = g3;
            // The next four blocks' gradients first, so that their sums overlap these four's updates.
            if (k + 8 * L <= blocked)
                SumFour(ref coefficients, coefficientStride, ref Unsafe.Add(ref rows, k + 4 * L), rowStride, terms, out g0, out g1, out g2, out g3);
            sum += h0 * h0;
            Apply(rule, ref weight, ref first, ref second, k, h0);
            sum += h1 * h1;
            Apply(rule, ref weight, ref first, ref second, k + L, h1);
            sum += h2 * h2;
            Apply(rule, ref weight, ref first, ref second, k + 2 * L, h2);
            sum += h3 * h3;
            Apply(rule, ref weight, ref first, ref second, k + 3 * L, h3);
        }

        squares = sum;
        return k;
    }

    // UpdateFours for Adam: its scalars broadcast once for the row (AdamLanes); four blocks' updates all begun (their
    // moments and square roots) before the first is finished (its division), and the next four blocks' gradients
    // summed in between. A block's work is a chain of some 60 cycles of latency (its gradient's sums, moments, square
    // root, division) and the one divider takes 8.4 cycles a block: a block at a time, the out-of-order window held
    // too few blocks to keep the divider busy. The same operations on each block, so the same bits. (Beginning the
    // next four before finishing these gained 4 % at AVX2 and batch 16 but spilled the Vector128 path's registers,
    // two vectors a lane block: 10.7 -> 17 µs a sample at batch 4.)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AdamFours<T>(AdamUpdate rule, ref float weight, ref float first, ref float second, int blocked,
        ref float coefficients, int coefficientStride, ref float rows, int rowStride, int terms, ref T squares)
        where T : struct, ILanes<T>
    {
        const int L = FixedOrderSum.Lanes, Four = 4 * L;
        if (blocked < Four) return 0;
        AdamLanes<T> adam = rule.Broadcast<T>();
        T sum = squares;
        SumFour(ref coefficients, coefficientStride, ref rows, rowStride, terms, out T g0, out T g1, out T g2, out T g3);
        int k = 0;
        for (; k + Four <= blocked; k += Four)
        {
            sum += g0 * g0;
            sum += g1 * g1;
            sum += g2 * g2;
            sum += g3 * g3;
            ref float w = ref Unsafe.Add(ref weight, k);
            ref float m = ref Unsafe.Add(ref first, k);
            ref float v = ref Unsafe.Add(ref second, k);
            T r0 = adam.Begin(ref w, ref m, ref v, g0, out T a0);
            T r1 = adam.Begin(ref Unsafe.Add(ref w, L), ref Unsafe.Add(ref m, L), ref Unsafe.Add(ref v, L), g1, out T a1);
            T r2 = adam.Begin(ref Unsafe.Add(ref w, 2 * L), ref Unsafe.Add(ref m, 2 * L), ref Unsafe.Add(ref v, 2 * L), g2, out T a2);
            T r3 = adam.Begin(ref Unsafe.Add(ref w, 3 * L), ref Unsafe.Add(ref m, 3 * L), ref Unsafe.Add(ref v, 3 * L), g3, out T a3);
            if (k + 2 * Four <= blocked)
                SumFour(ref coefficients, coefficientStride, ref Unsafe.Add(ref rows, k + Four), rowStride, terms, out g0, out g1, out g2, out g3);
            adam.Finish(ref w, a0, r0);
            adam.Finish(ref Unsafe.Add(ref w, L), a1, r1);
            adam.Finish(ref Unsafe.Add(ref w, 2 * L), a2, r2);
            adam.Finish(ref Unsafe.Add(ref w, 3 * L), a3, r3);
        }

        squares = sum;
        return k;
    }

    // The gradients of four consecutive blocks: four independent chains of sums, where one chain at a time (as long
    // as the batch) left its latency, not the multiplies, to bound the step; each element's terms in their order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumFour<T>(ref float coefficients, int coefficientStride, ref float rows, int rowStride, int terms,
        out T g0, out T g1, out T g2, out T g3) where T : struct, ILanes<T>
    {
        const int L = FixedOrderSum.Lanes;
        g0 = T.Zero;
        g1 = T.Zero;
        g2 = T.Zero;
        g3 = T.Zero;
        ref float r = ref rows;
        for (int j = 0; j < terms; j++, r = ref Unsafe.Add(ref r, rowStride))
        {
            T c = T.Create(Unsafe.Add(ref coefficients, j * coefficientStride));
            g0 += c * T.Load(ref r);
            g1 += c * T.Load(ref Unsafe.Add(ref r, L));
            g2 += c * T.Load(ref Unsafe.Add(ref r, 2 * L));
            g3 += c * T.Load(ref Unsafe.Add(ref r, 3 * L));
        }
    }

    // UpdateRow's parameters from k on: a block at a time, then one at a time. Returns the row's sum of squares.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float UpdateRest<T, TRule>(TRule rule, ref float weight, ref float first, ref float second, int length,
        ref float coefficients, int coefficientStride, ref float rows, int rowStride, int terms, int k, T squares)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        bool bias = Unsafe.IsNullRef(ref coefficients);
        int blocked = length & ~(FixedOrderSum.Lanes - 1);
        for (; k < blocked; k += FixedOrderSum.Lanes)
        {
            T g = T.Zero;
            for (int j = 0; j < terms; j++)
            {
                T row = T.Load(ref Unsafe.Add(ref rows, j * rowStride + k));
                g += bias ? row : T.Create(Unsafe.Add(ref coefficients, j * coefficientStride)) * row;
            }

            squares += g * g;
            Apply(rule, ref weight, ref first, ref second, k, g);
        }

        float sum = squares.FoldedSum();
        for (; k < length; k++)
        {
            float g = 0f;
            for (int j = 0; j < terms; j++)
                g += bias ? Unsafe.Add(ref rows, j * rowStride + k) : Unsafe.Add(ref coefficients, j * coefficientStride) * Unsafe.Add(ref rows, j * rowStride + k);
            sum += g * g;
            rule.Apply(ref Unsafe.Add(ref weight, k), ref Unsafe.Add(ref first, k), ref Unsafe.Add(ref second, k), new Lane1(g));
        }

        return sum;
    }

    // The whole update of the block at k. The scalar path updates its 8 lanes one at a time (the same operations, as a
    // C loop does them): 8 floats in a struct through every step of Adam cost more than the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply<T, TRule>(in TRule rule, ref float weight, ref float first, ref float second, int k, T gradient)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        if (typeof(T) != typeof(ScalarLanes8))
        {
            rule.Apply(ref Unsafe.Add(ref weight, k), ref Unsafe.Add(ref first, k), ref Unsafe.Add(ref second, k), gradient);
            return;
        }

        ScalarLanes8 lanes = Unsafe.As<T, ScalarLanes8>(ref gradient);
        for (int l = 0; l < FixedOrderSum.Lanes; l++)
            rule.Apply(ref Unsafe.Add(ref weight, k + l), ref Unsafe.Add(ref first, k + l), ref Unsafe.Add(ref second, k + l), new Lane1(lanes[l]));
    }

    private static LanePath LanePathOf<T>() where T : struct, ILanes<T> =>
        typeof(T) == typeof(Vector256Lanes8) ? LanePath.Vector256 : typeof(T) == typeof(Vector128Lanes8) ? LanePath.Vector128 : LanePath.Scalar;
}
