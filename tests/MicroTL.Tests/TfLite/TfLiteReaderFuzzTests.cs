// Mutation fuzzing of the reader: thousands of seeded mutants of every example model (as shipped
// and as rewritten by our writer) must each either load or throw InvalidModelException, within a
// time limit. Loaded mutants must also survive a write-read round trip.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MicroTL.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Tests.TfLite;

public class TfLiteReaderFuzzTests(ITestOutputHelper output)
{
    /// <summary>Mutants in the default run; set MICROTL_FUZZ_MUTANTS for more.</summary>
    private const int DefaultMutants = 6000;

    private static readonly TimeSpan PerMutantLimit = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Read_MutatedModels_LoadOrThrowInvalidModelException()
    {
        int total = MutantCount();
        List<(string Name, byte[] Bytes)> corpus = Corpus();
        var failures = new List<string>();
        var byFile = new Dictionary<string, (int Loaded, int Refused)>();
        var byMutation = new Dictionary<string, (int Loaded, int Refused)>();

        // The reads run on a worker so that this thread can notice a mutant that never returns.
        // The worker itself flags any mutant over the 1 s limit; the watchdog gives five times
        // that before calling a hang, so a worker descheduled on a busy machine is not mistaken for one.
        var progress = new Progress();
        Task worker = Task.Factory.StartNew(
            () => Fuzz(corpus, total, progress, failures, byFile, byMutation), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        while (await Task.WhenAny(worker, Task.Delay(50)) != worker)
        {
            (string current, long startTicks) = progress.Snapshot();
            TimeSpan elapsed = Stopwatch.GetElapsedTime(startTicks);
            Assert.False(elapsed > PerMutantLimit * 5, $"reader hangs ({elapsed.TotalSeconds:F1} s so far) on {current}");
        }

        await worker;
        int loaded = byFile.Values.Sum(t => t.Loaded), refused = byFile.Values.Sum(t => t.Refused);
        output.WriteLine($"{total} mutants of {corpus.Count} files: {loaded} loaded, {refused} refused with InvalidModelException, {failures.Count} failures");
        foreach ((string name, (int l, int r)) in byFile.Concat(byMutation))
        {
            output.WriteLine($"  {name}: {l} loaded, {r} refused");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mutants failed:\n{string.Join("\n", failures.Take(20))}");
        Assert.True(refused > 0 && loaded > 0, "mutations should produce both loadable and refused files");
    }

    private static void Fuzz(
        List<(string Name, byte[] Bytes)> corpus, int total, Progress progress,
        List<string> failures, Dictionary<string, (int Loaded, int Refused)> byFile,
        Dictionary<string, (int Loaded, int Refused)> byMutation)
    {
        for (int file = 0; file < corpus.Count; file++)
        {
            (string name, byte[] original) = corpus[file];
            var mutator = new ModelMutator(original, ConstantDataMask(original));
            int count = (total / corpus.Count) + (file < total % corpus.Count ? 1 : 0);
            for (int i = 0; i < count; i++)
            {
                int seed = (file * 1_000_003) + i;
                (byte[] bytes, string mutation) = mutator.Mutate(seed);
                string description = $"{name} mutant {i} (seed {seed}): {mutation}";
                progress.Start(description);
                long start = Stopwatch.GetTimestamp();
                string? failure = ReadMutant(bytes, out bool wasLoaded);
                TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
                if (failure is null && elapsed > PerMutantLimit)
                {
                    failure = $"took {elapsed.TotalMilliseconds:F0} ms";
                }

                if (failure is not null)
                {
                    failures.Add($"{description}: {failure}");
                }

                bool refused = !wasLoaded && failure is null;
                Count(byFile, name, wasLoaded, refused);
                Count(byMutation, $"mutation '{MutationKind(mutation)}'", wasLoaded, refused);
            }
        }
    }

    /// <summary>"flip", "truncate", ...; the two "put" kinds are told apart by width.</summary>
    private static string MutationKind(string mutation) =>
        string.Join(' ', mutation.Split(' ').Take(mutation.StartsWith("put", StringComparison.Ordinal) ? 2 : 1));

    private static void Count(Dictionary<string, (int Loaded, int Refused)> tally, string key, bool loaded, bool refused)
    {
        (int l, int r) = tally.GetValueOrDefault(key);
        tally[key] = (l + (loaded ? 1 : 0), r + (refused ? 1 : 0));
    }

    /// <summary>Null when the mutant loads (and round-trips) or is refused properly; else what went wrong.</summary>
    private static string? ReadMutant(byte[] bytes, out bool loaded)
    {
        loaded = false;
        TfLiteModel model;
        try
        {
            model = TfLiteReader.Read(bytes);
        }
        catch (InvalidModelException error)
        {
            return string.IsNullOrWhiteSpace(error.Message) ? "InvalidModelException without a message" : null;
        }
        catch (Exception error)
        {
            return $"{error.GetType().Name}: {error.Message}\n{error.StackTrace}";
        }

        loaded = true;
        try
        {
            // Whatever the reader accepts, the writer must write and the reader read back unchanged.
            TfLiteModel reread = TfLiteReader.Read(TfLiteWriter.Write(model));
            string? difference = ModelAssert.FirstDifference(model, reread);
            return difference is null ? null : $"loaded, but round trip changed it: {difference}";
        }
        catch (Exception error)
        {
            return $"loaded, but round trip threw {error.GetType().Name}: {error.Message}\n{error.StackTrace}";
        }
    }

    /// <summary>Every example model as shipped and as our writer lays it out.</summary>
    private static List<(string Name, byte[] Bytes)> Corpus()
    {
        var corpus = new List<(string, byte[])>();
        foreach (string path in TestFixtures.Models())
        {
            byte[] bytes = File.ReadAllBytes(path);
            corpus.Add((Path.GetFileName(path), bytes));
            corpus.Add(($"rewritten {Path.GetFileName(path)}", TfLiteWriter.Write(TfLiteReader.Read(bytes))));
        }

        return corpus;
    }

    /// <summary>Which bytes of a valid model are tensor data rather than structure.</summary>
    private static Func<int, bool> ConstantDataMask(byte[] bytes)
    {
        var isData = new bool[bytes.Length];
        foreach (ReadOnlyMemory<byte> buffer in TfLiteReader.Read(bytes).Buffers)
        {
            if (MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment))
            {
                isData.AsSpan(segment.Offset, segment.Count).Fill(true);
            }
        }

        return i => isData[i];
    }

    private static int MutantCount()
    {
        string? value = Environment.GetEnvironmentVariable("MICROTL_FUZZ_MUTANTS");
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) && count > 0 ? count : DefaultMutants;
    }

    /// <summary>Which mutant the worker is on and since when, shared with the watching thread.</summary>
    private sealed class Progress
    {
        private readonly Lock _gate = new();
        private string _current = "(not started)";
        private long _startTicks = Stopwatch.GetTimestamp();

        public void Start(string description)
        {
            lock (_gate)
            {
                _current = description;
                _startTicks = Stopwatch.GetTimestamp();
            }
        }

        public (string Current, long StartTicks) Snapshot()
        {
            lock (_gate) return (_current, _startTicks);
        }
    }
}
