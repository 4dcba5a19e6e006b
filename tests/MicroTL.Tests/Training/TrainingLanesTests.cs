// The fixed-order contract across SIMD widths: the scalar path, two 128-bit vectors and one 256-bit vector must give the
// bits of ContractReference (plain loops written from the docs, as the C port will be) on random heads and batches.
using System.Runtime.Intrinsics;
using MicroTL.Kernels;
using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class TrainingLanesTests
{
    // The fused step takes four blocks of 8 at a time, then single blocks, then single floats: the last shape's rows
    // (1,100 inputs) take 34 fours, a block and 4 floats; 96-32-6's second layer one four.
    private static readonly HeadShape[] Shapes = [new(7, 5, 3), new(16, 8, 2), new(29, 13, 10), new(96, 32, 6), new(33, 17, 4), new(1100, 20, 5)];

    /// <summary>Every level this machine computes, the scalar path first.</summary>
    public static TheoryData<SimdLevel> Levels()
    {
        var levels = new TheoryData<SimdLevel> { SimdLevel.Scalar };
        if (Vector128.IsHardwareAccelerated) levels.Add(SimdLevel.Vector128);
        if (Vector256.IsHardwareAccelerated) levels.Add(SimdLevel.Avx2);
        return levels;
    }

    public static TheoryData<SimdLevel, string> LevelsAndOptimizers()
    {
        var data = new TheoryData<SimdLevel, string>();
        foreach (SimdLevel level in Levels())
            foreach (string optimizer in new[] { "sgd", "adam", "adamw" }) data.Add(level, optimizer);
        return data;
    }

    [Fact]
    public void Levels_OnThisMachine_IncludeAVectorPath()
    {
        // The comparisons below would be empty on a machine without vectors; on x64 and arm64 they are not.
        Assert.True(Levels().Count >= 2);
        Assert.Equal(LanePath.Scalar, TrainingLanes.PathOf(SimdLevel.Scalar));
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Dot_RandomLengths_EqualsThePlainLoopOfTheDefinition(SimdLevel level)
    {
        var random = new Pcg32(17);
        bool orderMattered = false;
        for (int length = 0; length <= 70; length++)
        {
            float[] a = Values(length, ref random), b = Values(length, ref random);

            float expected = ContractReference.Dot(a, b);

            Assert.Equal(Bits(expected), Bits(FixedOrderSum.Dot(a, b, level)));
            float sequential = 0f;
            for (int k = 0; k < length; k++) sequential += a[k] * b[k];
            orderMattered |= Bits(sequential) != Bits(expected);
        }

        Assert.True(orderMattered, "the test data never told the fixed order from a plain sequential sum");
    }

    [Fact]
    public void Dot_SpansOfDifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => FixedOrderSum.Dot(new float[3], new float[4]));
        Assert.Contains("3 and 4", error.Message);
    }

    [Theory]
    [MemberData(nameof(LevelsAndOptimizers))]
    public void TrainStep_RandomHeadsAndBatches_EqualsTheContractReference(SimdLevel level, string optimizerName)
    {
        OptimizerSettings settings = Optimizer(optimizerName);
        var random = new Pcg32(23);
        foreach (HeadShape shape in Shapes)
        {
            const int MaxBatch = 11; // batches of 1 to 11 samples
            var head = new FloatHead(shape, MaxBatch, settings.StateSlots, level);
            head.Parameters.InitializeHe(seed: (ulong)shape.Inputs);
            foreach (ref float b in head.Parameters.B1) b = 0.1f * random.NextSymmetric(1f);
            var optimizer = new HeadOptimizer(settings);
            float[] parameters = head.Parameters.Values.ToArray();
            float[] first = new float[parameters.Length], second = new float[parameters.Length];
            double p1 = 1, p2 = 1;
            for (int step = 0; step < 6; step++)
            {
                int batch = 1 + (int)random.NextUInt32(MaxBatch);
                float[] x = Values(batch * shape.Inputs, ref random);
                int[] labels = new int[batch];
                for (int n = 0; n < batch; n++) labels[n] = (int)random.NextUInt32((uint)shape.Classes);
                p1 *= settings.Beta1;
                p2 *= settings.Beta2;
                (float loss, float norm) = ContractReference.Step(shape, parameters, first, second, x, labels, settings, optimizer.LearningRate, p1, p2);

                Assert.Equal(Bits(loss), Bits(head.Forward(x, labels)));
                Assert.Equal(Bits(norm), Bits(head.TrainStep(x, labels, optimizer)));
                Assert.Equal(Bits(parameters), Bits(head.Parameters.Values));
                Assert.Equal(Bits(first), Bits(head.Parameters.State(0)));
                if (settings.StateSlots > 1) Assert.Equal(Bits(second), Bits(head.Parameters.State(1)));
            }
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void TrainStep_AnyOptimizer_EqualsBackwardThenOptimizerStep(string optimizerName)
    {
        OptimizerSettings settings = Optimizer(optimizerName);
        var random = new Pcg32(29);
        foreach (HeadShape shape in Shapes)
        {
            var fused = new FloatHead(shape, 4, settings.StateSlots);
            var reference = new FloatHead(shape, 4, settings.StateSlots);
            fused.Parameters.InitializeHe(seed: 5);
            reference.Parameters.InitializeHe(seed: 5);
            HeadOptimizer fusedOptimizer = new(settings), referenceOptimizer = new(settings);
            var gradients = new float[shape.ParameterCount];
            for (int step = 0; step < 3; step++)
            {
                float[] x = Values(4 * shape.Inputs, ref random);
                int[] labels = [0, 1 % shape.Classes, 2 % shape.Classes, 1];
                fused.Forward(x, labels);
                reference.Forward(x, labels);

                float norm = fused.TrainStep(x, labels, fusedOptimizer);
                reference.Backward(x, labels, gradients);
                referenceOptimizer.Step(reference.Parameters, gradients);

                Assert.Equal(Bits(reference.Parameters.Values), Bits(fused.Parameters.Values));
                Assert.Equal(Bits(reference.Parameters.AllState), Bits(fused.Parameters.AllState));
                Assert.Equal(Bits(norm), Bits(ContractReference.Norm(shape, gradients)));
            }
        }
    }

    [Fact]
    public void Train_EveryLevel_GivesTheSameEpochsAndWeights()
    {
        var train = QuantizedData.Separable(70, 29, 5, seed: 3);
        var validation = QuantizedData.Separable(20, 29, 5, seed: 3, sampleSeed: 1);
        var shape = new HeadShape(29, 13, 5);
        (IReadOnlyList<EpochRecord> Epochs, int[] Weights)? first = null;
        foreach (SimdLevel level in Levels())
        {
            var trainer = new HeadTrainer(shape, new TrainerSettings(OptimizerSettings.Adam(0.01f), 6, 8, 70, Simd: level), new PatienceStopping(3, MonitoredMetric.Loss));
            trainer.Head.Parameters.InitializeHe(seed: 8);

            TrainingResult result = trainer.Train(train, validation);

            int[] weights = Bits(trainer.Head.Parameters.Values);
            first ??= (result.Epochs, weights);
            Assert.Equal(first.Value.Epochs, result.Epochs);
            Assert.Equal(first.Value.Weights, weights);
        }
    }

    private static OptimizerSettings Optimizer(string name) => name switch
    {
        "sgd" => OptimizerSettings.Sgd(0.05f),
        "adam" => OptimizerSettings.Adam(0.01f, weightDecay: 1e-3f),
        _ => OptimizerSettings.Adam(0.01f, weightDecay: 1e-2f, decoupledWeightDecay: true),
    };

    // Values over several orders of magnitude, so that the order of a sum shows in its last bits.
    private static float[] Values(int length, ref Pcg32 random)
    {
        var values = new float[length];
        for (int k = 0; k < length; k++) values[k] = random.NextSymmetric(1f) * MathF.Pow(10f, random.NextUInt32(4) - 2f);
        return values;
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);

    private static int[] Bits(ReadOnlySpan<float> values) => HeadTrainerTests.Bits(values);
}
