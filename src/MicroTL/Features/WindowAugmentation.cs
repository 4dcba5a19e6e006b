// Perturbed copies of a labelled 3-axis motion window on the device: each copy is rotated about a random axis, scaled by
// a random gain and shifted circularly in time, then written into the model's input tensor for the body to turn into
// one more stored record. A watch sits at another angle on another wrist, a person moves with another amplitude and a
// window starts at another phase of the gait; the copies teach the head to ignore all three. Float32 in a fixed order
// (DeviceMath for sine and cosine), so a C99 port writes the same int8 copies bit for bit.
// Layout: the input tensor holds T x 3 values, value[3t + a] (a = x, y, z), int8 (with its scale and zero point) or float32.
using System.Runtime.InteropServices;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Features;

/// <summary>Writes random perturbations of a 3-axis window into a model's input tensor (see the file's header).</summary>
/// <remarks>
/// <para>Draws of one copy, in this order from the run's <see cref="Pcg32"/> (stream <see cref="RandomStreams.Augmentation"/>):
/// the rotation axis <c>z = NextSymmetric(1)</c>, <c>φ = 2π·NextFloat()</c>; the angle <c>θ = NextSymmetric(MaxAngleRadians)</c>;
/// the gain <c>g = 1 + NextSymmetric(GainSpread)</c>; the shift <c>s = NextUInt32(2·MaxShiftSamples + 1) − MaxShiftSamples</c>
/// (the draws of the host's <c>MotionAugmentation</c> with a bounded rotation).</para>
/// <para>The rotation: <c>ρ = sqrt(max(0, 1 − z·z))</c>, <c>h = θ·0.5</c>, the unit quaternion <c>(w, x, y, z) =
/// (cos h, sin h·ρ·cos φ, sin h·ρ·sin φ, sin h·z)</c> (products left to right) and its row-major matrix
/// <c>m = [1 − 2(y²+z²), 2(xy − wz), 2(xz + wy); 2(xy + wz), 1 − 2(x²+z²), 2(yz − wx); 2(xz − wy), 2(yz + wx), 1 − 2(x²+y²)]</c>.
/// Output sample t is input sample <c>u = (t + s) mod T</c> (a circular left shift by s): <c>v = (x_u, y_u, z_u)</c> dequantized,
/// <c>out_a = g·((m[a,0]·v_x + m[a,1]·v_y) + m[a,2]·v_z)</c>, requantized as the model's input is quantized:
/// <c>clamp(round_half_away(out / scale) + zeroPoint, −128, 127)</c> (C: <c>roundf</c>).</para>
/// </remarks>
public sealed record WindowAugmentation
{
    /// <summary>The recipe's largest rotation: 10° (docs/recipe-study.md).</summary>
    public const float DefaultMaxAngleRadians = 10f * (MathF.PI / 180f);

    /// <summary>The recipe's gain half-width: gains in [0.9, 1.1].</summary>
    public const float DefaultGainSpread = 0.1f;

    /// <summary>The recipe's largest circular shift, either way: 50 samples (2.5 s of a 20 Hz window).</summary>
    public const int DefaultMaxShiftSamples = 50;

    private const float TwoPi = 6.28318530717958648f;

    private readonly bool _quantized;
    private readonly float _scale;
    private readonly int _zeroPoint;

    private WindowAugmentation(int steps, bool quantized, float scale, int zeroPoint)
    {
        Steps = steps;
        _quantized = quantized;
        _scale = scale;
        _zeroPoint = zeroPoint;
    }

    /// <summary>T, the samples of each axis.</summary>
    public int Steps { get; }

    /// <summary>Bytes of one window in the input tensor (T x 3 int8 values or float32s): the copy of the original the device keeps while it writes the perturbed ones.</summary>
    public int WindowBytes => 3 * Steps * (_quantized ? 1 : sizeof(float));

    /// <summary>Largest rotation angle, radians.</summary>
    public float MaxAngleRadians { get; init; } = DefaultMaxAngleRadians;

    /// <summary>Half-width of the gain range.</summary>
    public float GainSpread { get; init; } = DefaultGainSpread;

    /// <summary>Largest circular shift either way, in samples (at most T - 1).</summary>
    public int MaxShiftSamples { get; init; } = DefaultMaxShiftSamples;

    /// <summary>
    /// Float operations of one copy, for the cost model: 27 a sample (3 dequantized, 9 products and 6 sums of the rotation,
    /// 3 gains, 3 divisions and 3 roundings of the requantization) and 120 for the draws, the quaternion and the matrix.
    /// </summary>
    public long OperationsPerCopy => 27L * Steps + 120;

