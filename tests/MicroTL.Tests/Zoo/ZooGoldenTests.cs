// Real int8 models from public model zoos (TFLM's person detector, MLCommons Tiny's keyword spotter, ResNet and
// streaming wake word, the LSTM examples) against TFLM's reference kernels: every layer, byte for byte.
using MicroTL.Kernels;
using MicroTL.Runtime;

namespace MicroTL.Tests.Zoo;

public class ZooGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (ZooCase c in ZooCase.All()) data.Add(c.ToString());
        return data;
    }

    public static TheoryData<string, SimdLevel> CasesBySimd()
    {
        var data = new TheoryData<string, SimdLevel>();
        foreach (ZooCase c in ZooCase.All())
        foreach (SimdLevel level in new[] { SimdLevel.Scalar, SimdSupport.Best })
            data.Add(c.ToString(), level);
        return data;
    }

    [Theory]
    [MemberData(nameof(CasesBySimd))]
    public void Invoke_ZooModel_EveryLayerEqualsTflm(string name, SimdLevel simd)
    {
        ZooCase golden = ZooCase.Parse(name);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath), new InterpreterOptions { SimdLevel = simd });
        golden.WriteInputs(interpreter);
        var seen = new Dictionary<int, string>();

        interpreter.InvokeObserved((_, op) =>
        {
            foreach (int output in op.Outputs) seen[output] = ZooCase.Sha256(interpreter.TensorBytes(output));
        });

        int compared = 0;
        foreach ((int tensor, int bytes, string sha256) in golden.Activations())
        {
            Assert.Equal(bytes, interpreter.TensorBytes(tensor).Length);
            Assert.True(sha256 == seen[tensor], $"{name}: tensor {tensor} differs from TFLM's ({simd})");
            compared++;
        }
        Assert.True(compared > 0);
        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invoke_ZooModelTwice_SameOutputAndNoAllocation(string name)
    {
        ZooCase golden = ZooCase.Parse(name);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath));
        golden.WriteInputs(interpreter);
        interpreter.Invoke();

        // The fewest bytes of three runs: the JIT may recompile a method during one (tiered compilation, when the
        // machine's load lets it) and allocate once for that; an allocation of the engine's own shows in every run.
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            // The arena reuses the input's bytes once it is read, as TFLM's does: the input is written again.
            golden.WriteInputs(interpreter);
            interpreter.ResetVariableTensors();
            long before = GC.GetAllocatedBytesForCurrentThread();
            interpreter.Invoke();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
        }

        Assert.Equal(0, fewest);
    }
}
