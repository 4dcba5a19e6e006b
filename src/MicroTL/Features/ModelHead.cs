using System.Buffers.Binary;
using MicroTL.Export;
using MicroTL.TfLite;

namespace MicroTL.Features;

/// <summary>
/// Reads the model's own head (the two FULLY_CONNECTED layers after the cut) back into float32
/// weights, so that training can start from what the cloud learned when the classes stay the same:
/// <c>w = scale_w[o] * (q - zp_w[o])</c>, <c>b = scale_b[o] * q_b</c> (int32 bias, zero point 0).
/// </summary>
public static class ModelHead
{
    /// <summary>
    /// The model's head as float weights, or null with <paramref name="reason"/> when it cannot seed
    /// a two-layer head: fewer than two FC layers after the cut, a first layer without ReLU, or
    /// weights that are not int8/float32. Its input is the cut's features, or, with <paramref name="headFeatures"/> in a
    /// model adapted with them before, the cut's features then the head features, as its first layer must then read them.
    /// </summary>
    public static HeadWeights? TryDequantize(TfLiteModel model, CutPoint cut, out string reason, HeadFeatures? headFeatures = null)
    {
        if (cut.HeadFullyConnected.Length != 2)
        {
            reason = $"the model has {cut.HeadFullyConnected.Length} FULLY_CONNECTED layer(s) after the cut, not 2";
            return null;
        }

        OperatorInfo first = model.MainSubgraph.Operators[cut.HeadFullyConnected[0]];
        OperatorInfo second = model.MainSubgraph.Operators[cut.HeadFullyConnected[1]];
        if (first.Options is not FullyConnectedOptions { Activation: ActivationFunction.Relu })
        {
            reason = "the first FULLY_CONNECTED after the cut has no ReLU, unlike the MicroTL head";
            return null;
        }

        (float[]? w1, float[]? b1, int hidden, int inputs) = Layer(model, first);
        (float[]? w2, float[]? b2, int classes, int hidden2) = Layer(model, second);
        int cutFeatures = cut.FeatureLength(model);
        bool readsHeadFeatures = headFeatures is not null && inputs == cutFeatures + headFeatures.Length;
        if (w1 is null || b1 is null || w2 is null || b2 is null || hidden2 != hidden || (inputs != cutFeatures && !readsHeadFeatures))
        {
            reason = "the head layers' weights are not int8/float32 constants of matching shapes";
            return null;
        }

        if (readsHeadFeatures && !ReadsCutThenHeadFeatures(model, first.Inputs[0], cut.Tensor, headFeatures!.Tensor))
        {
            reason = "the head's first layer does not read the cut's features then the head features, in that order";
            return null;
        }

        reason = "";
        return new HeadWeights(inputs, hidden, classes, w1, b1, w2, b2);
    }

    // True when input is a CONCATENATION of the dequantized cut, then the dequantized head features (HybridModelExporter's form).
    private static bool ReadsCutThenHeadFeatures(TfLiteModel model, int input, int cut, int headFeatures)
    {
        OperatorInfo? join = CutPoint.ProducerOf(model, input);
        if (join is null || model.CodeOf(join) != BuiltinOperator.Concatenation || join.Inputs.Length != 2) return false;
        return DequantizedFrom(join.Inputs[0]) == cut && DequantizedFrom(join.Inputs[1]) == headFeatures;

        int DequantizedFrom(int tensor) =>
            CutPoint.ProducerOf(model, tensor) is { } op && model.CodeOf(op) == BuiltinOperator.Dequantize ? op.Inputs[0] : -1;
    }

    private static (float[]? Weights, float[]? Bias, int Outputs, int Inputs) Layer(TfLiteModel model, OperatorInfo op)
    {
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        TensorInfo weights = tensors[op.Inputs[1]];
        if (weights.Shape.Length != 2) return (null, null, 0, 0);
        int outputs = weights.Shape[0], inputs = weights.Shape[1];
        float[]? w = Dequantize(weights, model.DataOf(weights).Span, inputs);
        float[]? b = op.Inputs.Length > 2 && op.Inputs[2] >= 0
            ? Dequantize(tensors[op.Inputs[2]], model.DataOf(tensors[op.Inputs[2]]).Span, 1)
            : new float[outputs];
        return (w, b?.Length == outputs ? b : null, outputs, inputs);
    }

    /// <summary>
    /// Dequantizes a constant (float32 as is, int8 <c>scale * (q - zp)</c>, int32 bias <c>scale * q</c>); per-channel
    /// scales apply to runs of <paramref name="channelStride"/> values. Null when the type or size does not allow it.
    /// </summary>
    public static float[]? Dequantize(TensorInfo tensor, ReadOnlySpan<byte> data, int channelStride)
    {
        int count = checked((int)tensor.ElementCount);
        var values = new float[count];
        switch (tensor.Type)
        {
            case TensorType.Float32 when data.Length == count * 4:
                for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                return values;
            // A per-channel tensor must have one scale per run of channelStride values (the reader leaves the axis to the operators).
            case TensorType.Int8 when data.Length == count && tensor.Quantization is { } q && (!q.IsPerChannel || (long)q.Scale.Length * channelStride == count):
                for (int i = 0; i < count; i++)
                {
                    int channel = q.IsPerChannel ? i / channelStride : 0;
                    values[i] = q.Scale[channel] * ((sbyte)data[i] - q.ZeroPoint[channel]);
                }

                return values;
            case TensorType.Int32 when data.Length == count * 4 && tensor.Quantization is { } q && (!q.IsPerChannel || q.Scale.Length == count):
                for (int i = 0; i < count; i++)
                    values[i] = q.Scale[q.IsPerChannel ? i : 0] * BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
                return values;
            default:
                return null;
        }
    }
}
