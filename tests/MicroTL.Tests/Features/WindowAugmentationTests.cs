using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.Training;

namespace MicroTL.Tests.Features;

public class WindowAugmentationTests
{
    private static readonly WindowAugmentation Motion = WindowAugmentation.For(MotionTestModel.Build(), out _)!;

    [Fact]
    public void For_MotionModel_TheInt8WindowOfItsInput()
    {
        Assert.Equal(MotionTestModel.Steps, Motion.Steps);
        Assert.Equal(3 * MotionTestModel.Steps, Motion.WindowBytes);
        Assert.Equal(27L * MotionTestModel.Steps + 120, Motion.OperationsPerCopy);
    }

    [Fact]
    public void For_ModelWithoutAWindowInput_NullNamingTheInput()
    {
        Assert.Null(WindowAugmentation.For(TransferTestData.HelloWorld, out string reason));
        Assert.Contains("is not a 3-axis window", reason);
    }

    [Fact]
    public void WriteCopy_SameSeed_SameBytes_OtherDrawsDiffer()
    {
        byte[] window = MotionTestModel.Windows(1, 2)[0].Input;
        byte[] a = Copy(window, seed: 9), b = Copy(window, seed: 9), c = Copy(window, seed: 10);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(window, a);
    }

    [Fact]
    public void WriteCopy_NoAngleGainOrShift_WritesTheWindowUnchanged()
    {
        WindowAugmentation identity = Motion with { MaxAngleRadians = 0f, GainSpread = 0f, MaxShiftSamples = 0 };
        byte[] window = MotionTestModel.Windows(1, 3)[0].Input;
        var copy = new byte[window.Length];
        var random = new Pcg32(1, RandomStreams.Augmentation);

        identity.WriteCopy(window, copy, ref random);

        Assert.Equal(window, copy);
    }

    [Fact]
    public void WriteCopy_ShiftOnly_MovesTheSamplesCircularly()
    {
        WindowAugmentation shiftOnly = Motion with { MaxAngleRadians = 0f, GainSpread = 0f, MaxShiftSamples = 5 };
        byte[] window = [.. Enumerable.Range(0, 3 * MotionTestModel.Steps).Select(i => (byte)(i / 3))];
        var copy = new byte[window.Length];
        var random = new Pcg32(4, RandomStreams.Augmentation);
        var replay = random;

        shiftOnly.WriteCopy(window, copy, ref random);

        // The draws before the shift (axis z, φ, angle, gain), then the shift itself.
        for (int i = 0; i < 4; i++) replay.NextUInt32();
        int shift = (int)replay.NextUInt32(11) - 5, start = (shift % MotionTestModel.Steps + MotionTestModel.Steps) % MotionTestModel.Steps;
        for (int t = 0; t < MotionTestModel.Steps; t++)
            Assert.Equal((byte)((t + start) % MotionTestModel.Steps), copy[3 * t]);
    }

    [Theory]
    [InlineData(0.3f, 1.1f, 0.17f)]
    [InlineData(-0.9f, 5.9f, -0.17f)]
    [InlineData(1f, 0f, 0.05f)]
    public void RotationMatrix_AnyDraw_IsARotation(float axisZ, float phi, float angle)
    {
        var m = new float[9];

        WindowAugmentation.RotationMatrix(axisZ, phi, angle, m);

        for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
        {
            float dot = m[3 * r] * m[3 * c] + m[3 * r + 1] * m[3 * c + 1] + m[3 * r + 2] * m[3 * c + 2];
            Assert.Equal(r == c ? 1f : 0f, dot, 5);
        }

        float trace = m[0] + m[4] + m[8];
        Assert.Equal(1 + 2 * MathF.Cos(angle), trace, 5); // the angle of the rotation
    }

    [Fact]
    public void WriteCopy_SpanOfAnotherLength_Throws()
    {
        var random = new Pcg32(1);
        var error = Assert.Throws<ArgumentException>(() => Motion.WriteCopy(new byte[10], new byte[Motion.WindowBytes], ref random));

        Assert.Contains($"a window has {Motion.WindowBytes} bytes; got 10 in", error.Message);
    }

    [Fact]
    public void WriteCopy_FloatWindow_RotatesWithoutRequantizing()
    {
        WindowAugmentation floats = WindowAugmentation.For(FloatInputMotionModel(), out _)!;
        var window = new float[3 * MotionTestModel.Steps];
        for (int t = 0; t < MotionTestModel.Steps; t++) window[3 * t + 2] = 9.8f;
        var copy = new float[window.Length];
        var random = new Pcg32(2, RandomStreams.Augmentation);

        floats.WriteCopy(MemoryMarshal.AsBytes(window.AsSpan()), MemoryMarshal.AsBytes(copy.AsSpan()), ref random);

        for (int t = 0; t < MotionTestModel.Steps; t++)
        {
            float norm = MathF.Sqrt(copy[3 * t] * copy[3 * t] + copy[3 * t + 1] * copy[3 * t + 1] + copy[3 * t + 2] * copy[3 * t + 2]);
            Assert.InRange(norm, 9.8f * 0.9f - 1e-4f, 9.8f * 1.1f + 1e-4f); // a rotation keeps the length; the gain scales it
        }

        Assert.NotEqual(window, copy);
    }

    private static byte[] Copy(byte[] window, ulong seed)
    {
        var copy = new byte[window.Length];
        var random = new Pcg32(seed, RandomStreams.Augmentation);
        Motion.WriteCopy(window, copy, ref random);
        return copy;
    }

    private static MicroTL.TfLite.TfLiteModel FloatInputMotionModel()
    {
        MicroTL.TfLite.TfLiteModel model = MotionTestModel.Build();
        var tensors = model.MainSubgraph.Tensors.ToArray();
        tensors[0] = tensors[0] with { Type = MicroTL.TfLite.TensorType.Float32, Quantization = null };
        return model with { Subgraphs = [model.MainSubgraph with { Tensors = tensors }] };
    }
}
