// Builds a firmware ELF with arm-none-eabi-gcc: the runtime's platform and kernels plus the
// application's sources, compiled and linked in one call for a target's memory map.
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
        FirmwareMemoryMap map = FirmwareMemoryMap.Of(target);
        var args = new List<string>();
        args.AddRange(CompilerFlags.CortexM4F);
        args.AddRange(CompilerFlags.Common);
        args.AddRange(CompilerFlags.Sections);
        args.AddRange(options.Defines.Select(d => "-D" + d));
        args.Add("-I" + runtime.PlatformDirectory);
        args.Add("-I" + runtime.KernelsDirectory);
        args.AddRange(options.IncludeDirectories.Select(d => "-I" + d));
        args.AddRange(runtime.PlatformSources);
        args.AddRange(runtime.KernelSources);
        args.AddRange(applicationSources);
        args.AddRange(CompilerFlags.FirmwareLink);
        // The target script INCLUDEs mtl_sections.ld, found through -L.
        args.Add("-L" + runtime.PlatformDirectory);
        args.Add("-T" + Path.Combine(runtime.PlatformDirectory, map.LinkerScript));
        args.Add($"-Wl,--defsym=__stack_size={options.StackBytes}");
        args.Add($"-Wl,--defsym=__heap_min_size={options.HeapMinBytes}");
        args.Add("-o");
        args.Add(outputPath);
        args.Add("-lm");
        return args;
    }

    /// <summary>Compiles and links the runtime and <paramref name="applicationSources"/> into <paramref name="outputPath"/>.</summary>
    /// <exception cref="ToolchainException">The compiler or linker failed (the message holds its diagnostics,
    /// e.g. a RAM or flash overflow of the target) or ran past the timeout.</exception>
    public FirmwareImage Build(FirmwareTarget target, RuntimeTree runtime, IEnumerable<string> applicationSources,
        string outputPath, FirmwareBuildOptions? options = null)
    {
        options ??= new FirmwareBuildOptions();
        IReadOnlyList<string> args = Arguments(target, runtime, applicationSources, outputPath, options);
        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Gcc.Run(CompilerPath, args, directory, options.Timeout, $"building firmware for {target}");
        return new FirmwareImage(Path.GetFullPath(outputPath), target);
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
