// The data movement operators (TRANSPOSE, PAD, PADV2, CONCATENATION, SPLIT, PACK, UNPACK, STRIDED_SLICE, SQUEEZE,
// EXPAND_DIMS) run the same Eval: optionally fill the output with a pad value, then move boxes of elements between
// tensors through strided views, on any element type of 1, 2, 4 or 8 bytes. Each operator's Prepare (one file each,
// DataMovementOperator.*.cs) checks what TFLM's checks and works the views out once.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>One box moved by a data movement operator: gathered from a view of a tensor, or scattered into one.</summary>
/// <param name="From">Tensor read.</param>
/// <param name="To">Tensor written.</param>
/// <param name="View">The view over <paramref name="From"/> (gather) or over <paramref name="To"/> (scatter).</param>
/// <param name="Scatter">True when the view is over the destination.</param>
public readonly record struct DataMove(int From, int To, StridedView View, bool Scatter);

/// <summary>A prepared data movement operator: an optional fill, then element moves.</summary>
public sealed partial class DataMovementOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private DataMovementOperator(PrepareContext ctx, in MoveData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly MoveData D => ref Arena.Read<MoveData>(data);

    /// <summary>The moves, in order.</summary>
    public ReadOnlySpan<DataMove> Moves => Arena.Values<DataMove>(D.Moves);

    /// <summary>Bytes per element.</summary>
    public int ElementBytes => D.ElementBytes;

    /// <summary>The tensor filled before the moves (PAD's output), or -1.</summary>
    public int FillTensor => D.FillTensor;

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly MoveData d = ref D;
        if (d.FillTensor >= 0) Fill(tensors.Write(d.FillTensor), d.ElementBytes, d.FillValueTensor >= 0 ? tensors.Read(d.FillValueTensor) : default, d.FillBits);
        foreach (DataMove move in Arena.Values<DataMove>(d.Moves))
            move.View.Move(tensors.Read(move.From), tensors.Write(move.To), d.ElementBytes, move.Scatter);
    }

    // The pad value: the constant_values tensor's first element when there is one, else the fixed bits.
    private static void Fill(Span<byte> output, int elementBytes, ReadOnlySpan<byte> value, long bits)
    {
        if (value.Length >= elementBytes) bits = elementBytes switch
        {
            1 => value[0],
            2 => MemoryMarshal.Read<short>(value),
            4 => MemoryMarshal.Read<int>(value),
            _ => MemoryMarshal.Read<long>(value),
        };
        switch (elementBytes)
        {
            case 1: output.Fill(unchecked((byte)bits)); break;
            case 2: MemoryMarshal.Cast<byte, short>(output).Fill(unchecked((short)bits)); break;
            case 4: MemoryMarshal.Cast<byte, int>(output).Fill(unchecked((int)bits)); break;
            default: MemoryMarshal.Cast<byte, long>(output).Fill(bits); break;
        }
    }

    private static DataMovementOperator Create(PrepareContext ctx, int elementBytes, ReadOnlySpan<DataMove> moves,
        int fillTensor = -1, int fillValueTensor = -1, long fillBits = 0) =>
        new(ctx, new MoveData
        {
            ElementBytes = elementBytes, FillTensor = fillTensor, FillValueTensor = fillValueTensor, FillBits = fillBits,
            Moves = ctx.StorePersistent(moves, "moves"),
        });

    /// <summary>Bytes per element of <paramref name="tensor"/>'s type, refusing types without a fixed width.</summary>
    private static int ElementBytesOf(PrepareContext ctx, int tensor, string supported)
    {
        int bytes = TensorTypeInfo.ElementBytes(ctx.Tensor(tensor).Type);
        if (bytes is not (1 or 2 or 4 or 8)) throw ctx.UnsupportedTypes(supported);
        return bytes;
    }

    /// <summary>The int32 values of a constant 1-D (or scalar) tensor that an operator needs at Prepare (axis, perm, paddings).</summary>
    private static ReadOnlySpan<int> ConstantInt32(PrepareContext ctx, int tensor, string role)
    {
        ctx.RequireType(tensor, role, TensorType.Int32);
        if (ctx.Model.DataOf(ctx.Tensor(tensor)).IsEmpty)
            throw ctx.Unsupported($"{role} {ctx.Describe(tensor)} is not a constant; TFLM takes it only as one");
        return MemoryMarshal.Cast<byte, int>(ctx.ConstantData(tensor, role).Span);
    }

    /// <summary>The same type and, for int8, the same scale and zero point: moved elements keep their meaning.</summary>
    private static void RequireSameQuantization(PrepareContext ctx, int tensor, string role, int like, string likeRole)
    {
        ctx.RequireType(tensor, role, ctx.Tensor(like).Type);
        if (ctx.Tensor(like).Type != TensorType.Int8) return;
        (float s1, int z1) = ctx.PerTensorQuantization(tensor, role);
        (float s2, int z2) = ctx.PerTensorQuantization(like, likeRole);
        if (s1 != s2 || z1 != z2)
            throw ctx.Fail($"{role} {ctx.Describe(tensor)} has scale {s1}, zero point {z1}, but {likeRole} {ctx.Describe(like)} has {s2}, {z2}; " +
                "they must be equal, as TFLM requires");
    }

    private static int Positive(PrepareContext ctx, int axis, int rank, string what)
    {
        int resolved = axis < 0 ? axis + rank : axis;
        if (resolved < 0 || resolved >= rank) throw ctx.Fail($"{what} {axis} is out of range for {rank}-D tensors");
        return resolved;
    }

    private static void RequireRankAtMost(PrepareContext ctx, int tensor, string role, int rank)
    {
        int actual = ctx.Tensor(tensor).Shape.Length;
        if (actual > rank) throw ctx.Fail($"{role} {ctx.Describe(tensor)} is {actual}-D, at most {rank}-D runs (as in TFLM)");
    }
}

/// <summary>Everything a data movement Eval reads, kept in the arena's tail.</summary>
internal struct MoveData
{
    public int ElementBytes, FillTensor, FillValueTensor;
    public long FillBits;
    public PersistentBlock Moves;
}
