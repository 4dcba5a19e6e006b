// AVERAGE_POOL_2D: input [B, H, W, C] -> output [B, Oh, Ow, C], int8 or float32, as TFLM's pooling.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared AVERAGE_POOL_2D operator.</summary>
public sealed class AveragePool2DOperator : PreparedOperator
{
    private readonly Pool2DSetup setup;

    private AveragePool2DOperator(Pool2DSetup setup) => this.setup = setup;

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => setup.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => setup.Output;

    /// <summary>Shapes, window, strides and padding.</summary>
    public ConvGeometry Geometry => setup.Geometry;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => setup.IsQuantized;

    internal static AveragePool2DOperator Prepare(PrepareContext ctx) => new(Pool2DPrepare.Prepare(ctx));

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (setup.IsQuantized)
            AveragePool2DInt8.Run(setup.Geometry, setup.ActivationMin, setup.ActivationMax,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(setup.Input)), MemoryMarshal.Cast<byte, sbyte>(tensors.Write(setup.Output)));
        else
            AveragePool2DFloat.Run(setup.Geometry, setup.FloatMin, setup.FloatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(setup.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(setup.Output)));
    }
}
