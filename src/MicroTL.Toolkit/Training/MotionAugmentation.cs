// Augmentation of 3-axis accelerometer windows (1 x T x 3, values[3·t + axis]) for pretraining: the
// watch may sit on the wrist at another angle (or on the other wrist) than for any training subject,
// and a sensor or a person may move with another amplitude. A random rotation of every sample vector
// of a window (one rotation per window) and a random gain teach the body features that survive both.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>How <see cref="MotionAugmentation"/> rotates a window.</summary>
public enum RotationKind
{
    /// <summary>No rotation.</summary>
    None,

    /// <summary>A rotation about a uniformly random axis by an angle uniform in ±<see cref="MotionAugmentation.MaxAngleDegrees"/>.</summary>
    Bounded,

    /// <summary>A rotation uniform over all 3-D rotations (Shoemake's random unit quaternion).</summary>
    Uniform,
}

/// <summary>Random rotation, gain and circular time shift of a 3-axis window, one draw per window.</summary>
public sealed record MotionAugmentation : ISampleTransform
{
    /// <summary>Which rotations are drawn (uniform ones cost the base its posture classes: docs/recipe-study.md).</summary>
    public RotationKind Rotation { get; init; } = RotationKind.Bounded;

    /// <summary>Largest angle of a <see cref="RotationKind.Bounded"/> rotation, in degrees.</summary>
    public float MaxAngleDegrees { get; init; } = 90f;

    /// <summary>Half-width of the gain range: every value is multiplied by a gain uniform in [1 − s, 1 + s] (0: no gain change).</summary>
    public float ScaleSpread { get; init; } = 0.1f;

    /// <summary>Largest circular shift in samples, either way (0: none).</summary>
    public int MaxShiftSamples { get; init; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The sample is not a whole number of 3-axis vectors.</exception>
    public void Apply(Span<float> sample, ref Pcg32 random)
    {
        if (sample.Length % 3 != 0) throw new ArgumentException($"a motion sample has 3 axes; {sample.Length} values are not whole vectors");
        Span<float> r = stackalloc float[9];
        bool rotate = Rotation != RotationKind.None;
        if (Rotation == RotationKind.Uniform) UniformRotation(ref random, r);
        else if (Rotation == RotationKind.Bounded) BoundedRotation(ref random, MaxAngleDegrees * MathF.PI / 180f, r);
        float gain = ScaleSpread > 0 ? 1f + random.NextSymmetric(ScaleSpread) : 1f;
        for (int t = 0; t < sample.Length; t += 3)
        {
            float x = sample[t], y = sample[t + 1], z = sample[t + 2];
            if (rotate)
            {
                sample[t] = gain * (r[0] * x + r[1] * y + r[2] * z);
                sample[t + 1] = gain * (r[3] * x + r[4] * y + r[5] * z);
                sample[t + 2] = gain * (r[6] * x + r[7] * y + r[8] * z);
            }
            else
            {
                sample[t] = gain * x;
                sample[t + 1] = gain * y;
                sample[t + 2] = gain * z;
            }
        }

        if (MaxShiftSamples > 0)
        {
            int steps = sample.Length / 3;
            int shift = (int)random.NextUInt32((uint)(2 * MaxShiftSamples + 1)) - MaxShiftSamples;
            if (shift != 0) Rotate(sample, ((shift % steps) + steps) % steps * 3);
        }
    }

    /// <summary>Row-major 3x3 matrix of a uniformly random rotation (Shoemake 1992: a uniform unit quaternion from three uniforms).</summary>
    public static void UniformRotation(ref Pcg32 random, Span<float> matrix)
    {
        float u1 = random.NextFloat(), u2 = random.NextFloat(), u3 = random.NextFloat();
        float a = MathF.Sqrt(1 - u1), b = MathF.Sqrt(u1);
        float w = a * MathF.Sin(2 * MathF.PI * u2), x = a * MathF.Cos(2 * MathF.PI * u2);
        float y = b * MathF.Sin(2 * MathF.PI * u3), z = b * MathF.Cos(2 * MathF.PI * u3);
        FromQuaternion(w, x, y, z, matrix);
    }

    /// <summary>Row-major 3x3 matrix of a rotation about a uniformly random axis by an angle uniform in ±<paramref name="maxRadians"/>.</summary>
    public static void BoundedRotation(ref Pcg32 random, float maxRadians, Span<float> matrix)
    {
        // A uniform axis: a normalised Gaussian-free draw, z uniform in [-1, 1] and an angle around it (Archimedes).
        float z = random.NextSymmetric(1f), phi = 2 * MathF.PI * random.NextFloat();
        float rho = MathF.Sqrt(MathF.Max(0f, 1 - z * z));
        float angle = random.NextSymmetric(maxRadians);
        float s = MathF.Sin(angle / 2), c = MathF.Cos(angle / 2);
        FromQuaternion(c, s * rho * MathF.Cos(phi), s * rho * MathF.Sin(phi), s * z, matrix);
    }

    private static void FromQuaternion(float w, float x, float y, float z, Span<float> m)
    {
        m[0] = 1 - 2 * (y * y + z * z); m[1] = 2 * (x * y - w * z); m[2] = 2 * (x * z + w * y);
        m[3] = 2 * (x * y + w * z); m[4] = 1 - 2 * (x * x + z * z); m[5] = 2 * (y * z - w * x);
        m[6] = 2 * (x * z - w * y); m[7] = 2 * (y * z + w * x); m[8] = 1 - 2 * (x * x + y * y);
    }

    // Circular left rotation by k values: three reversals, in place.
    private static void Rotate(Span<float> values, int k)
    {
        if (k == 0) return;
        values[..k].Reverse();
        values[k..].Reverse();
        values.Reverse();
    }
}
