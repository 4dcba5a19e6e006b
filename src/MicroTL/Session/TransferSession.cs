using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Session;

/// <summary>
/// One on-device transfer run, the MicroTL method end to end: split the model at the cut, check the
/// whole job against the device's RAM before anything runs, collect int8 features of the labelled
/// samples into the store, train a float32 head on dequantized mini-batches with early stopping,
/// and deploy it only if it is at least as good as the old head on validation data (or the classes
/// changed). The old model is never modified: the outcome holds the model to deploy.
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
    /// <exception cref="TransferDataException">The store's capacity holds no record.</exception>
    public TransferSession(TfLiteModel model, TransferSettings settings)
    {
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
        StoreRecords = settings.StoreCapacityBytes / (FeatureStore.LabelBytes + _extractor.FeatureLength);
        if (StoreRecords < 1)
            throw new TransferDataException($"a feature store of {settings.StoreCapacityBytes} bytes holds no record: one record needs " +
                $"{FeatureStore.LabelBytes + _extractor.FeatureLength} bytes ({FeatureStore.LabelBytes} label + {_extractor.FeatureLength} features)");
        TrainerSettings = new TrainerSettings(settings.EffectiveOptimizer, settings.BatchSize, settings.MaxEpochs,
            Math.Max(1, StoreRecords), settings.Seed, KeepSnapshot: settings.KeepSnapshot, RetryWithHalfLearningRate: settings.KeepSnapshot);
        Stopping = settings.CreateStoppingRule();
        Memory = TransferBudget.For(_extractor.ArenaBytes, _extractor.FeatureLength, settings.StoreCapacityBytes, classes,
            Head, HeadTrainer.RequiredMemory(Head, TrainerSettings, Stopping), settings.StoreMode, settings.StoreFlash?.Geometry);
        Memory.EnsureFits(settings.EffectiveDevice);
        // The model, the adapted model being written beside it, and the store's log (records journaled or kept there) live in the device's flash.
        FlashGeometry geometry = settings.StoreFlash?.Geometry ?? FlashGeometry.Nrf52840;
        Flash = TransferBudget.FlashFor(TfLiteWriter.Write(model).Length, _extractor.DerivedFlashBytes, AdaptedModelBytes(), _extractor.FeatureLength,
            settings.StoreFlash is null ? null : settings.StoreCapacityBytes, geometry);
        Flash.EnsureFits(settings.EffectiveDevice);
        StoreFlashBytes = settings.StoreFlash is null ? 0 : FeatureStore.RequiredFlashBytes(_extractor.FeatureLength, settings.StoreCapacityBytes, geometry);
    }

    /// <summary>The shape of the head that will be trained.</summary>
    public HeadShape Head { get; }

    /// <summary>The RAM of the run, by component.</summary>
    public MemoryBudget Memory { get; }

    /// <summary>The flash of the run: the model, the adapted model and the store's log, if any.</summary>
    public MemoryBudget Flash { get; }

    /// <summary>Bytes of the flash region the run opens for the store's log (its two banks); 0 without a region.</summary>
    public int StoreFlashBytes { get; }

    /// <summary>Records the store holds when full.</summary>
    public int StoreRecords { get; }

    private TrainerSettings TrainerSettings { get; }

    private IStoppingRule Stopping { get; }

    /// <summary>Runs the transfer: collect <paramref name="training"/>, train, evaluate on <paramref name="test"/>.</summary>
    /// <exception cref="TransferDataException">A label is outside the head's classes, an input has the wrong size or (float32 inputs) a NaN or infinite value, there is no data, or the store holds fewer than 2 classes or a class too small for the validation split.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled: the run stopped between two
    /// samples or two epochs; nothing was exported, and a store with a log holds every record collected so far.</exception>
    /// <exception cref="FeatureStoreException">The store's flash region holds a store of another layout, or no usable store.</exception>
    public TransferOutcome Run(IReadOnlyList<LabelledInput> training, IReadOnlyList<LabelledInput> test,
        Action<EpochRecord>? onEpoch = null, Action<int, int>? onCollected = null, CancellationToken cancel = default)
    {
        CheckData(training, nameof(training));
        CheckData(test, nameof(test));
        IFlashMedium? medium = _settings.StoreFlash?.Open(StoreFlashBytes);
        try
        {
            if (medium is not null && FlashGeometry.Of(medium) != _settings.StoreFlash!.Geometry)
                throw new ArgumentException($"the store's flash region declared {_settings.StoreFlash.Geometry}, and its medium {medium.Name} has {FlashGeometry.Of(medium)}");
            // One store, wherever its records are: RAM only, RAM journaled to the log, or the log alone.
            FeatureStore store = medium is null
                ? new FeatureStore(Head.Inputs, _extractor.Quantization, _settings.StoreCapacityBytes, Head.Classes, _settings.Seed)
                : FeatureStore.OpenOrCreate(medium, Head.Inputs, _extractor.Quantization, _settings.StoreCapacityBytes, Head.Classes, _settings.Seed, _settings.StoreMode);
            return Run(store, training, test, onEpoch, onCollected, cancel);
        }
        finally
        {
            (medium as IDisposable)?.Dispose(); // the run opened it
        }
    }

    private TransferOutcome Run(FeatureStore store, IReadOnlyList<LabelledInput> training, IReadOnlyList<LabelledInput> test,
        Action<EpochRecord>? onEpoch, Action<int, int>? onCollected, CancellationToken cancel)
    {
        bool classesChanged = Head.Classes != _extractor.ModelClassCount;
        double accuracyBefore = ModelAccuracy(_model, test);

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
        var trainer = new HeadTrainer(Head, TrainerSettings, Stopping);
        string initialisation = InitialiseHead(trainer.Head.Parameters, classesChanged);
        double oldValidation = classesChanged ? double.NaN : OldHeadAccuracy(split.Validation);
        TrainingResult result = trainer.Train(split.Train, split.Validation.Count > 0 ? split.Validation : null, epoch =>
        {
            onEpoch?.Invoke(epoch);
            cancel.ThrowIfCancellationRequested(); // between epochs: the trainer's buffers are consistent
        });
        cancel.ThrowIfCancellationRequested();
        double newValidation = split.Validation.Count > 0 ? HeadAccuracy(trainer.Head, split.Validation) : double.NaN;
        // A diverged run without a snapshot to roll back to leaves a damaged head, and a run that kept no epoch (diverged in
        // the first, even after the retry) an untrained one, rolled back to its initialisation: never deploy either, even
        // when the classes changed and the old head cannot serve them.
        bool damaged = result.Reason == StopReason.Diverged && !_settings.KeepSnapshot;
        bool untrained = result.EpochsRun == 0;
        // At a cut the model's own head cannot run from (an LSTM's state), nothing shows the new head is as good: the model
        // stays unless the classes changed.
        bool unjudged = !classesChanged && !_extractor.CanRunModelHead;
        DeploymentDecision decision = damaged || untrained || unjudged || !trainer.Head.Parameters.ParametersAreFinite()
            ? DeploymentDecision.Rejected
            : HeadDeployment.Decide(new HeadShape(Head.Inputs, Head.Hidden, _extractor.ModelClassCount), oldValidation, Head, newValidation);

        HeadWeights weights = WeightsOf(trainer.Head.Parameters);
        TfLiteModel candidate = _settings.Int8Head
            ? Int8HeadExporter.Build(_model, _extractor.Cut, weights, store)
            : HybridModelExporter.Build(_model, _extractor.Cut, weights);
        (double headAccuracy, double candidateAccuracy, int agreements) = CandidateAccuracy(trainer.Head, candidate, test, features);
        bool deployed = decision != DeploymentDecision.Rejected;

        return new TransferOutcome
        {
            CutTensor = _extractor.Cut.Tensor,
            CutTensorName = _model.MainSubgraph.Tensors[_extractor.Cut.Tensor].Name,
            Head = Head,
            Initialisation = initialisation,
            ClassesChanged = classesChanged,
            Memory = Memory,
            Device = _settings.EffectiveDevice,
            AllocatedBytes = _extractor.ArenaBytes + store.AllocatedBytes + features.Length
                + (long)(split.Train.Count + split.Validation.Count) * TransferBudget.SplitIndexBytes + trainer.AllocatedBytes,
            SamplesOffered = training.Count,
            SamplesStored = stored,
            RecordsReopened = reopened,
            StoreBytesUsed = store.BytesUsed,
            StoredPerClass = store.CountsPerClass.ToArray(),
            TrainRecords = split.Train.Count,
            ValidationRecords = split.Validation.Count,
            AccuracyBefore = accuracyBefore,
            AccuracyAfter = deployed ? candidateAccuracy : accuracyBefore,
            CandidateAccuracy = candidateAccuracy,
            HeadAccuracy = headAccuracy,
            ExportFormat = _settings.Int8Head ? "int8" : "hybrid",
            OldValidationAccuracy = oldValidation,
            NewValidationAccuracy = newValidation,
            Decision = decision,
            Training = result,
            CollectionMacs = Scale(_extractor.BodyMacsByOperator, training.Count),
            BytesStored = (long)stored * store.RecordBytes,
            DeployedModel = deployed ? candidate : _model,
            CandidateModel = candidate,
            ExportAgreements = agreements,
            TestSamples = test.Count,
        };
    }

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

    /// <summary>
    /// Test accuracy of the new float head as the session computes it and of the exported candidate
    /// model run by the interpreter, and on how many inputs the two predict the same class.
    /// </summary>
    private (double Head, double Exported, int Agreements) CandidateAccuracy(FloatHead head, TfLiteModel exported, IReadOnlyList<LabelledInput> test, sbyte[] features)
    {
        var interpreter = new Interpreter(exported);
        var input = new float[Head.Inputs];
        int headCorrect = 0, exportedCorrect = 0, agreements = 0;
        foreach (LabelledInput sample in test)
        {
            _extractor.Extract(sample.Input, features);
            for (int i = 0; i < input.Length; i++) input[i] = _extractor.Quantization.Dequantize(features[i]);
            int predicted = head.Predict(input);
            sample.Input.CopyTo(interpreter.InputBytes());
            interpreter.ResetVariableTensors(); // each sample stands alone (a no-op without an LSTM)
            interpreter.Invoke();
            int exportedPrediction = FeatureExtractor.OutputArgMax(interpreter);
            if (predicted == sample.Label) headCorrect++;
            if (exportedPrediction == sample.Label) exportedCorrect++;
            if (exportedPrediction == predicted) agreements++;
        }

        return ((double)headCorrect / test.Count, (double)exportedCorrect / test.Count, agreements);
    }

    private static double ModelAccuracy(TfLiteModel model, IReadOnlyList<LabelledInput> samples)
    {
        var interpreter = new Interpreter(model);
        int correct = 0;
        foreach (LabelledInput sample in samples)
        {
            sample.Input.CopyTo(interpreter.InputBytes());
            interpreter.ResetVariableTensors();
            interpreter.Invoke();
            if (FeatureExtractor.OutputArgMax(interpreter) == sample.Label) correct++;
        }

        return (double)correct / samples.Count;
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
