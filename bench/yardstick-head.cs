#:project ../src/MicroTL/MicroTL.csproj
#:property OutputType=Exe
// Issue 15's yardstick for the head training, timed as the paper authors' C harness (bench/yardstick.sh) times theirs:
// the head 288 -> 128 -> 10 at batch 4 on 700 random int8 records of the feature store; a second of untimed warm-up
// steps (the JIT's tiers settle; the C harness runs 200), then 2,000 steps, each timed alone. Prints the per-sample
// "median_us min_us" (a step's time / the batch). Every 500 steps the head goes back to its start, untimed, so that no
// optimizer state decays into subnormal floats (docs/benchmarks.md, TrainStep).
//   dotnet run -c Release bench/yardstick-head.cs -- sgd|adam scalar|vector128|avx2 [STEPS] [BATCH]
// BATCH (default 4, the yardstick's) shows how Adam's per-step cost spreads over a larger batch (the recipe's is 16).
using System.Diagnostics;
using MicroTL.Features;
using MicroTL.Kernels;
using MicroTL.Store;
using MicroTL.Training;

const int StepsPerRun = 500;
OptimizerSettings optimizer = args[0] == "adam" ? OptimizerSettings.Adam(1e-3f) : OptimizerSettings.Sgd(1e-4f, 0.9f, 2e-4f);
SimdLevel simd = Enum.Parse<SimdLevel>(args[1], ignoreCase: true);
int steps = args.Length > 2 ? int.Parse(args[2]) : 2000;
int batchSize = args.Length > 3 ? int.Parse(args[3]) : 4;

var random = new Pcg32(1);
var store = new FeatureStore(288, new FeatureQuantization(0.05f, -3), 700 * (FeatureStore.LabelBytes + 288), 10, 1);
var features = new sbyte[288];
for (int i = 0; i < 700; i++)
{
    for (int j = 0; j < features.Length; j++) features[j] = (sbyte)(random.NextUInt32(256) - 128);
    store.Add(features, i % 10);
}

FeatureStoreView records = StratifiedSplit.Split(store, validationFraction: 0.0, 1).Train;
var trainer = new HeadTrainer(new HeadShape(288, 128, 10), new TrainerSettings(optimizer, batchSize, 1, records.Count, Simd: simd));
trainer.Head.Parameters.InitializeHe(1);
float[] start = trainer.Head.Parameters.Values.ToArray();
var batch = new int[batchSize];
int sinceStart = 0;
long warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
while (Stopwatch.GetTimestamp() < warmupEnd) Step();
var perSampleUs = new double[steps];
for (int s = 0; s < steps; s++) perSampleUs[s] = Step();
Array.Sort(perSampleUs);
Console.WriteLine($"{perSampleUs[steps / 2]:F2} {perSampleUs[0]:F2}");

// One training step of a random batch, timed alone; the restart before it is not timed.
double Step()
{
    if (++sinceStart > StepsPerRun)
    {
        sinceStart = 1;
        start.CopyTo(trainer.Head.Parameters.Values);
        trainer.Head.Parameters.ResetTrainingState();
        trainer.Optimizer.StepCount = 0;
    }

    for (int b = 0; b < batchSize; b++) batch[b] = (int)random.NextUInt32((uint)records.Count);
    long t0 = Stopwatch.GetTimestamp();
    trainer.TrainBatch(records, batch, out _, out _, out _);
    return Stopwatch.GetElapsedTime(t0).TotalMicroseconds / batchSize;
}
