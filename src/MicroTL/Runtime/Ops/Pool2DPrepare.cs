// Checks shared by AVERAGE_POOL_2D and MAX_POOL_2D (TFLM pooling_common.cc): one input, one output
// [B, Oh, Ow, C] with the input's channels, int8 (same quantization in and out) or float32.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Everything a pool's Eval reads (tensors, geometry, clamps), kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct Pool2DData
{
    public int Input, Output;
    public ConvGeometry Geometry;
    public bool IsQuantized;
    public int ActivationMin, ActivationMax;
    public float FloatMin, FloatMax;
}

internal static class Pool2DPrepare
{
    public static Pool2DData Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        var options = ctx.Options<Pool2DOptions>();
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 4);
        int channels = ctx.Tensor(input).Shape[3];
        ConvGeometry g = ConvolutionPrepare.Window(ctx, input, output, options.Padding, options.StrideH, options.StrideW,
            1, 1, options.FilterHeight, options.FilterWidth, channels, channels);
        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            ctx.RequireType(output, "output", TensorType.Float32);
            (float min, float max) = ctx.FloatActivation(options.Activation);
            return new Pool2DData { Input = input, Output = output, Geometry = g, FloatMin = min, FloatMax = max };
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 -> INT8, FLOAT32 -> FLOAT32");
        ctx.RequireType(output, "output", TensorType.Int8);
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        // The int8 kernels work on raw values, which is only right when both sides share one quantization.
        if (inScale != outScale || inZp != outZp)
            throw ctx.Fail($"output {ctx.Describe(output)} has scale {outScale}, zero point {outZp}, " +
                $"expected the input's scale {inScale}, zero point {inZp}");
        (int qmin, int qmax) = ctx.QuantizedActivation(options.Activation, output, outScale, outZp);
        return new Pool2DData { Input = input, Output = output, Geometry = g, IsQuantized = true, ActivationMin = qmin, ActivationMax = qmax };
    }
}
