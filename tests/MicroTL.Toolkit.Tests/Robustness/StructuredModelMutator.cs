// Mutants that still parse: one field of the parsed model is changed to a wrong but well-formed
// value (a tensor's type or shape, an operator's tensor index, quantization, a buffer) and the
// model is written again, so the interpreter's Prepare, not the reader, must catch it. Plus the
// size fields of the raw file's buffers, which the reader must check against the file.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Tests.Robustness;

/// <summary>Seeded structural mutants of one model; each comes with a description to replay it.</summary>
internal sealed class StructuredModelMutator(byte[] original)
{
    public const int Kinds = 9;

    private static readonly int[] BadDimensions = [0, -1, 1, 2, 3, 65536, int.MaxValue, int.MinValue];
    private static readonly float[] BadScales = [0f, -1f, float.NaN, float.PositiveInfinity, 1e-30f, 1e30f];
    private static readonly long[] BadZeroPoints = [-129, 128, 255, -1000, long.MaxValue];

    private readonly TfLiteModel _model = TfLiteReader.Read(original);

    /// <summary>The kind of mutation <paramref name="seed"/> makes (for the tally).</summary>
    public static string KindName(int kind) => kind switch
    {
        0 => "tensor type", 1 => "shape dimension", 2 => "shape rank", 3 => "operator tensor index",
        4 => "quantization", 5 => "tensor buffer index", 6 => "buffer length", 7 => "opcode or options",
        _ => "buffer size field in file",
    };

    /// <summary>Mutant <paramref name="seed"/>; null bytes when the writer refuses the change (it validates some fields itself).</summary>
    public (byte[]? Bytes, int Kind, string Description) Mutate(int seed)
    {
        var random = new Random(seed);
        int kind = random.Next(Kinds);
        Subgraph graph = _model.MainSubgraph;
        var tensors = graph.Tensors.ToList();
        var operators = graph.Operators.ToList();
        var buffers = _model.Buffers.ToList();
        var codes = _model.OperatorCodes.ToList();
        int t = random.Next(tensors.Count), o = random.Next(operators.Count);
        TensorInfo tensor = tensors[t];
        string description;
        switch (kind)
        {
            case 0:
                var type = (TensorType)random.Next(12);
                tensors[t] = tensor with { Type = type };
                description = $"tensor {t} type {tensor.Type} -> {type}";
                break;
            case 1:
                if (tensor.Shape.Length == 0) goto case 2;
                int[] shape = (int[])tensor.Shape.Clone();
                int d = random.Next(shape.Length);
                shape[d] = random.Next(3) == 0 ? shape[d] + random.Next(-2, 3) : BadDimensions[random.Next(BadDimensions.Length)];
                tensors[t] = tensor with { Shape = shape };
                description = $"tensor {t} shape [{string.Join(',', tensor.Shape)}] -> [{string.Join(',', shape)}]";
                break;
            case 2:
                int[] reshaped = random.Next(2) == 0 || tensor.Shape.Length == 0 ? [.. tensor.Shape, 1 + random.Next(3)] : tensor.Shape[..^1];
                tensors[t] = tensor with { Shape = reshaped };
                description = $"tensor {t} rank {tensor.Shape.Length} -> {reshaped.Length}";
                break;
            case 3:
            {
                OperatorInfo op = operators[o];
                bool input = random.Next(3) != 0 || op.Outputs.Length == 0;
                int[] indices = (int[])(input ? op.Inputs : op.Outputs).Clone();
                if (indices.Length == 0) { description = $"operator {o} unchanged (no tensors)"; break; }
                int i = random.Next(indices.Length);
                int index = random.Next(4) switch { 0 => -1, 1 => tensors.Count + random.Next(3), 2 => int.MaxValue, _ => random.Next(tensors.Count) };
                description = $"operator {o} {(input ? "input" : "output")} {i}: tensor {indices[i]} -> {index}";
                indices[i] = index;
                operators[o] = input ? op with { Inputs = indices } : op with { Outputs = indices };
                break;
            }
            case 4:
                tensors[t] = tensor with { Quantization = MutateQuantization(tensor.Quantization, random, out string change) };
                description = $"tensor {t} quantization: {change}";
                break;
            case 5:
                int buffer = random.Next(3) switch { 0 => 0, 1 => buffers.Count + random.Next(2), _ => random.Next(buffers.Count) };
                tensors[t] = tensor with { Buffer = buffer };
                description = $"tensor {t} buffer {tensor.Buffer} -> {buffer}";
                break;
            case 6:
            {
                int b = random.Next(buffers.Count);
                int length = buffers[b].Length;
                int newLength = random.Next(3) switch { 0 => 0, 1 => Math.Max(0, length - 1 - random.Next(8)), _ => length + 1 + random.Next(64) };
                byte[] data = new byte[newLength];
                buffers[b].Span[..Math.Min(length, newLength)].CopyTo(data);
                buffers[b] = data;
                description = $"buffer {b} length {length} -> {newLength}";
                break;
            }
            case 7:
            {
                OperatorInfo op = operators[o];
                if (random.Next(2) == 0)
                {
                    int code = random.Next(codes.Count + 1);
                    operators[o] = op with { OpcodeIndex = code };
                    description = $"operator {o} opcode index {op.OpcodeIndex} -> {code}";
                }
                else
                {
                    OperatorOptions? options = operators[random.Next(operators.Count)].Options;
                    operators[o] = op with { Options = options };
                    description = $"operator {o} options {op.Options?.GetType().Name ?? "none"} -> {options?.GetType().Name ?? "none"}";
                }
                break;
            }
            default:
                return MutateBufferSizeField(random);
        }

        var mutated = _model with
        {
            Subgraphs = [graph with { Tensors = tensors, Operators = operators }, .. _model.Subgraphs.Skip(1)],
            Buffers = buffers.Select(b => (ReadOnlyMemory<byte>)b).ToList(),
        };
        try
        {
            return (TfLiteWriter.Write(mutated), kind, description);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            return (null, kind, description);
        }
    }

