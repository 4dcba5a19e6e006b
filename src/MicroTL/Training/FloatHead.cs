namespace MicroTL.Training;

/// <summary>
/// The float32 head MicroTL trains on the device: FC(I -&gt; H) -&gt; ReLU -&gt; FC(H -&gt; C) -&gt;
/// softmax cross-entropy. Legend: B = batch (at most <see cref="MaxBatch"/>), I = inputs,
/// H = hidden, C = classes. Inputs are row-major <c>[B, I]</c> dequantized features.
/// Parameters, gradients and optimizer state live in one buffer (<see cref="HeadParameters"/>),
/// activations in another (<see cref="HeadWorkspace"/>); nothing is allocated after construction.
/// </summary>
public sealed class FloatHead
{
    /// <summary>Allocates the parameter buffer and a workspace for up to <paramref name="maxBatch"/> samples.</summary>
    /// <param name="shape">The head shape.</param>
    /// <param name="maxBatch">Largest batch of a single forward/backward pass.</param>
    /// <param name="stateSlots">Optimizer state blocks to reserve (0 for an inference-only head).</param>
    public FloatHead(HeadShape shape, int maxBatch, int stateSlots = 0)
    {
        Parameters = new HeadParameters(shape, stateSlots);
        Workspace = new HeadWorkspace(shape, maxBatch);
    }

    /// <summary>The head shape.</summary>
    public HeadShape Shape => Parameters.Shape;

    /// <summary>Largest batch a pass can take.</summary>
    public int MaxBatch => Workspace.MaxBatch;

    /// <summary>Parameters, gradients, optimizer state.</summary>
    public HeadParameters Parameters { get; }

    /// <summary>Activations and their gradients.</summary>
    public HeadWorkspace Workspace { get; }

    /// <summary>Bytes of both buffers.</summary>
    public long AllocatedBytes => Parameters.AllocatedBytes + Workspace.AllocatedBytes;

    /// <summary>
    /// Forward pass with loss. Batch B = <c>labels.Length</c>. Leaves the hidden activations and
    /// the probabilities in the workspace for <see cref="Backward"/> and <see cref="CountCorrect"/>.
    /// </summary>
    /// <returns>The batch mean cross-entropy <c>L = (1/B) sum_n -log p[n, y_n]</c>.</returns>
    /// <remarks>Multiply-adds: <c>B * (I*H + H*C)</c>.</remarks>
    /// <exception cref="ArgumentException">Lengths do not match B and the shape, or B exceeds <see cref="MaxBatch"/>.</exception>
    public float Forward(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length;
        CheckBatch(inputs, batch);
        ComputeLogits(inputs, batch);
        Span<float> logitsToProbabilities = Workspace.Probabilities(batch);
        return SoftmaxCrossEntropy.Forward(logitsToProbabilities, logitsToProbabilities, labels, Shape.Classes);
    }

    /// <summary>
    /// Backward pass for the batch of the last <see cref="Forward"/> (same inputs and labels).
    /// Overwrites <see cref="HeadParameters.Gradients"/> with the gradient of the batch MEAN loss:
    /// <c>dL/dθ = (1/B) sum_n d loss_n / dθ</c>. The mean makes the learning rate independent of
    /// the batch size; the authors' <c>rate/batch * summed gradient</c> is the same update.
    /// </summary>
    /// <remarks>
    /// dz = (p - onehot(y)) / B; dW2 = dz^T h; db2 = sum_n dz; dh = dz W2; dh ⊙= [a &gt; 0];
    /// dW1 = dh^T x; db1 = sum_n dh. Multiply-adds: <c>B * (2*H*C + I*H)</c>
    /// (no gradient for the frozen input).
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths do not match B and the shape.</exception>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length;
        CheckBatch(inputs, batch);
        int i = Shape.Inputs, h = Shape.Hidden, c = Shape.Classes;
        HeadParameters p = Parameters;
        HeadWorkspace w = Workspace;

