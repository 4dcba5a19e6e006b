using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>
/// The float32 head MicroTL trains on the device: FC(I -&gt; H) -&gt; ReLU -&gt; FC(H -&gt; C) -&gt;
/// softmax cross-entropy. Legend: B = batch (at most <see cref="MaxBatch"/>), I = inputs,
/// H = hidden, C = classes. Inputs are row-major <c>[B, I]</c> dequantized features.
/// Parameters and optimizer state live in one buffer (<see cref="HeadParameters"/>), activations in
/// another (<see cref="HeadWorkspace"/>); nothing is allocated after construction. Training takes
/// <see cref="Forward"/> then <see cref="TrainStep"/>, which applies each row's update as soon as its
/// gradient is computed, so no gradient buffer exists; <see cref="Backward"/> writes the whole gradient
/// (the reference the fused step is tested against, and what a gradient check reads).
/// </summary>
public sealed class FloatHead
{
    private readonly LanePath _lanes;

    /// <summary>Allocates the parameter buffer and a workspace for up to <paramref name="maxBatch"/> samples.</summary>
    /// <param name="shape">The head shape.</param>
    /// <param name="maxBatch">Largest batch of a single forward/backward pass.</param>
    /// <param name="stateSlots">Optimizer state blocks to reserve (0 for an inference-only head).</param>
    /// <param name="simd">The lanes the passes compute with (default: the CPU's best); every level gives the same bits.</param>
    public FloatHead(HeadShape shape, int maxBatch, int stateSlots = 0, SimdLevel? simd = null)
    {
        Parameters = new HeadParameters(shape, stateSlots);
        Workspace = new HeadWorkspace(shape, maxBatch);
        _lanes = TrainingLanes.PathOf(simd);
        Simd = _lanes switch { LanePath.Vector256 => SimdLevel.Avx2, LanePath.Vector128 => SimdLevel.Vector128, _ => SimdLevel.Scalar };
    }

    /// <summary>The level the passes run at: <see cref="SimdLevel.Scalar"/>, <see cref="SimdLevel.Vector128"/> or (256-bit vectors) <see cref="SimdLevel.Avx2"/>.</summary>
    public SimdLevel Simd { get; }

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
    /// Backward pass for the batch of the last <see cref="Forward"/> (same inputs and labels), written out whole:
    /// overwrites <paramref name="gradients"/> (P floats, the parameters' layout) with the gradient of the batch MEAN loss,
    /// <c>dL/dθ = (1/B) sum_n d loss_n / dθ</c>. The mean makes the learning rate independent of the batch size; the
    /// authors' <c>rate/batch * summed gradient</c> is the same update. The trainer does not call it
    /// (<see cref="TrainStep"/> fuses it with the update); it is the reference of the same bits.
    /// </summary>
    /// <remarks>
    /// dz = (p - onehot(y)) / B (in place of p); dh = dz W2; dh ⊙= [h &gt; 0]; then every parameter's gradient,
    /// <see cref="FullyConnectedFloat.Backward"/>'s order from 0: dW2 = dz^T h; db2 = sum_n dz; dW1 = dh^T x; db1 = sum_n dh.
    /// Multiply-adds: <c>B * (2*H*C + I*H)</c> (no gradient for the frozen input).
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths do not match B and the shape, or <paramref name="gradients"/> is not P floats.</exception>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        int batch = labels.Length;
        CheckBatch(inputs, batch);
        ParameterLayout layout = Parameters.Layout;
        if (gradients.Length != layout.Count)
            TrainingThrow.Argument(nameof(gradients), $"gradients have {gradients.Length} floats; head {Shape} has {layout.Count} parameters");
        int i = Shape.Inputs, h = Shape.Hidden, c = Shape.Classes;
        HeadParameters p = Parameters;
        HeadWorkspace w = Workspace;
        SimdLevel simd = Simd;

