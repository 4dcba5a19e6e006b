// A small in-memory builder of a one-subgraph TfLiteModel: tensors, constant buffers (buffer 0 is
// the empty sentinel), an operator-code table that keeps the highest version asked for each code.
using System.Runtime.InteropServices;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Quantization;

internal sealed class ModelGraph
{
    private readonly List<TensorInfo> _tensors = [];
    private readonly List<OperatorInfo> _operators = [];
    private readonly List<OperatorCode> _codes = [];
    private readonly List<ReadOnlyMemory<byte>> _buffers = [ReadOnlyMemory<byte>.Empty];

    public int AddTensor(string name, TensorType type, int[] shape, QuantizationParams? quantization = null)
    {
        _tensors.Add(new TensorInfo(name, type, shape, 0, quantization));
        return _tensors.Count - 1;
    }

    public int AddConstant(string name, TensorType type, int[] shape, byte[] data, QuantizationParams? quantization = null)
    {
        _buffers.Add(data);
        _tensors.Add(new TensorInfo(name, type, shape, _buffers.Count - 1, quantization));
        return _tensors.Count - 1;
    }

    public int AddConstant(string name, int[] shape, ReadOnlySpan<float> values) =>
        AddConstant(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(values).ToArray());

    public int AddConstant(string name, int[] shape, ReadOnlySpan<int> values, QuantizationParams? quantization = null) =>
        AddConstant(name, TensorType.Int32, shape, MemoryMarshal.AsBytes(values).ToArray(), quantization);

    public TensorInfo Tensor(int index) => _tensors[index];

    public void AddOperator(BuiltinOperator code, int version, int[] inputs, int[] outputs, OperatorOptions? options)
    {
        int index = _codes.FindIndex(c => c.Code == code && c.CustomCode is null);
        if (index < 0)
        {
            _codes.Add(new OperatorCode(code, version));
            index = _codes.Count - 1;
        }
        else if (_codes[index].Version < version) _codes[index] = _codes[index] with { Version = version };

        _operators.Add(new OperatorInfo(index, inputs, outputs, options));
    }

    /// <summary>Adds a CUSTOM operator named <paramref name="customCode"/> (version 1, no custom options).</summary>
    public void AddCustomOperator(string customCode, int[] inputs, int[] outputs)
    {
        int index = _codes.FindIndex(c => c.CustomCode == customCode);
        if (index < 0)
        {
            _codes.Add(new OperatorCode(WindowStatisticsOperator.BuiltinCode, 1, customCode));
            index = _codes.Count - 1;
        }

        _operators.Add(new OperatorInfo(index, inputs, outputs, null));
    }

    public TfLiteModel Finish(int input, int output, string description) => Finish(input, [output], description);

    public TfLiteModel Finish(int input, int[] outputs, string description) =>
        new(3, _codes.ToArray(), [new Subgraph(_tensors.ToArray(), _operators.ToArray(), [input], outputs, "main")],
            _buffers.ToArray(), description);
}
