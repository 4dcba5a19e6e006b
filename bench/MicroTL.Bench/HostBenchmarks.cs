using BenchmarkDotNet.Attributes;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Bench;

/// <summary>
/// The host (cloud) side on the motion base of <see cref="MotionBase"/>: one pretraining epoch of
/// the float CNN, post-training int8 quantization of it, and reading a TFLM model's .tflite file.
/// </summary>
[MemoryDiagnoser]
public class HostBenchmarks
{
    /// <summary>The TFLM model <see cref="ReadTfLite"/> parses: the largest int8 model of the set (18.8 KB).</summary>
    public const string TflmModel = "micro_speech_quantized";

    private FloatNetwork _network = null!;
    private SampleSet _windows = null!;
    private Calibration _calibration = null!;
    private TrainingOptions _oneEpoch = null!;
    private byte[] _tflite = null!;

    /// <summary>A fresh network to train, the calibration of the pretrained base, and the TFLM model's bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        MotionBase motion = MotionBase.Instance;
        _windows = motion.PretrainWindows;
        // A fresh network of the base's architecture: the epoch trains it in place, not the cached base.
        _network = BaseNetworks.Motion(motion.Pretrained.Network.Classes, MotionBase.Seed);
        _oneEpoch = new TrainingOptions { Epochs = 1, ShuffleSeed = MotionBase.Seed }; // Pretrainer's batch 32, Adam 1e-3
        _calibration = Calibration.Run(motion.Pretrained.Network, _windows, new PretrainOptions().CalibrationSamples);
        _tflite = File.ReadAllBytes(Path.Combine(BenchData.Tflm, "models", TflmModel + ".tflite"));
    }

    /// <summary>One epoch of mini-batch Adam over the pretraining windows (forward and backprop through the convolutions).</summary>
    [Benchmark]
    public IReadOnlyList<EpochProgress> PretrainEpoch() => Trainer.Train(_network, _windows, _oneEpoch);

    /// <summary>Calibration: the float network over the 1000 calibration windows Pretrainer uses, recording every layer's range.</summary>
    [Benchmark]
    public Calibration Calibrate() => Calibration.Run(MotionBase.Instance.Pretrained.Network, _windows, new PretrainOptions().CalibrationSamples);

    /// <summary>Post-training int8 quantization of the calibrated base and writing its .tflite bytes.</summary>
    [Benchmark]
    public byte[] QuantizeToTfLite() => TfLiteWriter.Write(Int8Quantizer.Quantize(MotionBase.Instance.Pretrained.Network, _calibration).Model);

    /// <summary>Reading (and checking every offset of) the .tflite bytes of <see cref="TflmModel"/>.</summary>
    [Benchmark]
    public TfLiteModel ReadTfLite() => TfLiteReader.Read(_tflite);
}
