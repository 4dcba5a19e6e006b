namespace MicroTL.Training;

// The allocation-free inner part of the trainer: one epoch, one step, one validation pass.
public sealed partial class HeadTrainer
{
    /// <summary>
    /// Runs one epoch: shuffle, one step per mini-batch of <see cref="TrainerSettings.BatchSize"/>
    /// (the last may be smaller), then the validation pass. Allocates nothing.
    /// </summary>
    /// <param name="epoch">1-based epoch number for the record.</param>
    /// <param name="training">Training data (checked by <see cref="Train"/>; here only its size).</param>
    /// <param name="validation">Optional validation data.</param>
    /// <param name="record">The epoch's record, when it completed.</param>
    /// <returns>False when the epoch diverged (see <see cref="Train"/>); the head is then not rolled back (<see cref="Train"/> does).</returns>
    public bool TryRunEpoch(int epoch, ITrainingData training, ITrainingData? validation, out EpochRecord record)
    {
        int count = training.Count;
        if (count <= 0 || count > _order.Length)
            TrainingThrow.Argument(nameof(training), $"training has {count} records; must be 1..{_order.Length}");
        Span<int> order = _order.AsSpan(0, count);
        for (int k = 0; k < count; k++) order[k] = k;
        _shuffle.Shuffle(order);

        OpCounts trainingBefore = Ledger[OpPhase.Training];
        double lossSum = 0, maxNorm = 0;
        int correctSum = 0;
        for (int start = 0; start < count; start += Settings.BatchSize)
        {
            int batch = Math.Min(Settings.BatchSize, count - start);
            if (!TrainBatch(training, order.Slice(start, batch), out float loss, out int correct, out float norm))
            {
                record = default;
                return false;
            }
            lossSum += (double)loss * batch;
            correctSum += correct;
            if (norm > maxNorm) maxNorm = norm;
        }
        // A step can leave NaN/Inf behind that no loss has seen yet (the last step of the epoch).
        if (!Head.Parameters.ParametersAreFinite())
        {
            record = default;
            return false;
        }
        OpCounts trainingOps = Ledger[OpPhase.Training] - trainingBefore;

        double validationLoss = double.NaN, validationAccuracy = double.NaN;
        OpCounts validationOps = default;
        if (validation is not null)
        {
            OpCounts validationBefore = Ledger[OpPhase.Validation];
            (validationLoss, validationAccuracy) = Evaluate(validation);
            validationOps = Ledger[OpPhase.Validation] - validationBefore;
        }
        record = new EpochRecord(epoch, lossSum / count, (double)correctSum / count, validationLoss, validationAccuracy,
            maxNorm, trainingOps, validationOps);
        return true;
    }

    /// <summary>
    /// One training step on the records <paramref name="indices"/>: dequantize into the batch buffer, forward, then the
    /// backward pass fused with the optimizer update (<see cref="FloatHead.TrainStep"/>), and the divergence checks.
    /// Books its work to <see cref="OpPhase.Training"/> as it goes (a step cut short books only what it did).
    /// </summary>
    /// <param name="data">Where the records come from.</param>
    /// <param name="indices">1..B record indices.</param>
    /// <param name="loss">Batch mean loss before the update.</param>
    /// <param name="correct">Correct predictions of the forward pass.</param>
    /// <param name="gradientNorm">L2 norm of the batch mean gradient (0 when the loss already diverged).</param>
    /// <returns>False on divergence: a non-finite loss (then no update is applied), or a gradient norm above the cap or NaN
    /// (then the update is already applied, as it is fused with the gradient: the caller rolls the head back, as
    /// <see cref="Train"/> does).</returns>
    public bool TrainBatch(ITrainingData data, ReadOnlySpan<int> indices, out float loss, out int correct, out float gradientNorm)
    {
        int batch = indices.Length, inputs = Shape.Inputs;
        if (batch <= 0 || batch > Settings.BatchSize)
            TrainingThrow.Argument(nameof(indices), $"batch of {batch}; must be 1..{Settings.BatchSize}");
        Span<float> x = _batchInputs.AsSpan(0, batch * inputs);
        Span<int> y = _batchLabels.AsSpan(0, batch);
        for (int n = 0; n < batch; n++)
        {
            data.Dequantize(indices[n], x.Slice(n * inputs, inputs));
            y[n] = data.LabelOf(indices[n]);
        }

        loss = Head.Forward(x, y);
        correct = Head.CountCorrect(y);
        Ledger.Add(OpPhase.Training, new OpCounts(batch * OpCounts.ForwardPerSample(Shape), 0, 0, 0, (long)batch * inputs, batch, 0));
        gradientNorm = 0;
        if (!float.IsFinite(loss)) return false;

        gradientNorm = Head.TrainStep(x, y, Optimizer);
        Ledger.Add(OpPhase.Training, new OpCounts(0, batch * OpCounts.BackwardPerSample(Shape),
            HeadOptimizer.MultiplyAddsPerStep(Shape, Settings.Optimizer.Kind), HeadOptimizer.RootsAndDivisionsPerStep(Shape, Settings.Optimizer.Kind), 0, 0, 1));
        // Written so that NaN fails it too: a NaN norm compares false with everything. This is also
        // what catches NaN features: ReLU turns a NaN pre-activation into 0, hiding it from the loss,
        // but dW1 = dh x^T carries the NaN into the norm.
        return gradientNorm <= Settings.MaxGradientNorm;
    }

    /// <summary>
    /// Mean loss and accuracy of the head on <paramref name="data"/>, in chunks of the batch size
    /// through the same buffers. Books its work to <see cref="OpPhase.Validation"/>. Allocates nothing.
    /// </summary>
    public (double Loss, double Accuracy) Evaluate(ITrainingData data)
    {
        int count = data.Count, inputs = Shape.Inputs;
        double lossSum = 0;
        int correctSum = 0;
        for (int start = 0; start < count; start += Settings.BatchSize)
        {
            int batch = Math.Min(Settings.BatchSize, count - start);
            Span<float> x = _batchInputs.AsSpan(0, batch * inputs);
            Span<int> y = _batchLabels.AsSpan(0, batch);
            for (int n = 0; n < batch; n++)
            {
                data.Dequantize(start + n, x.Slice(n * inputs, inputs));
                y[n] = data.LabelOf(start + n);
            }
            lossSum += (double)Head.Forward(x, y) * batch;
            correctSum += Head.CountCorrect(y);
            Ledger.Add(OpPhase.Validation, OpCounts.Evaluation(Shape, batch));
        }
        return (lossSum / count, (double)correctSum / count);
    }
}
