using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Transfer;

/// <summary>
/// The frozen int8 body: runs the model's operators up to the cut and hands back the int8 features
/// at the cut with their quantization, without running the old head. One interpreter, one arena,
/// no allocation per sample.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly Interpreter _interpreter;

    /// <summary>Prepares the body of <paramref name="model"/> up to <paramref name="cut"/>.</summary>
    public FeatureExtractor(TfLiteModel model, CutPoint cut, InterpreterOptions? options = null)
    {
        _interpreter = new Interpreter(model, options);
        Cut = cut;
        TensorInfo tensor = model.MainSubgraph.Tensors[cut.Tensor];
        Quantization = new FeatureQuantization(tensor.Quantization!.Scale[0], (int)tensor.Quantization.ZeroPoint[0]);
        FeatureLength = cut.FeatureLength(model);

        var macs = new Dictionary<BuiltinOperator, long>();
        for (int i = 0; i < cut.BodyOperatorCount; i++)
        {
            BuiltinOperator code = model.CodeOf(model.MainSubgraph.Operators[i]);
            macs[code] = macs.GetValueOrDefault(code) + _interpreter.Operators[i].MacCount;
        }

        BodyMacsByOperator = macs;
    }

    /// <summary>The cut this extractor stops at.</summary>
    public CutPoint Cut { get; }

    /// <summary>Quantization of the cut tensor: <c>real = Scale * (q - ZeroPoint)</c>.</summary>
    public FeatureQuantization Quantization { get; }

    /// <summary>Number of int8 features per sample.</summary>
    public int FeatureLength { get; }

    /// <summary>Bytes of the interpreter arena the body runs in.</summary>
    public long ArenaBytes => _interpreter.ArenaBytes;

    /// <summary>int8 multiply-accumulates the body performs per sample, by operator kind.</summary>
    public IReadOnlyDictionary<BuiltinOperator, long> BodyMacsByOperator { get; }

    /// <summary>The model's input tensor, to be filled before <see cref="Extract(Span{sbyte})"/>.</summary>
    public Span<byte> InputBytes => _interpreter.InputBytes();

    /// <summary>Runs the body on the current input and copies the int8 features at the cut.</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is shorter than <see cref="FeatureLength"/>.</exception>
    public void Extract(Span<sbyte> features)
    {
        if (features.Length < FeatureLength)
            throw new ArgumentException($"feature buffer holds {features.Length} values, the cut has {FeatureLength}", nameof(features));
        _interpreter.InvokeRange(0, Cut.BodyOperatorCount);
        MemoryMarshal.Cast<byte, sbyte>(_interpreter.TensorBytes(Cut.Tensor)).CopyTo(features);
    }

    /// <summary>Copies <paramref name="input"/> into the input tensor, then extracts the features.</summary>
    public void Extract(ReadOnlySpan<byte> input, Span<sbyte> features)
    {
        Span<byte> tensor = _interpreter.InputBytes();
        if (input.Length != tensor.Length)
            throw new ArgumentException($"input has {input.Length} bytes, the model's input tensor {tensor.Length}", nameof(input));
        input.CopyTo(tensor);
        Extract(features);
    }
}
