// A generated firmware project on disk: the runtime, the model's C and the model runner, with a Makefile,
// and the C# way to build the same files (compile once, link for each target; or with gcc for the host).
using System.Globalization;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Generation;

/// <summary>
/// A folder holding a buildable firmware of one model: <c>runtime/</c> (platform, kernels, interpreter, the model
/// runner in <c>app/</c>), <c>model/</c> (<c>model.h</c>, <c>model.c</c>) and a <c>Makefile</c>.
/// </summary>
public sealed class FirmwareProject
{
    private FirmwareProject(string directory, RuntimeTree runtime, GeneratedModel model)
    {
        Directory = directory;
        Runtime = runtime;
        Model = model;
        ModelDirectory = Path.Combine(directory, "model");
        ModelSource = Path.Combine(ModelDirectory, GeneratedModel.SourceFileName);
    }

    /// <summary>The project's folder.</summary>
    public string Directory { get; }

    /// <summary>The runtime under <c>runtime/</c>.</summary>
    public RuntimeTree Runtime { get; }

    /// <summary>The generated model.</summary>
    public GeneratedModel Model { get; }

    /// <summary>The folder of <c>model.h</c> and <c>model.c</c>.</summary>
    public string ModelDirectory { get; }

    /// <summary>The generated <c>model.c</c>.</summary>
    public string ModelSource { get; }

    /// <summary>The project's Makefile.</summary>
    public string Makefile => Path.Combine(Directory, "Makefile");

    /// <summary>Every C file of the device build: platform, kernels, interpreter, model, model runner.</summary>
    public IReadOnlyList<string> DeviceSources =>
        [.. Runtime.PlatformSources, .. Runtime.KernelSources, .. Runtime.InterpreterSources, ModelSource, Runtime.ModelRunnerSource];

    /// <summary>Every C file of the host build: kernels, interpreter, model, model runner (no platform).</summary>
    public IReadOnlyList<string> HostSources =>
        [.. Runtime.KernelSources, .. Runtime.InterpreterSources, ModelSource, Runtime.ModelRunnerSource];

    /// <summary>Writes the runtime, <paramref name="model"/> and a Makefile (with <paramref name="options"/>' stack and heap) into <paramref name="directory"/>.</summary>
    public static FirmwareProject Write(string directory, GeneratedModel model, FirmwareBuildOptions? options = null)
    {
        string root = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(root);
        RuntimeTree runtime = RuntimeSources.WriteTo(Path.Combine(root, "runtime"));
        var project = new FirmwareProject(root, runtime, model);
        model.WriteTo(project.ModelDirectory);
        File.WriteAllText(project.Makefile, MakefileWriter.Write(project, options ?? new FirmwareBuildOptions()));
        return project;
    }

    /// <summary>
    /// Compiles the device sources once (to <c>build/obj</c>); link the result for each target. With
    /// <paramref name="runtime"/> (<see cref="FirmwareCompiler.CompileRuntime"/>, the same defines) only the model and
    /// the runner are compiled, and linked with the runtime's objects.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is the host's or has other defines.</exception>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public CompiledFirmware Compile(FirmwareCompiler compiler, FirmwareBuildOptions? options = null, CompiledRuntime? runtime = null)
    {
        options = WithModelIncludes(options);
        runtime?.RequireMatch(forDevice: true, options.Defines);
        string objectDirectory = Path.Combine(Directory, "build", "obj");
        IReadOnlyList<string> objects = runtime is null
            ? compiler.Compile(Runtime, DeviceSources, objectDirectory, options)
            : [.. runtime.Objects, .. compiler.Compile(Runtime, [ModelSource, Runtime.ModelRunnerSource], objectDirectory, options)];
        return new CompiledFirmware(this, compiler, objects, options);
    }

