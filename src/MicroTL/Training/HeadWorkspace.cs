namespace MicroTL.Training;

/// <summary>
/// Activations and their gradients for up to <see cref="MaxBatch"/> samples, one float buffer
/// sliced into row-major matrices (B = max batch, H = hidden, C = classes):
/// <code>
/// hiddenPre [B,H] | hidden [B,H] | probabilities [B,C] | dLogits [B,C] | dHidden [B,H]
/// </code>
/// Softmax runs in place, so the logits become the probabilities; ReLU's backward runs in place on
/// dHidden (turning dL/d hidden into dL/d hiddenPre). Total <c>B * (3H + 2C)</c> floats.
/// </summary>
public sealed class HeadWorkspace
{
    private readonly float[] _buffer;
    private readonly int _hidden;
    private readonly int _classes;

    /// <summary>Allocates the workspace for a shape and a maximum batch size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatch"/> is not positive.</exception>
    public HeadWorkspace(HeadShape shape, int maxBatch)
    {
        shape.Validate();
        if (maxBatch <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxBatch), $"max batch {maxBatch}; must be positive");
        MaxBatch = maxBatch;
        _hidden = shape.Hidden;
        _classes = shape.Classes;
        _buffer = new float[FloatCount(shape, maxBatch)];
    }

    /// <summary>Floats the workspace needs: <c>B * (3H + 2C)</c>.</summary>
    public static long FloatCount(HeadShape shape, int maxBatch) =>
        (long)maxBatch * (3L * shape.Hidden + 2L * shape.Classes);

    /// <summary>Largest batch a forward/backward pass can take.</summary>
    public int MaxBatch { get; }

    /// <summary>Bytes of the buffer.</summary>
    public long AllocatedBytes => (long)_buffer.Length * sizeof(float);

    /// <summary>FC1 output before ReLU, <c>[batch, H]</c>.</summary>
    public Span<float> HiddenPre(int batch) => _buffer.AsSpan(0, batch * _hidden);

    /// <summary>ReLU output, <c>[batch, H]</c>.</summary>
    public Span<float> Hidden(int batch) => _buffer.AsSpan(MaxBatch * _hidden, batch * _hidden);

    /// <summary>FC2 output; logits after Forward's FC2, probabilities after its softmax, <c>[batch, C]</c>.</summary>
    public Span<float> Probabilities(int batch) => _buffer.AsSpan(2 * MaxBatch * _hidden, batch * _classes);

    /// <summary>dL/d logits, <c>[batch, C]</c>.</summary>
    public Span<float> LogitGradients(int batch) =>
        _buffer.AsSpan(2 * MaxBatch * _hidden + MaxBatch * _classes, batch * _classes);

    /// <summary>dL/d hidden, then (after ReLU backward) dL/d hiddenPre, <c>[batch, H]</c>.</summary>
    public Span<float> HiddenGradients(int batch) =>
        _buffer.AsSpan(2 * MaxBatch * _hidden + 2 * MaxBatch * _classes, batch * _hidden);
}
