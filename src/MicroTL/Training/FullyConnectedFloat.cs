using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>
/// Float32 fully connected layer, forward and backward, over row-major spans: the device head's two layers and the
/// host networks' dense layers. Legend: B = batch, I = inputs, O = outputs. Layout as TFLite FULLY_CONNECTED:
/// x <c>[B, I]</c>, W <c>[O, I]</c>, b <c>[O]</c>, y <c>[B, O]</c>.
/// Lengths are checked by the caller (<see cref="FloatHead"/>, the host's dense layer) once; here only Debug.Assert.
/// Plain scalar loops: the summation order below is part of the float contract (<see cref="HeadTrainer"/>).
/// </summary>
public static class FullyConnectedFloat
{
    /// <summary>Forward: <c>y[n, o] = b[o] + sum_i x[n, i] * W[o, i]</c>.</summary>
    /// <remarks>
    /// Order: for n, for o: <c>s = 0f; s += x[n, i] * W[o, i]</c> for i = 0..I-1 (a product then a sum, each rounded);
    /// <c>y[n, o] = s + b[o]</c>. Multiply-adds: <c>B * O * I</c>.
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> y, int batch, int inputs, int outputs)
    {
        Debug.Assert(x.Length >= batch * inputs && y.Length >= batch * outputs);
        Debug.Assert(weights.Length == outputs * inputs && bias.Length == outputs);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xRow = x.Slice(n * inputs, inputs);
            Span<float> yRow = y.Slice(n * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                ReadOnlySpan<float> wRow = weights.Slice(o * inputs, inputs);
                // Sum first, then add the bias: the order of TFLite's float FULLY_CONNECTED, so an
                // exported head computes bit-identical logits in the interpreter.
                float sum = 0f;
                for (int i = 0; i < inputs; i++) sum += xRow[i] * wRow[i];
                yRow[o] = sum + bias[o];
            }
        }
    }

    /// <summary>
    /// Backward. Accumulates (adds to) the parameter gradients, overwrites the input gradient:
    /// <c>dW[o, i] += sum_n dy[n, o] * x[n, i]</c>, <c>db[o] += sum_n dy[n, o]</c>,
    /// <c>dx[n, i] = sum_o dy[n, o] * W[o, i]</c> (skipped when <paramref name="dx"/> is empty:
    /// the first layer's input is the frozen body's output and needs no gradient).
    /// </summary>
    /// <remarks>
    /// Order: dx is zeroed first; then for n = 0..B-1, for o = 0..O-1, with <c>g = dy[n, o]</c>: <c>db[o] += g</c>;
    /// <c>dW[o, i] += g * x[n, i]</c> for i ascending; <c>dx[n, i] += g * W[o, i]</c> for i ascending. So each gradient
    /// sums its terms in sample order n, and dx in output order o.
    /// Multiply-adds: <c>B * O * I</c> for dW, plus <c>B * O * I</c> when dx is computed.
    /// </remarks>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weights,
        Span<float> dWeights, Span<float> dBias, Span<float> dx, int batch, int inputs, int outputs)
    {
        Debug.Assert(dy.Length >= batch * outputs && x.Length >= batch * inputs);
        Debug.Assert(dWeights.Length == outputs * inputs && dBias.Length == outputs);
        bool wantInputGradient = !dx.IsEmpty;
        Debug.Assert(!wantInputGradient || dx.Length >= batch * inputs);
        if (wantInputGradient) dx.Slice(0, batch * inputs).Clear();

        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xRow = x.Slice(n * inputs, inputs);
            ReadOnlySpan<float> dyRow = dy.Slice(n * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                float g = dyRow[o];
                dBias[o] += g;
                Span<float> dwRow = dWeights.Slice(o * inputs, inputs);
                for (int i = 0; i < inputs; i++) dwRow[i] += g * xRow[i];
                if (wantInputGradient)
                {
                    ReadOnlySpan<float> wRow = weights.Slice(o * inputs, inputs);
                    Span<float> dxRow = dx.Slice(n * inputs, inputs);
                    for (int i = 0; i < inputs; i++) dxRow[i] += g * wRow[i];
                }
            }
        }
    }
}
