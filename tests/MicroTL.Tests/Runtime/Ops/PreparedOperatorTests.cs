// Eval behaviour of the prepared operators on small in-memory models: results, aliasing and
// zero allocation in steady state.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TestSupport;
using MicroTL.Tests.Kernels;
using MicroTL.TfLite;
using static MicroTL.Tests.Runtime.Ops.TinyModel;

namespace MicroTL.Tests.Runtime.Ops;

public class PreparedOperatorTests
{
    [Fact]
    public void Eval_GoldenModels_AllocatesNothingInSteadyState()
    {
        foreach (string file in new[] { "micro_speech_quantized.tflite", "test_conv_model.tflite", "simple_add_model.tflite" })
        {
            TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model(file));
            PreparedOperator[] ops = OperatorResolver.PrepareAll(model);
            var storage = new TestTensorStorage(model);
            foreach (PreparedOperator op in ops) op.Eval(storage); // warm up (JIT)
            Assert.Equal(0, SteadyState.FewestAllocatedBytes(() =>
            {
                foreach (PreparedOperator op in ops) op.Eval(storage);
            }));
        }
    }

    [Fact]
    public void ReshapeEval_SameMemory_LeavesBytesInPlace()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [2, 3], Q(1f));
        int y = m.Add("y", TensorType.Int8, [6], Q(1f));
        var op = (ReshapeOperator)OperatorResolver.Prepare(m.Build(BuiltinOperator.Reshape, [x], [y], new ReshapeOptions([6])), 0);
        var shared = new SharedStorage(new byte[] { 1, 2, 3, 4, 5, 6 });
        op.Eval(shared);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, shared.Bytes);
        Assert.Equal(6, op.ByteCount);
    }

    [Fact]
    public void QuantizeThenDequantize_FloatValues_RoundTripWithinHalfStep()
    {
        var m = new TinyModel();
        int f = m.Add("f", TensorType.Float32, [5]);
        int q = m.Add("q", TensorType.Int8, [5], Q(0.1f, 3));
        var quantize = (QuantizeOperator)OperatorResolver.Prepare(m.Build(BuiltinOperator.Quantize, [f], [q], null), 0);
        var m2 = new TinyModel();
        int q2 = m2.Add("q", TensorType.Int8, [5], Q(0.1f, 3));
        int f2 = m2.Add("g", TensorType.Float32, [5]);
        var dequantize = (DequantizeOperator)OperatorResolver.Prepare(m2.Build(BuiltinOperator.Dequantize, [q2], [f2], null), 0);

        float[] values = [-1f, 0f, 0.25f, 0.34f, 5f];
        var storage = new ArrayStorage(2);
        storage.Set(0, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        storage.Set(1, new byte[5]);
        quantize.Eval(storage);
        Assert.Equal(new sbyte[] { -7, 3, 6, 6, 53 }, MemoryMarshal.Cast<byte, sbyte>(storage.Write(1)).ToArray());

        var back = new ArrayStorage(2);
        back.Set(0, storage.Write(1).ToArray());
        back.Set(1, new byte[20]);
        dequantize.Eval(back);
        float[] result = MemoryMarshal.Cast<byte, float>(back.Write(1)).ToArray();
        for (int i = 0; i < 5; i++) Assert.InRange(result[i] - values[i], -0.05f - 1e-6f, 0.05f + 1e-6f);
    }

    [Fact]
    public void QuantizeEval_Int8ToInt8_Requantizes()
    {
        var m = new TinyModel();
        int a = m.Add("a", TensorType.Int8, [3], Q(0.5f, 0));
        int b = m.Add("b", TensorType.Int8, [3], Q(0.25f, -10));
        var op = (QuantizeOperator)OperatorResolver.Prepare(m.Build(BuiltinOperator.Quantize, [a], [b], null), 0);
        Assert.False(op.FromFloat);
        var storage = new ArrayStorage(2);
        storage.Set(0, [10, unchecked((byte)-3), 100]);
        storage.Set(1, new byte[3]);
        op.Eval(storage);
        Assert.Equal(new sbyte[] { 10, -16, 127 }, MemoryMarshal.Cast<byte, sbyte>(storage.Write(1)).ToArray());
    }

    [Fact]
    public void AddEval_BroadcastInt8_MatchesKernelPerElement()
    {
        var m = new TinyModel();
        int a = m.Add("a", TensorType.Int8, [2, 3], Q(0.1f, 1));
        int b = m.Add("b", TensorType.Int8, [3], Q(0.2f, -1));
        int y = m.Add("y", TensorType.Int8, [2, 3], Q(0.3f, 2));
        var op = (AddOperator)OperatorResolver.Prepare(m.Build(BuiltinOperator.Add, [a, b], [y], new AddOptions(ActivationFunction.Relu)), 0);
        Assert.True(op.NeedsBroadcast);
        sbyte[] left = [1, 2, 3, -100, 50, 127], right = [-5, 0, 9];
        var storage = new ArrayStorage(3);
        storage.Set(0, MemoryMarshal.AsBytes(left.AsSpan()).ToArray());
        storage.Set(1, MemoryMarshal.AsBytes(right.AsSpan()).ToArray());
        storage.Set(2, new byte[6]);
        op.Eval(storage);
        sbyte[] result = MemoryMarshal.Cast<byte, sbyte>(storage.Write(2)).ToArray();
        for (int i = 0; i < 6; i++) Assert.Equal(AddInt8.AddOne(op.Int8Params, left[i], right[i % 3]), result[i]);
        Assert.True(result.All(v => v >= 2)); // RELU clamps at the output zero point
    }

    [Fact]
    public void SoftmaxPrepare_Int8_UsesTflmParameters()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4], Q(0.09173192f, 14));
        int y = m.Add("y", TensorType.Int8, [1, 4], Q(1f / 256, -128));
        var op = (SoftmaxOperator)OperatorResolver.Prepare(m.Build(BuiltinOperator.Softmax, [x], [y], new SoftmaxOptions(1f)), 0);
        (int multiplier, int shift, int diffMin) = SoftmaxInt8.ComputeParams(1.0, 0.09173192f);
        Assert.Equal((multiplier, shift, diffMin), (op.InputMultiplier, op.InputLeftShift, op.DiffMin));
        Assert.Equal((1, 4), (op.Rows, op.Depth));
    }

    [Fact]
    public void FullyConnectedPrepare_PerTensor_MultipliesScalesInSinglePrecision()
    {
        // Find scales where the float32 product and the double product round to different multipliers.
        var rng = new Random(21);
        float si, sw, so;
        do
        {
            (si, sw, so) = ((float)rng.NextDouble(), (float)rng.NextDouble() * 0.01f, (float)rng.NextDouble());
        }
        while (QuantizationMath.QuantizeMultiplier((double)(si * sw) / so) == QuantizationMath.QuantizeMultiplier((double)si * sw / so));

        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 2], Q(si));
        int w = m.ConstantInt8("w", [1, 2], Q(sw));
        int y = m.Add("y", TensorType.Int8, [1, 1], Q(so));
        var op = (FullyConnectedOperator)OperatorResolver.Prepare(
            m.Build(BuiltinOperator.FullyConnected, [x, w, -1], [y], new FullyConnectedOptions(ActivationFunction.None)), 0);
        Assert.Equal(QuantizationMath.QuantizeMultiplier((double)(si * sw) / so), (op.OutputMultipliers[0], op.OutputShifts[0]));
    }

    [Fact]
    public void Conv2DEval_GroupedFilter_RunsReferenceKernel()
    {
        // Input with 4 channels, filter with 2 input channels: 2 groups of 3 output channels each.
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 3, 3, 4], Q(0.5f, -2));
        int f = m.ConstantInt8("f", [6, 2, 2, 2], PerChannel(0, 0.1f, 0.2f, 0.3f, 0.1f, 0.2f, 0.3f));
        int y = m.Add("y", TensorType.Int8, [1, 2, 2, 6], Q(0.25f, 3));
        var op = (Conv2DOperator)OperatorResolver.Prepare(
            m.Build(BuiltinOperator.Conv2D, [x, f, -1], [y], new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.None)), 0);
        Assert.False(op.UsesFastPath);
        Assert.Equal(2 * 2 * 6 * 2 * 2 * 2, op.MacCount);

        var input = new sbyte[36];
        for (int i = 0; i < 36; i++) input[i] = (sbyte)(i * 13 % 255 - 127);
        var storage = new ArrayStorage(3);
        storage.Set(0, MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
        storage.Set(1, m.Build(BuiltinOperator.Conv2D, [x, f, -1], [y], null).Buffers[1].ToArray());
        storage.Set(2, new byte[24]);
        op.Eval(storage);

        var expected = new sbyte[24];
        Conv2DInt8.RunReference(op.Geometry, new Int8Requantization(op.OutputMultipliers, op.OutputShifts, 2, 3, -128, 127),
            input, MemoryMarshal.Cast<byte, sbyte>(storage.Read(1)), default, expected);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, sbyte>(storage.Write(2)).ToArray());
    }

    /// <summary>Storage where every tensor is the same bytes, as a planner may alias a reshape.</summary>
    private sealed class SharedStorage(byte[] bytes) : TensorStorage
    {
        public byte[] Bytes => bytes;

        public override ReadOnlySpan<byte> Read(int tensorIndex) => bytes;

        public override Span<byte> Write(int tensorIndex) => bytes;
    }

    private sealed class ArrayStorage(int count) : TensorStorage
    {
        private readonly byte[][] tensors = new byte[count][];

        public void Set(int index, byte[] bytes) => tensors[index] = bytes;

        public override ReadOnlySpan<byte> Read(int tensorIndex) => tensors[tensorIndex];

        public override Span<byte> Write(int tensorIndex) => tensors[tensorIndex];
    }
}
