using MicroTL.Budget;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>How the stopping rule of a transfer run is chosen.</summary>
public enum StoppingKind
{
    /// <summary>Run <see cref="TransferSettings.MaxEpochs"/> epochs.</summary>
    FixedEpochs,

    /// <summary>Stop when validation loss has not improved for <see cref="TransferSettings.Patience"/> epochs; keep the best.</summary>
    Patience,

    /// <summary>Stop when another epoch's expected accuracy gain per millijoule falls below <see cref="TransferSettings.MinGainPointsPerMillijoule"/>.</summary>
    EnergyAware,
}

/// <summary>Everything a transfer run needs besides the model and the data.</summary>
/// <param name="Device">The device whose RAM and flash bound the job (the library knows no board: the host builds it from a device profile).</param>
/// <param name="CutTensor">Cut tensor index or name; null for the default cut.</param>
/// <param name="Classes">Classes of the new head; null keeps the model's own.</param>
/// <param name="Hidden">Hidden width; null takes the model's own hidden layer, or 32 when it has none.</param>
/// <param name="Optimizer">Optimizer and its hyper-parameters.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="MaxEpochs">Cap on epochs for every stopping rule.</param>
/// <param name="Stopping">Which stopping rule.</param>
/// <param name="Patience">Epochs without improvement for <see cref="StoppingKind.Patience"/>.</param>
/// <param name="MinGainPointsPerMillijoule">Threshold of <see cref="StoppingKind.EnergyAware"/>.</param>
/// <param name="EpochMillijoules">Energy of one epoch (measured, or from a device profile) for <see cref="StoppingKind.EnergyAware"/>;
/// null prices each epoch with <paramref name="EpochEnergyModel"/>.</param>
/// <param name="StoreCapacityBytes">Bytes of the int8 feature store.</param>
/// <param name="ValidationFraction">Share of each class held out of training for validation.</param>
/// <param name="Seed">Seed of the store's reservoir, the split, the initialisation and the shuffling.</param>
/// <param name="FreshHead">Start from He initialisation even when the model's own head could seed the new one.</param>
/// <param name="Int8Head">Export the head requantized to int8 (calibrated on the store) instead of float32.</param>
/// <param name="KeepSnapshot">Roll a diverging run back to its last good state (the best epoch's weights when the stopping rule
/// keeps them, else the head's initialisation) and retry once at half the learning rate. It costs no RAM of its own. Without it
/// a diverging run is stopped and its head rejected (the deployed model stays).</param>
/// <param name="StoreFlash">Keep the feature store durable in this flash region (on the host, a file holding an image of
/// it): every kept record is journaled to a log there, records collected by earlier runs are reopened and trained on too,
/// and a power loss loses at most the record being written. Opened when the run starts, at the size the flash budget plans.</param>
/// <param name="StoreInFlash">With <paramref name="StoreFlash"/>: keep the store's records only in its log
/// (<see cref="FeatureStoreMode.Flash"/>); RAM holds an index and one record buffer.</param>
/// <param name="EpochEnergyModel">Prices an epoch's op counts in mJ for <see cref="StoppingKind.EnergyAware"/> when
/// <paramref name="EpochMillijoules"/> is null (the host's device-profile cost model). Energy-aware stopping with neither is refused.</param>
public sealed record TransferSettings(
    DeviceMemory Device,
    string? CutTensor = null,
    int? Classes = null,
    int? Hidden = null,
    OptimizerSettings? Optimizer = null,
    int BatchSize = 8,
    int MaxEpochs = 30,
    StoppingKind Stopping = StoppingKind.Patience,
    int Patience = 5,
    double MinGainPointsPerMillijoule = 0.01,
    double? EpochMillijoules = null,
    int StoreCapacityBytes = 64 * 1024,
    double ValidationFraction = 0.2,
    ulong Seed = 1,
    bool FreshHead = false,
    bool Int8Head = false,
    FlashRegion? StoreFlash = null,
    bool KeepSnapshot = true,
    bool StoreInFlash = false,
    Func<OpCounts, double>? EpochEnergyModel = null)
{
    /// <summary>The optimizer actually used: the given one, or Adam with learning rate 1e-3.</summary>
    public OptimizerSettings EffectiveOptimizer => Optimizer ?? OptimizerSettings.Adam(1e-3f);

    /// <summary>Where the store keeps its records: in RAM only without a flash region, else journaled to it or only in it.</summary>
    public FeatureStoreMode StoreMode => StoreFlash is null ? FeatureStoreMode.Ram : StoreInFlash ? FeatureStoreMode.Flash : FeatureStoreMode.RamJournaled;

    /// <summary>Builds the stopping rule these settings describe.</summary>
    /// <exception cref="ArgumentException">Energy-aware stopping without <see cref="EpochMillijoules"/> or <see cref="EpochEnergyModel"/>.</exception>
    public IStoppingRule CreateStoppingRule() => Stopping switch
    {
        StoppingKind.FixedEpochs => new FixedEpochs(MaxEpochs),
        // Validation loss, not accuracy: on a few dozen records accuracy moves in coarse steps and
        // can sit still for epochs while the head is still learning.
        StoppingKind.Patience => new PatienceStopping(Patience, MonitoredMetric.Loss),
        _ => new EnergyAwareStopping(MinGainPointsPerMillijoule, EpochMillijoules, epochEnergyModel: EpochEnergyModel),
    };
}
