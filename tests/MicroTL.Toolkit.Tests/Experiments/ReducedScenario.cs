// One reduced new-activities scenario (one seed, K = 5 and 10, 2 pretraining epochs, 10 cloud epochs with
// their test accuracy: a few seconds) shared by the per-epoch tests and the HTML report tests.
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

internal static class ReducedScenario
{
    public static ScenarioOptions Options { get; } = new()
    {
        Seeds = [3], SamplesPerClass = [5, 10], PretrainEpochs = 2, CloudEpochs = 10, CloudTestEachEpoch = true,
    };

    private static readonly Lazy<ScenarioResult> Run = new(() => ScenarioRunner.Run(Scenario.NewActivities, Options));

    public static ScenarioResult Result => Run.Value;
}
