// Runs an external program with a wall-clock timeout, capturing its output; never waits forever.
using System.Diagnostics;

namespace MicroTL.Firmware.Toolchain;

/// <summary>What an external program did: exit code (null when it was killed), output, time taken.</summary>
/// <param name="ExitCode">The exit status, or null when the run timed out and was killed.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="TimedOut">True when it ran past the timeout and was killed.</param>
/// <param name="Elapsed">Wall-clock time until it ended or was killed.</param>
public sealed record ProcessResult(int? ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed);

internal static class ProcessRunner
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new ToolchainException($"could not start {program}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the wait and the kill.
            }
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // lets the output readers finish
        }
        stopwatch.Stop();
        return new ProcessResult(exited ? process.ExitCode : null, stdout.Result, stderr.Result, !exited, stopwatch.Elapsed);
    }

    public static string CommandLine(string program, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { program }.Concat(arguments.Select(a => a.Contains(' ') ? $"'{a}'" : a)));
}
