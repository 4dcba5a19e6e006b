using MicroTL.Features;
using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;
using MicroTL.TestSupport;

namespace MicroTL.Tests.Store;

public class FeatureStoreTests
{
    [Fact]
    public void Constructor_Budget_CapacityIsWholeRecords()
    {
        // 288 features + 2 label bytes = 290 bytes a record; 201 KB / 290 = 709 records.
        var store = new FeatureStore(288, Quantization, 201 * 1024, maxClasses: 10);

        Assert.Equal(290, store.RecordBytes);
        Assert.Equal(709, store.CapacityRecords);
        Assert.Equal(709 * 290, store.CapacityBytes);
        Assert.Equal(0, store.BytesUsed);
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.ClassCount);
    }

    [Fact]
    public void RequiredBytes_AnyParameters_EqualsAllocatedArrays()
    {
        var store = new FeatureStore(288, Quantization, 201 * 1024, maxClasses: 10);

        long arrays = ArrayBytesHeldBy(store);
        Assert.Equal(709 * 290 + 10 * 12, FeatureStore.RequiredBytes(288, 201 * 1024, 10));
        Assert.Equal(arrays, store.AllocatedBytes);
        Assert.Equal(FeatureStore.RequiredBytes(288, 201 * 1024, 10), store.AllocatedBytes);
    }

    [Theory]
    [InlineData(0, 100, 10)]
    [InlineData(8, 9, 10)]
    [InlineData(8, 100, 0)]
    [InlineData(8, 100, 65536)] // 65535 marks an empty slot: labels are below it
    [InlineData(8, 100, 65537)]
    public void Constructor_InvalidSizes_Throws(int featureLength, int capacityBytes, int maxClasses)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureStore(featureLength, Quantization, capacityBytes, maxClasses));
    }

    [Fact]
    public void Add_WithRoom_StoresInNextSlotAndCounts()
    {
        var store = new FeatureStore(4, Quantization, 6 * 10);

        Assert.Equal(new AddResult(AddOutcome.Stored, 0), store.Add(Sample(4, 0, 3), 3));
        Assert.Equal(new AddResult(AddOutcome.Stored, 1), store.Add(Sample(4, 1, 5), 5));
        Assert.Equal(new AddResult(AddOutcome.Stored, 2), store.Add(Sample(4, 2, 3), 3));

        Assert.Equal(3, store.Count);
        Assert.Equal(18, store.BytesUsed);
        Assert.Equal(2, store.ClassCount);
        Assert.Equal(2, store.CountOf(3));
        Assert.Equal(1, store.CountOf(5));
        Assert.Equal(5, store.LabelOf(1));
        Assert.Equal(Sample(4, 2, 3), store.FeaturesOf(2).ToArray());
    }

    [Fact]
    public void Add_WrongFeatureLengthOrLabel_Throws()
    {
        var store = new FeatureStore(4, Quantization, 60, maxClasses: 3);

        Assert.Throws<ArgumentException>(() => store.Add(new sbyte[5], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Add(new sbyte[4], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Add(new sbyte[4], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.LabelOf(0));
    }

    [Fact]
    public void Add_LongStreamThenNewClass_NewClassKeepsEverySample()
    {
        var store = new FeatureStore(8, Quantization, 100 * 10, seed: 42);
        for (int i = 0; i < 1000; i++) store.Add(Sample(8, i, 0), 0);
        Assert.Equal(100, store.CountOf(0));

        for (int i = 0; i < 20; i++)
            Assert.Equal(AddOutcome.Replaced, store.Add(Sample(8, i, 1), 1).Outcome);

        Assert.Equal(20, store.CountOf(1));
        Assert.Equal(80, store.CountOf(0));
        Assert.Equal(100, store.Count);
    }

    [Fact]
    public void Add_FullStore_ReplacedSlotHoldsNewSampleAndCountsMove()
    {
        var store = new FeatureStore(8, Quantization, 10 * 4, maxClasses: 3, seed: 2);
        for (int i = 0; i < 4; i++) store.Add(Sample(8, i, 0), 0);
        Assert.True(store.IsFull);

        AddResult result = store.Add(Sample(8, 99, 2), 2);

        Assert.Equal(AddOutcome.Replaced, result.Outcome);
        Assert.Equal(2, store.LabelOf(result.Slot));
        Assert.Equal(Sample(8, 99, 2), store.FeaturesOf(result.Slot).ToArray());
        Assert.Equal([3, 0, 1], store.CountsPerClass.ToArray());
        Assert.Equal(2, store.ClassCount);
        Assert.Equal(4, store.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.FeaturesOf(4));
    }

    [Fact]
    public void Add_BalancedClasses_ReservoirKeepsRoughlyCapacityOverSeen()
    {
        // Two classes of 50 records each; 950 more of class 0: Algorithm R keeps 50/n of the n-th,
        // sum over n = 51..1000 of 50/n ~ 50 * ln(1000/50) ~ 150 replacements expected.
        var store = new FeatureStore(8, Quantization, 100 * 10, seed: 7);
        for (int i = 0; i < 50; i++) { store.Add(Sample(8, i, 0), 0); store.Add(Sample(8, i, 1), 1); }
        int replaced = 0;
        for (int i = 50; i < 1000; i++)
        {
            AddResult result = store.Add(Sample(8, i, 0), 0);
            if (result.Kept) { replaced++; Assert.Equal(0, store.LabelOf(result.Slot)); }
        }

        Assert.Equal(50, store.CountOf(0));
        Assert.Equal(50, store.CountOf(1));
        Assert.InRange(replaced, 110, 190);
        Assert.Equal(1000, store.SeenOf(0));
    }

    [Fact]
    public void Add_ThreeClassesUnevenStream_ConvergesToEqualShares()
    {
        var store = new FeatureStore(8, Quantization, 90 * 10, seed: 3);
        for (int i = 0; i < 500; i++) store.Add(Sample(8, i, 0), 0);
        for (int i = 0; i < 200; i++) store.Add(Sample(8, i, 1), 1);
        for (int i = 0; i < 100; i++) store.Add(Sample(8, i, 2), 2);

        Assert.Equal(30, store.CountOf(0));
        Assert.Equal(30, store.CountOf(1));
        Assert.Equal(30, store.CountOf(2));
        Assert.Equal(3, store.ClassCount);
    }

    [Fact]
    public void Add_SameSeedSameStream_SameContents()
    {
        FeatureStore a = Stream(seed: 11), b = Stream(seed: 11), c = Stream(seed: 12);

        AssertSameContents(a, b);
        Assert.NotEqual(Contents(a).Select(r => r.Features[0]), Contents(c).Select(r => r.Features[0]));
    }

    private static FeatureStore Stream(ulong seed)
    {
        var store = new FeatureStore(8, Quantization, 50 * 10, maxClasses: 4, seed: seed);
        for (int i = 0; i < 600; i++) store.Add(Sample(8, i, i % 7 % 4), i % 7 % 4);
        return store;
    }

    [Fact]
    public void Dequantize_EveryInt8Value_EqualsScaleTimesShiftedValue()
    {
        var quantization = new FeatureQuantization(0.0372f, 17);
        var store = new FeatureStore(256, quantization, 258);
        var features = new sbyte[256];
        for (int q = -128; q < 128; q++) features[q + 128] = (sbyte)q;
        store.Add(features, 0);

        var destination = new float[256];
        store.Dequantize(0, destination);

        for (int q = -128; q < 128; q++)
        {
            float expected = 0.0372f * (float)(q - 17);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(destination[q + 128]));
        }
    }

    [Fact]
    public void DequantizeBatch_Indices_RowsEqualSingleDequantize()
    {
        var store = new FeatureStore(5, Quantization, 7 * 8);
        for (int i = 0; i < 8; i++) store.Add(Sample(5, i, i % 2), i % 2);
        int[] indices = [6, 1, 1, 3];
        var batch = new float[4 * 5];
        var row = new float[5];

        store.DequantizeBatch(indices, batch);

        for (int b = 0; b < indices.Length; b++)
        {
            store.Dequantize(indices[b], row);
            Assert.Equal(row, batch.AsSpan(b * 5, 5).ToArray());
        }
        Assert.Throws<ArgumentException>(() => store.DequantizeBatch(indices, new float[19]));
        Assert.Throws<ArgumentException>(() => store.Dequantize(0, new float[4]));
    }

    [Fact]
    public void AddAndDequantize_SteadyState_AllocateNothing()
    {
        var store = new FeatureStore(32, Quantization, 34 * 40, maxClasses: 4, seed: 5);
        var samples = new sbyte[4][];
        for (int c = 0; c < 4; c++) samples[c] = Sample(32, c, c);
        int[] indices = [0, 5, 9, 39];
        var batch = new float[indices.Length * 32];
        for (int i = 0; i < 100; i++) store.Add(samples[i % 4], i % 4); // warm-up: JIT and filling
        store.Dequantize(0, batch);
        store.DequantizeBatch(indices, batch);

        // The fewest bytes of a few runs: a recompilation by the JIT under load may allocate once (SteadyState).
        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                store.Add(samples[i % 3], i % 3);
                store.Dequantize(i % 40, batch);
                store.DequantizeBatch(indices, batch);
            }
        });

        Assert.Equal(0, allocated);
    }
}
