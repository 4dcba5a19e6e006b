using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

/// <summary>The durable tests' stream and scratch directory, for the flash-resident store.</summary>
public abstract class FlashStoreTestBase : DurableStoreTestBase
{
    protected static FlashFeatureStore CreateFlash(string path) =>
        FlashFeatureStore.Create(path, F, Quantization, CapacityBytes, Classes, Seed);

    /// <summary>Adds stream samples [from, to); returns the last result.</summary>
    protected static AddResult Feed(FlashFeatureStore flash, int from, int to)
    {
        AddResult last = default;
        for (int i = from; i < to; i++) { var (features, label) = StreamSample(i); last = flash.Add(features, label); }
        return last;
    }

    /// <summary>A log of the first <paramref name="samples"/> stream samples with every replacement kept in it.</summary>
    protected string WriteFlashLog(int samples)
    {
        string path = PathOf("flash.mtlfs");
        using FlashFeatureStore flash = CreateFlash(path);
        flash.CompactionFactor = 1000;
        Feed(flash, 0, samples);
        return path;
    }

    /// <summary>Same records (labels and features, read back from flash), per-class counts and class count.</summary>
    protected static void AssertSameContents(FeatureStore expected, FlashFeatureStore actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.LabelOf(i), actual.LabelOf(i));
            Assert.True(expected.FeaturesOf(i).SequenceEqual(actual.FeaturesOf(i)), $"Record {i} differs.");
        }
        for (int c = 0; c < expected.MaxClasses; c++)
        {
            Assert.Equal(expected.CountOf(c), actual.CountOf(c));
            Assert.Equal(expected.SeenOf(c) > 0, actual.SeenOf(c) > 0);
        }
        Assert.Equal(expected.ClassCount, actual.ClassCount);
    }
}
