using System.Diagnostics;
using System.Globalization;

namespace MicroTL.Cli.Tests;

/// <summary>
/// The same command with the same seed, run as two separate processes (so per-process randomness
/// such as string hashing would show), writes byte-identical models, C headers and reports, in
/// every export and store mode.
/// </summary>
public sealed class ReproducibilityCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-repro-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("hybrid head, RAM store")]
    [InlineData("int8 head", "--int8-head")]
    [InlineData("durable store", "--store", "STORE")]
    [InlineData("store in flash, SGD, energy stopping", "--store", "STORE", "--store-in-flash", "--optimizer", "sgd", "--lr", "0.01", "--stopping", "energy")]
    public async Task Transfer_SameSeedInTwoProcesses_WritesByteIdenticalFiles(string mode, params string[] options)
    {
        string data = Path.Combine(_dir, "data.csv");
        var random = new Random(4);
        File.WriteAllLines(data, Enumerable.Range(0, 150).Select(_ =>
        {
            double x = random.NextDouble() * 2 * Math.PI;
            int q = Math.Clamp((int)Math.Round(x / 0.024480115622282028) - 128, -128, 127);
            return string.Create(CultureInfo.InvariantCulture, $"{(Math.Sin(x) > 0 ? 1 : 0)},{q}");
        }));

        var outputs = new List<byte[]>();
        for (int run = 0; run < 2; run++)
        {
            string store = Path.Combine(_dir, "store.mtl"); // the same path each run, fresh: a store's path is in no output
            if (File.Exists(store)) File.Delete(store);
            // The same paths each run (the report names them); the first run's files are read before the second replaces them.
            string model = Path.Combine(_dir, "model.tflite"), header = Path.Combine(_dir, "model.h"), report = Path.Combine(_dir, "report.json");
            string[] args = ["transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--raw-int8", "--classes", "2", "--seed", "11",
                "--out", model, "--header", header, "--report", report, "--quiet", .. options.Select(o => o == "STORE" ? store : o)];
            (int exit, string stderr) = await RunProcess(args);
            Assert.True(exit == 0, $"{mode}, run {run}: exit {exit}: {stderr}");
            outputs.AddRange([File.ReadAllBytes(model), File.ReadAllBytes(header), File.ReadAllBytes(report)]);
        }

        Assert.Equal(outputs[0], outputs[3]);
        Assert.Equal(outputs[1], outputs[4]);
        Assert.Equal(outputs[2], outputs[5]);
    }

    private static async Task<(int Exit, string Stderr)> RunProcess(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MicroTL.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await stderr);
    }
}
