// RESHAPE: the output is the input's bytes under the output's declared shape (TFLM reshape.cc).
// The optional second input (the new shape) is not read: the declared output shape rules.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared RESHAPE operator: a byte copy, skipped when input and output share memory.</summary>
public sealed class ReshapeOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private ReshapeOperator(PrepareContext ctx, in ReshapeData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly ReshapeData D => ref Arena.Read<ReshapeData>(data);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => D.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => D.Output;

    /// <summary>Bytes copied per Eval.</summary>
    public int ByteCount => D.ByteCount;

    internal static ReshapeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 2, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        int shape = ctx.OptionalInput(1, "shape");
        if (shape >= 0) ctx.RequireType(shape, "shape", TensorType.Int32);
        TensorInfo i = ctx.Tensor(input), o = ctx.Tensor(output);
        if (TensorTypeInfo.ElementBytes(i.Type) == 0) throw ctx.UnsupportedTypes("any fixed-size type, same in and out");
        ctx.RequireType(output, "output", i.Type);
        ctx.RequireElements(output, "output", i.ElementCount, $"{i.ElementCount} (the input's {PrepareContext.ShapeText(i.Shape)})");
        return new ReshapeOperator(ctx, new ReshapeData { Input = input, Output = output, ByteCount = checked((int)i.ByteCount) });
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly ReshapeData d = ref D;
        ReadOnlySpan<byte> source = tensors.Read(d.Input)[..d.ByteCount];
        Span<byte> destination = tensors.Write(d.Output)[..d.ByteCount];
        // The planner may place both in the same bytes; CopyTo handles any other overlap.
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination)))
            source.CopyTo(destination);
    }
}

/// <summary>Everything a RESHAPE Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct ReshapeData
{
    public int Input, Output, ByteCount;
}
