namespace MicroTL.Store;

/// <summary>A training part and a validation part of one store.</summary>
/// <param name="Train">Records to train on.</param>
/// <param name="Validation">Records held out, e.g. for early stopping.</param>
public readonly record struct FeatureSplit(FeatureStoreView Train, FeatureStoreView Validation);

/// <summary>
/// Splits a store into training and validation records with each class in the same proportion,
/// deterministically from a seed. Allocates the two index arrays once per split (not per sample).
/// </summary>
public static class StratifiedSplit
{
    /// <summary>
    /// For each class c with <c>n_c</c> records (in store order), shuffles them (Fisher-Yates with
    /// xorshift64* seeded by <paramref name="seed"/>) and sends the first
    /// <c>v_c = round(fraction * n_c)</c> (half away from zero), capped at <c>n_c - 1</c> so every
    /// class keeps at least one training record, to validation, the rest to training. Both parts
    /// list classes in label order and, within a class, in shuffled order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not in [0, 1).</exception>
    public static FeatureSplit Split(IFeatureRecords store, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Validation fraction must be in [0, 1).");

        ReadOnlySpan<int> counts = store.CountsPerClass;
        int validationTotal = 0;
        for (int c = 0; c < counts.Length; c++) validationTotal += ValidationCount(counts[c], validationFraction);

        var train = new int[store.Count - validationTotal];
        var validation = new int[validationTotal];
        var classIndices = new int[MaxCount(counts)];
        var random = new XorShiftRandom(seed);
        int t = 0, v = 0;
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0) continue;
            int n = 0;
            for (int i = 0; i < store.Count; i++)
                if (store.LabelOf(i) == c) classIndices[n++] = i;
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)random.NextBelow(i + 1);
                (classIndices[i], classIndices[j]) = (classIndices[j], classIndices[i]);
            }
            int toValidation = ValidationCount(n, validationFraction);
            classIndices.AsSpan(0, toValidation).CopyTo(validation.AsSpan(v));
            classIndices.AsSpan(toValidation, n - toValidation).CopyTo(train.AsSpan(t));
            v += toValidation;
            t += n - toValidation;
        }
        return new FeatureSplit(new FeatureStoreView(store, train), new FeatureStoreView(store, validation));
    }

    private static int ValidationCount(int n, double fraction) =>
        n == 0 ? 0 : Math.Min(n - 1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));

    private static int MaxCount(ReadOnlySpan<int> counts)
    {
        int max = 0;
        foreach (int n in counts) max = Math.Max(max, n);
        return max;
    }
}
