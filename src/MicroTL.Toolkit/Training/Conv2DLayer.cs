// CONV_2D in float32, NHWC. Letters: B batch, H/W input size, C input channels, O filters,
// KH/KW window, OH/OW output size, SH/SW stride. Filter layout OHWI = [O, KH, KW, C] and bias [O],
// exactly TFLite's, so export copies the buffer. Padding follows TFLite (SAME: pad before = total/2).
// For each output pixel and window row, the in-bounds part of the window is one contiguous run of
// (kx1 - kx0)·C values in both input and filter, so every inner loop is a dot product or an axpy.
using MicroTL.Kernels;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>A 2-D convolution with optional fused ReLU (a 1-D convolution when H = 1 and KH = 1).</summary>
public sealed class Conv2DLayer : Layer
{
    private readonly int _padTop, _padLeft;

    /// <summary>Creates the layer; the output size follows TFLite's formula for <paramref name="padding"/>.</summary>
    public Conv2DLayer(FeatureShape input, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        Padding padding, bool relu)
        : base(input, OutputOf(input, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, out int top, out int left),
            filters * kernelHeight * kernelWidth * input.Channels + filters)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        Padding = padding;
        Relu = relu;
        _padTop = top;
        _padLeft = left;
    }

    /// <summary>O, the output channels.</summary>
    public int Filters { get; }

    /// <summary>KH.</summary>
    public int KernelHeight { get; }

    /// <summary>KW.</summary>
    public int KernelWidth { get; }

    /// <summary>SH.</summary>
    public int StrideHeight { get; }

    /// <summary>SW.</summary>
    public int StrideWidth { get; }

    /// <summary>SAME or VALID.</summary>
    public Padding Padding { get; }

    /// <summary>True when ReLU is fused into the output.</summary>
    public bool Relu { get; }

    /// <summary>Weights in the parameter slice: O·KH·KW·C, then O biases.</summary>
    public int WeightCount => Filters * KernelHeight * KernelWidth * InputShape.Channels;

    /// <inheritdoc/>
    public override void Initialize(Span<float> parameters, ref Pcg32 random)
    {
        float limit = HeLimit(KernelHeight * KernelWidth * InputShape.Channels);
        for (int i = 0; i < WeightCount; i++) parameters[i] = random.NextSymmetric(limit);
        parameters[WeightCount..].Clear();
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        ReadOnlySpan<float> filter = parameters[..WeightCount];
        ReadOnlySpan<float> bias = parameters[WeightCount..];
        int c = InputShape.Channels, oh = OutputShape.Height, ow = OutputShape.Width;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * InputShape.Size, InputShape.Size);
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            {
                Window(oy, ox, out int iy0, out int ix0, out int ky0, out int ky1, out int kx0, out int kx1);
                int run = (kx1 - kx0) * c;
                Span<float> y = output.Slice(b * OutputShape.Size + (oy * ow + ox) * Filters, Filters);
                for (int o = 0; o < Filters; o++)
                {
                    float sum = bias[o];
                    for (int ky = ky0; ky < ky1; ky++)
                    {
                        int xAt = ((iy0 + ky) * InputShape.Width + ix0 + kx0) * c;
                        int fAt = ((o * KernelHeight + ky) * KernelWidth + kx0) * c;
                        sum += VectorMath.Dot(x.Slice(xAt, run), filter.Slice(fAt, run));
                    }

                    y[o] = Relu && sum < 0f ? 0f : sum;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        ReadOnlySpan<float> filter = parameters[..WeightCount];
        Span<float> dFilter = parameterGradient[..WeightCount];
        Span<float> dBias = parameterGradient[WeightCount..];
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput) inputGradient[..(batch * InputShape.Size)].Clear();
        int c = InputShape.Channels, oh = OutputShape.Height, ow = OutputShape.Width;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * InputShape.Size, InputShape.Size);
            Span<float> dx = wantInput ? inputGradient.Slice(b * InputShape.Size, InputShape.Size) : default;
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            {
                Window(oy, ox, out int iy0, out int ix0, out int ky0, out int ky1, out int kx0, out int kx1);
                int run = (kx1 - kx0) * c;
                int at = b * OutputShape.Size + (oy * ow + ox) * Filters;
                for (int o = 0; o < Filters; o++)
                {
                    float g = outputGradient[at + o];
                    if (Relu && output[at + o] <= 0f) g = 0f;
                    if (g == 0f) continue;
                    dBias[o] += g;
                    for (int ky = ky0; ky < ky1; ky++)
                    {
                        int xAt = ((iy0 + ky) * InputShape.Width + ix0 + kx0) * c;
                        int fAt = ((o * KernelHeight + ky) * KernelWidth + kx0) * c;
                        VectorMath.Axpy(g, x.Slice(xAt, run), dFilter.Slice(fAt, run));
                        if (wantInput) VectorMath.Axpy(g, filter.Slice(fAt, run), dx.Slice(xAt, run));
                    }
                }
            }
        }
    }

    /// <summary>Top-left input position of output (oy, ox) and the in-bounds window rows [ky0, ky1) and columns [kx0, kx1).</summary>
    private void Window(int oy, int ox, out int iy0, out int ix0, out int ky0, out int ky1, out int kx0, out int kx1)
    {
        iy0 = oy * StrideHeight - _padTop;
        ix0 = ox * StrideWidth - _padLeft;
        ky0 = Math.Max(0, -iy0);
        ky1 = Math.Min(KernelHeight, InputShape.Height - iy0);
        kx0 = Math.Max(0, -ix0);
        kx1 = Math.Min(KernelWidth, InputShape.Width - ix0);
    }

    internal static FeatureShape OutputOf(FeatureShape input, int channels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, Padding padding, out int padTop, out int padLeft)
    {
        if (kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1 || channels < 1)
            throw new ArgumentException($"window {kernelHeight}x{kernelWidth}, stride {strideHeight}x{strideWidth}, {channels} channels: all must be >= 1");
        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(strideHeight, strideWidth, 1, 1, input.Height, input.Width,
            kernelHeight, kernelWidth, padding, out int oh, out int ow);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"window {kernelHeight}x{kernelWidth} does not fit input {input} with {padding} padding");
        padTop = pad.Height;
        padLeft = pad.Width;
        return new FeatureShape(oh, ow, channels);
    }
}
