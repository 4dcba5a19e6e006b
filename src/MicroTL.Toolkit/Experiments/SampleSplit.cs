// Seeded choices of samples: K labelled samples per class for the device (the rest is the test set),
// and a capped, class-balanced subset for fast pretraining.
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Seeded per-class selections of a <see cref="SampleSet"/>.</summary>
public static class SampleSplit
{
    /// <summary>
    /// For each class, shuffles its samples with <paramref name="seed"/> and takes the first <paramref name="perClass"/>
    /// for training; every other sample is the test set. Both keep the data's order.
    /// </summary>
    /// <exception cref="SelectionException">A class has no more than <paramref name="perClass"/> samples (none would be left to test).</exception>
    public static (SampleSet Train, SampleSet Test) TakePerClass(SampleSet samples, int classes, int perClass, ulong seed, IReadOnlyList<string>? classNames = null)
    {
        if (perClass < 1) throw new SelectionException($"{perClass} samples per class", "use --samples-per-class 1 or more");
        List<int>[] byClass = ByClass(samples, classes);
        var chosen = new bool[samples.Count];
        var random = new Pcg32(seed ^ 0x6B5A_11C7UL);
        for (int c = 0; c < classes; c++)
        {
            int[] members = [.. byClass[c]];
            if (members.Length <= perClass)
                throw new SelectionException(
                    $"class {classNames?[c] ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture)} has {members.Length} samples in the selection; {perClass} per class for training leaves {Math.Max(0, members.Length - perClass)} to test",
                    $"use --samples-per-class below {members.Length} or select more data (more subjects)");
            random.Shuffle(members);
            foreach (int i in members.AsSpan(0, perClass)) chosen[i] = true;
        }

        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < samples.Count; i++) (chosen[i] ? train : test).Add(i);
        return (samples.Subset(train.ToArray()), samples.Subset(test.ToArray()));
    }

    /// <summary>At most <paramref name="perClass"/> samples of each class (seeded choice), the rest dropped.</summary>
    public static SampleSet CapPerClass(SampleSet samples, int classes, int perClass, ulong seed)
    {
        List<int>[] byClass = ByClass(samples, classes);
        var random = new Pcg32(seed ^ 0x3C4A_9D21UL);
        var keep = new List<int>();
        foreach (List<int> members in byClass)
        {
            int[] order = [.. members];
            random.Shuffle(order);
            keep.AddRange(order.Take(perClass));
        }

        keep.Sort();
        return samples.Subset(keep.ToArray());
    }

    /// <summary>Splits off a seeded <paramref name="fraction"/> of the samples (at least one) as a held-out set.</summary>
    public static (SampleSet Train, SampleSet HeldOut) HoldOut(SampleSet samples, double fraction, ulong seed)
    {
        int[] order = Enumerable.Range(0, samples.Count).ToArray();
        new Pcg32(seed ^ 0x1D0E_5A77UL).Shuffle(order);
        int held = Math.Clamp((int)Math.Round(samples.Count * fraction), 1, Math.Max(1, samples.Count - 1));
        int[] heldOut = order[..held], train = order[held..];
        Array.Sort(heldOut);
        Array.Sort(train);
        return (samples.Subset(train), samples.Subset(heldOut));
    }

    private static List<int>[] ByClass(SampleSet samples, int classes)
    {
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++) byClass[c] = [];
        for (int i = 0; i < samples.Count; i++) byClass[samples.Label(i)].Add(i);
        return byClass;
    }
}