    /// <summary>
    /// Builds the model runner for this machine with gcc (<c>build/host/model_runner</c>); with <paramref name="runtime"/>
    /// (<see cref="HostCompiler.CompileRuntime"/>, the same defines) from its objects.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is the device's or has other defines.</exception>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public string BuildHost(HostCompiler compiler, IReadOnlyList<string>? defines = null, CompiledRuntime? runtime = null)
    {
        defines ??= [];
        runtime?.RequireMatch(forDevice: false, defines);
        string output = Path.Combine(Directory, "build", "host", "model_runner");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        IReadOnlyList<string> sources = runtime is null ? HostSources : [.. runtime.Objects, ModelSource, Runtime.ModelRunnerSource];
        return compiler.BuildExecutable(sources, [Runtime.KernelsDirectory, Runtime.InterpreterDirectory, ModelDirectory], output, defines);
    }

    private FirmwareBuildOptions WithModelIncludes(FirmwareBuildOptions? options)
    {
        options ??= new FirmwareBuildOptions();
        return options with { IncludeDirectories = [.. options.IncludeDirectories, ModelDirectory] };
    }
}

/// <summary>A project's objects, ready to link for any target.</summary>
public sealed class CompiledFirmware
{
    private readonly FirmwareProject project;
    private readonly FirmwareCompiler compiler;
    private readonly IReadOnlyList<string> objects;
    private readonly FirmwareBuildOptions options;

    internal CompiledFirmware(FirmwareProject project, FirmwareCompiler compiler, IReadOnlyList<string> objects, FirmwareBuildOptions options) =>
        (this.project, this.compiler, this.objects, this.options) = (project, compiler, objects, options);

    /// <summary>
    /// Links for <paramref name="target"/> into <c>build/&lt;target&gt;/firmware.elf</c>. When the firmware does not fit
    /// the nRF52840, the error says by how many bytes, measured from a link for mps2-an386 (whose larger RAM and flash
    /// hold it): .data + .bss + the heap minimum + the stack against the RAM, or the flash image against the flash.
    /// </summary>
    /// <exception cref="FirmwareOverflowException">The firmware does not fit <paramref name="target"/>.</exception>
    /// <exception cref="ToolchainException">The linker failed otherwise.</exception>
    public FirmwareImage Link(FirmwareTarget target)
    {
        string folder = target == FirmwareTarget.Nrf52840 ? "nrf52840" : "mps2_an386";
        string output = Path.Combine(project.Directory, "build", folder, "firmware.elf");
        try
        {
            return compiler.Link(target, project.Runtime, objects, output, options);
        }
        catch (FirmwareOverflowException overflow) when (target != FirmwareTarget.Mps2An386)
        {
            throw Measured(overflow, Link(FirmwareTarget.Mps2An386).Sizes());
        }
    }

    private FirmwareOverflowException Measured(FirmwareOverflowException overflow, ElfSizes sizes)
    {
        FirmwareMemoryMap map = FirmwareMemoryMap.Of(overflow.Target), large = FirmwareMemoryMap.Of(FirmwareTarget.Mps2An386);
        if (overflow.Region == "FLASH")
            return overflow.WithMeasurement(sizes.FlashBytes, map.FlashBytes, $"{N(sizes.FlashBytes)} bytes of code, constants and the .data image");
        // Both maps start RAM at the same address with the same section layout, so .data and .bss end at the same place.
        ulong end = sizes.Sections.Where(s => s.InRam && s.Name != ".stack").Select(s => s.Address + (ulong)s.Bytes).DefaultIfEmpty(large.RamOrigin).Max();
        long staticBytes = ((long)(end - large.RamOrigin) + 7) / 8 * 8;
        long needed = staticBytes + options.HeapMinBytes + options.StackBytes;
        return overflow.WithMeasurement(needed, map.RamBytes,
            $"static data {N(staticBytes)} (.data {N(sizes.DataBytes)}, .bss {N(sizes.BssBytes)}, alignment) + heap minimum {N(options.HeapMinBytes)} + stack {N(options.StackBytes)}");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
