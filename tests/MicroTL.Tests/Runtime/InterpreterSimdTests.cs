// The SIMD level is an option of each interpreter, not global state: interpreters at different levels run side by
// side, on any kind of arena memory, and give the goldens' bytes.
using System.Buffers;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.TestSupport;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime;

public class InterpreterSimdTests
{
    public static TheoryData<string> CaseNames() => InterpreterGoldenTests.CaseNames();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invoke_ScalarAndBestInterpretersInParallel_BothGiveTheGoldenOutput(string caseName)
    {
        GoldenCase golden = GoldenCase.All().Single(c => c.Name == caseName);
        TfLiteModel model = TestFixtures.ReadModel(golden.ModelPath);
        SimdLevel[] levels = [SimdLevel.Scalar, SimdLevel.Vector128, SimdSupport.Best];

        var outputs = new byte[levels.Length][];
        Parallel.For(0, levels.Length, i =>
        {
            var interpreter = new Interpreter(model, new InterpreterOptions { SimdLevel = levels[i] });
            for (int run = 0; run < 20; run++)
            {
                golden.Input.CopyTo(interpreter.InputBytes());
                interpreter.Invoke();
            }
            outputs[i] = interpreter.OutputBytes().ToArray();
        });

        Assert.All(outputs, output => Assert.Equal(golden.Output, output));
    }

    [Fact]
    public void Constructor_Options_EveryOperatorRunsAtTheInterpreterLevel()
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("test_conv_model.tflite"));

        var scalar = new Interpreter(model, new InterpreterOptions { SimdLevel = SimdLevel.Scalar });
        var best = new Interpreter(model);

        Assert.All(scalar.Operators, op => Assert.Equal(SimdLevel.Scalar, op.Simd));
        Assert.All(best.Operators, op => Assert.Equal(SimdSupport.Best, op.Simd));
    }

    [Fact]
    public void SimdLevelOption_AboveWhatTheCpuHas_LoweredToTheBest()
    {
        var options = new InterpreterOptions { SimdLevel = (SimdLevel)99 };

        Assert.Equal(SimdSupport.Best, options.SimdLevel);
        Assert.Equal(SimdLevel.Scalar, SimdSupport.Clamp((SimdLevel)(-3)));
    }

    [Fact]
    public void Invoke_ArenaNotBackedByAnArray_GivesTheGoldenOutputWithoutAllocating()
    {
        GoldenCase golden = GoldenCase.All().First(c => c.Name.StartsWith("micro_speech", StringComparison.Ordinal));
        TfLiteModel model = TestFixtures.ReadModel(golden.ModelPath);
        using var memory = new UnpinnableMemory(new byte[Interpreter.RequiredArenaBytes(model) + 40]);
        var interpreter = new Interpreter(model, memory.Memory);
        byte[] input = golden.Input;
        input.CopyTo(interpreter.InputBytes());
        interpreter.Invoke(); // warm up

        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
        });

        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
        Assert.Equal(0, allocated);
    }

    // Memory from a MemoryManager that does not reveal its array: the arena takes the Memory.Span path.
    private sealed class UnpinnableMemory(byte[] bytes) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
