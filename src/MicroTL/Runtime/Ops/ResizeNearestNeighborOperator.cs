// RESIZE_NEAREST_NEIGHBOR: [B, H, W, C] to [B, size[0], size[1], C] with a constant size (resize_nearest_neighbor.cc),
// float32, int8 or int16; the source row and column of every output row and column are worked out at Prepare.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared RESIZE_NEAREST_NEIGHBOR operator.</summary>
public sealed class ResizeNearestNeighborOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private ResizeNearestNeighborOperator(PrepareContext ctx, in ResizeData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly ResizeData D => ref Arena.Read<ResizeData>(data);

    /// <summary>The input row of each output row.</summary>
    public ReadOnlySpan<int> SourceRows => Arena.Values<int>(D.Rows);

    /// <summary>The input column of each output column.</summary>
    public ReadOnlySpan<int> SourceColumns => Arena.Values<int>(D.Columns);

    internal static ResizeNearestNeighborOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        var options = ctx.Options<ResizeNearestNeighborOptions>();
        int input = ctx.Input(0, "input"), sizeTensor = ctx.Input(1, "size"), output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 4);
        ctx.RequireType(sizeTensor, "size", TensorType.Int32);
        ctx.RequireShape(sizeTensor, "size", [2]);
        if (ctx.Model.DataOf(ctx.Tensor(sizeTensor)).IsEmpty)
            throw ctx.Unsupported($"size {ctx.Describe(sizeTensor)} is not a constant; TFLM takes it only as one");
        TensorType type = ctx.Tensor(input).Type;
        if (type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16)) throw ctx.UnsupportedTypes("FLOAT32, INT8, INT16 -> the same");
        ctx.RequireType(output, "output", type);
        ReadOnlySpan<int> size = MemoryMarshal.Cast<byte, int>(ctx.ConstantData(sizeTensor, "size").Span);
        int[] s = ctx.Tensor(input).Shape;
        if (size[0] < 1 || size[1] < 1) throw ctx.Fail($"size is [{size[0]}, {size[1]}], expected both >= 1");
        ctx.RequireShape(output, "output", [s[0], size[0], size[1], s[3]]);
        var rows = new int[size[0]];
        var columns = new int[size[1]];
        for (int y = 0; y < rows.Length; y++)
            rows[y] = ResizeNearestNeighborKernel.NearestNeighbor(y, s[1], size[0], options.AlignCorners, options.HalfPixelCenters);
        for (int x = 0; x < columns.Length; x++)
            columns[x] = ResizeNearestNeighborKernel.NearestNeighbor(x, s[2], size[1], options.AlignCorners, options.HalfPixelCenters);
        return new ResizeNearestNeighborOperator(ctx, new ResizeData
        {
            Input = input, Output = output, Batches = s[0], Height = s[1], Width = s[2], Depth = s[3], ElementBytes = TensorTypeInfo.ElementBytes(type),
            Rows = ctx.StorePersistent<int>(rows, "source rows"), Columns = ctx.StorePersistent<int>(columns, "source columns"),
        });
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly ResizeData d = ref D;
        ReadOnlySpan<int> rows = Arena.Values<int>(d.Rows), columns = Arena.Values<int>(d.Columns);
        ReadOnlySpan<byte> input = tensors.Read(d.Input);
        Span<byte> output = tensors.Write(d.Output);
        switch (d.ElementBytes)
        {
            case 1: ResizeNearestNeighborKernel.Run(d.Batches, d.Height, d.Width, d.Depth, rows, columns, input, output); break;
            case 2:
                ResizeNearestNeighborKernel.Run(d.Batches, d.Height, d.Width, d.Depth, rows, columns,
                    MemoryMarshal.Cast<byte, short>(input), MemoryMarshal.Cast<byte, short>(output));
                break;
            default:
                ResizeNearestNeighborKernel.Run(d.Batches, d.Height, d.Width, d.Depth, rows, columns,
                    MemoryMarshal.Cast<byte, int>(input), MemoryMarshal.Cast<byte, int>(output));
                break;
        }
    }
}

/// <summary>Everything a RESIZE_NEAREST_NEIGHBOR Eval reads, kept in the arena's tail.</summary>
internal struct ResizeData
{
    public int Input, Output, Batches, Height, Width, Depth, ElementBytes;
    public PersistentBlock Rows, Columns;
}
