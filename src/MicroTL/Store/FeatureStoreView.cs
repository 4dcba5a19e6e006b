namespace MicroTL.Store;

/// <summary>
/// A subset of a feature store's (<see cref="IFeatureRecords"/>) records, by index, with the same read members as the
/// store (the training-data contract), so training and validation can each see their own part.
/// </summary>
/// <remarks>
/// The view keeps indices, not copies: if the store replaces a record afterwards, the view sees
/// the new record. Split once collection has ended.
/// </remarks>
public sealed class FeatureStoreView : MicroTL.Training.ITrainingData
{
    private readonly IFeatureRecords _store;
    private readonly int[]? _indices; // null: every record of the store, in store order (no index array)
    private readonly int _count;

    /// <summary>Creates a view of the records <paramref name="indices"/> of <paramref name="store"/> (view index i is store index indices[i]).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, store.Count).</exception>
    public FeatureStoreView(IFeatureRecords store, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(indices);
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)store.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"Record index must be in [0, {store.Count}).");
        }
        _store = store;
        _indices = indices;
        _count = indices.Length;
    }

    private FeatureStoreView(IFeatureRecords store)
    {
        _store = store;
        _count = store.Count;
    }

    /// <summary>
    /// A view of every record <paramref name="store"/> holds now, view index i being store index i, without an index array
    /// (what a run without a validation split trains on: no RAM for split indices).
    /// </summary>
    public static FeatureStoreView All(IFeatureRecords store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new FeatureStoreView(store);
    }

    /// <summary>Records in the view.</summary>
    public int Count => _count;

    /// <summary>Bytes of the view's index array (0 for <see cref="All"/>).</summary>
    public long IndexBytes => (long)(_indices?.Length ?? 0) * sizeof(int);

    /// <summary>F, the features per record.</summary>
    public int FeatureLength => _store.FeatureLength;

    /// <summary>The store indices this view maps to, in view order.</summary>
    public ReadOnlySpan<int> StoreIndices => _indices ?? [.. Enumerable.Range(0, _count)];

    /// <summary>The label of view record <paramref name="index"/>.</summary>
    public int LabelOf(int index) => _store.LabelOf(Map(index));

    /// <summary>The int8 features of view record <paramref name="index"/> (for a flash store, valid until the next read).</summary>
    public ReadOnlySpan<sbyte> FeaturesOf(int index) => _store.FeaturesOf(Map(index));

    /// <summary>Writes the reverse quantization of view record <paramref name="index"/> (see <see cref="IFeatureRecords"/>).</summary>
    public void Dequantize(int index, Span<float> destination) => _store.Dequantize(Map(index), destination);

    /// <summary>Dequantizes view records <paramref name="indices"/> into a row-major [B, F] buffer.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <c>B * F</c>.</exception>
    public void DequantizeBatch(ReadOnlySpan<int> indices, Span<float> destination)
    {
        int f = FeatureLength;
        if (destination.Length < (long)indices.Length * f)
            throw new ArgumentException($"Destination holds {destination.Length} floats, a batch of {indices.Length} needs {(long)indices.Length * f}.", nameof(destination));
        for (int b = 0; b < indices.Length; b++)
            _store.Dequantize(Map(indices[b]), destination.Slice(b * f, f));
    }

    private int Map(int index)
    {
        if ((uint)index >= (uint)_count) ThrowIndex(index);
        return _indices is null ? index : _indices[index];
    }

    private void ThrowIndex(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, $"View record index must be in [0, {_count}).");
}
