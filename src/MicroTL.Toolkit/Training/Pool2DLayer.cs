// The window geometry shared by the pooling layers: KH x KW windows, stride SH x SW, TFLite padding.
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Training;

/// <summary>A pooling layer: per-channel windows over NHWC input; no parameters.</summary>
public abstract class Pool2DLayer : Layer
{
    /// <summary>Creates the layer; the output size follows TFLite's formula for <paramref name="padding"/>.</summary>
    protected Pool2DLayer(FeatureShape input, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding)
        : base(input, Conv2DLayer.OutputOf(input, input.Channels, poolHeight, poolWidth, strideHeight, strideWidth, padding,
            out int top, out int left), 0)
    {
        PoolHeight = poolHeight;
        PoolWidth = poolWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        Padding = padding;
        PadTop = top;
        PadLeft = left;
    }

    /// <summary>KH.</summary>
    public int PoolHeight { get; }

    /// <summary>KW.</summary>
    public int PoolWidth { get; }

    /// <summary>SH.</summary>
    public int StrideHeight { get; }

    /// <summary>SW.</summary>
    public int StrideWidth { get; }

    /// <summary>SAME or VALID.</summary>
    public Padding Padding { get; }

    /// <summary>Rows of padding above the input (SAME), 0 for VALID.</summary>
    protected int PadTop { get; }

    /// <summary>Columns of padding left of the input (SAME), 0 for VALID.</summary>
    protected int PadLeft { get; }
}
