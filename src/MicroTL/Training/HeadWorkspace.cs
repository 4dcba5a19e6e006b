namespace MicroTL.Training;

/// <summary>
/// Activations and their gradients for up to <see cref="MaxBatch"/> samples, one float buffer
/// sliced into row-major matrices (B = max batch, H = hidden, C = classes):
/// <code>
/// hidden [B,H] | probabilities [B,C] | dHidden [B,H]
/// </code>
/// Each runs in place where it can: ReLU overwrites FC1's output (its gradient mask is <c>hidden &gt; 0</c>, positive
/// exactly where the pre-activation is); softmax turns the logits into the probabilities, and the backward pass
/// those into dL/d logits; dHidden becomes dL/d pre-activation under the mask. Total <c>B * (2H + C)</c> floats.
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

    /// <summary>Floats the workspace needs: <c>B * (2H + C)</c>.</summary>
    public static long FloatCount(HeadShape shape, int maxBatch) =>
        (long)maxBatch * (2L * shape.Hidden + shape.Classes);

    /// <summary>Largest batch a forward/backward pass can take.</summary>
    public int MaxBatch { get; }

    /// <summary>Bytes of the buffer.</summary>
    public long AllocatedBytes => (long)_buffer.Length * sizeof(float);

    /// <summary>FC1's output, ReLU applied in place: <c>[batch, H]</c>.</summary>
    public Span<float> Hidden(int batch) => _buffer.AsSpan(0, batch * _hidden);

    /// <summary>FC2's output: the logits, the probabilities after softmax, dL/d logits after a backward pass; <c>[batch, C]</c>.</summary>
    public Span<float> Probabilities(int batch) => _buffer.AsSpan(MaxBatch * _hidden, batch * _classes);

    /// <summary>dL/d hidden, then (under the ReLU mask) dL/d pre-activation, <c>[batch, H]</c>.</summary>
    public Span<float> HiddenGradients(int batch) => _buffer.AsSpan(MaxBatch * (_hidden + _classes), batch * _hidden);
}
