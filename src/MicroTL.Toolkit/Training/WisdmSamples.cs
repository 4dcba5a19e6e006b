using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Training;

/// <summary>Turns WISDM windows into a <see cref="SampleSet"/> for <see cref="BaseNetworks.Motion"/>.</summary>
public static class WisdmSamples
{
    /// <summary>
    /// One sample per window, shape 1 x samples x 3 (Values[3·t + axis] is already NHWC), raw m/s²;
    /// the label is the index of the window's activity in <paramref name="activities"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A window's activity is not in <paramref name="activities"/>, or windows differ in length.</exception>
    public static SampleSet Create(IReadOnlyList<WisdmWindow> windows, IReadOnlyList<char> activities)
    {
        int length = windows.Count == 0 ? WisdmDataset.DefaultWindowSamples : windows[0].Length;
        var shape = new FeatureShape(1, length, 3);
        var values = new float[windows.Count * shape.Size];
        var labels = new int[windows.Count];
        for (int i = 0; i < windows.Count; i++)
        {
            WisdmWindow window = windows[i];
            if (window.Values.Length != shape.Size)
                throw new ArgumentException($"window {i} (subject {window.Subject}) has {window.Length} samples, expected {length}");
            int label = IndexOf(activities, window.Activity);
            if (label < 0)
                throw new ArgumentException($"window {i} (subject {window.Subject}) is activity {window.Activity}, not one of {string.Join(",", activities)}");
            window.Values.CopyTo(values, i * shape.Size);
            labels[i] = label;
        }

        return new SampleSet(shape, values, labels);
    }

    private static int IndexOf(IReadOnlyList<char> activities, char activity)
    {
        for (int i = 0; i < activities.Count; i++)
            if (activities[i] == activity) return i;
        return -1;
    }
}
