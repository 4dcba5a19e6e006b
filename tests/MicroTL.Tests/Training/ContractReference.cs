using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>
/// The float contract of the training step (HeadTrainer's docs, FixedOrderSum, FloatHead.TrainStep), written again as
/// plain scalar loops from the documentation alone, the way the C port will write it: the reference every SIMD path of
/// the library must match bit for bit. Softmax cross-entropy is the library's (scalar, no lanes).
/// </summary>
internal static class ContractReference
{
    /// <summary>8 partial sums over k % 8, folded in halves, then the tail in order.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var s = new float[8];
        int m = a.Length / 8 * 8;
        for (int k = 0; k < m; k++) s[k % 8] += a[k] * b[k];
        float r = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
        for (int k = m; k < a.Length; k++) r += a[k] * b[k];
        return r;
    }

    /// <summary>Forward then one fused step of SGD or Adam on a copy of <paramref name="parameters"/> and its state; returns the loss and the gradient norm.</summary>
    public static (float Loss, float Norm) Step(HeadShape s, float[] parameters, float[] first, float[] second, float[] x, int[] labels,
        OptimizerSettings o, float learningRate, double beta1Power, double beta2Power)
    {
        int batch = labels.Length, inputs = s.Inputs, hidden = s.Hidden, classes = s.Classes;
        var layout = new ParameterLayout(s);
        float[] h = new float[batch * hidden], z = new float[batch * classes], dh = new float[batch * hidden];
        for (int n = 0; n < batch; n++)
        {
            for (int j = 0; j < hidden; j++)
            {
                float a = Dot(x.AsSpan(n * inputs, inputs), parameters.AsSpan(layout.W1Offset + j * inputs, inputs)) + parameters[layout.B1Offset + j];
                h[n * hidden + j] = a > 0f ? a : 0f;
            }

            for (int c = 0; c < classes; c++)
                z[n * classes + c] = Dot(h.AsSpan(n * hidden, hidden), parameters.AsSpan(layout.W2Offset + c * hidden, hidden)) + parameters[layout.B2Offset + c];
        }

        float loss = SoftmaxCrossEntropy.Forward(z, z, labels, classes);
        SoftmaxCrossEntropy.Backward(z, labels, z, classes, 1f / batch);
        for (int n = 0; n < batch; n++)
            for (int j = 0; j < hidden; j++)
            {
                float sum = 0f;
                for (int c = 0; c < classes; c++) sum += z[n * classes + c] * parameters[layout.W2Offset + c * hidden + j];
                dh[n * hidden + j] = h[n * hidden + j] > 0f ? sum : 0f;
            }

        // Every row's gradient, in buffer order: W1 rows, b1, W2 rows, b2.
        var rows = new List<(int Offset, Func<int, float> Gradient, int Length)>();
        for (int j = 0; j < hidden; j++)
        {
            int row = j;
            rows.Add((layout.W1Offset + j * inputs, i => Sum(batch, n => dh[n * hidden + row] * x[n * inputs + i]), inputs));
        }

        rows.Add((layout.B1Offset, j => Sum(batch, n => dh[n * hidden + j]), hidden));
        for (int c = 0; c < classes; c++)
        {
            int row = c;
            rows.Add((layout.W2Offset + c * hidden, j => Sum(batch, n => z[n * classes + row] * h[n * hidden + j]), hidden));
        }

        rows.Add((layout.B2Offset, c => Sum(batch, n => z[n * classes + c]), classes));
        float squares = 0f;
        foreach ((int offset, Func<int, float> gradient, int length) in rows)
        {
            var g = new float[length];
            for (int k = 0; k < length; k++) g[k] = gradient(k);
            squares += Dot(g, g);
            for (int k = 0; k < length; k++) Update(o, learningRate, beta1Power, beta2Power, ref parameters[offset + k], ref first[offset + k], ref second[offset + k], g[k]);
        }

        return (loss, MathF.Sqrt(squares));
    }

    // ((0f + t_0) + t_1) + ..., n ascending.
    private static float Sum(int batch, Func<int, float> term)
    {
        float sum = 0f;
        for (int n = 0; n < batch; n++) sum += term(n);
        return sum;
    }

    private static void Update(OptimizerSettings o, float eta, double p1, double p2, ref float w, ref float first, ref float second, float g)
    {
        if (o.Kind == OptimizerKind.Sgd)
        {
            float decayed = g + o.WeightDecay * w;
            first = o.Momentum * first + decayed;
            w = w - eta * first;
            return;
        }

        float a = (float)(eta / (1.0 - p1)), s = (float)(1.0 / (1.0 - p2)), c1 = 1f - o.Beta1, c2 = 1f - o.Beta2, d = eta * o.WeightDecay;
        float gg = o.DecoupledWeightDecay ? g : g + o.WeightDecay * w;
        first = o.Beta1 * first + c1 * gg;
        second = o.Beta2 * second + (c2 * gg) * gg;
        float u = (a * first) / (MathF.Sqrt(second * s) + o.Epsilon);
        w = o.DecoupledWeightDecay ? w - (u + d * w) : w - u;
    }

    /// <summary>The gradient norm of a whole gradient buffer: each row's fixed-order sum of squares, summed in buffer order.</summary>
    public static float Norm(HeadShape s, float[] gradients)
    {
        var layout = new ParameterLayout(s);
        float squares = 0f;
        for (int j = 0; j < s.Hidden; j++) squares += Dot(gradients.AsSpan(layout.W1Offset + j * s.Inputs, s.Inputs), gradients.AsSpan(layout.W1Offset + j * s.Inputs, s.Inputs));
        squares += Dot(gradients.AsSpan(layout.B1Offset, s.Hidden), gradients.AsSpan(layout.B1Offset, s.Hidden));
        for (int c = 0; c < s.Classes; c++) squares += Dot(gradients.AsSpan(layout.W2Offset + c * s.Hidden, s.Hidden), gradients.AsSpan(layout.W2Offset + c * s.Hidden, s.Hidden));
        squares += Dot(gradients.AsSpan(layout.B2Offset, s.Classes), gradients.AsSpan(layout.B2Offset, s.Classes));
        return MathF.Sqrt(squares);
    }
}
