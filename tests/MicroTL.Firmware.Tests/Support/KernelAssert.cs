// Compares the C kernels' outputs with the C# kernels' byte for byte, naming the first differing case.
namespace MicroTL.Firmware.Tests.Support;

internal static class KernelAssert
{
    public static void MatchOnHost(IReadOnlyList<KernelCase> cases, params string[] defines) =>
        Match(cases, KernelRunner.RunOnHost(cases, defines), "host gcc");

    public static void MatchOnTarget(IReadOnlyList<KernelCase> cases, params string[] defines) =>
        Match(cases, KernelRunner.RunOnTarget(cases, defines), "QEMU mps2-an386");

    public static void Match(IReadOnlyList<KernelCase> cases, byte[][] actual, string where)
    {
        Assert.Equal(cases.Count, actual.Length);
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] expected = cases[i].Expected;
            Assert.True(expected.Length > 0, $"case {i} ({cases[i].Op}) has no expected output");
            if (expected.AsSpan().SequenceEqual(actual[i])) continue;
            int at = 0;
            while (at < Math.Min(expected.Length, actual[i].Length) && expected[at] == actual[i][at]) at++;
            Assert.Fail($"{where}: case {i} {cases[i].Op} ({cases[i].Description}) differs from C# at byte {at} of {expected.Length} " +
                $"(C# {Show(expected, at)}, C {Show(actual[i], at)})");
        }
    }

    private static string Show(byte[] bytes, int at) => at < bytes.Length ? $"0x{bytes[at]:x2}" : $"ends at {bytes.Length}";
}
