// Builds the small models of the operator catalog with our writer: tensors (graph inputs, constants with seeded
// values, intermediates), one or more operators, and the graph outputs.
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Tests.Ops;

/// <summary>A model under construction; <see cref="Build"/> finishes it.</summary>
internal sealed class OpModelBuilder(uint seed)
{
    private readonly List<TensorInfo> _tensors = [];
    private readonly List<ReadOnlyMemory<byte>> _buffers = [ReadOnlyMemory<byte>.Empty];
    private readonly List<OperatorCode> _codes = [];
    private readonly List<OperatorInfo> _operators = [];
    private readonly List<int> _inputs = [], _outputs = [];
    private uint _state = seed == 0 ? 1u : seed;

    public static QuantizationParams Q(float scale, long zeroPoint = 0) => new([scale], [zeroPoint]);

    /// <summary>A graph input.</summary>
    public int Input(string name, TensorType type, int[] shape, QuantizationParams? q = null)
    {
        int t = Tensor(name, type, shape, q);
        _inputs.Add(t);
        return t;
    }

    /// <summary>A tensor without data (an operator output).</summary>
    public int Tensor(string name, TensorType type, int[] shape, QuantizationParams? q = null, bool isVariable = false)
    {
        _tensors.Add(new TensorInfo(name, type, shape, 0, q, isVariable));
        return _tensors.Count - 1;
    }

    /// <summary>A constant with the given bytes.</summary>
    public int Constant(string name, TensorType type, int[] shape, byte[] data, QuantizationParams? q = null)
    {
        _buffers.Add(data);
        _tensors.Add(new TensorInfo(name, type, shape, _buffers.Count - 1, q));
        return _tensors.Count - 1;
    }

    public int ConstantInt32(string name, int[] shape, int[] values, QuantizationParams? q = null) =>
        Constant(name, TensorType.Int32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), q);

    public int ConstantInt32(string name, params int[] values) => ConstantInt32(name, [values.Length], values);

    /// <summary>An int8 constant of seeded values in [min, max].</summary>
    public int RandomInt8(string name, int[] shape, QuantizationParams q, int min = -127, int max = 127)
    {
        var data = new byte[Count(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = unchecked((byte)(sbyte)(min + (int)(Next() % (uint)(max - min + 1))));
        return Constant(name, TensorType.Int8, shape, data, q);
    }

    /// <summary>An int32 constant of seeded values in [min, max] (biases).</summary>
    public int RandomInt32(string name, int[] shape, QuantizationParams? q, int min, int max)
    {
        var values = new int[Count(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = min + (int)(Next() % (uint)(max - min + 1));
        return ConstantInt32(name, shape, values, q);
    }

    /// <summary>A float constant of seeded values in [min, max).</summary>
    public int RandomFloat(string name, int[] shape, float min = -1f, float max = 1f)
    {
        var values = new float[Count(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = min + (max - min) * (Next() >> 8) / (1 << 24);
        return Constant(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>An operator.</summary>
    public void Op(BuiltinOperator code, int[] inputs, int[] outputs, OperatorOptions? options = null)
    {
        int index = _codes.FindIndex(c => c.Code == code);
        if (index < 0)
        {
            _codes.Add(new OperatorCode(code, 1));
            index = _codes.Count - 1;
        }
        _operators.Add(new OperatorInfo(index, inputs, outputs, options));
    }

    /// <summary>Marks graph outputs.</summary>
    public void Output(params int[] tensors) => _outputs.AddRange(tensors);

    public TfLiteModel Build(string description) =>
        new(3, [.. _codes], [new Subgraph([.. _tensors], [.. _operators], [.. _inputs], [.. _outputs], "main")], [.. _buffers], description);

    private static int Count(int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    private uint Next()
    {
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        return _state;
    }
}
