// Ctrl-C during `microtl demo`, for real: the command runs as its own process and gets SIGINT while it
// trains; it must exit 130 and leave no report behind (the files are written only at the very end).
using System.Diagnostics;

namespace MicroTL.Cli.Tests;

public sealed class DemoInterruptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-demo-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Demo_SigintWhilePretraining_Exits130AndWritesNothing()
    {
        // SIGINT is sent with kill(1); a child inherits an ignored SIGINT (e.g. under a background job), and then no Ctrl-C can arrive.
        if (!OperatingSystem.IsLinux() || SigintIgnored()) return;
        string outDir = Path.Combine(_directory, "out");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "MicroTL.Cli.dll"), "demo", "--out", outDir }) start.ArgumentList.Add(a);
        using Process demo = Process.Start(start)!;
        Task<string> stdout = demo.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Wait for the first pretraining epoch: the Ctrl-C handler is in place and the run is under way.
            string? line;
            while ((line = await demo.StandardError.ReadLineAsync(limit.Token)) is not null && !line.Contains("pretrain epoch 1/")) { }
            Assert.NotNull(line);
            using (Process kill = Process.Start("kill", ["-INT", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(limit.Token);
            string rest = await demo.StandardError.ReadToEndAsync(limit.Token);
            await demo.WaitForExitAsync(limit.Token);

            Assert.Equal(130, demo.ExitCode);
            Assert.Contains("interrupted", rest);
            Assert.False(Directory.Exists(outDir), "the demo wrote " + string.Join(", ", Directory.Exists(outDir) ? Directory.GetFiles(outDir) : []));
            Assert.DoesNotContain("wrote", await stdout);
        }
        finally
        {
            if (!demo.HasExited) demo.Kill(entireProcessTree: true);
        }
    }

    private static bool SigintIgnored()
    {
        string? mask = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return mask is not null && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }
}
