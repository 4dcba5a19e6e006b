// ADD: two inputs broadcast (numpy rules, up to 6-D) onto the output; int8 with TFLM's left_shift 20
// scheme or float32, as TFLM's add.cc / add_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared ADD operator.</summary>
public sealed class AddOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private AddOperator(PrepareContext ctx, in AddData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly AddData D => ref Arena.Read<AddData>(data);

    /// <summary>Tensor indices of the two inputs and the output.</summary>
    public int Input1Index => D.Input1;

    /// <inheritdoc cref="Input1Index"/>
    public int Input2Index => D.Input2;

    /// <inheritdoc cref="Input1Index"/>
    public int OutputIndex => D.Output;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>True when the input shapes differ and one is broadcast.</summary>
    public bool NeedsBroadcast => D.NeedsBroadcast;

    /// <summary>The int8 fixed-point parameters (default for float).</summary>
    public AddInt8Params Int8Params => D.Int8;

    internal static AddOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        var options = ctx.Options<AddOptions>();
        int in1 = ctx.Input(0, "input 1"), in2 = ctx.Input(1, "input 2"), output = ctx.Output(0, "output");
        // Only a broadcasting ADD keeps the 6-D indexing (18 ints) in its persistent data.
        (bool needsBroadcast, PersistentBlock strides) = BroadcastPrepare.Shapes(ctx, in1, in2, output);
        var data = new AddData { Input1 = in1, Input2 = in2, Output = output, NeedsBroadcast = needsBroadcast, Broadcast = strides };

        TensorType type = ctx.Tensor(in1).Type;
        if (type == TensorType.Float32)
        {
            ctx.RequireType(in2, "input 2", TensorType.Float32);
            ctx.RequireType(output, "output", TensorType.Float32);
            (data.FloatMin, data.FloatMax) = ctx.FloatActivation(options.Activation);
            return new AddOperator(ctx, data);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 + INT8 -> INT8, FLOAT32 + FLOAT32 -> FLOAT32");
        ctx.RequireType(in2, "input 2", TensorType.Int8);
        ctx.RequireType(output, "output", TensorType.Int8);
        (float sc1, int zp1) = ctx.PerTensorQuantization(in1, "input 1");
        (float sc2, int zp2) = ctx.PerTensorQuantization(in2, "input 2");
        (float sco, int zpo) = ctx.PerTensorQuantization(output, "output");
        double outputMultiplier = 2 * (double)Math.Max(sc1, sc2) / ((1 << 20) * (double)sco);
        if (!(outputMultiplier < 1) || QuantizationMath.QuantizeMultiplier(outputMultiplier).Multiplier == 0)
            throw ctx.Fail($"output {ctx.Describe(output)} scale {sco} is out of range for input scales {sc1} and {sc2} " +
                $"(2 x max input scale / (2^20 x output scale) = {outputMultiplier}, expected in (2^-31, 1))");
        (int min, int max) = ctx.QuantizedActivation(options.Activation, output, sco, zpo);
        data.IsQuantized = true;
        data.Int8 = AddInt8Params.Create(sc1, zp1, sc2, zp2, sco, zpo, min, max);
        return new AddOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly AddData d = ref D;
        if (d.IsQuantized)
        {
            ReadOnlySpan<sbyte> a = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input1));
            ReadOnlySpan<sbyte> b = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input2));
            Span<sbyte> o = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
            if (d.NeedsBroadcast) AddInt8.RunBroadcast(d.Int8, Arena.Read<BroadcastShape>(d.Broadcast), a, b, o);
            else AddInt8.Run(d.Int8, a, b, o, Simd);
            return;
        }
        ReadOnlySpan<float> fa = MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input1));
        ReadOnlySpan<float> fb = MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input2));
        Span<float> fo = MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output));
        if (d.NeedsBroadcast) AddFloat.RunBroadcast(d.FloatMin, d.FloatMax, Arena.Read<BroadcastShape>(d.Broadcast), fa, fb, fo);
        else AddFloat.Run(d.FloatMin, d.FloatMax, fa, fb, fo);
    }
}

/// <summary>Everything an ADD Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct AddData
{
    public int Input1, Input2, Output;
    public bool IsQuantized, NeedsBroadcast;
    public AddInt8Params Int8;
    public float FloatMin, FloatMax;
    public PersistentBlock Broadcast;
}
