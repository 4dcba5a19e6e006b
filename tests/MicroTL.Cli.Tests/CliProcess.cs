// The built microtl as a separate process, for what only real processes show: two runs on one store, a lock left
// by a killed run, Ctrl-C. SIGINT is reset to its default through env(1), as a user's terminal has it.
using System.Diagnostics;
using System.Globalization;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

/// <summary>A running <c>dotnet MicroTL.Cli.dll ...</c> with its output captured.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout, _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts microtl with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] all = ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "MicroTL.Cli.dll"), .. args];
        foreach (string arg in all)
            start.ArgumentList.Add(arg);
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs microtl to its end (at most <paramref name="timeout"/>).</summary>
    public static async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using CliProcess process = Start(args);
        return await process.WaitAsync(timeout);
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the end (at most <paramref name="timeout"/>, then kills it and fails) and returns what it printed.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        try { await _process.WaitForExitAsync().WaitAsync(timeout); }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Sends a signal with kill(1): INT (Ctrl-C) or KILL (a crash).</summary>
    public async Task SignalAsync(string signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>Records the store file holds now, read without writing while another process appends (0 until its log exists).</summary>
    public static int RecordsIn(string path)
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

    /// <summary>Waits until <paramref name="condition"/> holds (polling), the process ends, or a minute passes; false unless it held.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!_process.HasExited && !condition() && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        return condition() && !_process.HasExited;
    }
}
