using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>
/// Softmax followed by cross-entropy, over <c>[B, C]</c> rows (B = batch, C = classes).
/// Numerically stable: the row maximum m is subtracted before exp, so no exp overflows and
/// <c>loss = log(sum_c exp(z_c - m)) - (z_y - m)</c> never takes log of 0.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Turns logits into probabilities in place, <c>p_c = exp(z_c - m) / sum_k exp(z_k - m)</c>,
    /// and returns the summed loss <c>sum_n -log p[n, y_n]</c> (not the mean).
    /// </summary>
    public static double Forward(Span<float> logitsToProbabilities, ReadOnlySpan<int> labels, int classes)
    {
        int batch = labels.Length;
        Debug.Assert(logitsToProbabilities.Length >= batch * classes);
        double lossSum = 0;
        for (int n = 0; n < batch; n++)
        {
            Span<float> row = logitsToProbabilities.Slice(n * classes, classes);
            int label = labels[n];
            Debug.Assert((uint)label < (uint)classes);

            float max = row[0];
            for (int c = 1; c < classes; c++) if (row[c] > max) max = row[c];
            float targetShifted = row[label] - max;
            float sum = 0f;
            for (int c = 0; c < classes; c++)
            {
                float e = MathF.Exp(row[c] - max);
                row[c] = e;
                sum += e;
            }
            float inverse = 1f / sum;
            for (int c = 0; c < classes; c++) row[c] *= inverse;
            lossSum += MathF.Log(sum) - targetShifted;
        }
        return lossSum;
    }

    /// <summary>
    /// Gradient of <c>scale * sum_n loss_n</c> with respect to the logits:
    /// <c>dz[n, c] = scale * (p[n, c] - [c == y_n])</c>. With <c>scale = 1/B</c> this is the
    /// gradient of the batch mean loss.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> dLogits,
        int classes, float scale)
    {
        int batch = labels.Length;
        Debug.Assert(probabilities.Length >= batch * classes && dLogits.Length >= batch * classes);
        for (int n = 0; n < batch; n++)
        {
            int offset = n * classes;
            for (int c = 0; c < classes; c++) dLogits[offset + c] = scale * probabilities[offset + c];
            dLogits[offset + labels[n]] -= scale;
        }
    }

    /// <summary>Index of the largest value in a row; ties go to the lowest index.</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }
}
