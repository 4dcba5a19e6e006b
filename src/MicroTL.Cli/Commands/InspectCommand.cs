using System.CommandLine;
using MicroTL.Budget;
using MicroTL.Cli.Options;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl inspect MODEL [--device NAME] [--json]</c>: the operators, tensors and quantization of
/// a model, the arena it needs (activations, scratch and the operators' persistent data), its flash (the file and
/// the constants derived from it), and whether both fit the device.
/// </summary>
public static class InspectCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "the .tflite model" };
        Option<string> device = CliOptions.Device("the device whose RAM and flash the model must fit: a built-in profile or a profile file");
        Option<bool> json = CliOptions.Json("print ops, tensors, arenaBytes, flashBytes, macsPerInference and device as JSON");
        var command = new Command("inspect", "operators (with MACs), tensors, quantization, arena and flash bytes, and whether the model fits the device")
        {
            model, device, json,
        };
        command.SetAction(p => Run(p.GetRequiredValue(model), p.GetValue(device), p.GetValue(json), p.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Inspects the model at <paramref name="path"/>.</summary>
    public static int Run(string path, string? deviceName, bool json, TextWriter stdout)
    {
        DeviceMemory device = DeviceArgument.Resolve(deviceName);

        // Up to the stated cap, not the device's flash: a model over the flash is reported as not fitting.
        byte[] bytes = BoundedFile.ReadAllBytes(path, ModelFile.MaxBytes, "model", $"the most a model file can be ({ModelFile.MaxBytes >> 20} MiB)");
        TfLiteModel model = TfLiteReader.Read(bytes);
        // Describe even a model the engine cannot run: an operator it lacks is listed and marked, the rest planned.
        var interpreter = new Interpreter(model, new InterpreterOptions { AllowUnsupportedOperators = true });
        var fit = new DeviceFit(device, interpreter.ArenaBytes, bytes.Length + interpreter.DerivedFlashBytes);

        if (json) stdout.WriteLine(ReportJson.Serialize(InspectReport.From(path, model, interpreter, bytes.Length, device)));
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
        int unsupported = 0;
        for (int i = 0; i < graph.Operators.Count; i++)
        {
            OperatorInfo op = graph.Operators[i];
            string name = OperatorNames.Of(model.OperatorCodes[op.OpcodeIndex]);
            string cost = interpreter.Operators[i] is UnsupportedOperator missing
                ? $"NOT SUPPORTED ({missing.Reason})"
                : $"{interpreter.Operators[i].MacCount} MACs";
            if (interpreter.Operators[i] is UnsupportedOperator) unsupported++;
            o.WriteLine($"  {i,3}  {name,-18} in [{string.Join(",", op.Inputs)}] out [{string.Join(",", op.Outputs)}]  {cost}");
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
        o.WriteLine($"flash     {fit.FlashBytes} bytes = model file {fit.FlashBytes - plan.DerivedFlashBytes} + derived constants {plan.DerivedFlashBytes} (packed filters, folded offsets)");
        // A transfer budgets the model as our writer re-encodes it (the adapted model is written that way too), so its figure can differ.
        long rewritten = TfLiteWriter.Write(model).Length;
        if (rewritten != fit.FlashBytes - plan.DerivedFlashBytes)
            o.WriteLine($"          (microtl transfer's flash budget counts this model as MicroTL writes it: {rewritten} bytes, its constant buffers 16-byte aligned)");
        o.WriteLine($"MACs      {interpreter.MacsPerInference} per inference");
        if (unsupported > 0)
            o.WriteLine($"unsupported {unsupported} of {graph.Operators.Count} operators: the model cannot run here; arena and MACs count the others only");
        o.WriteLine($"device    {fit.Device.Name}: RAM {fit.Device.RamBytes} bytes, flash {fit.Device.FlashBytes} bytes -> {(fit.Fits ? "fits" : "does NOT fit")}");
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
/// <param name="Device">The device.</param>
/// <param name="ArenaBytes">The model's whole arena: activations, scratch and persistent operator data.</param>
/// <param name="FlashBytes">The model file's bytes plus the constants derived from it (packed filters).</param>
public sealed record DeviceFit(DeviceMemory Device, long ArenaBytes, long FlashBytes)
{
    /// <summary>True when the arena fits the RAM and the file with its derived constants the flash.</summary>
    public bool Fits => ArenaBytes <= Device.RamBytes && FlashBytes <= Device.FlashBytes;
}
