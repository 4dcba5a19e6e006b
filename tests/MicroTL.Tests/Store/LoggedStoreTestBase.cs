using MicroTL.Storage;
using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>
/// The sample stream and the small flash medium the tests of stores with a log share: 10 records of
/// 16 features, 4 classes, on 256-byte erase blocks programmed in 4-byte units (two banks of 1024
/// bytes, 22 record slots of 44 bytes each).
/// </summary>
public abstract class LoggedStoreTestBase
{
    protected const int F = 16;
    protected const int RecordBytes = 28 + F;
    protected const int HeaderBytes = 48;
    protected const int Capacity = 10;
    protected const int CapacityBytes = Capacity * (2 + F);
    protected const int Classes = 4;
    protected const ulong Seed = 77;
    protected const int BankBytes = 1024;
    protected const int SlotsPerBank = (BankBytes - HeaderBytes) / RecordBytes;

    protected static readonly FlashGeometry Geometry = new(EraseBlockBytes: 256, ProgramUnitBytes: 4);

    /// <summary>The modes that keep a log, for theories over both.</summary>
    public static TheoryData<FeatureStoreMode> LoggedModes => new() { FeatureStoreMode.RamJournaled, FeatureStoreMode.Flash };

    /// <summary>An erased medium of the size the store plans.</summary>
    protected static RamFlashMedium NewMedium() => new(FeatureStore.RequiredFlashBytes(F, CapacityBytes, Geometry), Geometry, "test flash");

    /// <summary>Sample i of the stream: labels skewed towards class 0 so that the policy replaces.</summary>
    protected static (sbyte[] Features, int Label) StreamSample(int i)
    {
        int label = i % 5 == 0 ? 1 + i / 5 % 3 : 0;
        return (Sample(F, i, label), label);
    }

    protected static FeatureStore Create(IFlashMedium medium, FeatureStoreMode mode, int capacityBytes = CapacityBytes) =>
        FeatureStore.Create(medium, F, Quantization, capacityBytes, Classes, Seed, mode);

    protected static FeatureStore OpenOrCreate(IFlashMedium medium, FeatureStoreMode mode) =>
        FeatureStore.OpenOrCreate(medium, F, Quantization, CapacityBytes, Classes, Seed, mode);

    protected static FeatureStore CreateInRam() => new(F, Quantization, CapacityBytes, Classes, Seed);

    /// <summary>Adds stream samples [from, to); returns the last result.</summary>
    protected static AddResult Feed(FeatureStore store, int from, int to)
    {
        AddResult last = default;
        for (int i = from; i < to; i++) { var (features, label) = StreamSample(i); last = store.Add(features, label); }
        return last;
    }

    protected static FeatureStore InRamAfter(int samples)
    {
        FeatureStore store = CreateInRam();
        Feed(store, 0, samples);
        return store;
    }

    /// <summary>A store of the first <paramref name="samples"/> stream samples written on a fresh medium and closed.</summary>
    protected static RamFlashMedium WrittenMedium(int samples, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        RamFlashMedium medium = NewMedium();
        Feed(Create(medium, mode), 0, samples);
        return medium;
    }

    /// <summary>Where record slot <paramref name="index"/> of bank <paramref name="bank"/> starts on the test medium.</summary>
    protected static int SlotAddress(int bank, int index) => bank * BankBytes + HeaderBytes + index * RecordBytes;
}
