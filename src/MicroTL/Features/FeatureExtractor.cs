using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Features;

/// <summary>
/// The frozen int8 body: runs the model's operators up to the cut and hands back the int8 features
/// at the cut with their quantization, without running the old head; with <see cref="HeadFeatures"/>,
/// the model's head features follow the cut's in the same vector (<see cref="Segments"/>). One
/// interpreter, one arena, no allocation per sample.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly Interpreter _interpreter;
    private readonly int[] _bodyOperators;

    /// <summary>Prepares the body of <paramref name="model"/> up to <paramref name="cut"/>; the features are the cut's alone.</summary>
    public FeatureExtractor(TfLiteModel model, CutPoint cut, InterpreterOptions? options = null)
        : this(model, cut, headFeatures: null, options)
    {
    }

    /// <summary>
    /// Prepares the body of <paramref name="model"/> up to <paramref name="cut"/>; the features are the cut's, then
    /// <paramref name="headFeatures"/> when given (from <see cref="Features.HeadFeatures.Find"/>).
    /// </summary>
    public FeatureExtractor(TfLiteModel model, CutPoint cut, HeadFeatures? headFeatures, InterpreterOptions? options = null)
    {
        _interpreter = new Interpreter(model, options);
        Cut = cut;
        HeadFeatures = headFeatures;
        TensorInfo tensor = model.MainSubgraph.Tensors[cut.Tensor];
        Quantization = new FeatureQuantization(tensor.Quantization!.Scale[0], (int)tensor.Quantization.ZeroPoint[0]);
        CutLength = cut.FeatureLength(model);
        Segments = headFeatures is { } extra
            ? new FeatureSegments(new FeatureSegment(CutLength, Quantization), new FeatureSegment(extra.Length, extra.Quantization))
            : FeatureSegments.Single(CutLength, Quantization);
        FeatureLength = Segments.Length;
        _bodyOperators = BodyOperators.Needed(model, cut, headFeatures);
        // A model adapted with head features reads them in its own head too; they are stored beside the cut's.
        CanRunModelHead = cut.ModelHeadReadsOnlyCut
            || (headFeatures is { } stored && CutPoint.HeadReadsOnly(model, cut.BodyOperatorCount, cut.Tensor, stored.Tensor));

        var macs = new Dictionary<BuiltinOperator, long>();
        foreach (int i in _bodyOperators)
        {
            if (_interpreter.Operators[i] is WindowStatisticsOperator statistics)
            {
                BodyFloatOperations += statistics.FloatOperationCount;
                continue;
            }

            BuiltinOperator code = model.CodeOf(model.MainSubgraph.Operators[i]);
            macs[code] = macs.GetValueOrDefault(code) + _interpreter.Operators[i].MacCount;
        }

        BodyMacsByOperator = macs;
    }

    /// <summary>The cut this extractor stops at.</summary>
    public CutPoint Cut { get; }

    /// <summary>The model's head features that follow the cut's in each vector, or null.</summary>
    public HeadFeatures? HeadFeatures { get; }

    /// <summary>Quantization of the cut tensor: <c>real = Scale * (q - ZeroPoint)</c>.</summary>
    public FeatureQuantization Quantization { get; }

    /// <summary>The parts of each feature vector and their quantization: the cut's, then the head features'.</summary>
    public FeatureSegments Segments { get; }

    /// <summary>Number of int8 features per sample: the cut's and the head features'.</summary>
    public int FeatureLength { get; }

    /// <summary>Number of int8 features of the cut tensor.</summary>
    public int CutLength { get; }

    /// <summary>Float operations the body performs per sample besides its int8 MACs (the window statistics, if it computes them).</summary>
    public long BodyFloatOperations { get; }

    /// <summary>
    /// Bytes of the arena the body runs in, all of it: activations and scratch (head) and the operators' persistent
    /// data (tail). The interpreter allocates exactly this much.
    /// </summary>
    public long ArenaBytes => _interpreter.Plan.ArenaLength;

    /// <summary>Bytes of constants derived from the model at Prepare (packed filters), which a device keeps in flash.</summary>
    public long DerivedFlashBytes => _interpreter.DerivedFlashBytes;

    /// <summary>int8 multiply-accumulates the body performs per sample, by operator kind (the operators it runs).</summary>
    public IReadOnlyDictionary<BuiltinOperator, long> BodyMacsByOperator { get; }

    /// <summary>The model's input tensor, to be filled before <see cref="Extract(Span{sbyte})"/>.</summary>
    public Span<byte> InputBytes => _interpreter.InputBytes();

    /// <summary>
    /// Runs the body on the current input and copies the int8 features at the cut, then the head features (if any). Each
    /// sample stands alone: the variable tensors (an LSTM's state) are reset first, as TFLM's LSTM examples reset the
    /// interpreter between inputs.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is shorter than <see cref="FeatureLength"/>.</exception>
    public void Extract(Span<sbyte> features)
    {
        if (features.Length < FeatureLength)
            throw new ArgumentException($"feature buffer holds {features.Length} values, a sample has {FeatureLength}", nameof(features));
        _interpreter.ResetVariableTensors();
        foreach (int op in _bodyOperators) _interpreter.InvokeRange(op, op + 1);
        MemoryMarshal.Cast<byte, sbyte>(_interpreter.TensorBytes(Cut.Tensor)).CopyTo(features);
        if (HeadFeatures is { } extra) MemoryMarshal.Cast<byte, sbyte>(_interpreter.TensorBytes(extra.Tensor)).CopyTo(features[CutLength..]);
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

    /// <summary>
    /// True when the model's own head reads only the cut tensor (and the head features, when they are stored), so
    /// <see cref="PredictWithModelHead"/> can run.
    /// </summary>
    public bool CanRunModelHead { get; }

    /// <summary>
    /// Runs the model's own (old) head on stored features: writes their cut part into the cut tensor (and their head
    /// features into theirs) and runs the operators after the cut. Returns the class with the highest output.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's head reads more than the cut (<see cref="CanRunModelHead"/> is false).</exception>
    public int PredictWithModelHead(ReadOnlySpan<sbyte> features)
    {
        if (!CanRunModelHead)
            throw new InvalidOperationException($"the model's own operators after cut tensor {Cut.Tensor} read other tensors of the body; they cannot run on stored features");
        MemoryMarshal.AsBytes(features[..CutLength]).CopyTo(_interpreter.WritableTensorBytes(Cut.Tensor));
        if (HeadFeatures is { } extra) MemoryMarshal.AsBytes(features[CutLength..FeatureLength]).CopyTo(_interpreter.WritableTensorBytes(extra.Tensor));
        _interpreter.InvokeRange(Cut.BodyOperatorCount, _interpreter.Operators.Count);
        return OutputArgMax(_interpreter);
    }

    /// <summary>Number of classes the model's own output has.</summary>
    public int ModelClassCount => checked((int)_interpreter.Model.MainSubgraph.Tensors[_interpreter.Model.MainSubgraph.Outputs[0]].ElementCount);

    /// <summary>The index of the largest value of output 0 (int8, uint8 or float32), the first on ties.</summary>
    public static int OutputArgMax(Interpreter interpreter)
    {
        TensorType type = interpreter.Model.MainSubgraph.Tensors[interpreter.Model.MainSubgraph.Outputs[0]].Type;
        ReadOnlySpan<byte> bytes = interpreter.OutputBytes();
        int best = 0;
        switch (type)
        {
            case TensorType.Float32:
                ReadOnlySpan<float> floats = MemoryMarshal.Cast<byte, float>(bytes);
                for (int i = 1; i < floats.Length; i++) if (floats[i] > floats[best]) best = i;
                break;
            case TensorType.Int8:
                ReadOnlySpan<sbyte> int8 = MemoryMarshal.Cast<byte, sbyte>(bytes);
                for (int i = 1; i < int8.Length; i++) if (int8[i] > int8[best]) best = i;
                break;
            default:
                for (int i = 1; i < bytes.Length; i++) if (bytes[i] > bytes[best]) best = i;
                break;
        }

        return best;
    }
}
