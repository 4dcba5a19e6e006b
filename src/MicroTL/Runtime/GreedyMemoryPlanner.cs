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
    public static ArenaPlan Plan(IReadOnlyList<BufferRequest> requests)
    {
        int count = requests.Count;
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        // Stable sort, largest first: Array.Sort is unstable, so break ties by index.
        Array.Sort(order, (a, b) =>
        {
            int bySize = requests[b].Bytes.CompareTo(requests[a].Bytes);
            return bySize != 0 ? bySize : a.CompareTo(b);
        });

        var offsets = new long[count];
        var placed = new List<int>(count); // kept sorted by offset
        long total = 0;
        foreach (int index in order)
        {
            BufferRequest request = requests[index];
            long size = AlignUp(request.Bytes);
            long candidate = 0;
            foreach (int other in placed)
            {
                if (!requests[other].OverlapsInTime(request)) continue;
                if (candidate + size <= offsets[other]) break;
                candidate = Math.Max(candidate, offsets[other] + AlignUp(requests[other].Bytes));
            }

            offsets[index] = candidate;
            InsertByOffset(placed, offsets, index);
            total = Math.Max(total, candidate + size);
        }

        return new ArenaPlan(offsets, total);
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

/// <summary>The outcome of planning: an offset per request and the arena bytes needed.</summary>
public sealed record ArenaPlan(long[] Offsets, long TotalBytes);
