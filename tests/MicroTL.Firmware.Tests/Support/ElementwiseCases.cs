// Random cases of the int8 and conversion kernels without windows (FULLY_CONNECTED, SOFTMAX, ADD,
// QUANTIZE, requantize, DEQUANTIZE, RESHAPE) with their C# reference outputs.
using MicroTL.Kernels;

namespace MicroTL.Firmware.Tests.Support;

internal static class ElementwiseCases
{
    public static KernelCase FullyConnected(Random rng)
    {
        int batches = rng.Next(1, 4), depth = rng.Next(1, 41), outputs = rng.Next(1, 11);
        bool perChannel = rng.Next(2) == 0;
        // Per-tensor weights may have a zero point (the filter offset); per-channel weights are symmetric.
        RequantizationCase r = WindowCases.Requantization(rng, outputs, perChannel, perChannel ? 0 : -RandomValues.ZeroPoint(rng));
        sbyte[] input = RandomValues.Int8(rng, batches * depth), weights = RandomValues.Int8(rng, outputs * depth);
        int[]? bias = rng.Next(5) == 0 ? null : RandomValues.Bias(rng, outputs);
        var output = new sbyte[batches * outputs];
        FullyConnectedInt8.RunReference(r.Create(), batches, depth, outputs, input, weights, bias, output);
        return new KernelCase(KernelOp.FullyConnectedS8, $"B {batches} D {depth} O {outputs}, {r}, bias {(bias is null ? "none" : "yes")}")
            .Ints(batches, depth, outputs).Ints(r.M.Length, r.InputOffset, r.OutputOffset, r.FilterOffset, r.Min, r.Max)
            .Blob(input).Blob(weights).Blob(bias).Blob(r.M).Blob(r.S).Expect(output);
    }

    public static KernelCase Softmax(Random rng)
    {
        int rows = rng.Next(1, 5), depth = rng.Next(1, 21);
        double beta = 0.5 + rng.NextDouble() * 1.5, inputScale = Math.Pow(2, -8 + rng.NextDouble() * 7);
        (int multiplier, int leftShift, int diffMin) = SoftmaxInt8.ComputeParams(beta, inputScale);
        sbyte[] input = RandomValues.Int8(rng, rows * depth);
        var output = new sbyte[input.Length];
        SoftmaxInt8.Run(rows, depth, multiplier, leftShift, diffMin, input, output);
        return new KernelCase(KernelOp.SoftmaxS8, $"R {rows} D {depth}, beta {beta}, scale {inputScale}")
            .Ints(rows, depth, multiplier, leftShift, diffMin).Blob(input).Expect(output);
    }

    public static KernelCase Add(Random rng)
    {
        AddInt8Params p = AddParams(rng);
        int size = rng.Next(1, 60);
        sbyte[] a = RandomValues.Int8(rng, size), b = RandomValues.Int8(rng, size);
        var output = new sbyte[size];
        AddInt8.RunReference(p, a, b, output);
        return WriteAdd(new KernelCase(KernelOp.AddS8, $"{size} elements, {p}"), p).Blob(a).Blob(b).Expect(output);
    }

    public static KernelCase AddBroadcast(Random rng)
    {
        AddInt8Params p = AddParams(rng);
        int rank = rng.Next(1, 7);
        var outShape = new int[rank];
        for (int d = 0; d < rank; d++) outShape[d] = rng.Next(1, 4);
        int[] shape1 = BroadcastFrom(rng, outShape), shape2 = BroadcastFrom(rng, outShape);
        Assert.True(BroadcastShape.TryCreate(shape1, shape2, outShape, out BroadcastShape shape));
        sbyte[] a = RandomValues.Int8(rng, Elements(shape1)), b = RandomValues.Int8(rng, Elements(shape2));
        var output = new sbyte[Elements(outShape)];
        AddInt8.RunBroadcast(p, shape, a, b, output);
        var c = new KernelCase(KernelOp.AddS8Broadcast, $"[{string.Join(",", shape1)}] + [{string.Join(",", shape2)}] -> [{string.Join(",", outShape)}], {p}");
        WriteAdd(c, p);
        for (int d = 0; d < BroadcastShape.MaxRank; d++) c.Ints(shape.Extent(d));
        for (int d = 0; d < BroadcastShape.MaxRank; d++) c.Ints(shape.Stride1(d));
        for (int d = 0; d < BroadcastShape.MaxRank; d++) c.Ints(shape.Stride2(d));
        return c.Blob(a).Blob(b).Expect(output);
    }

