// Accuracy per epoch in a scenario: each row's curves agree with its runs' own records, and recording
// the cloud's test accuracy per epoch leaves every final accuracy as it was.
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

public class ScenarioPerEpochTests
{
    [Fact]
    public void Summarise_ReducedScenario_RowCurvesAreTheMeansOfTheRunsRecords()
    {
        ScenarioResult result = ReducedScenario.Result;

        foreach (ScenarioRow row in result.Rows)
        {
            ScenarioRun run = Assert.Single(result.Runs, r => r.SamplesPerClass == row.SamplesPerClass);
            var device = run.Result.Outcome.Training;
            Assert.Equal(device.Epochs.Select(e => e.Epoch), row.DevicePerEpoch.Select(e => e.Epoch));
            // The recipe holds no validation records: the curve is the training records' accuracy.
            Assert.Equal(0, run.Result.Outcome.ValidationRecords);
            Assert.Equal(device.Epochs.Select(e => e.TrainAccuracy), row.DevicePerEpoch.Select(e => e.Accuracy.Mean));
            Assert.All(row.DevicePerEpoch, e => Assert.Equal(1, e.Accuracy.Count));
            Assert.InRange(device.EpochsRun, 1, ReducedScenario.Options.Transfer.MaxEpochs);
            Assert.Equal(run.Result.FloatFineTune!.Training.Epochs.Count, row.FloatFineTunePerEpoch.Count);

            // The cloud: one test accuracy per epoch, the last one the reported float accuracy.
            Assert.Equal(ReducedScenario.Options.CloudEpochs, run.Result.Cloud.TestAccuracyPerEpoch.Count);
            Assert.Equal(run.Result.Cloud.FloatAccuracy, run.Result.Cloud.TestAccuracyPerEpoch[^1], 12);
            Assert.Equal(ReducedScenario.Options.CloudEpochs, row.CloudScratchPerEpoch.Count);
        }

        Assert.Same(ReducedScenario.Options, result.Options);
    }

    [Fact]
    public void Run_CloudTestEachEpochOff_SameAccuraciesAndNoCloudCurve()
    {
        ScenarioResult without = ScenarioRunner.Run(Scenario.NewActivities, ReducedScenario.Options with { SamplesPerClass = [5], CloudTestEachEpoch = false });
        ScenarioRun with = ReducedScenario.Result.Runs[0];
        ScenarioRun run = Assert.Single(without.Runs);

        Assert.Equal(5, with.SamplesPerClass);
        Assert.Equal(with.CloudScratchAccuracy, run.CloudScratchAccuracy);
        Assert.Equal(with.Result.Cloud.FloatAccuracy, run.Result.Cloud.FloatAccuracy);
        Assert.Equal(with.DeviceAccuracy, run.DeviceAccuracy);
        Assert.Equal(with.FloatFineTuneAccuracy, run.FloatFineTuneAccuracy);
        Assert.Empty(run.Result.Cloud.TestAccuracyPerEpoch);
        Assert.Empty(without.Rows[0].CloudScratchPerEpoch);
        Assert.NotEmpty(without.Rows[0].DevicePerEpoch);
    }
}
