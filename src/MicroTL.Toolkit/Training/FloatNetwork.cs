// A float32 feed-forward network: layers in order, all parameters in one buffer sliced per layer
// (llm.c style), forward to logits, backward from softmax cross-entropy. The mini-batch is cut into
// a fixed number of chunks run in parallel; their gradients are summed in chunk order, so results do
// not depend on the machine's core count.
//
// Input contract: a sample is H x W x C floats in NHWC order, in the units the network was trained
// on; the networks of BaseNetworks take raw values (m/s² for WISDM, pixel/255 for MNIST), with no
// normalisation inside. The int8 export puts that scale into the input tensor's quantization.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>A trainable float32 network ending in logits (softmax cross-entropy is the loss).</summary>
public sealed class FloatNetwork
{
    private readonly Layer[] _layers;
    private NetworkWorkspace[] _workspaces = [];
    private float[] _batchInputs = [];
    private int[] _batchLabels = [];
    private readonly double[] _chunkLosses = new double[64];
    private readonly int[] _chunkCorrect = new int[64];

    internal FloatNetwork(FeatureShape inputShape, Layer[] layers, ulong seed)
    {
        if (layers.Length == 0) throw new ArgumentException("a network needs at least one layer");
        InputShape = inputShape;
        _layers = layers;
        int offset = 0;
        foreach (Layer layer in layers)
        {
            layer.ParameterOffset = offset;
            offset += layer.ParameterCount;
        }

        Parameters = new float[offset];
        Gradients = new float[offset];
        var random = new Pcg32(seed);
        foreach (Layer layer in layers) layer.Initialize(ParametersOf(layer), ref random);
    }

    /// <summary>Shape of one input sample.</summary>
    public FeatureShape InputShape { get; }

    /// <summary>Number of classes (size of the last layer's output).</summary>
    public int Classes => _layers[^1].OutputShape.Size;

    /// <summary>The layers in execution order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>All parameters, layer after layer (each layer: weights, then biases).</summary>
    public float[] Parameters { get; }

    /// <summary>∂L/∂parameters from the last <see cref="ComputeGradients"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>Chunks a mini-batch is cut into for parallel backprop (fixed, so results do not depend on the machine).</summary>
    public int Chunks { get; set; } = 2;

    /// <summary>The parameter slice of <paramref name="layer"/>.</summary>
    public Span<float> ParametersOf(Layer layer) => Parameters.AsSpan(layer.ParameterOffset, layer.ParameterCount);

    /// <summary>Runs <paramref name="batch"/> samples forward; returns their logits (B x classes), valid until the next call.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch)
    {
        NetworkWorkspace workspace = Workspace(0, batch);
        RunForward(workspace, inputs, batch);
        return workspace.Outputs[^1].AsSpan(0, batch * Classes);
    }

    /// <summary>Output of layer <paramref name="layer"/> from the last <see cref="Forward"/> (B x OutputShape.Size).</summary>
    public ReadOnlySpan<float> LayerOutput(int layer, int batch) =>
        _workspaces[0].Outputs[layer].AsSpan(0, batch * _layers[layer].OutputShape.Size);

    /// <summary>The most likely class of one sample.</summary>
    public int Predict(ReadOnlySpan<float> sample) => SoftmaxCrossEntropy.ArgMax(Forward(sample, 1));

    /// <summary>Fraction of <paramref name="samples"/> whose predicted class is their label.</summary>
    public float Evaluate(SampleSet samples)
    {
        const int Batch = 64;
        int correct = 0;
        for (int start = 0; start < samples.Count; start += Batch)
        {
            int n = Math.Min(Batch, samples.Count - start);
            ReadOnlySpan<float> logits = Forward(samples.Values.Slice(start * InputShape.Size, n * InputShape.Size), n);
            for (int b = 0; b < n; b++)
                if (SoftmaxCrossEntropy.ArgMax(logits.Slice(b * Classes, Classes)) == samples.Label(start + b)) correct++;
        }

        return samples.Count == 0 ? 0f : (float)correct / samples.Count;
    }

