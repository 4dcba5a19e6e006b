using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

public class StratifiedSplitTests
{
    private static FeatureStore ThreeClasses()
    {
        var store = new FeatureStore(6, Quantization, 8 * 60, maxClasses: 3);
        for (int i = 0; i < 60; i++) store.Add(Sample(6, i, i < 30 ? 0 : i < 50 ? 1 : 2), i < 30 ? 0 : i < 50 ? 1 : 2);
        return store;
    }

    [Fact]
    public void Split_QuarterValidation_EachClassInProportion()
    {
        FeatureStore store = ThreeClasses(); // 30, 20, 10 records

        FeatureSplit split = StratifiedSplit.Split(store, 0.25, seed: 9);

        Assert.Equal(8 + 5 + 3, split.Validation.Count); // round(7.5)=8, 5, round(2.5)=3
        Assert.Equal(60 - 16, split.Train.Count);
        Assert.Equal(8, CountLabel(split.Validation, 0));
        Assert.Equal(5, CountLabel(split.Validation, 1));
        Assert.Equal(3, CountLabel(split.Validation, 2));
        var all = split.Train.StoreIndices.ToArray().Concat(split.Validation.StoreIndices.ToArray()).Order();
        Assert.Equal(Enumerable.Range(0, 60), all);
    }

    [Fact]
    public void Split_SameSeed_SameIndices()
    {
        FeatureStore store = ThreeClasses();

        FeatureSplit a = StratifiedSplit.Split(store, 0.3, seed: 4), b = StratifiedSplit.Split(store, 0.3, seed: 4);

        Assert.Equal(a.Train.StoreIndices.ToArray(), b.Train.StoreIndices.ToArray());
        Assert.Equal(a.Validation.StoreIndices.ToArray(), b.Validation.StoreIndices.ToArray());
    }

    [Fact]
    public void Split_SingleRecordClass_StaysInTraining()
    {
        var store = new FeatureStore(6, Quantization, 8 * 10);
        store.Add(Sample(6, 0, 0), 0);
        store.Add(Sample(6, 1, 1), 1);
        store.Add(Sample(6, 2, 1), 1);

        FeatureSplit split = StratifiedSplit.Split(store, 0.9, seed: 1);

        Assert.Equal(1, CountLabel(split.Train, 0));
        Assert.Equal(1, CountLabel(split.Validation, 1));
    }

    [Fact]
    public void View_Members_ReadThroughToStore()
    {
        FeatureStore store = ThreeClasses();
        var view = new FeatureStoreView(store, [42, 7]);
        var expected = new float[6];
        var actual = new float[12];

        Assert.Equal(2, view.Count);
        Assert.Equal(6, view.FeatureLength);
        Assert.Equal(store.LabelOf(42), view.LabelOf(0));
        Assert.True(store.FeaturesOf(7).SequenceEqual(view.FeaturesOf(1)));
        view.DequantizeBatch([1, 0], actual);
        store.Dequantize(7, expected);
        Assert.Equal(expected, actual.AsSpan(0, 6).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureStoreView(store, [60]));
    }

    [Fact]
    public void Split_FractionOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Split(ThreeClasses(), 1.0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Split(ThreeClasses(), double.NaN, 1));
    }

    [Fact]
    public void Indices_AnyLabelledRecords_AreTheStoresSplit()
    {
        // The host's float baseline splits its own records (labels only) with the same code: same labels, same order,
        // same seed give the same validation records as the device's store.
        FeatureStore store = ThreeClasses();
        var labels = new LabelsOnly([.. Enumerable.Range(0, store.Count).Select(store.LabelOf)]);

        (int[] train, int[] validation) = StratifiedSplit.Indices(labels, [30, 20, 10], 0.25, seed: 9);

        FeatureSplit split = StratifiedSplit.Split(store, 0.25, seed: 9);
        Assert.Equal(split.Train.StoreIndices.ToArray(), train);
        Assert.Equal(split.Validation.StoreIndices.ToArray(), validation);
    }

    [Theory]
    [InlineData(new[] { 30, 20, 9 }, "add up to 59; there are 60 records")]
    [InlineData(new[] { 31, 19, 10 }, "Class 0 has 30 records; its count says 31")]
    [InlineData(new[] { 29, 21, 10 }, "Class 0 has more records than its count 29")]
    public void Indices_CountsThatDoNotMatchTheLabels_Throw(int[] counts, string message)
    {
        FeatureStore store = ThreeClasses();

        var error = Assert.Throws<ArgumentException>(() => StratifiedSplit.Indices(store, counts, 0.25, seed: 9));

        Assert.Contains(message, error.Message);
    }

    private sealed class LabelsOnly(int[] labels) : MicroTL.Training.ITrainingData
    {
        public int Count => labels.Length;
        public int FeatureLength => 0;
        public int LabelOf(int index) => labels[index];
        public void Dequantize(int index, Span<float> destination) { }
    }

    private static int CountLabel(FeatureStoreView view, int label)
    {
        int n = 0;
        for (int i = 0; i < view.Count; i++) if (view.LabelOf(i) == label) n++;
        return n;
    }
}
