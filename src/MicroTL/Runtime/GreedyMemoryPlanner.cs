namespace MicroTL.Runtime;

/// <summary>
/// Places buffers with known lifetimes in one arena so that buffers alive at the same time never
/// overlap, the way TFLM's <c>GreedyMemoryPlanner</c> does: take the buffers largest first and put
/// each at the lowest offset where it fits between the buffers already placed whose lifetimes
/// overlap its own. Not optimal in general, but small, deterministic and close to optimal for the
/// chains of layers that make up most models.
/// </summary>
public static class GreedyMemoryPlanner
{
    /// <summary>Every buffer starts on this boundary, as in TFLM (<c>MicroArenaBufferAlignment</c>).</summary>
    public const int Alignment = 16;

    /// <summary>Rounds a byte count up to <see cref="Alignment"/>.</summary>
    public static long AlignUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;

    /// <summary>
    /// Plans offsets for <paramref name="requests"/>. Returns one offset per request (in request
    /// order) and the total arena bytes, which is the highest end offset of any buffer.
    /// </summary>
    /// <remarks>Ties in size keep request order, so the same model always gets the same plan.</remarks>
    public static BufferPlan Plan(IReadOnlyList<BufferRequest> requests) => Plan(requests, []);

    /// <summary>
    /// Plans <paramref name="requests"/> around buffers already placed, which keep their offsets: the interpreter
    /// places the tensors first and then fits each operator's scratch buffers into the gaps free while it runs.
    /// Returns one offset per request and the highest end offset of any buffer, placed ones included.
    /// </summary>
    /// <exception cref="ArgumentException">A placed buffer's offset is negative or not a multiple of <see cref="Alignment"/>.</exception>
    public static BufferPlan Plan(IReadOnlyList<BufferRequest> requests, IReadOnlyList<PlacedBuffer> alreadyPlaced)
    {
        int fixedCount = alreadyPlaced.Count, count = requests.Count;
        var all = new BufferRequest[fixedCount + count];
        var offsets = new long[fixedCount + count];
        var placed = new List<int>(all.Length); // indices into all, kept sorted by offset
        long total = 0;
        for (int i = 0; i < fixedCount; i++)
        {
            PlacedBuffer p = alreadyPlaced[i];
            if (p.Offset < 0 || p.Offset % Alignment != 0)
                throw new ArgumentException($"placed buffer {i} has offset {p.Offset}, expected a multiple of {Alignment} >= 0", nameof(alreadyPlaced));
            (all[i], offsets[i]) = (p.Request, p.Offset);
            InsertByOffset(placed, offsets, i);
            total = Math.Max(total, p.Offset + AlignUp(p.Request.Bytes));
        }

        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
            all[fixedCount + i] = requests[i];
        }
        // Stable sort, largest first: Array.Sort is unstable, so break ties by index.
        Array.Sort(order, (a, b) =>
        {
            int bySize = requests[b].Bytes.CompareTo(requests[a].Bytes);
            return bySize != 0 ? bySize : a.CompareTo(b);
        });

        foreach (int request in order)
        {
            int index = fixedCount + request;
            long size = AlignUp(all[index].Bytes);
            long candidate = 0;
            foreach (int other in placed)
            {
                if (!all[other].OverlapsInTime(all[index])) continue;
                if (candidate + size <= offsets[other]) break;
                candidate = Math.Max(candidate, offsets[other] + AlignUp(all[other].Bytes));
            }

            offsets[index] = candidate;
            InsertByOffset(placed, offsets, index);
            total = Math.Max(total, candidate + size);
        }

        return new BufferPlan(offsets[fixedCount..], total);
    }

    private static void InsertByOffset(List<int> placed, long[] offsets, int index)
    {
        int at = placed.Count;
        while (at > 0 && offsets[placed[at - 1]] > offsets[index]) at--;
        placed.Insert(at, index);
    }
}

/// <summary>A buffer to place: its size and the first and last operator steps it is alive in (inclusive).</summary>
public readonly record struct BufferRequest(long Bytes, int FirstUse, int LastUse)
{
    /// <summary>True when the two buffers are alive at some common step.</summary>
    public bool OverlapsInTime(BufferRequest other) => FirstUse <= other.LastUse && other.FirstUse <= LastUse;
}

/// <summary>A buffer whose offset is already fixed.</summary>
public readonly record struct PlacedBuffer(BufferRequest Request, long Offset);

/// <summary>The outcome of planning: an offset per request and the arena bytes needed.</summary>
public sealed record BufferPlan(long[] Offsets, long TotalBytes);
