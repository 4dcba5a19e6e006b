// The session firmware's one static arena, laid out from the C# budget (TransferBudget): each component split
// into the typed arrays the C binds, placed with the largest alignments first (16: the interpreter's arena; 8: the
// per-class int64 counters; 4: every int32 and float array; 2: the slot labels; 1: the int8 arrays), so no byte
// of padding is needed when each size is a multiple of its alignment, and the arena is the plan's total to the byte.
using MicroTL.Budget;
using MicroTL.Store;

namespace MicroTL.Firmware.Session;

/// <summary>Every buffer of a transfer run in one arena; <see cref="TotalBytes"/> is the budget's total when <see cref="PaddingBytes"/> is 0.</summary>
public sealed class SessionArenaLayout
{
    /// <summary>The budget components of <c>TransferBudget.For</c>, in its order, as the layout splits them (the augmentation's window, when the plan has it, is found by name).</summary>
    private static readonly string[][] FieldsOfComponent =
    [
        ["inference_arena"],
        ["store_seen", "store_counts", "store_addresses", "store_labels", "store_features", "store_log_slot"],
        ["feature_buffer"],
        ["split_indices"],
        ["parameters"],
        ["optimizer_state"],
        ["good_weights"],
        ["activations"],
        ["batch_inputs"],
        ["batch_labels"],
        ["shuffle_order"],
    ];

    /// <summary>The start of the name of TransferBudget's optional component after the store: the window kept while its copies go through the body.</summary>
    private const string AugmentationComponent = "augmentation:";

    private SessionArenaLayout(IReadOnlyList<ArenaSlice> slices, int totalBytes, int paddingBytes, MemoryBudget budget)
    {
        Slices = slices;
        TotalBytes = totalBytes;
        PaddingBytes = paddingBytes;
        Budget = budget;
    }

    /// <summary>The buffers in arena order.</summary>
    public IReadOnlyList<ArenaSlice> Slices { get; }

    /// <summary>Bytes of the arena: the end of its last buffer.</summary>
    public int TotalBytes { get; }

    /// <summary>Bytes of alignment padding between buffers (0 for every plan MicroTL makes: the sizes are multiples of their alignment).</summary>
    public int PaddingBytes { get; }

    /// <summary>The C# budget it lays out.</summary>
    public MemoryBudget Budget { get; }

    /// <summary>The slice of a C field (bytes 0 at offset 0 when the run has no such buffer).</summary>
    public ArenaSlice this[string field] => Slices.FirstOrDefault(s => s.Field == field) ?? new ArenaSlice(field, "", 0, 0, 1);

    /// <summary>
    /// Lays out <paramref name="budget"/> (a <c>TransferBudget.For</c> plan) for a store of <paramref name="storeRecords"/>
    /// records of <paramref name="featureLength"/> features, <paramref name="classes"/> classes, in <paramref name="mode"/>, whose
    /// log's record slot is <paramref name="logSlotBytes"/> (0 without a log).
    /// </summary>
    /// <exception cref="ArgumentException">The budget does not have TransferBudget's components, or the store's component is not
    /// the sum of its arrays (the C# store and this layout disagree).</exception>
    public static SessionArenaLayout For(MemoryBudget budget, int featureLength, int storeRecords, int classes, FeatureStoreMode mode, int logSlotBytes)
    {
        IReadOnlyList<MemoryComponent> components = budget.Components;
        int augmentation = components.Count(c => c.Name.StartsWith(AugmentationComponent, StringComparison.Ordinal));
        if (components.Count - augmentation != FieldsOfComponent.Length || augmentation > 1)
            throw new ArgumentException($"the budget has {components.Count} components ({string.Join(", ", components.Select(c => c.Name))}); " +
                $"the session layout knows TransferBudget's {FieldsOfComponent.Length}", nameof(budget));
        var wanted = new List<(string Field, string Component, long Bytes, int Alignment)>();
        for (int i = 0, k = 0; i < components.Count; i++, k++)
        {
            MemoryComponent c = components[i];
            if (c.Name.StartsWith(AugmentationComponent, StringComparison.Ordinal))
            {
                wanted.Add(("augmentation_window", c.Name, c.Bytes, 1));
                k--;
            }
            else if (k == 1)
            {
                (string, long, int)[] store = StoreArrays(featureLength, storeRecords, classes, mode, logSlotBytes);
                long sum = store.Sum(s => s.Item2);
                if (sum != c.Bytes)
                    throw new ArgumentException($"the budget's '{c.Name}' is {c.Bytes} bytes, its arrays {sum} ({string.Join(", ", store.Select(s => $"{s.Item1} {s.Item2}"))})", nameof(budget));
                wanted.AddRange(store.Select(s => (s.Item1, c.Name, s.Item2, s.Item3)));
            }
            else
            {
                wanted.Add((FieldsOfComponent[k][0], c.Name, c.Bytes, AlignmentOf(FieldsOfComponent[k][0])));
            }
        }

        var slices = new List<ArenaSlice>();
        long offset = 0, padding = 0;
        foreach (var w in wanted.Where(w => w.Bytes > 0).OrderByDescending(w => w.Alignment)) // stable: the budget's order within an alignment
        {
            long aligned = (offset + w.Alignment - 1) / w.Alignment * w.Alignment;
            padding += aligned - offset;
            if (aligned + w.Bytes > int.MaxValue) throw new ArgumentException($"the session arena would pass 2 GiB at {w.Field}", nameof(budget));
            slices.Add(new ArenaSlice(w.Field, w.Component, (int)aligned, (int)w.Bytes, w.Alignment));
            offset = aligned + w.Bytes;
        }
        return new SessionArenaLayout(slices, (int)offset, (int)padding, budget);
    }

    /// <summary>The store's arrays (FeatureStore.RequiredBytes, mode by mode): name, bytes, alignment.</summary>
    private static (string, long, int)[] StoreArrays(int featureLength, int records, int classes, FeatureStoreMode mode, int logSlotBytes) =>
    [
        ("store_seen", 8L * classes, 8),
        ("store_counts", 4L * classes, 4),
        ("store_addresses", mode == FeatureStoreMode.Flash ? 4L * records : 0, 4),
        ("store_labels", 2L * records, 2),
        ("store_features", mode == FeatureStoreMode.Flash ? 0 : (long)records * featureLength, 1),
        ("store_log_slot", mode == FeatureStoreMode.Ram ? 0 : logSlotBytes, 1),
    ];

    private static int AlignmentOf(string field) => field switch
    {
        "inference_arena" => 16,
        "feature_buffer" => 1,
        _ => 4, // float and int32 arrays
    };
}
