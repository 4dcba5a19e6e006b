// One gcc invocation that fails loudly: a nonzero exit or a timeout becomes a ToolchainException
// carrying the command line and the compiler's diagnostics; a link that overflows the target's RAM or
// flash becomes a FirmwareOverflowException naming the region.
namespace MicroTL.Firmware.Toolchain;

internal static class Gcc
{
    public static void Run(string compiler, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, string what,
        FirmwareTarget? target = null)
    {
        ProcessResult result = ProcessRunner.Run(compiler, arguments, workingDirectory, timeout);
        string command = ProcessRunner.CommandLine(compiler, arguments);
        if (result.TimedOut)
            throw new ToolchainException($"{what}: {Path.GetFileName(compiler)} did not finish within {timeout.TotalSeconds:0} s and was stopped\ncommand: {command}");
        if (result.ExitCode == 0) return;
        string diagnostics = result.Stderr.Trim();
        if (target is { } linked && FirmwareOverflowException.TryParse(linked, diagnostics) is { } overflow)
            throw overflow;
        throw new ToolchainException($"{what}: {Path.GetFileName(compiler)} failed with exit code {result.ExitCode}\ncommand: {command}\n{diagnostics}");
    }
}
