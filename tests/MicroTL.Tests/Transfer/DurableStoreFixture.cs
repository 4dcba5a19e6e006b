using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

/// <summary>A scratch directory per test class, and the sample stream the durable tests replay.</summary>
public abstract class DurableStoreTestBase : IDisposable
{
    protected const int F = 16;
    protected const int RecordBytes = 28 + F;
    protected const int HeaderBytes = 40;
    protected const int Capacity = 10;
    protected const int CapacityBytes = Capacity * (2 + F);
    protected const int Classes = 4;
    protected const ulong Seed = 77;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "microtl-store-" + Guid.NewGuid().ToString("N"));

    protected DurableStoreTestBase() => Directory.CreateDirectory(_directory);

    protected string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sample i of the stream: labels skewed towards class 0 so that the policy replaces.</summary>
    protected static (sbyte[] Features, int Label) StreamSample(int i)
    {
        int label = i % 5 == 0 ? 1 + i / 5 % 3 : 0;
        return (Sample(F, i, label), label);
    }

    protected static DurableFeatureStore CreateDurable(string path) =>
        DurableFeatureStore.Create(path, F, Quantization, CapacityBytes, Classes, Seed);

    protected static FeatureStore CreateInRam() => new(F, Quantization, CapacityBytes, Classes, Seed);

    /// <summary>Adds stream samples [from, to) to both stores; returns the last result.</summary>
    protected static AddResult Feed(DurableFeatureStore durable, int from, int to)
    {
        AddResult last = default;
        for (int i = from; i < to; i++) { var (features, label) = StreamSample(i); last = durable.Add(features, label); }
        return last;
    }

    protected static FeatureStore InRamAfter(int samples)
    {
        FeatureStore store = CreateInRam();
        for (int i = 0; i < samples; i++) { var (features, label) = StreamSample(i); store.Add(features, label); }
        return store;
    }
}
