using System.Reflection;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;

namespace MicroTL.Tests.Store;

/// <summary>Small deterministic samples shared by the feature store tests.</summary>
internal static class FeatureStoreTestData
{
    public static readonly FeatureQuantization Quantization = new(0.05f, -3);

    /// <summary>A sample whose bytes encode its number and label, so each record is recognisable.</summary>
    public static sbyte[] Sample(int featureLength, int number, int label)
    {
        var features = new sbyte[featureLength];
        for (int f = 0; f < featureLength; f++) features[f] = unchecked((sbyte)(number * 31 + label * 7 + f * 13));
        return features;
    }

    /// <summary>Every record's label and features, in index order, for whole-store comparisons.</summary>
    public static List<(int Label, sbyte[] Features)> Contents(FeatureStore store)
    {
        var contents = new List<(int, sbyte[])>();
        for (int i = 0; i < store.Count; i++) contents.Add((store.LabelOf(i), store.FeaturesOf(i).ToArray()));
        return contents;
    }

    public static void AssertSameContents(FeatureStore expected, FeatureStore actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.LabelOf(i), actual.LabelOf(i));
            Assert.True(expected.FeaturesOf(i).SequenceEqual(actual.FeaturesOf(i)), $"Record {i} differs.");
        }
        for (int c = 0; c < expected.MaxClasses; c++) Assert.Equal(expected.CountOf(c), actual.CountOf(c));
        Assert.Equal(expected.ClassCount, actual.ClassCount);
    }

    /// <summary>
    /// Bytes of every array a store holds, found by reflection through its parts (policy, records,
    /// log) so that a new buffer cannot go uncounted; the flash medium is not RAM and is skipped.
    /// </summary>
    public static long ArrayBytesHeldBy(object root)
    {
        long total = 0;
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>([root]);
        while (pending.Count > 0)
        {
            object current = pending.Pop();
            if (!seen.Add(current)) continue;
            if (current is Array array) { total += Buffer.ByteLength(array); continue; }
            foreach (FieldInfo field in current.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.GetValue(current) is not { } value || value is IFlashMedium || value is string) continue;
                if (value is Array || value.GetType().Assembly == typeof(FeatureStore).Assembly && !value.GetType().IsValueType) pending.Push(value);
            }
        }

        return total;
    }
}
