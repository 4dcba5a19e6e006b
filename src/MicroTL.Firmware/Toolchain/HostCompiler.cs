// Builds a host executable from the runtime's kernels with the machine's gcc and the firmware's
// code-generation flags, so the kernels can be checked against the C# engine without an emulator.
namespace MicroTL.Firmware.Toolchain;

/// <summary>The host C compiler (gcc).</summary>
public sealed class HostCompiler
{
    private HostCompiler(string compilerPath) => CompilerPath = compilerPath;

    /// <summary>Full path of gcc.</summary>
    public string CompilerPath { get; }

    /// <summary>Finds gcc on <paramref name="searchPath"/> (default: PATH).</summary>
    /// <exception cref="ToolNotFoundException">It is not installed.</exception>
    public static HostCompiler Locate(string? searchPath = null) => new(ToolLocator.Require(ToolLocator.HostGcc, searchPath));

    /// <summary>
    /// Compiles <paramref name="sources"/> with <see cref="CompilerFlags.Common"/> and links them (with libm)
    /// into the executable <paramref name="outputPath"/>; <paramref name="defines"/> are passed as <c>-D</c>.
    /// </summary>
    /// <exception cref="ToolchainException">The compiler failed or ran past <paramref name="timeout"/> (default 2 min).</exception>
    public string BuildExecutable(IEnumerable<string> sources, IEnumerable<string> includeDirectories, string outputPath,
        IEnumerable<string>? defines = null, TimeSpan? timeout = null)
    {
        var args = new List<string>(CompilerFlags.Common);
        args.AddRange((defines ?? []).Select(d => "-D" + d));
        args.AddRange(includeDirectories.Select(d => "-I" + d));
        args.AddRange(sources);
        args.Add("-o");
        args.Add(outputPath);
        args.Add("-lm");
        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Gcc.Run(CompilerPath, args, directory, timeout ?? TimeSpan.FromMinutes(2), "building a host executable");
        return Path.GetFullPath(outputPath);
    }
}
