using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

/// <summary>DemoRunner: the energy figures of the real run, its progress, and cancellation.</summary>
public class DemoRunnerTests
{
    [Fact]
    public void Run_Reduced_PricesTheRunsOwnWorkloadOnTheProfile()
    {
        DemoResult demo = ReducedDemo.Result;
        EnergyComparison c = demo.Energy.Comparison;

        Assert.Equal(DeviceProfileLoader.Default.Name, c.Device.Name);
        Assert.Same(demo.Transfer.Workload, c.Workload);
        // The workload is the run's: its op ledger, its uploads, its measured cloud time.
        Assert.Equal(demo.Transfer.Outcome.Training.Ops.TotalMultiplyAdds, c.Workload.Training.TotalMultiplyAdds);
        Assert.Equal(demo.Transfer.Outcome.CollectionMacs.Values.Sum(), c.Workload.CollectionInt8Macs.Values.Sum());
        Assert.Equal(demo.TrainSamples, c.Workload.Samples);
        Assert.Equal(demo.Transfer.Cloud.TrainHostSeconds, c.Workload.CloudTrainHostSeconds);
        Assert.Equal(demo.Transfer.Cloud.ModelBytes, c.Workload.CloudModelBytes);
        Assert.Equal(demo.Transfer.Outcome.Training.EpochsRun, c.Workload.Epochs);
        // Recomputing from the workload gives the same figures: nothing in the demo's numbers is its own.
        EnergyComparison again = EnergyComparison.Compute(c.Device, c.Workload);
        Assert.Equal(again.EnergyRatio, c.EnergyRatio, 12);
        Assert.Equal(again.TimeRatio, c.TimeRatio, 12);
        Assert.True(c.OnDevice.EnergyMillijoules > 0 && c.Cloud.EnergyMillijoules > 0);
    }

    [Fact]
    public void Run_CalibratedProfile_AlsoPricesTheSameWorkloadWithTheDatasheetKernels()
    {
        DemoResult demo = ReducedDemo.Result;
        Assert.NotNull(DeviceProfileLoader.Default.Calibration); // the default profile carries the firmware's counts

        EnergyComparison k = Assert.IsType<EnergyComparison>(demo.Energy.DatasheetKernels);

        Assert.Same(demo.Transfer.Workload, k.Workload);
        Assert.Null(k.Device.Calibration);
        // Only collection and training are priced differently: the cloud way is the same.
        Assert.Equal(demo.Energy.Comparison.Cloud.EnergyMillijoules, k.Cloud.EnergyMillijoules, 9);
        Assert.NotEqual(demo.Energy.Comparison.OnDevice.EnergyMillijoules, k.OnDevice.EnergyMillijoules);
    }

    [Fact]
    public void Run_Reduced_SweepsThroughputSamplesAndEpochsOnTheProfile()
    {
        BreakEvenAnalysis analysis = ReducedDemo.Result.Energy.BreakEven;

        Assert.Equal([SweepParameter.LinkThroughput, SweepParameter.Samples, SweepParameter.Epochs], analysis.Sweeps.Select(s => s.Parameter));
        Assert.All(analysis.Sweeps, s => Assert.Equal(DeviceProfileLoader.Default.Name, s.Device));
        Assert.Equal(ReducedDemo.Options.BreakEvenPoints, ReducedDemo.Result.Energy.Sweep(SweepParameter.Epochs)!.Points.Count);
        // More on-device epochs cost the device more and the cloud nothing: the energy ratio falls.
        IReadOnlyList<SweepPoint> epochs = ReducedDemo.Result.Energy.Sweep(SweepParameter.Epochs)!.Points;
        Assert.True(epochs[^1].EnergyRatio < epochs[0].EnergyRatio);
    }

    [Fact]
    public void Run_Reduced_ReportsEveryStage()
    {
        string all = string.Join("\n", ReducedDemo.Progress);

        foreach (string stage in new[] { "pretrain epoch 1/1", "device collected 30/30", "device epoch 1:", $"cloud epoch {CloudScratch.DefaultEpochs}/{CloudScratch.DefaultEpochs}", "energy: pricing" })
            Assert.Contains(stage, all);
    }

    [Theory]
    [InlineData("pretrain epoch 1/")]
    [InlineData("device epoch 1:")]
    [InlineData("cloud epoch 10/")]
    public void Run_CancelledAtAStage_ThrowsAndReturnsNothing(string stage)
    {
        using var cancel = new CancellationTokenSource();
        var options = ReducedDemo.Options with { PretrainSubjects = [.. Enumerable.Range(1600, 5)] };
        var seen = new List<string>();

        Assert.ThrowsAny<OperationCanceledException>(() => DemoRunner.Run(options, line =>
        {
            seen.Add(line);
            if (line.Contains(stage)) cancel.Cancel();
        }, cancel.Token));
        Assert.DoesNotContain(seen, line => line.StartsWith("energy:", StringComparison.Ordinal));
    }
}
