using BenchmarkDotNet.Attributes;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Bench;

/// <summary>
/// The device's transfer-learning steps on the real motion base (<see cref="MotionBase"/>), one
/// step per benchmark: collecting one sample (int8 body up to the cut, then the feature store),
/// dequantizing a mini-batch, one training step of the float head, one epoch, and exporting the
/// adapted model. The store, split and trainer are set up as <see cref="TransferSession"/> set them
/// up with the demo's settings before issue 13's recipe (Adam 5e-3, batch 8, 20% validation, the cut's
/// features alone; the recipe's head is what `microtl bench MODEL --transfer` times), kept so that the
/// figures stay comparable across changes. Host time, not device time: see docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class TransferDeviceBenchmarks
{
    private const int BatchSize = 8;
    private const int Hidden = 32;
    private const int MaxEpochs = 50;

    // The training benchmarks run one trainer for hundreds of thousands of steps, far beyond a real
    // run (at most 50 epochs of 12 steps here). Left alone, Adam's first moment of parameters that
    // get no gradient (dead ReLU units) decays into subnormal floats, which x86 computes on
    // microcode at many times the cost, and the benchmark measured that instead: 2-4x slower steps
    // in trials. So the head restarts from its starting weights after each run's worth of steps.
    private int _stepsPerRun;
    private int _stepsSinceRestart;

    private TfLiteModel _model = null!;
    private IReadOnlyList<LabelledInput> _samples = null!;
    private FeatureExtractor _extractor = null!;
    private FeatureStore _store = null!;
    private FeatureStore _collectStore = null!;
    private FeatureSplit _split;
    private HeadTrainer _trainer = null!;
    private HeadWeights _weights = null!;
    private sbyte[] _features = null!;
    private float[] _batch = null!;
    private int[] _batchIndices = null!;
    private int _next;

    /// <summary>Extracts every window into the stores, splits, and prepares the trainer and the starting weights.</summary>
    [GlobalSetup]
    public void Setup()
    {
        MotionBase motion = MotionBase.Instance;
        _model = motion.Model;
        _samples = motion.DeviceSamples;
        _extractor = new FeatureExtractor(_model, CutPoint.Default(_model));
        int featureLength = _extractor.FeatureLength;
        _features = new sbyte[featureLength];

        // A store that holds every collected window, as the demo sizes it, filled as the session fills it.
        int storeBytes = _samples.Count * (FeatureStore.LabelBytes + featureLength);
        _store = new FeatureStore(featureLength, _extractor.Quantization, storeBytes, MotionBase.DeviceClasses, MotionBase.Seed);
        _collectStore = new FeatureStore(featureLength, _extractor.Quantization, storeBytes, MotionBase.DeviceClasses, MotionBase.Seed);
        foreach (LabelledInput sample in _samples)
        {
            _extractor.Extract(sample.Input, _features);
            _store.Add(_features, sample.Label);
            _collectStore.Add(_features, sample.Label);
        }

        _split = StratifiedSplit.Split(_store, validationFraction: 0.2, MotionBase.Seed);
        var shape = new HeadShape(featureLength, Hidden, MotionBase.DeviceClasses);
        var settings = new TrainerSettings(OptimizerSettings.Adam(5e-3f), BatchSize, MaxEpochs, _store.Count, MotionBase.Seed);
        _trainer = new HeadTrainer(shape, settings);
        _trainer.Head.Parameters.InitializeHe(MotionBase.Seed);
        HeadParameters p = _trainer.Head.Parameters;
        _weights = new HeadWeights(shape.Inputs, shape.Hidden, shape.Classes, p.W1.ToArray(), p.B1.ToArray(), p.W2.ToArray(), p.B2.ToArray());

        _batch = new float[BatchSize * featureLength];
        _batchIndices = new int[BatchSize];
        for (int b = 0; b < BatchSize; b++) _batchIndices[b] = b * _split.Train.Count / BatchSize;
        _stepsPerRun = MaxEpochs * StepsPerEpoch;
    }

    /// <summary>The frozen int8 body on one window, up to the cut (96 int8 features).</summary>
    [Benchmark]
    public void ExtractFeatures()
    {
        LabelledInput sample = NextSample();
        _extractor.Extract(sample.Input, _features);
    }

    /// <summary>
    /// Collecting one labelled window: extraction, then the full store's class-balanced reservoir
    /// (the steady state of collection: every record slot is taken).
    /// </summary>
    [Benchmark]
    public AddResult CollectSample()
    {
        LabelledInput sample = NextSample();
        _extractor.Extract(sample.Input, _features);
        return _collectStore.Add(_features, sample.Label);
    }

    /// <summary>Reverse quantization of one mini-batch of stored features: <c>real = scale * (q - zero_point)</c>.</summary>
    [Benchmark]
    public void DequantizeBatch() => _store.DequantizeBatch(_batchIndices, _batch);

    /// <summary>
    /// One training step of the float head on a mini-batch: dequantize, forward, backward, Adam;
    /// the mean over a run's steps from the starting weights.
    /// </summary>
    [Benchmark]
    public bool TrainStep()
    {
        RestartRunWhenDue(1);
        return _trainer.TrainBatch(_split.Train, _batchIndices, out _, out _, out _);
    }

    /// <summary>
    /// One epoch over the training records (shuffle, every mini-batch) and the validation pass; the
    /// mean over a run's 50 epochs from the starting weights.
    /// </summary>
    [Benchmark]
    public bool TrainEpoch()
    {
        RestartRunWhenDue(StepsPerEpoch);
        return _trainer.TryRunEpoch(1, _split.Train, _split.Validation, out _);
    }

    /// <summary>
    /// Exporting the adapted model once training ends: the int8 body plus the float head as a new
    /// model, written to .tflite bytes. Once per run, not per step: it allocates the new model.
    /// </summary>
    [Benchmark]
    public byte[] ExportAdaptedModel() => TfLiteWriter.Write(HybridModelExporter.Build(_model, _extractor.Cut, _weights));

    private int StepsPerEpoch => (_split.Train.Count + BatchSize - 1) / BatchSize;

    // Puts the starting weights back and zeroes Adam's state, as a new run would; no allocation.
    private void RestartRunWhenDue(int steps)
    {
        _stepsSinceRestart += steps;
        if (_stepsSinceRestart <= _stepsPerRun) return;
        _stepsSinceRestart = steps;
        _trainer.Head.Parameters.Load(_weights.W1, _weights.B1, _weights.W2, _weights.B2);
        _trainer.Optimizer.StepCount = 0;
    }

    private LabelledInput NextSample()
    {
        LabelledInput sample = _samples[_next];
        _next = _next + 1 == _samples.Count ? 0 : _next + 1;
        return sample;
    }
}
