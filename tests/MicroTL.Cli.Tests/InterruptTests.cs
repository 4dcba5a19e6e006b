using System.Diagnostics;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

/// <summary>
/// A real Ctrl-C: the command runs as its own process and gets SIGINT while it collects features
/// into a durable store. It must exit 130, leave the deployed model as it was and the store
/// complete (every record it logged reopens, nothing torn).
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Transfer_SigintDuringCollection_Exits130AndLeavesModelAndStoreIntact()
    {
        if (!OperatingSystem.IsLinux()) return; // SIGINT by kill(1); GNU env resets it to the default

        string data = Path.Combine(_dir, "data.csv"), store = Path.Combine(_dir, "store.mtl"), deployed = Path.Combine(_dir, "deployed.tflite");
        File.WriteAllLines(data, Enumerable.Range(0, 6000).Select(i => $"{i % 2},{(i * 37 % 256) - 128}"));
        byte[] before = File.ReadAllBytes(CliRunner.Model("hello_world_int8.tflite"));
        File.WriteAllBytes(deployed, before);

        // The test host may run with SIGINT ignored, which a child inherits and .NET then respects:
        // env restores the default, as a user's terminal has it. The run trains "forever" unless stopped.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "MicroTL.Cli.dll"), "transfer", deployed, "--data", data, "--raw-int8",
                     "--classes", "2", "--store", store, "--out", deployed, "--report", Path.Combine(_dir, "r.json"), "--stopping", "fixed", "--epochs", "1000000", "--steps", "0" })
            start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        // Interrupt once the store has logged some records (each is fsynced, so collection takes a while).
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && RecordsIn(store) < 50 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        if (process.HasExited) Assert.Fail($"the run ended before it could be interrupted: {await stderr}");
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains("interrupted", await stderr);
        Assert.Equal(before, File.ReadAllBytes(deployed));
        Assert.False(File.Exists(Path.Combine(_dir, "r.json")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        using FileFlashMedium medium = FileFlashMedium.Open(store, FlashGeometry.Nrf52840);
        FeatureStore reopened = FeatureStore.Open(medium);
        Assert.True(reopened.Recovery.WasClean, reopened.Recovery.ToString());
        Assert.True(reopened.Count >= 50);
    }

    /// <summary>Records the store file holds now, read without writing while the other process appends (0 until its log exists).</summary>
    private static int RecordsIn(string path)
    {
        if (!File.Exists(path)) return 0;
        try
        {
            using FileFlashMedium medium = FileFlashMedium.Open(path, FlashGeometry.Nrf52840, readOnly: true);
            return FeatureStore.Load(medium).Count;
        }
        catch (FeatureStoreException)
        {
            return 0; // the image exists, its header is not programmed yet
        }
    }
}
