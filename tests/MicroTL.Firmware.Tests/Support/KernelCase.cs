// One kernel invocation for the C test program (Native/kernel_runner.c): op, int parameters, tensors
// as blobs, the output size, and what the C# kernel produced for it.
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Firmware.Tests.Support;

/// <summary>The ops of kernel_runner.c (its enum).</summary>
internal enum KernelOp
{
    Conv2DS8 = 1, DepthwiseConv2DS8 = 2, FullyConnectedS8 = 3, AveragePool2DS8 = 4, MaxPool2DS8 = 5,
    SoftmaxS8 = 6, AddS8 = 7, AddS8Broadcast = 8, QuantizeF32S8 = 9, RequantizeS8 = 10, DequantizeS8F32 = 11,
    Reshape = 12, FullyConnectedF32 = 13, SoftmaxF32 = 14, QuantizeMultiplier = 15, FixedPoint = 16,
}

/// <summary>A case: built fluently, written by <see cref="WriteTo"/>, checked against <see cref="Expected"/>.</summary>
internal sealed class KernelCase(KernelOp op, string description)
{
    private readonly List<int> parameters = [];
    private readonly List<byte[]> blobs = [];

    public KernelOp Op { get; } = op;

    /// <summary>Shapes and parameters, for the failure message.</summary>
    public string Description { get; } = description;

    /// <summary>The C# kernel's output bytes; the C output must equal them.</summary>
    public byte[] Expected { get; private set; } = [];

    public KernelCase Ints(params ReadOnlySpan<int> values)
    {
        foreach (int v in values) parameters.Add(v);
        return this;
    }

    public KernelCase Float(float value) => Ints(BitConverter.SingleToInt32Bits(value));

    public KernelCase Geometry(in ConvGeometry g) => Ints(
        g.Batches, g.InputHeight, g.InputWidth, g.InputChannels, g.FilterHeight, g.FilterWidth, g.FilterInputChannels,
        g.OutputHeight, g.OutputWidth, g.OutputChannels, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth,
        g.PadHeight, g.PadWidth, g.DepthMultiplier);

    public KernelCase Blob<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        blobs.Add(MemoryMarshal.AsBytes(values).ToArray());
        return this;
    }

    public KernelCase Blob<T>(T[]? values) where T : unmanaged => Blob<T>(values is null ? default : values.AsSpan());

    public KernelCase Expect<T>(ReadOnlySpan<T> output) where T : unmanaged
    {
        Expected = MemoryMarshal.AsBytes(output).ToArray();
        return this;
    }

    public KernelCase Expect<T>(T[] output) where T : unmanaged => Expect<T>(output.AsSpan());

    /// <summary>Rows, depth, beta and input of a <see cref="KernelOp.SoftmaxF32"/> case.</summary>
    public (int Rows, int Depth, float Beta, float[] Input) SoftmaxF32Arguments()
    {
        Assert.Equal(KernelOp.SoftmaxF32, Op);
        return (parameters[0], parameters[1], BitConverter.Int32BitsToSingle(parameters[2]), MemoryMarshal.Cast<byte, float>(blobs[0]).ToArray());
    }

    /// <summary>Writes the case in kernel_runner.c's format (little-endian int32s and length-prefixed blobs).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write((int)Op);
        writer.Write(parameters.Count);
        foreach (int p in parameters) writer.Write(p);
        writer.Write(blobs.Count);
        foreach (byte[] blob in blobs)
        {
            writer.Write(blob.Length);
            writer.Write(blob);
        }
        writer.Write(Expected.Length);
    }
}
