// Where a command writes (issue 16, cases 2, 4 and 5): an output that is not a regular file is never replaced by
// one (a device or a pipe is written in place, a link's target is replaced and the link kept, a folder is refused);
// two paths of a command that name one file are refused before any work; and a command's outputs are written all
// together, so a failure leaves every file as it was or says which were written.
using System.Text.Json;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class OutputPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-outputs-").FullName;

    public OutputPathTests()
    {
        File.WriteAllLines(PathOf("d.csv"), Enumerable.Range(0, 40).Select(i => $"{i % 2},{(i * 37 % 256) - 128}"));
        File.Copy(CliRunner.Model("hello_world_int8.tflite"), PathOf("m.tflite"));
        File.WriteAllBytes(PathOf("in.bin"), [0x20]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string[] Transfer(params string[] extra) => ["transfer", PathOf("m.tflite"), "--data", PathOf("d.csv"), "--classes", "2", "--quiet", .. extra];

    private static void AssertRefusedBeforeWork(CliResult r, string expected)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains(expected, r.Stderr.Split('\n')[0]);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Transfer_OutputsToDevNull_WrittenInPlaceAndTheDeviceStays()
    {
        if (!OperatingSystem.IsLinux()) return;

        CliResult r = CliRunner.Run(Transfer("--out", "/dev/null", "--report", "/dev/null", "--html", "/dev/null"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null").Kind);
        Assert.Empty(Directory.GetFiles("/dev", ".null*"));
    }

    [Fact]
    public async Task Infer_OutputIsANamedPipe_WrittenInPlaceAndThePipeStays()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(0, CliRunner.Run("infer", PathOf("m.tflite"), "--input", PathOf("in.bin"), "--output", PathOf("expected.bin")).ExitCode);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [PathOf("pipe")])) await mkfifo.WaitForExitAsync();
        Task<byte[]> reader = Task.Run(() => File.ReadAllBytes(PathOf("pipe"))); // blocks until the writer opens the pipe

        CliResult r = CliRunner.Run("infer", PathOf("m.tflite"), "--input", PathOf("in.bin"), "--output", PathOf("pipe"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(File.ReadAllBytes(PathOf("expected.bin")), await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(FileNodeKind.Pipe, FileNode.Of(PathOf("pipe")).Kind);
    }

    [Fact]
    public async Task Infer_OutputToStdout_WrittenThroughTheDescriptorBeforeTheSummaryLine()
    {
        if (!OperatingSystem.IsLinux()) return;

        // /dev/stdout leads to this process's descriptor 1 (here a pipe to the test; a shell's "> file" alike): written through, never replaced.
        CliResult r = await CliProcess.RunAsync(TimeSpan.FromSeconds(60), "infer", PathOf("m.tflite"), "--input", PathOf("in.bin"), "--output", "/dev/stdout");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.NotEqual('o', r.Stdout[0]); // the output tensor's byte
        Assert.StartsWith("output t", r.Stdout[1..]);
    }

    [Fact]
    public void Infer_OutputIsASymbolicLink_ItsTargetIsReplacedAndTheLinkKept()
    {
        Directory.CreateDirectory(PathOf("real"));
        File.WriteAllText(PathOf("real/out.bin"), "old");
        File.CreateSymbolicLink(PathOf("out.bin"), Path.Combine("real", "out.bin"));

        CliResult r = CliRunner.Run("infer", PathOf("m.tflite"), "--input", PathOf("in.bin"), "--output", PathOf("out.bin"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.NotNull(new FileInfo(PathOf("out.bin")).LinkTarget);
        Assert.Single(File.ReadAllBytes(PathOf("real/out.bin"))); // the int8 output tensor, one byte
    }

    [Fact]
    public void Transfer_OutIsAFolder_RefusedBeforeAnyWork()
    {
        Directory.CreateDirectory(PathOf("folder"));

        CliResult r = CliRunner.Run(Transfer("--out", PathOf("folder")));

        AssertRefusedBeforeWork(r, $"transfer: --out {PathOf("folder")} is a folder");
    }

    // {d} stands for the test's folder.
    public static TheoryData<string, string[]> Collisions => new()
    {
        { "MODEL {d}/m.tflite and --output {d}/m.tflite", ["infer", "{d}/m.tflite", "--input", "{d}/in.bin", "--output", "{d}/m.tflite"] },
        { "--store {d}/X and --out {d}/X", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/X", "--store", "{d}/X"] },
        { "--out {d}/o.tflite and --report {d}/o.tflite", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.tflite", "--report", "{d}/o.tflite"] },
        { "--out {d}/o.h and --header {d}/./o.h", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.h", "--header", "{d}/./o.h"] },
        // --header NAME.h writes NAME.c beside it: that path joins the checks too.
        { "--out {d}/o.c and the C source of --header {d}/o.c", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.c", "--header", "{d}/o.h"] },
        { "--store {d}/s.c and the C source of --header {d}/s.c", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.tflite", "--store", "{d}/s.c", "--header", "{d}/s.h"] },
        { "--out {d}/o.tflite and --html {d}/./o.tflite", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.tflite", "--html", "{d}/./o.tflite"] },
        { "--report {d}/r.json and --html {d}/r.json", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/o.tflite", "--report", "{d}/r.json", "--html", "{d}/r.json"] },
        { "--out {d}/o.tflite and --html {d}/o.tflite", ["pretrain", "--classes", "A,B", "--subjects", "1600", "--out", "{d}/o.tflite", "--html", "{d}/o.tflite"] },
        { "--input {d}/d.csv and --output {d}/./d.csv", ["infer", "{d}/m.tflite", "--input", "{d}/d.csv", "--output", "{d}/./d.csv"] },
        { "--data {d}/d.csv and --out {d}/d.csv", ["transfer", "{d}/m.tflite", "--data", "{d}/d.csv", "--classes", "2", "--out", "{d}/d.csv"] },
        { "--out {d}/p.tflite and --report {d}/p.tflite", ["pretrain", "--classes", "A,B", "--subjects", "1600", "--out", "{d}/p.tflite", "--report", "{d}/p.tflite"] },
        { "--report {d}/r and --html {d}/r", ["experiment", "new-activities", "--seeds", "1", "--report", "{d}/r", "--html", "{d}/r"] },
    };

    [Theory]
    [MemberData(nameof(Collisions))]
    public void Command_TwoPathsNameOneFile_RefusedBeforeAnyWorkAndNothingChanges(string expected, string[] args)
    {
        File.WriteAllText(PathOf("o.tflite"), "old");
        string before = Listing();

        CliResult r = CliRunner.Run([.. args.Select(a => a.Replace("{d}", _dir, StringComparison.Ordinal))]);

        AssertRefusedBeforeWork(r, $"{expected.Replace("{d}", _dir, StringComparison.Ordinal)} are the same file");
        Assert.Equal(before, Listing());
    }

    private string Listing() => string.Join(",", Directory.GetFiles(_dir).Order(StringComparer.Ordinal).Select(f => $"{f}:{Convert.ToHexString(File.ReadAllBytes(f))}"));

    [Fact]
    public void Transfer_OutIsTheModelRead_RedeploysOverIt()
    {
        byte[] before = File.ReadAllBytes(PathOf("m.tflite"));

        CliResult r = CliRunner.Run(Transfer("--out", PathOf("m.tflite")));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.NotEqual(before, File.ReadAllBytes(PathOf("m.tflite"))); // the adapted model replaced the one read
    }

    [Fact]
    public void Transfer_ReportInAReadOnlyFolder_RefusedBeforeAnyWorkAndTheDeployedModelStays()
    {
        using ScratchMount? readOnly = ScratchMount.TryMount(4096, readOnly: true);
        if (readOnly is null) return; // needs root and mount(8): root writes in any folder that is not on a read-only file system
        File.Copy(PathOf("m.tflite"), PathOf("old.tflite"));

        CliResult r = CliRunner.Run(Transfer("--out", PathOf("old.tflite"), "--report", Path.Combine(readOnly.Path, "r.json")));

        AssertRefusedBeforeWork(r, "read-only file system");
        Assert.Equal(File.ReadAllBytes(PathOf("m.tflite")), File.ReadAllBytes(PathOf("old.tflite")));
    }

    [Fact]
    public void Transfer_ReportFailsToWrite_NothingIsWrittenAndTheErrorSaysSo()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.Copy(PathOf("m.tflite"), PathOf("old.tflite"));

        // /dev/full is written in place, before any rename, and fails as a full disk does.
        CliResult r = CliRunner.Run(Transfer("--out", PathOf("old.tflite"), "--report", "/dev/full", "--header", PathOf("h.h")));

        Assert.Equal(2, r.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains("could not write --report /dev/full (no space left on the device); nothing was written", r.Stderr);
        Assert.Equal(File.ReadAllBytes(PathOf("m.tflite")), File.ReadAllBytes(PathOf("old.tflite")));
        Assert.False(File.Exists(PathOf("h.h")));
        Assert.False(File.Exists(PathOf("h.c")));
        Assert.Empty(Directory.GetFiles(_dir, ".*"));
    }

    [Fact]
    public void Transfer_HeaderGiven_WritesTheHeaderAndItsSourceWithTheOtherOutputsAndListsWhatWasWritten()
    {
        CliResult r = CliRunner.Run(Transfer("--out", PathOf("o.tflite"), "--header", PathOf("h.h"), "--report", PathOf("r.json"), "--html", PathOf("r.html")));

        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] written = [PathOf("o.tflite"), PathOf("h.h"), PathOf("h.c"), PathOf("r.json"), PathOf("r.html")];
        Assert.All(written, f => Assert.True(File.Exists(f), f));
        Assert.Contains("#include \"h.h\"", File.ReadAllText(PathOf("h.c")));
        // The 'wrote' line is what the output set committed, in its order.
        Assert.Equal($"wrote      {string.Join(", ", written)}", r.Stdout.Split('\n').Single(l => l.StartsWith("wrote", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(_dir, ".*")); // no lock or staged file left
    }

    [Fact]
    public void Transfer_HeadersSourceLockedByAnotherRun_RefusedBeforeAnyWorkAndNothingWritten()
    {
        using FileLock held = FileLock.Acquire(PathOf("h.c"), "another run's output");

        CliResult r = CliRunner.Run(Transfer("--out", PathOf("o.tflite"), "--header", PathOf("h.h")));

        AssertRefusedBeforeWork(r, $"the C source of --header {PathOf("h.c")} is in use by another process");
        Assert.False(File.Exists(PathOf("o.tflite")));
        Assert.False(File.Exists(PathOf("h.h")));
    }

    [Fact]
    public void Transfer_HeaderNotEndingInDotH_RefusedBeforeAnyWork()
    {
        // --header NAME.h names two files (NAME.h, NAME.c): a device such as /dev/null has no .c beside it, so it is refused, not written in place.
        CliResult r = CliRunner.Run(Transfer("--out", PathOf("o.tflite"), "--header", "/dev/null"));

        AssertRefusedBeforeWork(r, "--header '/dev/null' is not a header's name");
        Assert.False(File.Exists(PathOf("o.tflite")));
    }

    [Fact]
    public void Transfer_HtmlFailsToWrite_NothingIsWritten()
    {
        if (!OperatingSystem.IsLinux()) return;

        CliResult r = CliRunner.Run(Transfer("--out", PathOf("o.tflite"), "--header", PathOf("h.h"), "--html", "/dev/full"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("could not write --html /dev/full (no space left on the device); nothing was written", r.Stderr);
        Assert.Equal(["d.csv", "in.bin", "m.tflite"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DatasetExport_OutIsDevNull_WrittenInPlaceAndTheDeviceStays()
    {
        if (!OperatingSystem.IsLinux()) return;

        CliResult r = CliRunner.Run("dataset", "export", "--out", "/dev/null", "--classes", "A,B", "--subjects", "1600");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("wrote /dev/null: ", r.Stdout);
        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null").Kind);
        Assert.Empty(Directory.GetFiles("/dev", ".null*"));
    }

    [Fact]
    public void DatasetExport_OutIsAFolder_RefusedBeforeTheDataIsRead()
    {
        Directory.CreateDirectory(PathOf("folder"));

        CliResult r = CliRunner.Run("dataset", "export", "--out", PathOf("folder"));

        AssertRefusedBeforeWork(r, $"dataset export: --out {PathOf("folder")} is a folder");
    }

    [Fact]
    public void DatasetExport_OutIsOneOfTheWisdmFilesRead_RefusedAndTheFileStays()
    {
        Directory.CreateDirectory(PathOf("wisdm"));
        string file = Path.Combine(PathOf("wisdm"), "data_1600_accel_watch.txt");
        File.WriteAllLines(file, Enumerable.Range(0, 300).Select(i => $"1600,A,{i * 50_000_000L},1,2,3;"));
        byte[] before = File.ReadAllBytes(file);

        CliResult r = CliRunner.Run("dataset", "export", "--data", PathOf("wisdm"), "--out", file);

        AssertRefusedBeforeWork(r, $"--data {file} and --out {file} are the same file");
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void Demo_DiskFullWhileWritingItsReports_WritesNoneOfThem()
    {
        using ScratchMount? disk = ScratchMount.TryMount(48 * 1024);
        if (disk is null) return; // needs root and mount(8) for a small disk
        string outDir = Path.Combine(disk.Path, "demo");

        CliResult r = CliRunner.Run("demo", "--out", outDir, "--epochs", "1", "--samples-per-class", "5", "--quiet");

        Assert.Equal(2, r.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains("no space left on the device); nothing was written", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path)); // no folder, no half of the reports, no temporary or lock file
    }

    [Fact]
    public void Demo_OutIsAnExistingFile_RefusedBeforeAnyWork()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        CliResult r = CliRunner.Run("demo", "--out", PathOf("d.csv"));

        AssertRefusedBeforeWork(r, $"demo: --out {PathOf("d.csv")} is a file, not a folder");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}"); // before: after the whole run
    }

    [Fact]
    public void Transfer_ReportFromASuccessfulRun_HoldsTheStoreCountsEvenWhenNothingWasSkipped()
    {
        CliResult r = CliRunner.Run(Transfer("--out", PathOf("o.tflite"), "--report", PathOf("r.json"), "--store", PathOf("s.bin")));

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("r.json")));
        Assert.Equal(0, report.RootElement.GetProperty("store").GetProperty("corruptRecordsSkipped").GetInt32());
        Assert.Empty(Directory.GetFiles(_dir, ".*"));
    }
}
