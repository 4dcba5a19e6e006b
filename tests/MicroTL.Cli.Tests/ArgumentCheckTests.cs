// Every argument is checked before any work, in the command's terms (issue 16, cases 6 and 8). Before, demo --out
// FILE, transfer --out '' and experiment --hidden 100000000 failed only after the whole run (the last two as
// "unexpected failure" with .NET's wording); --out --quiet wrote a file named --quiet; --quiet=1 was an "unexpected
// argument"; a 10 MB value was printed whole; evaluate --dataset mnist needed the train files it does not read.
namespace MicroTL.Cli.Tests;

public sealed class ArgumentCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-arguments-").FullName;

    public ArgumentCheckTests() => File.WriteAllLines(PathOf("d.csv"), Enumerable.Range(0, 40).Select(i => $"{i % 2},{(i * 37 % 256) - 128}"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string[] Transfer(params string[] extra) =>
        ["transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", PathOf("d.csv"), "--classes", "2", "--quiet", .. extra];

    private static void AssertRefused(CliResult r, int exitCode, string expected)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}: {r.Stderr}");
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr); // and no progress line: nothing ran
        Assert.Contains(expected, r.Stderr.Split('\n')[0]);
        Assert.DoesNotContain("(Parameter '", r.Stderr);
        Assert.DoesNotContain("unexpected failure", r.Stderr);
    }

    [Theory]
    [InlineData(2, "transfer: --out is empty", "--out", "")]
    [InlineData(2, "transfer: --out needs a value, and '--quiet' is an option", "--out", "--quiet")]
    [InlineData(2, "transfer: --report needs a value, and '--header' is an option", "--out", "OUT", "--report", "--header", "h.h")]
    [InlineData(3, "head parameters (16->100000000->2) 7600000008 bytes", "--out", "OUT", "--hidden", "100000000")]
    [InlineData(2, "transfer: --quiet is a switch and takes no value ('--quiet=1')", "--out", "OUT", "--quiet=1")]
    public void Transfer_BadArgument_RefusedBeforeAnyWorkAndWritesNothing(int exitCode, string expected, params string[] extra)
    {
        CliResult r = CliRunner.Run(Transfer([.. extra.Select(a => a == "OUT" ? PathOf("o.tflite") : a)]));

        AssertRefused(r, exitCode, expected);
        Assert.Equal(["d.csv"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.False(File.Exists("--quiet"));
    }

    // The options of issue 17 (--html, --header NAME.h, --raw-int8, --csv, --row, dataset export) are checked as early as the others.
    [Theory]
    [InlineData("transfer: --html is empty", "transfer", "MODEL", "--data", "DATA", "--classes", "2", "--out", "OUT", "--html", "")]
    [InlineData("--header 'HDIR/h.txt' is not a header's name", "transfer", "MODEL", "--data", "DATA", "--classes", "2", "--out", "OUT", "--header", "HDIR/h.txt")]
    [InlineData("transfer --dataset quantizes the data set's windows", "transfer", "MODEL", "--dataset", "wisdm", "--classes", "A,B", "--samples-per-class", "5", "--raw-int8", "--out", "OUT")]
    [InlineData("evaluate: --raw-int8 is for --csv files", "evaluate", "MODEL", "--classes", "A,B", "--raw-int8")]
    [InlineData("evaluate: --csv takes its samples and labels from the file", "evaluate", "MODEL", "--csv", "DATA", "--classes", "A,B")]
    [InlineData("--row picks a line of a CSV input", "infer", "MODEL", "--input", "MODEL", "--row", "2", "--output", "OUT")]
    [InlineData("pretrain: --html is empty", "pretrain", "--classes", "A,B", "--subjects", "1600", "--out", "OUT", "--html", "")]
    [InlineData("dataset export: --out needs a value, and '--strict' is an option", "dataset", "export", "--out", "--strict")]
    [InlineData("'Q'", "dataset", "export", "--out", "OUT", "--classes", "Q")]
    public void NewOption_BadArgument_RefusedBeforeAnyWorkAndWritesNothing(string expected, params string[] args)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] run = [.. args.Select(a => a switch
        {
            "MODEL" => CliRunner.Model("hello_world_int8.tflite"), "DATA" => PathOf("d.csv"), "OUT" => PathOf("o.tflite"),
            _ => a.Replace("HDIR", _dir, StringComparison.Ordinal),
        })];

        CliResult r = CliRunner.Run(run);

        AssertRefused(r, 2, expected.Replace("HDIR", _dir, StringComparison.Ordinal));
        Assert.Equal(["d.csv"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
    }

    [Theory]
    [InlineData(2, "experiment: --lr 'NaN' is not a non-negative number", "--seeds", "1", "--lr", "NaN")]
    [InlineData(2, "experiment: --samples-per-class '0' has 0, below 1", "--seeds", "1", "--samples-per-class", "0")]
    [InlineData(2, "experiment: --seeds: ',' names no", "--seeds", ",")]
    [InlineData(3, "head parameters (142->100000000->6)", "--seeds", "1", "--hidden", "100000000")]
    [InlineData(3, "dequantized mini-batch", "--seeds", "1", "--batch", "100000")]
    public void Experiment_BadDeviceSetting_RefusedBeforeAnyPretraining(int exitCode, string expected, params string[] args)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        CliResult r = CliRunner.Run(["experiment", "new-activities", .. args]);

        AssertRefused(r, exitCode, expected);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}"); // before: after pretraining
    }

    [Fact]
    public void Demo_SamplesPerClassZero_RefusedBeforeAnyWork()
    {
        AssertRefused(CliRunner.Run("demo", "--samples-per-class", "0", "--out", PathOf("demo")), 2, "demo: --samples-per-class '0' must be at least 1");
        Assert.False(Directory.Exists(PathOf("demo")));
    }

    [Fact]
    public void Demo_DeviceTooSmall_RefusedBeforePretraining()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        CliResult r = CliRunner.Run("demo", "--device", "nrf52810", "--out", PathOf("demo"));

        AssertRefused(r, 3, "nrf52810 has 24576");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}"); // before: after pretraining
        Assert.False(Directory.Exists(PathOf("demo")));
    }

    [Theory]
    [InlineData("4294967296")]           // 2^32: taken as a number since the System.CommandLine rewrite (before: refused above 2^31)
    [InlineData("18446744073709551615")] // 2^64 - 1
    public void Transfer_SeedAbove2To31_Accepted(string seed)
    {
        CliResult r = CliRunner.Run(Transfer("--dry-run", "--seed", seed));

        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public void Transfer_SwitchWithTrue_Accepted()
    {
        CliResult r = CliRunner.Run(Transfer("--dry-run", "--quiet=true"));

        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public void Command_TenMegabyteValue_ErrorLineIsCutShort()
    {
        string huge = new('x', 10_000_000);

        CliResult r = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--dataset", "wisdm", "--classes", huge, "--subjects", "1600",
            "--samples-per-class", "5", "--out", PathOf("o.tflite"));

        Assert.Equal(2, r.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.True(r.Stderr.Length < 2 * ErrorReport.MaxLineChars + 200, $"{r.Stderr.Length} characters on stderr");
        Assert.Contains("characters)", r.Stderr);
    }

    [Theory]
    [InlineData("the value must be positive (Parameter 'MaxEpochs')", "the value must be positive")]
    [InlineData("epochs must be at most 1000. Actual value was 100000.", "epochs must be at most 1000.")]
    [InlineData("two\nlines", "two lines")]
    public void Clean_RuntimeWording_Removed(string message, string expected)
    {
        Assert.Equal(expected, ErrorReport.Clean(message));
    }

    [Fact]
    public void EvaluateMnist_FolderWithTheTestSplitOnly_Evaluates()
    {
        string mnist = TestFixtures.Folder("mnist"), t10k = Directory.CreateDirectory(PathOf("t10k-only")).FullName;
        foreach (string file in Directory.GetFiles(mnist, "t10k-*")) File.Copy(file, Path.Combine(t10k, Path.GetFileName(file)));
        CliResult pretrain = CliRunner.Run("pretrain", "--dataset", "mnist", "--data", mnist, "--classes", "0-1", "--mnist-per-class", "20", "--epochs", "1",
            "--out", PathOf("m.tflite"), "--quiet");
        Assert.True(pretrain.ExitCode == 0, pretrain.Stderr);

        CliResult r = CliRunner.Run("evaluate", PathOf("m.tflite"), "--dataset", "mnist", "--data", t10k, "--classes", "0-1");

        Assert.True(r.ExitCode == 0, r.Stderr); // before: "no MNIST file train-images-idx3-ubyte, train-labels-idx1-ubyte"
        Assert.Contains("accuracy", r.Stdout);
    }
}
