// Builds Native/platform_probe.c with the runtime for a target, once per set of defines.
using System.Collections.Concurrent;
using System.Globalization;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Platform;

internal static class PlatformProbe
{
    private static readonly ConcurrentDictionary<string, Lazy<FirmwareImage>> Images = new();

    /// <summary>The plain probe most tests share (one build per target): loops, then main returns 5.</summary>
    public const string Plain = "EXIT_STATUS=5";

    public static FirmwareImage Build(FirmwareTarget target, params string[] defines) =>
        Images.GetOrAdd($"{target} {string.Join(' ', defines)}", _ => new Lazy<FirmwareImage>(() =>
            FirmwareCompiler.Locate().Build(target, KernelRunner.RuntimeTree, [KernelRunner.NativeSource("platform_probe.c")],
                Path.Combine(KernelRunner.NewDirectory("probe"), "probe.elf"), new FirmwareBuildOptions { Defines = defines }))).Value;

    public static FirmwareRun Run(FirmwareImage image, TimeSpan? timeout = null) =>
        QemuRunner.Locate().Run(image, KernelRunner.NewDirectory("probe-run"), timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>The "loop N INSTRUCTIONS" lines: iterations and instructions counted.</summary>
    public static (long Iterations, long Instructions)[] Loops(string stdout) => stdout.Split('\n')
        .Where(l => l.StartsWith("loop ", StringComparison.Ordinal))
        .Select(l => l.Trim().Split(' '))
        .Select(f => (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)))
        .ToArray();
}
