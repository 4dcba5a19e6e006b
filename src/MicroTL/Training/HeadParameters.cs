namespace MicroTL.Training;

/// <summary>
/// The head's one float buffer: parameters and optimizer state, each a block of <c>P</c> floats
/// (see <see cref="ParameterLayout"/>), handed out as spans. Allocated once; a training step only
/// writes into it. There is no gradient block: the fused step (<see cref="FloatHead.TrainStep"/>)
/// updates each row as soon as its gradient is known.
/// </summary>
public sealed class HeadParameters
{
    private readonly float[] _buffer;

    /// <summary>Allocates <c>(1 + stateSlots) * P</c> floats, all zero.</summary>
    /// <param name="shape">The head shape.</param>
    /// <param name="stateSlots">Optimizer state blocks: 0 (inference only), 1 (SGD velocity), 2 (Adam m, v).</param>
    /// <exception cref="ArgumentOutOfRangeException">The shape is invalid or <paramref name="stateSlots"/> is not 0..2.</exception>
    public HeadParameters(HeadShape shape, int stateSlots)
    {
        if (stateSlots is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(stateSlots), $"state slots {stateSlots}; expected 0, 1 or 2");
        Layout = new ParameterLayout(shape);
        StateSlots = stateSlots;
        _buffer = new float[Layout.BufferLength(stateSlots)];
    }

    /// <summary>Offsets and lengths of the tensors.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The head shape.</summary>
    public HeadShape Shape => Layout.Shape;

    /// <summary>Number of optimizer state blocks after the parameters.</summary>
    public int StateSlots { get; }

    /// <summary>Bytes of the buffer: <c>(1 + StateSlots) * P * 4</c>.</summary>
    public long AllocatedBytes => (long)_buffer.Length * sizeof(float);

    /// <summary>All parameters (block 0): <c>W1 | b1 | W2 | b2</c>.</summary>
    public Span<float> Values => _buffer.AsSpan(0, Layout.Count);

    /// <summary>All optimizer state (blocks 1..), <c>StateSlots * P</c> floats.</summary>
    public Span<float> AllState => _buffer.AsSpan(Layout.Count, StateSlots * Layout.Count);

    /// <summary>Optimizer state block <paramref name="slot"/> (SGD: 0 = velocity; Adam: 0 = m, 1 = v).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is not one of the head's state blocks.</exception>
    public Span<float> State(int slot)
    {
        if ((uint)slot >= (uint)StateSlots)
            TrainingThrow.OutOfRange(nameof(slot), $"state block {slot}; the head has {StateSlots} (0..{StateSlots - 1})");
        return _buffer.AsSpan((1 + slot) * Layout.Count, Layout.Count);
    }

    /// <summary>W1 <c>[H, I]</c> row-major.</summary>
    public Span<float> W1 => Values.Slice(Layout.W1Offset, Layout.W1Length);

    /// <summary>b1 <c>[H]</c>.</summary>
    public Span<float> B1 => Values.Slice(Layout.B1Offset, Layout.B1Length);

    /// <summary>W2 <c>[C, H]</c> row-major.</summary>
    public Span<float> W2 => Values.Slice(Layout.W2Offset, Layout.W2Length);

    /// <summary>b2 <c>[C]</c>.</summary>
    public Span<float> B2 => Values.Slice(Layout.B2Offset, Layout.B2Length);

    /// <summary>
    /// He initialisation (He et al. 2015, for ReLU), uniform variant: every weight ~ U(-a, a) with
    /// <c>a = sqrt(6 / fan_in)</c> (variance <c>a^2 / 3 = 2 / fan_in</c>, He's), fan_in = I for W1 and H for W2;
    /// biases 0. The optimizer state is zeroed.
    /// </summary>
    /// <remarks>
    /// One generator <c>new Pcg32(seed, RandomStreams.Initialisation)</c> draws W1 in buffer order, then W2:
    /// <c>w = (2 u - 1) * a</c> (<see cref="Pcg32.NextSymmetric"/>), <c>a = DeviceMath.Sqrt(6f / fan_in)</c> in float.
    /// </remarks>
    /// <param name="seed">Seed of the <see cref="Pcg32"/> stream; the same seed gives the same bits.</param>
    public void InitializeHe(ulong seed)
    {
        var random = new Pcg32(seed, RandomStreams.Initialisation);
        FillUniform(W1, HeUniformLimit(Shape.Inputs), ref random);
        FillUniform(W2, HeUniformLimit(Shape.Hidden), ref random);
        B1.Clear();
        B2.Clear();
        ResetTrainingState();
    }

    /// <summary>The bound of He's uniform initialisation, <c>sqrt(6 / fanIn)</c> in float (the host's layers use it too).</summary>
    public static float HeUniformLimit(int fanIn) => DeviceMath.Sqrt(6f / fanIn);

    /// <summary>
    /// Loads given weights, e.g. the dequantized <c>real = scale * (q - zp)</c> weights of the
    /// model's own FC layers, in TFLite layout. The optimizer state is zeroed.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public void Load(ReadOnlySpan<float> w1, ReadOnlySpan<float> b1, ReadOnlySpan<float> w2, ReadOnlySpan<float> b2)
    {
        CheckLength(w1.Length, Layout.W1Length, nameof(w1));
        CheckLength(b1.Length, Layout.B1Length, nameof(b1));
        CheckLength(w2.Length, Layout.W2Length, nameof(w2));
        CheckLength(b2.Length, Layout.B2Length, nameof(b2));
        w1.CopyTo(W1);
        b1.CopyTo(B1);
        w2.CopyTo(W2);
        b2.CopyTo(B2);
        ResetTrainingState();
    }

    /// <summary>Copies the parameters (not the optimizer state) of another head of the same shape; zeroes the state.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void LoadFrom(HeadParameters source)
    {
        if (source.Shape != Shape)
            throw new ArgumentException($"source head {source.Shape} does not match {Shape}", nameof(source));
        source.Values.CopyTo(Values);
        ResetTrainingState();
    }

    /// <summary>Zeroes the optimizer state, keeping the parameters.</summary>
    public void ResetTrainingState() => _buffer.AsSpan(Layout.Count).Clear();

    /// <summary>True when every parameter is finite (no NaN, no infinity).</summary>
    public bool ParametersAreFinite()
    {
        foreach (float value in Values)
            if (!float.IsFinite(value)) return false;
        return true;
    }

    private static void FillUniform(Span<float> destination, float limit, ref Pcg32 random)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = random.NextSymmetric(limit);
    }

    private void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} floats; head {Shape} needs {expected}", name);
    }
}
