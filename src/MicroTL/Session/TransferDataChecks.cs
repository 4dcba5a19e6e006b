using System.Runtime.InteropServices;

namespace MicroTL.Session;

/// <summary>
/// Data a transfer run must refuse before it trains, because the head it would deploy would be
/// garbage: non-finite inputs, a store with one class, a class too small for the validation split.
/// </summary>
internal static class TransferDataChecks
{
    /// <summary>A NaN or infinite float32 input would quantize to an arbitrary int8 value and train the head on garbage.</summary>
    /// <exception cref="TransferDataException">A value is NaN or infinite; the message names the set, sample and value.</exception>
    public static void EnsureFinite(byte[] input, string set, int sample)
    {
        ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(input);
        for (int v = 0; v < values.Length; v++)
            if (!float.IsFinite(values[v]))
                throw new TransferDataException($"{set} sample {sample} value {v} is {values[v]}; inputs must be finite numbers");
    }

    /// <summary>
    /// A classifier trained on one class learns to answer that class always, and a class with one
    /// record cannot be both trained on and validated: refuse before training, so no such head is
    /// deployed (a durable store keeps its records for the next run).
    /// </summary>
    /// <param name="recordsPerClass">Stored records per class.</param>
    /// <param name="headClasses">Classes of the head to train; below 2 nothing is checked (not a classifier).</param>
    /// <param name="validationFraction">Share of each class held out for validation.</param>
    /// <exception cref="TransferDataException">Fewer than 2 classes stored, or a class with 1 record while validating; the message lists the counts.</exception>
    public static void EnsureClassesTrainable(ReadOnlySpan<int> recordsPerClass, int headClasses, double validationFraction)
    {
        if (headClasses < 2) return;
        var present = new List<string>();
        string? tooFew = null;
        for (int c = 0; c < recordsPerClass.Length; c++)
        {
            if (recordsPerClass[c] == 0) continue;
            present.Add($"class {c}: {recordsPerClass[c]}");
            if (recordsPerClass[c] < 2 && validationFraction > 0) tooFew ??= $"class {c} has {recordsPerClass[c]} record";
        }

        if (present.Count < 2)
            throw new TransferDataException($"the feature store holds records of {present.Count} class only ({string.Join(", ", present)}); " +
                $"a {headClasses}-class head needs records of at least 2 classes; nothing was trained or exported");
        if (tooFew is not null)
            throw new TransferDataException($"{tooFew}; the validation split needs at least 2 records of each class stored " +
                $"({string.Join(", ", present)}); collect more samples of it or pass --validation 0; nothing was trained or exported");
    }
}
