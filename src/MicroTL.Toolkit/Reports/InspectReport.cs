// `microtl inspect --json`: a model's operators, tensors and quantization, the arena it needs, its flash
// size, and whether it fits the device.
using System.Text.Json.Serialization;
using MicroTL.Budget;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Reports;

/// <summary>What <c>microtl inspect</c> reports of a model.</summary>
/// <param name="Model">The file.</param>
/// <param name="Version">TFLite schema version.</param>
/// <param name="ArenaBytes">Bytes of the whole arena: activations, scratch and persistent operator data.</param>
/// <param name="ActivationBytes">Arena bytes of the tensors alone (their peak).</param>
/// <param name="ScratchBytes">Arena bytes the operators' scratch buffers add above the activations.</param>
/// <param name="PersistentBytes">Arena bytes of the operators' persistent data (multipliers, folded biases, parameters).</param>
/// <param name="FlashBytes">Flash the model needs: its file plus the constants derived from it.</param>
/// <param name="ModelBytes">Bytes of the model file.</param>
/// <param name="DerivedFlashBytes">Bytes of constants derived from the model's (packed filters), kept in flash beside it.</param>
/// <param name="MacsPerInference">Multiply-accumulates of one inference.</param>
/// <param name="Inputs">Graph input tensor indices.</param>
/// <param name="Outputs">Graph output tensor indices.</param>
/// <param name="Ops">The operators, in execution order.</param>
/// <param name="Tensors">The tensors, by index.</param>
/// <param name="Device">The device and whether the model fits it.</param>
public sealed record InspectReport(string Model, uint Version, long ArenaBytes, long ActivationBytes, long ScratchBytes, long PersistentBytes,
    long FlashBytes, long ModelBytes, long DerivedFlashBytes, long MacsPerInference,
    IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs, IReadOnlyList<OperatorReport> Ops, IReadOnlyList<TensorReport> Tensors, DeviceFitReport Device)
{
    /// <summary>The report of <paramref name="model"/> (read from <paramref name="path"/>, <paramref name="modelBytes"/> long), prepared in <paramref name="interpreter"/>.</summary>
    public static InspectReport From(string path, TfLiteModel model, Interpreter interpreter, long modelBytes, DeviceMemory device)
    {
        Subgraph graph = model.MainSubgraph;
        ArenaPlan plan = interpreter.Plan;
        long flashBytes = modelBytes + interpreter.DerivedFlashBytes;
        return new InspectReport(path, model.Version, interpreter.ArenaBytes, plan.ActivationBytes, plan.ScratchBytes, plan.PersistentBytes,
            flashBytes, modelBytes, interpreter.DerivedFlashBytes, interpreter.MacsPerInference, graph.Inputs, graph.Outputs,
            [.. graph.Operators.Select((op, i) => OperatorReport.From(model, op, i, interpreter.Operators[i]))],
            [.. graph.Tensors.Select((t, i) => TensorReport.From(model, t, i, interpreter.IsArenaTensor(i)))],
            new DeviceFitReport(device.Name, device.RamBytes, device.FlashBytes, interpreter.ArenaBytes <= device.RamBytes && flashBytes <= device.FlashBytes));
    }
}

/// <summary>One operator.</summary>
/// <param name="Index">Position in the graph.</param>
/// <param name="Op">Builtin operator name.</param>
/// <param name="Inputs">Input tensor indices (-1: absent optional input).</param>
/// <param name="Outputs">Output tensor indices.</param>
/// <param name="Macs">Multiply-accumulates of one run (0 for an operator the engine does not run).</param>
/// <param name="Supported">False when the engine does not run the operator (its code or its types).</param>
/// <param name="Unsupported">Why it does not run, when it does not.</param>
public sealed record OperatorReport(int Index, string Op, IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs, long Macs, bool Supported = true,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unsupported = null)
{
    /// <summary>The report of operator <paramref name="index"/>, prepared as <paramref name="prepared"/>.</summary>
    public static OperatorReport From(TfLiteModel model, OperatorInfo op, int index, PreparedOperator prepared) => prepared is UnsupportedOperator missing
        ? new(index, OperatorNames.Of(model.OperatorCodes[op.OpcodeIndex]), op.Inputs, op.Outputs, 0, false, missing.Reason)
        : new(index, OperatorNames.Of(model.OperatorCodes[op.OpcodeIndex]), op.Inputs, op.Outputs, prepared.MacCount);
}

/// <summary>One tensor.</summary>
/// <param name="Index">Tensor index.</param>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">Element type, lower case (int8, float32, ...).</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Bytes">Bytes of its data.</param>
/// <param name="Constant">True when the model holds its data.</param>
/// <param name="InArena">True when the arena holds it.</param>
/// <param name="Quantization">Its quantization, when it has one.</param>
public sealed record TensorReport(int Index, string Name, string Type, IReadOnlyList<int> Shape, long Bytes, bool Constant, bool InArena,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantizationReport? Quantization)
{
    /// <summary>The report of tensor <paramref name="index"/>.</summary>
    public static TensorReport From(TfLiteModel model, TensorInfo t, int index, bool inArena) => new(
        index, t.Name, t.Type.ToString().ToLowerInvariant(), t.Shape, t.ByteCount, model.DataOf(t).Length > 0, inArena,
        t.Quantization is { } q ? new QuantizationReport(q.Scale, q.ZeroPoint, q.QuantizedDimension) : null);
}

/// <summary>A tensor's affine quantization: <c>real = scale * (q - zeroPoint)</c>, per tensor or per channel along one dimension.</summary>
/// <param name="Scale">Scales (one, or one per channel).</param>
/// <param name="ZeroPoint">Zero points.</param>
/// <param name="QuantizedDimension">The channel dimension of per-channel quantization.</param>
public sealed record QuantizationReport(IReadOnlyList<float> Scale, IReadOnlyList<long> ZeroPoint, int QuantizedDimension);

/// <summary>The device and whether the model's arena fits its RAM and the model's flash (file and derived constants) its flash.</summary>
/// <param name="Name">Device name.</param>
/// <param name="RamBytes">Its RAM.</param>
/// <param name="FlashBytes">Its flash.</param>
/// <param name="Fits">True when the arena fits the RAM and the model's flash bytes the flash.</param>
public sealed record DeviceFitReport(string Name, long RamBytes, long FlashBytes, bool Fits);
