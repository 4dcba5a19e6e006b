// One reduced demo run (8 pretraining subjects, 1 epoch, 5 windows a class: about a second) shared by
// the tests of the runner, its energy figures and its HTML report, so the suite trains it once.
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

internal static class ReducedDemo
{
    public static DemoOptions Options { get; } = new()
    {
        Seed = 2, SamplesPerClass = 5, PretrainEpochs = 1, PretrainSubjects = [.. Enumerable.Range(1600, 8)], BreakEvenPoints = 9,
    };

    private static readonly Lazy<(DemoResult Result, List<string> Progress)> Run = new(() =>
    {
        var lines = new List<string>();
        DemoResult result = DemoRunner.Run(Options, line => { lock (lines) lines.Add(line); });
        return (result, lines);
    });

    public static DemoResult Result => Run.Value.Result;

    public static IReadOnlyList<string> Progress => Run.Value.Progress;
}
