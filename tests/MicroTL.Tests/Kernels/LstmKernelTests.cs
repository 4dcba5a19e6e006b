// The LSTM step's fast path (dot products over biased rows, folded offsets) against the reference path in TFLM's
// order, byte for byte, on random shapes, weights, states and parameters, at every SIMD level.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class LstmKernelTests
{
    public static TheoryData<int, SimdLevel> Seeds()
    {
        var data = new TheoryData<int, SimdLevel>();
        for (int seed = 1; seed <= 12; seed++)
        foreach (SimdLevel level in new[] { SimdLevel.Scalar, SimdSupport.Best })
            data.Add(seed, level);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Step_RandomLstm_EqualsReferenceByteForByte(int seed, SimdLevel simd)
    {
        var random = new Random(seed);
        int rows = random.Next(1, 4), inputSize = random.Next(1, 40), stateSize = random.Next(1, 37);
        LstmInt8Params p = RandomParams(random);
        sbyte[][] wx = [.. Enumerable.Range(0, 4).Select(_ => Bytes(random, stateSize * inputSize))];
        sbyte[][] wh = [.. Enumerable.Range(0, 4).Select(_ => Bytes(random, stateSize * stateSize))];
        int[][] bias = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, stateSize).Select(_ => random.Next(-20000, 20000)).ToArray())];
        var x = new LstmGateSpans<sbyte>(wx[0], wx[1], wx[2], wx[3]);
        var h = new LstmGateSpans<sbyte>(wh[0], wh[1], wh[2], wh[3]);
        var b = new LstmGateSpans<int>(bias[0], bias[1], bias[2], bias[3]);
        sbyte[] input = Bytes(random, rows * inputSize), hidden = Bytes(random, rows * stateSize);
        short[] cell = [.. Enumerable.Range(0, rows * stateSize).Select(_ => (short)random.Next(short.MinValue, short.MaxValue))];

        sbyte[] hiddenRef = (sbyte[])hidden.Clone(), outRef = new sbyte[rows * stateSize];
        short[] cellRef = (short[])cell.Clone();
        LstmInt8.StepReference(p, rows, inputSize, stateSize, input, x, h, b, hiddenRef, cellRef, outRef, new short[4 * rows * stateSize]);

        int[] folded = LstmInt8.FoldBiases(p, x, h, b, inputSize, stateSize);
        var outFast = new sbyte[rows * stateSize];
        LstmInt8.Step(p, rows, inputSize, stateSize, input, x, h, folded, hidden, cell, outFast, new short[4 * rows * stateSize],
            new byte[LstmInt8.BiasedRowBytes(rows, inputSize, stateSize)], simd);

        Assert.Equal(outRef, outFast);
        Assert.Equal(hiddenRef, hidden);
        Assert.Equal(cellRef, cell);
    }

    [Fact]
    public void FullyConnectedToInt16_SaturatesLikeTflm()
    {
        var output = new short[1];
        // 4 · 127 · 127 · 2^(big) saturates to int16's maximum.
        LstmInt8.FullyConnectedToInt16(1, 4, 1, [127, 127, 127, 127], 0, [127, 127, 127, 127], default, int.MaxValue, 10, output);
        Assert.Equal(short.MaxValue, output[0]);
    }

    private static LstmInt8Params RandomParams(Random random)
    {
        LstmGateParams Gate() => new(random.Next(-128, 128), random.Next(1 << 30, int.MaxValue), random.Next(-12, 2),
            random.Next(-128, 128), random.Next(1 << 30, int.MaxValue), random.Next(-12, 2));
        LstmMulParams Mul(int min, int max, int offset) => new(random.Next(1 << 30, int.MaxValue), random.Next(-20, 0), offset, min, max);
        return new LstmInt8Params
        {
            Forget = Gate(), Input = Gate(), Cell = Gate(), Output = Gate(),
            ForgetCellMul = Mul(short.MinValue, short.MaxValue, 0), InputMul = Mul(short.MinValue, short.MaxValue, 0),
            OutputMul = Mul(sbyte.MinValue, sbyte.MaxValue, random.Next(-128, 128)),
            CellScalePower = random.Next(-15, -9), QuantizedCellClip = (short)random.Next(1000, 32767), ClipCell = random.Next(2) == 0,
            CellGateTanh = true,
        };
    }

    private static sbyte[] Bytes(Random random, int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return [.. bytes.Select(v => unchecked((sbyte)v))];
    }
}
