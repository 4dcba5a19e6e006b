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
/// samples into the store, split them into training and validation records, train a float32 head on dequantized
/// mini-batches with early stopping, decide on the validation records (deploy the new head only if it is at least
/// as good as the model's own head there, or the classes changed), and export. The old model is never modified:
/// the outcome holds the model to deploy and what the device knows of the run.
/// </summary>
public sealed class TransferSession
{
    private readonly TfLiteModel _model;
    private readonly TransferSettings _settings;
    private readonly FeatureExtractor _extractor;
    private readonly HeadWeights? _modelHead;
    private readonly string _modelHeadReason;

    /// <summary>Prepares the body and plans the memory; throws before anything runs if the job does not fit.</summary>
    /// <exception cref="InvalidModelException">The model or the cut cannot be used.</exception>
    /// <exception cref="BudgetExceededException">The job needs more RAM than the device has.</exception>
    /// <exception cref="BudgetExceededException">The model and the store's log (if any) need more flash than the device has.</exception>
    /// <exception cref="ArgumentException">The store is to be in flash but has no flash region.</exception>
    /// <exception cref="TransferDataException">The store's capacity holds no record, or the head has more parameters than <see cref="HeadShape.MaxParameters"/> (on a device with RAM for them).</exception>
    public TransferSession(TfLiteModel model, TransferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings.Device, "settings.Device");
        if (settings.StoreInFlash && settings.StoreFlash is null)
            throw new ArgumentException("a feature store in flash needs a flash region for its log (StoreFlash; on the command line, --store FILE)", nameof(settings));
        _model = model;
        _settings = settings;
        CutPoint cut = CutPoint.Parse(model, settings.CutTensor);
        _extractor = new FeatureExtractor(model, cut);
        _modelHead = ModelHead.TryDequantize(model, cut, out _modelHeadReason);

        int classes = settings.Classes ?? _extractor.ModelClassCount;
        int hidden = settings.Hidden ?? _modelHead?.Hidden ?? 32;
        Head = new HeadShape(_extractor.FeatureLength, hidden, classes);
        EnsureHeadCountable(Head, settings.Device);
        StoreRecords = settings.StoreCapacityBytes / (FeatureStore.LabelBytes + _extractor.FeatureLength);
        if (StoreRecords < 1)
            throw new TransferDataException($"a feature store of {settings.StoreCapacityBytes} bytes holds no record: one record needs " +
                $"{FeatureStore.LabelBytes + _extractor.FeatureLength} bytes ({FeatureStore.LabelBytes} label + {_extractor.FeatureLength} features)");
        Stopping = settings.CreateStoppingRule();
        Memory = PlanFor(StoreRecords);
        Memory.EnsureFits(settings.Device);
        // The model, the adapted model being written beside it, and the store's log (records journaled or kept there) live in the device's flash.
        FlashGeometry geometry = settings.StoreFlash?.Geometry ?? FlashGeometry.Nrf52840;
        Flash = TransferBudget.FlashFor(TfLiteWriter.Write(model).Length, _extractor.DerivedFlashBytes, AdaptedModelBytes(), _extractor.FeatureLength,
            settings.StoreFlash is null ? null : settings.StoreCapacityBytes, geometry);
        Flash.EnsureFits(settings.Device);
        StoreFlashBytes = settings.StoreFlash is null ? 0 : FeatureStore.RequiredFlashBytes(_extractor.FeatureLength, settings.StoreCapacityBytes, geometry);
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

    /// <summary>Bytes of the flash region the run opens for the store's log (its two banks); 0 without a region.</summary>
    public int StoreFlashBytes { get; }

    /// <summary>Records the store holds when full: its capacity, an upper bound (a store in RAM holds no more than the samples a run is given).</summary>
    public int StoreRecords { get; }

    private IStoppingRule Stopping { get; }

    /// <summary>
    /// The RAM of a run given <paramref name="samples"/> labelled samples, by component: a store in RAM only is sized to hold
    /// them all (never more than its capacity, <see cref="StoreRecords"/>); a store with a flash log keeps its capacity, as its
    /// log's layout and the records of earlier runs need.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is not positive.</exception>
    public MemoryBudget MemoryFor(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        return PlanFor(RecordsFor(samples));
    }

    private int RecordsFor(int samples) => _settings.StoreMode == FeatureStoreMode.Ram ? Math.Min(StoreRecords, samples) : StoreRecords;

    private int StoreBytesFor(int records) => records * (FeatureStore.LabelBytes + Head.Inputs);

    private TrainerSettings TrainerSettingsFor(int records) => new(_settings.EffectiveOptimizer, _settings.BatchSize, _settings.MaxEpochs,
        records, _settings.Seed, KeepSnapshot: _settings.KeepSnapshot, RetryWithHalfLearningRate: _settings.KeepSnapshot);

