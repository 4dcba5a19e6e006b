namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>
/// The accelerometer samples of one subject doing one activity, in recording order:
/// <c>Samples[3 * i + axis]</c>, axes x, y, z in m/s², 20 Hz.
/// </summary>
public sealed record WisdmRecording(int Subject, char Activity, float[] Samples)
{
    /// <summary>Number of (x, y, z) samples.</summary>
    public int Length => Samples.Length / 3;
}
