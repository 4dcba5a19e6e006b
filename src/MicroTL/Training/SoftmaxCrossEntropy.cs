using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>
/// Softmax followed by cross-entropy, over <c>[B, C]</c> rows (B = batch, C = classes): the loss of the
/// device's head and of the host's networks. Numerically stable: the row maximum m is subtracted before
/// exp, so no exp overflows and <c>loss = log(sum_c exp(z_c - m)) - (z_y - m)</c> never takes log of 0.
/// exp and log are <see cref="DeviceMath"/>'s.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Writes <c>p_c = exp(z_c - m) / sum_k exp(z_k - m)</c> of every row and returns the batch MEAN loss
    /// <c>L = (1/B) sum_n -log p[n, y_n]</c>. <paramref name="probabilities"/> may be <paramref name="logits"/>'s own buffer.
    /// </summary>
    /// <remarks>
    /// Order (the float contract): rows n = 0..B-1; in a row, <c>m</c> = the largest logit (scan c = 1..C-1 from z_0),
    /// <c>t = z_y - m</c>; <c>e_c = Exp(z_c - m)</c> and <c>s = ((e_0 + e_1) + e_2) + ...</c> in float, c ascending;
    /// <c>r = 1 / s</c>, <c>p_c = e_c * r</c>; <c>loss_n = Log(s) - t</c> in float. Then <c>L = (float)(S / B)</c> with
    /// <c>S = sum_n (double)loss_n</c> accumulated in double, n ascending.
    /// </remarks>
    public static float Forward(ReadOnlySpan<float> logits, Span<float> probabilities, ReadOnlySpan<int> labels, int classes)
    {
        int batch = labels.Length;
        Debug.Assert(batch > 0 && logits.Length >= batch * classes && probabilities.Length >= batch * classes);
        double lossSum = 0;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> z = logits.Slice(n * classes, classes);
            Span<float> p = probabilities.Slice(n * classes, classes);
            int label = labels[n];
            Debug.Assert((uint)label < (uint)classes);

            float max = z[0];
            for (int c = 1; c < classes; c++) if (z[c] > max) max = z[c];
            float targetShifted = z[label] - max; // read before p (maybe the same buffer) is written
            float sum = 0f;
            for (int c = 0; c < classes; c++)
            {
                float e = DeviceMath.Exp(z[c] - max);
                p[c] = e;
                sum += e;
            }
            float inverse = 1f / sum;
            for (int c = 0; c < classes; c++) p[c] *= inverse;
            lossSum += DeviceMath.Log(sum) - targetShifted;
        }
        return (float)(lossSum / batch);
    }

    /// <summary>
    /// Gradient of <c>scale * sum_n loss_n</c> with respect to the logits:
    /// <c>dz[n, c] = scale * p[n, c]</c>, then <c>dz[n, y_n] -= scale</c>. With <c>scale = 1/B</c> this is the
    /// gradient of the batch mean loss (<see cref="Forward"/>'s); a chunk of a larger batch passes 1 / (the whole batch).
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
