// Where the C# plan put everything, per tensor and per operator, in the terms the generated tables use.
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Generation;

/// <summary>The C# plan of one model, indexed for the generator.</summary>
/// <param name="TensorOffsets">Arena offset per tensor, -1 for tensors not in the arena.</param>
/// <param name="TensorBytes">Bytes per tensor.</param>
/// <param name="Scratch">The scratch buffers in request order: (offset, bytes).</param>
/// <param name="DataFromEnd">Per operator, its data block's distance below the tail's top.</param>
/// <param name="Plan">The plan itself.</param>
internal sealed record ModelLayout(int[] TensorOffsets, int[] TensorBytes, (long Offset, long Bytes)[] Scratch, long[] DataFromEnd, ArenaPlan Plan)
{
    public static ModelLayout Of(TfLiteModel model, ArenaPlan plan)
    {
        Subgraph graph = model.MainSubgraph;
        var offsets = new int[graph.Tensors.Count];
        Array.Fill(offsets, -1);
        var bytes = new int[graph.Tensors.Count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = checked((int)graph.Tensors[i].ByteCount);
        var dataFromEnd = new long[graph.Operators.Count];
        long top = plan.ArenaLength / GreedyMemoryPlanner.Alignment * GreedyMemoryPlanner.Alignment;
        var scratch = new List<(long, long)>();
        foreach (ArenaEntry entry in plan.Entries)
        {
            switch (entry.Kind)
            {
                case ArenaEntryKind.Tensor:
                    offsets[entry.Tensor] = checked((int)entry.Offset);
                    break;
                case ArenaEntryKind.Scratch:
                    scratch.Add((entry.Offset, entry.Bytes));
                    break;
                case ArenaEntryKind.Persistent:
                    // The plan lists an operator's blocks in allocation order, and every operator allocates its
                    // data block last (its constructor stores it): the last one seen is the data block.
                    dataFromEnd[entry.Operator] = top - entry.Offset;
                    break;
            }
        }
        return new ModelLayout(offsets, bytes, scratch.ToArray(), dataFromEnd, plan);
    }
}
