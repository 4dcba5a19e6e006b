namespace MicroTL.Transfer;

/// <summary>
/// The replacement decision of a full feature store (class-balanced reservoir), shared by
/// <see cref="FeatureStore"/> and <see cref="FlashFeatureStore"/> so that the same seed and
/// sample stream keep the same records in either. The stores own the per-class arrays and the
/// PRNG; this decides which class loses which of its records, and each store finds that slot.
/// </summary>
internal static class ClassBalancedReservoir
{
    /// <summary>
    /// Decides for a sample of class <paramref name="label"/> offered to a full store; see
    /// <see cref="FeatureStore"/>'s remarks for the policy.
    /// </summary>
    /// <param name="countOfClass">Records held per class.</param>
    /// <param name="label">The new sample's class.</param>
    /// <param name="seen">Samples of that class offered so far, this one included.</param>
    /// <param name="random">The store's PRNG; advanced by the draws.</param>
    public static ReservoirChoice ChooseWhenFull(ReadOnlySpan<int> countOfClass, int label, long seen, ref XorShiftRandom random)
    {
        int largest = LargestClass(countOfClass);
        if (countOfClass[label] < countOfClass[largest])
            return new ReservoirChoice(largest, (int)random.NextBelow(countOfClass[largest]));

        long j = random.NextBelow(seen);
        return j < countOfClass[label] ? new ReservoirChoice(label, (int)j) : ReservoirChoice.Discard;
    }

    private static int LargestClass(ReadOnlySpan<int> countOfClass)
    {
        int best = 0;
        for (int c = 1; c < countOfClass.Length; c++)
            if (countOfClass[c] > countOfClass[best]) best = c;
        return best;
    }
}

/// <summary>Which record a kept sample overwrites: the <see cref="Nth"/> record (in slot order) of class <see cref="VictimClass"/>; class -1 discards the sample.</summary>
internal readonly record struct ReservoirChoice(int VictimClass, int Nth)
{
    public static ReservoirChoice Discard => new(-1, -1);

    public bool Keeps => VictimClass >= 0;
}
