// Facts that need external tools: skipped with a reason on a machine without them, but run (and so
// failed) under CI=true, because CI must prove the C kernels and the firmware on the real toolchain.
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Support;

/// <summary>Marks a test that compiles C for the host with gcc.</summary>
public sealed class HostGccFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when gcc is missing and CI is not <c>true</c>.</summary>
    public HostGccFactAttribute() => Skip = ToolFacts.SkipReason(ToolLocator.HostGcc);
}

/// <summary>Marks a test that builds firmware with arm-none-eabi-gcc and runs it under qemu-system-arm.</summary>
public sealed class FirmwareFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when a tool is missing and CI is not <c>true</c>.</summary>
    public FirmwareFactAttribute() => Skip = ToolFacts.SkipReason(ToolLocator.ArmGcc, ToolLocator.Qemu);
}

/// <summary>A theory that compiles C for the host with gcc (see <see cref="HostGccFactAttribute"/>).</summary>
public sealed class HostGccTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when gcc is missing and CI is not <c>true</c>.</summary>
    public HostGccTheoryAttribute() => Skip = ToolFacts.SkipReason(ToolLocator.HostGcc);
}

/// <summary>A theory that builds firmware and runs it under QEMU (see <see cref="FirmwareFactAttribute"/>).</summary>
public sealed class FirmwareTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when a tool is missing and CI is not <c>true</c>.</summary>
    public FirmwareTheoryAttribute() => Skip = ToolFacts.SkipReason(ToolLocator.ArmGcc, ToolLocator.Qemu);
}

/// <summary>A test that builds a generated project with its Makefile and runs it under QEMU.</summary>
public sealed class FirmwareMakeFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when a tool is missing and CI is not <c>true</c>.</summary>
    public FirmwareMakeFactAttribute() => Skip = ToolFacts.SkipReason(ToolLocator.ArmGcc, ToolLocator.Qemu, ToolLocator.Make, ToolLocator.HostGcc);
}

internal static class ToolFacts
{
    public static string? SkipReason(params ToolName[] tools)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return null;
        ToolName[] missing = tools.Where(t => ToolLocator.Find(t.Program) is null).ToArray();
        return missing.Length == 0 ? null
            : $"{string.Join(", ", missing.Select(t => t.Program))} not found on PATH (apt-get install {string.Join(' ', missing.Select(t => t.DebianPackage))}); under CI=true this test fails instead";
    }
}
