using System.CommandLine;
using System.Text;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.IO;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl infer MODEL --input IN.bin [--output OUT.bin] [--activations DIR] [--json]</c>: one
/// inference. IN.bin and OUT.bin are the raw little-endian bytes of the input and output tensors;
/// DIR receives <c>t&lt;N&gt;.bin</c> for every graph input and operator output and <c>index.tsv</c>, the layout of
/// TFLM's golden folders.
/// </summary>
public static class InferCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "the .tflite model" };
        Option<string> input = CliOptions.Required("--input", "IN.bin", "the raw little-endian bytes of the input tensor");
        Option<string?> output = CliOptions.Text("--output", "OUT.bin", "write the raw bytes of the output tensor here");
        Option<string?> activations = CliOptions.Text("--activations", "DIR",
            "write t<N>.bin for every graph input and operator output (N: tensor index) and index.tsv (index, name, type code, bytes)");
        Option<bool> json = CliOptions.Json("print the output's type, shape, values and dequantized values as JSON");
        var command = new Command("infer", "one inference on raw input tensor bytes") { model, input, output, activations, json };
        command.SetAction(p => Run(p.GetRequiredValue(model), p.GetRequiredValue(input), p.GetValue(output), p.GetValue(activations), p.GetValue(json),
            p.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Runs the model at <paramref name="modelPath"/> once on the bytes of <paramref name="inputPath"/>.</summary>
    public static int Run(string modelPath, string inputPath, string? outputPath, string? activationsDir, bool json, TextWriter stdout)
    {
        TfLiteModel model = ModelFile.Read(modelPath);
        var interpreter = new Interpreter(model);
        Subgraph graph = model.MainSubgraph;

        // Every path before the inference: the activation files are known from the graph.
        using var files = new OutputSet("infer");
        files.Input("MODEL", modelPath);
        files.Input("--input", inputPath);
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
        Span<byte> inputTensor = interpreter.InputBytes();
        TensorInfo t = graph.Tensors[graph.Inputs[0]];
        string tensor = $"input tensor {graph.Inputs[0]} '{t.Name}' ({t.Type} [{string.Join(",", t.Shape)}])";
        byte[] input = BoundedFile.ReadAllBytes(inputPath, inputTensor.Length, "--input", $"the size of {tensor}");
        if (input.Length != inputTensor.Length)
            throw new CliException($"{inputPath} has {input.Length} bytes but {tensor} needs {inputTensor.Length}",
                "pass the raw little-endian bytes of the input tensor, nothing else");

        input.CopyTo(inputTensor);
        if (activationFiles is null) interpreter.Invoke();
        else RunWritingActivations(interpreter, activationFiles, indexFile!);

        byte[] output = interpreter.OutputBytes().ToArray();
        outputFile?.Write(output);
        files.Commit();

        TensorInfo outTensor = model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[0]];
        if (json) stdout.WriteLine(ReportJson.Serialize(Report(outTensor, output)));
        else stdout.WriteLine($"output t{model.MainSubgraph.Outputs[0]} {outTensor.Type.ToString().ToLowerInvariant()} [{string.Join(",", outTensor.Shape)}]: {FormatValues(outTensor.Type, output)}");
        return ExitCodes.Success;
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
