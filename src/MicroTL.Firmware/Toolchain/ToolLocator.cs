// Finds external programs on the PATH, with the Debian package to name when one is missing.
namespace MicroTL.Firmware.Toolchain;

/// <summary>The programs the firmware build uses, and where they are.</summary>
public static class ToolLocator
{
    /// <summary>The host C compiler the kernel tests build with.</summary>
    public static readonly ToolName HostGcc = new("gcc", "gcc");

    /// <summary>The Cortex-M cross compiler (and its newlib: <c>libnewlib-arm-none-eabi</c>).</summary>
    public static readonly ToolName ArmGcc = new("arm-none-eabi-gcc", "gcc-arm-none-eabi libnewlib-arm-none-eabi");

    /// <summary>GNU make, for building a generated project by hand (its Makefile); the C# driver does not need it.</summary>
    public static readonly ToolName Make = new("make", "make");

    /// <summary>The emulator that runs the firmware on the mps2-an386 board.</summary>
    public static readonly ToolName Qemu = new("qemu-system-arm", "qemu-system-arm");

    /// <summary>
    /// The full path of <paramref name="name"/> in the first directory of <paramref name="searchPath"/>
    /// (default: the PATH variable) that holds it as a file, or null.
    /// </summary>
    public static string? Find(string name, string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The full path of <paramref name="tool"/>.</summary>
    /// <exception cref="ToolNotFoundException">The tool is in no directory of the search path.</exception>
    public static string Require(ToolName tool, string? searchPath = null) =>
        Find(tool.Program, searchPath) ?? throw new ToolNotFoundException(tool.Program, tool.DebianPackage);
}

/// <summary>An external program and the Debian package(s) that install it.</summary>
/// <param name="Program">The executable's file name.</param>
/// <param name="DebianPackage">What to <c>apt-get install</c>.</param>
public sealed record ToolName(string Program, string DebianPackage);
