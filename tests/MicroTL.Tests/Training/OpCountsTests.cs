using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class OpCountsTests
{
    [Fact]
    public void PerSample_Head8x16x3_MatchesFormula()
    {
        var shape = new HeadShape(8, 16, 3);
        Assert.Equal(8 * 16 + 16 * 3, OpCounts.ForwardPerSample(shape));          // 176
        Assert.Equal(8 * 16 + 2 * 16 * 3, OpCounts.BackwardPerSample(shape));     // 224
        Assert.Equal(3L * shape.ParameterCount, HeadOptimizer.MultiplyAddsPerStep(shape, OptimizerKind.Sgd));
        Assert.Equal(8L * shape.ParameterCount, HeadOptimizer.MultiplyAddsPerStep(shape, OptimizerKind.Adam));
        Assert.Equal(0, HeadOptimizer.RootsAndDivisionsPerStep(shape, OptimizerKind.Sgd));
        Assert.Equal(2L * shape.ParameterCount, HeadOptimizer.RootsAndDivisionsPerStep(shape, OptimizerKind.Adam));
    }

    [Fact]
    public void Train_Adam_LedgerCountsASquareRootAndADivisionPerParameterAndStep()
    {
        var shape = new HeadShape(8, 16, 3);
        var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Adam(0.01f), 4, 2, 10));
        trainer.Head.Parameters.InitializeHe(1);

        trainer.Train(QuantizedData.Separable(10, 8, 3, seed: 5), QuantizedData.Separable(5, 8, 3, seed: 5, sampleSeed: 1));

        // Batches of 4, 4, 2 over two epochs: 6 steps of 195 parameters; validation takes none.
        OpCounts training = trainer.Ledger[OpPhase.Training];
        Assert.Equal(6, training.Steps);
        Assert.Equal(6 * 2 * shape.ParameterCount, training.OptimizerRootsAndDivisions);
        Assert.Equal(6 * 8 * shape.ParameterCount, training.OptimizerMultiplyAdds);
        Assert.Equal(0, trainer.Ledger[OpPhase.Validation].OptimizerRootsAndDivisions);
    }

    [Fact]
    public void Train_ThreeEpochsPartialLastBatch_LedgerIsExact()
    {
        // N = 10, B = 4 -> batches of 4, 4, 2: 3 steps and 10 samples an epoch; validation 5 samples.
        var shape = new HeadShape(8, 16, 3);
        var train = QuantizedData.Separable(10, 8, 3, seed: 5);
        var validation = QuantizedData.Separable(5, 8, 3, seed: 5, sampleSeed: 1);
        var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Sgd(0.01f), 4, 3, 10));
        trainer.Head.Parameters.InitializeHe(1);
        long p = shape.ParameterCount; // 128 + 16 + 48 + 3 = 195

        TrainingResult result = trainer.Train(train, validation);

        var expectedTraining = new OpCounts(3 * 10 * 176, 3 * 10 * 224, 3 * 3 * 3 * p, 0, 3 * 10 * 8, 30, 9);
        var expectedValidation = new OpCounts(3 * 5 * 176, 0, 0, 0, 3 * 5 * 8, 15, 0);
        Assert.Equal(expectedTraining, trainer.Ledger[OpPhase.Training]);
        Assert.Equal(expectedValidation, trainer.Ledger[OpPhase.Validation]);
        Assert.Equal(expectedTraining + expectedValidation, result.Ops);
        Assert.All(result.Epochs, r => Assert.Equal(new OpCounts(10 * 176, 10 * 224, 3 * 3 * p, 0, 80, 10, 3), r.TrainingOps));
        Assert.All(result.Epochs, r => Assert.Equal(new OpCounts(5 * 176, 0, 0, 0, 40, 5, 0), r.ValidationOps));
    }

    [Fact]
    public void Operators_AddAndSubtract_AreFieldwise()
    {
        var a = new OpCounts(1, 2, 3, 4, 5, 6, 7);
        var b = new OpCounts(10, 20, 30, 40, 50, 60, 70);
        Assert.Equal(new OpCounts(11, 22, 33, 44, 55, 66, 77), a + b);
        Assert.Equal(b, (a + b) - a);
        Assert.Equal(66, (a + b).TotalMultiplyAdds);
    }
}
