// Thrown when an external tool the firmware needs (a compiler, QEMU) is not on the PATH.
namespace MicroTL.Firmware.Toolchain;

/// <summary>An external program is missing; the message names it and the Debian package that installs it.</summary>
public sealed class ToolNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="tool"/>, installed by <paramref name="debianPackage"/>.</summary>
    public ToolNotFoundException(string tool, string debianPackage)
        : base($"{tool} not found on PATH; install it with: apt-get install {debianPackage}")
    {
        Tool = tool;
        DebianPackage = debianPackage;
    }

    /// <summary>The program's name, e.g. <c>arm-none-eabi-gcc</c>.</summary>
    public string Tool { get; }

    /// <summary>The Debian package that provides it, e.g. <c>gcc-arm-none-eabi</c>.</summary>
    public string DebianPackage { get; }
}
