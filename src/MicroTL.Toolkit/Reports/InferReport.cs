using System.Text.Json.Serialization;

namespace MicroTL.Toolkit.Reports;

/// <summary><c>microtl infer --json</c>: the output tensor of one inference.</summary>
/// <param name="Type">Element type, lower case.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Values">The raw values (int8 as -128..127).</param>
/// <param name="Dequantized">For a per-tensor quantized output, <c>scale * (q - zeroPoint)</c> of each value.</param>
public sealed record InferReport(string Type, IReadOnlyList<int> Shape, IReadOnlyList<double> Values,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? Dequantized);
