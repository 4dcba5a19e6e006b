using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>
/// An in-memory int8 feature set, as the device's feature store keeps it: one int8 per feature,
/// per-tensor scale and zero point, dequantized on demand as <c>scale * (q - zp)</c>.
/// </summary>
internal sealed class QuantizedData : ITrainingData
{
    private readonly sbyte[] _features;
    private readonly int[] _labels;

    public QuantizedData(sbyte[] features, int[] labels, int featureLength, float scale, int zeroPoint)
    {
        _features = features;
        _labels = labels;
        FeatureLength = featureLength;
        Scale = scale;
        ZeroPoint = zeroPoint;
    }

    public float Scale { get; }
    public int ZeroPoint { get; }
    public int Count => _labels.Length;
    public int FeatureLength { get; }

    /// <summary>When set and true for a record, its first feature reads as NaN (simulates a corrupted record).</summary>
    public Func<int, bool>? PoisonWhen { get; set; }

    public int LabelOf(int index) => _labels[index];

    public void Dequantize(int index, Span<float> destination)
    {
        ReadOnlySpan<sbyte> q = _features.AsSpan(index * FeatureLength, FeatureLength);
        for (int i = 0; i < q.Length; i++) destination[i] = Scale * (q[i] - ZeroPoint);
        if (PoisonWhen is not null && PoisonWhen(index)) destination[0] = float.NaN;
    }

    /// <summary>
    /// Linearly separable clusters: class c's records are prototype_c + N(0, noise^2) per feature,
    /// prototypes with coordinates ±1 (fixed by <paramref name="seed"/>; <paramref name="sampleSeed"/>
    /// draws another sample of the same problem), then quantized with scale 0.02 and zero point -3.
    /// </summary>
    public static QuantizedData Separable(int count, int features, int classes, ulong seed, double noise = 0.15,
        int[]? labelOverride = null, ulong sampleSeed = 0)
    {
        var random = new Pcg32(seed);
        var prototypes = new double[classes * features];
        for (int k = 0; k < prototypes.Length; k++) prototypes[k] = random.NextUInt32(2) == 0 ? -1 : 1;
        // Protect against two equal prototypes (possible for small feature counts): shift one coordinate per class.
        for (int c = 0; c < classes; c++) prototypes[c * features + c % features] += 0.5 * c;
        random = new Pcg32(seed, stream: 1 + sampleSeed); // same prototypes, independent samples
        const float scale = 0.02f;
        const int zeroPoint = -3;
        var q = new sbyte[count * features];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % classes;
            labels[n] = label;
            for (int i = 0; i < features; i++)
            {
                double real = prototypes[label * features + i] + noise * random.NextGaussian();
                q[n * features + i] = (sbyte)Math.Clamp(Math.Round(real / scale) + zeroPoint, -128, 127);
            }
        }
        return new QuantizedData(q, labelOverride ?? labels, features, scale, zeroPoint);
    }

    /// <summary>The same features with labels rotated by one class: a validation set the head gets worse on as it learns.</summary>
    public QuantizedData WithShiftedLabels(int classes) =>
        new(_features, Array.ConvertAll(_labels, l => (l + 1) % classes), FeatureLength, Scale, ZeroPoint);
}