    private static QuantizationParams? MutateQuantization(QuantizationParams? q, Random random, out string change)
    {
        if (q is null || random.Next(4) == 0)
        {
            change = q is null ? "added with a bad scale" : "removed";
            return q is null ? new QuantizationParams([BadScales[random.Next(BadScales.Length)]], [0]) : null;
        }

        float[] scales = (float[])q.Scale.Clone();
        long[] zeroPoints = (long[])q.ZeroPoint.Clone();
        switch (random.Next(3))
        {
            case 0:
                int s = random.Next(scales.Length);
                scales[s] = BadScales[random.Next(BadScales.Length)];
                change = $"scale {s} -> {scales[s]}";
                return q with { Scale = scales };
            case 1:
                int z = random.Next(zeroPoints.Length);
                zeroPoints[z] = BadZeroPoints[random.Next(BadZeroPoints.Length)];
                change = $"zero point {z} -> {zeroPoints[z]}";
                return q with { ZeroPoint = zeroPoints };
            default:
                int dimension = random.Next(-1, 5);
                change = $"per-channel: {scales.Length + 1} scales, dimension {dimension}";
                return new QuantizationParams([.. scales, 0.5f], [.. zeroPoints, 0], dimension);
        }
    }

    /// <summary>Overwrites the uint32 length that precedes a buffer's data in the file.</summary>
    private (byte[]? Bytes, int Kind, string Description) MutateBufferSizeField(Random random)
    {
        var withData = _model.Buffers.Where(b => b.Length > 0).ToList();
        byte[] bytes = (byte[])original.Clone();
        if (withData.Count == 0 || !MemoryMarshal.TryGetArray(withData[random.Next(withData.Count)], out ArraySegment<byte> segment))
            return (bytes, 8, "no buffer with data: unchanged");
        int at = segment.Offset - 4;
        uint value = random.Next(5) switch
        {
            0 => 0, 1 => (uint)segment.Count + 1, 2 => (uint)bytes.Length, 3 => 0x7FFFFFFF, _ => 0xFFFFFFFF,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        return (bytes, 8, $"buffer size field at {at}: {segment.Count} -> {value}");
    }
}
