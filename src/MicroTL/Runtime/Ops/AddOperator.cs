// ADD: two inputs broadcast (numpy rules, up to 6-D) onto the output; int8 with TFLM's left_shift 20
// scheme or float32, as TFLM's add.cc / add_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared ADD operator.</summary>
public sealed class AddOperator : PreparedOperator
{
    private readonly AddInt8Params int8Params;
    private readonly BroadcastShape broadcast;
    private readonly float floatMin, floatMax;

    private AddOperator(int input1, int input2, int output, bool isQuantized, bool needsBroadcast,
        BroadcastShape broadcast, AddInt8Params int8Params, (float Min, float Max) floatClamp)
    {
        (Input1Index, Input2Index, OutputIndex, IsQuantized, NeedsBroadcast) = (input1, input2, output, isQuantized, needsBroadcast);
        this.broadcast = broadcast;
        this.int8Params = int8Params;
        (floatMin, floatMax) = floatClamp;
    }

    /// <summary>Tensor indices of the two inputs and the output.</summary>
    public int Input1Index { get; }

    /// <inheritdoc cref="Input1Index"/>
    public int Input2Index { get; }

    /// <inheritdoc cref="Input1Index"/>
    public int OutputIndex { get; }

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized { get; }

    /// <summary>True when the input shapes differ and one is broadcast.</summary>
    public bool NeedsBroadcast { get; }

    /// <summary>The int8 fixed-point parameters (default for float).</summary>
    public AddInt8Params Int8Params => int8Params;

    internal static AddOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        var options = ctx.Options<AddOptions>();
        int in1 = ctx.Input(0, "input 1"), in2 = ctx.Input(1, "input 2"), output = ctx.Output(0, "output");
        int[] s1 = ctx.Tensor(in1).Shape, s2 = ctx.Tensor(in2).Shape, so = ctx.Tensor(output).Shape;
        int rank = Math.Max(s1.Length, s2.Length);
        var expected = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int d1 = d < rank - s1.Length ? 1 : s1[d - (rank - s1.Length)];
            int d2 = d < rank - s2.Length ? 1 : s2[d - (rank - s2.Length)];
            if (d1 != d2 && d1 != 1 && d2 != 1)
                throw ctx.Fail($"input shapes {PrepareContext.ShapeText(s1)} ({ctx.Describe(in1)}) and {PrepareContext.ShapeText(s2)} " +
                    $"({ctx.Describe(in2)}) do not broadcast");
            expected[d] = Math.Max(d1, d2);
        }
        if (rank > BroadcastShape.MaxRank) throw ctx.Fail($"has {rank}-D inputs, expected at most {BroadcastShape.MaxRank}-D");
        ctx.RequireShape(output, "output", expected);
        bool needsBroadcast = !s1.AsSpan().SequenceEqual(s2);
        BroadcastShape.TryCreate(s1, s2, so, out BroadcastShape broadcast);

        TensorType type = ctx.Tensor(in1).Type;
        if (type == TensorType.Float32)
        {
            ctx.RequireType(in2, "input 2", TensorType.Float32);
            ctx.RequireType(output, "output", TensorType.Float32);
            return new AddOperator(in1, in2, output, false, needsBroadcast, broadcast, default, ctx.FloatActivation(options.Activation));
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
        AddInt8Params p = AddInt8Params.Create(sc1, zp1, sc2, zp2, sco, zpo, min, max);
        return new AddOperator(in1, in2, output, true, needsBroadcast, broadcast, p, default);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (IsQuantized)
        {
            ReadOnlySpan<sbyte> a = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(Input1Index));
            ReadOnlySpan<sbyte> b = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(Input2Index));
            Span<sbyte> o = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex));
            if (NeedsBroadcast) AddInt8.RunBroadcast(int8Params, broadcast, a, b, o);
            else AddInt8.Run(int8Params, a, b, o);
            return;
        }
        ReadOnlySpan<float> fa = MemoryMarshal.Cast<byte, float>(tensors.Read(Input1Index));
        ReadOnlySpan<float> fb = MemoryMarshal.Cast<byte, float>(tensors.Read(Input2Index));
        Span<float> fo = MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex));
        if (NeedsBroadcast) AddFloat.RunBroadcast(floatMin, floatMax, broadcast, fa, fb, fo);
        else AddFloat.Run(floatMin, floatMax, fa, fb, fo);
    }
}
