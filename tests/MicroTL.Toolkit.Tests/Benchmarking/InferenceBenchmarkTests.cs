using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Toolkit.Benchmarking;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Tests.Benchmarking;

public class InferenceBenchmarkTests
{
    private static Interpreter MicroSpeech(SimdLevel simd = SimdLevel.AvxVnni) =>
        new(TestFixtures.ReadModel(TestFixtures.Model("micro_speech_quantized.tflite")), new InterpreterOptions { SimdLevel = simd });

    [Fact]
    public void Run_MicroSpeech_EveryOperatorWithItsMacsAndShares()
    {
        Interpreter interpreter = MicroSpeech();

        InferenceTimings t = InferenceBenchmark.Run(interpreter, runs: 4, warmupRuns: 1);

        Assert.Equal(4, t.Runs);
        Assert.Equal(interpreter.Operators.Count, t.Operators.Count);
        Assert.Equal(["RESHAPE", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX"], t.Operators.Select(o => o.Name));
        Assert.Equal(interpreter.MacsPerInference, t.MacsPerInference);
        Assert.Equal(t.MacsPerInference, t.Operators.Sum(o => o.Macs));
        Assert.Equal(1.0, t.Operators.Sum(o => o.Share), 9);
        Assert.Equal(0, t.AllocatedBytesPerInvoke);
        Assert.Equal(SimdSupport.Best, t.Simd);
        Assert.Equal(t.MacsPerInference / (t.Inference.MedianMicroseconds * 1e3), t.GmacPerSecond, 9);
        Assert.Equal(0, t.Operators[0].GmacPerSecond); // RESHAPE moves data only
    }

    [Fact]
    public void Run_ScalarInterpreter_ReportsScalar()
    {
        Assert.Equal(SimdLevel.Scalar, InferenceBenchmark.Run(MicroSpeech(SimdLevel.Scalar), runs: 1, warmupRuns: 0).Simd);
    }

    [Fact]
    public void Run_SameOutputAsOneInvoke()
    {
        Interpreter measured = MicroSpeech(), plain = MicroSpeech();
        new Random(3).NextBytes(measured.InputBytes());
        measured.InputBytes().CopyTo(plain.InputBytes());

        InferenceBenchmark.Run(measured, runs: 2, warmupRuns: 1);
        plain.Invoke();

        Assert.True(plain.OutputBytes().SequenceEqual(measured.OutputBytes()));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, -1)]
    public void Run_BadCounts_Throws(int runs, int warmupRuns)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceBenchmark.Run(MicroSpeech(), runs, warmupRuns));
    }

    [Fact]
    public void Run_MinimumWarmup_KeepsWarmingUpPastTheCountUntilTheTimeHasPassed()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        InferenceTimings t = InferenceBenchmark.Run(MicroSpeech(), runs: 1, warmupRuns: 1, TimeSpan.FromMilliseconds(100));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(100));
        Assert.True(t.WarmupRuns > 1, $"{t.WarmupRuns} warm-up runs"); // micro_speech takes well under 100 ms
        Assert.Equal(1, InferenceBenchmark.Run(MicroSpeech(), runs: 1, warmupRuns: 1).WarmupRuns);
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceBenchmark.Run(MicroSpeech(), 1, 0, TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void DeviceEstimate_OfInference_PricesKnownOperatorsAndCountsTheRestApart()
    {
        DeviceProfile nrf = DeviceProfileLoader.Default.WithoutCalibration(); // the datasheet estimates
        (string, long)[] macs = [("CONV_2D", 1000), ("DEPTHWISE_CONV_2D", 500), ("UNIDIRECTIONAL_SEQUENCE_LSTM", 70), ("RESHAPE", 0)];

        DeviceEstimate e = DeviceEstimate.OfInference(nrf, macs);
        DeviceEstimate calibrated = DeviceEstimate.OfInference(DeviceProfileLoader.Default, macs);

        double cycles = 1000 * nrf.CyclesPerInt8MacConv + 500 * nrf.CyclesPerInt8MacDepthwise;
        Assert.Equal(cycles / nrf.ClockHz * 1e3, e.Milliseconds, 9);
        Assert.Equal(nrf.CpuInt8Milliamps * nrf.SupplyVolts * cycles / nrf.ClockHz, e.Millijoules, 9);
        Assert.Equal(70, e.UnpricedMacs);
        Assert.Equal(nrf.Name, e.Device);
        // The emulated firmware's instructions per MAC x the CPI assumed, for every priced operator.
        Assert.Equal(1500 * DeviceProfileLoader.Default.Calibration!.CyclesPerInt8Mac / nrf.ClockHz * 1e3, calibrated.Milliseconds, 9);
    }

    [Fact]
    public void DeviceEstimate_OfInference_FloatWorkPricedAsCollectionPricesIt()
    {
        DeviceProfile nrf = DeviceProfileLoader.Default.WithoutCalibration();
        (string, long)[] macs = [("CONV_2D", 1000)];

        // The datasheet estimates add the window statistics' float operations at a multiply-add's cycles; the firmware's
        // calibration already holds them in its cycles per MAC of a whole collection.
        Assert.Equal(DeviceEstimate.OfInference(nrf, macs).Milliseconds + 300 * nrf.CyclesPerFloatMultiplyAdd / nrf.ClockHz * 1e3,
            DeviceEstimate.OfInference(nrf, macs, floatOperations: 300).Milliseconds, 9);
        Assert.Equal(DeviceEstimate.OfInference(DeviceProfileLoader.Default, macs).Milliseconds,
            DeviceEstimate.OfInference(DeviceProfileLoader.Default, macs, floatOperations: 300).Milliseconds, 9);
    }
}
