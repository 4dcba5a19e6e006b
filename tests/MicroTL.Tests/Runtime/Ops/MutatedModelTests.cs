// Robustness: random mutations of the shared models (shapes, quantization, options, buffers) must either
// be refused at Prepare with InvalidModelException or run with every tensor exactly its declared size.
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.Tests.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime.Ops;

public class MutatedModelTests
{
    public static TheoryData<string> Models() => new()
    {
        "hello_world_int8.tflite", "hello_world_float.tflite", "micro_speech_quantized.tflite",
        "network_model.tflite", "test_conv_model.tflite", "simple_add_model.tflite",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void PrepareAll_RandomMutations_RefusesOrRunsInBounds(string file)
    {
        TfLiteModel original = TestFixtures.ReadModel(TestFixtures.Model(file));
        var rng = new Random(file.Length * 7919);
        int refused = 0;
        for (int iter = 0; iter < 150; iter++)
        {
            TfLiteModel model = Mutate(original, rng);
            PreparedOperator[] ops;
            try
            {
                ops = OperatorResolver.PrepareAll(model);
            }
            catch (InvalidModelException)
            {
                refused++;
                continue;
            }
            var storage = new TestTensorStorage(model);
            foreach (PreparedOperator op in ops) op.Eval(storage);
        }
        Assert.True(refused > 0);
    }

    private static TfLiteModel Mutate(TfLiteModel model, Random rng)
    {
        Subgraph sg = model.MainSubgraph;
        var tensors = sg.Tensors.ToArray();
        var ops = sg.Operators.ToArray();
        var buffers = model.Buffers.ToArray();
        for (int n = rng.Next(1, 3); n > 0; n--)
        {
            int t = rng.Next(tensors.Length);
            switch (rng.Next(6))
            {
                case 0 when tensors[t].Shape.Length > 0:
                {
                    int[] shape = (int[])tensors[t].Shape.Clone();
                    shape[rng.Next(shape.Length)] = rng.Next(0, 6);
                    tensors[t] = tensors[t] with { Shape = shape };
                    break;
                }
                case 1:
                    tensors[t] = tensors[t] with { Shape = rng.Next(2) == 0 ? [tensors[t].Shape.Aggregate(1, (a, b) => a * b)] : [1, .. tensors[t].Shape] };
                    break;
                case 2 when tensors[t].Quantization is { } q:
                    tensors[t] = tensors[t] with
                    {
                        Quantization = rng.Next(3) switch
                        {
                            0 => q with { Scale = [0f] },
                            1 => q with { Scale = [.. q.Scale, 0.5f], ZeroPoint = [.. q.ZeroPoint, 0] },
                            _ => q with { ZeroPoint = [rng.Next(-300, 300)] },
                        },
                    };
                    break;
                case 3:
                {
                    int b = rng.Next(buffers.Length);
                    buffers[b] = buffers[b].Length > 1 ? buffers[b][..(buffers[b].Length / 2)] : new byte[3];
                    break;
                }
                case 4:
                {
                    int o = rng.Next(ops.Length);
                    ops[o] = ops[o] with { Options = MutateOptions(ops[o].Options, rng) };
                    break;
                }
                default:
                    tensors[t] = tensors[t] with { Type = rng.Next(2) == 0 ? TensorType.Int16 : TensorType.Float32 };
                    break;
            }
        }
        return model with { Subgraphs = [sg with { Tensors = tensors, Operators = ops }], Buffers = buffers };
    }

    private static OperatorOptions? MutateOptions(OperatorOptions? options, Random rng) => options switch
    {
        Conv2DOptions c => c with { StrideH = rng.Next(0, 4), DilationW = rng.Next(0, 4), Padding = (Padding)rng.Next(0, 3) },
        DepthwiseConv2DOptions d => d with { DepthMultiplier = rng.Next(0, 10), StrideW = rng.Next(0, 4) },
        Pool2DOptions p => p with { FilterHeight = rng.Next(0, 20), StrideH = rng.Next(0, 3) },
        FullyConnectedOptions f => f with { Activation = (ActivationFunction)rng.Next(0, 6), KeepNumDims = !f.KeepNumDims },
        SoftmaxOptions s => s with { Beta = rng.Next(2) == 0 ? 0f : 1e-12f },
        _ => new SoftmaxOptions(1f),
    };
}
