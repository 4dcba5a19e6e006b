// The loss: softmax over each sample's K logits, then the mean over the B samples of -log p[label].
// Its gradient with respect to the logits is (p - onehot(label)) / B.
namespace MicroTL.Toolkit.Training;

/// <summary>Softmax cross-entropy over a mini-batch (forward and backward).</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Writes the softmax of each row of <paramref name="logits"/> (B x K, B = labels.Length) into
    /// <paramref name="probabilities"/> and returns the mean loss <c>-(1/B) Σ_b log p[b, label_b]</c>.
    /// </summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> probabilities, int classes)
    {
        double loss = 0;
        for (int b = 0; b < labels.Length; b++)
        {
            Softmax(logits.Slice(b * classes, classes), probabilities.Slice(b * classes, classes));
            loss -= Math.Log(Math.Max(probabilities[b * classes + labels[b]], 1e-30f));
        }

        return (float)(loss / labels.Length);
    }

    /// <summary>
    /// Writes <c>∂L/∂logits = (p - onehot(label)) / B</c> into <paramref name="logitGradient"/>; B is
    /// <paramref name="batchSize"/> when the rows are one chunk of a larger batch, else labels.Length.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> logitGradient, int classes,
        int batchSize = 0)
    {
        float inverseBatch = 1f / (batchSize > 0 ? batchSize : labels.Length);
        for (int b = 0; b < labels.Length; b++)
            for (int k = 0; k < classes; k++)
            {
                int at = b * classes + k;
                logitGradient[at] = (probabilities[at] - (k == labels[b] ? 1f : 0f)) * inverseBatch;
            }
    }

    /// <summary>Numerically stable softmax of one row (the maximum is subtracted first).</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = float.NegativeInfinity;
        foreach (float v in logits) max = Math.Max(max, v);
        float sum = 0f;
        for (int k = 0; k < logits.Length; k++)
        {
            probabilities[k] = MathF.Exp(logits[k] - max);
            sum += probabilities[k];
        }

        for (int k = 0; k < logits.Length; k++) probabilities[k] /= sum;
    }
}