    /// <summary>
    /// Forward and backward over one mini-batch: overwrites <see cref="Gradients"/> with ∂L/∂parameters of the mean
    /// loss and returns (mean loss, number of samples predicted correctly).
    /// </summary>
    public (float Loss, int Correct) ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length;
        if (inputs.Length != batch * InputShape.Size)
            throw new ArgumentException($"{batch} labels of shape {InputShape} need {batch * InputShape.Size} inputs, got {inputs.Length}");
        int chunks = Math.Clamp(Math.Min(Chunks, batch / 8), 1, 64);
        int per = (batch + chunks - 1) / chunks;
        for (int k = 0; k < chunks; k++) Workspace(k, per);
        double[] losses = _chunkLosses;
        int[] correct = _chunkCorrect;
        if (chunks == 1) (losses[0], correct[0]) = RunChunk(_workspaces[0], inputs, labels, batch);
        else RunChunksInParallel(inputs, labels, chunks, per);

        Array.Copy(_workspaces[0].ParameterGradients, Gradients, Gradients.Length);
        double loss = losses[0];
        int right = correct[0];
        for (int k = 1; k < chunks; k++)
        {
            if (k * per >= batch) break;
            float[] g = _workspaces[k].ParameterGradients;
            for (int i = 0; i < Gradients.Length; i++) Gradients[i] += g[i];
            loss += losses[k];
            right += correct[k];
        }

        return ((float)(loss / batch), right);
    }

    /// <summary>Runs the chunks on the thread pool (kept apart so the one-chunk path allocates no closure).</summary>
    private void RunChunksInParallel(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int chunks, int per)
    {
        // Parallel.For cannot capture spans: stage the batch in reused arrays.
        int batch = labels.Length;
        if (_batchInputs.Length < inputs.Length) _batchInputs = new float[inputs.Length];
        if (_batchLabels.Length < batch) _batchLabels = new int[batch];
        inputs.CopyTo(_batchInputs);
        labels.CopyTo(_batchLabels);
        Parallel.For(0, chunks, k =>
        {
            int start = k * per, n = Math.Min(per, batch - start);
            if (n > 0)
                (_chunkLosses[k], _chunkCorrect[k]) = RunChunk(_workspaces[k], _batchInputs.AsSpan(start * InputShape.Size, n * InputShape.Size),
                    _batchLabels.AsSpan(start, n), batch);
        });
    }

    /// <summary>Forward + backward of one chunk into its workspace; returns (summed loss, correct count).</summary>
    private (double Loss, int Correct) RunChunk(NetworkWorkspace w, ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int batchSize)
    {
        int n = labels.Length;
        RunForward(w, inputs, n);
        float[] logits = w.Outputs[^1];
        // The device's loss (the batch mean); times n, the chunk's share of the sum over the whole batch.
        double loss = SoftmaxCrossEntropy.Forward(logits.AsSpan(0, n * Classes), w.Probabilities, labels, Classes) * (double)n;
        int correct = 0;
        for (int b = 0; b < n; b++)
            if (SoftmaxCrossEntropy.ArgMax(logits.AsSpan(b * Classes, Classes)) == labels[b]) correct++;
        SoftmaxCrossEntropy.Backward(w.Probabilities, labels, w.OutputGradients[^1], Classes, 1f / batchSize);
        Array.Clear(w.ParameterGradients);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            Layer layer = _layers[i];
            ReadOnlySpan<float> input = i == 0 ? inputs : w.Outputs[i - 1];
            Span<float> inputGradient = i == 0 ? default : w.OutputGradients[i - 1];
            layer.Backward(Parameters.AsSpan(layer.ParameterOffset, layer.ParameterCount), input, w.Outputs[i], w.OutputGradients[i],
                inputGradient, w.ParameterGradients.AsSpan(layer.ParameterOffset, layer.ParameterCount), n);
        }

        return (loss, correct);
    }

    private void RunForward(NetworkWorkspace w, ReadOnlySpan<float> inputs, int batch)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            ReadOnlySpan<float> input = i == 0 ? inputs : w.Outputs[i - 1];
            layer.Forward(Parameters.AsSpan(layer.ParameterOffset, layer.ParameterCount), input, w.Outputs[i], batch);
        }
    }

    private NetworkWorkspace Workspace(int index, int capacity)
    {
        if (_workspaces.Length <= index) Array.Resize(ref _workspaces, index + 1);
        NetworkWorkspace? w = _workspaces[index];
        if (w is null || w.Capacity < capacity) _workspaces[index] = w = new NetworkWorkspace(_layers, Parameters.Length, capacity);
        return w;
    }
}
