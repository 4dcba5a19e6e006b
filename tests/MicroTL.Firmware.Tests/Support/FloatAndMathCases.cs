// Random cases of the float32 head's kernels (FULLY_CONNECTED, SOFTMAX) and of the fixed-point
// helpers (QuantizeMultiplier, MultiplyByQuantizedMultiplier, RoundingDivideByPOT, SRDHM, gemmlowp's
// exp and reciprocal) with their C# results.
using MicroTL.Kernels;

namespace MicroTL.Firmware.Tests.Support;

internal static class FloatAndMathCases
{
    /// <summary>kernel_runner.c's fixed-point function numbers and their arities.</summary>
    public enum FixedPointFunction
    {
        MultiplyByQuantizedMultiplier = 0, RoundingDivideByPot = 1, SaturatingRoundingDoublingHighMul = 2,
        ExpOnNegativeValuesQ5 = 3, OneOverOnePlusXForXIn01 = 4, SaturatingRoundingMultiplyByPot = 5,
    }

    public static KernelCase FullyConnectedFloat(Random rng)
    {
        int batches = rng.Next(1, 4), depth = rng.Next(1, 100), outputs = rng.Next(1, 33);
        float[] input = RandomValues.Floats(rng, batches * depth, 4f), weights = RandomValues.Floats(rng, outputs * depth, 0.5f);
        float[]? bias = rng.Next(4) == 0 ? null : RandomValues.Floats(rng, outputs, 1f);
        (float min, float max) = rng.Next(4) switch
        {
            0 => (float.MinValue, float.MaxValue),
            1 => (0f, float.MaxValue),
            2 => (0f, 6f),
            _ => (-1f, 1f),
        };
        var output = new float[batches * outputs];
        MicroTL.Kernels.FullyConnectedFloat.Run(batches, depth, outputs, min, max, input, weights, bias, output);
        return new KernelCase(KernelOp.FullyConnectedF32, $"B {batches} D {depth} O {outputs}, clamp [{min}, {max}], bias {(bias is null ? "none" : "yes")}")
            .Ints(batches, depth, outputs).Float(min).Float(max).Blob(input).Blob(weights).Blob(bias).Expect(output);
    }

    public static KernelCase SoftmaxFloat(Random rng)
    {
        int rows = rng.Next(1, 5), depth = rng.Next(1, 33);
        float beta = (float)(0.5 + rng.NextDouble() * 1.5);
        float[] input = RandomValues.Floats(rng, rows * depth, 12f);
        var output = new float[input.Length];
        MicroTL.Kernels.SoftmaxFloat.Run(rows, depth, beta, input, output);
        return new KernelCase(KernelOp.SoftmaxF32, $"R {rows} D {depth}, beta {beta}").Ints(rows, depth).Float(beta).Blob(input).Expect(output);
    }

    /// <summary>Real multipliers over 2^-45..2^12, and the edges: 0, one rounding up to 2^31, one flushing to 0, subnormals.</summary>
    public static KernelCase QuantizeMultiplier(Random rng, int count)
    {
        var reals = new List<double> { 0.0, 1.0, 0.5, 1.0 - Math.Pow(2, -33), Math.Pow(2, -32), Math.Pow(2, -40), double.Epsilon, 3e-310 };
        while (reals.Count < count) reals.Add(Math.Pow(2, rng.NextDouble() * 57 - 45));
        var expected = new int[2 * reals.Count];
        for (int i = 0; i < reals.Count; i++) (expected[2 * i], expected[2 * i + 1]) = QuantizationMath.QuantizeMultiplier(reals[i]);
        return new KernelCase(KernelOp.QuantizeMultiplier, $"{reals.Count} multipliers").Blob(reals.ToArray()).Expect(expected);
    }

    /// <summary>One fixed-point function over <paramref name="count"/> random argument tuples of its domain.</summary>
    public static KernelCase FixedPoint(Random rng, FixedPointFunction function, int count)
    {
        int arity = function switch
        {
            FixedPointFunction.MultiplyByQuantizedMultiplier => 3,
            FixedPointFunction.RoundingDivideByPot or FixedPointFunction.SaturatingRoundingDoublingHighMul
                or FixedPointFunction.SaturatingRoundingMultiplyByPot => 2,
            _ => 1,
        };
        var args = new int[count * arity];
        var expected = new int[count];
        for (int i = 0; i < count; i++)
        {
            Span<int> a = args.AsSpan(i * arity, arity);
            int x = i % 10 == 0 ? (i % 20 == 0 ? int.MinValue : int.MaxValue) : rng.Next(int.MinValue, int.MaxValue);
            switch (function)
            {
                case FixedPointFunction.MultiplyByQuantizedMultiplier:
                    (a[0], a[1], a[2]) = (x, rng.Next(1 << 30, int.MaxValue), rng.Next(-31, 9));
                    expected[i] = QuantizationMath.MultiplyByQuantizedMultiplier(a[0], a[1], a[2]);
                    break;
                case FixedPointFunction.RoundingDivideByPot:
                    (a[0], a[1]) = (x, rng.Next(0, 32));
                    expected[i] = QuantizationMath.RoundingDivideByPOT(a[0], a[1]);
                    break;
                case FixedPointFunction.SaturatingRoundingDoublingHighMul:
                    (a[0], a[1]) = (x, i % 10 == 0 ? x : rng.Next(int.MinValue, int.MaxValue));
                    expected[i] = QuantizationMath.SaturatingRoundingDoublingHighMul(a[0], a[1]);
                    break;
                case FixedPointFunction.ExpOnNegativeValuesQ5:
                    a[0] = i % 10 == 0 ? 0 : -rng.Next(0, int.MaxValue);
                    expected[i] = FixedPointMath.ExpOnNegativeValuesQ5(a[0]);
                    break;
                case FixedPointFunction.OneOverOnePlusXForXIn01:
                    a[0] = i % 10 == 0 ? 0 : rng.Next(0, int.MaxValue);
                    expected[i] = FixedPointMath.OneOverOnePlusXForXIn01(a[0]);
                    break;
                default:
                    (a[0], a[1]) = (x, rng.Next(-31, 31));
                    expected[i] = FixedPointMath.SaturatingRoundingMultiplyByPOT(a[0], a[1]);
                    break;
            }
        }
        return new KernelCase(KernelOp.FixedPoint, $"{function} over {count} arguments").Ints((int)function, arity).Blob(args).Expect(expected);
    }
}
