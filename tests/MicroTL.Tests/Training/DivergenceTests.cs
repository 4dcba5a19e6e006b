using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class DivergenceTests
{
    private static readonly HeadShape Shape = new(Inputs: 8, Hidden: 16, Classes: 3);

    // The run's start, as the session makes it: He from a seed. A rollback without good weights puts it back.
    private static void Start(HeadParameters parameters) => parameters.InitializeHe(seed: 3);

    private static HeadTrainer MakeTrainer(float learningRate, int maxEpochs = 6, float maxGradientNorm = 1e4f,
        bool retry = false, bool snapshot = true, IStoppingRule? stopping = null)
    {
        var settings = new TrainerSettings(OptimizerSettings.Sgd(learningRate), BatchSize: 4, maxEpochs, MaxTrainingRecords: 64,
            MaxGradientNorm: maxGradientNorm, KeepSnapshot: snapshot, RetryWithHalfLearningRate: retry);
        var trainer = new HeadTrainer(Shape, settings, stopping);
        Start(trainer.Head.Parameters);
        return trainer;
    }

    [Fact]
    public void Train_HugeLearningRate_StopsDivergedWithStartingParameters()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 1e30f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train, restart: Start);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(0, result.EpochsRun);
        Assert.True(trainer.Head.Parameters.ParametersAreFinite());
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_DivergenceWithoutGoodWeightsOrRestart_LeavesTheHeadAsItBlewUp()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 1e30f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train); // fixed epochs keep no best, and no restart is given

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.NotEqual(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
        Assert.Equal(0, trainer.Memory.GoodWeightBytes);
    }

    [Fact]
    public void Train_NaNFeaturesFromEpochThreeKeepingTheBest_RollsBackToEpochTwo()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        bool poisoned = false;
        train.PoisonWhen = index => poisoned && index == 7;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, stopping: new PatienceStopping(10, MonitoredMetric.Loss));
        int[]? afterEpochTwo = null;

        TrainingResult result = trainer.Train(train, progress: r =>
        {
            if (r.Epoch != 2) return;
            afterEpochTwo = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);
            poisoned = true;
        });

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(2, result.EpochsRun);
        Assert.Equal(2, result.BestEpoch); // the training loss fell every epoch
        Assert.True(trainer.Head.Parameters.ParametersAreFinite());
        Assert.Equal(afterEpochTwo, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_NaNFeaturesFromEpochThreeWithoutBest_RestartsAndStopsWithNoEpochKept()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        bool poisoned = false;
        train.PoisonWhen = index => poisoned && index == 7;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train, progress: r => poisoned |= r.Epoch == 2, restart: Start);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(0, result.EpochsRun); // the last good state a run without good weights has is its start
        Assert.Empty(result.Epochs);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
        Assert.True(result.Ops.Steps > 0); // the discarded epochs' work is still counted
    }

    [Fact]
    public void Train_GradientNormAboveCap_StopsDivergedAtTheStart()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, maxGradientNorm: 1e-6f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train, restart: Start);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_RetryAfterTransientDivergence_StartsOverAtHalfRateAndFinishes()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        int poisonedReads = 0;
        bool armed = false;
        // One corrupted read in epoch 3; the retry reads clean data.
        train.PoisonWhen = index => armed && index == 7 && poisonedReads++ == 0;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, retry: true);

        TrainingResult result = trainer.Train(train, progress: r => armed |= r.Epoch == 2, restart: Start);

        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(6, result.EpochsRun);
        Assert.True(result.RetriedWithHalfLearningRate);
        Assert.Equal(0.025f, result.FinalLearningRate);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Epochs.Select(r => r.Epoch));
        Assert.InRange(result.Ops.Steps, 81, 90); // 2 discarded epochs, 1 to 10 steps of the third, then 6 epochs of 10 steps
    }

    [Fact]
    public void Train_RetryKeepingTheBest_GoesOnFromTheDivergedEpoch()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        int poisonedReads = 0;
        bool armed = false;
        train.PoisonWhen = index => armed && index == 7 && poisonedReads++ == 0;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, retry: true, stopping: new PatienceStopping(10, MonitoredMetric.Loss));

        TrainingResult result = trainer.Train(train, progress: r => armed |= r.Epoch == 2);

        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.True(result.RetriedWithHalfLearningRate);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Epochs.Select(r => r.Epoch));
        Assert.True(result.Epochs[2].TrainLoss < result.Epochs[0].TrainLoss); // epoch 3 went on from epoch 2's weights
    }

    [Fact]
    public void Train_RetryStillDiverges_StopsDivergedAtHalfRate()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 1e30f, retry: true);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train, restart: Start);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.True(result.RetriedWithHalfLearningRate);
        Assert.Equal(5e29f, result.FinalLearningRate);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void TrainBatch_NaNFeature_ReturnsFalseWithANaNNorm()
    {
        var train = QuantizedData.Separable(8, 8, 3, seed: 5);
        train.PoisonWhen = index => index == 0;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f);

        bool ok = trainer.TrainBatch(train, [0, 1, 2, 3], out float loss, out _, out float norm);

        // ReLU maps a NaN pre-activation to 0, so the loss can stay finite; dW1 = dh x^T cannot. The update is fused with
        // the gradient, so it is applied: the trainer rolls the head back.
        Assert.False(ok);
        Assert.True(float.IsFinite(loss));
        Assert.True(float.IsNaN(norm));
        Assert.False(trainer.Head.Parameters.ParametersAreFinite());
    }

    [Fact]
    public void TrainBatch_NonFiniteLoss_ReturnsFalseWithoutUpdating()
    {
        var train = QuantizedData.Separable(8, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f);
        trainer.Head.Parameters.B2[0] = float.PositiveInfinity; // every logit row holds +inf - +inf = NaN after the max shift
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        bool ok = trainer.TrainBatch(train, [0, 1, 2, 3], out float loss, out _, out float norm);

        Assert.False(ok);
        Assert.False(float.IsFinite(loss));
        Assert.Equal(0f, norm);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }
}
