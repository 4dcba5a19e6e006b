using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Store;
using MicroTL.TfLite;

namespace MicroTL.Tests.Session;

/// <summary>The flash side of the budget: the model, and a store file's log whether its records stay in RAM or not.</summary>
public class TransferFlashBudgetTests
{
    [Fact]
    public void Constructor_ModelLargerThanFlash_RefusesNamingTheModelBytes()
    {
        // hello_world with 1.1 MB of unused constant data: a model that could never be deployed on a 1 MB flash.
        TfLiteModel model = TransferTestData.HelloWorld;
        TfLiteModel large = model with { Buffers = [.. model.Buffers, new byte[1_100_000]] };

        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(large, new TransferSettings(TestDevices.Nrf52840, Classes: 2)));

        Assert.Equal(DeviceMemoryKind.Flash, error.Budget.Kind);
        Assert.Contains("model 11", error.Message);
        Assert.Contains("1048576", error.Message);
    }

    [Fact]
    public void Constructor_JournaledStoreLogLargerThanFlash_RefusesNamingTheLogAndOpensNothing()
    {
        // 8333 records of 16 features fit the RAM, but their log's two banks need 1.47 MB of flash.
        var flash = new RamFlashRegion();
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreCapacityBytes: 150_000, StoreFlash: flash.Region);

        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.HelloWorld, settings));

        Assert.Equal(DeviceMemoryKind.Flash, error.Budget.Kind);
        Assert.Contains("feature store log", error.Message);
        Assert.Contains(FeatureStore.RequiredFlashBytes(16, 150_000, FlashGeometry.Nrf52840).ToString(), error.Message);
        Assert.Equal(0, flash.Opened);
    }

    [Fact]
    public void Constructor_NoStoreFile_FlashHoldsTheModelAndTheAdaptedModel()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreInFlash: false));

        Assert.Equal(["model", "adapted model (written beside the old one before it replaces it)"], session.Flash.Components.Select(c => c.Name));
        Assert.Equal(TfLiteWriter.Write(TransferTestData.HelloWorld).Length, session.Flash.Components[0].Bytes);
    }

    [Fact]
    public void Constructor_ConvModel_FlashCountsThePackedFiltersAndRamTheWholeArena()
    {
        // test_conv_model's int8 CONV_2D runs the fast path, which reads a packed copy of its filter kept in flash.
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("test_conv_model.tflite"));
        var interpreter = new MicroTL.Runtime.Interpreter(model);

        var roomy = new DeviceMemory("test-roomy", 4 << 20, 4 << 20, "test"); // its 1152-feature head needs more than 256 KB

        var session = new TransferSession(model, new TransferSettings(Classes: 2, Hidden: 4, Device: roomy));

        Assert.True(interpreter.DerivedFlashBytes > 0);
        Assert.Equal(("constants derived from the model (packed filters)", interpreter.DerivedFlashBytes),
            (session.Flash.Components[1].Name, session.Flash.Components[1].Bytes));
        Assert.Equal(("inference arena", interpreter.Plan.HeadBytes + interpreter.Plan.PersistentBytes),
            (session.Memory.Components[0].Name, session.Memory.Components[0].Bytes));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Constructor_AdaptedModelComponent_EqualsTheSizeOfTheModelTheRunExports(bool int8Head)
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 4, Int8Head: int8Head));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(120, 1));

        Assert.Equal(TfLiteWriter.Write(outcome.CandidateModel).Length, session.Flash.Components[1].Bytes);
    }

    [Fact]
    public void Constructor_ModelFitsButNotTwiceOver_RefusesNamingTheAdaptedModel()
    {
        // The model alone fits; the adapted model written beside it before the rename does not.
        long modelBytes = TfLiteWriter.Write(TransferTestData.HelloWorld).Length;
        var device = new DeviceMemory("test-small-flash", 256 * 1024, modelBytes + modelBytes / 2, "test");

        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Device: device)));

        Assert.Equal(DeviceMemoryKind.Flash, error.Budget.Kind);
        Assert.Contains("adapted model", error.Message);
    }
}
