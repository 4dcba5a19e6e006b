// RESIZE_NEAREST_NEIGHBOR over [B, H, W, C], bit-exact with TFLite's reference_ops::ResizeNearestNeighbor: each output
// pixel copies the input pixel GetNearestNeighbor picks in float (floor, or round when aligning corners), any type.
namespace MicroTL.Kernels;

/// <summary>Nearest-neighbour resizing of image tensors.</summary>
public static class ResizeNearestNeighborKernel
{
    /// <summary>The input row or column output index <paramref name="index"/> reads (TFLite's GetNearestNeighbor).</summary>
    public static int NearestNeighbor(int index, int inputSize, int outputSize, bool alignCorners, bool halfPixelCenters)
    {
        float scale = alignCorners && outputSize > 1 ? (inputSize - 1) / (float)(outputSize - 1) : inputSize / (float)outputSize;
        float offset = halfPixelCenters ? 0.5f : 0f;
        float position = (index + offset) * scale;
        int value = Math.Min(alignCorners ? (int)MathF.Round(position, MidpointRounding.AwayFromZero) : (int)MathF.Floor(position), inputSize - 1);
        return halfPixelCenters ? Math.Max(0, value) : value;
    }

    /// <summary>
    /// Copies, per batch, output pixel (y, x) from input pixel (<paramref name="rows"/>[y], <paramref name="columns"/>[x]);
    /// <paramref name="rows"/> and <paramref name="columns"/> were computed once by <see cref="NearestNeighbor"/>.
    /// </summary>
    public static void Run<T>(int batches, int inputHeight, int inputWidth, int depth, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns,
        ReadOnlySpan<T> input, Span<T> output) where T : unmanaged
    {
        int o = 0;
        for (int b = 0; b < batches; b++)
        {
            int batchBase = b * inputHeight * inputWidth * depth;
            foreach (int inY in rows)
            foreach (int inX in columns)
            {
                input.Slice(batchBase + (inY * inputWidth + inX) * depth, depth).CopyTo(output.Slice(o, depth));
                o += depth;
            }
        }
    }
}
