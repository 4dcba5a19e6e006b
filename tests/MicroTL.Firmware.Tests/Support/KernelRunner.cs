// Builds Native/kernel_runner.c with the runtime's kernels once per test run (for the host with gcc,
// for mps2-an386 with arm-none-eabi-gcc) and runs it on a batch of cases.
using System.Collections.Concurrent;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Support;

internal static class KernelRunner
{
    // One build per set of defines, shared by every test of the run.
    private static readonly ConcurrentDictionary<string, Lazy<string>> HostExecutables = new();
    private static readonly ConcurrentDictionary<string, Lazy<FirmwareImage>> TargetImages = new();

    /// <summary>A folder of this test run, deleted when the process exits.</summary>
    public static string WorkDirectory { get; } = CreateWorkDirectory();

    private static readonly Lazy<RuntimeTree> Runtime = new(() => RuntimeSources.WriteTo(Path.Combine(WorkDirectory, "runtime")));

    public static RuntimeTree RuntimeTree => Runtime.Value;

    public static string NativeSource(string fileName) => Path.Combine(AppContext.BaseDirectory, "Native", fileName);

    /// <summary>A new empty folder under <see cref="WorkDirectory"/>.</summary>
    public static string NewDirectory(string name)
    {
        string path = Path.Combine(WorkDirectory, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs the cases through the host build (with <paramref name="defines"/>); one output per case.</summary>
    public static byte[][] RunOnHost(IReadOnlyList<KernelCase> cases, params string[] defines)
    {
        string directory = WriteCases(cases, "host");
        string executable = HostExecutables.GetOrAdd(string.Join(' ', defines), _ => new Lazy<string>(() => BuildHost(defines))).Value;
        ProcessResult result = ProcessRunner.Run(executable, [], directory, TimeSpan.FromSeconds(60));
        Assert.False(result.TimedOut, "the host kernel runner timed out");
        Assert.True(result.ExitCode == 0, $"the host kernel runner exited with {result.ExitCode}: {result.Stderr}");
        return ReadResults(directory, cases.Count);
    }

    /// <summary>Runs the cases through the firmware build (with <paramref name="defines"/>) under QEMU; one output per case.</summary>
    public static byte[][] RunOnTarget(IReadOnlyList<KernelCase> cases, params string[] defines)
    {
        string directory = WriteCases(cases, "qemu");
        FirmwareImage image = TargetImages.GetOrAdd(string.Join(' ', defines), _ => new Lazy<FirmwareImage>(() => BuildTarget(defines))).Value;
        FirmwareRun run = QemuRunner.Locate().Run(image, directory, TimeSpan.FromSeconds(60));
        Assert.False(run.TimedOut, "the firmware kernel runner timed out under QEMU");
        Assert.True(run.ExitCode == 0, $"the firmware kernel runner exited with {run.ExitCode}: {run.Stdout} {run.Process.Stderr}");
        return ReadResults(directory, cases.Count);
    }

    private static string BuildHost(string[] defines)
    {
        string directory = NewDirectory("host-build");
        RuntimeTree runtime = RuntimeTree;
        return HostCompiler.Locate().BuildExecutable(
            [.. runtime.KernelSources, NativeSource("kernel_runner.c")], [runtime.KernelsDirectory],
            Path.Combine(directory, "kernel_runner"), defines);
    }

    private static FirmwareImage BuildTarget(string[] defines)
    {
        string directory = NewDirectory("target-build");
        return FirmwareCompiler.Locate().Build(FirmwareTarget.Mps2An386, RuntimeTree, [NativeSource("kernel_runner.c")],
            Path.Combine(directory, "kernel_runner.elf"), new FirmwareBuildOptions { Defines = defines });
    }

    private static string WriteCases(IReadOnlyList<KernelCase> cases, string name)
    {
        string directory = NewDirectory(name);
        using var writer = new BinaryWriter(File.Create(Path.Combine(directory, "cases.bin")));
        foreach (KernelCase c in cases) c.WriteTo(writer);
        return directory;
    }

    private static byte[][] ReadResults(string directory, int count)
    {
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(directory, "results.bin")));
        var outputs = new byte[count][];
        for (int i = 0; i < count; i++) outputs[i] = reader.ReadBytes(reader.ReadInt32());
        Assert.Equal(reader.BaseStream.Length, reader.BaseStream.Position);
        return outputs;
    }

    private static string CreateWorkDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"microtl-firmware-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        };
        return path;
    }
}
