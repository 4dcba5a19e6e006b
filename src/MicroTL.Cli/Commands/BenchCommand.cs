using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using MicroTL.Cli.Options;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Benchmarking;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl bench MODEL [--input FILE] [--runs N] [--warmup N] [--simd LEVEL] [--device NAME|FILE] [--transfer ...] [--json]</c>:
/// time per inference (median and spread) and per operator (time, MACs, GMAC/s, share), the SIMD level, the allocations
/// per inference, the cost model's estimate on a board, and with <c>--transfer</c> the device's transfer-learning steps.
/// </summary>
public static class BenchCommand
{
    /// <summary>
    /// The shortest warm-up before the timed runs: with only a few warm-up runs, a small model was still partly
    /// timed before the JIT's optimized code (test_conv_model at 300 runs: p90 198 µs against 25.8 at 3,000).
    /// </summary>
    public static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(0.5);

    /// <summary>The <c>--simd</c> choices, lowest first; "best" is the CPU's widest.</summary>
    private static readonly string[] SimdChoices = ["best", "scalar", "vector128", "avx2", "avxvnni"];

    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "the .tflite model" };
        Option<string?> input = CliOptions.Text("--input", "FILE", "the raw little-endian bytes of the input tensor (default: xorshift32 bytes, seed 1)");
        Option<int> runs = CliOptions.Number("--runs", "N", "timed runs of the inference and of each operator", 100, min: 1);
        Option<int> warmup = CliOptions.Number("--warmup", "N", "untimed runs first, and for at least half a second (the JIT's optimized code settles)", 10);
        Option<string> simd = CliOptions.Choice("--simd", "the instruction set of the int8 kernels (lowered to what the CPU has)", "best", SimdChoices);
        Option<string?> device = CliOptions.Text("--device", "NAME|FILE", "also estimate the same work on this board with the cost model (a built-in profile or a profile file)");
        Option<bool> transfer = CliOptions.Flag("--transfer", "also time the device's transfer steps: collecting a sample, a training step, an epoch");
        Option<string?> cut = CliOptions.Text("--cut", "TENSOR", "with --transfer: the cut tensor, by index or name (default: the input of the last two FULLY_CONNECTED layers)");
        Option<int?> classes = CliOptions.OptionalNumber<int>("--classes", "N", "with --transfer: classes of the head (default: the model's own, at least 2, as transfer)", min: 2);
        Option<int?> hidden = CliOptions.OptionalNumber<int>("--hidden", "H", "with --transfer: hidden units of the head (default: as transfer picks them)", min: 1);
        Option<bool> json = CliOptions.Json("print the report as JSON");
        var command = new Command("bench", "time an inference, per operator, and optionally the device's transfer steps")
            { model, input, runs, warmup, simd, device, transfer, cut, classes, hidden, json };
        command.SetAction(p => Run(new BenchArguments(p.GetRequiredValue(model), p.GetValue(input), p.GetValue(runs), p.GetValue(warmup),
            p.GetRequiredValue(simd), p.GetValue(device), p.GetValue(transfer), p.GetValue(cut), p.GetValue(classes), p.GetValue(hidden)),
            p.GetValue(json), p.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Benchmarks the model of <paramref name="args"/> and prints the report.</summary>
    public static int Run(BenchArguments args, bool json, TextWriter stdout)
    {
        TfLiteModel model = ModelFile.Read(args.ModelPath);
        DeviceProfile? profile = args.Device is null ? null : DeviceArgument.ResolveProfile(args.Device);
        var options = new InterpreterOptions { SimdLevel = ParseSimd(args.Simd) };
        BenchMachine machine = BenchMachine.Current();
        var interpreter = new Interpreter(model, options);
        string inputDescription = FillInput(interpreter, model, args.InputPath);
        InferenceTimings timings = InferenceBenchmark.Run(interpreter, args.Runs, args.WarmupRuns, MinimumWarmup);
        DeviceEstimate? estimate = profile is null ? null
            : DeviceEstimate.OfInference(profile, timings.Operators.Select(o => (o.Name, o.Macs)));
        BenchTransferReport? transfer = null;
        if (args.Transfer)
        {
            TransferTimings t = TransferBenchmark.Run(model, args.Cut, args.Classes, args.Hidden, samples: null, args.Runs, options,
                args.WarmupRuns, MinimumWarmup);
            transfer = new BenchTransferReport(t,
                profile is null ? null : DeviceEstimate.OfInference(profile, t.BodyMacsByOperator.Select(p => (p.Key, p.Value)), t.BodyFloatOperations),
                profile is null ? null : DeviceEstimate.OfTraining(profile, t.StepOps),
                profile is null ? null : DeviceEstimate.OfTraining(profile, t.EpochOps));
        }

        var report = BenchReport.From(args.ModelPath, inputDescription, timings, machine, estimate, transfer);
        if (json) stdout.WriteLine(ReportJson.Serialize(report));
        else BenchText.Write(stdout, report);
        return ExitCodes.Success;
    }

    /// <summary>The level of a <c>--simd</c> choice ("best": the CPU's widest).</summary>
    public static SimdLevel ParseSimd(string choice) => choice switch
    {
        "scalar" => SimdLevel.Scalar,
        "vector128" => SimdLevel.Vector128,
        "avx2" => SimdLevel.Avx2,
        "avxvnni" => SimdLevel.AvxVnni,
        _ => SimdSupport.Best,
    };

    // The input file's bytes, or synthetic ones: xorshift32 bytes (seed 1), as the README's yardstick uses; for a float32
    // input, values in [0, 1) from the same stream.
    private static string FillInput(Interpreter interpreter, TfLiteModel model, string? path)
    {
        Span<byte> tensor = interpreter.InputBytes();
        TensorInfo info = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        if (path is not null)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length != tensor.Length)
                throw new CliException(
                    $"{path} has {bytes.Length} bytes but input tensor {model.MainSubgraph.Inputs[0]} '{info.Name}' ({info.Type} [{string.Join(",", info.Shape)}]) needs {tensor.Length}",
                    "pass the raw little-endian bytes of the input tensor, nothing else");
            bytes.CopyTo(tensor);
            return path;
        }

        uint state = 1;
        if (info.Type == TensorType.Float32)
        {
            Span<float> values = MemoryMarshal.Cast<byte, float>(tensor);
            for (int i = 0; i < values.Length; i++) values[i] = (XorShift(ref state) >> 8) / 16777216f;
            return "xorshift32 values in [0, 1), seed 1";
        }

        for (int i = 0; i < tensor.Length; i++) tensor[i] = (byte)(XorShift(ref state) >> 8);
        return "xorshift32 bytes, seed 1";
    }

    private static uint XorShift(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
}

/// <summary>What <c>microtl bench</c> was asked to do.</summary>
/// <param name="ModelPath">The .tflite file.</param>
/// <param name="InputPath">The raw input bytes, or null for synthetic ones.</param>
/// <param name="Runs">Timed runs.</param>
/// <param name="WarmupRuns">Untimed runs first.</param>
/// <param name="Simd">A <c>--simd</c> choice.</param>
/// <param name="Device">A profile name or file, or null for no estimate.</param>
/// <param name="Transfer">Also time the transfer steps.</param>
/// <param name="Cut">The cut tensor for them, or null for the default.</param>
/// <param name="Classes">Classes of their head, or null for the model's own.</param>
/// <param name="Hidden">Hidden units of their head, or null for transfer's choice.</param>
public sealed record BenchArguments(string ModelPath, string? InputPath, int Runs, int WarmupRuns, string Simd, string? Device,
    bool Transfer, string? Cut, int? Classes, int? Hidden);
