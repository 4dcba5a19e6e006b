using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>
/// One on-device transfer run, the MicroTL method end to end and nothing else: split the model at the cut, check
/// the whole job against the device's RAM and flash before anything runs, collect int8 features of the labelled
/// samples (and of perturbed copies of each window, for a model that takes 3-axis windows) into the store, split them
/// into training and validation records (none by default), train a float32 head on dequantized mini-batches for a fixed
/// budget (or with early stopping), decide whether to deploy it (<see cref="Decide"/>), and export. The old model is
/// never modified: the outcome holds the model to deploy and what the device knows of the run.
/// </summary>
public sealed partial class TransferSession
{
    private readonly TfLiteModel _model;
    private readonly TransferSettings _settings;
    private readonly FeatureExtractor _extractor;
    private readonly WindowAugmentation? _augmentation;
    private readonly HeadWeights? _modelHead;
    private readonly string _modelHeadReason;
    private readonly FlashRegion? _storeFlash;
    private readonly long _adaptedModelBytes;

    /// <summary>Prepares the body and plans the memory; throws before anything runs if the job does not fit.</summary>
    /// <exception cref="InvalidModelException">The model or the cut cannot be used.</exception>
    /// <exception cref="BudgetExceededException">The job needs more RAM than the device has.</exception>
    /// <exception cref="BudgetExceededException">The model and the store's log (if any) need more flash than the device has.</exception>
    /// <exception cref="TransferDataException">The store's capacity holds no record; the head has more parameters than <see cref="HeadShape.MaxParameters"/>
    /// (on a device with RAM for them); or the settings ask for what the model cannot give: head features it does not offer,
    /// augmented copies of an input that is not a 3-axis window, or an int8 head export with head features.</exception>
    public TransferSession(TfLiteModel model, TransferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings.Device, "settings.Device");
        _model = model;
        _settings = settings;
        CutPoint cut = CutPoint.Parse(model, settings.CutTensor);
        HeadFeatures? headFeatures = ChooseHeadFeatures(model, cut, settings);
        _extractor = new FeatureExtractor(model, cut, headFeatures);
        _augmentation = WindowAugmentation.For(model, out string augmentationReason);
        if (settings.AugmentedCopies > 0 && _augmentation is null)
            throw new TransferDataException($"{settings.AugmentedCopies} augmented copies asked for, but {augmentationReason}; ask for 0 copies (--augment 0) or auto");
        if (settings.AugmentedCopies < 0)
            throw new TransferDataException($"{settings.AugmentedCopies} augmented copies asked for; give 0 or more, or auto");
        if (settings.AugmentedCopies == 0) _augmentation = null;
        _modelHead = ModelHead.TryDequantize(model, cut, out _modelHeadReason, headFeatures);

