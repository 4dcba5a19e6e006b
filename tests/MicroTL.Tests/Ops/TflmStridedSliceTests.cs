// TFLM's own STRIDED_SLICE kernel tests (tensorflow/lite/micro/kernels/strided_slice_test.cc at 90b983c, Apache-2.0):
// their inputs, begin/end/strides, masks and expected outputs carried over, 44 float and int8 cases, each exact. Left
// out: the int16/int32/bool cases, an empty output (the engine requires every dimension to be at least 1) and the
// cases TFLM expects to fail.
using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.TfLite;
using static MicroTL.Tests.Ops.OpModelBuilder;

namespace MicroTL.Tests.Ops;

public class TflmStridedSliceTests
{
    /// <summary>One TFLM test: float (else int8, scale 1) data, begin/end/strides, and the begin, end and shrink masks.</summary>
    public sealed record Case(bool Float, int[] InputShape, int[] OutputShape, float[] Input, int[] Begin, int[] End, int[] Strides,
        float[] Golden, int BeginMask, int EndMask, int ShrinkMask);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["In1D"] = new(true, [4], [2], [1f, 2f, 3f, 4f], [1], [3], [1], [2f, 3f], 0, 0, 0),
        ["In1D_NegativeBegin"] = new(true, [4], [2], [1f, 2f, 3f, 4f], [-3], [3], [1], [2f, 3f], 0, 0, 0),
        ["In1D_OutOfRangeBegin"] = new(true, [4], [3], [1f, 2f, 3f, 4f], [-5], [3], [1], [1f, 2f, 3f], 0, 0, 0),
        ["In1D_NegativeEnd"] = new(true, [4], [1], [1f, 2f, 3f, 4f], [1], [-2], [1], [2f], 0, 0, 0),
        ["In1D_OutOfRangeEnd"] = new(true, [4], [3], [1f, 2f, 3f, 4f], [-3], [5], [1], [2f, 3f, 4f], 0, 0, 0),
        ["In1D_BeginMask"] = new(true, [4], [3], [1f, 2f, 3f, 4f], [1], [3], [1], [1f, 2f, 3f], 1, 0, 0),
        ["In1D_NegativeBeginNegativeStride"] = new(true, [4], [1], [1f, 2f, 3f, 4f], [-2], [-3], [-1], [3f], 0, 0, 0),
        ["In1D_OutOfRangeBeginNegativeStride"] = new(true, [4], [1], [1f, 2f, 3f, 4f], [5], [2], [-1], [4f], 0, 0, 0),
        ["In1D_NegativeEndNegativeStride"] = new(true, [4], [2], [1f, 2f, 3f, 4f], [2], [-4], [-1], [3f, 2f], 0, 0, 0),
        ["In1D_OutOfRangeEndNegativeStride"] = new(true, [4], [2], [1f, 2f, 3f, 4f], [-3], [-5], [-1], [2f, 1f], 0, 0, 0),
        ["In1D_EndMask"] = new(true, [4], [3], [1f, 2f, 3f, 4f], [1], [3], [1], [2f, 3f, 4f], 0, 1, 0),
        ["In1D_NegStride"] = new(true, [3], [3], [1f, 2f, 3f], [-1], [-4], [-1], [3f, 2f, 1f], 0, 0, 0),
        ["In1D_EvenLenStride2"] = new(true, [2], [1], [1f, 2f, 3f, 4f], [0], [4], [2], [1f], 0, 0, 0),
        ["In1D_OddLenStride2"] = new(true, [3], [2], [1f, 2f, 3f, 4f], [0], [3], [2], [1f, 3f], 0, 0, 0),
        ["In2D_Identity"] = new(true, [2, 3], [2, 3], [1f, 2f, 3f, 4f, 5f, 6f], [0, 0], [2, 3], [1, 1], [1f, 2f, 3f, 4f, 5f, 6f], 0, 0, 0),
        ["In2D"] = new(true, [2, 3], [1, 2], [1f, 2f, 3f, 4f, 5f, 6f], [1, 0], [2, 2], [1, 1], [4f, 5f], 0, 0, 0),
        ["In2D_Stride2"] = new(true, [2, 3], [1, 2], [1f, 2f, 3f, 4f, 5f, 6f], [0, 0], [2, 3], [2, 2], [1f, 3f], 0, 0, 0),
        ["In2D_NegStride"] = new(true, [2, 3], [1, 3], [1f, 2f, 3f, 4f, 5f, 6f], [1, -1], [2, -4], [2, -1], [6f, 5f, 4f], 0, 0, 0),
        ["In2D_BeginMask"] = new(true, [2, 3], [2, 2], [1f, 2f, 3f, 4f, 5f, 6f], [1, 0], [2, 2], [1, 1], [1f, 2f, 4f, 5f], 1, 0, 0),
        ["In2D_EndMask"] = new(true, [2, 3], [1, 3], [1f, 2f, 3f, 4f, 5f, 6f], [1, 0], [2, 2], [1, 1], [4f, 5f, 6f], 0, 2, 0),
        ["In2D_NegStrideBeginMask"] = new(true, [2, 3], [1, 3], [1f, 2f, 3f, 4f, 5f, 6f], [1, -2], [2, -4], [1, -1], [6f, 5f, 4f], 2, 0, 0),
        ["In2D_NegStrideEndMask"] = new(true, [2, 3], [1, 2], [1f, 2f, 3f, 4f, 5f, 6f], [1, -2], [2, -3], [1, -1], [5f, 4f], 0, 2, 0),
        ["In3D_Identity"] = new(true, [2, 3, 2], [2, 3, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 3, 2], [1, 1, 1], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 0, 0, 0),
        ["In3D_NegStride"] = new(true, [2, 3, 2], [2, 3, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 3, 2], [1, 1, 1], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 0, 0, 0),
        ["In3D_Strided2"] = new(true, [2, 3, 2], [1, 2, 1], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 3, 2], [2, 2, 2], [1f, 5f], 0, 0, 0),
        ["In1D_ShrinkAxisMask1"] = new(true, [2, 3, 2], [2, 3, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 3, 2], [1, 1, 1], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 0, 0, 0),
        ["In1D_ShrinkAxisMask1_NegativeSlice"] = new(true, [4], [], [0f, 1f, 2f, 3f], [-1], [0], [1], [3f], 0, 0, 1),
        ["In2D_ShrinkAxis3_NegativeSlice"] = new(true, [4, 1], [], [0f, 1f, 2f, 3f], [-2, -1], [-1, 0], [1, 1], [2f], 0, 0, 3),
        ["In2D_ShrinkAxis2_BeginEndAxis1_NegativeSlice"] = new(true, [4, 1], [4], [0f, 1f, 2f, 3f], [0, -1], [0, 0], [1, 1], [0f, 1f, 2f, 3f], 1, 1, 2),
        ["In1D_BeginMaskShrinkAxisMask1"] = new(true, [4], [], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [1], [1], [1], [1f], 1, 0, 1),
        ["In2D_ShrinkAxisMask1"] = new(true, [2, 3], [3], [1f, 2f, 3f, 4f, 5f, 6f], [0, 0], [1, 3], [1, 1], [1f, 2f, 3f], 0, 0, 1),
        ["In2D_ShrinkAxisMask2"] = new(true, [2, 3], [2], [1f, 2f, 3f, 4f, 5f, 6f], [0, 0], [2, 1], [1, 1], [1f, 4f], 0, 0, 2),
        ["In2D_ShrinkAxisMask3"] = new(true, [2, 3], [], [1f, 2f, 3f, 4f, 5f, 6f], [0, 0], [1, 1], [1, 1], [1f], 0, 0, 3),
        ["In3D_IdentityShrinkAxis1"] = new(true, [2, 3, 2], [3, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [1, 3, 2], [1, 1, 1], [1f, 2f, 3f, 4f, 5f, 6f], 0, 0, 1),
        ["In3D_IdentityShrinkAxis2"] = new(true, [2, 3, 2], [2, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 1, 2], [1, 1, 1], [1f, 2f, 7f, 8f], 0, 0, 2),
        ["In3D_IdentityShrinkAxis3"] = new(true, [2, 3, 2], [2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [1, 1, 2], [1, 1, 1], [1f, 2f], 0, 0, 3),
        ["In3D_IdentityShrinkAxis4"] = new(true, [2, 3, 2], [2, 3], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 3, 2], [1, 1, 1], [1f, 3f, 5f, 7f, 9f, 11f], 0, 0, 4),
        ["In3D_IdentityShrinkAxis5"] = new(true, [2, 3, 2], [3], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [1, 3, 1], [1, 1, 1], [1f, 3f, 5f], 0, 0, 5),
        ["In3D_IdentityShrinkAxis6"] = new(true, [2, 3, 2], [2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [2, 1, 1], [1, 1, 1], [1f, 7f], 0, 0, 6),
        ["In3D_IdentityShrinkAxis7"] = new(true, [2, 3, 2], [], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], [0, 0, 0], [1, 1, 1], [1, 1, 1], [1f], 0, 0, 7),
        ["RunTwice"] = new(true, [2, 3], [2, 2], [1f, 2f, 3f, 4f, 5f, 6f], [1, 0], [2, 2], [1, 1], [1f, 2f, 4f, 5f], 1, 0, 0),
        ["In3D_IdentityShrinkAxis1int8"] = new(false, [2, 3, 2], [3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 2], [1, 1, 1], [1, 2, 3, 4, 5, 6], 0, 0, 1),
        ["MinusThreeMinusFourMinusOne"] = new(true, [4], [1], [1f, 2f, 3f, 4f], [-3], [-4], [-1], [2f], 0, 0, 0),
        ["MinusFourMinusThreeOne"] = new(true, [4], [1], [1f, 2f, 3f, 4f], [-4], [-3], [1], [1f], 0, 0, 0),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Invoke_TflmKernelTestCase_GivesTflmsExpectedOutput(string name)
    {
        Case c = Cases[name];
        TensorType type = c.Float ? TensorType.Float32 : TensorType.Int8;
        QuantizationParams? q = c.Float ? null : Q(1f);
        var b = new OpModelBuilder(1);
        int x = b.Input("x", type, c.InputShape, q);
        int begin = b.ConstantInt32("begin", c.Begin), end = b.ConstantInt32("end", c.End), strides = b.ConstantInt32("strides", c.Strides);
        int y = b.Tensor("y", type, c.OutputShape, q);
        b.Op(BuiltinOperator.StridedSlice, [x, begin, end, strides], [y], new StridedSliceOptions(c.BeginMask, c.EndMask, 0, 0, c.ShrinkMask));
        b.Output(y);
        var interpreter = new Interpreter(b.Build(name));

        // Some TFLM tests list more input values than their shape holds; the kernel reads the shape's worth.
        int count = c.InputShape.Aggregate(1, (n, d) => n * d);
        if (c.Float) MemoryMarshal.AsBytes(c.Input.AsSpan(0, count)).CopyTo(interpreter.InputBytes());
        else for (int i = 0; i < count; i++) interpreter.InputBytes()[i] = unchecked((byte)(sbyte)c.Input[i]);
        interpreter.Invoke();

        float[] actual = c.Float
            ? MemoryMarshal.Cast<byte, float>(interpreter.OutputBytes()).ToArray()
            : [.. interpreter.OutputBytes().ToArray().Select(v => (float)unchecked((sbyte)v))];
        Assert.Equal(c.Golden, actual);
    }
}
