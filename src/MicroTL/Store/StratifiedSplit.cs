using MicroTL.Training;

namespace MicroTL.Store;

/// <summary>A training part and a validation part of one store.</summary>
/// <param name="Train">Records to train on.</param>
/// <param name="Validation">Records held out, e.g. for early stopping.</param>
public readonly record struct FeatureSplit(FeatureStoreView Train, FeatureStoreView Validation);

/// <summary>
/// Splits a store (or any labelled records: the host's float baseline splits its samples with the same code and seed,
/// so it holds out the records the device holds out) into training and validation records with each class in the same
/// proportion, deterministically from a seed. Allocates the index arrays once per split (not per sample).
/// </summary>
public static class StratifiedSplit
{
    /// <summary>The split of <paramref name="store"/> as views (see <see cref="Indices"/> for the rule).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not in [0, 1).</exception>
    public static FeatureSplit Split(IFeatureRecords store, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(store);
        (int[] train, int[] validation) = Indices(store, store.CountsPerClass, validationFraction, seed);
        return new FeatureSplit(new FeatureStoreView(store, train), new FeatureStoreView(store, validation));
    }

    /// <summary>
    /// For each class c with <c>n_c</c> records (in record order), shuffles them (<see cref="Pcg32.Shuffle"/>, one
    /// generator for all classes, in label order: <c>new Pcg32(seed, RandomStreams.Split)</c>) and sends the first
    /// <c>v_c = round(fraction * n_c)</c> (half away from zero), capped at <c>n_c - 1</c> so every
    /// class keeps at least one training record, to validation, the rest to training. Both parts
    /// list classes in label order and, within a class, in shuffled order.
    /// </summary>
    /// <param name="records">The labelled records (only their count and labels are read).</param>
    /// <param name="countsPerClass">Records per class, indexed by label (a store keeps them; others count them).</param>
    /// <param name="validationFraction">Share of each class held out, in [0, 1).</param>
    /// <param name="seed">The run's seed.</param>
    /// <returns>Record indices of the training part and of the validation part.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not in [0, 1).</exception>
    /// <exception cref="ArgumentException">The counts do not add up to the records' count, or a label has no count.</exception>
    public static (int[] Train, int[] Validation) Indices(ITrainingData records, ReadOnlySpan<int> countsPerClass, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Validation fraction must be in [0, 1).");
        long total = 0;
        foreach (int n in countsPerClass) total += n;
        if (total != records.Count)
            throw new ArgumentException($"The counts per class add up to {total}; there are {records.Count} records.", nameof(countsPerClass));

        int validationTotal = 0;
        for (int c = 0; c < countsPerClass.Length; c++) validationTotal += ValidationCount(countsPerClass[c], validationFraction);

        var train = new int[records.Count - validationTotal];
        var validation = new int[validationTotal];
        var classIndices = new int[MaxCount(countsPerClass)];
        var random = new Pcg32(seed, RandomStreams.Split);
        int t = 0, v = 0;
        for (int c = 0; c < countsPerClass.Length; c++)
        {
            if (countsPerClass[c] == 0) continue;
            int n = 0;
            for (int i = 0; i < records.Count; i++)
            {
                if (records.LabelOf(i) != c) continue;
                if (n == countsPerClass[c])
                    throw new ArgumentException($"Class {c} has more records than its count {countsPerClass[c]}.", nameof(countsPerClass));
                classIndices[n++] = i;
            }
            if (n != countsPerClass[c])
                throw new ArgumentException($"Class {c} has {n} records; its count says {countsPerClass[c]}.", nameof(countsPerClass));
            random.Shuffle(classIndices.AsSpan(0, n));
            int toValidation = ValidationCount(n, validationFraction);
            classIndices.AsSpan(0, toValidation).CopyTo(validation.AsSpan(v));
            classIndices.AsSpan(toValidation, n - toValidation).CopyTo(train.AsSpan(t));
            v += toValidation;
            t += n - toValidation;
        }
        return (train, validation);
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