        p.Gradients.Clear(); // the layer backwards accumulate
        Span<float> dLogits = w.LogitGradients(batch);
        SoftmaxCrossEntropy.Backward(w.Probabilities(batch), labels, dLogits, c, 1f / batch);
        Span<float> dHidden = w.HiddenGradients(batch);
        FullyConnectedFloat.Backward(dLogits, w.Hidden(batch), p.W2, p.GradW2, p.GradB2, dHidden, batch, h, c);
        Relu.BackwardInPlace(w.HiddenPre(batch), dHidden);
        FullyConnectedFloat.Backward(dHidden, inputs, p.W1, p.GradW1, p.GradB1, Span<float>.Empty, batch, i, h);
    }

    /// <summary>
    /// Forward pass without the loss: <c>z = W2 relu(W1 x + b1) + b2</c> for <c>batch</c> samples.
    /// </summary>
    /// <returns>The logits <c>[B, C]</c>, a view of the workspace valid until the next pass.</returns>
    /// <exception cref="ArgumentException">Lengths do not match B and the shape, or B exceeds <see cref="MaxBatch"/>.</exception>
    public ReadOnlySpan<float> ForwardLogits(ReadOnlySpan<float> inputs, int batch)
    {
        CheckBatch(inputs, batch);
        ComputeLogits(inputs, batch);
        return Workspace.Probabilities(batch);
    }

    /// <summary>Probabilities <c>[B, C]</c> of the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> Probabilities(int batch) => Workspace.Probabilities(batch);

    /// <summary>How many of the last <see cref="Forward"/>'s predictions (argmax p) equal the labels.</summary>
    public int CountCorrect(ReadOnlySpan<int> labels)
    {
        int batch = labels.Length, classes = Shape.Classes, correct = 0;
        ReadOnlySpan<float> probabilities = Workspace.Probabilities(batch);
        for (int n = 0; n < batch; n++)
            if (SoftmaxCrossEntropy.ArgMax(probabilities.Slice(n * classes, classes)) == labels[n]) correct++;
        return correct;
    }

    /// <summary>The predicted class of one sample: <c>argmax_c z_c</c> (softmax keeps the order, so it is skipped).</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not I floats long.</exception>
    public int Predict(ReadOnlySpan<float> input)
    {
        CheckBatch(input, 1);
        ComputeLogits(input, 1);
        return SoftmaxCrossEntropy.ArgMax(Workspace.Probabilities(1));
    }

    /// <summary>Predicted classes of a batch of any size <c>predictions.Length</c>, in chunks of <see cref="MaxBatch"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is not <c>predictions.Length * I</c> floats long.</exception>
    public void Predict(ReadOnlySpan<float> inputs, Span<int> predictions)
    {
        int count = predictions.Length, inputLength = Shape.Inputs, classes = Shape.Classes;
        if (inputs.Length != count * inputLength)
            TrainingThrow.Argument(nameof(inputs), $"inputs have {inputs.Length} floats; {count} samples x {inputLength} = {count * inputLength} expected");
        for (int start = 0; start < count; start += MaxBatch)
        {
            int batch = Math.Min(MaxBatch, count - start);
            ComputeLogits(inputs.Slice(start * inputLength, batch * inputLength), batch);
            ReadOnlySpan<float> logits = Workspace.Probabilities(batch);
            for (int n = 0; n < batch; n++)
                predictions[start + n] = SoftmaxCrossEntropy.ArgMax(logits.Slice(n * classes, classes));
        }
    }

    private void ComputeLogits(ReadOnlySpan<float> inputs, int batch)
    {
        HeadParameters p = Parameters;
        HeadWorkspace w = Workspace;
        Span<float> hiddenPre = w.HiddenPre(batch), hidden = w.Hidden(batch);
        FullyConnectedFloat.Forward(inputs, p.W1, p.B1, hiddenPre, batch, Shape.Inputs, Shape.Hidden);
        Relu.Forward(hiddenPre, hidden);
        FullyConnectedFloat.Forward(hidden, p.W2, p.B2, w.Probabilities(batch), batch, Shape.Hidden, Shape.Classes);
    }

    private void CheckBatch(ReadOnlySpan<float> inputs, int batch)
    {
        if (batch <= 0 || batch > MaxBatch)
            TrainingThrow.Argument("labels", $"batch of {batch}; must be 1..{MaxBatch} (the workspace's max batch)");
        if (inputs.Length != batch * Shape.Inputs)
            TrainingThrow.Argument(nameof(inputs), $"inputs have {inputs.Length} floats; {batch} samples x {Shape.Inputs} = {batch * Shape.Inputs} expected");
    }
}
