// SVDF (singular value decomposition filter) with int8 input and feature weights and an int8 or int16 state and time
// weights, bit-exact with TFLM's EvalIntegerSvdfReference. Letters: B batches, I input size, F filters (units × rank),
// M memory (time steps kept), U units, R rank. The state [B, F·M] keeps each filter's last M activations.
using System.Numerics;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>The fixed-point parameters of an int8 SVDF.</summary>
/// <param name="InputZeroPoint">Zero point of the input.</param>
/// <param name="StateZeroPoint">Zero point of the activation state.</param>
/// <param name="OutputZeroPoint">Zero point of the output.</param>
/// <param name="Multiplier1">QuantizeMultiplier(s_in · s_wf / s_state) significand (feature layer to state).</param>
/// <param name="Shift1">Its exponent.</param>
/// <param name="Multiplier2">QuantizeMultiplier(s_state · s_wt / s_out) significand (time layer to output).</param>
/// <param name="Shift2">Its exponent.</param>
public readonly record struct SvdfInt8Params(int InputZeroPoint, int StateZeroPoint, int OutputZeroPoint, int Multiplier1, int Shift1, int Multiplier2, int Shift2);

/// <summary>One SVDF step on int8 input.</summary>
public static class SvdfInt8
{
    /// <summary>
    /// Shifts the state one step back, writes each filter's new activation (feature weights · input) at its end, then
    /// sums state × time weights per filter (<paramref name="filterSums"/>, B·F), adds the bias per unit over the rank
    /// (<paramref name="unitSums"/>, B·U) and requantizes to the output.
    /// </summary>
    public static void Run<T>(in SvdfInt8Params p, int batches, int inputSize, int filters, int memory, int rank,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> featureWeights, ReadOnlySpan<T> timeWeights, ReadOnlySpan<int> bias,
        Span<T> state, Span<int> filterSums, Span<int> unitSums, Span<sbyte> output)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int units = filters / rank;
        int stateMin = int.CreateTruncating(T.MinValue), stateMax = int.CreateTruncating(T.MaxValue);
        int total = batches * filters * memory;
        state.Slice(1, total - 1).CopyTo(state[..(total - 1)]);

        for (int b = 0; b < batches; b++)
        for (int f = 0; f < filters; f++)
        {
            int dot = 0;
            ReadOnlySpan<sbyte> row = featureWeights.Slice(f * inputSize, inputSize), x = input.Slice(b * inputSize, inputSize);
            for (int c = 0; c < inputSize; c++) dot = unchecked(dot + row[c] * (x[c] - p.InputZeroPoint));
            dot = Math.Min(Math.Max(stateMin, MultiplyByQuantizedMultiplier(dot, p.Multiplier1, p.Shift1)), stateMax);
            state[(b * filters + f) * memory + memory - 1] = T.CreateTruncating(p.StateZeroPoint + dot);
        }

        for (int b = 0; b < batches; b++)
        for (int f = 0; f < filters; f++)
        {
            int sum = 0;
            ReadOnlySpan<T> w = timeWeights.Slice(f * memory, memory), s = state.Slice((b * filters + f) * memory, memory);
            for (int m = 0; m < memory; m++) sum = unchecked(sum + int.CreateTruncating(w[m]) * (int.CreateTruncating(s[m]) - p.StateZeroPoint));
            filterSums[b * filters + f] = sum;
        }

        for (int b = 0; b < batches; b++)
        for (int u = 0; u < units; u++)
        {
            int acc = bias.IsEmpty ? 0 : bias[u];
            for (int r = 0; r < rank; r++) acc = unchecked(acc + filterSums[b * filters + u * rank + r]);
            unitSums[b * units + u] = acc;
        }

        for (int i = 0; i < batches * units; i++)
            output[i] = ElementwiseLoops.SaturateInt8(MultiplyByQuantizedMultiplier(unitSums[i], p.Multiplier2, p.Shift2) + p.OutputZeroPoint);
    }
}
