// Mutation fuzzing of everything a model file goes through: the reader, the interpreter's Prepare
// and Invoke, and a transfer session (cut, feature extraction, training, export). Every mutant of
// every corpus model must load and run to completion or be refused with an exception the CLI turns
// into exit 2 or 3, within a time limit and without allocating more than the file justifies.
using System.Diagnostics;
using System.Globalization;
using MicroTL.Budget;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.Tests.TfLite;
using MicroTL.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Toolkit.Tests.Robustness;

public class ModelFuzzTests(ITestOutputHelper output)
{
    /// <summary>Mutants per model and mutator in the default run; MICROTL_FUZZ_MUTANTS sets the total per mutator for a longer one.</summary>
    private const int DefaultPerModel = 300;

    private static readonly TimeSpan PerMutantLimit = TimeSpan.FromSeconds(2);

    /// <summary>The interpreter's arena cap in this test: a malformed model may ask for any size.</summary>
    private const long MaxArenaBytes = 16L << 20;

    [Fact]
    public Task Mutants_ByteLevel_RunOrAreRefusedCleanly() => FuzzAll(structured: false);

    [Fact]
    public Task Mutants_StructuredThatStillParse_RunOrAreRefusedCleanly() => FuzzAll(structured: true);

    private async Task FuzzAll(bool structured)
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = FuzzCorpus.All;
        int perModel = PerModel(corpus.Count);
        var tally = new FuzzTally();
        var progress = new FuzzProgress();
        Task worker = Task.Factory.StartNew(() =>
        {
            for (int m = 0; m < corpus.Count; m++) FuzzModel(corpus[m].Name, corpus[m].Bytes, m, perModel, structured, tally, progress);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // A mutant that never returns is a hang: the watchdog gives it five times the limit, so a
        // worker descheduled on a busy machine is not mistaken for one.
        while (await Task.WhenAny(worker, Task.Delay(100)) != worker)
        {
            (string current, TimeSpan elapsed) = progress.Current();
            Assert.False(elapsed > PerMutantLimit * 5, $"hang ({elapsed.TotalSeconds:F1} s so far) on {current}");
        }

        await worker;
        output.WriteLine(tally.Summary(structured ? "structured mutants" : "byte-level mutants"));
        Assert.True(tally.Failures.Count == 0, $"{tally.Failures.Count} mutants failed:\n{string.Join("\n", tally.Failures.Take(15))}");
        Assert.True(tally.Count("ran") > 0 && tally.Count("refused by reader") + tally.Count("refused by interpreter") > 0,
            "mutations should give both models that run and models that are refused");
    }

    private static void FuzzModel(string name, byte[] original, int modelIndex, int count, bool structured, FuzzTally tally, FuzzProgress progress)
    {
        var bytesMutator = new ModelMutator(original, _ => false);
        var fieldMutator = new StructuredModelMutator(original);
        for (int i = 0; i < count; i++)
        {
            int seed = (modelIndex * 1_000_003) + i;
            byte[]? bytes;
            string mutation, kind;
            if (structured)
            {
                (bytes, int k, mutation) = fieldMutator.Mutate(seed);
                kind = StructuredModelMutator.KindName(k);
            }
            else
            {
                (bytes, mutation) = bytesMutator.Mutate(seed);
                kind = mutation.Split(' ')[0];
            }

            string description = $"{name} seed {seed}: {mutation}";
            if (bytes is null) { tally.Add(name, kind, "not generated (writer refused the change)"); continue; }
            progress.Start(description);
            long start = Stopwatch.GetTimestamp();
            string outcome = Run(bytes, tally, out string? failure);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            if (failure is null && elapsed > PerMutantLimit) failure = $"took {elapsed.TotalMilliseconds:F0} ms";
            if (failure is not null) { tally.Fail($"{description}: {failure}"); outcome = "FAILED"; }
            tally.Add(name, kind, outcome);
        }
    }

    /// <summary>The stage that ended the mutant, or a failure.</summary>
    private static string Run(byte[] bytes, FuzzTally tally, out string? failure)
    {
        failure = null;
        string stage = "reader";
        try
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            TfLiteModel model = TfLiteReader.Read(bytes);
            long read = GC.GetAllocatedBytesForCurrentThread() - before;
            tally.ObserveReader(read, bytes.Length);
            // Zero copy: the reader's objects are proportional to the file's structure, never to a size field's claim.
            if (read > ReaderAllocationBound(bytes.Length)) { failure = $"reader allocated {read} bytes for a {bytes.Length}-byte file"; return "FAILED"; }

            stage = "interpreter";
            before = GC.GetAllocatedBytesForCurrentThread();
            var interpreter = new Interpreter(model, new InterpreterOptions { MaxArenaBytes = MaxArenaBytes });
            long prepared = GC.GetAllocatedBytesForCurrentThread() - before;
            tally.ObservePrepare(prepared - interpreter.ArenaBytes, bytes.Length);
            if (prepared > interpreter.ArenaBytes + PrepareAllocationBound(bytes.Length))
            {
                failure = $"prepare allocated {prepared} bytes (arena {interpreter.ArenaBytes}) for a {bytes.Length}-byte file";
                return "FAILED";
            }
            new Random(bytes.Length).NextBytes(interpreter.InputBytes());
            interpreter.Invoke();

            stage = "transfer";
            return Transfer(model);
        }
        catch (InvalidModelException e) when (!string.IsNullOrWhiteSpace(e.Message))
        {
            return $"refused by {stage}";
        }
        catch (BudgetExceededException) when (stage == "transfer")
        {
            return "ran; transfer refused by budget (exit 3)";
        }
        catch (MicroTL.Session.TransferDataException e) when (stage == "transfer")
        {
            // The CLI turns these into exit 2 with the message; they must still say something. Any other
            // ArgumentException is a bug (the CLI's exit 1) and fails the run below.
            if (string.IsNullOrWhiteSpace(e.Message)) failure = "TransferDataException without a message";
            return "ran; transfer refused with TransferDataException (exit 2)";
        }
        catch (Exception e)
        {
            failure = $"{stage}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
            return "FAILED";
        }
    }

