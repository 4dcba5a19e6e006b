using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

public class ScenarioRunnerTests
{
    [Fact]
    public void Run_NewActivitiesOneSeed_RowHasEveryMethodInRange()
    {
        var options = new ScenarioOptions { Seeds = [3], SamplesPerClass = [5, 10], PretrainEpochs = 2, CloudEpochs = 10 };
        var lines = new List<string>();
        ScenarioResult result = ScenarioRunner.Run(Scenario.NewActivities, options, lines.Add);

        Assert.Equal([5, 10], result.Rows.Select(r => r.SamplesPerClass));
        Assert.Equal(2, result.Runs.Count);
        foreach (ScenarioRow row in result.Rows)
        {
            foreach (MeanSd v in new[] { row.Base, row.Device, row.CloudScratch, row.FloatFineTune, row.Classical })
            {
                Assert.Equal(1, v.Count);
                Assert.InRange(v.Mean, 0, 1);
                Assert.Equal(0, v.Sd);
            }

            Assert.True(row.Epochs.Mean >= 1);
            Assert.True(row.MemoryTotalBytes is > 0 and <= 256 * 1024);
            Assert.True(row.TrainingMultiplyAdds.Mean > 0);
        }

        // K = 5 leaves 5 more test windows per class than K = 10.
        Assert.Equal(6 * 5, result.Runs[0].Result.Evaluation.TestSamples - result.Runs[1].Result.Evaluation.TestSamples);
        Assert.Contains(lines, l => l.Contains("pretraining"));
    }

    [Fact]
    public void MeanSd_Of_SampleStandardDeviation()
    {
        MeanSd v = MeanSd.Of([0.5, 0.7, double.NaN]);
        Assert.Equal(0.6, v.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02), v.Sd, 12);
        Assert.Equal(2, v.Count);
    }

    [Fact]
    public void PersonalisationSubject_SuccessiveSeeds_DistinctSubjectsWithEnoughWindows()
    {
        ExperimentData data = ExperimentData.Load(DatasetKind.Wisdm, null);
        int[] subjects = [.. Enumerable.Range(0, 5).Select(i => Scenarios.PersonalisationSubject(data.Wisdm!, i, 10))];
        Assert.Equal(5, subjects.Distinct().Count());
        foreach (int s in subjects)
            Assert.All(Scenarios.AllActivities, a => Assert.True(data.Wisdm!.Select([s], [a[0]]).Windows().Count > 10));
    }

    [Fact]
    public void PersonalisationSubject_KBeyondAnySubject_ThrowsWithHint()
    {
        ExperimentData data = ExperimentData.Load(DatasetKind.Wisdm, null);
        var e = Assert.Throws<SelectionException>(() => Scenarios.PersonalisationSubject(data.Wisdm!, 0, 500));
        Assert.Contains("windows", e.Message);
    }

    [Fact]
    public void DemoRunner_ReducedSetting_ComparesAllMethodsOnTheSameTestSet()
    {
        DemoOptions options = ReducedDemo.Options;
        DemoResult demo = ReducedDemo.Result;
        Assert.Equal(30, demo.TrainSamples);
        Assert.Equal(demo.TestSamples, demo.Transfer.Evaluation.TestSamples);
        Assert.Equal(30, demo.Transfer.Workload.Samples);
        Assert.Equal(2401, demo.Transfer.Workload.RawBytesPerSample);
        Assert.True(demo.Transfer.Workload.CloudModelBytes > 0 && demo.Transfer.Workload.DeployedModelBytes > demo.BaseModel.ModelBytes - 1);
        Assert.NotNull(demo.Transfer.FloatFineTune);
        Assert.Equal(options.PretrainEpochs, demo.Pretraining.History.Count);
        Assert.True(demo.BaseModel.ArenaBytes > 0);
    }
}
