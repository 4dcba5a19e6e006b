// Builds a firmware ELF with arm-none-eabi-gcc: the runtime's platform and kernels plus the
// application's sources, compiled and linked in one call for a target's memory map, or compiled once
// to objects and linked for each target (the flags of CompilerFlags either way).
namespace MicroTL.Firmware.Toolchain;

/// <summary>The Cortex-M4F cross compiler (Debian's gcc-arm-none-eabi with newlib).</summary>
public sealed class FirmwareCompiler
{
    private FirmwareCompiler(string compilerPath) => CompilerPath = compilerPath;

    /// <summary>Full path of arm-none-eabi-gcc.</summary>
    public string CompilerPath { get; }

    /// <summary>Finds arm-none-eabi-gcc on <paramref name="searchPath"/> (default: PATH).</summary>
    /// <exception cref="ToolNotFoundException">It is not installed.</exception>
    public static FirmwareCompiler Locate(string? searchPath = null) => new(ToolLocator.Require(ToolLocator.ArmGcc, searchPath));

    /// <summary>The full argument list <see cref="Build"/> passes to the compiler.</summary>
    public static IReadOnlyList<string> Arguments(FirmwareTarget target, RuntimeTree runtime,
        IEnumerable<string> applicationSources, string outputPath, FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        var args = new List<string>(CompileFlags(runtime, options));
        args.AddRange(runtime.PlatformSources);
        args.AddRange(runtime.KernelSources);
        args.AddRange(applicationSources);
        args.AddRange(LinkFlags(target, runtime, outputPath, options));
        return args;
    }

    /// <summary>Compiles and links the runtime and <paramref name="applicationSources"/> into <paramref name="outputPath"/>.</summary>
    /// <exception cref="FirmwareOverflowException">The firmware does not fit the target's RAM or flash.</exception>
    /// <exception cref="ToolchainException">The compiler or linker failed (the message holds its diagnostics)
    /// or ran past the timeout.</exception>
    public FirmwareImage Build(FirmwareTarget target, RuntimeTree runtime, IEnumerable<string> applicationSources,
        string outputPath, FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        IReadOnlyList<string> args = Arguments(target, runtime, applicationSources, outputPath, options);
        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Gcc.Run(CompilerPath, args, directory, options.Timeout, $"building firmware for {target}", target);
        return new FirmwareImage(Path.GetFullPath(outputPath), target);
    }

    /// <summary>
    /// Compiles <paramref name="sources"/> (C files; the runtime's are not added) to objects in
    /// <paramref name="objectDirectory"/>, one <c>NAME.o</c> per <c>NAME.c</c>, in one compiler call. The flags do not
    /// depend on the target, so the objects link for every target (<see cref="Link"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Two sources share a file name (their objects would collide).</exception>
    /// <exception cref="ToolchainException">The compiler failed or ran past the timeout.</exception>
    public IReadOnlyList<string> Compile(RuntimeTree runtime, IReadOnlyList<string> sources, string objectDirectory,
        FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        string[] objects = ObjectPaths(sources, objectDirectory);
        Directory.CreateDirectory(objectDirectory);
        var args = new List<string>(CompileFlags(runtime, options)) { "-c" };
        args.AddRange(sources.Select(Path.GetFullPath));
        Gcc.Run(CompilerPath, args, Path.GetFullPath(objectDirectory), options.Timeout, "compiling firmware sources");
        return objects;
    }

    /// <summary>
    /// Compiles the runtime's platform, kernels, interpreter and session once (<see cref="Compile"/>), for many projects to
    /// link against (the linker drops what a firmware does not call).
    /// </summary>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public CompiledRuntime CompileRuntime(RuntimeTree runtime, string objectDirectory, FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        IReadOnlyList<string> objects = Compile(runtime,
            [.. runtime.PlatformSources, .. runtime.KernelSources, .. runtime.InterpreterSources, .. runtime.SessionSources],
            objectDirectory, options);
        return new CompiledRuntime(objects, ForDevice: true, options.Defines);
    }

    /// <summary>Links <paramref name="objects"/> for <paramref name="target"/> into <paramref name="outputPath"/>.</summary>
    /// <exception cref="FirmwareOverflowException">The firmware does not fit the target's RAM or flash.</exception>
    /// <exception cref="ToolchainException">The linker failed otherwise, or ran past the timeout.</exception>
    public FirmwareImage Link(FirmwareTarget target, RuntimeTree runtime, IEnumerable<string> objects, string outputPath,
        FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        var args = new List<string>(CompilerFlags.CortexM4F);
        args.AddRange(objects);
        args.AddRange(LinkFlags(target, runtime, outputPath, options));
        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        Gcc.Run(CompilerPath, args, directory, options.Timeout, $"linking firmware for {target}", target);
        return new FirmwareImage(Path.GetFullPath(outputPath), target);
    }

    /// <summary>The object file of each source in <paramref name="objectDirectory"/>.</summary>
    /// <exception cref="ArgumentException">Two sources share a file name.</exception>
    public static string[] ObjectPaths(IReadOnlyList<string> sources, string objectDirectory)
    {
        string? duplicate = sources.GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
            throw new ArgumentException($"two sources are named {duplicate}; their objects would overwrite each other", nameof(sources));
        return sources.Select(s => Path.Combine(Path.GetFullPath(objectDirectory), Path.ChangeExtension(Path.GetFileName(s), ".o"))).ToArray();
    }

    private static List<string> CompileFlags(RuntimeTree runtime, FirmwareBuildOptions options)
    {
        var args = new List<string>();
        args.AddRange(CompilerFlags.CortexM4F);
        args.AddRange(CompilerFlags.Common);
        args.AddRange(CompilerFlags.Sections);
        args.AddRange(options.Defines.Select(d => "-D" + d));
        args.AddRange(runtime.IncludeDirectories(forDevice: true).Select(d => "-I" + d));
        args.AddRange(options.IncludeDirectories.Select(d => "-I" + d));
        return args;
    }

    private static List<string> LinkFlags(FirmwareTarget target, RuntimeTree runtime, string outputPath, FirmwareBuildOptions options)
    {
        FirmwareMemoryMap map = FirmwareMemoryMap.Of(target);
        var args = new List<string>(CompilerFlags.FirmwareLink)
        {
            // The target script INCLUDEs mtl_sections.ld, found through -L.
            "-L" + runtime.PlatformDirectory,
            "-T" + Path.Combine(runtime.PlatformDirectory, map.LinkerScript),
            $"-Wl,--defsym=__stack_size={options.StackBytes}",
            $"-Wl,--defsym=__heap_min_size={options.HeapMinBytes}",
            "-o",
            outputPath,
            "-lm",
        };
        return args;
    }
}

/// <summary>A linked firmware ELF and the target it was linked for.</summary>
/// <param name="ElfPath">Full path of the ELF file.</param>
/// <param name="Target">The memory map it was linked for.</param>
public sealed record FirmwareImage(string ElfPath, FirmwareTarget Target)
{
    /// <summary>Its section sizes (see <see cref="ElfSizes.Read"/>).</summary>
    public ElfSizes Sizes() => ElfSizes.Read(ElfPath, FirmwareMemoryMap.Of(Target));
}
