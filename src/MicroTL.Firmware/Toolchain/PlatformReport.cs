// The line the platform's startup code prints after main returns (mtl_platform.h,
// MTL_PLATFORM_REPORT_PREFIX): instructions of main, stack high-water mark, exit code.
using System.Globalization;

namespace MicroTL.Firmware.Toolchain;

/// <summary>What the firmware's platform layer measured over one run of main.</summary>
/// <param name="Instructions">Instructions executed by main, at a resolution of 40 (one SysTick tick under
/// QEMU's <c>-icount shift=0</c> on mps2-an386). Instruction counts, not Cortex-M4 cycles.</param>
/// <param name="StackHighWaterBytes">Bytes of the stack region ever written since reset.</param>
/// <param name="StackBytes">Bytes of the stack region.</param>
/// <param name="ExitCode">main's return value.</param>
public sealed record PlatformReport(long Instructions, int StackHighWaterBytes, int StackBytes, int ExitCode)
{
    /// <summary>Bytes of heap newlib took (its stdio buffers), from <c>end</c> to its break; 0 when the line did not say.</summary>
    public int HeapBytes { get; init; }

    /// <summary>The prefix of the report line.</summary>
    public const string Prefix = "mtl-platform:";

    /// <summary>Finds the last report line in <paramref name="stdout"/>; null when there is none or it is malformed.</summary>
    public static PlatformReport? TryParse(string stdout)
    {
        string? line = stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (line is null) return null;
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string pair in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || !long.TryParse(pair[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) return null;
            fields[pair[..eq]] = value;
        }
        return fields.TryGetValue("instructions", out long instructions)
            && fields.TryGetValue("stack_high_water_bytes", out long highWater)
            && fields.TryGetValue("stack_bytes", out long stack)
            && fields.TryGetValue("exit_code", out long exit)
            ? new PlatformReport(instructions, (int)highWater, (int)stack, (int)exit) { HeapBytes = (int)fields.GetValueOrDefault("heap_bytes") }
            : null;
    }
}