    private MemoryBudget PlanFor(int records) => TransferBudget.For(_extractor.ArenaBytes, Head.Inputs,
        records == StoreRecords ? _settings.StoreCapacityBytes : StoreBytesFor(records), Head.Classes, Head,
        HeadTrainer.RequiredMemory(Head, TrainerSettingsFor(records), Stopping), _settings.StoreMode, _settings.StoreFlash?.Geometry);

    /// <summary>
    /// Runs the transfer on the device: collect <paramref name="training"/> into the store, split it, train, decide on
    /// the validation records (the new head against the model's own), export. Measuring the result on a test set is the
    /// host's job (<c>MicroTL.Toolkit.Experiments.TransferEvaluation</c>).
    /// </summary>
    /// <exception cref="TransferDataException">A label is outside the head's classes, an input has the wrong size or (float32 inputs) a NaN or infinite value, there is no data, or the store holds fewer than 2 classes or a class too small for the validation split.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled: the run stopped between two
    /// samples or two epochs; nothing was exported, and a store with a log holds every record collected so far.</exception>
    /// <exception cref="FeatureStoreException">The store's flash region holds a store of another layout, or no usable store.</exception>
    public TransferOutcome Run(IReadOnlyList<LabelledInput> training,
        Action<EpochRecord>? onEpoch = null, Action<int, int>? onCollected = null, CancellationToken cancel = default)
    {
        CheckData(training, nameof(training));
        IFlashMedium? medium = _settings.StoreFlash?.Open(StoreFlashBytes);
        try
        {
            if (medium is not null && FlashGeometry.Of(medium) != _settings.StoreFlash!.Geometry)
                throw new ArgumentException($"the store's flash region declared {_settings.StoreFlash.Geometry}, and its medium {medium.Name} has {FlashGeometry.Of(medium)}");
            // One store, wherever its records are: RAM only, RAM journaled to the log, or the log alone.
            FeatureStore store = medium is null
                ? new FeatureStore(Head.Inputs, _extractor.Quantization, StoreBytesFor(RecordsFor(training.Count)), Head.Classes, _settings.Seed)
                : FeatureStore.OpenOrCreate(medium, Head.Inputs, _extractor.Quantization, _settings.StoreCapacityBytes, Head.Classes, _settings.Seed, _settings.StoreMode);
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

        // Every buffer of the run, allocated once, as the budget lists them.
        int reopened = store.Count;
        var features = new sbyte[Head.Inputs];
        int stored = 0;
        for (int i = 0; i < training.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            _extractor.Extract(training[i].Input, features);
            int label = training[i].Label;
            AddResult added = store.Add(features, label);
            if (added.Outcome != AddOutcome.Discarded) stored++;
            onCollected?.Invoke(i + 1, training.Count);
        }

        TransferDataChecks.EnsureClassesTrainable(store.CountsPerClass, Head.Classes, _settings.ValidationFraction);
        FeatureSplit split = StratifiedSplit.Split(store, _settings.ValidationFraction, _settings.Seed);
        int records = RecordsFor(training.Count);
        var trainer = new HeadTrainer(Head, TrainerSettingsFor(records), Stopping);
        string initialisation = InitialiseHead(trainer.Head.Parameters, classesChanged);
        double oldValidation = classesChanged ? double.NaN : OldHeadAccuracy(split.Validation);
        TrainingResult result = trainer.Train(split.Train, split.Validation.Count > 0 ? split.Validation : null, epoch =>
        {
            onEpoch?.Invoke(epoch);
            cancel.ThrowIfCancellationRequested(); // between epochs: the trainer's buffers are consistent
        }, restart: parameters => InitialiseHead(parameters, classesChanged)); // a rollback without good weights starts over from here
        cancel.ThrowIfCancellationRequested();
        double newValidation = split.Validation.Count > 0 ? HeadAccuracy(trainer.Head, split.Validation) : double.NaN;
        (DeploymentDecision decision, string reason) = Decide(result, trainer.Head, oldValidation, newValidation);

        HeadWeights weights = WeightsOf(trainer.Head.Parameters);
        TfLiteModel candidate = _settings.Int8Head
            ? Int8HeadExporter.Build(_model, _extractor.Cut, weights, store)
            : HybridModelExporter.Build(_model, _extractor.Cut, weights);
        bool deployed = decision != DeploymentDecision.Rejected;

        return new TransferOutcome
        {
            Cut = _extractor.Cut,
            CutTensor = _extractor.Cut.Tensor,
            CutTensorName = _model.MainSubgraph.Tensors[_extractor.Cut.Tensor].Name,
            Head = Head,
            Initialisation = initialisation,
            ClassesChanged = classesChanged,
            Memory = PlanFor(records),
            Device = _settings.Device,
            AllocatedBytes = _extractor.ArenaBytes + store.AllocatedBytes + features.Length
                + (long)(split.Train.Count + split.Validation.Count) * TransferBudget.SplitIndexBytes + trainer.AllocatedBytes,
            SamplesOffered = training.Count,
            SamplesStored = stored,
            RecordsReopened = reopened,
            StoreBytesUsed = store.BytesUsed,
            StoredPerClass = store.CountsPerClass.ToArray(),
            TrainRecords = split.Train.Count,
            ValidationRecords = split.Validation.Count,
            ExportFormat = _settings.Int8Head ? "int8" : "hybrid",
            OldValidationAccuracy = oldValidation,
            NewValidationAccuracy = newValidation,
            Decision = decision,
            DecisionReason = reason,
            Training = result,
            CollectionMacs = Scale(_extractor.BodyMacsByOperator, training.Count),
            BytesStored = (long)stored * store.RecordBytes,
            DeployedModel = deployed ? candidate : _model,
            CandidateModel = candidate,
            CandidateHead = weights,
        };
    }

    /// <summary>
    /// Deploy or not, and why. A diverged run without a snapshot to roll back to leaves a damaged head, and a run that kept no
    /// epoch (diverged in the first, even after the retry) an untrained one, rolled back to its initialisation: never deploy
    /// either, even when the classes changed and the old head cannot serve them. Otherwise <see cref="HeadDeployment.Decide"/>.
    /// </summary>
    private (DeploymentDecision Decision, string Reason) Decide(TrainingResult result, FloatHead head, double oldValidation, double newValidation)
    {
        if (result.Reason == StopReason.Diverged && !_settings.KeepSnapshot)
            return (DeploymentDecision.Rejected, "training diverged and no snapshot was kept to roll back to: the new head is damaged");
        if (result.EpochsRun == 0)
            return (DeploymentDecision.Rejected, "no epoch was kept (training diverged in the first, even at half the learning rate)");
        if (!head.Parameters.ParametersAreFinite())
            return (DeploymentDecision.Rejected, "the new head's parameters are not all finite");
        // At a cut the model's own head cannot run from (an LSTM's state), nothing shows the new head is as good: the model
        // stays unless the classes changed.
        if (Head.Classes == _extractor.ModelClassCount && !_extractor.CanRunModelHead)
            return (DeploymentDecision.Rejected, "the model's own head cannot run from this cut, so nothing shows the new head is as good; the model is kept");
        DeploymentDecision decision = HeadDeployment.Decide(new HeadShape(Head.Inputs, Head.Hidden, _extractor.ModelClassCount), oldValidation, Head, newValidation);
        string reason = decision switch
        {
            DeploymentDecision.AcceptedClassesChanged => $"the new head has {Head.Classes} classes and the model {_extractor.ModelClassCount}: the old head cannot serve them",
            DeploymentDecision.Accepted when double.IsNaN(oldValidation) => $"the new head scores {Percent(newValidation)} on validation; the old head cannot be judged there",
            DeploymentDecision.Accepted => $"the new head scores {Percent(newValidation)} on validation, at least the old head's {Percent(oldValidation)}",
            _ when double.IsNaN(newValidation) => "no validation records to judge the new head on, and the classes did not change: the old head stays",
            _ => $"the new head scores {Percent(newValidation)} on validation, below the old head's {Percent(oldValidation)}",
        };
        return (decision, reason);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " %";

    private string InitialiseHead(HeadParameters parameters, bool classesChanged)
    {
        if (!_settings.FreshHead && !classesChanged && _modelHead is { } seed && seed.Hidden == Head.Hidden)
        {
            parameters.Load(seed.W1, seed.B1, seed.W2, seed.B2);
            return "model";
        }

        parameters.InitializeHe(_settings.Seed);
        return _settings.FreshHead ? "he (asked for a fresh head)"
            : classesChanged ? "he (classes changed)"
            : _modelHead is null ? $"he ({_modelHeadReason})"
            : "he (hidden width differs from the model's)";
    }

    private double OldHeadAccuracy(FeatureStoreView validation)
    {
        // A cut whose model head reads more than the cut (an LSTM's state) leaves no old head to run on the features.
        if (validation.Count == 0 || !_extractor.CanRunModelHead) return double.NaN;
        int correct = 0;
        for (int i = 0; i < validation.Count; i++)
            if (_extractor.PredictWithModelHead(validation.FeaturesOf(i)) == validation.LabelOf(i)) correct++;
        return (double)correct / validation.Count;
    }

    private static double HeadAccuracy(FloatHead head, FeatureStoreView data)
    {
        var input = new float[data.FeatureLength];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            data.Dequantize(i, input);
            if (head.Predict(input) == data.LabelOf(i)) correct++;
        }

        return (double)correct / data.Count;
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
            : HybridModelExporter.Build(_model, _extractor.Cut, zeros);
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

    private static HeadWeights WeightsOf(HeadParameters p) =>
        new(p.Shape.Inputs, p.Shape.Hidden, p.Shape.Classes, p.W1.ToArray(), p.B1.ToArray(), p.W2.ToArray(), p.B2.ToArray());

    private static Dictionary<BuiltinOperator, long> Scale(IReadOnlyDictionary<BuiltinOperator, long> perSample, int samples) =>
        perSample.ToDictionary(kv => kv.Key, kv => kv.Value * samples);
}
