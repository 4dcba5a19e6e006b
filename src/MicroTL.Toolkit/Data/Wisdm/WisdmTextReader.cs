using System.Globalization;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>
/// Reads the original WISDM 2019 text files, <c>data_&lt;subject&gt;_accel_watch.txt</c>, one sample
/// a line in either form: <c>subject,activity,x,y,z;</c> or, as the full data set has it, with a
/// timestamp: <c>subject,activity,timestamp,x,y,z;</c>. A file that holds its whole content twice
/// (data_1629) is read once; a line repeating the one before it verbatim is dropped; a malformed
/// line (wrong field count, unknown activity, non-numeric or non-finite value, subject differing
/// from the file name) is skipped. Every drop is counted in the <see cref="WisdmLoadReport"/>. A line longer than
/// <see cref="MaxLineChars"/> or a file larger than <see cref="MaxFileBytes"/> is refused, not skipped: it is no WISDM file.
/// </summary>
public static class WisdmTextReader
{
    /// <summary>The longest line read: a WISDM line has about 60 characters.</summary>
    public const int MaxLineChars = 4096;

    /// <summary>The largest file read (the data set's largest is a few MB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>The file name pattern of the data set's watch accelerometer files.</summary>
    public const string FilePattern = "data_*_accel_watch.txt";

    /// <summary>What to do about a folder without usable WISDM files.</summary>
    public const string FolderHint = "point --data at the folder of the original files (wisdm-dataset/raw/watch/accel, "
        + "data_1600_accel_watch.txt and so on), or leave --data out for the embedded data";

    /// <summary>Every recording in <paramref name="directory"/>, grouped by subject and activity, in file order.</summary>
    /// <exception cref="DataFormatException">The folder is missing, holds no data file, or no valid sample in its files (the message names the first problem).</exception>
    public static IReadOnlyList<WisdmRecording> ReadDirectory(string directory, WisdmLoadReport report)
    {
        if (!Directory.Exists(directory))
            throw new DataFormatException($"{directory}: no such folder (expected the WISDM files {FilePattern})", FolderHint);
        string[] files = Directory.GetFiles(directory, FilePattern);
        if (files.Length == 0)
            throw new DataFormatException($"{directory}: no {FilePattern} files", FolderHint);
        Array.Sort(files, StringComparer.Ordinal);

        var recordings = new List<WisdmRecording>();
        foreach (string file in files) recordings.AddRange(ReadFile(file, report));
        if (recordings.Count == 0)
        {
            string first = report.Problems.Count > 0 ? $"; first problem: {report.Problems[0]}" : " (the files are empty)";
            throw new DataFormatException($"{directory}: no valid sample in {files.Length} {FilePattern} file{(files.Length == 1 ? "" : "s")}{first}",
                "fix the file at the line named, or point --data at a folder of the original files");
        }
        return recordings;
    }

    /// <summary>The recordings of one file.</summary>
    /// <exception cref="InputTooLargeException">A line or the file is longer than its limit.</exception>
    public static IReadOnlyList<WisdmRecording> ReadFile(string path, WisdmLoadReport report)
    {
        int? fileSubject = SubjectOfFileName(path);
        string[] lines = [.. BoundedFile.ReadLines(path, MaxLineChars, MaxFileBytes, "WISDM", "a WISDM line")];
        report.FilesRead++;
        report.LinesRead += lines.Length;
        int length = UnrepeatedLength(lines);
        report.RepeatedContentLines += lines.Length - length;

        var samples = new Dictionary<(int, char), List<float>>();
        var order = new List<(int, char)>();
        string? previous = null;
        for (int i = 0; i < length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (line == previous) { report.ConsecutiveDuplicateLines++; continue; }
            previous = line;
            if (!TryParse(line, out int subject, out char activity, out float x, out float y, out float z, out string? problem))
            {
                report.AddProblem($"{path}:{i + 1}: {problem}");
                continue;
            }

            if (fileSubject is { } expected && subject != expected)
            {
                report.AddProblem($"{path}:{i + 1}: subject {subject} in a file of subject {expected}");
                continue;
            }

            if (!samples.TryGetValue((subject, activity), out List<float>? list))
            {
                samples[(subject, activity)] = list = [];
                order.Add((subject, activity));
            }

            list.Add(x);
            list.Add(y);
            list.Add(z);
            report.SamplesKept++;
        }

        return order.Select(key => new WisdmRecording(key.Item1, key.Item2, [.. samples[key]])).ToList();
    }

    /// <summary>Parses one line; on failure says why.</summary>
    public static bool TryParse(string line, out int subject, out char activity, out float x, out float y, out float z, out string? problem)
    {
        (subject, activity, x, y, z) = (0, '\0', 0f, 0f, 0f);
        string[] fields = line.TrimEnd(';').Split(',');
        if (fields.Length is not (5 or 6))
        {
            problem = $"{fields.Length} fields, expected 5 (subject,activity,x,y,z) or 6 (with a timestamp)";
            return false;
        }

        if (!int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out subject))
        {
            problem = $"subject '{Excerpt.Of(fields[0])}' is not a number";
            return false;
        }

        string code = fields[1].Trim();
        if (code.Length != 1 || !WisdmActivity.IsKnown(code[0]))
        {
            problem = $"activity '{Excerpt.Of(fields[1])}' is not a WISDM activity code";
            return false;
        }

        activity = code[0];
        int first = fields.Length - 3;
        if (!TryValue(fields[first], out x) || !TryValue(fields[first + 1], out y) || !TryValue(fields[first + 2], out z))
        {
            problem = $"values '{Excerpt.Of($"{fields[first]},{fields[first + 1]},{fields[first + 2]}")}' are not three finite numbers";
            return false;
        }

        problem = null;
        return true;
    }

    private static bool TryValue(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    private static int? SubjectOfFileName(string path)
    {
        string[] parts = Path.GetFileName(path).Split('_');
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : null;
    }

    /// <summary>
    /// The length of the content when the file is that content written k >= 2 times over
    /// (blank lines ignored at the end); else the whole length.
    /// </summary>
    internal static int UnrepeatedLength(string[] lines)
    {
        int n = lines.Length;
        while (n > 0 && lines[n - 1].Trim().Length == 0) n--;
        for (int copies = 2; copies <= 4; copies++)
        {
            if (n % copies != 0) continue;
            int period = n / copies;
            bool repeated = period > 0;
            for (int i = period; i < n && repeated; i++) repeated = lines[i] == lines[i - period];
            if (repeated) return period;
        }

        return lines.Length;
    }
}
