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

    /// <summary>
    /// Compiles <paramref name="sources"/> to objects in <paramref name="objectDirectory"/> (one <c>NAME.o</c> per
    /// <c>NAME.c</c>) in one call, with the flags of <see cref="BuildExecutable"/>, which accepts them as sources.
    /// </summary>
    /// <exception cref="ArgumentException">Two sources share a file name.</exception>
    /// <exception cref="ToolchainException">The compiler failed or ran past <paramref name="timeout"/> (default 2 min).</exception>
    public IReadOnlyList<string> Compile(IReadOnlyList<string> sources, IEnumerable<string> includeDirectories, string objectDirectory,
        IEnumerable<string>? defines = null, TimeSpan? timeout = null)
    {
        string[] objects = FirmwareCompiler.ObjectPaths(sources, objectDirectory);
        Directory.CreateDirectory(objectDirectory);
        var args = new List<string>(CompilerFlags.Common) { "-c" };
        args.AddRange((defines ?? []).Select(d => "-D" + d));
        args.AddRange(includeDirectories.Select(d => "-I" + d));
        args.AddRange(sources.Select(Path.GetFullPath));
        Gcc.Run(CompilerPath, args, Path.GetFullPath(objectDirectory), timeout ?? TimeSpan.FromMinutes(2), "compiling host sources");
        return objects;
    }

    /// <summary>Compiles the runtime's kernels, interpreter and session once for the host, for many projects' host builds.</summary>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public CompiledRuntime CompileRuntime(RuntimeTree runtime, string objectDirectory, IReadOnlyList<string>? defines = null)
    {
        defines ??= [];
        IReadOnlyList<string> objects = Compile([.. runtime.KernelSources, .. runtime.InterpreterSources, .. runtime.SessionSources],
            runtime.IncludeDirectories(forDevice: false), objectDirectory, defines);
        return new CompiledRuntime(objects, ForDevice: false, defines);
    }
}
