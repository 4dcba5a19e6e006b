using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bench_MicroSpeech_PrintsEveryOperatorAndNoAllocation()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("micro_speech_quantized.tflite"), "--runs", "5", "--warmup", "1");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("4 operators, 336,000 MACs", r.Stdout);
        foreach (string op in new[] { "RESHAPE", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX" }) Assert.Contains(op, r.Stdout);
        Assert.Contains("0 bytes allocated per inference", r.Stdout);
        Assert.DoesNotContain("estimate", r.Stdout);
    }

    [Fact]
    public void Bench_JsonWithDevice_ReadsBackWithSharesMacsAndEstimate()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("micro_speech_quantized.tflite"), "--runs", "5", "--device", "nrf52840", "--json");

        Assert.Equal(0, r.ExitCode);
        BenchReport report = ReportJson.Deserialize<BenchReport>(r.Stdout, "stdout");
        Assert.Equal(4, report.Operators.Count);
        Assert.Equal(report.MacsPerInference, report.Operators.Sum(o => o.Macs));
        Assert.Equal(1.0, report.Operators.Sum(o => o.Share), 6);
        Assert.Equal(0, report.AllocatedBytesPerInvoke);
        Assert.All(report.Operators, o => Assert.True(o.Time.MinMicroseconds <= o.Time.MedianMicroseconds && o.Time.MedianMicroseconds <= o.Time.MaxMicroseconds));
        Assert.Equal("xorshift32 bytes, seed 1", report.Input);
        Assert.NotNull(report.Device);
        Assert.Equal("nrf52840", report.Device.Device);
        Assert.Equal(0, report.Device.UnpricedMacs);
        Assert.True(report.Device.Milliseconds > 0);
        Assert.Null(report.Transfer);
    }

    [Fact]
    public void Bench_SimdScalar_ReportsTheLevel()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("hello_world_int8.tflite"), "--runs", "3", "--simd", "scalar", "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("scalar", ReportJson.Deserialize<BenchReport>(r.Stdout, "stdout").Simd);
    }

    [Fact]
    public void Bench_Transfer_TimesCollectionStepAndEpochWithoutAllocating()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("micro_speech_quantized.tflite"), "--runs", "3", "--transfer", "--device", "nrf52840", "--json");

        Assert.Equal(0, r.ExitCode);
        BenchTransferReport t = ReportJson.Deserialize<BenchReport>(r.Stdout, "stdout").Transfer!;
        Assert.Equal(4000, t.Timings.FeatureLength); // the input of micro_speech's only FULLY_CONNECTED layer
        Assert.Equal(0, t.Timings.AllocatedBytesPerStep);
        Assert.Equal(10 * 4 + 20, t.Timings.TrainingRecords + t.Timings.ValidationRecords); // the samples collected, 10 a class of the model's 4
        Assert.True(t.TrainEpochOnDevice!.Milliseconds > t.TrainStepOnDevice!.Milliseconds);
        Assert.Equal(320_000, t.Timings.BodyMacsByOperator["DEPTHWISE_CONV_2D"]);
        Assert.NotNull(t.CollectSampleOnDevice);
    }

    [Fact]
    public void Bench_InputFile_IsUsedAndNamed()
    {
        string input = Path.Combine(CliRunner.Tflm, "golden", "micro_speech_quantized", "yes", "input.bin");

        CliResult r = CliRunner.Run("bench", CliRunner.Model("micro_speech_quantized.tflite"), "--input", input, "--runs", "2", "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(input, ReportJson.Deserialize<BenchReport>(r.Stdout, "stdout").Input);
    }

    [Fact]
    public void Bench_InputOfWrongSize_ExitsTwoNamingBothSizes()
    {
        string input = Path.Combine(_dir, "short.bin");
        File.WriteAllBytes(input, new byte[7]);

        CliResult r = CliRunner.Run("bench", CliRunner.Model("micro_speech_quantized.tflite"), "--input", input);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has 7 bytes", r.Stderr);
        Assert.Contains("needs 1960", r.Stderr);
    }

    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--warmup", "-1")]
    [InlineData("--simd", "neon")]
    [InlineData("--classes", "1")]
    public void Bench_BadOption_ExitsTwoNamingIt(string option, string value)
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("hello_world_int8.tflite"), option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Stderr);
    }

    [Fact]
    public void Bench_UnknownDevice_ExitsTwo()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("hello_world_int8.tflite"), "--runs", "1", "--device", "no-such-board");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no-such-board", r.Stderr);
    }

    [Fact]
    public void Bench_TransferWithoutFullyConnected_ExitsTwoAskingForACut()
    {
        CliResult r = CliRunner.Run("bench", CliRunner.Model("simple_add_model.tflite"), "--runs", "1", "--transfer");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("FULLY_CONNECTED", r.Stderr);
    }
}