    /// <summary>A transfer run on the mutant: a new 3-class head, 2 epochs, on 9 random samples.</summary>
    private static string Transfer(TfLiteModel model)
    {
        int inputBytes = (int)model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]].ByteCount;
        var random = new Random(inputBytes);
        List<LabelledInput> Inputs(int n) => [.. Enumerable.Range(0, n).Select(i =>
        {
            var sample = new byte[inputBytes];
            random.NextBytes(sample);
            return new LabelledInput(sample, i % 3);
        })];

        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 3, MaxEpochs: 2, Seed: 1, StoreCapacityBytes: 16 * 1024));
        TransferOutcome outcome = session.Run(Inputs(9));
        MicroTL.Toolkit.Experiments.TransferEvaluation.Measure(model, outcome, Inputs(3)); // the original and the candidate run on the interpreter
        TfLiteReader.Read(TfLiteWriter.Write(outcome.DeployedModel)); // what would be deployed reads back
        return "ran; transfer completed";
    }

    /// <summary>
    /// What the reader may allocate: its decoding budget is <c>4 * length + 4096</c> elements (FlatBufferReader),
    /// each at most 8 bytes (int64 zero points) plus the records that hold them: linear in the file, whatever its offsets claim.
    /// </summary>
    internal static long ReaderAllocationBound(int fileBytes) => (40L * fileBytes) + (64 * 1024);

    /// <summary>Beyond the arena, Prepare allocates per-operator data (multipliers, folded biases, offsets): bounded by the file, not by the shapes it claims.</summary>
    internal static long PrepareAllocationBound(int fileBytes) => (8L * fileBytes) + (256 * 1024);

    private static int PerModel(int models)
    {
        string? value = Environment.GetEnvironmentVariable("MICROTL_FUZZ_MUTANTS");
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int total) && total > 0
            ? Math.Max(1, total / models) : DefaultPerModel;
    }
}
