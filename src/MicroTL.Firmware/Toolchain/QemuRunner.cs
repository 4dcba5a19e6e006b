// Runs a firmware ELF on QEMU's mps2-an386 board with semihosting (stdio and files through the
// host) and -icount shift=0 (one virtual nanosecond per instruction, so SysTick counts instructions).
namespace MicroTL.Firmware.Toolchain;

/// <summary>The emulator (Debian's qemu-system-arm).</summary>
public sealed class QemuRunner
{
    private QemuRunner(string qemuPath) => QemuPath = qemuPath;

    /// <summary>Full path of qemu-system-arm.</summary>
    public string QemuPath { get; }

    /// <summary>Finds qemu-system-arm on <paramref name="searchPath"/> (default: PATH).</summary>
    /// <exception cref="ToolNotFoundException">It is not installed.</exception>
    public static QemuRunner Locate(string? searchPath = null) => new(ToolLocator.Require(ToolLocator.Qemu, searchPath));

    /// <summary>The QEMU arguments that run <paramref name="elfPath"/>.</summary>
    public static IReadOnlyList<string> Arguments(string elfPath) =>
    [
        "-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "none",
        "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel", elfPath,
    ];

    /// <summary>
    /// Runs <paramref name="image"/> (linked for <see cref="FirmwareTarget.Mps2An386"/>) in
    /// <paramref name="workingDirectory"/>, where its semihosting file I/O lands; kills it after
    /// <paramref name="timeout"/> and reports the timeout instead of waiting.
    /// </summary>
    /// <exception cref="ArgumentException">The image was linked for another board, which QEMU does not model.</exception>
    public FirmwareRun Run(FirmwareImage image, string workingDirectory, TimeSpan timeout)
    {
        if (image.Target != FirmwareTarget.Mps2An386)
            throw new ArgumentException($"{image.ElfPath} is linked for {image.Target}; QEMU runs only {FirmwareTarget.Mps2An386} images", nameof(image));
        ProcessResult result = ProcessRunner.Run(QemuPath, Arguments(image.ElfPath), workingDirectory, timeout);
        return new FirmwareRun(result, result.TimedOut ? null : PlatformReport.TryParse(result.Stdout));
    }
}

/// <summary>One run of a firmware under QEMU.</summary>
/// <param name="Process">QEMU's exit code (the firmware's exit status through semihosting), output and time.</param>
/// <param name="Report">The platform's report line, or null when the firmware did not get to print it
/// (a fault, a timeout, a firmware without the MicroTL platform).</param>
public sealed record FirmwareRun(ProcessResult Process, PlatformReport? Report)
{
    /// <summary>The firmware's exit status; null when the run timed out.</summary>
    public int? ExitCode => Process.ExitCode;

    /// <summary>True when QEMU ran past the timeout and was killed.</summary>
    public bool TimedOut => Process.TimedOut;

    /// <summary>What the firmware printed to stdout.</summary>
    public string Stdout => Process.Stdout;
}
