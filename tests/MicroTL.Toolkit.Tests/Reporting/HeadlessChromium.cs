// Runs the Chromium browser headless for the report checks, with a private profile directory
// and a hard time limit, so a hung browser cannot block the test run.
using System.Diagnostics;

namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>Finds and runs <c>chromium</c> (Debian package <c>chromium</c>).</summary>
internal static class HeadlessChromium
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Full path of the browser on PATH, or null when it is not installed.</summary>
    public static string? Executable { get; } = Find("chromium") ?? Find("chromium-browser");

    /// <summary>Runs the browser headless on <paramref name="url"/> with extra switches; returns its exit code and output. Kills it after <see cref="TimeLimit"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string url, params string[] switches)
    {
        string executable = Executable ?? throw new InvalidOperationException("chromium not found on PATH (apt-get install chromium)");
        string profile = Directory.CreateTempSubdirectory("microtl-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile}" }.Concat(switches).Append(url))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // Only this browser and its own children: the renderer and GPU helper processes.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"chromium did not finish within {TimeLimit.TotalSeconds} s on {url}");
            }

            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            TryDelete(profile);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; a temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
