namespace MicroTL.Toolkit.Training;

/// <summary>Labelled samples for training or evaluation: N samples of one shape stored back to back, N labels.</summary>
public sealed class SampleSet
{
    private readonly float[] _values;
    private readonly int[] _labels;

    /// <summary>Wraps <paramref name="values"/> (N·shape.Size floats) and <paramref name="labels"/> (N class indices); nothing is copied.</summary>
    public SampleSet(FeatureShape shape, float[] values, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        if ((long)labels.Length * shape.Size != values.Length)
            throw new ArgumentException($"{labels.Length} labels of shape {shape} need {(long)labels.Length * shape.Size} values, got {values.Length}");
        Shape = shape;
        _values = values;
        _labels = labels;
    }

    /// <summary>Shape of one sample.</summary>
    public FeatureShape Shape { get; }

    /// <summary>N.</summary>
    public int Count => _labels.Length;

    /// <summary>All values, sample after sample.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>All labels.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The values of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index) => _values.AsSpan(index * Shape.Size, Shape.Size);

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>The samples at <paramref name="indices"/>, copied into a new set.</summary>
    public SampleSet Subset(ReadOnlySpan<int> indices)
    {
        var values = new float[indices.Length * Shape.Size];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Sample(indices[i]).CopyTo(values.AsSpan(i * Shape.Size));
            labels[i] = _labels[indices[i]];
        }

        return new SampleSet(Shape, values, labels);
    }
}
