namespace MicroTL.Training;

/// <summary>
/// The shape of the trainable head: FC(<c>Inputs</c> -&gt; <c>Hidden</c>) -&gt; ReLU -&gt;
/// FC(<c>Hidden</c> -&gt; <c>Classes</c>) -&gt; softmax.
/// </summary>
/// <param name="Inputs">I: length of one feature vector (the cut tensor's element count).</param>
/// <param name="Hidden">H: units of the first fully connected layer.</param>
/// <param name="Classes">C: output classes.</param>
public readonly record struct HeadShape(int Inputs, int Hidden, int Classes)
{
    /// <summary>The most parameters a head may have (its buffers' byte offsets must fit an int).</summary>
    public const int MaxParameters = int.MaxValue / 8;

    /// <summary>Number of trainable floats: <c>P = H*I + H + C*H + C</c>.</summary>
    public int ParameterCount => Hidden * Inputs + Hidden + Classes * Hidden + Classes;

    /// <summary>Throws unless every dimension is positive and the parameter count fits an int.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is zero or negative, or the head is too large.</exception>
    public void Validate()
    {
        if (Inputs <= 0 || Hidden <= 0 || Classes <= 0)
            throw new ArgumentOutOfRangeException(nameof(HeadShape),
                $"head shape {this} has a dimension <= 0; every dimension must be positive");
        long count = (long)Hidden * Inputs + Hidden + (long)Classes * Hidden + Classes;
        if (count > MaxParameters)
            throw new ArgumentOutOfRangeException(nameof(HeadShape),
                $"head shape {this} has {count} parameters, more than {MaxParameters} supported");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Inputs}->{Hidden}->{Classes}";
}
