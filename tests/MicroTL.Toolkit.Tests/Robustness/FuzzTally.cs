using System.Diagnostics;
using System.Text;

namespace MicroTL.Toolkit.Tests.Robustness;

/// <summary>How each mutant ended, per model and per mutation kind, for the test output and docs/reliability.md.</summary>
internal sealed class FuzzTally
{
    private readonly SortedDictionary<string, int> _byOutcome = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _byModel = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _byKind = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    public int Total { get; private set; }

    /// <summary>The most the reader allocated per byte of a mutant file, and the largest allocation seen.</summary>
    private double _readerBytesPerFileByte;
    private long _readerMaxBytes;

    /// <summary>The most Prepare allocated beyond the arena per byte of a mutant file, and the largest such allocation seen.</summary>
    private double _prepareBytesPerFileByte;
    private long _prepareMaxBytes;

    public void ObserveReader(long allocated, int fileBytes)
    {
        _readerBytesPerFileByte = Math.Max(_readerBytesPerFileByte, (double)allocated / Math.Max(1, fileBytes));
        _readerMaxBytes = Math.Max(_readerMaxBytes, allocated);
    }

    public void ObservePrepare(long beyondArena, int fileBytes)
    {
        _prepareBytesPerFileByte = Math.Max(_prepareBytesPerFileByte, (double)beyondArena / Math.Max(1, fileBytes));
        _prepareMaxBytes = Math.Max(_prepareMaxBytes, beyondArena);
    }

    public int Count(string outcome) => _byOutcome.Where(kv => kv.Key.StartsWith(outcome, StringComparison.Ordinal)).Sum(kv => kv.Value);

    public void Add(string model, string kind, string outcome)
    {
        Total++;
        _byOutcome[outcome] = _byOutcome.GetValueOrDefault(outcome) + 1;
        Bump(_byModel, model, outcome);
        Bump(_byKind, kind, outcome);
    }

    public void Fail(string failure) => Failures.Add(failure);

    public string Summary(string title)
    {
        var text = new StringBuilder($"{Total} {title}, {Failures.Count} failures\n");
        text.Append($"  reader allocated at most {_readerBytesPerFileByte:F1} bytes per file byte (largest {_readerMaxBytes} bytes); ");
        text.Append($"prepare beyond the arena at most {_prepareBytesPerFileByte:F1} bytes per file byte (largest {_prepareMaxBytes} bytes)\n");
        foreach ((string outcome, int n) in _byOutcome) text.Append($"  {outcome}: {n}\n");
        foreach ((string name, SortedDictionary<string, int> outcomes) in _byModel.Concat(_byKind))
            text.Append($"  [{name}] {string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}\n");
        return text.ToString();
    }

    private static void Bump(SortedDictionary<string, SortedDictionary<string, int>> table, string key, string outcome)
    {
        if (!table.TryGetValue(key, out SortedDictionary<string, int>? outcomes)) table[key] = outcomes = new(StringComparer.Ordinal);
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
    }
}

/// <summary>Which mutant the worker is on and since when, read by the watchdog thread.</summary>
internal sealed class FuzzProgress
{
    private readonly Lock _gate = new();
    private string _current = "(not started)";
    private long _start = Stopwatch.GetTimestamp();

    public void Start(string description)
    {
        lock (_gate) { _current = description; _start = Stopwatch.GetTimestamp(); }
    }

    public (string Description, TimeSpan Elapsed) Current()
    {
        lock (_gate) return (_current, Stopwatch.GetElapsedTime(_start));
    }
}