    /// <summary>
    /// The augmentation of <paramref name="model"/>'s input, or null with <paramref name="reason"/> when the input is not a
    /// 3-axis window (int8 per-tensor quantized or float32, last dimension 3, at least 2 samples).
    /// </summary>
    public static WindowAugmentation? For(TfLiteModel model, out string reason)
    {
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        string shape = "[" + string.Join(", ", input.Shape) + "]";
        if (input.Shape.Length == 0 || input.Shape[^1] != 3 || input.ElementCount < 6)
        {
            reason = $"the model's input '{input.Name}' {shape} is not a 3-axis window (T x 3 values, T >= 2)";
            return null;
        }

        int steps = checked((int)(input.ElementCount / 3));
        if (input.Type == TensorType.Float32)
        {
            reason = "";
            return new WindowAugmentation(steps, false, 1f, 0);
        }

        if (input.Type != TensorType.Int8 || input.Quantization is not { IsPerChannel: false, Scale.Length: 1 } q || !(q.Scale[0] > 0f))
        {
            reason = $"the model's input '{input.Name}' is {input.Type}; augmentation needs an int8 (per-tensor quantized) or float32 window";
            return null;
        }

        reason = "";
        return new WindowAugmentation(steps, true, q.Scale[0], (int)q.ZeroPoint[0]);
    }

    /// <summary>Writes one perturbed copy of <paramref name="window"/> into <paramref name="destination"/> (see the type's remarks).</summary>
    /// <exception cref="ArgumentException">A span does not hold <see cref="WindowBytes"/> bytes.</exception>
    public void WriteCopy(ReadOnlySpan<byte> window, Span<byte> destination, ref Pcg32 random)
    {
        if (window.Length != WindowBytes || destination.Length != WindowBytes)
            throw new ArgumentException($"a window has {WindowBytes} bytes; got {window.Length} in and {destination.Length} out");
        Span<float> m = stackalloc float[9];
        float axisZ = random.NextSymmetric(1f);
        float phi = TwoPi * random.NextFloat();
        float angle = random.NextSymmetric(MaxAngleRadians);
        float gain = 1f + random.NextSymmetric(GainSpread);
        int shift = MaxShiftSamples > 0 ? (int)random.NextUInt32((uint)(2 * MaxShiftSamples + 1)) - MaxShiftSamples : 0;
        RotationMatrix(axisZ, phi, angle, m);
        int start = ((shift % Steps) + Steps) % Steps;
        for (int t = 0; t < Steps; t++)
        {
            int u = t + start < Steps ? t + start : t + start - Steps;
            float x = Read(window, 3 * u), y = Read(window, 3 * u + 1), z = Read(window, 3 * u + 2);
            for (int a = 0; a < 3; a++)
                Write(destination, 3 * t + a, gain * (m[3 * a] * x + m[3 * a + 1] * y + m[3 * a + 2] * z));
        }
    }

    /// <summary>The row-major matrix of the rotation about the axis (ρ cos φ, ρ sin φ, z), ρ = sqrt(1 − z²), by <paramref name="angle"/> (see the type's remarks).</summary>
    public static void RotationMatrix(float axisZ, float phi, float angle, Span<float> m)
    {
        float rho = DeviceMath.Sqrt(Math.Max(0f, 1f - axisZ * axisZ));
        float half = angle * 0.5f;
        float s = DeviceMath.Sin(half), w = DeviceMath.Cos(half);
        float x = s * rho * DeviceMath.Cos(phi), y = s * rho * DeviceMath.Sin(phi), z = s * axisZ;
        m[0] = 1f - 2f * (y * y + z * z);
        m[1] = 2f * (x * y - w * z);
        m[2] = 2f * (x * z + w * y);
        m[3] = 2f * (x * y + w * z);
        m[4] = 1f - 2f * (x * x + z * z);
        m[5] = 2f * (y * z - w * x);
        m[6] = 2f * (x * z - w * y);
        m[7] = 2f * (y * z + w * x);
        m[8] = 1f - 2f * (x * x + y * y);
    }

    private float Read(ReadOnlySpan<byte> window, int index) =>
        _quantized ? _scale * ((sbyte)window[index] - _zeroPoint) : MemoryMarshal.Read<float>(window[(4 * index)..]);

    private void Write(Span<byte> destination, int index, float value)
    {
        if (!_quantized)
        {
            MemoryMarshal.Write(destination[(4 * index)..], in value);
            return;
        }

        float steps = MathF.Round(value / _scale, MidpointRounding.AwayFromZero);
        float q = float.IsNaN(steps) ? _zeroPoint : Math.Clamp(steps + _zeroPoint, -128f, 127f);
        destination[index] = (byte)(sbyte)q;
    }
}
