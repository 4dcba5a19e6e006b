// A generated firmware project on disk: the runtime, the model's C and an application (the model runner, or a transfer
// session with its generated settings), with a Makefile, and the C# way to build the same files (compile once, link for
// each target; or with gcc for the host).
using System.Globalization;
using MicroTL.Firmware.Session;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Generation;

/// <summary>
/// A folder holding a buildable firmware of one model: <c>runtime/</c> (platform, kernels, interpreter, session, the apps in
/// <c>app/</c>), <c>model/</c> (<c>model.h</c>, <c>model.c</c>), for a session <c>session/</c> (<c>session_config.h</c>,
/// <c>session_config.c</c>), and a <c>Makefile</c>. Its application is the model runner (<see cref="Write"/>) or the
/// session firmware (<see cref="WriteSession"/>).
/// </summary>
public sealed class FirmwareProject
{
    private FirmwareProject(string directory, RuntimeTree runtime, GeneratedModel model, GeneratedSession? session)
    {
        Directory = directory;
        Runtime = runtime;
        Model = model;
        Session = session;
        ModelDirectory = Path.Combine(directory, "model");
        ModelSource = Path.Combine(ModelDirectory, GeneratedModel.SourceFileName);
        SessionDirectory = Path.Combine(directory, "session");
    }

    /// <summary>The project's folder.</summary>
    public string Directory { get; }

    /// <summary>The runtime under <c>runtime/</c>.</summary>
    public RuntimeTree Runtime { get; }

    /// <summary>The generated model.</summary>
    public GeneratedModel Model { get; }

    /// <summary>The generated session, or null for a model runner project.</summary>
    public GeneratedSession? Session { get; }

    /// <summary>The folder of <c>model.h</c> and <c>model.c</c>.</summary>
    public string ModelDirectory { get; }

    /// <summary>The generated <c>model.c</c>.</summary>
    public string ModelSource { get; }

    /// <summary>The folder of the generated session's files (a session project only).</summary>
    public string SessionDirectory { get; }

    /// <summary>The project's Makefile.</summary>
    public string Makefile => Path.Combine(Directory, "Makefile");

    /// <summary>The host executable's file name: <c>model_runner</c> or <c>session</c>.</summary>
    public string ExecutableName => Session is null ? "model_runner" : "session";

    /// <summary>The C files of the application: the model runner's main, or the session runtime, its settings and its main.</summary>
    public IReadOnlyList<string> ApplicationSources => Session is null
        ? [Runtime.ModelRunnerSource]
        : [.. Runtime.SessionSources, Path.Combine(SessionDirectory, GeneratedSession.SourceFileName), .. Runtime.SessionAppSources];

    /// <summary>Every C file of the device build: platform, kernels, interpreter, model, application.</summary>
    public IReadOnlyList<string> DeviceSources =>
        [.. Runtime.PlatformSources, .. Runtime.KernelSources, .. Runtime.InterpreterSources, ModelSource, .. ApplicationSources];

    /// <summary>Every C file of the host build: kernels, interpreter, model, application (no platform).</summary>
    public IReadOnlyList<string> HostSources =>
        [.. Runtime.KernelSources, .. Runtime.InterpreterSources, ModelSource, .. ApplicationSources];

    /// <summary>The project's own include folders (beside the runtime's): the model's, and the session's.</summary>
    public IReadOnlyList<string> IncludeDirectories => Session is null ? [ModelDirectory] : [ModelDirectory, SessionDirectory];

    /// <summary>Writes the runtime, <paramref name="model"/> and a Makefile (with <paramref name="options"/>' stack and heap) into <paramref name="directory"/>.</summary>
    public static FirmwareProject Write(string directory, GeneratedModel model, FirmwareBuildOptions? options = null) =>
        Create(directory, model, null, options);

    /// <summary>Writes the runtime, <paramref name="model"/>, <paramref name="session"/>'s settings and a Makefile of the session firmware.</summary>
    public static FirmwareProject WriteSession(string directory, GeneratedModel model, GeneratedSession session, FirmwareBuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Create(directory, model, session, options);
    }

    private static FirmwareProject Create(string directory, GeneratedModel model, GeneratedSession? session, FirmwareBuildOptions? options)
    {
        string root = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(root);
        RuntimeTree runtime = RuntimeSources.WriteTo(Path.Combine(root, "runtime"));
        var project = new FirmwareProject(root, runtime, model, session);
        model.WriteTo(project.ModelDirectory);
        session?.WriteTo(project.SessionDirectory);
        File.WriteAllText(project.Makefile, MakefileWriter.Write(project, options ?? new FirmwareBuildOptions()));
        return project;
    }

    /// <summary>
    /// Compiles the device sources once (to <c>build/obj</c>); link the result for each target. With
    /// <paramref name="runtime"/> (<see cref="FirmwareCompiler.CompileRuntime"/>, the same defines) only the model and
    /// the application's own files are compiled, and linked with the runtime's objects.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is the host's or has other defines.</exception>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public CompiledFirmware Compile(FirmwareCompiler compiler, FirmwareBuildOptions? options = null, CompiledRuntime? runtime = null)
    {
        options ??= new FirmwareBuildOptions();
        options = options with { IncludeDirectories = [.. options.IncludeDirectories, .. IncludeDirectories] };
        runtime?.RequireMatch(forDevice: true, options.Defines);
        string objectDirectory = Path.Combine(Directory, "build", "obj");
        IReadOnlyList<string> objects = runtime is null
            ? compiler.Compile(Runtime, DeviceSources, objectDirectory, options)
            : [.. RuntimeObjects(runtime), .. compiler.Compile(Runtime, OwnSources(), objectDirectory, options)];
        return new CompiledFirmware(this, compiler, objects, options);
    }

    /// <summary>
    /// Builds the application for this machine with gcc (<c>build/host/</c><see cref="ExecutableName"/>); with
    /// <paramref name="runtime"/> (<see cref="HostCompiler.CompileRuntime"/>, the same defines) from its objects.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is the device's or has other defines.</exception>
    /// <exception cref="ToolchainException">The compiler failed.</exception>
    public string BuildHost(HostCompiler compiler, IReadOnlyList<string>? defines = null, CompiledRuntime? runtime = null)
    {
        defines ??= [];
        runtime?.RequireMatch(forDevice: false, defines);
        string output = Path.Combine(Directory, "build", "host", ExecutableName);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        IReadOnlyList<string> sources = runtime is null ? HostSources : [.. runtime.Objects, .. OwnSources()];
        return compiler.BuildExecutable(sources, [.. Runtime.IncludeDirectories(forDevice: false), .. IncludeDirectories], output, defines);
    }

    /// <summary>
    /// The compiled runtime's objects this project links: all of them for a session, without the session runtime's for the
    /// model runner (as its Makefile links it: the same objects in the same order give the same image).
    /// </summary>
    private IEnumerable<string> RuntimeObjects(CompiledRuntime runtime)
    {
        if (Session is not null) return runtime.Objects;
        var session = Runtime.SessionSources.Select(s => Path.ChangeExtension(Path.GetFileName(s), ".o")).ToHashSet(StringComparer.Ordinal);
        return runtime.Objects.Where(o => !session.Contains(Path.GetFileName(o)));
    }

    /// <summary>The sources a compiled runtime does not hold: the model and the application's own files.</summary>
    private IReadOnlyList<string> OwnSources() => [ModelSource, .. ApplicationSources.Where(s => !Runtime.SessionSources.Contains(s))];
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
