// A simple TensorStorage for tests: one array per non-constant tensor, constants from the model.
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

internal sealed class TestTensorStorage : TensorStorage
{
    private readonly TfLiteModel model;
    private readonly Dictionary<int, byte[]> arena = [];

    public TestTensorStorage(TfLiteModel model)
    {
        this.model = model;
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        for (int i = 0; i < tensors.Count; i++)
            if (model.DataOf(tensors[i]).IsEmpty) arena[i] = new byte[tensors[i].ByteCount];
    }

    public byte[] this[int tensorIndex] => arena[tensorIndex];

    public override ReadOnlySpan<byte> Read(int tensorIndex) =>
        arena.TryGetValue(tensorIndex, out byte[]? bytes) ? bytes : model.DataOf(model.MainSubgraph.Tensors[tensorIndex]).Span;

    public override Span<byte> Write(int tensorIndex) => arena[tensorIndex];
}
