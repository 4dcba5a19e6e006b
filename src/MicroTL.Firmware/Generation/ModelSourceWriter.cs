// Writes model.c: the constant tensors an operator reads, as typed const arrays aligned to 16 bytes (flash),
// then the shape and quantization arrays, the tensor table, the operator table, the scratch plan and the
// mtl_model that ties them together. Every value is spelled exactly (CSyntax), in a fixed order.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Generation;

internal sealed class ModelSourceWriter(TfLiteModel model, ModelLayout layout, string symbol)
{
    private readonly Subgraph graph = model.MainSubgraph;
    private readonly StringBuilder text = new();

    public string Write(string headerComment)
    {
        text.Append(headerComment);
        text.Append("#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n\n#include \"model.h\"\n");
        bool[] emitted = ConstantTensors();
        Shapes();
        Quantization();
        Tensors(emitted);
        Operators();
        Model();
        return text.ToString();
    }

    // Constants an operator reads or the graph outputs get a const array; others (never read) none.
    private bool[] ConstantTensors()
    {
        var used = new bool[graph.Tensors.Count];
        foreach (OperatorInfo op in graph.Operators)
            foreach (int input in op.Inputs) if (input >= 0) used[input] = true;
        foreach (int output in graph.Outputs) used[output] = true;
        var emitted = new bool[used.Length];
        text.Append("\n/* Constant tensors, in flash. */\n");
        for (int i = 0; i < used.Length; i++)
        {
            TensorInfo t = graph.Tensors[i];
            ReadOnlySpan<byte> data = model.DataOf(t).Span;
            if (!used[i] || data.IsEmpty || layout.TensorOffsets[i] >= 0) continue;
            emitted[i] = true;
            text.Append(Invariant($"\n/* t{i} '{CSyntax.CommentText(t.Name)}' {FirmwareSupport.TypeName(t.Type)} {ShapeText(t.Shape)} */\n"));
            switch (t.Type)
            {
                case TensorType.Int8:
                    Array(Invariant($"static const int8_t t{i}_data[{data.Length}] MTL_ALIGNED(16)"),
                        MemoryMarshal.Cast<byte, sbyte>(data).ToArray().Select(v => CSyntax.Int(v)), 16);
                    break;
                case TensorType.Int32:
                    Array(Invariant($"static const int32_t t{i}_data[{data.Length / 4}] MTL_ALIGNED(16)"),
                        MemoryMarshal.Cast<byte, int>(data).ToArray().Select(CSyntax.Int), 8);
                    break;
                case TensorType.Float32:
                    Array(Invariant($"static const float t{i}_data[{data.Length / 4}] MTL_ALIGNED(16)"),
                        MemoryMarshal.Cast<byte, float>(data).ToArray().Select(CSyntax.Float), 4);
                    break;
                default:
                    // No operator of the C interpreter reads other types' values (RESHAPE's shape input is not read).
                    Array(Invariant($"static const uint8_t t{i}_data[{data.Length}] MTL_ALIGNED(16)"),
                        data.ToArray().Select(v => CSyntax.Int(v)), 16);
                    break;
            }
        }
        return emitted;
    }

    private void Shapes()
    {
        text.Append("\n/* Shapes. */\n");
        for (int i = 0; i < graph.Tensors.Count; i++)
            if (graph.Tensors[i].Shape.Length > 0)
                text.Append(Invariant($"static const int32_t t{i}_shape[] = {{ {string.Join(", ", graph.Tensors[i].Shape.Select(CSyntax.Int))} }};\n"));
    }

