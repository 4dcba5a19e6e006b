using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Float features of N records (the float base network's body outputs), as the head trainer reads them; nothing is quantized.</summary>
internal sealed class FloatFeatureSet(float[] features, int[] labels, int featureLength) : ITrainingData
{
    public int Count => labels.Length;

    public int FeatureLength => featureLength;

    public int LabelOf(int index) => labels[index];

    public void Dequantize(int index, Span<float> destination) => features.AsSpan(index * featureLength, featureLength).CopyTo(destination);

    /// <summary>The records at <paramref name="indices"/>, copied.</summary>
    public FloatFeatureSet Subset(IReadOnlyList<int> indices)
    {
        var values = new float[indices.Count * featureLength];
        var subsetLabels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Dequantize(indices[i], values.AsSpan(i * featureLength, featureLength));
            subsetLabels[i] = labels[indices[i]];
        }

        return new FloatFeatureSet(values, subsetLabels, featureLength);
    }
}
