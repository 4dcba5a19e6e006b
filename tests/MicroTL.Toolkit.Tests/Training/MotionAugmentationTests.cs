using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class MotionAugmentationTests
{
    private static float[] Window(int steps, ulong seed)
    {
        var random = new Pcg32(seed);
        var values = new float[3 * steps];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSymmetric(10f);
        return values;
    }

    private static float Norm(ReadOnlySpan<float> v, int t) => MathF.Sqrt(v[3 * t] * v[3 * t] + v[3 * t + 1] * v[3 * t + 1] + v[3 * t + 2] * v[3 * t + 2]);

    [Theory]
    [InlineData(RotationKind.Uniform)]
    [InlineData(RotationKind.Bounded)]
    public void Apply_RotationWithoutGain_KeepsEveryVectorLengthAndChangesDirections(RotationKind kind)
    {
        float[] original = Window(50, 1), rotated = (float[])original.Clone();
        var random = new Pcg32(7);
        new MotionAugmentation { Rotation = kind, ScaleSpread = 0f }.Apply(rotated, ref random);
        for (int t = 0; t < 50; t++) Assert.Equal(Norm(original, t), Norm(rotated, t), 3);
        Assert.NotEqual(original, rotated);
    }

    [Fact]
    public void UniformRotation_IsOrthonormalWithDeterminantOne()
    {
        var random = new Pcg32(3);
        Span<float> m = stackalloc float[9];
        for (int draw = 0; draw < 20; draw++)
        {
            MotionAugmentation.UniformRotation(ref random, m);
            for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                float dot = m[3 * i] * m[3 * j] + m[3 * i + 1] * m[3 * j + 1] + m[3 * i + 2] * m[3 * j + 2];
                Assert.Equal(i == j ? 1f : 0f, dot, 4);
            }

            float det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
            Assert.Equal(1f, det, 4);
        }
    }

    [Fact]
    public void BoundedRotation_AngleStaysWithinTheBound()
    {
        var random = new Pcg32(5);
        Span<float> m = stackalloc float[9];
        for (int draw = 0; draw < 50; draw++)
        {
            MotionAugmentation.BoundedRotation(ref random, MathF.PI / 6, m);
            float angle = MathF.Acos(Math.Clamp((m[0] + m[4] + m[8] - 1) / 2, -1f, 1f)); // trace = 1 + 2 cos(angle)
            Assert.True(angle <= MathF.PI / 6 + 1e-3f, $"angle {angle}");
        }
    }

    [Fact]
    public void Apply_GainOnly_ScalesEveryValueByOneFactorInRange()
    {
        float[] original = Window(20, 2), scaled = (float[])original.Clone();
        var random = new Pcg32(11);
        new MotionAugmentation { Rotation = RotationKind.None, ScaleSpread = 0.1f }.Apply(scaled, ref random);
        float gain = scaled[0] / original[0];
        Assert.InRange(gain, 0.9f, 1.1f);
        for (int i = 0; i < original.Length; i++) Assert.Equal(gain * original[i], scaled[i], 4);
    }

    [Fact]
    public void Apply_ShiftOnly_RotatesWholeVectorsCircularly()
    {
        float[] original = Window(30, 4), shifted = (float[])original.Clone();
        var random = new Pcg32(12);
        new MotionAugmentation { Rotation = RotationKind.None, ScaleSpread = 0f, MaxShiftSamples = 10 }.Apply(shifted, ref random);
        int shift = Enumerable.Range(0, 30).Single(s => Enumerable.Range(0, 90).All(i => shifted[i] == original[(i + 3 * s) % 90]));
        Assert.True(shift <= 10 || shift >= 20, $"shift {shift}");
    }

    [Fact]
    public void Apply_SameGeneratorState_SameResult()
    {
        float[] a = Window(40, 6), b = (float[])a.Clone();
        var r1 = new Pcg32(9);
        var r2 = new Pcg32(9);
        var augmentation = new MotionAugmentation { MaxShiftSamples = 5 };
        augmentation.Apply(a, ref r1);
        augmentation.Apply(b, ref r2);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Apply_NotWholeVectors_Throws()
    {
        var random = new Pcg32(1);
        var e = Assert.Throws<ArgumentException>(() => new MotionAugmentation().Apply(new float[7], ref random));
        Assert.Contains("7", e.Message);
    }
}
