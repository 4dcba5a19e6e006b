// LOGISTIC, TANH, HARD_SWISH, RELU, RELU6 and LEAKY_RELU: one input, one output of the same shape, int8 or float32, as
// TFLM's logistic.cc, tanh.cc, hard_swish.cc, activations.cc and leaky_relu.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared activation operator.</summary>
public sealed class ActivationOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private ActivationOperator(PrepareContext ctx, in ActivationData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly ActivationData D => ref Arena.Read<ActivationData>(data);

    /// <summary>The operator's code.</summary>
    public BuiltinOperator Code => D.Code;

    /// <summary>True for int8, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    internal static ActivationOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        TensorType type = ctx.Tensor(input).Type;
        if (type is not (TensorType.Int8 or TensorType.Float32) || ctx.Tensor(output).Type != type)
            throw ctx.UnsupportedTypes("INT8 -> INT8, FLOAT32 -> FLOAT32");
        var d = new ActivationData { Code = ctx.Code, Input = input, Output = output, IsQuantized = type == TensorType.Int8 };
        float alpha = ctx.Code == BuiltinOperator.LeakyRelu ? ctx.Options<LeakyReluOptions>().Alpha : 0f;
        d.Float = new FloatActivationElement(ctx.Code switch
        {
            BuiltinOperator.Logistic => FloatActivationKind.Logistic,
            BuiltinOperator.Tanh => FloatActivationKind.Tanh,
            BuiltinOperator.HardSwish => FloatActivationKind.HardSwish,
            BuiltinOperator.Relu => FloatActivationKind.Relu,
            BuiltinOperator.Relu6 => FloatActivationKind.Relu6,
            _ => FloatActivationKind.LeakyRelu,
        }, alpha);
        if (d.IsQuantized) PrepareInt8(ctx, ref d, alpha);
        return new ActivationOperator(ctx, d);
    }

    private static void PrepareInt8(PrepareContext ctx, ref ActivationData d, float alpha)
    {
        (float si, int zi) = ctx.PerTensorQuantization(d.Input, "input");
        switch (ctx.Code)
        {
            case BuiltinOperator.Logistic:
            {
                (_, int zo) = ctx.PerTensorQuantization(d.Output, "output");
                if (zo != sbyte.MinValue) throw ctx.Fail($"output {ctx.Describe(d.Output)} has zero point {zo}, expected -128 (as TFLM requires)");
                (int m, int shift, int radius) = LogisticInt8.Params(si);
                d.Logistic = new LogisticInt8(zi, radius, m, shift);
                break;
            }
            case BuiltinOperator.Tanh:
            {
                (int m, int shift, int radius) = LogisticInt8.Params(si);
                d.Tanh = new TanhInt8(zi, radius, m, shift);
                break;
            }
            case BuiltinOperator.HardSwish:
            {
                (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
                d.HardSwish = HardSwishInt8.Create(si, zi, so, zo);
                if (d.HardSwish.OutputExponent > 0)
                    throw ctx.Fail($"input scale {si} / 128 over output scale {so} needs a left shift of {d.HardSwish.OutputExponent}; TFLM requires none");
                break;
            }
            case BuiltinOperator.Relu:
            {
                (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
                (int m, int shift) = QuantizationMath.QuantizeMultiplier(si / so);
                d.Relu = new ReluInt8(zi, zo, m, shift, Math.Max(sbyte.MinValue, zo + (int)MathF.Round(0f / so, MidpointRounding.AwayFromZero)), sbyte.MaxValue);
                break;
            }
            case BuiltinOperator.Relu6:
            {
                // TFLM clamps in the input's quantization and ignores the output's.
                d.Relu6 = new Relu6Int8((sbyte)zi, (sbyte)Math.Clamp((int)Math.Round((double)(6f / si), MidpointRounding.AwayFromZero) + zi, sbyte.MinValue, sbyte.MaxValue));
                break;
            }
            default:
            {
                (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
                (int ma, int sa) = QuantizationMath.QuantizeMultiplier(si * alpha / so);
                (int mi, int shi) = QuantizationMath.QuantizeMultiplier(si / so);
                d.LeakyRelu = new LeakyReluInt8(zi, zo, mi, shi, ma, sa);
                break;
            }
        }
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly ActivationData d = ref D;
        if (!d.IsQuantized)
        {
            ElementwiseLoops.Unary<float, float, FloatActivationElement>(d.Float,
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
            return;
        }
        ReadOnlySpan<sbyte> x = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input));
        Span<sbyte> y = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
        switch (d.Code)
        {
            case BuiltinOperator.Logistic: ElementwiseLoops.Unary<sbyte, sbyte, LogisticInt8>(d.Logistic, x, y); break;
            case BuiltinOperator.Tanh: ElementwiseLoops.Unary<sbyte, sbyte, TanhInt8>(d.Tanh, x, y); break;
            case BuiltinOperator.HardSwish: ElementwiseLoops.Unary<sbyte, sbyte, HardSwishInt8>(d.HardSwish, x, y); break;
            case BuiltinOperator.Relu: ElementwiseLoops.Unary<sbyte, sbyte, ReluInt8>(d.Relu, x, y); break;
            case BuiltinOperator.Relu6: ElementwiseLoops.Unary<sbyte, sbyte, Relu6Int8>(d.Relu6, x, y); break;
            default: ElementwiseLoops.Unary<sbyte, sbyte, LeakyReluInt8>(d.LeakyRelu, x, y); break;
        }
    }
}

/// <summary>Everything an activation Eval reads, kept in the arena's tail.</summary>
internal struct ActivationData
{
    public BuiltinOperator Code;
    public int Input, Output;
    public bool IsQuantized;
    public FloatActivationElement Float;
    public LogisticInt8 Logistic;
    public TanhInt8 Tanh;
    public HardSwishInt8 HardSwish;
    public ReluInt8 Relu;
    public Relu6Int8 Relu6;
    public LeakyReluInt8 LeakyRelu;
}
