// Memory budget of the device's per-sample path: the frozen body up to the cut, and collecting a
// sample into the store, allocate nothing once warmed up. (The per-step training budget is asserted
// in HeadTrainerTests; time is measured in bench/, TransferDeviceBenchmarks.)
using MicroTL.Features;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.TestSupport;

namespace MicroTL.Tests.Features;

public class FeatureExtractorTests
{
    [Fact]
    public void Extract_SteadyState_AllocatesNothing()
    {
        TfLiteModel model = TransferTestData.MicroSpeech;
        var extractor = new FeatureExtractor(model, CutPoint.Default(model));
        List<LabelledInput> samples = TransferTestData.YesNo(4, seed: 3);
        var features = new sbyte[extractor.FeatureLength];
        extractor.Extract(samples[0].Input, features); // JIT warm-up
        extractor.Extract(features);

        // The fewest bytes of a few runs: a recompilation by the JIT under load may allocate once (SteadyState).
        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                extractor.Extract(samples[i % samples.Count].Input, features);
                extractor.Extract(features);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ExtractThenAdd_FullStore_AllocatesNothing()
    {
        // The steady state of collection: the store is full, so every sample goes through the reservoir.
        TfLiteModel model = TransferTestData.MicroSpeech;
        var extractor = new FeatureExtractor(model, CutPoint.Default(model));
        List<LabelledInput> samples = TransferTestData.YesNo(8, seed: 4);
        var features = new sbyte[extractor.FeatureLength];
        int recordBytes = FeatureStore.LabelBytes + extractor.FeatureLength;
        var store = new FeatureStore(extractor.FeatureLength, extractor.Quantization, 4 * recordBytes, maxClasses: 4, seed: 5);
        foreach (LabelledInput sample in samples) // fills the store and warms up the JIT
        {
            extractor.Extract(sample.Input, features);
            store.Add(features, sample.Label);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            LabelledInput sample = samples[i % samples.Count];
            extractor.Extract(sample.Input, features);
            store.Add(features, sample.Label);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(store.IsFull);
        Assert.Equal(0, allocated);
    }
}
