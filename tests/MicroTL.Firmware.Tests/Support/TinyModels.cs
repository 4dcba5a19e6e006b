// Small models built in memory for the generator's tests: one operator each, named and shaped as a test
// needs (a float CONV_2D the C lacks, an ADD too large for the nRF52840, names that are not C).
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

internal static class TinyModels
{
    public static QuantizationParams Q(float scale, long zeroPoint = 0) => new([scale], [zeroPoint]);

    /// <summary>ADD of two int8 tensors of <paramref name="shape"/>; tensor names as given.</summary>
    public static TfLiteModel AddInt8(int[] shape, string name1 = "a", string name2 = "b", string outputName = "sum")
    {
        TensorInfo[] tensors =
        [
            new(name1, TensorType.Int8, shape, 0, Q(0.05f, -3)),
            new(name2, TensorType.Int8, shape, 0, Q(0.04f, 2)),
            new(outputName, TensorType.Int8, shape, 0, Q(0.08f, 1)),
        ];
        return One(BuiltinOperator.Add, tensors, [ReadOnlyMemory<byte>.Empty], [0, 1], [2], new AddOptions(ActivationFunction.Relu), [0, 1]);
    }

    /// <summary>CONV_2D 3x3 VALID over a float32 [1, 4, 4, 1] input: the C# engine runs it, the C has no float convolution.</summary>
    public static TfLiteModel Conv2DFloat()
    {
        var filter = new float[9];
        Array.Fill(filter, 0.25f);
        TensorInfo[] tensors =
        [
            new("input", TensorType.Float32, [1, 4, 4, 1], 0),
            new("filter", TensorType.Float32, [1, 3, 3, 1], 1),
            new("output", TensorType.Float32, [1, 2, 2, 1], 0),
        ];
        ReadOnlyMemory<byte>[] buffers = [ReadOnlyMemory<byte>.Empty, MemoryMarshal.AsBytes(filter.AsSpan()).ToArray()];
        return One(BuiltinOperator.Conv2D, tensors, buffers, [0, 1], [2], new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.None), [0]);
    }

    /// <summary>QUANTIZE int8 [1, 4] -> int16: the C# engine runs it (as TFLM), the C requantizes to int8 only.</summary>
    public static TfLiteModel QuantizeInt8ToInt16()
    {
        TensorInfo[] tensors = [new("in", TensorType.Int8, [1, 4], 0, Q(0.1f, 3)), new("out", TensorType.Int16, [1, 4], 0, Q(0.01f))];
        return One(BuiltinOperator.Quantize, tensors, [ReadOnlyMemory<byte>.Empty], [0], [1], null, [0]);
    }

    /// <summary>A model whose only operator has a builtin code no engine here runs (FLOOR, 8).</summary>
    public static TfLiteModel UnknownOperator()
    {
        TensorInfo[] tensors = [new("in", TensorType.Int8, [1, 4], 0, Q(0.1f)), new("out", TensorType.Int8, [1, 4], 0, Q(0.1f))];
        return One((BuiltinOperator)8, tensors, [ReadOnlyMemory<byte>.Empty], [0], [1], null, [0]);
    }

    /// <summary>A model whose only operator is a custom one neither engine runs (VENDOR_FFT).</summary>
    public static TfLiteModel CustomOperator()
    {
        TensorInfo[] tensors = [new("window", TensorType.Int8, [1, 4], 0, Q(0.1f)), new("statistics", TensorType.Int8, [1, 4], 0, Q(0.1f))];
        return new(3, [new OperatorCode((BuiltinOperator)32, 1, "VENDOR_FFT")],
            [new Subgraph(tensors, [new OperatorInfo(0, [0], [1], null)], [0], [1], "main")], [ReadOnlyMemory<byte>.Empty]);
    }

    private static TfLiteModel One(BuiltinOperator code, TensorInfo[] tensors, ReadOnlyMemory<byte>[] buffers, int[] inputs, int[] outputs,
        OperatorOptions? options, int[] graphInputs) =>
        new(3, [new OperatorCode(code, 1)], [new Subgraph(tensors, [new OperatorInfo(0, inputs, outputs, options)], graphInputs, outputs, "main")], buffers);
}
