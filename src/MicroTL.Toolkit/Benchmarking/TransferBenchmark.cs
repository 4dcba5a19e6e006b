// Times the device's side of a transfer-learning run on a model, on synthetic labelled inputs: collecting a sample
// (the frozen int8 body up to the cut, then the class-balanced feature store), one training step of the float head and
// one epoch. The store, split and trainer are set up as TransferSession sets them up (Adam 5e-3, batch 8, 20 % held out
// for validation); only their public API is used, so a new trainer behind it is timed the same way.
using System.Diagnostics;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>Timings of feature collection, one training step and one epoch of the head on a model.</summary>
public static class TransferBenchmark
{
    private const int BatchSize = 8;
    private const int Seed = 1;

    /// <summary>
    /// Collects <paramref name="samples"/> synthetic inputs (xorshift32 bytes, labels in turn over
    /// <paramref name="classes"/>) through the body cut at <paramref name="cut"/> (null: the default cut), then times
    /// <paramref name="runs"/> collections, training steps and epochs of a head with <paramref name="hidden"/> units.
    /// </summary>
    /// <exception cref="InvalidModelException">No such cut tensor, or no FULLY_CONNECTED layer for the default cut.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 run, 2 classes, 1 hidden unit, or samples than 10 per class.</exception>
    public static TransferTimings Run(TfLiteModel model, string? cut, int classes, int hidden, int samples, int runs, InterpreterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 10 * classes);
        var extractor = new FeatureExtractor(model, CutPoint.Parse(model, cut), options);
        int length = extractor.FeatureLength;
        var inputs = new byte[samples][];
        uint state = Seed;
        for (int s = 0; s < samples; s++)
        {
            inputs[s] = new byte[extractor.InputBytes.Length];
            for (int i = 0; i < inputs[s].Length; i++) inputs[s][i] = (byte)XorShift(ref state);
        }

        int storeBytes = samples * (FeatureStore.LabelBytes + length);
        var store = new FeatureStore(length, extractor.Quantization, storeBytes, classes, Seed);
        var features = new sbyte[length];
        for (int s = 0; s < samples; s++)
        {
            extractor.Extract(inputs[s], features);
            store.Add(features, s % classes);
        }

        FeatureSplit split = StratifiedSplit.Split(store, validationFraction: 0.2, Seed);
        var shape = new HeadShape(length, hidden, classes);
        var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Adam(5e-3f), BatchSize, runs + 1, store.Count, Seed));
        trainer.Head.Parameters.InitializeHe(Seed);
        var batch = new int[BatchSize];
        for (int b = 0; b < BatchSize; b++) batch[b] = b * split.Train.Count / BatchSize;

        var collect = new double[runs];
        var step = new double[runs];
        var epoch = new double[runs];
        // The fewest bytes any timed run allocated (the steady state; see InferenceBenchmark).
        long allocated = long.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            byte[] input = inputs[r % samples];
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            extractor.Extract(input, features);
            store.Add(features, r % classes);
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

        OpCounts stepOps = OpCounts.TrainingStep(shape, BatchSize, OptimizerKind.Adam), epochOps = OpCounts.Evaluation(shape, split.Validation.Count);
        for (int first = 0; first < split.Train.Count; first += BatchSize)
            epochOps += OpCounts.TrainingStep(shape, Math.Min(BatchSize, split.Train.Count - first), OptimizerKind.Adam);
        var bodyMacs = extractor.BodyMacsByOperator.ToDictionary(p => OperatorNames.Of(p.Key), p => p.Value);
        return new TransferTimings(length, hidden, classes, BatchSize, split.Train.Count, split.Validation.Count,
            TimingSummary.Of(collect), TimingSummary.Of(step), TimingSummary.Of(epoch), allocated / 2.0,
            bodyMacs, stepOps, epochOps);
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
