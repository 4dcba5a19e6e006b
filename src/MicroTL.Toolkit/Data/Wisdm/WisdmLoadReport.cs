namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>What loading a WISDM folder did: nothing is dropped without being counted here.</summary>
public sealed class WisdmLoadReport
{
    /// <summary>At most this many malformed lines are kept with their text; all are counted.</summary>
    public const int MaxListedProblems = 20;

    private readonly List<string> _problems = [];

    /// <summary>The folder read.</summary>
    public string? Directory { get; internal set; }

    public int FilesRead { get; internal set; }
    public long LinesRead { get; internal set; }
    public long SamplesKept { get; internal set; }
    public long MalformedLines { get; internal set; }
    public long ConsecutiveDuplicateLines { get; internal set; }
    /// <summary>Lines dropped because a file held its whole content more than once.</summary>
    public long RepeatedContentLines { get; internal set; }

    /// <summary>"file:line: what is wrong" for the first <see cref="MaxListedProblems"/> malformed lines.</summary>
    public IReadOnlyList<string> Problems => _problems;

    internal void AddProblem(string problem)
    {
        MalformedLines++;
        if (_problems.Count < MaxListedProblems) _problems.Add(problem);
    }

    public override string ToString() =>
        $"{FilesRead} files, {LinesRead} lines, {SamplesKept} samples kept; dropped: {MalformedLines} malformed, " +
        $"{ConsecutiveDuplicateLines} repeated lines, {RepeatedContentLines} lines of repeated file content";
}
