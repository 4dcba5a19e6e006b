// Reads a .tflite file (a FlatBuffers "TFL3" Model) into the TfLiteModel object model. Structure
// errors name the byte offset, semantic errors the tensor or operator; buffers stay slices of the
// caller's bytes. Decoding follows the schema's fixed depth (Model > SubGraph > Tensor >
// QuantizationParameters), so there is no recursion and offsets that form a cycle cannot loop.
using System.Diagnostics.CodeAnalysis;
using System.Text;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.TfLite;

/// <summary>
/// Parses TensorFlow Lite flatbuffers. Every offset, length and index is checked, so any input
/// either loads or fails with an <see cref="InvalidModelException"/>.
/// </summary>
public static partial class TfLiteReader
{
    /// <summary>Smallest possible file: root offset plus identifier.</summary>
    private const int HeaderBytes = 8;

    /// <summary>Reads a model from its file bytes without copying the constant data.</summary>
    /// <param name="bytes">The whole .tflite file; must stay unchanged while the model is in use, since <see cref="TfLiteModel.Buffers"/> are slices of it.</param>
    /// <returns>The model; <c>Buffers[i]</c> are slices of <paramref name="bytes"/>.</returns>
    /// <exception cref="InvalidModelException">The bytes are not a well-formed TFLite model; the message names the offset or the tensor/operator and the problem.</exception>
    public static TfLiteModel Read(ReadOnlyMemory<byte> bytes)
    {
        CheckHeader(bytes.Span);
        var reader = new FlatBufferReader(bytes);
        FlatTable model = reader.Root();

        uint version = model.GetUInt32(S.Model.Version);
        OperatorCode[] codes = ReadOperatorCodes(model.GetVector(S.Model.OperatorCodes, 4, "operator codes"));
        ReadOnlyMemory<byte>[] buffers = ReadBuffers(reader, model.GetVector(S.Model.Buffers, 4, "buffers"));
        string? description = model.GetString(S.Model.Description, "description");

        FlatVector subgraphTables = model.GetVector(S.Model.Subgraphs, 4, "subgraphs");
        if (subgraphTables.Count == 0)
        {
            Fail("model has no subgraphs");
        }

        subgraphTables.Charge();
        var subgraphs = new Subgraph[subgraphTables.Count];
        for (int i = 0; i < subgraphs.Length; i++)
        {
            subgraphs[i] = ReadSubgraph(subgraphTables.TableAt(i, $"subgraph {i}"), i, codes, buffers);
        }

        return new TfLiteModel(version, codes, subgraphs, buffers, description);
    }

