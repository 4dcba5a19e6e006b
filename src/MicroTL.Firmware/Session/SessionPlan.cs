// Everything a session firmware is generated from, derived the way TransferSession derives it: the cut, the head, the
// store, the trainer's settings and the RAM plan, checked against the device before anything is written (a job that
// does not fit is refused here with TransferSession's own BudgetExceededException).
using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Firmware.Session;

/// <summary>A transfer run as the firmware will run it: <see cref="TransferSession"/>'s shapes, budget and settings, and the arena layout.</summary>
public sealed class SessionPlan
{
    private SessionPlan(TfLiteModel model, TransferSettings settings, TransferSession session, FeatureExtractor extractor, int? samples)
    {
        Model = model;
        Settings = settings;
        Session = session;
        Cut = extractor.Cut;
        FeatureQuantization = extractor.Quantization;
        ModelClasses = extractor.ModelClassCount;
        HeadFeatures = session.HeadFeatures;
        Augmentation = session.CanAugment ? WindowAugmentation.For(model, out _) : null;
        StoreMode = session.StoreMode;
        StoreGeometry = settings.StoreFlash?.Geometry ?? FlashGeometry.Nrf52840;
        // The log's record slot: 28 bytes of fields and CRC with the F features, rounded up to the program unit (FeatureLog.SlotBytes).
        LogSlotBytes = StoreMode == FeatureStoreMode.Ram ? 0 : StoreGeometry.RoundToProgramUnits(28 + Head.Inputs);
        // A store in RAM only is sized to the samples the run is given (TransferSession.MemoryFor); one with a log keeps its capacity.
        StoreRecords = samples is int n ? session.RecordsFor(n) : session.StoreRecords;
        StoreCapacityBytes = StoreRecords == session.StoreRecords ? settings.StoreCapacityBytes : StoreRecords * (FeatureStore.LabelBytes + session.Head.Inputs);
        Memory = samples is int given ? session.MemoryFor(given) : session.Memory;
        Trainer = new TrainerSettings(settings.EffectiveOptimizer, settings.BatchSize, settings.MaxEpochs, StoreRecords, settings.Seed,
            KeepSnapshot: settings.KeepSnapshot, RetryWithHalfLearningRate: settings.KeepSnapshot);
        HeadWeights? own = ModelHead.TryDequantize(model, Cut, out _);
        ModelHeadSeeds = !settings.FreshHead && !ClassesChanged && own is not null && own.Hidden == Head.Hidden;
        Layout = SessionArenaLayout.For(Memory, Head.Inputs, StoreRecords, Head.Classes, StoreMode, LogSlotBytes);
        if (Layout.TotalBytes != Memory.TotalBytes)
            throw new InvalidOperationException($"the session arena is {Layout.TotalBytes} bytes ({Layout.PaddingBytes} of padding), the plan {Memory.TotalBytes}");
    }

    /// <summary>The model's head features the head takes beside the cut's (the C's second feature part), or null.</summary>
    public HeadFeatures? HeadFeatures { get; }

    /// <summary>The perturbation of each labelled window (on-device augmentation), or null when the run makes no copies.</summary>
    public WindowAugmentation? Augmentation { get; }

    /// <summary>Where the store keeps its records, as the session decided (in flash when RAM would take the job past its target).</summary>
    public FeatureStoreMode StoreMode { get; }

    /// <summary>The base model.</summary>
    public TfLiteModel Model { get; }

    /// <summary>The transfer settings (the store's flash region, if any, is the firmware's: only its geometry and size are used).</summary>
    public TransferSettings Settings { get; }

    /// <summary>The C# session of the same model and settings: its head, budget and store sizes.</summary>
    public TransferSession Session { get; }

    /// <summary>The cut.</summary>
    public CutPoint Cut { get; }

    /// <summary>The cut tensor's quantization.</summary>
    public FeatureQuantization FeatureQuantization { get; }

    /// <summary>The head to train.</summary>
    public HeadShape Head => Session.Head;

    /// <summary>Classes of the model's own output.</summary>
    public int ModelClasses { get; }

    /// <summary>True when the head's classes are not the model's (the old head cannot serve them).</summary>
    public bool ClassesChanged => Head.Classes != ModelClasses;

    /// <summary>True when training starts from the model's own head (dequantized), as <see cref="TransferSession"/> decides.</summary>
    public bool ModelHeadSeeds { get; }

    /// <summary>The trainer's settings, as the session makes them.</summary>
    public TrainerSettings Trainer { get; }

    /// <summary>The geometry of the store's flash (the nRF52840's without a region).</summary>
    public FlashGeometry StoreGeometry { get; }

    /// <summary>S, the log's record slot (0 without a log).</summary>
    public int LogSlotBytes { get; }

    /// <summary>The RAM of the run, by component (the C# plan: <see cref="TransferSession.MemoryFor"/> the samples given, else a full store).</summary>
    public MemoryBudget Memory { get; }

    /// <summary>Records the firmware's store holds: its capacity, or with a store in RAM only, no more than the samples given.</summary>
    public int StoreRecords { get; }

    /// <summary>The store's capacity in bytes, as the C# session's store of <see cref="StoreRecords"/> records has it.</summary>
    public int StoreCapacityBytes { get; }

    /// <summary>Where every buffer lies in the firmware's arena.</summary>
    public SessionArenaLayout Layout { get; }

    /// <summary>
    /// Plans a run of <paramref name="model"/> with <paramref name="settings"/> on <paramref name="samples"/> labelled samples
    /// (null: the most a run can need, a full store).
    /// </summary>
    /// <exception cref="InvalidModelException">The model or the cut cannot be used.</exception>
    /// <exception cref="BudgetExceededException">The job does not fit the device's RAM or flash.</exception>
    /// <exception cref="TransferDataException">The store holds no record.</exception>
    /// <exception cref="ArgumentException">The store is to be in flash without a flash region.</exception>
    public static SessionPlan For(TfLiteModel model, TransferSettings settings, int? samples = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var session = new TransferSession(model, settings);
        return new SessionPlan(model, settings, session, new FeatureExtractor(model, CutPoint.Parse(model, settings.CutTensor)), samples);
    }
}
