using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>What a run decides before anything runs: the head's input, where the store's records go, and the memory of each choice.</summary>
public sealed partial class TransferSession
{
    /// <summary>The head features the settings ask for and the model offers (<see cref="TransferSettings.HeadFeatures"/>).</summary>
    /// <exception cref="TransferDataException">They are required and the model has none, or an int8 head export would need them.</exception>
    private static HeadFeatures? ChooseHeadFeatures(TfLiteModel model, CutPoint cut, TransferSettings settings)
    {
        if (settings.HeadFeatures == false) return null;
        HeadFeatures? offered = Features.HeadFeatures.Find(model, cut, out string reason);
        if (offered is null && settings.HeadFeatures == true)
            throw new TransferDataException($"head features were asked for, but {reason}; leave them to auto (or --head-features off)");
        if (offered is not null && settings.Int8Head)
        {
            if (settings.HeadFeatures == true)
                throw new TransferDataException($"the int8 head export takes the cut's features only, and head features ('{Features.HeadFeatures.TensorName}') " +
                    "were asked for: export the float head (leave out --int8-head), or pass --head-features off");
            return null; // auto: the int8 export cannot carry them, so the head takes the cut's features alone
        }

        return offered;
    }

    /// <summary>
    /// Where the store's records go and the RAM and flash plans that follow. Auto (<see cref="TransferSettings.StoreInFlash"/>
    /// null): in RAM (journaled to the region, if one is given) while the whole job then stays within
    /// <see cref="TransferSettings.JobRamTargetBytes"/>; else in flash when that fits the device's RAM and flash; else in RAM.
    /// </summary>
    private (FeatureStoreMode Mode, MemoryBudget Ram, MemoryBudget Flash) PlanStore()
    {
        FeatureStoreMode ramMode = _settings.StoreFlash is null ? FeatureStoreMode.Ram : FeatureStoreMode.RamJournaled;
        FeatureStoreMode mode = _settings.StoreInFlash switch { true => FeatureStoreMode.Flash, false => ramMode, null => ramMode };
        (MemoryBudget ram, MemoryBudget flash) = Plans(StoreRecords, mode);
        if (_settings.StoreInFlash is not null || ram.TotalBytes <= _settings.JobRamTargetBytes) return (mode, ram, flash);
        (MemoryBudget ramOfFlash, MemoryBudget flashOfFlash) = Plans(StoreRecords, FeatureStoreMode.Flash);
        return ramOfFlash.Fits(_settings.Device) && flashOfFlash.Fits(_settings.Device) && ramOfFlash.TotalBytes < ram.TotalBytes
            ? (FeatureStoreMode.Flash, ramOfFlash, flashOfFlash)
            : (mode, ram, flash);
    }

    /// <summary>
    /// The RAM and flash plans of a run whose store holds <paramref name="records"/> records (at most <see cref="StoreRecords"/>)
    /// in <paramref name="mode"/>: a store in RAM only takes the bytes of those records, one with a flash log its capacity.
    /// </summary>
    private (MemoryBudget Ram, MemoryBudget Flash) Plans(int records, FeatureStoreMode mode)
    {
        FlashRegion? region = _settings.StoreFlash ?? (mode == FeatureStoreMode.Flash ? RunOwnFlash : null);
        // The model, the adapted model being written beside it, and the store's log (records journaled or kept there) live in the device's flash.
        FlashGeometry geometry = region?.Geometry ?? FlashGeometry.Nrf52840;
        int storeBytes = mode == FeatureStoreMode.Ram && records < StoreRecords ? StoreBytesFor(records) : _settings.StoreCapacityBytes;
        TrainingMemory training = HeadTrainer.RequiredMemory(Head, TrainerSettingsFor(records), _settings.CreateStoppingRule());
        MemoryBudget ram = TransferBudget.For(_extractor.ArenaBytes, _extractor.FeatureLength, storeBytes, Head.Classes,
            Head, training, mode, region?.Geometry, _augmentation?.WindowBytes ?? 0, validationSplit: _settings.ValidationFraction > 0);
        MemoryBudget flash = TransferBudget.FlashFor(TfLiteWriter.Write(_model).Length, _extractor.DerivedFlashBytes, _adaptedModelBytes, _extractor.FeatureLength,
            region is null ? null : _settings.StoreCapacityBytes, geometry, _extractor.Segments);
        return (ram, flash);
    }

    private int StoreBytesFor(int records) => records * (FeatureStore.LabelBytes + Head.Inputs);

    private TrainerSettings TrainerSettingsFor(int records) => new(_settings.EffectiveOptimizer, _settings.BatchSize, _settings.MaxEpochs,
        Math.Max(1, records), _settings.Seed, KeepSnapshot: _settings.KeepSnapshot, RetryWithHalfLearningRate: _settings.KeepSnapshot);

    /// <summary>
    /// Bytes of the model this run will export, known before training: the exporters' layout depends
    /// only on the head's shape, so a head of zeros (calibrated on one all-zero record) has the size of the trained one.
    /// </summary>
    private long AdaptedModelBytes()
    {
        var zeros = new HeadWeights(Head.Inputs, Head.Hidden, Head.Classes, new float[Head.Inputs * Head.Hidden], new float[Head.Hidden],
            new float[Head.Hidden * Head.Classes], new float[Head.Classes]);
        TfLiteModel sized = _settings.Int8Head
            ? Int8HeadExporter.Build(_model, _extractor.Cut, zeros, new ZeroRecord(Head.Inputs))
            : HybridModelExporter.Build(_model, _extractor.Cut, zeros, _extractor.HeadFeatures);
        return TfLiteWriter.Write(sized).Length;
    }

    /// <summary>One all-zero record: calibration data for sizing the int8 export.</summary>
    private sealed class ZeroRecord(int featureLength) : ITrainingData
    {
        public int Count => 1;
        public int FeatureLength => featureLength;
        public int LabelOf(int index) => 0;
        public void Dequantize(int index, Span<float> destination) => destination.Clear();
    }
}