    private void Quantization()
    {
        text.Append("\n/* Quantization: real = scale * (q - zero_point), per tensor or per channel. */\n");
        for (int i = 0; i < graph.Tensors.Count; i++)
        {
            QuantizationParams? q = graph.Tensors[i].Quantization;
            if (q is null || q.Scale.Length == 0) continue;
            if (q.ZeroPoint.Length != q.Scale.Length)
                throw new FirmwareGenerationException(-1, "-", FirmwareSupport.TypeName(graph.Tensors[i].Type),
                    $"tensor {i} '{graph.Tensors[i].Name}' has {q.Scale.Length} scales and {q.ZeroPoint.Length} zero points; the firmware's tensor table needs one zero point per scale");
            foreach (long zeroPoint in q.ZeroPoint)
                if (zeroPoint is < int.MinValue or > int.MaxValue)
                    throw new FirmwareGenerationException(-1, "-", FirmwareSupport.TypeName(graph.Tensors[i].Type),
                        $"tensor {i} '{graph.Tensors[i].Name}' has zero point {zeroPoint}, outside the int32 range of the firmware's tensor table");
            text.Append(Invariant($"static const float t{i}_scales[] = {{ {string.Join(", ", q.Scale.Select(CSyntax.Float))} }};\n"));
            text.Append(Invariant($"static const int32_t t{i}_zero_points[] = {{ {string.Join(", ", q.ZeroPoint.Select(z => CSyntax.Int((int)z)))} }};\n"));
        }
    }

    private void Tensors(bool[] emitted)
    {
        text.Append("\n/* Tensors: type, rank, shape, bytes, arena offset (-1: not in the arena), constant data, quantization. */\n");
        text.Append(Invariant($"static const mtl_tensor tensors[{graph.Tensors.Count}] = {{\n"));
        for (int i = 0; i < graph.Tensors.Count; i++)
        {
            TensorInfo t = graph.Tensors[i];
            int count = t.Quantization?.Scale.Length ?? 0;
            string shape = t.Shape.Length > 0 ? $"t{i}_shape" : "NULL";
            string data = emitted[i] ? $"t{i}_data" : "NULL";
            string scales = count > 0 ? $"t{i}_scales" : "NULL", zeroPoints = count > 0 ? $"t{i}_zero_points" : "NULL";
            int axis = count > 0 ? t.Quantization!.QuantizedDimension : 0;
            text.Append(Invariant($"    {{ {TypeCode(t.Type)}, {t.Shape.Length}, {shape}, {layout.TensorBytes[i]}, {layout.TensorOffsets[i]}, {data}, {count}, {scales}, {zeroPoints}, {axis} }}, /* t{i} '{CSyntax.CommentText(t.Name)}' */\n"));
        }
        text.Append("};\n");
    }

    private void Operators()
    {
        text.Append("\n/* Operators in execution order: code, inputs, outputs, options, the data block's place below the tail's top. */\n");
        for (int i = 0; i < graph.Operators.Count; i++)
        {
            OperatorInfo op = graph.Operators[i];
            text.Append(Invariant($"static const int32_t op{i}_inputs[] = {{ {string.Join(", ", op.Inputs.Select(CSyntax.Int))} }};\n"));
            text.Append(Invariant($"static const int32_t op{i}_outputs[] = {{ {string.Join(", ", op.Outputs.Select(CSyntax.Int))} }};\n"));
        }
        // C has no empty arrays: a model without operators gets one zeroed entry that nothing reads.
        text.Append(Invariant($"static const mtl_operator operators[{Math.Max(1, graph.Operators.Count)}] = {{\n"));
        if (graph.Operators.Count == 0) text.Append("    { 0 },\n");
        for (int i = 0; i < graph.Operators.Count; i++)
        {
            OperatorInfo op = graph.Operators[i];
            BuiltinOperator code = model.CodeOf(op);
            text.Append(Invariant($"    {{ MTL_OP_{OperatorNames.Of(code)}, {op.Inputs.Length}, op{i}_inputs, {op.Outputs.Length}, op{i}_outputs,\n"));
            text.Append(Invariant($"      {Options(op.Options)}, {layout.DataFromEnd[i]} }}, /* op {i} */\n"));
        }
        text.Append("};\n");
        text.Append(Invariant($"static const int32_t graph_inputs[] = {{ {string.Join(", ", graph.Inputs.Select(CSyntax.Int))} }};\n"));
        text.Append(Invariant($"static const int32_t graph_outputs[] = {{ {string.Join(", ", graph.Outputs.Select(CSyntax.Int))} }};\n"));
        if (layout.Scratch.Length > 0)
        {
            text.Append("\n/* Scratch buffers in request order: offset in the head, bytes. */\n");
            text.Append(Invariant($"static const mtl_scratch_plan scratch[{layout.Scratch.Length}] = {{ "));
            text.Append(string.Join(", ", layout.Scratch.Select(s => Invariant($"{{ {s.Offset}, {s.Bytes} }}"))));
            text.Append(" };\n");
        }
    }

