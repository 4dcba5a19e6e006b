// The AVX2 requantization primitives and the vectorized ADD against their scalar references.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class VectorMathTests
{
    private static readonly int[] Edge = [0, 1, -1, 2, -2, 3, -3, 1 << 30, -(1 << 30), int.MaxValue, int.MinValue, int.MinValue + 1, 12345, -12345];

    private static int Pick(Random rng) => rng.Next(3) == 0 ? Edge[rng.Next(Edge.Length)] : rng.Next(int.MinValue, int.MaxValue);

    [Fact]
    public void SaturatingRoundingDoublingHighMul_RandomLanes_EqualsScalar()
    {
        if (!Avx2.IsSupported) return;
        var rng = new Random(5);
        var a = new int[8];
        var b = new int[8];
        for (int iter = 0; iter < 20000; iter++)
        {
            for (int i = 0; i < 8; i++)
            {
                a[i] = Pick(rng);
                b[i] = Math.Max(Pick(rng), int.MinValue + 1); // the multiplier is never int.MinValue
            }
            Vector256<int> r = VectorQuantizationMath.SaturatingRoundingDoublingHighMul(Vector256.Create(a), Vector256.Create(b));
            for (int i = 0; i < 8; i++)
                Assert.Equal(QuantizationMath.SaturatingRoundingDoublingHighMul(a[i], b[i]), r.GetElement(i));
        }
    }

    [Fact]
    public void RoundingDivideByPOT_RandomLanes_EqualsScalar()
    {
        if (!Avx2.IsSupported) return;
        var rng = new Random(6);
        var x = new int[8];
        for (int iter = 0; iter < 5000; iter++)
        {
            int e = rng.Next(0, 32);
            for (int i = 0; i < 8; i++) x[i] = Pick(rng);
            Vector256<int> r = VectorQuantizationMath.RoundingDivideByPOT(Vector256.Create(x), e);
            for (int i = 0; i < 8; i++) Assert.Equal(QuantizationMath.RoundingDivideByPOT(x[i], e), r.GetElement(i));
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplier_PerLaneShifts_EqualsScalar()
    {
        if (!Avx2.IsSupported) return;
        var rng = new Random(7);
        int[] x = new int[8], m = new int[8], s = new int[8];
        for (int iter = 0; iter < 20000; iter++)
        {
            for (int i = 0; i < 8; i++)
            {
                (m[i], s[i]) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, rng.Next(-30, 8)) * (0.5 + rng.NextDouble()));
                x[i] = s[i] > 0 ? rng.Next(-(1 << 20), 1 << 20) : Pick(rng);
            }
            Vector256<int> r = VectorQuantizationMath.MultiplyByQuantizedMultiplier(Vector256.Create(x), Vector256.Create(m), Vector256.Create(s));
            for (int i = 0; i < 8; i++) Assert.Equal(QuantizationMath.MultiplyByQuantizedMultiplier(x[i], m[i], s[i]), r.GetElement(i));
        }
    }

    [Fact]
    public void AddInt8Run_RandomParams_EqualsReference()
    {
        var rng = new Random(8);
        for (int iter = 0; iter < 300; iter++)
        {
            float s1 = (float)(0.001 + rng.NextDouble()), s2 = (float)(0.001 + rng.NextDouble()), so = (float)(0.002 + 2 * rng.NextDouble());
            int min = rng.Next(-128, 0), max = rng.Next(0, 128);
            AddInt8Params p = AddInt8Params.Create(s1, rng.Next(-128, 128), s2, rng.Next(-128, 128), so, rng.Next(-128, 128), min, max);
            int n = rng.Next(1, 70);
            var a = new sbyte[n];
            var b = new sbyte[n];
            for (int i = 0; i < n; i++) (a[i], b[i]) = ((sbyte)rng.Next(-128, 128), (sbyte)rng.Next(-128, 128));
            var expected = new sbyte[n];
            var actual = new sbyte[n];
            AddInt8.RunReference(p, a, b, expected);
            AddInt8.Run(p, a, b, actual, SimdSupport.Best);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AddInt8RunBroadcast_RowPlusColumn_EqualsElementwiseOfExpanded()
    {
        AddInt8Params p = AddInt8Params.Create(0.1f, 3, 0.05f, -2, 0.2f, 1, -128, 127);
        sbyte[] row = [1, -5, 9, 100], column = [7, -128, 127];
        Assert.True(BroadcastShape.TryCreate([1, 4], [3, 1], [3, 4], out BroadcastShape shape));
        var actual = new sbyte[12];
        AddInt8.RunBroadcast(p, shape, row, column, actual);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(AddInt8.AddOne(p, row[c], column[r]), actual[r * 4 + c]);
    }
}
