namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>
/// One window of a recording: <c>Values[3 * t + axis]</c> for t in 0..Length-1 (x, y, z in m/s²).
/// <paramref name="Start"/> is the index of its first sample in the recording.
/// </summary>
public sealed record WisdmWindow(int Subject, char Activity, int Start, float[] Values)
{
    /// <summary>Samples in the window.</summary>
    public int Length => Values.Length / 3;
}