    // mtl_model.h's names for the types it has; other schema codes as numbers (no operator of the C reads them).
    private static string TypeCode(TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Float16 or TensorType.Int32 or TensorType.UInt8 or TensorType.Int64
            or TensorType.Bool or TensorType.Int16 or TensorType.Int8 => "MTL_TYPE_" + FirmwareSupport.TypeName(type),
        _ => ((int)type).ToString(CultureInfo.InvariantCulture),
    };

    private static string Options(OperatorOptions? options) => options switch
    {
        Conv2DOptions o => Invariant($"{{ .padding = {(int)o.Padding}, .activation = {(int)o.Activation}, .stride_width = {o.StrideW}, .stride_height = {o.StrideH}, .dilation_width = {o.DilationW}, .dilation_height = {o.DilationH} }}"),
        DepthwiseConv2DOptions o => Invariant($"{{ .padding = {(int)o.Padding}, .activation = {(int)o.Activation}, .stride_width = {o.StrideW}, .stride_height = {o.StrideH}, .dilation_width = {o.DilationW}, .dilation_height = {o.DilationH}, .depth_multiplier = {o.DepthMultiplier} }}"),
        Pool2DOptions o => Invariant($"{{ .padding = {(int)o.Padding}, .activation = {(int)o.Activation}, .stride_width = {o.StrideW}, .stride_height = {o.StrideH}, .filter_width = {o.FilterWidth}, .filter_height = {o.FilterHeight} }}"),
        FullyConnectedOptions o => Invariant($"{{ .activation = {(int)o.Activation} }}"),
        AddOptions o => Invariant($"{{ .activation = {(int)o.Activation} }}"),
        SoftmaxOptions o => $"{{ .beta = {CSyntax.Float(o.Beta)} }}",
        _ => "{ .padding = 0 }",
    };

    private void Model()
    {
        ModelLayout l = layout;
        text.Append(Invariant($"\nconst mtl_model mtl_model_{symbol} = {{\n"));
        text.Append(Invariant($"    .name = {CSyntax.StringLiteral(symbol)},\n"));
        text.Append(Invariant($"    .tensor_count = {graph.Tensors.Count}, .tensors = tensors,\n"));
        text.Append(Invariant($"    .operator_count = {graph.Operators.Count}, .operators = operators,\n"));
        text.Append(Invariant($"    .input_count = {graph.Inputs.Length}, .inputs = graph_inputs,\n"));
        text.Append(Invariant($"    .output_count = {graph.Outputs.Length}, .outputs = graph_outputs,\n"));
        text.Append(Invariant($"    .scratch_count = {l.Scratch.Length}, .scratch = {(l.Scratch.Length > 0 ? "scratch" : "NULL")},\n"));
        text.Append(Invariant($"    .head_bytes = {l.Plan.HeadBytes}, .persistent_bytes = {l.Plan.PersistentBytes}, .arena_bytes = {l.Plan.TotalBytes},\n"));
        text.Append("};\n");
    }

    private void Array(string declaration, IEnumerable<string> values, int perLine)
    {
        text.Append(declaration).Append(" = {");
        int n = 0;
        foreach (string value in values)
        {
            text.Append(n % perLine == 0 ? "\n    " : " ").Append(value).Append(',');
            n++;
        }
        text.Append("\n};\n");
    }

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
