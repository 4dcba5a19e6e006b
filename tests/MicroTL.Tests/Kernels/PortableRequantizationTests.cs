using System.Runtime.Intrinsics;
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class PortableRequantizationTests
{
    [Fact]
    public void Store8_RandomChannelsAndAccumulators_EqualsScalarRequantize()
    {
        var rng = new Random(808);
        for (int iter = 0; iter < 500; iter++)
        {
            const int Channels = 16;
            var mult = new int[Channels];
            var shift = new int[Channels];
            for (int c = 0; c < Channels; c++)
            {
                // Right shifts up to 31 and left shifts up to 6, as real and extreme scales give.
                double scale = rng.Next(8) == 0 ? Math.Pow(2, rng.Next(0, 6)) * (0.5 + rng.NextDouble()) : Math.Pow(2, -rng.Next(0, 31)) * (0.5 + rng.NextDouble());
                (mult[c], shift[c]) = QuantizationMath.QuantizeMultiplier(scale);
            }
            bool perTensor = rng.Next(4) == 0;
            var q = perTensor
                ? new Int8Requantization(mult[..1], shift[..1], 0, rng.Next(-128, 128), rng.Next(-128, 0), rng.Next(0, 128))
                : new Int8Requantization(mult, shift, 0, rng.Next(-128, 128), rng.Next(-128, 0), rng.Next(0, 128));
            var requantize = new PortableRequantization(q, Channels, new int[Channels], new int[Channels], new int[Channels], new long[Channels]);
            var acc = new int[Channels];
            for (int c = 0; c < Channels; c++)
                acc[c] = rng.Next(5) switch { 0 => int.MinValue + rng.Next(100), 1 => int.MaxValue - rng.Next(100), 2 => rng.Next(-100, 100), _ => rng.Next(int.MinValue, int.MaxValue) };

            var actual = new sbyte[Channels];
            for (int o = 0; o < Channels; o += 8)
                requantize.Store8(Vector128.Create(acc.AsSpan(o, 4)), Vector128.Create(acc.AsSpan(o + 4, 4)), o, ref actual[o]);

            for (int c = 0; c < Channels; c++)
                Assert.True(q.Requantize(acc[c], c) == actual[c], $"iteration {iter}, channel {c}: acc {acc[c]}, multiplier {mult[perTensor ? 0 : c]}, shift {shift[perTensor ? 0 : c]}");
        }
    }
}
