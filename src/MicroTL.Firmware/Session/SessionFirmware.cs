// A transfer session as firmware, end to end on the host's toolchain: generate the model's and the session's C, write
// the project, compile once, link for mps2-an386 (to run) and the nRF52840 (to prove the fit), run it under QEMU (or
// the host build with gcc) on a samples file, and read back what it printed and wrote.
using MicroTL.Features;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Session;

/// <summary>The two links of a session firmware: the one QEMU runs, and the nRF52840's (null when it does not fit, with why).</summary>
/// <param name="Qemu">Linked for mps2-an386.</param>
/// <param name="Nrf52840">Linked for the nRF52840, or null when it does not fit.</param>
/// <param name="Nrf52840Overflow">Why the nRF52840 link failed, or null.</param>
public sealed record SessionImages(FirmwareImage Qemu, FirmwareImage? Nrf52840, FirmwareOverflowException? Nrf52840Overflow);

/// <summary>One run of a session firmware: the folder of its files, its report, and the platform's (QEMU only).</summary>
/// <param name="Directory">The run folder (samples.bin in, store.bin and the others out).</param>
/// <param name="Report">What the firmware printed.</param>
/// <param name="Platform">Instructions of main, stack high-water mark, heap: null on the host.</param>
/// <param name="Stdout">Everything it printed.</param>
public sealed record SessionRun(string Directory, SessionRunReport Report, PlatformReport? Platform, string Stdout);

/// <summary>A generated session firmware project and how to build and run it.</summary>
public sealed class SessionFirmware
{
    private SessionFirmware(FirmwareProject project, SessionPlan plan)
    {
        Project = project;
        Plan = plan;
    }

    /// <summary>The file in the run folder that keeps what the firmware printed.</summary>
    public const string LogFileName = "firmware.log";

    /// <summary>The project on disk.</summary>
    public FirmwareProject Project { get; }

    /// <summary>The plan it was generated from.</summary>
    public SessionPlan Plan { get; }

    /// <summary>Generates the model's and the session's C and writes the project into <paramref name="directory"/>.</summary>
    /// <exception cref="FirmwareGenerationException">An operator or type the C interpreter lacks.</exception>
    public static SessionFirmware Write(string directory, SessionPlan plan, ModelIdentity identity, FirmwareBuildOptions? options = null)
    {
        GeneratedModel model = ModelCodeGenerator.Generate(plan.Model, identity);
        GeneratedSession session = SessionCodeGenerator.Generate(plan, model);
        return new SessionFirmware(FirmwareProject.WriteSession(directory, model, session, options), plan);
    }

    /// <summary>Compiles once and links for both targets; a firmware that does not fit the nRF52840 is reported, not thrown.</summary>
    /// <exception cref="ToolchainException">The compiler or the mps2-an386 link failed.</exception>
    public SessionImages Build(FirmwareCompiler compiler, FirmwareBuildOptions? options = null, CompiledRuntime? runtime = null)
    {
        CompiledFirmware compiled = Project.Compile(compiler, options, runtime);
        FirmwareImage qemu = compiled.Link(FirmwareTarget.Mps2An386);
        try
        {
            return new SessionImages(qemu, compiled.Link(FirmwareTarget.Nrf52840), null);
        }
        catch (FirmwareOverflowException overflow)
        {
            return new SessionImages(qemu, null, overflow);
        }
    }

    /// <summary>
    /// Writes the run folder <c>run/</c> (emptied first): <c>samples.bin</c> of <paramref name="train"/> then <paramref name="test"/>,
    /// and with <paramref name="flashImage"/> the store's flash as <c>flash.bin</c>; what <c>make run</c> and <see cref="Run"/> read.
    /// </summary>
    /// <exception cref="ArgumentException">A sample's input is not the model's input tensor's size.</exception>
    public string WriteRunFolder(IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test, byte[]? flashImage = null) =>
        WriteRunFolder("run", train, test, flashImage);

    /// <summary>
    /// Runs <paramref name="image"/> under QEMU in the project's <c>run/</c> folder on <paramref name="train"/> and
    /// <paramref name="test"/> (with <paramref name="flashImage"/> as the store's flash, when given).
    /// </summary>
    /// <exception cref="ToolchainException">QEMU ran past <paramref name="timeout"/>, or the firmware printed no report.</exception>
    public SessionRun Run(QemuRunner qemu, FirmwareImage image, IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test,
        TimeSpan timeout, byte[]? flashImage = null)
    {
        string directory = WriteRunFolder("run", train, test, flashImage);
        FirmwareRun run = qemu.Run(image, directory, timeout);
        File.WriteAllText(Path.Combine(directory, LogFileName), run.Stdout + run.Process.Stderr);
        if (run.TimedOut)
            throw new ToolchainException($"the session firmware ran past {timeout.TotalSeconds:0} s under QEMU and was stopped; its output:\n{run.Stdout}");
        return new SessionRun(directory, Parse(run.Stdout, run.Process.Stderr), run.Report, run.Stdout);
    }

    /// <summary>Builds the same program for this machine with gcc and runs it in <c>run-host/</c>.</summary>
    /// <exception cref="ToolchainException">The compiler failed, or the program ran past <paramref name="timeout"/>.</exception>
    public SessionRun RunOnHost(HostCompiler compiler, IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test, TimeSpan timeout,
        byte[]? flashImage = null, CompiledRuntime? runtime = null)
    {
        string executable = Project.BuildHost(compiler, runtime: runtime);
        string directory = WriteRunFolder("run-host", train, test, flashImage);
        ProcessResult result = ProcessRunner.Run(executable, [], directory, timeout);
        if (result.TimedOut)
            throw new ToolchainException($"the host build of the session ran past {timeout.TotalSeconds:0} s and was stopped; its output:\n{result.Stdout}");
        return new SessionRun(directory, Parse(result.Stdout, result.Stderr), null, result.Stdout);
    }

    private string WriteRunFolder(string name, IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test, byte[]? flashImage)
    {
        string directory = Path.Combine(Project.Directory, name);
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        TfLite.TensorInfo input = Plan.Model.MainSubgraph.Tensors[Plan.Model.MainSubgraph.Inputs[0]];
        SessionSamplesFile.Write(directory, checked((int)input.ByteCount), train, test);
        if (flashImage is not null) File.WriteAllBytes(Path.Combine(directory, "flash.bin"), flashImage);
        return directory;
    }

    private static SessionRunReport Parse(string stdout, string stderr)
    {
        try
        {
            return SessionRunReport.Parse(stdout);
        }
        catch (FormatException e)
        {
            throw new ToolchainException($"the session firmware printed no report ({e.Message}); stderr:\n{stderr}", e);
        }
    }
}
