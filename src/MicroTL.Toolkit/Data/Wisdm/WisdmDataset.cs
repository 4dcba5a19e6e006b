namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>
/// The WISDM 2019 smartwatch accelerometer recordings (20 Hz, x/y/z), from the original text files
/// or from the embedded pack, with selection by subject and activity and windowing.
/// </summary>
public sealed class WisdmDataset(IReadOnlyList<WisdmRecording> recordings)
{
    /// <summary>Samples per second of the watch accelerometer.</summary>
    public const int SampleRateHz = 20;

    /// <summary>The default window: 10 s at 20 Hz.</summary>
    public const int DefaultWindowSamples = 200;

    public IReadOnlyList<WisdmRecording> Recordings { get; } = recordings;

    /// <summary>Every subject present, ascending.</summary>
    public IReadOnlyList<int> Subjects => Recordings.Select(r => r.Subject).Distinct().Order().ToList();

    /// <summary>Every activity code present, ascending.</summary>
    public IReadOnlyList<char> Activities => Recordings.Select(r => r.Activity).Distinct().Order().ToList();

    /// <summary>Reads the original text files of a folder.</summary>
    public static WisdmDataset FromDirectory(string directory, out WisdmLoadReport report)
    {
        report = new WisdmLoadReport { Directory = directory };
        return new WisdmDataset(WisdmTextReader.ReadDirectory(directory, report));
    }

    /// <summary>
    /// The recordings of the given subjects and activities (null: all).
    /// </summary>
    /// <exception cref="DataFormatException">A subject or activity asked for is not in the data set; the message lists what is.</exception>
    public WisdmDataset Select(IReadOnlyCollection<int>? subjects, IReadOnlyCollection<char>? activities)
    {
        if (subjects is not null)
        {
            int[] missing = subjects.Where(s => !Subjects.Contains(s)).ToArray();
            if (missing.Length > 0)
                throw new DataFormatException($"unknown subject(s) {string.Join(",", missing)}; the data has {Ranges.Format(Subjects)}",
                    "pick --subjects the data has ('microtl dataset info' lists them)");
        }

        if (activities is not null)
        {
            char[] missing = activities.Where(a => !Activities.Contains(a)).ToArray();
            if (missing.Length > 0)
                throw new DataFormatException($"unknown activity code(s) {string.Join(",", missing)}; the data has {string.Join(",", Activities)}",
                    "pick --classes the data has ('microtl dataset info' lists them)");
        }

        return new WisdmDataset(Recordings
            .Where(r => (subjects is null || subjects.Contains(r.Subject)) && (activities is null || activities.Contains(r.Activity)))
            .ToList());
    }

    /// <summary>
    /// Cuts every recording into windows of <paramref name="windowSamples"/> samples, starting every
    /// <paramref name="strideSamples"/> samples (stride = window: no overlap). A tail shorter than
    /// a window is left out. Windows never span two recordings.
    /// </summary>
    public IReadOnlyList<WisdmWindow> Windows(int windowSamples = DefaultWindowSamples, int strideSamples = DefaultWindowSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(strideSamples, 1);
        var windows = new List<WisdmWindow>();
        foreach (WisdmRecording recording in Recordings)
            for (int start = 0; start + windowSamples <= recording.Length; start += strideSamples)
                windows.Add(new WisdmWindow(recording.Subject, recording.Activity, start,
                    recording.Samples.AsSpan(3 * start, 3 * windowSamples).ToArray()));
        return windows;
    }
}
