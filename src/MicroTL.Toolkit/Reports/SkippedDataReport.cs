// What reading the data left out, in every report of a command that read WISDM text files: a malformed line is
// skipped (with --strict, refused), and the counts and the first lines skipped are here, not lost.
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Reports;

/// <summary>Lines of the WISDM text files that were not used, by reason.</summary>
/// <param name="Folder">The folder read.</param>
/// <param name="MalformedLines">Lines that are not a sample (wrong field count, unknown activity, not finite numbers, another subject).</param>
/// <param name="RepeatedLines">Lines that repeat the line before them verbatim.</param>
/// <param name="RepeatedContentLines">Lines of a file that holds its whole content more than once.</param>
/// <param name="FirstMalformed">"file:line: what is wrong" for the first malformed lines (at most <see cref="WisdmLoadReport.MaxListedProblems"/>).</param>
public sealed record SkippedDataReport(string? Folder, long MalformedLines, long RepeatedLines, long RepeatedContentLines, IReadOnlyList<string> FirstMalformed)
{
    /// <summary>The report of a load; null when nothing was read from text files (the embedded pack, MNIST).</summary>
    public static SkippedDataReport? From(WisdmLoadReport? r) => r is null
        ? null
        : new SkippedDataReport(r.Directory, r.MalformedLines, r.ConsecutiveDuplicateLines, r.RepeatedContentLines, [.. r.Problems]);
}
