// Shared checks of the operators' Prepare step: every failure becomes an InvalidModelException that
// names the op index, the op, the tensor (index and name) and the numbers involved.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>
/// One operator of subgraph 0 being prepared, with the checks every op needs and the arena it allocates from:
/// persistent data from the tail, scratch requested for the head, derived constants into the flash image (TFLM's
/// <c>AllocatePersistentBuffer</c> and <c>RequestScratchBufferInArena</c>).
/// </summary>
internal sealed class PrepareContext
{
    public PrepareContext(TfLiteModel model, int operatorIndex, Arena arena, SimdLevel simd)
    {
        Model = model;
        Index = operatorIndex;
        Arena = arena;
        Simd = SimdSupport.Clamp(simd);
        if (model.Subgraphs.Count == 0) throw new InvalidModelException("model has no subgraph");
        IReadOnlyList<OperatorInfo> ops = model.MainSubgraph.Operators;
        if (operatorIndex < 0 || operatorIndex >= ops.Count)
            throw new InvalidModelException($"op {operatorIndex}: operator index out of range (subgraph 0 has {ops.Count} operators)");
        Op = ops[operatorIndex];
        if (Op.OpcodeIndex < 0 || Op.OpcodeIndex >= model.OperatorCodes.Count)
            throw new InvalidModelException(
                $"op {operatorIndex}: opcode index {Op.OpcodeIndex} out of range (the model has {model.OperatorCodes.Count} operator codes)");
        OperatorCode code = model.OperatorCodes[Op.OpcodeIndex];
        Code = code.Code;
        Name = OperatorNames.Of(code);
    }

    public TfLiteModel Model { get; }

    /// <summary>The arena the operator allocates from.</summary>
    public Arena Arena { get; }

    /// <summary>The instruction set the operator's kernels use.</summary>
    public SimdLevel Simd { get; }

    public int Index { get; }

    public OperatorInfo Op { get; }

    public BuiltinOperator Code { get; }

    /// <summary>Schema name of the op, e.g. FULLY_CONNECTED, or CUSTOM 'name'.</summary>
    public string Name { get; }

    private IReadOnlyList<TensorInfo> Tensors => Model.MainSubgraph.Tensors;

    /// <summary>Copies <paramref name="values"/> into a new persistent block of the arena's tail.</summary>
    public PersistentBlock StorePersistent<T>(ReadOnlySpan<T> values, string purpose) where T : unmanaged
    {
        long bytes = (long)values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long after = GreedyMemoryPlanner.AlignUp(Arena.PersistentBytes + bytes);
        if (after > Arena.LimitBytes)
            throw Fail($"{purpose} needs {bytes} bytes of persistent arena; with the {Arena.PersistentBytes} bytes already allocated " +
                $"that is {after} bytes, above the arena limit of {Arena.LimitBytes} bytes");
        return Arena.StorePersistent(values, Index, purpose);
    }

    /// <summary>Copies the operator's data (everything Eval reads) into a new persistent block.</summary>
    public PersistentBlock StoreData<T>(in T data) where T : unmanaged => StorePersistent(new ReadOnlySpan<T>(in data), "operator data");

    /// <summary>Requests <paramref name="bytes"/> of scratch, planned in the head and valid only while this operator runs.</summary>
    public ScratchBuffer RequestScratch(long bytes, string purpose)
    {
        if (bytes > Arena.LimitBytes) throw Fail($"{purpose} needs {bytes} bytes of scratch, above the arena limit of {Arena.LimitBytes} bytes");
        return Arena.RequestScratch((int)bytes, Index, purpose);
    }

    /// <summary>Copies a constant derived from the model's constants into the flash image (a device keeps it in flash).</summary>
    public FlashBlock StoreDerivedFlash<T>(ReadOnlySpan<T> values, string purpose) where T : unmanaged => Arena.StoreFlash(values, Index, purpose);

    /// <summary>An exception whose message starts with "op N NAME: ".</summary>
    public InvalidModelException Fail(string message) => new($"op {Index} {Name}: {message}");

    /// <summary>"tensor 7 'name'".</summary>
    public string Describe(int tensorIndex) => $"tensor {tensorIndex} '{Tensors[tensorIndex].Name}'";

    public void RequireCounts(int minInputs, int maxInputs, int outputs)
    {
        int n = Op.Inputs.Length;
        if (n < minInputs || n > maxInputs)
            throw Fail(minInputs == maxInputs
                ? $"has {n} inputs, expected {minInputs}"
                : $"has {n} inputs, expected {minInputs} to {maxInputs}");
        if (Op.Outputs.Length != outputs) throw Fail($"has {Op.Outputs.Length} outputs, expected {outputs}");
    }

