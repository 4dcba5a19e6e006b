using System.Text.Json;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Tests;

/// <summary>The scenario commands: pretrain, evaluate, transfer --dataset, experiment, demo.</summary>
public sealed class ScenarioCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-scen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private string Pretrain(string name = "base.tflite", params string[] extra)
    {
        CliResult r = CliRunner.Run(["pretrain", "--dataset", "wisdm", "--classes", "A,B,D,E", "--subjects", "1600-1609", "--epochs", "2",
            "--seed", "5", "--out", PathOf(name), "--report", PathOf(name + ".json"), "--quiet", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return PathOf(name);
    }

    [Fact]
    public void DatasetExport_EvaluateOnTheCsv_MatchesEvaluateOnTheDataSet()
    {
        // Pretrain with an HTML report; the stdout says which files were written.
        string html = PathOf("pretrain.html");
        CliResult pretrain = CliRunner.Run("pretrain", "--dataset", "wisdm", "--classes", "A,B,D,E", "--subjects", "1600-1609", "--epochs", "1",
            "--seed", "5", "--out", PathOf("csv-base.tflite"), "--html", html, "--quiet");
        Assert.True(pretrain.ExitCode == 0, pretrain.Stderr);
        Assert.Contains($"wrote      {PathOf("csv-base.tflite")}, {html}", pretrain.Stdout);
        Assert.Contains("<h2>Training per epoch</h2>", File.ReadAllText(html));
        Assert.DoesNotContain("drop -", pretrain.Stdout);

        // The exported windows, real values in a CSV, evaluate exactly as the data set's windows do: the same quantization.
        string csv = PathOf("new-users.csv");
        CliResult export = CliRunner.Run("dataset", "export", "--out", csv, "--classes", "A,B,D,E", "--subjects", "1631-1633");
        CliResult onCsv = CliRunner.Run("evaluate", PathOf("csv-base.tflite"), "--csv", csv, "--json");
        CliResult onData = CliRunner.Run("evaluate", PathOf("csv-base.tflite"), "--dataset", "wisdm", "--classes", "A,B,D,E", "--subjects", "1631-1633", "--json");

        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.StartsWith("# WISDM smartwatch accelerometer", File.ReadAllText(csv));
        Assert.True(onCsv.ExitCode == 0, onCsv.Stderr);
        JsonElement a = JsonDocument.Parse(onCsv.Stdout).RootElement, b = JsonDocument.Parse(onData.Stdout).RootElement;
        Assert.True(a.GetProperty("samples").GetInt32() > 50);
        Assert.Equal(b.GetProperty("samples").GetInt32(), a.GetProperty("samples").GetInt32());
        Assert.Equal(b.GetProperty("accuracy").GetDouble(), a.GetProperty("accuracy").GetDouble());
        Assert.Equal(b.GetProperty("confusion").ToString(), a.GetProperty("confusion").ToString());
    }

    [Fact]
    public void Pretrain_WritesInt8ModelWhoseAccuracyEvaluateReproduces()
    {
        string model = Pretrain();
        JsonElement report = Json(model + ".json");
        ReportReadBackTests.AssertReadsBack<PretrainReport>(File.ReadAllText(model + ".json"));
        string heldOut = string.Join(",", report.GetProperty("testSubjects").EnumerateArray().Select(s => s.GetInt32()));
        Assert.NotEmpty(heldOut);
        Assert.Equal("int8", report.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(model).Length, report.GetProperty("modelBytes").GetInt64());
        double int8 = report.GetProperty("accuracy").GetProperty("int8").GetDouble();
        double drop = report.GetProperty("accuracy").GetProperty("drop").GetDouble();
        Assert.Equal(report.GetProperty("accuracy").GetProperty("float").GetDouble() - int8, drop, 6);

        CliResult evaluated = CliRunner.Run("evaluate", model, "--dataset", "wisdm", "--classes", "A,B,D,E", "--subjects", heldOut, "--json");
        Assert.True(evaluated.ExitCode == 0, evaluated.Stderr);
        JsonElement e = JsonDocument.Parse(evaluated.Stdout).RootElement;
        ReportReadBackTests.AssertReadsBack<EvaluationReport>(evaluated.Stdout);
        Assert.Equal(int8, e.GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal(report.GetProperty("windows").GetProperty("test").GetInt32(), e.GetProperty("samples").GetInt32());
        int diagonal = 0, total = 0;
        JsonElement[] rows = [.. e.GetProperty("confusion").EnumerateArray()];
        for (int c = 0; c < rows.Length; c++)
        {
            int[] row = [.. rows[c].EnumerateArray().Select(v => v.GetInt32())];
            diagonal += row[c];
            total += row.Sum();
        }

        Assert.Equal(total, e.GetProperty("samples").GetInt32());
        Assert.Equal(int8, (double)diagonal / total, 6);

        // The pretraining report's int8 accuracy per class is evaluate's on the same held-out windows.
        JsonElement[] perClass = [.. report.GetProperty("accuracy").GetProperty("perClass").EnumerateArray()];
        Assert.Equal(["A", "B", "D", "E"], perClass.Select(p => p.GetProperty("class").GetString()));
        double[] evaluatedPerClass = [.. e.GetProperty("perClassAccuracy").EnumerateArray().Select(v => v.GetDouble())];
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(evaluatedPerClass[c], perClass[c].GetProperty("int8").GetDouble(), 6);
            Assert.InRange(perClass[c].GetProperty("float").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public void Pretrain_Float_WritesFloat32ModelEvaluateAccepts()
    {
        string model = Pretrain("base-float.tflite", "--float");
        Assert.Equal("float32", Json(model + ".json").GetProperty("format").GetString());
        CliResult r = CliRunner.Run("evaluate", model, "--classes", "A,B,D,E", "--subjects", "1630");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("accuracy", r.Stdout);
    }

    [Theory]
    [InlineData("--subjects", "1600-1602,1700", "subject 1700 is not in the data set; subjects: 1600-")]
    [InlineData("--classes", "A,B,X", "'X' is not a WISDM activity code")]
    [InlineData("--subjects", "16x0", "is not a number")]
    public void Evaluate_UnknownSelection_Exit2NamingWhatExists(string option, string value, string message)
    {
        string[] args = ["evaluate", "model.tflite", "--dataset", "wisdm", "--classes", "A,B", "--subjects", "1600"];
        args[Array.IndexOf(args, option) + 1] = value;
        CliResult r = CliRunner.Run(["pretrain", .. args[2..], "--out", PathOf("never.tflite")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Contains("hint:", r.Stderr);
        Assert.False(File.Exists(PathOf("never.tflite")));
    }

    [Fact]
    public void Pretrain_MnistWithoutData_Exit2WithHint()
    {
        CliResult r = CliRunner.Run("pretrain", "--dataset", "mnist", "--classes", "0-4", "--out", PathOf("m.tflite"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: MNIST is not embedded", r.Stderr);
        Assert.Contains("hint: point --data at a folder", r.Stderr);
    }

    [Fact]
    public void TransferDataset_NewClasses_ReportHasBaselinesAndWorkload_SameSeedSameBytes()
    {
        string model = Pretrain();
        string[] Args(string tag) => ["transfer", model, "--dataset", "wisdm", "--classes", "A,B,C,D,E,M", "--subjects", "1631-1636",
            "--samples-per-class", "10", "--seed", "2", "--lr", "0.005", "--out", PathOf(tag + ".tflite"), "--report", PathOf(tag + ".json"),
            "--header", PathOf(tag + ".h"), "--quiet"];
        CliResult first = CliRunner.Run(Args("a"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("baselines  cloud from scratch", first.Stdout);

        JsonElement report = Json(PathOf("a.json"));
        TransferReport typed = ReportReadBackTests.AssertReadsBack<TransferReport>(File.ReadAllText(PathOf("a.json")));
        Assert.Equal(60, typed.Workload!.Samples);
        Assert.NotNull(typed.Baselines);
        JsonElement accuracy = report.GetProperty("accuracy");
        double before = accuracy.GetProperty("before").GetDouble(), after = accuracy.GetProperty("after").GetDouble();
        Assert.True(after >= before, $"before {before}, after {after}");
        foreach (string name in new[] { "cloudScratch", "cloudScratchFloat", "floatFineTune", "classical" })
            Assert.InRange(accuracy.GetProperty(name).GetDouble(), 0, 1);
        Assert.Contains("classical (forest on 46 window statistics)", first.Stdout);
        Assert.True(report.GetProperty("epochs").GetInt32() >= 1);
        Assert.False(string.IsNullOrEmpty(report.GetProperty("stopReason").GetString()));
        JsonElement memory = report.GetProperty("memory");
        Assert.Equal(memory.GetProperty("totalBytes").GetInt64(), memory.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("bytes").GetInt64()));

        JsonElement workload = report.GetProperty("workload");
        Assert.Equal(60, workload.GetProperty("samples").GetInt32());
        Assert.Equal(2401, workload.GetProperty("rawBytesPerSample").GetInt32());
        Assert.True(workload.GetProperty("cloudTrainHostSeconds").GetDouble() > 0);
        Assert.True(workload.GetProperty("cloudModelBytes").GetInt32() > 1000);
        Assert.Equal(new FileInfo(PathOf("a.tflite")).Length, workload.GetProperty("deployedModelBytes").GetInt64());
        // The recipe's hybrid head: the C files carry the same model, which computes its window statistics itself.
        Assert.Equal(142, report.GetProperty("head").GetProperty("inputs").GetInt32());
        Assert.Contains("46 head features 'microtl_head_features'", File.ReadAllText(PathOf("a.h")));
        Assert.Contains($" {new FileInfo(PathOf("a.tflite")).Length}u", File.ReadAllText(PathOf("a.h"))); // the array's length: the same model

        CliResult second = CliRunner.Run(Args("b"));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(File.ReadAllBytes(PathOf("a.tflite")), File.ReadAllBytes(PathOf("b.tflite")));
        Assert.Equal(WithoutTiming(PathOf("a.json")), WithoutTiming(PathOf("b.json")));
    }

    // Host wall-clock figures differ run to run; everything else must not.
    private static string[] WithoutTiming(string path) =>
        [.. File.ReadAllLines(path).Where(l => !l.Contains("Seconds", StringComparison.Ordinal))];

    [Fact]
    public void TransferDataset_TooManySamplesPerClass_Exit2NamingTheClass()
    {
        string model = Pretrain();
        CliResult r = CliRunner.Run("transfer", model, "--dataset", "wisdm", "--classes", "A,B", "--subjects", "1631",
            "--samples-per-class", "40", "--out", PathOf("x.tflite"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: class A has", r.Stderr);
        Assert.False(File.Exists(PathOf("x.tflite")));
    }

    [Fact]
    public void TransferDataset_Mnist_NewDigitsFromT10k_ReportsImageWorkload()
    {
        string mnist = TestFixtures.Folder("mnist");
        CliResult pretrain = CliRunner.Run("pretrain", "--dataset", "mnist", "--data", mnist, "--classes", "0-2", "--mnist-per-class", "40",
            "--epochs", "1", "--out", PathOf("m.tflite"), "--quiet");
        Assert.True(pretrain.ExitCode == 0, pretrain.Stderr);
        CliResult r = CliRunner.Run("transfer", PathOf("m.tflite"), "--dataset", "mnist", "--data", mnist, "--classes", "7,8,9",
            "--samples-per-class", "5", "--fresh-head", "--out", PathOf("ma.tflite"), "--report", PathOf("ma.json"), "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonElement report = Json(PathOf("ma.json"));
        Assert.Equal(785, report.GetProperty("workload").GetProperty("rawBytesPerSample").GetInt32());
        Assert.Equal(15, report.GetProperty("workload").GetProperty("samples").GetInt32());
        // The fixture's t10k slice holds 57 sevens, 52 eights and 64 nines; 15 of them trained on.
        Assert.Equal(57 + 52 + 64 - 15, report.GetProperty("export").GetProperty("testSamples").GetInt32());
    }

    [Fact]
    public void TransferDataset_DryRunStoreTooBig_Exit3WithoutWriting()
    {
        string model = Pretrain();
        string[] args = ["transfer", model, "--dataset", "wisdm", "--classes", "A,B,C", "--subjects", "1631", "--samples-per-class", "3", "--dry-run"];
        CliResult fits = CliRunner.Run(args);
        Assert.True(fits.ExitCode == 0, fits.Stderr);
        Assert.Contains("9 labelled samples", fits.Stdout);
        CliResult r = CliRunner.Run([.. args, "--store-bytes", "900000"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("missing", r.Stderr);
    }

    [Fact]
    public void Pretrain_SameSeedTwice_ByteIdenticalModelAndReport()
    {
        string first = Pretrain("one.tflite"), second = Pretrain("two.tflite");
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        // Wall-clock fields are the only ones allowed to differ between the two reports.
        static string[] Reproducible(string path) => File.ReadAllLines(path).Where(l => !l.Contains("Seconds") && !l.Contains("seconds")).ToArray();
        Assert.Equal(Reproducible(first + ".json"), Reproducible(second + ".json"));
    }

    [Fact]
    public void Experiment_UnknownScenario_Exit2()
    {
        CliResult r = CliRunner.Run("experiment", "cats");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("new-activities, personalisation or images", r.Stderr);
    }

    [Fact]
    public void Experiment_NewActivitiesOneSeed_PrintsTableAndWritesJsonAndHtmlReports()
    {
        CliResult r = CliRunner.Run("experiment", "new-activities", "--seeds", "1", "--samples-per-class", "5", "--epochs", "1",
            "--report", PathOf("exp.json"), "--html", PathOf("exp.html"), "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("MicroTL device", r.Stdout);
        Assert.Contains("classical", r.Stdout);
        JsonElement report = Json(PathOf("exp.json"));
        ReportReadBackTests.AssertReadsBack<ScenarioReport>(File.ReadAllText(PathOf("exp.json")));
        JsonElement row = report.GetProperty("rows")[0];
        Assert.Equal(5, row.GetProperty("samplesPerClass").GetInt32());
        Assert.InRange(row.GetProperty("classical").GetProperty("mean").GetDouble(), 0, 1);
        Assert.InRange(report.GetProperty("runs")[0].GetProperty("classical").GetDouble(), 0, 1);
        Assert.Contains("classical", File.ReadAllText(PathOf("exp.html")));
        Assert.InRange(row.GetProperty("device").GetProperty("mean").GetDouble(), 0, 1);
        Assert.Equal([1], report.GetProperty("settings").GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));

        // Per run: every epoch the device trained, the kept one among them; per row: the same curve as mean ± sd with n.
        JsonElement run = report.GetProperty("runs")[0];
        int epochs = run.GetProperty("epochs").GetInt32();
        JsonElement[] perEpoch = [.. run.GetProperty("perEpoch").EnumerateArray()];
        Assert.Equal(Enumerable.Range(1, epochs), perEpoch.Select(e => e.GetProperty("epoch").GetInt32()));
        // The recipe holds no validation split: each epoch reports its training records' accuracy, and the row's curve reads it.
        Assert.All(perEpoch, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("validationAccuracy").ValueKind));
        Assert.All(perEpoch, e => Assert.InRange(e.GetProperty("trainAccuracy").GetDouble(), 0, 1));
        Assert.All(perEpoch, e => Assert.True(e.GetProperty("trainLoss").GetDouble() >= 0));
        Assert.InRange(run.GetProperty("bestEpoch").GetInt32(), 1, epochs);
        Assert.Equal(MicroTL.Toolkit.Experiments.CloudScratch.DefaultEpochs, run.GetProperty("cloudScratchPerEpoch").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("cloudScratchPerEpoch")[0].GetProperty("testAccuracyFloat").ValueKind);
        JsonElement[] rowEpochs = [.. row.GetProperty("perEpoch").EnumerateArray()];
        Assert.Equal(epochs, rowEpochs.Length);
        JsonElement first = rowEpochs[0].GetProperty("validationAccuracy");
        Assert.Equal(1, first.GetProperty("n").GetInt32());
        Assert.Equal(perEpoch[0].GetProperty("trainAccuracy").GetDouble(), first.GetProperty("mean").GetDouble(), 12);
        Assert.Empty(row.GetProperty("cloudScratchPerEpoch").EnumerateArray());

        string html = File.ReadAllText(PathOf("exp.html"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        Assert.Contains("Test accuracy vs labelled samples per class", html);
        Assert.Contains("--cloud-test-per-epoch", html);
    }

    [Fact]
    public void Experiment_DeviceTrainingOptions_ShapeTheRunAndAreReported()
    {
        CliResult r = CliRunner.Run("experiment", "new-activities", "--seeds", "1", "--samples-per-class", "5", "--epochs", "1",
            "--optimizer", "sgd", "--lr", "0.02", "--hidden", "8", "--batch", "4", "--max-epochs", "3", "--patience", "2", "--int8-head",
            "--report", PathOf("exp.json"), "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonElement settings = Json(PathOf("exp.json")).GetProperty("settings");
        Assert.Equal("sgd", settings.GetProperty("optimizer").GetString());
        Assert.Equal(0.02, settings.GetProperty("learningRate").GetDouble(), 6);
        Assert.Equal(8, settings.GetProperty("hidden").GetInt32());
        Assert.Equal(4, settings.GetProperty("batchSize").GetInt32());
        Assert.Equal(3, settings.GetProperty("maxEpochs").GetInt32());
        Assert.Equal(2, settings.GetProperty("patience").GetInt32());
        Assert.True(settings.GetProperty("int8Head").GetBoolean());
        JsonElement run = Json(PathOf("exp.json")).GetProperty("runs")[0];
        Assert.InRange(run.GetProperty("epochs").GetInt32(), 1, 3);
        // An 8-wide head plans less RAM than the default 32-wide one (189,312 bytes for this scenario).
        Assert.InRange(Json(PathOf("exp.json")).GetProperty("rows")[0].GetProperty("memoryTotalBytes").GetInt64(), 1, 189_311);
    }

    [Theory]
    [InlineData("--hidden", "0", "at least 1")]
    [InlineData("--lr", "fast", "not a non-negative number")]
    [InlineData("--optimizer", "rmsprop", "unknown optimizer")]
    public void Experiment_BadDeviceTrainingOption_Exit2NamingIt(string option, string value, string message)
    {
        CliResult r = CliRunner.Run("experiment", "new-activities", "--seeds", "1", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void Demo_ReducedSetting_WritesReportWithEveryMethod()
    {
        string outDir = PathOf("demo");
        CliResult r = CliRunner.Run("demo", "--out", outDir, "--epochs", "1", "--samples-per-class", "5", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("MicroTL on the device", r.Stdout);
        JsonElement report = Json(Path.Combine(outDir, "report.json"));
        DemoReport typed = ReportReadBackTests.AssertReadsBack<DemoReport>(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.Equal(ReportJson.Serialize(typed.Transfer), File.ReadAllText(Path.Combine(outDir, "transfer-report.json")));
        foreach (string name in new[] { "baseUnchanged", "device", "cloudScratch", "floatFineTune", "classical", "pretrainInt8" })
            Assert.InRange(report.GetProperty("accuracy").GetProperty(name).GetDouble(), 0, 1);
        Assert.Contains("classical, forest on stats", r.Stdout);
        Assert.Contains("random forest on 46 window statistics", File.ReadAllText(Path.Combine(outDir, "report.html")));
        Assert.Equal(report.GetProperty("epochs").GetInt32(), report.GetProperty("perEpoch").GetProperty("deviceValidationAccuracy").GetArrayLength());
        Assert.Equal(30, report.GetProperty("transfer").GetProperty("workload").GetProperty("samples").GetInt32());
        Assert.True(report.GetProperty("memory").GetProperty("fits").GetBoolean());
        Assert.True(File.Exists(Path.Combine(outDir, "adapted.tflite")));

        // Energy of the run on the default profile, and the same figures from the transfer report through 'microtl energy'.
        JsonElement energy = report.GetProperty("energy");
        double deviceMj = energy.GetProperty("device").GetProperty("energyMillijoules").GetDouble();
        double cloudMj = energy.GetProperty("cloud").GetProperty("energyMillijoules").GetDouble();
        Assert.True(deviceMj > 0 && cloudMj > 0 && energy.GetProperty("device").GetProperty("timeSeconds").GetDouble() > 0);
        Assert.Equal(cloudMj / deviceMj, energy.GetProperty("energyRatio").GetDouble(), 9);
        Assert.Equal(energy.GetProperty("cloud").GetProperty("timeSeconds").GetDouble() / energy.GetProperty("device").GetProperty("timeSeconds").GetDouble(),
            energy.GetProperty("timeRatio").GetDouble(), 9);
        Assert.Equal("nrf52840", energy.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(["linkThroughput", "samples", "epochs"], energy.GetProperty("breakEven").EnumerateArray().Select(s => s.GetProperty("parameter").GetString()));
        Assert.True(energy.GetProperty("device").GetProperty("phases").GetArrayLength() >= 3);
        CliResult priced = CliRunner.Run("energy", "--scenario", Path.Combine(outDir, "transfer-report.json"), "--json");
        Assert.True(priced.ExitCode == 0, priced.Stderr);
        JsonElement again = JsonDocument.Parse(priced.Stdout).RootElement;
        // transfer-report.json rounds the cloud's host seconds to 1 ms; the cloud's energy is dominated by the upload.
        Assert.Equal(deviceMj, again.GetProperty("device").GetProperty("energyMillijoules").GetDouble(), 9);
        Assert.Equal(energy.GetProperty("energyRatio").GetDouble(), again.GetProperty("energyRatio").GetDouble(), 3);

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        Assert.Contains($"Made by &#39;microtl demo --out {outDir} --epochs 1", html); // the footer names the subcommand and its options
        Assert.Contains("Energy, cloud / device", html);
        Assert.Contains("energy", r.Stdout);
        Assert.Contains("break-even", r.Stdout);
    }

    [Fact]
    public void Demo_OtherDevice_PricesOnThatProfile()
    {
        string outDir = PathOf("demo-esp");
        string device = MicroTL.Toolkit.Energy.DeviceProfileLoader.BuiltIn.First(p => p.Name != "nrf52840" && p.RamBytes >= 256 * 1024).Name;
        CliResult r = CliRunner.Run("demo", "--out", outDir, "--epochs", "1", "--samples-per-class", "3", "--device", device);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(device, Json(Path.Combine(outDir, "report.json")).GetProperty("energy").GetProperty("profile").GetProperty("name").GetString());
        foreach (string stage in new[] { "pretrain epoch 1/1", "device collected", "device epoch 1:", "cloud epoch", "energy: pricing", "report: writing" })
            Assert.Contains(stage, r.Stderr);
    }

    [Fact]
    public void Demo_UnknownDevice_ExitsTwoAndWritesNothing()
    {
        string outDir = PathOf("demo-bad");
        CliResult r = CliRunner.Run("demo", "--out", outDir, "--device", "no-such-board");
        Assert.Equal(2, r.ExitCode);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Demo_DataFolderWithoutWisdmFiles_ExitsTwoNamingTheFolderAndWritesNothing()
    {
        string outDir = PathOf("demo-nodata"), empty = Directory.CreateDirectory(PathOf("empty-data")).FullName;
        CliResult r = CliRunner.Run("demo", "--out", outDir, "--data", empty, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(empty, r.Stderr);
        Assert.Contains("--data", r.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