        gradients.Clear(); // the layer backwards accumulate
        Span<float> dLogits = w.Probabilities(batch);
        SoftmaxCrossEntropy.Backward(dLogits, labels, dLogits, c, 1f / batch);
        Span<float> dHidden = w.HiddenGradients(batch);
        FullyConnectedFloat.Backward(dLogits, w.Hidden(batch), p.W2, gradients.Slice(layout.W2Offset, layout.W2Length),
            gradients.Slice(layout.B2Offset, layout.B2Length), dHidden, batch, h, c, simd);
        Relu.BackwardInPlace(w.Hidden(batch), dHidden, simd);
        FullyConnectedFloat.Backward(dHidden, inputs, p.W1, gradients.Slice(layout.W1Offset, layout.W1Length),
            gradients.Slice(layout.B1Offset, layout.B1Length), Span<float>.Empty, batch, i, h, simd);
    }

    /// <summary>
    /// One training step for the batch of the last <see cref="Forward"/> (same inputs and labels): the backward pass
    /// fused with <paramref name="optimizer"/>'s update, row by row, so the whole gradient is never stored. Gives the
    /// parameters and state <see cref="Backward"/> followed by <see cref="HeadOptimizer.Step(HeadParameters, ReadOnlySpan{float})"/>
    /// gives, bit for bit.
    /// </summary>
    /// <remarks>
    /// Order (the float contract): dz = (p - onehot(y)) / B in place of p (<see cref="SoftmaxCrossEntropy.Backward"/>);
    /// dh[n, :] = ((0f + dz[n, 0] W2[0, :]) + dz[n, 1] W2[1, :]) + ..., c ascending, all of it before W2 changes; dh ⊙= [h &gt; 0].
    /// Then the rows in buffer order, W1's rows o = 0..H-1, b1, W2's rows c = 0..C-1, b2: each gradient element
    /// <c>g = ((0f + a_0 r_0) + a_1 r_1) + ...</c>, n ascending (W1 row o: <c>a_n = dh[n, o]</c>, <c>r_n = x[n, i]</c>; b1:
    /// <c>g = ((0f + dh[0, o]) + dh[1, o]) + ...</c>; W2 and b2 alike with dz and h), then the optimizer's update of that
    /// element (<see cref="SgdMomentum"/>, <see cref="Adam"/>). The squared gradient norm is a float sum, from 0f, over
    /// the rows in that order, of each row's <see cref="FixedOrderSum"/> sum of squares (b1 and b2 one row each); the
    /// result is its IEEE square root.
    /// </remarks>
    /// <returns>The L2 norm of the batch-mean gradient (NaN when a gradient is NaN). The update is applied whatever it is:
    /// a caller that finds it too large rolls the head back (<see cref="HeadTrainer"/>).</returns>
    /// <exception cref="ArgumentException">Lengths do not match B and the shape, or the head reserves fewer state blocks than the optimizer needs.</exception>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, HeadOptimizer optimizer)
    {
        int batch = labels.Length;
        CheckBatch(inputs, batch);
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.CheckStateSlots(Parameters);
        Span<float> dLogits = Workspace.Probabilities(batch);
        SoftmaxCrossEntropy.Backward(dLogits, labels, dLogits, Shape.Classes, 1f / batch);
        optimizer.Advance();
        float squares = optimizer.Settings.Kind == OptimizerKind.Adam
            ? FusedHeadStep.Run(_lanes, Parameters, Workspace, inputs, batch, optimizer.AdamRule())
            : FusedHeadStep.Run(_lanes, Parameters, Workspace, inputs, batch, optimizer.SgdRule());
        return DeviceMath.Sqrt(squares);
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

    /// <summary>Probabilities <c>[B, C]</c> of the last <see cref="Forward"/> (until a <see cref="Backward"/> or <see cref="TrainStep"/> turns them into dL/d logits).</summary>
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
        Span<float> hidden = w.Hidden(batch);
        FullyConnectedFloat.Forward(_lanes, inputs, p.W1, p.B1, hidden, batch, Shape.Inputs, Shape.Hidden);
        Relu.Mask(_lanes, ref MemoryMarshal.GetReference(hidden), ref MemoryMarshal.GetReference(hidden), ref MemoryMarshal.GetReference(hidden), hidden.Length);
        FullyConnectedFloat.Forward(_lanes, hidden, p.W2, p.B2, w.Probabilities(batch), batch, Shape.Hidden, Shape.Classes);
    }

    private void CheckBatch(ReadOnlySpan<float> inputs, int batch)
    {
        if (batch <= 0 || batch > MaxBatch)
            TrainingThrow.Argument("labels", $"batch of {batch}; must be 1..{MaxBatch} (the workspace's max batch)");
        if (inputs.Length != batch * Shape.Inputs)
            TrainingThrow.Argument(nameof(inputs), $"inputs have {inputs.Length} floats; {batch} samples x {Shape.Inputs} = {batch * Shape.Inputs} expected");
    }
}