    public static KernelCase QuantizeFloat(Random rng)
    {
        float scale = (float)Math.Pow(2, -10 + rng.NextDouble() * 10);
        int zeroPoint = RandomValues.ZeroPoint(rng), size = rng.Next(1, 80);
        float[] input = RandomValues.Floats(rng, size, 200 * scale);
        // Exact ties (k + 1/2)·scale, values far out of range, infinities and NaN.
        for (int i = 0; i < size; i += 5) input[i] = (rng.Next(-300, 300) + 0.5f) * scale;
        float[] specials = [1e12f, -1e12f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0f];
        for (int i = 3; i < size; i += 7) input[i] = specials[rng.Next(specials.Length)];
        var output = new sbyte[size];
        QuantizeFloatToInt8.Run(scale, zeroPoint, input, output);
        return new KernelCase(KernelOp.QuantizeF32S8, $"{size} elements, scale {scale}, zero point {zeroPoint}")
            .Ints(size).Float(scale).Ints(zeroPoint).Blob(input).Expect(output);
    }

    public static KernelCase Requantize(Random rng)
    {
        (int multiplier, int shift) = QuantizationMath.QuantizeMultiplier(Math.Pow(2, -4 + rng.NextDouble() * 6));
        int inZp = RandomValues.ZeroPoint(rng), outZp = RandomValues.ZeroPoint(rng), size = rng.Next(1, 80);
        sbyte[] input = RandomValues.Int8(rng, size);
        var output = new sbyte[size];
        RequantizeInt8.Run(multiplier, shift, inZp, outZp, input, output);
        return new KernelCase(KernelOp.RequantizeS8, $"{size} elements, m {multiplier} shift {shift}, zero points {inZp} -> {outZp}")
            .Ints(size, multiplier, shift, inZp, outZp).Blob(input).Expect(output);
    }

    public static KernelCase Dequantize(Random rng)
    {
        float scale = (float)Math.Pow(2, -12 + rng.NextDouble() * 14);
        int zeroPoint = RandomValues.ZeroPoint(rng), size = rng.Next(1, 80);
        sbyte[] input = RandomValues.Int8(rng, size);
        var output = new float[size];
        DequantizeInt8ToFloat.Run(scale, zeroPoint, input, output);
        return new KernelCase(KernelOp.DequantizeS8F32, $"{size} elements, scale {scale}, zero point {zeroPoint}")
            .Ints(size).Float(scale).Ints(zeroPoint).Blob(input).Expect(output);
    }

    public static KernelCase Reshape(Random rng)
    {
        sbyte[] input = RandomValues.Int8(rng, rng.Next(1, 100));
        return new KernelCase(KernelOp.Reshape, $"{input.Length} bytes").Blob(input).Expect(input);
    }

    private static AddInt8Params AddParams(Random rng)
    {
        float s1 = (float)Math.Pow(2, -8 + rng.NextDouble() * 7), s2 = (float)Math.Pow(2, -8 + rng.NextDouble() * 7);
        float so = (float)(Math.Max(s1, s2) * (0.5 + rng.NextDouble() * 2));
        (int min, int max) = RandomValues.Clamp(rng);
        return AddInt8Params.Create(s1, RandomValues.ZeroPoint(rng), s2, RandomValues.ZeroPoint(rng), so, RandomValues.ZeroPoint(rng), min, max);
    }

    private static KernelCase WriteAdd(KernelCase c, AddInt8Params p) => c.Ints(
        p.Input1Offset, p.Input2Offset, p.OutputOffset, p.LeftShift, p.Input1Multiplier, p.Input1Shift,
        p.Input2Multiplier, p.Input2Shift, p.OutputMultiplier, p.OutputShift, p.ActivationMin, p.ActivationMax);

    // The output shape with some dimensions set to 1 and some leading ones dropped.
    private static int[] BroadcastFrom(Random rng, int[] outShape)
    {
        int drop = rng.Next(outShape.Length);
        return outShape[drop..].Select(d => rng.Next(3) == 0 ? 1 : d).ToArray();
    }

    private static int Elements(int[] shape) => shape.Aggregate(1, (a, d) => a * d);
}
