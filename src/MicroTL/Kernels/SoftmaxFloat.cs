// SOFTMAX, float32, as TFLite's reference_ops::Softmax. Layout: [R, D], softmax over the last axis.
namespace MicroTL.Kernels;

/// <summary>Float softmax with temperature β.</summary>
/// <remarks><c>y_c = exp(β·(x_c - max)) / Σ_k exp(β·(x_k - max))</c>, in single precision.</remarks>
public static class SoftmaxFloat
{
    /// <summary>Runs the softmax over <paramref name="rows"/> rows of <paramref name="depth"/> values.</summary>
    public static void Run(int rows, int depth, float beta, ReadOnlySpan<float> input, Span<float> output)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * depth, depth);
            Span<float> y = output.Slice(r * depth, depth);
            float max = float.MinValue;
            for (int c = 0; c < depth; c++) max = Math.Max(max, x[c]);
            float sum = 0f;
            for (int c = 0; c < depth; c++)
            {
                float e = MathF.Exp((x[c] - max) * beta);
                y[c] = e;
                sum += e;
            }
            for (int c = 0; c < depth; c++) y[c] /= sum;
        }
    }
}
