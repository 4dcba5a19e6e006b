// The base networks MicroTL pretrains in the cloud. Both end in FLATTEN -> FC 64 (ReLU) -> FC classes,
// the head the transfer-learning cut expects (the input of the last two FULLY_CONNECTED layers).
namespace MicroTL.Toolkit.Training;

/// <summary>Factories for the small base CNNs (motion and image).</summary>
public static class BaseNetworks
{
    /// <summary>WISDM window: 200 samples x 3 axes, as one row of 200 pixels with 3 channels (raw m/s²).</summary>
    public static readonly FeatureShape MotionInput = new(1, 200, 3);

    /// <summary>MNIST digit: 28 x 28 x 1 (pixel / 255).</summary>
    public static readonly FeatureShape ImageInput = new(28, 28, 1);

    /// <summary>Units of the hidden FC layer (the first of the two the device retrains).</summary>
    public const int HiddenUnits = 32;

    /// <summary>
    /// Motion network for a [1, 1, 200, 3] window: conv 1x5 x16 (ReLU) -> max pool 1x4 -> conv 1x5 x32 (ReLU) -> max pool 1x4
    /// -> conv 1x3 x32 (ReLU) -> max pool 1x3 -> flatten (3·32 = 96 features) -> FC 32 (ReLU) -> FC <paramref name="classes"/>.
    /// About 9 k parameters.
    /// </summary>
    /// <remarks>
    /// The features and the hidden layer are small on purpose: the device trains the head 96 -> 32 -> classes with Adam,
    /// a copy of the best epoch's weights (4 copies of the head) inside 256 KB next to the feature store; a
    /// 736 -> 64 head (two conv blocks) needs 1.6 MB and is refused by the transfer session's memory check.
    /// </remarks>
    public static FloatNetwork Motion(int classes, ulong seed = 1) =>
        new NetworkBuilder(MotionInput)
            .Conv2D(16, 1, 5).MaxPool2D(1, 4)
            .Conv2D(32, 1, 5).MaxPool2D(1, 4)
            .Conv2D(32, 1, 3).MaxPool2D(1, 3)
            .Flatten().Dense(HiddenUnits).Dense(Check(classes), relu: false)
            .Build(seed);

    /// <summary>
    /// Image network for a [1, 28, 28, 1] digit: conv 3x3 x8 (ReLU) -> max pool 2 -> conv 3x3 x16 (ReLU) -> max pool 2
    /// -> conv 3x3 x16 (ReLU) -> flatten (3·3·16 = 144 features) -> FC 32 (ReLU) -> FC <paramref name="classes"/>.
    /// About 8 k parameters; the third convolution keeps the head (144 -> 32 -> classes) trainable within the device's RAM.
    /// </summary>
    public static FloatNetwork Image(int classes, ulong seed = 1) =>
        new NetworkBuilder(ImageInput)
            .Conv2D(8, 3, 3).MaxPool2D(2, 2)
            .Conv2D(16, 3, 3).MaxPool2D(2, 2)
            .Conv2D(16, 3, 3)
            .Flatten().Dense(HiddenUnits).Dense(Check(classes), relu: false)
            .Build(seed);

    /// <summary>The base network for samples of <paramref name="input"/>: <see cref="Motion"/> for WISDM windows, <see cref="Image"/> for digits.</summary>
    /// <exception cref="ArgumentException">Another input shape.</exception>
    public static FloatNetwork For(FeatureShape input, int classes, ulong seed = 1) =>
        input == MotionInput ? Motion(classes, seed)
        : input == ImageInput ? Image(classes, seed)
        : throw new ArgumentException($"no base network takes {input}; the base networks take {MotionInput} and {ImageInput}");

    private static int Check(int classes) =>
        classes >= 2 ? classes : throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least 2 classes");
}