    /// <summary>The tensor index of required input <paramref name="k"/>, checked in range.</summary>
    public int Input(int k, string role)
    {
        int index = k < Op.Inputs.Length ? Op.Inputs[k] : -1;
        if (index < 0) throw Fail($"{role} (input {k}) is missing");
        return CheckIndex(index, role);
    }

    /// <summary>The tensor index of optional input <paramref name="k"/>, or -1 when omitted.</summary>
    public int OptionalInput(int k, string role)
    {
        int index = k < Op.Inputs.Length ? Op.Inputs[k] : -1;
        return index < 0 ? -1 : CheckIndex(index, role);
    }

    /// <summary>The tensor index of output <paramref name="k"/>; the tensor must not be constant.</summary>
    public int Output(int k, string role)
    {
        int raw = Op.Outputs[k];
        if (raw < 0) throw Fail($"{role} (output {k}) is missing");
        int index = CheckIndex(raw, role);
        if (!Model.DataOf(Tensors[index]).IsEmpty) throw Fail($"{role} {Describe(index)} is constant; an output must be writable");
        // Kernels read inputs while writing outputs, so an op must not write one of its own inputs.
        if (Array.IndexOf(Op.Inputs, index) >= 0) throw Fail($"{role} {Describe(index)} is also an input of the op");
        return index;
    }

    private int CheckIndex(int index, string role)
    {
        if (index >= Tensors.Count)
            throw Fail($"{role} refers to tensor {index}, but subgraph 0 has {Tensors.Count} tensors");
        TensorInfo t = Tensors[index];
        for (int d = 0; d < t.Shape.Length; d++)
            if (t.Shape[d] < 1)
                throw Fail($"{role} {Describe(index)} has shape {ShapeText(t.Shape)}: dimension {d} is {t.Shape[d]}, expected >= 1");
        if (t.ElementCount > int.MaxValue) throw Fail($"{role} {Describe(index)} has {t.ElementCount} elements, more than {int.MaxValue}");
        // Any constant tensor the op reads must hold exactly its declared bytes, or Eval would read past it.
        int dataLength = Model.DataOf(t).Length;
        if (dataLength != 0 && dataLength != t.ByteCount)
            throw Fail($"{role} {Describe(index)} has {dataLength} bytes of data, expected {t.ByteCount} ({t.ElementCount} x {TypeName(t.Type)})");
        return index;
    }

    public TensorInfo Tensor(int index) => Tensors[index];

    public void RequireType(int index, string role, TensorType expected)
    {
        TensorType actual = Tensors[index].Type;
        if (actual != expected) throw Fail($"{role} {Describe(index)} is {TypeName(actual)}, expected {TypeName(expected)}");
    }

    public void RequireRank(int index, string role, int rank)
    {
        int[] shape = Tensors[index].Shape;
        if (shape.Length != rank) throw Fail($"{role} {Describe(index)} has shape {ShapeText(shape)} ({shape.Length}-D), expected {rank}-D");
    }

    public void RequireShape(int index, string role, ReadOnlySpan<int> expected)
    {
        int[] shape = Tensors[index].Shape;
        if (!shape.AsSpan().SequenceEqual(expected))
            throw Fail($"{role} {Describe(index)} has shape {ShapeText(shape)}, expected {ShapeText(expected)}");
    }

    public void RequireElements(int index, string role, long expected, string formula)
    {
        long actual = Tensors[index].ElementCount;
        if (actual != expected) throw Fail($"{role} {Describe(index)} has {actual} elements, expected {formula}");
    }

    /// <summary>Per-tensor quantization: one finite positive scale and a zero point in [min, max].</summary>
    public (float Scale, int ZeroPoint) PerTensorQuantization(int index, string role, int zeroPointMin = sbyte.MinValue, int zeroPointMax = sbyte.MaxValue)
    {
        QuantizationParams q = RequireQuantization(index, role);
        if (q.Scale.Length != 1 || q.ZeroPoint.Length != 1)
            throw Fail($"{role} {Describe(index)} has {q.Scale.Length} scales and {q.ZeroPoint.Length} zero points, expected 1 each (per-tensor)");
        CheckScale(index, role, q.Scale[0], 0);
        if (q.ZeroPoint[0] < zeroPointMin || q.ZeroPoint[0] > zeroPointMax)
            throw Fail($"{role} {Describe(index)} has zero point {q.ZeroPoint[0]}, expected {zeroPointMin} to {zeroPointMax}");
        return (q.Scale[0], (int)q.ZeroPoint[0]);
    }

