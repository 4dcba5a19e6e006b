// The int8 model from Int8Quantizer with what a caller needs to feed it: the input is an int8 tensor
// [1, H, W, C] whose scale and zero point carry the input normalisation (raw values in, e.g. m/s²),
// so a device quantizes its raw samples with q = clamp(round(x / scale) + zeroPoint, -128, 127) and
// writes them straight into the input tensor.
using MicroTL.Toolkit.IO;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Quantization;

/// <summary>A fully int8 TFLite model of a <see cref="FloatNetwork"/>, its file bytes, and input/evaluation helpers.</summary>
public sealed class QuantizedModel
{
    private byte[]? _bytes;

    internal QuantizedModel(TfLiteModel model, FeatureShape inputShape, int classes, Calibration calibration)
    {
        Model = model;
        InputShape = inputShape;
        Classes = classes;
        Calibration = calibration;
        QuantizationParams q = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]].Quantization!;
        InputScale = q.Scale[0];
        InputZeroPoint = (int)q.ZeroPoint[0];
    }

    /// <summary>The model object (write it with <see cref="TfLiteWriter"/> or run it with <see cref="Interpreter"/>).</summary>
    public TfLiteModel Model { get; }

    /// <summary>The .tflite file bytes.</summary>
    public byte[] Bytes => _bytes ??= TfLiteWriter.Write(Model);

    /// <summary>Shape of one input sample (the tensor is [1, H, W, C]).</summary>
    public FeatureShape InputShape { get; }

    /// <summary>Number of classes of the SOFTMAX output.</summary>
    public int Classes { get; }

    /// <summary>The ranges the activations were quantized from.</summary>
    public Calibration Calibration { get; }

    /// <summary>Scale of the int8 input tensor.</summary>
    public float InputScale { get; }

    /// <summary>Zero point of the int8 input tensor.</summary>
    public int InputZeroPoint { get; }

    /// <summary>Writes the .tflite file.</summary>
    public void WriteFile(string path) => AtomicFile.WriteAllBytes(path, Bytes);

    /// <summary>Quantizes raw <paramref name="values"/> into the int8 input bytes of this model.</summary>
    /// <remarks><c>q = clamp(round_half_away(x / InputScale) + InputZeroPoint, -128, 127)</c>.</remarks>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="values"/>.</exception>
    public void QuantizeInput(ReadOnlySpan<float> values, Span<byte> destination) =>
        QuantizeInput(values, destination, InputScale, InputZeroPoint);

    /// <summary>Quantizes raw <paramref name="values"/> for the int8 input tensor of any <paramref name="model"/> with a per-tensor quantized int8 input.</summary>
    /// <exception cref="ArgumentException">The model's input is not per-tensor int8, or <paramref name="destination"/> is too short.</exception>
    public static void QuantizeInput(TfLiteModel model, ReadOnlySpan<float> values, Span<byte> destination)
    {
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        if (input.Type != TensorType.Int8 || input.Quantization is not { IsPerChannel: false } q)
            throw new ArgumentException($"model input '{input.Name}' is {input.Type}; expected a per-tensor quantized INT8 tensor");
        QuantizeInput(values, destination, q.Scale[0], (int)q.ZeroPoint[0]);
    }

    /// <summary>Quantizes <paramref name="values"/> with <paramref name="scale"/> and <paramref name="zeroPoint"/> as TFLite's QUANTIZE does: round half away from zero, then clamp to int8.</summary>
    internal static void QuantizeInput(ReadOnlySpan<float> values, Span<byte> destination, float scale, int zeroPoint)
    {
        if (destination.Length < values.Length)
            throw new ArgumentException($"destination has {destination.Length} bytes, {values.Length} values need {values.Length}");
        // The device's QUANTIZE kernel, so host and device quantize a value the same way.
        MicroTL.Kernels.QuantizeFloatToInt8.Run(scale, zeroPoint, values, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(destination[..values.Length]));
    }

    /// <summary>A new interpreter over this model.</summary>
    public Interpreter CreateInterpreter() => new(Model);

    /// <summary>Runs one sample through <paramref name="interpreter"/> (made by <see cref="CreateInterpreter"/>) and returns the most likely class.</summary>
    public int Predict(Interpreter interpreter, ReadOnlySpan<float> sample)
    {
        QuantizeInput(sample, interpreter.InputBytes());
        interpreter.Invoke();
        ReadOnlySpan<byte> output = interpreter.OutputBytes();
        int best = 0;
        for (int k = 1; k < Classes; k++)
            if ((sbyte)output[k] > (sbyte)output[best]) best = k;
        return best;
    }

    /// <summary>The predicted class of every sample, run on the int8 interpreter.</summary>
    public int[] PredictAll(SampleSet samples)
    {
        Interpreter interpreter = CreateInterpreter();
        var predictions = new int[samples.Count];
        for (int i = 0; i < samples.Count; i++) predictions[i] = Predict(interpreter, samples.Sample(i));
        return predictions;
    }

    /// <summary>Fraction of <paramref name="samples"/> the int8 model classifies correctly.</summary>
    public float Evaluate(SampleSet samples)
    {
        int[] predictions = PredictAll(samples);
        int correct = 0;
        for (int i = 0; i < predictions.Length; i++)
            if (predictions[i] == samples.Label(i)) correct++;
        return samples.Count == 0 ? 0f : (float)correct / samples.Count;
    }
}
