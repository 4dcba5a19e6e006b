// Builds one-operator TfLiteModel objects in memory for Prepare tests.
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime.Ops;

internal sealed class TinyModel
{
    private readonly List<TensorInfo> tensors = [];
    private readonly List<ReadOnlyMemory<byte>> buffers = [ReadOnlyMemory<byte>.Empty];

    public static QuantizationParams Q(float scale, long zeroPoint = 0) => new([scale], [zeroPoint]);

    public static QuantizationParams PerChannel(int axis, params float[] scales) => new(scales, new long[scales.Length], axis);

    /// <summary>Adds an activation tensor (no data).</summary>
    public int Add(string name, TensorType type, int[] shape, QuantizationParams? q = null)
    {
        tensors.Add(new TensorInfo(name, type, shape, 0, q));
        return tensors.Count - 1;
    }

    /// <summary>Adds a constant tensor with the given raw bytes.</summary>
    public int Constant(string name, TensorType type, int[] shape, byte[] data, QuantizationParams? q = null)
    {
        buffers.Add(data);
        tensors.Add(new TensorInfo(name, type, shape, buffers.Count - 1, q));
        return tensors.Count - 1;
    }

    public int ConstantInt8(string name, int[] shape, QuantizationParams? q, int length = -1)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        var data = new byte[length < 0 ? count : length];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 % 11);
        return Constant(name, TensorType.Int8, shape, data, q);
    }

    public int ConstantInt32(string name, int[] values, QuantizationParams? q) =>
        Constant(name, TensorType.Int32, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), q);

    public int ConstantFloat(string name, int[] shape, float value = 0.5f)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        var values = new float[count];
        Array.Fill(values, value);
        return Constant(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>A model of one CUSTOM operator named <paramref name="customCode"/>; its graph inputs are the non-constant inputs.</summary>
    public TfLiteModel BuildCustom(string customCode, int[] inputs, int[] outputs) =>
        new(3, [new OperatorCode((BuiltinOperator)32, 1, customCode)],
            [new Subgraph(tensors.ToArray(), [new OperatorInfo(0, inputs, outputs, null)], [.. inputs.Where(i => tensors[i].Buffer == 0)], outputs)],
            buffers.ToArray());

    public TfLiteModel Build(BuiltinOperator code, int[] inputs, int[] outputs, OperatorOptions? options, int version = 1) =>
        new(3, [new OperatorCode(code, version)],
            [new Subgraph(tensors.ToArray(), [new OperatorInfo(0, inputs, outputs, options)], inputs, outputs)],
            buffers.ToArray());
}
