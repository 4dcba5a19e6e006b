// Random windows, requantizations and data for the kernel tests.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

internal static class KernelShapes
{
    // A window op over random spatial sizes (up to 14), strides, dilation (unless dilated is false) and SAME or VALID padding.
    public static ConvGeometry Window(Random rng, int channels, int outChannels, int fh, int fw, int depthMultiplier,
        int filterInputChannels, bool dilated = true)
    {
        while (true)
        {
            int h = rng.Next(1, 15), w = rng.Next(1, 15), sh = rng.Next(1, 3), sw = rng.Next(1, 3);
            int dh = dilated && rng.Next(4) == 0 ? 2 : 1, dw = dilated && rng.Next(4) == 0 ? 2 : 1;
            var padding = rng.Next(2) == 0 ? MicroTL.TfLite.Padding.Same : MicroTL.TfLite.Padding.Valid;
            PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(sh, sw, dh, dw, h, w, fh, fw, padding, out int oh, out int ow);
            if (oh < 1 || ow < 1) continue;
            return new ConvGeometry(rng.Next(1, 3), h, w, channels, fh, fw, filterInputChannels, oh, ow, outChannels,
                sh, sw, dh, dw, pad.Height, pad.Width, depthMultiplier);
        }
    }

    // Per-channel multipliers, an input offset anywhere in [-127, 128] (its zero point an int8), output clamps.
    public static Int8Requantization Requantization(Random rng, int channels, out int inputOffset)
    {
        var mult = new int[channels];
        var shift = new int[channels];
        for (int i = 0; i < channels; i++)
            (mult[i], shift[i]) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, -rng.Next(4, 16)) * (0.5 + rng.NextDouble()));
        inputOffset = rng.Next(5) == 0 ? (rng.Next(2) == 0 ? -127 : 128) : -rng.Next(-128, 128);
        return new Int8Requantization(mult, shift, inputOffset, rng.Next(-128, 128), rng.Next(-128, 0), rng.Next(0, 128));
    }

    public static sbyte[] RandomBytes(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }

    public static int[] RandomInts(Random rng, int n, int range)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rng.Next(-range, range);
        return a;
    }
}
