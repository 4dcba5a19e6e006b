namespace MicroTL.Training;

/// <summary>
/// Trains a <see cref="FloatHead"/> on the device: shuffled mini-batches of dequantized features, forward, then the
/// backward pass fused with the optimizer step; after each epoch a validation pass, divergence checks, the stopping
/// rule and (when the rule keeps the best epoch) the copy of good weights. All buffers are allocated in the
/// constructor (<see cref="RequiredMemory"/> gives their sizes beforehand); steps and epochs allocate nothing.
/// </summary>
/// <remarks>
/// <para>The trainer owns its head; to fine-tune deployed weights, load them into <see cref="Head"/>
/// first (<see cref="HeadParameters.LoadFrom"/> or <see cref="HeadParameters.Load"/>), never train
/// the deployed head itself (see <see cref="HeadDeployment"/>).</para>
/// <para><b>Float contract.</b> The C99 port of this training path (forward, backward, optimizer, stopping,
/// initialisation) must give the same weights bit for bit when built with <c>-ffp-contract=off</c> on a Cortex-M4F
/// with newlib, and so must every SIMD path here (<see cref="TrainerSettings.Simd"/>): every float expression is
/// evaluated in float (no wider temporary), one rounding per operation, no fused multiply-add, no reassociation, in
/// the order each step's documentation writes down. Every long sum is <see cref="FixedOrderSum"/>'s: 8 partial sums
/// over k % 8, folded in halves, then the tail, so it does not depend on the vector width. The steps: dequantization
/// <c>scale * (float)(q - zp)</c>; <see cref="FullyConnectedFloat"/>'s forward (fixed-order dot products, the bias added
/// last); <see cref="Relu"/>; <see cref="SoftmaxCrossEntropy"/>; <see cref="FloatHead.TrainStep"/> (dz, dh before W2
/// changes, then each parameter row's gradient sums in sample order and its update, rows in buffer order, the
/// gradient norm a float sum of the rows' fixed-order sums of squares); <see cref="Adam"/> and <see cref="SgdMomentum"/>
/// elementwise. Elementwise operations (ReLU, the updates) vectorize freely: each lane computes what a scalar loop does.
/// exp and log are <see cref="DeviceMath"/>'s and sqrt IEEE's: no platform math library. Random choices are
/// <see cref="Pcg32"/>'s, one stream each (<see cref="RandomStreams"/>): the shuffle before every epoch, He's uniform
/// initialisation (<see cref="HeadParameters.InitializeHe"/>). <c>double</c> appears only where written, and is IEEE
/// double in C too: the loss and accuracy sums of an epoch and of the loss over a batch, Adam's running products
/// <c>β^t</c> and its two bias-correction scalars, the stopping rules' bookkeeping, which decides only when to stop.
/// docs/firmware.md lists what the C port must reproduce.</para>
/// </remarks>
public sealed partial class HeadTrainer
{
    private readonly float[]? _goodWeights;     // the best epoch's parameters (the start before any), if the rule keeps the best
    private readonly float[] _batchInputs;      // [B, I]
    private readonly int[] _batchLabels;        // [B]
    private readonly int[] _order;              // [N] record indices, shuffled every epoch
    private Pcg32 _shuffle;

    /// <summary>Allocates the head and every buffer training needs.</summary>
    /// <param name="shape">The head shape.</param>
    /// <param name="settings">Batch size, optimizer, caps, seeds.</param>
    /// <param name="stopping">Stopping rule; default: run to <see cref="TrainerSettings.MaxEpochs"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The shape or a setting is out of range.</exception>
    public HeadTrainer(HeadShape shape, TrainerSettings settings, IStoppingRule? stopping = null)
    {
        shape.Validate();
        settings.Validate();
        Settings = settings;
        Stopping = stopping ?? new FixedEpochs(settings.MaxEpochs);
        Memory = TrainingMemory.For(shape, settings, Stopping.RestoresBest);
        Optimizer = new HeadOptimizer(settings.Optimizer);
        Head = new FloatHead(shape, settings.BatchSize, settings.Optimizer.StateSlots, settings.Simd);
        if (Stopping.RestoresBest) _goodWeights = new float[shape.ParameterCount];
        _batchInputs = new float[settings.BatchSize * shape.Inputs];
        _batchLabels = new int[settings.BatchSize];
        _order = new int[settings.MaxTrainingRecords];
        _shuffle = new Pcg32(settings.ShuffleSeed, RandomStreams.Shuffle); // reseeded by every Train; set here so TryRunEpoch works alone
    }