    /// <summary>Filter quantization: 1 or <paramref name="channels"/> finite positive scales along <paramref name="axis"/> (or another dimension of that size), zero points all 0.</summary>
    public float[] FilterScales(int index, string role, int channels, int axis)
    {
        QuantizationParams q = RequireQuantization(index, role);
        if (q.Scale.Length != 1 && q.Scale.Length != channels)
            throw Fail($"{role} {Describe(index)} has {q.Scale.Length} scales, expected 1 or {channels} (one per output channel)");
        // TFLM asks only that the quantized dimension has one entry per channel (kernel_util.cc); it is `axis` in
        // every converted model.
        int[] shape = Tensors[index].Shape;
        int qd = q.QuantizedDimension;
        if (q.Scale.Length > 1 && (qd < 0 || qd >= shape.Length || shape[qd] != channels))
            throw Fail($"{role} {Describe(index)} of shape {ShapeText(shape)} is quantized along dimension {qd}, expected a dimension of " +
                $"{channels} channels (dimension {axis})");
        if (q.ZeroPoint.Length != q.Scale.Length)
            throw Fail($"{role} {Describe(index)} has {q.ZeroPoint.Length} zero points for {q.Scale.Length} scales");
        for (int i = 0; i < q.Scale.Length; i++)
        {
            CheckScale(index, role, q.Scale[i], i);
            if (q.ZeroPoint[i] != 0)
                throw Fail($"{role} {Describe(index)} has zero point {q.ZeroPoint[i]} at channel {i}, expected 0 (symmetric int8 weights)");
        }
        return q.Scale;
    }

    private QuantizationParams RequireQuantization(int index, string role)
    {
        QuantizationParams? q = Tensors[index].Quantization;
        if (q is null || q.Scale.Length == 0) throw Fail($"{role} {Describe(index)} has no quantization parameters");
        return q;
    }

    private void CheckScale(int index, string role, float scale, int channel)
    {
        if (!float.IsFinite(scale) || scale <= 0)
            throw Fail($"{role} {Describe(index)} has scale {scale} at channel {channel}, expected a finite value > 0");
    }

    /// <summary>The constant data of a weights/bias tensor, checked to hold exactly its declared bytes.</summary>
    public ReadOnlyMemory<byte> ConstantData(int index, string role)
    {
        TensorInfo t = Tensors[index];
        ReadOnlyMemory<byte> data = Model.DataOf(t);
        if (data.IsEmpty) throw Fail($"{role} {Describe(index)} has no constant data (buffer {t.Buffer})");
        if (data.Length != t.ByteCount)
            throw Fail($"{role} {Describe(index)} has {data.Length} bytes of data, expected {t.ByteCount} ({t.ElementCount} x {TypeName(t.Type)})");
        return data;
    }

    public T Options<T>() where T : OperatorOptions
    {
        if (Op.Options is T options) return options;
        string actual = Op.Options is null ? "none" : Op.Options.GetType().Name;
        throw Fail($"has options {actual}, expected {typeof(T).Name}");
    }

    public (int Min, int Max) QuantizedActivation(ActivationFunction activation, int outputIndex, float scale, int zeroPoint)
    {
        if (!Kernels.QuantizationMath.TryQuantizedActivationRange(activation, scale, zeroPoint, out int min, out int max))
            throw Fail($"fused activation {activation} cannot be applied with output {Describe(outputIndex)} scale {scale}, zero point {zeroPoint} " +
                "(supported: None, Relu, ReluN1To1, Relu6 with bounds that fit in int32)");
        return (min, max);
    }

    public (float Min, float Max) FloatActivation(ActivationFunction activation)
    {
        if (!Kernels.QuantizationMath.TryFloatActivationRange(activation, out float min, out float max))
            throw Fail($"fused activation {activation} is not supported (supported: None, Relu, ReluN1To1, Relu6)");
        return (min, max);
    }

    /// <summary>The refusal of a variant of the operator the engine does not run (as TFLM's kernel does not).</summary>
    public UnsupportedOperatorException Unsupported(string detail) => new(Index, Name, detail, $"op {Index} {Name}: {detail}");

    /// <summary>The refusal of a type combination the engine does not run, listing what it runs.</summary>
    public UnsupportedOperatorException UnsupportedTypes(string supported)
    {
        var parts = new List<string>();
        foreach (int i in Op.Inputs) parts.Add(i >= 0 && i < Tensors.Count ? TypeName(Tensors[i].Type) : "-");
        var outs = new List<string>();
        foreach (int i in Op.Outputs) outs.Add(i >= 0 && i < Tensors.Count ? TypeName(Tensors[i].Type) : "-");
        string detail = $"type combination ({string.Join(", ", parts)}) -> ({string.Join(", ", outs)}) is not supported (supported: {supported})";
        return new UnsupportedOperatorException(Index, Name, detail, $"op {Index} {Name}: {detail}");
    }

    public static string TypeName(TensorType type) => type.ToString().ToUpperInvariant();

    public static string ShapeText(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }
}
