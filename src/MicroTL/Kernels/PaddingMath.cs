// Output size and padding of windowed ops (CONV_2D, DEPTHWISE_CONV_2D, pools), as TFLite's
// tensorflow/lite/kernels/padding.h computes them.
using MicroTL.TfLite;

namespace MicroTL.Kernels;

/// <summary>Padding of a 2-D window: rows/columns added before the input (the extra one, if odd, goes after).</summary>
/// <param name="Height">Rows of padding on top.</param>
/// <param name="Width">Columns of padding on the left.</param>
/// <param name="HeightOffset">1 when the total vertical padding is odd (the extra row is at the bottom).</param>
/// <param name="WidthOffset">1 when the total horizontal padding is odd.</param>
public readonly record struct PaddingValues(int Height, int Width, int HeightOffset, int WidthOffset);

/// <summary>TFLite's padding and output-size formulas.</summary>
public static class PaddingMath
{
    /// <summary>
    /// TFLite's <c>ComputeOutSize</c>: SAME gives <c>ceil(in / stride)</c>, VALID gives
    /// <c>(in + stride - effectiveFilter) / stride</c> with <c>effectiveFilter = (filter - 1)·dilation + 1</c>;
    /// 0 for a zero stride. The result may be ≤ 0 for a filter larger than the input (callers reject that).
    /// </summary>
    public static int ComputeOutSize(Padding padding, int imageSize, int filterSize, int stride, int dilation = 1)
    {
        if (stride == 0) return 0;
        long effectiveFilter = (long)(filterSize - 1) * dilation + 1;
        return padding switch
        {
            Padding.Same => (int)(((long)imageSize + stride - 1) / stride),
            Padding.Valid => (int)(((long)imageSize + stride - effectiveFilter) / stride),
            _ => 0,
        };
    }

    /// <summary>
    /// TFLite's <c>ComputePaddingWithOffset</c>: total padding <c>max(0, (out - 1)·stride + effectiveFilter - in)</c>,
    /// split as <c>total / 2</c> before with <c>offset = total % 2</c>.
    /// </summary>
    public static int ComputePaddingWithOffset(int stride, int dilation, int inSize, int filterSize, int outSize, out int offset)
    {
        long effectiveFilter = (long)(filterSize - 1) * dilation + 1;
        long total = (long)(outSize - 1) * stride + effectiveFilter - inSize;
        total = total > 0 ? total : 0;
        offset = (int)(total % 2);
        return (int)(total / 2);
    }

    /// <summary>TFLite's <c>ComputePaddingHeightWidth</c>: the output size and padding of a 2-D window.</summary>
    public static PaddingValues ComputePaddingHeightWidth(
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth,
        int inHeight, int inWidth, int filterHeight, int filterWidth, Padding padding,
        out int outHeight, out int outWidth)
    {
        outWidth = ComputeOutSize(padding, inWidth, filterWidth, strideWidth, dilationWidth);
        outHeight = ComputeOutSize(padding, inHeight, filterHeight, strideHeight, dilationHeight);
        int height = ComputePaddingWithOffset(strideHeight, dilationHeight, inHeight, filterHeight, outHeight, out int heightOffset);
        int width = ComputePaddingWithOffset(strideWidth, dilationWidth, inWidth, filterWidth, outWidth, out int widthOffset);
        return new PaddingValues(height, width, heightOffset, widthOffset);
    }
}