    /// <summary>The head being trained.</summary>
    public FloatHead Head { get; }

    /// <summary>The head shape.</summary>
    public HeadShape Shape => Head.Shape;

    /// <summary>The settings.</summary>
    public TrainerSettings Settings { get; }

    /// <summary>The optimizer (its learning rate may be halved by a divergence retry).</summary>
    public HeadOptimizer Optimizer { get; }

    /// <summary>The stopping rule.</summary>
    public IStoppingRule Stopping { get; }

    /// <summary>Work booked per phase since construction.</summary>
    public OpLedger Ledger { get; } = new();

    /// <summary>The planned memory, by component.</summary>
    public TrainingMemory Memory { get; }

    /// <summary>Bytes of the arrays actually allocated: <c>sum(array.Length * element size)</c>.</summary>
    public long AllocatedBytes =>
        Head.AllocatedBytes
        + (_goodWeights?.Length ?? 0) * (long)sizeof(float)
        + _batchInputs.Length * (long)sizeof(float)
        + _batchLabels.Length * (long)sizeof(int)
        + _order.Length * (long)sizeof(int);

    /// <summary>The memory a trainer with these settings will allocate, by component (see <see cref="TrainingMemory"/>).</summary>
    public static TrainingMemory RequiredMemory(HeadShape shape, TrainerSettings settings, IStoppingRule? stopping = null) =>
        TrainingMemory.For(shape, settings, stopping?.RestoresBest ?? false);

    /// <summary>Total bytes of <see cref="RequiredMemory"/>, from the raw sizes.</summary>
    public static long RequiredBytes(HeadShape shape, int batchSize, OptimizerKind kind, int maxTrainingRecords, bool keepBest = false) =>
        TrainingMemory.For(shape, batchSize, kind, maxTrainingRecords, keepBest).TotalBytes;

