// SOFTMAX, int8 in, int8 out (scale 1/256, zero point -128), bit-exact with TFLite's reference
// Softmax<int8, int8> on gemmlowp fixed point. Layout: [R, D], softmax over the last axis D.
using static MicroTL.Kernels.FixedPointMath;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Quantized softmax with gemmlowp's fixed-point exp and reciprocal.</summary>
/// <remarks>
/// Per row: <c>diff = x - max</c>; entries with <c>diff &lt; diffMin</c> output -128; the others compute
/// <c>e = exp_Q5(SRDHM(diff·2^leftShift, multiplier))</c>, accumulate <c>Σ e</c> in Q12.19, and output
/// <c>RoundingDivideByPOT(recip · e, bitsOverUnit + 23) - 128</c>, clamped to int8.
/// </remarks>
public static class SoftmaxInt8
{
    private const int ScaledDiffIntegerBits = 5;
    private const int AccumulationIntegerBits = 12;

    /// <summary>The multiplier, left shift and diffMin TFLM derives from β and the input scale.</summary>
    public static (int Multiplier, int LeftShift, int DiffMin) ComputeParams(double beta, double inputScale)
    {
        (int multiplier, int leftShift) = PreprocessSoftmaxScaling(beta, inputScale, ScaledDiffIntegerBits);
        int diffMin = (int)(-1.0 * CalculateInputRadius(ScaledDiffIntegerBits, leftShift));
        return (multiplier, leftShift, diffMin);
    }

    /// <summary>Runs the softmax over <paramref name="rows"/> rows of <paramref name="depth"/> values.</summary>
    public static void Run(int rows, int depth, int inputMultiplier, int inputLeftShift, int diffMin,
        ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Run<sbyte>(rows, depth, inputMultiplier, inputLeftShift, diffMin, input, output);

    /// <summary>
    /// The softmax into int16 (scale 1/65536, zero point -32768), as TFLite's Softmax&lt;int8, int16&gt;: the same
    /// arithmetic with 16 output bits.
    /// </summary>
    public static void RunToInt16(int rows, int depth, int inputMultiplier, int inputLeftShift, int diffMin,
        ReadOnlySpan<sbyte> input, Span<short> output) =>
        Run<short>(rows, depth, inputMultiplier, inputLeftShift, diffMin, input, output);

    private static void Run<TOut>(int rows, int depth, int inputMultiplier, int inputLeftShift, int diffMin,
        ReadOnlySpan<sbyte> input, Span<TOut> output) where TOut : unmanaged, System.Numerics.IBinaryInteger<TOut>, System.Numerics.IMinMaxValue<TOut>
    {
        int outputBits = System.Runtime.CompilerServices.Unsafe.SizeOf<TOut>() * 8;
        int outMin = int.CreateTruncating(TOut.MinValue), outMax = int.CreateTruncating(TOut.MaxValue);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<sbyte> x = input.Slice(r * depth, depth);
            Span<TOut> y = output.Slice(r * depth, depth);
            int max = x[0];
            for (int c = 1; c < depth; c++) max = Math.Max(max, x[c]);

            int sumOfExps = 0; // Q12.19
            for (int c = 0; c < depth; c++)
            {
                int diff = x[c] - max;
                if (diff >= diffMin)
                {
                    int scaled = MultiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift);
                    sumOfExps = unchecked(sumOfExps + SaturatingRoundingMultiplyByPOT(ExpOnNegativeValuesQ5(scaled), -AccumulationIntegerBits));
                }
            }

            int shiftedScale = GetReciprocal(sumOfExps, AccumulationIntegerBits, out int numBitsOverUnit);
            for (int c = 0; c < depth; c++)
            {
                int diff = x[c] - max;
                if (diff >= diffMin)
                {
                    int scaled = MultiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift);
                    int exp = ExpOnNegativeValuesQ5(scaled);
                    int unsat = RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(shiftedScale, exp), numBitsOverUnit + 31 - outputBits);
                    y[c] = TOut.CreateTruncating(Math.Max(Math.Min(unsat + outMin, outMax), outMin));
                }
                else
                {
                    y[c] = TOut.MinValue;
                }
            }
        }
    }
}
