using System.Globalization;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Cli.Tests;

/// <summary>
/// Writes the embedded WISDM pack back out as the original text files (one per subject,
/// <c>subject,activity,x,y,z;</c>), so tests of <c>--data DIR</c> need no data beside the repository.
/// </summary>
public static class EmbeddedWisdmText
{
    /// <summary>Writes <c>data_SUBJECT_accel_watch.txt</c> files into <paramref name="directory"/>.</summary>
    /// <param name="directory">The target folder.</param>
    /// <param name="zOf">Optional: the z value to write for (subject, activity, sample index, z); e.g. to plant extreme values.</param>
    public static void Write(string directory, Func<int, char, int, float, float>? zOf = null)
    {
        foreach (IGrouping<int, WisdmRecording> subject in WisdmPack.ReadEmbedded().GroupBy(r => r.Subject))
        {
            using var writer = new StreamWriter(Path.Combine(directory, $"data_{subject.Key}_accel_watch.txt"));
            foreach (WisdmRecording recording in subject)
            {
                for (int i = 0; i < recording.Length; i++)
                {
                    float x = recording.Samples[3 * i], y = recording.Samples[3 * i + 1], z = recording.Samples[3 * i + 2];
                    if (zOf is not null) z = zOf(subject.Key, recording.Activity, i, z);
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"{subject.Key},{recording.Activity},{x:R},{y:R},{z:R};\n"));
                }
            }
        }
    }
}
