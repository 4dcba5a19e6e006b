// AVERAGE_POOL_2D: input [B, H, W, C] -> output [B, Oh, Ow, C], int8 or float32, as TFLM's pooling.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared AVERAGE_POOL_2D operator.</summary>
public sealed class AveragePool2DOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private AveragePool2DOperator(PrepareContext ctx, in Pool2DData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly Pool2DData D => ref Arena.Read<Pool2DData>(data);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => D.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => D.Output;

    /// <summary>Shapes, window, strides and padding.</summary>
    public ConvGeometry Geometry => D.Geometry;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    internal static AveragePool2DOperator Prepare(PrepareContext ctx) => new(ctx, Pool2DPrepare.Prepare(ctx));

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly Pool2DData d = ref D;
        if (d.IsQuantized)
            AveragePool2DInt8.Run(d.Geometry, d.ActivationMin, d.ActivationMax,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)), Simd);
        else
            AveragePool2DFloat.Run(d.Geometry, d.FloatMin, d.FloatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
    }
}
