using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class StoppingRuleTests
{
    private static EpochRecord Epoch(int epoch, double validationAccuracy, double validationLoss = 1.0) =>
        new(epoch, 1.0, 0.5, validationLoss, validationAccuracy, 0, default, default);

    /// <summary>Feeds accuracies (fractions) until the rule stops; returns the stopping epoch, or 0.</summary>
    private static int StopEpoch(IStoppingRule rule, params double[] accuracies)
    {
        rule.Reset();
        for (int t = 0; t < accuracies.Length; t++)
            if (rule.Observe(Epoch(t + 1, accuracies[t])).Stop) return t + 1;
        return 0;
    }

    [Fact]
    public void FixedEpochs_Observe_StopsAtCountAsMaxEpochs()
    {
        var rule = new FixedEpochs(3);
        Assert.False(rule.Observe(Epoch(2, 0.5)).Stop);
        StoppingDecision d = rule.Observe(Epoch(3, 0.5));
        Assert.True(d.Stop);
        Assert.Equal(StopReason.MaxEpochs, d.Reason);
    }

    [Fact]
    public void Patience_NoImprovementForPatienceEpochs_Stops()
    {
        var rule = new PatienceStopping(patience: 3);
        Assert.Equal(5, StopEpoch(rule, 0.5, 0.6, 0.6, 0.55, 0.58, 0.9));
    }

    [Fact]
    public void Patience_ImprovementResetsCounter_DoesNotStop()
    {
        var rule = new PatienceStopping(patience: 2);
        Assert.Equal(0, StopEpoch(rule, 0.5, 0.5, 0.6, 0.6, 0.7));
    }

    [Fact]
    public void Patience_LossMetric_LowerIsBetter()
    {
        var rule = new PatienceStopping(patience: 2, MonitoredMetric.Loss);
        Assert.True(rule.Observe(Epoch(1, 0.5, validationLoss: 1.0)).IsBest);
        Assert.True(rule.Observe(Epoch(2, 0.5, validationLoss: 0.8)).IsBest);
        Assert.False(rule.Observe(Epoch(3, 0.9, validationLoss: 0.9)).Stop);
        StoppingDecision d = rule.Observe(Epoch(4, 0.9, validationLoss: 0.85));
        Assert.True(d.Stop);
        Assert.Equal(StopReason.Patience, d.Reason);
    }

    [Fact]
    public void EnergyAware_GainsFlatten_StopsBeforeMaxEpochs()
    {
        // 1 mJ an epoch, threshold 0.5 points/mJ, α = 0.5. Gains 20, 10, 5, 1, 0.1, 0, ...
        // smoothed 20, 15, 10, 5.5, 2.8, 1.4, 0.7, 0.35 -> first below 0.5 after epoch 9.
        var rule = new EnergyAwareStopping(0.5, energyPerEpochMillijoules: 1.0, smoothing: 0.5);
        int stop = StopEpoch(rule, 0.50, 0.70, 0.80, 0.85, 0.86, 0.861, 0.861, 0.861, 0.861, 0.861, 0.861, 0.861, 0.861, 0.861, 0.861);
        Assert.Equal(9, stop);
    }

    [Fact]
    public void EnergyAware_LargeSteadyGains_DoesNotStop()
    {
        var rule = new EnergyAwareStopping(0.5, energyPerEpochMillijoules: 1.0);
        var accuracies = Enumerable.Range(0, 15).Select(t => 0.2 + 0.05 * t).ToArray(); // +5 points an epoch
        Assert.Equal(0, StopEpoch(rule, accuracies));
    }

    [Fact]
    public void EnergyAware_CostlierEpochs_StopsEarlier()
    {
        double[] accuracies = [0.50, 0.70, 0.80, 0.85, 0.86, 0.861, 0.861, 0.861, 0.861, 0.861];
        int cheap = StopEpoch(new EnergyAwareStopping(0.5, energyPerEpochMillijoules: 1.0), accuracies);
        int costly = StopEpoch(new EnergyAwareStopping(0.5, energyPerEpochMillijoules: 10.0), accuracies);
        Assert.True(costly < cheap, $"costly {costly}, cheap {cheap}");
    }

    [Fact]
    public void EnergyAware_EnergyModel_PricesEachEpochsOps()
    {
        var rule = new EnergyAwareStopping(0.5, epochEnergyModel: Nrf52840Estimate);
        var ops = new OpCounts(1_000_000, 2_000_000, 500_000, 120_000, 10_000, 100, 25);
        rule.Observe(new EpochRecord(1, 1, 0.5, 1, 0.5, 0, ops, default));
        rule.Observe(new EpochRecord(2, 1, 0.5, 1, 0.6, 0, ops, default));

        Assert.Equal(Nrf52840Estimate(ops), rule.LastEpochMillijoules);
        Assert.Equal(10 / Nrf52840Estimate(ops), rule.LastGainPointsPerMillijoule, 9);
    }

    [Fact]
    public void EnergyAware_NoEnergyGiven_ThrowsInsteadOfGuessing()
    {
        var error = Assert.Throws<ArgumentException>(() => new EnergyAwareStopping(0.5));

        Assert.Contains("energy model", error.Message);
    }

    [Fact]
    public void EnergyAware_EnergyModelGivingZero_ThrowsNamingTheEnergy()
    {
        var rule = new EnergyAwareStopping(0.5, epochEnergyModel: _ => 0);
        rule.Observe(new EpochRecord(1, 1, 0.5, 1, 0.5, 0, default, default));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rule.Observe(new EpochRecord(2, 1, 0.5, 1, 0.6, 0, default, default)));
        Assert.Contains("epoch energy 0 mJ", error.Message);
    }

    /// <summary>
    /// A linear energy model with the nRF52840 profile's figures: 3.0 V x 3.3 mA / 64 MHz = 0.1546875 nJ a cycle, 3 cycles a
    /// float multiply-add, 5 a dequantized byte (what the profile's cost model gives for training).
    /// </summary>
    private static double Nrf52840Estimate(OpCounts ops) => (ops.TotalMultiplyAdds * 0.4640625 + ops.BytesDequantized * 0.7734375) * 1e-6;

    [Fact]
    public void EnergyAware_BeforeMinEpochs_NeverStops()
    {
        var rule = new EnergyAwareStopping(100, energyPerEpochMillijoules: 1.0, minEpochs: 4);
        Assert.Equal(4, StopEpoch(rule, 0.5, 0.5, 0.5, 0.5, 0.5));
    }

    [Theory]
    [InlineData(-1.0, 1.0, 0.5, 3)]
    [InlineData(0.5, 0.0, 0.5, 3)]
    [InlineData(0.5, 1.0, 0.0, 3)]
    [InlineData(0.5, 1.0, 0.5, 1)]
    public void EnergyAware_InvalidArguments_Throws(double threshold, double energy, double smoothing, int minEpochs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyAwareStopping(threshold, energy, smoothing, minEpochs));
    }

    [Fact]
    public void Train_PatienceOnWorseningValidation_StopsAndRestoresBestEpoch()
    {
        var shape = new HeadShape(8, 16, 3);
        var train = QuantizedData.Separable(60, 8, 3, seed: 5);
        // Labels shifted by one class: the better the head learns, the worse it scores here.
        var validation = QuantizedData.Separable(30, 8, 3, seed: 5, sampleSeed: 1).WithShiftedLabels(3);
        var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Sgd(0.05f), 4, 40, 64), new PatienceStopping(3));
        trainer.Head.Parameters.InitializeHe(seed: 99);
        var snapshots = new Dictionary<int, int[]>();

        TrainingResult result = trainer.Train(train, validation, r => snapshots[r.Epoch] = HeadTrainerTests.Bits(trainer.Head.Parameters.Values));

        Assert.Equal(StopReason.Patience, result.Reason);
        Assert.True(result.EpochsRun < 40);
        Assert.True(result.RestoredBest);
        double best = result.Epochs.Max(r => r.ValidationAccuracy);
        int bestEpoch = result.Epochs.First(r => r.ValidationAccuracy == best).Epoch;
        Assert.Equal(bestEpoch, result.BestEpoch);
        Assert.Equal(result.EpochsRun, result.BestEpoch + 3);
        Assert.Equal(best, result.BestValidationAccuracy);
        Assert.Equal(snapshots[bestEpoch], HeadTrainerTests.Bits(trainer.Head.Parameters.Values));
    }

    [Fact]
    public void Train_EnergyAwareOnSeparableData_StopsBeforeMaxEpochsOnceAccuracySaturates()
    {
        var shape = new HeadShape(8, 16, 3);
        var train = QuantizedData.Separable(60, 8, 3, seed: 5);
        var validation = QuantizedData.Separable(30, 8, 3, seed: 5, sampleSeed: 1);
        var rule = new EnergyAwareStopping(minGainPointsPerMillijoule: 1.0, epochEnergyModel: Nrf52840Estimate); // energy priced from op counts
        var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Sgd(0.05f), 4, 40, 64), rule);
        trainer.Head.Parameters.InitializeHe(seed: 99);

        TrainingResult result = trainer.Train(train, validation);

        Assert.Equal(StopReason.EnergyAware, result.Reason);
        Assert.InRange(result.EpochsRun, 3, 39);
        Assert.Equal(1.0, result.BestValidationAccuracy);
    }
}
