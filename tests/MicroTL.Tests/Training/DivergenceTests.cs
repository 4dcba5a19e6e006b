using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class DivergenceTests
{
    private static readonly HeadShape Shape = new(Inputs: 8, Hidden: 16, Classes: 3);

    private static HeadTrainer MakeTrainer(float learningRate, int maxEpochs = 6, float maxGradientNorm = 1e4f,
        bool retry = false, bool snapshot = true)
    {
        var settings = new TrainerSettings(OptimizerSettings.Sgd(learningRate), BatchSize: 4, maxEpochs, MaxTrainingRecords: 64,
            MaxGradientNorm: maxGradientNorm, KeepSnapshot: snapshot, RetryWithHalfLearningRate: retry);
        var trainer = new HeadTrainer(Shape, settings);
        trainer.Head.Parameters.InitializeHe(seed: 3);
        return trainer;
    }

    [Fact]
    public void Train_HugeLearningRate_StopsDivergedWithStartingParameters()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 1e30f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(0, result.EpochsRun);
        Assert.True(trainer.Head.Parameters.ParametersAreFinite());
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_NaNFeaturesFromEpochThree_RollsBackToEpochTwo()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        bool poisoned = false;
        train.PoisonWhen = index => poisoned && index == 7;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f);
        int[]? afterEpochTwo = null;

        TrainingResult result = trainer.Train(train, progress: r =>
        {
            if (r.Epoch != 2) return;
            afterEpochTwo = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);
            poisoned = true;
        });

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(2, result.EpochsRun);
        Assert.True(trainer.Head.Parameters.ParametersAreFinite());
        Assert.Equal(afterEpochTwo, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_GradientNormAboveCap_StopsDiverged()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, maxGradientNorm: 1e-6f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_RetryAfterTransientDivergence_HalvesRateAndFinishes()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        int poisonedReads = 0;
        bool armed = false;
        // One corrupted read in epoch 3; the retry reads clean data.
        train.PoisonWhen = index => armed && index == 7 && poisonedReads++ == 0;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f, retry: true);

        TrainingResult result = trainer.Train(train, progress: r => armed |= r.Epoch == 2);

        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(6, result.EpochsRun);
        Assert.True(result.RetriedWithHalfLearningRate);
        Assert.Equal(0.025f, result.FinalLearningRate);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Epochs.Select(r => r.Epoch));
    }

    [Fact]
    public void Train_RetryStillDiverges_StopsDivergedAtHalfRate()
    {
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(learningRate: 1e30f, retry: true);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        TrainingResult result = trainer.Train(train);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.True(result.RetriedWithHalfLearningRate);
        Assert.Equal(5e29f, result.FinalLearningRate);
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void TrainBatch_NaNFeature_ReturnsFalseWithoutUpdating()
    {
        var train = QuantizedData.Separable(8, 8, 3, seed: 5);
        train.PoisonWhen = index => index == 0;
        HeadTrainer trainer = MakeTrainer(learningRate: 0.05f);
        int[] start = HeadTrainerTests.Bits(trainer.Head.Parameters.Values);

        bool ok = trainer.TrainBatch(train, [0, 1, 2, 3], out _, out _, out float norm);

        // ReLU maps a NaN pre-activation to 0, so the loss can stay finite; dW1 = dh x^T cannot.
        Assert.False(ok);
        Assert.True(float.IsNaN(norm));
        Assert.Equal(start, HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }
}