        int classes = settings.Classes ?? _extractor.ModelClassCount;
        int hidden = settings.Hidden ?? TransferSettings.DefaultHiddenFor(_modelHead, _extractor.FeatureLength);
        Head = new HeadShape(_extractor.FeatureLength, hidden, classes);
        EnsureHeadCountable(Head, settings.Device);
        StoreRecords = settings.StoreCapacityBytes / (FeatureStore.LabelBytes + _extractor.FeatureLength);
        if (StoreRecords < 1)
            throw new TransferDataException($"a feature store of {settings.StoreCapacityBytes} bytes holds no record: one record needs " +
                $"{FeatureStore.LabelBytes + _extractor.FeatureLength} bytes ({FeatureStore.LabelBytes} label + {_extractor.FeatureLength} features)");
        _adaptedModelBytes = AdaptedModelBytes();
        (StoreMode, Memory, Flash) = PlanStore();
        _storeFlash = settings.StoreFlash ?? (StoreMode == FeatureStoreMode.Flash ? RunOwnFlash : null);
        Memory.EnsureFits(settings.Device);
        Flash.EnsureFits(settings.Device);
        StoreFlashBytes = _storeFlash is null ? 0 : FeatureStore.RequiredFlashBytes(_extractor.Segments, settings.StoreCapacityBytes, _storeFlash.Geometry);
    }

    /// <summary>
    /// A head with more parameters than an int counts (millions of hidden units) is over any device's budget: refused as
    /// such (its parameters alone against the RAM), not left to fail as a bug in the budget's arithmetic.
    /// </summary>
    private static void EnsureHeadCountable(HeadShape head, DeviceMemory device)
    {
        long parameters = (long)head.Hidden * head.Inputs + head.Hidden + (long)head.Classes * head.Hidden + head.Classes;
        if (parameters <= HeadShape.MaxParameters) return;
        new MemoryBudget().Add($"head parameters ({head})", parameters * sizeof(float)).EnsureFits(device);
        throw new TransferDataException($"the head {head} has {parameters} parameters; at most {HeadShape.MaxParameters} are supported");
    }

    /// <summary>The shape of the head that will be trained.</summary>
    public HeadShape Head { get; }

    /// <summary>
    /// The RAM of the run with a full store (<see cref="StoreRecords"/>), by component: the most it can need, checked against the
    /// device before anything runs. A run in RAM sizes its store to the samples it is given (<see cref="MemoryFor"/>; the
    /// outcome carries that plan).
    /// </summary>
    public MemoryBudget Memory { get; }

    /// <summary>The flash of the run: the model, the adapted model and the store's log, if any.</summary>
    public MemoryBudget Flash { get; }

    /// <summary>Where the store keeps its records (decided here when <see cref="TransferSettings.StoreInFlash"/> is auto).</summary>
    public FeatureStoreMode StoreMode { get; }

    /// <summary>Bytes of the flash region the run opens for the store's log (its two banks); 0 without a region.</summary>
    public int StoreFlashBytes { get; }

    /// <summary>Records the store holds when full: its capacity, an upper bound (a store in RAM holds no more than the samples a run is given).</summary>
    public int StoreRecords { get; }

    /// <summary>The model's head features the head takes beside the cut's, or null (see <see cref="TransferSettings.HeadFeatures"/>).</summary>
    public HeadFeatures? HeadFeatures => _extractor.HeadFeatures;

    /// <summary>True when the model takes 3-axis windows, of which the run can make perturbed copies (and copies are not turned off).</summary>
    public bool CanAugment => _augmentation is not null;

    /// <summary>
    /// The RAM of a run given <paramref name="samples"/> labelled samples, by component: a store in RAM only is sized to hold
    /// them and their augmented copies (never more than its capacity, <see cref="StoreRecords"/>); a store with a flash log
    /// keeps its capacity, as its log's layout and the records of earlier runs need.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is not positive.</exception>
    public MemoryBudget MemoryFor(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        return PlanFor(RecordsFor(samples));
    }

    private int CopiesFor(int samples) => _augmentation is null ? 0 : _settings.CopiesFor(samples, windowInput: true);

    /// <summary>
    /// The records a run given <paramref name="samples"/> labelled samples stores: each sample and its augmented copies, at most
    /// <see cref="StoreRecords"/>, in RAM; a store with a flash log is planned at its capacity.
    /// </summary>
    public int RecordsFor(int samples) =>
        StoreMode == FeatureStoreMode.Ram ? (int)Math.Min(StoreRecords, (long)samples * (1 + CopiesFor(samples))) : StoreRecords;

    private MemoryBudget PlanFor(int records) => Plans(records, StoreMode).Ram;

    /// <summary>A flash log of the run's own, for records in flash without a region given: volatile, in RAM on the host (a device's firmware gives its own region).</summary>
    private static FlashRegion RunOwnFlash { get; } = new(FlashGeometry.Nrf52840, bytes => new RamFlashMedium(bytes, FlashGeometry.Nrf52840, "the run's flash log"));

    /// <summary>
    /// Runs the transfer on the device: collect <paramref name="training"/> (and perturbed copies of each window) into the
    /// store, split it, train, decide (<see cref="Decide"/>), export. Measuring the result on a test set is the host's job
    /// (<c>MicroTL.Toolkit.Experiments.TransferEvaluation</c>).
    /// </summary>
    /// <exception cref="TransferDataException">A label is outside the head's classes, an input has the wrong size or (float32 inputs) a NaN or infinite value, there is no data, or the store holds fewer than 2 classes or a class too small for the validation split.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled: the run stopped between two
    /// samples or two epochs; nothing was exported, and a store with a log holds every record collected so far.</exception>
    /// <exception cref="FeatureStoreException">The store's flash region holds a store of another layout, or no usable store.</exception>
    public TransferOutcome Run(IReadOnlyList<LabelledInput> training,
        Action<EpochRecord>? onEpoch = null, Action<int, int>? onCollected = null, CancellationToken cancel = default)
    {
        CheckData(training, nameof(training));
        IFlashMedium? medium = _storeFlash?.Open(StoreFlashBytes);
        try
        {
            if (medium is not null && FlashGeometry.Of(medium) != _storeFlash!.Geometry)
                throw new ArgumentException($"the store's flash region declared {_storeFlash.Geometry}, and its medium {medium.Name} has {FlashGeometry.Of(medium)}");
            // One store, wherever its records are: RAM only, RAM journaled to the log, or the log alone.
            FeatureStore store = medium is null
                ? new FeatureStore(_extractor.Segments, StoreBytesFor(RecordsFor(training.Count)), Head.Classes, _settings.Seed)
                : FeatureStore.OpenOrCreate(medium, _extractor.Segments, _settings.StoreCapacityBytes, Head.Classes, _settings.Seed, StoreMode);
            return Run(store, training, onEpoch, onCollected, cancel);
        }
        finally
        {
            (medium as IDisposable)?.Dispose(); // the run opened it
        }
    }

    private TransferOutcome Run(FeatureStore store, IReadOnlyList<LabelledInput> training,
        Action<EpochRecord>? onEpoch, Action<int, int>? onCollected, CancellationToken cancel)
    {
        bool classesChanged = Head.Classes != _extractor.ModelClassCount;
        int copies = CopiesFor(training.Count);
        int records = RecordsFor(training.Count);

        // Every buffer of the run, allocated once, as the budget lists them.
        int reopened = store.Count;
        var features = new sbyte[Head.Inputs];
        byte[] window = new byte[_augmentation?.WindowBytes ?? 0];
        (int stored, long passes) = Collect(store, training, copies, features, window, onCollected, cancel);

        TransferDataChecks.EnsureClassesTrainable(store.CountsPerClass, Head.Classes, _settings.ValidationFraction);
        // Without a validation split every record trains, read in store order: no index arrays.
        FeatureSplit split = _settings.ValidationFraction > 0
            ? StratifiedSplit.Split(store, _settings.ValidationFraction, _settings.Seed)
            : new FeatureSplit(FeatureStoreView.All(store), new FeatureStoreView(store, []));
        var trainer = new HeadTrainer(Head, TrainerSettingsFor(records), _settings.CreateStoppingRule(split.Train.Count));
        string initialisation = InitialiseHead(trainer.Head.Parameters, classesChanged);
        // Without validation records the heads are judged on the records they trained on (Decide says why that is enough).
        FeatureStoreView judged = split.Validation.Count > 0 ? split.Validation : split.Train;
        double oldAccuracy = classesChanged ? double.NaN : OldHeadAccuracy(judged);
        TrainingResult result = trainer.Train(split.Train, split.Validation.Count > 0 ? split.Validation : null, epoch =>
        {
            onEpoch?.Invoke(epoch);
            cancel.ThrowIfCancellationRequested(); // between epochs: the trainer's buffers are consistent
        }, restart: parameters => InitialiseHead(parameters, classesChanged)); // a rollback without good weights starts over from here
        cancel.ThrowIfCancellationRequested();
        double newAccuracy = HeadAccuracy(trainer.Head, judged);
        (DeploymentDecision decision, string reason) = Decide(result, trainer.Head, oldAccuracy, newAccuracy, split.Validation.Count > 0, judged.Count);

        HeadWeights weights = WeightsOf(trainer.Head.Parameters);
        TfLiteModel candidate = _settings.Int8Head
            ? Int8HeadExporter.Build(_model, _extractor.Cut, weights, store)
            : HybridModelExporter.Build(_model, _extractor.Cut, weights, _extractor.HeadFeatures);
        bool deployed = decision != DeploymentDecision.Rejected;
        bool validated = split.Validation.Count > 0;

        return new TransferOutcome
        {
            Cut = _extractor.Cut,
            CutTensor = _extractor.Cut.Tensor,
            CutTensorName = _model.MainSubgraph.Tensors[_extractor.Cut.Tensor].Name,
            HeadFeatures = _extractor.HeadFeatures,
            Head = Head,
            Initialisation = initialisation,
            ClassesChanged = classesChanged,
            Memory = PlanFor(records),
            Device = _settings.Device,
            StoreMode = StoreMode,
            AllocatedBytes = _extractor.ArenaBytes + store.AllocatedBytes + features.Length + window.Length
                + split.Train.IndexBytes + split.Validation.IndexBytes + trainer.AllocatedBytes,
            SamplesOffered = training.Count,
            AugmentedCopies = copies,
            SamplesStored = stored,
            RecordsReopened = reopened,
            StoreBytesUsed = store.BytesUsed,
            StoredPerClass = store.CountsPerClass.ToArray(),
            TrainRecords = split.Train.Count,
            ValidationRecords = split.Validation.Count,
            ExportFormat = _settings.Int8Head ? "int8" : "hybrid",
            OldValidationAccuracy = validated ? oldAccuracy : double.NaN,
            NewValidationAccuracy = validated ? newAccuracy : double.NaN,
            OldTrainingAccuracy = validated ? double.NaN : oldAccuracy,
            NewTrainingAccuracy = validated ? double.NaN : newAccuracy,
            Decision = decision,
            DecisionReason = reason,
            Training = result,
            CollectionMacs = Scale(_extractor.BodyMacsByOperator, passes),
            CollectionFloatOperations = _extractor.BodyFloatOperations * passes + (passes - training.Count) * (_augmentation?.OperationsPerCopy ?? 0),
            BytesStored = (long)stored * store.RecordBytes,
            DeployedModel = deployed ? candidate : _model,
            CandidateModel = candidate,
            CandidateHead = weights,
        };
    }

    /// <summary>
    /// Each sample through the body into the store, then <paramref name="copies"/> perturbed copies of it, each through the body
    /// into the store; returns the records the store kept and the body passes made.
    /// </summary>
    private (int Stored, long Passes) Collect(FeatureStore store, IReadOnlyList<LabelledInput> training, int copies, sbyte[] features, byte[] window,
        Action<int, int>? onCollected, CancellationToken cancel)
    {
        var random = new Pcg32(_settings.Seed, RandomStreams.Augmentation);
        int stored = 0;
        long passes = 0;
        for (int i = 0; i < training.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            int label = training[i].Label;
            _extractor.Extract(training[i].Input, features);
            if (store.Add(features, label).Outcome != AddOutcome.Discarded) stored++;
            passes++;
            if (copies > 0)
            {
                training[i].Input.CopyTo(window); // the device keeps the window while the input tensor takes its copies
                for (int c = 0; c < copies; c++)
                {
                    _augmentation!.WriteCopy(window, _extractor.InputBytes, ref random);
                    _extractor.Extract(features);
                    if (store.Add(features, label).Outcome != AddOutcome.Discarded) stored++;
                    passes++;
                }
            }

            onCollected?.Invoke(i + 1, training.Count);
        }

        return (stored, passes);
    }

    private void CheckData(IReadOnlyList<LabelledInput> samples, string name)
    {
        if (samples.Count == 0) throw new TransferDataException($"the {name} set is empty");
        int inputBytes = _extractor.InputBytes.Length;
        bool floatInput = _model.MainSubgraph.Tensors[_model.MainSubgraph.Inputs[0]].Type == TensorType.Float32;
        for (int i = 0; i < samples.Count; i++)
        {
            if (samples[i].Input.Length != inputBytes)
                throw new TransferDataException($"{name} sample {i} has {samples[i].Input.Length} input bytes, the model takes {inputBytes}");
            if ((uint)samples[i].Label >= (uint)Head.Classes)
                throw new TransferDataException($"{name} sample {i} has label {samples[i].Label}, the head has classes 0..{Head.Classes - 1} (set the number of classes)");
            if (floatInput) TransferDataChecks.EnsureFinite(samples[i].Input, name, i);
        }
    }

    private static Dictionary<BuiltinOperator, long> Scale(IReadOnlyDictionary<BuiltinOperator, long> perSample, long samples) =>
        perSample.ToDictionary(kv => kv.Key, kv => kv.Value * samples);
}
