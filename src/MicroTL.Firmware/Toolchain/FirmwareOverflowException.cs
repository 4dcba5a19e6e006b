// A firmware that does not fit its target: the linker's region overflow, parsed from its diagnostics
// ("region `RAM' overflowed by N bytes", "section `.bss' will not fit in region `RAM'", the section
// script's "RAM overflow" assertion) into the region and, where known, the bytes missing.
using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroTL.Firmware.Toolchain;

/// <summary>The firmware needs more RAM or flash than its target has; the message names the region and the bytes.</summary>
public sealed partial class FirmwareOverflowException : ToolchainException
{
    /// <summary>Creates the exception; <paramref name="overflowBytes"/> is null when the linker did not say how many bytes.</summary>
    public FirmwareOverflowException(FirmwareTarget target, string region, long? overflowBytes, string message, string diagnostics)
        : base(message)
    {
        Target = target;
        Region = region;
        OverflowBytes = overflowBytes;
        Diagnostics = diagnostics;
    }

    /// <summary>The target it was linked for.</summary>
    public FirmwareTarget Target { get; }

    /// <summary>The memory region that overflowed: <c>RAM</c> or <c>FLASH</c>.</summary>
    public string Region { get; }

    /// <summary>Bytes more than the region holds, or null when unknown.</summary>
    public long? OverflowBytes { get; }

    /// <summary>The linker's own diagnostics.</summary>
    public string Diagnostics { get; }

    /// <summary>
    /// The overflow the linker reported in <paramref name="diagnostics"/>, or null when it reported none. ld's byte
    /// count is kept only when positive: with the stack pinned to the top of RAM, ld reports an overlap and
    /// "overflowed by 0 bytes" for a .bss that runs into it, which says nothing.
    /// </summary>
    public static FirmwareOverflowException? TryParse(FirmwareTarget target, string diagnostics)
    {
        string? region = null;
        long? bytes = null;
        foreach (Match m in RegionOverflowed().Matches(diagnostics))
        {
            region ??= m.Groups[1].Value;
            long n = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (n > 0 && m.Groups[1].Value == region) bytes = Math.Max(bytes ?? 0, n);
        }
        region ??= WillNotFit().Match(diagnostics) is { Success: true } fit ? fit.Groups[1].Value : null;
        region ??= diagnostics.Contains("RAM overflow:", StringComparison.Ordinal) ? "RAM" : null;
        if (region is null) return null;
        string amount = bytes is { } b ? $"{region} overflowed by {b.ToString("N0", CultureInfo.InvariantCulture)} bytes" : $"{region} overflowed";
        FirmwareMemoryMap map = FirmwareMemoryMap.Of(target);
        long capacity = region == "FLASH" ? map.FlashBytes : map.RamBytes;
        return new FirmwareOverflowException(target, region, bytes,
            $"the firmware does not fit the {target}: {amount} (the {region} region holds {capacity.ToString("N0", CultureInfo.InvariantCulture)} bytes)\n{diagnostics}",
            diagnostics);
    }

    /// <summary>The same overflow with the bytes measured elsewhere (e.g. from a link for a larger target).</summary>
    public FirmwareOverflowException WithMeasurement(long neededBytes, long availableBytes, string breakdown) =>
        new(Target, Region, neededBytes - availableBytes,
            $"the firmware does not fit the {Target}: {Region} overflowed by {(neededBytes - availableBytes).ToString("N0", CultureInfo.InvariantCulture)} bytes " +
            $"(needs {neededBytes.ToString("N0", CultureInfo.InvariantCulture)} = {breakdown}; has {availableBytes.ToString("N0", CultureInfo.InvariantCulture)})\n{Diagnostics}",
            Diagnostics);

    [GeneratedRegex(@"region `(RAM|FLASH)' overflowed by (\d+) bytes")]
    private static partial Regex RegionOverflowed();

    [GeneratedRegex(@"will not fit in region `(RAM|FLASH)'")]
    private static partial Regex WillNotFit();
}
