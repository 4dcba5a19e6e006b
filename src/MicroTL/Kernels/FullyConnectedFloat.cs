// FULLY_CONNECTED, float32, in TFLite's reference_ops::FullyConnected summation order.
// Layouts: input [B, D], weights [O, D], bias [O], output [B, O].
namespace MicroTL.Kernels;

/// <summary>Float fully connected layer.</summary>
/// <remarks><c>out[b,o] = clamp(Σ_d x[b,d]·w[o,d] + bias[o], activationMin, activationMax)</c>.</remarks>
public static class FullyConnectedFloat
{
    /// <summary>Runs the layer; <paramref name="bias"/> may be empty.</summary>
    public static void Run(int batches, int accumDepth, int outputDepth, float activationMin, float activationMax,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        for (int b = 0; b < batches; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * accumDepth, accumDepth);
            for (int o = 0; o < outputDepth; o++)
            {
                ReadOnlySpan<float> w = weights.Slice(o * accumDepth, accumDepth);
                float total = 0f;
                for (int d = 0; d < x.Length; d++) total += x[d] * w[d];
                float value = total + (bias.IsEmpty ? 0f : bias[o]);
                output[b * outputDepth + o] = Math.Min(Math.Max(value, activationMin), activationMax);
            }
        }
    }
}
