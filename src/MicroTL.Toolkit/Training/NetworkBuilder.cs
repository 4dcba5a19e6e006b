using MicroTL.TfLite;

namespace MicroTL.Toolkit.Training;

/// <summary>Builds a <see cref="FloatNetwork"/> layer by layer, each layer's input shape taken from the one before.</summary>
/// <example><c>new NetworkBuilder(new(28, 28, 1)).Conv2D(8, 3, 3).MaxPool2D(2, 2).Flatten().Dense(10, relu: false).Build(seed: 1)</c></example>
public sealed class NetworkBuilder(FeatureShape input)
{
    private readonly List<Layer> _layers = [];

    /// <summary>Shape the next layer receives.</summary>
    public FeatureShape Current => _layers.Count == 0 ? input : _layers[^1].OutputShape;

    /// <summary>Appends a CONV_2D with <paramref name="filters"/> output channels (fused ReLU by default).</summary>
    public NetworkBuilder Conv2D(int filters, int kernelHeight, int kernelWidth, int strideHeight = 1, int strideWidth = 1,
        Padding padding = Padding.Valid, bool relu = true) =>
        Add(new Conv2DLayer(Current, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, relu));

    /// <summary>Appends a MAX_POOL_2D (stride defaults to the window).</summary>
    public NetworkBuilder MaxPool2D(int poolHeight, int poolWidth, int strideHeight = 0, int strideWidth = 0, Padding padding = Padding.Valid) =>
        Add(new MaxPool2DLayer(Current, poolHeight, poolWidth, strideHeight > 0 ? strideHeight : poolHeight,
            strideWidth > 0 ? strideWidth : poolWidth, padding));

    /// <summary>Appends an AVERAGE_POOL_2D (stride defaults to the window).</summary>
    public NetworkBuilder AveragePool2D(int poolHeight, int poolWidth, int strideHeight = 0, int strideWidth = 0, Padding padding = Padding.Valid) =>
        Add(new AveragePool2DLayer(Current, poolHeight, poolWidth, strideHeight > 0 ? strideHeight : poolHeight,
            strideWidth > 0 ? strideWidth : poolWidth, padding));

    /// <summary>Appends a separate ReLU.</summary>
    public NetworkBuilder Relu() => Add(new ReluLayer(Current));

    /// <summary>Appends a flatten to 1 x 1 x (H·W·C).</summary>
    public NetworkBuilder Flatten() => Add(new FlattenLayer(Current));

    /// <summary>Appends a FULLY_CONNECTED with <paramref name="units"/> outputs (fused ReLU by default).</summary>
    public NetworkBuilder Dense(int units, bool relu = true) => Add(new DenseLayer(Current, units, relu));

    /// <summary>The network with parameters initialised from <paramref name="seed"/> (He-uniform weights, zero biases).</summary>
    public FloatNetwork Build(ulong seed) => new(input, [.. _layers], seed);

    private NetworkBuilder Add(Layer layer)
    {
        _layers.Add(layer);
        return this;
    }
}
