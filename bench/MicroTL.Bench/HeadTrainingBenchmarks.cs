using BenchmarkDotNet.Attributes;
using MicroTL.Kernels;
using MicroTL.Training;

namespace MicroTL.Bench;

/// <summary>
/// The device's head training alone, per sample: <see cref="HeadTrainer.TrainBatch"/> (dequantize, forward, backward fused
/// with the optimizer update, divergence check) on the authors' MNIST head 288 -> 128 -> 10 at batch 4 (the yardstick's)
/// and 16 (the recipe's), and on the demo's head 96 -> 32 -> 6 at batch 8, with SGD (momentum 0.9, weight decay 2e-4)
/// and Adam, at every SIMD level. Each operation is one sample: an invocation runs 16 samples' steps (four steps of 4,
/// two of 8 or one of 16). The records are seeded random int8 features; the bits of a step do not depend on their
/// values, its time hardly.
/// </summary>
[MemoryDiagnoser]
public class HeadTrainingBenchmarks
{
    private const int SamplesPerInvoke = 16;
    private const int Records = 256;

    // As in TransferDeviceBenchmarks: a run of a few hundred steps from the starting weights, then a restart, so that
    // Adam's moments of parameters that get no gradient (dead ReLU units) never decay into subnormals.
    private const int StepsPerRun = 600;

    private HeadTrainer _trainer = null!;
    private RandomRecords _data = null!;
    private float[] _start = null!;
    private int[] _indices = null!;
    private int _batch;
    private int _steps;
    private int _next;

    /// <summary>The head and its batch size.</summary>
    [Params("288-128-10 b4", "288-128-10 b16", "96-32-6 b8")]
    public string Head { get; set; } = "288-128-10 b4";

    /// <summary>The optimizer.</summary>
    [Params(OptimizerKind.Sgd, OptimizerKind.Adam)]
    public OptimizerKind Optimizer { get; set; }

    /// <summary>The lanes: plain scalar, two 128-bit vectors, one 256-bit vector (Avx2).</summary>
    [Params(SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Avx2)]
    public SimdLevel Simd { get; set; }

    /// <summary>Builds the trainer and the random records.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (HeadShape shape, _batch) = Head switch
        {
            "96-32-6 b8" => (new HeadShape(96, 32, 6), 8),
            "288-128-10 b16" => (new HeadShape(288, 128, 10), 16),
            _ => (new HeadShape(288, 128, 10), 4),
        };
        OptimizerSettings optimizer = Optimizer == OptimizerKind.Adam ? OptimizerSettings.Adam(1e-3f) : OptimizerSettings.Sgd(1e-2f);
        _trainer = new HeadTrainer(shape, new TrainerSettings(optimizer, _batch, 1, Records, Simd: Simd));
        _trainer.Head.Parameters.InitializeHe(1);
        _start = _trainer.Head.Parameters.Values.ToArray();
        _data = new RandomRecords(Records, shape.Inputs, shape.Classes);
        _indices = new int[_batch];
    }

    /// <summary>16 samples' training steps; the mean is per sample.</summary>
    [Benchmark(OperationsPerInvoke = SamplesPerInvoke)]
    public bool TrainPerSample()
    {
        bool ok = true;
        for (int done = 0; done < SamplesPerInvoke; done += _batch)
        {
            if (++_steps > StepsPerRun) Restart();
            for (int n = 0; n < _batch; n++)
            {
                _indices[n] = _next;
                _next = _next + 1 == Records ? 0 : _next + 1;
            }

            ok &= _trainer.TrainBatch(_data, _indices, out _, out _, out _);
        }

        return ok;
    }

    private void Restart()
    {
        _steps = 1;
        _start.CopyTo(_trainer.Head.Parameters.Values);
        _trainer.Head.Parameters.ResetTrainingState();
        _trainer.Optimizer.StepCount = 0;
    }

    /// <summary>Seeded random int8 records with a per-tensor scale, as the device's store holds them.</summary>
    private sealed class RandomRecords : ITrainingData
    {
        private readonly sbyte[] _features;
        private readonly int[] _labels;

        public RandomRecords(int count, int featureLength, int classes)
        {
            var random = new Pcg32(7);
            _features = new sbyte[count * featureLength];
            for (int k = 0; k < _features.Length; k++) _features[k] = (sbyte)(random.NextUInt32(256) - 128);
            _labels = new int[count];
            for (int k = 0; k < count; k++) _labels[k] = (int)random.NextUInt32((uint)classes);
            FeatureLength = featureLength;
        }

        public int Count => _labels.Length;

        public int FeatureLength { get; }

        public int LabelOf(int index) => _labels[index];

        public void Dequantize(int index, Span<float> destination)
        {
            ReadOnlySpan<sbyte> q = _features.AsSpan(index * FeatureLength, FeatureLength);
            for (int i = 0; i < q.Length; i++) destination[i] = 0.02f * (q[i] + 3);
        }
    }
}
