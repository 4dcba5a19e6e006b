using MicroTL.Features;
using MicroTL.Store;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Tests.Training;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class FloatFineTuneTests
{
    [Fact]
    public void Run_SameSeed_HoldsOutTheRecordsTheDevicesStoreHoldsOut()
    {
        // The device stores every labelled sample in the order offered (its store is sized to hold them all), then splits
        // with StratifiedSplit and the run's seed; the float baseline must hold out the same samples.
        FloatNetwork network = SyntheticData.SmallNetwork(3, 1);
        SampleSet train = SyntheticData.Waves(30, 3, 4), test = SyntheticData.Waves(9, 3, 5);
        var settings = new Session.TransferSettings(TestDevices.Nrf52840, MaxEpochs: 2, ValidationFraction: 0.3, Seed: 11);

        FloatFineTuneResult result = FloatFineTune.Run(network, train, test, 3, settings);

        var store = new FeatureStore(1, new FeatureQuantization(1f, 0), 30 * 3, maxClasses: 3, seed: settings.Seed);
        for (int i = 0; i < train.Count; i++) store.Add([0], train.Label(i));
        Assert.Equal(StratifiedSplit.Split(store, settings.ValidationFraction, settings.Seed).Validation.StoreIndices.ToArray(), result.ValidationSamples);
        Assert.Equal(9, result.ValidationSamples.Count); // 3 of each class's 10
    }
}
