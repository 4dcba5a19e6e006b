// Two microtl processes on one store or one output, for real (issue 16, case 1). Before, both runs on one store
// exited 0 and reported every sample added while the log kept about half of them (one with a bad CRC); with the
// store in flash both failed with "record is corrupt". Now the first run holds a lock on the store and on each
// output for its whole run, and a second run is refused with exit 2 before it changes anything; a run killed with
// SIGKILL leaves its lock to the kernel, which releases it, so the next run goes ahead.
using System.Text.Json;
using Xunit.Abstractions;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-concurrency-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Model => CliRunner.Model("hello_world_int8.tflite");

    private string Data(string name, int samples, int seed)
    {
        File.WriteAllLines(PathOf(name), Enumerable.Range(0, samples).Select(i => $"{i % 2},{(i * 37 * seed % 256) - 128}"));
        return PathOf(name);
    }

    // A run that collects into the store and then trains "forever", until it is stopped.
    private string[] EndlessRun(string data, string store, string output, params string[] extra) =>
        ["transfer", Model, "--data", data, "--classes", "2", "--store", store, "--out", output, "--stopping", "fixed", "--epochs", "1000000", "--steps", "0", "--quiet", .. extra]; // --steps 0: no step budget

    private static void AssertInUse(CliResult second, string what)
    {
        Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}: {second.Stderr}");
        string[] lines = second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"error: transfer: {what}", lines[0]);
        Assert.Contains("is in use by another process", lines[0]);
        Assert.StartsWith("hint: ", lines[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transfer_TwoRunsOnOneStoreAtOnce_SecondIsRefusedAndTheStoreKeepsEveryRecordOfTheFirst(bool storeInFlash)
    {
        if (!OperatingSystem.IsLinux()) return;
        string store = PathOf("S.bin");
        string[] flash = storeInFlash ? ["--store-in-flash"] : [];
        using CliProcess first = CliProcess.Start(EndlessRun(Data("a.csv", 400, 1), store, PathOf("a.tflite"), flash));
        using CliProcess second = CliProcess.Start(EndlessRun(Data("b.csv", 400, 3), store, PathOf("b.tflite"), flash));

        // Whichever took the lock first runs on; the other ends at once with exit 2.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!first.HasExited && !second.HasExited && clock.Elapsed < Minute) await Task.Delay(20);
        (CliProcess loser, CliProcess winner) = second.HasExited ? (second, first) : (first, second);
        AssertInUse(await loser.WaitAsync(Minute), $"--store {store}");
        Assert.False(winner.HasExited, "the run that holds the store ended too");

        Assert.True(await winner.WaitUntilAsync(() => CliProcess.RecordsIn(store) >= 50), "the first run logged no records");
        await winner.SignalAsync("INT");
        CliResult stopped = await winner.WaitAsync(Minute);
        Assert.True(stopped.ExitCode == 130, stopped.Stderr);
        Assert.False(File.Exists(PathOf("a.tflite")) || File.Exists(PathOf("b.tflite")));
        using FileFlashMedium medium = FileFlashMedium.Open(store, FlashGeometry.Nrf52840);
        FeatureStore reopened = FeatureStore.Open(medium, storeInFlash ? FeatureStoreMode.Flash : FeatureStoreMode.RamJournaled);
        Assert.True(reopened.Recovery.WasClean, reopened.Recovery.ToString()); // no record of the refused run, none torn
        Assert.True(reopened.Count >= 50);
        Assert.Empty(Directory.GetFiles(_dir, ".*")); // no lock or temporary file left
    }

    [Fact]
    public async Task Transfer_TwoRunsDeployingToOneOut_SecondIsRefusedAndWritesNothing()
    {
        if (!OperatingSystem.IsLinux()) return;
        string output = PathOf("deployed.tflite");
        using CliProcess first = CliProcess.Start(EndlessRun(Data("a.csv", 400, 1), PathOf("a.bin"), output));
        Assert.True(await first.WaitUntilAsync(() => CliProcess.RecordsIn(PathOf("a.bin")) >= 10), "the first run did not start");

        CliResult second = await CliProcess.RunAsync(Minute, "transfer", Model, "--data", Data("b.csv", 60, 3), "--classes", "2", "--out", output,
            "--report", PathOf("b.json"), "--quiet");

        AssertInUse(second, $"--out {output}");
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(PathOf("b.json")));
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task Transfer_AfterTheHolderWasKilled_NextRunTakesTheStoreAndFindsEveryRecord()
    {
        if (!OperatingSystem.IsLinux()) return;
        string store = PathOf("S.bin");
        int logged;
        using (CliProcess crashed = CliProcess.Start(EndlessRun(Data("a.csv", 400, 1), store, PathOf("a.tflite"))))
        {
            Assert.True(await crashed.WaitUntilAsync(() => CliProcess.RecordsIn(store) >= 50), "the first run logged no records");
            await crashed.SignalAsync("KILL"); // no cleanup runs: the lock file stays, the kernel drops the lock
            await crashed.WaitAsync(Minute);
            logged = CliProcess.RecordsIn(store);
        }

        Assert.True(File.Exists(PathOf(".S.bin.microtl.lock")));
        CliResult next = await CliProcess.RunAsync(Minute, "transfer", Model, "--data", Data("b.csv", 60, 3), "--classes", "2", "--store", store,
            "--out", PathOf("b.tflite"), "--report", PathOf("r.json"), "--quiet");

        Assert.True(next.ExitCode == 0, next.Stderr);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("r.json")));
        Assert.Equal(logged, report.RootElement.GetProperty("store").GetProperty("recordsReopened").GetInt32());
        Assert.False(File.Exists(PathOf(".S.bin.microtl.lock")));
    }

    /// <summary>
    /// Rounds of two runs started at once on one store; every third round the run that holds the store is killed with
    /// SIGKILL at a seeded moment. Each round: at most one run at a time holds the store (the other is refused with
    /// exit 2, or starts after the first ended), the next round is never blocked by a killed holder, and the store
    /// holds exactly the records of the completed runs plus what the killed ones had logged: none lost, none torn
    /// beyond the append a kill cut. <c>MICROTL_CONCURRENCY_ROUNDS=N</c> runs more rounds (default 4).
    /// </summary>
    [Fact]
    public async Task Transfer_PairsOfRunsAtOnceAndKills_OneHolderAtATimeAndNoRecordLost()
    {
        if (!OperatingSystem.IsLinux()) return;
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("MICROTL_CONCURRENCY_ROUNDS"), out int n) ? n : 4;
        string store = PathOf("S.bin");
        var random = new Random(16);
        int expected = 0, completed = 0, refused = 0, killed = 0, tornAfterKill = 0, takenOver = 0;
        for (int round = 0; round < rounds; round++)
        {
            bool kill = round % 3 == 2;
            string[] Run(string name, int seed) => ["transfer", Model, "--data", Data($"{name}.csv", 60, seed), "--classes", "2", "--store", store,
                "--out", PathOf($"{name}.tflite"), "--report", PathOf($"{name}.json"), "--quiet", "--stopping", "fixed", "--steps", "0", "--epochs", kill ? "1000000" : "2"];
            if (File.Exists(PathOf(".S.bin.microtl.lock"))) takenOver++;
            using CliProcess a = CliProcess.Start(Run($"a{round}", 2 * round + 1)), b = CliProcess.Start(Run($"b{round}", 2 * round + 2));
            if (kill)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (!a.HasExited && !b.HasExited && clock.Elapsed < Minute) await Task.Delay(10);
                CliProcess holder = a.HasExited ? b : a;
                await Task.Delay(random.Next(0, 1500)); // somewhere in start-up, collection or training
                await holder.SignalAsync("KILL");
                killed++;
            }

            foreach ((CliProcess process, string name) in new[] { (a, $"a{round}"), (b, $"b{round}") })
            {
                CliResult r = await process.WaitAsync(Minute);
                if (r.ExitCode == 2) { AssertInUse(r, $"--store {store}"); refused++; continue; }
                if (kill && r.ExitCode != 0) continue; // the killed one
                Assert.True(r.ExitCode == 0, $"round {round} {name}: exit {r.ExitCode}: {r.Stderr}");
                using JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf($"{name}.json")));
                JsonElement counts = report.RootElement.GetProperty("store");
                Assert.Equal(0, counts.GetProperty("corruptRecordsSkipped").GetInt32());
                Assert.Equal(expected, counts.GetProperty("recordsReopened").GetInt32()); // every record of the runs before it
                expected += counts.GetProperty("samplesStored").GetInt32();
                completed++;
            }

            if (kill)
            {
                int durable = CliProcess.RecordsIn(store); // what the killed run had logged and synced (a torn append dropped)
                Assert.True(durable >= expected, $"round {round}: {durable} records after the kill, {expected} before it");
                tornAfterKill += LoadedRecovery(store).TornRecordsDropped;
                expected = durable;
            }
        }

        using FileFlashMedium medium = FileFlashMedium.Open(store, FlashGeometry.Nrf52840);
        FeatureStore final = FeatureStore.Open(medium);
        Assert.Equal(expected, final.Count);
        Assert.Equal(0, final.Recovery.CorruptRecordsSkipped);
        output.WriteLine($"{rounds} rounds of two runs at once on one store ({killed} with the holder killed by SIGKILL): {completed} runs completed, " +
            $"{refused} refused with exit 2 (in use), {killed} killed; a killed run's lock file taken over by the next run {takenOver} times; " +
            $"store: {final.Count} records = every record of the completed runs and what the killed runs had synced, 0 corrupt, {tornAfterKill} torn appends dropped");
    }

    private static FeatureLogRecovery LoadedRecovery(string store)
    {
        using FileFlashMedium medium = FileFlashMedium.Open(store, FlashGeometry.Nrf52840, readOnly: true);
        return FeatureStore.Load(medium).Recovery;
    }
}
