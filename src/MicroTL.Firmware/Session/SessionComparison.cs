// The C# engine doing what the session firmware did, on the same samples and seed, and the two compared: the store's
// records byte for byte (labels and int8 features, slot by slot), the split's indices, and with a log the flash image.
// The collection is FeatureExtractor + FeatureStore, what TransferSession.Run does before it trains.
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Firmware.Session;

/// <summary>How many of the firmware's records are the C#'s, and the first difference.</summary>
/// <param name="Identical">Records (label and every feature byte) equal to the C# store's in the same slot.</param>
/// <param name="Total">Records of the C# store (the firmware's count differing counts as a difference).</param>
/// <param name="FirstDifference">The first difference, or null.</param>
public sealed record FeatureMatch(int Identical, int Total, string? FirstDifference)
{
    /// <summary>True when every record is identical and the counts agree.</summary>
    public bool AllIdentical => FirstDifference is null;
}

/// <summary>The C# store and split of a firmware's run, and their comparison with what the firmware wrote.</summary>
public sealed class SessionComparison
{
    private SessionComparison(FeatureStore store, FeatureSplit split, byte[]? flash)
    {
        Store = store;
        Split = split;
        FlashImage = flash;
    }

    /// <summary>The C# store after collecting the training samples.</summary>
    public FeatureStore Store { get; }

    /// <summary>The C# split of it.</summary>
    public FeatureSplit Split { get; }

    /// <summary>The store's flash image after collection (a run with a log), else null.</summary>
    public byte[]? FlashImage { get; }

    /// <summary>Collects <paramref name="train"/> with the C# engine as <paramref name="plan"/>'s session does (starting from <paramref name="flashImage"/> with a log).</summary>
    public static SessionComparison Collect(SessionPlan plan, IReadOnlyList<LabelledInput> train, byte[]? flashImage = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(train);
        var extractor = new FeatureExtractor(plan.Model, plan.Cut, plan.HeadFeatures);
        int f = plan.Head.Inputs, classes = plan.Head.Classes;
        RamFlashMedium? medium = null;
        FeatureStore store;
        if (plan.StoreMode == FeatureStoreMode.Ram)
        {
            store = new FeatureStore(extractor.Segments, plan.StoreCapacityBytes, classes, plan.Settings.Seed);
        }
        else
        {
            byte[] image = new byte[plan.Session.StoreFlashBytes];
            image.AsSpan().Fill(0xFF);
            flashImage?.AsSpan(0, Math.Min(flashImage.Length, image.Length)).CopyTo(image);
            medium = new RamFlashMedium(image, plan.StoreGeometry, "the store's flash region");
            store = FeatureStore.OpenOrCreate(medium, extractor.Segments, plan.StoreCapacityBytes, classes, plan.Settings.Seed,
                plan.StoreMode);
        }

        // TransferSession.Collect: each sample, then its perturbed copies, each through the body into the store.
        var features = new sbyte[f];
        int copies = plan.Augmentation is null ? 0 : plan.Settings.CopiesFor(train.Count, windowInput: true);
        var random = new Pcg32(plan.Settings.Seed, RandomStreams.Augmentation);
        byte[] window = new byte[plan.Augmentation?.WindowBytes ?? 0];
        foreach (LabelledInput sample in train)
        {
            extractor.Extract(sample.Input, features);
            store.Add(features, sample.Label);
            if (copies == 0) continue;
            sample.Input.CopyTo(window);
            for (int c = 0; c < copies; c++)
            {
                plan.Augmentation!.WriteCopy(window, extractor.InputBytes, ref random);
                extractor.Extract(features);
                store.Add(features, sample.Label);
            }
        }
        byte[]? flash = medium?.Bytes.ToArray();
        // Without a validation split every record trains, in store order (TransferSession's FeatureStoreView.All).
        FeatureSplit split = plan.Settings.ValidationFraction > 0
            ? StratifiedSplit.Split(store, plan.Settings.ValidationFraction, plan.Settings.Seed)
            : new FeatureSplit(FeatureStoreView.All(store), new FeatureStoreView(store, []));
        return new SessionComparison(store, split, flash);
    }

    /// <summary>The firmware's records against the C# store's, slot by slot.</summary>
    public FeatureMatch CompareStore(IReadOnlyList<StoredRecord> firmware)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        int identical = 0;
        string? first = firmware.Count == Store.Count ? null : $"the firmware's store holds {firmware.Count} records, the C#'s {Store.Count}";
        for (int slot = 0; slot < Math.Min(firmware.Count, Store.Count); slot++)
        {
            ReadOnlySpan<sbyte> expected = Store.FeaturesOf(slot);
            StoredRecord actual = firmware[slot];
            if (actual.Label == Store.LabelOf(slot) && expected.SequenceEqual(actual.Features))
            {
                identical++;
                continue;
            }
            first ??= actual.Label != Store.LabelOf(slot)
                ? $"slot {slot}: label {actual.Label} in the firmware, {Store.LabelOf(slot)} in the C#"
                : $"slot {slot}: feature {FirstIndex(expected, actual.Features)} is {actual.Features[FirstIndex(expected, actual.Features)]} in the firmware, {expected[FirstIndex(expected, actual.Features)]} in the C#";
        }
        return new FeatureMatch(identical, Store.Count, first);
    }

    /// <summary>True when the firmware's split lists the C#'s records in the C#'s order.</summary>
    public bool SplitMatches(int[] train, int[] validation) =>
        Split.Train.StoreIndices.SequenceEqual(train) && Split.Validation.StoreIndices.SequenceEqual(validation);

    private static int FirstIndex(ReadOnlySpan<sbyte> expected, sbyte[] actual)
    {
        for (int i = 0; i < expected.Length; i++) if (expected[i] != actual[i]) return i;
        return 0;
    }
}
