// The output set of a command: what each path is decides how it is written (a regular file replaced atomically, a
// device or pipe in place, a link's target replaced and the link kept), anything else and any two paths naming one
// file are refused before any work, the outputs are locked, and they are written together or the error says which were.
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class OutputSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string[] Entries() => [.. Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Commit_TwoOutputs_WritesBothAndLeavesNoTemporaryOrLockFile()
    {
        File.WriteAllText(PathOf("old.bin"), "old");
        using (var set = new OutputSet("test"))
        {
            OutputFile a = set.Output("--out", PathOf("old.bin")), b = set.Output("--report", PathOf("r.json"));
            set.Validate();
            a.WriteText("new");
            b.WriteText("{}");
            Assert.Equal("old", File.ReadAllText(PathOf("old.bin"))); // staged, not yet renamed

            Assert.Equal([PathOf("old.bin"), PathOf("r.json")], set.Commit());
        }

        Assert.Equal("new", File.ReadAllText(PathOf("old.bin")));
        Assert.Equal(["old.bin", "r.json"], Entries());
    }

    [Fact]
    public void Dispose_StagedButNotCommitted_LeavesTargetsAsTheyWere()
    {
        File.WriteAllText(PathOf("old.bin"), "old");
        using (var set = new OutputSet("test"))
        {
            OutputFile a = set.Output("--out", PathOf("old.bin")), b = set.Output("--report", PathOf("r.json"));
            set.Validate();
            a.WriteText("new");
            b.WriteText("{}");
        }

        Assert.Equal("old", File.ReadAllText(PathOf("old.bin")));
        Assert.Equal(["old.bin"], Entries());
    }

    [Fact]
    public void Commit_RenameFailsMidway_SaysWhatWasWrittenAndWhatNot()
    {
        using var set = new OutputSet("test");
        OutputFile a = set.Output("--out", PathOf("a.bin")), b = set.Output("--report", PathOf("b.json"));
        set.Validate();
        a.WriteText("a");
        b.WriteText("b");
        Directory.CreateDirectory(PathOf("b.json")); // the target became a folder after the checks: the rename fails

        var error = Assert.Throws<OutputCommitException>(() => set.Commit());

        Assert.Equal([PathOf("a.bin")], error.Written);
        Assert.Equal([PathOf("b.json")], error.NotWritten);
        Assert.Contains($"could not write --report {PathOf("b.json")}", error.Message);
        Assert.Contains($"written: {PathOf("a.bin")}; left as they were: {PathOf("b.json")}", error.Message);
        Assert.Equal("a", File.ReadAllText(PathOf("a.bin")));
    }

    [Fact]
    public void Stage_DiskFull_NothingWrittenAndNothingLeftBehind()
    {
        using ScratchMount? disk = ScratchMount.TryMount(16 * 1024);
        if (disk is null) return; // needs root and mount(8): a real full disk
        File.WriteAllText(Path.Combine(disk.Path, "old.bin"), "old");
        using (var set = new OutputSet("test"))
        {
            OutputFile small = set.Output("--out", Path.Combine(disk.Path, "old.bin"));
            OutputFile large = set.Output("--report", Path.Combine(disk.Path, "r.json"));
            set.Validate();
            small.WriteText("new");

            var error = Assert.Throws<OutputCommitException>(() => large.Write(new byte[64 * 1024]));

            Assert.Contains("no space left on the device", error.Message);
            Assert.Contains("nothing was written", error.Message);
            Assert.Empty(error.Written);
        }

        Assert.Equal("old", File.ReadAllText(Path.Combine(disk.Path, "old.bin")));
        Assert.Equal(["old.bin"], Directory.GetFileSystemEntries(disk.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Commit_CharacterDevice_WritesInPlaceAndKeepsTheDevice()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var set = new OutputSet("test");
        OutputFile devNull = set.Output("--out", "/dev/null");
        set.Validate();

        Assert.True(devNull.InPlace);
        devNull.WriteText("model bytes");
        set.Commit();

        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null").Kind);
    }

    [Fact]
    public void Commit_SymbolicLink_ReplacesItsTargetAndKeepsTheLink()
    {
        Directory.CreateDirectory(PathOf("real"));
        File.WriteAllText(PathOf("real/model.tflite"), "old");
        File.CreateSymbolicLink(PathOf("link.tflite"), Path.Combine("real", "model.tflite"));
        using (var set = new OutputSet("test"))
        {
            OutputFile link = set.Output("--out", PathOf("link.tflite"));
            set.Validate();
            Assert.Equal(PathOf("real/model.tflite"), link.TargetPath);
            link.WriteText("new");
            set.Commit();
        }

        Assert.NotNull(new FileInfo(PathOf("link.tflite")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("real/model.tflite")));
        Assert.Empty(Directory.GetFiles(PathOf("real"), ".*"));
    }

    [Theory]
    [InlineData("folder", "is a folder; give a file name")]
    [InlineData("missing/out.bin", "the folder")]
    [InlineData("file.txt/out.bin", "is a file, not a folder")]
    public void Validate_OutputPathUnusable_RefusesNamingIt(string output, string expected)
    {
        Directory.CreateDirectory(PathOf("folder"));
        File.WriteAllText(PathOf("file.txt"), "");
        using var set = new OutputSet("test");
        set.Output("--out", PathOf(output));

        var error = Assert.Throws<FilePathException>(set.Validate);

        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"test: --out {PathOf(output)}", error.Message);
    }

    [Fact]
    public void Validate_StoreOnADevice_Refuses()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var set = new OutputSet("test");
        set.Store("--store", "/dev/zero");

        var error = Assert.Throws<FilePathException>(set.Validate);

        Assert.Contains("--store /dev/zero is a character device; a store is a regular file", error.Message);
    }

    [Fact]
    public void Validate_InputMissingOrAFolder_Refuses()
    {
        using (var missing = new OutputSet("test"))
        {
            missing.Input("MODEL", PathOf("none.tflite"));
            Assert.Contains("MODEL", Assert.Throws<FileNotFoundException>(missing.Validate).Message);
        }

        using var folder = new OutputSet("test");
        folder.Input("--data", _dir);
        Assert.Contains("is a folder, not a file", Assert.Throws<FilePathException>(folder.Validate).Message);
    }

    [Fact]
    public void Validate_OutputInReadOnlyFolder_RefusesBeforeAnyWork()
    {
        using ScratchMount? readOnly = ScratchMount.TryMount(4096, readOnly: true);
        if (readOnly is null) return; // needs root and mount(8): root writes anywhere else
        using var set = new OutputSet("test");
        set.Output("--report", Path.Combine(readOnly.Path, "r.json"));

        var error = Assert.Throws<FilePathException>(set.Validate);

        Assert.Contains("read-only file system", error.Message);
    }

    public static TheoryData<string, string> SameFile => new()
    {
        { "x.bin", "./x.bin" },
        { "x.bin", "sub/../x.bin" },
        { "x.bin", "hard.bin" },
        { "x.bin", "soft.bin" },
    };

    [Theory]
    [MemberData(nameof(SameFile))]
    public void Validate_TwoOutputsNameOneFile_Refuses(string first, string second)
    {
        Directory.CreateDirectory(PathOf("sub"));
        File.WriteAllText(PathOf("x.bin"), "x");
        File.CreateSymbolicLink(PathOf("soft.bin"), "x.bin");
        if (OperatingSystem.IsLinux()) Link(PathOf("x.bin"), PathOf("hard.bin"));
        if (!File.Exists(PathOf("hard.bin")) && second == "hard.bin") return;
        using var set = new OutputSet("test");
        set.Output("--out", PathOf(first));
        set.Output("--report", Path.Combine(_dir, second));

        var error = Assert.Throws<FilePathException>(set.Validate);

        Assert.Contains("are the same file", error.Message);
        Assert.Equal("x", File.ReadAllText(PathOf("x.bin")));
    }

    [Fact]
    public void Validate_OutputOverInput_RefusedUnlessDeclaredAReplacement()
    {
        File.WriteAllText(PathOf("m.tflite"), "model");
        using (var refused = new OutputSet("test"))
        {
            refused.Input("MODEL", PathOf("m.tflite"));
            refused.Output("--output", PathOf("m.tflite"));
            Assert.Contains("MODEL", Assert.Throws<FilePathException>(refused.Validate).Message);
        }

        using var allowed = new OutputSet("test");
        OutputFile model = allowed.Input("MODEL", PathOf("m.tflite"))!;
        allowed.MayReplace(allowed.Output("--out", PathOf("m.tflite")), model);
        allowed.Validate();
    }

    [Fact]
    public void Validate_TwoInputsOneFile_Allowed()
    {
        File.WriteAllText(PathOf("d.csv"), "0,1");
        using var set = new OutputSet("test");
        set.Input("--data", PathOf("d.csv"));
        set.Input("--test", PathOf("d.csv"));

        set.Validate();
    }

    [Fact]
    public void Validate_OutputLockedByAnotherSet_FileInUseUntilItIsDisposed()
    {
        var first = new OutputSet("first");
        first.Store("--store", PathOf("s.bin"));
        first.Validate();

        using (var second = new OutputSet("second"))
        {
            second.Output("--out", PathOf("o.bin"));
            second.Store("--store", PathOf("s.bin"));
            var error = Assert.Throws<FileInUseException>(second.Validate);
            Assert.Equal($"second: --store {PathOf("s.bin")} is in use by another process (it holds {PathOf(".s.bin.microtl.lock")}); nothing was changed", error.Message);
        }

        Assert.True(File.Exists(PathOf(".s.bin.microtl.lock"))); // the refused set took nothing, and removed nothing
        Assert.False(File.Exists(PathOf(".o.bin.microtl.lock"))); // the lock it took before the refusal is gone
        first.Dispose();
        Assert.Empty(Entries());
        using var third = new OutputSet("third");
        third.Store("--store", PathOf("s.bin"));
        third.Validate();
    }

    [Fact]
    public void Folder_Missing_MadeAtTheFirstStageAndRemovedIfNothingWasCommitted()
    {
        using (var set = new OutputSet("test"))
        {
            OutputFile folder = set.Folder("--out", PathOf("demo"));
            OutputFile report = folder.File("report.json");
            set.Validate();
            Assert.False(Directory.Exists(PathOf("demo")));
            report.WriteText("{}");
            Assert.True(Directory.Exists(PathOf("demo")));
        }

        Assert.Empty(Entries());
    }

    [Fact]
    public void Folder_IsAFile_Refused()
    {
        File.WriteAllText(PathOf("demo"), "");
        using var set = new OutputSet("demo");
        set.Folder("--out", PathOf("demo")).File("report.json");

        Assert.Contains("is a file, not a folder", Assert.Throws<FilePathException>(set.Validate).Message);
    }

    // A hard link, by ln(1): a second name of the same inode.
    private static void Link(string existing, string created)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [existing, created]);
        ln.WaitForExit();
    }
}
