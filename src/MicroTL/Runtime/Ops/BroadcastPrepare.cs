// The broadcast check of the binary element-wise operators: inputs aligned from the last dimension, each dimension
// equal or 1, the output of the broadcast shape; the 6-D strides are kept only when a broadcast is needed.
using MicroTL.Kernels;

namespace MicroTL.Runtime.Ops;

internal static class BroadcastPrepare
{
    /// <summary>Checks the shapes; returns whether the inputs differ and, if so, the strides stored in the arena's tail.</summary>
    public static (bool NeedsBroadcast, PersistentBlock Strides) Shapes(PrepareContext ctx, int in1, int in2, int output)
    {
        int[] s1 = ctx.Tensor(in1).Shape, s2 = ctx.Tensor(in2).Shape;
        int rank = Math.Max(s1.Length, s2.Length);
        if (rank > BroadcastShape.MaxRank) throw ctx.Fail($"has {rank}-D inputs, expected at most {BroadcastShape.MaxRank}-D");
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
        ctx.RequireShape(output, "output", expected);
        if (s1.AsSpan().SequenceEqual(s2)) return (false, default);
        BroadcastShape.TryCreate(s1, s2, ctx.Tensor(output).Shape, out BroadcastShape broadcast);
        return (true, ctx.StorePersistent(new ReadOnlySpan<BroadcastShape>(in broadcast), "broadcast strides"));
    }
}
