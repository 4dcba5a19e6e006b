// Holds a model runner's results to the C# interpreter and the TFLM goldens: every operator's output of
// every case byte for byte, the arena's size and parts, and the tail its prepares wrote.
using MicroTL.Firmware.Generation;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

internal static class ModelAssert
{
    /// <summary>Asserts everything; returns how many layer outputs were compared with a golden.</summary>
    public static int Matches(FixtureModel model, ModelRun run, string where)
    {
        ModelRunReport report = run.Report;
        Assert.Null(report.Error);
        Assert.Equal(model.Cases.Count, report.Cases);
        Assert.Equal(model.Plan.TotalBytes, report.ArenaBytes);
        Assert.Equal(model.Plan.HeadBytes, report.HeadBytes);
        Assert.Equal(model.Plan.PersistentBytes, report.PersistentBytes);
        Same(model.Tail, ModelRunFiles.ReadTail(run.Directory), $"{where} {model.FileName}: the arena tail after init");

        int goldenCompared = 0;
        Subgraph graph = model.Model.MainSubgraph;
        for (int k = 0; k < model.Cases.Count; k++)
        {
            ModelCase c = model.Cases[k];
            foreach (OperatorInfo op in graph.Operators)
            foreach (int tensor in op.Outputs)
            {
                byte[] actual = ModelRunFiles.ReadOutput(run.Directory, k, tensor);
                Same(c.CSharp[tensor], actual, $"{where} {c.Name}: t{tensor} against the C# interpreter");
                if (c.Golden.TryGetValue(tensor, out byte[]? golden))
                {
                    Same(golden, actual, $"{where} {c.Name}: t{tensor} against the TFLM golden");
                    goldenCompared++;
                }
            }
        }
        return goldenCompared;
    }

    public static void Same(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        int at = 0;
        while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at]) at++;
        Assert.Fail($"{what}: differs at byte {at} ({expected.Length} bytes expected, {actual.Length} written; " +
            $"expected {Show(expected, at)}, got {Show(actual, at)})");
    }

    private static string Show(byte[] bytes, int at) => at < bytes.Length ? $"0x{bytes[at]:x2}" : "nothing";
}
