// Nothing dropped in silence (issue 16, case 7). Before, a corrupt record skipped on reopening a store was reported
// nowhere ("plus 321 records reopened"), and a malformed line inside a WISDM file was skipped by evaluate, transfer,
// pretrain and experiment with exit 0 and not a word. Now stderr says what was skipped, with the file and line (or
// the record slot) and the count, the JSON reports carry the counts, and --strict refuses instead.
using System.Text.Json;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class SkippedDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-skipped-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>The embedded data as text files, with one malformed line planted as line 3 of subject 1600's file.</summary>
    private string WisdmWithAMalformedLine()
    {
        string data = Directory.CreateDirectory(PathOf("wisdm")).FullName;
        EmbeddedWisdmText.Write(data);
        string file = Path.Combine(data, "data_1600_accel_watch.txt");
        List<string> lines = [.. File.ReadLines(file)];
        lines.Insert(2, "1600,A,1,oops,3;");
        File.WriteAllLines(file, lines);
        return data;
    }

    private static void AssertWarned(CliResult r, string command, string data)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"warning: {command}: skipped 1 malformed line(s) in the WISDM files of {data} (--strict refuses them):", r.Stderr);
        Assert.Contains($"  {Path.Combine(data, "data_1600_accel_watch.txt")}:3: values '1,oops,3' are not three finite numbers", r.Stderr);
    }

    private static void AssertSkippedInReport(JsonElement report, string data)
    {
        JsonElement skipped = report.GetProperty("skipped");
        Assert.Equal(data, skipped.GetProperty("folder").GetString());
        Assert.Equal(1, skipped.GetProperty("malformedLines").GetInt64());
        Assert.StartsWith($"{Path.Combine(data, "data_1600_accel_watch.txt")}:3:", skipped.GetProperty("firstMalformed")[0].GetString());
    }

    [Fact]
    public void PretrainAndEvaluate_MalformedWisdmLine_WarnedWithFileLineAndCountAndReported()
    {
        string data = WisdmWithAMalformedLine();

        CliResult pretrain = CliRunner.Run("pretrain", "--data", data, "--classes", "A,B", "--subjects", "1600-1602", "--epochs", "1",
            "--out", PathOf("p.tflite"), "--report", PathOf("p.json"), "--quiet");
        CliResult evaluate = CliRunner.Run("evaluate", PathOf("p.tflite"), "--data", data, "--classes", "A,B", "--subjects", "1600", "--json");

        AssertWarned(pretrain, "pretrain", data);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("p.json")))) AssertSkippedInReport(report.RootElement, data);
        AssertWarned(evaluate, "evaluate", data);
        using (JsonDocument json = JsonDocument.Parse(evaluate.Stdout)) AssertSkippedInReport(json.RootElement, data);

        CliResult transfer = CliRunner.Run("transfer", PathOf("p.tflite"), "--dataset", "wisdm", "--data", data, "--classes", "A,B", "--subjects", "1600",
            "--samples-per-class", "5", "--out", PathOf("t.tflite"), "--report", PathOf("t.json"), "--quiet");
        AssertWarned(transfer, "transfer", data);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("t.json")))) AssertSkippedInReport(report.RootElement, data);
    }

    [Theory]
    [InlineData("pretrain", "--classes", "A,B", "--subjects", "1600", "--epochs", "1", "--out", "OUT")]
    [InlineData("transfer", "MODEL", "--dataset", "wisdm", "--classes", "A,B", "--subjects", "1600", "--samples-per-class", "5", "--out", "OUT")]
    [InlineData("experiment", "new-activities", "--seeds", "1", "--samples-per-class", "5", "--epochs", "1", "--report", "OUT")]
    [InlineData("demo", "--epochs", "1", "--samples-per-class", "5", "--out", "OUT")]
    public void Command_MalformedWisdmLineStrict_RefusedBeforeAnyWorkNamingIt(params string[] args)
    {
        string data = WisdmWithAMalformedLine();
        string[] run = [.. args.Select(a => a switch { "OUT" => PathOf("out"), "MODEL" => CliRunner.Model("hello_world_int8.tflite"), _ => a }), "--data", data, "--strict"];

        CliResult r = CliRunner.Run(run);

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains($"error: {args[0]}: 1 malformed line(s) in the WISDM files of {data}; the first: {Path.Combine(data, "data_1600_accel_watch.txt")}:3:", r.Stderr);
        Assert.False(File.Exists(PathOf("out")) || Directory.Exists(PathOf("out")));
    }

    [Fact]
    public void DatasetExport_MalformedWisdmLine_WarnedAndWithStrictRefusedWritingNothing()
    {
        string data = WisdmWithAMalformedLine();
        string[] export = ["dataset", "export", "--data", data, "--classes", "A,B", "--subjects", "1600", "--out", PathOf("w.csv")];

        CliResult warned = CliRunner.Run(export);
        File.Delete(PathOf("w.csv"));
        CliResult strict = CliRunner.Run([.. export, "--strict"]);

        AssertWarned(warned, "dataset export", data);
        Assert.Equal(2, strict.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(strict.Stderr);
        Assert.Contains($"error: dataset export: 1 malformed line(s) in the WISDM files of {data}; the first: {Path.Combine(data, "data_1600_accel_watch.txt")}:3:", strict.Stderr);
        Assert.False(File.Exists(PathOf("w.csv")));
    }

    [Fact]
    public void Transfer_StoreWithACorruptRecord_WarnedWithItsSlotAndCountedInTheReport()
    {
        string store = PathOf("s.bin"), data = PathOf("d.csv");
        File.WriteAllLines(data, Enumerable.Range(0, 40).Select(i => $"{i % 2},{(i * 37 % 256) - 128}"));
        string[] transfer = ["transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--classes", "2", "--store", store, "--quiet"];
        Assert.Equal(0, CliRunner.Run([.. transfer, "--out", PathOf("first.tflite")]).ExitCode);
        byte[] image = File.ReadAllBytes(store);
        image[RecordsOffset + 3 * SlotBytes + 20] ^= 0x10; // a feature byte of slot 3: its CRC no longer matches
        File.WriteAllBytes(store, image);
        Assert.Equal(3, LoadedRecovery(store).FirstCorruptSlot);

        CliResult strict = CliRunner.Run([.. transfer, "--out", PathOf("strict.tflite"), "--strict"]);
        CliResult warned = CliRunner.Run([.. transfer, "--out", PathOf("second.tflite"), "--report", PathOf("r.json")]);

        Assert.Equal(2, strict.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(strict.Stderr);
        Assert.Contains($"error: transfer: --store {store} holds 1 corrupt record(s) in the middle of its log (the first in slot 3)", strict.Stderr);
        Assert.False(File.Exists(PathOf("strict.tflite")));
        Assert.True(warned.ExitCode == 0, warned.Stderr);
        Assert.Contains($"warning: transfer: --store {store} holds 1 corrupt record(s) in the middle of its log (the first in slot 3), each a lost sample", warned.Stderr);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(PathOf("r.json")));
        Assert.Equal(1, report.RootElement.GetProperty("store").GetProperty("corruptRecordsSkipped").GetInt32());
        Assert.True(LoadedRecovery(store).WasClean); // the run repaired the log
    }

    // hello_world's cut has 16 features: a record slot is 28 + 16 bytes after the 48-byte header (4-byte program units).
    private const int RecordsOffset = 48, SlotBytes = 44;

    private static FeatureLogRecovery LoadedRecovery(string store)
    {
        using FileFlashMedium medium = FileFlashMedium.Open(store, FlashGeometry.Nrf52840, readOnly: true);
        return FeatureStore.Load(medium).Recovery;
    }
}
