// The device's recipe: one place for its defaults (TransferSettings), read by the scenarios, the demo and the
// workload measurement, and a job within 64 KB of RAM in the demo's scenario (K = 20 windows of 6 activities).
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class DeviceRecipeTests
{
    private static readonly Lazy<TfLiteModel> MotionBase = new(() =>
    {
        var data = new WisdmDataset(WisdmPack.ReadEmbedded());
        SampleSet windows = WisdmSamples.Create(data.Select([1600, 1601], ['A', 'B', 'D', 'E']).Windows(), ['A', 'B', 'D', 'E']);
        // The demo's base network, untrained: the memory plan depends on its shapes only.
        return Int8Quantizer.Quantize(BaseNetworks.Motion(4), windows, new Int8QuantizationOptions { HeadStatistics = StatisticsScaling.Of(windows) }).Model;
    });

    [Fact]
    public void Defaults_OfTheScenarios_AreTheSettingsDefaults()
    {
        var recipe = new TransferSettings(DeviceProfileLoader.Default.Memory);

        Assert.Equal(recipe, ScenarioOptions.DefaultTransfer);
        Assert.Equal(recipe, new ScenarioOptions().Transfer);
        Assert.Null(new DemoOptions().Transfer); // the demo takes ScenarioOptions.DefaultTransfer
    }

    [Fact]
    public void Defaults_AreTheRecipe_EveryWindowAFixedBudgetHeadFeaturesAndCopiesAuto()
    {
        var recipe = new TransferSettings(DeviceProfileLoader.Default.Memory);

        Assert.Equal(0, recipe.ValidationFraction);
        Assert.Equal(StoppingKind.FixedEpochs, recipe.Stopping);
        Assert.Equal(TransferSettings.DefaultStepBudget, recipe.StepBudget);
        Assert.Null(recipe.HeadFeatures);
        Assert.Null(recipe.AugmentedCopies);
        Assert.Null(recipe.StoreInFlash);
        Assert.Equal(TransferSettings.DefaultOptimizer, recipe.EffectiveOptimizer);
        Assert.Equal(TransferSettings.MaxAutoAugmentedCopies, TransferSettings.AutoAugmentedCopies(120));
        Assert.True(TransferSettings.AutoAugmentedCopies(300) < TransferSettings.MaxAutoAugmentedCopies);
        Assert.Equal(0, recipe.CopiesFor(120, windowInput: false));
    }

    [Fact]
    public void Plan_DemoScenario_FitsIn64KilobytesOfRam()
    {
        TfLiteModel model = MotionBase.Value;
        TransferSettings settings = ScenarioOptions.DefaultTransfer with { Classes = 6 };
        settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, 6 * 20, settings) };

        var session = new TransferSession(model, settings);

        Assert.NotNull(session.HeadFeatures);
        Assert.True(session.CanAugment);
        Assert.Equal(6 * 20 * (1 + TransferSettings.MaxAutoAugmentedCopies), session.StoreRecords);
        Assert.Equal(FeatureStoreMode.Flash, session.StoreMode); // 600 records of 144 bytes do not fit beside the rest
        Assert.True(session.Memory.TotalBytes <= 64 * 1024, $"{session.Memory.TotalBytes} bytes: {string.Join(", ", session.Memory.Components.Select(c => $"{c.Name} {c.Bytes}"))}");
        // The run's own plan (the lean trainer's: parameters, Adam's state, batch buffers, activations, shuffle order) is the same.
        Assert.Equal(session.Memory.TotalBytes, session.MemoryFor(6 * 20).TotalBytes);
        Assert.DoesNotContain(session.Memory.Components, c => c.Name.StartsWith("gradients", StringComparison.Ordinal) && c.Bytes > 0);
        Assert.True(session.Flash.Fits(settings.Device));
    }

    [Fact]
    public void StoreBytesFor_RecipeOnTheMotionBase_RoomForEveryWindowAndItsCopiesWithBothParts()
    {
        TfLiteModel model = MotionBase.Value;

        int bytes = TransferExperiment.StoreBytesFor(model, 120, ScenarioOptions.DefaultTransfer);
        int cutOnly = TransferExperiment.StoreBytesFor(model, 120, ScenarioOptions.DefaultTransfer with { HeadFeatures = false, AugmentedCopies = 0 });

        Assert.Equal(120 * 5 * (FeatureStore.LabelBytes + 96 + 46), bytes);
        Assert.Equal(120 * (FeatureStore.LabelBytes + 96), cutOnly);
    }
}
