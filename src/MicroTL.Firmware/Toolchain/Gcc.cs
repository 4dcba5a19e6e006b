// One gcc invocation that fails loudly: a nonzero exit or a timeout becomes a ToolchainException
// carrying the command line and the compiler's diagnostics.
namespace MicroTL.Firmware.Toolchain;

internal static class Gcc
{
    public static void Run(string compiler, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, string what)
    {
        ProcessResult result = ProcessRunner.Run(compiler, arguments, workingDirectory, timeout);
        string command = ProcessRunner.CommandLine(compiler, arguments);
        if (result.TimedOut)
            throw new ToolchainException($"{what}: {Path.GetFileName(compiler)} did not finish within {timeout.TotalSeconds:0} s and was stopped\ncommand: {command}");
        if (result.ExitCode != 0)
            throw new ToolchainException($"{what}: {Path.GetFileName(compiler)} failed with exit code {result.ExitCode}\ncommand: {command}\n{result.Stderr.Trim()}");
    }
}
