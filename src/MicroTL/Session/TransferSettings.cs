using MicroTL.Budget;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>How the stopping rule of a transfer run is chosen.</summary>
public enum StoppingKind
{
    /// <summary>Run the epochs <see cref="TransferSettings.StepBudget"/> gives for the data (<see cref="TransferSettings.MaxEpochs"/> without a budget).</summary>
    FixedEpochs,

    /// <summary>Stop when validation loss has not improved for <see cref="TransferSettings.Patience"/> epochs; keep the best.</summary>
    Patience,

    /// <summary>Stop when another epoch's expected accuracy gain per millijoule falls below <see cref="TransferSettings.MinGainPointsPerMillijoule"/>.</summary>
    EnergyAware,
}

/// <summary>
/// Everything a transfer run needs besides the model and the data. The defaults are the device's recipe, the one place
/// every command reads them from (<c>transfer</c>, <c>transfer --dataset</c>, <c>experiment</c>, <c>demo</c>): every labelled
/// window trains (no validation split), for a fixed budget of optimizer steps turned into epochs from the data size; the
/// model's head features beside the cut features when it offers them; perturbed copies of each labelled window when the
/// model takes 3-axis windows; the store's records in flash when keeping them in RAM would take the job past
/// <see cref="JobRamTargetBytes"/>. Chosen by the measurements of docs/recipe-study.md ("The device recipe as built").
/// </summary>
/// <param name="Device">The device whose RAM and flash bound the job (the library knows no board: the host builds it from a device profile).</param>
/// <param name="CutTensor">Cut tensor index or name; null for the default cut.</param>
/// <param name="Classes">Classes of the new head; null keeps the model's own.</param>
/// <param name="Hidden">Hidden width; null takes the model's own hidden layer when its head reads the same input as the new one (the cut's
/// features, or in a model adapted with head features before, those and the head features), else <see cref="DefaultHidden"/>.</param>
/// <param name="Optimizer">Optimizer and its hyper-parameters; null: <see cref="DefaultOptimizer"/>.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="MaxEpochs">Cap on epochs for every stopping rule.</param>
/// <param name="Stopping">Which stopping rule.</param>
/// <param name="Patience">Epochs without improvement for <see cref="StoppingKind.Patience"/>.</param>
/// <param name="MinGainPointsPerMillijoule">Threshold of <see cref="StoppingKind.EnergyAware"/>.</param>
/// <param name="EpochMillijoules">Energy of one epoch (measured, or from a device profile) for <see cref="StoppingKind.EnergyAware"/>;
/// null prices each epoch with <paramref name="EpochEnergyModel"/>.</param>
/// <param name="StoreCapacityBytes">Bytes of the int8 feature store.</param>
/// <param name="ValidationFraction">Share of each class held out of training for validation.</param>
/// <param name="Seed">Seed of the store's reservoir, the split, the initialisation, the shuffling and the augmentation.</param>
/// <param name="FreshHead">Start from He initialisation even when the model's own head could seed the new one.</param>
/// <param name="Int8Head">Export the head requantized to int8 (calibrated on the store) instead of float32.</param>
/// <param name="KeepSnapshot">Roll a diverging run back to its last good state (the best epoch's weights when the stopping rule
/// keeps them, else the head's initialisation) and retry once at half the learning rate. It costs no RAM of its own. Without it
/// a diverging run is stopped and its head rejected (the deployed model stays).</param>
/// <param name="StoreFlash">Keep the feature store durable in this flash region (on the host, a file holding an image of
/// it): every kept record is journaled to a log there, records collected by earlier runs are reopened and trained on too,
/// and a power loss loses at most the record being written. Opened when the run starts, at the size the flash budget plans.</param>
/// <param name="StoreInFlash">Where the store's records live: true only in flash (<see cref="FeatureStoreMode.Flash"/>; RAM
/// holds an index and one record buffer), false in RAM (journaled to <paramref name="StoreFlash"/> when given), null (auto)
/// in RAM while the whole job then stays within <paramref name="JobRamTargetBytes"/>, else in flash if that fits. Records
/// in flash without a <paramref name="StoreFlash"/> region go to a flash log of the run's own (volatile on the host; on a
/// device, the firmware's region).</param>
/// <param name="EpochEnergyModel">Prices an epoch's op counts in mJ for <see cref="StoppingKind.EnergyAware"/> when
/// <paramref name="EpochMillijoules"/> is null (the host's device-profile cost model). Energy-aware stopping with neither is refused.</param>
/// <param name="StepBudget">With <see cref="StoppingKind.FixedEpochs"/>: the optimizer steps to train for, turned into epochs from
/// the training records N: <c>clamp(ceil(StepBudget · BatchSize / N), 1, MaxEpochs)</c>; null trains <paramref name="MaxEpochs"/> epochs.</param>
/// <param name="HeadFeatures">The model's head features (<see cref="Features.HeadFeatures"/>) beside the cut features: null (auto)
/// when the model offers them, true requires them (refused for a model without), false never.</param>
/// <param name="AugmentedCopies">Perturbed copies of each labelled window that also go through the body into the store
/// (<see cref="Features.WindowAugmentation"/>): null (auto) <see cref="AutoAugmentedCopies"/> for a model that takes 3-axis windows
/// and none for others; a number asks for exactly that many (more than 0 is refused for other models).</param>
/// <param name="JobRamTargetBytes">The RAM the learning job should stay within, leaving the rest to the application: with
/// <paramref name="StoreInFlash"/> auto, the records go to flash when keeping them in RAM would take the job past it.</param>
public sealed record TransferSettings(
    DeviceMemory Device,
    string? CutTensor = null,
    int? Classes = null,
    int? Hidden = null,
    OptimizerSettings? Optimizer = null,
    int BatchSize = TransferSettings.DefaultBatchSize,
    int MaxEpochs = TransferSettings.DefaultMaxEpochs,
    StoppingKind Stopping = StoppingKind.FixedEpochs,
    int Patience = 5,
    double MinGainPointsPerMillijoule = 0.01,
    double? EpochMillijoules = null,
    int StoreCapacityBytes = 64 * 1024,
    double ValidationFraction = 0,
    ulong Seed = 1,
    bool FreshHead = false,
    bool Int8Head = false,
    FlashRegion? StoreFlash = null,
    bool KeepSnapshot = true,
    bool? StoreInFlash = null,
    Func<OpCounts, double>? EpochEnergyModel = null,
    int? StepBudget = TransferSettings.DefaultStepBudget,
    bool? HeadFeatures = null,
    int? AugmentedCopies = null,
    int JobRamTargetBytes = TransferSettings.DefaultJobRamTargetBytes)
{
    /// <summary>The recipe's mini-batch size.</summary>
    public const int DefaultBatchSize = 16;

    /// <summary>The recipe's cap on epochs: with <see cref="DefaultStepBudget"/>, 40 epochs up to 1200 records (K = 50 of 6 classes
    /// with their copies), fewer beyond (docs/recipe-study.md, "The device recipe as built").</summary>
    public const int DefaultMaxEpochs = 40;

    /// <summary>The recipe's optimizer steps (<see cref="StepBudget"/>).</summary>
    public const int DefaultStepBudget = 3000;

    /// <summary>The recipe's hidden width of a new head.</summary>
    public const int DefaultHidden = 16;

    /// <summary>
    /// The hidden width of a new head when none is given: the model's own head's when it reads the
    /// <paramref name="featureLength"/> features the new head will (the cut's; or those and the head features, in a model
    /// adapted with them before), else <see cref="DefaultHidden"/>.
    /// </summary>
    public static int DefaultHiddenFor(Export.HeadWeights? modelHead, int featureLength) =>
        modelHead is { } own && own.Inputs == featureLength ? own.Hidden : DefaultHidden;

    /// <summary>The recipe's learning rate (Adam).</summary>
    public const float DefaultLearningRate = 5e-3f;

    /// <summary>The recipe's RAM target of the learning job: 64 KB, a quarter of the nRF52840's.</summary>
    public const int DefaultJobRamTargetBytes = 64 * 1024;

    /// <summary>Perturbed copies of each window the recipe makes at most.</summary>
    public const int MaxAutoAugmentedCopies = 4;

    /// <summary>Records (labelled windows and their copies) the automatic augmentation stops at: fewer copies for more windows.</summary>
    public const int AugmentationRecordBudget = 1200;

    /// <summary>The recipe's optimizer: Adam at <see cref="DefaultLearningRate"/>.</summary>
    public static OptimizerSettings DefaultOptimizer => OptimizerSettings.Adam(DefaultLearningRate);

    /// <summary>The optimizer actually used: the given one, or <see cref="DefaultOptimizer"/>.</summary>
    public OptimizerSettings EffectiveOptimizer => Optimizer ?? DefaultOptimizer;

    /// <summary>
    /// The copies of each of <paramref name="samples"/> labelled windows the automatic augmentation makes:
    /// <c>min(MaxAutoAugmentedCopies, floor(AugmentationRecordBudget / samples) − 1)</c>, at least 0.
    /// </summary>
    public static int AutoAugmentedCopies(int samples) =>
        samples <= 0 ? MaxAutoAugmentedCopies : Math.Clamp(AugmentationRecordBudget / samples - 1, 0, MaxAutoAugmentedCopies);

    /// <summary>The copies a run of <paramref name="samples"/> windows makes: <see cref="AugmentedCopies"/>, or the automatic count when the model takes 3-axis windows.</summary>
    public int CopiesFor(int samples, bool windowInput) => AugmentedCopies ?? (windowInput ? AutoAugmentedCopies(samples) : 0);

    /// <summary>The epochs of a fixed-budget run on <paramref name="trainRecords"/> records (see <see cref="StepBudget"/>).</summary>
    public int EpochsFor(int trainRecords) => StepBudget is { } steps && trainRecords > 0
        ? (int)Math.Clamp((steps * (long)BatchSize + trainRecords - 1) / trainRecords, 1, MaxEpochs)
        : MaxEpochs;

    /// <summary>Where the store keeps its records when <see cref="StoreInFlash"/> is decided: RAM only without a flash region, else journaled to it or only in it.</summary>
    public FeatureStoreMode StoreMode => StoreInFlash == true ? FeatureStoreMode.Flash : StoreFlash is null ? FeatureStoreMode.Ram : FeatureStoreMode.RamJournaled;

    /// <summary>Builds the stopping rule these settings describe (a fixed-budget run's epochs: <see cref="EpochsFor"/>).</summary>
    /// <param name="trainRecords">The training records, which a step budget turns into epochs; null takes <see cref="MaxEpochs"/>.</param>
    /// <exception cref="ArgumentException">Energy-aware stopping without <see cref="EpochMillijoules"/> or <see cref="EpochEnergyModel"/>.</exception>
    public IStoppingRule CreateStoppingRule(int? trainRecords = null) => Stopping switch
    {
        StoppingKind.FixedEpochs => new FixedEpochs(trainRecords is { } n ? EpochsFor(n) : MaxEpochs),
        // Validation loss, not accuracy: on a few dozen records accuracy moves in coarse steps and
        // can sit still for epochs while the head is still learning.
        StoppingKind.Patience => new PatienceStopping(Patience, MonitoredMetric.Loss),
        _ => new EnergyAwareStopping(MinGainPointsPerMillijoule, EpochMillijoules, epochEnergyModel: EpochEnergyModel),
    };
}
