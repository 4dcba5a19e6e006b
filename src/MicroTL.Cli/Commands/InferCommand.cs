using System.CommandLine;
using System.Text;
using MicroTL.Cli.Options;
using MicroTL.Features;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Reporting;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl infer MODEL --input IN.bin|IN.csv [--row R] [--raw-int8] [--output OUT.bin] [--activations DIR] [--json]</c>: one
/// inference. IN.bin holds the raw little-endian bytes of the input tensor, or for an int8 input N float32 values (4N bytes) that are
/// quantized with the input's scale and zero point as the device does; IN.csv holds samples of real values (a label first or not, the
/// format of <c>transfer</c>), of which row R runs. OUT.bin gets the raw bytes of the output tensor; DIR receives <c>t&lt;N&gt;.bin</c>
/// for every graph input and operator output and <c>index.tsv</c>, the layout of TFLM's golden folders.
/// </summary>
public static class InferCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "the .tflite model" };
        Option<string> input = CliOptions.Required("--input", "IN.bin|IN.csv",
            "the input: raw little-endian bytes of the input tensor; for an int8 input also N float32 values (quantized as the device does); "
            + "or a CSV of samples, v1,...,vN of real values with or without a label first");
        Option<int?> row = CliOptions.OptionalNumber<int>("--row", "R", "with a CSV input: run its R-th sample line (default: the first)", min: 1);
        Option<bool> rawInt8 = CliOptions.RawInt8();
        Option<string?> output = CliOptions.Text("--output", "OUT.bin", "write the raw bytes of the output tensor here");
        Option<string?> activations = CliOptions.Text("--activations", "DIR",
            "write t<N>.bin for every graph input and operator output (N: tensor index) and index.tsv (index, name, type code, bytes)");
        Option<bool> json = CliOptions.Json("print the output's type, shape, values and dequantized values as JSON");
        var command = new Command("infer", "one inference on raw input tensor bytes, float32 values or a CSV sample of real values")
        {
            model, input, row, rawInt8, output, activations, json,
        };
        command.SetAction(p => Run(p.GetRequiredValue(model), new InputChoice(p.GetRequiredValue(input), p.GetValue(row), p.GetValue(rawInt8)),
            p.GetValue(output), p.GetValue(activations), p.GetValue(json), p.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Which input to run: the file, the CSV row (null: the first), and whether its values are raw int8.</summary>
    /// <param name="Path">IN.bin or IN.csv.</param>
    /// <param name="Row">The 1-based sample line of a CSV, or null.</param>
    /// <param name="RawInt8">The values are the int8 tensor's integers, not real values.</param>
    public sealed record InputChoice(string Path, int? Row = null, bool RawInt8 = false)
    {
        /// <summary>The input is a CSV of samples (by its name).</summary>
        public bool IsCsv => Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Runs the model at <paramref name="modelPath"/> once on the input <paramref name="input"/> names.</summary>
    public static int Run(string modelPath, InputChoice input, string? outputPath, string? activationsDir, bool json, TextWriter stdout)
    {
        if (input.Row is not null && !input.IsCsv)
            throw new CliException("--row picks a line of a CSV input; the input is not a .csv file", "leave out --row, or give --input FILE.csv");
        TfLiteModel model = ModelFile.Read(modelPath);
        var interpreter = new Interpreter(model);
        Subgraph graph = model.MainSubgraph;

        // Every path before the inference: the activation files are known from the graph.
        using var files = new OutputSet("infer");
        files.Input("MODEL", modelPath);
        files.Input("--input", input.Path);
        OutputFile? outputFile = outputPath is null ? null : files.Output("--output", outputPath);
        Dictionary<int, OutputFile>? activationFiles = null;
        OutputFile? indexFile = null;
        if (activationsDir is not null)
        {
            OutputFile folder = files.Folder("--activations", activationsDir);
            activationFiles = ActivationTensors(graph).ToDictionary(t => t, t => folder.File($"t{t}.bin"));
            indexFile = folder.File("index.tsv");
        }

        files.Validate();
        (byte[] bytes, string? note, int? label) = ReadInput(model, input, interpreter.InputBytes().Length);
        bytes.CopyTo(interpreter.InputBytes());
        if (activationFiles is null) interpreter.Invoke();
        else RunWritingActivations(interpreter, activationFiles, indexFile!);

        byte[] output = interpreter.OutputBytes().ToArray();
        outputFile?.Write(output);
        files.Commit();

        TensorInfo outTensor = model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[0]];
        if (json)
        {
            stdout.WriteLine(ReportJson.Serialize(Report(outTensor, output)));
            return ExitCodes.Success;
        }

        if (note is not null) stdout.WriteLine($"input  {note}");
        stdout.WriteLine($"output t{model.MainSubgraph.Outputs[0]} {outTensor.Type.ToString().ToLowerInvariant()} [{string.Join(",", outTensor.Shape)}]: {FormatValues(outTensor.Type, output)}");
        if (note is not null && outTensor.ElementCount > 1)
        {
            int predicted = FeatureExtractor.OutputArgMax(interpreter);
            stdout.WriteLine($"class  {predicted} (the largest output)" + (label is { } l ? $"; the file's label is {l}" : ""));
        }

        return ExitCodes.Success;
    }

    /// <summary>The input tensor's bytes from the file, a line saying how they were read (null for raw bytes), and the CSV row's label.</summary>
    /// <exception cref="CliException">The file's size or row fits no accepted form of the input.</exception>
    private static (byte[] Bytes, string? Note, int? Label) ReadInput(TfLiteModel model, InputChoice choice, int tensorBytes)
    {
        TensorInfo t = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        string tensor = $"input tensor {model.MainSubgraph.Inputs[0]} '{t.Name}' ({t.Type} [{string.Join(",", t.Shape)}])";
        if (choice.IsCsv)
        {
            IReadOnlyList<InputRow> rows = LabelledInputFile.ReadRows(choice.Path, t, choice.RawInt8);
            int row = choice.Row ?? 1;
            if (row > rows.Count)
                throw new CliException($"{choice.Path} has {Markup.Count(rows.Count, "sample line")}; --row {row} is past them", $"give --row 1 to {rows.Count}");
            InputRow r = rows[row - 1];
            string how = t.Type == TensorType.Int8 && !choice.RawInt8 ? ", quantized with the input's scale and zero point" : "";
            return (r.Input, $"row {row} of {rows.Count} ({choice.Path}:{r.Line}){how}", r.Label);
        }

        // A raw file holds the tensor's bytes, or for an int8 input its values as float32: read no more than the larger.
        bool floatsAccepted = t.Type == TensorType.Int8 && !choice.RawInt8 && t.Quantization is { IsPerChannel: false };
        byte[] bytes = floatsAccepted
            ? BoundedFile.ReadAllBytes(choice.Path, 4L * tensorBytes, "--input", $"the size of {tensor} as float32 values to quantize")
            : BoundedFile.ReadAllBytes(choice.Path, tensorBytes, "--input", $"the size of {tensor}");
        if (bytes.Length == tensorBytes) return (bytes, null, null);
        if (floatsAccepted && bytes.Length == 4L * tensorBytes)
        {
            var quantized = new byte[tensorBytes];
            QuantizedModel.QuantizeInput(model, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), quantized);
            return (quantized, $"{tensorBytes} float32 values of {choice.Path}, quantized with the input's scale and zero point", null);
        }

        string accepted = floatsAccepted ? $"{tensorBytes} (its raw int8 values) or {4L * tensorBytes} (float32 values to quantize)" : $"{tensorBytes}";
        throw new CliException($"{choice.Path} has {bytes.Length} bytes but {tensor} takes {accepted}",
            "pass the input tensor's raw little-endian bytes, float32 values for an int8 input, or a CSV of values (--input FILE.csv)");
    }

    /// <summary>The tensors whose bytes go to the activations folder: the graph's inputs and every operator's outputs.</summary>
    private static SortedSet<int> ActivationTensors(Subgraph graph) => [.. graph.Inputs, .. graph.Operators.SelectMany(op => op.Outputs)];

    private static void RunWritingActivations(Interpreter interpreter, Dictionary<int, OutputFile> files, OutputFile indexFile)
    {
        Subgraph graph = interpreter.Model.MainSubgraph;
        var saved = new SortedDictionary<int, byte[]>();
        foreach (int input in graph.Inputs) saved[input] = interpreter.TensorBytes(input).ToArray();
        // Each operator's outputs are saved right after it runs, before later ops reuse the arena.
        interpreter.InvokeObserved((_, op) =>
        {
            foreach (int tensor in op.Outputs) saved[tensor] = interpreter.TensorBytes(tensor).ToArray();
        });

        var index = new StringBuilder("index\tname\ttype\tbytes\n");
        foreach ((int tensor, byte[] bytes) in saved)
        {
            files[tensor].Write(bytes);
            index.Append($"{tensor}\t{graph.Tensors[tensor].Name}\t{(int)graph.Tensors[tensor].Type}\t{bytes.Length}\n");
        }

        indexFile.WriteText(index.ToString());
    }

    private static InferReport Report(TensorInfo tensor, byte[] output)
    {
        double[] values = [.. Values(tensor.Type, output)];
        double[]? dequantized = tensor.Quantization is { IsPerChannel: false } q
            ? [.. values.Select(v => q.Scale[0] * (v - q.ZeroPoint[0]))]
            : null;
        return new InferReport(tensor.Type.ToString().ToLowerInvariant(), tensor.Shape, values, dequantized);
    }

    private static string FormatValues(TensorType type, byte[] bytes)
    {
        var values = Values(type, bytes).ToList();
        string shown = string.Join(" ", values.Take(32).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return values.Count > 32 ? $"{shown} ... ({values.Count} values)" : shown;
    }

    private static IEnumerable<double> Values(TensorType type, byte[] bytes) => type switch
    {
        TensorType.Int8 => bytes.Select(b => (double)(sbyte)b),
        TensorType.UInt8 => bytes.Select(b => (double)b),
        TensorType.Int32 => Enumerable.Range(0, bytes.Length / 4).Select(i => (double)BitConverter.ToInt32(bytes, i * 4)),
        TensorType.Float32 => Enumerable.Range(0, bytes.Length / 4).Select(i => (double)BitConverter.ToSingle(bytes, i * 4)),
        TensorType.Int16 => Enumerable.Range(0, bytes.Length / 2).Select(i => (double)BitConverter.ToInt16(bytes, i * 2)),
        _ => bytes.Select(b => (double)b),
    };
}
