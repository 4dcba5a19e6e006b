using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Training;

// The backward pass fused with the optimizer (FloatHead.TrainStep): each row's gradient is computed a block of
// 8 elements at a time and applied at once, so no gradient buffer exists. Legend: B batch, I inputs, H hidden,
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
        T pw = T.Zero, pa = T.Zero, pb = T.Zero; // the block begun and not finished, when overlapped
        if (!bias && terms <= 8)
        {
            // Up to 8 samples (the usual batch): their coefficients broadcast once for the row, the same sums in the same order.
            T c0 = Coefficient<T>(ref coefficients, coefficientStride, 0, terms), c1 = Coefficient<T>(ref coefficients, coefficientStride, 1, terms);
            T c2 = Coefficient<T>(ref coefficients, coefficientStride, 2, terms), c3 = Coefficient<T>(ref coefficients, coefficientStride, 3, terms);
            T c4 = Coefficient<T>(ref coefficients, coefficientStride, 4, terms), c5 = Coefficient<T>(ref coefficients, coefficientStride, 5, terms);
            T c6 = Coefficient<T>(ref coefficients, coefficientStride, 6, terms), c7 = Coefficient<T>(ref coefficients, coefficientStride, 7, terms);
            for (int k = 0; k < blocked; k += FixedOrderSum.Lanes)
            {
                ref float r = ref Unsafe.Add(ref rows, k);
                T g = T.Zero + c0 * T.Load(ref r);
                if (terms > 1) g += c1 * T.Load(ref Unsafe.Add(ref r, rowStride));
                if (terms > 2) g += c2 * T.Load(ref Unsafe.Add(ref r, 2 * rowStride));
                if (terms > 3) g += c3 * T.Load(ref Unsafe.Add(ref r, 3 * rowStride));
                if (terms > 4) g += c4 * T.Load(ref Unsafe.Add(ref r, 4 * rowStride));
                if (terms > 5) g += c5 * T.Load(ref Unsafe.Add(ref r, 5 * rowStride));
                if (terms > 6) g += c6 * T.Load(ref Unsafe.Add(ref r, 6 * rowStride));
                if (terms > 7) g += c7 * T.Load(ref Unsafe.Add(ref r, 7 * rowStride));
                squares += g * g;
                Update(rule, ref weight, ref first, ref second, k, g, ref pw, ref pa, ref pb);
            }
        }
        else
        {
            for (int k = 0; k < blocked; k += FixedOrderSum.Lanes)
            {
                T g = T.Zero;
                if (bias)
                {
                    for (int j = 0; j < terms; j++) g += T.Load(ref Unsafe.Add(ref rows, j * rowStride + k));
                }
                else
                {
                    for (int j = 0; j < terms; j++)
                        g += T.Create(Unsafe.Add(ref coefficients, j * coefficientStride)) * T.Load(ref Unsafe.Add(ref rows, j * rowStride + k));
                }

                squares += g * g;
                Update(rule, ref weight, ref first, ref second, k, g, ref pw, ref pa, ref pb);
            }
        }

        if (blocked > 0 && Overlapped<T, TRule>()) rule.Finish(ref Unsafe.Add(ref weight, blocked - FixedOrderSum.Lanes), pw, pa, pb);
        float sum = squares.FoldedSum();
        for (int k = blocked; k < length; k++)
        {
            float g = 0f;
            for (int j = 0; j < terms; j++)
                g += bias ? Unsafe.Add(ref rows, j * rowStride + k) : Unsafe.Add(ref coefficients, j * coefficientStride) * Unsafe.Add(ref rows, j * rowStride + k);
            sum += g * g;
            UpdateRules.ApplyBlock(rule, ref Unsafe.Add(ref weight, k), ref Unsafe.Add(ref first, k), ref Unsafe.Add(ref second, k), new Lane1(g));
        }

        return sum;
    }

    // True when the loops finish each block's update one block later than they begin it: for a rule whose Finish waits
    // on long operations (Adam's square root and division), which then overlap the next block's gradient instead of
    // stalling it: a tenth to a fifth off Adam's step here, the same bits (each block's operations are unchanged).
    // SGD's short Finish gains nothing and loses a little to the extra registers; the scalar path updates lane by lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Overlapped<T, TRule>() where T : struct, ILanes<T> where TRule : struct, IUpdateRule =>
        typeof(T) != typeof(ScalarLanes8) && TRule.FinishesLate;

    // The update of the block at k: at once, or begun with the one before it finished (see Overlapped), its pending
    // values left in pw, pa, pb.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<T, TRule>(in TRule rule, ref float weight, ref float first, ref float second, int k, T gradient,
        ref T pw, ref T pa, ref T pb)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        if (!Overlapped<T, TRule>())
        {
            Apply(rule, ref weight, ref first, ref second, k, gradient);
            return;
        }

        rule.Begin(ref Unsafe.Add(ref weight, k), ref Unsafe.Add(ref first, k), ref Unsafe.Add(ref second, k), gradient, out T w, out T a, out T b);
        if (k > 0) rule.Finish(ref Unsafe.Add(ref weight, k - FixedOrderSum.Lanes), pw, pa, pb);
        pw = w;
        pa = a;
        pb = b;
    }

    // The whole update of the block at k. The scalar path updates its 8 lanes one at a time (the same operations, as a
    // C loop does them): 8 floats in a struct through every step of Adam cost more than the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply<T, TRule>(in TRule rule, ref float weight, ref float first, ref float second, int k, T gradient)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        if (typeof(T) != typeof(ScalarLanes8))
        {
            UpdateRules.ApplyBlock(rule, ref Unsafe.Add(ref weight, k), ref Unsafe.Add(ref first, k), ref Unsafe.Add(ref second, k), gradient);
            return;
        }

        ScalarLanes8 lanes = Unsafe.As<T, ScalarLanes8>(ref gradient);
        for (int l = 0; l < FixedOrderSum.Lanes; l++)
            UpdateRules.ApplyBlock(rule, ref Unsafe.Add(ref weight, k + l), ref Unsafe.Add(ref first, k + l), ref Unsafe.Add(ref second, k + l), new Lane1(lanes[l]));
    }

    // Coefficient j broadcast, or zeros past the last term (never read then).
    private static T Coefficient<T>(ref float coefficients, int stride, int j, int terms) where T : struct, ILanes<T> =>
        j < terms ? T.Create(Unsafe.Add(ref coefficients, j * stride)) : T.Zero;

    private static LanePath LanePathOf<T>() where T : struct, ILanes<T> =>
        typeof(T) == typeof(Vector256Lanes8) ? LanePath.Vector256 : typeof(T) == typeof(Vector128Lanes8) ? LanePath.Vector128 : LanePath.Scalar;
}
