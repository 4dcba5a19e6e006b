using System.Text.Json;
using MicroTL.Budget;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl inspect MODEL [--device NAME] [--json]</c>: the operators, tensors and quantization of
/// a model, the arena it needs (activations, scratch and the operators' persistent data), its flash (the file and
/// the constants derived from it), and whether both fit the device.
/// </summary>
public static class InspectCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var arguments = new CommandArguments("inspect", args, new HashSet<string> { "device" }, new HashSet<string> { "json" });
        string path = arguments.Positional(0, "model");
        DeviceMemory device = DeviceArgument.Resolve(arguments.Get("device"));

        byte[] bytes = File.ReadAllBytes(path);
        TfLiteModel model = TfLiteReader.Read(bytes);
        var interpreter = new Interpreter(model);
        var fit = new DeviceFit(device, interpreter.ArenaBytes, bytes.Length + interpreter.DerivedFlashBytes);

        if (arguments.Has("json")) WriteJson(stdout, path, model, interpreter, fit);
        else WriteText(stdout, path, model, interpreter, fit);
        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter o, string path, TfLiteModel model, Interpreter interpreter, DeviceFit fit)
    {
        Subgraph graph = model.MainSubgraph;
        o.WriteLine($"model     {path} (schema v{model.Version}, {graph.Operators.Count} ops, {graph.Tensors.Count} tensors)");
        o.WriteLine($"inputs    {string.Join(", ", graph.Inputs.Select(i => Describe(graph, i)))}");
        o.WriteLine($"outputs   {string.Join(", ", graph.Outputs.Select(i => Describe(graph, i)))}");
        o.WriteLine();
        o.WriteLine("operators");
        for (int i = 0; i < graph.Operators.Count; i++)
        {
            OperatorInfo op = graph.Operators[i];
            o.WriteLine($"  {i,3}  {OperatorNames.Of(model.CodeOf(op)),-18} in [{string.Join(",", op.Inputs)}] out [{string.Join(",", op.Outputs)}]  {interpreter.Operators[i].MacCount} MACs");
        }

        o.WriteLine();
        o.WriteLine("tensors");
        for (int i = 0; i < graph.Tensors.Count; i++)
        {
            TensorInfo t = graph.Tensors[i];
            string kind = interpreter.IsArenaTensor(i) ? "arena" : model.DataOf(t).Length > 0 ? "const" : "-";
            o.WriteLine($"  {i,3}  {t.Type,-7} {Shape(t),-16} {kind,-5} {Quantization(t.Quantization),-36} {t.Name}");
        }

        o.WriteLine();
        ArenaPlan plan = interpreter.Plan;
        o.WriteLine($"arena     {plan.TotalBytes} bytes = activations {plan.ActivationBytes} + scratch {plan.ScratchBytes} (head, planned by lifetime) " +
            $"+ persistent {plan.PersistentBytes} (operators' data, tail)");
        o.WriteLine($"flash     {fit.FlashBytes} bytes = model file {fit.FlashBytes - plan.DerivedFlashBytes} + derived constants {plan.DerivedFlashBytes} (packed filters)");
        o.WriteLine($"MACs      {interpreter.MacsPerInference} per inference");
        o.WriteLine($"device    {fit.Device.Name}: RAM {fit.Device.RamBytes} bytes, flash {fit.Device.FlashBytes} bytes -> {(fit.Fits ? "fits" : "does NOT fit")}");
    }

    private static void WriteJson(TextWriter o, string path, TfLiteModel model, Interpreter interpreter, DeviceFit fit)
    {
        Subgraph graph = model.MainSubgraph;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", path);
            json.WriteNumber("version", model.Version);
            json.WriteNumber("arenaBytes", interpreter.ArenaBytes);
            json.WriteNumber("activationBytes", interpreter.Plan.ActivationBytes);
            json.WriteNumber("scratchBytes", interpreter.Plan.ScratchBytes);
            json.WriteNumber("persistentBytes", interpreter.Plan.PersistentBytes);
            json.WriteNumber("flashBytes", fit.FlashBytes);
            json.WriteNumber("modelBytes", fit.FlashBytes - interpreter.DerivedFlashBytes);
            json.WriteNumber("derivedFlashBytes", interpreter.DerivedFlashBytes);
            json.WriteNumber("macsPerInference", interpreter.MacsPerInference);
            WriteIndices(json, "inputs", graph.Inputs);
            WriteIndices(json, "outputs", graph.Outputs);
            json.WriteStartArray("ops");
            for (int i = 0; i < graph.Operators.Count; i++)
            {
                OperatorInfo op = graph.Operators[i];
                json.WriteStartObject();
                json.WriteNumber("index", i);
                json.WriteString("op", OperatorNames.Of(model.CodeOf(op)));
                WriteIndices(json, "inputs", op.Inputs);
                WriteIndices(json, "outputs", op.Outputs);
                json.WriteNumber("macs", interpreter.Operators[i].MacCount);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("tensors");
            for (int i = 0; i < graph.Tensors.Count; i++) WriteTensor(json, model, interpreter, i);
            json.WriteEndArray();
            json.WriteStartObject("device");
            json.WriteString("name", fit.Device.Name);
            json.WriteNumber("ramBytes", fit.Device.RamBytes);
            json.WriteNumber("flashBytes", fit.Device.FlashBytes);
            json.WriteBoolean("fits", fit.Fits);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTensor(Utf8JsonWriter json, TfLiteModel model, Interpreter interpreter, int index)
    {
        TensorInfo t = model.MainSubgraph.Tensors[index];
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteString("name", t.Name);
        json.WriteString("type", t.Type.ToString().ToLowerInvariant());
        WriteIndices(json, "shape", t.Shape);
        json.WriteNumber("bytes", t.ByteCount);
        json.WriteBoolean("constant", model.DataOf(t).Length > 0);
        json.WriteBoolean("inArena", interpreter.IsArenaTensor(index));
        if (t.Quantization is { } q)
        {
            json.WriteStartObject("quantization");
            json.WriteStartArray("scale");
            foreach (float s in q.Scale) json.WriteNumberValue(s);
            json.WriteEndArray();
            json.WriteStartArray("zeroPoint");
            foreach (long z in q.ZeroPoint) json.WriteNumberValue(z);
            json.WriteEndArray();
            json.WriteNumber("quantizedDimension", q.QuantizedDimension);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteIndices(Utf8JsonWriter json, string name, int[] values)
    {
        json.WriteStartArray(name);
        foreach (int v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    private static string Describe(Subgraph graph, int index) =>
        $"t{index} {graph.Tensors[index].Type.ToString().ToLowerInvariant()} {Shape(graph.Tensors[index])}";

    private static string Shape(TensorInfo t) => $"[{string.Join(",", t.Shape)}]";

    private static string Quantization(QuantizationParams? q) => q switch
    {
        null => "",
        { IsPerChannel: true } => $"per-channel x{q.Scale.Length} (axis {q.QuantizedDimension})",
        _ => $"scale {q.Scale[0]:G6} zp {q.ZeroPoint[0]}",
    };
}

/// <summary>Whether a model's arena (RAM) and its file with the constants derived from it (flash) fit a device.</summary>
public sealed record DeviceFit(DeviceMemory Device, long ArenaBytes, long FlashBytes)
{
    public bool Fits => ArenaBytes <= Device.RamBytes && FlashBytes <= Device.FlashBytes;
}
