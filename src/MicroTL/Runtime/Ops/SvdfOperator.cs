// SVDF: input [B, I], feature weights [F, I] int8, time weights [F, M] (int8 or int16), bias [U] int32, activation
// state [B, F·M] (a variable tensor of the time weights' type), output [B, U] int8, as TFLM's svdf.cc / svdf_common.cc
// on its integer path (which applies no fused activation). Float SVDF is not run.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared SVDF operator.</summary>
public sealed class SvdfOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private SvdfOperator(PrepareContext ctx, in SvdfData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly SvdfData D => ref Arena.Read<SvdfData>(data);

    /// <summary>The fixed-point parameters.</summary>
    public SvdfInt8Params Params => D.Params;

    /// <inheritdoc/>
    public override long MacCount => (long)D.Batches * D.Filters * (D.InputSize + D.Memory);

    internal static SvdfOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(5, 5, 1);
        var options = ctx.Options<SvdfOptions>();
        int input = ctx.Input(0, "input"), featureWeights = ctx.Input(1, "feature weights"), timeWeights = ctx.Input(2, "time weights");
        int bias = ctx.OptionalInput(3, "bias"), state = ctx.Input(4, "activation state"), output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 2);
        ctx.RequireRank(featureWeights, "feature weights", 2);
        ctx.RequireRank(timeWeights, "time weights", 2);
        int batches = ctx.Tensor(input).Shape[0], inputSize = ctx.Tensor(input).Shape[1], filters = ctx.Tensor(featureWeights).Shape[0];
        int memory = ctx.Tensor(timeWeights).Shape[1];
        if (options.Rank < 1 || filters % options.Rank != 0)
            throw ctx.Fail($"rank {options.Rank} does not divide the {filters} filters of {ctx.Describe(featureWeights)}");
        int units = filters / options.Rank;
        ctx.RequireShape(output, "output", [batches, units]);
        ctx.RequireShape(featureWeights, "feature weights", [filters, inputSize]);
        ctx.RequireShape(timeWeights, "time weights", [filters, memory]);
        ctx.RequireShape(state, "activation state", [batches, memory * filters]);
        if (!ctx.Tensor(state).IsVariable) throw ctx.Fail($"activation state {ctx.Describe(state)} is not a variable tensor (is_variable), as TFLM requires");

        TensorType stateType = ctx.Tensor(timeWeights).Type;
        if (ctx.Tensor(input).Type != TensorType.Int8 || ctx.Tensor(featureWeights).Type != TensorType.Int8 ||
            stateType is not (TensorType.Int8 or TensorType.Int16) || ctx.Tensor(state).Type != stateType || ctx.Tensor(output).Type != TensorType.Int8)
            throw ctx.UnsupportedTypes("INT8 input and feature weights, INT8 or INT16 time weights and state (the same), INT32 bias -> INT8");
        if (bias < 0) throw ctx.Fail("the int8 SVDF needs its bias (input 3): TFLM reads the bias's scale");
        ctx.RequireShape(bias, "bias", [units]);
        ctx.RequireType(bias, "bias", TensorType.Int32);
        ctx.ConstantData(featureWeights, "feature weights");
        ctx.ConstantData(timeWeights, "time weights");
        ctx.ConstantData(bias, "bias");

        (float si, int zi) = ctx.PerTensorQuantization(input, "input");
        (float swf, _) = ctx.PerTensorQuantization(featureWeights, "feature weights");
        (float swt, _) = ctx.PerTensorQuantization(timeWeights, "time weights", short.MinValue, short.MaxValue);
        (float sb, _) = ctx.PerTensorQuantization(bias, "bias", int.MinValue, int.MaxValue);
        (float ss, int zs) = ctx.PerTensorQuantization(state, "activation state", short.MinValue, short.MaxValue);
        (float so, int zo) = ctx.PerTensorQuantization(output, "output");
        if (!(Math.Abs((double)sb - ss * swt) < 1e-5))
            throw ctx.Fail($"bias {ctx.Describe(bias)} has scale {sb}, expected the state's times the time weights' ({ss * swt}) within 1e-5, as TFLM requires");
        (int m1, int s1) = QuantizationMath.QuantizeMultiplier(si * swf / ss);
        (int m2, int s2) = QuantizationMath.QuantizeMultiplier(ss * swt / so);
        return new SvdfOperator(ctx, new SvdfData
        {
            Input = input, FeatureWeights = featureWeights, TimeWeights = timeWeights, Bias = bias, State = state, Output = output,
            Batches = batches, InputSize = inputSize, Filters = filters, Memory = memory, Rank = options.Rank, StateIsInt16 = stateType == TensorType.Int16,
            Params = new SvdfInt8Params(zi, zs, zo, m1, s1, m2, s2),
            FilterSums = ctx.RequestScratch((long)batches * filters * sizeof(int), "filter sums"),
            UnitSums = ctx.RequestScratch((long)batches * units * sizeof(int), "unit sums"),
        });
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly SvdfData d = ref D;
        ReadOnlySpan<sbyte> input = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), features = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.FeatureWeights));
        ReadOnlySpan<int> bias = MemoryMarshal.Cast<byte, int>(tensors.Read(d.Bias));
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
        Span<int> filterSums = Arena.Scratch<int>(d.FilterSums), unitSums = Arena.Scratch<int>(d.UnitSums);
        if (d.StateIsInt16)
            SvdfInt8.Run(d.Params, d.Batches, d.InputSize, d.Filters, d.Memory, d.Rank, input, features,
                MemoryMarshal.Cast<byte, short>(tensors.Read(d.TimeWeights)), bias, MemoryMarshal.Cast<byte, short>(tensors.Write(d.State)), filterSums, unitSums, output);
        else
            SvdfInt8.Run(d.Params, d.Batches, d.InputSize, d.Filters, d.Memory, d.Rank, input, features,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.TimeWeights)), bias, MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.State)), filterSums, unitSums, output);
    }
}

/// <summary>Everything an SVDF Eval reads, kept in the arena's tail.</summary>
internal struct SvdfData
{
    public int Input, FeatureWeights, TimeWeights, Bias, State, Output;
    public int Batches, InputSize, Filters, Memory, Rank;
    public bool StateIsInt16;
    public SvdfInt8Params Params;
    public ScratchBuffer FilterSums, UnitSums;
}
