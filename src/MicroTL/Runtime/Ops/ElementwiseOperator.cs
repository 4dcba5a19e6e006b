// MUL, SUB, MAXIMUM, MINIMUM and PRELU: two inputs broadcast (numpy rules, up to 6-D) onto the output, int8 or float32
// (MAXIMUM/MINIMUM also int16 and int32), as TFLM's mul.cc, sub.cc, maximum_minimum.cc and prelu.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared binary element-wise operator.</summary>
public sealed class ElementwiseOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private ElementwiseOperator(PrepareContext ctx, in BinaryData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly BinaryData D => ref Arena.Read<BinaryData>(data);

    /// <summary>The operator's code.</summary>
    public BuiltinOperator Code => D.Code;

    /// <summary>The element type of the inputs.</summary>
    public TensorType Type => D.Type;

    /// <summary>True when the input shapes differ and one is broadcast.</summary>
    public bool NeedsBroadcast => D.NeedsBroadcast;

    internal static ElementwiseOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        int in1 = ctx.Input(0, "input 1"), in2 = ctx.Input(1, ctx.Code == BuiltinOperator.Prelu ? "alpha" : "input 2"), output = ctx.Output(0, "output");
        var d = new BinaryData { Code = ctx.Code, Input1 = in1, Input2 = in2, Output = output, Type = ctx.Tensor(in1).Type };
        if (ctx.Code == BuiltinOperator.Prelu) ctx.RequireShape(output, "output", ctx.Tensor(in1).Shape);
        (d.NeedsBroadcast, d.Broadcast) = BroadcastPrepare.Shapes(ctx, in1, in2, output);
        switch (ctx.Code)
        {
            case BuiltinOperator.Mul: PrepareMul(ctx, ref d); break;
            case BuiltinOperator.Sub: PrepareSub(ctx, ref d); break;
            case BuiltinOperator.Prelu: PreparePrelu(ctx, ref d); break;
            default: PrepareMaxMin(ctx, ref d); break;
        }
        return new ElementwiseOperator(ctx, d);
    }

    private static void PrepareMul(PrepareContext ctx, ref BinaryData d)
    {
        ActivationFunction activation = ctx.Options<MulOptions>().Activation;
        if (!SameTypes(ctx, d, TensorType.Float32, TensorType.Int8)) throw ctx.UnsupportedTypes("INT8 x INT8 -> INT8, FLOAT32 x FLOAT32 -> FLOAT32");
        if (d.Type == TensorType.Float32)
        {
            (d.FloatMin, d.FloatMax) = ctx.FloatActivation(activation);
            return;
        }
        (float s1, int z1) = ctx.PerTensorQuantization(d.Input1, "input 1");
        (float s2, int z2) = ctx.PerTensorQuantization(d.Input2, "input 2");
        (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
        (int min, int max) = ctx.QuantizedActivation(activation, d.Output, so, zo);
        (int m, int s) = QuantizationMath.QuantizeMultiplier((double)s1 * s2 / so);
        d.Mul = new MulInt8(-z1, -z2, zo, m, s, min, max);
    }

    private static void PrepareSub(PrepareContext ctx, ref BinaryData d)
    {
        ActivationFunction activation = ctx.Options<SubOptions>().Activation;
        if (!SameTypes(ctx, d, TensorType.Float32, TensorType.Int8)) throw ctx.UnsupportedTypes("INT8 - INT8 -> INT8, FLOAT32 - FLOAT32 -> FLOAT32");
        if (d.Type == TensorType.Float32)
        {
            (d.FloatMin, d.FloatMax) = ctx.FloatActivation(activation);
            return;
        }
        (float s1, int z1) = ctx.PerTensorQuantization(d.Input1, "input 1");
        (float s2, int z2) = ctx.PerTensorQuantization(d.Input2, "input 2");
        (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
        (int min, int max) = ctx.QuantizedActivation(activation, d.Output, so, zo);
        d.Sub = SubInt8.Create(s1, z1, s2, z2, so, zo, min, max);
    }

    private static void PreparePrelu(PrepareContext ctx, ref BinaryData d)
    {
        if (!SameTypes(ctx, d, TensorType.Float32, TensorType.Int8)) throw ctx.UnsupportedTypes("INT8, INT8 alpha -> INT8, FLOAT32, FLOAT32 alpha -> FLOAT32");
        if (d.Type == TensorType.Float32) return;
        (float si, int zi) = ctx.PerTensorQuantization(d.Input1, "input");
        (float sa, int za) = ctx.PerTensorQuantization(d.Input2, "alpha");
        (float so, int zo) = ctx.PerTensorQuantization(d.Output, "output");
        (int m1, int s1) = QuantizationMath.QuantizeMultiplier((double)si / so);
        (int m2, int s2) = QuantizationMath.QuantizeMultiplier((double)si * sa / so);
        d.Prelu = new PreluInt8(-zi, -za, zo, m1, s1, m2, s2);
    }

    private static void PrepareMaxMin(PrepareContext ctx, ref BinaryData d)
    {
        if (!SameTypes(ctx, d, TensorType.Float32, TensorType.Int8, TensorType.Int16, TensorType.Int32))
            throw ctx.UnsupportedTypes("FLOAT32, INT8, INT16, INT32 (both inputs and the output the same)");
    }

    private static bool SameTypes(PrepareContext ctx, in BinaryData d, params TensorType[] allowed) =>
        Array.IndexOf(allowed, d.Type) >= 0 && ctx.Tensor(d.Input2).Type == d.Type && ctx.Tensor(d.Output).Type == d.Type;

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly BinaryData d = ref D;
        ReadOnlySpan<byte> a = tensors.Read(d.Input1), b = tensors.Read(d.Input2);
        Span<byte> o = tensors.Write(d.Output);
        switch (d.Code)
        {
            case BuiltinOperator.Mul when d.Type == TensorType.Int8: Run(d, d.Mul, I8(a), I8(b), I8(o)); break;
            case BuiltinOperator.Mul: Run(d, new MulFloat(d.FloatMin, d.FloatMax), F32(a), F32(b), F32(o)); break;
            case BuiltinOperator.Sub when d.Type == TensorType.Int8: Run(d, d.Sub, I8(a), I8(b), I8(o)); break;
            case BuiltinOperator.Sub: Run(d, new SubFloat(d.FloatMin, d.FloatMax), F32(a), F32(b), F32(o)); break;
            case BuiltinOperator.Prelu when d.Type == TensorType.Int8: Run(d, d.Prelu, I8(a), I8(b), I8(o)); break;
            case BuiltinOperator.Prelu: Run(d, default(PreluFloat), F32(a), F32(b), F32(o)); break;
            case BuiltinOperator.Maximum: MaxMin<MaximumElement<sbyte>, MaximumElement<short>, MaximumElement<int>, MaximumElement<float>>(d, a, b, o); break;
            default: MaxMin<MinimumElement<sbyte>, MinimumElement<short>, MinimumElement<int>, MinimumElement<float>>(d, a, b, o); break;
        }
    }

    private void MaxMin<T8, T16, T32, TF>(in BinaryData d, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> o)
        where T8 : struct, IBinaryElement<sbyte, sbyte, sbyte>
        where T16 : struct, IBinaryElement<short, short, short>
        where T32 : struct, IBinaryElement<int, int, int>
        where TF : struct, IBinaryElement<float, float, float>
    {
        switch (d.Type)
        {
            case TensorType.Int8: Run(d, default(T8), I8(a), I8(b), I8(o)); break;
            case TensorType.Int16: Run(d, default(T16), MemoryMarshal.Cast<byte, short>(a), MemoryMarshal.Cast<byte, short>(b), MemoryMarshal.Cast<byte, short>(o)); break;
            case TensorType.Int32: Run(d, default(T32), MemoryMarshal.Cast<byte, int>(a), MemoryMarshal.Cast<byte, int>(b), MemoryMarshal.Cast<byte, int>(o)); break;
            default: Run(d, default(TF), F32(a), F32(b), F32(o)); break;
        }
    }

    private void Run<T, TOp>(in BinaryData d, in TOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> o) where TOp : struct, IBinaryElement<T, T, T>
    {
        if (d.NeedsBroadcast) ElementwiseLoops.Broadcast<T, T, T, TOp>(op, Arena.Read<BroadcastShape>(d.Broadcast), a, b, o);
        else ElementwiseLoops.Binary<T, T, T, TOp>(op, a, b, o);
    }

    private static ReadOnlySpan<sbyte> I8(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, sbyte>(bytes);

    private static Span<sbyte> I8(Span<byte> bytes) => MemoryMarshal.Cast<byte, sbyte>(bytes);

    private static ReadOnlySpan<float> F32(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes);

    private static Span<float> F32(Span<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes);
}

/// <summary>Everything a binary element-wise Eval reads, kept in the arena's tail.</summary>
internal struct BinaryData
{
    public BuiltinOperator Code;
    public TensorType Type;
    public int Input1, Input2, Output;
    public bool NeedsBroadcast;
    public PersistentBlock Broadcast;
    public float FloatMin, FloatMax;
    public MulInt8 Mul;
    public SubInt8 Sub;
    public PreluInt8 Prelu;
}
