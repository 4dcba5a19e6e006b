// What a new user trips over (issue 17): hints that name only the command's own options, largest saving
// first; progress in a log (stderr not a terminal) that shows where a phase ends and no line twice; the
// flash figure of inspect explained; a device profile copied from --list-devices used as it is.
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroTL.Cli.Commands;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class NewUserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-newuser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Transfer_OverRam_HintPricesItsOwnOptionsLargestSavingFirst()
    {
        CliResult result = CliRunner.Run("transfer", CliRunner.Model("test_conv_model.tflite"), "--dry-run", "--hidden", "8", "--store-in-ram", "--stopping", "patience");

        Assert.Equal(3, result.ExitCode);
        string hint = HintOf(result);
        Assert.Contains("--stopping fixed saves", hint); // patience keeps the best epoch's weights; fixed epochs need no copy
        Assert.DoesNotContain("--no-snapshot", hint);    // the rollback costs no RAM
        Assert.Contains("--optimizer sgd saves", hint);
        Assert.Contains("together fit", hint);
        long[] savings = [.. Regex.Matches(hint, @"(--[a-z-]+(?: \S+)?) saves ([\d,]+) bytes").Select(m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];
        Assert.True(savings.Length >= 4, hint);
        Assert.Equal(savings.OrderDescending(), savings);
        AssertOnlyOptionsOf("transfer", hint);
    }

    [Fact]
    public void Transfer_OverRam_TheHintsCombinationFits()
    {
        CliResult refused = CliRunner.Run("transfer", CliRunner.Model("test_conv_model.tflite"), "--dry-run", "--hidden", "8", "--store-in-ram", "--stopping", "patience");
        Match together = Regex.Match(HintOf(refused), "; ((?:--[a-z-]+(?: (?!--)[^ ;]+)? ?)+) together fit");
        Assert.True(together.Success, HintOf(refused));

        // The refused run's --stopping patience gives way to the hint's --stopping fixed, when the hint names it.
        string[] hinted = together.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] stopping = hinted.Contains("--stopping") ? [] : ["--stopping", "patience"];
        CliResult accepted = CliRunner.Run(["transfer", CliRunner.Model("test_conv_model.tflite"), "--dry-run", "--hidden", "8", "--store-in-ram",
            .. stopping, .. hinted]);

        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.Contains("(fits)", accepted.Stdout);
    }

    [Fact]
    public void Demo_DeviceTooSmall_HintNamesNoOptionDemoLacks()
    {
        CliResult result = CliRunner.Run("demo", "--device", "nrf52810", "--epochs", "1", "--out", PathOf("demo"), "--quiet");

        Assert.Equal(3, result.ExitCode);
        string hint = HintOf(result);
        Assert.Contains("--device nrf52840", hint);
        foreach (string foreign in new[] { "--store-bytes", "--hidden", "--batch", "--no-snapshot", "--optimizer" }) Assert.DoesNotContain(foreign, hint);
        Assert.False(Directory.Exists(PathOf("demo")));
    }

    [Fact]
    public void DatasetInfo_FolderWithoutWisdmFiles_HintSaysWhatTheFolderNeeds()
    {
        CliResult result = CliRunner.Run("dataset", "info", "--data", _dir);

        Assert.Equal(2, result.ExitCode);
        string hint = HintOf(result);
        Assert.Contains("data_1600_accel_watch.txt", hint);
        Assert.DoesNotContain("line", hint);
    }

    [Fact]
    public void Transfer_StderrNotATerminal_ShowsTheFirstAndLastCountAndNoLineTwice()
    {
        string data = PathOf("d.csv");
        File.WriteAllLines(data, Enumerable.Range(0, 90).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 2},{i * 0.07}")));

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--classes", "2", "--out", PathOf("a.tflite"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("collecting features 1/72", lines);
        Assert.Contains("collecting features 72/72", lines);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.StartsWith("epoch ", lines[^1]);
    }

    [Fact]
    public void Pretrain_StderrNotATerminal_PrintsTheLastEpochOnce()
    {
        CliResult result = CliRunner.Run("pretrain", "--dataset", "wisdm", "--classes", "A,B", "--subjects", "1600-1603", "--epochs", "2",
            "--out", PathOf("b.tflite"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("pretrain epoch 2/2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, 10, 9, "  3/10 transfers done in 9 s; about 21 s left")]
    [InlineData(10, 10, 30, "  10/10 transfers done in 30 s")]
    [InlineData(1, 40, 100, "  1/40 transfers done in 1 min 40 s; about 65 min left")]
    public void RunsDone_PartOfTheRuns_EstimatesTheTimeLeft(int done, int total, int seconds, string expected) =>
        Assert.Equal(expected, ExperimentCommand.RunsDone(done, total, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Inspect_ModelOurWriterReencodesLarger_SaysWhatTheTransferCounts()
    {
        string model = CliRunner.Model("micro_speech_quantized.tflite");
        int rewritten = TfLiteWriter.Write(ModelFile.Read(model)).Length;

        CliResult result = CliRunner.Run("inspect", model);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"flash     {new FileInfo(model).Length} bytes", result.Stdout);
        Assert.Contains($"counts this model as MicroTL writes it: {rewritten} bytes", result.Stdout);
    }

    [Fact]
    public void Energy_ListDevicesWithoutDevice_PrintsTheArrayAndItsOneElementArrayIsAProfile()
    {
        JsonArray all = JsonNode.Parse(CliRunner.Run("energy", "--list-devices", "--json").Stdout)!.AsArray();
        File.WriteAllText(PathOf("one.json"), new JsonArray(all[1]!.DeepClone()).ToJsonString());
        File.WriteAllText(PathOf("all.json"), all.ToJsonString());

        CliResult one = CliRunner.Run("energy", "--device", PathOf("one.json"), "--json");
        CliResult many = CliRunner.Run("energy", "--device", PathOf("all.json"));

        Assert.True(all.Count >= 2);
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Equal(2, many.ExitCode);
        Assert.Contains($"holds a list of {all.Count} profiles", many.Stderr);
        Assert.Contains("--list-devices --device", many.Stderr);
    }

    [Fact]
    public void ScenarioTable_SdOfTwoDigitsAndASingleRun_KeepsTheColumnsInLine()
    {
        static MeanSd M(double mean, double sd, int n) => new(mean, sd, n);
        static ScenarioRow Row(int k, double sd, int n) => new(k, M(0.335, 0.007, n), M(0.399, sd, n), M(0.388, 0.026, n), M(0.291, sd, n), M(19, 9.5, n),
            new Dictionary<string, int> { ["Patience"] = n }, 189312, M(4.9e6, 1e5, n), M(5.7e6, 0, n), n);
        var result = new ScenarioResult(Scenario.NewActivities, [Row(5, 0.007, 3), Row(10, 0.113, 3), Row(20, 0, 1)], [], 12.5);
        var text = new StringWriter();

        ScenarioTable.Write(text, result);

        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] rows = lines[2..5];
        // The ± of each column sits at the same place in every row that has one, and each column's cells end under its header.
        int[][] plusMinus = [.. rows[..2].Select(row => row.Select((c, i) => (c, i)).Where(p => p.c == '±').Select(p => p.i).ToArray())];
        Assert.Equal(plusMinus[0], plusMinus[1]);
        Assert.Equal(5, plusMinus[0].Length);
        int headerEnd = lines[1].IndexOf("float fine-tune", StringComparison.Ordinal) + "float fine-tune".Length;
        Assert.All(rows, row => Assert.True(char.IsAsciiDigit(row[headerEnd - 8]), row)); // the mean's last digit, then " ± sd " or blanks
        Assert.DoesNotContain("±", rows[2]);
        Assert.Contains("whose sd is undefined", lines[^1]);
    }

    private static string HintOf(CliResult result) =>
        result.Stderr.Split('\n').Single(line => line.StartsWith("hint: ", StringComparison.Ordinal));

    /// <summary>Every option the hint names (outside quotes) is one of <paramref name="command"/>'s, per its help.</summary>
    private static void AssertOnlyOptionsOf(string command, string hint)
    {
        string help = CliRunner.Run(command, "--help").Stdout;
        string unquoted = Regex.Replace(hint, "'[^']*'", "");
        foreach (Match option in Regex.Matches(unquoted, "--[a-z][a-z0-9-]*"))
            Assert.True(help.Contains(option.Value + " ", StringComparison.Ordinal), $"{command} has no {option.Value}: {hint}");
    }
}
