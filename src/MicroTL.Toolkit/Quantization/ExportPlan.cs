// The op sequence both exporters write: each CONV_2D / FULLY_CONNECTED absorbs a separate ReLU that
// follows it (TFLite fuses it as the op's activation), FLATTEN becomes RESHAPE, and the network's
// logits feed a final SOFTMAX.
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Quantization;

/// <summary>One exported op: the layer, whether ReLU is fused, and the layer whose output is the op's output.</summary>
internal readonly record struct ExportStep(Layer Layer, bool Relu, int OutputLayer);

internal static class ExportPlan
{
    /// <exception cref="NotSupportedException">A ReLU not right after a convolution or dense layer (there is no standalone RELU op to run it).</exception>
    public static List<ExportStep> Of(FloatNetwork network)
    {
        var steps = new List<ExportStep>();
        IReadOnlyList<Layer> layers = network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            Layer layer = layers[i];
            bool fused = layer switch { Conv2DLayer c => c.Relu, DenseLayer d => d.Relu, _ => false };
            switch (layer)
            {
                case Conv2DLayer or DenseLayer when i + 1 < layers.Count && layers[i + 1] is ReluLayer:
                    steps.Add(new ExportStep(layer, true, i + 1));
                    i++;
                    break;
                case ReluLayer:
                    throw new NotSupportedException($"layer {i} is a ReLU that does not follow a convolution or dense layer; it cannot be fused");
                default:
                    steps.Add(new ExportStep(layer, fused, i));
                    break;
            }
        }

        return steps;
    }
}
