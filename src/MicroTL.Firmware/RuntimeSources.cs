// The C runtime (Runtime/platform, Runtime/kernels, Runtime/interpreter, Runtime/session, Runtime/app) carried in this assembly as resources, so a
// tool can write it into a generated firmware project without the repository beside it.
using System.Reflection;

namespace MicroTL.Firmware;

/// <summary>The embedded C sources, headers and linker scripts of the firmware runtime.</summary>
public static class RuntimeSources
{
    private const string Prefix = "MicroTL.Firmware.Runtime/";
    private static readonly Assembly Assembly = typeof(RuntimeSources).Assembly;

    /// <summary>Every file, as a path relative to the runtime root with '/' separators (e.g. <c>kernels/conv2d_s8.c</c>), sorted.</summary>
    public static IReadOnlyList<string> Files { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The text of one file of <see cref="Files"/>.</summary>
    /// <exception cref="ArgumentException">No such file in the runtime.</exception>
    public static string ReadText(string relativePath)
    {
        using Stream stream = Assembly.GetManifestResourceStream(Prefix + relativePath)
            ?? throw new ArgumentException($"the firmware runtime has no file '{relativePath}' (it has {Files.Count}: {string.Join(", ", Files)})", nameof(relativePath));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes every file under <paramref name="directory"/> (created if needed), keeping the folders.</summary>
    public static RuntimeTree WriteTo(string directory)
    {
        foreach (string file in Files)
        {
            string path = Path.Combine(directory, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, ReadText(file));
        }
        return new RuntimeTree(Path.GetFullPath(directory));
    }
}

/// <summary>A runtime written to disk by <see cref="RuntimeSources.WriteTo"/>: where its parts are.</summary>
/// <param name="Root">The folder holding <c>platform/</c>, <c>kernels/</c>, <c>interpreter/</c>, <c>session/</c> and <c>app/</c>.</param>
public sealed record RuntimeTree(string Root)
{
    /// <summary>Startup code, platform services and the linker scripts.</summary>
    public string PlatformDirectory => Path.Combine(Root, "platform");

    /// <summary>The kernels and their headers.</summary>
    public string KernelsDirectory => Path.Combine(Root, "kernels");

    /// <summary>The interpreter that runs a generated model on the kernels.</summary>
    public string InterpreterDirectory => Path.Combine(Root, "interpreter");

    /// <summary>The device core of a transfer session: store, log, split, trainer, the session itself.</summary>
    public string SessionDirectory => Path.Combine(Root, "session");

    /// <summary>Programs built from the runtime and a generated model (the model runner, the session firmware).</summary>
    public string AppDirectory => Path.Combine(Root, "app");

    /// <summary>The platform's C files (device builds only).</summary>
    public IReadOnlyList<string> PlatformSources => CFiles(PlatformDirectory);

    /// <summary>The kernels' C files (device and host builds).</summary>
    public IReadOnlyList<string> KernelSources => CFiles(KernelsDirectory);

    /// <summary>The interpreter's C files (device and host builds of a generated model).</summary>
    public IReadOnlyList<string> InterpreterSources => CFiles(InterpreterDirectory);

    /// <summary>The session's C files (device and host builds of a generated session).</summary>
    public IReadOnlyList<string> SessionSources => CFiles(SessionDirectory);

    /// <summary>The model runner's main (<c>app/mtl_model_runner.c</c>): runs a generated model on inputs from files.</summary>
    public string ModelRunnerSource => Path.Combine(AppDirectory, "mtl_model_runner.c");

    /// <summary>The session firmware's main and its samples source (<c>app/mtl_session_app.c</c>, <c>app/mtl_samples_file.c</c>).</summary>
    public IReadOnlyList<string> SessionAppSources => [Path.Combine(AppDirectory, "mtl_session_app.c"), Path.Combine(AppDirectory, "mtl_samples_file.c")];

    /// <summary>The include folders of a build of the runtime's C (the platform's only on the device).</summary>
    public IReadOnlyList<string> IncludeDirectories(bool forDevice) => forDevice
        ? [PlatformDirectory, KernelsDirectory, InterpreterDirectory, SessionDirectory, AppDirectory]
        : [KernelsDirectory, InterpreterDirectory, SessionDirectory, AppDirectory];

    private static string[] CFiles(string directory)
    {
        string[] files = Directory.GetFiles(directory, "*.c");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