    private static void CheckHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes)
        {
            Fail($"file is {bytes.Length} bytes; a TFLite model needs at least {HeaderBytes} (root offset and \"{S.FileIdentifier}\" identifier)");
        }

        ReadOnlySpan<byte> identifier = bytes.Slice(4, 4);
        if (!identifier.SequenceEqual("TFL3"u8))
        {
            string shown = new(Encoding.Latin1.GetString(identifier).Select(c => char.IsControl(c) ? '?' : c).ToArray());
            FlatBufferReader.Fail(4, $"file identifier is '{shown}' ({Convert.ToHexString(identifier)}), expected '{S.FileIdentifier}': not a TFLite model");
        }
    }

    private static OperatorCode[] ReadOperatorCodes(FlatVector tables)
    {
        tables.Charge();
        var codes = new OperatorCode[tables.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            FlatTable table = tables.TableAt(i, $"operator code {i}");

            // Files from before builtin_code existed only set the byte field; newer ones set
            // both (the byte capped at 127). TFLite resolves the pair by taking the larger.
            int code = Math.Max(table.GetSByte(S.OperatorCode.DeprecatedBuiltinCode), table.GetInt32(S.OperatorCode.BuiltinCode));
            if (code < 0)
            {
                Fail($"operator code {i}: builtin code {code} is negative");
            }

            int version = table.GetInt32(S.OperatorCode.Version, 1);
            string? custom = table.GetString(S.OperatorCode.CustomCode, $"operator code {i} custom code");
            codes[i] = new OperatorCode((BuiltinOperator)code, version, custom);
        }

        return codes;
    }

    private static ReadOnlyMemory<byte>[] ReadBuffers(FlatBufferReader reader, FlatVector tables)
    {
        tables.Charge();
        var buffers = new ReadOnlyMemory<byte>[tables.Count];
        for (int i = 0; i < buffers.Length; i++)
        {
            FlatTable table = tables.TableAt(i, $"buffer {i}");
            ulong offset = table.GetUInt64(S.Buffer.Offset);
            ulong size = table.GetUInt64(S.Buffer.Size);

            // Models over 2 GB keep data after the flatbuffer, addressed from the file start;
            // offset 1 is the converter's placeholder for "not yet placed", so TFLite ignores it.
            if (offset > 1 && size > 0)
            {
                if (offset > (ulong)reader.Length || size > (ulong)reader.Length - offset)
                {
                    FlatBufferReader.Fail(table.Pos, $"buffer {i}: external data at offset {offset}, size {size} runs past end of file ({reader.Length} bytes)");
                }

                buffers[i] = reader.Slice((int)offset, (int)size);
            }
            else
            {
                buffers[i] = table.GetVector(S.Buffer.Data, 1, "buffer bytes").AsMemory();
            }
        }

        return buffers;
    }

    private static Subgraph ReadSubgraph(FlatTable table, int index, OperatorCode[] codes, ReadOnlyMemory<byte>[] buffers)
    {
        string? name = table.GetString(S.SubGraph.Name, $"subgraph {index} name");
        string prefix = index == 0 ? "" : $"subgraph {index} ";

        FlatVector tensorTables = table.GetVector(S.SubGraph.Tensors, 4, "tensors");
        tensorTables.Charge();
        var tensors = new TensorInfo[tensorTables.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i] = ReadTensor(tensorTables.TableAt(i, $"{prefix}tensor {i}"), $"{prefix}tensor {i}", buffers);
        }

        int[] inputs = table.GetVector(S.SubGraph.Inputs, 4, "int32 (subgraph inputs)").ToInt32Array();
        int[] outputs = table.GetVector(S.SubGraph.Outputs, 4, "int32 (subgraph outputs)").ToInt32Array();
        CheckTensorIndices(inputs, tensors.Length, allowOptional: false, $"{prefix}input");
        CheckTensorIndices(outputs, tensors.Length, allowOptional: false, $"{prefix}output");

        FlatVector operatorTables = table.GetVector(S.SubGraph.Operators, 4, "operators");
        operatorTables.Charge();
        var operators = new OperatorInfo[operatorTables.Count];
        for (int i = 0; i < operators.Length; i++)
        {
            operators[i] = ReadOperator(operatorTables.TableAt(i, $"{prefix}op {i}"), $"{prefix}op {i}", codes, tensors);
        }

        return new Subgraph(tensors, operators, inputs, outputs, name);
    }

    private static OperatorInfo ReadOperator(FlatTable table, string label, OperatorCode[] codes, TensorInfo[] tensors)
    {
        uint opcodeIndex = table.GetUInt32(S.Operator.OpcodeIndex);
        if (opcodeIndex >= (uint)codes.Length)
        {
            Fail($"{label}: opcode_index {opcodeIndex} out of range ({codes.Length} operator codes)");
        }

        BuiltinOperator code = codes[opcodeIndex].Code;
        label = $"{label} ({NameOf(code)})";
        int[] inputs = table.GetVector(S.Operator.Inputs, 4, "int32 (operator inputs)").ToInt32Array();
        int[] outputs = table.GetVector(S.Operator.Outputs, 4, "int32 (operator outputs)").ToInt32Array();
        CheckTensorIndices(inputs, tensors.Length, allowOptional: true, $"{label} input");
        CheckTensorIndices(outputs, tensors.Length, allowOptional: false, $"{label} output");
        if (code != BuiltinOperator.Custom && table.Has(S.Operator.CustomOptions))
        {
            // TFLM refuses this combination before it parses anything ("found builtin operator with custom options").
            Fail($"{label}: a builtin operator with custom_options; only CUSTOM operators carry them");
        }

        CheckIntermediates(table.GetVector(S.Operator.Intermediates, 4, "int32 (operator intermediates)").ToInt32Array(), tensors, label);
        OperatorOptions? options = ReadOptions(table, code, label);
        return new OperatorInfo((int)opcodeIndex, inputs, outputs, options);
    }

    /// <summary>
    /// An operator's intermediates (the calibration tensors of a quantized LSTM) must be empty: TFLM refuses a model
    /// whose intermediates take memory ("Does not support intermediate tensor with non-zero size").
    /// </summary>
    private static void CheckIntermediates(int[] intermediates, TensorInfo[] tensors, string label)
    {
        CheckTensorIndices(intermediates, tensors.Length, allowOptional: false, $"{label} intermediate");
        foreach (int t in intermediates)
        {
            if (tensors[t].ByteCount != 0)
            {
                Fail($"{label}: intermediate tensor {t} '{tensors[t].Name}' has {tensors[t].ByteCount} bytes; TFLM and this engine run only empty intermediates");
            }
        }
    }

    private static void CheckTensorIndices(int[] indices, int tensorCount, bool allowOptional, string what)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            int t = indices[i];
            if (t >= tensorCount || t < (allowOptional ? -1 : 0))
            {
                Fail($"{what} {i}: tensor index {t} out of range ({tensorCount} tensors{(allowOptional ? "; -1 marks an omitted optional input" : "")})");
            }
        }
    }

    /// <summary>The operator's name for messages: the schema name (CONV_2D), or the number for codes the schema lacks.</summary>
    private static string NameOf(BuiltinOperator code) => BuiltinOperatorNames.Of(code);

    [DoesNotReturn]
    private static void Fail(string message) => throw new InvalidModelException(message);
}