    /// <summary>
    /// Trains until the stopping rule, the max-epochs cap or a divergence ends it. Starts from the
    /// head's current parameters with zeroed optimizer state and the full learning rate.
    /// </summary>
    /// <param name="training">Training records; <c>Count</c> in 1..MaxTrainingRecords, <c>FeatureLength</c> = I.</param>
    /// <param name="validation">Optional held-out records, evaluated after every epoch.</param>
    /// <param name="progress">Called after every kept epoch.</param>
    /// <param name="restart">Puts the head back at the start this run began from (He from the same seed, or the same loaded
    /// weights): what a rollback does when the rule keeps no best epoch, so no copy of good weights exists. Null: such a
    /// divergence stops the run with the head as it blew up.</param>
    /// <returns>Epoch records, the stop reason and the best validation accuracy.</returns>
    /// <remarks>
    /// Divergence (a non-finite loss, a gradient norm above <see cref="TrainerSettings.MaxGradientNorm"/> or NaN, or
    /// non-finite parameters at the end of an epoch) discards the epoch. With <see cref="TrainerSettings.KeepSnapshot"/>
    /// the head goes back to its last good state, with the optimizer state zeroed (Adam's t back to 0): when the rule
    /// keeps the best epoch, to the copy of the best epoch's weights (the starting weights before any), and training
    /// goes on from the diverged epoch; otherwise to its start through <paramref name="restart"/>, and the run starts
    /// over from epoch 1 (the discarded epochs leave <see cref="TrainingResult.Epochs"/>; their work stays in
    /// <see cref="TrainingResult.Ops"/>). With <see cref="TrainerSettings.RetryWithHalfLearningRate"/> that happens once at
    /// half the rate (the shuffle goes on with the same seeded stream, so still deterministic); then, or without it,
    /// training stops with <see cref="StopReason.Diverged"/>, the head rolled back. If the rule restores best, the best
    /// epoch's parameters are put back at the end.
    /// </remarks>
    /// <exception cref="ArgumentException">The data does not fit the head or the settings.</exception>
    public TrainingResult Train(ITrainingData training, ITrainingData? validation = null, Action<EpochRecord>? progress = null,
        Action<HeadParameters>? restart = null)
    {
        ValidateData(training, nameof(training), Settings.MaxTrainingRecords);
        if (validation is not null) ValidateData(validation, nameof(validation), int.MaxValue);

        Head.Parameters.ResetTrainingState();
        Optimizer.StepCount = 0;
        Optimizer.LearningRate = Settings.Optimizer.LearningRate;
        Stopping.Reset();
        _shuffle = new Pcg32(Settings.ShuffleSeed, RandomStreams.Shuffle);
        if (_goodWeights is not null) Head.Parameters.Values.CopyTo(_goodWeights);

        var records = new List<EpochRecord>(Settings.MaxEpochs);
        OpCounts before = Ledger.Total;
        StopReason reason = StopReason.MaxEpochs;
        double bestValidation = double.NaN;
        int bestEpoch = 0;
        bool retried = false;
        int epoch = 1;
        while (epoch <= Settings.MaxEpochs)
        {
            if (!TryRunEpoch(epoch, training, validation, out EpochRecord record))
            {
                if (!RollBack(restart))
                {
                    reason = StopReason.Diverged;
                    break;
                }

                if (_goodWeights is null)
                {
                    // Back at the start: the run begins again.
                    records.Clear();
                    Stopping.Reset();
                    (bestValidation, bestEpoch, epoch) = (double.NaN, 0, 1);
                }

                if (Settings.RetryWithHalfLearningRate && !retried)
                {
                    retried = true;
                    Optimizer.LearningRate *= 0.5f;
                    continue;
                }

                reason = StopReason.Diverged;
                break;
            }

            records.Add(record);
            if (record.HasValidation && !(record.ValidationAccuracy <= bestValidation)) bestValidation = record.ValidationAccuracy;
            StoppingDecision decision = Stopping.Observe(record);
            if (decision.IsBest)
            {
                bestEpoch = epoch;
                if (_goodWeights is not null) Head.Parameters.Values.CopyTo(_goodWeights);
            }

            progress?.Invoke(record);
            if (decision.Stop)
            {
                reason = decision.Reason;
                break;
            }

            epoch++;
        }

        bool restoredBest = false;
        if (_goodWeights is not null && bestEpoch > 0)
        {
            _goodWeights.AsSpan().CopyTo(Head.Parameters.Values);
            restoredBest = true;
        }

        return new TrainingResult(records.Count, reason, records, bestValidation, bestEpoch, restoredBest, retried,
            Optimizer.LearningRate, Ledger.Total - before);
    }

    /// <summary>Puts the last good state back (see <see cref="Train"/>); false when there is none to go back to.</summary>
    private bool RollBack(Action<HeadParameters>? restart)
    {
        if (!Settings.KeepSnapshot) return false;
        if (_goodWeights is not null) _goodWeights.AsSpan().CopyTo(Head.Parameters.Values);
        else if (restart is not null) restart(Head.Parameters);
        else return false;
        Head.Parameters.ResetTrainingState();
        Optimizer.StepCount = 0;
        return true;
    }

    private void ValidateData(ITrainingData data, string name, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.FeatureLength != Shape.Inputs)
            TrainingThrow.Argument(name, $"{name} records have {data.FeatureLength} features; head {Shape} takes {Shape.Inputs}");
        if (data.Count <= 0 || data.Count > maxCount)
            TrainingThrow.Argument(name, $"{name} has {data.Count} records; must be 1..{maxCount}");
        for (int k = 0; k < data.Count; k++)
        {
            int label = data.LabelOf(k);
            if ((uint)label >= (uint)Shape.Classes)
                TrainingThrow.Argument(name, $"{name} record {k} has label {label}; head {Shape} has classes 0..{Shape.Classes - 1}");
        }
    }
}
