// Deep structural equality for TfLiteModel: the records hold arrays and lists, which record
// equality compares by reference, so the round-trip tests need their own walk.
using MicroTL.TfLite;

namespace MicroTL.Tests.TfLite;

/// <summary>Assertions that compare two models field by field and name the first difference.</summary>
internal static class ModelAssert
{
    /// <summary>Fails with the path of the first field that differs.</summary>
    public static void Equal(TfLiteModel expected, TfLiteModel actual)
    {
        string? difference = FirstDifference(expected, actual);
        Assert.True(difference is null, $"models differ: {difference}");
    }

    /// <summary>The path and values of the first difference, or null when the models are equal.</summary>
    public static string? FirstDifference(TfLiteModel a, TfLiteModel b)
    {
        if (a.Version != b.Version) return $"Version {a.Version} != {b.Version}";
        if (a.Description != b.Description) return $"Description '{a.Description}' != '{b.Description}'";
        if (a.OperatorCodes.Count != b.OperatorCodes.Count) return $"OperatorCodes.Count {a.OperatorCodes.Count} != {b.OperatorCodes.Count}";
        for (int i = 0; i < a.OperatorCodes.Count; i++)
        {
            if (a.OperatorCodes[i] != b.OperatorCodes[i]) return $"OperatorCodes[{i}] {a.OperatorCodes[i]} != {b.OperatorCodes[i]}";
        }

        if (a.Buffers.Count != b.Buffers.Count) return $"Buffers.Count {a.Buffers.Count} != {b.Buffers.Count}";
        for (int i = 0; i < a.Buffers.Count; i++)
        {
            if (!a.Buffers[i].Span.SequenceEqual(b.Buffers[i].Span)) return $"Buffers[{i}] contents differ ({a.Buffers[i].Length} vs {b.Buffers[i].Length} bytes)";
        }

        if (a.Subgraphs.Count != b.Subgraphs.Count) return $"Subgraphs.Count {a.Subgraphs.Count} != {b.Subgraphs.Count}";
        for (int i = 0; i < a.Subgraphs.Count; i++)
        {
            string? difference = FirstDifference(a.Subgraphs[i], b.Subgraphs[i]);
            if (difference is not null) return $"Subgraphs[{i}].{difference}";
        }

        return null;
    }

    private static string? FirstDifference(Subgraph a, Subgraph b)
    {
        if (a.Name != b.Name) return $"Name '{a.Name}' != '{b.Name}'";
        if (!a.Inputs.AsSpan().SequenceEqual(b.Inputs)) return $"Inputs [{Join(a.Inputs)}] != [{Join(b.Inputs)}]";
        if (!a.Outputs.AsSpan().SequenceEqual(b.Outputs)) return $"Outputs [{Join(a.Outputs)}] != [{Join(b.Outputs)}]";
        if (a.Tensors.Count != b.Tensors.Count) return $"Tensors.Count {a.Tensors.Count} != {b.Tensors.Count}";
        for (int i = 0; i < a.Tensors.Count; i++)
        {
            string? difference = FirstDifference(a.Tensors[i], b.Tensors[i]);
            if (difference is not null) return $"Tensors[{i}].{difference}";
        }

        if (a.Operators.Count != b.Operators.Count) return $"Operators.Count {a.Operators.Count} != {b.Operators.Count}";
        for (int i = 0; i < a.Operators.Count; i++)
        {
            string? difference = FirstDifference(a.Operators[i], b.Operators[i]);
            if (difference is not null) return $"Operators[{i}].{difference}";
        }

        return null;
    }

    private static string? FirstDifference(TensorInfo a, TensorInfo b)
    {
        if (a.Name != b.Name) return $"Name '{a.Name}' != '{b.Name}'";
        if (a.Type != b.Type) return $"Type {a.Type} != {b.Type}";
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape)) return $"Shape [{Join(a.Shape)}] != [{Join(b.Shape)}]";
        if (a.Buffer != b.Buffer) return $"Buffer {a.Buffer} != {b.Buffer}";
        if (a.IsVariable != b.IsVariable) return $"IsVariable {a.IsVariable} != {b.IsVariable}";
        if (a.Quantization is null || b.Quantization is null)
        {
            return a.Quantization is null && b.Quantization is null ? null : "Quantization: only one is null";
        }

        QuantizationParams qa = a.Quantization, qb = b.Quantization;
        if (!qa.Scale.AsSpan().SequenceEqual(qb.Scale)) return $"Quantization.Scale [{Join(qa.Scale)}] != [{Join(qb.Scale)}]";
        if (!qa.ZeroPoint.AsSpan().SequenceEqual(qb.ZeroPoint)) return $"Quantization.ZeroPoint [{Join(qa.ZeroPoint)}] != [{Join(qb.ZeroPoint)}]";
        return qa.QuantizedDimension == qb.QuantizedDimension ? null : $"Quantization.QuantizedDimension {qa.QuantizedDimension} != {qb.QuantizedDimension}";
    }

    private static string? FirstDifference(OperatorInfo a, OperatorInfo b)
    {
        if (a.OpcodeIndex != b.OpcodeIndex) return $"OpcodeIndex {a.OpcodeIndex} != {b.OpcodeIndex}";
        if (!a.Inputs.AsSpan().SequenceEqual(b.Inputs)) return $"Inputs [{Join(a.Inputs)}] != [{Join(b.Inputs)}]";
        if (!a.Outputs.AsSpan().SequenceEqual(b.Outputs)) return $"Outputs [{Join(a.Outputs)}] != [{Join(b.Outputs)}]";
        bool equal = (a.Options, b.Options) switch
        {
            (null, null) => true,
            (ReshapeOptions ra, ReshapeOptions rb) => ra.NewShape.AsSpan().SequenceEqual(rb.NewShape),
            (SqueezeOptions sa, SqueezeOptions sb) => sa.SqueezeDims.AsSpan().SequenceEqual(sb.SqueezeDims),
            (OperatorOptions oa, OperatorOptions ob) => oa.Equals(ob), // the other options records hold only scalars
            _ => false,
        };
        return equal ? null : $"Options {Describe(a.Options)} != {Describe(b.Options)}";
    }

    private static string Describe(OperatorOptions? options) =>
        options is ReshapeOptions reshape ? $"ReshapeOptions [{Join(reshape.NewShape)}]" : options?.ToString() ?? "null";

    private static string Join<T>(T[] values) => string.Join(", ", values);
}
