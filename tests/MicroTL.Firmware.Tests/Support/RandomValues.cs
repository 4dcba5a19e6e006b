// Seeded random tensors and quantization parameters for the kernel cases.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

internal static class RandomValues
{
    public static sbyte[] Int8(Random rng, int count)
    {
        var values = new sbyte[count];
        for (int i = 0; i < count; i++) values[i] = (sbyte)rng.Next(-128, 128);
        return values;
    }

    /// <summary>Biases around ±2^14, with one in eight cases near the int32 limits so the sums wrap (C#: unchecked).</summary>
    public static int[] Bias(Random rng, int count)
    {
        bool extreme = rng.Next(8) == 0;
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = extreme ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(-(1 << 14), 1 << 14);
        return values;
    }

    public static float[] Floats(Random rng, int count, float magnitude)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)((rng.NextDouble() * 2 - 1) * magnitude);
        return values;
    }

    /// <summary>A real multiplier s_in·s_w/s_out as a model has them: mostly 2^-14..2^-1, sometimes above 1.</summary>
    public static double RealMultiplier(Random rng) => Math.Pow(2, rng.NextDouble() * (rng.Next(6) == 0 ? 18 : 13) - 14);

    /// <summary>QuantizeMultiplier of <paramref name="count"/> random real multipliers.</summary>
    public static (int[] Multipliers, int[] Shifts) Multipliers(Random rng, int count)
    {
        var m = new int[count];
        var s = new int[count];
        for (int i = 0; i < count; i++) (m[i], s[i]) = QuantizationMath.QuantizeMultiplier(RealMultiplier(rng));
        return (m, s);
    }

    /// <summary>An activation clamp inside int8: the full range, a ReLU-like floor, or a random window.</summary>
    public static (int Min, int Max) Clamp(Random rng) => rng.Next(3) switch
    {
        0 => (-128, 127),
        1 => (rng.Next(-128, 0), 127),
        _ => Window(rng),
    };

    private static (int Min, int Max) Window(Random rng)
    {
        int min = rng.Next(-128, 100);
        return (min, rng.Next(min, 128));
    }

    public static int ZeroPoint(Random rng) => rng.Next(-128, 128);

    public static Padding PaddingKind(Random rng) => rng.Next(2) == 0 ? Padding.Same : Padding.Valid;
}
