// Times the device's side of a transfer-learning run on a model, on synthetic labelled inputs: collecting a sample
// (the frozen int8 body up to the cut, then the class-balanced feature store), one training step of the float head and
// one epoch. The head is the one `transfer` would train with its defaults (the model's head features when it offers
// them, its classes, the hidden width TransferSettings picks, the recipe's batch, optimizer and no validation split);
// only the public API of the store, split and trainer is used, so a new trainer behind it is timed the same way.
using System.Diagnostics;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>Timings of feature collection, one training step and one epoch of the head on a model.</summary>
public static class TransferBenchmark
{
    private const int Seed = 1;

    /// <summary>
    /// Collects <paramref name="samples"/> synthetic inputs (xorshift32 bytes, labels in turn over the classes) through
    /// the body cut at <paramref name="cut"/> (null: the default cut), then times <paramref name="runs"/> collections,
    /// training steps and epochs, after <paramref name="warmupRuns"/> untimed ones lasting at least
    /// <paramref name="minimumWarmup"/> (the JIT's optimized code settles; without them a short run times its first tier).
    /// </summary>
    /// <param name="model">The int8 model.</param>
    /// <param name="cut">The cut tensor, index or name; null: the default cut.</param>
    /// <param name="classes">Classes of the head; null: the model's own (at least 2), as <c>transfer</c>.</param>
    /// <param name="hidden">Hidden units; null: <see cref="TransferSettings.DefaultHiddenFor"/>, as <c>transfer</c>.</param>
    /// <param name="samples">Labelled samples collected; null: 10 a class and 20 more.</param>
    /// <param name="runs">Timed runs of each step.</param>
    /// <param name="options">The interpreter's options (SIMD level).</param>
    /// <param name="warmupRuns">Untimed runs first.</param>
    /// <param name="minimumWarmup">The least time the untimed runs take.</param>
    /// <exception cref="InvalidModelException">No such cut tensor, or no FULLY_CONNECTED layer for the default cut.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 run, 2 classes, 1 hidden unit, samples than 10 per class, or
    /// negative warm-up runs.</exception>
    public static TransferTimings Run(TfLiteModel model, string? cut, int? classes, int? hidden, int? samples, int runs,
        InterpreterOptions? options = null, int warmupRuns = 0, TimeSpan minimumWarmup = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        CutPoint cutPoint = CutPoint.Parse(model, cut);
        HeadFeatures? headFeatures = HeadFeatures.Find(model, cutPoint, out _);
        var extractor = new FeatureExtractor(model, cutPoint, headFeatures, options);
        int length = extractor.FeatureLength;
        int classCount = classes ?? Math.Max(2, extractor.ModelClassCount);
        int width = hidden ?? TransferSettings.DefaultHiddenFor(ModelHead.TryDequantize(model, cutPoint, out _, headFeatures), length);
        int sampleCount = samples ?? 10 * classCount + 20;
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2, nameof(classes));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, nameof(hidden));
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 10 * classCount, nameof(samples));
        var inputs = new byte[sampleCount][];
        uint state = Seed;
        for (int s = 0; s < sampleCount; s++)
        {
            inputs[s] = new byte[extractor.InputBytes.Length];
            for (int i = 0; i < inputs[s].Length; i++) inputs[s][i] = (byte)XorShift(ref state);
        }

        int storeBytes = sampleCount * (FeatureStore.LabelBytes + length);
        var store = new FeatureStore(extractor.Segments, storeBytes, classCount, Seed);
        var features = new sbyte[length];
        for (int s = 0; s < sampleCount; s++)
        {
            extractor.Extract(inputs[s], features);
            store.Add(features, s % classCount);
        }

        // Every record trains, as transfer's default (no validation split).
        FeatureSplit split = StratifiedSplit.Split(store, validationFraction: 0, Seed);
        var shape = new HeadShape(length, width, classCount);
        int batchSize = Math.Min(TransferSettings.DefaultBatchSize, split.Train.Count);
        var trainer = new HeadTrainer(shape, new TrainerSettings(TransferSettings.DefaultOptimizer, batchSize, runs + 1, store.Count, Seed));
        trainer.Head.Parameters.InitializeHe(Seed);
        var batch = new int[batchSize];
        for (int b = 0; b < batchSize; b++) batch[b] = b * split.Train.Count / batchSize;

        var clock = Stopwatch.StartNew();
        for (int w = 0; w < warmupRuns || clock.Elapsed < minimumWarmup; w++)
        {
            extractor.Extract(inputs[w % sampleCount], features);
            store.Add(features, w % classCount);
            trainer.TrainBatch(split.Train, batch, out _, out _, out _);
            trainer.TryRunEpoch(1, split.Train, null, out _);
        }

        var collect = new double[runs];
        var step = new double[runs];
        var epoch = new double[runs];
        // The fewest bytes any timed run allocated (the steady state; see InferenceBenchmark).
        long allocated = long.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            byte[] input = inputs[r % sampleCount];
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            extractor.Extract(input, features);
            store.Add(features, r % classCount);
            long mid = Stopwatch.GetTimestamp();
            trainer.TrainBatch(split.Train, batch, out _, out _, out _);
            long end = Stopwatch.GetTimestamp();
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            collect[r] = Microseconds(start, mid);
            step[r] = Microseconds(mid, end);
            start = Stopwatch.GetTimestamp();
            trainer.TryRunEpoch(r + 1, split.Train, split.Validation, out _);
            epoch[r] = Microseconds(start, Stopwatch.GetTimestamp());
        }

        OptimizerKind kind = TransferSettings.DefaultOptimizer.Kind;
        OpCounts stepOps = OpCounts.TrainingStep(shape, batchSize, kind), epochOps = OpCounts.Evaluation(shape, split.Validation.Count);
        for (int first = 0; first < split.Train.Count; first += batchSize)
            epochOps += OpCounts.TrainingStep(shape, Math.Min(batchSize, split.Train.Count - first), kind);
        var bodyMacs = extractor.BodyMacsByOperator.ToDictionary(p => OperatorNames.Of(p.Key), p => p.Value);
        return new TransferTimings(length, headFeatures?.Length ?? 0, width, classCount, batchSize, split.Train.Count, split.Validation.Count,
            TimingSummary.Of(collect), TimingSummary.Of(step), TimingSummary.Of(epoch), allocated / 2.0,
            bodyMacs, extractor.BodyFloatOperations, stepOps, epochOps);
    }

    private static uint XorShift(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state >> 8;
    }

    private static double Microseconds(long start, long end) => (end - start) * 1e6 / Stopwatch.Frequency;
}
