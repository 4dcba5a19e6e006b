// Every operator of the catalog against TFLM's reference kernels: the models in tests/fixtures/ops are the catalog's
// (byte for byte), and the engine reproduces TFLM's output and every operator output on TFLM's input.
using System.Buffers.Binary;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.TestSupport;
using MicroTL.Tests.Zoo;
using MicroTL.TfLite;

namespace MicroTL.Tests.Ops;

public class OpGoldenTests
{
    private const string Folder = "ops";

    public static TheoryData<string> CatalogNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in OpCatalog.Cases.Keys) data.Add(name);
        return data;
    }

    public static TheoryData<string, SimdLevel> CasesBySimd()
    {
        var data = new TheoryData<string, SimdLevel>();
        foreach (ZooCase c in ZooCase.All(Folder))
        foreach (SimdLevel level in new[] { SimdLevel.Scalar, SimdSupport.Best })
            data.Add(c.ToString(), level);
        return data;
    }

    /// <summary>
    /// The fixture model is the catalog's build. With MICROTL_WRITE_OP_MODELS=DIR the catalog's models and inputs are
    /// written to DIR/models and DIR/inputs first, for TFLM's harness to make new goldens from.
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void Catalog_Model_EqualsTheFixture(string name)
    {
        TfLiteModel model = OpCatalog.Cases[name]();
        byte[] bytes = TfLiteWriter.Write(model);
        if (Environment.GetEnvironmentVariable("MICROTL_WRITE_OP_MODELS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(Path.Combine(dir, "models"));
            Directory.CreateDirectory(Path.Combine(dir, "inputs"));
            File.WriteAllBytes(Path.Combine(dir, "models", name + ".tflite"), bytes);
            File.WriteAllBytes(Path.Combine(dir, "inputs", name + ".bin"), InputBytes(model));
        }

        var golden = new ZooCase(name, "default", Folder);
        Assert.True(File.Exists(golden.ModelPath), $"{golden.ModelPath} is missing: run TFLM's harness on the catalog (tests/fixtures/ops/README.md)");
        Assert.Equal(File.ReadAllBytes(golden.ModelPath), bytes);
        Assert.Equal(InputBytes(model), golden.Input);
    }

    [Theory]
    [MemberData(nameof(CasesBySimd))]
    public void Invoke_CatalogModel_EveryLayerEqualsTflm(string name, SimdLevel simd)
    {
        ZooCase golden = ZooCase.Parse(name, Folder);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath), new InterpreterOptions { SimdLevel = simd });
        golden.WriteInputs(interpreter);
        var seen = new Dictionary<int, string>();

        interpreter.InvokeObserved((_, op) =>
        {
            foreach (int output in op.Outputs) seen[output] = ZooCase.Sha256(interpreter.TensorBytes(output));
        });

        foreach ((int tensor, int bytes, string sha256) in golden.Activations())
        {
            Assert.Equal(bytes, interpreter.TensorBytes(tensor).Length);
            Assert.True(sha256 == seen[tensor], $"{name}: tensor {tensor} differs from TFLM's ({simd})");
        }
        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void Invoke_CatalogModel_AllocatesNothing(string name)
    {
        TfLiteModel model = OpCatalog.Cases[name]();
        var interpreter = new Interpreter(model);
        interpreter.Invoke();

        Assert.Equal(0, SteadyState.FewestAllocatedBytes(interpreter.Invoke));
    }

    /// <summary>The bytes of every graph input, one after the other: xorshift32 (seed 1) bytes, floats in [-4, 4).</summary>
    public static byte[] InputBytes(TfLiteModel model)
    {
        var bytes = new List<byte>();
        uint state = 1;
        foreach (int input in model.MainSubgraph.Inputs)
        {
            TensorInfo t = model.MainSubgraph.Tensors[input];
            for (long i = 0; i < t.ElementCount; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var element = new byte[TensorTypeInfo.ElementBytes(t.Type)];
                switch (t.Type)
                {
                    case TensorType.Float32: BinaryPrimitives.WriteSingleLittleEndian(element, -4f + 8f * (state >> 8) / (1 << 24)); break;
                    case TensorType.Int32: BinaryPrimitives.WriteInt32LittleEndian(element, (int)(state % 2001) - 1000); break;
                    default:
                        for (int k = 0; k < element.Length; k++) element[k] = (byte)(state >> (8 * k));
                        break;
                }
                bytes.AddRange(element);
            }
        }
        return [.. bytes];
    }
}
